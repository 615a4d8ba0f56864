package commitment_test

// Fuzz targets for what the commitment package reads from outside: one
// event (UnmarshalEvent), a commitment (Restore), a register
// (RestoreRegister), and acts decided on a register built from the fuzz
// bytes themselves (FuzzDecide). Stored JSON comes back from disks, queues
// and other programs, so they defend:
//
//   - no input panics, and none makes a restored commitment panic when time
//     passes over it or acts are decided on it;
//   - an accepted event or commitment or register is stable: marshalled
//     again it reads back to the very same bytes;
//   - whatever is accepted afterwards still replays to the same JSON, and
//     Decide says exactly what Execute does.
//
// The seeds are small on purpose: the fuzzer minimises every input that
// finds new coverage (for up to -fuzzminimizetime, 60s by default), and
// seeds of many kilobytes made FuzzRestore spend its time minimising
// instead of executing. The seed corpora in testdata/fuzz/<FuzzName>/ hold
// hand-made nasty variants (empty, null, truncated, another schema,
// tampered state, a BOM, huge numbers, year 0000); the functions add the
// JSON of small commitments built now, so the seeds stay valid when the
// JSON form changes. To search further, run for example
//
//	go test -run x -fuzz FuzzRestore -fuzztime 60s -fuzzminimizetime 5s ./commitment

import (
	"bytes"
	"errors"
	"reflect"
	"testing"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// mustJSON returns v's JSON form, failing tb if it has none.
func mustJSON(tb testing.TB, v interface{ MarshalJSON() ([]byte, error) }) []byte {
	tb.Helper()
	b, err := v.MarshalJSON()
	if err != nil {
		tb.Fatalf("marshal: %v", err)
	}
	return b
}

// fuzzSeedRegister builds, with acts only, a register whose commitments
// and agreement record most kinds of event, for FuzzUnmarshalEvent's seeds:
// a provider with a
// service in use and one suspended under notice, a tenant under an
// agreement, a vendor with an app in production, and a pharmacist whose
// commitment was transferred.
func fuzzSeedRegister(tb testing.TB) *commitment.Register {
	tb.Helper()
	r := commitment.NewRegister()
	for _, c := range []commitment.Customer{
		{ID: "a", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: "b", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: "v", Kind: lifecycle.AppVendor},
		{ID: "p", Kind: lifecycle.Pharmacist},
		{ID: "q", Kind: lifecycle.Pharmacist},
	} {
		if _, err := r.Add(c); err != nil {
			tb.Fatal(err)
		}
	}
	d := func(s string) notice.Date {
		x, err := notice.Parse(s)
		if err != nil {
			tb.Fatal(err)
		}
		return x
	}
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	desc := []lifecycle.Document{lifecycle.ServiceDescription}
	for _, s := range []struct {
		on    string
		party lifecycle.PartyID
		act   lifecycle.Act
	}{
		{"2024-02-28", "a", lifecycle.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: all}},
		{"2024-02-29", "a", lifecycle.ApproveService{Service: prescription}},
		{"2024-02-29", "a", lifecycle.RequestService{Service: kelain, Signatory: lifecycle.Authorised, Accepts: desc}},
		{"2024-03-01", "a", lifecycle.ApproveService{Service: kelain}},
		{"2024-03-02", "a", lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers}},
		{"2024-03-03", "a", lifecycle.GiveTerminationNotice{Service: kelain, Effective: d("2024-05-01"), Reason: lifecycle.OtherChange}},
		{"2024-03-04", "", lifecycle.SignJointAgreement{Agreement: "y", Main: "a", Tenant: "b", Services: []lifecycle.ServiceID{prescription}}},
		{"2024-03-05", "v", lifecycle.RegisterApp{App: "x", Signatory: lifecycle.TradeRegister}},
		{"2024-03-05", "v", lifecycle.PassAppJointTesting{App: "x"}},
		{"2024-03-05", "v", lifecycle.CertifyApp{App: "x", ValviraRegistered: true, AuditValidUntil: d("2024-12-31")}},
		{"2024-03-05", "v", lifecycle.ConnectApp{App: "x"}},
		{"2024-03-06", "p", lifecycle.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: all}},
		{"2024-03-06", "p", lifecycle.ApproveService{Service: prescription}},
		{"2024-03-06", "p", lifecycle.AddPharmacy{Pharmacy: "Apteekki"}},
		{"2024-03-07", "p", lifecycle.TransferCommitment{To: "q", KelaConsent: true}},
	} {
		if _, err := r.Execute(d(s.on), s.party, s.act); err != nil {
			tb.Fatalf("seed step %s %s on %s: %v", s.party, s.act.EventID(), s.on, err)
		}
	}
	return r
}

