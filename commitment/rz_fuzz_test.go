package commitment_test

// Fuzz targets for the commitment package's readers of stored data: one
// event (UnmarshalEvent), a commitment (Restore) and a register
// (RestoreRegister). Stored JSON comes back from disks, queues and other
// programs, so these defend:
//
//   - no input panics, and none makes a restored commitment panic or hang
//     when time passes over it (Advance) or commands run on it;
//   - an accepted event is stable: MarshalEvent then UnmarshalEvent gives an
//     event that marshals to the same bytes;
//   - an accepted commitment or register re-marshals to bytes that restore
//     to the very same bytes (for data that MarshalJSON wrote, the input
//     itself), and whatever the library then appends to its history still
//     replays to the same JSON.
//
// The seeds live in testdata/fuzz/<FuzzName>/: every event type, real
// commitments and a register written by MarshalJSON (built by
// rzSeedRegister below), and nasty variants (empty, null, truncated,
// tampered state, huge numbers, years 0000 and 9999, a BOM). The fuzz
// functions also add the JSON of commitments built now, so the seeds stay
// valid when the JSON form changes. To search further, run for example
// `go test -run x -fuzz FuzzRestore -fuzztime 30s ./commitment`.

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func FuzzUnmarshalEvent(f *testing.F) {
	seen := map[string]bool{} // one seed for each kind of event
	for _, c := range rzSeedCommitments(f) {
		for _, e := range c.History() {
			kind := e.Type()
			if tr, ok := e.(commitment.Transitioned); ok {
				kind += " " + tr.Machine + " " + string(tr.Event.EventID())
			}
			if seen[kind] {
				continue
			}
			seen[kind] = true
			b, err := commitment.MarshalEvent(e)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		e, err := commitment.UnmarshalEvent(data)
		if err != nil {
			if e != nil {
				t.Fatalf("UnmarshalEvent refused (%v) but returned %#v", err, e)
			}
			return
		}
		b, err := commitment.MarshalEvent(e)
		if err != nil {
			t.Fatalf("an accepted event does not marshal: %v\n%#v", err, e)
		}
		back, err := commitment.UnmarshalEvent(b)
		if err != nil {
			t.Fatalf("MarshalEvent wrote what UnmarshalEvent refuses: %v\n%s", err, b)
		}
		again, err := commitment.MarshalEvent(back)
		if err != nil || !bytes.Equal(b, again) {
			t.Fatalf("not stable (%v):\n%s\n%s", err, b, again)
		}
		if back.Type() != e.Type() || back.Date() != e.Date() {
			t.Fatalf("type or date changed: %s %v, then %s %v", e.Type(), e.Date(), back.Type(), back.Date())
		}
	})
}

