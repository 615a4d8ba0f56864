package notice

import (
	"sync"
	"testing"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/fi"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAct150_1930_S5_ChristmasEveIsNotAWorkingDay(t *testing.T) {
	c := Finland()
	// 24 December 2025 is a Wednesday; the library files it as
	// ObservanceOther, so Finland must add it itself.
	day := d("2025-12-24")
	require.Equal(t, time.Wednesday, day.Weekday())
	assert.False(t, c.IsWorkingDay(day))
	name, ok := c.Holiday(day)
	assert.True(t, ok)
	assert.Equal(t, "Jouluaatto", name)
	assert.True(t, c.IsWorkingDay(d("2025-12-23")))

	for y := 1990; y <= 2100; y++ {
		if c.IsWorkingDay(MustDate(y, time.December, 24)) {
			t.Fatalf("24 December %d is a working day", y)
		}
	}
}

func TestAct150_1930_S5_MidsummerEveIsNotAWorkingDay(t *testing.T) {
	c := Finland()
	day := d("2025-06-20")
	require.Equal(t, time.Friday, day.Weekday())
	assert.False(t, c.IsWorkingDay(day))
	name, ok := c.Holiday(day)
	assert.True(t, ok)
	assert.Equal(t, "Juhannusaatto", name, "named once, not twice")
	assert.True(t, c.IsWorkingDay(d("2025-06-19")))
	assert.True(t, c.IsWorkingDay(d("2025-06-23")))

	// Every year, the Friday between 19 and 25 June.
	for y := 1990; y <= 2100; y++ {
		found := 0
		for day := 19; day <= 25; day++ {
			x := MustDate(y, time.June, day)
			if x.Weekday() == time.Friday {
				found++
				if c.IsWorkingDay(x) {
					t.Fatalf("Midsummer Eve %s is a working day", x)
				}
			}
		}
		require.Equal(t, 1, found)
	}
}

func TestAct150_1930_S5_NonWorkingDays(t *testing.T) {
	c := Finland()
	tests := []struct {
		name    string
		day     string
		holiday string // "" for an ordinary Saturday, Sunday or working day
		working bool
	}{
		{"New Year's Day", "2025-01-01", "Uudenvuodenpäivä", false},
		{"Epiphany", "2025-01-06", "Loppiainen", false},
		{"Good Friday", "2025-04-18", "Pitkäperjantai", false},
		{"Easter Sunday", "2025-04-20", "Pääsiäispäivä", false},
		{"Easter Monday", "2025-04-21", "Toinen pääsiäispäivä", false},
		{"May Day", "2025-05-01", "Vappu", false},
		{"Ascension Day", "2025-05-29", "Helatorstai", false},
		{"Pentecost", "2025-06-08", "Helluntaipäivä", false},
		{"Midsummer Day", "2025-06-21", "Juhannuspäivä", false},
		{"All Saints' Day", "2025-11-01", "Pyhäinpäivä", false},
		{"Independence Day", "2025-12-06", "Itsenäisyyspäivä", false},
		{"Christmas Day", "2025-12-25", "Joulupäivä", false},
		{"Boxing Day", "2025-12-26", "Tapaninpäivä", false},
		{"Independence Day on a weekday", "2024-12-06", "Itsenäisyyspäivä", false},
		{"May Day and Ascension Day together", "2008-05-01", "Vappu ja Helatorstai", false},
		{"a Saturday (arkilauantai)", "2025-03-01", "", false},
		{"a Sunday", "2025-03-02", "", false},
		{"a Monday", "2025-03-03", "", true},
		{"Maundy Thursday", "2025-04-17", "", true},
		{"New Year's Eve", "2025-12-31", "", true},
		{"29 February 2024, a Thursday", "2024-02-29", "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := d(tc.day)
			assert.Equal(t, tc.working, c.IsWorkingDay(x))
			name, ok := c.Holiday(x)
			assert.Equal(t, tc.holiday != "", ok)
			assert.Equal(t, tc.holiday, name)
		})
	}
}

