package commitment_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// histories returns commitments whose histories between them hold every
// kind of event a commitment records.
func histories(t *testing.T) map[string]*commitment.Commitment {
	t.Helper()
	out := map[string]*commitment.Commitment{}

	// A social welfare provider through most of the service lifecycle.
	sw := busyCustomer(t)
	activateTests(t, sw, "2025-01-25", sat)
	mustExec(t, sw, "2025-01-26", commitment.ApproveService{Service: sat})
	mustExec(t, sw, "2025-01-27", commitment.RequestService{Service: sat, Signatory: lifecycle.Authorised,
		Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: "Kotihoito"})
	mustExec(t, sw, "2025-01-28", commitment.SuspendService{Service: patientData, Reason: lifecycle.ValviraProhibition})
	mustExec(t, sw, "2025-01-29", commitment.NameContact{Contact: commitment.Contact{Role: commitment.SocialWelfareArchivist, Name: "Arkistonhoitaja"}})
	mustExec(t, sw, "2025-01-30", commitment.RemoveContact{Role: commitment.Technical, Person: "Tekninen Tiimi"})
	mustExec(t, sw, "2025-02-01", commitment.TerminateByAuthority{Service: imaging, Effective: day("2025-04-01")})
	mustExec(t, sw, "2025-03-10", commitment.DemonstrateCorrection{Service: patientData}) // prescription terminates on 1 March
	mustExec(t, sw, "2025-03-11", commitment.TransferCommitment{To: commitment.Customer{ID: "9876543-2", Name: "Uusi Hoiva Oy", Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true}, KelaConsent: true})
	mustExec(t, sw, "2025-03-12", commitment.GiveTerminationNotice{All: true, Effective: day("2025-05-01"), Reason: lifecycle.CeasingOperations})
	mustAdvance(t, sw, "2025-05-01")
	require.Equal(t, lifecycle.Ended, sw.Customership())
	out["social welfare provider"] = sw

	// A pharmacist with pharmacies and a withdrawn application.
	ph := customerWith(t, lifecycle.Pharmacist, "2025-01-10", prescription)
	mustExec(t, ph, "2025-01-11", commitment.AddPharmacy{Pharmacy: "Keskusapteekki"})
	mustExec(t, ph, "2025-01-12", laterRequest(lifecycle.MedicinesDatabase))
	mustExec(t, ph, "2025-01-13", commitment.WithdrawApplication{Service: lifecycle.MedicinesDatabase})
	out["pharmacist"] = ph

	// A customership whose only application was withdrawn.
	wd := newCustomer(t, lifecycle.HospitalPharmacy)
	mustExec(t, wd, "2025-01-10", firstRequest(prescription))
	mustExec(t, wd, "2025-01-20", commitment.WithdrawApplication{Service: prescription})
	out["withdrawn"] = wd

	// An app vendor with an app in production.
	av := customerWith(t, lifecycle.AppVendor, "2025-01-10", lifecycle.MyDataRepository)
	mustExec(t, av, "2025-01-11", commitment.RegisterApp{App: "askelmittari", Signatory: lifecycle.TradeRegister})
	mustExec(t, av, "2025-01-12", commitment.PassAppJointTesting{App: "askelmittari"})
	mustExec(t, av, "2025-01-13", commitment.CertifyApp{App: "askelmittari", ValviraRegistered: true, AuditValidUntil: day("2026-01-13")})
	mustExec(t, av, "2025-01-14", commitment.ConnectApp{App: "askelmittari"})
	out["app vendor"] = av

	// Nothing but the registration.
	out["just registered"] = newCustomer(t, lifecycle.OtherActor)
	return out
}

