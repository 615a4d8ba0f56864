package commitment

import (
	"encoding/json"
	"fmt"
	"sync"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Register is Kela's register of Kanta customers (Kanta-palvelujen
// asiakasrekisteri, REK): the commitments of many customers and the
// joint-connection agreements between them (YLS). Commands that concern one
// customer go to its commitment; agreements concern two and are run here,
// where both parties can be read.
//
// A tenant's use of services under an agreement is not stored but derived
// from the agreement and the main connector's commitment (TenantUses), so a
// tenant can never hold a service its main connector does not have in use,
// whatever the order of commands (J3, J10).
//
// Concurrency: a Register is safe for use by many goroutines. Its own
// commands and Advance are serialised; each party's commitment also keeps its
// own lock, so it may be queried or commanded directly.
type Register struct {
	mu         sync.RWMutex
	opts       []Option
	parties    []*Commitment
	agreements []*agreementRecord
}

// NewRegister returns an empty register; opts (WithCatalogue) apply to every
// commitment it creates.
func NewRegister(opts ...Option) *Register {
	return &Register{opts: append([]Option(nil), opts...)}
}

// Add registers customer and returns its new commitment. A customer is
// registered once.
func (r *Register) Add(customer Customer) (*Commitment, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.party(customer.ID) != nil {
		return nil, &InputError{Field: "customer.id", Value: customer.ID, Reason: "the register already has this customer"}
	}
	c, err := New(customer, r.opts...)
	if err != nil {
		return nil, err
	}
	r.parties = append(r.parties, c)
	return c, nil
}

func (r *Register) party(id string) *Commitment {
	for _, c := range r.parties {
		if c.Customer().ID == id {
			return c
		}
	}
	return nil
}

// Commitment returns the commitment that customer id holds.
func (r *Register) Commitment(id string) (*Commitment, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := r.party(id)
	return c, c != nil
}

// Parties returns the identifiers of the registered customers, in the order
// they were added.
func (r *Register) Parties() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, len(r.parties))
	for i, c := range r.parties {
		out[i] = c.Customer().ID
	}
	return out
}

