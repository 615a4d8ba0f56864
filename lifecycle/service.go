package lifecycle

import (
	"fmt"
	"slices"

	"github.com/kantakit/kanta/notice"
)

// States of the use of one service (SPEC §4). Active, Suspended, NoticeGiven
// and Withdrawn are shared with other machines that use the same words.
const (
	Requested        State = "requested"         // application received
	JointTested      State = "joint-tested"      // the customer's system passed Kela's joint testing (yhteistestaus)
	ActivationTested State = "activation-tested" // the activation test (käyttöönottokoe) passed
	Active           State = "active"            // in use
	Suspended        State = "suspended"         // connection closed until correction is demonstrated (YTE 5)
	NoticeGiven      State = "notice-given"      // in use, with a termination pending
	Terminated       State = "terminated"        // use ended
	Withdrawn        State = "withdrawn"         // application abandoned or cancelled before approval
)

// ServiceTerms are the rules of a service that its catalogue entry sets
// (SPEC §2, §4): who may request it, which tests its activation requires,
// for whom it is statutory and how it is terminated. A use keeps the terms it
// was requested under.
type ServiceTerms struct {
	// Eligible lists the customer kinds that may request the service; empty
	// means every kind. EligibilityRule is the rule cited when a kind is not
	// eligible (S3 for the social welfare client data repository; K1 when
	// unset).
	Eligible        []Kind `json:"eligible,omitempty"`
	EligibilityRule Rule   `json:"eligibility_rule,omitempty"`
	// JointTesting and ActivationTest say whether Kela's approval waits for
	// the customer's system to pass joint testing and the activation test (S2).
	JointTesting   bool `json:"joint_testing"`
	ActivationTest bool `json:"activation_test"`
	// Statutory lists the kinds for which the service is statutory: they may
	// give it up only on the grounds of C10.
	Statutory []Kind `json:"statutory,omitempty"`
	// Termination is the notice a customer's termination needs (S5, S5b) and
	// TerminationRule the rule that sets it.
	Termination     notice.Term `json:"termination"`
	TerminationRule Rule        `json:"termination_rule"`
}

// Termination is a pending or completed termination of a use: the day the
// notice reached Kela (or the authority's decision was made), the first day
// without the service, and why.
type Termination struct {
	Given       notice.Date       `json:"given"`
	Effective   notice.Date       `json:"effective"`
	Reason      TerminationReason `json:"reason,omitempty"`
	ByAuthority bool              `json:"by_authority,omitempty"`
}

// ServiceUse is one customer's use of one service: the service machine's
// state and the facts its guards read. What the request accepted is in the
// history (Commitment.Acceptances). Apply changes a use in place but
// never the slices it shares with a copy, so copies stay as they were. Terms
// points to the terms the use was requested under, which many uses share (a
// catalogue's entry): read them, never change them.
type ServiceUse struct {
	Service          ServiceID     `json:"service"`
	State            State         `json:"state"`
	Terms            *ServiceTerms `json:"terms"`
	Requested        notice.Date   `json:"requested"`
	Signatory        Signatory     `json:"signatory"`
	Units            []string      `json:"org_units,omitempty"`
	JointTested      notice.Date   `json:"joint_tested"`
	ActivationTested notice.Date   `json:"activation_tested"`
	Approved         notice.Date   `json:"approved"`
	Suspensions      SuspensionSet `json:"suspensions,omitempty"`
	Termination      *Termination  `json:"termination,omitempty"`
	Ended            notice.Date   `json:"ended"`
}

// InUse reports whether the service is in use: active, suspended or under
// notice (SPEC §10).
func (u ServiceUse) InUse() bool { return inUseState(u.State) }

// Applying reports whether the use is an application not yet approved.
func (u ServiceUse) Applying() bool { return applyingState(u.State) }

// inUseState and applyingState decide InUse and Applying from the state
// alone, so that code walking every use need not copy each one to ask.
func inUseState(s State) bool { return s == Active || s == Suspended || s == NoticeGiven }

func applyingState(s State) bool { return s == Requested || s == JointTested || s == ActivationTested }

