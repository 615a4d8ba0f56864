package commitment

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Register is Kela's register of Kanta customers (Kanta-palvelujen
// asiakasrekisteri, REK): the commitments of many customers and the
// joint-connection agreements between them (YLS). Each commitment and each
// agreement is a stream of events; an act decided on the register appends to
// every stream it touches (a joint agreement touches the agreement and both
// parties), all or nothing.
//
// A tenant's use of services under an agreement is not stored but derived
// from the agreement and the main connector's commitment (TenantUses), so a
// tenant can never hold a service its main connector does not have in use,
// whatever the order of acts (J3, J10).
//
// Concurrency: a Register is safe for use by many goroutines. Decide and
// the queries share a lock; every method that changes it (Add, Restore,
// Follow, Execute, Advance, Apply, UnmarshalJSON) holds it alone, so each
// is atomic. Each party's commitment keeps its own lock too, so it may be
// read directly while the register works. A registered commitment is
// changed only through the register: its own Execute or Advance would
// bypass the register's checks across commitments (J1, an app's one
// vendor) and race with it.
type Register struct {
	mu   sync.RWMutex
	opts []Option
	// parties and agreements are kept in the order of their IDs, so that
	// a register reads the same however its streams were loaded.
	parties    []*Commitment
	agreements []*agreementRecord
}

// Change is what one decision appends to one stream: the stream, its
// version when the decision was made (the number of its events), the
// events, and the stream's next due day once they are applied (the first
// day on which time alone changes it; zero for none), which a store keeps in
// its due index. A decision's changes are applied together or not at all.
type Change struct {
	Stream  string
	Version int
	Events  []Event
	Due     notice.Date
}

// change returns the decision's events as a change to stream, decided at
// version.
func (d *decision) change(stream string, version int) Change {
	next, _ := d.m.nextDue()
	return Change{Stream: stream, Version: version, Events: d.events, Due: next.day}
}

// change returns the decision's events as a change to the agreement's
// stream, decided at version.
func (d *agreementDecision) change(version int) Change {
	day, _, _ := lifecycle.AgreementMachine().Due(&d.a)
	return Change{Stream: AgreementStream(d.a.ID), Version: version, Events: d.events, Due: day}
}

// The stream names of a party's commitment and of an agreement.
const (
	partyPrefix     = "party/"
	agreementPrefix = "agreement/"
)

// PartyStream returns the name of party id's stream: "party/ID".
func PartyStream(id lifecycle.PartyID) string { return partyPrefix + string(id) }

// AgreementStream returns the name of agreement id's stream:
// "agreement/ID".
func AgreementStream(id lifecycle.AgreementID) string { return agreementPrefix + string(id) }

// ErrStale reports changes decided on streams that have changed since:
// Apply refuses them, and nothing is applied.
var ErrStale = errors.New("commitment: the changes were decided on a stream that has changed since")

// NewRegister returns an empty register; opts (WithCatalogue) apply to every
// commitment it creates.
func NewRegister(opts ...Option) *Register {
	return &Register{opts: slices.Clone(opts)}
}

// Add registers customer and returns its new commitment. A customer is
// registered once.
func (r *Register) Add(customer Customer) (*Commitment, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.party(customer.ID) != nil {
		return nil, &lifecycle.InputError{Field: "customer.id", Value: string(customer.ID), Reason: "the register already has this customer"}
	}
	c, err := New(customer, r.opts...)
	if err != nil {
		return nil, err
	}
	r.addParty(c)
	return c, nil
}

// addParty adds c, which the register does not hold, in its place.
func (r *Register) addParty(c *Commitment) {
	i, _ := r.findParty(c.st.customer.ID)
	r.parties = slices.Insert(r.parties, i, c)
}

// addAgreement adds rec, which the register does not hold, in its place.
func (r *Register) addAgreement(rec *agreementRecord) {
	i, _ := r.findAgreement(rec.a.ID)
	r.agreements = slices.Insert(r.agreements, i, rec)
}

func (r *Register) findParty(id lifecycle.PartyID) (int, bool) {
	return slices.BinarySearchFunc(r.parties, id, func(c *Commitment, id lifecycle.PartyID) int {
		return strings.Compare(string(c.st.customer.ID), string(id))
	})
}

