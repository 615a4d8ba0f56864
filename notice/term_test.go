package notice

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	oneMonthBeforeEffect = Term{Period: Months(1), Direction: BeforeEffect}
	oneMonthNotice       = Term{Period: Months(1), Direction: NoticePeriod}
)

// service-termination: one month, before-effect, counted back from the
// effective day.
func TestServiceTermination_NeedsOneMonthBeforeEffect(t *testing.T) {
	rule, err := LookupRule(ServiceTermination)
	require.NoError(t, err)
	require.Equal(t, oneMonthBeforeEffect, rule.Term)

	t.Run("effective 28 Feb 2025: latest notice 28 Jan 2025", func(t *testing.T) {
		assert.Equal(t, d("2025-01-28"), rule.Term.LatestNotice(d("2025-02-28")))
		assert.True(t, rule.Term.Timely(d("2025-01-28"), d("2025-02-28")))
		assert.False(t, rule.Term.Timely(d("2025-01-29"), d("2025-02-28")))
	})
	t.Run("effective 31 Mar 2025: latest notice 28 Feb 2025", func(t *testing.T) {
		assert.Equal(t, d("2025-02-28"), rule.Term.LatestNotice(d("2025-03-31")))
		assert.False(t, rule.Term.Timely(d("2025-03-01"), d("2025-03-31")), "a day late")
	})
	t.Run("effective 31 Mar 2024: latest notice 29 Feb 2024", func(t *testing.T) {
		assert.Equal(t, d("2024-02-29"), rule.Term.LatestNotice(d("2024-03-31")))
		assert.True(t, rule.Term.Timely(d("2024-02-29"), d("2024-03-31")))
		assert.False(t, rule.Term.Timely(d("2024-03-01"), d("2024-03-31")))
	})
	t.Run("given 31 Jan 2025: earliest effective 1 Mar 2025", func(t *testing.T) {
		assert.Equal(t, d("2025-03-01"), rule.Term.EarliestEffective(d("2025-01-31")))
		// 28 February would be too early: 28 February - 1 month = 28 January.
		assert.False(t, rule.Term.Timely(d("2025-01-31"), d("2025-02-28")))
		assert.True(t, rule.Term.Timely(d("2025-01-31"), d("2025-03-01")))
	})
}

// joint-agreement-termination: one month, notice-period, counted forward from
// the day the notice was received.
func TestJointAgreementTermination_NoticePeriodCountsForward(t *testing.T) {
	rule, err := LookupRule(JointAgreementTermination)
	require.NoError(t, err)
	require.Equal(t, oneMonthNotice, rule.Term)

	t.Run("given 31 Jan 2025: the period ends 28 Feb 2025, earliest effective 1 Mar 2025", func(t *testing.T) {
		assert.Equal(t, d("2025-02-28"), d("2025-01-31").Add(rule.Term.Period), "the last day in force")
		assert.Equal(t, d("2025-03-01"), rule.Term.EarliestEffective(d("2025-01-31")))
	})
	t.Run("effective 1 Mar 2025: latest notice 31 Jan 2025", func(t *testing.T) {
		assert.Equal(t, d("2025-01-31"), rule.Term.LatestNotice(d("2025-03-01")))
		assert.True(t, rule.Term.Timely(d("2025-01-31"), d("2025-03-01")))
		assert.False(t, rule.Term.Timely(d("2025-02-01"), d("2025-03-01")))
	})
	t.Run("the effective day is the first day without the agreement", func(t *testing.T) {
		// Given 15 January, the period ends on 15 February, the last day in
		// force; effect on 15 February would cut the period by a day.
		assert.Equal(t, d("2025-02-16"), rule.Term.EarliestEffective(d("2025-01-15")))
		assert.False(t, rule.Term.Timely(d("2025-01-15"), d("2025-02-15")))
	})
	t.Run("a notice period is longer by a day than the same period before effect", func(t *testing.T) {
		assert.Equal(t, d("2025-01-15"), oneMonthBeforeEffect.LatestNotice(d("2025-02-15")))
		assert.Equal(t, d("2025-01-14"), rule.Term.LatestNotice(d("2025-02-15")))
	})
}

