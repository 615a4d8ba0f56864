package lifecycle_test

import (
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// The joint-agreement machine on its own (YTE 7, YLS): its guards, its
// branches and its effects, and how a tenant's use follows from the
// agreement and the main connector's use (TenantState).

var agm = lifecycle.AgreementMachine()

// inUse returns uses in use of services, under terms.
func inUse(terms *lifecycle.ServiceTerms, services ...lifecycle.ServiceID) []lifecycle.ServiceUse {
	out := make([]lifecycle.ServiceUse, len(services))
	for i, s := range services {
		out[i] = lifecycle.ServiceUse{Service: s, State: lifecycle.Active, Terms: terms}
	}
	return out
}

// mainFacts are the facts of a main connector that may sign: a private
// health care provider in Soteri with an active customership and two
// services in use.
func mainFacts() lifecycle.PartyFacts {
	return lifecycle.PartyFacts{ID: "main", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true, Customership: lifecycle.Active,
		InUse: inUse(plainTerms(), lifecycle.Prescription, lifecycle.PatientDataRepository)}
}

func tenantFacts() lifecycle.PartyFacts {
	return lifecycle.PartyFacts{ID: "tenant", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true}
}

func partiesFacts() lifecycle.AgreementFacts {
	return lifecycle.AgreementFacts{Main: mainFacts(), Tenant: tenantFacts()}
}

func signAct(production notice.Period, services ...lifecycle.ServiceID) lifecycle.SignJointAgreement {
	return lifecycle.SignJointAgreement{Agreement: "a1", Main: "main", Tenant: "tenant", Services: services, ProductionNotice: production}
}

// draftAgreement is an agreement drawn up on 2025-02-01 with Annex 1
// services and the production agreement's notice period production (zero:
// none).
func draftAgreement(t *testing.T, production notice.Period, services ...lifecycle.ServiceID) lifecycle.JointAgreement {
	t.Helper()
	a := lifecycle.JointAgreement{ID: "a1"}
	require.Equal(t, lifecycle.Draft, step(t, agm, &a, lifecycle.AgreementFacts{}, "2025-02-01", signAct(production, services...)))
	return a
}

// agreementInForce is an agreement on prescription and the patient data
// repository, signed on 2025-02-03.
func agreementInForce(t *testing.T, production notice.Period) lifecycle.JointAgreement {
	t.Helper()
	services := []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}
	a := draftAgreement(t, production, services...)
	require.Equal(t, lifecycle.InForce, step(t, agm, &a, partiesFacts(), "2025-02-03", signAct(production, services...)))
	return a
}

// J3, J4: signing records the act twice: drawn up with its Annex 1 (J3,
// whatever the parties' facts), then signed, in force from that day (J4).
func TestJ3_J4_TheAgreementIsDrawnUpThenSigned(t *testing.T) {
	a := draftAgreement(t, notice.Period{}, lifecycle.Prescription)
	assert.Equal(t, lifecycle.JointAgreement{ID: "a1", State: lifecycle.Draft, Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{lifecycle.Prescription},
		Termination: lifecycle.JointAgreementTerm(notice.Period{}), Drawn: day("2025-02-01")}, a)
	assert.False(t, a.InForce(), "a draft binds nobody")
	assert.Equal(t, lifecycle.InForce, step(t, agm, &a, partiesFacts(), "2025-02-03", signAct(notice.Period{}, lifecycle.Prescription)))
	assert.Equal(t, "2025-02-03", a.Signed.String())
	assert.Equal(t, "2025-02-01", a.Drawn.String())
	assert.True(t, a.InForce())

	r := refuse(t, agm, &a, partiesFacts(), "2025-02-04", signAct(notice.Period{}, lifecycle.Prescription))
	assert.Equal(t, []rules.Rule{rules.J3}, r.Rules(), "signed once")
}

