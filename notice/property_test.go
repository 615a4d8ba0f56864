package notice

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// The property tests walk every day of 1990–2100 and check the package
// against the definition of a timely notice and act 150/1930 §3–§4, written
// out independently here, with the time package as the oracle for month
// lengths and day counts.

var (
	propertyFirst = MustDate(1990, time.January, 1)
	propertyLast  = MustDate(2100, time.December, 31)
)

var propertyPeriods = []Period{Weeks(1), Weeks(2), Months(1), Months(3), Days(14)}

func everyDay(f func(Date)) {
	for x := propertyFirst; !x.After(propertyLast); x = x.AddDays(1) {
		f(x)
	}
}

// definedTimely is the definition of a timely notice in the package
// documentation ("Two directions"), written out as formulas: before-effect:
// given <= effective − P; notice-period: given + P < effective.
func definedTimely(t Term, given, effective Date) bool {
	if t.Direction == NoticePeriod {
		return given.Add(t.Period).Before(effective)
	}
	return !given.After(effective.Sub(t.Period))
}

// oracleShift counts p from x with the time package: weeks and days by
// time.Date's normalisation, months by month index with the day number
// clamped to the month's length (time.Date(y, m+1, 0) is m's last day).
func oracleShift(x Date, p Period, sign int) Date {
	y, m, day := x.Civil()
	switch p.unit {
	case unitDay, unitWeek:
		n := p.n
		if p.unit == unitWeek {
			n *= 7
		}
		tm := time.Date(y, m, day+sign*n, 12, 0, 0, 0, time.UTC)
		return MustDate(tm.Year(), tm.Month(), tm.Day())
	case unitMonth, unitYear:
		n := p.n
		if p.unit == unitYear {
			n *= 12
		}
		first := time.Date(y, m+time.Month(sign*n), 1, 12, 0, 0, 0, time.UTC)
		last := time.Date(first.Year(), first.Month()+1, 0, 12, 0, 0, 0, time.UTC).Day()
		return MustDate(first.Year(), first.Month(), min(day, last))
	}
	panic("no unit")
}

func TestAct150_1930_S3_S4_AddAndSubMatchTheActEveryDay(t *testing.T) {
	for _, p := range append(propertyPeriods, Months(2), Years(1)) {
		t.Run(p.String(), func(t *testing.T) {
			everyDay(func(x Date) {
				if got, want := x.Add(p), oracleShift(x, p, 1); got != want {
					require.Failf(t, "Add", "%s + %s = %s, want %s", x, p, got, want)
				}
				if got, want := x.Sub(p), oracleShift(x, p, -1); got != want {
					require.Failf(t, "Sub", "%s - %s = %s, want %s", x, p, got, want)
				}
			})
		})
	}
}

func TestTerm_LatestNoticeAndEarliestEffectiveAreExactEveryDay(t *testing.T) {
	for _, p := range propertyPeriods {
		for _, dir := range []Direction{BeforeEffect, NoticePeriod} {
			term := Term{Period: p, Direction: dir}
			t.Run(term.String(), func(t *testing.T) {
				everyDay(func(x Date) {
					// x as the effective day.
					latest := term.LatestNotice(x)
					if !definedTimely(term, latest, x) || definedTimely(term, latest.AddDays(1), x) {
						require.Failf(t, "LatestNotice", "effective %s: latest notice %s is not the last timely day", x, latest)
					}
					if !term.Timely(latest, x) || term.Timely(latest.AddDays(1), x) {
						require.Failf(t, "Timely", "effective %s: Timely disagrees with the definition at %s", x, latest)
					}
					// x as the notice day.
					earliest := term.EarliestEffective(x)
					if !definedTimely(term, x, earliest) || definedTimely(term, x, earliest.AddDays(-1)) {
						require.Failf(t, "EarliestEffective", "given %s: earliest effective %s is not the first timely day", x, earliest)
					}
					if !term.Timely(x, earliest) || term.Timely(x, earliest.AddDays(-1)) {
						require.Failf(t, "Timely", "given %s: Timely disagrees with the definition at %s", x, earliest)
					}
				})
			})
		}
	}
}

// With a roll, the answers of a Calculation must still agree with each
// other, the rolled latest notice day must be a working day, and the rolls
// must keep their promises: backward never gives a notice shorter than the
// plain count, forward only moves across non-working days.
func TestAct150_1930_S5_RolledAnswersAgreeEveryDay(t *testing.T) {
	cal := Finland()
	for _, p := range []Period{Weeks(2), Months(1)} {
		for _, dir := range []Direction{BeforeEffect, NoticePeriod} {
			term := Term{Period: p, Direction: dir}
			for _, roll := range []Roll{RollForward, RollBackward} {
				t.Run(fmt.Sprintf("%s/%s", term, roll), func(t *testing.T) {
					everyDay(func(x Date) {
						plainLatest := term.LatestNotice(x)
						c, err := term.Calculate(x, x, roll, cal)
						require.NoError(t, err)
						latest := c.LatestNotice
						if !cal.IsWorkingDay(latest) {
							require.Failf(t, "roll", "effective %s: rolled latest notice %s is not a working day", x, latest)
						}
						for between := plainLatest; between != latest; between = between.AddDays(roll.step()) {
							if cal.IsWorkingDay(between) {
								require.Failf(t, "roll", "effective %s: %s rolled past the working day %s", x, plainLatest, between)
							}
						}
						if roll == RollBackward && !definedTimely(term, latest, x) {
							require.Failf(t, "backward", "effective %s: a notice on %s would be short", x, latest)
						}

						earliest := c.EarliestEffective
						rolledLatest := func(e Date) Date { return roll.Apply(cal, term.LatestNotice(e)) }
						if rolledLatest(earliest).Before(x) || !rolledLatest(earliest.AddDays(-1)).Before(x) {
							require.Failf(t, "EarliestEffective", "given %s: %s is not the first day whose rolled latest notice day it meets", x, earliest)
						}
						plainEarliest := term.EarliestEffective(x)
						if (roll == RollForward && earliest.After(plainEarliest)) || (roll == RollBackward && earliest.Before(plainEarliest)) {
							require.Failf(t, "EarliestEffective", "given %s: roll %s moved %s the wrong way to %s", x, roll, plainEarliest, earliest)
						}
					})
				})
			}
		}
	}
}