func TestJointAgreementTermination_ProductionAgreementPeriodReplacesTheMonth(t *testing.T) {
	rule, err := LookupRule(JointAgreementTermination)
	require.NoError(t, err)
	three, err := rule.WithPeriod(Months(3))
	require.NoError(t, err)
	assert.Equal(t, Term{Period: Months(3), Direction: NoticePeriod}, three.Term, "the direction is kept")
	assert.Equal(t, "YLS 20", three.Clause())
	// Given 30 November 2024, three months end on 28 February 2025.
	assert.Equal(t, d("2025-03-01"), three.Term.EarliestEffective(d("2024-11-30")))
	assert.Equal(t, d("2024-11-30"), three.Term.LatestNotice(d("2025-03-01")))
	// The table itself is unchanged.
	again, err := LookupRule(JointAgreementTermination)
	require.NoError(t, err)
	assert.Equal(t, Months(1), again.Term.Period)
}

func TestTechnicalChange_NeedsTwoWeeksBeforeEffect(t *testing.T) {
	rule, err := LookupRule(TechnicalChange)
	require.NoError(t, err)
	tests := []struct{ effective, latest string }{
		{"2025-03-03", "2025-02-17"}, // a Monday two weeks earlier
		{"2024-03-07", "2024-02-22"}, // across 29 February
		{"2025-01-05", "2024-12-22"}, // across the year end
	}
	for _, tc := range tests {
		assert.Equal(t, d(tc.latest), rule.Term.LatestNotice(d(tc.effective)), "effective %s", tc.effective)
		assert.Equal(t, d(tc.effective), rule.Term.EarliestEffective(d(tc.latest)), "given %s", tc.latest)
	}
}

func TestMaintenanceBreak_NeedsOneWeekBeforeEffect(t *testing.T) {
	rule, err := LookupRule(MaintenanceBreak)
	require.NoError(t, err)
	assert.Equal(t, d("2025-02-22"), rule.Term.LatestNotice(d("2025-03-01")))
	assert.Equal(t, d("2025-03-01"), rule.Term.EarliestEffective(d("2025-02-22")))
	assert.False(t, rule.Term.Timely(d("2025-02-23"), d("2025-03-01")))
}

func TestAppWithdrawal_CessationOfOperations_NeedOneMonthBeforeEffect(t *testing.T) {
	for _, id := range []RuleID{AppWithdrawal, CessationOfOperations} {
		rule, err := LookupRule(id)
		require.NoError(t, err)
		assert.Equal(t, oneMonthBeforeEffect, rule.Term, id)
		assert.Equal(t, d("2025-02-28"), rule.Term.LatestNotice(d("2025-03-31")), id)
	}
}

func TestTerm_WithoutAPeriodIsWithoutDelay(t *testing.T) {
	var none Term
	assert.Equal(t, "without delay", none.String())
	assert.Equal(t, d("2025-03-01"), none.LatestNotice(d("2025-03-01")))
	assert.Equal(t, d("2025-03-01"), none.EarliestEffective(d("2025-03-01")))
	assert.True(t, none.Timely(d("2025-03-01"), d("2025-03-01")))
	assert.False(t, none.Timely(d("2025-03-02"), d("2025-03-01")))
}

func TestTerm_StringSaysPeriodAndDirection(t *testing.T) {
	assert.Equal(t, "1 month before-effect", oneMonthBeforeEffect.String())
	assert.Equal(t, "2 weeks notice-period", Term{Period: Weeks(2), Direction: NoticePeriod}.String())
}

func TestLargeDisruption_IsNotifiedWithoutDelay(t *testing.T) {
	rule, err := LookupRule(LargeDisruption)
	require.NoError(t, err)
	assert.Equal(t, "without delay", rule.Term.String())
	assert.Equal(t, d("2025-03-01"), rule.Term.LatestNotice(d("2025-03-01")))
}
