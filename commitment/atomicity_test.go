package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// busyCustomer is a social welfare provider in the middle of things, its
// latest event on 2025-01-20: prescription under notice to 2025-03-01,
// patient data and imaging (two weeks' notice) in use, the repository
// requested and awaiting its tests.
func busyCustomer(t *testing.T) *commitment.Commitment {
	t.Helper()
	cat := catalogueWith(t, commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}})
	c := customerWithCatalogue(t, lifecycle.PrivateSocialWelfareProvider, cat, "2025-01-10", prescription, patientData, imaging)
	mustExec(t, c, "2025-01-12", laterRequest(sat))
	mustExec(t, c, "2025-01-15", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Technical, Name: "Tekninen Tiimi"}})
	mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
	require.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
	require.Equal(t, day("2025-01-20"), c.Today())
	return c
}

// rejected lists commands that busyCustomer must reject: refused by a rule
// (rule set) or malformed (rule empty).
var rejected = []struct {
	name string
	on   notice.Date
	cmd  commitment.Command
	rule lifecycle.Rule // "": an *InputError
}{
	{"S2: approval before the tests", day("2025-01-25"), commitment.ApproveService{Service: sat}, lifecycle.S2},
	{"S2: refused after the pending termination's day", day("2025-03-05"), commitment.ApproveService{Service: sat}, lifecycle.S2},
	{"C4: signed by nobody", day("2025-01-25"), commitment.RequestService{Service: kelain, Signatory: lifecycle.NoSignatory, Accepts: descOnly}, lifecycle.C4},
	{"S1: requested twice", day("2025-01-25"), laterRequest(patientData), lifecycle.S1},
	{"S5b: late notice", day("2025-02-10"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, lifecycle.S5b},
	{"S5b: all, one service late, one timely", day("2025-01-25"), commitment.GiveTerminationNotice{All: true, Effective: day("2025-02-15"), Reason: lifecycle.OtherChange}, lifecycle.S5b},
	{"C9: notice twice", day("2025-01-25"), commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange}, lifecycle.C9},
	{"C12: withdrawing a service in use", day("2025-01-25"), commitment.WithdrawApplication{Service: patientData}, lifecycle.C12},
	{"C5: transfer without consent", day("2025-01-25"), commitment.TransferCommitment{To: commitment.Customer{ID: "other", Kind: lifecycle.PrivateSocialWelfareProvider}}, lifecycle.C5},
	{"C6: not a pharmacist", day("2025-01-25"), commitment.AddPharmacy{Pharmacy: "Apteekki"}, lifecycle.C6},
	{"C13: unit without the terms", day("2025-01-25"), commitment.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: descOnly, OrgUnit: "Vuodeosasto"}, lifecycle.C13},
	{"S4: nothing suspended", day("2025-01-25"), commitment.DemonstrateCorrection{All: true}, lifecycle.S4},
	{"P1: no development contact for a provider", day("2025-01-25"), commitment.NameContact{Contact: commitment.Contact{Role: commitment.Development, Name: "Kehittäjä"}}, lifecycle.P1},
	{"unknown service", day("2025-01-25"), commitment.ApproveService{Service: "no-such-service"}, ""},
	{"no service", day("2025-01-25"), commitment.SuspendService{Reason: lifecycle.Endangers}, ""},
	{"a day before the latest event", day("2025-01-19"), commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, ""},
	{"a day long past", day("2025-01-01"), commitment.ApproveService{Service: sat}, ""},
	{"zero date", notice.Date{}, commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, ""},
	{"unknown suspension reason", day("2025-03-05"), commitment.SuspendService{Service: patientData, Reason: "weather"}, ""},
	{"unknown termination reason", day("2025-03-05"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-06-01"), Reason: "weather"}, ""},
	{"all together with a service", day("2025-03-05"), commitment.SuspendService{Service: patientData, All: true, Reason: lifecycle.Endangers}, ""},
	{"all together with a service (notice)", day("2025-03-05"), commitment.GiveTerminationNotice{Service: patientData, All: true, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, ""},
	{"unknown signatory", day("2025-03-05"), commitment.RequestService{Service: kelain, Signatory: "notary", Accepts: descOnly}, ""},
	{"no command", day("2025-03-05"), nil, ""},
	{"removing a contact never named", day("2025-03-05"), commitment.RemoveContact{Role: commitment.Billing, Person: "nobody"}, ""},
}

// A refused or malformed command changes nothing: not the state, not the
// history, not even the terminations that fell due by its day.
func TestAtomicity_RejectedCommandChangesNothing(t *testing.T) {
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)
			events, err := c.Execute(tc.on, tc.cmd)
			assert.Nil(t, events)
			if tc.rule == "" {
				inputError(t, err)
			} else {
				refusedBy(t, err, tc.rule, tc.rule.Citations()[0])
			}
			before.assertUnchanged(t, c)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "the due termination is not applied by a rejected command")
			assert.Equal(t, lifecycle.Active, c.State(imaging))
		})
	}

	t.Run("refused after the day the last service ends", func(t *testing.T) {
		// Letting time pass would end the customership and withdraw the
		// pending application (C8); the refusal undoes all of it.
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat))
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		require.Equal(t, lifecycle.Terminating, c.Customership())
		before := freeze(t, c)
		_, err := c.Execute(day("2025-03-05"), commitment.ApproveService{Service: sat})
		refusedBy(t, err, lifecycle.C3, "YTE 7") // the application was withdrawn by then
		before.assertUnchanged(t, c)
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		assert.Equal(t, lifecycle.Requested, c.State(sat))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
	})

	t.Run("advance to a day before the latest event", func(t *testing.T) {
		c := busyCustomer(t)
		before := freeze(t, c)
		_, err := c.Advance(day("2025-01-19"))
		inputError(t, err)
		before.assertUnchanged(t, c)
	})

	t.Run("the due termination applies with the next accepted command", func(t *testing.T) {
		c := busyCustomer(t)
		_, err := c.Execute(day("2025-03-05"), commitment.ApproveService{Service: sat})
		require.Error(t, err)
		mustExec(t, c, "2025-03-05", commitment.PassJointTesting{Service: sat})
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
	})
}