// clampDay keeps d within the years the notice package writes.
func clampDay(d notice.Date) notice.Date {
	if last := notice.MustDate(9999, 12, 31); d.After(last) || d.Before(notice.MustDate(1, 1, 1)) {
		return last
	}
	return d
}

// acceptedOrCited fails t unless err is nil, an *lifecycle.InputError or an
// *engine.Refusal citing a clause.
func acceptedOrCited(t *testing.T, what string, err error) {
	var ref *engine.Refusal
	var in *lifecycle.InputError
	switch {
	case err == nil, errors.As(err, &in):
	case errors.As(err, &ref):
		if len(ref.Citations()) == 0 {
			t.Fatalf("%s refused without a citation: %v", what, err)
		}
	default:
		t.Fatalf("%s: neither accepted, refused nor malformed: %T %v", what, err, err)
	}
}

func FuzzUnmarshalEvent(f *testing.F) {
	r := fuzzSeedRegister(f)
	seen := map[string]bool{} // one seed for each kind of event
	add := func(e commitment.Event) {
		kind := e.Type()
		if tr, ok := e.(commitment.Transitioned); ok {
			kind = tr.Machine + " " + string(tr.Event.EventID())
		}
		if seen[kind] {
			return
		}
		seen[kind] = true
		b, err := commitment.MarshalEvent(e)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	for _, p := range r.Parties() {
		c, _ := r.Commitment(p)
		for _, e := range c.History() {
			add(e)
		}
	}
	for _, e := range r.AgreementHistory("y") {
		add(e)
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
			return // an accepted event may hold a day the notice package cannot write
		}
		back, err := commitment.UnmarshalEvent(b)
		if err != nil {
			t.Fatalf("MarshalEvent wrote what UnmarshalEvent refuses: %v\n%s", err, b)
		}
		if again, err := commitment.MarshalEvent(back); err != nil || !bytes.Equal(b, again) {
			t.Fatalf("not stable (%v):\n%s\n%s", err, b, again)
		}
		if back.Type() != e.Type() || back.Date() != e.Date() {
			t.Fatalf("type or date changed: %s %v, then %s %v", e.Type(), e.Date(), back.Type(), back.Date())
		}
	})
}

// smallCommitments returns two small commitments for seeds: one just
// registered, one with a service requested.
func smallCommitments(tb testing.TB) []*commitment.Commitment {
	tb.Helper()
	a, err := commitment.New(commitment.Customer{ID: "a", Kind: lifecycle.OtherActor})
	if err != nil {
		tb.Fatal(err)
	}
	b, err := commitment.New(commitment.Customer{ID: "b", Kind: lifecycle.PrivateHealthCareProvider})
	if err != nil {
		tb.Fatal(err)
	}
	if _, err := b.Execute(notice.MustDate(2025, 1, 10), lifecycle.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister, Accepts: allDocs}); err != nil {
		tb.Fatal(err)
	}
	return []*commitment.Commitment{a, b}
}

// smallRegisters returns small registers for seeds: empty, with one party,
// and with an agreement between two.
func smallRegisters(tb testing.TB) []*commitment.Register {
	tb.Helper()
	one := commitment.NewRegister()
	two := commitment.NewRegister()
	for _, c := range []commitment.Customer{{ID: "a", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true}, {ID: "b", Kind: lifecycle.OtherActor, Soteri: true}} {
		if _, err := two.Add(c); err != nil {
			tb.Fatal(err)
		}
	}
	if _, err := one.Add(commitment.Customer{ID: "a", Kind: lifecycle.OtherActor}); err != nil {
		tb.Fatal(err)
	}
	on := notice.MustDate(2025, 1, 10)
	for _, act := range []lifecycle.Act{
		lifecycle.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister, Accepts: allDocs},
		lifecycle.ApproveService{Service: kelain},
		lifecycle.SignJointAgreement{Agreement: "y", Main: "a", Tenant: "b", Services: []lifecycle.ServiceID{kelain}},
	} {
		if _, err := two.Execute(on, "a", act); err != nil {
			tb.Fatal(err)
		}
	}
	return []*commitment.Register{commitment.NewRegister(), one, two}
}

