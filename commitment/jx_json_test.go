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

// JSON round trips of agreements and apps, and histories tampered with after
// they were written.

// jxRichWorld is a register with agreements in every state (in force, under
// notice, ended by notice, by the production agreement, by rescission and by
// replacement) and a vendor with apps in every state.
func jxRichWorld(t *testing.T) *jxWorld {
	t.Helper()
	w := jxStandardWorld(t)
	w.add("kolmas", lifecycle.PrivateHealthCareProvider, true)
	w.add(jxVendor, lifecycle.AppVendor, false)
	w.sign("2025-02-03", "in-force", jxMain, jxTenant, lifecycle.Prescription)
	w.sign("2025-02-03", "noticed", jxMain, jxTenant2, lifecycle.Prescription, lifecycle.PatientDataRepository)
	w.exec("2025-02-03", "", commitment.SignJointAgreement{ID: "three-months", Main: jxMain, Tenant: "kolmas",
		Services: []lifecycle.ServiceID{lifecycle.PatientDataRepository}, ProductionNotice: notice.Months(3)})
	w.exec("2025-02-10", "", commitment.GiveJointAgreementNotice{Agreement: "noticed", By: jxTenant2, Effective: day("2025-12-01")})
	w.exec("2025-02-10", "", commitment.GiveJointAgreementNotice{Agreement: "three-months", By: jxMain, Effective: day("2025-05-11")})
	w.advance("2025-05-11")
	w.exec("2025-05-12", "", commitment.EndProductionAgreement{Agreement: "in-force"})
	w.sign("2025-05-13", "rescinded", jxMain, jxTenant, lifecycle.PatientDataRepository)
	w.exec("2025-05-14", "", commitment.RescindJointAgreement{Agreement: "rescinded", Reason: "serious breach"})
	w.sign("2025-05-15", "replaced", jxMain, jxTenant, lifecycle.Prescription)
	w.sign("2025-05-16", "current", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)

	apps := []struct{ id string }{
		{"registered"}, {"tested"}, {"production"}, {"kela-suspended"},
		{"expired"}, {"noticed"}, {"withdrawn"}, {"removed"},
	}
	for _, a := range apps {
		w.exec("2025-05-16", jxVendor, commitment.RegisterApp{App: a.id, Signatory: lifecycle.GoverningBodyMinutes})
	}
	for _, a := range apps[1:] {
		w.exec("2025-05-17", jxVendor, commitment.PassAppJointTesting{App: a.id})
	}
	for _, a := range apps[1:] {
		until := "2027-01-31"
		if a.id == "expired" {
			until = "2025-06-30"
		}
		w.exec("2025-05-18", jxVendor, commitment.CertifyApp{App: a.id, ValviraRegistered: true, AuditValidUntil: day(until)})
	}
	for _, a := range apps[2:] {
		w.exec("2025-05-19", jxVendor, commitment.ConnectApp{App: a.id})
	}
	w.exec("2025-05-20", jxVendor, commitment.SuspendApp{App: "kela-suspended", Reason: "breach"})
	w.exec("2025-05-20", jxVendor, commitment.GiveAppWithdrawalNotice{App: "noticed", Effective: day("2025-12-01")})
	w.exec("2025-05-20", jxVendor, commitment.GiveAppWithdrawalNotice{App: "withdrawn", Effective: day("2025-06-20")})
	w.exec("2025-05-21", jxVendor, commitment.RemoveApp{App: "removed", Reason: lifecycle.OperationsEnded})
	w.exec("2025-05-22", jxVendor, commitment.NotifyChange{Rule: "technical-change", Effective: day("2025-05-30"), Details: "new endpoint"})
	w.advance("2025-07-01")
	return w
}

