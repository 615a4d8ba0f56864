package notice

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func mustRule(t *testing.T, id RuleID) Rule {
	t.Helper()
	r, err := LookupRule(id)
	require.NoError(t, err)
	return r
}

// One month in both directions through Calculate, on the plain calendar:
// service-termination (before-effect) and joint-agreement-termination
// (notice-period), asked for the latest notice day or the earliest effective
// day, with a month end clamped in a leap year. Only the day asked for is
// computed.
func TestCalculate_OneMonthInBothDirections(t *testing.T) {
	tests := []struct {
		name                        string
		rule                        RuleID
		given, effective            string
		latestNotice, earliestEffec string
	}{
		{"service-termination effective 28 Feb 2025", ServiceTermination, "", "2025-02-28", "2025-01-28", ""},
		{"service-termination effective 31 Mar 2024", ServiceTermination, "", "2024-03-31", "2024-02-29", ""},
		{"service-termination given 31 Jan 2025", ServiceTermination, "2025-01-31", "", "", "2025-03-01"},
		{"joint-agreement-termination given 31 Jan 2025", JointAgreementTermination, "2025-01-31", "", "", "2025-03-01"},
		{"joint-agreement-termination effective 1 Mar 2025", JointAgreementTermination, "", "2025-03-01", "2025-01-31", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var given, effective Date
			if tc.given != "" {
				given = d(tc.given)
			}
			if tc.effective != "" {
				effective = d(tc.effective)
			}
			c, err := mustRule(t, tc.rule).Calculate(given, effective, RollNone, Finland())
			require.NoError(t, err)
			if tc.latestNotice != "" {
				assert.Equal(t, d(tc.latestNotice), c.LatestNotice)
			} else {
				assert.True(t, c.LatestNotice.IsZero(), "not asked")
			}
			if tc.earliestEffec != "" {
				assert.Equal(t, d(tc.earliestEffec), c.EarliestEffective)
			} else {
				assert.True(t, c.EarliestEffective.IsZero(), "not asked")
			}
			_, asked := c.Timely()
			assert.False(t, asked)
		})
	}
}

func TestCalculate_TimelyNeedsBothDays(t *testing.T) {
	r := mustRule(t, ServiceTermination)
	tests := []struct {
		given, effective string
		timely           bool
	}{
		{"2025-01-28", "2025-02-28", true},
		{"2025-01-29", "2025-02-28", false},
		{"2025-01-31", "2025-03-01", true},
		{"2025-01-31", "2025-02-28", false},
	}
	for _, tc := range tests {
		c, err := r.Calculate(d(tc.given), d(tc.effective), RollNone, Finland())
		require.NoError(t, err)
		timely, asked := c.Timely()
		assert.True(t, asked)
		assert.Equal(t, tc.timely, timely, "given %s effective %s", tc.given, tc.effective)
	}
}

// §5 with the rolls: effective 1 March 2025 puts the plain latest notice day
// on Saturday 1 February.
func TestAct150_1930_S5_RollIsTheCallersChoiceAndIsRecorded(t *testing.T) {
	r := mustRule(t, ServiceTermination)
	tests := []struct {
		roll   Roll
		latest string
	}{
		{RollNone, "2025-02-01"},
		{RollForward, "2025-02-03"},
		{RollBackward, "2025-01-31"},
	}
	for _, tc := range tests {
		t.Run(tc.roll.String(), func(t *testing.T) {
			c, err := r.Calculate(Date{}, d("2025-03-01"), tc.roll, Finland())
			require.NoError(t, err)
			assert.Equal(t, d(tc.latest), c.LatestNotice)
			assert.Equal(t, tc.roll, c.Roll, "the result records the roll")
		})
	}
}

func TestAct150_1930_S5_RolledTimelinessComparesWithTheRolledDay(t *testing.T) {
	r := mustRule(t, ServiceTermination)
	// A notice on Monday 3 February for 1 March: late on the plain
	// calendar, timely when the Saturday deadline rolls forward.
	for roll, want := range map[Roll]bool{RollNone: false, RollForward: true, RollBackward: false} {
		c, err := r.Calculate(d("2025-02-03"), d("2025-03-01"), roll, Finland())
		require.NoError(t, err)
		timely, _ := c.Timely()
		assert.Equal(t, want, timely, roll)
	}
	// A notice on Saturday 1 February: timely on the plain calendar, late
	// when the deadline rolls back to Friday 31 January.
	for roll, want := range map[Roll]bool{RollNone: true, RollForward: true, RollBackward: false} {
		c, err := r.Calculate(d("2025-02-01"), d("2025-03-01"), roll, Finland())
		require.NoError(t, err)
		timely, _ := c.Timely()
		assert.Equal(t, want, timely, roll)
	}
}

