package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// The joint-connection agreement (yhteisliittymismalli, SPEC §6) run through
// the Register, where both parties can be read.

// J1: the tenant becomes a Kanta user through the main connector's
// commitment and makes no application of its own (YTE 7, YLS 2).
func TestYLS2_J1_TenantUsesServicesThroughTheMainConnectorsCommitment(t *testing.T) {
	w := jxStandardWorld(t)
	tenant := w.c(jxTenant)
	require.Equal(t, lifecycle.None, tenant.Customership(), "the tenant has applied for nothing")
	assert.Empty(t, w.r.TenantUses(jxTenant), "no agreement, no use")

	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)

	uses := w.r.TenantUses(jxTenant)
	require.Len(t, uses, 1)
	assert.Equal(t, commitment.TenantUse{Agreement: "a1", Main: jxMain, Service: lifecycle.Prescription, State: lifecycle.Active}, uses[0])
	assert.Equal(t, lifecycle.None, tenant.Customership(), "still no application of its own")
	assert.Empty(t, tenant.Services())
	assert.Len(t, tenant.History(), 1, "signing the agreement adds nothing to the tenant's own commitment")
	assert.Empty(t, w.r.TenantUses(jxMain), "the main connector is nobody's tenant")
}

// J1b: the main connector is a private social or health care provider
// (YTE 7, YLS 1). Every kind takes the prescription service into use (the
// default catalogue restricts nobody for it), so the kind is the only thing
// that differs.
func TestYLS1_J1b_MainConnectorIsAPrivateProvider(t *testing.T) {
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			w := jxNewWorld(t)
			w.add("main", kind, true)
			w.add("tenant", lifecycle.PrivateHealthCareProvider, true)
			w.activate("2025-01-10", "main", lifecycle.Prescription)
			before := w.json()
			err := w.try("2025-02-03", "", commitment.SignJointAgreement{ID: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{lifecycle.Prescription}})
			if kind == lifecycle.PrivateHealthCareProvider || kind == lifecycle.PrivateSocialWelfareProvider {
				require.NoError(t, err)
				assert.Equal(t, lifecycle.InForce, w.agreement("a1").State)
				return
			}
			r := refusedBy(t, err, lifecycle.J1b, "YLS 1")
			assert.Contains(t, r.Citations(), "YTE 7")
			assert.Equal(t, []lifecycle.Rule{lifecycle.J1b}, r.Rules(), "the kind is the only reason")
			assert.Equal(t, before, w.json(), "a refused signing changes nothing")
			_, ok := w.r.Agreement("a1")
			assert.False(t, ok)
		})
	}
}

