package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// agreementRecord is one joint-connection agreement with its history: the
// agreement machine's subject and its stream.
type agreementRecord struct {
	a       lifecycle.JointAgreement
	history []Event
}

// last returns the day of the agreement's latest event.
func (rec *agreementRecord) last() notice.Date {
	if len(rec.history) == 0 {
		return notice.Date{}
	}
	return rec.history[len(rec.history)-1].Date()
}

// agreementDecision is a decision on one agreement: its events and the
// agreement as they leave it.
type agreementDecision struct {
	a      lifecycle.JointAgreement
	events []Event
}

func (rec *agreementRecord) newDecision() *agreementDecision {
	return &agreementDecision{a: rec.a}
}

// fire decides ev on the agreement on day with facts, and records the
// transition.
func (d *agreementDecision) fire(day notice.Date, ev engine.Event, facts lifecycle.AgreementFacts) error {
	m := lifecycle.AgreementMachine()
	from := d.a.State
	to, err := m.Decide(day, &d.a, facts, ev)
	if err != nil {
		return about(err, ev, string(d.a.ID))
	}
	t := Transitioned{On: day, Machine: agreementName, Subject: string(d.a.ID), Event: ev, From: from, To: to}
	d.events = append(d.events, t)
	m.Apply(&d.a, day, ev, to)
	return nil
}

// advance lets the agreement's notice take effect when it is due by day
// to, on its own day (J5).
func (d *agreementDecision) advance(to notice.Date, last notice.Date) error {
	day, ev, ok := lifecycle.AgreementMachine().Due(&d.a)
	if !ok || day.After(to) {
		return nil
	}
	if day.Before(last) {
		day = last
	}
	return d.fire(day, ev, lifecycle.AgreementFacts{})
}

// apply applies event e, a transition of this agreement, and appends it.
func (rec *agreementRecord) apply(e Event) {
	if t, ok := e.(Transitioned); ok {
		lifecycle.AgreementMachine().Apply(&rec.a, t.On, t.Event, t.To)
	}
	rec.history = append(rec.history, e)
}

// verify checks that event i of the agreement's history may follow its
// state. signing returns the parties' facts on the day they signed, from
// their own histories, so that a signing is checked as it was decided: with
// every guard.
func (rec *agreementRecord) verify(i int, e Event, signing func() (lifecycle.AgreementFacts, error)) error {
	bad := func(format string, args ...any) error {
		return &lifecycle.InputError{Field: fmt.Sprintf("agreement %s history[%d]", rec.a.ID, i), Value: e.Type(), Reason: fmt.Sprintf(format, args...)}
	}
	t, ok := e.(Transitioned)
	if !ok || t.Machine != agreementName || t.Subject != string(rec.a.ID) || t.Event == nil {
		return bad("an agreement's history holds only its own transitions")
	}
	if t.On.IsZero() || t.On.Before(rec.last()) {
		return bad("the event's day %q is missing or earlier than the previous event", t.On)
	}
	if day, _, due := lifecycle.AgreementMachine().Due(&rec.a); due && day.Before(t.On) && !lifecycle.AgreementMachine().Timed(t.Event.EventID()) {
		return bad("it is dated %s, after the notice took effect on %s, which the history does not apply first", t.On, day)
	}
	if a, ok := t.Event.(lifecycle.Act); ok {
		if err := a.Validate(t.On); err != nil {
			return bad("%v", err)
		}
		if err := subjectOf(a, t.Subject); err != nil {
			return bad("%v", err)
		}
	}
	m := lifecycle.AgreementMachine()
	var facts lifecycle.AgreementFacts
	if _, sign := t.Event.(lifecycle.SignJointAgreement); sign && rec.a.State == lifecycle.Draft {
		f, err := signing()
		if err != nil {
			return bad("%v", err)
		}
		facts = f
		if blockers, err := m.Explain(t.On, &rec.a, facts, t.Event); err != nil || len(blockers) > 0 {
			if err == nil {
				err = (&engine.Refusal{Command: string(t.Event.EventID()), Subject: t.Subject, Blockers: blockers}).About(string(t.Event.EventID()), t.Subject)
			}
			return bad("signing would be refused: %v", err)
		}
	}
	to, err := m.Target(t.On, &rec.a, facts, t.Event)
	switch {
	case err != nil:
		return bad("%v", err)
	case t.From != rec.a.State:
		return bad("it says it left %q but the agreement was %q", t.From, rec.a.State)
	case t.To != to:
		return bad("%s from %q leads to %q, not %q", t.Event.EventID(), rec.a.State, to, t.To)
	}
	return nil
}

// TenantUse is a tenant's use of one service through a joint agreement
// (J1, J3, J10): the agreement, the main connector and the state the use is
// in, which mirrors the main connector's use while the agreement is in
// force.
type TenantUse struct {
	Agreement lifecycle.AgreementID `json:"agreement"`
	Main      lifecycle.PartyID     `json:"main"`
	Service   lifecycle.ServiceID   `json:"service"`
	State     engine.State          `json:"state"`
}