func FuzzRestore(f *testing.F) {
	for _, c := range smallCommitments(f) {
		data := mustJSON(f, c)
		if back, err := commitment.Restore(data); err != nil || !bytes.Equal(mustJSON(f, back), data) {
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
		out, err := c.MarshalJSON()
		if err != nil {
			return // an accepted commitment may hold a day the notice package cannot write
		}
		again, err := commitment.Restore(out)
		if err != nil {
			t.Fatalf("MarshalJSON wrote what Restore refuses: %v\n%s", err, out)
		}
		if got := mustJSON(t, again); !bytes.Equal(got, out) {
			t.Fatalf("restoring the re-marshalled commitment changes it:\n%s\n%s", out, got)
		}
		// Time passing over any restored commitment, and acts on it, append
		// a history that still replays to the same commitment; each act is
		// accepted, refused citing a clause, or malformed.
		to := clampDay(c.Today().AddDays(400))
		if _, err := c.Advance(to); err != nil {
			acceptedOrCited(t, "advance", err)
			return
		}
		for _, act := range []lifecycle.Act{
			lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers},
			lifecycle.GiveTerminationNotice{All: true, Effective: clampDay(to.AddDays(45)), Reason: lifecycle.OtherChange},
			lifecycle.DemonstrateCorrection{All: true},
			lifecycle.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister, Accepts: allDocs},
			lifecycle.ApproveService{Service: kelain},
			lifecycle.TerminateByAuthority{All: true},
			lifecycle.RenewAuditCertificate{App: "x", ValidUntil: clampDay(to.AddDays(30))},
		} {
			checked := c.Check(to, act)
			_, err := c.Execute(to, act)
			if !reflect.DeepEqual(checked, err) {
				t.Fatalf("%s: Check said %v, Execute did %v", act.EventID(), checked, err)
			}
			acceptedOrCited(t, string(act.EventID()), err)
		}
		replayed, err := commitment.Replay(c.History())
		if err != nil {
			t.Fatalf("the history after Advance(%s) and acts does not replay: %v", to, err)
		}
		if a, b := mustJSON(t, c), mustJSON(t, replayed); !bytes.Equal(a, b) {
			t.Fatalf("Replay after Advance(%s) and acts differs:\n%s\n%s", to, a, b)
		}
	})
}

func FuzzRestoreRegister(f *testing.F) {
	for _, r := range smallRegisters(f) {
		seed := mustJSON(f, r)
		if back, err := commitment.RestoreRegister(seed); err != nil || !bytes.Equal(mustJSON(f, back), seed) {
			f.Fatalf("what MarshalJSON wrote does not restore to the same bytes (%v):\n%s", err, seed)
		}
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := commitment.RestoreRegister(data)
		if err != nil {
			if r != nil {
				t.Fatalf("RestoreRegister refused (%v) but returned a register", err)
			}
			return
		}
		out, err := r.MarshalJSON()
		if err != nil {
			return
		}
		again, err := commitment.RestoreRegister(out)
		if err != nil {
			t.Fatalf("MarshalJSON wrote what RestoreRegister refuses: %v\n%s", err, out)
		}
		if got := mustJSON(t, again); !bytes.Equal(got, out) {
			t.Fatalf("restoring the re-marshalled register changes it:\n%s\n%s", out, got)
		}
		var latest notice.Date
		for _, p := range r.Parties() {
			c, _ := r.Commitment(p)
			_ = r.TenantUses(p) // must not panic, whatever the agreements name
			if c.Today().After(latest) {
				latest = c.Today()
			}
		}
		for _, a := range r.Agreements() {
			if d := lastEventDay(r.AgreementHistory(a.ID)); d.After(latest) {
				latest = d
			}
		}
		if latest.IsZero() {
			return
		}
		to := clampDay(latest.AddDays(400))
		decided, derr := r.DecideAdvance(to)
		changes, err := r.Advance(to)
		if !reflect.DeepEqual(decided, changes) || !reflect.DeepEqual(derr, err) {
			t.Fatalf("DecideAdvance said %v %v, Advance did %v %v", decided, derr, changes, err)
		}
		if err != nil {
			acceptedOrCited(t, "advance", err)
			return
		}
		after := mustJSON(t, r)
		back, err := commitment.RestoreRegister(after)
		if err != nil {
			t.Fatalf("the register after Advance does not restore: %v\n%s", err, after)
		}
		if got := mustJSON(t, back); !bytes.Equal(got, after) {
			t.Fatalf("the register after Advance restores differently:\n%s\n%s", after, got)
		}
	})
}

