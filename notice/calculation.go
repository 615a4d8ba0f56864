package notice

import (
	"errors"
	"fmt"
	"strings"
)

// Calculation answers the questions of a notice: given the day a notice
// reached its recipient, the earliest day its change can take effect; given
// the effective day, the latest day to give notice; given both, whether the
// notice is timely. Rule.Calculate and Term.Calculate make one; Explain says
// how each day was reached.
//
// The Roll applies to latest notice days, the days by which someone must
// act (act 150/1930 §5 speaks of the last day for an act): LatestNotice is the
// rolled day, a notice is timely when Given is on or before it, and
// EarliestEffective is the first effective day whose rolled latest notice day
// Given meets. So the answers always agree: a notice on LatestNotice is timely
// for Effective, and EarliestEffective is timely for Given while the day
// before it is not. With RollNone these are Term's own answers.
type Calculation struct {
	// Rule is the rule calculated; for Term.Calculate a Rule with only a Term.
	Rule Rule
	// Roll is the treatment of non-working latest notice days that was used.
	Roll Roll
	// Given is the day the notice reached the recipient; zero if not asked.
	Given Date
	// Effective is the day the change takes effect; zero if not asked.
	Effective Date
	// LatestNotice is the last day a notice may reach the recipient for
	// Effective, after the roll; zero unless Effective is set.
	LatestNotice Date
	// EarliestEffective is the first day the change may take effect for a
	// notice on Given; zero unless Given is set.
	EarliestEffective Date

	cal Calendar
}

// ErrNoDay is returned by Calculate when neither the notice day nor the
// effective day is given: there is nothing to compute from.
var ErrNoDay = errors.New("notice: give the notice day, the effective day, or both")

// Calculate computes r's days for a notice received on given and/or a change
// effective on effective (a zero Date is "not asked"), with roll applied to
// latest notice days by the calendar c.
//
// It refuses a rule without a period (large-disruption, contact-change,
// data-breach) with a *TermError, a Calculation with neither day with
// ErrNoDay, and a day outside the years 0002–9999, given or computed, with a
// *RangeError, whatever the roll. Year 1 is refused although dates can be
// written in it: counting and rolling there can need a day before
// 0001-01-01, which cannot be written, and an answer should not depend on
// the roll chosen. A notice that is not timely is not an error: Timely reports
// it and r.Late says what becomes of it.
func (r Rule) Calculate(given, effective Date, roll Roll, c Calendar) (Calculation, error) {
	t := r.Term
	if t.Period.IsZero() {
		return Calculation{}, &TermError{Rule: r.ID, Term: t, Reason: "it has no period in days: " + r.Timing}
	}
	if t.Period.n <= 0 {
		return Calculation{}, &TermError{Rule: r.ID, Term: t, Reason: "its period is not positive"}
	}
	if t.Direction != BeforeEffect && t.Direction != NoticePeriod {
		return Calculation{}, &TermError{Rule: r.ID, Term: t, Reason: "it has no direction (before-effect or notice-period)"}
	}
	if given.IsZero() && effective.IsZero() {
		return Calculation{}, ErrNoDay
	}
	calc := Calculation{Rule: r, Roll: roll, Given: given, Effective: effective, cal: c}
	if !given.IsZero() {
		if !inRange(given) {
			return Calculation{}, &RangeError{What: "notice day", From: given, Term: t}
		}
		e := t.earliestEffective(given, roll, c)
		if !inRange(e) {
			return Calculation{}, &RangeError{What: "earliest effective day", From: given, Term: t}
		}
		calc.EarliestEffective = e
	}
	if !effective.IsZero() {
		if !inRange(effective) {
			return Calculation{}, &RangeError{What: "effective day", From: effective, Term: t}
		}
		g := t.latestNotice(effective, roll, c)
		if !inRange(g) {
			return Calculation{}, &RangeError{What: "latest notice day", From: effective, Term: t}
		}
		calc.LatestNotice = g
	}
	return calc, nil
}

// Calculate is Rule.Calculate for a bare term, without an identifier or a
// clause: Rule{Term: t}.Calculate(given, effective, roll, c).
func (t Term) Calculate(given, effective Date, roll Roll, c Calendar) (Calculation, error) {
	return Rule{Term: t}.Calculate(given, effective, roll, c)
}

// latestNotice is LatestNotice with the roll applied.
func (t Term) latestNotice(effective Date, roll Roll, c Calendar) Date {
	return roll.Apply(c, t.LatestNotice(effective))
}

