package commitment_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// Obligations: what the terms require of whom by which day, derived from
// the state of commitments and agreements, never stored; and retention
// (R1–R10): what Kela, as the keeper of the customer register, must keep or
// destroy.

// clinicParty is the private clinic of the retention tests.
const clinicParty = "klinikka"

// newClinic returns the commitment of a private clinic with no request yet.
func newClinic(t *testing.T) *commitment.Commitment {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: clinicParty, Kind: lifecycle.PrivateHealthCareProvider})
	require.NoError(t, err)
	return c
}

// obligationsOf returns the obligations of rule among obs.
func obligationsOf(obs []commitment.Obligation, rule rules.Rule) []commitment.Obligation {
	var out []commitment.Obligation
	for _, o := range obs {
		if o.Rule == rule {
			out = append(out, o)
		}
	}
	return out
}

// obligationRules returns the rules of obs, sorted.
func obligationRules(obs []commitment.Obligation) []rules.Rule {
	out := make([]rules.Rule, len(obs))
	for i, o := range obs {
		out[i] = o.Rule
	}
	slices.Sort(out)
	return out
}

// kelaStanding returns c's standing obligations of rule, each of which must
// fall on Kela, cite clause and have no due day.
func kelaStanding(t *testing.T, c *commitment.Commitment, rule rules.Rule, clause string) []commitment.Obligation {
	t.Helper()
	obs := obligationsOf(c.StandingObligations(), rule)
	for _, o := range obs {
		assert.Equal(t, commitment.Kela, o.Party, "%s falls on Kela", rule)
		assert.Equal(t, clause, o.Clause)
		assert.True(t, o.Due.IsZero(), "standing: no due day")
	}
	return obs
}

// allDue returns every obligation of c due in the next hundred years.
func allDue(c *commitment.Commitment) []commitment.Obligation {
	return c.ObligationsDue(day("2020-01-01"), day("2120-12-31"))
}

// ObligationsDue(from, to) includes an obligation due on from and one due
// on to, and excludes one due a day outside; a service's termination is
// its own rule's (S5b, design), an authority's termination S7's (design).
func TestObligations_DueIncludesBothEndsOfTheRange(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
	mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: patientData, Effective: day("2025-03-31")})

	cases := []struct {
		from, to string
		want     []rules.Rule
	}{
		{"2025-03-01", "2025-03-31", []rules.Rule{rules.S5b, rules.S7}},
		{"2025-03-01", "2025-03-01", []rules.Rule{rules.S5b}},
		{"2025-03-31", "2025-03-31", []rules.Rule{rules.S7}},
		{"2025-02-01", "2025-02-28", nil},
		{"2025-03-02", "2025-03-30", nil},
		{"2025-04-01", "2025-12-31", nil},
		{"2025-01-01", "2025-03-01", []rules.Rule{rules.S5b}},
	}
	for _, tc := range cases {
		t.Run(tc.from+".."+tc.to, func(t *testing.T) {
			got := c.ObligationsDue(day(tc.from), day(tc.to))
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, obligationRules(got))
		})
	}
	for _, o := range c.ObligationsDue(day("2025-03-01"), day("2025-03-31")) {
		assert.Equal(t, c.Customer().ID, o.Party)
		assert.Equal(t, "design, nearest YTE 7.1", o.Clause, "a design rule is never presented as the source's words")
		switch o.Rule {
		case rules.S5b:
			assert.Equal(t, "2025-03-01", o.Due.String())
			assert.Equal(t, string(prescription), o.Subject)
		case rules.S7:
			assert.Equal(t, "2025-03-31", o.Due.String())
			assert.Equal(t, string(patientData), o.Subject)
		}
	}
	assert.Nil(t, c.ObligationsDue(day("2025-04-01"), day("2025-12-31")), "nothing due allocates nothing")
}

