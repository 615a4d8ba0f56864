package commitment_test

import (
	"sort"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Obligations (SPEC "Obligations"): what the terms require of whom by which
// day, derived from the state of commitments and agreements.

// ObligationsDue(from, to) includes an obligation due on from and one due on
// to, and excludes one due a day outside; each has its rule and clause.
func TestObligations_DueIncludesBothEndsOfTheRange(t *testing.T) {
	c := jxClinic(t)
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	mustExec(t, c, "2025-01-10", commitment.ApproveService{Service: lifecycle.Prescription})
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: descOnly})
	mustExec(t, c, "2025-01-10", commitment.ApproveService{Service: lifecycle.PatientDataRepository})
	mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: lifecycle.PatientDataRepository, Effective: day("2025-03-31")})

	cases := []struct {
		from, to string
		want     []string // rules, sorted
	}{
		{"2025-03-01", "2025-03-31", []string{"S5b", "S7"}},
		{"2025-03-01", "2025-03-01", []string{"S5b"}},
		{"2025-03-31", "2025-03-31", []string{"S7"}},
		{"2025-02-01", "2025-02-28", nil},
		{"2025-03-02", "2025-03-30", nil},
		{"2025-04-01", "2025-12-31", nil},
		{"2025-01-01", "2025-03-01", []string{"S5b"}},
	}
	for _, tc := range cases {
		t.Run(tc.from+".."+tc.to, func(t *testing.T) {
			got := jxRules(c.ObligationsDue(day(tc.from), day(tc.to)))
			sort.Strings(got)
			if tc.want == nil {
				assert.Empty(t, got)
				return
			}
			assert.Equal(t, tc.want, got)
		})
	}
	obs := c.ObligationsDue(day("2025-03-01"), day("2025-03-31"))
	for _, o := range obs {
		assert.Equal(t, "klinikka", o.Party)
		switch o.Rule {
		case "S5b":
			assert.Equal(t, "2025-03-01", o.Due.String())
			assert.Equal(t, "design, nearest YTE 7.1", o.Clause, "a design rule is never presented as the source's words")
		case "S7":
			assert.Equal(t, "2025-03-31", o.Due.String())
			assert.Equal(t, "design, nearest YTE 7.1", o.Clause)
		}
	}
}

// Across a register: each commitment's own obligations, the tenant's use
// ending with an agreement under notice (J10), and the main connector
// telling each tenant that a service it uses ends (J3, YLS 2) — but not a
// tenant whose agreement ends first.
func TestObligations_AcrossARegisterOfSeveralPartiesAndAgreements(t *testing.T) {
	w := jxStandardWorld(t)
	w.add("hoivayhtio", lifecycle.PrivateSocialWelfareProvider, true)
	w.activate("2025-01-10", "hoivayhtio", lifecycle.SocialWelfareClientDataRepository)
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription, lifecycle.PatientDataRepository)
	w.sign("2025-02-03", "b1", jxMain, jxTenant2, lifecycle.Prescription)
	w.sign("2025-02-03", "c1", "hoivayhtio", jxTenant, lifecycle.SocialWelfareClientDataRepository)
	w.exec("2025-03-14", "", commitment.GiveJointAgreementNotice{Agreement: "a1", By: jxTenant, Effective: day("2025-04-15")})
	w.exec("2025-03-20", jxMain, commitment.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})
	w.exec("2025-03-20", "hoivayhtio", commitment.GiveTerminationNotice{Service: lifecycle.SocialWelfareClientDataRepository, Effective: day("2025-06-01"), Reason: lifecycle.CeasingOperations})

	type due struct{ party, rule, subject, due string }
	collect := func(from, to string) []due {
		var out []due
		for _, o := range w.r.ObligationsDue(day(from), day(to)) {
			out = append(out, due{o.Party, o.Rule, o.Subject, o.Due.String()})
		}
		return out
	}

	assert.ElementsMatch(t, []due{
		{jxTenant, "J10", "a1", "2025-04-15"},
		{jxMain, "S5b", string(lifecycle.Prescription), "2025-05-01"},
		{jxMain, "J3", "b1", "2025-05-01"},
	}, collect("2025-04-15", "2025-05-01"))
	assert.ElementsMatch(t, []due{{jxTenant, "J10", "a1", "2025-04-15"}}, collect("2025-04-15", "2025-04-15"))
	assert.Empty(t, collect("2025-04-16", "2025-04-30"))
	assert.ElementsMatch(t, []due{
		{"hoivayhtio", "S5", string(lifecycle.SocialWelfareClientDataRepository), "2025-06-01"},
		{"hoivayhtio", "J3", "c1", "2025-06-01"},
	}, collect("2025-05-02", "2025-06-01"))

	for _, o := range w.r.ObligationsDue(day("2025-04-15"), day("2025-06-01")) {
		switch o.Rule {
		case "J10":
			assert.Equal(t, "design, nearest YTE 7.1", o.Clause)
			assert.Contains(t, o.What, jxMain)
		case "J3":
			assert.Equal(t, "design, nearest YLS 1, 2, 13", o.Clause)
			assert.Contains(t, o.What, "tell tenant")
		case "S5":
			assert.Equal(t, "SAT", o.Clause)
		}
	}

	// Once the agreement has ended, its J10 obligation is history.
	w.advance("2025-04-15")
	assert.NotContains(t, jxRules(w.r.ObligationsDue(day("2025-04-15"), day("2025-04-15"))), "J10")
}