// J1b: the main connector has an active customership (YTE 7, YLS 1): not one
// still applied, not one whose every service is under notice, not one that
// has ended.
func TestYLS1_J1b_MainConnectorHasAnActiveCustomership(t *testing.T) {
	cases := []struct {
		name  string
		setup func(w *jxWorld)
		want  lifecycle.State
		ok    bool
	}{
		{"active: accepted", func(w *jxWorld) { w.activate("2025-01-10", "main", lifecycle.Prescription) }, lifecycle.Active, true},
		{"applied, not yet approved", func(w *jxWorld) {
			w.exec("2025-01-10", "main", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
		}, lifecycle.Applied, false},
		{"terminating: every service under notice", func(w *jxWorld) {
			w.activate("2025-01-10", "main", lifecycle.Prescription)
			w.exec("2025-01-20", "main", commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
		}, lifecycle.Terminating, false},
		{"ended", func(w *jxWorld) {
			w.activate("2025-01-10", "main", lifecycle.Prescription)
			w.exec("2025-01-20", "main", commitment.TerminateByAuthority{Service: lifecycle.Prescription})
		}, lifecycle.Ended, false},
		{"never requested anything", func(w *jxWorld) {}, lifecycle.None, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := jxNewWorld(t)
			w.add("main", lifecycle.PrivateHealthCareProvider, true)
			w.add("tenant", lifecycle.PrivateHealthCareProvider, true)
			tc.setup(w)
			require.Equal(t, tc.want, w.c("main").Customership())
			err := w.try("2025-02-03", "", commitment.SignJointAgreement{ID: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{lifecycle.Prescription}})
			if tc.ok {
				require.NoError(t, err)
				return
			}
			refusedBy(t, err, lifecycle.J1b, "YLS 1")
		})
	}
}

// J2: both parties are registered in Soteri (YLS 1). Each party not in it is
// a reason of its own.
func TestYLS1_J2_BothPartiesRegisteredInSoteri(t *testing.T) {
	cases := []struct {
		name               string
		mainIn, tenantIn   bool
		wantSoteriBlockers int
	}{
		{"both in Soteri: accepted", true, true, 0},
		{"main connector not in Soteri", false, true, 1},
		{"tenant not in Soteri", true, false, 1},
		{"neither in Soteri", false, false, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := jxNewWorld(t)
			w.add("main", lifecycle.PrivateHealthCareProvider, tc.mainIn)
			w.add("tenant", lifecycle.PrivateHealthCareProvider, tc.tenantIn)
			w.activate("2025-01-10", "main", lifecycle.Prescription)
			err := w.try("2025-02-03", "", commitment.SignJointAgreement{ID: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{lifecycle.Prescription}})
			if tc.wantSoteriBlockers == 0 {
				require.NoError(t, err)
				return
			}
			r := refusedBy(t, err, lifecycle.J2, "YLS 1")
			assert.Equal(t, []lifecycle.Rule{lifecycle.J2}, r.Rules())
			assert.Len(t, r.Blockers, tc.wantSoteriBlockers, "one reason per party not in Soteri")
		})
	}
}

// J3: Annex 1 lists only services the main connector has in use (YLS 1, 2,
// 13; design). In use means active, suspended or under notice.
func TestYLS1_J3_AnnexOneOnlyServicesInTheMainConnectorsUse(t *testing.T) {
	cases := []struct {
		name     string
		services []lifecycle.ServiceID
		setup    func(w *jxWorld)
		ok       bool
	}{
		{"both services in use", []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}, nil, true},
		{"a service never requested", []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.ImagingDataRepository}, nil, false},
		{"a service only requested", []lifecycle.ServiceID{lifecycle.ImagingDataRepository}, func(w *jxWorld) {
			w.exec("2025-01-20", jxMain, commitment.RequestService{Service: lifecycle.ImagingDataRepository, Signatory: lifecycle.TradeRegister, Accepts: descOnly})
		}, false},
		{"a suspended service is still in use", []lifecycle.ServiceID{lifecycle.Prescription}, func(w *jxWorld) {
			w.exec("2025-01-20", jxMain, commitment.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers})
		}, true},
		{"a service under notice is still in use", []lifecycle.ServiceID{lifecycle.Prescription}, func(w *jxWorld) {
			w.exec("2025-01-20", jxMain, commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange})
		}, true},
		{"a terminated service", []lifecycle.ServiceID{lifecycle.Prescription}, func(w *jxWorld) {
			w.exec("2025-01-20", jxMain, commitment.TerminateByAuthority{Service: lifecycle.Prescription})
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := jxStandardWorld(t)
			if tc.setup != nil {
				tc.setup(w)
			}
			before := w.json()
			err := w.try("2025-02-03", "", commitment.SignJointAgreement{ID: "a1", Main: jxMain, Tenant: jxTenant, Services: tc.services})
			if tc.ok {
				require.NoError(t, err)
				return
			}
			r := refusedBy(t, err, lifecycle.J3, "YLS 13")
			assert.Contains(t, r.Citations(), "design", "J3 is the library's reading")
			assert.Equal(t, before, w.json())
		})
	}
}