func (r *Register) findAgreement(id lifecycle.AgreementID) (int, bool) {
	return slices.BinarySearchFunc(r.agreements, id, func(rec *agreementRecord, id lifecycle.AgreementID) int {
		return strings.Compare(string(rec.a.ID), string(id))
	})
}

func (r *Register) party(id lifecycle.PartyID) *Commitment {
	if i, ok := r.findParty(id); ok {
		return r.parties[i]
	}
	return nil
}

func (r *Register) agreement(id lifecycle.AgreementID) *agreementRecord {
	if i, ok := r.findAgreement(id); ok {
		return r.agreements[i]
	}
	return nil
}

// Commitment returns the commitment that customer id holds.
func (r *Register) Commitment(id lifecycle.PartyID) (*Commitment, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	c := r.party(id)
	return c, c != nil
}

// Parties returns the identifiers of the registered customers, in order.
func (r *Register) Parties() []lifecycle.PartyID {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]lifecycle.PartyID, len(r.parties))
	for i, c := range r.parties {
		out[i] = c.Customer().ID
	}
	return out
}

// AppHolder returns the party whose commitment holds app: the vendor that
// registered it, or the party its commitment was transferred to.
func (r *Register) AppHolder(app lifecycle.AppID) (lifecycle.PartyID, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.appHolder(app)
}

func (r *Register) appHolder(app lifecycle.AppID) (lifecycle.PartyID, bool) {
	for _, c := range r.parties {
		if _, ok := c.App(app); ok {
			return c.Customer().ID, true
		}
	}
	return "", false
}

// Decide decides act on day on for party, without changing anything: the
// changes Execute would apply, or the *engine.Refusal or
// *lifecycle.InputError it would return. An agreement's act names its own
// parties; party is then the one who performs it, or empty. A transfer
// names the receiving party, which must hold no commitment of its own yet
// (C5).
func (r *Register) Decide(on notice.Date, party lifecycle.PartyID, act lifecycle.Act) ([]Change, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.decide(on, party, act)
}

// Execute decides act (see Decide) and applies the changes, all or nothing.
// It returns the changes; on an error nothing changed and no changes are
// returned.
func (r *Register) Execute(on notice.Date, party lifecycle.PartyID, act lifecycle.Act) ([]Change, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	changes, err := r.decide(on, party, act)
	if err != nil {
		return nil, err
	}
	if err := r.apply(changes); err != nil {
		return nil, err
	}
	return changes, nil
}

func (r *Register) decide(on notice.Date, party lifecycle.PartyID, act lifecycle.Act) ([]Change, error) {
	if act == nil {
		return nil, &lifecycle.InputError{Field: "act", Reason: "no act given"}
	}
	if _, ok := lifecycle.AgreementOf(act); ok {
		return r.decideAgreement(on, act)
	}
	c := r.party(party)
	if c == nil {
		return nil, &lifecycle.InputError{Field: "party", Value: string(party), Reason: "no such customer in the register"}
	}
	if t, ok := act.(lifecycle.TransferCommitment); ok {
		return r.decideTransfer(on, c, t)
	}
	if req, ok := act.(lifecycle.RequestService); ok {
		if err := r.tenantRequest(on, party, req); err != nil {
			return nil, err
		}
	}
	if reg, ok := act.(lifecycle.RegisterApp); ok {
		// An app's identifier names it across the register: the server and
		// scenarios find an app act's party through it.
		if holder, held := r.appHolder(reg.App); held && holder != party {
			return nil, &lifecycle.InputError{Field: "app", Value: string(reg.App), Reason: fmt.Sprintf("the app is registered by %s; an app belongs to one vendor", holder)}
		}
	}
	c.mu.RLock()
	d, err := c.st.decide(c.catalogue, on, act)
	version := c.st.history.len()
	c.mu.RUnlock()
	if err != nil {
		return nil, err
	}
	changes := []Change{d.change(PartyStream(party), version)}
	// Time has passed for this party: its agreements' notices due by then
	// take effect too, so TenantUses never shows an agreement past its end.
	for _, rec := range r.agreements {
		if !rec.a.Party(party) || on.Before(rec.last()) {
			continue
		}
		ad := rec.newDecision()
		if err := ad.advance(on, rec.last()); err != nil {
			return nil, err
		}
		if len(ad.events) > 0 {
			changes = append(changes, ad.change(len(rec.history)))
		}
	}
	return changes, nil
}

