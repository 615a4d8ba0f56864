package commitment

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Commitment is one customer's commitment to the Kanta services (sitoumus,
// YTE 7): the customer, its customership, its use of each service, the
// pharmacies a pharmacist's commitment covers, its contacts and the history
// of everything that happened to it.
//
// Concurrency: a Commitment is safe for use by many goroutines. Commands and
// Advance take an exclusive lock for their whole run, so each is atomic and
// they apply in some serial order; queries take a shared lock and see the
// state between two commands, never during one. Returned slices are copies.
type Commitment struct {
	mu        sync.RWMutex
	catalogue *Catalogue
	st        state
}

// state is everything a Commitment knows; commands work on a copy of it.
type state struct {
	customer     Customer
	customership lifecycle.State
	uses         []lifecycle.ServiceUse
	apps         []lifecycle.App
	pharmacies   []string
	contacts     []Contact
	history      eventLog
	last         notice.Date  // the day of the latest dated event
	ended        notice.Date  // the day the customership last ended
	withdrawals  []withdrawal // applications withdrawn before approval (R4)
	journal      *journal     // what the running command changed; nil outside commands
}

// withdrawal is an application withdrawn before its approval: its data is
// deleted six months later (R4).
type withdrawal struct {
	Service lifecycle.ServiceID
	On      notice.Date
}

// journal records what a running command changed, so that a refused command
// can be undone exactly: the scalar fields and slice lengths as they were,
// and the first value of every use and app the command touched. Journals are
// pooled, so a commitment carries none between commands. A journal back in
// the pool is not cleared: begin overwrites every field, and sync.Pool drops
// what it holds within two garbage collections, so what a pooled journal
// still refers to is kept alive no longer than that.
type journal struct {
	customer     Customer
	customership lifecycle.State
	last, ended  notice.Date
	nuses, napps int
	events       int // the length of the history before the command
	pharmacies   []string
	contacts     []Contact
	withdrawals  []withdrawal
	uses         []savedUse
	apps         []savedApp
}

type savedUse struct {
	i int
	u lifecycle.ServiceUse
}

type savedApp struct {
	i int
	a lifecycle.App
}

var journals = sync.Pool{New: func() any { return new(journal) }}

// begin starts a command: from here until commit or rollback, apply records
// what it changes.
func (s *state) begin() {
	j := journals.Get().(*journal)
	*j = journal{
		customer: s.customer, customership: s.customership, last: s.last, ended: s.ended,
		nuses: len(s.uses), napps: len(s.apps), events: s.history.len(), pharmacies: s.pharmacies, contacts: s.contacts, withdrawals: s.withdrawals,
		uses: j.uses[:0], apps: j.apps[:0],
	}
	s.journal = j
}

// commit keeps what the command did and returns a copy of the events it
// added to the history.
func (s *state) commit() []Event {
	added := s.history.since(s.journal.events)
	s.release()
	return added
}

// rollback undoes everything the command did.
func (s *state) rollback() {
	j := s.journal
	for k := len(j.uses) - 1; k >= 0; k-- {
		s.uses[j.uses[k].i] = j.uses[k].u
	}
	for k := len(j.apps) - 1; k >= 0; k-- {
		s.apps[j.apps[k].i] = j.apps[k].a
	}
	clear(s.uses[j.nuses:]) // drop what appended uses and apps refer to
	clear(s.apps[j.napps:])
	s.uses, s.apps = s.uses[:j.nuses], s.apps[:j.napps]
	s.customer, s.customership, s.last, s.ended = j.customer, j.customership, j.last, j.ended
	s.pharmacies, s.contacts, s.withdrawals = j.pharmacies, j.contacts, j.withdrawals
	s.history.truncate(j.events)
	s.release()
}

func (s *state) release() {
	journals.Put(s.journal)
	s.journal = nil
}