// J3: a service whose termination has taken effect is not in the main
// connector's use any more, even when nothing else has happened to the main
// connector since: the agreement is judged on the day it is signed.
func TestYLS1_J3_ServiceTerminatedBeforeTheSigningDayIsNotInUse(t *testing.T) {
	w := jxStandardWorld(t)
	w.exec("2025-01-20", jxMain, commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})

	err := w.try("2025-04-01", "", commitment.SignJointAgreement{ID: "a1", Main: jxMain, Tenant: jxTenant, Services: []lifecycle.ServiceID{lifecycle.Prescription}})
	refusedBy(t, err, lifecycle.J3, "YLS 13")
	assert.Equal(t, lifecycle.NoticeGiven, w.c(jxMain).State(lifecycle.Prescription), "a refused signing does not move the main connector's history either")

	w.sign("2025-02-28", "a2", jxMain, jxTenant, lifecycle.Prescription) // the last day of use: accepted
	assert.Equal(t, lifecycle.NoticeGiven, w.tenantState(jxTenant, "a2", lifecycle.Prescription))
}

// J3: the tenant's use of a service ends when the main connector's use of it
// ends; its other services continue.
func TestYLS13_J3_TenantsUseEndsWithTheMainConnectorsUse(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)
	w.exec("2025-03-10", jxMain, commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})

	assert.Equal(t, lifecycle.NoticeGiven, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "the main connector's notice shows in the tenant's use")
	w.advance("2025-04-30")
	assert.Equal(t, lifecycle.NoticeGiven, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "the last day of use")
	w.advance("2025-05-01")
	assert.Equal(t, lifecycle.Terminated, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "ends with the main connector's use")
	assert.Equal(t, lifecycle.Active, w.tenantState(jxTenant, "a1", lifecycle.PatientDataRepository), "the other service continues")
	assert.Equal(t, lifecycle.InForce, w.agreement("a1").State, "the agreement itself stays in force")

	// Suspension of the main connector's service suspends the tenant's use.
	w.exec("2025-05-10", jxMain, commitment.SuspendService{Service: lifecycle.PatientDataRepository, Reason: lifecycle.Endangers})
	assert.Equal(t, lifecycle.Suspended, w.tenantState(jxTenant, "a1", lifecycle.PatientDataRepository))
	w.exec("2025-05-20", jxMain, commitment.DemonstrateCorrection{Service: lifecycle.PatientDataRepository})
	assert.Equal(t, lifecycle.Active, w.tenantState(jxTenant, "a1", lifecycle.PatientDataRepository))
}

// J3: when the main connector's last service ends, so does its
// customership, and the tenant uses nothing; the agreement itself ends only
// as YLS 20 says (notice, the production agreement, rescission, a new
// agreement), and a new one cannot be signed with a main connector whose
// customership has ended (J1b).
func TestYLS13_J3_MainConnectorsLastServiceEnds(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)
	w.exec("2025-03-10", jxMain, commitment.GiveTerminationNotice{All: true, Effective: day("2025-05-01"), Reason: lifecycle.CeasingOperations})
	require.Equal(t, lifecycle.Terminating, w.c(jxMain).Customership())
	for _, u := range w.r.TenantUses(jxTenant) {
		assert.Equal(t, lifecycle.NoticeGiven, u.State, u.Service)
	}
	w.advance("2025-05-01")
	require.Equal(t, lifecycle.Ended, w.c(jxMain).Customership())
	for _, u := range w.r.TenantUses(jxTenant) {
		assert.Equal(t, lifecycle.Terminated, u.State, u.Service)
	}
	assert.Equal(t, lifecycle.InForce, w.agreement("a1").State)
	err := w.try("2025-05-02", "", commitment.SignJointAgreement{ID: "a2", Main: jxMain, Tenant: jxTenant, Services: []lifecycle.ServiceID{lifecycle.Prescription}})
	refusedBy(t, err, lifecycle.J1b, "YLS 1")
}