func TestCalendar_YearsOutsideThePrecomputedOnesAreComputed(t *testing.T) {
	c := Finland()
	for _, s := range []string{"1850-12-24", "2500-12-24", "2500-12-06", "9999-12-24"} {
		x := d(s)
		if x.Weekday() != time.Saturday && x.Weekday() != time.Sunday {
			assert.False(t, c.IsWorkingDay(x), s)
		}
		_, ok := c.Holiday(x)
		assert.True(t, ok, s)
	}
	assert.True(t, c.IsWorkingDay(d("2500-12-23")), "a Thursday")
	// The precomputed table and the computation agree at its edges.
	for _, s := range []string{"1900-01-01", "2199-12-26"} {
		_, ok := c.Holiday(d(s))
		assert.True(t, ok, s)
	}
}

func TestAct150_1930_S5_ACalendarWithoutTheEvesIsCompleted(t *testing.T) {
	var without []*cal.Holiday
	for _, h := range fi.Holidays {
		if h.Name != "Jouluaatto" && h.Name != "Juhannusaatto" {
			without = append(without, h)
		}
	}
	require.Len(t, without, len(fi.Holidays)-2, "the library lists both eves")
	c := finnishCalendar(without)
	for _, tc := range []struct{ day, name string }{
		{"2025-12-24", "Jouluaatto"},
		{"2025-06-20", "Juhannusaatto"},
		{"2026-06-19", "Juhannusaatto"},
		{"2030-06-21", "Juhannusaatto"},
		{"2500-12-24", "Jouluaatto"}, // computed on demand
	} {
		x := d(tc.day)
		assert.False(t, c.IsWorkingDay(x), tc.day)
		name, ok := c.Holiday(x)
		assert.True(t, ok, tc.day)
		assert.Equal(t, tc.name, name, tc.day)
	}
	assert.True(t, c.IsWorkingDay(d("2025-06-19")))
}

func TestCalendar_ZeroCalendarKnowsOnlyWeekends(t *testing.T) {
	var c Calendar
	assert.True(t, c.IsWorkingDay(d("2025-12-24")))
	assert.False(t, c.IsWorkingDay(d("2025-12-27")))
	assert.False(t, c.IsWorkingDay(d("2025-12-28")))
	_, ok := c.Holiday(d("2025-12-25"))
	assert.False(t, ok)
}

func TestCalendar_FinlandLeavesTheHolidayLibraryUnchanged(t *testing.T) {
	before := make([]cal.Holiday, len(fi.Holidays))
	for i, h := range fi.Holidays {
		before[i] = *h
	}
	_ = Finland()
	require.Len(t, fi.Holidays, len(before))
	for i, h := range fi.Holidays {
		assert.Equal(t, before[i].Name, h.Name)
		assert.Equal(t, before[i].Type, h.Type)
	}
}

func TestCalendar_IsSafeForConcurrentUse(t *testing.T) {
	c := Finland()
	var wg sync.WaitGroup
	counts := make([]int, 8)
	for g := range counts {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for x := d("2025-01-01"); x.Year() == 2025; x = x.AddDays(1) {
				if c.IsWorkingDay(x) {
					counts[g]++
				}
				c.Holiday(x)
			}
			c.IsWorkingDay(d("2500-12-24")) // computed on demand
		}(g)
	}
	wg.Wait()
	for _, n := range counts {
		// 2025 has 365 days, 104 weekend days and 10 holidays on weekdays.
		assert.Equal(t, 365-104-10, n)
	}
}

// rickar/cal returns the zero time.Time both for "no such holiday this year"
// and for New Year's Day of year 1, which is that very instant; Finland must
// not lose the holiday there.
func TestAct150_1930_S5_NewYearsDayInEveryYear(t *testing.T) {
	c := Finland()
	for _, y := range []int{1, 2, 1899, 1900, 2025, 2199, 2200, 9999} {
		day := MustDate(y, time.January, 1)
		name, ok := c.Holiday(day)
		assert.True(t, ok, "1 January %d", y)
		assert.Equal(t, "Uudenvuodenpäivä", name, "1 January %d", y)
		assert.False(t, c.IsWorkingDay(day), "1 January %d", y)
	}
	require.Equal(t, time.Monday, d("0001-01-01").Weekday())
	assert.Equal(t, d("0001-01-02"), RollForward.Apply(c, d("0001-01-01")))
}
