package lifecycle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// The service machine on its own: the use of one service (YTE 5, 7, 7.1;
// SAT), its guards and branches named after their rules.

var svc = lifecycle.ServiceMachine()

// S1, C1, C2, C4, K1, S3: a request lists every unmet condition, each with
// its rule; an accepted one records the request.
func TestS1_C1_C2_C4_S3_RequestListsEveryUnmetCondition(t *testing.T) {
	cases := []struct {
		name      string
		facts     lifecycle.CustomerFacts
		signatory lifecycle.Signatory
		accepts   []lifecycle.Document
		terms     *lifecycle.ServiceTerms
		want      []rules.Rule
	}{
		{"C1: the first request carries the commitment", healthCare, lifecycle.TradeRegister, allDocs, plainTerms(), nil},
		{"C4: an authorised signatory may sign", healthCare, lifecycle.Authorised, allDocs, plainTerms(), nil},
		{"C4: so may one with minutes of a governing body", healthCare, lifecycle.GoverningBodyMinutes, allDocs, plainTerms(), nil},
		{"C2: a later request needs only its description", lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider, Committed: true}, lifecycle.TradeRegister, descOnly, plainTerms(), nil},
		{"C1: a first request without the commitment", healthCare, lifecycle.TradeRegister, descOnly, plainTerms(), []rules.Rule{rules.C1}},
		{"C1: a first request without the general terms", healthCare, lifecycle.TradeRegister, []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.ServiceDescription}, plainTerms(), []rules.Rule{rules.C1}},
		{"S1: no description accepted", lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider, Committed: true}, lifecycle.TradeRegister, nil, plainTerms(), []rules.Rule{rules.S1}},
		{"C4: no signature", healthCare, lifecycle.NoSignatory, allDocs, plainTerms(), []rules.Rule{rules.C4}},
		{"C4: no signatory named", healthCare, "", allDocs, plainTerms(), []rules.Rule{rules.C4}},
		{"A3: an app vendor cannot sign by authorisation", lifecycle.CustomerFacts{Kind: lifecycle.AppVendor}, lifecycle.Authorised, allDocs, plainTerms(), []rules.Rule{rules.A3}},
		{"S3: the social welfare repository for a social welfare provider", socialCare, lifecycle.TradeRegister, allDocs, satTerms(), nil},
		{"S3: and for an Åland provider", lifecycle.CustomerFacts{Kind: lifecycle.AlandProvider}, lifecycle.TradeRegister, allDocs, satTerms(), nil},
		{"S3: not for a health care provider", healthCare, lifecycle.TradeRegister, allDocs, satTerms(), []rules.Rule{rules.S3}},
		{"K1: an entry that restricts without naming its rule", healthCare, lifecycle.TradeRegister, allDocs,
			&lifecycle.ServiceTerms{Eligible: []lifecycle.Kind{lifecycle.Pharmacist}}, []rules.Rule{rules.K1}},
		{"no terms restrict nobody", healthCare, lifecycle.TradeRegister, allDocs, nil, nil},
		{"all at once", healthCare, lifecycle.NoSignatory, nil, satTerms(), []rules.Rule{rules.S1, rules.C1, rules.C4, rules.S3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := lifecycle.RequestService{Service: lifecycle.SocialWelfareClientDataRepository, Signatory: tc.signatory, Accepts: tc.accepts, Terms: tc.terms}
			u := lifecycle.ServiceUse{Service: lifecycle.SocialWelfareClientDataRepository}
			if tc.want == nil {
				assert.Equal(t, lifecycle.Requested, step(t, svc, &u, tc.facts, "2025-01-10", r))
				assert.Equal(t, "2025-01-10", u.Requested.String())
				assert.Equal(t, tc.signatory, u.Signatory)
				assert.Same(t, tc.terms, u.Terms, "the use keeps the terms it was requested under")
				assert.Equal(t, lifecycle.SocialWelfareClientDataRepository, u.Service)
				assert.True(t, u.Applying())
				assert.False(t, u.InUse())
				return
			}
			refusal := refuse(t, svc, &u, tc.facts, "2025-01-10", r)
			assert.Equal(t, tc.want, refusal.Rules())
			for _, rule := range tc.want {
				assert.ErrorIs(t, refusal, rule)
			}
		})
	}
}

// S3: the refusal names the kinds the entry is for and the kind that asked.
func TestS3_RefusalNamesTheKinds(t *testing.T) {
	u := lifecycle.ServiceUse{}
	r := refuse(t, svc, &u, healthCare, "2025-01-10", firstRequest(satTerms()))
	require.Len(t, r.Blockers, 1)
	assert.Equal(t, engine.Blocker{Rule: rules.S3,
		Reason: "the service is for public-social-welfare-provider, private-social-welfare-provider, aland-provider and other, not for a private-health-care-provider",
		Input:  "private-health-care-provider"}, r.Blockers[0])
	assert.Equal(t, []string{"SAT"}, r.Citations())
}

