package notice

import (
	"sort"
	"time"

	"github.com/rickar/cal/v2"
	"github.com/rickar/cal/v2/fi"
)

// Calendar tells working days from the days on which, by act 150/1930 §5, an
// act due may be done on the next working day instead: Saturdays, Sundays,
// church holidays, Independence Day, May Day, Christmas Eve and Midsummer Eve.
// Rolls (see Roll) use it to move a computed day off a non-working day.
//
// A Calendar is an immutable value, safe for concurrent use. The zero Calendar
// knows no holidays: only Saturdays and Sundays are non-working. Finland
// returns the calendar the terms use.
type Calendar struct {
	t *holidayTable
}

// holidayTable holds the holidays of the years first…last, precomputed so
// that IsWorkingDay is a bit test. Days outside those years are computed on
// demand, which is correct but slower.
type holidayTable struct {
	start    Date     // 1 January of the first year
	end      Date     // 31 December of the last year
	bits     []uint64 // bit i set: start + i days is a holiday
	days     []Date   // the holidays, ascending, for Holiday's names
	names    []string // names[i] is the Finnish name of days[i]
	holidays func(year int, add func(Date, string))
}

// The years Finland precomputes: every contract of the Kanta services falls
// well inside them.
const (
	calendarFirstYear = 1900
	calendarLastYear  = 2199
)

// Finland returns the Finnish calendar of act 150/1930 §5. The holidays are
// the public holidays of github.com/rickar/cal/v2/fi (church holidays,
// Independence Day and May Day), completed with Christmas Eve (Jouluaatto,
// 24 December, which that library files as cal.ObservanceOther),
// Midsummer Eve (Juhannusaatto, the Friday between 19 and 25 June) and New
// Year's Day (Uudenvuodenpäivä) wherever a year lacks them. New Year's Day
// is missing only in year 1: there it is time.Time's zero instant, which
// the library also returns for "no holiday this year". Names are Finnish
// ("Jouluaatto", "Pitkäperjantai").
//
// The holidays follow today's rules for every year: the Saturdays to which
// Epiphany and Ascension Day were moved in 1973–1991, and the fixed
// Midsummer of the years before 1955, are not modelled. Each call builds a
// table of the years 1900–2199 (well under a millisecond); make one Calendar
// and share it.
func Finland() Calendar { return finnishCalendar(fi.Holidays) }

// finnishCalendar builds the calendar from a holiday library's list,
// completing it with the eves that act 150/1930 §5 names.
func finnishCalendar(source []*cal.Holiday) Calendar {
	// Only the statutory days: a later version of the library may list other
	// observances (flag days) that are working days.
	var public []*cal.Holiday
	for _, h := range source {
		if h.Type == cal.ObservancePublic {
			public = append(public, h)
		}
	}
	holidays := func(year int, add func(Date, string)) {
		newYear := fromCivil(year, time.January, 1)
		christmasEve := fromCivil(year, time.December, 24)
		midsummerEve := fromCivil(year, time.June, 19)
		midsummerEve = midsummerEve.AddDays((int(time.Friday) - int(midsummerEve.Weekday()) + 7) % 7)
		var haveNewYear, haveChristmasEve, haveMidsummerEve bool
		for _, h := range public {
			actual, _ := h.Calc(year)
			if actual.IsZero() {
				continue
			}
			y, m, d := actual.Date()
			day := fromCivil(y, m, d)
			haveNewYear = haveNewYear || day == newYear
			haveChristmasEve = haveChristmasEve || day == christmasEve
			haveMidsummerEve = haveMidsummerEve || day == midsummerEve
			add(day, h.Name)
		}
		if !haveNewYear {
			add(newYear, "Uudenvuodenpäivä")
		}
		if !haveChristmasEve {
			add(christmasEve, "Jouluaatto")
		}
		if !haveMidsummerEve {
			add(midsummerEve, "Juhannusaatto")
		}
	}
	return Calendar{t: newHolidayTable(calendarFirstYear, calendarLastYear, holidays)}
}

func newHolidayTable(first, last int, holidays func(int, func(Date, string))) *holidayTable {
	t := &holidayTable{
		start:    fromCivil(first, time.January, 1),
		end:      fromCivil(last, time.December, 31),
		holidays: holidays,
	}
	t.bits = make([]uint64, (t.start.DaysUntil(t.end)+1+63)/64)
	type named struct {
		day  Date
		name string
	}
	all := make([]named, 0, (last-first+1)*16)
	for y := first; y <= last; y++ {
		holidays(y, func(d Date, name string) {
			if !d.Before(t.start) && !d.After(t.end) {
				all = append(all, named{d, name})
			}
		})
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].day.Before(all[j].day) })
	t.days = make([]Date, 0, len(all))
	t.names = make([]string, 0, len(all))
	for _, h := range all {
		if n := len(t.days); n > 0 && t.days[n-1] == h.day {
			t.names[n-1] = joinName(t.names[n-1], h.name)
			continue
		}
		i := t.start.DaysUntil(h.day)
		t.bits[i/64] |= 1 << (i % 64)
		t.days = append(t.days, h.day)
		t.names = append(t.names, h.name)
	}
	return t
}

// joinName names a day on which two holidays fall (Vappu and Helatorstai in
// 2008).
func joinName(have, name string) string {
	if have == "" || have == name {
		return name
	}
	return have + " ja " + name
}

// IsWorkingDay reports whether d is a working day: not a Saturday, not a
// Sunday and not a holiday of c.
func (c Calendar) IsWorkingDay(d Date) bool {
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	_, holiday := c.holiday(d, false)
	return !holiday
}

// Holiday reports whether d is a holiday of c and, if so, its Finnish name
// ("Jouluaatto"). Ordinary Saturdays and Sundays are not holidays; two
// holidays on one day are named together ("Vappu ja Helatorstai").
func (c Calendar) Holiday(d Date) (name string, ok bool) {
	return c.holiday(d, true)
}

func (c Calendar) holiday(d Date, wantName bool) (string, bool) {
	t := c.t
	if t == nil {
		return "", false
	}
	if !d.Before(t.start) && !d.After(t.end) {
		i := t.start.DaysUntil(d)
		if t.bits[i/64]&(1<<(i%64)) == 0 {
			return "", false
		}
		if !wantName {
			return "", true
		}
		j := sort.Search(len(t.days), func(j int) bool { return !t.days[j].Before(d) })
		return t.names[j], true
	}
	// Outside the precomputed years: compute d's year.
	name, found := "", false
	t.holidays(d.Year(), func(h Date, n string) {
		if h == d {
			name, found = joinName(name, n), true
		}
	})
	return name, found
}

// nonWorkingReason says why d is not a working day in c: its holiday name,
// or its weekday.
func (c Calendar) nonWorkingReason(d Date) string {
	if name, ok := c.Holiday(d); ok {
		return name
	}
	return d.Weekday().String()
}