// PendingTermination returns the termination that will end a use in use, if
// there is one.
func (u ServiceUse) PendingTermination() (Termination, bool) {
	return pendingTermination(u.Termination, u.State)
}

// pendingTermination is PendingTermination from the two fields it reads, so
// that no caller needs a copy of the whole use: not the guards and Apply,
// which run for every step, nor a caller of PendingTermination once it is
// inlined.
func pendingTermination(t *Termination, s State) (Termination, bool) {
	if t != nil && inUseState(s) {
		return *t, true
	}
	return Termination{}, false
}

// Typed events of the service machine.
type (
	// RequestService is the customer's application to take the service into
	// use, signed by Signatory and accepting Accepts (S1, C1, C2, C4). Terms
	// are the catalogue's terms for the service on the day of the request,
	// shared with the catalogue: read them, never change them.
	RequestService struct {
		Signatory Signatory     `json:"signatory"`
		Accepts   []Document    `json:"accepts"`
		OrgUnit   string        `json:"org_unit,omitempty"`
		Terms     *ServiceTerms `json:"terms"`
	}
	// PassJointTesting records that the customer's system passed Kela's joint
	// testing and meets the requirements for social and health care systems.
	PassJointTesting struct{}
	// PassActivationTest records a successful activation test.
	PassActivationTest struct{}
	// ApproveService is Kela's notice that the customer is approved as a
	// user of the service.
	ApproveService struct{}
	// WithdrawApplication ends an application before approval: the customer
	// abandoned or cancelled it (C12), or the customership it was made under
	// ended (C8).
	WithdrawApplication struct {
		Cause Rule `json:"cause"`
	}
	// SuspendService closes the connection for Reason (S4).
	SuspendService struct {
		Reason SuspensionReason `json:"reason"`
	}
	// DemonstrateCorrection is the customer's reliable demonstration that the
	// situation is corrected (S4); it ends every suspension of the service.
	DemonstrateCorrection struct{}
	// GiveTerminationNotice is the customer's written termination, received
	// by Kela on the event's day, to take effect on Effective (C9, S5).
	GiveTerminationNotice struct {
		Effective notice.Date       `json:"effective"`
		Reason    TerminationReason `json:"reason"`
	}
	// TerminateByAuthority is Kanta's termination on an authority's notice
	// that prevents the use (C11), effective on Effective or, when that is
	// zero or not later than the event's day, at once (S7).
	TerminateByAuthority struct {
		Effective notice.Date `json:"effective,omitempty"`
	}
	// NoticeElapsed is the passage of time to a pending termination's
	// effective day: from that day the service is terminated.
	NoticeElapsed struct{}
)

// EventID returns "request-service".
func (RequestService) EventID() EventID { return "request-service" }

// EventID returns "pass-joint-testing".
func (PassJointTesting) EventID() EventID { return "pass-joint-testing" }

// EventID returns "pass-activation-test".
func (PassActivationTest) EventID() EventID { return "pass-activation-test" }

// EventID returns "approve-service".
func (ApproveService) EventID() EventID { return "approve-service" }

// EventID returns "withdraw-application".
func (WithdrawApplication) EventID() EventID { return "withdraw-application" }

// EventID returns "suspend-service".
func (SuspendService) EventID() EventID { return "suspend-service" }

// EventID returns "demonstrate-correction".
func (DemonstrateCorrection) EventID() EventID { return "demonstrate-correction" }

// EventID returns "give-termination-notice".
func (GiveTerminationNotice) EventID() EventID { return "give-termination-notice" }

// EventID returns "terminate-by-authority".
func (TerminateByAuthority) EventID() EventID { return "terminate-by-authority" }

// EventID returns "notice-elapsed".
func (NoticeElapsed) EventID() EventID { return "notice-elapsed" }

// CustomerFacts are the facts about the customer that the service machine's
// guards need: its kind and whether it has a commitment in force (its
// customership is applied, active or terminating), which decides whether a
// request is the first one (C1) or a later one (C2).
type CustomerFacts struct {
	Kind      Kind
	Committed bool
}