// J4: the agreement is in force from the day both parties sign it, until
// further notice; a new agreement between the same parties replaces the
// earlier one, which ends that day (YLS 20, 21).
func TestYLS20_J4_NewAgreementBetweenTheSamePartiesEndsTheOldOne(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
	w.sign("2025-02-03", "b1", jxMain, jxTenant2, lifecycle.Prescription)
	a1 := w.agreement("a1")
	assert.Equal(t, lifecycle.InForce, a1.State)
	assert.Equal(t, "2025-02-03", a1.Signed.String(), "in force from signing")
	assert.True(t, a1.Ended.IsZero(), "until further notice")

	events := w.exec("2025-06-16", "", commitment.SignJointAgreement{ID: "a2", Main: jxMain, Tenant: jxTenant,
		Services: []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}})

	a1 = w.agreement("a1")
	assert.Equal(t, lifecycle.Ended, a1.State)
	assert.Equal(t, "2025-06-16", a1.Ended.String(), "ends the day the new one is signed")
	assert.Equal(t, lifecycle.EventID("agreement-replaced"), a1.EndedBy)
	assert.Equal(t, lifecycle.InForce, w.agreement("a2").State)
	assert.Equal(t, lifecycle.InForce, w.agreement("b1").State, "an agreement with another tenant is not replaced")
	var replaced bool
	for _, e := range events {
		if tr, ok := e.(commitment.Transitioned); ok && tr.Subject == "a1" {
			replaced = tr.To == lifecycle.Ended
		}
	}
	assert.True(t, replaced, "the replacement is among the events returned")

	assert.Equal(t, lifecycle.Terminated, w.tenantState(jxTenant, "a1", lifecycle.Prescription))
	assert.Equal(t, lifecycle.Active, w.tenantState(jxTenant, "a2", lifecycle.Prescription))
	assert.Equal(t, lifecycle.Active, w.tenantState(jxTenant, "a2", lifecycle.PatientDataRepository))

	// A refused new agreement replaces nothing.
	before := w.json()
	err := w.try("2025-07-01", "", commitment.SignJointAgreement{ID: "a3", Main: jxMain, Tenant: jxTenant, Services: []lifecycle.ServiceID{lifecycle.Kelain}})
	refusedBy(t, err, lifecycle.J3, "YLS 13")
	assert.Equal(t, before, w.json())
	assert.Equal(t, lifecycle.InForce, w.agreement("a2").State)
}

// J4: an earlier agreement whose notice has already taken effect ends on its
// own effective day, not by the replacement; one whose notice is still
// pending is replaced.
func TestYLS20_J4_ReplacementOfAnAgreementUnderNotice(t *testing.T) {
	for _, tc := range []struct {
		name, effective, signed string
		endedBy                 lifecycle.EventID
		ended                   string
	}{
		{"notice pending at the new signing", "2025-05-01", "2025-04-15", "agreement-replaced", "2025-04-15"},
		{"notice took effect before the new signing", "2025-05-01", "2025-05-20", "notice-elapsed", "2025-05-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := jxStandardWorld(t)
			w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
			w.exec("2025-03-31", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day(tc.effective)})
			w.sign(tc.signed, "a2", jxMain, jxTenant, lifecycle.Prescription)
			a1 := w.agreement("a1")
			assert.Equal(t, lifecycle.Ended, a1.State)
			assert.Equal(t, tc.endedBy, a1.EndedBy)
			assert.Equal(t, tc.ended, a1.Ended.String())
		})
	}
}