// S1, C2, S6: the very first request of a customership is governed by S1,
// a later service's by C2, the first after a termination or a withdrawal
// by S6, a request for one more part of the organisation by C13.
func TestS1_C2_S6_TheRuleOfEachRequest(t *testing.T) {
	got := map[engine.State]rules.Rule{}
	first := map[engine.State]rules.Rule{}
	d := svc.Describe()
	for _, e := range d.Edges() {
		if e.Event != "request-service" {
			continue
		}
		t := d.Transitions[e.Transition]
		if t.When.En == "no commitment in force" {
			first[e.From] = t.Rule
			continue
		}
		got[e.From] = t.Rule
	}
	assert.Equal(t, map[engine.State]rules.Rule{lifecycle.None: rules.S1, lifecycle.Terminated: rules.S6, lifecycle.Withdrawn: rules.S6}, first)
	assert.Equal(t, map[engine.State]rules.Rule{
		lifecycle.None: rules.C2, lifecycle.Terminated: rules.S6, lifecycle.Withdrawn: rules.S6,
		lifecycle.Requested: rules.C13, lifecycle.JointTested: rules.C13, lifecycle.ActivationTested: rules.C13,
		lifecycle.Active: rules.C13, lifecycle.Suspended: rules.C13, lifecycle.NoticeGiven: rules.C13,
	}, got)
}

// S6: a terminated service is taken into use again only by a new request:
// every other act is refused citing S6, the rule of the state.
func TestS6_ATerminatedServiceRefusesEveryActButANewRequest(t *testing.T) {
	u := activeUse(t)
	step(t, svc, &u, healthCare, "2025-02-01", lifecycle.TerminateByAuthority{Service: lifecycle.Prescription})
	require.Equal(t, lifecycle.Terminated, u.State)
	p := lifecycle.Prescription
	for _, ev := range []engine.Event{
		lifecycle.PassJointTesting{Service: p},
		lifecycle.PassActivationTest{Service: p},
		lifecycle.ApproveService{Service: p},
		lifecycle.WithdrawApplication{Service: p},
		lifecycle.ApplicationLapsed{},
		lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers},
		lifecycle.DemonstrateCorrection{Service: p},
		lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange},
		lifecycle.TerminateByAuthority{Service: p},
		lifecycle.NoticeElapsed{},
	} {
		t.Run(string(ev.EventID()), func(t *testing.T) {
			r := refuse(t, svc, &u, healthCare, "2025-02-05", ev)
			assert.Equal(t, []rules.Rule{rules.S6}, r.Rules())
			assert.Equal(t, rules.S6.Citations(), r.Citations())
		})
	}

	// A new request starts a new use: nothing of the old one is left.
	step(t, svc, &u, lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider, Committed: true}, "2025-03-01",
		lifecycle.RequestService{Service: p, Signatory: lifecycle.Authorised, Accepts: descOnly, OrgUnit: "north", Terms: plainTerms()})
	assert.Equal(t, lifecycle.Requested, u.State)
	assert.Equal(t, p, u.Service)
	assert.Equal(t, "2025-03-01", u.Requested.String())
	assert.Equal(t, lifecycle.Authorised, u.Signatory)
	assert.True(t, u.Approved.IsZero())
	assert.True(t, u.Ended.IsZero())
	assert.Nil(t, u.Termination)
	assert.Equal(t, []lifecycle.OrgUnit{{Name: "north", Requested: day("2025-03-01")}}, u.Units)
}

// C3: Kela's approval makes the service active; approving what is not a
// pending application is refused citing C3, the rule of approval, as it was
// before the rebuild.
func TestC3_ApprovalOfAnApplicationNotPendingCitesC3(t *testing.T) {
	withdrawn := requestedUse(t, healthCare, plainTerms())
	step(t, svc, &withdrawn, healthCare, "2025-01-15", lifecycle.WithdrawApplication{Service: lifecycle.Prescription})
	for name, u := range map[string]lifecycle.ServiceUse{
		"never requested": {Service: lifecycle.Prescription},
		"withdrawn":       withdrawn,
	} {
		t.Run(name, func(t *testing.T) {
			r := refuse(t, svc, &u, healthCare, "2025-01-20", lifecycle.ApproveService{Service: lifecycle.Prescription})
			assert.Equal(t, []rules.Rule{rules.C3}, r.Rules())
			assert.Equal(t, []string{"YTE 7"}, r.Citations())
		})
	}
}

