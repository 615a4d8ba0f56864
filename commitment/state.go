package commitment

import (
	"maps"
	"slices"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// state is everything a commitment knows, in two parts, and its history.
//
// machines is what the machines read and change. A decision looks ahead on
// a copy of it of its own (newDecision copies the uses and apps): the
// events it has decided so far are applied to the copy, so that its next
// step sees them, and the commitment is untouched until the decision is
// kept.
//
// records is what grows over the commitment's life: its pharmacies,
// contacts, withdrawn applications and agreements. Only a kept decision,
// followed events (Replay, Register.Follow) and Register.Apply change it, in
// place. A decision reads it, but never a record
// the same decision made: no step of a decision depends on an earlier step's
// record, so looking ahead needs no copy of it.
type state struct {
	machines
	records
	history eventLog
}

// machines is the part of a commitment that its machines read and change.
type machines struct {
	customer     Customer
	customership lifecycle.Customership
	uses         []lifecycle.ServiceUse
	apps         []lifecycle.App
	last         notice.Date // the day of the latest dated event
}

// records is the part of a commitment that grows with its life.
type records struct {
	pharmacies  []string
	pharmacySet map[string]bool
	contacts    []lifecycle.Contact
	contactSet  map[contactKey]bool
	withdrawals []withdrawal
	agreements  []JointAgreementSigned
}

// withdrawal is an application withdrawn before its approval: its data is
// deleted six months later (R4).
type withdrawal struct {
	Service lifecycle.ServiceID
	On      notice.Date
}

// contactKey identifies a contact in a role.
type contactKey struct {
	role lifecycle.ContactRole
	name string
}

// clone returns a copy of the state that shares nothing it will change.
func (s *state) clone() state {
	n := state{machines: s.machines.clone()}
	n.records = records{
		pharmacies:  slices.Clone(s.pharmacies),
		contacts:    slices.Clone(s.contacts),
		withdrawals: slices.Clone(s.withdrawals),
		agreements:  slices.Clone(s.agreements),
		pharmacySet: maps.Clone(s.pharmacySet),
		contactSet:  maps.Clone(s.contactSet),
	}
	n.history.addAll(s.history.all())
	return n
}

// evolve applies event e to the state and appends it to the history. It
// cannot fail: every event was decided, or verified, before it gets here.
// keep and follow apply a decision's and a history's events the same way,
// through machines.apply and records.apply, the one place each part of a
// commitment changes.
func (s *state) evolve(e Event) {
	s.machines.apply(e)
	s.records.apply(e)
	s.history.add(e)
}

// clone returns a copy of the machines that shares no array with m, so
// that applying events to it leaves m as it is.
func (m *machines) clone() machines {
	n := *m
	n.uses = slices.Clone(m.uses)
	n.apps = slices.Clone(m.apps)
	return n
}

// apply applies e to the machines, in place.
func (m *machines) apply(e Event) {
	switch e := e.(type) {
	case Registered:
		m.customer = e.Customer
	case Transitioned:
		switch e.Machine {
		case serviceName:
			i := m.useIndex(lifecycle.ServiceID(e.Subject))
			if i < 0 {
				m.uses = append(m.uses, lifecycle.ServiceUse{Service: lifecycle.ServiceID(e.Subject)})
				i = len(m.uses) - 1
			}
			lifecycle.ServiceMachine().Apply(&m.uses[i], e.On, e.Event, e.To)
		case customershipName:
			lifecycle.CustomershipMachine().Apply(&m.customership, e.On, e.Event, e.To)
		case appName:
			i := m.appIndex(lifecycle.AppID(e.Subject))
			if i < 0 {
				m.apps = append(m.apps, lifecycle.App{ID: lifecycle.AppID(e.Subject)})
				i = len(m.apps) - 1
			}
			lifecycle.AppMachine().Apply(&m.apps[i], e.On, e.Event, e.To)
		}
	case Acted:
		if _, ok := e.Act.(lifecycle.TransferCommitment); ok {
			// The commitment went to the receiving party; this customer
			// keeps its history and nothing else.
			*m = machines{customer: m.customer}
		}
	case CommitmentReceived:
		got := received(e.History)
		got.machines.customer = m.customer
		*m = got.machines
	}
	if d := e.Date(); !d.IsZero() {
		m.last = d
	}
}

// apply applies e to the records, in place.
func (r *records) apply(e Event) {
	switch e := e.(type) {
	case Transitioned:
		if e.Machine == serviceName && e.To == lifecycle.Withdrawn {
			r.withdrawals = append(r.withdrawals, withdrawal{Service: lifecycle.ServiceID(e.Subject), On: e.On})
		}
	case Acted:
		switch a := e.Act.(type) {
		case lifecycle.AddPharmacy:
			if r.pharmacySet == nil {
				r.pharmacySet = map[string]bool{}
			}
			r.pharmacies = append(r.pharmacies, a.Pharmacy)
			r.pharmacySet[a.Pharmacy] = true
		case lifecycle.NameContact:
			if r.contactSet == nil {
				r.contactSet = map[contactKey]bool{}
			}
			r.contacts = append(r.contacts, a.Contact())
			r.contactSet[contactKey{a.Role, a.Name}] = true
		case lifecycle.RemoveContact:
			r.contacts = slices.DeleteFunc(r.contacts, func(c lifecycle.Contact) bool { return c.Role == a.Role && c.Name == a.Name })
			delete(r.contactSet, contactKey{a.Role, a.Name})
		case lifecycle.TransferCommitment:
			*r = records{agreements: r.agreements}
		}
	case CommitmentReceived:
		// The receiver held no commitment, but may have named contacts of
		// its own (anyone may name a disruption-notice contact): it keeps
		// them beside the ones it receives, as it keeps its agreements.
		got := received(e.History)
		own := *r
		*r = got.records
		r.agreements = own.agreements
		for _, c := range own.contacts {
			if k := (contactKey{c.Role, c.Name}); !r.contactSet[k] {
				if r.contactSet == nil {
					r.contactSet = map[contactKey]bool{}
				}
				r.contacts = append(r.contacts, c)
				r.contactSet[k] = true
			}
		}
	case JointAgreementSigned:
		r.agreements = append(r.agreements, e)
	}
}

// received returns the state that a transferred commitment's history
// leaves. The history was verified before it was recorded.
func received(history []Event) *state {
	s := &state{}
	for _, e := range history {
		s.machines.apply(e)
		s.records.apply(e)
	}
	return s
}

// The names of the machines, as transitions record them. They are
// constants, not read from the machines, because replay compares several
// per event and a comparison with a constant is made inline; a test checks
// them against the machines' definitions.
const (
	serviceName      = "service"
	customershipName = "customership"
	appName          = "app"
	agreementName    = "joint-agreement"
)

func (m *machines) useIndex(id lifecycle.ServiceID) int {
	for i := range m.uses {
		if m.uses[i].Service == id {
			return i
		}
	}
	return -1
}

// use returns a pointer to service id's use for reading, or to a new use in
// None when the customer never requested it.
func (m *machines) use(id lifecycle.ServiceID) *lifecycle.ServiceUse {
	if i := m.useIndex(id); i >= 0 {
		return &m.uses[i]
	}
	return &lifecycle.ServiceUse{Service: id}
}

func (m *machines) appIndex(id lifecycle.AppID) int {
	for i := range m.apps {
		if m.apps[i].ID == id {
			return i
		}
	}
	return -1
}

// customerFacts are what the service machine's guards know of the customer.
func (m *machines) customerFacts() lifecycle.CustomerFacts {
	return lifecycle.CustomerFacts{Kind: m.customer.Kind, Committed: m.customership.IsCommitted()}
}

// committed reports whether the customer has a commitment in force: a
// customership applied for or active (YTE 7), or, for an app vendor, a
// registered app that is neither withdrawn nor removed (its commitment is
// signed at registration, OTV 8).
func (m *machines) committed() bool {
	if m.customership.IsCommitted() {
		return true
	}
	for i := range m.apps {
		if m.apps[i].IsLive() {
			return true
		}
	}
	return false
}

// empty reports whether the customer holds no commitment at all: nothing
// requested and no app registered.
func (m *machines) empty() bool {
	return m.customership.State == engine.None && len(m.uses) == 0 && len(m.apps) == 0
}

// due is something that time alone changes: a use or an app, by its index,
// on its day, with the event that does it.
type due struct {
	day     notice.Date
	service bool
	index   int
	event   engine.Event
}

// nextDue returns the earliest day on which time alone changes a use or an
// app: a termination taking effect, a withdrawal, a certificate expiring.
// It asks each machine's definition (Machine.Due).
func (m *machines) nextDue() (due, bool) {
	var next due
	found := false
	for i := range m.uses {
		if day, ev, ok := lifecycle.ServiceMachine().Due(&m.uses[i]); ok && (!found || day.Before(next.day)) {
			next, found = due{day: day, service: true, index: i, event: ev}, true
		}
	}
	for i := range m.apps {
		if day, ev, ok := lifecycle.AppMachine().Due(&m.apps[i]); ok && (!found || day.Before(next.day)) {
			next, found = due{day: day, index: i, event: ev}, true
		}
	}
	return next, found
}
