package commitment

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Replay rebuilds a commitment from its history. The first event must be
// Registered, and every event is verified before it is applied:
//
//   - events are in date order, and none is dated after a day on which time
//     alone would have changed the commitment (a termination taking effect)
//     unless it is that change;
//   - every transition leaves the state the commitment is in, and the
//     machine's definition leads it where it says, its branch included, so
//     the customership follows its services (C8);
//   - every act is well formed (a termination does not take effect before
//     it was given), and an act on the commitment's records meets its rule;
//   - at the end, the customership is where its services put it.
//
// Guards of the machines are not asked again: they held when the history
// was made. Nor is the catalogue: a recorded request must carry terms, but
// which terms, and the versions of accepted documents, are taken as
// recorded. A history that breaks any check is an *lifecycle.InputError
// naming history[i].
func Replay(events []Event, opts ...Option) (*Commitment, error) {
	c := newCommitment(opts)
	if err := c.st.replay(events); err != nil {
		return nil, err
	}
	return c, nil
}

// replay verifies and applies events on an empty state.
func (s *state) replay(events []Event) error { return s.replayWith(events, nil) }

// replayWith is replay that also reports, for each joint agreement the
// customer signed, its facts as they stood just before signing: what
// verifying the agreement needs.
func (s *state) replayWith(events []Event, signed func(JointAgreementSigned, lifecycle.PartyFacts)) error {
	if len(events) == 0 {
		return &lifecycle.InputError{Field: "history", Reason: "a history starts with a registered event"}
	}
	return s.follow(events, signed)
}

// follow verifies events as the continuation of s's history, each checked
// as Replay checks it and named by its place in the whole history, and
// applies them. Replay follows an empty history; Register.Follow the
// history a register already holds. On an error s is left part-way, so a
// caller that must keep s whole follows a clone.
func (s *state) follow(events []Event, signed func(JointAgreementSigned, lifecycle.PartyFacts)) error {
	n := s.history.len()
	next, due := s.nextDue()
	cm := lifecycle.CustomershipMachine()
	// settled is the customership's state and its services' summary when
	// it was last found to follow them. The customership's derived steps
	// depend on nothing else (their branches read only the summary), so
	// while both stay as they were it still follows them.
	var settled struct {
		state   engine.State
		summary lifecycle.ServiceSummary
	}
	for k, e := range events {
		i := n + k
		day := e.Date()
		if err := s.verify(i, e, day, next, due); err != nil {
			return err
		}
		if i > 0 && (day.After(s.last) || isRecordAct(e)) {
			// An act's events, and a day's steps of time, are recorded
			// together, the customership's last; so, once a later day or
			// another act begins, the customership has followed its
			// services (C8).
			sum := lifecycle.Summarize(s.uses)
			if s.customership.State != settled.state || sum != settled.summary {
				if ev, to, ok := cm.Derive(s.last, &s.customership, sum); ok {
					return &lifecycle.InputError{Field: fmt.Sprintf("history[%d]", i), Value: e.Type(),
						Reason: fmt.Sprintf("the customership is %s although the events before made it %s (%s), which the history does not record", s.customership.State.Name(), to.Name(), ev.EventID())}
				}
				settled.state, settled.summary = s.customership.State, sum
			}
		}
		if signed != nil {
			if j, ok := e.(JointAgreementSigned); ok {
				signed(j, s.partyFacts())
			}
		}
		s.machines.apply(e)
		s.records.apply(e)
		if t, ok := e.(Transitioned); ok {
			if t.Machine != customershipName {
				next, due = s.nextDueAfter(&t, next, due)
			}
		} else if movesDue(e) {
			next, due = s.nextDue()
		}
	}
	s.history.addAll(events)
	if ev, to, ok := cm.Derive(s.last, &s.customership, lifecycle.Summarize(s.uses)); ok {
		return &lifecycle.InputError{Field: "history", Value: string(s.customership.State),
			Reason: fmt.Sprintf("the history leaves the customership %s although its services make it %s (%s); no sequence of acts ends so", s.customership.State.Name(), to.Name(), ev.EventID())}
	}
	return nil
}

// isRecordAct reports whether e is an act on the commitment's records,
// which is recorded alone.
func isRecordAct(e Event) bool {
	_, ok := e.(Acted)
	return ok
}

// nextDueAfter returns what falls due next once transition t of a use or
// an app is applied, given next, what fell due next before it. A
// transition moves only its own subject's due day, so unless next was that
// subject's, the earlier of next and the subject's own is the answer.
func (s *state) nextDueAfter(t *Transitioned, next due, found bool) (due, bool) {
	mine := due{service: t.Machine == serviceName}
	var has bool
	if mine.service {
		mine.index = s.useIndex(lifecycle.ServiceID(t.Subject))
		mine.day, mine.event, has = lifecycle.ServiceMachine().Due(&s.uses[mine.index])
	} else {
		mine.index = s.appIndex(lifecycle.AppID(t.Subject))
		mine.day, mine.event, has = lifecycle.AppMachine().Due(&s.apps[mine.index])
	}
	switch {
	case found && next.service == mine.service && next.index == mine.index:
		return s.nextDue()
	case has && (!found || mine.before(next)):
		return mine, true
	}
	return next, found
}