// J1b, J2, J3: signing checks every condition and lists each one unmet,
// with its rule.
func TestJ1b_J2_J3_SigningListsEveryUnmetCondition(t *testing.T) {
	cases := []struct {
		name   string
		main   func(*lifecycle.PartyFacts)
		tenant func(*lifecycle.PartyFacts)
		want   []rules.Rule
	}{
		{"everything holds", nil, nil, nil},
		{"J1b: a private social welfare provider may be the main connector", func(p *lifecycle.PartyFacts) { p.Kind = lifecycle.PrivateSocialWelfareProvider }, nil, nil},
		{"J1b: a public provider may not", func(p *lifecycle.PartyFacts) { p.Kind = lifecycle.PublicHealthCareProvider }, nil, []rules.Rule{rules.J1b}},
		{"J1b: nor a pharmacist", func(p *lifecycle.PartyFacts) { p.Kind = lifecycle.Pharmacist }, nil, []rules.Rule{rules.J1b}},
		{"J1b: customership applied", func(p *lifecycle.PartyFacts) { p.Customership = lifecycle.Applied }, nil, []rules.Rule{rules.J1b}},
		{"J1b: customership terminating", func(p *lifecycle.PartyFacts) { p.Customership = lifecycle.Terminating }, nil, []rules.Rule{rules.J1b}},
		{"J1b: no customership", func(p *lifecycle.PartyFacts) { p.Customership = lifecycle.None }, nil, []rules.Rule{rules.J1b}},
		{"J2: main connector not in Soteri", func(p *lifecycle.PartyFacts) { p.Soteri = false }, nil, []rules.Rule{rules.J2}},
		{"J2: tenant not in Soteri", nil, func(p *lifecycle.PartyFacts) { p.Soteri = false }, []rules.Rule{rules.J2}},
		{"J3: a service not in the main connector's use", func(p *lifecycle.PartyFacts) { p.InUse = p.InUse[:1] }, nil, []rules.Rule{rules.J3}},
		{"J1 needs nothing of the tenant's own customership", nil, func(p *lifecycle.PartyFacts) { p.Customership = lifecycle.None; p.Kind = lifecycle.OtherActor }, nil},
		{"all of them at once", func(p *lifecycle.PartyFacts) {
			*p = lifecycle.PartyFacts{ID: "main", Kind: lifecycle.AppVendor, Customership: lifecycle.Ended}
		}, func(p *lifecycle.PartyFacts) { p.Soteri = false }, []rules.Rule{rules.J1b, rules.J1b, rules.J2, rules.J2, rules.J3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			facts := partiesFacts()
			if tc.main != nil {
				tc.main(&facts.Main)
			}
			if tc.tenant != nil {
				tc.tenant(&facts.Tenant)
			}
			services := []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}
			a := draftAgreement(t, notice.Period{}, services...)
			if tc.want == nil {
				assert.Equal(t, lifecycle.InForce, step(t, agm, &a, facts, "2025-02-03", signAct(notice.Period{}, services...)))
				return
			}
			r := refuse(t, agm, &a, facts, "2025-02-03", signAct(notice.Period{}, services...))
			var got []rules.Rule
			for _, b := range r.Blockers {
				got = append(got, b.Rule)
			}
			assert.Equal(t, tc.want, got)
			for _, rule := range tc.want {
				assert.ErrorIs(t, r, rule)
			}
		})
	}
}

// J3: the J3 blocker names the services the main connector does not have.
func TestJ3_RefusalNamesTheMissingServices(t *testing.T) {
	services := []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.ImagingDataRepository, lifecycle.Kelain}
	a := draftAgreement(t, notice.Period{}, services...)
	r := refuse(t, agm, &a, partiesFacts(), "2025-02-03", signAct(notice.Period{}, services...))
	assert.Equal(t, []engine.Blocker{{Rule: rules.J3,
		Reason: "a tenant can use only services the main connector has in use; main does not have imaging-data-repository and kelain",
		Input:  "imaging-data-repository and kelain"}}, r.Blockers)
	assert.Equal(t, []string{"YLS 1", "YLS 2", "YLS 13", "design"}, r.Citations())
}

// S3 with J3: who may use the social welfare client data repository is
// restricted for a tenant as for a customer, so an Annex 1 that gives it to
// a health care provider is refused citing both; a social welfare tenant is
// accepted.
func TestS3_J3_AnnexOneCannotGiveATenantAServiceItsKindMayNotUse(t *testing.T) {
	sat := lifecycle.SocialWelfareClientDataRepository
	facts := partiesFacts()
	facts.Main.Kind = lifecycle.PrivateSocialWelfareProvider
	facts.Main.InUse = append(facts.Main.InUse, inUse(satTerms(), sat)...)

	a := draftAgreement(t, notice.Period{}, lifecycle.Prescription, sat)
	r := refuse(t, agm, &a, facts, "2025-02-03", signAct(notice.Period{}, lifecycle.Prescription, sat))
	assert.Equal(t, []engine.Blocker{{Rule: rules.S3, Also: rules.J3,
		Reason: "Annex 1 gives social-welfare-client-data-repository to the tenant tenant: the service is for public-social-welfare-provider, private-social-welfare-provider, aland-provider and other, not for a private-health-care-provider",
		Input:  "private-health-care-provider"}}, r.Blockers)
	assert.ErrorIs(t, r, rules.S3)
	assert.ErrorIs(t, r, rules.J3)
	assert.Equal(t, []string{"SAT", "YLS 1", "YLS 2", "YLS 13", "design"}, r.Citations())
	assert.Contains(t, r.Error(), "S3 (SAT) with J3 (design, nearest YLS 1, 2, 13): Annex 1 gives")

	for _, kind := range []lifecycle.Kind{lifecycle.PrivateSocialWelfareProvider, lifecycle.PublicSocialWelfareProvider} {
		facts.Tenant.Kind = kind
		b := a
		assert.Equal(t, lifecycle.InForce, step(t, agm, &b, facts, "2025-02-03", signAct(notice.Period{}, lifecycle.Prescription, sat)), kind)
	}
}

