package lifecycle

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
)

// The joint-agreement machine (SPEC §6) on its own: its guards, branches and
// Apply, and how a tenant's use follows from the agreement and the main
// connector's use (TenantState).

func jxDay(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// jxMainFacts are the facts of a main connector that may sign: a private
// health care provider in Soteri with an active customership and two
// services in use.
func jxMainFacts() PartyFacts {
	return PartyFacts{ID: "main", Kind: PrivateHealthCareProvider, Soteri: true, Customership: Active,
		InUse: []ServiceID{Prescription, PatientDataRepository}}
}

func jxTenantFacts() PartyFacts {
	return PartyFacts{ID: "tenant", Kind: PrivateHealthCareProvider, Soteri: true}
}

// jxDraft returns an agreement drawn up on 2025-02-01 with Annex 1 services
// and the production agreement's notice period production (zero: none).
func jxDraft(t *testing.T, production notice.Period, services ...ServiceID) JointAgreement {
	t.Helper()
	a := JointAgreement{ID: "a1"}
	ev := DrawUpJointAgreement{Main: "main", Tenant: "tenant", Services: services, ProductionNotice: production}
	return jxFireAgreement(t, a, "2025-02-01", ev)
}

// jxFireAgreement fires ev on a on day on, requires it to be accepted and
// returns the agreement after it.
func jxFireAgreement(t *testing.T, a JointAgreement, on string, ev Event) JointAgreement {
	t.Helper()
	to, err := AgreementMachine().Fire(context.Background(), a.State, AgreementContext{On: jxDay(on), Event: ev, Agreement: a})
	require.NoError(t, err, "%s on %s", ev.EventID(), on)
	return a.Apply(jxDay(on), ev, to)
}

// jxTryAgreement fires ev and returns the refusal, which must be one.
func jxTryAgreement(t *testing.T, a JointAgreement, on string, ev Event) *Refusal {
	t.Helper()
	to, err := AgreementMachine().Fire(context.Background(), a.State, AgreementContext{On: jxDay(on), Event: ev, Agreement: a})
	require.Error(t, err, "%s on %s", ev.EventID(), on)
	var r *Refusal
	require.True(t, errors.As(err, &r), "%T: %v", err, err)
	assert.Equal(t, a.State, to, "a refusal leaves the state")
	return r
}

// jxInForce returns an agreement signed on 2025-02-03.
func jxInForce(t *testing.T, production notice.Period) JointAgreement {
	t.Helper()
	a := jxDraft(t, production, Prescription, PatientDataRepository)
	return jxFireAgreement(t, a, "2025-02-03", SignJointAgreement{Main: jxMainFacts(), Tenant: jxTenantFacts()})
}

// J1b, J2, J3: signing checks every condition and lists each one unmet, with
// its rule; Explain says the same without firing.
func TestYLS1_J1b_J2_J3_SigningListsEveryUnmetCondition(t *testing.T) {
	cases := []struct {
		name   string
		main   func(*PartyFacts)
		tenant func(*PartyFacts)
		want   []Rule
	}{
		{"everything holds", nil, nil, nil},
		{"J1b: a private social welfare provider may be the main connector", func(p *PartyFacts) { p.Kind = PrivateSocialWelfareProvider }, nil, nil},
		{"J1b: a public provider may not", func(p *PartyFacts) { p.Kind = PublicHealthCareProvider }, nil, []Rule{J1b}},
		{"J1b: nor a pharmacist", func(p *PartyFacts) { p.Kind = Pharmacist }, nil, []Rule{J1b}},
		{"J1b: customership applied", func(p *PartyFacts) { p.Customership = Applied }, nil, []Rule{J1b}},
		{"J1b: customership terminating", func(p *PartyFacts) { p.Customership = Terminating }, nil, []Rule{J1b}},
		{"J2: main connector not in Soteri", func(p *PartyFacts) { p.Soteri = false }, nil, []Rule{J2}},
		{"J2: tenant not in Soteri", nil, func(p *PartyFacts) { p.Soteri = false }, []Rule{J2}},
		{"J3: a service not in the main connector's use", func(p *PartyFacts) { p.InUse = []ServiceID{Prescription} }, nil, []Rule{J3}},
		{"J1 needs nothing of the tenant's own customership", nil, func(p *PartyFacts) { p.Customership = None; p.Kind = OtherActor }, nil},
		{"all of them at once", func(p *PartyFacts) { *p = PartyFacts{ID: "main", Kind: AppVendor, Customership: Ended} },
			func(p *PartyFacts) { p.Soteri = false }, []Rule{J1b, J1b, J2, J2, J3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			main, tenant := jxMainFacts(), jxTenantFacts()
			if tc.main != nil {
				tc.main(&main)
			}
			if tc.tenant != nil {
				tc.tenant(&tenant)
			}
			a := jxDraft(t, notice.Period{}, Prescription, PatientDataRepository)
			ctx := AgreementContext{On: jxDay("2025-02-03"), Event: SignJointAgreement{Main: main, Tenant: tenant}, Agreement: a}
			blockers, err := AgreementMachine().Explain(a.State, ctx)
			require.NoError(t, err)
			var got []Rule
			for _, b := range blockers {
				got = append(got, b.Rule)
			}
			assert.Equal(t, tc.want, got)
			to, err := AgreementMachine().Fire(context.Background(), a.State, ctx)
			if tc.want == nil {
				require.NoError(t, err)
				assert.Equal(t, InForce, to)
				signed := a.Apply(ctx.On, ctx.Event, to)
				assert.Equal(t, "2025-02-03", signed.Signed.String(), "J4: in force from signing")
				assert.True(t, signed.InForce())
				return
			}
			var r *Refusal
			require.True(t, errors.As(err, &r))
			assert.Equal(t, blockers, r.Blockers)
			for _, rule := range tc.want {
				assert.ErrorIs(t, err, rule)
			}
		})
	}
}

// J3: the J3 blocker names the services the main connector does not have.
func TestYLS13_J3_RefusalNamesTheMissingServices(t *testing.T) {
	a := jxDraft(t, notice.Period{}, Prescription, ImagingDataRepository, Kelain)
	r := jxTryAgreement(t, a, "2025-02-03", SignJointAgreement{Main: jxMainFacts(), Tenant: jxTenantFacts()})
	require.Len(t, r.Blockers, 1)
	assert.Equal(t, J3, r.Blockers[0].Rule)
	assert.Contains(t, r.Blockers[0].Input, string(ImagingDataRepository))
	assert.Contains(t, r.Blockers[0].Input, string(Kelain))
	assert.NotContains(t, r.Blockers[0].Input, string(Prescription))
	assert.Equal(t, []string{"YLS 1", "YLS 2", "YLS 13", "design"}, r.Citations())
}

// J5: the termination term is one month counted forward from the notice, or
// the production agreement's period (YLS 20, SPEC §5 notice-period).
func TestYLS20_J5_JointAgreementTerm(t *testing.T) {
	cases := []struct {
		production            notice.Period
		period                string
		given, earliest       string
		effective, latestGive string
	}{
		{notice.Period{}, "P1M", "2025-01-31", "2025-03-01", "2025-03-01", "2025-01-31"},
		{notice.Period{}, "P1M", "2024-01-31", "2024-03-01", "2024-03-01", "2024-01-31"},
		{notice.Period{}, "P1M", "2025-01-15", "2025-02-16", "2025-02-16", "2025-01-15"},
		{notice.Months(3), "P3M", "2025-01-31", "2025-05-01", "2025-05-01", "2025-01-31"},
		{notice.Weeks(2), "P2W", "2025-01-31", "2025-02-15", "2025-02-15", "2025-01-31"},
	}
	for _, tc := range cases {
		t.Run(tc.period+" "+tc.given, func(t *testing.T) {
			term := JointAgreementTerm(tc.production)
			assert.Equal(t, tc.period, term.Period.String())
			assert.Equal(t, notice.NoticePeriod, term.Direction)
			assert.Equal(t, tc.earliest, term.EarliestEffective(jxDay(tc.given)).String())
			assert.Equal(t, tc.latestGive, term.LatestNotice(jxDay(tc.effective)).String())
			assert.True(t, term.Timely(jxDay(tc.given), jxDay(tc.earliest)))
			assert.False(t, term.Timely(jxDay(tc.given), jxDay(tc.earliest).AddDays(-1)))

			a := jxInForce(t, tc.production)
			assert.Equal(t, term, a.Termination, "drawn up with the term")
			r := jxTryAgreement(t, a, tc.given, GiveJointAgreementNotice{By: "main", Effective: jxDay(tc.earliest).AddDays(-1)})
			assert.Equal(t, []Rule{J5}, r.Rules())
			assert.Contains(t, r.Blockers[0].Reason, "latest notice day is")
			n := jxFireAgreement(t, a, tc.given, GiveJointAgreementNotice{By: "tenant", Effective: jxDay(tc.earliest)})
			assert.Equal(t, NoticeGiven, n.State)
		})
	}
}

// J5: only the main connector or the tenant terminates; a notice names its
// effective day; an agreement is noticed once, and only once in force.
func TestYLS20_J5_NoticeByAPartyNamingItsDay(t *testing.T) {
	a := jxInForce(t, notice.Period{})
	for name, ev := range map[string]GiveJointAgreementNotice{
		"by a stranger":        {By: "stranger", Effective: jxDay("2025-06-01")},
		"by nobody":            {Effective: jxDay("2025-06-01")},
		"without its day":      {By: "main"},
		"stranger and no date": {By: "stranger"},
	} {
		t.Run(name, func(t *testing.T) {
			r := jxTryAgreement(t, a, "2025-03-03", ev)
			assert.Equal(t, []Rule{J5}, r.Rules())
			assert.Equal(t, []string{"YLS 20"}, r.Citations())
		})
	}
	n := jxFireAgreement(t, a, "2025-03-03", GiveJointAgreementNotice{By: "tenant", Effective: jxDay("2025-06-01")})
	assert.Equal(t, &Notice{By: "tenant", Given: jxDay("2025-03-03"), Effective: jxDay("2025-06-01")}, n.Notice)
	r := jxTryAgreement(t, n, "2025-03-04", GiveJointAgreementNotice{By: "main", Effective: jxDay("2025-06-01")})
	assert.Equal(t, []Rule{J5}, r.Rules(), "already under notice")
	d := jxDraft(t, notice.Period{}, Prescription)
	r = jxTryAgreement(t, d, "2025-03-04", GiveJointAgreementNotice{By: "main", Effective: jxDay("2025-06-01")})
	assert.Equal(t, []Rule{J5}, r.Rules(), "not signed")
}

// J5: the notice elapses on its effective day, not before; the agreement's
// end is the effective day even when time is let pass later.
func TestYLS20_J5_NoticeElapsesOnTheEffectiveDay(t *testing.T) {
	a := jxFireAgreement(t, jxInForce(t, notice.Period{}), "2025-03-03", GiveJointAgreementNotice{By: "main", Effective: jxDay("2025-06-01")})
	r := jxTryAgreement(t, a, "2025-05-31", NoticeElapsed{})
	assert.Equal(t, []Rule{J5}, r.Rules())
	for _, on := range []string{"2025-06-01", "2025-07-15"} {
		e := jxFireAgreement(t, a, on, NoticeElapsed{})
		assert.Equal(t, Ended, e.State)
		assert.Equal(t, "2025-06-01", e.Ended.String())
		assert.Equal(t, EventID("notice-elapsed"), e.EndedBy)
		assert.False(t, e.InForce())
	}
}

// J4, J6, J7: which events end the agreement from which state, and on which
// day; an ended agreement is final.
func TestYLS20_J4_J6_J7_EndingEventsFromEachState(t *testing.T) {
	events := []struct {
		ev   Event
		rule Rule
	}{
		{EndProductionAgreement{}, J6},
		{RescindJointAgreement{Reason: "serious breach"}, J7},
		{AgreementReplaced{By: "a2"}, J4},
	}
	for _, e := range events {
		t.Run(string(e.ev.EventID()), func(t *testing.T) {
			inForce := jxInForce(t, notice.Period{})
			noticed := jxFireAgreement(t, inForce, "2025-03-03", GiveJointAgreementNotice{By: "main", Effective: jxDay("2025-09-01")})
			for _, from := range []JointAgreement{inForce, noticed} {
				ended := jxFireAgreement(t, from, "2025-04-10", e.ev)
				assert.Equal(t, Ended, ended.State, "from %s", from.State)
				assert.Equal(t, "2025-04-10", ended.Ended.String(), "at once")
				assert.Equal(t, e.ev.EventID(), ended.EndedBy)

				r := jxTryAgreement(t, ended, "2025-04-11", e.ev)
				assert.Equal(t, []Rule{e.rule}, r.Rules(), "an ended agreement is final")
			}
			r := jxTryAgreement(t, jxDraft(t, notice.Period{}, Prescription), "2025-04-10", e.ev)
			assert.Equal(t, []Rule{e.rule}, r.Rules(), "a draft is not in force")
		})
	}
}

// J7: rescission needs the serious breach stated.
func TestYLS20_J7_RescissionStatesTheBreach(t *testing.T) {
	r := jxTryAgreement(t, jxInForce(t, notice.Period{}), "2025-04-10", RescindJointAgreement{})
	assert.Equal(t, []Rule{J7}, r.Rules())
	assert.Equal(t, []string{"YLS 20"}, r.Citations())
}

// J3, J10: the tenant's use of a service mirrors the main connector's while
// the agreement is in force; it is under notice while the agreement's end is
// pending and the main connector's use is active; it is terminated once the
// agreement or the main connector's use ended; a service outside Annex 1 or
// an unsigned agreement gives no use at all.
func TestDesign_J10_TenantStateFollowsTheAgreementAndTheMainConnector(t *testing.T) {
	inForce := jxInForce(t, notice.Period{})
	noticed := jxFireAgreement(t, inForce, "2025-03-03", GiveJointAgreementNotice{By: "main", Effective: jxDay("2025-06-01")})
	ended := jxFireAgreement(t, noticed, "2025-06-01", NoticeElapsed{})
	draft := jxDraft(t, notice.Period{}, Prescription)
	cases := []struct {
		agreement JointAgreement
		main      State
		want      State
	}{
		{inForce, Active, Active},
		{inForce, Suspended, Suspended},
		{inForce, NoticeGiven, NoticeGiven},
		{inForce, Terminated, Terminated},
		{inForce, Requested, Terminated},
		{inForce, None, Terminated},
		{noticed, Active, NoticeGiven},
		{noticed, Suspended, Suspended},
		{noticed, NoticeGiven, NoticeGiven},
		{noticed, Terminated, Terminated},
		{ended, Active, Terminated},
		{ended, Suspended, Terminated},
		{draft, Active, None},
	}
	for _, tc := range cases {
		t.Run(string(tc.agreement.State)+" main "+string(tc.main), func(t *testing.T) {
			got := tc.agreement.TenantState(Prescription, ServiceUse{Service: Prescription, State: tc.main})
			assert.Equal(t, tc.want, got)
			if (ServiceUse{State: got}).InUse() {
				assert.True(t, (ServiceUse{State: tc.main}).InUse(), "J3: never in use while the main connector's use is not")
				assert.True(t, tc.agreement.InForce(), "J10: never in use while the agreement is not in force")
			}
		})
	}
	assert.Equal(t, None, inForce.TenantState(Kelain, ServiceUse{Service: Kelain, State: Active}), "not in Annex 1")
	assert.Equal(t, None, JointAgreement{}.TenantState(Prescription, ServiceUse{State: Active}), "no agreement")
}

// Apply copies Annex 1: changing the caller's slice afterwards changes no
// agreement.
func TestYLS1_AnnexOneIsCopiedWhenDrawnUp(t *testing.T) {
	services := []ServiceID{Prescription, PatientDataRepository}
	a := jxDraft(t, notice.Period{}, services...)
	ev := DrawUpJointAgreement{Main: "main", Tenant: "tenant", Services: services}
	b := JointAgreement{ID: "b"}.Apply(jxDay("2025-02-01"), ev, Draft)
	services[0] = Kelain
	assert.Equal(t, []ServiceID{Prescription, PatientDataRepository}, a.Services)
	assert.Equal(t, []ServiceID{Prescription, PatientDataRepository}, b.Services)
	assert.True(t, b.Covers(Prescription))
	assert.False(t, b.Covers(Kelain))
	assert.Equal(t, "b", b.ID, "the identifier is kept")
}

// Every transition of the machine cites a rule of SPEC §6, and every state
// of §6 is declared.
func TestSPEC6_AgreementMachineCitesItsRules(t *testing.T) {
	d := AgreementMachine().Describe()
	assert.Equal(t, "joint-agreement", d.Name)
	var states []State
	for _, s := range d.States {
		states = append(states, s.ID)
	}
	assert.Equal(t, []State{Draft, InForce, NoticeGiven, Ended}, states)
	for _, tr := range d.Transitions {
		assert.Contains(t, []Rule{J1, J1b, J2, J3, J4, J5, J6, J7, J8, J9, J10}, tr.Rule, tr.Event)
		for _, g := range tr.Guards {
			assert.NotEmpty(t, g.Rule.Clause())
		}
	}
	assert.ElementsMatch(t, []Kind{PrivateHealthCareProvider, PrivateSocialWelfareProvider}, MainConnectorKinds())
}