// tenantRequest refuses a request for a service that the party uses as the
// tenant of an agreement in force: a tenant uses it only through the main
// connector and makes no application of its own (J1); it ends the agreement
// first, or has the service taken off Annex 1 by a new agreement.
func (r *Register) tenantRequest(on notice.Date, party lifecycle.PartyID, req lifecycle.RequestService) error {
	for _, rec := range r.agreements {
		a := &rec.a
		if a.Tenant != party || !a.InForce() || !a.Covers(req.Service) {
			continue
		}
		if a.Notice != nil && !a.Notice.Effective.After(on) {
			continue // the agreement ends by the day of the request
		}
		return &engine.Refusal{Command: string(req.EventID()), Subject: string(req.Service), Blockers: []engine.Blocker{{
			Rule: rules.J1, Subject: string(req.Service), Input: string(a.ID),
			Reason: fmt.Sprintf("%s uses %s as the tenant of agreement %s, through the main connector %s, and makes no application of its own", party, req.Service, a.ID, a.Main)}}}
	}
	return nil
}

// decideTransfer decides the transfer of from's commitment to the party
// t.To (C5): from records the transfer and keeps its history and nothing
// else; the receiving party records the commitment received, with the
// history that carries it.
func (r *Register) decideTransfer(on notice.Date, from *Commitment, t lifecycle.TransferCommitment) ([]Change, error) {
	if err := t.Validate(on); err != nil {
		return nil, err
	}
	to := r.party(t.To)
	switch {
	case to == nil:
		return nil, &lifecycle.InputError{Field: "to", Value: string(t.To), Reason: "no such customer in the register"}
	case to == from:
		return nil, &lifecycle.InputError{Field: "to", Value: string(t.To), Reason: "the commitment already belongs to this customer"}
	}
	from.mu.RLock()
	defer from.mu.RUnlock()
	to.mu.RLock()
	defer to.mu.RUnlock()
	if err := to.st.checkDay(on); err != nil {
		return nil, err
	}
	d, err := from.st.decideAdvance(from.catalogue, on)
	if err != nil {
		return nil, err
	}
	receiver := to.st.customer
	blockers := from.st.records.transferBlockers(&d.m, t, &receiver)
	if !to.st.empty() {
		blockers = append(blockers, engine.Blocker{Rule: rules.C5, Subject: string(t.To), Input: string(t.To),
			Reason: "the receiving customer already holds a commitment of its own; merging commitments is not modelled"})
	}
	if len(blockers) > 0 {
		return nil, &engine.Refusal{Command: string(t.EventID()), Subject: string(t.To), State: d.m.customership.State, Blockers: blockers}
	}
	history := append(from.st.history.all(), d.events...)
	d.record(Acted{On: on, Act: t})
	dt := to.st.newDecision(to.catalogue, on)
	dt.record(CommitmentReceived{On: on, From: from.st.customer.ID, History: history})
	return []Change{
		d.change(PartyStream(from.st.customer.ID), from.st.history.len()),
		dt.change(PartyStream(t.To), to.st.history.len()),
	}, nil
}

