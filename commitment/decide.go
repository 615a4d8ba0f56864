package commitment

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// decision is a commitment's decision in the making: the events decided so
// far and the machines as those events leave them. It reads the state it
// was made on and never writes it.
type decision struct {
	st     *state
	cat    *Catalogue
	on     notice.Date
	m      machines
	events []Event
}

// decisions recycles decisions with their copies of the machines' uses
// and apps, which are most of what deciding an act allocates. Only
// Commitment.Execute, Advance and Check give decisions back (release), once
// their events are kept or discarded; a decision made elsewhere is left to
// the collector. The pool holds scratch memory, never a commitment's state:
// keep hands the commitment's former copy to the decision it keeps, which
// nothing else refers to.
var decisions = sync.Pool{New: func() any { return new(decision) }}

// newDecision returns a decision on s, with its own copy of s's machines.
func (s *state) newDecision(cat *Catalogue, on notice.Date) *decision {
	d := decisions.Get().(*decision)
	uses, apps := d.m.uses[:0], d.m.apps[:0]
	*d = decision{st: s, cat: cat, on: on, m: s.machines}
	d.m.uses = copyInto(uses, s.machines.uses)
	d.m.apps = copyInto(apps, s.machines.apps)
	return d
}

// copyInto returns a copy of src in buf's memory (or new memory when buf
// is too small), nil when src is nil: the copy is equal to src in every
// way, reflect.DeepEqual's included.
func copyInto[T any](buf, src []T) []T {
	if len(src) == 0 {
		return src[:0:0]
	}
	return append(buf[:0], src...)
}

// release gives d back for reuse. Its events, returned to the caller, are
// not touched.
func (d *decision) release() {
	if d == nil {
		return
	}
	*d = decision{m: machines{uses: d.m.uses[:0], apps: d.m.apps[:0]}}
	decisions.Put(d)
}

// record adds e to the decision and applies it to the decision's machines.
func (d *decision) record(e Event) {
	d.events = append(d.events, e)
	d.m.apply(e)
}

// decide decides act on day on: the events that Execute would append, or
// the *engine.Refusal or *lifecycle.InputError it would return. It changes
// nothing. Time passes to on first, so terminations due by then take effect
// before the act; and after it, for what the act itself makes due today.
func (s *state) decide(cat *Catalogue, on notice.Date, act lifecycle.Act) (*decision, error) {
	if s.customer.ID == "" {
		return nil, &lifecycle.InputError{Field: "commitment", Reason: "create commitments with New"}
	}
	if act == nil {
		return nil, &lifecycle.InputError{Field: "act", Reason: "no act given"}
	}
	if err := s.checkDay(on); err != nil {
		return nil, err
	}
	if err := act.Validate(on); err != nil {
		return nil, err
	}
	d := s.newDecision(cat, on)
	err := d.advance(on)
	if err == nil {
		err = d.act(act)
	}
	if err == nil {
		err = d.advance(on)
	}
	if err != nil {
		d.release()
		return nil, err
	}
	return d, nil
}

// decideAdvance decides the passage of time up to and including day to.
func (s *state) decideAdvance(cat *Catalogue, to notice.Date) (*decision, error) {
	if err := s.checkDay(to); err != nil {
		return nil, err
	}
	d := s.newDecision(cat, to)
	if err := d.advance(to); err != nil {
		d.release()
		return nil, err
	}
	return d, nil
}

func (s *state) checkDay(on notice.Date) error {
	if on.IsZero() {
		return &lifecycle.InputError{Field: "date", Reason: "an act needs the day it happened"}
	}
	if on.Before(s.last) {
		return &lifecycle.InputError{Field: "date", Value: on.String(),
			Reason: fmt.Sprintf("the commitment's history already reaches %s; acts are applied in date order", s.last)}
	}
	return nil
}