func TestAct150_1930_S5_EarliestEffectiveFollowsTheRolledDeadline(t *testing.T) {
	r := mustRule(t, ServiceTermination)
	tests := []struct {
		name     string
		given    string
		roll     Roll
		earliest string
	}{
		{"plain", "2025-02-03", RollNone, "2025-03-03"},
		{"forward: the Saturday deadline for 1 March moves to Monday 3 February", "2025-02-03", RollForward, "2025-03-01"},
		{"backward: a Saturday notice misses the deadline for 1 March, rolled to Friday", "2025-02-01", RollBackward, "2025-03-03"},
		{"backward: a Friday notice still makes it", "2025-01-31", RollBackward, "2025-03-01"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := r.Calculate(d(tc.given), Date{}, tc.roll, Finland())
			require.NoError(t, err)
			assert.Equal(t, d(tc.earliest), c.EarliestEffective)
			both, err := r.Calculate(d(tc.given), c.EarliestEffective, tc.roll, Finland())
			require.NoError(t, err)
			timely, _ := both.Timely()
			assert.True(t, timely, "the earliest effective day is timely")
			before, err := r.Calculate(d(tc.given), c.EarliestEffective.AddDays(-1), tc.roll, Finland())
			require.NoError(t, err)
			timely, _ = before.Timely()
			assert.False(t, timely, "the day before is not")
		})
	}
}

func TestCalculate_RefusesWhatItCannotCount(t *testing.T) {
	cal := Finland()
	for _, id := range []RuleID{LargeDisruption, ContactChange, DataBreach} {
		_, err := mustRule(t, id).Calculate(d("2025-01-01"), Date{}, RollNone, cal)
		var te *TermError
		require.True(t, errors.As(err, &te), id)
		assert.Equal(t, id, te.Rule)
		assert.Contains(t, err.Error(), string(id))
	}
	_, err := mustRule(t, DataBreach).Calculate(d("2025-01-01"), Date{}, RollNone, cal)
	assert.Contains(t, err.Error(), "72 hours")

	_, err = mustRule(t, ServiceTermination).Calculate(Date{}, Date{}, RollNone, cal)
	assert.ErrorIs(t, err, ErrNoDay)

	_, err = Term{Period: Months(1)}.Calculate(d("2025-01-01"), Date{}, RollNone, cal)
	var te *TermError
	assert.True(t, errors.As(err, &te), "a term without a direction")

	var re *RangeError
	_, err = mustRule(t, ServiceTermination).Calculate(d("9999-12-31"), Date{}, RollNone, cal)
	require.True(t, errors.As(err, &re))
	assert.Equal(t, d("9999-12-31"), re.From)
	assert.Equal(t, "earliest effective day", re.What)
	_, err = mustRule(t, JointAgreementTermination).Calculate(Date{}, d("0001-01-15"), RollNone, cal)
	assert.True(t, errors.As(err, &re))
	_, err = mustRule(t, ServiceTermination).Calculate(d("9999-12-31").AddDays(1), Date{}, RollNone, cal)
	assert.ErrorAs(t, err, &re)
	assert.NotPanics(t, func() { _ = re.Error() })
}