// J5: either party terminates the agreement with one month's written notice,
// counted forward from the day the other party received it (YLS 20; SPEC §5
// notice-period): given 31 January, the period ends 28 February and the
// earliest first day without the agreement is 1 March.
func TestYLS20_J5_EitherPartyTerminatesWithOneMonthsNotice(t *testing.T) {
	cases := []struct {
		name       string
		production notice.Period
		by         string
		given      string
		effective  string
		ok         bool
	}{
		{"main connector, earliest day", notice.Period{}, jxMain, "2025-01-31", "2025-03-01", true},
		{"tenant, earliest day", notice.Period{}, jxTenant, "2025-01-31", "2025-03-01", true},
		{"one day short", notice.Period{}, jxMain, "2025-01-31", "2025-02-28", false},
		{"later than needed", notice.Period{}, jxTenant, "2025-01-31", "2025-06-01", true},
		{"mid-month", notice.Period{}, jxMain, "2025-01-15", "2025-02-16", true},
		{"mid-month, one day short", notice.Period{}, jxMain, "2025-01-15", "2025-02-15", false},
		{"leap year: period ends 29 February", notice.Period{}, jxMain, "2024-01-31", "2024-03-01", true},
		{"leap year: one day short", notice.Period{}, jxMain, "2024-01-31", "2024-02-29", false},
		{"production agreement's three months", notice.Months(3), jxMain, "2025-01-31", "2025-05-01", true},
		{"production agreement's three months, one day short", notice.Months(3), jxTenant, "2025-01-31", "2025-04-30", false},
		{"production agreement's three months: one month is not enough", notice.Months(3), jxMain, "2025-01-31", "2025-03-01", false},
		{"production agreement's two weeks", notice.Weeks(2), jxMain, "2025-01-31", "2025-02-15", true},
		{"production agreement's two weeks, one day short", notice.Weeks(2), jxMain, "2025-01-31", "2025-02-14", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := jxNewWorld(t)
			w.add(jxMain, lifecycle.PrivateHealthCareProvider, true)
			w.add(jxTenant, lifecycle.PrivateHealthCareProvider, true)
			w.activate("2024-01-02", jxMain, lifecycle.Prescription)
			w.exec("2024-01-03", "", commitment.SignJointAgreement{ID: "a1", Main: jxMain, Tenant: jxTenant,
				Services: []lifecycle.ServiceID{lifecycle.Prescription}, ProductionNotice: tc.production})
			before := w.json()
			err := w.try(tc.given, "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: tc.by, Effective: day(tc.effective)})
			if !tc.ok {
				refusedBy(t, err, lifecycle.J5, "YLS 20")
				assert.Equal(t, before, w.json(), "a late notice changes nothing; the effective day is never moved")
				return
			}
			require.NoError(t, err)
			a := w.agreement("a1")
			assert.Equal(t, lifecycle.NoticeGiven, a.State)
			require.NotNil(t, a.Notice)
			assert.Equal(t, lifecycle.Notice{By: tc.by, Given: day(tc.given), Effective: day(tc.effective)}, *a.Notice)
			assert.Equal(t, notice.NoticePeriod, a.Termination.Direction, "counted forward from the notice")
		})
	}
}

// J5: only a party terminates; a notice names its effective day; an
// agreement already under notice cannot be noticed again.
func TestYLS20_J5_OnlyAPartyTerminatesOnce(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
	w.sign("2025-02-03", "b1", jxMain, jxTenant2, lifecycle.Prescription)

	err := w.try("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant2, Effective: day("2025-06-01")})
	r := refusedBy(t, err, lifecycle.J5, "YLS 20")
	assert.Equal(t, jxTenant2, r.Blockers[0].Input, "the party that is not a party")
	err = w.try("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: "kela", Effective: day("2025-06-01")})
	refusedBy(t, err, lifecycle.J5, "YLS 20")
	err = w.try("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant})
	refusedBy(t, err, lifecycle.J5, "YLS 20")

	w.exec("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-06-01")})
	err = w.try("2025-03-04", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxMain, Effective: day("2025-05-01")})
	refusedBy(t, err, lifecycle.J5, "YLS 20")
	assert.Equal(t, "2025-06-01", w.agreement("a1").Notice.Effective.String(), "the first notice stands")

	inputError(t, w.try("2025-03-04", "", commitment.GiveJointAgreementNotice{Agreement: "nope", By: jxMain, Effective: day("2025-06-01")}))
	inputError(t, w.try("2025-03-04", "", commitment.GiveJointAgreementNotice{By: jxMain, Effective: day("2025-06-01")}))
}