// touchUse saves use i's value before a command first changes it.
func (s *state) touchUse(i int) {
	j := s.journal
	if j == nil || i >= j.nuses {
		return
	}
	for k := range j.uses { // by index: a saved use is too large to copy
		if j.uses[k].i == i {
			return
		}
	}
	j.uses = append(j.uses, savedUse{i, s.uses[i]})
}

// touchApp saves app i's value before a command first changes it.
func (s *state) touchApp(i int) {
	j := s.journal
	if j == nil || i >= j.napps {
		return
	}
	for k := range j.apps {
		if j.apps[k].i == i {
			return
		}
	}
	j.apps = append(j.apps, savedApp{i, s.apps[i]})
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

// New returns the commitment of customer, with no service requested yet. Its
// history starts with a Registered event.
func New(customer Customer, opts ...Option) (*Commitment, error) {
	if err := customer.validate(); err != nil {
		return nil, err
	}
	c := &Commitment{catalogue: defaultCatalogue}
	for _, o := range opts {
		o(c)
	}
	c.st.begin()
	c.st.record(Registered{Customer: customer})
	c.st.commit()
	return c, nil
}

// Execute runs cmd on day on (the day the command happened; for a notice, the
// day it reached the recipient). Terminations due by that day take effect
// first. It returns the events it appended. When the terms refuse the command
// the error is a *lifecycle.Refusal listing every unmet condition with its
// clause; when the command is malformed it is an *InputError. Either way the
// commitment is left exactly as it was, due terminations included.
func (c *Commitment) Execute(on notice.Date, cmd Command) ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st.begin()
	if err := c.st.run(c.catalogue, on, cmd); err != nil {
		c.st.rollback()
		return nil, err
	}
	return c.st.commit(), nil
}

// Check tells whether Execute(on, cmd) would be accepted, without changing
// anything: nil, or the same *lifecycle.Refusal or *InputError that Execute
// would return.
func (c *Commitment) Check(on notice.Date, cmd Command) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st.begin()
	defer c.st.rollback()
	return c.st.run(c.catalogue, on, cmd)
}

// Explain answers "why can't I?": every unmet condition of Execute(on, cmd)
// with its rule, or nil when the command would be accepted. A malformed
// command is reported as an error.
func (c *Commitment) Explain(on notice.Date, cmd Command) ([]lifecycle.Blocker, error) {
	err := c.Check(on, cmd)
	var r *lifecycle.Refusal
	switch {
	case err == nil:
		return nil, nil
	case errors.As(err, &r):
		return append([]lifecycle.Blocker(nil), r.Blockers...), nil
	}
	return nil, err
}

// Advance lets time pass up to and including day to: every termination whose
// effective day has come takes effect, on its effective day. It returns the
// events it appended. A day before the commitment's latest event is an
// *InputError.
func (c *Commitment) Advance(to notice.Date) ([]Event, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.st.begin()
	err := c.st.checkDay(to)
	if err == nil {
		err = c.st.advance(to)
	}
	if err != nil {
		c.st.rollback()
		return nil, err
	}
	return c.st.commit(), nil
}

// record applies e and adds it to the history; a refused command's events
// are taken out again by rollback.
func (s *state) record(e Event) {
	s.apply(e)
	s.history.add(e)
}

