package commitment

import (
	"errors"
	"slices"
	"sync"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Commitment is one customer's commitment to the Kanta services (sitoumus,
// YTE 7): the customer, its customership, its use of each service, a
// vendor's apps, the pharmacies a pharmacist's commitment covers, its
// contacts and the history of everything that happened to it.
//
// Concurrency: a Commitment is safe for use by many goroutines. Execute and
// Advance take an exclusive lock, so each is atomic and they apply in some
// serial order; Check, Explain and every query take a shared lock and see
// the state between two acts, never during one. Returned slices are copies.
type Commitment struct {
	mu        sync.RWMutex
	catalogue *Catalogue
	st        state
}

// defaultCatalogue is shared by every commitment created without a catalogue
// of its own. A Catalogue cannot be changed, so sharing it is safe.
var defaultCatalogue = DefaultCatalogue()

// Option configures a new Commitment.
type Option func(*Commitment)

// WithCatalogue makes the commitment use cat for the services it can
// request instead of DefaultCatalogue.
func WithCatalogue(cat *Catalogue) Option {
	return func(c *Commitment) {
		if cat != nil {
			c.catalogue = cat
		}
	}
}

func newCommitment(opts []Option) *Commitment {
	c := &Commitment{catalogue: defaultCatalogue}
	for _, o := range opts {
		o(c)
	}
	return c
}

// New returns the commitment of customer, with no service requested yet. Its
// history starts with a Registered event.
func New(customer Customer, opts ...Option) (*Commitment, error) {
	if err := customer.validate(); err != nil {
		return nil, err
	}
	c := newCommitment(opts)
	c.st.evolve(Registered{Customer: customer})
	return c, nil
}

// Execute decides act on day on (the day it happened; for a notice, the day
// it reached the recipient) and applies what it decided: time passes to on
// first, so what falls due by then takes effect before the act. It returns
// the events it appended. When the terms refuse the act the error is an
// *engine.Refusal listing every unmet condition with its rule and clause;
// when the act is malformed it is a *lifecycle.InputError. Either way
// nothing changed, and no events are returned.
func (c *Commitment) Execute(on notice.Date, act lifecycle.Act) ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, err := c.st.decide(c.catalogue, on, act)
	if err != nil {
		return nil, err
	}
	events := c.st.keep(d)
	d.release()
	return events, nil
}

// keep applies a decision: the machines it looked ahead on become the
// commitment's, and each event is recorded. The commitment's former
// machines go to d, to be reused once d is released. It returns the
// decision's events, which the history holds copies of.
func (s *state) keep(d *decision) []Event {
	s.machines, d.m = d.m, s.machines
	for _, e := range d.events {
		s.records.apply(e)
		s.history.add(e)
	}
	return d.events
}

// Check tells whether Execute(on, act) would be accepted, without changing
// anything: nil, or the same error Execute would return.
func (c *Commitment) Check(on notice.Date, act lifecycle.Act) error {
	c.mu.RLock()
	defer c.mu.RUnlock()
	d, err := c.st.decide(c.catalogue, on, act)
	d.release()
	return err
}

// Explain answers "why can't I?": every unmet condition of Execute(on, act)
// with its rule, or nil when the act would be accepted. A malformed act is
// returned as the error.
func (c *Commitment) Explain(on notice.Date, act lifecycle.Act) ([]engine.Blocker, error) {
	err := c.Check(on, act)
	var r *engine.Refusal
	if errors.As(err, &r) {
		return r.Blockers, nil
	}
	return nil, err
}

// Advance lets time pass up to and including day to: every termination,
// app withdrawal and certificate expiry due by then takes effect on its own
// day. It returns the events it appended. A day before the latest event is
// an *lifecycle.InputError and changes nothing.
func (c *Commitment) Advance(to notice.Date) ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	d, err := c.st.decideAdvance(c.catalogue, to)
	if err != nil {
		return nil, err
	}
	events := c.st.keep(d)
	d.release()
	return events, nil
}

