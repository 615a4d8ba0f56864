package notice

import (
	"fmt"
	"time"
)

// Date is a civil calendar day in Finland (Europe/Helsinki): a year, a month
// and a day, with no time of day and no time zone. The zero Date means "no
// date"; IsZero reports it. Dates are comparable with == and usable as map keys.
//
// Arithmetic on dates never allocates. AddDays counts days; Add and Sub count
// a Period by the act on the computation of statutory time limits (150/1930,
// §3 and §4), not by time.AddDate, which turns 31 January + 1 month into
// 3 March.
type Date struct {
	// n is the number of days since 0000-12-31, so 0001-01-01 is 1 and the
	// zero value is no date.
	n int32
}

// Years outside this range are refused by NewDate and Parse.
const (
	minYear = 1
	maxYear = 9999
)

// NewDate returns the date year-month-day, or a *ParseError if there is no
// such day (31 April, 29 February 2025) or the year is outside 1–9999.
func NewDate(year int, month time.Month, day int) (Date, error) {
	if year < minYear || year > maxYear {
		return Date{}, &ParseError{Value: fmt.Sprintf("%04d-%02d-%02d", year, int(month), day), Expected: "a year from 0001 to 9999"}
	}
	if month < time.January || month > time.December {
		return Date{}, &ParseError{Value: fmt.Sprintf("%04d-%02d-%02d", year, int(month), day), Expected: "a month from 01 to 12"}
	}
	if day < 1 || day > DaysIn(year, month) {
		return Date{}, &ParseError{
			Value:    fmt.Sprintf("%04d-%02d-%02d", year, int(month), day),
			Expected: fmt.Sprintf("a day from 01 to %02d (%s %d has %d days)", DaysIn(year, month), month, year, DaysIn(year, month)),
		}
	}
	return fromCivil(year, month, day), nil
}

// MustDate is like NewDate but panics when the day does not exist. It is meant
// for dates written as constants in tests and examples, like
// regexp.MustCompile; never call it on input.
func MustDate(year int, month time.Month, day int) Date {
	d, err := NewDate(year, month, day)
	if err != nil {
		panic(err)
	}
	return d
}

// Parse reads a date written as YYYY-MM-DD, the only form the library accepts.
// The error is a *ParseError that carries the input.
func Parse(s string) (Date, error) {
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, &ParseError{Value: s, Expected: "a date written YYYY-MM-DD"}
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, &ParseError{Value: s, Expected: "a date written YYYY-MM-DD"}
	}
	date, err := NewDate(y, time.Month(m), d)
	if err != nil {
		err.(*ParseError).Value = s
		return Date{}, err
	}
	return date, nil
}

func digits(s string) (int, bool) {
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// FromTime returns the civil date of the instant t in Finland
// (Europe/Helsinki). It is the one place where an instant becomes a date; the
// rules themselves only ever see dates.
func FromTime(t time.Time) Date {
	y, m, d := t.In(helsinki).Date()
	return fromCivil(y, m, d)
}

// ParseError reports a date, period, roll or direction that could not be
// read. Value is the offending input, whole, and Expected says what would
// have been accepted.
type ParseError struct {
	Value    string
	Expected string
}

// Error returns the message with an excerpt of the input (see Excerpt) and
// what was expected.
func (e *ParseError) Error() string {
	return fmt.Sprintf("notice: cannot read %s: expected %s", Excerpt(e.Value), e.Expected)
}

// IsZero reports whether d is the zero Date, which means "no date".
func (d Date) IsZero() bool { return d.n == 0 }

// Year returns the year of d.
func (d Date) Year() int { y, _, _ := d.civil(); return y }

// Month returns the month of d.
func (d Date) Month() time.Month { _, m, _ := d.civil(); return m }

// Day returns the day of the month of d.
func (d Date) Day() int { _, _, day := d.civil(); return day }

// Civil returns the year, month and day of d.
func (d Date) Civil() (year int, month time.Month, day int) { return d.civil() }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday {
	// 0001-01-01 (n = 1) was a Monday.
	return time.Weekday((int(d.n) % 7))
}

// AddDays returns d moved n days forward (or backward when n is negative).
func (d Date) AddDays(n int) Date { return Date{n: d.n + int32(n)} }

// DaysUntil returns the number of days from d to e: positive when e is later.
func (d Date) DaysUntil(e Date) int { return int(e.n - d.n) }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.n < e.n }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.n > e.n }

