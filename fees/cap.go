package fees

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// WindowReading is a reading of "the month preceding the damage" (vahinkoa
// edeltävä kuukausi, YTE 5), the window whose payments cap Kela's liability
// (L2).
type WindowReading string

// Readings of the month preceding the damage.
const (
	// CalendarMonth is the calendar month before the month of the damage:
	// damage on 15 March 2025 gives 1–28 February 2025. It is the default.
	CalendarMonth WindowReading = "calendar-month"
	// RollingMonth is the month-long period from damage − 1 month (act
	// 150/1930 §4, clamped to the month's last day) to damage − 1 day, both
	// included: damage on 31 March 2025 gives 28 February to 30 March 2025.
	RollingMonth WindowReading = "rolling-month"
)

// WindowReadings returns the readings, the default first.
func WindowReadings() []WindowReading { return []WindowReading{CalendarMonth, RollingMonth} }

// ParseWindowReading returns the reading named s ("calendar-month",
// "rolling-month"); anything else is a Malformed *Error naming L2.
func ParseWindowReading(s string) (WindowReading, error) {
	r := WindowReading(s)
	if !slices.Contains(WindowReadings(), r) {
		names := make([]string, len(WindowReadings()))
		for i, w := range WindowReadings() {
			names[i] = string(w)
		}
		return "", malformed(rules.L2, s, "unknown window: expected %s", strings.Join(names, " or "))
	}
	return r, nil
}

// Window is a run of days, both ends included.
type Window struct {
	From notice.Date `json:"from"`
	To   notice.Date `json:"to"`
}

// Contains reports whether d is in the window, ends included.
func (w Window) Contains(d notice.Date) bool { return !d.Before(w.From) && !d.After(w.To) }

// String writes the window as "2025-02-01 to 2025-02-28".
func (w Window) String() string { return w.From.String() + " to " + w.To.String() }

// Window returns the month preceding a damage on damage under reading r; the
// zero reading is CalendarMonth, L2's default reading. Only notice's civil date
// arithmetic is used.
func (r WindowReading) Window(damage notice.Date) (Window, error) {
	if damage.IsZero() {
		return Window{}, refuse(rules.L2, "", "no damage date")
	}
	var w Window
	switch r {
	case CalendarMonth, "":
		prev := damage.FirstOfMonth().AddDays(-1)
		w = Window{From: prev.FirstOfMonth(), To: prev}
	case RollingMonth:
		w = Window{From: damage.Sub(notice.Months(1)), To: damage.AddDays(-1)}
	default:
		_, err := ParseWindowReading(string(r))
		return Window{}, err
	}
	if w.From.Year() < 1 {
		return Window{}, refuse(rules.L2, damage.String(), "the month preceding the damage falls before year 1")
	}
	return w, nil
}

// Basis says which amount the cap is (L2).
type Basis string

// Bases of the cap, in the order L2 tries them.
const (
	BasisPaid       Basis = "paid"        // what was paid for the service in the window
	BasisMonthlyFee Basis = "monthly-fee" // the computed monthly usage fee
	BasisNone       Basis = "none"        // neither is known: the cap is zero
)

// CapQuery asks for the cap on Kela's liability for a damage to one service.
type CapQuery struct {
	Service string      // the service the damage concerns, a lifecycle.ServiceID identifier
	Damage  notice.Date // the day of the damage
	Reading WindowReading
	// MonthlyFee is the computed monthly usage fee (laskennallinen
	// kuukausittainen käyttömaksu), used when FeeKnown; a tariff's Monthly
	// value in force gives it.
	MonthlyFee Amount
	FeeKnown   bool
}

// Cap is the maximum of Kela's liability for a damage (L2) and how it was
// found.
type Cap struct {
	Service    string        `json:"service"`
	Damage     notice.Date   `json:"damage"`
	Reading    WindowReading `json:"reading"`
	Window     Window        `json:"window"`
	Paid       Amount        `json:"paid"`     // paid for the service in the window
	Payments   int           `json:"payments"` // how many payments for the service fall in the window
	MonthlyFee Amount        `json:"monthly_fee"`
	FeeKnown   bool          `json:"fee_known"`
	Amount     Amount        `json:"cap"`
	Basis      Basis         `json:"basis"`
	Trace      []string      `json:"trace"`
	Rules      []rules.Rule  `json:"rules"`
}

// Clauses returns the clauses of the rules the cap applies.
func (c Cap) Clauses() []string { return rules.Citations(c.Rules...) }