// S2, C3: approval waits for the tests the catalogue entry requires; an
// entry that requires none is approved at once.
func TestS2_ApprovalWaitsForTheTestsTheEntryRequires(t *testing.T) {
	approve := lifecycle.ApproveService{Service: lifecycle.SocialWelfareClientDataRepository}
	u := requestedUse(t, socialCare, satTerms())
	r := refuse(t, svc, &u, socialCare, "2025-01-20", approve)
	assert.Equal(t, []engine.Blocker{
		{Rule: rules.S2, Reason: "the customer's system has not passed Kela's joint testing"},
		{Rule: rules.S2, Reason: "the activation test has not been passed"},
	}, r.Blockers)
	assert.Equal(t, []string{"SAT", "YTE 2.5"}, r.Citations())

	assert.Equal(t, lifecycle.JointTested, step(t, svc, &u, socialCare, "2025-01-21", lifecycle.PassJointTesting{Service: u.Service}))
	assert.Equal(t, "2025-01-21", u.JointTested.String())
	r = refuse(t, svc, &u, socialCare, "2025-01-22", approve)
	assert.Equal(t, []engine.Blocker{{Rule: rules.S2, Reason: "the activation test has not been passed"}}, r.Blockers)

	assert.Equal(t, lifecycle.ActivationTested, step(t, svc, &u, socialCare, "2025-01-23", lifecycle.PassActivationTest{Service: u.Service}))
	assert.Equal(t, "2025-01-23", u.ActivationTested.String())
	assert.Equal(t, lifecycle.Active, step(t, svc, &u, socialCare, "2025-01-24", approve))
	assert.Equal(t, "2025-01-24", u.Approved.String(), "C3")
	assert.True(t, u.InUse())
	assert.False(t, u.Applying())

	plain := requestedUse(t, healthCare, plainTerms())
	assert.Equal(t, lifecycle.Active, step(t, svc, &plain, healthCare, "2025-01-11", lifecycle.ApproveService{Service: lifecycle.Prescription}))
	assert.Equal(t, "2025-01-11", plain.Approved.String())
}

// S2: the activation test follows joint testing, and skips it only when the
// entry does not require it.
func TestS2_ActivationTestSkipsJointTestingOnlyWhenNotRequired(t *testing.T) {
	plain := requestedUse(t, healthCare, plainTerms())
	assert.Equal(t, lifecycle.ActivationTested, step(t, svc, &plain, healthCare, "2025-01-12", lifecycle.PassActivationTest{Service: lifecycle.Prescription}))
	assert.True(t, plain.JointTested.IsZero())

	sat := requestedUse(t, socialCare, satTerms())
	r := refuse(t, svc, &sat, socialCare, "2025-01-12", lifecycle.PassActivationTest{Service: lifecycle.Prescription})
	assert.Equal(t, []engine.Blocker{{Rule: rules.S2, Reason: "pass-activation-test is possible in state requested only when the entry does not require joint testing"}}, r.Blockers)

	tested := plain
	r = refuse(t, svc, &tested, healthCare, "2025-01-13", lifecycle.PassJointTesting{Service: lifecycle.Prescription})
	assert.Equal(t, []rules.Rule{rules.S2}, r.Rules(), "joint testing comes first")
	assert.Contains(t, r.Blockers[0].Reason, "pass-joint-testing is not possible in state activation-tested")
}

// C12: an application is withdrawn before its approval, not after.
func TestC12_WithdrawApplicationBeforeApproval(t *testing.T) {
	withdraw := lifecycle.WithdrawApplication{Service: lifecycle.Prescription}
	for _, tests := range [][]engine.Event{nil, {lifecycle.PassJointTesting{}}, {lifecycle.PassJointTesting{}, lifecycle.PassActivationTest{}}} {
		u := requestedUse(t, healthCare, plainTerms())
		for _, ev := range tests {
			step(t, svc, &u, healthCare, "2025-01-12", ev)
		}
		from := u.State
		assert.Equal(t, lifecycle.Withdrawn, step(t, svc, &u, healthCare, "2025-01-15", withdraw), "from %s", from)
		assert.Equal(t, "2025-01-15", u.Ended.String())
		assert.False(t, u.Applying())
	}
	u := activeUse(t)
	r := refuse(t, svc, &u, healthCare, "2025-02-01", withdraw)
	assert.Equal(t, []rules.Rule{rules.C12}, r.Rules())
	assert.Equal(t, []string{"REK"}, r.Citations())
	none := lifecycle.ServiceUse{}
	assert.Equal(t, []rules.Rule{rules.C12}, refuse(t, svc, &none, healthCare, "2025-02-01", withdraw).Rules())
}

// C8: an application still pending when the customership ends lapses with
// it; nobody performs the lapse.
func TestC8_APendingApplicationLapsesWithTheCustomership(t *testing.T) {
	u := requestedUse(t, healthCare, plainTerms())
	assert.Equal(t, lifecycle.Withdrawn, step(t, svc, &u, healthCare, "2025-03-01", lifecycle.ApplicationLapsed{}))
	assert.Equal(t, "2025-03-01", u.Ended.String())

	a := activeUse(t)
	r := refuse(t, svc, &a, healthCare, "2025-03-01", lifecycle.ApplicationLapsed{})
	assert.Equal(t, []rules.Rule{rules.C8}, r.Rules())
	actor, ok := svc.Actor("application-lapsed")
	require.True(t, ok)
	assert.Zero(t, actor, "nobody performs it")
}

