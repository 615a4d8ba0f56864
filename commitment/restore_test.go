package commitment_test

// Restoring commitments and registers: their JSON round trips, the events'
// own JSON, and the histories Replay, Restore, RestoreRegister and
// Register.Restore refuse because no sequence of acts could have made them.

import (
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// everyEventCommitments returns lone commitments whose histories between
// them hold every kind of event a lone commitment records: every edge of
// the customership, nearly every edge of the service machine and of the app
// machine, phased activation (C13), lapsed applications (C8), document
// acceptances, the code service, pharmacies, contacts and change notices.
func everyEventCommitments(t *testing.T) map[string]*commitment.Commitment {
	t.Helper()
	out := map[string]*commitment.Commitment{}

	// A social welfare provider through most of the service lifecycle, to
	// the end of its customership and into a new one, withdrawn.
	sw := newCustomer(t, lifecycle.PrivateSocialWelfareProvider)
	both := []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	for _, s := range []struct {
		on  string
		act lifecycle.Act
	}{
		{"2025-01-10", lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: allDocs, OrgUnit: "Kotihoito"}},
		{"2025-01-11", lifecycle.PassJointTesting{Service: sat}},
		{"2025-01-12", lifecycle.PassActivationTest{Service: sat}},
		{"2025-01-13", lifecycle.ApproveService{Service: sat}},
		{"2025-01-14", lifecycle.RequestService{Service: sat, Signatory: lifecycle.Authorised, Accepts: both, OrgUnit: "Asumispalvelut"}},
		{"2025-01-15", lifecycle.PassJointTesting{Service: sat, OrgUnit: "Asumispalvelut"}},
		{"2025-01-15", lifecycle.PassActivationTest{Service: sat, OrgUnit: "Asumispalvelut"}},
		{"2025-01-15", lifecycle.ApproveService{Service: sat, OrgUnit: "Asumispalvelut"}},
		{"2025-01-16", laterRequest(kelain)},
		{"2025-01-16", lifecycle.ApproveService{Service: kelain}},
		{"2025-01-16", laterRequest(patientData)},
		{"2025-01-16", lifecycle.ApproveService{Service: patientData}},
		{"2025-01-16", laterRequest(imaging)}, // still pending when the customership ends
		{"2025-01-17", lifecycle.SuspendService{Service: patientData, Reason: lifecycle.ValviraProhibition}},
		{"2025-01-18", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation}},
		{"2025-01-19", lifecycle.DemonstrateCorrection{Service: patientData}},
		{"2025-01-20", lifecycle.NameContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja", Email: "arkisto@example.fi"}},
		{"2025-01-20", lifecycle.NameContact{Role: lifecycle.Billing, Name: "Laskutus", Phone: "+358 20 123"}},
		{"2025-01-21", lifecycle.RemoveContact{Role: lifecycle.Billing, Name: "Laskutus"}},
		{"2025-01-22", lifecycle.NotifyChange{Rule: notice.TechnicalChange, Effective: day("2025-02-15"), Details: "new connection point"}},
		{"2025-01-22", lifecycle.NotifyChange{Rule: notice.LargeDisruption, Details: "outage"}},
		{"2025-01-23", lifecycle.TerminateByAuthority{Service: kelain, Effective: day("2025-04-01")}},
	} {
		mustExec(t, sw, s.on, s.act)
	}
	mustAdvance(t, sw, "2025-03-01") // patient data ends
	mustExec(t, sw, "2025-03-02", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-05-01"), Reason: lifecycle.CeasingOperations})
	require.Equal(t, lifecycle.Terminating, sw.Customership())
	mustAdvance(t, sw, "2025-05-01") // kelain ends on 1 April, the repository on 1 May
	require.Equal(t, lifecycle.Ended, sw.Customership())
	require.Equal(t, lifecycle.Withdrawn, sw.State(imaging), "the pending application lapsed (C8)")
	mustExec(t, sw, "2025-06-02", firstRequest(kelain)) // a new customership (S6)
	mustExec(t, sw, "2025-06-03", lifecycle.WithdrawApplication{Service: kelain})
	require.Equal(t, lifecycle.Withdrawn, sw.Customership())
	out["social welfare provider"] = sw

	// A pharmacist with pharmacies and a withdrawn application, whose
	// customership ends when an authority stops its only service at once.
	ph := customerWith(t, lifecycle.Pharmacist, "2025-01-10", prescription)
	mustExec(t, ph, "2025-01-11", lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"})
	mustExec(t, ph, "2025-01-11", lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"})
	mustExec(t, ph, "2025-01-12", laterRequest(lifecycle.MedicinesDatabase))
	mustExec(t, ph, "2025-01-13", lifecycle.WithdrawApplication{Service: lifecycle.MedicinesDatabase})
	mustExec(t, ph, "2025-01-14", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.LicenceRevoked})
	mustExec(t, ph, "2025-01-15", lifecycle.DemonstrateCorrection{Service: prescription})
	mustExec(t, ph, "2025-01-16", lifecycle.TerminateByAuthority{Service: prescription})
	require.Equal(t, lifecycle.Ended, ph.Customership())
	out["pharmacist"] = ph

	// A health care provider whose customership is terminating until it
	// takes another service into use (C9), then suspended under notice.
	hc := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	mustExec(t, hc, "2025-01-11", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.BusinessAcquisition})
	require.Equal(t, lifecycle.Terminating, hc.Customership())
	activate(t, hc, "2025-01-12", kelain)
	require.Equal(t, lifecycle.Active, hc.Customership())
	mustExec(t, hc, "2025-01-13", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	mustExec(t, hc, "2025-01-14", lifecycle.TerminateByAuthority{Service: kelain, Effective: day("2025-02-01")})
	out["health care provider"] = hc

	// A vendor with apps in every state of the app machine.
	av := newCustomer(t, lifecycle.AppVendor)
	appsInEveryState(t, func(on string, act lifecycle.Act) { mustExec(t, av, on, act) }, func(to string) { mustAdvance(t, av, to) })
	out["app vendor"] = av

	// Nothing but the registration.
	out["just registered"] = newCustomer(t, lifecycle.OtherActor)
	return out
}

// appsInEveryState takes a vendor's apps to every state of the app machine
// through exec and advance: registered, joint-tested, in production,
// suspended by Kela, suspended because the audit certificate expired,
// corrected, renewed after expiry, withdrawal notified, withdrawn, removed.
func appsInEveryState(t *testing.T, exec func(on string, act lifecycle.Act), advance func(to string)) {
	t.Helper()
	apps := []lifecycle.AppID{"registered", "tested", "production", "kela-suspended", "expired", "renewed", "corrected", "noticed", "withdrawn", "removed"}
	for _, a := range apps {
		exec("2025-05-16", lifecycle.RegisterApp{App: a, Signatory: lifecycle.GoverningBodyMinutes})
	}
	for _, a := range apps[1:] {
		exec("2025-05-17", lifecycle.PassAppJointTesting{App: a})
	}
	for _, a := range apps[2:] {
		until := "2027-01-31"
		if a == "expired" || a == "renewed" {
			until = "2025-06-30"
		}
		exec("2025-05-18", lifecycle.CertifyApp{App: a, ValviraRegistered: true, AuditValidUntil: day(until)})
	}
	for _, a := range apps[2:] {
		exec("2025-05-19", lifecycle.ConnectApp{App: a})
	}
	exec("2025-05-20", lifecycle.SuspendApp{App: "kela-suspended", Reason: "breach of the terms"})
	exec("2025-05-20", lifecycle.SuspendApp{App: "corrected", Reason: "breach of the terms"})
	exec("2025-05-20", lifecycle.GiveAppWithdrawalNotice{App: "noticed", Effective: day("2025-12-01")})
	exec("2025-05-21", lifecycle.DemonstrateAppCorrection{App: "corrected"})
	exec("2025-05-21", lifecycle.GiveAppWithdrawalNotice{App: "withdrawn", Effective: day("2025-06-21")})
	exec("2025-05-21", lifecycle.RemoveApp{App: "removed", Reason: lifecycle.OperationsEnded})
	exec("2025-05-22", lifecycle.NotifyChange{Rule: notice.TechnicalChange, Effective: day("2025-05-30"), Details: "new endpoint"}) // late
	advance("2025-07-01")
	exec("2025-07-02", lifecycle.RenewAuditCertificate{App: "renewed", ValidUntil: day("2027-06-30")})
}

// The parties of everyStateRegister.
const (
	everyMain   = lifecycle.PartyID("paaliittyja")
	tenantA     = lifecycle.PartyID("mukana")
	tenantB     = lifecycle.PartyID("mukana-2")
	tenantC     = lifecycle.PartyID("kolmas")
	appVendorID = lifecycle.PartyID("sovellukset")
	giver       = lifecycle.PartyID("apteekkari")
	receiver    = lifecycle.PartyID("seuraaja")
)

// everyStateRegister returns a register with agreements in every state (in
// force, under notice, ended on notice, with the production agreement, by
// rescission and by replacement, J4–J7), a main connector that no longer
// uses a service of the current agreement's Annex 1, a vendor with apps in
// every state, and a commitment transferred from one pharmacist to another
// (C5).
func everyStateRegister(t *testing.T) *commitment.Register {
	t.Helper()
	r := register(t,
		party(string(everyMain), lifecycle.PrivateHealthCareProvider),
		party(string(tenantA), lifecycle.PrivateHealthCareProvider),
		party(string(tenantB), lifecycle.PrivateSocialWelfareProvider),
		party(string(tenantC), lifecycle.PublicHealthCareProvider),
		commitment.Customer{ID: appVendorID, Name: "Sovellukset Oy", Kind: lifecycle.AppVendor},
		party(string(giver), lifecycle.Pharmacist),
		party(string(receiver), lifecycle.Pharmacist),
	)
	run := func(on string, p lifecycle.PartyID, act lifecycle.Act) { mustRun(t, r, on, string(p), act) }
	sign := func(on, id string, tenant lifecycle.PartyID, services ...lifecycle.ServiceID) {
		run(on, "", lifecycle.SignJointAgreement{Agreement: lifecycle.AgreementID(id), Main: everyMain, Tenant: tenant, Services: services})
	}
	run("2025-02-01", everyMain, firstRequest(prescription))
	run("2025-02-01", everyMain, lifecycle.ApproveService{Service: prescription})
	run("2025-02-01", everyMain, laterRequest(patientData))
	run("2025-02-01", everyMain, lifecycle.ApproveService{Service: patientData})

	sign("2025-02-03", "in-force", tenantA, prescription)
	sign("2025-02-03", "noticed", tenantB, prescription, patientData)
	run("2025-02-03", "", lifecycle.SignJointAgreement{Agreement: "three-months", Main: everyMain, Tenant: tenantC,
		Services: []lifecycle.ServiceID{patientData}, ProductionNotice: notice.Months(3)})
	run("2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "noticed", By: tenantB, Effective: day("2025-12-01")})
	run("2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "three-months", By: everyMain, Effective: day("2025-05-11")})

	run("2025-03-01", giver, firstRequest(prescription))
	run("2025-03-02", giver, lifecycle.ApproveService{Service: prescription})
	run("2025-03-03", giver, lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"})
	run("2025-03-04", giver, lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"})
	run("2025-03-05", giver, lifecycle.TransferCommitment{To: receiver, KelaConsent: true})

	_, err := r.Advance(day("2025-05-11"))
	require.NoError(t, err)
	run("2025-05-12", "", lifecycle.EndProductionAgreement{Agreement: "in-force"})
	sign("2025-05-13", "rescinded", tenantA, patientData)
	run("2025-05-14", "", lifecycle.RescindJointAgreement{Agreement: "rescinded", Reason: "serious breach"})
	sign("2025-05-15", "replaced", tenantA, prescription)
	sign("2025-05-16", "current", tenantA, prescription, patientData)
	// After signing, the main connector loses a service of Annex 1: the
	// signing is judged on what the parties were on its day (J3, J10).
	run("2025-06-01", everyMain, lifecycle.TerminateByAuthority{Service: patientData})

	appsInEveryState(t, func(on string, act lifecycle.Act) { run(on, appVendorID, act) }, func(to string) {
		_, err := r.Advance(day(to))
		require.NoError(t, err)
	})
	return r
}

// agreementStates returns the state of every agreement of r, by identifier.
func agreementStates(r *commitment.Register) map[lifecycle.AgreementID]engine.State {
	out := map[lifecycle.AgreementID]engine.State{}
	for _, a := range r.Agreements() {
		out[a.ID] = a.State
	}
	return out
}

// appStates returns the state of every app of c, by identifier.
func appStates(c *commitment.Commitment) map[lifecycle.AppID]engine.State {
	out := map[lifecycle.AppID]engine.State{}
	for _, a := range c.Apps() {
		out[a.ID] = a.State
	}
	return out
}

func TestRestore_FixtureReachesEveryState(t *testing.T) {
	r := everyStateRegister(t)
	assert.Equal(t, map[lifecycle.AgreementID]engine.State{
		"in-force": lifecycle.Ended, "noticed": lifecycle.NoticeGiven, "three-months": lifecycle.Ended,
		"rescinded": lifecycle.Ended, "replaced": lifecycle.Ended, "current": lifecycle.InForce,
	}, agreementStates(r))
	vendor, ok := r.Commitment(appVendorID)
	require.True(t, ok)
	assert.Equal(t, map[lifecycle.AppID]engine.State{
		"registered": lifecycle.Registered, "tested": lifecycle.JointTested, "production": lifecycle.Production,
		"kela-suspended": lifecycle.Suspended, "expired": lifecycle.Suspended, "renewed": lifecycle.Production,
		"corrected": lifecycle.Production, "noticed": lifecycle.WithdrawalNoticed, "withdrawn": lifecycle.Withdrawn,
		"removed": lifecycle.Removed,
	}, appStates(vendor))
	got, ok := r.Commitment(receiver)
	require.True(t, ok)
	assert.Equal(t, lifecycle.Active, got.Customership())
	assert.Equal(t, []string{"Keskusapteekki", "Sivuapteekki"}, got.Pharmacies())
}

// A commitment's JSON holds its whole history: Restore, json.Unmarshal and
// Replay of its history give the same bytes, and the restored commitment
// goes on exactly like the original.
func TestRestore_CommitmentRoundTripsByteIdentically(t *testing.T) {
	for name, c := range everyEventCommitments(t) {
		t.Run(name, func(t *testing.T) {
			data := marshal(t, c)
			assert.Equal(t, string(data), string(marshal(t, c)), "deterministic")
			assert.True(t, strings.HasPrefix(string(data), `{"schema":2,`), "the schema version comes first: %.40s", data)

			restored, err := commitment.Restore(data)
			require.NoError(t, err)
			assert.Equal(t, string(data), string(marshal(t, restored)), "Restore re-marshals byte-identically")

			var viaUnmarshal commitment.Commitment
			require.NoError(t, json.Unmarshal(data, &viaUnmarshal))
			assert.Equal(t, string(data), string(marshal(t, &viaUnmarshal)), "json.Unmarshal restores it")

			replayed, err := commitment.Replay(c.History())
			require.NoError(t, err)
			assert.Equal(t, string(data), string(marshal(t, replayed)), "Replay gives the same JSON")

			assert.Equal(t, c.History(), restored.History())
			assert.Equal(t, c.Version(), restored.Version())
			assert.Equal(t, c.Today(), restored.Today())
			assert.Equal(t, c.Services(), restored.Services())
			assert.Equal(t, c.Acceptances(), restored.Acceptances())
			assert.ElementsMatch(t, c.StandingObligations(), restored.StandingObligations())
			due, _ := c.NextDue()
			restoredDue, _ := restored.NextDue()
			assert.Equal(t, due, restoredDue)

			// The restored commitment carries on exactly like the original.
			for _, act := range []lifecycle.Act{
				firstRequest(lifecycle.ConsentService),
				lifecycle.ApproveService{Service: lifecycle.ConsentService},
				lifecycle.GiveTerminationNotice{All: true, Effective: day("2026-01-01"), Reason: lifecycle.OtherChange},
			} {
				_, errA := c.Execute(day("2025-09-01"), act)
				_, errB := restored.Execute(day("2025-09-01"), act)
				assert.Equal(t, errA, errB, "%s", act.EventID())
			}
			_, errA := c.Advance(day("2026-06-01"))
			_, errB := restored.Advance(day("2026-06-01"))
			assert.Equal(t, errA, errB)
			assert.Equal(t, string(marshal(t, c)), string(marshal(t, restored)))
		})
	}
}

// A new commitment's JSON is its schema, its customer and its registration:
// every empty field is left out, the customership included.
func TestRestore_EmptyFieldsAreOmitted(t *testing.T) {
	c, err := commitment.New(commitment.Customer{ID: "1234567-8", Kind: lifecycle.OtherActor})
	require.NoError(t, err)
	assert.Equal(t,
		`{"schema":2,"customer":{"id":"1234567-8","kind":"other"},"history":[{"type":"registered","customer":{"id":"1234567-8","kind":"other"}}]}`,
		string(marshal(t, c)))

	// An empty register writes its two lists, which are never left out.
	assert.Equal(t, `{"schema":2,"parties":[],"agreements":[]}`, string(marshalRegister(t, commitment.NewRegister())))

	// In the richest data, the state of a commitment or agreement holds no
	// empty string, no null and no empty list or object.
	check := func(where string, v any) {
		for _, p := range emptyValues(v, where) {
			assert.Fail(t, "an empty field is written", "%s", p)
		}
	}
	for name, c := range everyEventCommitments(t) {
		var m map[string]any
		require.NoError(t, json.Unmarshal(marshal(t, c), &m))
		delete(m, "history")
		check(name, m)
	}
	var m map[string]any
	require.NoError(t, json.Unmarshal(marshalRegister(t, everyStateRegister(t)), &m))
	for i, p := range m["parties"].([]any) {
		delete(p.(map[string]any), "history")
		check(fmt.Sprintf("parties[%d]", i), p)
	}
	for i, a := range m["agreements"].([]any) {
		check(fmt.Sprintf("agreements[%d].agreement", i), a.(map[string]any)["agreement"])
	}
}

// emptyValues returns the paths in v, decoded JSON, of every empty string,
// null, empty list and empty object.
func emptyValues(v any, path string) []string {
	switch v := v.(type) {
	case nil:
		return []string{path + ": null"}
	case string:
		if v == "" {
			return []string{path + `: ""`}
		}
	case []any:
		if len(v) == 0 {
			return []string{path + ": []"}
		}
		var out []string
		for i, x := range v {
			out = append(out, emptyValues(x, fmt.Sprintf("%s[%d]", path, i))...)
		}
		return out
	case map[string]any:
		if len(v) == 0 {
			return []string{path + ": {}"}
		}
		var out []string
		for k, x := range v {
			out = append(out, emptyValues(x, path+"."+k)...)
		}
		return out
	}
	return nil
}

// Every day in the JSON is an ISO 8601 date, YYYY-MM-DD, and so is the
// version of the general terms named by its date (C14): 2024-12-30, not
// 30.12.2024.
func TestRestore_EveryDateIsISO8601(t *testing.T) {
	iso := regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	finnish := regexp.MustCompile(`\b\d{1,2}\.\d{1,2}\.\d{4}\b`)
	dateKeys := []string{"on", "since", "ended", "requested", "joint_tested", "activation_tested", "approved", "given",
		"effective", "drawn", "signed", "registered", "certified", "connected", "audit_valid_until", "valid_until", "date"}
	var datesSeen int
	var walk func(v any, key, path string)
	walk = func(v any, key, path string) {
		switch v := v.(type) {
		case string:
			assert.NotRegexp(t, finnish, v, "%s", path)
			if slices.Contains(dateKeys, key) {
				datesSeen++
				assert.Regexp(t, iso, v, "%s", path)
				_, err := notice.Parse(v)
				assert.NoError(t, err, "%s", path)
			}
		case []any:
			for i, x := range v {
				walk(x, key, fmt.Sprintf("%s[%d]", path, i))
			}
		case map[string]any:
			for k, x := range v {
				walk(x, k, path+"."+k)
			}
		}
	}
	var m any
	require.NoError(t, json.Unmarshal(marshalRegister(t, everyStateRegister(t)), &m))
	walk(m, "", "register")
	for name, c := range everyEventCommitments(t) {
		var m any
		require.NoError(t, json.Unmarshal(marshal(t, c), &m))
		walk(m, "", name)
	}
	assert.Greater(t, datesSeen, 400, "the walk saw the dates")

	var versions []string
	for _, a := range everyEventCommitments(t)["social welfare provider"].Acceptances() {
		if a.Document == lifecycle.GeneralTerms {
			versions = append(versions, a.Version)
		}
	}
	assert.Equal(t, []string{"2024-12-30", "2024-12-30", "2024-12-30"}, versions,
		"the first request, the second part of the organisation (C13) and the new customership accept the general terms")
}

// Every event survives MarshalEvent and UnmarshalEvent unchanged, its type
// first; what is not an event is refused.
func TestRestore_EveryEventRoundTrips(t *testing.T) {
	var all []commitment.Event
	for _, c := range everyEventCommitments(t) {
		all = append(all, c.History()...)
	}
	r := everyStateRegister(t)
	for _, id := range r.Parties() {
		c, _ := r.Commitment(id)
		all = append(all, c.History()...)
	}
	for _, a := range r.Agreements() {
		all = append(all, r.AgreementHistory(a.ID)...)
	}
	kinds := map[string]bool{}
	for _, e := range all {
		kind := e.Type()
		if tr, ok := e.(commitment.Transitioned); ok {
			kind = tr.Machine + " " + string(tr.Event.EventID())
		}
		kinds[kind] = true
		data, err := commitment.MarshalEvent(e)
		require.NoError(t, err, "%#v", e)
		assert.True(t, strings.HasPrefix(string(data), `{"type":"`+e.Type()+`"`), "the type comes first: %s", data)
		back, err := commitment.UnmarshalEvent(data)
		require.NoError(t, err, "%s", data)
		assert.Equal(t, e, back, "%s", data)
		again, err := commitment.MarshalEvent(back)
		require.NoError(t, err)
		assert.Equal(t, string(data), string(again))
	}
	for _, want := range []string{
		"registered", "document-accepted", "code-service-informed", "commitment-received", "joint-agreement-signed",
		"add-pharmacy", "name-contact", "remove-contact", "notify-change", "transfer-commitment",
		"service application-lapsed", "service notice-elapsed", "customership service-taken-into-use",
		"app audit-certificate-expired", "app notice-elapsed", "joint-agreement agreement-replaced",
	} {
		assert.True(t, kinds[want], "the fixtures record %s", want)
	}

	for _, bad := range []string{
		`not json`,
		`{"type":"no-such-event","on":"2025-01-20"}`,
		`{"type":"transition","on":"2025-01-20","machine":"no-such-machine","event":"x","from":"","to":"y"}`,
		`{"type":"transition","on":"2025-01-20","machine":"service","event":"no-such-event","from":"","to":"requested"}`,
		`{"type":"transition","on":"2025-01-20","machine":"service","event":"approve-service","from":"requested","to":"active","data":{"service":"kelain","extra":1}}`,
		`{"type":"request-service","on":"2025-01-20","service":"kelain"}`, // an act of a machine is recorded as a transition
		`{"type":"add-pharmacy","on":"2025-01-20","pharmacy":"Apteekki","colour":"green"}`,
		`{"type":"document-accepted","on":"2025-01-20","document":"commitment","signed_by":"x"}`,
		`{"type":"registered","customer":{"id":"x","kind":"other"}} {}`,
	} {
		e, err := commitment.UnmarshalEvent([]byte(bad))
		assert.Error(t, err, bad)
		assert.Nil(t, e, bad)
	}
}

// The register's JSON restores to a register that writes the same bytes,
// has the same agreements, histories, apps and tenant uses, and goes on the
// same way; json.Unmarshal into a Register does the same.
func TestRestore_RegisterRoundTripsByteIdentically(t *testing.T) {
	r := everyStateRegister(t)
	data := marshalRegister(t, r)
	assert.True(t, strings.HasPrefix(string(data), `{"schema":2,"parties":[{"schema":2,`), "%.60s", data)

	restored, err := commitment.RestoreRegister(data)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(marshalRegister(t, restored)), "byte for byte")

	var viaUnmarshal commitment.Register
	require.NoError(t, json.Unmarshal(data, &viaUnmarshal))
	assert.Equal(t, string(data), string(marshalRegister(t, &viaUnmarshal)))

	for _, r2 := range []*commitment.Register{restored, &viaUnmarshal} {
		assert.Equal(t, r.Parties(), r2.Parties())
		assert.Equal(t, r.Streams(), r2.Streams())
		assert.Equal(t, r.Agreements(), r2.Agreements())
		for _, a := range r.Agreements() {
			assert.Equal(t, r.AgreementHistory(a.ID), r2.AgreementHistory(a.ID), a.ID)
		}
		for _, s := range r.Streams() {
			assert.Equal(t, r.Version(s), r2.Version(s), s)
			due, _ := r.NextDue(s)
			due2, _ := r2.NextDue(s)
			assert.Equal(t, due, due2, s)
		}
		for _, p := range r.Parties() {
			assert.Equal(t, r.TenantUses(p), r2.TenantUses(p), p)
			c, _ := r.Commitment(p)
			c2, _ := r2.Commitment(p)
			assert.Equal(t, c.History(), c2.History(), p)
			assert.Equal(t, c.Apps(), c2.Apps(), p)
		}
		assert.ElementsMatch(t, r.StandingObligations(), r2.StandingObligations())
		assert.ElementsMatch(t, r.ObligationsDue(day("2025-01-01"), day("2040-12-31")), r2.ObligationsDue(day("2025-01-01"), day("2040-12-31")))
	}

	// Both go on the same way: the notice of "noticed" takes effect, the
	// expired app's certificate is renewed, and a new agreement replaces
	// the current one.
	for _, x := range []*commitment.Register{r, restored} {
		_, err := x.Advance(day("2025-12-01"))
		require.NoError(t, err)
		mustRun(t, x, "2025-12-02", string(appVendorID), lifecycle.RenewAuditCertificate{App: "expired", ValidUntil: day("2027-06-30")})
		mustRun(t, x, "2025-12-03", "", lifecycle.SignJointAgreement{Agreement: "next", Main: everyMain, Tenant: tenantA, Services: []lifecycle.ServiceID{prescription}})
	}
	assert.Equal(t, lifecycle.Ended, agreementStates(restored)["noticed"])
	assert.Equal(t, lifecycle.Ended, agreementStates(restored)["current"])
	assert.Equal(t, string(marshalRegister(t, r)), string(marshalRegister(t, restored)))
}

// Register.Restore takes streams one at a time, the parties before their
// agreements, and gives the same register.
func TestRestore_RegisterStreamByStream(t *testing.T) {
	r := everyStateRegister(t)
	again := commitment.NewRegister()
	for _, p := range r.Parties() {
		c, _ := r.Commitment(p)
		require.NoError(t, again.Restore(commitment.PartyStream(p), c.History()))
	}
	for _, a := range r.Agreements() {
		require.NoError(t, again.Restore(commitment.AgreementStream(a.ID), r.AgreementHistory(a.ID)))
	}
	assert.Equal(t, string(marshalRegister(t, r)), string(marshalRegister(t, again)))

	tenant, _ := r.Commitment(tenantA)
	for _, tc := range []struct {
		stream string
		events []commitment.Event
		word   string
	}{
		{commitment.PartyStream(tenantA), tenant.History(), "holds this stream already"},
		{commitment.PartyStream("toinen"), tenant.History(), `the history registers "mukana"`},
		{"customer/toinen", tenant.History(), "a stream is party/ID or agreement/ID"},
		{commitment.AgreementStream("tyhjä"), nil, "starts with its signing"},
	} {
		fresh := commitment.NewRegister()
		if tc.word == "holds this stream already" {
			fresh = again
		}
		historyRefused(t, fresh.Restore(tc.stream, tc.events), "stream", tc.word)
	}
}

// Data of another schema version is refused, and so is data that is not a
// commitment or a register at all.
func TestRestore_WrongSchemaVersionIsRefused(t *testing.T) {
	c := everyEventCommitments(t)["pharmacist"]
	for _, schema := range []any{1, 3, nil} {
		data := editJSON(t, marshal(t, c), func(m map[string]any) { m["schema"] = schema })
		_, err := commitment.Restore(data)
		ie := inputError(t, err)
		assert.Equal(t, "schema", ie.Field, "%v", schema)
		assert.Contains(t, ie.Reason, "schema version 2")

		data = editJSON(t, marshalRegister(t, everyStateRegister(t)), func(m map[string]any) { m["schema"] = schema })
		_, err = commitment.RestoreRegister(data)
		ie = inputError(t, err)
		assert.Equal(t, "schema", ie.Field, "%v", schema)
	}
	// A register whose party is of another schema is refused too.
	data := editJSON(t, marshalRegister(t, everyStateRegister(t)), func(m map[string]any) {
		m["parties"].([]any)[0].(map[string]any)["schema"] = 1
	})
	_, err := commitment.RestoreRegister(data)
	ie := inputError(t, err)
	assert.Equal(t, "schema", ie.Field)

	for _, bad := range []string{``, `null`, `[]`, `{}`, `{"schema":2}`, `{"schema":2,"history":[]}`, `{"schema":2,"customer":{"id":"x","kind":"other"},"history":[],"colour":1}`} {
		_, err := commitment.Restore([]byte(bad))
		assert.Error(t, err, bad)
	}
	for _, bad := range []string{``, `null`, `[]`, `{}`, `{"schema":2,"parties":[{}],"agreements":[]}`, `{"schema":2,"parties":[],"agreements":[],"x":1}`} {
		_, err := commitment.RestoreRegister([]byte(bad))
		assert.Error(t, err, bad)
	}
}

// json.Unmarshal into a Commitment or a Register that was in use replaces
// it; bad data leaves it exactly as it was.
func TestRestore_UnmarshalLeavesTheValueUnchangedOnBadData(t *testing.T) {
	r := everyStateRegister(t)
	before := marshalRegister(t, r)
	good := marshalRegister(t, register(t, party("uusi", lifecycle.OtherActor)))
	for _, bad := range [][]byte{
		[]byte(`{"schema":1,"parties":[],"agreements":[]}`),
		[]byte(`not json`),
		editJSON(t, before, func(m map[string]any) {
			ag, _ := agreementJSON(m, "noticed")
			ag["state"] = "in-force"
		}),
	} {
		assert.Error(t, json.Unmarshal(bad, r))
		assert.Equal(t, string(before), string(marshalRegister(t, r)), "the register is as it was")
	}
	require.NoError(t, json.Unmarshal(good, r))
	assert.Equal(t, string(good), string(marshalRegister(t, r)), "good data replaces the register")
	assert.Equal(t, []lifecycle.PartyID{"uusi"}, r.Parties())

	c := everyEventCommitments(t)["pharmacist"]
	cBefore := freeze(t, c)
	for _, bad := range [][]byte{
		[]byte(`{"schema":1}`),
		editJSON(t, cBefore.json, func(m map[string]any) { m["customership"].(map[string]any)["state"] = "active" }),
	} {
		assert.Error(t, json.Unmarshal(bad, c))
		cBefore.assertUnchanged(t, c)
	}
	other := marshal(t, newCustomer(t, lifecycle.OtherActor))
	require.NoError(t, json.Unmarshal(other, c))
	assert.Equal(t, string(other), string(marshal(t, c)))
}

// editJSON decodes data, lets edit change it and encodes it again.
func editJSON(t *testing.T, data []byte, edit func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	edit(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

// historyRefused asserts that err refuses a history with an
// *lifecycle.InputError naming field, whose reason says word.
func historyRefused(t *testing.T, err error, field, word string) {
	t.Helper()
	require.Error(t, err, "the tampered history was accepted")
	var ie *lifecycle.InputError
	require.True(t, errors.As(err, &ie), "expected an *lifecycle.InputError, got %T: %v", err, err)
	assert.Equal(t, field, ie.Field, "%v", err)
	assert.Contains(t, ie.Reason, word, "%v", err)
}

// restoreTampered checks that a tampered history is refused alike by Replay
// and, inside otherwise well-formed JSON, by Restore.
func restoreTampered(t *testing.T, c *commitment.Commitment, h []commitment.Event, field, word string) {
	t.Helper()
	_, err := commitment.Replay(h)
	historyRefused(t, err, field, word)

	raw := make([]json.RawMessage, len(h))
	for i, e := range h {
		b, err := commitment.MarshalEvent(e)
		require.NoError(t, err)
		raw[i] = b
	}
	data := editJSON(t, marshal(t, c), func(m map[string]any) { m["history"] = raw })
	_, err = commitment.Restore(data)
	historyRefused(t, err, field, word)
}

// eventIndex returns the index of the first event of h that match accepts.
func eventIndex(t *testing.T, h []commitment.Event, match func(e commitment.Event) bool) int {
	t.Helper()
	i := slices.IndexFunc(h, match)
	require.GreaterOrEqual(t, i, 0, "no such event")
	return i
}

// transitionOn matches the transition of machine on event.
func transitionOn(machine string, event engine.EventID) func(e commitment.Event) bool {
	return func(e commitment.Event) bool {
		tr, ok := e.(commitment.Transitioned)
		return ok && tr.Machine == machine && tr.Event.EventID() == event
	}
}

// editTransition returns h with its transition i changed by edit.
func editTransition(h []commitment.Event, i int, edit func(tr *commitment.Transitioned)) []commitment.Event {
	h = slices.Clone(h)
	tr := h[i].(commitment.Transitioned)
	edit(&tr)
	h[i] = tr
	return h
}

// insertEvents returns h with e inserted at i.
func insertEvents(h []commitment.Event, i int, e ...commitment.Event) []commitment.Event {
	return slices.Insert(slices.Clone(h), i, e...)
}

// removeEvents returns h without the events that match.
func removeEvents(h []commitment.Event, match func(e commitment.Event) bool) []commitment.Event {
	return slices.DeleteFunc(slices.Clone(h), match)
}

func historyAt(i int) string { return fmt.Sprintf("history[%d]", i) }

// A customership ended while a service is still in use is a transition
// whose branch does not hold (C8).
func TestRestore_C8_EndingTheCustomershipWhileAServiceIsInUseIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, kelain)
	mustExec(t, c, "2025-01-11", lifecycle.TerminateByAuthority{Service: prescription})
	require.Equal(t, lifecycle.Active, c.Customership())
	h := c.History()
	ended := commitment.Transitioned{On: day("2025-01-11"), Machine: "customership", Event: lifecycle.LastServiceEnded{}, From: lifecycle.Active, To: lifecycle.Ended}
	restoreTampered(t, c, insertEvents(h, len(h), ended), historyAt(len(h)), "no service left in use")
}

// A history whose end leaves the customership where its services do not
// put it is refused: the last derived step is missing.
func TestRestore_C3_CustomershipLeftBehindItsServicesAtTheEndIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	h := removeEvents(c.History(), transitionOn("customership", "first-service-approved"))
	restoreTampered(t, c, h, "history", "although its services make it active")
}

// A derived step of the customership left out in the middle of a history
// is refused too, even when a later step settles the customership in a
// state that looks final: here the first approval's step (C3) is missing,
// and when the only service ends the history says every application was
// withdrawn (C12) instead of the customership ending (C8).
func TestRestore_C8_CustomershipSkippingAStepInTheMiddleIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	mustExec(t, c, "2025-01-11", lifecycle.TerminateByAuthority{Service: prescription})
	require.Equal(t, lifecycle.Ended, c.Customership())
	h := removeEvents(c.History(), transitionOn("customership", "first-service-approved"))
	i := eventIndex(t, h, transitionOn("customership", "last-service-ended"))
	h = editTransition(h, i, func(tr *commitment.Transitioned) {
		tr.Event, tr.From, tr.To = lifecycle.ApplicationsWithdrawn{}, lifecycle.Applied, lifecycle.Withdrawn
	})

	_, err := commitment.Replay(h)
	require.Error(t, err, "a customership that had a service in use never ends as withdrawn")
	var ie *lifecycle.InputError
	require.True(t, errors.As(err, &ie), "%T: %v", err, err)
	assert.Regexp(t, `^history\[\d+\]$`, ie.Field)
	assert.Contains(t, ie.Reason, "customership")
}

// A recorded request without the terms it was judged under is refused:
// the use's notice period and eligibility are read from them later.
func TestRestore_S5b_RequestWithoutItsTermsIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	h := c.History()
	i := eventIndex(t, h, transitionOn("service", "request-service"))
	h = editTransition(h, i, func(tr *commitment.Transitioned) {
		r := tr.Event.(lifecycle.RequestService)
		r.Terms = nil
		tr.Event = r
	})
	restoreTampered(t, c, h, historyAt(i), "carries the catalogue's terms")
}

// An event dated after a pending termination's effective day is refused
// unless the termination takes effect first (notice-elapsed).
func TestRestore_C9_EventAfterATerminationFellDueIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, kelain)
	mustExec(t, c, "2025-01-11", lifecycle.GiveTerminationNotice{Service: kelain, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	mustExec(t, c, "2025-01-12", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
	h := c.History()
	last := len(h) - 1
	contact := h[last].(commitment.Acted)
	contact.On = day("2025-03-10")
	h = slices.Clone(h)
	h[last] = contact
	restoreTampered(t, c, h, historyAt(last), "which the history does not apply first")

	// Applied first, the same day is accepted.
	mustAdvance(t, c, "2025-03-01")
	mustExec(t, c, "2025-03-10", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Toinen"})
	_, err := commitment.Replay(c.History())
	require.NoError(t, err)
}

// A termination cannot take effect before it was given (C9, S5): a history
// that records one is refused, for a service and for an agreement.
func TestRestore_C9_TerminationEffectiveBeforeItWasGivenIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, kelain)
	mustExec(t, c, "2025-01-11", lifecycle.GiveTerminationNotice{Service: kelain, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	h := c.History()
	i := eventIndex(t, h, transitionOn("service", "give-termination-notice"))
	h = editTransition(h, i, func(tr *commitment.Transitioned) {
		n := tr.Event.(lifecycle.GiveTerminationNotice)
		n.Effective = day("2025-01-01")
		tr.Event = n
	})
	restoreTampered(t, c, h, historyAt(i), "cannot take effect before it was given")

	r := everyStateRegister(t)
	data := editJSON(t, marshalRegister(t, r), func(m map[string]any) {
		ag, h := agreementJSON(m, "noticed")
		jsonTransition(h, "give-joint-agreement-notice")["data"].(map[string]any)["effective"] = "2025-02-01"
		ag["notice"].(map[string]any)["effective"] = "2025-02-01"
	})
	_, err := commitment.RestoreRegister(data)
	historyRefused(t, err, "agreement noticed history[2]", "cannot take effect before it was given")
}

// agreementJSON returns the decoded state and history of agreement id in a
// register's decoded JSON.
func agreementJSON(m map[string]any, id string) (map[string]any, []any) {
	a := agreementRecordJSON(m, id)
	return a["agreement"].(map[string]any), a["history"].([]any)
}

// agreementRecordJSON returns the decoded entry of agreement id, its
// agreement and its history, in a register's decoded JSON.
func agreementRecordJSON(m map[string]any, id string) map[string]any {
	for _, a := range m["agreements"].([]any) {
		a := a.(map[string]any)
		if a["agreement"].(map[string]any)["id"] == id {
			return a
		}
	}
	panic("no agreement " + id)
}

// agreementField returns the field of agreement id in r's JSON:
// agreements[i], in the order of r.Agreements.
func agreementField(r *commitment.Register, id lifecycle.AgreementID) string {
	for i, a := range r.Agreements() {
		if a.ID == id {
			return fmt.Sprintf("agreements[%d]", i)
		}
	}
	panic("no agreement " + id)
}

// partyJSON returns the decoded commitment of party id in a register's
// decoded JSON.
func partyJSON(m map[string]any, id lifecycle.PartyID) map[string]any {
	for _, p := range m["parties"].([]any) {
		p := p.(map[string]any)
		if p["customer"].(map[string]any)["id"] == string(id) {
			return p
		}
	}
	panic("no party " + id)
}

// jsonTransition returns the first decoded transition on event in h.
func jsonTransition(h []any, event string) map[string]any {
	for _, e := range h {
		if e := e.(map[string]any); e["event"] == event {
			return e
		}
	}
	panic("no transition on " + event)
}

// restoreStreams restores the streams of r into a new register, each
// party's history and each agreement's changed by edit (nil: as it is),
// and returns the first error.
func restoreStreams(r *commitment.Register, edit map[string]func([]commitment.Event) []commitment.Event) error {
	again := commitment.NewRegister()
	var streams []string
	histories := map[string][]commitment.Event{}
	for _, p := range r.Parties() {
		c, _ := r.Commitment(p)
		s := commitment.PartyStream(p)
		streams, histories[s] = append(streams, s), c.History()
	}
	for _, a := range r.Agreements() {
		s := commitment.AgreementStream(a.ID)
		streams, histories[s] = append(streams, s), r.AgreementHistory(a.ID)
	}
	for _, s := range streams {
		h := histories[s]
		if f := edit[s]; f != nil {
			h = f(h)
		}
		if err := again.Restore(s, h); err != nil {
			return err
		}
	}
	return nil
}

// A signing that the guards of J1b, J2, J3 and S3 would refuse on its day
// is refused when restored: the agreement's signing is decided again with
// the facts its parties' histories give at their JointAgreementSigned
// markers.
func TestRestore_J3_AgreementThatSigningWouldRefuseIsRefused(t *testing.T) {
	r := register(t,
		party("main", lifecycle.PrivateHealthCareProvider),
		party("tenant", lifecycle.PrivateHealthCareProvider),
		party("ward", lifecycle.PublicHealthCareProvider))
	mustRun(t, r, "2025-01-10", "main", firstRequest(prescription))
	mustRun(t, r, "2025-01-10", "main", lifecycle.ApproveService{Service: prescription})
	mustRun(t, r, "2025-01-11", "", lifecycle.SignJointAgreement{Agreement: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{prescription}})
	require.NoError(t, restoreStreams(r, nil), "untouched streams restore")

	signing := func(edit func(s *lifecycle.SignJointAgreement)) func([]commitment.Event) []commitment.Event {
		return func(h []commitment.Event) []commitment.Event {
			h = slices.Clone(h)
			for i, e := range h {
				if tr, ok := e.(commitment.Transitioned); ok {
					if s, ok := tr.Event.(lifecycle.SignJointAgreement); ok {
						edit(&s)
						tr.Event = s
						h[i] = tr
					}
				}
			}
			return h
		}
	}
	a1 := commitment.AgreementStream("a1")

	t.Run("the same party in both roles", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			a1: signing(func(s *lifecycle.SignJointAgreement) { s.Tenant = "main" }),
		})
		historyRefused(t, err, "agreement a1 history[0]", "different parties")
	})
	t.Run("an Annex 1 service the main connector did not have", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			a1: signing(func(s *lifecycle.SignJointAgreement) { s.Services = append(s.Services, kelain) }),
		})
		historyRefused(t, err, "agreement a1 history[1]", "signing would be refused")
		assert.ErrorContains(t, err, "does not have kelain")
	})
	t.Run("a main connector with no service in use", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			commitment.PartyStream("main"): func(h []commitment.Event) []commitment.Event {
				return removeEvents(h, func(e commitment.Event) bool {
					_, code := e.(commitment.CodeServiceInformed)
					return code || transitionOn("service", "approve-service")(e) || transitionOn("customership", "first-service-approved")(e)
				})
			},
		})
		historyRefused(t, err, "agreement a1 history[1]", "signing would be refused")
		assert.ErrorContains(t, err, "needs an active customership")
		assert.ErrorContains(t, err, "does not have prescription")
	})
	t.Run("a tenant not in Soteri", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			commitment.PartyStream("tenant"): func(h []commitment.Event) []commitment.Event {
				h = slices.Clone(h)
				reg := h[0].(commitment.Registered)
				reg.Customer.Soteri = false
				h[0] = reg
				return h
			},
		})
		historyRefused(t, err, "agreement a1 history[1]", "not registered in Soteri")
	})
	t.Run("a main connector that is a public provider", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			commitment.PartyStream("main"): func(h []commitment.Event) []commitment.Event {
				h = slices.Clone(h)
				reg := h[0].(commitment.Registered)
				reg.Customer.Kind = lifecycle.PublicHealthCareProvider
				h[0] = reg
				return h
			},
		})
		historyRefused(t, err, "agreement a1 history[1]", "private social or health care provider")
	})
	t.Run("a party whose history does not record signing", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			commitment.PartyStream("tenant"): func(h []commitment.Event) []commitment.Event { return h[:1] },
		})
		historyRefused(t, err, "agreement a1 history[1]", "does not record signing a1 as tenant")
	})
	t.Run("a party the register does not hold", func(t *testing.T) {
		err := restoreStreams(r, map[string]func([]commitment.Event) []commitment.Event{
			a1: signing(func(s *lifecycle.SignJointAgreement) { s.Tenant = "stranger" }),
		})
		historyRefused(t, err, "agreement a1 history[1]", "a party the register does not hold")
	})

	// The same, through RestoreRegister.
	data := editJSON(t, marshalRegister(t, r), func(m map[string]any) {
		ag, h := agreementJSON(m, "a1")
		ag["services"] = []any{"prescription", "kelain"}
		for _, e := range h {
			e.(map[string]any)["data"].(map[string]any)["services"] = []any{"prescription", "kelain"}
		}
	})
	_, err := commitment.RestoreRegister(data)
	historyRefused(t, err, "agreement a1 history[1]", "signing would be refused")
}