// decideAgreement decides an act on a joint-connection agreement.
func (r *Register) decideAgreement(on notice.Date, act lifecycle.Act) ([]Change, error) {
	if on.IsZero() {
		return nil, &lifecycle.InputError{Field: "date", Reason: "an act needs the day it happened"}
	}
	if err := act.Validate(on); err != nil {
		return nil, err
	}
	if s, ok := act.(lifecycle.SignJointAgreement); ok {
		return r.decideSign(on, s)
	}
	id, _ := lifecycle.AgreementOf(act)
	rec := r.agreement(id)
	if rec == nil {
		return nil, &lifecycle.InputError{Field: "agreement", Value: string(id), Reason: "no such agreement"}
	}
	if on.Before(rec.last()) {
		return nil, &lifecycle.InputError{Field: "date", Value: on.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", id, rec.last())}
	}
	d := rec.newDecision()
	if err := d.advance(on, rec.last()); err != nil {
		return nil, err
	}
	if err := d.fire(on, act, lifecycle.AgreementFacts{}); err != nil {
		return nil, err
	}
	return []Change{d.change(len(rec.history))}, nil
}

// decideSign decides the signing of a new agreement: both parties' facts
// as they stand on the day (what falls due by then has happened), the
// agreement drawn up and signed, each party's record of it, and the end of
// any earlier agreement between the same parties (J4).
func (r *Register) decideSign(on notice.Date, s lifecycle.SignJointAgreement) ([]Change, error) {
	if err := ValidID("agreement", string(s.Agreement)); err != nil {
		return nil, err
	}
	if r.agreement(s.Agreement) != nil {
		return nil, &lifecycle.InputError{Field: "agreement", Value: string(s.Agreement), Reason: "an agreement with this identifier exists"}
	}
	main, tenant := r.party(s.Main), r.party(s.Tenant)
	switch {
	case main == nil:
		return nil, &lifecycle.InputError{Field: "main", Value: string(s.Main), Reason: "no such customer in the register"}
	case tenant == nil:
		return nil, &lifecycle.InputError{Field: "tenant", Value: string(s.Tenant), Reason: "no such customer in the register"}
	}
	main.mu.RLock()
	defer main.mu.RUnlock()
	tenant.mu.RLock()
	defer tenant.mu.RUnlock()
	for _, sv := range s.Services {
		if !main.catalogue.has(sv) {
			return nil, &lifecycle.InputError{Field: "services", Value: string(sv), Reason: fmt.Sprintf("unknown service; the catalogue has %s", engine.List(main.catalogue.Services()))}
		}
	}
	dm, err := main.st.decideAdvance(main.catalogue, on)
	if err != nil {
		return nil, err
	}
	dt, err := tenant.st.decideAdvance(tenant.catalogue, on)
	if err != nil {
		return nil, err
	}
	facts := lifecycle.AgreementFacts{Main: dm.m.partyFacts(), Tenant: dt.m.partyFacts()}
	rec := &agreementRecord{a: lifecycle.JointAgreement{ID: s.Agreement}}
	d := rec.newDecision()
	if err := d.fire(on, s, facts); err != nil {
		return nil, err
	}
	if err := d.fire(on, s, facts); err != nil {
		return nil, err
	}
	dm.record(JointAgreementSigned{On: on, Agreement: s.Agreement, Role: RoleMain, With: s.Tenant})
	dt.record(JointAgreementSigned{On: on, Agreement: s.Agreement, Role: RoleTenant, With: s.Main})
	changes := []Change{
		dm.change(PartyStream(s.Main), main.st.history.len()),
		dt.change(PartyStream(s.Tenant), tenant.st.history.len()),
		d.change(0),
	}
	for _, old := range r.agreements {
		if old.a.Main != s.Main || old.a.Tenant != s.Tenant || !old.a.InForce() {
			continue
		}
		if on.Before(old.last()) {
			return nil, &lifecycle.InputError{Field: "date", Value: on.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", old.a.ID, old.last())}
		}
		od := old.newDecision()
		if err := od.advance(on, old.last()); err != nil {
			return nil, err
		}
		if od.a.InForce() {
			if err := od.fire(on, lifecycle.AgreementReplaced{By: s.Agreement}, lifecycle.AgreementFacts{}); err != nil {
				return nil, err
			}
		}
		changes = append(changes, od.change(len(old.history)))
	}
	return changes, nil
}

// partyFacts returns what signing an agreement needs to know of the
// customer.
func (m *machines) partyFacts() lifecycle.PartyFacts {
	f := lifecycle.PartyFacts{ID: m.customer.ID, Kind: m.customer.Kind, Soteri: m.customer.Soteri, Customership: m.customership.State}
	for i := range m.uses {
		switch u := &m.uses[i]; {
		case u.InUse():
			f.InUse = append(f.InUse, *u)
		case u.Applying():
			f.Applying = append(f.Applying, u.Service)
		}
	}
	return f
}

// DecideAdvance decides the passage of time up to and including day to for
// the given streams, or every stream when none is given: the changes
// Advance would apply. A day earlier than a stream's latest event is an
// *lifecycle.InputError.
func (r *Register) DecideAdvance(to notice.Date, streams ...string) ([]Change, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.decideAdvance(to, streams)
}

// Advance lets time pass up to and including day to for the given streams,
// or every stream when none is given (see Commitment.Advance), all or
// nothing. It returns the changes; a day earlier than some stream's latest
// event is an *lifecycle.InputError and changes nothing.
func (r *Register) Advance(to notice.Date, streams ...string) ([]Change, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	changes, err := r.decideAdvance(to, streams)
	if err != nil {
		return nil, err
	}
	if err := r.apply(changes); err != nil {
		return nil, err
	}
	return changes, nil
}

func (r *Register) decideAdvance(to notice.Date, streams []string) ([]Change, error) {
	if to.IsZero() {
		return nil, &lifecycle.InputError{Field: "date", Reason: "advance needs a day"}
	}
	chosen := func(s string) bool { return len(streams) == 0 || slices.Contains(streams, s) }
	for _, s := range streams {
		if !r.hasStream(s) {
			return nil, &lifecycle.InputError{Field: "stream", Value: s, Reason: "no such stream in the register"}
		}
	}
	var changes []Change
	for _, c := range r.parties {
		c.mu.RLock()
		id := c.st.customer.ID
		if !chosen(PartyStream(id)) {
			c.mu.RUnlock()
			continue
		}
		d, err := c.st.decideAdvance(c.catalogue, to)
		version := c.st.history.len()
		c.mu.RUnlock()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", id, err)
		}
		if len(d.events) > 0 {
			changes = append(changes, d.change(PartyStream(id), version))
		}
	}
	for _, rec := range r.agreements {
		if !chosen(AgreementStream(rec.a.ID)) {
			continue
		}
		if to.Before(rec.last()) {
			return nil, &lifecycle.InputError{Field: "date", Value: to.String(), Reason: fmt.Sprintf("agreement %s's history already reaches %s", rec.a.ID, rec.last())}
		}
		d := rec.newDecision()
		if err := d.advance(to, rec.last()); err != nil {
			return nil, err
		}
		if len(d.events) > 0 {
			changes = append(changes, d.change(len(rec.history)))
		}
	}
	return changes, nil
}

func (r *Register) hasStream(s string) bool {
	if id, ok := strings.CutPrefix(s, partyPrefix); ok {
		return r.party(lifecycle.PartyID(id)) != nil
	}
	if id, ok := strings.CutPrefix(s, agreementPrefix); ok {
		return r.agreement(lifecycle.AgreementID(id)) != nil
	}
	return false
}

// Apply applies changes decided earlier, all or nothing: a change whose
// stream no longer has the version it was decided on makes it ErrStale. A
// change to a stream the register does not hold yet, at version 0, creates
// it: a party's stream starts with its Registered event. Events are not
// decided again; Apply is how a service keeps its register current with
// what was stored, and how Execute keeps what it decided.
func (r *Register) Apply(changes []Change) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.apply(changes)
}