// Check and Explain answer with exactly what Execute would return, and
// change nothing.
func TestCheckAndExplain_AnswerLikeExecuteAndChangeNothing(t *testing.T) {
	for _, tc := range rejected {
		t.Run(tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)

			checked := c.Check(tc.on, tc.cmd)
			require.Error(t, checked)
			blockers, explainErr := c.Explain(tc.on, tc.cmd)
			before.assertUnchanged(t, c)

			_, executed := c.Execute(tc.on, tc.cmd)
			assert.Equal(t, executed, checked, "Check returns the error Execute returns")
			if tc.rule == "" {
				assert.Nil(t, blockers)
				assert.Equal(t, executed, explainErr, "a malformed command is reported as the same error")
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
		cmd  commitment.Command
	}{
		{"joint testing", day("2025-01-25"), commitment.PassJointTesting{Service: sat}},
		{"a timely notice", day("2025-01-25"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"a command after the pending termination's day", day("2025-03-05"), commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers}},
	}
	for _, tc := range accepted {
		t.Run("accepted: "+tc.name, func(t *testing.T) {
			c := busyCustomer(t)
			before := freeze(t, c)
			require.NoError(t, c.Check(tc.on, tc.cmd))
			blockers, err := c.Explain(tc.on, tc.cmd)
			require.NoError(t, err)
			assert.Nil(t, blockers)
			before.assertUnchanged(t, c)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "Check applies no due termination either")
			_, err = c.Execute(tc.on, tc.cmd)
			require.NoError(t, err)
		})
	}
}