func FuzzRestore(f *testing.F) {
	for _, c := range rzSeedCommitments(f) {
		data := rzMarshal(f, c)
		if r, err := commitment.Restore(data); err != nil || !bytes.Equal(rzMarshal(f, r), data) {
			f.Fatalf("what MarshalJSON wrote does not restore to the same bytes (%v):\n%s", err, data)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := commitment.Restore(data)
		if err != nil {
			if c != nil {
				t.Fatalf("Restore refused (%v) but returned a commitment", err)
			}
			return
		}
		out := rzMarshal(t, c)
		again, err := commitment.Restore(out)
		if err != nil {
			t.Fatalf("MarshalJSON wrote what Restore refuses: %v\n%s", err, out)
		}
		if got := rzMarshal(t, again); !bytes.Equal(got, out) {
			t.Fatalf("restoring the re-marshalled commitment changes it:\n%s\n%s", out, got)
		}
		// Time passing over any restored commitment, and commands on it,
		// append a history that still replays to the same commitment; a
		// command is accepted, refused citing a clause, or malformed.
		to := rzClampDay(c.Today().AddDays(400))
		if _, err := c.Advance(to); err != nil {
			return
		}
		all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
		for _, cmd := range []commitment.Command{
			commitment.SuspendService{All: true, Reason: lifecycle.Endangers},
			commitment.GiveTerminationNotice{All: true, Effective: rzClampDay(to.AddDays(45)), Reason: lifecycle.OtherChange},
			commitment.DemonstrateCorrection{All: true},
			commitment.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.TradeRegister, Accepts: all},
			commitment.ApproveService{Service: lifecycle.Kelain},
			commitment.TerminateByAuthority{All: true},
			commitment.RenewAuditCertificate{App: "askelmittari", ValidUntil: rzClampDay(to.AddDays(30))},
		} {
			_, err := c.Execute(to, cmd)
			var ref *lifecycle.Refusal
			var in *commitment.InputError
			switch {
			case err == nil, errors.As(err, &in):
			case errors.As(err, &ref):
				if len(ref.Citations()) == 0 {
					t.Fatalf("%s refused without a citation: %v", cmd.Name(), err)
				}
			default:
				t.Fatalf("%s: neither accepted, refused nor malformed: %T %v", cmd.Name(), err, err)
			}
		}
		replayed, err := commitment.Replay(c.History())
		if err != nil {
			t.Fatalf("the history after Advance(%s) and commands does not replay: %v", to, err)
		}
		if a, b := rzMarshal(t, c), rzMarshal(t, replayed); !bytes.Equal(a, b) {
			t.Fatalf("Replay after Advance(%s) and commands differs:\n%s\n%s", to, a, b)
		}
	})
}

func FuzzRestoreRegister(f *testing.F) {
	seed := rzMarshal(f, rzSeedRegister(f))
	if r, err := commitment.RestoreRegister(seed); err != nil || !bytes.Equal(rzMarshal(f, r), seed) {
		f.Fatalf("what MarshalJSON wrote does not restore to the same bytes (%v):\n%s", err, seed)
	}
	f.Add(seed)
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := commitment.RestoreRegister(data)
		if err != nil {
			if r != nil {
				t.Fatalf("RestoreRegister refused (%v) but returned a register", err)
			}
			return
		}
		out := rzMarshal(t, r)
		again, err := commitment.RestoreRegister(out)
		if err != nil {
			t.Fatalf("MarshalJSON wrote what RestoreRegister refuses: %v\n%s", err, out)
		}
		if got := rzMarshal(t, again); !bytes.Equal(got, out) {
			t.Fatalf("restoring the re-marshalled register changes it:\n%s\n%s", out, got)
		}
		for _, id := range r.Parties() {
			c, _ := r.Commitment(id)
			_ = r.TenantUses(id) // must not panic, whatever the agreements name
			_ = c.ObligationsDue(notice.MustDate(1, 1, 1), notice.MustDate(9999, 12, 31))
		}
		var latest notice.Date
		for _, id := range r.Parties() {
			c, _ := r.Commitment(id)
			if c.Today().After(latest) {
				latest = c.Today()
			}
		}
		for _, a := range r.Agreements() {
			for _, d := range []notice.Date{a.Drawn, a.Signed, a.Ended} {
				if d.After(latest) {
					latest = d
				}
			}
		}
		if latest.IsZero() {
			return
		}
		if err := r.Advance(rzClampDay(latest.AddDays(400))); err != nil {
			return
		}
		after := rzMarshal(t, r)
		back, err := commitment.RestoreRegister(after)
		if err != nil {
			t.Fatalf("the register after Advance does not restore: %v\n%s", err, after)
		}
		if got := rzMarshal(t, back); !bytes.Equal(got, after) {
			t.Fatalf("the register after Advance restores differently:\n%s\n%s", after, got)
		}
	})
}