// A commitment's JSON holds its whole history: restoring it, or replaying
// its history, gives the same bytes.
func TestJSON_RestoreAndReplayReproduceTheCommitment(t *testing.T) {
	for name, c := range histories(t) {
		t.Run(name, func(t *testing.T) {
			data := marshal(t, c)
			assert.Equal(t, string(data), string(marshal(t, c)), "deterministic")

			restored, err := commitment.Restore(data, commitment.WithCatalogue(c.Catalogue()))
			require.NoError(t, err)
			assert.Equal(t, string(data), string(marshal(t, restored)), "Restore re-marshals byte-identically")

			var viaUnmarshal commitment.Commitment
			require.NoError(t, json.Unmarshal(data, &viaUnmarshal))
			assert.Equal(t, string(data), string(marshal(t, &viaUnmarshal)))

			replayed, err := commitment.Replay(c.History(), commitment.WithCatalogue(c.Catalogue()))
			require.NoError(t, err)
			assert.Equal(t, string(data), string(marshal(t, replayed)), "Replay gives the same JSON")

			assert.Equal(t, c.Today(), restored.Today())
			assert.Equal(t, c.Services(), restored.Services())

			// The restored commitment carries on exactly like the original.
			next := day("2025-06-01")
			cmd := commitment.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister, Accepts: allDocs}
			_, errA := c.Execute(next, cmd)
			_, errB := restored.Execute(next, cmd)
			assert.Equal(t, errA, errB)
			assert.Equal(t, string(marshal(t, c)), string(marshal(t, restored)))
		})
	}
}

// A history that the machines do not allow is refused, by Replay and by
// Restore.
func TestJSON_TamperedHistoryIsRefused(t *testing.T) {
	c := histories(t)["social welfare provider"]
	history := c.History()

	firstService := func(h []commitment.Event) int {
		for i, e := range h {
			if tr, ok := e.(commitment.Transitioned); ok && tr.Machine == lifecycle.ServiceMachine().Name() {
				return i
			}
		}
		t.Fatal("no service transition")
		return -1
	}
	lastDate := func(h []commitment.Event) int {
		for i := len(h) - 1; i > 0; i-- {
			if h[i].Date() != h[i-1].Date() {
				return i
			}
		}
		t.Fatal("one date only")
		return -1
	}
	tampered := []struct {
		name   string
		change func(h []commitment.Event) []commitment.Event
	}{
		{"a transition's target changed", func(h []commitment.Event) []commitment.Event {
			i := firstService(h)
			tr := h[i].(commitment.Transitioned)
			tr.To = lifecycle.Active // a request leads to requested
			h[i] = tr
			return h
		}},
		{"the last transition's target changed", func(h []commitment.Event) []commitment.Event {
			// Nothing follows it, so only the check of its own target can notice.
			for i := len(h) - 1; i >= 0; i-- {
				if tr, ok := h[i].(commitment.Transitioned); ok {
					tr.To = lifecycle.Withdrawn
					h[i] = tr
					return h
				}
			}
			return h
		}},
		{"a transition's source changed", func(h []commitment.Event) []commitment.Event {
			i := firstService(h)
			tr := h[i].(commitment.Transitioned)
			tr.From = lifecycle.Suspended
			h[i] = tr
			return h
		}},
		{"a customership transition's target changed", func(h []commitment.Event) []commitment.Event {
			for i, e := range h {
				if tr, ok := e.(commitment.Transitioned); ok && tr.Machine == lifecycle.CustomershipMachine().Name() {
					tr.To = lifecycle.Ended
					h[i] = tr
					return h
				}
			}
			return h
		}},
		{"events out of date order", func(h []commitment.Event) []commitment.Event {
			i := lastDate(h)
			h[i-1], h[i] = h[i], h[i-1]
			return h
		}},
		{"a transition without its date", func(h []commitment.Event) []commitment.Event {
			i := firstService(h)
			tr := h[i].(commitment.Transitioned)
			tr.On = notice.Date{}
			h[i] = tr
			return h
		}},
		{"an event missing (approval before request)", func(h []commitment.Event) []commitment.Event {
			i := firstService(h)
			return append(h[:i:i], h[i+1:]...)
		}},
		{"the registered event missing", func(h []commitment.Event) []commitment.Event { return h[1:] }},
		{"registered twice", func(h []commitment.Event) []commitment.Event {
			return append(h[:2:2], append([]commitment.Event{h[0]}, h[2:]...)...)
		}},
		{"empty", func(h []commitment.Event) []commitment.Event { return nil }},
	}
	for _, tc := range tampered {
		t.Run(tc.name, func(t *testing.T) {
			h := tc.change(append([]commitment.Event(nil), history...))
			_, err := commitment.Replay(h)
			inputError(t, err)

			// The same history inside otherwise well-formed JSON.
			var snap map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(marshal(t, c), &snap))
			raw := make([]json.RawMessage, len(h))
			for i, e := range h {
				b, err := commitment.MarshalEvent(e)
				require.NoError(t, err)
				raw[i] = b
			}
			snap["history"], err = json.Marshal(raw)
			require.NoError(t, err)
			data, err := json.Marshal(snap)
			require.NoError(t, err)
			_, err = commitment.Restore(data)
			assert.Error(t, err)
		})
	}

	t.Run("a state that its history does not produce", func(t *testing.T) {
		var snap map[string]json.RawMessage
		require.NoError(t, json.Unmarshal(marshal(t, c), &snap))
		snap["customership"] = json.RawMessage(`"active"`)
		data, err := json.Marshal(snap)
		require.NoError(t, err)
		_, err = commitment.Restore(data)
		inputError(t, err)
	})

	t.Run("the untouched history is accepted", func(t *testing.T) {
		_, err := commitment.Replay(history)
		require.NoError(t, err)
	})
}