func (r *Register) apply(changes []Change) error {
	for _, ch := range changes {
		if have := r.version(ch.Stream); have != ch.Version {
			return fmt.Errorf("%w: %s is at version %d, not %d", ErrStale, ch.Stream, have, ch.Version)
		}
		party, isParty := strings.CutPrefix(ch.Stream, partyPrefix)
		_, isAgreement := strings.CutPrefix(ch.Stream, agreementPrefix)
		switch {
		case !isParty && !isAgreement:
			return &lifecycle.InputError{Field: "stream", Value: ch.Stream, Reason: "a stream is party/ID or agreement/ID"}
		case ch.Version == 0 && len(ch.Events) == 0:
			return &lifecycle.InputError{Field: "stream", Value: ch.Stream, Reason: "a new stream starts with an event"}
		case ch.Version == 0 && isParty:
			if r, ok := ch.Events[0].(Registered); !ok || string(r.Customer.ID) != party {
				return &lifecycle.InputError{Field: "stream", Value: ch.Stream, Reason: "a party's stream starts with the event that registers that party"}
			}
		}
	}
	for _, ch := range changes {
		if id, ok := strings.CutPrefix(ch.Stream, partyPrefix); ok {
			c := r.party(lifecycle.PartyID(id))
			if c == nil {
				c = newCommitment(r.opts)
				c.st.evolve(ch.Events[0])
				r.addParty(c)
				ch.Events = ch.Events[1:]
			}
			c.mu.Lock()
			for _, e := range ch.Events {
				c.st.evolve(e)
			}
			c.mu.Unlock()
			continue
		}
		id, _ := strings.CutPrefix(ch.Stream, agreementPrefix)
		rec := r.agreement(lifecycle.AgreementID(id))
		if rec == nil {
			rec = &agreementRecord{a: lifecycle.JointAgreement{ID: lifecycle.AgreementID(id)}}
			r.addAgreement(rec)
		}
		for _, e := range ch.Events {
			rec.apply(e)
		}
	}
	return nil
}