// The parties, services, apps and agreements FuzzDecide's acts name, each
// with one that does not exist.
var (
	fuzzParties    = []lifecycle.PartyID{"a", "b", "v", "p", "q", "nobody"}
	fuzzServices   = []lifecycle.ServiceID{prescription, kelain, sat, patientData, "no-such-service"}
	fuzzApps       = []lifecycle.AppID{"x", "y"}
	fuzzAgreements = []lifecycle.AgreementID{"y1", "y2", ""}
)

// fuzzStep decodes one step of FuzzDecide from three bytes: what to do
// (k), whom and what it names (n), and when and how (m). It returns the
// party and the act, or advance.
func fuzzStep(k, n, m byte, on notice.Date) (party lifecycle.PartyID, act lifecycle.Act, advance bool) {
	party = fuzzParties[int(n)%len(fuzzParties)]
	svc := fuzzServices[int(n>>3)%len(fuzzServices)]
	app := fuzzApps[int(n>>6)%len(fuzzApps)]
	ag := fuzzAgreements[int(m>>6)%len(fuzzAgreements)]
	unit := []string{"", "Kotihoito", "Vastaanotto"}[int(m>>4)%3]
	effective := on.AddDays(int(m%64) - 4) // around the month either way
	if m&1 == 1 {
		effective = on.Add(notice.Months(1 + int(m>>5)%3))
	}
	docs := [][]lifecycle.Document{allDocs, descOnly, {lifecycle.GeneralTerms, lifecycle.ServiceDescription}, nil}[int(m)%4]
	signatory := lifecycle.Signatories()[int(m>>2)%len(lifecycle.Signatories())]
	switch k % 32 {
	case 0, 1:
		return party, lifecycle.RequestService{Service: svc, Signatory: signatory, Accepts: docs, OrgUnit: unit}, false
	case 2:
		return party, lifecycle.PassJointTesting{Service: svc, OrgUnit: unit}, false
	case 3:
		return party, lifecycle.PassActivationTest{Service: svc, OrgUnit: unit}, false
	case 4, 5:
		return party, lifecycle.ApproveService{Service: svc, OrgUnit: unit}, false
	case 6:
		return party, lifecycle.WithdrawApplication{Service: svc}, false
	case 7:
		return party, lifecycle.SuspendService{Service: svc, All: m&2 != 0 && svc == prescription, Reason: lifecycle.SuspensionReasons()[int(m)%4]}, false
	case 8:
		return party, lifecycle.DemonstrateCorrection{Service: svc}, false
	case 9:
		return party, lifecycle.GiveTerminationNotice{Service: svc, Effective: effective, Reason: lifecycle.TerminationReasons()[int(m>>3)%6]}, false
	case 10:
		return party, lifecycle.GiveTerminationNotice{All: true, Effective: effective, Reason: lifecycle.CeasingOperations}, false
	case 11:
		a := lifecycle.TerminateByAuthority{Service: svc}
		if m&2 != 0 {
			a.Effective = effective
		}
		return party, a, false
	case 12:
		return party, lifecycle.RegisterApp{App: app, Signatory: signatory}, false
	case 13:
		return party, lifecycle.PassAppJointTesting{App: app}, false
	case 14:
		return party, lifecycle.CertifyApp{App: app, ValviraRegistered: m&2 != 0, AuditValidUntil: effective}, false
	case 15:
		return party, lifecycle.ConnectApp{App: app}, false
	case 16:
		return party, lifecycle.SuspendApp{App: app, Reason: "breach"}, false
	case 17:
		return party, lifecycle.DemonstrateAppCorrection{App: app}, false
	case 18:
		return party, lifecycle.RenewAuditCertificate{App: app, ValidUntil: effective}, false
	case 19:
		return party, lifecycle.GiveAppWithdrawalNotice{App: app, Effective: effective}, false
	case 20:
		return party, lifecycle.RemoveApp{App: app, Reason: lifecycle.RemovalReasons()[int(m)%2]}, false
	case 21, 22:
		services := []lifecycle.ServiceID{svc}
		if m&2 != 0 {
			services = append(services, fuzzServices[int(n>>4)%len(fuzzServices)])
		}
		tenant := fuzzParties[(int(n)+1+int(m>>3)%len(fuzzParties))%len(fuzzParties)]
		return "", lifecycle.SignJointAgreement{Agreement: ag, Main: party, Tenant: tenant, Services: services}, false
	case 23:
		return "", lifecycle.GiveJointAgreementNotice{Agreement: ag, By: party, Effective: effective}, false
	case 24:
		return "", lifecycle.EndProductionAgreement{Agreement: ag}, false
	case 25:
		return "", lifecycle.RescindJointAgreement{Agreement: ag, Reason: unit}, false
	case 26:
		return party, lifecycle.TransferCommitment{To: fuzzParties[int(m)%len(fuzzParties)], KelaConsent: m&2 != 0}, false
	case 27:
		return party, lifecycle.AddPharmacy{Pharmacy: unit}, false
	case 28:
		return party, lifecycle.NameContact{Role: lifecycle.ContactRoles()[int(m)%13], Name: unit}, false
	case 29:
		return party, lifecycle.RemoveContact{Role: lifecycle.ContactRoles()[int(m)%13], Name: unit}, false
	case 30:
		return party, lifecycle.NotifyChange{Rule: notice.RuleIDs()[int(m)%len(notice.RuleIDs())], Effective: effective}, false
	}
	return "", nil, true
}