// S4, YTE 5: Kela suspends a service in use, for one reason or more; the
// customer's demonstration of correction ends every suspension and returns
// the service where it was: active, or under notice when a termination is
// pending.
func TestS4_SuspensionAndCorrection(t *testing.T) {
	p := lifecycle.Prescription
	u := activeUse(t)
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &u, healthCare, "2025-03-01", lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers}))
	assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers}, u.Suspensions.Reasons())
	assert.True(t, u.InUse(), "a suspended service is in use")
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &u, healthCare, "2025-03-02", lifecycle.SuspendService{Service: p, Reason: lifecycle.ValviraProhibition}), "suspended again while suspended")
	assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers, lifecycle.ValviraProhibition}, u.Suspensions.Reasons())
	assert.Equal(t, lifecycle.Active, step(t, svc, &u, healthCare, "2025-03-10", lifecycle.DemonstrateCorrection{Service: p}))
	assert.Zero(t, u.Suspensions.Len(), "one demonstration ends every suspension")

	r := refuse(t, svc, &u, healthCare, "2025-03-11", lifecycle.DemonstrateCorrection{Service: p})
	assert.Equal(t, []rules.Rule{rules.S4}, r.Rules(), "nothing to correct")
	assert.Equal(t, []string{"YTE 5"}, r.Citations())

	noticed := activeUse(t)
	step(t, svc, &noticed, healthCare, "2025-03-01", lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &noticed, healthCare, "2025-03-05", lifecycle.SuspendService{Service: p, Reason: lifecycle.LicenceRevoked}))
	assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &noticed, healthCare, "2025-03-10", lifecycle.DemonstrateCorrection{Service: p}), "the termination is still pending")
	assert.Equal(t, "2025-06-01", noticed.Termination.Effective.String())

	for _, from := range []lifecycle.ServiceUse{{Service: p}, requestedUse(t, healthCare, plainTerms())} {
		r := refuse(t, svc, &from, healthCare, "2025-03-01", lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers})
		assert.Equal(t, []rules.Rule{rules.S4}, r.Rules(), "only a service in use is suspended: %s", from.State.Name())
		assert.Contains(t, r.Blockers[0].Reason, "(only from active, notice-given, suspended)")
	}
}

// C9: the customer terminates a service in writing, on a change, naming the
// day it takes effect; the notice elapses on that day, and the service is
// terminated from it.
func TestC9_TerminationNoticeAndItsEffectiveDay(t *testing.T) {
	p := lifecycle.Prescription
	u := activeUse(t)
	for name, tc := range map[string]struct {
		ev     lifecycle.GiveTerminationNotice
		reason string
	}{
		"without a reason":        {lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01")}, "a termination states the change it is made on"},
		"without its day":         {lifecycle.GiveTerminationNotice{Service: p, Reason: lifecycle.OtherChange}, "a termination names the day it takes effect"},
		"without reason nor date": {lifecycle.GiveTerminationNotice{Service: p}, "a termination states the change it is made on"},
	} {
		t.Run(name, func(t *testing.T) {
			r := refuse(t, svc, &u, healthCare, "2025-03-01", tc.ev)
			require.Len(t, r.Blockers, 1)
			assert.Equal(t, rules.C9, r.Blockers[0].Rule)
			assert.Contains(t, r.Blockers[0].Reason, tc.reason)
			assert.Equal(t, []string{"YTE 7.1"}, r.Citations())
		})
	}

	assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &u, healthCare, "2025-03-01",
		lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.BusinessAcquisition}))
	assert.Equal(t, &lifecycle.Termination{Given: day("2025-03-01"), Effective: day("2025-06-01"), Reason: lifecycle.BusinessAcquisition}, u.Termination)
	pending, ok := u.PendingTermination()
	assert.True(t, ok)
	assert.Equal(t, *u.Termination, pending)
	assert.True(t, u.InUse(), "in use until the day")

	r := refuse(t, svc, &u, healthCare, "2025-03-02", lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-07-01"), Reason: lifecycle.OtherChange})
	assert.Equal(t, []rules.Rule{rules.C9}, r.Rules(), "one notice at a time")

	d, ev, due := svc.Due(&u)
	require.True(t, due)
	assert.Equal(t, "2025-06-01", d.String())
	assert.Equal(t, lifecycle.NoticeElapsed{}, ev)
	r = refuse(t, svc, &u, healthCare, "2025-05-31", lifecycle.NoticeElapsed{})
	assert.Equal(t, []rules.Rule{rules.C9}, r.Rules(), "not before its day")
	for _, on := range []string{"2025-06-01", "2025-08-15"} {
		e := u
		assert.Equal(t, lifecycle.Terminated, step(t, svc, &e, healthCare, on, lifecycle.NoticeElapsed{}))
		assert.Equal(t, "2025-06-01", e.Ended.String(), "ended on the effective day, however late time is let pass")
		assert.False(t, e.InUse())
		_, ok := e.PendingTermination()
		assert.False(t, ok, "a terminated use has nothing pending")
		_, _, due := svc.Due(&e)
		assert.False(t, due)
	}
	_, _, due = svc.Due(ptr(activeUse(t)))
	assert.False(t, due, "nothing is due without a notice")
}

