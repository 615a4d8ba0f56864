package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// busyCustomer is a social welfare provider in the middle of things, its
// latest event on 2025-01-20: prescription under notice to 2025-03-01,
// patient data and imaging (two weeks' notice) in use, the repository
// requested and awaiting its tests, a technical contact named.
func busyCustomer(t *testing.T) *commitment.Commitment {
	t.Helper()
	cat := catalogueWith(t, commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}})
	c := customerWithCatalogue(t, lifecycle.PrivateSocialWelfareProvider, cat, "2025-01-10", prescription, patientData, imaging)
	mustExec(t, c, "2025-01-12", laterRequest(sat))
	mustExec(t, c, "2025-01-15", lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tiimi"})
	mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
	require.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
	require.Equal(t, day("2025-01-20"), c.Today())
	return c
}

// rejected lists acts of every kind that busyCustomer must reject: refused
// by a rule (rule set) or malformed (rule empty). Those dated after
// 2025-03-01 come after the pending termination's day.
var rejected = []struct {
	name string
	on   notice.Date
	act  lifecycle.Act
	rule rules.Rule // "": a *lifecycle.InputError
}{
	{"S2: approval before the tests", day("2025-01-25"), lifecycle.ApproveService{Service: sat}, rules.S2},
	{"S2: approval before the tests, after the pending termination's day", day("2025-03-05"), lifecycle.ApproveService{Service: sat}, rules.S2},
	{"S2: the activation test before joint testing", day("2025-01-25"), lifecycle.PassActivationTest{Service: sat}, rules.S2},
	{"C4: signed by nobody", day("2025-01-25"), lifecycle.RequestService{Service: kelain, Signatory: lifecycle.NoSignatory, Accepts: descOnly}, rules.C4},
	{"S1: no description", day("2025-01-25"), lifecycle.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister}, rules.S1},
	{"C13: requested twice", day("2025-01-25"), laterRequest(patientData), rules.C13},
	{"C13: a part of the organisation without the terms", day("2025-01-25"), lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: descOnly, OrgUnit: "Vuodeosasto"}, rules.C13},
	{"C13: a test in a part of the organisation that never requested", day("2025-01-25"), lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"}, rules.C13},
	{"S5b: late notice", day("2025-02-10"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, rules.S5b},
	{"S5b: all, one service late, one timely", day("2025-01-25"), lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-02-15"), Reason: lifecycle.OtherChange}, rules.S5b},
	{"C9: notice twice", day("2025-01-25"), lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange}, rules.C9},
	{"C9: notice without a reason", day("2025-01-25"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-06-01")}, rules.C9},
	{"C11: a service never requested", day("2025-01-25"), lifecycle.TerminateByAuthority{Service: kelain}, rules.C11},
	{"C12: withdrawing a service in use", day("2025-01-25"), lifecycle.WithdrawApplication{Service: patientData}, rules.C12},
	{"S4: suspending an application", day("2025-01-25"), lifecycle.SuspendService{Service: sat, Reason: lifecycle.Endangers}, rules.S4},
	{"S4: nothing suspended", day("2025-01-25"), lifecycle.DemonstrateCorrection{All: true}, rules.S4},
	{"S6: suspending a service after its termination day", day("2025-03-05"), lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}, rules.S6},
	{"C6: not a pharmacist", day("2025-01-25"), lifecycle.AddPharmacy{Pharmacy: "Apteekki"}, rules.C6},
	{"P1: no development contact for a provider", day("2025-01-25"), lifecycle.NameContact{Role: lifecycle.Development, Name: "Kehittäjä"}, rules.P1},
	{"P1: the same contact twice", day("2025-01-25"), lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tiimi"}, rules.P1},
	{"A1: an app registered by a provider", day("2025-01-25"), lifecycle.RegisterApp{App: "steps", Signatory: lifecycle.TradeRegister}, rules.A1},
	{"unknown service", day("2025-01-25"), lifecycle.ApproveService{Service: "no-such-service"}, ""},
	{"no service", day("2025-01-25"), lifecycle.SuspendService{Reason: lifecycle.Endangers}, ""},
	{"a day before the latest event", day("2025-01-19"), lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, ""},
	{"a day long past", day("2025-01-01"), lifecycle.ApproveService{Service: sat}, ""},
	{"zero date", notice.Date{}, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, ""},
	{"unknown suspension reason", day("2025-03-05"), lifecycle.SuspendService{Service: patientData, Reason: "weather"}, ""},
	{"unknown termination reason", day("2025-03-05"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-06-01"), Reason: "weather"}, ""},
	{"a termination effective before it was given", day("2025-03-05"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-04"), Reason: lifecycle.OtherChange}, ""},
	{"all together with a service", day("2025-03-05"), lifecycle.SuspendService{Service: patientData, All: true, Reason: lifecycle.Endangers}, ""},
	{"all together with a service (notice)", day("2025-03-05"), lifecycle.GiveTerminationNotice{Service: patientData, All: true, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, ""},
	{"unknown signatory", day("2025-03-05"), lifecycle.RequestService{Service: kelain, Signatory: "notary", Accepts: descOnly}, ""},
	{"a request bringing terms of its own", day("2025-03-05"), lifecycle.RequestService{Service: kelain, Signatory: lifecycle.TradeRegister, Accepts: descOnly, Terms: &lifecycle.ServiceTerms{}}, ""},
	{"no act", day("2025-03-05"), nil, ""},
	{"removing a contact never named", day("2025-03-05"), lifecycle.RemoveContact{Role: lifecycle.Billing, Name: "nobody"}, ""},
	{"a pharmacy without a name", day("2025-03-05"), lifecycle.AddPharmacy{}, ""},
	{"a change under an unknown rule", day("2025-03-05"), lifecycle.NotifyChange{Rule: "no-such-rule"}, ""},
	{"a termination notified as a change", day("2025-03-05"), lifecycle.NotifyChange{Rule: rules.ServiceTermination, Effective: day("2025-06-01")}, ""},
	{"a transfer on a lone commitment", day("2025-03-05"), lifecycle.TransferCommitment{To: "other", KelaConsent: true}, ""},
	{"an agreement on a lone commitment", day("2025-03-05"), lifecycle.SignJointAgreement{Agreement: "annex-1", Main: "y-private-social-welfare-provider", Tenant: "other", Services: []lifecycle.ServiceID{prescription}}, ""},
	{"an act on an app never registered", day("2025-03-05"), lifecycle.ConnectApp{App: "steps"}, ""},
}

// A refused or malformed act changes nothing: not the state, not the
// history, not the day, not even the terminations that fell due by its day.
func TestExecute_RejectedActChangesNothing(t *testing.T) {
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)
			events, err := c.Execute(tc.on, tc.act)
			assert.Nil(t, events, "never events together with an error")
			if tc.rule == "" {
				inputError(t, err)
			} else {
				refusedBy(t, err, tc.rule, tc.rule.Citations()[0])
			}
			before.assertUnchanged(t, c)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "the due termination is not applied by a rejected act")
			assert.Equal(t, lifecycle.Active, c.State(imaging))
			next, ok := c.NextDue()
			require.True(t, ok)
			assert.Equal(t, day("2025-03-01"), next)
		})
	}

	t.Run("refused after the day the last service ends", func(t *testing.T) {
		// Letting time pass would end the customership and let the pending
		// application lapse (C8); the refusal keeps none of it.
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat))
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		require.Equal(t, lifecycle.Terminating, c.Customership())
		before := freeze(t, c)
		_, err := c.Execute(day("2025-03-05"), lifecycle.PassJointTesting{Service: sat})
		refusedBy(t, err, rules.S2, "SAT") // the application has lapsed by then
		before.assertUnchanged(t, c)
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		assert.Equal(t, lifecycle.Requested, c.State(sat))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
	})

	for _, to := range []notice.Date{day("2025-01-19"), {}} {
		t.Run("advance to "+to.String(), func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)
			events, err := c.Advance(to)
			assert.Nil(t, events)
			assert.Equal(t, "date", inputError(t, err).Field)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("the due termination applies with the next accepted act", func(t *testing.T) {
		c := busyCustomer(t)
		_, err := c.Execute(day("2025-03-05"), lifecycle.ApproveService{Service: sat})
		require.Error(t, err)
		events := mustExec(t, c, "2025-03-05", lifecycle.PassJointTesting{Service: sat})
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		require.Len(t, events, 2)
		assert.Equal(t, day("2025-03-01"), events[0].Date(), "the due termination comes first, on its own day")
		assert.Equal(t, day("2025-03-05"), c.Today())
	})
}

// Check and Explain answer with exactly what Execute would return, and
// change nothing; Check applies no due termination either.
func TestCheckAndExplain_AnswerLikeExecuteAndChangeNothing(t *testing.T) {
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)

			checked := c.Check(tc.on, tc.act)
			require.Error(t, checked)
			blockers, explainErr := c.Explain(tc.on, tc.act)
			before.assertUnchanged(t, c)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))

			_, executed := c.Execute(tc.on, tc.act)
			assert.Equal(t, executed, checked, "Check returns the error Execute returns")
			if tc.rule == "" {
				assert.Nil(t, blockers)
				assert.Equal(t, executed, explainErr, "a malformed act is reported as the same error")
				return
			}
			require.NoError(t, explainErr)
			r := refusedBy(t, executed, tc.rule, tc.rule.Citations()[0])
			assert.Equal(t, r.Blockers, blockers, "Explain lists the refusal's blockers")
		})
	}

	accepted := []struct {
		name string
		on   notice.Date
		act  lifecycle.Act
	}{
		{"joint testing", day("2025-01-25"), lifecycle.PassJointTesting{Service: sat}},
		{"a timely notice", day("2025-01-25"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"an act after the pending termination's day", day("2025-03-05"), lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}},
		{"a new request after the pending termination's day", day("2025-03-05"), laterRequest(prescription)},
		{"a contact", day("2025-01-25"), lifecycle.NameContact{Role: lifecycle.Billing, Name: "Laskutus"}},
	}
	for _, tc := range accepted {
		t.Run("accepted: "+tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)
			require.NoError(t, c.Check(tc.on, tc.act))
			blockers, err := c.Explain(tc.on, tc.act)
			require.NoError(t, err)
			assert.Nil(t, blockers)
			before.assertUnchanged(t, c)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "Check applies no due termination")
			events, err := c.Execute(tc.on, tc.act)
			require.NoError(t, err)
			assert.NotEmpty(t, events)
		})
	}
}