// apply is the one place where a commitment's state changes, with
// applyTransition for its transitions. Commands call it through record as
// they go, under a journal that undoes everything if a later check refuses
// the command; Replay applies each event of a history as it verifies it.
func (s *state) apply(e Event) {
	switch e := e.(type) {
	case Registered:
		s.customer = e.Customer
	case Transitioned:
		s.applyTransition(&e, -1)
		return
	case AppCertified:
		if i := s.appIndex(e.App); i >= 0 {
			s.touchApp(i)
			s.apps[i] = s.apps[i].WithCertification(e.On, e.ValviraRegistered, e.AuditValidUntil)
		}
	case OrgUnitAdded:
		if i := s.useIndex(e.Service); i >= 0 {
			s.touchUse(i)
			s.uses[i] = s.uses[i].WithUnit(e.OrgUnit)
		}
	case CommitmentTransferred:
		s.customer = e.To
	case PharmacyAdded:
		s.pharmacies = append(s.pharmacies[:len(s.pharmacies):len(s.pharmacies)], e.Pharmacy)
	case ContactNamed:
		s.contacts = append(s.contacts[:len(s.contacts):len(s.contacts)], e.Contact)
	case ContactRemoved:
		kept := make([]Contact, 0, len(s.contacts))
		for _, ct := range s.contacts {
			if ct.Role != e.Role || ct.Name != e.Name {
				kept = append(kept, ct)
			}
		}
		s.contacts = kept
	case DocumentAccepted, CodeServiceInformed, ChangeNotified:
		// Facts of the history only: Acceptances reads them from there.
	}
	s.dated(e.Date())
}

// applyTransition applies transition t. For the service machine, use is the
// index of the use it concerns when the caller has found it already, or -1.
func (s *state) applyTransition(t *Transitioned, use int) {
	switch t.Machine {
	case lifecycle.ServiceMachine().Name():
		i := use
		if i < 0 {
			i = s.useIndex(lifecycle.ServiceID(t.Subject))
		}
		if i < 0 {
			s.uses = append(s.uses, lifecycle.ServiceUse{Service: lifecycle.ServiceID(t.Subject)})
			i = len(s.uses) - 1
		}
		s.touchUse(i)
		s.uses[i].Apply(t.On, t.Event, t.To)
		if t.To == lifecycle.Withdrawn {
			s.withdrawals = append(s.withdrawals[:len(s.withdrawals):len(s.withdrawals)], withdrawal{Service: s.uses[i].Service, On: t.On})
		}
	case lifecycle.CustomershipMachine().Name():
		s.customership = t.To
		if t.To == lifecycle.Ended {
			s.ended = t.On
		}
	case lifecycle.AppMachine().Name():
		i := s.appIndex(t.Subject)
		if i < 0 {
			s.apps = append(s.apps, lifecycle.App{ID: t.Subject})
			i = len(s.apps) - 1
		}
		s.touchApp(i)
		s.apps[i] = s.apps[i].Apply(t.On, t.Event, t.To)
	}
	s.dated(t.On)
}

// dated notes d as the day of the latest event, unless d is no day.
func (s *state) dated(d notice.Date) {
	if !d.IsZero() {
		s.last = d
	}
}

func (s *state) useIndex(id lifecycle.ServiceID) int {
	for i := range s.uses {
		if s.uses[i].Service == id {
			return i
		}
	}
	return -1
}

func (s *state) use(id lifecycle.ServiceID) lifecycle.ServiceUse {
	if i := s.useIndex(id); i >= 0 {
		return s.uses[i]
	}
	return lifecycle.ServiceUse{Service: id}
}

// usePtr returns a pointer to service id's use for guards to read, or to a
// new use in None when the customer never requested it.
func (s *state) usePtr(id lifecycle.ServiceID) *lifecycle.ServiceUse {
	if i := s.useIndex(id); i >= 0 {
		return &s.uses[i]
	}
	return &lifecycle.ServiceUse{Service: id}
}

func (s *state) facts() lifecycle.CustomerFacts {
	return lifecycle.CustomerFacts{Kind: s.customer.Kind, Committed: lifecycle.Committed(s.customership)}
}

// committed reports whether the customer has a commitment in force: a
// customership applied for or active (YTE 7), or, for an app vendor, a
// registered app that is neither withdrawn nor removed (its commitment is
// signed at registration, OTV 8).
func (s *state) committed() bool {
	if lifecycle.Committed(s.customership) {
		return true
	}
	for i := range s.apps {
		if s.apps[i].Live() {
			return true
		}
	}
	return false
}