// C9, S4: a suspended service receiving notice stays suspended with the
// termination pending; it ends on the day, suspended or not.
func TestC9_ASuspendedServiceReceivingNotice(t *testing.T) {
	p := lifecycle.Prescription
	u := activeUse(t)
	step(t, svc, &u, healthCare, "2025-03-01", lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers})
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &u, healthCare, "2025-03-02",
		lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-05-01"), Reason: lifecycle.CeasingOperations}))
	_, pending := u.PendingTermination()
	assert.True(t, pending)
	r := refuse(t, svc, &u, healthCare, "2025-03-03", lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange})
	assert.Equal(t, []engine.Blocker{{Rule: rules.C9, Reason: "give-termination-notice is possible in state suspended only when no termination pending"}}, r.Blockers)

	d, _, due := svc.Due(&u)
	require.True(t, due)
	assert.Equal(t, "2025-05-01", d.String())
	ended := u
	assert.Equal(t, lifecycle.Terminated, step(t, svc, &ended, healthCare, "2025-05-01", lifecycle.NoticeElapsed{}))
	assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &u, healthCare, "2025-04-01", lifecycle.DemonstrateCorrection{Service: p}))
}

// S5, S5b: a notice must reach Kela at least the entry's period before the
// end of use; late, it is refused citing the entry's rule: S5 for the social
// welfare client data repository, S5b elsewhere. Month ends and leap days
// count backwards from the effective day.
func TestS5_S5b_NoticePeriodOfTheCatalogueEntry(t *testing.T) {
	cases := []struct {
		given, effective string
		latest           string // the latest notice day; given is late when after it
	}{
		{"2025-02-28", "2025-03-31", "2025-02-28"},
		{"2025-03-01", "2025-03-31", "2025-02-28"},
		{"2025-05-30", "2025-06-30", "2025-05-30"},
		{"2025-05-31", "2025-06-30", "2025-05-30"},
		{"2024-02-29", "2024-03-31", "2024-02-29"},
		{"2024-03-01", "2024-03-31", "2024-02-29"},
		{"2025-02-01", "2025-03-01", "2025-02-01"},
		{"2025-02-02", "2025-03-01", "2025-02-01"},
		{"2025-01-31", "2025-02-28", "2025-01-28"},
	}
	for _, terms := range []struct {
		name  string
		facts lifecycle.CustomerFacts
		terms *lifecycle.ServiceTerms
		rule  rules.Rule
	}{{"S5b", healthCare, plainTerms(), rules.S5b}, {"S5", socialCare, satTerms(), rules.S5}} {
		for _, tc := range cases {
			t.Run(terms.name+" "+tc.given+" for "+tc.effective, func(t *testing.T) {
				u := lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Active, Terms: terms.terms}
				ev := lifecycle.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day(tc.effective), Reason: lifecycle.OtherChange}
				if tc.given <= tc.latest {
					assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &u, terms.facts, tc.given, ev))
					return
				}
				r := refuse(t, svc, &u, terms.facts, tc.given, ev)
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, terms.rule, r.Blockers[0].Rule)
				assert.Equal(t, tc.effective, r.Blockers[0].Input)
				assert.Contains(t, r.Blockers[0].Reason, "so the latest notice day is "+tc.latest)
			})
		}
	}
}

// C10: a service statutory for the customer's kind is given up only when the
// obligation lapsed, operations cease or the connection model changes.
func TestC10_AStatutoryServiceIsGivenUpOnlyOnItsGrounds(t *testing.T) {
	statutory := plainTerms()
	statutory.Statutory = []lifecycle.Kind{lifecycle.PublicHealthCareProvider}
	public := lifecycle.CustomerFacts{Kind: lifecycle.PublicHealthCareProvider}
	for _, tc := range []struct {
		facts  lifecycle.CustomerFacts
		reason lifecycle.TerminationReason
		ok     bool
	}{
		{public, lifecycle.ObligationLapsed, true},
		{public, lifecycle.ConnectionModelChange, true},
		{public, lifecycle.CeasingOperations, true},
		{public, lifecycle.Reorganisation, false},
		{public, lifecycle.BusinessAcquisition, false},
		{public, lifecycle.OtherChange, false},
		{healthCare, lifecycle.Reorganisation, true},
	} {
		t.Run(string(tc.facts.Kind)+" "+string(tc.reason), func(t *testing.T) {
			u := lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Active, Terms: statutory}
			ev := lifecycle.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-06-01"), Reason: tc.reason}
			if tc.ok {
				assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &u, tc.facts, "2025-03-01", ev))
				return
			}
			r := refuse(t, svc, &u, tc.facts, "2025-03-01", ev)
			assert.Equal(t, []rules.Rule{rules.C10}, r.Rules())
			assert.Equal(t, string(tc.reason), r.Blockers[0].Input)
			assert.Contains(t, r.Blockers[0].Reason, "prescription is statutory for a public-health-care-provider")
		})
	}
}

