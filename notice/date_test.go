package notice

import (
	"encoding/json"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func d(s string) Date {
	day, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return day
}

func TestDate_ParseReadsOnlyYYYYMMDD(t *testing.T) {
	valid := []struct {
		in               string
		year, month, day int
	}{
		{"2025-01-31", 2025, 1, 31},
		{"2024-02-29", 2024, 2, 29},
		{"2000-02-29", 2000, 2, 29},
		{"0001-01-01", 1, 1, 1},
		{"9999-12-31", 9999, 12, 31},
	}
	for _, tc := range valid {
		t.Run(tc.in, func(t *testing.T) {
			got, err := Parse(tc.in)
			require.NoError(t, err)
			y, m, day := got.Civil()
			assert.Equal(t, tc.year, y)
			assert.Equal(t, time.Month(tc.month), m)
			assert.Equal(t, tc.day, day)
			assert.Equal(t, tc.in, got.String())
		})
	}

	invalid := []string{
		"", "2025-1-31", "2025/01/31", "31.01.2025", "2025-01-31 ", "2025-01-3x",
		"+025-01-31", "2025-00-10", "2025-13-01", "2025-02-29", "2100-02-29",
		"2025-04-31", "0000-01-01", "2025-01-00",
	}
	for _, in := range invalid {
		t.Run("refuses "+in, func(t *testing.T) {
			_, err := Parse(in)
			var pe *ParseError
			require.True(t, errors.As(err, &pe), "error %v is not a *ParseError", err)
			assert.Equal(t, in, pe.Value, "the error carries the input")
			assert.NotEmpty(t, pe.Expected)
		})
	}
}

func TestDate_LeapYearsFollowTheGregorianRule(t *testing.T) {
	tests := []struct {
		year int
		leap bool
	}{
		{2024, true},
		{2025, false},
		{2000, true},  // divisible by 400
		{2100, false}, // divisible by 100, not by 400
		{1900, false},
		{2400, true},
	}
	for _, tc := range tests {
		want := 28
		if tc.leap {
			want = 29
		}
		assert.Equal(t, want, DaysIn(tc.year, time.February), "February %d", tc.year)
		_, err := NewDate(tc.year, time.February, 29)
		assert.Equal(t, tc.leap, err == nil, "29 February %d exists", tc.year)
	}
}

func TestDate_AgreesWithTimeOnWeekdaysAndDayCounts(t *testing.T) {
	start := time.Date(1990, time.January, 1, 12, 0, 0, 0, time.UTC)
	first := MustDate(1990, time.January, 1)
	for i := 0; i < 40000; i += 37 {
		want := start.AddDate(0, 0, i)
		got := first.AddDays(i)
		y, m, day := got.Civil()
		require.Equal(t, want.Year(), y)
		require.Equal(t, want.Month(), m)
		require.Equal(t, want.Day(), day)
		require.Equal(t, want.Weekday(), got.Weekday(), "%s", got)
		require.Equal(t, i, first.DaysUntil(got))
	}
}

func TestDate_ComparesInCalendarOrder(t *testing.T) {
	a, b := d("2025-01-31"), d("2025-02-01")
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(a))
	assert.Equal(t, d("2025-02-01"), d("2025-02-17").FirstOfMonth())
	assert.Equal(t, d("2024-02-29"), d("2024-02-03").LastOfMonth())
}

func TestDate_ZeroMeansNoDate(t *testing.T) {
	var z Date
	assert.True(t, z.IsZero())
	assert.Equal(t, "", z.String())
	assert.False(t, d("0001-01-01").IsZero())

	b, err := json.Marshal(struct{ D Date }{})
	require.NoError(t, err)
	assert.JSONEq(t, `{"D":""}`, string(b))
}

func TestDate_TextRoundTrips(t *testing.T) {
	var got struct{ D Date }
	require.NoError(t, json.Unmarshal([]byte(`{"D":"2024-02-29"}`), &got))
	assert.Equal(t, d("2024-02-29"), got.D)
	b, err := json.Marshal(got)
	require.NoError(t, err)
	assert.JSONEq(t, `{"D":"2024-02-29"}`, string(b))

	var pe *ParseError
	err = json.Unmarshal([]byte(`{"D":"2025-02-29"}`), &got)
	assert.True(t, errors.As(err, &pe))
}

func TestDate_FromTimeTakesTheDayInHelsinki(t *testing.T) {
	// 22:30 UTC on 31 January is already 1 February in Helsinki (UTC+2).
	assert.Equal(t, d("2025-02-01"), FromTime(time.Date(2025, time.January, 31, 22, 30, 0, 0, time.UTC)))
	// In summer Helsinki is UTC+3.
	assert.Equal(t, d("2025-07-01"), FromTime(time.Date(2025, time.June, 30, 21, 0, 0, 0, time.UTC)))
	assert.Equal(t, d("2025-06-30"), FromTime(time.Date(2025, time.June, 30, 20, 59, 0, 0, time.UTC)))
}