// act decides one act on the commitment. The act goes on as the interface
// value it came in (act, not a), which records it without copying it again.
func (d *decision) act(act lifecycle.Act) error {
	switch a := act.(type) {
	case lifecycle.RequestService:
		return d.request(a)
	case lifecycle.PassJointTesting:
		return d.serviceAct(a.Service, act)
	case lifecycle.PassActivationTest:
		return d.serviceAct(a.Service, act)
	case lifecycle.ApproveService:
		first := d.m.use(a.Service).Applying()
		if err := d.serviceAct(a.Service, act); err != nil {
			return err
		}
		if first { // a later part of the organisation changes nothing for the code service
			d.record(CodeServiceInformed{On: d.on, Service: a.Service, Recipient: codeServiceFor(d.m.customer.Kind)})
		}
		return nil
	case lifecycle.WithdrawApplication:
		return d.serviceAct(a.Service, act)
	case lifecycle.SuspendService:
		return d.eachService(act, a.Service, a.All, rules.S4, func(u *lifecycle.ServiceUse) bool { return u.InUse() })
	case lifecycle.DemonstrateCorrection:
		return d.eachService(act, a.Service, a.All, rules.S4, func(u *lifecycle.ServiceUse) bool { return u.State == lifecycle.Suspended })
	case lifecycle.GiveTerminationNotice:
		return d.eachService(act, a.Service, a.All, rules.C9, func(u *lifecycle.ServiceUse) bool {
			_, pending := u.PendingTermination()
			return u.InUse() && !pending
		})
	case lifecycle.TerminateByAuthority:
		return d.eachService(act, a.Service, a.All, rules.C11, func(u *lifecycle.ServiceUse) bool { return u.InUse() || u.Applying() })
	case lifecycle.AddPharmacy, lifecycle.NameContact, lifecycle.RemoveContact, lifecycle.NotifyChange:
		if err := d.st.checkRecord(&d.m, a); err != nil {
			return err
		}
		d.record(Acted{On: d.on, Act: act})
		return nil
	case lifecycle.TransferCommitment:
		return &lifecycle.InputError{Field: "act", Value: string(a.EventID()), Reason: "a transfer names another party: execute it on the Register that holds both"}
	}
	if id, ok := lifecycle.AppOf(act); ok {
		return d.appAct(id, act)
	}
	if _, ok := lifecycle.AgreementOf(act); ok {
		return &lifecycle.InputError{Field: "act", Value: string(act.EventID()), Reason: "an agreement concerns two parties: execute it on the Register that holds both"}
	}
	return &lifecycle.InputError{Field: "act", Value: string(act.EventID()), Reason: "not an act of a commitment"}
}

// knownService returns an *InputError unless the catalogue has id.
func (d *decision) knownService(id lifecycle.ServiceID) error {
	if !d.cat.has(id) {
		return &lifecycle.InputError{Field: "service", Value: string(id), Reason: fmt.Sprintf("unknown service; the catalogue has %s", engine.List(d.cat.Services()))}
	}
	return nil
}

// fireService decides ev on service id's machine on day, and records the
// transition.
func (d *decision) fireService(day notice.Date, id lifecycle.ServiceID, ev engine.Event) error {
	u := d.m.use(id)
	from := u.State
	to, err := lifecycle.ServiceMachine().Decide(day, u, d.m.customerFacts(), ev)
	if err != nil {
		return about(err, ev, string(id))
	}
	d.record(Transitioned{On: day, Machine: serviceName, Subject: string(id), Event: ev, From: from, To: to})
	return nil
}

// about names the act and its subject in a refusal from a machine, which
// knows neither; other errors pass as they are.
func about(err error, ev engine.Event, subject string) error {
	var r *engine.Refusal
	if errors.As(err, &r) {
		r.About(string(ev.EventID()), subject)
	}
	return err
}

// serviceAct decides an act on one service and brings the customership up
// to date.
func (d *decision) serviceAct(id lifecycle.ServiceID, act lifecycle.Act) error {
	if err := d.knownService(id); err != nil {
		return err
	}
	if err := d.fireService(d.on, id, act); err != nil {
		return err
	}
	return d.sync(d.on)
}

// eachService decides act on one service, or with all on every service that
// selected admits, each with the act as it applies to that service. For all,
// every service is tried and the refusal lists the unmet conditions of each;
// the act is accepted only when all pass.
func (d *decision) eachService(act lifecycle.Act, id lifecycle.ServiceID, all bool, rule rules.Rule, selected func(*lifecycle.ServiceUse) bool) error {
	if !all {
		return d.serviceAct(id, act)
	}
	var ids []lifecycle.ServiceID
	for i := range d.m.uses {
		if selected(&d.m.uses[i]) {
			ids = append(ids, d.m.uses[i].Service)
		}
	}
	if len(ids) == 0 {
		return &engine.Refusal{Command: string(act.EventID()), State: d.m.customership.State, Blockers: []engine.Blocker{{Rule: rule,
			Reason: fmt.Sprintf("%s with all: no service is in a state it applies to", act.EventID())}}}
	}
	refusal := &engine.Refusal{Command: string(act.EventID()), Subject: "all services", State: d.m.customership.State}
	for _, sid := range ids {
		err := d.fireService(d.on, sid, forService(act, sid))
		var r *engine.Refusal
		switch {
		case errors.As(err, &r):
			refusal.Blockers = append(refusal.Blockers, r.Blockers...)
		case err != nil:
			return err
		}
	}
	if len(refusal.Blockers) > 0 {
		return refusal
	}
	return d.sync(d.on)
}