// J5, J10: a termination takes effect on its effective day: the day before,
// the agreement is under notice and the tenant still uses the services; on
// the day, the agreement has ended and the tenant's use with it.
func TestYLS20_J5_J10_TerminationTakesEffectOnItsDay(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-01-20", "a1", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)
	w.exec("2025-01-31", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxMain, Effective: day("2025-03-01")})

	w.advance("2025-02-28")
	assert.Equal(t, lifecycle.NoticeGiven, w.agreement("a1").State)
	for _, u := range w.r.TenantUses(jxTenant) {
		assert.Equal(t, lifecycle.NoticeGiven, u.State, "%s on the last day of the period", u.Service)
	}
	w.advance("2025-03-01")
	a := w.agreement("a1")
	assert.Equal(t, lifecycle.Ended, a.State)
	assert.Equal(t, "2025-03-01", a.Ended.String())
	assert.Equal(t, lifecycle.EventID("notice-elapsed"), a.EndedBy)
	for _, u := range w.r.TenantUses(jxTenant) {
		assert.Equal(t, lifecycle.Terminated, u.State, "%s on the effective day", u.Service)
	}
	assert.Equal(t, lifecycle.Active, w.c(jxMain).State(lifecycle.Prescription), "the main connector's own use goes on")
	jxAssertEndedOn(t, w, "a1", "2025-03-01")
}

// jxAssertEndedOn asserts that agreement id's last event is its end, dated
// day.
func jxAssertEndedOn(t *testing.T, w *jxWorld, id, day string) {
	t.Helper()
	h := w.r.AgreementHistory(id)
	require.NotEmpty(t, h)
	last, ok := h[len(h)-1].(commitment.Transitioned)
	require.True(t, ok)
	assert.Equal(t, lifecycle.Ended, last.To)
	assert.Equal(t, day, last.Date().String(), "the end is dated its effective day")
}