// The register's JSON restores to a register that writes the same JSON, has
// the same agreements, apps, tenant uses and obligations, and goes on the
// same way.
func TestJSON_RegisterRoundTripKeepsAgreementsAndApps(t *testing.T) {
	w := jxRichWorld(t)
	states := map[string]lifecycle.State{}
	for _, a := range w.r.Agreements() {
		states[a.ID] = a.State
	}
	require.Equal(t, map[string]lifecycle.State{
		"in-force": lifecycle.Ended, "noticed": lifecycle.NoticeGiven, "three-months": lifecycle.Ended,
		"rescinded": lifecycle.Ended, "replaced": lifecycle.Ended, "current": lifecycle.InForce,
	}, states)
	vendor := w.c(jxVendor)
	appStates := map[string]lifecycle.State{}
	for _, a := range vendor.Apps() {
		appStates[a.ID] = a.State
	}
	require.Equal(t, map[string]lifecycle.State{
		"registered": lifecycle.Registered, "tested": lifecycle.JointTested, "production": lifecycle.Production,
		"kela-suspended": lifecycle.Suspended, "expired": lifecycle.Suspended, "noticed": lifecycle.WithdrawalNoticed,
		"withdrawn": lifecycle.Withdrawn, "removed": lifecycle.Removed,
	}, appStates)

	data, err := json.Marshal(w.r)
	require.NoError(t, err)
	r2, err := commitment.RestoreRegister(data)
	require.NoError(t, err)
	again, err := json.Marshal(r2)
	require.NoError(t, err)
	assert.JSONEq(t, string(data), string(again))
	assert.Equal(t, string(data), string(again), "byte for byte")

	assert.Equal(t, w.r.Agreements(), r2.Agreements())
	for _, a := range w.r.Agreements() {
		// Compared as written: the parties' facts at signing are not part of
		// the JSON (lifecycle.SignJointAgreement tags them "-"), so a
		// restored signing event carries none.
		assert.Equal(t, jxEventsJSON(t, w.r.AgreementHistory(a.ID)), jxEventsJSON(t, r2.AgreementHistory(a.ID)), a.ID)
	}
	for _, p := range w.r.Parties() {
		assert.Equal(t, w.r.TenantUses(p), r2.TenantUses(p), p)
	}
	v2, ok := r2.Commitment(jxVendor)
	require.True(t, ok)
	assert.Equal(t, vendor.Apps(), v2.Apps())
	assert.ElementsMatch(t, w.r.StandingObligations(), r2.StandingObligations())
	assert.ElementsMatch(t, w.r.ObligationsDue(day("2025-01-01"), day("2040-12-31")), r2.ObligationsDue(day("2025-01-01"), day("2040-12-31")))

	// Both go on the same way.
	for _, r := range []*commitment.Register{w.r, r2} {
		require.NoError(t, r.Advance(day("2025-12-01")))
		_, err := r.Execute(day("2025-12-02"), jxVendor, commitment.RenewAuditCertificate{App: "expired", ValidUntil: day("2027-06-30")})
		require.NoError(t, err)
	}
	a, _ := r2.Agreement("noticed")
	assert.Equal(t, lifecycle.Ended, a.State)
	v2, _ = r2.Commitment(jxVendor)
	app, _ := v2.App("expired")
	assert.Equal(t, lifecycle.Production, app.State)
	b1, _ := json.Marshal(w.r)
	b2, _ := json.Marshal(r2)
	assert.Equal(t, string(b1), string(b2))
}

// jxEventsJSON returns events as MarshalEvent writes them.
func jxEventsJSON(t *testing.T, events []commitment.Event) []string {
	t.Helper()
	out := make([]string, len(events))
	for i, e := range events {
		b, err := commitment.MarshalEvent(e)
		require.NoError(t, err)
		out[i] = string(b)
	}
	return out
}

// A vendor's commitment restores on its own too, with its apps, their
// certification facts and the late notification.
func TestJSON_AppVendorCommitmentRoundTrip(t *testing.T) {
	c := jxRichWorld(t).c(jxVendor)
	data, err := json.Marshal(c)
	require.NoError(t, err)
	c2, err := commitment.Restore(data)
	require.NoError(t, err)
	assert.Equal(t, c.Apps(), c2.Apps())
	assert.Equal(t, c.History(), c2.History())
	assert.ElementsMatch(t, c.StandingObligations(), c2.StandingObligations())
	again, err := json.Marshal(c2)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(again))
	var late int
	for _, o := range c2.StandingObligations() {
		if o.Rule == "technical-change" {
			late++
		}
	}
	assert.Equal(t, 1, late, "the late notification survives the round trip")
}

// jxTamper decodes data, lets f change it and encodes it again.
func jxTamper(t *testing.T, data []byte, f func(m map[string]any)) []byte {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(data, &m))
	f(m)
	out, err := json.Marshal(m)
	require.NoError(t, err)
	return out
}

func jxObj(v any) map[string]any { return v.(map[string]any) }
func jxArr(v any) []any          { return v.([]any) }

// jxAgreementJSON returns agreement i of a register's decoded JSON: its
// state object and its history.
func jxAgreementJSON(m map[string]any, i int) (map[string]any, []any) {
	a := jxObj(jxArr(m["agreements"])[i])
	return jxObj(a["agreement"]), jxArr(a["history"])
}

// jxPartyJSON returns the decoded commitment of the party with id.
func jxPartyJSON(m map[string]any, id string) map[string]any {
	for _, p := range jxArr(m["parties"]) {
		if jxObj(jxObj(p)["customer"])["id"] == id {
			return jxObj(p)
		}
	}
	panic("no party " + id)
}