// forService returns an act that names all services as it applies to one
// of them: the event that service's machine records.
func forService(act lifecycle.Act, id lifecycle.ServiceID) lifecycle.Act {
	switch a := act.(type) {
	case lifecycle.SuspendService:
		a.Service, a.All = id, false
		return a
	case lifecycle.DemonstrateCorrection:
		a.Service, a.All = id, false
		return a
	case lifecycle.GiveTerminationNotice:
		a.Service, a.All = id, false
		return a
	case lifecycle.TerminateByAuthority:
		a.Service, a.All = id, false
		return a
	}
	return act
}

// sync brings the customership up to date with the services: its steps
// are derived, one at a time, from the summary of the services, until none
// follows. When the customership ends, applications still pending lapse
// with it (C8) before anything else is derived.
func (d *decision) sync(day notice.Date) error {
	cm := lifecycle.CustomershipMachine()
	// Each derived step moves the customership on; a chain longer than its
	// states would be a cycle in the definition.
	for range 8 {
		sum := lifecycle.Summarize(d.m.uses)
		ev, _, ok := cm.Derive(day, &d.m.customership, sum)
		if !ok {
			return nil
		}
		from := d.m.customership.State
		to, err := cm.Decide(day, &d.m.customership, sum, ev)
		if err != nil {
			return err
		}
		d.record(Transitioned{On: day, Machine: customershipName, Event: ev, From: from, To: to})
		if to != lifecycle.Ended {
			continue
		}
		for i := 0; i < len(d.m.uses); i++ {
			if u := &d.m.uses[i]; u.Applying() {
				if err := d.fireService(day, u.Service, lifecycle.ApplicationLapsed{}); err != nil {
					return err
				}
			}
		}
	}
	return fmt.Errorf("commitment: the customership does not settle on %s", day)
}

// advance lets time pass up to and including day to: each termination,
// withdrawal and certificate expiry takes effect on its own day, earliest
// first, as the machines' definitions date them. A step due before the
// latest event is dated on that event's day, so the history stays in date
// order.
func (d *decision) advance(to notice.Date) error {
	for {
		next, ok := d.m.nextDue()
		if !ok || next.day.After(to) {
			return nil
		}
		day := next.day
		if day.Before(d.m.last) {
			day = d.m.last
		}
		if next.service {
			if err := d.fireService(day, d.m.uses[next.index].Service, next.event); err != nil {
				return err
			}
			if err := d.sync(day); err != nil {
				return err
			}
			continue
		}
		if err := d.fireApp(day, d.m.apps[next.index].ID, next.event); err != nil {
			return err
		}
	}
}

// request decides a service request: the first of a customership carries
// the commitment (C1), a later one needs its own description (C2), one that
// names a new part of the organisation extends the use there (C13). Each
// accepted document is recorded with the version in force (C14).
func (d *decision) request(a lifecycle.RequestService) error {
	if err := d.knownService(a.Service); err != nil {
		return err
	}
	if a.Terms != nil {
		return &lifecycle.InputError{Field: "terms", Reason: "a request is judged under the catalogue's terms; it brings none of its own"}
	}
	a.Terms = d.cat.requestTerms(a.Service)
	a.Accepts = slices.Clone(a.Accepts) // the history keeps its own copy
	if err := d.fireService(d.on, a.Service, a); err != nil {
		return err
	}
	if err := d.sync(d.on); err != nil {
		return err
	}
	d.acceptances(a.Service, a.Accepts, a.OrgUnit)
	return nil
}

// acceptances records each accepted document with the version in force that
// day (C14).
func (d *decision) acceptances(service lifecycle.ServiceID, accepts []lifecycle.Document, unit string) {
	for _, doc := range accepts {
		a := DocumentAccepted{On: d.on, Document: doc, OrgUnit: unit}
		if doc == lifecycle.ServiceDescription {
			a.Service = service
		}
		if v, ok := d.cat.InForce(doc, service, d.on); ok {
			a.Version = v.ID
		}
		d.record(a)
	}
}

// codeServiceFor returns whom Kela informs of a new service: Fimea for a
// pharmacy, THL's national code service for everyone else (YTE 2.5).
func codeServiceFor(kind lifecycle.Kind) string {
	if kind == lifecycle.Pharmacist {
		return "Fimea"
	}
	return "THL national code service"
}

// fireApp decides ev on app id's machine on day, and records the transition.
func (d *decision) fireApp(day notice.Date, id lifecycle.AppID, ev engine.Event) error {
	var app *lifecycle.App
	if i := d.m.appIndex(id); i >= 0 {
		app = &d.m.apps[i]
	} else {
		app = &lifecycle.App{ID: id}
	}
	from := app.State
	to, err := lifecycle.AppMachine().Decide(day, app, lifecycle.VendorFacts{Kind: d.m.customer.Kind}, ev)
	if err != nil {
		return about(err, ev, string(id))
	}
	d.record(Transitioned{On: day, Machine: appName, Subject: string(id), Event: ev, From: from, To: to})
	return nil
}