// rzSeedRegister builds a register whose commitments and agreements record
// every kind of event: a social welfare provider that takes the repository
// into use through both tests and terminates another service while it is
// suspended; an app vendor whose app goes to production and is withdrawn; a
// main connector and a tenant with a joint agreement that ends on notice; a
// pharmacist who adds pharmacies and hands its commitment over; an
// application withdrawn before approval. It uses only commands.
func rzSeedRegister(tb testing.TB) *commitment.Register {
	tb.Helper()
	r := commitment.NewRegister()
	add := func(id string, kind lifecycle.Kind) {
		if _, err := r.Add(commitment.Customer{ID: id, Name: id + " Oy", Kind: kind, Soteri: true}); err != nil {
			tb.Fatal(err)
		}
	}
	add("hoiva", lifecycle.PrivateSocialWelfareProvider)
	add("sovellus", lifecycle.AppVendor)
	add("lääkäriasema", lifecycle.PrivateHealthCareProvider)
	add("vuokralainen", lifecycle.PrivateHealthCareProvider)
	add("apteekkari", lifecycle.Pharmacist)
	add("seuraaja", lifecycle.Pharmacist)
	add("peruja", lifecycle.PublicHealthCareProvider)
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	desc := []lifecycle.Document{lifecycle.ServiceDescription}
	swr := lifecycle.SocialWelfareClientDataRepository
	steps := []struct {
		on    string
		party string
		cmd   commitment.Command
	}{
		{"2024-02-28", "hoiva", commitment.RequestService{Service: swr, Signatory: lifecycle.TradeRegister, Accepts: all, OrgUnit: "Kotihoito"}},
		{"2024-02-29", "hoiva", commitment.PassJointTesting{Service: swr}},
		{"2024-02-29", "hoiva", commitment.PassActivationTest{Service: swr}},
		{"2024-03-01", "hoiva", commitment.ApproveService{Service: swr}},
		{"2024-03-01", "hoiva", commitment.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.Authorised, Accepts: desc}},
		{"2024-03-02", "hoiva", commitment.ApproveService{Service: lifecycle.Kelain}},
		{"2024-03-02", "hoiva", commitment.RequestService{Service: swr, Signatory: lifecycle.TradeRegister, Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: "Asumispalvelut"}},
		{"2024-03-03", "hoiva", commitment.NameContact{Contact: commitment.Contact{Role: commitment.SocialWelfareArchivist, Name: "Arkistonhoitaja", Email: "arkisto@example.fi"}}},
		{"2024-03-03", "hoiva", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Billing, Name: "Laskutus"}}},
		{"2024-03-04", "hoiva", commitment.RemoveContact{Role: commitment.Billing, Person: "Laskutus"}},
		{"2024-03-05", "hoiva", commitment.SuspendService{Service: lifecycle.Kelain, Reason: lifecycle.ValviraProhibition}},
		{"2024-03-06", "hoiva", commitment.GiveTerminationNotice{Service: lifecycle.Kelain, Effective: notice.MustDate(2024, 4, 30), Reason: lifecycle.Reorganisation}},
		{"2024-03-07", "hoiva", commitment.DemonstrateCorrection{Service: lifecycle.Kelain}},
		{"2024-03-08", "hoiva", commitment.NotifyChange{Rule: notice.TechnicalChange, Effective: notice.MustDate(2024, 3, 15), Details: "new connection point"}},
		{"2024-03-09", "hoiva", commitment.NotifyChange{Rule: notice.LargeDisruption, Details: "outage"}},

		{"2024-03-01", "sovellus", commitment.RegisterApp{App: "askelmittari", Signatory: lifecycle.TradeRegister}},
		{"2024-03-02", "sovellus", commitment.PassAppJointTesting{App: "askelmittari"}},
		{"2024-03-03", "sovellus", commitment.CertifyApp{App: "askelmittari", ValviraRegistered: true, AuditValidUntil: notice.MustDate(2024, 12, 31)}},
		{"2024-03-04", "sovellus", commitment.ConnectApp{App: "askelmittari"}},
		{"2024-03-05", "sovellus", commitment.SuspendApp{App: "askelmittari", Reason: "endangers the national services"}},
		{"2024-03-06", "sovellus", commitment.DemonstrateAppCorrection{App: "askelmittari"}},
		{"2024-03-07", "sovellus", commitment.RenewAuditCertificate{App: "askelmittari", ValidUntil: notice.MustDate(2025, 3, 31)}},
		{"2024-03-08", "sovellus", commitment.GiveAppWithdrawalNotice{App: "askelmittari", Effective: notice.MustDate(2024, 5, 1)}},
		{"2024-03-08", "sovellus", commitment.RegisterApp{App: "unipäiväkirja", Signatory: lifecycle.GoverningBodyMinutes}},
		{"2024-03-09", "sovellus", commitment.RemoveApp{App: "unipäiväkirja", Reason: lifecycle.NonCompliance}},

		{"2024-03-01", "lääkäriasema", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: all}},
		{"2024-03-01", "lääkäriasema", commitment.ApproveService{Service: lifecycle.Prescription}},
		{"2024-03-01", "lääkäriasema", commitment.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: desc}},
		{"2024-03-01", "lääkäriasema", commitment.ApproveService{Service: lifecycle.PatientDataRepository}},
		{"2024-03-02", "", commitment.SignJointAgreement{ID: "yl-1", Main: "lääkäriasema", Tenant: "vuokralainen", Services: []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}, ProductionNotice: notice.Weeks(6)}},
		{"2024-03-03", "", commitment.SignJointAgreement{ID: "yl-2", Main: "lääkäriasema", Tenant: "vuokralainen", Services: []lifecycle.ServiceID{lifecycle.Prescription}}},
		{"2024-03-04", "", commitment.GiveJointAgreementNotice{Agreement: "yl-2", By: "vuokralainen", Effective: notice.MustDate(2024, 4, 5)}},
		{"2024-03-05", "lääkäriasema", commitment.TerminateByAuthority{Service: lifecycle.PatientDataRepository}},

		{"2024-03-01", "apteekkari", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.FoundationRegister, Accepts: all}},
		{"2024-03-02", "apteekkari", commitment.ApproveService{Service: lifecycle.Prescription}},
		{"2024-03-03", "apteekkari", commitment.AddPharmacy{Pharmacy: "Keskusapteekki"}},
		{"2024-03-04", "apteekkari", commitment.AddPharmacy{Pharmacy: "Sivuapteekki"}},
		{"2024-03-05", "apteekkari", commitment.TransferCommitment{To: commitment.Customer{ID: "seuraaja"}, KelaConsent: true}},

		{"2024-03-01", "peruja", commitment.RequestService{Service: lifecycle.ImagingDataRepository, Signatory: lifecycle.AssociationRegister, Accepts: all}},
		{"2024-03-02", "peruja", commitment.WithdrawApplication{Service: lifecycle.ImagingDataRepository}},
	}
	for _, s := range steps {
		on, err := notice.Parse(s.on)
		if err != nil {
			tb.Fatal(err)
		}
		if _, err := r.Execute(on, s.party, s.cmd); err != nil {
			tb.Fatalf("seed step %s %s on %s: %v", s.party, s.cmd.Name(), s.on, err)
		}
	}
	if err := r.Advance(notice.MustDate(2024, 6, 1)); err != nil {
		tb.Fatal(err)
	}
	return r
}

// rzSeedCommitments returns the commitments of rzSeedRegister.
func rzSeedCommitments(tb testing.TB) []*commitment.Commitment {
	tb.Helper()
	r := rzSeedRegister(tb)
	var out []*commitment.Commitment
	for _, id := range r.Parties() {
		c, _ := r.Commitment(id)
		out = append(out, c)
	}
	return out
}

// rzMarshal returns v's JSON form.
func rzMarshal(tb testing.TB, v any) []byte {
	tb.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return b
}

// rzClampDay keeps d within the years the notice package writes (≤ 9999).
func rzClampDay(d notice.Date) notice.Date {
	if last := notice.MustDate(9999, 12, 31); d.After(last) || d.Before(notice.MustDate(1, 1, 1)) {
		return last
	}
	return d
}
