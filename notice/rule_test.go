package notice

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRules_TableRowByRow checks every row of the table: its identifier, its
// term, its clause and the treatment of a late notice, as the package
// documentation lists them.
func TestRules_TableRowByRow(t *testing.T) {
	want := []struct {
		id     RuleID
		id2    string
		term   Term
		clause string
		late   Late
	}{
		{TechnicalChange, "technical-change", Term{Weeks(2), BeforeEffect}, "YTE 3.8, OTV 4.5", LateRecorded},
		{CessationOfOperations, "cessation-of-operations", Term{Months(1), BeforeEffect}, "YTE 3.8, OTV 4.5", LateRecorded},
		{ServiceTermination, "service-termination", Term{Months(1), BeforeEffect}, "SAT", LateRefused},
		{AppWithdrawal, "app-withdrawal", Term{Months(1), BeforeEffect}, "OTV 4.5", LateRefused},
		{MaintenanceBreak, "maintenance-break", Term{Weeks(1), BeforeEffect}, "OTV 4.5", LateRecorded},
		{JointAgreementTermination, "joint-agreement-termination", Term{Months(1), NoticePeriod}, "YLS 20", LateRefused},
		{LargeDisruption, "large-disruption", Term{}, "OTV 4.5", LateNotApplicable},
		{ContactChange, "contact-change", Term{}, "YTE 3.8, OTV 4.5", LateNotApplicable},
		{DataBreach, "data-breach", Term{}, "YLS 4.2, YTE 3.9", LateNotApplicable},
	}
	rules := Rules()
	require.Len(t, rules, len(want))
	for i, w := range want {
		r := rules[i]
		assert.Equal(t, w.id2, string(r.ID), "stable identifier")
		assert.Equal(t, w.id, r.ID)
		assert.Equal(t, w.term, r.Term, w.id)
		assert.Equal(t, w.clause, r.Clause(), w.id)
		assert.Equal(t, w.late, r.Late, w.id)
		assert.Equal(t, !w.term.Period.IsZero(), r.HasPeriod(), w.id)
		assert.NotEmpty(t, r.What, w.id)
		assert.NotEmpty(t, r.Timing, w.id)

		got, err := LookupRule(w.id)
		require.NoError(t, err)
		assert.Equal(t, r, got)
	}
	assert.Equal(t, []RuleID{TechnicalChange, CessationOfOperations, ServiceTermination, AppWithdrawal, MaintenanceBreak,
		JointAgreementTermination, LargeDisruption, ContactChange, DataBreach}, RuleIDs())
}

func TestRules_DataBreachHoursAreOutsideTheDateArithmetic(t *testing.T) {
	r, err := LookupRule(DataBreach)
	require.NoError(t, err)
	assert.False(t, r.HasPeriod())
	assert.Contains(t, r.What, "72 hours")
	assert.Contains(t, r.Timing, "outside the date arithmetic")
}

func TestRules_LateTerminationsAreRefusedLateChangesRecorded(t *testing.T) {
	for _, id := range []RuleID{ServiceTermination, AppWithdrawal, JointAgreementTermination} {
		r, err := LookupRule(id)
		require.NoError(t, err)
		assert.Equal(t, LateRefused, r.Late, id)
	}
	for _, id := range []RuleID{TechnicalChange, CessationOfOperations, MaintenanceBreak} {
		r, err := LookupRule(id)
		require.NoError(t, err)
		assert.Equal(t, LateRecorded, r.Late, id)
	}
	assert.Equal(t, "refused", LateRefused.String())
	assert.Equal(t, "recorded", LateRecorded.String())
	assert.Equal(t, "not-applicable", LateNotApplicable.String())
}

func TestRules_ReturnsAFreshTableEveryCall(t *testing.T) {
	first := Rules()
	first[2].Term.Period = Days(1)

	first[0] = Rule{}
	again := Rules()
	assert.Equal(t, Months(1), again[2].Term.Period)
	assert.Equal(t, "SAT", again[2].Clause())
	assert.Equal(t, TechnicalChange, again[0].ID)
	r, err := LookupRule(ServiceTermination)
	require.NoError(t, err)
	assert.Equal(t, "SAT", r.Clause())

	ids := RuleIDs()
	ids[0] = "changed"
	assert.Equal(t, TechnicalChange, RuleIDs()[0])
}

func TestRules_UnknownIDIsRefusedWithTheKnownOnes(t *testing.T) {
	for _, in := range []RuleID{"", "termination", "Service-Termination", "service-termination "} {
		_, err := LookupRule(in)
		var ue *UnknownRuleError
		require.True(t, errors.As(err, &ue), "%q", in)
		assert.Equal(t, in, ue.ID)
		assert.Equal(t, RuleIDs(), ue.Known)
		assert.Contains(t, err.Error(), "service-termination")
		assert.Contains(t, err.Error(), "data-breach")
	}
}

func TestJointAgreementTermination_OnlyItsPeriodMayBeOverridden(t *testing.T) {
	for _, r := range Rules() {
		got, err := r.WithPeriod(Months(3))
		if r.ID == JointAgreementTermination {
			require.NoError(t, err)
			assert.True(t, r.PeriodOverridable())
			assert.Equal(t, Months(3), got.Term.Period)
			continue
		}
		assert.False(t, r.PeriodOverridable(), r.ID)
		var oe *OverrideError
		require.True(t, errors.As(err, &oe), r.ID)
		assert.Equal(t, r.ID, oe.Rule)
		assert.Equal(t, Months(3), oe.Period)
		assert.Equal(t, r, got, "a refused override changes nothing")
	}
	joint, err := LookupRule(JointAgreementTermination)
	require.NoError(t, err)
	for _, p := range []Period{{}, Days(0), Months(-1)} {
		_, err := joint.WithPeriod(p)
		var oe *OverrideError
		assert.True(t, errors.As(err, &oe), "%v", p)
	}
}