// C11, S7: Kanta terminates a use on an authority's notice: at once when its
// day is today, past or unnamed, from every state of an application or a use
// (C11); on a later day from a service in use, which is then under notice
// (S7), the earlier of two pending terminations taking effect.
func TestC11_S7_TerminationByAuthority(t *testing.T) {
	p := lifecycle.Prescription
	uses := map[engine.State]lifecycle.ServiceUse{}
	u := requestedUse(t, healthCare, plainTerms())
	uses[lifecycle.Requested] = u
	step(t, svc, &u, healthCare, "2025-01-11", lifecycle.PassJointTesting{Service: p})
	uses[lifecycle.JointTested] = u
	step(t, svc, &u, healthCare, "2025-01-12", lifecycle.PassActivationTest{Service: p})
	uses[lifecycle.ActivationTested] = u
	step(t, svc, &u, healthCare, "2025-01-13", lifecycle.ApproveService{Service: p})
	uses[lifecycle.Active] = u
	s := u
	step(t, svc, &s, healthCare, "2025-01-14", lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers})
	uses[lifecycle.Suspended] = s
	step(t, svc, &u, healthCare, "2025-01-14", lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange})
	uses[lifecycle.NoticeGiven] = u

	for from, use := range uses {
		for _, effective := range []string{"", "2025-02-01", "2025-01-15"} {
			t.Run("at once from "+string(from)+" "+effective, func(t *testing.T) {
				u := use
				ev := lifecycle.TerminateByAuthority{Service: p}
				if effective != "" {
					ev.Effective = day(effective)
				}
				assert.Equal(t, lifecycle.Terminated, step(t, svc, &u, healthCare, "2025-02-01", ev))
				assert.Equal(t, "2025-02-01", u.Ended.String())
				assert.Equal(t, &lifecycle.Termination{Given: day("2025-02-01"), Effective: day("2025-02-01"), ByAuthority: true}, u.Termination)
			})
		}
	}

	later := lifecycle.TerminateByAuthority{Service: p, Effective: day("2025-05-01")}
	a := uses[lifecycle.Active]
	assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &a, healthCare, "2025-02-01", later), "S7")
	assert.Equal(t, &lifecycle.Termination{Given: day("2025-02-01"), Effective: day("2025-05-01"), ByAuthority: true}, a.Termination)
	d, _, _ := svc.Due(&a)
	assert.Equal(t, "2025-05-01", d.String())

	sus := uses[lifecycle.Suspended]
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &sus, healthCare, "2025-02-01", later), "S7: a suspended service stays suspended")
	assert.Equal(t, day("2025-05-01"), sus.Termination.Effective)

	earlier := uses[lifecycle.NoticeGiven] // the customer's own notice ends it on 2025-06-01
	assert.Equal(t, lifecycle.NoticeGiven, step(t, svc, &earlier, healthCare, "2025-02-01", later))
	assert.Equal(t, &lifecycle.Termination{Given: day("2025-02-01"), Effective: day("2025-05-01"), ByAuthority: true}, earlier.Termination, "the authority's earlier day")
	kept := uses[lifecycle.NoticeGiven]
	step(t, svc, &kept, healthCare, "2025-02-01", lifecycle.TerminateByAuthority{Service: p, Effective: day("2025-09-01")})
	assert.Equal(t, &lifecycle.Termination{Given: day("2025-01-14"), Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, kept.Termination,
		"an authority's later day does not postpone the customer's own")

	req := uses[lifecycle.Requested]
	r := refuse(t, svc, &req, healthCare, "2025-02-01", later)
	assert.Equal(t, []engine.Blocker{{Rule: rules.C11, Reason: "terminate-by-authority is possible in state requested only when takes effect at once"}}, r.Blockers,
		"an application is terminated at once or not at all")
	none := lifecycle.ServiceUse{}
	r = refuse(t, svc, &none, healthCare, "2025-02-01", lifecycle.TerminateByAuthority{Service: p})
	assert.Equal(t, []rules.Rule{rules.C11}, r.Rules())
	assert.Equal(t, []string{"YTE 7.1"}, r.Citations())
}