func TestCalculation_ExplainSaysHowEachDayWasReached(t *testing.T) {
	cal := Finland()
	t.Run("month-end clamp, backwards", func(t *testing.T) {
		c, err := mustRule(t, ServiceTermination).Calculate(Date{}, d("2024-03-31"), RollNone, cal)
		require.NoError(t, err)
		e := c.Explain()
		assert.Contains(t, e, "service-termination (SAT)")
		assert.Contains(t, e, "Latest notice day 2024-02-29")
		assert.Contains(t, e, "counted back from the effective day 2024-03-31")
		assert.Contains(t, e, "2024-03-31 - 1 month = 2024-02-29")
		assert.Contains(t, e, "February 2024 has no day 31")
		assert.Contains(t, e, "§4")
	})
	t.Run("notice period, forwards", func(t *testing.T) {
		c, err := mustRule(t, JointAgreementTermination).Calculate(d("2025-01-31"), Date{}, RollNone, cal)
		require.NoError(t, err)
		e := c.Explain()
		assert.Contains(t, e, "joint-agreement-termination (YLS 20)")
		assert.Contains(t, e, "Earliest effective day 2025-03-01")
		assert.Contains(t, e, "counted forward from the notice day 2025-01-31")
		assert.Contains(t, e, "2025-01-31 + 1 month = 2025-02-28")
		assert.Contains(t, e, "February 2025 has no day 31")
	})
	t.Run("rolled over Christmas, with the holidays named", func(t *testing.T) {
		c, err := mustRule(t, ServiceTermination).Calculate(Date{}, d("2026-01-24"), RollForward, cal)
		require.NoError(t, err)
		require.Equal(t, d("2025-12-29"), c.LatestNotice)
		e := c.Explain()
		assert.Contains(t, e, "roll forward")
		assert.Contains(t, e, "2025-12-24 (Jouluaatto)")
		assert.Contains(t, e, "2025-12-26 (Tapaninpäivä)")
		assert.Contains(t, e, "2025-12-27 (Saturday)")
		assert.Contains(t, e, "next working day, 2025-12-29")
	})
	t.Run("rolled backward", func(t *testing.T) {
		c, err := mustRule(t, ServiceTermination).Calculate(Date{}, d("2025-03-01"), RollBackward, cal)
		require.NoError(t, err)
		e := c.Explain()
		assert.Contains(t, e, "2025-02-01 (Saturday)")
		assert.Contains(t, e, "previous working day, 2025-01-31")
		assert.Contains(t, e, "never short")
	})
	t.Run("a working day is kept", func(t *testing.T) {
		c, err := mustRule(t, ServiceTermination).Calculate(Date{}, d("2025-03-03"), RollForward, cal)
		require.NoError(t, err)
		assert.Contains(t, c.Explain(), "2025-02-03 is a working day, which roll forward keeps")
	})
	t.Run("a late termination is refused", func(t *testing.T) {
		c, err := mustRule(t, ServiceTermination).Calculate(d("2025-01-29"), d("2025-02-28"), RollNone, cal)
		require.NoError(t, err)
		assert.Contains(t, c.Explain(), "Late: the notice on 2025-01-29 is after the latest notice day 2025-01-28")
		assert.Contains(t, c.Explain(), "refused and changes nothing (design: the terms do not say what a late notice is worth).")
	})
	t.Run("a late change is recorded", func(t *testing.T) {
		c, err := mustRule(t, TechnicalChange).Calculate(d("2025-02-20"), d("2025-03-03"), RollNone, cal)
		require.NoError(t, err)
		assert.Contains(t, c.Explain(), "recorded as late, a breach of YTE 3.8, OTV 4.5 (design: the terms do not say what a late notice is worth).")
	})
	t.Run("a timely notice", func(t *testing.T) {
		c, err := mustRule(t, TechnicalChange).Calculate(d("2025-02-17"), d("2025-03-03"), RollNone, cal)
		require.NoError(t, err)
		assert.Contains(t, c.Explain(), "Timely: the notice on 2025-02-17")
	})
}

// Year 1 is refused in every roll, for the notice day, the effective day and
// every computed day, while the first days of year 2 are answered.
func TestCalculate_RefusesYear1InEveryRoll(t *testing.T) {
	cal := Finland()
	for _, roll := range []Roll{RollNone, RollForward, RollBackward} {
		t.Run(roll.String(), func(t *testing.T) {
			for _, tc := range []struct {
				name             string
				given, effective string
				what             string
			}{
				{"notice day on New Year's Day of year 1", "0001-01-01", "", "notice day"},
				{"notice day at the end of year 1", "0001-12-31", "", "notice day"},
				{"effective day in year 1", "", "0001-02-01", "effective day"},
				{"latest notice day in year 1", "", "0002-01-15", "latest notice day"},
				{"both days in year 1", "0001-01-01", "0001-03-01", "notice day"},
			} {
				var given, effective Date
				if tc.given != "" {
					given = d(tc.given)
				}
				if tc.effective != "" {
					effective = d(tc.effective)
				}
				_, err := mustRule(t, ServiceTermination).Calculate(given, effective, roll, cal)
				var re *RangeError
				require.ErrorAs(t, err, &re, tc.name)
				assert.Equal(t, tc.what, re.What, tc.name)
				assert.Contains(t, err.Error(), "0002–9999", tc.name)
				assert.NotRegexp(t, `day \d`, err.Error(), "a year-1 day is written as a date")
			}
			c, err := mustRule(t, ServiceTermination).Calculate(d("0002-01-01"), d("0002-03-01"), roll, cal)
			require.NoError(t, err)
			assert.Equal(t, 2, c.LatestNotice.Year())
			assert.Equal(t, 2, c.EarliestEffective.Year())
		})
	}
}
