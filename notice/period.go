package notice

import (
	"fmt"
	"strconv"
)

// Period is a length of time counted in whole days, weeks, months or years,
// as the terms state them ("two weeks", "one month"). It has one unit: the act
// on the computation of time limits counts weeks by weekday and months by day
// number, so a mixed period like "one month and two days" has no single
// meaning and is not offered. The zero Period means "no period"; a rule
// without one is done "without delay".
type Period struct {
	n    int
	unit unit
}

type unit uint8

const (
	unitNone unit = iota
	unitDay
	unitWeek
	unitMonth
	unitYear
)

// Days returns a period of n days.
func Days(n int) Period { return Period{n: n, unit: unitDay} }

// Weeks returns a period of n weeks.
func Weeks(n int) Period { return Period{n: n, unit: unitWeek} }

// Months returns a period of n months.
func Months(n int) Period { return Period{n: n, unit: unitMonth} }

// Years returns a period of n years (twelve months each).
func Years(n int) Period { return Period{n: n, unit: unitYear} }

// IsZero reports whether p is the zero Period ("no period").
func (p Period) IsZero() bool { return p.unit == unitNone }

// ParsePeriod reads an ISO 8601 period with one unit and a positive count:
// P14D, P2W, P1M, P1Y. The error is a *ParseError that carries the input.
func ParsePeriod(s string) (Period, error) {
	bad := &ParseError{Value: s, Expected: "an ISO 8601 period with one unit and a positive count, like P14D, P2W, P1M or P1Y"}
	if len(s) < 3 || s[0] != 'P' {
		return Period{}, bad
	}
	n, err := strconv.Atoi(s[1 : len(s)-1])
	if err != nil || n <= 0 || s[1] == '+' || s[1] == '-' || n > 100000 {
		return Period{}, bad
	}
	switch s[len(s)-1] {
	case 'D':
		return Days(n), nil
	case 'W':
		return Weeks(n), nil
	case 'M':
		return Months(n), nil
	case 'Y':
		return Years(n), nil
	}
	return Period{}, bad
}

// String returns p in ISO 8601 (P2W, P1M), or "" for the zero Period.
func (p Period) String() string {
	var u byte
	switch p.unit {
	case unitDay:
		u = 'D'
	case unitWeek:
		u = 'W'
	case unitMonth:
		u = 'M'
	case unitYear:
		u = 'Y'
	default:
		return ""
	}
	return "P" + strconv.Itoa(p.n) + string(u)
}

// Describe returns p in words ("1 month", "2 weeks").
func (p Period) Describe() string {
	var word string
	switch p.unit {
	case unitDay:
		word = "day"
	case unitWeek:
		word = "week"
	case unitMonth:
		word = "month"
	case unitYear:
		word = "year"
	default:
		return "no period"
	}
	if p.n != 1 {
		word += "s"
	}
	return fmt.Sprintf("%d %s", p.n, word)
}

// MarshalText writes p in ISO 8601.
func (p Period) MarshalText() ([]byte, error) { return []byte(p.String()), nil }

// UnmarshalText reads an ISO 8601 period; empty text is the zero Period.
func (p *Period) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*p = Period{}
		return nil
	}
	q, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = q
	return nil
}