// A signing is judged on its own day: an agreement whose main connector
// later lost a service of Annex 1 restores, since the main connector had
// it in use when they signed (J3); the tenant's use of it has ended (J10).
func TestRestore_J3_SigningIsJudgedOnItsDay(t *testing.T) {
	r := register(t, party("main", lifecycle.PrivateHealthCareProvider), party("tenant", lifecycle.PrivateHealthCareProvider))
	mustRun(t, r, "2025-01-10", "main", firstRequest(prescription))
	mustRun(t, r, "2025-01-10", "main", lifecycle.ApproveService{Service: prescription})
	mustRun(t, r, "2025-01-10", "main", laterRequest(kelain))
	mustRun(t, r, "2025-01-10", "main", lifecycle.ApproveService{Service: kelain})
	mustRun(t, r, "2025-01-11", "", lifecycle.SignJointAgreement{Agreement: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{prescription, kelain}})
	mustRun(t, r, "2025-01-12", "main", lifecycle.TerminateByAuthority{Service: kelain})

	data := marshalRegister(t, r)
	restored, err := commitment.RestoreRegister(data)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(marshalRegister(t, restored)))
	assert.Equal(t, []commitment.TenantUse{
		{Agreement: "a1", Main: "main", Service: prescription, State: lifecycle.Active},
		{Agreement: "a1", Main: "main", Service: kelain, State: lifecycle.Terminated},
	}, restored.TenantUses("tenant"))
}