// ServiceContext is what the service machine's guards see. Use points to the
// use as it is (a use in None for a service never requested); guards only
// read it.
type ServiceContext struct {
	On       notice.Date
	Event    Event
	Customer CustomerFacts
	Use      *ServiceUse
}

// Trigger returns the event being fired.
func (c ServiceContext) Trigger() Event { return c.Event }

// terms returns the terms the event is judged under: a request's own (the
// catalogue's today), otherwise the use's.
func (c ServiceContext) terms() *ServiceTerms {
	if r, ok := c.Event.(RequestService); ok && r.Terms != nil {
		return r.Terms
	}
	return c.Use.terms()
}

// noTerms are the terms of a use that was never requested.
var noTerms = &ServiceTerms{}

// terms returns the use's terms, or empty terms when it has none.
func (u *ServiceUse) terms() *ServiceTerms {
	if u == nil || u.Terms == nil {
		return noTerms
	}
	return u.Terms
}

// ServiceMachine is the lifecycle of one service's use (SPEC §4).
func ServiceMachine() *Machine[ServiceContext] { return serviceMachine }

var serviceMachine = mustDefine("service",
	[]StateInfo{
		{ID: Requested}, {ID: JointTested}, {ID: ActivationTested}, {ID: Active},
		{ID: Suspended}, {ID: NoticeGiven}, {ID: Terminated, Final: true}, {ID: Withdrawn, Final: true},
	},
	[]Event{
		RequestService{}, PassJointTesting{}, PassActivationTest{}, ApproveService{}, WithdrawApplication{},
		SuspendService{}, DemonstrateCorrection{}, GiveTerminationNotice{}, TerminateByAuthority{}, NoticeElapsed{},
	},
	[]Transition[ServiceContext]{
		{Event: "request-service", From: []State{None, Terminated, Withdrawn}, To: Requested, Rule: S1, Guards: []Guard[ServiceContext]{
			{Rule: S1, Label: "service description accepted", Check: descriptionAccepted},
			{Rule: C1, Label: "first service: commitment and general terms", Check: commitmentGiven},
			{Rule: C4, Label: "signing right", Check: func(c ServiceContext) *Unmet {
				return SigningRight(c.Customer.Kind, c.Event.(RequestService).Signatory)
			}},
			{Rule: K1, Label: "customer kind eligible", Check: kindEligible},
		}},
		{Event: "pass-joint-testing", From: []State{Requested}, To: JointTested, Rule: S2},
		{Event: "pass-activation-test", From: []State{JointTested}, To: ActivationTested, Rule: S2},
		{Event: "pass-activation-test", From: []State{Requested}, To: ActivationTested, Rule: S2,
			When: &Branch[ServiceContext]{Label: "the entry does not require joint testing", Holds: func(c ServiceContext) bool { return !c.Use.terms().JointTesting }}},
		{Event: "approve-service", From: []State{Requested, JointTested, ActivationTested}, To: Active, Rule: C3, Guards: []Guard[ServiceContext]{
			{Rule: S2, Label: "joint testing passed where required", Check: func(c ServiceContext) *Unmet {
				if c.Use.terms().JointTesting && c.Use.JointTested.IsZero() {
					return &Unmet{Reason: "the customer's system has not passed Kela's joint testing"}
				}
				return nil
			}},
			{Rule: S2, Label: "activation test passed where required", Check: func(c ServiceContext) *Unmet {
				if c.Use.terms().ActivationTest && c.Use.ActivationTested.IsZero() {
					return &Unmet{Reason: "the activation test has not been passed"}
				}
				return nil
			}},
		}},
		{Event: "withdraw-application", From: []State{Requested, JointTested, ActivationTested}, To: Withdrawn, Rule: C12},
		{Event: "suspend-service", From: []State{Active, NoticeGiven, Suspended}, To: Suspended, Rule: S4},
		{Event: "demonstrate-correction", From: []State{Suspended}, To: NoticeGiven, Rule: S4,
			When: &Branch[ServiceContext]{Label: "termination pending", Holds: terminationPending}},
		{Event: "demonstrate-correction", From: []State{Suspended}, To: Active, Rule: S4},
		{Event: "give-termination-notice", From: []State{Active}, To: NoticeGiven, Rule: C9, Guards: terminationGuards},
		{Event: "give-termination-notice", From: []State{Suspended}, To: Suspended, Rule: C9,
			When:   &Branch[ServiceContext]{Label: "no termination pending", Holds: func(c ServiceContext) bool { return !terminationPending(c) }},
			Guards: terminationGuards},
		{Event: "terminate-by-authority", From: []State{Requested, JointTested, ActivationTested, Active, Suspended, NoticeGiven}, To: Terminated, Rule: C11,
			When: &Branch[ServiceContext]{Label: "takes effect at once", Holds: authorityAtOnce}},
		{Event: "terminate-by-authority", From: []State{Active, NoticeGiven}, To: NoticeGiven, Rule: S7,
			When: &Branch[ServiceContext]{Label: "takes effect on a later day", Holds: func(c ServiceContext) bool { return !authorityAtOnce(c) }}},
		{Event: "terminate-by-authority", From: []State{Suspended}, To: Suspended, Rule: S7,
			When: &Branch[ServiceContext]{Label: "takes effect on a later day", Holds: func(c ServiceContext) bool { return !authorityAtOnce(c) }}},
		{Event: "notice-elapsed", From: []State{NoticeGiven, Suspended}, To: Terminated, Rule: C9, Timed: true,
			When: &Branch[ServiceContext]{Label: "effective day reached", Holds: func(c ServiceContext) bool {
				t, ok := pendingTermination(c.Use.Termination, c.Use.State)
				return ok && !t.Effective.After(c.On)
			}}},
	},
)