// LiabilityCap computes the cap on Kela's liability for a damage to
// q.Service on q.Damage (L2, YTE 5): what the customer paid for that service
// in the month preceding the damage when any payment for it falls in that
// window (even one of 0.00), otherwise the computed monthly fee when it is
// known, otherwise zero. Payments for other services never count.
//
// YTE 5 joins the two amounts with an unranked "or"; preferring what was paid,
// and the zero when neither is known, are this library's reading (design).
func LiabilityCap(q CapQuery, payments []Payment) (Cap, error) {
	c, err := newCap(q)
	if err != nil {
		return Cap{}, err
	}
	for _, p := range payments {
		c.count(p)
	}
	c.decide()
	return c, nil
}

// ReadLiabilityCap is LiabilityCap over a ledger read from r as ReadPayments
// reads it, with known as there. It reads one payment at a time, so its
// memory does not grow with the ledger; every line is still checked, and the
// first malformed one is the error. The query is checked before the ledger
// is read.
func ReadLiabilityCap(q CapQuery, r io.Reader, known func(service string) bool) (Cap, error) {
	c, err := newCap(q)
	if err != nil {
		return Cap{}, err
	}
	pr, err := newPaymentReader(r, known)
	if err != nil {
		return Cap{}, err
	}
	for {
		p, ok, err := pr.next()
		if err != nil {
			return Cap{}, err
		}
		if !ok {
			break
		}
		c.count(p)
	}
	c.decide()
	return c, nil
}

// newCap checks q and returns the cap's window with nothing counted yet.
func newCap(q CapQuery) (Cap, error) {
	if q.Service == "" {
		return Cap{}, refuse(rules.L2, "", "no service")
	}
	if q.FeeKnown && q.MonthlyFee.IsNegative() {
		return Cap{}, refuse(rules.F2, q.MonthlyFee.String(), "negative monthly fee")
	}
	reading := q.Reading
	if reading == "" {
		reading = CalendarMonth
	}
	w, err := reading.Window(q.Damage)
	if err != nil {
		return Cap{}, err
	}
	return Cap{Service: q.Service, Damage: q.Damage, Reading: reading, Window: w, MonthlyFee: q.MonthlyFee, FeeKnown: q.FeeKnown, Rules: []rules.Rule{rules.L2}}, nil
}

// count adds p to what was paid when it is for the cap's service and in its
// window.
func (c *Cap) count(p Payment) {
	if p.Service == c.Service && c.Window.Contains(p.On) {
		c.Paid = c.Paid.Add(p.Amount)
		c.Payments++
	}
}

// decide sets the cap's amount, basis and trace from what was counted.
func (c *Cap) decide() {
	desc := "the calendar month before the damage's month"
	if c.Reading == RollingMonth {
		desc = "the month from damage − 1 month to damage − 1 day"
	}
	c.Trace = []string{
		fmt.Sprintf("damage to %s on %s; the month preceding it, read as %s: %s", c.Service, c.Damage, desc, c.Window),
		fmt.Sprintf("payments for %s in the window: %d, total %s; other services' payments and days outside the window excluded", c.Service, c.Payments, c.Paid),
	}
	// L2 is applied here: paid when any payment falls in the window, else the
	// monthly fee, else zero. Limit applies the cap to a claim.
	switch {
	case c.Payments > 0:
		c.Amount, c.Basis = c.Paid, BasisPaid
		c.Trace = append(c.Trace, fmt.Sprintf("cap = what was paid in the window: %s [%s]", c.Amount, rules.L2.Cite()))
	case c.FeeKnown:
		c.Amount, c.Basis = c.MonthlyFee, BasisMonthlyFee
		c.Trace = append(c.Trace, fmt.Sprintf("nothing paid in the window; cap = the computed monthly usage fee: %s [%s]", c.Amount, rules.L2.Cite()))
	default:
		c.Basis = BasisNone
		c.Trace = append(c.Trace, fmt.Sprintf("nothing paid in the window and no monthly fee known; cap = 0.00 [%s; design]", rules.L2.Cite()))
	}
}

// Limit returns claim limited to the cap (L2): the smaller of the two. YTE 5
// caps the liability "in every case" (kaikissa tilanteissa), so the cap holds
// even where mandatory law makes Kela liable (design reading).
func (c Cap) Limit(claim Amount) Amount { return claim.Min(c.Amount) }