// earliestEffective is the first effective day whose rolled latest notice
// day is on or after given. Both the count and the roll are monotone, so it
// is found by stepping from the plain answer; a roll moves a day by a few
// days at most, and so does this.
func (t Term) earliestEffective(given Date, roll Roll, c Calendar) Date {
	e := t.EarliestEffective(given)
	if roll == RollNone {
		return e
	}
	for t.latestNotice(e, roll, c).Before(given) {
		e = e.AddDays(1)
	}
	for !t.latestNotice(e.AddDays(-1), roll, c).Before(given) {
		e = e.AddDays(-1)
	}
	return e
}

// Timely reports whether the notice on Given is in time for Effective: on or
// before LatestNotice. asked is false, and timely with it, unless both days
// were given.
func (c Calculation) Timely() (timely, asked bool) {
	if c.Given.IsZero() || c.Effective.IsZero() {
		return false, false
	}
	return !c.Given.After(c.LatestNotice), true
}

// Explain says, a line for each computed day, how it was reached: what was
// counted from which day and in which direction, whether a month end was
// clamped (act 150/1930 §3), and whether and why the roll moved it; then
// whether the notice is timely and, if not, what becomes of it.
func (c Calculation) Explain() string {
	t := c.Rule.Term
	var b strings.Builder
	if c.Rule.ID != "" {
		fmt.Fprintf(&b, "%s (%s): ", c.Rule.ID, c.Rule.Clause())
	}
	fmt.Fprintf(&b, "%s, roll %s.", t, c.Roll)
	if !c.Effective.IsZero() {
		b.WriteString("\n")
		c.explainLatestNotice(&b)
	}
	if !c.Given.IsZero() {
		b.WriteString("\n")
		c.explainEarliestEffective(&b)
	}
	if timely, asked := c.Timely(); asked {
		b.WriteString("\n")
		if timely {
			fmt.Fprintf(&b, "Timely: the notice on %s is on or before the latest notice day %s.", c.Given, c.LatestNotice)
		} else {
			fmt.Fprintf(&b, "Late: the notice on %s is after the latest notice day %s", c.Given, c.LatestNotice)
			switch c.Rule.Late {
			case LateRefused:
				b.WriteString("; a late notice under this rule is refused and changes nothing (design: the terms do not say what a late notice is worth).")
			case LateRecorded:
				fmt.Fprintf(&b, "; a late notice under this rule is accepted and recorded as late, a breach of %s (design: the terms do not say what a late notice is worth).", c.Rule.Clause())
			default:
				b.WriteString(".")
			}
		}
	}
	return b.String()
}

func (c Calculation) explainLatestNotice(b *strings.Builder) {
	t := c.Rule.Term
	p := t.Period
	plain := t.LatestNotice(c.Effective)
	fmt.Fprintf(b, "Latest notice day %s: ", c.LatestNotice)
	if t.Direction == NoticePeriod {
		last := c.Effective.AddDays(-1)
		fmt.Fprintf(b, "the notice period must end by %s, the day before the effective day %s (the last day in force); "+
			"the latest notice day whose %s counted forward (act 150/1930 §2–§3, by analogy) ends by then is %s: %s.",
			last, c.Effective, p.Describe(), plain, describeShift(plain, p, 1))
	} else {
		fmt.Fprintf(b, "%s counted back from the effective day %s (act 150/1930 §4, by analogy): %s.",
			p.Describe(), c.Effective, describeShift(c.Effective, p, -1))
	}
	if c.Roll != RollNone {
		fmt.Fprintf(b, " Then %s", c.describeRoll(plain))
	}
}

