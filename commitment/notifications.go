package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/notice"
)

// NotifyChange notifies Kela of a change under one of the notice rules of
// SPEC §5 that have no command of their own: technical-change,
// cessation-of-operations and maintenance-break (with their periods), and
// large-disruption, contact-change and data-breach (without one). The
// command's day is the day the notice reached Kela; Effective is the day the
// change takes effect (required for the rules with a period). A late
// notification is not an invalid act but a breach of the duty to notify: it
// is accepted and recorded as late, with its clause (SPEC §5, "Late
// notices"), and StandingObligations lists it.
type NotifyChange struct {
	Rule      notice.RuleID
	Effective notice.Date
	Details   string
}

// Name returns "notify-change".
func (NotifyChange) Name() string { return "notify-change" }

// ChangeNotified records a change notification, whether it was late, and
// the latest notice day it was measured against.
type ChangeNotified struct {
	On           notice.Date   `json:"on"`
	Rule         notice.RuleID `json:"rule"`
	Clause       string        `json:"clause"`
	Effective    notice.Date   `json:"effective,omitempty"`
	Details      string        `json:"details,omitempty"`
	Late         bool          `json:"late,omitempty"`
	LatestNotice notice.Date   `json:"latest_notice,omitempty"`
}

// Type returns "change-notified".
func (ChangeNotified) Type() string { return "change-notified" }

// Date returns the day the notice reached Kela.
func (e ChangeNotified) Date() notice.Date { return e.On }

func (s *state) notifyChange(on notice.Date, c NotifyChange) error {
	ev, err := changeNotified(on, c)
	if err != nil {
		return err
	}
	s.record(ev)
	return nil
}

// changeNotified is the one place that judges a change notification by its
// rule (SPEC §5, "Late notices"): the event a notification received on day
// on records, with its clause and whether it was late. Replay asks it again
// of every recorded notification.
func changeNotified(on notice.Date, c NotifyChange) (ChangeNotified, error) {
	rule, err := notice.LookupRule(c.Rule)
	if err != nil {
		return ChangeNotified{}, &InputError{Field: "rule", Value: string(c.Rule), Reason: err.Error()}
	}
	if rule.Late == notice.LateRefused {
		return ChangeNotified{}, &InputError{Field: "rule", Value: string(c.Rule),
			Reason: "a termination or withdrawal has its own command (give-termination-notice, give-app-withdrawal-notice, give-joint-agreement-notice)"}
	}
	ev := ChangeNotified{On: on, Rule: rule.ID, Clause: rule.Clause, Effective: c.Effective, Details: c.Details}
	if rule.HasPeriod() {
		if c.Effective.IsZero() {
			return ChangeNotified{}, &InputError{Field: "effective", Reason: fmt.Sprintf("a %s notice names the day the change takes effect", rule.ID)}
		}
		ev.LatestNotice = rule.Term.LatestNotice(c.Effective)
		ev.Late = !rule.Term.Timely(on, c.Effective)
	}
	return ev, nil
}
