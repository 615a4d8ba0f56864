package commitment

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Customer returns the customer that holds the commitment now.
func (c *Commitment) Customer() Customer {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.customer
}

// Customership returns the state of the customership (SPEC §3); None before
// the first request.
func (c *Commitment) Customership() lifecycle.State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.customership
}

// Service returns the customer's use of service id, and false when the
// customer never requested it.
func (c *Commitment) Service(id lifecycle.ServiceID) (lifecycle.ServiceUse, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if i := c.st.useIndex(id); i >= 0 {
		return cloneUse(c.st.uses[i]), true
	}
	return lifecycle.ServiceUse{Service: id}, false
}

// State returns the state of service id's use; None when never requested.
func (c *Commitment) State(id lifecycle.ServiceID) lifecycle.State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.use(id).State
}

// Services returns every service the customer has requested, in the order of
// their first request.
func (c *Commitment) Services() []lifecycle.ServiceUse {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]lifecycle.ServiceUse, len(c.st.uses))
	for i, u := range c.st.uses {
		out[i] = cloneUse(u)
	}
	return out
}

// Pharmacies returns the pharmacies a pharmacist's commitment covers (C6).
func (c *Commitment) Pharmacies() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]string(nil), c.st.pharmacies...)
}

// Contacts returns the contacts named, in the order they were named.
func (c *Commitment) Contacts() []Contact {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]Contact(nil), c.st.contacts...)
}

// History returns the commitment's events, oldest first. The slice is a
// copy; treat the events in it as read-only values.
func (c *Commitment) History() []Event {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.history.all()
}

// Today returns the day of the commitment's latest event: commands dated
// earlier are refused as out of order.
func (c *Commitment) Today() notice.Date {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.last
}

// Catalogue returns the catalogue the commitment requests services from.
func (c *Commitment) Catalogue() *Catalogue {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.catalogue
}

// Acceptances returns every document acceptance, oldest first, with the
// version that was in force when it was accepted (C14). They are kept
// permanently (R1).
func (c *Commitment) Acceptances() []DocumentAccepted {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []DocumentAccepted
	c.st.history.each(func(e Event) bool {
		if a, ok := e.(DocumentAccepted); ok {
			out = append(out, a)
		}
		return true
	})
	return out
}

// InForce returns the version of doc (for a service description, service's)
// in force on day on: amended terms and descriptions apply to commitments made
// before the amendment, from the document's date (C14). It may differ from
// the version the customer accepted, which Acceptances records.
func (c *Commitment) InForce(doc lifecycle.Document, service lifecycle.ServiceID, on notice.Date) (Version, bool) {
	return c.Catalogue().InForce(doc, service, on)
}

func cloneUse(u lifecycle.ServiceUse) lifecycle.ServiceUse {
	u.Units = append([]string(nil), u.Units...)
	if u.Terms != nil {
		t := *u.Terms
		t.Eligible = append([]lifecycle.Kind(nil), t.Eligible...)
		t.Statutory = append([]lifecycle.Kind(nil), t.Statutory...)
		u.Terms = &t
	}
	if u.Termination != nil {
		t := *u.Termination
		u.Termination = &t
	}
	return u
}

// Replay rebuilds a commitment from its history. The first event must be
// Registered. Every transition is checked against the machine definitions
// (its source state must be the current one and the definition must lead to
// its target), and events must be in date order; a history that breaks
// either is an error. Guards are not evaluated again: they held when the
// history was made.
func Replay(events []Event, opts ...Option) (*Commitment, error) {
	c := &Commitment{catalogue: defaultCatalogue}
	for _, o := range opts {
		o(c)
	}
	s := &c.st
	for i, e := range events {
		if err := s.replay(i, e); err != nil {
			return nil, err
		}
	}
	if len(events) == 0 {
		return nil, &InputError{Field: "history", Reason: "a history starts with a registered event"}
	}
	s.history.addAll(events) // replaying an event never reads the history
	// Every command leaves the customership where its services put it (SPEC
	// §10); a history that does not was cut or edited.
	if want := lifecycle.CustomershipTarget(s.customership, s.uses); want != s.customership {
		return nil, &InputError{Field: "history", Value: string(s.customership),
			Reason: fmt.Sprintf("the history leaves the customership %s although its services make it %s; no sequence of commands ends so", s.customership.Name(), want.Name())}
	}
	return c, nil
}

// replay checks that event number i may follow the state s, and applies it.
func (s *state) replay(i int, e Event) error {
	bad := func(format string, args ...any) error {
		return &InputError{Field: fmt.Sprintf("history[%d]", i), Value: e.Type(), Reason: fmt.Sprintf(format, args...)}
	}
	// One type switch, and no assertions or calls through the interface:
	// each of those copies the event, and verify runs for every event
	// replayed.
	var d notice.Date
	var tr *Transitioned
	var cn *ChangeNotified
	switch e := e.(type) {
	case Registered:
		if i != 0 {
			return bad("only the first event registers the customer")
		}
		if err := e.Customer.validate(); err != nil {
			return err
		}
		s.apply(e)
		return nil
	case Transitioned:
		d, tr = e.Date(), &e
	case ChangeNotified:
		d, cn = e.Date(), &e
	default:
		d = e.Date()
	}
	if i == 0 {
		return bad("a history starts with a registered event")
	}
	if d.IsZero() || d.Before(s.last) {
		return bad("the event's day %q is missing or earlier than the previous event (%s)", d, s.last)
	}
	switch {
	case tr != nil:
		use, err := s.verifyTransition(tr, bad)
		if err != nil {
			return err
		}
		s.applyTransition(tr, use)
		return nil
	case cn != nil:
		// A recorded notification must say what its rule says of it: a breach
		// cannot be erased, or invented, by editing the history.
		want, err := changeNotified(cn.On, NotifyChange{Rule: cn.Rule, Effective: cn.Effective, Details: cn.Details})
		if err != nil {
			return bad("%v", err)
		}
		if want != *cn {
			return bad("the notification of %s does not match its rule (clause %q, late %t, latest notice %s)", cn.Rule, want.Clause, want.Late, want.LatestNotice)
		}
	}
	s.apply(e)
	return nil
}