// FuzzDecide decides acts built from the fuzz bytes on a register of a
// main connector, a tenant, an app vendor and a pharmacist: three bytes a
// step, each day one to eight days after the one before. Every act is
// accepted, refused citing a clause, or malformed; Decide says exactly
// what Execute does; and the register's JSON restores to the same bytes.
func FuzzDecide(f *testing.F) {
	for _, seed := range [][]byte{
		// a requests prescriptions and is approved; a and b sign an
		// agreement; b gives notice; time passes.
		{0, 0, 0, 4, 0, 0, 21, 0, 0, 23, 1, 33, 31, 0, 200},
		// v registers an app and takes it to production, suspended, back.
		{12, 2, 0, 13, 2, 0, 14, 2, 131, 15, 2, 0, 16, 2, 0, 17, 2, 0},
		// b takes the social welfare repository through both tests; p
		// takes prescriptions, adds a pharmacy and transfers them to q.
		{0, 19, 0, 2, 19, 0, 3, 19, 0, 4, 19, 0, 0, 3, 0, 4, 3, 0, 27, 3, 16, 26, 3, 10},
		// a's notice of all, time passing, an authority refused (S6), a new
		// customership requested and approved in a part of the organisation.
		{0, 0, 0, 4, 0, 0, 10, 0, 1, 31, 0, 255, 11, 0, 0, 0, 0, 16, 4, 0, 16},
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, program []byte) {
		if len(program) > 3*64 {
			program = program[:3*64]
		}
		r := commitment.NewRegister()
		for _, c := range []commitment.Customer{
			{ID: "a", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
			{ID: "b", Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true},
			{ID: "v", Kind: lifecycle.AppVendor},
			{ID: "p", Kind: lifecycle.Pharmacist, Soteri: true},
			{ID: "q", Kind: lifecycle.Pharmacist, Soteri: true},
		} {
			if _, err := r.Add(c); err != nil {
				t.Fatal(err)
			}
		}
		on := notice.MustDate(2025, 1, 1)
		for i := 0; i+2 < len(program); i += 3 {
			k, n, m := program[i], program[i+1], program[i+2]
			on = on.AddDays(int(k>>5) + 1)
			party, act, advance := fuzzStep(k, n, m, on)
			var decided, changes []commitment.Change
			var derr, err error
			if advance {
				to := on.AddDays(int(m))
				decided, derr = r.DecideAdvance(to)
				changes, err = r.Advance(to)
				if err == nil {
					on = to
				}
			} else {
				decided, derr = r.Decide(on, party, act)
				changes, err = r.Execute(on, party, act)
			}
			if !reflect.DeepEqual(decided, changes) || !reflect.DeepEqual(derr, err) {
				t.Fatalf("step %d: Decide said %v %v, Execute did %v %v", i/3, decided, derr, changes, err)
			}
			acceptedOrCited(t, actName(act), err)
		}
		for _, p := range r.Parties() {
			c, _ := r.Commitment(p)
			cs := c.CustomershipRecord()
			if _, to, ok := lifecycle.CustomershipMachine().Derive(c.Today(), &cs, lifecycle.Summarize(c.Services())); ok {
				t.Fatalf("%s: customership %s, but its services make it %s", p, cs.State, to)
			}
		}
		data := mustJSON(t, r)
		back, err := commitment.RestoreRegister(data)
		if err != nil {
			t.Fatalf("the register does not restore: %v\n%s", err, data)
		}
		if got := mustJSON(t, back); !bytes.Equal(got, data) {
			t.Fatalf("the register restores differently:\n%s\n%s", data, got)
		}
	})
}