var terminationGuards = []Guard[ServiceContext]{
	{Rule: C9, Label: "in writing, on a change, with an effective day", Check: func(c ServiceContext) *Unmet {
		n := c.Event.(GiveTerminationNotice)
		if n.Reason == "" {
			return &Unmet{Reason: "a termination states the change it is made on (ceasing operations, reorganisation, business acquisition or another change)"}
		}
		if n.Effective.IsZero() {
			return &Unmet{Reason: "a termination names the day it takes effect"}
		}
		return nil
	}},
	{Rule: C10, Label: "statutory: obligation lapsed or connection model changed", Check: func(c ServiceContext) *Unmet {
		n := c.Event.(GiveTerminationNotice)
		if !slices.Contains(c.Use.terms().Statutory, c.Customer.Kind) {
			return nil
		}
		switch n.Reason {
		case CeasingOperations, ObligationLapsed, ConnectionModelChange:
			return nil
		}
		return &Unmet{
			Reason: fmt.Sprintf("%s is statutory for a %s: it is given up only when the statutory obligation no longer applies (or operations cease) or the customer moves to another connection model", c.Use.Service, c.Customer.Kind),
			Input:  string(n.Reason),
		}
	}},
	{Rule: S5b, Label: "notice period of the catalogue entry", Check: func(c ServiceContext) *Unmet {
		n := c.Event.(GiveTerminationNotice)
		if n.Effective.IsZero() {
			return nil // C9 asks for the day
		}
		u := lateNotice(c.Use.terms().Termination, c.On, n.Effective, string(c.Use.Service)+" needs")
		if u != nil {
			u.Rule = c.Use.terms().TerminationRule // S5 for SAT, S5b elsewhere
		}
		return u
	}},
}

func descriptionAccepted(c ServiceContext) *Unmet {
	if slices.Contains(c.Event.(RequestService).Accepts, ServiceDescription) {
		return nil
	}
	return &Unmet{Reason: "the request does not accept the service description"}
}