// verifyTransition checks that transition t may follow the state s. For the
// service machine it returns the index of the use, or -1 when the customer
// has none yet; -1 otherwise.
func (s *state) verifyTransition(t *Transitioned, bad func(string, ...any) error) (int, error) {
	if t.Event == nil {
		return -1, bad("a transition without its event")
	}
	var from, to lifecycle.State
	var err error
	i := -1
	switch t.Machine {
	case lifecycle.ServiceMachine().Name():
		var use *lifecycle.ServiceUse
		if i = s.useIndex(lifecycle.ServiceID(t.Subject)); i >= 0 {
			use = &s.uses[i]
		} else {
			use = &lifecycle.ServiceUse{Service: lifecycle.ServiceID(t.Subject)}
		}
		from = use.State
		to, err = lifecycle.ServiceMachine().Target(from, lifecycle.ServiceContext{On: t.On, Event: t.Event, Customer: s.facts(), Use: use})
	case lifecycle.CustomershipMachine().Name():
		from = s.customership
		to, err = lifecycle.CustomershipMachine().Target(from, lifecycle.CustomershipContext{On: t.On, Event: t.Event})
	case lifecycle.AppMachine().Name():
		app := s.app(t.Subject)
		from = app.State
		to, err = lifecycle.AppMachine().Target(from, lifecycle.AppContext{On: t.On, Event: t.Event, Kind: s.customer.Kind, App: app})
	default:
		return -1, bad("unknown machine %q", t.Machine)
	}
	if e, ok := t.Event.(lifecycle.SuspendService); ok && err == nil {
		// A use's suspensions hold only YTE 5's reasons (S4).
		_, err = lifecycle.ParseSuspensionReason(string(e.Reason))
	}
	switch {
	case err != nil:
		return -1, bad("%v", err)
	case t.From != from:
		return -1, bad("%s %s says it left %q but the state was %q", t.Machine, t.Subject, t.From, from)
	case t.To != to:
		return -1, bad("%s %s: %s from %q leads to %q, not %q", t.Machine, t.Subject, t.Event.EventID(), from, to, t.To)
	}
	return i, nil
}

// snapshot is the JSON form of a Commitment: its current state and the
// history that produced it.
type snapshot struct {
	Customer     Customer               `json:"customer"`
	Customership lifecycle.State        `json:"customership"`
	Services     []lifecycle.ServiceUse `json:"services"`
	Apps         []lifecycle.App        `json:"apps"`
	Pharmacies   []string               `json:"pharmacies"`
	Contacts     []Contact              `json:"contacts"`
	History      []json.RawMessage      `json:"history"`
}

func (s *state) snapshot(withHistory bool) (snapshot, error) {
	snap := snapshot{
		Customer:     s.customer,
		Customership: s.customership,
		Services:     make([]lifecycle.ServiceUse, 0, len(s.uses)),
		Apps:         append([]lifecycle.App{}, s.apps...),
		Pharmacies:   append([]string{}, s.pharmacies...),
		Contacts:     append([]Contact{}, s.contacts...),
		History:      []json.RawMessage{},
	}
	snap.Services = append(snap.Services, s.uses...)
	if withHistory {
		var err error
		s.history.each(func(e Event) bool {
			var b []byte
			b, err = MarshalEvent(e)
			snap.History = append(snap.History, b)
			return err == nil
		})
		if err != nil {
			return snapshot{}, err
		}
	}
	return snap, nil
}

// MarshalJSON writes the commitment's state and its whole history. The
// output is deterministic: the same commitment always gives the same bytes.
func (c *Commitment) MarshalJSON() ([]byte, error) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	snap, err := c.st.snapshot(true)
	if err != nil {
		return nil, err
	}
	return json.Marshal(snap)
}

// UnmarshalJSON rebuilds a commitment by replaying the history in data, and
// refuses data whose state does not match its history. The catalogue is the
// commitment's own if it has one, DefaultCatalogue otherwise; use Restore to
// pass another.
func (c *Commitment) UnmarshalJSON(data []byte) error {
	var snap snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return fmt.Errorf("commitment: %w", err)
	}
	events := make([]Event, len(snap.History))
	for i, raw := range snap.History {
		e, err := UnmarshalEvent(raw)
		if err != nil {
			return fmt.Errorf("commitment: history[%d]: %w", i, err)
		}
		events[i] = e
	}
	c.mu.Lock()
	cat := c.catalogue
	c.mu.Unlock()
	r, err := Replay(events, WithCatalogue(cat))
	if err != nil {
		return err
	}
	got, _ := r.st.snapshot(false)
	snap.History = []json.RawMessage{}
	want, _ := json.Marshal(snap)
	have, _ := json.Marshal(got)
	if !bytes.Equal(want, have) {
		return &InputError{Field: "commitment", Reason: "the state in the data does not match what its history produces"}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.catalogue = r.catalogue
	c.st = r.st
	return nil
}

// Restore reads a commitment written by MarshalJSON, using the catalogue of
// opts (DefaultCatalogue when none is given) for its future requests.
func Restore(data []byte, opts ...Option) (*Commitment, error) {
	c := &Commitment{catalogue: defaultCatalogue}
	for _, o := range opts {
		o(c)
	}
	if err := c.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return c, nil
}