// A suspended service receiving notice: its termination is due all the
// same; once it has taken effect, nothing is due for it.
func TestObligations_SuspendedServiceReceivingNotice(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", sat, prescription)
	mustExec(t, c, "2025-01-15", lifecycle.SuspendService{Service: sat, Reason: lifecycle.Endangers})
	mustExec(t, c, "2025-01-28", lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-02-28"), Reason: lifecycle.OtherChange})
	require.Equal(t, lifecycle.Suspended, c.State(sat))
	obs := c.ObligationsDue(day("2025-02-28"), day("2025-02-28"))
	require.Len(t, obs, 1)
	assert.Equal(t, rules.S5, obs[0].Rule, "the repository's own termination rule")
	assert.Equal(t, "SAT", obs[0].Clause)
	mustAdvance(t, c, "2025-02-28")
	assert.Empty(t, c.ObligationsDue(day("2025-02-28"), day("2025-02-28")))
}

// Across a register: each commitment's own obligations, the tenant's use
// ending with an agreement under notice (J10), and the main connector
// telling each tenant that a service it uses ends (J3, YLS 2), but not a
// tenant whose agreement ends first. (The old suite gave the social welfare
// repository to a private health care tenant; S3 with J3 refuses that now,
// so the care home is that agreement's tenant.)
func TestObligations_AcrossARegisterOfSeveralPartiesAndAgreements(t *testing.T) {
	r := jointRegister(t)
	_, err := r.Add(party(otherProvider, lifecycle.PrivateSocialWelfareProvider))
	require.NoError(t, err)
	activateIn(t, r, "2025-01-10", otherProvider, sat)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
	signAgreement(t, r, "2025-02-03", "b1", mainConnector, careHome, prescription)
	signAgreement(t, r, "2025-02-03", "c1", otherProvider, careHome, sat)
	mustRun(t, r, "2025-03-14", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-04-15")})
	mustRun(t, r, "2025-03-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
	mustRun(t, r, "2025-03-20", otherProvider, lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.CeasingOperations})

	type due struct {
		party   lifecycle.PartyID
		rule    rules.Rule
		subject string
		due     string
	}
	collect := func(from, to string) []due {
		var out []due
		for _, o := range r.ObligationsDue(day(from), day(to)) {
			out = append(out, due{o.Party, o.Rule, o.Subject, o.Due.String()})
		}
		return out
	}

	assert.ElementsMatch(t, []due{
		{tenantClinic, rules.J10, "a1", "2025-04-15"},
		{mainConnector, rules.S5b, string(prescription), "2025-05-01"},
		{mainConnector, rules.J3, "b1", "2025-05-01"},
	}, collect("2025-04-15", "2025-05-01"))
	assert.ElementsMatch(t, []due{{tenantClinic, rules.J10, "a1", "2025-04-15"}}, collect("2025-04-15", "2025-04-15"))
	assert.Empty(t, collect("2025-04-16", "2025-04-30"))
	assert.ElementsMatch(t, []due{
		{otherProvider, rules.S5, string(sat), "2025-06-01"},
		{otherProvider, rules.J3, "c1", "2025-06-01"},
	}, collect("2025-05-02", "2025-06-01"))

	for _, o := range r.ObligationsDue(day("2025-04-15"), day("2025-06-01")) {
		switch o.Rule {
		case rules.J10:
			assert.Equal(t, "design, nearest YTE 7.1", o.Clause)
			assert.Contains(t, o.What, mainConnector)
		case rules.J3:
			assert.Equal(t, "design, nearest YLS 1, 2, 13", o.Clause)
			assert.Contains(t, o.What, "tell tenant")
			assert.Contains(t, o.What, careHome)
		case rules.S5:
			assert.Equal(t, "SAT", o.Clause)
		}
	}

	advanceRegister(t, r, "2025-04-15")
	assert.NotContains(t, obligationRules(r.ObligationsDue(day("2025-04-15"), day("2025-04-15"))), rules.J10, "once the agreement has ended, its J10 obligation is history")
}

// The register's standing obligations include each tenant's duty to report
// a personal data breach to the controller and to its main connector (YLS
// 4.2), while its agreement is in force, beside each customer's own duty.
// The clause is the data-breach rule's whole source, "YLS 4.2, YTE 3.9" (the
// old suite expected "YLS 4.2" alone).
func TestDataBreach_TenantReportsToTheMainConnector(t *testing.T) {
	r := jointRegister(t)
	breach := func(p string) []commitment.Obligation {
		var out []commitment.Obligation
		for _, o := range r.StandingObligations() {
			if o.Party == lifecycle.PartyID(p) && o.Rule == rules.DataBreach {
				out = append(out, o)
			}
		}
		return out
	}
	assert.Empty(t, breach(tenantClinic))
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
	obs := breach(tenantClinic)
	require.Len(t, obs, 1)
	assert.Equal(t, "YLS 4.2, YTE 3.9", obs[0].Clause)
	assert.Equal(t, "a1", obs[0].Subject)
	assert.Contains(t, obs[0].What, mainConnector)
	assert.Len(t, breach(mainConnector), 1, "the main connector's own duty as a customer (YTE 3.9)")

	mustRun(t, r, "2025-03-01", "", lifecycle.EndProductionAgreement{Agreement: "a1"})
	assert.Empty(t, breach(tenantClinic))
}

// A customer with a service in use reports data breaches and keeps its
// contacts current: standing duties of its own that last while a service is
// in use, suspended or under notice, and end with the last service.
func TestDataBreach_ContactChange_StandingWhileAServiceIsInUse(t *testing.T) {
	c := newClinic(t)
	own := func() []rules.Rule {
		var out []rules.Rule
		for _, o := range c.StandingObligations() {
			if o.Party == clinicParty {
				assert.Equal(t, o.Rule.Source(), o.Clause)
				assert.True(t, o.Due.IsZero())
				out = append(out, o.Rule)
			}
		}
		slices.Sort(out)
		return out
	}
	both := []rules.Rule{rules.ContactChange, rules.DataBreach}
	slices.Sort(both)
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	assert.Empty(t, own(), "applied: nothing in use")
	mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
	assert.Equal(t, both, own())
	mustExec(t, c, "2025-02-01", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	assert.Equal(t, both, own(), "suspended is still in use")
	mustExec(t, c, "2025-02-05", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
	assert.Equal(t, both, own(), "under notice is still in use")
	mustAdvance(t, c, "2025-04-01")
	assert.Empty(t, own(), "the last service ended")
}

// S2b: while the social welfare client data repository is in use, the
// customer verifies its system with it at version changes, new
// functionality and problems: a standing duty (SAT), not before approval.
func TestS2b_StandingDutyToVerifyTheSystemWhileTheRepositoryIsInUse(t *testing.T) {
	c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
	count := func() []commitment.Obligation { return obligationsOf(c.StandingObligations(), rules.S2b) }
	mustExec(t, c, "2025-01-10", firstRequest(sat))
	mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
	mustExec(t, c, "2025-01-14", lifecycle.PassActivationTest{Service: sat})
	assert.Empty(t, count(), "not before approval")
	mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: sat})
	obs := count()
	require.Len(t, obs, 1)
	assert.Equal(t, c.Customer().ID, obs[0].Party)
	assert.Equal(t, string(sat), obs[0].Subject)
	assert.Equal(t, "SAT", obs[0].Clause)
	assert.True(t, obs[0].Due.IsZero())
	assert.Contains(t, obs[0].What, "version change")

	activate(t, c, "2025-01-20", prescription)
	mustExec(t, c, "2025-01-28", lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-02-28"), Reason: lifecycle.OtherChange})
	assert.Len(t, count(), 1, "under notice: still in use")
	mustAdvance(t, c, "2025-02-28")
	assert.Empty(t, count(), "the repository's use ended")
}

// A6: before the audit certificate of an app in production expires, the
// vendor contacts the assessment body and Kela: due on its last valid day.
func TestA6_VendorContactsTheAssessmentBodyBeforeExpiry(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2025-06-30")
	obs := obligationsOf(c.ObligationsDue(day("2025-06-01"), day("2025-06-30")), rules.A6)
	require.Len(t, obs, 1)
	assert.Equal(t, "2025-06-30", obs[0].Due.String())
	assert.Equal(t, lifecycle.PartyID(appVendorParty), obs[0].Party)
	assert.Equal(t, string(stepCounter), obs[0].Subject)
	assert.Equal(t, "design, nearest OTV 4.1, 8", obs[0].Clause)
	assert.Contains(t, obs[0].What, "THL regulation 4/2024")
	assert.Empty(t, obligationsOf(c.ObligationsDue(day("2025-07-01"), day("2025-12-31")), rules.A6))

	mustExec(t, c, "2025-06-15", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-06-30")})
	assert.Empty(t, obligationsOf(c.ObligationsDue(day("2025-06-01"), day("2025-06-30")), rules.A6), "renewed: due on the new day")
	assert.Len(t, obligationsOf(c.ObligationsDue(day("2026-06-30"), day("2026-06-30")), rules.A6), 1)

	mustExec(t, c, "2025-06-20", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.NonCompliance})
	assert.Empty(t, obligationsOf(allDue(c), rules.A6), "a removed app has nothing to renew")
}

// A5: a pending withdrawal is due on its effective day.
func TestA5_PendingWithdrawalIsDueOnItsDay(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2027-01-31")
	mustExec(t, c, "2025-05-30", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-07-01")})
	obs := obligationsOf(c.ObligationsDue(day("2025-07-01"), day("2025-07-01")), rules.A5)
	require.Len(t, obs, 1)
	assert.Equal(t, "OTV 4.5", obs[0].Clause)
	assert.Equal(t, string(stepCounter), obs[0].Subject)
	mustAdvance(t, c, "2025-07-01")
	assert.Empty(t, obligationsOf(allDue(c), rules.A5))
}

// A6b: while the app is connected (in production, suspended or under a
// withdrawal notice) the vendor reports significant changes and deviations:
// a standing obligation (OTV 4.1, 4.6).
func TestA6b_StandingDutyToReportChangesWhileConnected(t *testing.T) {
	c := newAppVendor(t)
	count := func() int { return len(obligationsOf(c.StandingObligations(), rules.A6b)) }
	jointTestedApp(t, c, stepCounter)
	assert.Zero(t, count(), "not before production")

	mustExec(t, c, "2025-02-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, c, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
	obs := obligationsOf(c.StandingObligations(), rules.A6b)
	require.Len(t, obs, 1)
	assert.Equal(t, "OTV 4.1, 4.6", obs[0].Clause)
	assert.Equal(t, lifecycle.PartyID(appVendorParty), obs[0].Party)
	assert.True(t, obs[0].Due.IsZero(), "standing: no due day")
	assert.Contains(t, obs[0].What, "Valvira")

	mustExec(t, c, "2025-03-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
	assert.Equal(t, 1, count(), "suspended")
	mustExec(t, c, "2025-03-05", lifecycle.DemonstrateAppCorrection{App: stepCounter})
	mustExec(t, c, "2025-03-10", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-05-01")})
	assert.Equal(t, 1, count(), "withdrawal-noticed")
	mustAdvance(t, c, "2025-05-01")
	assert.Zero(t, count(), "withdrawn")
}

// Late notifications of a change (technical-change two weeks,
// cessation-of-operations one month, maintenance-break one week, all before
// the effect) are accepted and recorded as the act itself; a late one is a
// breach listed among the standing obligations, with the latest notice day;
// a timely one is not. (The old suite's ChangeNotified event, with its own
// Late flag, is gone: the act is recorded and lateness derived.)
func TestNotifyChange_LateNotificationsAreStandingBreaches(t *testing.T) {
	cases := []struct {
		rule          rules.Rule
		given, effect string
		latest        string
		late          bool
	}{
		{rules.TechnicalChange, "2025-03-01", "2025-03-15", "2025-03-01", false},
		{rules.TechnicalChange, "2025-03-02", "2025-03-15", "2025-03-01", true},
		{rules.CessationOfOperations, "2025-02-28", "2025-03-31", "2025-02-28", false},
		{rules.CessationOfOperations, "2025-03-01", "2025-03-31", "2025-02-28", true},
		{rules.CessationOfOperations, "2024-01-29", "2024-02-29", "2024-01-29", false},
		{rules.CessationOfOperations, "2024-01-30", "2024-02-29", "2024-01-29", true},
		{rules.MaintenanceBreak, "2025-03-08", "2025-03-15", "2025-03-08", false},
		{rules.MaintenanceBreak, "2025-03-09", "2025-03-15", "2025-03-08", true},
	}
	for _, tc := range cases {
		t.Run(string(tc.rule)+" "+tc.given, func(t *testing.T) {
			c := newCustomer(t, lifecycle.KantaIntermediary)
			act := lifecycle.NotifyChange{Rule: tc.rule, Effective: day(tc.effect), Details: "connection point"}
			events := mustExec(t, c, tc.given, act)
			assert.Equal(t, []commitment.Event{commitment.Acted{On: day(tc.given), Act: act}}, events, "the notification is recorded as it was made")
			late := obligationsOf(c.StandingObligations(), tc.rule)
			if !tc.late {
				assert.Empty(t, late, "a timely notification is no breach")
				return
			}
			require.Len(t, late, 1)
			assert.Equal(t, c.Customer().ID, late[0].Party)
			assert.Equal(t, tc.rule.Source(), late[0].Clause)
			assert.Contains(t, late[0].Clause, "OTV 4.5")
			assert.Equal(t, "connection point", late[0].Subject)
			assert.Contains(t, late[0].What, "late")
			assert.Contains(t, late[0].What, tc.latest)
			assert.True(t, late[0].Due.IsZero())
		})
	}
}

// Notifications without a period are never late; terminations and
// withdrawals have their own acts; a rule with a period needs the day the
// change takes effect.
func TestNotifyChange_WithoutAPeriodAndMalformed(t *testing.T) {
	c := newCustomer(t, lifecycle.KantaIntermediary)
	for _, r := range []rules.Rule{rules.LargeDisruption, rules.ContactChange, rules.DataBreach} {
		events := mustExec(t, c, "2025-03-01", lifecycle.NotifyChange{Rule: r})
		require.Len(t, events, 1, r)
		assert.Empty(t, obligationsOf(c.StandingObligations(), r), "%s is never late", r)
	}
	before := freeze(t, c)
	for _, r := range []rules.Rule{rules.ServiceTermination, rules.AppWithdrawal, rules.JointAgreementTermination, "gossip", rules.C1} {
		_, err := c.Execute(day("2025-03-01"), lifecycle.NotifyChange{Rule: r, Effective: day("2025-06-01")})
		inputError(t, err)
	}
	_, err := c.Execute(day("2025-03-01"), lifecycle.NotifyChange{Rule: rules.TechnicalChange})
	inputError(t, err)
	before.assertUnchanged(t, c)
}

// Every obligation, due or standing, of a customer, a vendor or the
// register cites its rule as the rule book does: Clause is the rule's
// Source, so a design rule says "design, nearest …" and is never presented
// as the sources' own words.
func TestObligations_ClauseIsTheRulesSource(t *testing.T) {
	r := jointRegister(t)
	_, err := r.Add(party(appVendorParty, lifecycle.AppVendor))
	require.NoError(t, err)
	_, err = r.Add(party(otherProvider, lifecycle.PrivateSocialWelfareProvider))
	require.NoError(t, err)
	activateIn(t, r, "2025-01-10", otherProvider, sat)
	mustRun(t, r, "2025-01-10", appVendorParty, lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	mustRun(t, r, "2025-01-20", appVendorParty, lifecycle.PassAppJointTesting{App: stepCounter})
	mustRun(t, r, "2025-02-01", appVendorParty, lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2025-12-31")})
	mustRun(t, r, "2025-02-03", appVendorParty, lifecycle.ConnectApp{App: stepCounter})
	mustRun(t, r, "2025-02-05", appVendorParty, lifecycle.NameContact{Role: lifecycle.Billing, Name: "Laskutus"})
	mustRun(t, r, "2025-02-06", appVendorParty, lifecycle.NotifyChange{Rule: rules.MaintenanceBreak, Effective: day("2025-02-08"), Details: "yöhuolto"})
	mustRun(t, r, "2025-02-07", appVendorParty, lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-06-01")})
	_, err = r.Add(party(clinicParty, lifecycle.PrivateHealthCareProvider))
	require.NoError(t, err)
	activateIn(t, r, "2025-01-10", clinicParty, prescription)
	mustRun(t, r, "2025-01-15", clinicParty, lifecycle.TerminateByAuthority{Service: prescription})
	mustRun(t, r, "2025-01-20", careHome, firstRequest(kelain))
	mustRun(t, r, "2025-01-25", careHome, lifecycle.WithdrawApplication{Service: kelain})
	mustRun(t, r, "2025-01-26", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
	signAgreement(t, r, "2025-02-03", "b1", mainConnector, careHome, prescription)
	mustRun(t, r, "2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-04-15")})
	mustRun(t, r, "2025-02-10", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
	mustRun(t, r, "2025-02-10", mainConnector, lifecycle.TerminateByAuthority{Service: patientData, Effective: day("2025-07-01")})
	mustRun(t, r, "2025-02-10", otherProvider, lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.CeasingOperations})

	due := r.ObligationsDue(day("2025-01-01"), day("2040-12-31"))
	standing := r.StandingObligations()
	seen := map[rules.Rule]bool{}
	for _, o := range append(slices.Clone(due), standing...) {
		seen[o.Rule] = true
		assert.True(t, o.Rule.Known(), "%s is in the rule book", o.Rule)
		assert.Equal(t, o.Rule.Source(), o.Clause, "%s: %s", o.Rule, o.What)
		assert.Equal(t, o.Rule.Design(), strings.HasPrefix(o.Clause, "design, nearest "), "%s: %s", o.Rule, o.Clause)
		assert.NotEmpty(t, o.Party)
		assert.NotEmpty(t, o.What)
	}
	for _, want := range []rules.Rule{
		rules.S5b, rules.S7, rules.S5, rules.J10, rules.J3, rules.A5, rules.A6, rules.R4, rules.R3,
		rules.S2b, rules.A6b, rules.DataBreach, rules.ContactChange, rules.MaintenanceBreak,
		rules.R1, rules.R2, rules.R5, rules.R7, rules.R8, rules.R9, rules.R10,
	} {
		assert.True(t, seen[want], "the setup yields a %s obligation", want)
	}
}

// R1: signed applications, the commitment and the acceptances of service
// descriptions are kept permanently (REK), also after the application was
// withdrawn; an app vendor's signed commitment likewise.
func TestR1_SignedDocumentsAreKeptPermanently(t *testing.T) {
	c := newClinic(t)
	assert.Empty(t, kelaStanding(t, c, rules.R1, "REK"), "nothing signed yet")
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	obs := kelaStanding(t, c, rules.R1, "REK")
	require.Len(t, obs, 1)
	assert.Equal(t, clinicParty, obs[0].Subject)
	mustExec(t, c, "2025-01-20", lifecycle.WithdrawApplication{Service: prescription})
	assert.Len(t, kelaStanding(t, c, rules.R1, "REK"), 1, "permanently: also after the application was withdrawn")

	v := newAppVendor(t)
	assert.Empty(t, kelaStanding(t, v, rules.R1, "REK"))
	mustExec(t, v, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	assert.Len(t, kelaStanding(t, v, rules.R1, "REK"), 1, "the app vendor's signed commitment")
}

// R2: when the customer joined and left is kept permanently (REK): once a
// service was approved (or an app connected), for good.
func TestR2_JoiningAndLeavingAreKeptPermanently(t *testing.T) {
	c := newClinic(t)
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	assert.Empty(t, kelaStanding(t, c, rules.R2, "REK"), "applied: not joined yet")
	mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
	assert.Len(t, kelaStanding(t, c, rules.R2, "REK"), 1)
	mustExec(t, c, "2025-02-01", lifecycle.TerminateByAuthority{Service: prescription})
	require.Equal(t, lifecycle.Ended, c.Customership())
	assert.Len(t, kelaStanding(t, c, rules.R2, "REK"), 1, "left: still kept")

	v := newAppVendor(t)
	jointTestedApp(t, v, stepCounter)
	assert.Empty(t, kelaStanding(t, v, rules.R2, "REK"))
	mustExec(t, v, "2025-02-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, v, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
	assert.Len(t, kelaStanding(t, v, rules.R2, "REK"), 1, "an app vendor joins with its first connected app")
}

// R3: contacts, addresses and technical connection data are destroyed 10
// years after the customer relationship ends (REK): due on the tenth
// anniversary of the day the customership ended (a leap day clamps to 28
// February); not while a customer, nor once a customer again.
func TestR3_ContactsDestroyedTenYearsAfterTheCustomershipEnded(t *testing.T) {
	cases := []struct{ ended, due string }{
		{"2025-11-01", "2035-11-01"},
		{"2024-02-29", "2034-02-28"},
		{"2024-12-31", "2034-12-31"},
	}
	for _, tc := range cases {
		t.Run(tc.ended, func(t *testing.T) {
			c := newClinic(t)
			mustExec(t, c, "2024-01-10", firstRequest(prescription))
			mustExec(t, c, "2024-01-15", lifecycle.ApproveService{Service: prescription})
			assert.Empty(t, obligationsOf(allDue(c), rules.R3), "not while a customer")
			mustExec(t, c, tc.ended, lifecycle.TerminateByAuthority{Service: prescription})
			require.Equal(t, lifecycle.Ended, c.Customership())

			obs := obligationsOf(c.ObligationsDue(day(tc.due), day(tc.due)), rules.R3)
			require.Len(t, obs, 1)
			assert.Equal(t, commitment.Kela, obs[0].Party)
			assert.Equal(t, "REK", obs[0].Clause)
			assert.Equal(t, tc.due, obs[0].Due.String())
			assert.Equal(t, clinicParty, obs[0].Subject)
			assert.Contains(t, obs[0].What, tc.ended)
			assert.Empty(t, obligationsOf(c.ObligationsDue(day(tc.due).AddDays(1), day("2120-12-31")), rules.R3))
			assert.Empty(t, obligationsOf(c.ObligationsDue(day(tc.ended), day(tc.due).AddDays(-1)), rules.R3))
			assert.Empty(t, obligationsOf(allDue(c), rules.R6), "R6 is for app vendors")

			mustExec(t, c, "2026-01-10", firstRequest(prescription))
			assert.Empty(t, obligationsOf(allDue(c), rules.R3), "a customer again: nothing to destroy")
		})
	}
}

// R4: the data of an abandoned or cancelled application is deleted six
// months after it was abandoned or cancelled (REK); a month end clamps. An
// approved service is not an abandoned application; an application that
// lapsed with the customership (C8) is a cancelled one.
func TestR4_WithdrawnApplicationDataDeletedSixMonthsLater(t *testing.T) {
	cases := []struct{ withdrawn, due string }{
		{"2025-02-10", "2025-08-10"},
		{"2025-08-31", "2026-02-28"},
		{"2023-08-29", "2024-02-29"},
	}
	for _, tc := range cases {
		t.Run(tc.withdrawn, func(t *testing.T) {
			c := newClinic(t)
			mustExec(t, c, "2023-01-10", firstRequest(prescription))
			assert.Empty(t, obligationsOf(allDue(c), rules.R4))
			mustExec(t, c, tc.withdrawn, lifecycle.WithdrawApplication{Service: prescription})
			require.Equal(t, lifecycle.Withdrawn, c.Customership())

			obs := obligationsOf(c.ObligationsDue(day(tc.due), day(tc.due)), rules.R4)
			require.Len(t, obs, 1)
			assert.Equal(t, commitment.Kela, obs[0].Party)
			assert.Equal(t, "REK", obs[0].Clause)
			assert.Equal(t, string(prescription), obs[0].Subject)
			assert.Contains(t, obs[0].What, tc.withdrawn)
			assert.Empty(t, obligationsOf(c.ObligationsDue(day(tc.due).AddDays(1), day("2030-12-31")), rules.R4))
			assert.Empty(t, obligationsOf(c.ObligationsDue(day("2023-01-01"), day(tc.due).AddDays(-1)), rules.R4))
			assert.Empty(t, obligationsOf(allDue(c), rules.R3), "never a customer: R3 does not apply")
		})
	}
	t.Run("an approved and terminated service", func(t *testing.T) {
		c := newClinic(t)
		mustExec(t, c, "2025-01-10", firstRequest(prescription))
		mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
		mustExec(t, c, "2025-02-10", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Empty(t, obligationsOf(allDue(c), rules.R4))
	})
	t.Run("applied again after the withdrawal", func(t *testing.T) {
		c := newClinic(t)
		mustExec(t, c, "2025-01-10", firstRequest(prescription))
		mustExec(t, c, "2025-02-10", lifecycle.WithdrawApplication{Service: prescription})
		mustExec(t, c, "2025-03-01", firstRequest(prescription))
		mustExec(t, c, "2025-03-05", lifecycle.ApproveService{Service: prescription})
		obs := obligationsOf(c.ObligationsDue(day("2025-08-10"), day("2025-08-10")), rules.R4)
		require.Len(t, obs, 1, "the withdrawn application's data is still deleted on its day")
		assert.Contains(t, obs[0].What, "2025-02-10")
	})
	t.Run("an application lapsed when the last service ended (C8)", func(t *testing.T) {
		c := newClinic(t)
		mustExec(t, c, "2025-01-10", firstRequest(prescription))
		mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
		mustExec(t, c, "2025-01-20", laterRequest(kelain))
		mustExec(t, c, "2025-02-10", lifecycle.TerminateByAuthority{Service: prescription})
		require.Equal(t, lifecycle.Withdrawn, c.State(kelain))
		obs := obligationsOf(c.ObligationsDue(day("2025-08-10"), day("2025-08-10")), rules.R4)
		require.Len(t, obs, 1)
		assert.Equal(t, string(kelain), obs[0].Subject)
	})
}

// R5: the contacts of a customer that has not taken Kanta services into use
// are deleted on request (REK): standing while it has contacts and no
// service was ever approved.
func TestR5_NonCustomersContactsDeletedOnRequest(t *testing.T) {
	c := newClinic(t)
	assert.Empty(t, kelaStanding(t, c, rules.R5, "REK"), "no contacts")
	mustExec(t, c, "2025-01-05", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
	obs := kelaStanding(t, c, rules.R5, "REK")
	require.Len(t, obs, 1)
	assert.Equal(t, clinicParty, obs[0].Subject)
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	assert.Len(t, kelaStanding(t, c, rules.R5, "REK"), 1, "applied is not yet taken into use")
	mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: prescription})
	assert.Empty(t, kelaStanding(t, c, rules.R5, "REK"), "a customer that took services into use: R3 applies instead")
}

// R6: an app vendor's register data and original signed commitment forms
// are destroyed 10 years after the customer relationship ends (OTV 3.3.1):
// the day its last app was withdrawn or removed; not while another app is
// live.
func TestR6_AppVendorsDataDestroyedTenYearsAfterItsLastApp(t *testing.T) {
	v := newAppVendor(t)
	appInProduction(t, v, stepCounter, "2027-01-31")
	mustExec(t, v, "2025-02-05", lifecycle.RegisterApp{App: sleepDiary, Signatory: lifecycle.TradeRegister})

	mustExec(t, v, "2025-06-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-07-01")})
	mustAdvance(t, v, "2025-07-01")
	require.Equal(t, lifecycle.Withdrawn, appState(t, v, stepCounter))
	assert.Empty(t, obligationsOf(allDue(v), rules.R6), "another app is still registered")

	mustExec(t, v, "2025-09-15", lifecycle.RemoveApp{App: sleepDiary, Reason: lifecycle.OperationsEnded})
	obs := obligationsOf(v.ObligationsDue(day("2035-09-15"), day("2035-09-15")), rules.R6)
	require.Len(t, obs, 1)
	assert.Equal(t, commitment.Kela, obs[0].Party)
	assert.Equal(t, "OTV 3.3.1", obs[0].Clause)
	assert.Equal(t, appVendorParty, obs[0].Subject)
	assert.Contains(t, obs[0].What, "2025-09-15")
	assert.Empty(t, obligationsOf(v.ObligationsDue(day("2035-09-16"), day("2120-12-31")), rules.R6))
	assert.Empty(t, obligationsOf(v.ObligationsDue(day("2025-01-01"), day("2035-09-14")), rules.R6))
	assert.Empty(t, obligationsOf(allDue(v), rules.R3), "OTV 3.3.1 governs app vendors, not REK's row")

	t.Run("its only app withdrawn", func(t *testing.T) {
		v := newAppVendor(t)
		appInProduction(t, v, stepCounter, "2027-01-31")
		mustExec(t, v, "2025-06-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-07-01")})
		mustAdvance(t, v, "2025-07-01")
		obs := obligationsOf(v.ObligationsDue(day("2035-07-01"), day("2035-07-01")), rules.R6)
		require.Len(t, obs, 1)
	})
	t.Run("a new app after the last one ended", func(t *testing.T) {
		v := newAppVendor(t)
		mustExec(t, v, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
		mustExec(t, v, "2025-02-01", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.NonCompliance})
		require.Len(t, obligationsOf(allDue(v), rules.R6), 1)
		mustExec(t, v, "2025-03-01", lifecycle.RegisterApp{App: sleepDiary, Signatory: lifecycle.TradeRegister})
		assert.Empty(t, obligationsOf(allDue(v), rules.R6), "a live app: the relationship goes on")
	})
}

// R7: Omatietovaranto log data is kept 12 years from its creation (OTV
// 3.4); R8: wellbeing data a user has not deleted is deleted 5 years after
// the person's death (OTV 3.1). Both are Kela's standing duties once a
// vendor's app has been connected, and stay after it is removed.
func TestR7_R8_LogAndWellbeingDataRetention(t *testing.T) {
	v := newAppVendor(t)
	jointTestedApp(t, v, stepCounter)
	assert.Empty(t, kelaStanding(t, v, rules.R7, "OTV 3.4"))
	assert.Empty(t, kelaStanding(t, v, rules.R8, "OTV 3.1"))
	mustExec(t, v, "2025-02-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, v, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
	r7 := kelaStanding(t, v, rules.R7, "OTV 3.4")
	require.Len(t, r7, 1)
	assert.Contains(t, r7[0].What, "12 years")
	r8 := kelaStanding(t, v, rules.R8, "OTV 3.1")
	require.Len(t, r8, 1)
	assert.Contains(t, r8[0].What, "5 years")

	mustExec(t, v, "2025-03-01", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.NonCompliance})
	assert.Len(t, kelaStanding(t, v, rules.R7, "OTV 3.4"), 1, "logs outlive the app")
	assert.Len(t, kelaStanding(t, v, rules.R8, "OTV 3.1"), 1)

	assert.Empty(t, kelaStanding(t, newClinic(t), rules.R7, "OTV 3.4"), "not for a customer without apps")
}

// R9: billing contacts and addresses move to Kela's sales-invoice customer
// register, whose own notice sets their retention (REK): one duty, however
// many billing contacts.
func TestR9_BillingContactsMoveToTheSalesInvoiceRegister(t *testing.T) {
	c := newClinic(t)
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	mustExec(t, c, "2025-01-11", lifecycle.NameContact{Role: lifecycle.Administrative, Name: "Hallinto"})
	assert.Empty(t, kelaStanding(t, c, rules.R9, "REK"), "no billing contact")
	mustExec(t, c, "2025-01-12", lifecycle.NameContact{Role: lifecycle.Billing, Name: "Laskutus", Email: "laskut@example.fi"})
	obs := kelaStanding(t, c, rules.R9, "REK")
	require.Len(t, obs, 1)
	assert.Contains(t, obs[0].What, "sales-invoice")
	mustExec(t, c, "2025-01-13", lifecycle.NameContact{Role: lifecycle.Billing, Name: "Toinen laskuttaja"})
	assert.Len(t, kelaStanding(t, c, rules.R9, "REK"), 1, "one duty, however many billing contacts")
	mustExec(t, c, "2025-01-14", lifecycle.RemoveContact{Role: lifecycle.Billing, Name: "Laskutus"})
	mustExec(t, c, "2025-01-14", lifecycle.RemoveContact{Role: lifecycle.Billing, Name: "Toinen laskuttaja"})
	assert.Empty(t, kelaStanding(t, c, rules.R9, "REK"), "no billing contact left")
}

// R10: a contact found to be no longer valid may be deleted at once (REK):
// a standing permission while contacts exist, and RemoveContact deletes one
// on the day.
func TestR10_InvalidContactMayBeDeletedAtOnce(t *testing.T) {
	c := newClinic(t)
	assert.Empty(t, kelaStanding(t, c, rules.R10, "REK"))
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	mustExec(t, c, "2025-01-11", lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekniikka", Email: "old@example.fi"})
	assert.Len(t, kelaStanding(t, c, rules.R10, "REK"), 1)

	mustExec(t, c, "2025-01-11", lifecycle.RemoveContact{Role: lifecycle.Technical, Name: "Tekniikka"})
	assert.Empty(t, c.Contacts(), "deleted at once, the same day")
	assert.Empty(t, kelaStanding(t, c, rules.R10, "REK"))
	inputError(t, execError(c, "2025-01-12", lifecycle.RemoveContact{Role: lifecycle.Technical, Name: "Tekniikka"}))
}

// Kela's own duties are listed under the party commitment.Kela, so no
// customer may take that name: its duties would be mixed with Kela's.
func TestNew_NoCustomerTakesKelasName(t *testing.T) {
	_, err := commitment.New(commitment.Customer{ID: commitment.Kela, Kind: lifecycle.PrivateHealthCareProvider})
	var ie *lifecycle.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "customer.id", ie.Field)
	assert.Equal(t, string(commitment.Kela), ie.Value)
}