// J5: the termination term is one month counted forward from the notice,
// or the production agreement's period (YLS 20); a notice late for it is
// refused.
func TestJ5_JointAgreementTerm(t *testing.T) {
	cases := []struct {
		production notice.Period
		period     string
		given      string
		earliest   string // the first day without the agreement for a notice on given
	}{
		{notice.Period{}, "P1M", "2025-01-31", "2025-03-01"},
		{notice.Period{}, "P1M", "2024-01-31", "2024-03-01"},
		{notice.Period{}, "P1M", "2025-01-15", "2025-02-16"},
		{notice.Months(3), "P3M", "2025-01-31", "2025-05-01"},
		{notice.Weeks(2), "P2W", "2025-01-31", "2025-02-15"},
	}
	for _, tc := range cases {
		t.Run(tc.period+" "+tc.given, func(t *testing.T) {
			term := lifecycle.JointAgreementTerm(tc.production)
			assert.Equal(t, tc.period, term.Period.String())
			assert.Equal(t, notice.NoticePeriod, term.Direction)
			assert.Equal(t, tc.earliest, term.EarliestEffective(day(tc.given)).String())
			assert.Equal(t, tc.given, term.LatestNotice(day(tc.earliest)).String())

			a := agreementInForce(t, tc.production)
			assert.Equal(t, term, a.Termination, "drawn up with the term")
			late := lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day(tc.earliest).AddDays(-1)}
			r := refuse(t, agm, &a, partiesFacts(), tc.given, late)
			assert.Equal(t, []rules.Rule{rules.J5}, r.Rules())
			assert.Contains(t, r.Blockers[0].Reason, "latest notice day is")
			assert.Equal(t, lifecycle.NoticeGiven, step(t, agm, &a, partiesFacts(), tc.given,
				lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "tenant", Effective: day(tc.earliest)}))
		})
	}
}

// J5: only the main connector or the tenant terminates; a notice names its
// effective day; an agreement is noticed once, and only once in force.
func TestJ5_NoticeByAPartyNamingItsDay(t *testing.T) {
	a := agreementInForce(t, notice.Period{})
	for name, ev := range map[string]lifecycle.GiveJointAgreementNotice{
		"by a stranger":        {Agreement: "a1", By: "stranger", Effective: day("2025-06-01")},
		"by nobody":            {Agreement: "a1", Effective: day("2025-06-01")},
		"without its day":      {Agreement: "a1", By: "main"},
		"stranger and no date": {Agreement: "a1", By: "stranger"},
	} {
		t.Run(name, func(t *testing.T) {
			r := refuse(t, agm, &a, partiesFacts(), "2025-03-03", ev)
			assert.Equal(t, []rules.Rule{rules.J5}, r.Rules())
			assert.Equal(t, []string{"YLS 20"}, r.Citations())
		})
	}
	n := a
	assert.Equal(t, lifecycle.NoticeGiven, step(t, agm, &n, partiesFacts(), "2025-03-03", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "tenant", Effective: day("2025-06-01")}))
	assert.Equal(t, &lifecycle.Notice{By: "tenant", Given: day("2025-03-03"), Effective: day("2025-06-01")}, n.Notice)
	assert.True(t, n.InForce(), "binding until its end")
	r := refuse(t, agm, &n, partiesFacts(), "2025-03-04", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day("2025-06-01")})
	assert.Equal(t, []rules.Rule{rules.J5}, r.Rules(), "already under notice")
	d := draftAgreement(t, notice.Period{}, lifecycle.Prescription)
	r = refuse(t, agm, &d, partiesFacts(), "2025-03-04", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day("2025-06-01")})
	assert.Equal(t, []rules.Rule{rules.J5}, r.Rules(), "not signed")
}