// The register's standing obligations include each tenant's duty to report
// a personal data breach to the controller and to its main connector (YLS
// 4.2), while its agreement is in force.
func TestYLS42_TenantReportsDataBreachesToTheMainConnector(t *testing.T) {
	w := jxStandardWorld(t)
	breach := func(party string) []commitment.Obligation {
		var out []commitment.Obligation
		for _, o := range w.r.StandingObligations() {
			if o.Party == party && o.Rule == string(notice.DataBreach) {
				out = append(out, o)
			}
		}
		return out
	}
	assert.Empty(t, breach(jxTenant))
	w.sign("2025-02-03", "a1", jxMain, jxTenant, lifecycle.Prescription)
	obs := breach(jxTenant)
	require.Len(t, obs, 1)
	assert.Equal(t, "YLS 4.2", obs[0].Clause)
	assert.Equal(t, "a1", obs[0].Subject)
	assert.Contains(t, obs[0].What, jxMain)
	assert.Len(t, breach(jxMain), 1, "the main connector's own duty as a customer (YTE 3.9)")

	w.exec("2025-03-01", "", commitment.EndProductionAgreement{Agreement: "a1"})
	assert.Empty(t, breach(jxTenant))
}

// Late notifications of a change (technical-change two weeks,
// cessation-of-operations one month, maintenance-break one week, all before
// the effect) are accepted and recorded as late, a breach listed among the
// standing obligations; timely ones are not (SPEC §5 "Late notices", YTE
// 3.8, OTV 4.5).
func TestYTE38_OTV45_LateChangeNotificationsAreRecordedAsBreaches(t *testing.T) {
	cases := []struct {
		rule          notice.RuleID
		given, effect string
		latest        string
		late          bool
	}{
		{notice.TechnicalChange, "2025-03-01", "2025-03-15", "2025-03-01", false},
		{notice.TechnicalChange, "2025-03-02", "2025-03-15", "2025-03-01", true},
		{notice.CessationOfOperations, "2025-02-28", "2025-03-31", "2025-02-28", false},
		{notice.CessationOfOperations, "2025-03-01", "2025-03-31", "2025-02-28", true},
		{notice.MaintenanceBreak, "2025-03-08", "2025-03-15", "2025-03-08", false},
		{notice.MaintenanceBreak, "2025-03-09", "2025-03-15", "2025-03-08", true},
	}
	for _, tc := range cases {
		t.Run(string(tc.rule)+" "+tc.given, func(t *testing.T) {
			c, err := commitment.New(commitment.Customer{ID: "valittaja", Kind: lifecycle.KantaIntermediary})
			require.NoError(t, err)
			events := mustExec(t, c, tc.given, commitment.NotifyChange{Rule: tc.rule, Effective: day(tc.effect), Details: "connection point"})
			require.Len(t, events, 1)
			n, ok := events[0].(commitment.ChangeNotified)
			require.True(t, ok)
			assert.Equal(t, tc.late, n.Late)
			assert.Equal(t, tc.latest, n.LatestNotice.String())
			rule, err := notice.LookupRule(tc.rule)
			require.NoError(t, err)
			assert.Equal(t, rule.Clause, n.Clause)
			assert.Contains(t, n.Clause, "OTV 4.5")
			var late []commitment.Obligation
			for _, o := range c.StandingObligations() {
				if o.Rule == string(tc.rule) {
					late = append(late, o)
				}
			}
			if !tc.late {
				assert.Empty(t, late, "a timely notification is no breach")
				return
			}
			require.Len(t, late, 1)
			assert.Equal(t, "valittaja", late[0].Party)
			assert.Equal(t, n.Clause, late[0].Clause)
			assert.Contains(t, late[0].What, "late")
			assert.Contains(t, late[0].What, tc.latest)
		})
	}
}

// Notifications without a period are never late; terminations and
// withdrawals have their own commands; a rule with a period needs the day
// the change takes effect.
func TestYTE38_NotificationsWithoutAPeriodAndMalformedOnes(t *testing.T) {
	c, err := commitment.New(commitment.Customer{ID: "valittaja", Kind: lifecycle.KantaIntermediary})
	require.NoError(t, err)
	for _, r := range []notice.RuleID{notice.LargeDisruption, notice.ContactChange, notice.DataBreach} {
		events := mustExec(t, c, "2025-03-01", commitment.NotifyChange{Rule: r})
		require.Len(t, events, 1)
		assert.False(t, events[0].(commitment.ChangeNotified).Late, r)
	}
	for _, r := range []notice.RuleID{notice.ServiceTermination, notice.AppWithdrawal, notice.JointAgreementTermination, "gossip"} {
		_, err := c.Execute(day("2025-03-01"), commitment.NotifyChange{Rule: r, Effective: day("2025-06-01")})
		inputError(t, err)
	}
	_, err = c.Execute(day("2025-03-01"), commitment.NotifyChange{Rule: notice.TechnicalChange})
	inputError(t, err)
}
