package notice

import (
	"fmt"
	"strings"

	"github.com/kantakit/kanta/rules"
)

// RuleID is the stable identifier of a notice rule, the same in code, JSON,
// scenarios and the kanta command. It is a rule of the rule book (package
// rules), which holds its clause.
type RuleID = rules.Rule

// The notice rules.
const (
	// TechnicalChange: changes of technical connection points, two weeks
	// before effect (YTE 3.8, OTV 4.5).
	TechnicalChange = rules.TechnicalChange
	// CessationOfOperations: the customer or vendor ceases operations, one
	// month before effect (YTE 3.8, OTV 4.5).
	CessationOfOperations = rules.CessationOfOperations
	// ServiceTermination: written termination of one service's use, one
	// month before effect (SAT).
	ServiceTermination = rules.ServiceTermination
	// AppWithdrawal: a wellbeing application is discontinued or withdrawn,
	// one month before effect (OTV 4.5).
	AppWithdrawal = rules.AppWithdrawal
	// MaintenanceBreak: a pre-agreed maintenance break with significant
	// effect, one week before (OTV 4.5).
	MaintenanceBreak = rules.MaintenanceBreak
	// JointAgreementTermination: termination of the joint-connection
	// agreement (yhteisliittymissopimus) with one month's notice, or the
	// production agreement's period (YLS 20).
	JointAgreementTermination = rules.JointAgreementTermination
	// LargeDisruption: a large disruption of an app, without delay (OTV 4.5).
	LargeDisruption = rules.LargeDisruption
	// ContactChange: contact persons and billing address, kept current
	// (YTE 3.8, OTV 4.5).
	ContactChange = rules.ContactChange
	// DataBreach: a personal data breach, without delay and within 72 hours
	// (YLS 4.2, YTE 3.9; GDPR art. 33).
	DataBreach = rules.DataBreach
)

// Late says what becomes of a notice that reaches its recipient after the
// latest notice day (a design choice of this library: the terms do not say;
// see "Late notices" in the package documentation).
type Late uint8

const (
	// LateNotApplicable is the treatment of the rules without a period: they
	// are due "without delay" or kept current, so no day makes them late.
	LateNotApplicable Late = iota
	// LateRefused: a termination or withdrawal that is not timely is refused
	// and changes nothing; urgent removal goes through suspension.
	LateRefused
	// LateRecorded: a late notification of a change breaches a duty but is
	// not an invalid act; it is accepted and recorded as late, with its
	// clause.
	LateRecorded
)

// String returns the stable identifier: "not-applicable", "refused" or
// "recorded".
func (l Late) String() string {
	switch l {
	case LateNotApplicable:
		return "not-applicable"
	case LateRefused:
		return "refused"
	case LateRecorded:
		return "recorded"
	}
	return ""
}

// MarshalText writes the stable identifier.
func (l Late) MarshalText() ([]byte, error) { return []byte(l.String()), nil }

// Rule is one notice requirement of the terms: what must be notified, its
// Term, the clause that sets it and how a late notice is treated. Rules are
// values: Rules and LookupRule return fresh copies, and changing one changes
// nothing else.
type Rule struct {
	// ID is the rule's stable identifier.
	ID RuleID
	// What says what is notified, and by whom.
	What string
	// Term is the period and its direction; the zero Term for the rules
	// without a period (large-disruption, contact-change, data-breach).
	Term Term
	// Timing states the period as the terms do ("one month", "without
	// delay"); for the rules without a period it says why there is none.
	Timing string
	// Late is the treatment of a notice given after the latest notice day.
	Late Late
}