// J5: the notice elapses on its effective day, not before; the agreement
// ends on the effective day even when time is let pass later.
func TestJ5_NoticeElapsesOnTheEffectiveDay(t *testing.T) {
	a := agreementInForce(t, notice.Period{})
	_, _, due := agm.Due(&a)
	assert.False(t, due, "nothing is due without a notice")
	step(t, agm, &a, partiesFacts(), "2025-03-03", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day("2025-06-01")})
	d, ev, due := agm.Due(&a)
	require.True(t, due)
	assert.Equal(t, "2025-06-01", d.String())
	assert.Equal(t, lifecycle.NoticeElapsed{}, ev)

	r := refuse(t, agm, &a, partiesFacts(), "2025-05-31", lifecycle.NoticeElapsed{})
	assert.Equal(t, []rules.Rule{rules.J5}, r.Rules())
	for _, on := range []string{"2025-06-01", "2025-07-15"} {
		e := a
		assert.Equal(t, lifecycle.Ended, step(t, agm, &e, partiesFacts(), on, lifecycle.NoticeElapsed{}))
		assert.Equal(t, "2025-06-01", e.Ended.String())
		assert.Equal(t, engine.EventID("notice-elapsed"), e.EndedBy)
		assert.False(t, e.InForce())
		_, _, due := agm.Due(&e)
		assert.False(t, due)
	}
}

// J4, J6, J7: which events end the agreement from which state, and on which
// day; an ended agreement is final.
func TestJ4_J6_J7_EndingEventsFromEachState(t *testing.T) {
	events := []struct {
		ev   engine.Event
		rule rules.Rule
	}{
		{lifecycle.EndProductionAgreement{Agreement: "a1"}, rules.J6},
		{lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"}, rules.J7},
		{lifecycle.AgreementReplaced{By: "a2"}, rules.J4},
	}
	for _, e := range events {
		t.Run(string(e.ev.EventID()), func(t *testing.T) {
			inForce := agreementInForce(t, notice.Period{})
			noticed := inForce
			step(t, agm, &noticed, partiesFacts(), "2025-03-03", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day("2025-09-01")})
			for _, from := range []lifecycle.JointAgreement{inForce, noticed} {
				ended := from
				assert.Equal(t, lifecycle.Ended, step(t, agm, &ended, partiesFacts(), "2025-04-10", e.ev), "from %s", from.State)
				assert.Equal(t, "2025-04-10", ended.Ended.String(), "at once")
				assert.Equal(t, e.ev.EventID(), ended.EndedBy)
				assert.False(t, ended.InForce())

				r := refuse(t, agm, &ended, partiesFacts(), "2025-04-11", e.ev)
				assert.Equal(t, []rules.Rule{e.rule}, r.Rules(), "an ended agreement is final")
			}
			d := draftAgreement(t, notice.Period{}, lifecycle.Prescription)
			r := refuse(t, agm, &d, partiesFacts(), "2025-04-10", e.ev)
			assert.Equal(t, []rules.Rule{e.rule}, r.Rules(), "a draft is not in force")
		})
	}
}

// J7: rescission needs the serious breach stated.
func TestJ7_RescissionStatesTheBreach(t *testing.T) {
	a := agreementInForce(t, notice.Period{})
	r := refuse(t, agm, &a, partiesFacts(), "2025-04-10", lifecycle.RescindJointAgreement{Agreement: "a1"})
	assert.Equal(t, []engine.Blocker{{Rule: rules.J7, Reason: "rescission at once needs the tenant's serious breach stated"}}, r.Blockers)
	assert.Equal(t, []string{"YLS 20"}, r.Citations())
	actor, _ := agm.Actor("rescind-joint-agreement")
	assert.Equal(t, lifecycle.ActorMainConnector, actor.ID, "the main connector rescinds")
}