func (s *state) checkDay(on notice.Date) error {
	if on.IsZero() {
		return &InputError{Field: "date", Reason: "a command needs the day it happened"}
	}
	if on.Before(s.last) {
		return &InputError{Field: "date", Value: on.String(),
			Reason: fmt.Sprintf("the commitment's history already reaches %s; commands are applied in date order", s.last)}
	}
	return nil
}

// run executes cmd on day on against s, recording its events in the history.
func (s *state) run(cat *Catalogue, on notice.Date, cmd Command) error {
	if s.customer.ID == "" {
		return &InputError{Field: "commitment", Reason: "create commitments with New"}
	}
	if err := s.checkDay(on); err != nil {
		return err
	}
	if err := s.advance(on); err != nil {
		return err
	}
	var err error
	switch c := cmd.(type) {
	case RequestService:
		err = s.requestService(cat, on, c)
	case PassJointTesting:
		err = s.serviceCommand(cat, on, c.Name(), c.Service, lifecycle.PassJointTesting{})
	case PassActivationTest:
		err = s.serviceCommand(cat, on, c.Name(), c.Service, lifecycle.PassActivationTest{})
	case ApproveService:
		err = s.serviceCommand(cat, on, c.Name(), c.Service, lifecycle.ApproveService{})
		if err == nil {
			s.record(CodeServiceInformed{On: on, Service: c.Service, Recipient: codeServiceFor(s.customer.Kind)})
		}
	case WithdrawApplication:
		err = s.serviceCommand(cat, on, c.Name(), c.Service, lifecycle.WithdrawApplication{Cause: lifecycle.C12})
	case SuspendService:
		ev, perr := suspendEvent(c.Reason)
		if perr != nil {
			return &InputError{Field: "reason", Value: string(c.Reason), Reason: perr.Error()}
		}
		err = s.eachService(cat, on, c.Name(), c.Service, c.All, lifecycle.ServiceUse.InUse, lifecycle.S4, ev)
	case DemonstrateCorrection:
		err = s.eachService(cat, on, c.Name(), c.Service, c.All,
			func(u lifecycle.ServiceUse) bool { return u.State == lifecycle.Suspended }, lifecycle.S4,
			lifecycle.DemonstrateCorrection{})
	case GiveTerminationNotice:
		if c.Reason != "" {
			if _, perr := lifecycle.ParseTerminationReason(string(c.Reason)); perr != nil {
				return &InputError{Field: "reason", Value: string(c.Reason), Reason: perr.Error()}
			}
		}
		err = s.eachService(cat, on, c.Name(), c.Service, c.All,
			func(u lifecycle.ServiceUse) bool { _, pending := u.PendingTermination(); return u.InUse() && !pending }, lifecycle.C9,
			lifecycle.GiveTerminationNotice{Effective: c.Effective, Reason: c.Reason})
	case TerminateByAuthority:
		err = s.eachService(cat, on, c.Name(), c.Service, c.All,
			func(u lifecycle.ServiceUse) bool { return u.InUse() || u.Applying() }, lifecycle.C11,
			lifecycle.TerminateByAuthority{Effective: c.Effective})
	case TransferCommitment:
		err = s.transfer(on, c)
	case AddPharmacy:
		err = s.addPharmacy(on, c)
	case NameContact:
		err = s.nameContact(on, c)
	case RemoveContact:
		err = s.removeContact(on, c)
	case NotifyChange:
		err = s.notifyChange(on, c)
	case RegisterApp, PassAppJointTesting, CertifyApp, ConnectApp, SuspendApp, DemonstrateAppCorrection,
		RenewAuditCertificate, GiveAppWithdrawalNotice, RemoveApp:
		err = s.runApp(cat, on, c)
	case nil:
		return &InputError{Field: "command", Reason: "no command given"}
	default:
		return &InputError{Field: "command", Value: cmd.Name(), Reason: "not a command of a commitment"}
	}
	if err != nil {
		return err
	}
	// A termination may take effect on the day it is made (at once, or with a
	// period of none).
	return s.advance(on)
}