// J5: when time is let pass well beyond the effective day, the agreement
// still ended on that day, and its history says so.
func TestYLS20_J5_NoticeTakesEffectOnItsDayWhenTimePassesLater(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-01-20", "a1", jxMain, jxTenant, lifecycle.Prescription)
	w.exec("2025-01-31", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-03-01")})
	w.advance("2025-06-30")
	assert.Equal(t, "2025-03-01", w.agreement("a1").Ended.String())
	jxAssertEndedOn(t, w, "a1", "2025-03-01")

	// A command on the agreement after its effective day lets time pass too.
	w2 := jxStandardWorld(t)
	w2.sign("2025-01-20", "a1", jxMain, jxTenant, lifecycle.Prescription)
	w2.exec("2025-01-31", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-03-01")})
	err := w2.try("2025-04-10", "", commitment.RescindJointAgreement{Agreement: "a1", Reason: "too late"})
	refusedBy(t, err, lifecycle.J7, "YLS 20")
	assert.Equal(t, lifecycle.NoticeGiven, w2.agreement("a1").State, "a refused command lets no time pass")
	w2.sign("2025-04-10", "a2", jxMain, jxTenant, lifecycle.Prescription)
	jxAssertEndedOn(t, w2, "a1", "2025-03-01")
	assert.Equal(t, lifecycle.EventID("notice-elapsed"), w2.agreement("a1").EndedBy, "ended by its notice, not replaced")
}

// J6: the agreement ends automatically, that day, when the parties'
// production agreement ends, whether or not a notice is pending; each
// agreement has its own production agreement (YLS 20).
func TestYLS20_J6_EndsWithTheProductionAgreement(t *testing.T) {
	for _, underNotice := range []bool{false, true} {
		name := "in force"
		if underNotice {
			name = "under notice"
		}
		t.Run(name, func(t *testing.T) {
			w := jxStandardWorld(t)
			w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
			w.sign("2025-02-03", "b1", jxMain, jxTenant2, lifecycle.Prescription)
			if underNotice {
				w.exec("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxMain, Effective: day("2025-09-01")})
			}
			w.exec("2025-04-10", "", commitment.EndProductionAgreement{Agreement: "a1"})
			a := w.agreement("a1")
			assert.Equal(t, lifecycle.Ended, a.State)
			assert.Equal(t, "2025-04-10", a.Ended.String())
			assert.Equal(t, lifecycle.EventID("end-production-agreement"), a.EndedBy)
			assert.Equal(t, lifecycle.Terminated, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "J10: the tenant's use ends the same day")
			assert.Equal(t, lifecycle.InForce, w.agreement("b1").State, "only this agreement's production agreement ended")

			err := w.try("2025-04-11", "", commitment.EndProductionAgreement{Agreement: "a1"})
			refusedBy(t, err, lifecycle.J6, "YLS 20")
		})
	}
}

// J7: the main connector may rescind the agreement at once for the tenant's
// serious breach, which it states (YLS 20).
func TestYLS20_J7_RescissionAtOnceNeedsTheBreachStated(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)

	before := w.json()
	err := w.try("2025-04-10", "", commitment.RescindJointAgreement{Agreement: "a1"})
	refusedBy(t, err, lifecycle.J7, "YLS 20")
	assert.Equal(t, before, w.json())
	assert.Equal(t, lifecycle.Active, w.tenantState(jxTenant, "a1", lifecycle.Prescription))

	w.exec("2025-04-10", "", commitment.RescindJointAgreement{Agreement: "a1", Reason: "shared credentials with a third party"})
	a := w.agreement("a1")
	assert.Equal(t, lifecycle.Ended, a.State)
	assert.Equal(t, "2025-04-10", a.Ended.String(), "at once")
	assert.Equal(t, lifecycle.EventID("rescind-joint-agreement"), a.EndedBy)
	assert.Equal(t, lifecycle.Terminated, w.tenantState(jxTenant, "a1", lifecycle.Prescription))

	err = w.try("2025-04-11", "", commitment.RescindJointAgreement{Agreement: "a1", Reason: "again"})
	refusedBy(t, err, lifecycle.J7, "YLS 20")
}

// J7: rescission is possible under notice too: a pending notice does not
// protect a tenant in serious breach.
func TestYLS20_J7_RescissionOfAnAgreementUnderNotice(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
	w.exec("2025-03-03", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-06-01")})
	w.exec("2025-03-20", "", commitment.RescindJointAgreement{Agreement: "a1", Reason: "endangered the main connector's access"})
	assert.Equal(t, "2025-03-20", w.agreement("a1").Ended.String())
}

// J8: the main connector is liable for the tenant's usage fees (YLS 18): the
// tenant's use is billed with the main connector as payer, and fees.Bill
// puts it on the main connector's invoice, citing F3 (YLS 18).
func TestYLS18_J8_MainConnectorIsThePayerOfItsTenantsUsage(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.PatientDataRepository)
	w.advance("2025-02-28")

	usage := w.r.Usage(commitment.UsagePolicy{})
	var tenantUse []fees.Usage
	for _, u := range usage {
		if u.Customer == jxTenant {
			tenantUse = append(tenantUse, u)
		}
	}
	require.Len(t, tenantUse, 1)
	assert.Equal(t, jxMain, tenantUse[0].Payer)
	assert.Equal(t, string(lifecycle.PatientDataRepository), tenantUse[0].Service)
	assert.Equal(t, "2025-02-03", tenantUse[0].From.String(), "from the signing")

	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)
	invoices, err := fees.Bill(tariff, day("2025-02-01"), usage, nil)
	require.NoError(t, err)
	require.Len(t, invoices, 1, "the tenant gets no invoice of its own")
	assert.Equal(t, jxMain, invoices[0].Payer)
	var tenantLines int
	for _, l := range invoices[0].Lines {
		if l.Customer != jxTenant {
			continue
		}
		tenantLines++
		assert.Equal(t, jxMain, l.Payer)
		assert.Contains(t, l.Rules, fees.F3)
		assert.Contains(t, l.Clauses(), "YLS 18")
		assert.Equal(t, 26, l.Days, "3 to 28 February")
	}
	assert.Equal(t, 1, tenantLines)
	assert.Equal(t, "YLS 18", lifecycle.J8.Clause())
}

// J9: the main connector does not guarantee availability and is not liable
// for damage from interruptions (YLS 19). It is a statement of
// non-liability between the parties: the library states it as a rule with
// its clause and enforces nothing with it — no transition or guard of the
// agreement machine is J9, so it never refuses anything.
func TestYLS19_J9_MainConnectorsNonLiabilityIsStatedNotEnforced(t *testing.T) {
	assert.True(t, lifecycle.J9.Known())
	assert.Equal(t, "YLS 19", lifecycle.J9.Clause())
	assert.False(t, lifecycle.J9.Design(), "the source's own words")
	assert.Contains(t, lifecycle.J9.Summary(), "not liable")
	for _, tr := range lifecycle.AgreementMachine().Describe().Transitions {
		assert.NotEqual(t, lifecycle.J9, tr.Rule, tr.Event)
		for _, g := range tr.Guards {
			assert.NotEqual(t, lifecycle.J9, g.Rule, tr.Event)
		}
	}
}

// J10: when the agreement ends, the tenant's use of the services under it
// ends the same day, however it ends (design, nearest YTE 7.1).
func TestDesign_J10_TenantsUseEndsTheDayTheAgreementEnds(t *testing.T) {
	cases := []struct {
		name string
		end  func(w *jxWorld) string // ends a1; returns the day it ended
	}{
		{"notice", func(w *jxWorld) string {
			w.exec("2025-03-14", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-04-15")})
			w.advance("2025-04-14")
			require.Equal(w.t, lifecycle.NoticeGiven, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "the day before")
			w.advance("2025-04-15")
			return "2025-04-15"
		}},
		{"production agreement ended", func(w *jxWorld) string {
			require.Equal(w.t, lifecycle.Active, w.tenantState(jxTenant, "a1", lifecycle.Prescription), "the day before")
			w.exec("2025-04-15", "", commitment.EndProductionAgreement{Agreement: "a1"})
			return "2025-04-15"
		}},
		{"rescinded", func(w *jxWorld) string {
			w.exec("2025-04-15", "", commitment.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"})
			return "2025-04-15"
		}},
		{"replaced", func(w *jxWorld) string {
			w.sign("2025-04-15", "a2", jxMain, jxTenant, lifecycle.PatientDataRepository)
			return "2025-04-15"
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := jxStandardWorld(t)
			w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)
			ended := tc.end(w)
			a := w.agreement("a1")
			assert.Equal(t, lifecycle.Ended, a.State)
			assert.Equal(t, ended, a.Ended.String())
			for _, u := range w.r.TenantUses(jxTenant) {
				if u.Agreement == "a1" {
					assert.Equal(t, lifecycle.Terminated, u.State, u.Service)
				}
			}
			assert.Equal(t, lifecycle.Active, w.c(jxMain).State(lifecycle.Prescription), "the main connector keeps its own use")
		})
	}
	assert.True(t, lifecycle.J10.Design())
	assert.Equal(t, []string{"YTE 7.1", "design"}, lifecycle.J10.Citations())
}

// Malformed signings are input errors, not refusals, and change nothing.
func TestYLS1_SigningMalformedAgreementsIsAnInputError(t *testing.T) {
	w := jxStandardWorld(t)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
	before := w.json()
	p := []lifecycle.ServiceID{lifecycle.Prescription}
	for name, cmd := range map[string]commitment.SignJointAgreement{
		"no identifier":      {Main: jxMain, Tenant: jxTenant2, Services: p},
		"identifier reused":  {ID: "a1", Main: jxMain, Tenant: jxTenant2, Services: p},
		"unknown main":       {ID: "x", Main: "nobody", Tenant: jxTenant2, Services: p},
		"unknown tenant":     {ID: "x", Main: jxMain, Tenant: "nobody", Services: p},
		"main is the tenant": {ID: "x", Main: jxMain, Tenant: jxMain, Services: p},
		"empty Annex 1":      {ID: "x", Main: jxMain, Tenant: jxTenant2},
		"unknown service":    {ID: "x", Main: jxMain, Tenant: jxTenant2, Services: []lifecycle.ServiceID{"massage"}},
		"service twice":      {ID: "x", Main: jxMain, Tenant: jxTenant2, Services: []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.Prescription}},
	} {
		t.Run(name, func(t *testing.T) {
			inputError(t, w.try("2025-03-03", "", cmd))
			assert.Equal(t, before, w.json())
		})
	}
}