// NextDue returns the next day on which time alone changes the commitment
// (a termination, an app withdrawal, a certificate expiry), and false when
// nothing is pending.
func (c *Commitment) NextDue() (notice.Date, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	n, ok := c.st.nextDue()
	return n.day, ok
}

// Version returns the number of events in the commitment's history: the
// version of its stream.
func (c *Commitment) Version() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.history.len()
}

// Customer returns the customer that holds the commitment.
func (c *Commitment) Customer() Customer {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.customer
}

// Customership returns the state of the customership; lifecycle.None
// before the first request.
func (c *Commitment) Customership() engine.State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.customership.State
}

// CustomershipRecord returns the customership: its state, the day it began
// and the day it last ended.
func (c *Commitment) CustomershipRecord() lifecycle.Customership {
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

// State returns the state of service id's use; lifecycle.None when never
// requested.
func (c *Commitment) State(id lifecycle.ServiceID) engine.State {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.use(id).State
}

// Services returns every service the customer has requested, in the order
// of their first request.
func (c *Commitment) Services() []lifecycle.ServiceUse {
	c.mu.RLock()
	defer c.mu.RUnlock()
	out := make([]lifecycle.ServiceUse, len(c.st.uses))
	for i, u := range c.st.uses {
		out[i] = cloneUse(u)
	}
	return out
}

// App returns the vendor's app id, and false when no such app is
// registered.
func (c *Commitment) App(id lifecycle.AppID) (lifecycle.App, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if i := c.st.appIndex(id); i >= 0 {
		return c.st.apps[i], true
	}
	return lifecycle.App{ID: id}, false
}

// Apps returns the vendor's apps in the order they were registered.
func (c *Commitment) Apps() []lifecycle.App {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.st.apps)
}

// Pharmacies returns the pharmacies a pharmacist's commitment covers (C6).
func (c *Commitment) Pharmacies() []string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.st.pharmacies)
}

// Contacts returns the contacts named, in the order they were named.
func (c *Commitment) Contacts() []lifecycle.Contact {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.st.contacts)
}

// Agreements returns the joint-connection agreements the customer signed,
// in the order signed, with its role in each.
func (c *Commitment) Agreements() []JointAgreementSigned {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return slices.Clone(c.st.agreements)
}

// History returns the commitment's events, oldest first. The slice is a
// copy; treat the events in it as read-only values.
func (c *Commitment) History() []Event {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.history.all()
}

// Today returns the day of the commitment's latest event: acts dated
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
// version that was in force when it was accepted (C14), including those of
// a commitment received by transfer. They are kept permanently (R1).
func (c *Commitment) Acceptances() []DocumentAccepted {
	c.mu.RLock()
	defer c.mu.RUnlock()
	var out []DocumentAccepted
	var walk func(e Event)
	walk = func(e Event) {
		switch e := e.(type) {
		case DocumentAccepted:
			out = append(out, e)
		case CommitmentReceived:
			for _, n := range e.History {
				walk(n)
			}
		}
	}
	c.st.history.each(func(e Event) bool { walk(e); return true })
	return out
}

// InForce returns the version of doc (for a service description, service's)
// in force on day on: amended terms and descriptions apply to commitments
// made before the amendment, from the document's date (C14). It may differ
// from the version the customer accepted, which Acceptances records.
func (c *Commitment) InForce(doc lifecycle.Document, service lifecycle.ServiceID, on notice.Date) (Version, bool) {
	return c.Catalogue().InForce(doc, service, on)
}

func cloneUse(u lifecycle.ServiceUse) lifecycle.ServiceUse {
	u.Units = slices.Clone(u.Units)
	if u.Terms != nil {
		t := *u.Terms
		t.Eligible = slices.Clone(t.Eligible)
		t.Statutory = slices.Clone(t.Statutory)
		u.Terms = &t
	}
	if u.Termination != nil {
		t := *u.Termination
		u.Termination = &t
	}
	return u
}
