package commitment

import (
	"context"
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// AgreementCommand is a command on a joint-connection agreement, run by a
// Register because it concerns two parties.
type AgreementCommand interface {
	Command
	agreementID() string
}

// SignJointAgreement draws up and signs the joint-connection agreement ID
// between the main connector Main and the tenant Tenant, with Services as its
// Annex 1 (YLS 1). ProductionNotice, when set, is the notice period of the
// parties' production agreement, which then applies instead of one month
// (YLS 20). It is in force from the command's day (J4) and ends an earlier
// agreement between the same parties.
type SignJointAgreement struct {
	ID               string
	Main             string
	Tenant           string
	Services         []lifecycle.ServiceID
	ProductionNotice notice.Period
}

// GiveJointAgreementNotice is party By's written termination of Agreement,
// received by the other party on the command's day, ending it on Effective
// (J5).
type GiveJointAgreementNotice struct {
	Agreement string
	By        string
	Effective notice.Date
}

// EndProductionAgreement records that Agreement's production agreement
// ended; the joint agreement ends with it (J6).
type EndProductionAgreement struct{ Agreement string }

// RescindJointAgreement is the main connector's rescission of Agreement at
// once for the tenant's serious breach, stated in Reason (J7).
type RescindJointAgreement struct {
	Agreement string
	Reason    string
}

// Name returns "sign-joint-agreement".
func (SignJointAgreement) Name() string { return "sign-joint-agreement" }

// Name returns "give-joint-agreement-notice".
func (GiveJointAgreementNotice) Name() string { return "give-joint-agreement-notice" }

// Name returns "end-production-agreement".
func (EndProductionAgreement) Name() string { return "end-production-agreement" }

// Name returns "rescind-joint-agreement".
func (RescindJointAgreement) Name() string { return "rescind-joint-agreement" }

func (c SignJointAgreement) agreementID() string       { return c.ID }
func (c GiveJointAgreementNotice) agreementID() string { return c.Agreement }
func (c EndProductionAgreement) agreementID() string   { return c.Agreement }
func (c RescindJointAgreement) agreementID() string    { return c.Agreement }

// agreementRecord is one agreement with its history.
type agreementRecord struct {
	a       lifecycle.JointAgreement
	history []Event
	last    notice.Date
}

// fire runs ev on the agreement's machine and records the transition.
func (rec *agreementRecord) fire(on notice.Date, cmd string, ev lifecycle.Event) error {
	to, err := lifecycle.AgreementMachine().Fire(context.Background(), rec.a.State,
		lifecycle.AgreementContext{On: on, Event: ev, Agreement: rec.a})
	if err != nil {
		return about(err, cmd, rec.a.ID)
	}
	rec.record(Transitioned{On: on, Machine: lifecycle.AgreementMachine().Name(), Subject: rec.a.ID, Event: ev, From: rec.a.State, To: to})
	return nil
}

// record applies a transition to the agreement and appends it.
func (rec *agreementRecord) record(t Transitioned) {
	rec.a = rec.a.Apply(t.On, t.Event, t.To)
	rec.history = append(rec.history[:len(rec.history):len(rec.history)], t)
	rec.last = t.On
}

// verify checks that transition t may follow the agreement's state.
func (rec *agreementRecord) verify(i int, t Transitioned) error {
	bad := func(format string, args ...any) error {
		return &InputError{Field: fmt.Sprintf("agreement %s history[%d]", rec.a.ID, i), Value: string(t.Event.EventID()), Reason: fmt.Sprintf(format, args...)}
	}
	if t.Machine != lifecycle.AgreementMachine().Name() || t.Subject != rec.a.ID {
		return bad("not a transition of this agreement")
	}
	if t.On.IsZero() || t.On.Before(rec.last) {
		return bad("the event's day %q is missing or earlier than the previous event", t.On)
	}
	to, err := lifecycle.AgreementMachine().Target(rec.a.State, lifecycle.AgreementContext{On: t.On, Event: t.Event, Agreement: rec.a})
	switch {
	case err != nil:
		return bad("%v", err)
	case t.From != rec.a.State || t.To != to:
		return bad("%s from %q leads to %q, not %q to %q", t.Event.EventID(), rec.a.State, to, t.From, t.To)
	}
	return nil
}

// advance lets a pending notice take effect on its effective day.
func (rec *agreementRecord) advance(to notice.Date) error {
	if rec.a.State == lifecycle.NoticeGiven && rec.a.Notice != nil && !rec.a.Notice.Effective.After(to) {
		day := rec.a.Notice.Effective
		if day.Before(rec.last) {
			day = rec.last
		}
		return rec.fire(day, "notice-elapsed", lifecycle.NoticeElapsed{})
	}
	return nil
}

// TenantUse is a tenant's use of one service through a joint agreement
// (J1, J3, J10): the agreement, the main connector and the state the use is
// in, which mirrors the main connector's use while the agreement is in force.
type TenantUse struct {
	Agreement string              `json:"agreement"`
	Main      string              `json:"main"`
	Service   lifecycle.ServiceID `json:"service"`
	State     lifecycle.State     `json:"state"`
}