// Execute runs cmd on party's commitment on day on (see Commitment.Execute).
// An AgreementCommand is run on its agreement, whatever party says. A
// TransferCommitment names the receiving party by its identifier: the
// register moves the commitment to that party, which must not hold one of
// its own yet (C5), and gives the transferring party a new, empty one.
func (r *Register) Execute(on notice.Date, party string, cmd Command) ([]Event, error) {
	if ac, ok := cmd.(AgreementCommand); ok {
		return r.executeAgreement(on, ac)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	c := r.party(party)
	if c == nil {
		return nil, &InputError{Field: "party", Value: party, Reason: "no such customer in the register"}
	}
	if t, ok := cmd.(TransferCommitment); ok {
		return r.transfer(on, c, t)
	}
	events, err := c.Execute(on, cmd)
	if err != nil {
		return nil, err
	}
	// Time has passed for this party: its agreements' notices due by then
	// take effect too, so TenantUses never shows an agreement past its end.
	for i, rec := range r.agreements {
		if (rec.a.Main == party || rec.a.Tenant == party) && !on.Before(rec.last) {
			n := *rec
			if err := n.advance(on); err != nil {
				return events, err
			}
			r.agreements[i] = &n
		}
	}
	return events, nil
}

func (r *Register) transfer(on notice.Date, from *Commitment, t TransferCommitment) ([]Event, error) {
	to := r.party(t.To.ID)
	if to == nil {
		return nil, &InputError{Field: "to", Value: t.To.ID, Reason: "no such customer in the register"}
	}
	if to == from {
		return nil, &InputError{Field: "to", Value: t.To.ID, Reason: "the commitment already belongs to this customer"}
	}
	if len(to.History()) > 1 {
		return nil, &lifecycle.Refusal{Command: t.Name(), Subject: t.To.ID, State: from.Customership(), Blockers: []lifecycle.Blocker{{
			Rule: lifecycle.C5, Subject: t.To.ID, Input: t.To.ID,
			Reason: "the receiving customer already holds a commitment of its own; merging commitments is not modelled"}}}
	}
	t.To = to.Customer()
	giver := from.Customer()
	fresh, err := New(giver, r.opts...)
	if err != nil {
		return nil, err
	}
	events, err := from.Execute(on, t)
	if err != nil {
		return nil, err
	}
	for i, c := range r.parties {
		switch c {
		case from:
			r.parties[i] = fresh
		case to:
			r.parties[i] = from
		}
	}
	return events, nil
}

// executeAgreement runs an agreement command; nothing changes unless it is
// accepted.
func (r *Register) executeAgreement(on notice.Date, cmd AgreementCommand) ([]Event, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if on.IsZero() {
		return nil, &InputError{Field: "date", Reason: "a command needs the day it happened"}
	}
	id := cmd.agreementID()
	if id == "" {
		return nil, &InputError{Field: "agreement", Reason: "the command names no agreement"}
	}
	if s, ok := cmd.(SignJointAgreement); ok {
		return r.sign(on, s)
	}
	i := r.agreementIndex(id)
	if i < 0 {
		return nil, &InputError{Field: "agreement", Value: id, Reason: "no such agreement"}
	}
	rec := *r.agreements[i]
	if on.Before(rec.last) {
		return nil, &InputError{Field: "date", Value: on.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", id, rec.last)}
	}
	n := len(rec.history)
	if err := rec.advance(on); err != nil {
		return nil, err
	}
	var ev lifecycle.Event
	switch c := cmd.(type) {
	case GiveJointAgreementNotice:
		ev = lifecycle.GiveJointAgreementNotice{By: c.By, Effective: c.Effective}
	case EndProductionAgreement:
		ev = lifecycle.EndProductionAgreement{}
	case RescindJointAgreement:
		ev = lifecycle.RescindJointAgreement{Reason: c.Reason}
	}
	if err := rec.fire(on, cmd.Name(), ev); err != nil {
		return nil, err
	}
	r.agreements[i] = &rec
	return append([]Event(nil), rec.history[n:]...), nil
}

func (r *Register) agreementIndex(id string) int {
	for i, rec := range r.agreements {
		if rec.a.ID == id {
			return i
		}
	}
	return -1
}

// sign draws up and signs a new agreement, and ends any earlier agreement
// between the same parties (J4).
func (r *Register) sign(on notice.Date, s SignJointAgreement) ([]Event, error) {
	if r.agreementIndex(s.ID) >= 0 {
		return nil, &InputError{Field: "agreement", Value: s.ID, Reason: "an agreement with this identifier exists"}
	}
	main, tenant := r.party(s.Main), r.party(s.Tenant)
	switch {
	case main == nil:
		return nil, &InputError{Field: "main", Value: s.Main, Reason: "no such customer in the register"}
	case tenant == nil:
		return nil, &InputError{Field: "tenant", Value: s.Tenant, Reason: "no such customer in the register"}
	case main == tenant:
		return nil, &InputError{Field: "tenant", Value: s.Tenant, Reason: "the main connector and the tenant are different parties"}
	case len(s.Services) == 0:
		return nil, &InputError{Field: "services", Reason: "Annex 1 lists at least one Kanta service"}
	}
	cat := main.Catalogue()
	for i, sv := range s.Services {
		if err := knownService(cat, sv); err != nil {
			return nil, err
		}
		for _, earlier := range s.Services[:i] {
			if earlier == sv {
				return nil, &InputError{Field: "services", Value: string(sv), Reason: "listed twice"}
			}
		}
	}
	rec := &agreementRecord{a: lifecycle.JointAgreement{ID: s.ID}}
	draw := lifecycle.DrawUpJointAgreement{Main: s.Main, Tenant: s.Tenant, Services: s.Services, ProductionNotice: s.ProductionNotice}
	if err := rec.fire(on, s.Name(), draw); err != nil {
		return nil, err
	}
	mainFacts, err := partyFacts(main, on)
	if err != nil {
		return nil, err
	}
	tenantFacts, err := partyFacts(tenant, on)
	if err != nil {
		return nil, err
	}
	sign := lifecycle.SignJointAgreement{Main: mainFacts, Tenant: tenantFacts}
	if err := rec.fire(on, s.Name(), sign); err != nil {
		return nil, err
	}
	events := append([]Event(nil), rec.history...)
	var replaced []*agreementRecord
	for _, old := range r.agreements {
		if old.a.Main == s.Main && old.a.Tenant == s.Tenant && old.a.InForce() {
			o := *old
			if on.Before(o.last) {
				return nil, &InputError{Field: "date", Value: on.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", o.a.ID, o.last)}
			}
			if err := o.advance(on); err != nil {
				return nil, err
			}
			if o.a.InForce() {
				if err := o.fire(on, s.Name(), lifecycle.AgreementReplaced{By: s.ID}); err != nil {
					return nil, err
				}
				events = append(events, o.history[len(o.history)-1])
			}
			replaced = append(replaced, &o)
		}
	}
	for _, o := range replaced {
		r.agreements[r.agreementIndex(o.a.ID)] = o
	}
	r.agreements = append(r.agreements, rec)
	return events, nil
}

// partyFacts returns the facts of c's customer as they stand on day on: J3
// judges the main connector's use on the day of signing, so whatever falls
// due by then counts as having happened. It runs the commitment's own
// advance under the undo journal and rolls it back, so a signing, refused or
// not, leaves every party as it was.
func partyFacts(c *Commitment, on notice.Date) (lifecycle.PartyFacts, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &c.st
	s.begin()
	defer s.rollback() // the facts are read as of day on; nothing is kept
	if err := s.checkDay(on); err != nil {
		return lifecycle.PartyFacts{}, err
	}
	if err := s.advance(on); err != nil {
		return lifecycle.PartyFacts{}, err
	}
	f := lifecycle.PartyFacts{ID: s.customer.ID, Kind: s.customer.Kind, Soteri: s.customer.Soteri, Customership: s.customership}
	for _, u := range s.uses {
		if u.InUse() {
			f.InUse = append(f.InUse, u.Service)
		}
	}
	return f, nil
}

// Advance lets time pass up to and including day to for every commitment
// and agreement (see Commitment.Advance). A day earlier than some party's
// latest event is an *InputError and changes nothing.
func (r *Register) Advance(to notice.Date) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if to.IsZero() {
		return &InputError{Field: "date", Reason: "advance needs a day"}
	}
	for _, c := range r.parties {
		if to.Before(c.Today()) {
			return &InputError{Field: "date", Value: to.String(), Reason: fmt.Sprintf("%s's history already reaches %s", c.Customer().ID, c.Today())}
		}
	}
	for _, rec := range r.agreements {
		if to.Before(rec.last) {
			return &InputError{Field: "date", Value: to.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", rec.a.ID, rec.last)}
		}
	}
	for _, c := range r.parties {
		if _, err := c.Advance(to); err != nil {
			return err
		}
	}
	for i, rec := range r.agreements {
		n := *rec
		if err := n.advance(to); err != nil {
			return err
		}
		r.agreements[i] = &n
	}
	return nil
}

// Agreement returns the agreement id.
func (r *Register) Agreement(id string) (lifecycle.JointAgreement, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i := r.agreementIndex(id); i >= 0 {
		return r.agreements[i].a, true
	}
	return lifecycle.JointAgreement{}, false
}

// Agreements returns every agreement, in the order they were signed.
func (r *Register) Agreements() []lifecycle.JointAgreement {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]lifecycle.JointAgreement, len(r.agreements))
	for i, rec := range r.agreements {
		out[i] = rec.a
	}
	return out
}

// AgreementHistory returns agreement id's events, oldest first.
func (r *Register) AgreementHistory(id string) []Event {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if i := r.agreementIndex(id); i >= 0 {
		return append([]Event(nil), r.agreements[i].history...)
	}
	return nil
}

// TenantUses returns party's use of services as a tenant, under every
// agreement it is the tenant of, in the order of the agreements and their
// Annex 1 (J1, J3, J10). A service the main connector no longer has in use,
// or under an agreement that has ended, is terminated.
func (r *Register) TenantUses(party string) []TenantUse {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []TenantUse
	for _, rec := range r.agreements {
		a := rec.a
		if a.Tenant != party {
			continue
		}
		main := r.party(a.Main)
		for _, s := range a.Services {
			var mu lifecycle.ServiceUse
			if main != nil {
				mu, _ = main.Service(s)
			}
			if st := a.TenantState(s, mu); st != lifecycle.None {
				out = append(out, TenantUse{Agreement: a.ID, Main: a.Main, Service: s, State: st})
			}
		}
	}
	return out
}

// registerJSON is the JSON form of a Register.
type registerJSON struct {
	Parties    []json.RawMessage `json:"parties"`
	Agreements []agreementJSON   `json:"agreements"`
}

type agreementJSON struct {
	Agreement lifecycle.JointAgreement `json:"agreement"`
	History   []json.RawMessage        `json:"history"`
}

// MarshalJSON writes every commitment (see Commitment.MarshalJSON) and every
// agreement with its history. The output is deterministic.
func (r *Register) MarshalJSON() ([]byte, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := registerJSON{Parties: []json.RawMessage{}, Agreements: []agreementJSON{}}
	for _, c := range r.parties {
		b, err := c.MarshalJSON()
		if err != nil {
			return nil, err
		}
		out.Parties = append(out.Parties, b)
	}
	for _, rec := range r.agreements {
		aj := agreementJSON{Agreement: rec.a, History: []json.RawMessage{}}
		for _, e := range rec.history {
			b, err := MarshalEvent(e)
			if err != nil {
				return nil, err
			}
			aj.History = append(aj.History, b)
		}
		out.Agreements = append(out.Agreements, aj)
	}
	return json.Marshal(out)
}

// RestoreRegister reads a register written by MarshalJSON: each commitment is
// replayed from its history (see Restore) and each agreement from its own,
// and data whose state does not match its history is refused.
func RestoreRegister(data []byte, opts ...Option) (*Register, error) {
	var in registerJSON
	if err := json.Unmarshal(data, &in); err != nil {
		return nil, fmt.Errorf("commitment: register: %w", err)
	}
	r := NewRegister(opts...)
	for i, raw := range in.Parties {
		c, err := Restore(raw, opts...)
		if err != nil {
			return nil, fmt.Errorf("commitment: register: parties[%d]: %w", i, err)
		}
		if r.party(c.Customer().ID) != nil {
			return nil, &InputError{Field: fmt.Sprintf("parties[%d]", i), Value: c.Customer().ID, Reason: "registered twice"}
		}
		r.parties = append(r.parties, c)
	}
	for i, aj := range in.Agreements {
		rec := &agreementRecord{a: lifecycle.JointAgreement{ID: aj.Agreement.ID}}
		for j, raw := range aj.History {
			e, err := UnmarshalEvent(raw)
			if err != nil {
				return nil, fmt.Errorf("commitment: register: agreements[%d].history[%d]: %w", i, j, err)
			}
			t, ok := e.(Transitioned)
			if !ok {
				return nil, &InputError{Field: fmt.Sprintf("agreements[%d].history[%d]", i, j), Value: e.Type(), Reason: "an agreement's history holds only its transitions"}
			}
			if err := rec.verify(j, t); err != nil {
				return nil, err
			}
			rec.record(t)
		}
		want, _ := json.Marshal(aj.Agreement)
		have, _ := json.Marshal(rec.a)
		if string(want) != string(have) {
			return nil, &InputError{Field: fmt.Sprintf("agreements[%d]", i), Value: aj.Agreement.ID, Reason: "the agreement does not match what its history produces"}
		}
		if r.party(rec.a.Main) == nil || r.party(rec.a.Tenant) == nil {
			return nil, &InputError{Field: fmt.Sprintf("agreements[%d]", i), Value: rec.a.ID, Reason: "the agreement names a party the register does not hold"}
		}
		if r.agreementIndex(rec.a.ID) >= 0 {
			return nil, &InputError{Field: fmt.Sprintf("agreements[%d]", i), Value: rec.a.ID, Reason: "listed twice"}
		}
		r.agreements = append(r.agreements, rec)
	}
	return r, nil
}