// codeServiceFor returns whom Kela informs of a new service: Fimea for a
// pharmacy, THL's national code service for everyone else (YTE 2.5).
// suspendEvents holds the service machine's suspension event for each
// reason, each boxed in an Event once. A value in an interface cannot be
// changed, so they are shared read-only, and a suspension allocates nothing
// for its event.
var suspendEvents = func() []lifecycle.Event {
	var out []lifecycle.Event
	for _, r := range lifecycle.SuspensionReasons() {
		out = append(out, lifecycle.SuspendService{Reason: r})
	}
	return out
}()

// suspendEvent returns the suspension event for reason, or the error of
// lifecycle.ParseSuspensionReason when there is no such reason.
func suspendEvent(reason lifecycle.SuspensionReason) (lifecycle.Event, error) {
	for _, ev := range suspendEvents {
		if ev.(lifecycle.SuspendService).Reason == reason {
			return ev, nil
		}
	}
	// Not a reason of SuspensionReasons, from which suspendEvents was made,
	// so the parser refuses it too.
	_, err := lifecycle.ParseSuspensionReason(string(reason))
	return nil, err
}

func codeServiceFor(kind lifecycle.Kind) string {
	if kind == lifecycle.Pharmacist {
		return "Fimea"
	}
	return "THL national code service"
}

// knownService returns an *InputError unless the catalogue has id.
func knownService(cat *Catalogue, id lifecycle.ServiceID) error {
	if id == "" {
		return &InputError{Field: "service", Reason: "the command names no service"}
	}
	if !cat.has(id) {
		return &InputError{Field: "service", Value: string(id), Reason: fmt.Sprintf("unknown service; the catalogue has %v", cat.Services())}
	}
	return nil
}

// fireService runs ev on service id's machine and records the transition.
func (s *state) fireService(on notice.Date, cmd string, id lifecycle.ServiceID, ev lifecycle.Event) error {
	use := s.usePtr(id)
	from := use.State
	to, err := lifecycle.ServiceMachine().Fire(context.Background(),
		from, lifecycle.ServiceContext{On: on, Event: ev, Customer: s.facts(), Use: use})
	if err != nil {
		return about(err, cmd, string(id))
	}
	s.record(Transitioned{On: on, Machine: lifecycle.ServiceMachine().Name(), Subject: string(id), Event: ev, From: from, To: to})
	return nil
}

// about names the command and the subject (a service, an app, an agreement)
// in a refusal from a machine, which knows neither; other errors pass as
// they are.
func about(err error, cmd, subject string) error {
	var r *lifecycle.Refusal
	if errors.As(err, &r) {
		r.Command, r.Subject = cmd, subject
		for i := range r.Blockers {
			r.Blockers[i].Subject = subject
		}
	}
	return err
}

// serviceCommand runs a single-service command and brings the customership
// up to date.
func (s *state) serviceCommand(cat *Catalogue, on notice.Date, cmd string, id lifecycle.ServiceID, ev lifecycle.Event) error {
	if err := knownService(cat, id); err != nil {
		return err
	}
	if err := s.fireService(on, cmd, id, ev); err != nil {
		return err
	}
	return s.sync(on)
}