// before reports whether d falls due before e, or on the same day but
// earlier in the order nextDue looks at them: uses first, by index.
func (d due) before(e due) bool {
	if d.day != e.day {
		return d.day.Before(e.day)
	}
	if d.service != e.service {
		return d.service
	}
	return d.index < e.index
}

// movesDue reports whether event e, other than a transition, can change
// what falls due next: a commitment leaving or arriving.
func movesDue(e Event) bool {
	switch e := e.(type) {
	case Acted:
		_, transfer := e.Act.(lifecycle.TransferCommitment)
		return transfer
	case CommitmentReceived:
		return true
	}
	return false
}

// verify checks that event number i, dated d, may follow the state s, whose
// next due step is next (when due).
func (s *state) verify(i int, e Event, d notice.Date, next due, isDue bool) error {
	bad := func(format string, args ...any) error {
		return &lifecycle.InputError{Field: fmt.Sprintf("history[%d]", i), Value: e.Type(), Reason: fmt.Sprintf(format, args...)}
	}
	if r, ok := e.(Registered); ok {
		if i != 0 {
			return bad("only the first event registers the customer")
		}
		return r.Customer.validate()
	}
	if i == 0 {
		return bad("a history starts with a registered event")
	}
	if d.IsZero() || d.Before(s.last) {
		return bad("the event's day %q is missing or earlier than the previous event (%s)", d, s.last)
	}
	if isDue && next.day.Before(d) {
		if t, ok := e.(Transitioned); !ok || !s.isDue(&t) {
			return bad("it is dated %s, after %s on which %s was due, which the history does not apply first", d, next.day, next.event.EventID())
		}
	}
	switch e := e.(type) {
	case Transitioned:
		if err := s.verifyTransition(&e); err != nil {
			return bad("%v", err)
		}
	case Acted:
		if err := e.Act.Validate(e.On); err != nil {
			return bad("%v", err)
		}
		if err := s.records.checkRecord(&s.machines, e.Act); err != nil {
			return bad("%v", err)
		}
	case CommitmentReceived:
		if !s.empty() {
			return bad("a commitment is received only by a customer that holds none of its own")
		}
		var got state
		if err := got.replay(e.History); err != nil {
			return bad("the commitment received: %v", err)
		}
		if got.last.After(e.On) {
			return bad("the commitment received has events after the day it was received")
		}
	case CodeServiceInformed:
		if want := codeServiceFor(s.customer.Kind); e.Recipient != want {
			return bad("approval is notified to %s, not %q", want, e.Recipient)
		}
	}
	return nil
}

// isDue reports whether transition t is a step that time brings and that
// is due by its day.
func (s *state) isDue(t *Transitioned) bool {
	switch t.Machine {
	case serviceName:
		day, _, ok := lifecycle.ServiceMachine().Due(s.use(lifecycle.ServiceID(t.Subject)))
		return ok && !day.After(t.On) && lifecycle.ServiceMachine().Timed(t.Event.EventID())
	case appName:
		if i := s.appIndex(lifecycle.AppID(t.Subject)); i >= 0 {
			day, _, ok := lifecycle.AppMachine().Due(&s.apps[i])
			return ok && !day.After(t.On) && lifecycle.AppMachine().Timed(t.Event.EventID())
		}
	}
	return false
}

// verifyTransition checks that transition t may follow the state s.
func (s *state) verifyTransition(t *Transitioned) error {
	if t.Event == nil {
		return fmt.Errorf("a transition without its event")
	}
	if a, ok := t.Event.(lifecycle.Act); ok {
		if err := a.Validate(t.On); err != nil {
			return err
		}
		if err := subjectOf(a, t.Subject); err != nil {
			return err
		}
		if r, ok := a.(lifecycle.RequestService); ok && r.Terms == nil {
			// Deciding a request records the catalogue's terms in it; a
			// use without them could not be judged later (S5b, K1).
			return fmt.Errorf("a recorded request carries the catalogue's terms it was judged under; this one has none")
		}
	}
	var from, to engine.State
	var err error
	switch t.Machine {
	case serviceName:
		u := s.use(lifecycle.ServiceID(t.Subject))
		from = u.State
		to, err = lifecycle.ServiceMachine().Target(t.On, u, s.customerFacts(), t.Event)
	case customershipName:
		from = s.customership.State
		to, err = lifecycle.CustomershipMachine().Target(t.On, &s.customership, lifecycle.Summarize(s.uses), t.Event)
	case appName:
		app := &lifecycle.App{ID: lifecycle.AppID(t.Subject)}
		if i := s.appIndex(app.ID); i >= 0 {
			app = &s.apps[i]
		}
		from = app.State
		to, err = lifecycle.AppMachine().Target(t.On, app, lifecycle.VendorFacts{Kind: s.customer.Kind}, t.Event)
	default:
		return fmt.Errorf("a commitment has no machine %s", notice.Excerpt(t.Machine))
	}
	switch {
	case err != nil:
		return fmt.Errorf("%s %s: %v", t.Machine, t.Subject, err)
	case t.From != from:
		return fmt.Errorf("%s %s says it left %q but the state was %q", t.Machine, t.Subject, t.From, from)
	case t.To != to:
		return fmt.Errorf("%s %s: %s from %q leads to %q, not %q", t.Machine, t.Subject, t.Event.EventID(), from, to, t.To)
	}
	return nil
}