// A register whose agreements or apps do not match their histories, or whose
// histories break the machines' definitions or date order, is refused.
func TestJSON_TamperedHistoriesAreRefused(t *testing.T) {
	w := jxRichWorld(t)
	data, err := json.Marshal(w.r)
	require.NoError(t, err)
	_, err = commitment.RestoreRegister(data)
	require.NoError(t, err, "untouched data restores")

	// Agreement 1 is "noticed" (signed, under notice), agreement 5 "current".
	cases := map[string]func(m map[string]any){
		"agreement state rewritten": func(m map[string]any) {
			a, _ := jxAgreementJSON(m, 1)
			a["state"] = "in-force"
		},
		"agreement end date rewritten": func(m map[string]any) {
			a, _ := jxAgreementJSON(m, 0)
			a["ended"] = "2030-01-01"
		},
		"Annex 1 extended without a history": func(m map[string]any) {
			a, _ := jxAgreementJSON(m, 5)
			a["services"] = append(jxArr(a["services"]), "kelain")
		},
		"notice's effective day moved": func(m map[string]any) {
			a, _ := jxAgreementJSON(m, 1)
			jxObj(a["notice"])["effective"] = "2025-03-01"
		},
		"transition leads elsewhere": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			jxObj(h[len(h)-1])["to"] = "ended"
		},
		"transition from the wrong state": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			jxObj(h[len(h)-1])["from"] = "draft"
		},
		"signing left out of the history": func(m map[string]any) {
			a := jxObj(jxArr(m["agreements"])[1])
			h := jxArr(a["history"])
			a["history"] = append([]any{h[0]}, h[2:]...)
		},
		"history out of date order": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			jxObj(h[len(h)-1])["on"] = "2025-01-01"
		},
		"a transition of another agreement": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			jxObj(h[len(h)-1])["subject"] = "current"
		},
		"a transition of another machine": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			e := jxObj(h[len(h)-1])
			e["machine"], e["event"], e["data"] = "app", "suspend-app", map[string]any{"reason": "x"}
		},
		"an unknown event": func(m map[string]any) {
			_, h := jxAgreementJSON(m, 1)
			jxObj(h[len(h)-1])["event"] = "forget-agreement"
		},
		"a commitment's event in an agreement's history": func(m map[string]any) {
			a := jxObj(jxArr(m["agreements"])[1])
			a["history"] = append(jxArr(a["history"]), map[string]any{"type": "pharmacy-added", "on": "2025-06-01", "pharmacy": "x"})
		},
		"agreement listed twice": func(m map[string]any) {
			m["agreements"] = append(jxArr(m["agreements"]), jxArr(m["agreements"])[5])
		},
		"party listed twice": func(m map[string]any) {
			m["parties"] = append(jxArr(m["parties"]), jxArr(m["parties"])[0])
		},
		"app state rewritten": func(m map[string]any) {
			for _, a := range jxArr(jxPartyJSON(m, jxVendor)["apps"]) {
				if jxObj(a)["id"] == "removed" {
					jxObj(a)["state"] = "production"
				}
			}
		},
		"app certificate extended without a history": func(m map[string]any) {
			for _, a := range jxArr(jxPartyJSON(m, jxVendor)["apps"]) {
				if jxObj(a)["id"] == "expired" {
					jxObj(a)["audit_valid_until"] = "2030-12-31"
				}
			}
		},
		"app certification left out of the history": func(m map[string]any) {
			p := jxPartyJSON(m, jxVendor)
			var kept []any
			for _, e := range jxArr(p["history"]) {
				if jxObj(e)["type"] != "app-certified" || jxObj(e)["app"] != "production" {
					kept = append(kept, e)
				}
			}
			p["history"] = kept
		},
		"app transition leads elsewhere": func(m map[string]any) {
			p := jxPartyJSON(m, jxVendor)
			for _, e := range jxArr(p["history"]) {
				if jxObj(e)["event"] == "remove-app" {
					jxObj(e)["to"] = "withdrawn"
				}
			}
		},
		"app connected before it was joint-tested": func(m map[string]any) {
			p := jxPartyJSON(m, jxVendor)
			var kept []any
			for _, e := range jxArr(p["history"]) {
				if jxObj(e)["event"] != "pass-app-joint-testing" || jxObj(e)["subject"] != "production" {
					kept = append(kept, e)
				}
			}
			p["history"] = kept
		},
		"change notification out of date order": func(m map[string]any) {
			p := jxPartyJSON(m, jxVendor)
			for _, e := range jxArr(p["history"]) {
				if jxObj(e)["type"] == "change-notified" {
					jxObj(e)["on"] = "2025-04-01" // before the events around it
				}
			}
		},
	}
	for name, tamper := range cases {
		t.Run(name, func(t *testing.T) {
			bad := jxTamper(t, data, tamper)
			r, err := commitment.RestoreRegister(bad)
			assert.Error(t, err)
			assert.Nil(t, r)
			t.Log(err)
		})
	}
	_, err = commitment.RestoreRegister([]byte(`{"parties": [`))
	assert.Error(t, err)
}

// A tampered commitment is refused by Restore as well.
func TestJSON_TamperedAppHistoryRefusedByRestore(t *testing.T) {
	data, err := json.Marshal(jxRichWorld(t).c(jxVendor))
	require.NoError(t, err)
	bad := jxTamper(t, data, func(m map[string]any) {
		for _, a := range jxArr(m["apps"]) {
			if jxObj(a)["id"] == "kela-suspended" {
				jxObj(a)["kela_suspension"] = ""
			}
		}
	})
	_, err = commitment.Restore(bad)
	ie := inputError(t, err)
	assert.Contains(t, ie.Reason, "does not match")
}