// eachService runs ev on one service, or with all on every service that
// selected admits. For all, every service is tried and the refusal lists the
// unmet conditions of each; the command is accepted only when all pass.
func (s *state) eachService(cat *Catalogue, on notice.Date, cmd string, id lifecycle.ServiceID, all bool,
	selected func(lifecycle.ServiceUse) bool, rule lifecycle.Rule, ev lifecycle.Event) error {
	if !all {
		return s.serviceCommand(cat, on, cmd, id, ev)
	}
	if id != "" {
		return &InputError{Field: "service", Value: string(id), Reason: "name one service or all, not both"}
	}
	var ids []lifecycle.ServiceID
	for _, u := range s.uses {
		if selected(u) {
			ids = append(ids, u.Service)
		}
	}
	if len(ids) == 0 {
		return &lifecycle.Refusal{Command: cmd, State: s.customership, Blockers: []lifecycle.Blocker{{Rule: rule,
			Reason: fmt.Sprintf("%s with all: no service is in a state it applies to", cmd)}}}
	}
	refusal := &lifecycle.Refusal{Command: cmd, Subject: "all services", State: s.customership}
	for _, sid := range ids {
		err := s.fireService(on, cmd, sid, ev)
		var r *lifecycle.Refusal
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
	return s.sync(on)
}

// sync brings the customership up to date with the services (SPEC §10).
// When the last service in use ends, applications still pending are
// withdrawn first: they were made under the commitment that has ended (C8).
func (s *state) sync(on notice.Date) error {
	target := lifecycle.CustomershipTarget(s.customership, s.uses)
	if target == s.customership {
		return nil
	}
	if target == lifecycle.Ended {
		for _, u := range append([]lifecycle.ServiceUse(nil), s.uses...) {
			if u.Applying() {
				if err := s.fireService(on, "withdraw-application", u.Service, lifecycle.WithdrawApplication{Cause: lifecycle.C8}); err != nil {
					return err
				}
			}
		}
	}
	for _, ev := range lifecycle.CustomershipEventsTo(s.customership, target) {
		from := s.customership
		to, err := lifecycle.CustomershipMachine().Fire(context.Background(), from, lifecycle.CustomershipContext{On: on, Event: ev})
		if err != nil {
			return err
		}
		s.record(Transitioned{On: on, Machine: lifecycle.CustomershipMachine().Name(), Event: ev, From: from, To: to})
	}
	return nil
}

// advance lets time pass up to day to: every termination whose effective
// day has come takes effect, every app whose audit certificate expired is
// suspended from the next day (A6) and every notified app withdrawal takes
// effect, in the order of their days, each dated on its own day.
func (s *state) advance(to notice.Date) error {
	for {
		day, ok := s.nextDue()
		if !ok || day.After(to) {
			return nil
		}
		if day.Before(s.last) {
			day = s.last // never date an event before one already recorded
		}
		if err := s.fireDue(day); err != nil {
			return err
		}
	}
}

// nextDue returns the earliest day on which time alone changes something.
func (s *state) nextDue() (notice.Date, bool) {
	// Run twice by every command. A use is too large to copy for each
	// question, so a use with no termination at all is passed over before
	// PendingTermination (which copies it) decides the rest.
	var best notice.Date
	found := false
	for i := range s.uses {
		if s.uses[i].Termination == nil {
			continue
		}
		if t, ok := s.uses[i].PendingTermination(); ok && (!found || t.Effective.Before(best)) {
			best, found = t.Effective, true
		}
	}
	for i := range s.apps {
		if d, _, ok := s.apps[i].NextDue(); ok && (!found || d.Before(best)) {
			best, found = d, true
		}
	}
	return best, found
}

// fireDue makes everything due on or before day happen, once.
func (s *state) fireDue(day notice.Date) error {
	for _, u := range append([]lifecycle.ServiceUse(nil), s.uses...) {
		if t, ok := u.PendingTermination(); ok && !t.Effective.After(day) {
			if err := s.fireService(day, "notice-elapsed", u.Service, lifecycle.NoticeElapsed{}); err != nil {
				return err
			}
			if err := s.sync(day); err != nil {
				return err
			}
		}
	}
	for _, a := range append([]lifecycle.App(nil), s.apps...) {
		if d, ev, ok := a.NextDue(); ok && !d.After(day) {
			if err := s.fireApp(day, string(ev.EventID()), a.ID, ev); err != nil {
				return err
			}
		}
	}
	return nil
}

func (s *state) requestService(cat *Catalogue, on notice.Date, c RequestService) error {
	if err := knownService(cat, c.Service); err != nil {
		return err
	}
	entry, _ := cat.Entry(c.Service)
	if c.Signatory != "" {
		if _, perr := lifecycle.ParseSignatory(string(c.Signatory)); perr != nil {
			return &InputError{Field: "signatory", Value: string(c.Signatory), Reason: perr.Error()}
		}
	}
	for _, d := range c.Accepts {
		if _, perr := lifecycle.ParseDocument(string(d)); perr != nil {
			return &InputError{Field: "accepts", Value: string(d), Reason: perr.Error()}
		}
	}
	use := s.use(c.Service)
	if c.OrgUnit != "" && (use.Applying() || use.InUse()) && !slices.Contains(use.Units, c.OrgUnit) {
		return s.extendToUnit(cat, on, c, use)
	}
	// The history keeps its own copy: the caller may reuse its slice.
	ev := lifecycle.RequestService{Signatory: c.Signatory, Accepts: append([]lifecycle.Document(nil), c.Accepts...), OrgUnit: c.OrgUnit, Terms: cat.requestTerms(entry.Service)}
	if err := s.fireService(on, c.Name(), c.Service, ev); err != nil {
		return err
	}
	s.recordAcceptances(cat, on, c)
	return s.sync(on)
}

// extendToUnit takes a service into use in one more part of the
// organisation: the general terms and the service description must hold
// there too, accepted by someone entitled to sign (C13).
func (s *state) extendToUnit(cat *Catalogue, on notice.Date, c RequestService, use lifecycle.ServiceUse) error {
	var blockers []lifecycle.Blocker
	for _, d := range []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription} {
		if !slices.Contains(c.Accepts, d) {
			blockers = append(blockers, lifecycle.Blocker{Rule: lifecycle.C13, Subject: string(c.Service),
				Reason: fmt.Sprintf("taking the service into use in %s needs the %s accepted there", c.OrgUnit, d)})
		}
	}
	if u := lifecycle.SigningRight(s.customer.Kind, c.Signatory); u != nil {
		blockers = append(blockers, lifecycle.Blocker{Rule: u.Rule, Subject: string(c.Service), Reason: u.Reason, Input: u.Input})
	}
	if len(blockers) > 0 {
		return &lifecycle.Refusal{Command: c.Name(), Subject: string(c.Service), State: use.State, Blockers: blockers}
	}
	s.record(OrgUnitAdded{On: on, Service: c.Service, OrgUnit: c.OrgUnit})
	s.recordAcceptances(cat, on, c)
	return nil
}