// subjectOf checks that a recorded act names the subject its transition
// says it moved.
func subjectOf(a lifecycle.Act, subject string) error {
	var named string
	switch a := a.(type) {
	case lifecycle.RequestService:
		named = string(a.Service)
	case lifecycle.PassJointTesting:
		named = string(a.Service)
	case lifecycle.PassActivationTest:
		named = string(a.Service)
	case lifecycle.ApproveService:
		named = string(a.Service)
	case lifecycle.WithdrawApplication:
		named = string(a.Service)
	case lifecycle.SuspendService:
		named = string(a.Service)
	case lifecycle.DemonstrateCorrection:
		named = string(a.Service)
	case lifecycle.GiveTerminationNotice:
		named = string(a.Service)
	case lifecycle.TerminateByAuthority:
		named = string(a.Service)
	default:
		if id, ok := lifecycle.AppOf(a); ok {
			named = string(id)
		} else if id, ok := lifecycle.AgreementOf(a); ok {
			named = string(id)
		} else {
			return nil
		}
	}
	if named != subject {
		return fmt.Errorf("the act %s names %q but moved %q", a.EventID(), named, subject)
	}
	return nil
}

// SchemaVersion is the version of the JSON form of commitments and
// registers that this library writes and reads.
const SchemaVersion = 2

// snapshot is the JSON form of a Commitment: its current state and the
// history that produced it.
type snapshot struct {
	Schema       int                    `json:"schema"`
	Customer     Customer               `json:"customer"`
	Customership lifecycle.Customership `json:"customership,omitzero"`
	Services     []lifecycle.ServiceUse `json:"services,omitempty"`
	Apps         []lifecycle.App        `json:"apps,omitempty"`
	Pharmacies   []string               `json:"pharmacies,omitempty"`
	Contacts     []lifecycle.Contact    `json:"contacts,omitempty"`
	History      []json.RawMessage      `json:"history"`
}

func (s *state) snapshot(withHistory bool) (snapshot, error) {
	snap := snapshot{
		Schema:       SchemaVersion,
		Customer:     s.customer,
		Customership: s.customership,
		Services:     s.uses,
		Apps:         s.apps,
		Pharmacies:   s.pharmacies,
		Contacts:     s.contacts,
		History:      []json.RawMessage{},
	}
	if withHistory {
		h, err := marshalHistory(s.history.all())
		if err != nil {
			return snapshot{}, err
		}
		snap.History = h
	}
	return snap, nil
}

// MarshalJSON writes the commitment's state and its whole history, with the
// schema version. Empty fields are left out. The output is deterministic:
// the same commitment always gives the same bytes.
func (c *Commitment) MarshalJSON() ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	snap, err := c.st.snapshot(true)
	if err != nil {
		return nil, err
	}
	return json.Marshal(snap)
}

// UnmarshalJSON rebuilds a commitment by replaying the history in data (see
// Replay), and refuses data of another schema version or whose state does
// not match its history. The catalogue is the commitment's own if it has
// one, DefaultCatalogue otherwise; use Restore to pass another.
func (c *Commitment) UnmarshalJSON(data []byte) error {
	c.mu.Lock()
	cat := c.catalogue
	c.mu.Unlock()
	r, err := restore(data, cat)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.catalogue, c.st = r.catalogue, r.st
	return nil
}

func restore(data []byte, cat *Catalogue) (*Commitment, error) {
	var snap snapshot
	if err := strictJSON(data, &snap); err != nil {
		return nil, fmt.Errorf("commitment: %w", err)
	}
	if snap.Schema != SchemaVersion {
		return nil, &lifecycle.InputError{Field: "schema", Value: fmt.Sprint(snap.Schema), Reason: fmt.Sprintf("this library reads schema version %d", SchemaVersion)}
	}
	events, err := unmarshalHistory(snap.History)
	if err != nil {
		return nil, fmt.Errorf("commitment: %w", err)
	}
	r, err := Replay(events, WithCatalogue(cat))
	if err != nil {
		return nil, err
	}
	got, _ := r.st.snapshot(false)
	snap.History = []json.RawMessage{}
	want, _ := json.Marshal(snap)
	have, _ := json.Marshal(got)
	if !bytes.Equal(want, have) {
		return nil, &lifecycle.InputError{Field: "commitment", Reason: "the state in the data does not match what its history produces"}
	}
	return r, nil
}

// Restore reads a commitment written by MarshalJSON, using the catalogue of
// opts (DefaultCatalogue when none is given) for its future requests.
func Restore(data []byte, opts ...Option) (*Commitment, error) {
	return restore(data, newCommitment(opts).catalogue)
}