func (c Calculation) explainEarliestEffective(b *strings.Builder) {
	t := c.Rule.Term
	p := t.Period
	plain := t.EarliestEffective(c.Given)
	fmt.Fprintf(b, "Earliest effective day %s: ", c.EarliestEffective)
	if c.Roll != RollNone {
		fmt.Fprintf(b, "on the plain calendar it is %s, ", plain)
	}
	if t.Direction == NoticePeriod {
		fmt.Fprintf(b, "the %s notice period counted forward from the notice day %s (act 150/1930 §2–§3, by analogy) ends on the last day in force, %s; the first day without it is the day after.",
			p.Describe(), c.Given, describeShift(c.Given, p, 1))
	} else {
		fmt.Fprintf(b, "the first effective day whose latest notice day, %s before it (act 150/1930 §4, by analogy), is on or after the notice day %s: %s, while %s is before the notice.",
			p.Describe(), c.Given, describeShift(plain, p, -1), describeShift(plain.AddDays(-1), p, -1))
	}
	if c.Roll == RollNone {
		return
	}
	e := c.EarliestEffective
	fmt.Fprintf(b, " Roll %s applies to latest notice days, and the earliest effective day is the first whose rolled latest notice day is on or after %s. For %s, %s",
		c.Roll, c.Given, e, c.describeRoll(t.LatestNotice(e)))
	fmt.Fprintf(b, " For %s, the day before, %s", e.AddDays(-1), c.describeRoll(t.LatestNotice(e.AddDays(-1))))
	if e == plain {
		fmt.Fprintf(b, " So the roll leaves the earliest effective day at %s.", plain)
	} else {
		fmt.Fprintf(b, " So the roll moves the earliest effective day from %s to %s.", plain, e)
	}
}

// describeShift writes from ± p = result, and says when the month end was
// clamped.
func describeShift(from Date, p Period, sign int) string {
	to, clamped := from.shift(p, sign)
	op := "+"
	if sign < 0 {
		op = "-"
	}
	s := fmt.Sprintf("%s %s %s = %s", from, op, p.Describe(), to)
	if clamped {
		s += fmt.Sprintf(" (%s %d has no day %d, so the count ends on the month's last day, act 150/1930 §3)", to.Month(), to.Year(), from.Day())
	}
	return s
}

// describeRoll says, as the end of a sentence, what c's roll does to the
// latest notice day d.
func (c Calculation) describeRoll(d Date) string {
	rolled := c.Roll.Apply(c.cal, d)
	if rolled == d {
		return fmt.Sprintf("the latest notice day %s is a working day, which roll %s keeps.", d, c.Roll)
	}
	var skipped []string
	for x := d; x != rolled; x = x.AddDays(c.Roll.step()) {
		skipped = append(skipped, fmt.Sprintf("%s (%s)", x, c.cal.nonWorkingReason(x)))
	}
	where, why := "next", "following act 150/1930 §5"
	if c.Roll == RollBackward {
		where, why = "previous", "so the notice is never short"
	}
	return fmt.Sprintf("the latest notice day %s is not a working day: roll %s moves past %s to the %s working day, %s, %s.",
		d, c.Roll, strings.Join(skipped, ", "), where, rolled, why)
}

// TermError reports a rule or term that the date arithmetic cannot count:
// one without a period (large-disruption, contact-change, data-breach) or
// without a direction.
type TermError struct {
	// Rule is the offending rule's identifier; empty for a bare Term.
	Rule RuleID
	// Term is the offending term.
	Term Term
	// Reason says why it cannot be counted.
	Reason string
}

// Error returns the message with the rule and the reason.
func (e *TermError) Error() string {
	if e.Rule == "" {
		return fmt.Sprintf("notice: cannot count the term %q: %s", e.Term.String(), e.Reason)
	}
	return fmt.Sprintf("notice: cannot count rule %s: %s", e.Rule, e.Reason)
}

// RangeError reports a day, given or computed, outside the years 0002–9999
// in which notice days are counted (see Rule.Calculate).
type RangeError struct {
	// What names the day: "notice day", "effective day", "latest notice day"
	// or "earliest effective day".
	What string
	// From is the day given; when it cannot be written as YYYY-MM-DD it
	// prints as its day count.
	From Date
	// Term is the term that was counted.
	Term Term
}

// Error returns the message naming the day and the term.
func (e *RangeError) Error() string {
	from := fmt.Sprintf("day %d", e.From.n)
	if e.From.n >= 1 && e.From.n <= lastDay {
		from = e.From.String()
	}
	return fmt.Sprintf("notice: the %s for %s (%s) is outside the years %04d–%04d", e.What, from, e.Term, firstCountedYear, maxYear)
}

// firstCountedYear is the first year of the days Calculate gives or takes.
const firstCountedYear = minYear + 1

// Day counts of the first and last days Calculate gives or takes:
// 0002-01-01 and 9999-12-31 (0001-01-01 is 1).
const (
	firstCountedDay = 366
	lastDay         = 3652059
)

// inRange reports whether d is a day of the years 0002–9999.
func inRange(d Date) bool { return d.n >= firstCountedDay && d.n <= lastDay }