func commitmentGiven(c ServiceContext) *Unmet {
	if c.Customer.Committed {
		return nil // C2: later services need only their own description.
	}
	r := c.Event.(RequestService)
	var missing []string
	for _, d := range []Document{CommitmentDocument, GeneralTerms} {
		if !slices.Contains(r.Accepts, d) {
			missing = append(missing, string(d))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &Unmet{Reason: fmt.Sprintf("the first service's request must carry the commitment and accept the general terms; missing: %v", missing)}
}

// SigningRight checks who signed a commitment (YTE 7, OTV 8): a person with
// the signing right, or for customers other than app vendors a person
// authorised by one. It returns nil when the signature is valid; otherwise
// the unmet condition cites A3 for an app vendor and C4 for everyone else.
// It is the one place where C4 and A3 are enforced.
func SigningRight(kind Kind, s Signatory) *Unmet {
	if s.HoldsSigningRight() {
		return nil
	}
	if kind == AppVendor {
		return &Unmet{Rule: A3, Reason: "an app vendor's commitment is signed by a person who holds the signing right; OTV 8 has no authorisation route", Input: string(s)}
	}
	if s == Authorised {
		return nil
	}
	return &Unmet{Rule: C4, Reason: "the signatory holds no signing right and no authorisation from someone who does", Input: string(s)}
}

func kindEligible(c ServiceContext) *Unmet { return c.terms().Admits(c.Customer.Kind) }

// Admits returns nil when a customer of kind may use a service with these
// terms, and otherwise the unmet condition with the entry's eligibility rule
// (S3 for the social welfare client data repository, K1 when the entry names
// none). It is the one place where S3 and K1 are enforced.
func (t *ServiceTerms) Admits(kind Kind) *Unmet {
	if t == nil || len(t.Eligible) == 0 || slices.Contains(t.Eligible, kind) {
		return nil
	}
	rule := t.EligibilityRule
	if rule == "" {
		rule = K1
	}
	return &Unmet{Rule: rule, Reason: fmt.Sprintf("the service is for %v, not for a %s", t.Eligible, kind), Input: string(kind)}
}

func terminationPending(c ServiceContext) bool {
	_, ok := pendingTermination(c.Use.Termination, c.Use.State)
	return ok
}

func authorityAtOnce(c ServiceContext) bool {
	e := c.Event.(TerminateByAuthority).Effective
	return e.IsZero() || !e.After(c.On)
}

// Apply changes the use by the transition of ev on day on to state to. It is
// the only place where a use changes; callers fire the event through the
// machine first (or, when replaying, take to from Target). It changes the use
// in place but never the slices or terminations it shares with a copy taken
// earlier, so such a copy still holds the use as it was. A suspension for a
// reason that is not one of SuspensionReasons records no reason: check the
// reason with ParseSuspensionReason before firing, as the commitment does.
func (u *ServiceUse) Apply(on notice.Date, ev Event, to State) {
	switch e := ev.(type) {
	case RequestService:
		n := ServiceUse{Service: u.Service, Terms: e.Terms, Requested: on, Signatory: e.Signatory}
		if e.OrgUnit != "" {
			n.Units = []string{e.OrgUnit}
		}
		*u = n
	case PassJointTesting:
		u.JointTested = on
	case PassActivationTest:
		u.ActivationTested = on
	case ApproveService:
		u.Approved = on
	case WithdrawApplication:
		u.Ended = on
	case SuspendService:
		// Only YTE 5's reasons have a place in the set (see above).
		if b, ok := suspensionBit(e.Reason); ok {
			u.Suspensions |= b
		}
	case DemonstrateCorrection:
		u.Suspensions = 0
	case GiveTerminationNotice:
		u.Termination = &Termination{Given: on, Effective: e.Effective, Reason: e.Reason}
	case TerminateByAuthority:
		if to == Terminated {
			u.Termination = &Termination{Given: on, Effective: on, ByAuthority: true}
			u.Ended = on
		} else if t, pending := pendingTermination(u.Termination, u.State); !pending || e.Effective.Before(t.Effective) {
			// Of two pending terminations the earlier takes effect: an
			// authority's later day does not postpone the customer's own.
			u.Termination = &Termination{Given: on, Effective: e.Effective, ByAuthority: true}
		}
	case NoticeElapsed:
		if u.Termination != nil {
			u.Ended = u.Termination.Effective
		} else {
			u.Ended = on
		}
	}
	u.State = to
}

// WithUnit returns the use extended to the organisational unit unit (C13).
func (u ServiceUse) WithUnit(unit string) ServiceUse {
	u.Units = append(append([]string(nil), u.Units...), unit)
	return u
}