// appAct decides an act on one of the vendor's apps. Registering an app
// signs the vendor's commitment, which accepts the Omatietovaranto terms and
// service description (A1, C14).
func (d *decision) appAct(id lifecycle.AppID, act lifecycle.Act) error {
	if err := ValidID("app", string(id)); err != nil {
		return err
	}
	_, register := act.(lifecycle.RegisterApp)
	if !register && d.m.appIndex(id) < 0 {
		return &lifecycle.InputError{Field: "app", Value: string(id), Reason: "no app of that identifier is registered"}
	}
	if err := d.fireApp(d.on, id, act); err != nil {
		return err
	}
	if register {
		d.acceptances(lifecycle.MyDataRepository, []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.ServiceDescription}, "")
	}
	return nil
}

// checkRecord decides whether an act on the commitment's records may be
// done on machines m: nil, or the *engine.Refusal or *lifecycle.InputError
// that stops it. Replay asks it again of every recorded act.
func (r *records) checkRecord(m *machines, act lifecycle.Act) error {
	refuse := func(rule rules.Rule, subject, reason, input string) error {
		return &engine.Refusal{Command: string(act.EventID()), Subject: subject, State: m.customership.State,
			Blockers: []engine.Blocker{{Rule: rule, Subject: subject, Reason: reason, Input: input}}}
	}
	switch a := act.(type) {
	case lifecycle.AddPharmacy:
		switch {
		case m.customer.Kind != lifecycle.Pharmacist:
			return refuse(rules.C6, a.Pharmacy, fmt.Sprintf("only a pharmacist's commitment covers pharmacies; this customer is a %s", m.customer.Kind), a.Pharmacy)
		case !m.customership.IsCommitted():
			return refuse(rules.C6, a.Pharmacy, fmt.Sprintf("there is no commitment in force to cover it (the customership is %s)", m.customership.State.Name()), a.Pharmacy)
		case r.pharmacySet[a.Pharmacy]:
			return refuse(rules.C6, a.Pharmacy, "the commitment already covers this pharmacy", a.Pharmacy)
		}
	case lifecycle.NameContact:
		if u := roleAllowed(a.Role, m.customer.Kind, m.uses); u != nil {
			return refuse(rules.P1, string(a.Role), u.Reason, u.Input)
		}
		if r.contactSet[contactKey{a.Role, a.Name}] {
			return refuse(rules.P1, string(a.Role), "this contact is already named in this role", a.Name)
		}
	case lifecycle.RemoveContact:
		if !r.contactSet[contactKey{a.Role, a.Name}] {
			return &lifecycle.InputError{Field: "contact", Value: a.Name, Reason: fmt.Sprintf("no contact of that name in role %s", a.Role)}
		}
	case lifecycle.NotifyChange:
		// Any notification may be made; a late one is recorded as late.
	case lifecycle.TransferCommitment:
		if bs := r.transferBlockers(m, a, nil); len(bs) > 0 {
			return &engine.Refusal{Command: string(act.EventID()), State: m.customership.State, Blockers: bs}
		}
	}
	return nil
}

// transferBlockers returns every reason why the commitment on machines m
// cannot be transferred by a (C5): Kela's consent, a commitment in force to
// transfer, and, when the receiving customer to is known, that it may hold
// what the commitment covers: a pharmacist's pharmacies (C6) and the
// services in use or applied for (S3, K1).
func (r *records) transferBlockers(m *machines, a lifecycle.TransferCommitment, to *Customer) []engine.Blocker {
	var out []engine.Blocker
	if !a.KelaConsent {
		out = append(out, engine.Blocker{Rule: rules.C5, Reason: "the commitment cannot be transferred to a third party without Kela's consent", Input: string(a.To)})
	}
	if !m.committed() {
		out = append(out, engine.Blocker{Rule: rules.C5, Reason: fmt.Sprintf("there is no commitment in force to transfer (the customership is %s and no app is registered)", m.customership.State.Name())})
	}
	if to == nil {
		return out
	}
	if len(r.pharmacies) > 0 && to.Kind != lifecycle.Pharmacist {
		out = append(out, engine.Blocker{Rule: rules.C6, Input: string(to.Kind),
			Reason: fmt.Sprintf("the commitment covers the pharmacies %s, which only a pharmacist's commitment covers; it cannot pass to a %s", engine.List(r.pharmacies), to.Kind)})
	}
	for i := range m.uses {
		u := &m.uses[i]
		if u.Applying() || u.InUse() {
			if un := u.Terms.Admits(to.Kind); un != nil {
				out = append(out, engine.Blocker{Rule: un.Rule, Subject: string(u.Service), Reason: un.Reason, Input: un.Input})
			}
		}
	}
	return out
}