// Version returns the version of stream: the number of its events, 0 for a
// stream the register does not hold.
func (r *Register) Version(stream string) int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.version(stream)
}

func (r *Register) version(stream string) int {
	if id, ok := strings.CutPrefix(stream, partyPrefix); ok {
		if c := r.party(lifecycle.PartyID(id)); c != nil {
			return c.Version()
		}
	} else if id, ok := strings.CutPrefix(stream, agreementPrefix); ok {
		if rec := r.agreement(lifecycle.AgreementID(id)); rec != nil {
			return len(rec.history)
		}
	}
	return 0
}

// NextDue returns the next day on which time alone changes stream, and
// false when nothing is pending or the register does not hold it.
func (r *Register) NextDue(stream string) (notice.Date, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if id, ok := strings.CutPrefix(stream, partyPrefix); ok {
		if c := r.party(lifecycle.PartyID(id)); c != nil {
			return c.NextDue()
		}
	} else if id, ok := strings.CutPrefix(stream, agreementPrefix); ok {
		if rec := r.agreement(lifecycle.AgreementID(id)); rec != nil {
			day, _, ok := lifecycle.AgreementMachine().Due(&rec.a)
			return day, ok
		}
	}
	return notice.Date{}, false
}

// Agreement returns the agreement id.
func (r *Register) Agreement(id lifecycle.AgreementID) (lifecycle.JointAgreement, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if rec := r.agreement(id); rec != nil {
		return rec.a, true
	}
	return lifecycle.JointAgreement{}, false
}

// Agreements returns every agreement, in the order of their IDs.
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
func (r *Register) AgreementHistory(id lifecycle.AgreementID) []Event {
	r.mu.RLock()
	defer r.mu.RUnlock()
	if rec := r.agreement(id); rec != nil {
		return slices.Clone(rec.history)
	}
	return nil
}

// TenantUses returns party's use of services as a tenant, under every
// agreement it is the tenant of, in the order they were signed (by day,
// then by ID) and of their Annex 1 (J1, J3, J10): the last use of a service
// is under the latest agreement. A service the main connector no longer has
// in use, or under an agreement that has ended, is terminated.
func (r *Register) TenantUses(party lifecycle.PartyID) []TenantUse {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var mine []*lifecycle.JointAgreement
	for _, rec := range r.agreements {
		if rec.a.Tenant == party {
			mine = append(mine, &rec.a)
		}
	}
	slices.SortStableFunc(mine, func(a, b *lifecycle.JointAgreement) int { return a.Signed.Compare(b.Signed) })
	var out []TenantUse
	for _, a := range mine {
		main := r.party(a.Main)
		for _, s := range a.Services {
			var mu *lifecycle.ServiceUse
			if main != nil {
				if u, ok := main.Service(s); ok {
					mu = &u
				}
			}
			if st := a.TenantState(s, mu); st != lifecycle.None {
				out = append(out, TenantUse{Agreement: a.ID, Main: a.Main, Service: s, State: st})
			}
		}
	}
	return out
}