// recordAcceptances records each accepted document with the version in force
// that day (C14).
func (s *state) recordAcceptances(cat *Catalogue, on notice.Date, c RequestService) {
	for _, d := range c.Accepts {
		a := DocumentAccepted{On: on, Document: d, OrgUnit: c.OrgUnit}
		if d == lifecycle.ServiceDescription {
			a.Service = c.Service
		}
		if v, ok := cat.InForce(d, c.Service, on); ok {
			a.Version = v.ID
		}
		s.record(a)
	}
}

func (s *state) transfer(on notice.Date, c TransferCommitment) error {
	if err := c.To.validate(); err != nil {
		return err
	}
	if c.To.ID == s.customer.ID {
		return &InputError{Field: "to", Value: c.To.ID, Reason: "the commitment already belongs to this customer"}
	}
	var blockers []lifecycle.Blocker
	if !c.KelaConsent {
		blockers = append(blockers, lifecycle.Blocker{Rule: lifecycle.C5, Reason: "the commitment cannot be transferred to a third party without Kela's consent", Input: c.To.ID})
	}
	if !s.committed() {
		blockers = append(blockers, lifecycle.Blocker{Rule: lifecycle.C5, Reason: fmt.Sprintf("there is no commitment in force to transfer (the customership is %s and no app is registered)", s.customership.Name())})
	}
	if len(s.pharmacies) > 0 && c.To.Kind != lifecycle.Pharmacist {
		blockers = append(blockers, lifecycle.Blocker{Rule: lifecycle.C6, Input: string(c.To.Kind),
			Reason: fmt.Sprintf("the commitment covers the pharmacies %v, which only a pharmacist's commitment covers; it cannot pass to a %s", s.pharmacies, c.To.Kind)})
	}
	for _, u := range s.uses {
		if u.Applying() || u.InUse() {
			if un := u.Terms.Admits(c.To.Kind); un != nil {
				blockers = append(blockers, lifecycle.Blocker{Rule: un.Rule, Subject: string(u.Service), Reason: un.Reason, Input: un.Input})
			}
		}
	}
	if len(blockers) > 0 {
		return &lifecycle.Refusal{Command: c.Name(), State: s.customership, Blockers: blockers}
	}
	s.record(CommitmentTransferred{On: on, From: s.customer, To: c.To})
	return nil
}

