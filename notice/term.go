package notice

import (
	"fmt"
	"time"
	_ "time/tzdata" // FromTime must know Europe/Helsinki on machines without a zoneinfo database.
)

// helsinki is the zone whose calendar days the terms count. It is loaded once
// and never changed.
var helsinki = func() *time.Location {
	loc, err := time.LoadLocation("Europe/Helsinki")
	if err != nil {
		panic("notice: the embedded time zone database has no Europe/Helsinki: " + err.Error())
	}
	return loc
}()

// Direction says which way a notice period is counted.
type Direction uint8

const (
	// BeforeEffect is "at least P before the change takes effect" (YTE 3.8,
	// OTV 4.5, SAT). The period is counted backwards from the effective day
	// (act 150/1930 §4): the latest notice day is effective − P.
	BeforeEffect Direction = iota + 1
	// NoticePeriod is "terminable with P's notice" (YLS 20). The period is
	// counted forwards from the day the notice was received (§2, §3) and ends
	// on given + P, the last day in force; the first day without the
	// agreement is the day after.
	NoticePeriod
)

// String returns the stable identifier: "before-effect" or "notice-period".
func (d Direction) String() string {
	switch d {
	case BeforeEffect:
		return "before-effect"
	case NoticePeriod:
		return "notice-period"
	}
	return ""
}

// MarshalText writes the stable identifier.
func (d Direction) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads "before-effect" or "notice-period".
func (d *Direction) UnmarshalText(b []byte) error {
	switch string(b) {
	case "before-effect":
		*d = BeforeEffect
	case "notice-period":
		*d = NoticePeriod
	case "":
		*d = 0
	default:
		return &ParseError{Value: string(b), Expected: `"before-effect" or "notice-period"`}
	}
	return nil
}

// Term is a notice requirement: a period and the direction it is counted in.
// The three questions it answers are consistent with each other for every
// pair of days: a notice given on LatestNotice(e) is timely for e and one given
// a day later is not; EarliestEffective(g) is timely for a notice given on g
// and the day before it is not.
//
// A Term with the zero Period is "without delay": any effective day on or
// after the notice is timely.
type Term struct {
	Period    Period    `json:"period"`
	Direction Direction `json:"direction"`
}

// String describes the term, for example "1 month before-effect".
func (t Term) String() string {
	if t.Period.IsZero() {
		return "without delay"
	}
	return fmt.Sprintf("%s %s", t.Period.Describe(), t.Direction)
}

// Timely reports whether a notice received on given is in time for a change
// or termination that takes effect on effective (the first day of the new
// situation).
func (t Term) Timely(given, effective Date) bool {
	return !given.After(t.LatestNotice(effective))
}

// LatestNotice returns the last day on which a notice may reach the recipient
// for a change that takes effect on effective.
//
//   - BeforeEffect: effective − P (§4).
//   - NoticePeriod: the latest day g whose period g + P ends no later than
//     the day before effective (§3).
func (t Term) LatestNotice(effective Date) Date {
	if t.Period.IsZero() {
		return effective
	}
	if t.Direction == NoticePeriod {
		last := effective.AddDays(-1) // the last day the agreement may still be in force
		g := last.Sub(t.Period)
		// Month-end clamping makes g + P non-injective; step to the latest g
		// whose period still ends by last.
		for !g.AddDays(1).Add(t.Period).After(last) {
			g = g.AddDays(1)
		}
		for g.Add(t.Period).After(last) {
			g = g.AddDays(-1)
		}
		return g
	}
	return effective.Sub(t.Period)
}

// EarliestEffective returns the first day on which a change or termination
// may take effect when the notice reached the recipient on given.
//
//   - BeforeEffect: the earliest e with e − P on or after given (§4): for a
//     notice on 31 January and one month, 1 March, because 28 February − 1
//     month is only 28 January.
//   - NoticePeriod: given + P + 1 day: the period ends on given + P (§3), the
//     last day in force.
func (t Term) EarliestEffective(given Date) Date {
	if t.Period.IsZero() {
		return given
	}
	if t.Direction == NoticePeriod {
		return given.Add(t.Period).AddDays(1)
	}
	e := given.Add(t.Period)
	// e − P is monotone but not injective near month ends; step to the
	// earliest e whose backward count still reaches given.
	for e.Sub(t.Period).Before(given) {
		e = e.AddDays(1)
	}
	for !e.AddDays(-1).Sub(t.Period).Before(given) {
		e = e.AddDays(-1)
	}
	return e
}
