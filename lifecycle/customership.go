package lifecycle

import "github.com/kantakit/kanta/notice"

// States of the customership (asiakkuus, SPEC §3). Active and Withdrawn are
// the service machine's constants.
const (
	Applied     State = "applied"     // committed; no service approved yet (C3)
	Terminating State = "terminating" // every service in use has a termination pending
	Ended       State = "ended"       // no service left in use after it was active (C8)
)

// Typed events of the customership machine. Nobody commands them: each is
// the consequence of a change in the customer's services, as
// CustomershipEvents derives it.
type (
	// CommitmentSigned: the first request of a customership carried the
	// signed commitment (C1).
	CommitmentSigned struct{}
	// FirstServiceApproved: Kela approved the first service; the obligations
	// take effect (C3).
	FirstServiceApproved struct{}
	// ApplicationsWithdrawn: every application was withdrawn before any
	// approval (C12).
	ApplicationsWithdrawn struct{}
	// AllServicesUnderNotice: every service in use has a termination pending
	// (C9).
	AllServicesUnderNotice struct{}
	// ServiceTakenIntoUse: a service without a pending termination is in use
	// again while the customership was terminating (C9: the customership stays
	// while a service remains).
	ServiceTakenIntoUse struct{}
	// LastServiceEnded: no service is left in use (C8).
	LastServiceEnded struct{}
)

// EventID returns "commitment-signed".
func (CommitmentSigned) EventID() EventID { return "commitment-signed" }

// EventID returns "first-service-approved".
func (FirstServiceApproved) EventID() EventID { return "first-service-approved" }

// EventID returns "applications-withdrawn".
func (ApplicationsWithdrawn) EventID() EventID { return "applications-withdrawn" }

// EventID returns "all-services-under-notice".
func (AllServicesUnderNotice) EventID() EventID { return "all-services-under-notice" }

// EventID returns "service-taken-into-use".
func (ServiceTakenIntoUse) EventID() EventID { return "service-taken-into-use" }

// EventID returns "last-service-ended".
func (LastServiceEnded) EventID() EventID { return "last-service-ended" }

// CustomershipContext is what the customership machine sees.
type CustomershipContext struct {
	On    notice.Date
	Event Event
}

// Trigger returns the event being fired.
func (c CustomershipContext) Trigger() Event { return c.Event }

// CustomershipMachine is the lifecycle of the customership (SPEC §3).
func CustomershipMachine() *Machine[CustomershipContext] { return customershipMachine }

var customershipMachine = mustDefine("customership",
	[]StateInfo{{ID: Applied}, {ID: Active}, {ID: Terminating}, {ID: Ended, Final: true}, {ID: Withdrawn, Final: true}},
	[]Event{CommitmentSigned{}, FirstServiceApproved{}, ApplicationsWithdrawn{}, AllServicesUnderNotice{}, ServiceTakenIntoUse{}, LastServiceEnded{}},
	[]Transition[CustomershipContext]{
		{Event: "commitment-signed", From: []State{None, Ended, Withdrawn}, To: Applied, Rule: C1},
		{Event: "first-service-approved", From: []State{Applied}, To: Active, Rule: C3},
		{Event: "applications-withdrawn", From: []State{Applied}, To: Withdrawn, Rule: C12},
		{Event: "all-services-under-notice", From: []State{Active}, To: Terminating, Rule: C9},
		{Event: "service-taken-into-use", From: []State{Terminating}, To: Active, Rule: C9},
		{Event: "last-service-ended", From: []State{Active, Terminating}, To: Ended, Rule: C8},
	},
)

// CustomershipEventsTo returns the customership events that take it from
// current to target, a state CustomershipTarget returned; none when they are
// the same.
func CustomershipEventsTo(current, target State) []Event { return customershipEvents(current, target) }

// Committed reports whether a customership in state s has a commitment in
// force, so that a new request is a later service (C2) rather than the first
// of a new customership (C1).
func Committed(s State) bool { return s == Applied || s == Active || s == Terminating }

// CustomershipTarget returns the state the customership should be in, given
// its current state and the customer's service uses (SPEC §10): applied from
// the first request until Kela approves a service; active while a service is
// in use without a pending termination; terminating while services are in
// use and each has a termination pending; ended when none is left in use after
// it was active; withdrawn when every application was withdrawn before any
// approval.
func CustomershipTarget(current State, uses []ServiceUse) State {
	inUse, pending, applying := 0, 0, 0
	for i := range uses {
		u := &uses[i]
		switch {
		case inUseState(u.State):
			inUse++
			if u.Termination != nil {
				pending++
			}
		case applyingState(u.State):
			applying++
		}
	}
	switch current {
	case None, Ended, Withdrawn:
		if applying > 0 {
			return Applied
		}
		return current
	case Applied:
		if inUse == 0 {
			if applying == 0 {
				return Withdrawn
			}
			return Applied
		}
	}
	switch {
	case inUse == 0:
		return Ended
	case pending == inUse:
		return Terminating
	}
	return Active
}

// CustomershipEvents returns the customership events that take it from
// current to CustomershipTarget(current, uses), in order; none when it stays.
func CustomershipEvents(current State, uses []ServiceUse) []Event {
	return customershipEvents(current, CustomershipTarget(current, uses))
}

// customershipEvents returns the events that lead from current to target.
func customershipEvents(current, target State) []Event {
	var out []Event
	for s := current; s != target; {
		var ev Event
		switch {
		case target == Applied:
			ev, s = CommitmentSigned{}, Applied
		case s == Applied && target == Withdrawn:
			ev, s = ApplicationsWithdrawn{}, Withdrawn
		case s == Applied:
			ev, s = FirstServiceApproved{}, Active
		case target == Ended:
			ev, s = LastServiceEnded{}, Ended
		case s == Active && target == Terminating:
			ev, s = AllServicesUnderNotice{}, Terminating
		case s == Terminating && target == Active:
			ev, s = ServiceTakenIntoUse{}, Active
		default:
			return out // unreachable: every pair above is covered
		}
		out = append(out, ev)
	}
	return out
}