// C13: a request that names a part of the organisation not yet using the
// service extends the use there, with the general terms and the
// description accepted in that part and the signing right; a repeated
// request is refused.
func TestC13_ARequestForAnotherPartOfTheOrganisation(t *testing.T) {
	p := lifecycle.Prescription
	committed := lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider, Committed: true}
	extend := func(unit string) lifecycle.RequestService {
		return lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: unitDocs, OrgUnit: unit}
	}
	u := requestedUse(t, healthCare, plainTerms())
	noticed := activeUse(t)
	step(t, svc, &noticed, committed, "2025-02-01", lifecycle.GiveTerminationNotice{Service: p, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange})
	suspended := activeUse(t)
	step(t, svc, &suspended, committed, "2025-02-01", lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers})
	for _, use := range []lifecycle.ServiceUse{u, activeUse(t), suspended, noticed} {
		t.Run(string(use.State), func(t *testing.T) {
			u := use
			before := u
			assert.Equal(t, use.State, step(t, svc, &u, committed, "2025-02-10", extend("south")), "the use stays where it is")
			assert.Equal(t, []lifecycle.OrgUnit{{Name: "south", Requested: day("2025-02-10")}}, u.Units)
			assert.Equal(t, use.Requested, u.Requested, "the use's own request is kept")
			assert.Equal(t, use.Termination, u.Termination)
			assert.Empty(t, before.Units, "a copy taken before keeps its units")
			assert.Equal(t, use.State, step(t, svc, &u, committed, "2025-02-11", extend("west")))
			assert.Equal(t, []string{"south", "west"}, []string{u.Units[0].Name, u.Units[1].Name})

			for name, tc := range map[string]struct {
				ev   lifecycle.RequestService
				want []engine.Blocker
			}{
				"repeated without a part": {lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: allDocs},
					[]engine.Blocker{{Rule: rules.C13, Reason: "request-service is possible in state " + string(use.State) + " only when it names a part of the organisation not yet using it"}}},
				"repeated for a part using it": {extend("south"),
					[]engine.Blocker{{Rule: rules.C13, Reason: "request-service is possible in state " + string(use.State) + " only when it names a part of the organisation not yet using it"}}},
				"without the general terms there": {lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: descOnly, OrgUnit: "east"},
					[]engine.Blocker{{Rule: rules.C13, Reason: "taking the service into use in east needs the general-terms accepted there", Input: "east"}}},
				"without signing right": {lifecycle.RequestService{Service: p, Signatory: lifecycle.NoSignatory, Accepts: nil, OrgUnit: "east"},
					[]engine.Blocker{
						{Rule: rules.C13, Reason: "taking the service into use in east needs the general-terms and service-description accepted there", Input: "east"},
						{Rule: rules.C4, Reason: "the signatory holds no signing right and no authorisation from someone who does", Input: "none"},
					}},
			} {
				t.Run(name, func(t *testing.T) {
					r := refuse(t, svc, &u, committed, "2025-02-12", tc.ev)
					assert.Equal(t, tc.want, r.Blockers)
				})
			}
		})
	}
}