// Restore adds stream to the register from its whole history, trusting
// nothing in it (see Replay): a party's stream, or an agreement's, whose
// parties must be restored first so that its signing can be verified
// against what they were on the day they signed.
func (r *Register) Restore(stream string, events []Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.restore(stream, events)
}

func (r *Register) restore(stream string, events []Event) error {
	if r.hasStream(stream) {
		return &lifecycle.InputError{Field: "stream", Value: stream, Reason: "the register holds this stream already"}
	}
	if id, ok := strings.CutPrefix(stream, partyPrefix); ok {
		c := newCommitment(r.opts)
		if err := c.st.replay(events); err != nil {
			return err
		}
		if c.st.customer.ID != lifecycle.PartyID(id) {
			return &lifecycle.InputError{Field: "stream", Value: stream, Reason: fmt.Sprintf("the history registers %q", c.st.customer.ID)}
		}
		r.addParty(c)
		return nil
	}
	id, ok := strings.CutPrefix(stream, agreementPrefix)
	if !ok {
		return &lifecycle.InputError{Field: "stream", Value: stream, Reason: "a stream is party/ID or agreement/ID"}
	}
	rec := &agreementRecord{a: lifecycle.JointAgreement{ID: lifecycle.AgreementID(id)}}
	for i, e := range events {
		if err := rec.verify(i, e, func() (lifecycle.AgreementFacts, error) { return r.signingFacts(rec.a) }); err != nil {
			return err
		}
		rec.apply(e)
	}
	if len(rec.history) == 0 {
		return &lifecycle.InputError{Field: "stream", Value: stream, Reason: "an agreement's history starts with its signing"}
	}
	r.addAgreement(rec)
	return nil
}

// Follow brings stream up to date with events that others appended to it
// after the version the register holds: each event is verified as Replay
// verifies it, from the stream's current state, and then applied. A stream
// the register does not hold yet is restored from them (see Restore). A
// service keeps its register current with a shared store this way. On an
// error nothing changed.
func (r *Register) Follow(stream string, events []Event) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if !r.hasStream(stream) {
		return r.restore(stream, events)
	}
	if id, ok := strings.CutPrefix(stream, partyPrefix); ok {
		c := r.party(lifecycle.PartyID(id))
		c.mu.Lock()
		defer c.mu.Unlock()
		next := c.st.clone()
		if err := next.follow(events, nil); err != nil {
			return err
		}
		c.st = next
		return nil
	}
	id, _ := strings.CutPrefix(stream, agreementPrefix)
	rec := r.agreement(lifecycle.AgreementID(id))
	next := &agreementRecord{a: rec.a, history: slices.Clone(rec.history)}
	n := len(next.history)
	for i, e := range events {
		if err := next.verify(n+i, e, func() (lifecycle.AgreementFacts, error) { return r.signingFacts(next.a) }); err != nil {
			return err
		}
		next.apply(e)
	}
	*rec = *next
	return nil
}

// signingFacts returns the facts of agreement a's parties as they stood
// when each recorded signing it: replayed from their histories up to that
// record.
func (r *Register) signingFacts(a lifecycle.JointAgreement) (lifecycle.AgreementFacts, error) {
	var f lifecycle.AgreementFacts
	for _, p := range []struct {
		id   lifecycle.PartyID
		role string
		to   *lifecycle.PartyFacts
	}{{a.Main, RoleMain, &f.Main}, {a.Tenant, RoleTenant, &f.Tenant}} {
		c := r.party(p.id)
		if c == nil {
			return f, fmt.Errorf("the agreement names %s, a party the register does not hold", p.id)
		}
		found := false
		var s state
		err := s.replayWith(c.History(), func(j JointAgreementSigned, facts lifecycle.PartyFacts) {
			if j.Agreement == a.ID && j.Role == p.role {
				*p.to, found = facts, true
			}
		})
		if err != nil {
			return f, err
		}
		if !found {
			return f, fmt.Errorf("%s's history does not record signing %s as %s", p.id, a.ID, p.role)
		}
	}
	return f, nil
}