// Tampered histories of a lone commitment: each is refused by Replay and by
// Restore with the check that catches it.
func TestRestore_TamperedCommitmentHistoryIsRefused(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	mustExec(t, c, "2025-01-11", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	mustExec(t, c, "2025-01-12", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
	mustExec(t, c, "2025-01-13", lifecycle.DemonstrateCorrection{Service: prescription})
	h := c.History()
	request := eventIndex(t, h, transitionOn("service", "request-service"))
	approve := eventIndex(t, h, transitionOn("service", "approve-service"))
	suspend := eventIndex(t, h, transitionOn("service", "suspend-service"))
	correct := eventIndex(t, h, transitionOn("service", "demonstrate-correction"))
	code := eventIndex(t, h, func(e commitment.Event) bool { _, ok := e.(commitment.CodeServiceInformed); return ok })
	contact := eventIndex(t, h, func(e commitment.Event) bool { _, ok := e.(commitment.Acted); return ok })
	_, err := commitment.Replay(h)
	require.NoError(t, err, "the untouched history is accepted")

	cases := []struct {
		name  string
		h     []commitment.Event
		field string
		word  string
	}{
		{"a transition from the wrong state", editTransition(h, approve, func(tr *commitment.Transitioned) { tr.From = lifecycle.JointTested }),
			historyAt(approve), `says it left "joint-tested" but the state was "requested"`},
		{"a transition to the wrong target", editTransition(h, request, func(tr *commitment.Transitioned) { tr.To = lifecycle.Active }),
			historyAt(request), `leads to "requested", not "active"`},
		{"the last transition to the wrong target", editTransition(h, correct, func(tr *commitment.Transitioned) { tr.To = lifecycle.NoticeGiven }),
			historyAt(correct), `leads to "active", not "notice-given"`},
		{"a customership transition to the wrong target", editTransition(h, eventIndex(t, h, transitionOn("customership", "commitment-signed")),
			func(tr *commitment.Transitioned) { tr.To = lifecycle.Active }),
			historyAt(eventIndex(t, h, transitionOn("customership", "commitment-signed"))), `leads to "applied", not "active"`},
		{"an agreement's transition in a commitment", editTransition(h, suspend, func(tr *commitment.Transitioned) {
			tr.Machine, tr.Subject, tr.Event, tr.From, tr.To = "joint-agreement", "a1", lifecycle.EndProductionAgreement{Agreement: "a1"}, lifecycle.InForce, lifecycle.Ended
		}), historyAt(suspend), `no machine "joint-agreement"`},
		{"the request left out", removeEvents(h, transitionOn("service", "request-service")),
			historyAt(request), "commitment-signed is possible in state (not started) only when an application is pending"},
		{"the approval left out", removeEvents(h, transitionOn("service", "approve-service")),
			historyAt(approve), "first-service-approved is possible in state applied only when a service is in use"},
		{"events out of date order", editTransition(h, suspend, func(tr *commitment.Transitioned) { tr.On = day("2025-01-09") }),
			historyAt(suspend), "earlier than the previous event"},
		{"a transition without its day", editTransition(h, suspend, func(tr *commitment.Transitioned) { tr.On = notice.Date{} }),
			historyAt(suspend), "missing"},
		{"the first dated event without its day", editTransition(h, request, func(tr *commitment.Transitioned) { tr.On = notice.Date{} }),
			historyAt(request), "missing"},
		{"an act whose subject differs from its transition's", editTransition(h, suspend, func(tr *commitment.Transitioned) { tr.Subject = string(kelain) }),
			historyAt(suspend), `names "prescription" but moved "kelain"`},
		{"an unknown suspension reason", editTransition(h, suspend, func(tr *commitment.Transitioned) {
			tr.Event = lifecycle.SuspendService{Service: prescription, Reason: "bored"}
		}), historyAt(suspend), "unknown suspension reason"},
		{"a code service of another kind of customer", func() []commitment.Event {
			h := slices.Clone(h)
			h[code] = commitment.CodeServiceInformed{On: day("2025-01-10"), Service: prescription, Recipient: "Fimea"}
			return h
		}(), historyAt(code), `approval is notified to THL national code service, not "Fimea"`},
		{"a pharmacy for a customer who is not a pharmacist", insertEvents(h, contact, commitment.Acted{On: day("2025-01-12"), Act: lifecycle.AddPharmacy{Pharmacy: "Apteekki"}}),
			historyAt(contact), "only a pharmacist's commitment covers pharmacies"},
		{"a contact named twice", insertEvents(h, contact+1, h[contact]),
			historyAt(contact + 1), "already named in this role"},
		{"a contact removed that was never named", insertEvents(h, contact, commitment.Acted{On: day("2025-01-12"), Act: lifecycle.RemoveContact{Role: lifecycle.Billing, Name: "Laskutus"}}),
			historyAt(contact), "no contact of that name"},
		{"a record act that is malformed", insertEvents(h, contact, commitment.Acted{On: day("2025-01-12"), Act: lifecycle.NameContact{Role: lifecycle.Communications}}),
			historyAt(contact), "a contact needs a name"},
		{"the registered event missing", h[1:], historyAt(0), "starts with a registered event"},
		{"registered twice", insertEvents(h, 2, h[0]), historyAt(2), "only the first event registers"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) { restoreTampered(t, c, tc.h, tc.field, tc.word) })
	}

	t.Run("a transition of an unknown machine", func(t *testing.T) {
		_, err := commitment.Replay(editTransition(h, suspend, func(tr *commitment.Transitioned) { tr.Machine = "no-such-machine" }))
		historyRefused(t, err, historyAt(suspend), `no machine "no-such-machine"`)
		// In JSON such a transition cannot even be decoded.
		data := editJSON(t, marshal(t, c), func(m map[string]any) {
			m["history"].([]any)[suspend].(map[string]any)["machine"] = "no-such-machine"
		})
		_, err = commitment.Restore(data)
		assert.ErrorContains(t, err, historyAt(suspend)+`: event "transition": unknown machine "no-such-machine"`)
	})
	t.Run("empty", func(t *testing.T) {
		_, err := commitment.Replay(nil)
		historyRefused(t, err, "history", "starts with a registered event")
	})
	t.Run("a registered customer that is not valid", func(t *testing.T) {
		h := slices.Clone(h)
		h[0] = commitment.Registered{Customer: commitment.Customer{ID: "x y", Kind: lifecycle.OtherActor}}
		_, err := commitment.Replay(h)
		historyRefused(t, err, "customer.id", "no spaces")
	})
	t.Run("a state that its history does not produce", func(t *testing.T) {
		for _, edit := range []func(m map[string]any){
			func(m map[string]any) { m["customership"].(map[string]any)["state"] = "terminating" },
			func(m map[string]any) { m["customership"].(map[string]any)["since"] = "2024-01-01" },
			func(m map[string]any) { m["services"].([]any)[0].(map[string]any)["approved"] = "2025-01-11" },
			func(m map[string]any) { m["contacts"] = []any{} },
			func(m map[string]any) { m["pharmacies"] = []any{"Apteekki"} },
			func(m map[string]any) { m["customer"].(map[string]any)["name"] = "Toinen Oy" },
		} {
			_, err := commitment.Restore(editJSON(t, marshal(t, c), edit))
			historyRefused(t, err, "commitment", "does not match what its history produces")
		}
	})
}

// A commitment received by transfer carries the giver's history, which is
// checked as strictly as the receiver's own (C5).
func TestRestore_C5_ReceivedCommitmentIsCheckedToo(t *testing.T) {
	r := everyStateRegister(t)
	got, _ := r.Commitment(receiver)
	h := got.History()
	i := eventIndex(t, h, func(e commitment.Event) bool { _, ok := e.(commitment.CommitmentReceived); return ok })
	received := h[i].(commitment.CommitmentReceived)
	withNested := func(edit func(n []commitment.Event) []commitment.Event) []commitment.Event {
		h := slices.Clone(h)
		rc := received
		rc.History = edit(slices.Clone(received.History))
		h[i] = rc
		return h
	}
	approve := eventIndex(t, received.History, transitionOn("service", "approve-service"))

	restoreTampered(t, got, withNested(func(n []commitment.Event) []commitment.Event {
		return editTransition(n, approve, func(tr *commitment.Transitioned) { tr.To = lifecycle.Suspended })
	}), historyAt(i), "the commitment received: history["+fmt.Sprint(approve)+"]")
	restoreTampered(t, got, withNested(func(n []commitment.Event) []commitment.Event {
		return append(n, commitment.Acted{On: day("2025-04-01"), Act: lifecycle.AddPharmacy{Pharmacy: "Myöhäinen"}})
	}), historyAt(i), "events after the day it was received")
	restoreTampered(t, got, insertEvents(h, i+1, received), historyAt(i+1), "only by a customer that holds none of its own")

	// The giver keeps its history, which ends with the transfer.
	gave, _ := r.Commitment(giver)
	gh := gave.History()
	assert.IsType(t, commitment.Acted{}, gh[len(gh)-1])
	assert.Equal(t, engine.None, gave.Customership())
	assert.Empty(t, gave.Services())
}

// Tampered registers: each is refused by RestoreRegister with the check that
// catches it.
func TestRestore_TamperedRegisterIsRefused(t *testing.T) {
	r := everyStateRegister(t)
	data := marshalRegister(t, r)
	_, err := commitment.RestoreRegister(data)
	require.NoError(t, err, "untouched data restores")
	vendor, _ := r.Commitment(appVendorID)
	vh := vendor.History()
	appTransition := func(app lifecycle.AppID, event engine.EventID) func(e commitment.Event) bool {
		return func(e commitment.Event) bool {
			tr, ok := e.(commitment.Transitioned)
			return ok && tr.Machine == "app" && tr.Subject == string(app) && tr.Event.EventID() == event
		}
	}
	// Without its joint testing, the app's certification is the first
	// event that finds it in another state.
	certified := eventIndex(t, vh, appTransition("production", "certify-app")) - 1
	removed := eventIndex(t, vh, appTransition("removed", "remove-app"))
	notified := eventIndex(t, vh, func(e commitment.Event) bool { return e.Type() == "notify-change" })

	cases := []struct {
		name  string
		edit  func(m map[string]any)
		field string
		word  string
	}{
		{"an agreement's state rewritten", func(m map[string]any) {
			ag, _ := agreementJSON(m, "noticed")
			ag["state"] = "in-force"
		}, agreementField(r, "noticed"), "does not match what its history produces"},
		{"an agreement's end rewritten", func(m map[string]any) {
			ag, _ := agreementJSON(m, "in-force")
			ag["ended"] = "2030-01-01"
		}, agreementField(r, "in-force"), "does not match"},
		{"Annex 1 extended without a history", func(m map[string]any) {
			ag, _ := agreementJSON(m, "current")
			ag["services"] = append(ag["services"].([]any), "kelain")
		}, agreementField(r, "current"), "does not match"},
		{"a notice's effective day moved", func(m map[string]any) {
			ag, _ := agreementJSON(m, "noticed")
			ag["notice"].(map[string]any)["effective"] = "2025-03-01"
		}, agreementField(r, "noticed"), "does not match"},
		{"a transition to the wrong target", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			h[len(h)-1].(map[string]any)["to"] = "ended"
		}, "agreement noticed history[2]", `leads to "notice-given", not "ended"`},
		{"a transition from the wrong state", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			h[len(h)-1].(map[string]any)["from"] = "draft"
		}, "agreement noticed history[2]", `says it left "draft"`},
		{"the signing left out", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			agreementRecordJSON(m, "noticed")["history"] = append([]any{h[0]}, h[2:]...)
		}, "agreement noticed history[1]", "not possible in state draft"},
		{"out of date order", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			h[len(h)-1].(map[string]any)["on"] = "2025-01-01"
		}, "agreement noticed history[2]", "earlier than the previous event"},
		{"an event after the notice took effect", func(m map[string]any) {
			_, h := agreementJSON(m, "three-months") // ended on notice on 11 May
			last := h[len(h)-1].(map[string]any)
			require.Equal(t, "notice-elapsed", last["event"])
			last["event"], last["on"], last["data"] = "end-production-agreement", "2025-05-20", map[string]any{"agreement": "three-months"}
		}, "agreement three-months history[3]", "which the history does not apply first"},
		{"a transition of another agreement", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			h[len(h)-1].(map[string]any)["subject"] = "current"
		}, "agreement noticed history[2]", "only its own transitions"},
		{"a transition of another machine", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			e := h[len(h)-1].(map[string]any)
			e["machine"], e["event"], e["data"] = "app", "suspend-app", map[string]any{"app": "x", "reason": "x"}
		}, "agreement noticed history[2]", "only its own transitions"},
		{"a commitment's event in an agreement's history", func(m map[string]any) {
			a := agreementRecordJSON(m, "noticed")
			a["history"] = append(a["history"].([]any), map[string]any{"type": "add-pharmacy", "on": "2025-06-01", "pharmacy": "x"})
		}, "agreement noticed history[3]", "only its own transitions"},
		{"an act naming another agreement than its subject", func(m map[string]any) {
			_, h := agreementJSON(m, "noticed")
			h[len(h)-1].(map[string]any)["data"].(map[string]any)["agreement"] = "current"
		}, "agreement noticed history[2]", `names "current" but moved "noticed"`},
		{"an agreement listed twice", func(m map[string]any) {
			m["agreements"] = append(m["agreements"].([]any), m["agreements"].([]any)[5])
		}, "stream", "holds this stream already"},
		{"a party listed twice", func(m map[string]any) {
			m["parties"] = append(m["parties"].([]any), m["parties"].([]any)[0])
		}, "parties[7]", "registered twice"},
		{"an app's state rewritten", func(m map[string]any) {
			for _, a := range partyJSON(m, appVendorID)["apps"].([]any) {
				if a := a.(map[string]any); a["id"] == "removed" {
					a["state"] = "production"
				}
			}
		}, "commitment", "does not match"},
		{"an app's certificate extended without a history", func(m map[string]any) {
			for _, a := range partyJSON(m, appVendorID)["apps"].([]any) {
				if a := a.(map[string]any); a["id"] == "expired" {
					a["audit_valid_until"] = "2030-12-31"
				}
			}
		}, "commitment", "does not match"},
		{"an app's certification left out", func(m map[string]any) {
			p := partyJSON(m, appVendorID)
			p["history"] = slices.DeleteFunc(p["history"].([]any), func(x any) bool {
				e := x.(map[string]any)
				return e["event"] == "certify-app" && e["subject"] == "production"
			})
		}, "commitment", "does not match"},
		{"an app connected before its joint testing", func(m map[string]any) {
			p := partyJSON(m, appVendorID)
			p["history"] = slices.DeleteFunc(p["history"].([]any), func(x any) bool {
				e := x.(map[string]any)
				return e["event"] == "pass-app-joint-testing" && e["subject"] == "production"
			})
		}, historyAt(certified), `says it left "joint-tested" but the state was "registered"`},
		{"an app removed to the wrong target", func(m map[string]any) {
			for _, e := range partyJSON(m, appVendorID)["history"].([]any) {
				if e := e.(map[string]any); e["event"] == "remove-app" {
					e["to"] = "withdrawn"
				}
			}
		}, historyAt(removed), `leads to "removed", not "withdrawn"`},
		{"a change notified out of date order", func(m map[string]any) {
			for _, e := range partyJSON(m, appVendorID)["history"].([]any) {
				if e := e.(map[string]any); e["type"] == "notify-change" {
					e["on"] = "2025-04-01"
				}
			}
		}, historyAt(notified), "earlier than the previous event"},
		{"a party renamed, so that an agreement names a party the register does not hold", func(m map[string]any) {
			p := partyJSON(m, tenantC)
			p["customer"].(map[string]any)["id"] = "toinen"
			p["history"].([]any)[0].(map[string]any)["customer"].(map[string]any)["id"] = "toinen"
		}, "agreement three-months history[1]", "a party the register does not hold"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := commitment.RestoreRegister(editJSON(t, data, tc.edit))
			historyRefused(t, err, tc.field, tc.word)
			assert.Nil(t, r)
		})
	}
	_, err = commitment.RestoreRegister([]byte(`{"parties": [`))
	assert.Error(t, err)
}