// C13 with S2: when activation is phased, the tests and Kela's approval of a
// service in use may name a part of the organisation where it was requested
// and not yet approved; they act on that part only, and the part is
// approved after the tests its entry requires there.
func TestC13_TestsAndApprovalOfAPartOfTheOrganisation(t *testing.T) {
	sat := lifecycle.SocialWelfareClientDataRepository
	facts := lifecycle.CustomerFacts{Kind: lifecycle.PublicSocialWelfareProvider, Committed: true}
	u := lifecycle.ServiceUse{Service: sat}
	step(t, svc, &u, socialCare, "2025-01-10", lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: allDocs, OrgUnit: "north", Terms: satTerms()})
	assert.Equal(t, []lifecycle.OrgUnit{{Name: "north", Requested: day("2025-01-10")}}, u.Units)

	r := refuse(t, svc, &u, facts, "2025-01-11", lifecycle.PassJointTesting{Service: sat, OrgUnit: "west"})
	assert.Equal(t, []engine.Blocker{{Rule: rules.C13, Reason: "the service was not requested for west", Input: "west"}}, r.Blockers, "before approval, a named part must have requested it")

	step(t, svc, &u, facts, "2025-01-11", lifecycle.PassJointTesting{Service: sat, OrgUnit: "north"})
	step(t, svc, &u, facts, "2025-01-12", lifecycle.PassActivationTest{Service: sat, OrgUnit: "north"})
	assert.Equal(t, lifecycle.Active, step(t, svc, &u, facts, "2025-01-13", lifecycle.ApproveService{Service: sat, OrgUnit: "north"}))
	assert.Equal(t, []lifecycle.OrgUnit{{Name: "north", Requested: day("2025-01-10"), JointTested: day("2025-01-11"), ActivationTested: day("2025-01-12"), Approved: day("2025-01-13")}}, u.Units)
	assert.Equal(t, "2025-01-13", u.Approved.String(), "the first approval approves the use")

	step(t, svc, &u, facts, "2025-02-01", lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: unitDocs, OrgUnit: "south"})
	r = refuse(t, svc, &u, facts, "2025-02-02", lifecycle.ApproveService{Service: sat, OrgUnit: "south"})
	assert.Equal(t, []engine.Blocker{
		{Rule: rules.C13, Reason: "south has not passed the joint testing, which the service requires in each part of the organisation where it is taken into use", Input: "south"},
		{Rule: rules.C13, Reason: "south has not passed the activation test, which the service requires in each part of the organisation where it is taken into use", Input: "south"},
	}, r.Blockers)

	before := u
	assert.Equal(t, lifecycle.Active, step(t, svc, &u, facts, "2025-02-03", lifecycle.PassJointTesting{Service: sat, OrgUnit: "south"}))
	assert.Equal(t, "2025-01-11", u.JointTested.String(), "the use's own test day is kept")
	assert.True(t, before.Units[1].JointTested.IsZero(), "a copy taken before keeps its parts as they were")
	r = refuse(t, svc, &u, facts, "2025-02-04", lifecycle.ApproveService{Service: sat, OrgUnit: "south"})
	assert.Equal(t, []rules.Rule{rules.C13}, r.Rules())
	require.Len(t, r.Blockers, 1)
	assert.Contains(t, r.Blockers[0].Reason, "activation test")

	assert.Equal(t, lifecycle.Active, step(t, svc, &u, facts, "2025-02-05", lifecycle.PassActivationTest{Service: sat, OrgUnit: "south"}))
	assert.Equal(t, lifecycle.Active, step(t, svc, &u, facts, "2025-02-06", lifecycle.ApproveService{Service: sat, OrgUnit: "south"}))
	assert.Equal(t, lifecycle.OrgUnit{Name: "south", Requested: day("2025-02-01"), JointTested: day("2025-02-03"), ActivationTested: day("2025-02-05"), Approved: day("2025-02-06")}, u.Units[1])
	assert.Equal(t, "2025-01-13", u.Approved.String(), "the use's own approval is kept")

	for name, ev := range map[string]engine.Event{
		"approval of a part approved":   lifecycle.ApproveService{Service: sat, OrgUnit: "south"},
		"approval naming no part":       lifecycle.ApproveService{Service: sat},
		"approval of a part not asking": lifecycle.ApproveService{Service: sat, OrgUnit: "west"},
		"joint testing naming no part":  lifecycle.PassJointTesting{Service: sat},
		"a test of a part approved":     lifecycle.PassActivationTest{Service: sat, OrgUnit: "north"},
	} {
		t.Run(name, func(t *testing.T) {
			r := refuse(t, svc, &u, facts, "2025-02-07", ev)
			assert.Equal(t, []rules.Rule{rules.C13}, r.Rules())
			assert.Contains(t, r.Blockers[0].Reason, "only when it names a part of the organisation not yet approved")
		})
	}

	// An entry that requires no test approves a part at once.
	plain := activeUse(t)
	step(t, svc, &plain, facts, "2025-02-01", lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: unitDocs, OrgUnit: "south"})
	assert.Equal(t, lifecycle.Active, step(t, svc, &plain, facts, "2025-02-02", lifecycle.ApproveService{Service: lifecycle.Prescription, OrgUnit: "south"}))
	assert.Equal(t, "2025-02-02", plain.Units[0].Approved.String())

	// Under notice or suspended, a part may still be tested and approved.
	plain2 := activeUse(t)
	step(t, svc, &plain2, facts, "2025-02-01", lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: unitDocs, OrgUnit: "south"})
	step(t, svc, &plain2, facts, "2025-02-02", lifecycle.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers})
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &plain2, facts, "2025-02-03", lifecycle.PassJointTesting{Service: lifecycle.Prescription, OrgUnit: "south"}))
	assert.Equal(t, lifecycle.Suspended, step(t, svc, &plain2, facts, "2025-02-04", lifecycle.ApproveService{Service: lifecycle.Prescription, OrgUnit: "south"}))
}

// The states' classes: an application is applying, a service in use is
// active, suspended or under notice; terminated and withdrawn are final.
func TestServiceMachine_StatesAndClasses(t *testing.T) {
	assert.Equal(t, engine.StateSet{lifecycle.Requested, lifecycle.JointTested, lifecycle.ActivationTested}, svc.Members(lifecycle.Applying))
	assert.Equal(t, engine.StateSet{lifecycle.Active, lifecycle.Suspended, lifecycle.NoticeGiven}, svc.Members(lifecycle.InUse))
	for _, s := range svc.Describe().States {
		assert.Equal(t, s.ID == lifecycle.Terminated || s.ID == lifecycle.Withdrawn, s.Final, s.ID)
	}
	terminated, ok := svc.Describe().State(lifecycle.Terminated)
	require.True(t, ok)
	assert.Equal(t, rules.S6, terminated.Rule)
	assert.Equal(t, "service", svc.Name())
}

func TestServiceMachine_DecodeEventRebuildsTheTypedAct(t *testing.T) {
	ev, err := svc.DecodeEvent("give-termination-notice", []byte(`{"service":"kelain","effective":"2025-03-01","reason":"reorganisation"}`))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.GiveTerminationNotice{Service: lifecycle.Kelain, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation}, ev)
	ev, err = svc.DecodeEvent("request-service", []byte(`{"service":"kelain","signatory":"authorised","accepts":["service-description"],"org_unit":"north"}`))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.Authorised, Accepts: descOnly, OrgUnit: "north"}, ev)
	_, err = svc.DecodeEvent("no-such-event", nil)
	assert.Error(t, err)
	_, err = svc.DecodeEvent("give-termination-notice", []byte(`{"effective":"2025-02-30"}`))
	assert.Error(t, err, "no such day")
	_, err = svc.DecodeEvent("give-termination-notice", []byte(`{"effective":"2025-03-01","by":"kela"}`))
	assert.Error(t, err, "no such field")
}

func ptr[T any](v T) *T { return &v }