// Compare returns -1, 0 or +1 as d is earlier than, the same as, or later
// than e.
func (d Date) Compare(e Date) int {
	switch {
	case d.n < e.n:
		return -1
	case d.n > e.n:
		return 1
	}
	return 0
}

// FirstOfMonth returns the first day of d's month.
func (d Date) FirstOfMonth() Date {
	y, m, _ := d.civil()
	return fromCivil(y, m, 1)
}

// LastOfMonth returns the last day of d's month.
func (d Date) LastOfMonth() Date {
	y, m, _ := d.civil()
	return fromCivil(y, m, DaysIn(y, m))
}

// Add returns the day on which the period p, counted forward from d, ends
// (act 150/1930 §3): the same weekday p's weeks later, or the same day number
// p's months later, or that month's last day when it has no such day.
// 31 January + 1 month is 28 February (29 in a leap year). A period is added in
// one step: 31 January + 2 months is 31 March, not 28 February + 1 month.
func (d Date) Add(p Period) Date {
	r, _ := d.shift(p, 1)
	return r
}

// Sub returns the day p before d, counted backwards in the same way (act
// 150/1930 §4): 31 March − 1 month is 28 February (29 in a leap year).
func (d Date) Sub(p Period) Date {
	r, _ := d.shift(p, -1)
	return r
}

// shift moves d by p in the direction sign (+1 or -1) and reports whether
// the day number was clamped to a shorter month's last day.
func (d Date) shift(p Period, sign int) (Date, bool) {
	switch p.unit {
	case unitDay:
		return d.AddDays(sign * p.n), false
	case unitWeek:
		return d.AddDays(sign * 7 * p.n), false
	case unitMonth, unitYear:
		months := p.n
		if p.unit == unitYear {
			months *= 12
		}
		y, m, day := d.civil()
		total := y*12 + int(m-1) + sign*months
		ny, nm := floorDiv(total, 12), time.Month(floorMod(total, 12)+1)
		last := DaysIn(ny, nm)
		if day > last {
			return fromCivil(ny, nm, last), true
		}
		return fromCivil(ny, nm, day), false
	}
	return d, false
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int) int { return a - floorDiv(a, b)*b }

// String returns d written YYYY-MM-DD, or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [10]byte
	return string(d.appendTo(b[:0]))
}

func (d Date) appendTo(b []byte) []byte {
	y, m, day := d.civil()
	b = append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-')
	b = append(b, byte('0'+int(m)/10), byte('0'+int(m)%10), '-')
	return append(b, byte('0'+day/10), byte('0'+day%10))
}

// MarshalText writes d as YYYY-MM-DD (empty for the zero Date); JSON and YAML
// use it.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return d.appendTo(make([]byte, 0, 10)), nil
}

// UnmarshalText reads YYYY-MM-DD; empty text is the zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// DaysIn returns the number of days in month of year.
func DaysIn(year int, month time.Month) int {
	switch month {
	case time.February:
		if isLeap(year) {
			return 29
		}
		return 28
	case time.April, time.June, time.September, time.November:
		return 30
	}
	return 31
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// fromCivil and civil convert between (y, m, d) and a day count with the
// proleptic Gregorian algorithms of Howard Hinnant's "chrono-compatible
// low-level date algorithms" (public domain), shifted so 0001-01-01 is day 1.
const epochShift = 719162 + 1 // days from 0001-01-01 to 1970-01-01, plus one

func fromCivil(y int, m time.Month, d int) Date {
	if m <= time.February {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (int(m) + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	days := era*146097 + doe - 719468 // days since 1970-01-01
	return Date{n: int32(days + epochShift)}
}

func (d Date) civil() (int, time.Month, int) {
	z := int(d.n) - epochShift + 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	day := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, time.Month(m), day
}