func TestAct150_1930_S3_MonthEndClamps(t *testing.T) {
	tests := []struct {
		name     string
		from     string
		period   Period
		want     string
		wantClmp bool
	}{
		{"31 January + 1 month is 28 February", "2025-01-31", Months(1), "2025-02-28", true},
		{"in a leap year 29 February", "2024-01-31", Months(1), "2024-02-29", true},
		{"2000 is a leap year", "2000-01-31", Months(1), "2000-02-29", true},
		{"2100 is not a leap year", "2100-01-31", Months(1), "2100-02-28", true},
		{"30 January + 1 month is 28 February", "2025-01-30", Months(1), "2025-02-28", true},
		{"28 January + 1 month is 28 February", "2025-01-28", Months(1), "2025-02-28", false},
		{"31 March + 1 month is 30 April", "2025-03-31", Months(1), "2025-04-30", true},
		{"a period is added in one step: 31 January + 2 months is 31 March", "2025-01-31", Months(2), "2025-03-31", false},
		{"31 August + 3 months is 30 November", "2025-08-31", Months(3), "2025-11-30", true},
		{"29 February + 1 year is 28 February", "2024-02-29", Years(1), "2025-02-28", true},
		{"29 February + 4 years is 29 February", "2024-02-29", Years(4), "2028-02-29", false},
		{"months cross the year end", "2025-12-31", Months(2), "2026-02-28", true},
		{"weeks end on the same weekday", "2025-01-31", Weeks(2), "2025-02-14", false},
		{"days are counted one by one", "2025-02-20", Days(14), "2025-03-06", false},
		{"days cross 29 February", "2024-02-20", Days(14), "2024-03-05", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := d(tc.from)
			assert.Equal(t, d(tc.want), from.Add(tc.period))
			_, clamped := from.shift(tc.period, 1)
			assert.Equal(t, tc.wantClmp, clamped, "clamped")
		})
	}
}

func TestAct150_1930_S3_AddingInStepsIsNotAddingAtOnce(t *testing.T) {
	from := d("2025-01-31")
	assert.Equal(t, d("2025-03-28"), from.Add(Months(1)).Add(Months(1)))
	assert.Equal(t, d("2025-03-31"), from.Add(Months(2)))
}

func TestAct150_1930_S4_BackwardCountClamps(t *testing.T) {
	tests := []struct {
		name     string
		from     string
		period   Period
		want     string
		wantClmp bool
	}{
		{"31 March - 1 month is 28 February", "2025-03-31", Months(1), "2025-02-28", true},
		{"in a leap year 29 February", "2024-03-31", Months(1), "2024-02-29", true},
		{"2100 is not a leap year", "2100-03-31", Months(1), "2100-02-28", true},
		{"2000 is a leap year", "2000-03-30", Months(1), "2000-02-29", true},
		{"28 February - 1 month is 28 January", "2025-02-28", Months(1), "2025-01-28", false},
		{"1 March - 1 month is 1 February", "2025-03-01", Months(1), "2025-02-01", false},
		{"31 May - 3 months is 28 February", "2025-05-31", Months(3), "2025-02-28", true},
		{"months cross the year start", "2025-01-15", Months(1), "2024-12-15", false},
		{"two weeks before a Friday is a Friday", "2025-02-14", Weeks(2), "2025-01-31", false},
		{"14 days back across 29 February", "2024-03-05", Days(14), "2024-02-20", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from := d(tc.from)
			assert.Equal(t, d(tc.want), from.Sub(tc.period))
			_, clamped := from.shift(tc.period, -1)
			assert.Equal(t, tc.wantClmp, clamped, "clamped")
		})
	}
}

func TestPeriod_ParseReadsISO8601WithOneUnit(t *testing.T) {
	valid := []struct {
		in   string
		want Period
		desc string
	}{
		{"P14D", Days(14), "14 days"},
		{"P1W", Weeks(1), "1 week"},
		{"P2W", Weeks(2), "2 weeks"},
		{"P1M", Months(1), "1 month"},
		{"P3M", Months(3), "3 months"},
		{"P1Y", Years(1), "1 year"},
	}
	for _, tc := range valid {
		got, err := ParsePeriod(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, got)
		assert.Equal(t, tc.in, got.String())
		assert.Equal(t, tc.desc, got.Describe())
	}
	for _, in := range []string{"", "P", "PM", "1M", "P0M", "P-1M", "P+1M", "P1H", "P1M2D", "PT1H", "p1m", "P1.5M", "P999999D"} {
		_, err := ParsePeriod(in)
		var pe *ParseError
		require.True(t, errors.As(err, &pe), "%q: %v", in, err)
		assert.Equal(t, in, pe.Value)
	}
	assert.True(t, Period{}.IsZero())
	assert.Equal(t, "", Period{}.String())
}