// registerJSON is the JSON form of a Register.
type registerJSON struct {
	Schema     int               `json:"schema"`
	Parties    []json.RawMessage `json:"parties"`
	Agreements []agreementJSON   `json:"agreements"`
}

type agreementJSON struct {
	Agreement lifecycle.JointAgreement `json:"agreement"`
	History   []json.RawMessage        `json:"history"`
}

// MarshalJSON writes every commitment (see Commitment.MarshalJSON) and every
// agreement with its history, with the schema version. The output is
// deterministic.
func (r *Register) MarshalJSON() ([]byte, error) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := registerJSON{Schema: SchemaVersion, Parties: []json.RawMessage{}, Agreements: []agreementJSON{}}
	for _, c := range r.parties {
		b, err := c.MarshalJSON()
		if err != nil {
			return nil, err
		}
		out.Parties = append(out.Parties, b)
	}
	for _, rec := range r.agreements {
		h, err := marshalHistory(rec.history)
		if err != nil {
			return nil, err
		}
		out.Agreements = append(out.Agreements, agreementJSON{Agreement: rec.a, History: h})
	}
	return json.Marshal(out)
}

// UnmarshalJSON replaces the register with the one data holds, written by
// MarshalJSON: each commitment replayed from its history (see Restore),
// each agreement from its own, verified against its parties; data whose
// state does not match its history is refused, and the register is left
// as it was. The register's options stay.
func (r *Register) UnmarshalJSON(data []byte) error {
	r.mu.Lock()
	opts := r.opts
	r.mu.Unlock()
	n, err := RestoreRegister(data, opts...)
	if err != nil {
		return err
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.parties, r.agreements = n.parties, n.agreements
	return nil
}

// RestoreRegister reads a register written by MarshalJSON (see
// UnmarshalJSON).
func RestoreRegister(data []byte, opts ...Option) (*Register, error) {
	var in registerJSON
	if err := strictJSON(data, &in); err != nil {
		return nil, fmt.Errorf("commitment: register: %w", err)
	}
	if in.Schema != SchemaVersion {
		return nil, &lifecycle.InputError{Field: "schema", Value: fmt.Sprint(in.Schema), Reason: fmt.Sprintf("this library reads schema version %d", SchemaVersion)}
	}
	r := NewRegister(opts...)
	for i, raw := range in.Parties {
		c, err := Restore(raw, opts...)
		if err != nil {
			return nil, fmt.Errorf("commitment: register: parties[%d]: %w", i, err)
		}
		if r.party(c.st.customer.ID) != nil {
			return nil, &lifecycle.InputError{Field: fmt.Sprintf("parties[%d]", i), Value: string(c.st.customer.ID), Reason: "registered twice"}
		}
		r.addParty(c)
	}
	for i, aj := range in.Agreements {
		events, err := unmarshalHistory(aj.History)
		if err != nil {
			return nil, fmt.Errorf("commitment: register: agreements[%d]: %w", i, err)
		}
		if err := r.restore(AgreementStream(aj.Agreement.ID), events); err != nil {
			return nil, fmt.Errorf("commitment: register: agreements[%d]: %w", i, err)
		}
		want, _ := json.Marshal(aj.Agreement)
		have, _ := json.Marshal(r.agreement(aj.Agreement.ID).a)
		if string(want) != string(have) {
			return nil, &lifecycle.InputError{Field: fmt.Sprintf("agreements[%d]", i), Value: string(aj.Agreement.ID), Reason: "the agreement does not match what its history produces"}
		}
	}
	return r, nil
}

// Streams returns the names of every stream the register holds, sorted.
func (r *Register) Streams() []string {
	r.mu.RLock()
	defer r.mu.RUnlock()
	out := make([]string, 0, len(r.parties)+len(r.agreements))
	for _, c := range r.parties {
		out = append(out, PartyStream(c.Customer().ID))
	}
	for _, rec := range r.agreements {
		out = append(out, AgreementStream(rec.a.ID))
	}
	sort.Strings(out)
	return out
}