func (s *state) addPharmacy(on notice.Date, c AddPharmacy) error {
	if c.Pharmacy == "" {
		return &InputError{Field: "pharmacy", Reason: "the pharmacy needs a name"}
	}
	var reason string
	switch {
	case s.customer.Kind != lifecycle.Pharmacist:
		reason = fmt.Sprintf("only a pharmacist's commitment covers pharmacies; this customer is a %s", s.customer.Kind)
	case !lifecycle.Committed(s.customership):
		reason = fmt.Sprintf("there is no commitment in force to cover it (the customership is %s)", s.customership.Name())
	case slices.Contains(s.pharmacies, c.Pharmacy):
		reason = "the commitment already covers this pharmacy"
	}
	if reason != "" {
		return &lifecycle.Refusal{Command: c.Name(), Subject: c.Pharmacy, State: s.customership,
			Blockers: []lifecycle.Blocker{{Rule: lifecycle.C6, Subject: c.Pharmacy, Reason: reason, Input: c.Pharmacy}}}
	}
	s.record(PharmacyAdded{On: on, Pharmacy: c.Pharmacy})
	return nil
}

func (s *state) nameContact(on notice.Date, c NameContact) error {
	if c.Contact.Name == "" {
		return &InputError{Field: "contact.name", Reason: "a contact needs a name"}
	}
	if !slices.Contains(ContactRoles(), c.Contact.Role) {
		return &InputError{Field: "contact.role", Value: string(c.Contact.Role), Reason: fmt.Sprintf("unknown contact role (known: %v)", ContactRoles())}
	}
	u := roleAllowed(c.Contact.Role, s.customer.Kind, s.uses)
	if u == nil {
		for _, ct := range s.contacts {
			if ct.Role == c.Contact.Role && ct.Name == c.Contact.Name {
				u = &lifecycle.Unmet{Reason: "this contact is already named in this role", Input: c.Contact.Name}
			}
		}
	}
	if u != nil {
		return &lifecycle.Refusal{Command: c.Name(), Subject: string(c.Contact.Role), State: s.customership,
			Blockers: []lifecycle.Blocker{{Rule: lifecycle.P1, Subject: string(c.Contact.Role), Reason: u.Reason, Input: u.Input}}}
	}
	s.record(ContactNamed{On: on, Contact: c.Contact})
	return nil
}

func (s *state) removeContact(on notice.Date, c RemoveContact) error {
	for _, ct := range s.contacts {
		if ct.Role == c.Role && ct.Name == c.Person {
			s.record(ContactRemoved{On: on, Role: c.Role, Name: c.Person})
			return nil
		}
	}
	return &InputError{Field: "contact", Value: c.Person, Reason: fmt.Sprintf("no contact of that name in role %s", c.Role)}
}