// table builds the table of notice rules afresh on every call, so no caller
// can change another's copy.
func table() []Rule {
	return []Rule{
		{
			ID:     TechnicalChange,
			What:   "change of the technical connection points (the Kanta intermediary notifies changes to a connection point it operates)",
			Term:   Term{Period: Weeks(2), Direction: BeforeEffect},
			Timing: "at least two weeks before the change takes effect",
			Late:   LateRecorded,
		},
		{
			ID:     CessationOfOperations,
			What:   "the customer or vendor ceases operations",
			Term:   Term{Period: Months(1), Direction: BeforeEffect},
			Timing: "at least one month before the change takes effect",
			Late:   LateRecorded,
		},
		{
			ID:     ServiceTermination,
			What:   "written termination of one service's use",
			Term:   Term{Period: Months(1), Direction: BeforeEffect},
			Timing: "one month before the use ends (SAT; the catalogue's default for other services)",
			Late:   LateRefused,
		},
		{
			ID:     AppWithdrawal,
			What:   "a wellbeing application is discontinued or withdrawn from the market",
			Term:   Term{Period: Months(1), Direction: BeforeEffect},
			Timing: "at least one month before the change takes effect",
			Late:   LateRefused,
		},
		{
			ID:     MaintenanceBreak,
			What:   "pre-agreed maintenance break of an app with significant effect",
			Term:   Term{Period: Weeks(1), Direction: BeforeEffect},
			Timing: "at least one week before the break",
			Late:   LateRecorded,
		},
		{
			ID:     JointAgreementTermination,
			What:   "either party terminates the joint-connection agreement",
			Term:   Term{Period: Months(1), Direction: NoticePeriod},
			Timing: "one month's notice, or the notice period of the parties' production agreement where that sets another",
			Late:   LateRefused,
		},
		{
			ID:     LargeDisruption,
			What:   "large disruption of an app causing a long outage",
			Timing: "without delay",
		},
		{
			ID:     ContactChange,
			What:   "contact persons, billing address",
			Timing: "no fixed period, the details are kept current",
		},
		{
			ID: DataBreach,
			What: "whoever discovers a personal data breach reports it to the controller without delay (a tenant also to the main connector); " +
				"the controller, where its risk assessment requires, notifies the supervisory authority within 72 hours of becoming aware (GDPR art. 33)",
			Timing: "hours, not days (without delay to the controller, within 72 hours to the supervisory authority, GDPR art. 33), outside the date arithmetic",
		},
	}
}

// Rules returns the notice rules in the order of the rule book. The slice is
// new on every call.
func Rules() []Rule { return table() }

// RuleIDs returns the identifiers of the notice rules in the same order.
func RuleIDs() []RuleID {
	rs := table()
	ids := make([]RuleID, len(rs))
	for i, r := range rs {
		ids[i] = r.ID
	}
	return ids
}

// LookupRule returns the rule with the identifier id, or an
// *UnknownRuleError that carries id and lists the known identifiers.
func LookupRule(id RuleID) (Rule, error) {
	for _, r := range table() {
		if r.ID == id {
			return r, nil
		}
	}
	return Rule{}, &UnknownRuleError{ID: id, Known: RuleIDs()}
}

// Clause returns where the sources state the rule ("YTE 3.8, OTV 4.5").
func (r Rule) Clause() string { return r.ID.Clause() }

// HasPeriod reports whether r has a period the date arithmetic can count.
// Three rules have none: large-disruption, contact-change and data-breach.
func (r Rule) HasPeriod() bool { return !r.Term.Period.IsZero() }

// PeriodOverridable reports whether the parties may set r's period
// themselves. Only joint-agreement-termination's may be: the notice period
// of the parties' production agreement applies where that sets another
// (YLS 20).
func (r Rule) PeriodOverridable() bool { return r.ID == JointAgreementTermination }

// WithPeriod returns r with the period p instead of its own, keeping its
// direction and clause: joint-agreement-termination with the notice period
// of the parties' production agreement (YLS 20). Every other rule's period is
// fixed by the terms, so it and a period that is not positive are refused
// with an *OverrideError.
func (r Rule) WithPeriod(p Period) (Rule, error) {
	if !r.PeriodOverridable() {
		return r, &OverrideError{Rule: r.ID, Period: p, Reason: "only " + string(JointAgreementTermination) + "'s period may be overridden (YLS 20); this rule's period is fixed by " + r.Clause()}
	}
	if p.IsZero() || p.n <= 0 {
		return r, &OverrideError{Rule: r.ID, Period: p, Reason: "a notice period must be a positive count of days, weeks, months or years"}
	}
	r.Term.Period = p
	r.Timing = p.Describe() + "'s notice, the production agreement's notice period (YLS 20)"
	return r, nil
}

// UnknownRuleError reports a rule identifier that RuleIDs does not list.
type UnknownRuleError struct {
	// ID is the offending input.
	ID RuleID
	// Known lists the rule identifiers, in the order of RuleIDs.
	Known []RuleID
}

// Error returns the message with an excerpt of the input (see Excerpt),
// listing the known identifiers.
func (e *UnknownRuleError) Error() string {
	known := make([]string, len(e.Known))
	for i, id := range e.Known {
		known[i] = string(id)
	}
	return fmt.Sprintf("notice: unknown rule %s: expected one of %s", Excerpt(string(e.ID)), strings.Join(known, ", "))
}

// OverrideError reports a period the parties may not set for a rule.
type OverrideError struct {
	// Rule is the rule whose period was to be set.
	Rule RuleID
	// Period is the offending period.
	Period Period
	// Reason says why it was refused.
	Reason string
}

// Error returns the message with the rule, the period and the reason.
func (e *OverrideError) Error() string {
	return fmt.Sprintf("notice: cannot set the period of %s to %q: %s", e.Rule, e.Period.String(), e.Reason)
}