// Every event type survives MarshalEvent and UnmarshalEvent unchanged, its
// type name first.
func TestJSON_EveryEventRoundTrips(t *testing.T) {
	on := day("2025-01-20")
	customer := commitment.Customer{ID: "1234567-8", Name: "Hoiva Oy", Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true}
	svc := func(ev lifecycle.Event, from, to lifecycle.State) commitment.Transitioned {
		return commitment.Transitioned{On: on, Machine: lifecycle.ServiceMachine().Name(), Subject: string(sat), Event: ev, From: from, To: to}
	}
	cs := func(ev lifecycle.Event, from, to lifecycle.State) commitment.Transitioned {
		return commitment.Transitioned{On: on, Machine: lifecycle.CustomershipMachine().Name(), Event: ev, From: from, To: to}
	}
	app := func(ev lifecycle.Event, from, to lifecycle.State) commitment.Transitioned {
		return commitment.Transitioned{On: on, Machine: lifecycle.AppMachine().Name(), Subject: "askelmittari", Event: ev, From: from, To: to}
	}
	entry, ok := commitment.DefaultCatalogue().Entry(sat)
	require.True(t, ok)

	events := []commitment.Event{
		commitment.Registered{Customer: customer},
		svc(lifecycle.RequestService{Signatory: lifecycle.TradeRegister, Accepts: allDocs, OrgUnit: "Kotihoito", Terms: &entry.Terms}, lifecycle.None, lifecycle.Requested),
		svc(lifecycle.PassJointTesting{}, lifecycle.Requested, lifecycle.JointTested),
		svc(lifecycle.PassActivationTest{}, lifecycle.JointTested, lifecycle.ActivationTested),
		svc(lifecycle.ApproveService{}, lifecycle.ActivationTested, lifecycle.Active),
		svc(lifecycle.WithdrawApplication{Cause: lifecycle.C8}, lifecycle.Requested, lifecycle.Withdrawn),
		svc(lifecycle.SuspendService{Reason: lifecycle.ValviraProhibition}, lifecycle.Active, lifecycle.Suspended),
		svc(lifecycle.DemonstrateCorrection{}, lifecycle.Suspended, lifecycle.Active),
		svc(lifecycle.GiveTerminationNotice{Effective: day("2025-03-01"), Reason: lifecycle.ConnectionModelChange}, lifecycle.Active, lifecycle.NoticeGiven),
		svc(lifecycle.TerminateByAuthority{Effective: day("2025-02-01")}, lifecycle.Active, lifecycle.NoticeGiven),
		svc(lifecycle.TerminateByAuthority{}, lifecycle.Active, lifecycle.Terminated),
		svc(lifecycle.NoticeElapsed{}, lifecycle.NoticeGiven, lifecycle.Terminated),
		cs(lifecycle.CommitmentSigned{}, lifecycle.None, lifecycle.Applied),
		cs(lifecycle.FirstServiceApproved{}, lifecycle.Applied, lifecycle.Active),
		cs(lifecycle.ApplicationsWithdrawn{}, lifecycle.Applied, lifecycle.Withdrawn),
		cs(lifecycle.AllServicesUnderNotice{}, lifecycle.Active, lifecycle.Terminating),
		cs(lifecycle.ServiceTakenIntoUse{}, lifecycle.Terminating, lifecycle.Active),
		cs(lifecycle.LastServiceEnded{}, lifecycle.Terminating, lifecycle.Ended),
		app(lifecycle.RegisterApp{Signatory: lifecycle.TradeRegister}, lifecycle.None, lifecycle.Registered),
		app(lifecycle.PassAppJointTesting{}, lifecycle.Registered, lifecycle.JointTested),
		app(lifecycle.ConnectApp{}, lifecycle.JointTested, lifecycle.Production),
		app(lifecycle.SuspendApp{Reason: "endangers the national services"}, lifecycle.Production, lifecycle.Suspended),
		app(lifecycle.AuditCertificateExpired{}, lifecycle.Production, lifecycle.Suspended),
		app(lifecycle.DemonstrateAppCorrection{}, lifecycle.Suspended, lifecycle.Production),
		app(lifecycle.RenewAuditCertificate{ValidUntil: day("2026-01-20")}, lifecycle.Suspended, lifecycle.Production),
		app(lifecycle.GiveAppWithdrawalNotice{Effective: day("2025-03-01")}, lifecycle.Production, lifecycle.WithdrawalNoticed),
		app(lifecycle.NoticeElapsed{}, lifecycle.WithdrawalNoticed, lifecycle.Withdrawn),
		app(lifecycle.RemoveApp{Reason: lifecycle.NonCompliance}, lifecycle.Production, lifecycle.Removed),
		commitment.DocumentAccepted{On: on, Document: lifecycle.ServiceDescription, Service: sat, Version: "2.1", OrgUnit: "Kotihoito"},
		commitment.CodeServiceInformed{On: on, Service: sat, Recipient: "THL national code service"},
		commitment.OrgUnitAdded{On: on, Service: sat, OrgUnit: "Kotihoito"},
		commitment.CommitmentTransferred{On: on, From: customer, To: commitment.Customer{ID: "2", Kind: lifecycle.OtherActor}},
		commitment.PharmacyAdded{On: on, Pharmacy: "Keskusapteekki"},
		commitment.ContactNamed{On: on, Contact: commitment.Contact{Role: commitment.Billing, Name: "Laskutus", Email: "lasku@example.fi", Phone: "+358 20 123"}},
		commitment.ContactRemoved{On: on, Role: commitment.Billing, Name: "Laskutus"},
		commitment.AppCertified{On: on, App: "askelmittari", ValviraRegistered: true, AuditValidUntil: day("2026-01-20")},
	}
	// The histories of real commitments too: whatever they record round-trips.
	for _, c := range histories(t) {
		events = append(events, c.History()...)
	}

	for _, e := range events {
		data, err := commitment.MarshalEvent(e)
		require.NoError(t, err, "%#v", e)
		var head struct {
			Type string `json:"type"`
		}
		require.NoError(t, json.Unmarshal(data, &head))
		assert.Equal(t, e.Type(), head.Type)
		assert.Regexp(t, `^\{"type":`, string(data), "the type comes first")

		back, err := commitment.UnmarshalEvent(data)
		require.NoError(t, err, string(data))
		assert.Equal(t, e, back, string(data))
		again, err := commitment.MarshalEvent(back)
		require.NoError(t, err)
		assert.Equal(t, string(data), string(again))
	}

	bad := []string{
		`{"type":"no-such-event","on":"2025-01-20"}`,
		`{"type":"transition","on":"2025-01-20","machine":"no-such-machine","event":"x","from":"","to":"y"}`,
		`{"type":"transition","on":"2025-01-20","machine":"service","event":"no-such-event","from":"","to":"requested"}`,
		`not json`,
	}
	for _, b := range bad {
		_, err := commitment.UnmarshalEvent([]byte(b))
		assert.Error(t, err, b)
	}
}