// J3, J10: the tenant's use of a service mirrors the main connector's while
// the agreement is in force; it is under notice while the agreement's end is
// pending and the main connector's use is active; it is terminated once the
// agreement or the main connector's use ended; a service outside Annex 1 or
// an unsigned agreement gives no use at all.
func TestJ3_J10_TenantStateFollowsTheAgreementAndTheMainConnector(t *testing.T) {
	inForce := agreementInForce(t, notice.Period{})
	noticed := inForce
	step(t, agm, &noticed, partiesFacts(), "2025-03-03", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "main", Effective: day("2025-06-01")})
	ended := noticed
	step(t, agm, &ended, partiesFacts(), "2025-06-01", lifecycle.NoticeElapsed{})
	draft := draftAgreement(t, notice.Period{}, lifecycle.Prescription)
	cases := []struct {
		agreement lifecycle.JointAgreement
		main      engine.State
		want      engine.State
	}{
		{inForce, lifecycle.Active, lifecycle.Active},
		{inForce, lifecycle.Suspended, lifecycle.Suspended},
		{inForce, lifecycle.NoticeGiven, lifecycle.NoticeGiven},
		{inForce, lifecycle.Terminated, lifecycle.Terminated},
		{inForce, lifecycle.Requested, lifecycle.Terminated},
		{inForce, lifecycle.None, lifecycle.Terminated},
		{noticed, lifecycle.Active, lifecycle.NoticeGiven},
		{noticed, lifecycle.Suspended, lifecycle.Suspended},
		{noticed, lifecycle.NoticeGiven, lifecycle.NoticeGiven},
		{noticed, lifecycle.Terminated, lifecycle.Terminated},
		{ended, lifecycle.Active, lifecycle.Terminated},
		{ended, lifecycle.Suspended, lifecycle.Terminated},
		{draft, lifecycle.Active, lifecycle.None},
	}
	for _, tc := range cases {
		t.Run(string(tc.agreement.State)+" main "+tc.main.Name(), func(t *testing.T) {
			got := tc.agreement.TenantState(lifecycle.Prescription, &lifecycle.ServiceUse{Service: lifecycle.Prescription, State: tc.main})
			assert.Equal(t, tc.want, got)
			if (&lifecycle.ServiceUse{State: got}).InUse() {
				assert.True(t, (&lifecycle.ServiceUse{State: tc.main}).InUse(), "J3: never in use while the main connector's use is not")
				assert.True(t, tc.agreement.InForce(), "J10: never in use while the agreement is not in force")
			}
		})
	}
	assert.Equal(t, lifecycle.Terminated, inForce.TenantState(lifecycle.Prescription, nil), "the main connector has no use")
	assert.Equal(t, lifecycle.None, inForce.TenantState(lifecycle.Kelain, &lifecycle.ServiceUse{Service: lifecycle.Kelain, State: lifecycle.Active}), "not in Annex 1")
	assert.Equal(t, lifecycle.None, (&lifecycle.JointAgreement{}).TenantState(lifecycle.Prescription, &lifecycle.ServiceUse{State: lifecycle.Active}), "no agreement")
}

// Drawing up copies Annex 1: changing the act's slice afterwards changes no
// agreement.
func TestJ3_AnnexOneIsCopiedWhenDrawnUp(t *testing.T) {
	services := []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}
	a := lifecycle.JointAgreement{ID: "b"}
	step(t, agm, &a, lifecycle.AgreementFacts{}, "2025-02-01", lifecycle.SignJointAgreement{Agreement: "b", Main: "main", Tenant: "tenant", Services: services})
	services[0] = lifecycle.Kelain
	assert.Equal(t, []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}, a.Services)
	assert.True(t, a.Covers(lifecycle.Prescription))
	assert.False(t, a.Covers(lifecycle.Kelain))
	assert.Equal(t, lifecycle.AgreementID("b"), a.ID, "the identifier is kept")
	assert.True(t, a.Party("main"))
	assert.True(t, a.Party("tenant"))
	assert.False(t, a.Party("stranger"))
	assert.False(t, a.Party(""))
}

// Every step and guard of the machine cites a rule of the joint agreement
// (and S3 for the tenant's eligibility); its states are declared in order.
func TestAgreementMachine_CitesItsRules(t *testing.T) {
	d := agm.Describe()
	assert.Equal(t, "joint-agreement", d.Name)
	var states []engine.State
	for _, s := range d.States {
		states = append(states, s.ID)
	}
	assert.Equal(t, []engine.State{lifecycle.Draft, lifecycle.InForce, lifecycle.NoticeGiven, lifecycle.Ended}, states)
	assert.Equal(t, engine.StateSet{lifecycle.InForce, lifecycle.NoticeGiven}, agm.Members(lifecycle.Binding))
	jRules := rules.In(rules.Agreement)
	guardRules := append(slices.Clone(jRules), rules.S3)
	for _, tr := range d.Transitions {
		assert.Contains(t, jRules, tr.Rule, tr.Event)
		for _, g := range tr.Guards {
			assert.Contains(t, guardRules, g.Rule, tr.Event)
		}
	}
	assert.Equal(t, []lifecycle.Kind{lifecycle.PrivateHealthCareProvider, lifecycle.PrivateSocialWelfareProvider}, lifecycle.MainConnectorKinds())
}
