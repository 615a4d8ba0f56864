package commitment_test

// Random sequences of acts: seeded, reproducible runs of every act against
// lone commitments and against registers of several parties with joint
// agreements, an app vendor, pharmacists and parties that receive
// transferred commitments. The acts mix plausible and implausible fields:
// valid and invalid signatories, subsets of the documents, parts of the
// organisation (C13), effective days on both sides of the notice period,
// all: true, unknown services, apps and agreements, days out of order, and
// time passing by 0–40 days with Advance now and then.
//
// After every step they check:
//
//   - the customership is where its services put it: the customership
//     machine derives no further step, and the state is the one a model
//     derives independently from the services' transitions in the history
//     (applied from the first request until an approval; active while a
//     service is in use without a pending termination; terminating while
//     every one in use has one; ended when none is left after an approval,
//     no application outliving it; withdrawn when the applications ended
//     before any approval);
//   - a refused or malformed act changed nothing: the facts the queries
//     tell are deep-equal before and after it: the version of every stream,
//     every agreement, and for the commitments the act names (on a lone
//     commitment, that one) its version, last day and everything the state
//     part of its JSON holds (customer, customership, services, apps,
//     pharmacies, contacts, agreements signed). That is the cheapest honest
//     check: a version alone would miss a decision that wrote through a
//     slice it shares with the state. One refusal in jsonEvery also
//     compares the JSON bytes;
//   - every refusal cites a clause, and every blocker a known rule;
//   - what Decide (Check, DecideAdvance) says is exactly what Execute
//     (Advance) then does, and the streams grow by exactly those events,
//     date-ordered, none after the act's day; one refusal in explainEvery
//     asks Explain too, which lists the refusal's blockers;
//   - a tenant uses only what its main connector has in use under an
//     agreement in force (J3, J10);
//   - one step in replayEvery replays the histories of the parties it
//     changed: the same facts and the same whole history, which is
//     everything the JSON holds.
//
// At the end of each sequence every history replays (Replay; for a
// register, Register.Restore stream by stream, each signing checked again)
// to the same facts; one sequence in roundTripJSONEvery compares JSON
// bytes instead: Replay, Restore and RestoreRegister reproduce the same
// JSON.
//
// The run is reproducible: sequence i uses seed base+i, base being 1 unless
// RANDOM_ACTS_SEED sets it; RANDOM_ACTS_SEQUENCES scales the run. A failure
// prints the seed and the last steps; rerun one sequence with
//
//	RANDOM_ACTS_SEED=<seed> RANDOM_ACTS_SEQUENCES=1 go test -race -run TestRandomActs ./commitment

import (
	"bytes"
	"errors"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// The default run: 1000 sequences of 50 steps on a lone commitment and 500
// of 100 steps on a register, 100 000 acts and advances in all, each test
// in two parallel workers.
const (
	commitmentSequences = 1000
	commitmentSteps     = 50
	registerSequences   = 500
	registerSteps       = 100
	randomWorkers       = 2
	// One refusal in jsonEvery (registerJSONEvery on a register, whose JSON
	// is seven commitments') compares the JSON bytes too, and one in
	// explainEvery asks Explain; one step in replayEvery replays the streams
	// it changed; one sequence in roundTripJSONEvery ends comparing the JSON
	// bytes of what Replay, Restore and RestoreRegister give (the others
	// compare facts and whole histories, which is everything the JSON
	// holds, because marshalling is most of a run's time).
	jsonEvery          = 32
	registerJSONEvery  = 128
	explainEvery       = 4
	replayEvery        = 10
	roundTripJSONEvery = 8
)

func randomBaseSeed(t *testing.T) int64 {
	if s := os.Getenv("RANDOM_ACTS_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, "RANDOM_ACTS_SEED")
		return n
	}
	return 1
}

func randomSequenceCount(t *testing.T, def int) int {
	if s := os.Getenv("RANDOM_ACTS_SEQUENCES"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "RANDOM_ACTS_SEQUENCES")
		require.Positive(t, n, "RANDOM_ACTS_SEQUENCES")
		return n
	}
	return def
}

// actTally counts the outcomes of a test's acts by act, across workers.
type actTally struct {
	mu                          sync.Mutex
	accepted                    map[engine.EventID]int
	refused, malformed, advance int
}

func (a *actTally) add(act lifecycle.Act, verdict string) {
	a.mu.Lock()
	defer a.mu.Unlock()
	switch {
	case act == nil:
		a.advance++
	case verdict == "accepted":
		if a.accepted == nil {
			a.accepted = map[engine.EventID]int{}
		}
		a.accepted[act.EventID()]++
	case verdict == "refused":
		a.refused++
	default:
		a.malformed++
	}
}

// requireEvery fails unless every act of lifecycle.Acts for which want
// holds was accepted at least once in a run of the default size: a
// generator that never reaches an act tests nothing about it. A smaller run
// (rerunning one seed) only logs the tally.
func (a *actTally) requireEvery(t *testing.T, def int, want func(lifecycle.ActInfo) bool) {
	t.Helper()
	total := a.refused + a.malformed + a.advance
	for _, n := range a.accepted {
		total += n
	}
	t.Logf("%d acts and advances: accepted %v, %d refused, %d malformed, %d advances", total, a.accepted, a.refused, a.malformed, a.advance)
	if randomSequenceCount(t, def) < def {
		return
	}
	for _, info := range lifecycle.Acts() {
		if want(info) {
			require.NotZero(t, a.accepted[info.ID], "the generator never got %s accepted", info.ID)
		}
	}
}

// randomSequences runs n sequences (or $RANDOM_ACTS_SEQUENCES), sequence i
// from seed base+i, shared out among parallel workers.
func randomSequences(t *testing.T, n int, sequence func(r *randomRun)) *actTally {
	base := randomBaseSeed(t)
	n = randomSequenceCount(t, n)
	tally := &actTally{}
	t.Run("workers", func(t *testing.T) {
		for w := range randomWorkers {
			t.Run(fmt.Sprintf("worker-%d", w), func(t *testing.T) {
				t.Parallel()
				for i := w; i < n; i += randomWorkers {
					seed := base + int64(i)
					rng := rand.New(rand.NewSource(seed))
					sequence(&randomRun{t: t, seed: seed, rng: rng, tally: tally,
						today: day("2023-12-01").AddDays(rng.Intn(500))})
				}
			})
		}
	})
	return tally
}

// randomRun is one random sequence: its generator, its day and the log of
// what it did, written out when it fails.
type randomRun struct {
	t     *testing.T
	seed  int64
	rng   *rand.Rand
	tally *actTally
	today notice.Date
	log   []logEntry
	count int // acts and advances run
}

func (r *randomRun) chance(p float64) bool { return r.rng.Float64() < p }

func randomOf[T any](r *randomRun, xs []T) T { return xs[r.rng.Intn(len(xs))] }

// logEntry is one line of a sequence's log, formatted only when the
// sequence fails.
type logEntry struct {
	format  string
	args    []any
	verdict string
}

// note adds a line to the log.
func (r *randomRun) note(format string, args ...any) {
	r.log = append(r.log, logEntry{format: format, args: args})
}

// verdict records the outcome of the last step.
func (r *randomRun) verdict(v string) { r.log[len(r.log)-1].verdict = v }

// fail stops the test with the seed and the sequence's last steps.
func (r *randomRun) fail(format string, args ...any) {
	r.t.Helper()
	var tail []string
	for _, e := range r.log[max(0, len(r.log)-25):] {
		line := fmt.Sprintf(e.format, e.args...)
		if e.verdict != "" {
			line += " → " + e.verdict
		}
		tail = append(tail, line)
	}
	r.t.Fatalf("seed %d, step %d: %s\nrerun: RANDOM_ACTS_SEED=%d RANDOM_ACTS_SEQUENCES=1 go test -race -run TestRandomActs ./commitment\nlast steps:\n  %s",
		r.seed, r.count, fmt.Sprintf(format, args...), r.seed, strings.Join(tail, "\n  "))
}

// sampled reports whether the current step is one in every n.
func (r *randomRun) sampled(n int) bool { return (r.seed+int64(r.count))%int64(n) == 0 }

// pass moves the day forward by 1–40 days, three times in five.
func (r *randomRun) pass() {
	if r.chance(0.6) {
		r.today = r.today.AddDays(1 + r.rng.Intn(40))
	}
}

// day returns the day of an act: today, now and then a day out of order or
// no day at all.
func (r *randomRun) day() notice.Date {
	switch {
	case r.chance(0.02):
		return r.today.AddDays(-1 - r.rng.Intn(30))
	case r.chance(0.005):
		return notice.Date{}
	}
	return r.today
}

// around returns d moved a few days either way, mostly later.
func (r *randomRun) around(d notice.Date) notice.Date {
	if r.chance(0.2) {
		return d.AddDays(-1 - r.rng.Intn(5))
	}
	return d.AddDays(r.rng.Intn(30))
}

// classify sorts an act's error: accepted, refused (citing a clause, each
// blocker a known rule) or malformed; anything else fails the run.
func (r *randomRun) classify(err error) string {
	if err == nil {
		return "accepted"
	}
	var ref *engine.Refusal
	var in *lifecycle.InputError
	switch {
	case errors.As(err, &ref):
		if len(ref.Blockers) == 0 || len(ref.Citations()) == 0 {
			r.fail("a refusal without a citation: %v", err)
		}
		for _, b := range ref.Blockers {
			if !b.Rule.Known() || b.Rule.Clause() == "" {
				r.fail("a blocker with an unknown rule %q: %v", b.Rule, err)
			}
			if b.Also != "" && !b.Also.Known() {
				r.fail("a blocker citing an unknown rule %q with it: %v", b.Also, err)
			}
		}
		return "refused"
	case errors.As(err, &in):
		return "malformed"
	}
	r.fail("an error that is neither a refusal nor an input error: %T %v", err, err)
	return ""
}

// actName names an act for the log, nil included.
func actName(act lifecycle.Act) string {
	if act == nil {
		return "<nil>"
	}
	return string(act.EventID())
}

// ---------------------------------------------------------------------------
// The customership, derived independently from the services' transitions.

// customershipModel follows a history's service transitions and says where
// the customership must be.
type customershipModel struct {
	seen     int
	states   map[lifecycle.ServiceID]engine.State
	pending  map[lifecycle.ServiceID]bool // a termination is pending
	open     bool                         // a customership is running: requested, not yet ended or withdrawn
	approved bool                         // a service was approved since it began
	outcome  engine.State                 // how the last one finished (None: never began)
	last     engine.State                 // the target of the latest customership transition
}

func newCustomershipModel() *customershipModel {
	return &customershipModel{states: map[lifecycle.ServiceID]engine.State{}, pending: map[lifecycle.ServiceID]bool{}}
}

func inUseState(s engine.State) bool {
	return s == lifecycle.Active || s == lifecycle.Suspended || s == lifecycle.NoticeGiven
}

func applyingState(s engine.State) bool {
	return s == lifecycle.Requested || s == lifecycle.JointTested || s == lifecycle.ActivationTested
}

func (m *customershipModel) count() (inUse, pending, live int) {
	for s, st := range m.states {
		if inUseState(st) {
			inUse++
			if m.pending[s] {
				pending++
			}
		}
		if inUseState(st) || applyingState(st) {
			live++
		}
	}
	return
}

// feed consumes the events of history it has not seen yet.
func (m *customershipModel) feed(history []commitment.Event) {
	for _, e := range history[m.seen:] {
		m.event(e)
	}
	m.seen = len(history)
}

func (m *customershipModel) event(e commitment.Event) {
	switch e := e.(type) {
	case commitment.CommitmentReceived:
		got := newCustomershipModel()
		for _, n := range e.History {
			got.event(n)
		}
		*m = *got
		return
	case commitment.Acted:
		if _, ok := e.Act.(lifecycle.TransferCommitment); ok {
			*m = *newCustomershipModel()
		}
		return
	case commitment.Transitioned:
		if e.Machine == "customership" {
			m.last = e.To
			return
		}
		if e.Machine != "service" {
			return
		}
		s := lifecycle.ServiceID(e.Subject)
		switch e.Event.(type) {
		case lifecycle.RequestService:
			if !m.open {
				m.open, m.approved = true, false
			}
			if e.From != e.To {
				m.pending[s] = false
			}
		case lifecycle.ApproveService:
			if e.From != e.To {
				m.approved = true
			}
		case lifecycle.GiveTerminationNotice:
			m.pending[s] = true
		case lifecycle.TerminateByAuthority:
			m.pending[s] = e.To != lifecycle.Terminated
		}
		m.states[s] = e.To
		if !m.open {
			return
		}
		inUse, _, live := m.count()
		switch {
		case m.approved && inUse == 0:
			m.open, m.outcome = false, lifecycle.Ended
		case !m.approved && live == 0:
			m.open, m.outcome = false, lifecycle.Withdrawn
		}
	}
}

// expected returns the customership the model gives.
func (m *customershipModel) expected() engine.State {
	switch inUse, pending, _ := m.count(); {
	case !m.open:
		return m.outcome
	case !m.approved:
		return lifecycle.Applied
	case inUse > 0 && pending == inUse:
		return lifecycle.Terminating
	}
	return lifecycle.Active
}

// checkCustomership checks c's customership against its machine and its
// model m, fed with c's history.
func (r *randomRun) checkCustomership(who lifecycle.PartyID, c *commitment.Commitment, history []commitment.Event, m *customershipModel) {
	m.feed(history)
	cs := c.CustomershipRecord()
	services := c.Services()
	if ev, to, ok := lifecycle.CustomershipMachine().Derive(c.Today(), &cs, lifecycle.Summarize(services)); ok {
		r.fail("%s: customership %q, but its services make it %q (%s)", who, cs.State, to, ev.EventID())
	}
	if want := m.expected(); cs.State != want {
		r.fail("%s: customership %q, but the model gives %q for services %v (pending %v)", who, cs.State, want, m.states, m.pending)
	}
	if m.last != cs.State {
		r.fail("%s: customership %q, but its last transition went to %q", who, cs.State, m.last)
	}
	if _, _, live := m.count(); !m.open && live > 0 {
		r.fail("%s: customership %q with services still live %v (C8)", who, cs.State, m.states)
	}
	for _, u := range services {
		if st := m.states[u.Service]; st != u.State {
			r.fail("%s: %s is %q, but its history says %q", who, u.Service, u.State, st)
		}
	}
}

// checkEvents checks what one stream appended: events dated from the
// stream's last day (prev) to the act's day (on), in order, and exactly
// those now at the end of the stream's history (after).
func (r *randomRun) checkEvents(stream string, prev, on notice.Date, events, after []commitment.Event) {
	if len(events) == 0 {
		r.fail("%s: a change without events", stream)
	}
	for _, e := range events {
		if _, reg := e.(commitment.Registered); reg {
			continue
		}
		d := e.Date()
		if d.IsZero() || d.Before(prev) || d.After(on) {
			r.fail("%s: event %s dated %s (previous %s, the act's day %s)", stream, e.Type(), d, prev, on)
		}
		prev = d
	}
	if len(after) < len(events) || !reflect.DeepEqual(after[len(after)-len(events):], events) {
		r.fail("%s: the history's new events are not the ones decided:\n%#v\n%#v", stream, after[max(0, len(after)-len(events)):], events)
	}
}

// lastEventDay returns the day of the latest dated event of events.
func lastEventDay(events []commitment.Event) notice.Date {
	for i := len(events) - 1; i >= 0; i-- {
		if d := events[i].Date(); !d.IsZero() {
			return d
		}
	}
	return notice.Date{}
}

// replays checks that Replay of c's history gives c again: the same JSON
// when asJSON, otherwise the same facts and the same history, which is
// everything its JSON holds (marshalling after every step would make the
// run several times slower).
func (r *randomRun) replays(who lifecycle.PartyID, c *commitment.Commitment, asJSON bool) {
	h := c.History()
	replayed, err := commitment.Replay(h, commitment.WithCatalogue(c.Catalogue()))
	if err != nil {
		r.fail("%s: the history does not replay: %v", who, err)
	}
	if !asJSON {
		if a, b := factsOf(c), factsOf(replayed); !reflect.DeepEqual(a, b) || !reflect.DeepEqual(h, replayed.History()) {
			r.fail("%s: Replay gives another commitment:\n%+v\n%+v", who, a, b)
		}
		return
	}
	if data, got := marshal(r.t, c), marshal(r.t, replayed); !bytes.Equal(got, data) {
		r.fail("%s: Replay gives other JSON:\n%s\n%s", who, data, got)
	}
}

// ---------------------------------------------------------------------------
// Facts: everything the queries tell, to show that a refusal changed
// nothing.

type commitmentFacts struct {
	Version      int
	Today        notice.Date
	Customer     commitment.Customer
	Customership lifecycle.Customership
	Services     []lifecycle.ServiceUse
	Apps         []lifecycle.App
	Pharmacies   []string
	Contacts     []lifecycle.Contact
	Agreements   []commitment.JointAgreementSigned
}

func factsOf(c *commitment.Commitment) commitmentFacts {
	return commitmentFacts{c.Version(), c.Today(), c.Customer(), c.CustomershipRecord(), c.Services(), c.Apps(),
		c.Pharmacies(), c.Contacts(), c.Agreements()}
}

// registerFacts are a register's facts: every stream's version, every
// agreement, and the facts of the parties an act names (all parties when
// named is nil). A refused act decides on the streams it names alone, so
// those are where it could have written; the versions show that no other
// stream grew.
type registerFacts struct {
	Parties    []lifecycle.PartyID
	Streams    []string
	Versions   []int
	Agreements []lifecycle.JointAgreement
	Facts      []commitmentFacts
}

func registerFactsOf(r *commitment.Register, named func(lifecycle.PartyID) bool) registerFacts {
	f := registerFacts{Parties: r.Parties(), Streams: r.Streams(), Agreements: r.Agreements()}
	for _, s := range f.Streams {
		f.Versions = append(f.Versions, r.Version(s))
	}
	for _, p := range f.Parties {
		if named == nil || named(p) {
			c, _ := r.Commitment(p)
			f.Facts = append(f.Facts, factsOf(c))
		}
	}
	return f
}

// namedBy returns the parties act, performed for party p, names: p, an
// agreement's parties and a transfer's receiver; nil (every party) for an
// advance.
func namedBy(p lifecycle.PartyID, act lifecycle.Act) func(lifecycle.PartyID) bool {
	if act == nil {
		return nil
	}
	names := []lifecycle.PartyID{p}
	switch a := act.(type) {
	case lifecycle.SignJointAgreement:
		names = append(names, a.Main, a.Tenant)
	case lifecycle.GiveJointAgreementNotice:
		names = append(names, a.By)
	case lifecycle.TransferCommitment:
		names = append(names, a.To)
	}
	return func(q lifecycle.PartyID) bool { return slices.Contains(names, q) }
}

// ---------------------------------------------------------------------------
// Drawing acts.

var (
	randomUnits    = []string{"Kotihoito", "Asumispalvelut", "Vastaanotto"}
	randomApps     = []lifecycle.AppID{"askelmittari", "unipäiväkirja"}
	randomExtras   = []lifecycle.ServiceID{patientData, imaging, lifecycle.ConsentService, lifecycle.MyDataRepository, lifecycle.MedicinesDatabase, lifecycle.CustomerTestService}
	oneMonthBefore = notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}
)

// randomKind draws a customer kind: mostly the kinds that make services and
// apps interesting, sometimes any kind.
func randomKind(r *randomRun) lifecycle.Kind {
	switch x := r.rng.Float64(); {
	case x < 0.35:
		return lifecycle.PrivateSocialWelfareProvider
	case x < 0.45:
		return lifecycle.PublicSocialWelfareProvider
	case x < 0.6:
		return lifecycle.Pharmacist
	case x < 0.75:
		return lifecycle.AppVendor
	}
	return randomOf(r, lifecycle.Kinds())
}

// actDrawer draws acts for one commitment c, on its services and its apps.
type actDrawer struct {
	*randomRun
	c        *commitment.Commitment
	services []lifecycle.ServiceID
	people   *int // contacts named so far, for their names
}

// service draws a service: with good odds one whose state suits the act,
// otherwise any of the drawer's, and rarely one the catalogue does not have
// or none.
func (a actDrawer) service(wanted func(engine.State) bool) lifecycle.ServiceID {
	switch {
	case a.chance(0.02):
		return "no-such-service"
	case a.chance(0.01):
		return ""
	}
	if wanted != nil && a.chance(0.75) {
		var fit []lifecycle.ServiceID
		for _, s := range a.services {
			if wanted(a.c.State(s)) {
				fit = append(fit, s)
			}
		}
		if len(fit) > 0 {
			return randomOf(a.randomRun, fit)
		}
	}
	return randomOf(a.randomRun, a.services)
}

func (a actDrawer) app() lifecycle.AppID {
	switch {
	case a.chance(0.05):
		return "no-such-app"
	case a.chance(0.02):
		return ""
	}
	return randomOf(a.randomRun, randomApps)
}

func (a actDrawer) signatory() lifecycle.Signatory {
	switch {
	case a.chance(0.03):
		return "forged"
	case a.chance(0.03):
		return ""
	case a.chance(0.5):
		return lifecycle.TradeRegister
	}
	return randomOf(a.randomRun, lifecycle.Signatories())
}

// accepts draws the documents a request accepts: what the customership
// needs, mostly, otherwise any subset, rarely an unknown document.
func (a actDrawer) accepts() []lifecycle.Document {
	cs := a.c.CustomershipRecord()
	switch {
	case a.chance(0.02):
		return []lifecycle.Document{lifecycle.ServiceDescription, "privacy-policy"}
	case a.chance(0.7) && cs.IsCommitted():
		return []lifecycle.Document{lifecycle.ServiceDescription}
	case a.chance(0.7):
		return []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	}
	var out []lifecycle.Document
	for _, d := range lifecycle.Documents() {
		if a.chance(0.5) {
			out = append(out, d)
		}
	}
	return out
}

// pendingUnit returns a part of the organisation requested for u but not
// yet approved, if there is one.
func pendingUnit(u lifecycle.ServiceUse) (string, bool) {
	for _, o := range u.Units {
		if o.Approved.IsZero() {
			return o.Name, true
		}
	}
	return "", false
}

// act draws an act: mostly one that suits the state of a service or app
// (plausible), otherwise one of any kind with any fields (anyAct).
func (a actDrawer) act() lifecycle.Act {
	if a.chance(0.65) {
		if act := a.plausible(); act != nil {
			return act
		}
	}
	return a.anyAct()
}

// plausible draws an act that the state of a random service (or, for an
// app vendor, app) invites, with fields mostly right; nil when it has
// nothing to suggest.
func (a actDrawer) plausible() lifecycle.Act {
	on := a.today
	if a.c.Customer().Kind == lifecycle.AppVendor && a.chance(0.5) {
		id := a.app()
		app, _ := a.c.App(id)
		switch app.State {
		case lifecycle.None:
			return lifecycle.RegisterApp{App: id, Signatory: lifecycle.TradeRegister}
		case lifecycle.Registered:
			return lifecycle.PassAppJointTesting{App: id}
		case lifecycle.JointTested:
			if app.Certified.IsZero() || a.chance(0.3) {
				return lifecycle.CertifyApp{App: id, ValviraRegistered: a.chance(0.9), AuditValidUntil: on.AddDays(a.rng.Intn(300))}
			}
			return lifecycle.ConnectApp{App: id}
		case lifecycle.Production, lifecycle.WithdrawalNoticed:
			switch a.rng.Intn(6) {
			case 0, 1:
				return lifecycle.SuspendApp{App: id, Reason: "endangers the national services"}
			case 2, 3:
				return lifecycle.RenewAuditCertificate{App: id, ValidUntil: on.AddDays(1 + a.rng.Intn(300))}
			case 4:
				return lifecycle.GiveAppWithdrawalNotice{App: id, Effective: a.around(oneMonthBefore.EarliestEffective(on))}
			}
			return lifecycle.RemoveApp{App: id, Reason: lifecycle.NonCompliance}
		case lifecycle.Suspended:
			if a.chance(0.5) {
				return lifecycle.DemonstrateAppCorrection{App: id}
			}
			return lifecycle.RenewAuditCertificate{App: id, ValidUntil: on.AddDays(1 + a.rng.Intn(300))}
		}
		return nil
	}
	s := randomOf(a.randomRun, a.services)
	u, _ := a.c.Service(s)
	termination := lifecycle.GiveTerminationNotice{Service: s, Effective: a.around(oneMonthBefore.EarliestEffective(on)), Reason: randomOf(a.randomRun, lifecycle.TerminationReasons())}
	suspension := lifecycle.SuspendService{Service: s, Reason: randomOf(a.randomRun, lifecycle.SuspensionReasons())}
	newUnit := lifecycle.RequestService{Service: s, Signatory: lifecycle.TradeRegister,
		Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: randomOf(a.randomRun, randomUnits)}
	if unit, ok := pendingUnit(u); ok && u.InUse() && a.chance(0.5) {
		switch a.rng.Intn(3) {
		case 0:
			return lifecycle.PassJointTesting{Service: s, OrgUnit: unit}
		case 1:
			return lifecycle.PassActivationTest{Service: s, OrgUnit: unit}
		}
		return lifecycle.ApproveService{Service: s, OrgUnit: unit}
	}
	terms, _ := a.c.Catalogue().Entry(s)
	switch u.State {
	case lifecycle.None, lifecycle.Terminated, lifecycle.Withdrawn:
		return lifecycle.RequestService{Service: s, Signatory: randomOf(a.randomRun, lifecycle.Signatories()[:5]), Accepts: a.accepts()}
	case lifecycle.Requested, lifecycle.JointTested, lifecycle.ActivationTested:
		switch x := a.rng.Intn(10); {
		case x == 0:
			return lifecycle.WithdrawApplication{Service: s}
		case x == 1:
			return lifecycle.TerminateByAuthority{Service: s}
		case x == 2:
			return newUnit
		case u.State == lifecycle.Requested && terms.Terms.JointTesting:
			return lifecycle.PassJointTesting{Service: s}
		case u.State == lifecycle.JointTested:
			return lifecycle.PassActivationTest{Service: s}
		}
		return lifecycle.ApproveService{Service: s}
	case lifecycle.Active:
		switch x := a.rng.Intn(10); {
		case x < 3:
			return suspension
		case x < 6:
			return termination
		case x == 6:
			return lifecycle.TerminateByAuthority{Service: s, Effective: on.AddDays(a.rng.Intn(60))}
		case x < 9:
			return newUnit
		}
		termination.Service, termination.All = "", true
		return termination
	case lifecycle.Suspended:
		switch x := a.rng.Intn(10); {
		case x < 5:
			return lifecycle.DemonstrateCorrection{Service: s}
		case x < 8:
			return termination
		case x == 8:
			return lifecycle.DemonstrateCorrection{All: true}
		}
		return suspension
	case lifecycle.NoticeGiven:
		switch x := a.rng.Intn(10); {
		case x < 4:
			return suspension
		case x < 5:
			return lifecycle.TerminateByAuthority{Service: s}
		case x < 7:
			return newUnit
		}
	}
	return nil
}

// anyAct draws an act of any kind for the drawer's commitment, with fields
// plausible and implausible.
func (a actDrawer) anyAct() lifecycle.Act {
	all := a.chance(0.12)
	svc := func(wanted func(engine.State) bool) lifecycle.ServiceID {
		if all {
			if a.chance(0.05) {
				return prescription // all and a service: malformed
			}
			return ""
		}
		return a.service(wanted)
	}
	on := a.today
	x := a.rng.Intn(100)
	if x >= 73 && x < 97 && a.c.Customer().Kind != lifecycle.AppVendor && a.chance(0.85) {
		x = a.rng.Intn(62) // apps are an app vendor's: mostly draw another act
	}
	switch {
	case x < 14:
		req := lifecycle.RequestService{Service: a.service(func(s engine.State) bool { return !inUseState(s) && !applyingState(s) }),
			Signatory: a.signatory(), Accepts: a.accepts()}
		if a.chance(0.2) {
			req.OrgUnit = randomOf(a.randomRun, randomUnits)
			if a.chance(0.5) {
				req.Accepts = []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
			}
			req.Service = a.service(func(s engine.State) bool { return inUseState(s) || applyingState(s) })
		}
		if a.chance(0.01) {
			req.Terms = &lifecycle.ServiceTerms{} // a request brings no terms of its own
		}
		return req
	case x < 20:
		return lifecycle.PassJointTesting{Service: a.service(func(s engine.State) bool { return s == lifecycle.Requested })}
	case x < 26:
		return lifecycle.PassActivationTest{Service: a.service(func(s engine.State) bool {
			return s == lifecycle.JointTested || s == lifecycle.Requested
		})}
	case x < 36:
		act := lifecycle.ApproveService{Service: a.service(applyingState)}
		if a.chance(0.1) {
			act.OrgUnit = randomOf(a.randomRun, randomUnits)
		}
		return act
	case x < 40:
		return lifecycle.WithdrawApplication{Service: a.service(applyingState)}
	case x < 46:
		reason := randomOf(a.randomRun, lifecycle.SuspensionReasons())
		if a.chance(0.05) {
			reason = "bored"
		}
		return lifecycle.SuspendService{Service: svc(inUseState), All: all, Reason: reason}
	case x < 51:
		return lifecycle.DemonstrateCorrection{Service: svc(func(s engine.State) bool { return s == lifecycle.Suspended }), All: all}
	case x < 59:
		n := lifecycle.GiveTerminationNotice{Service: svc(inUseState), All: all,
			Effective: a.around(oneMonthBefore.EarliestEffective(on)), Reason: randomOf(a.randomRun, lifecycle.TerminationReasons())}
		switch {
		case a.chance(0.05):
			n.Reason = ""
		case a.chance(0.04):
			n.Reason = "boredom"
		case a.chance(0.04):
			n.Effective = notice.Date{}
		case a.chance(0.04):
			n.Effective = on.AddDays(-3)
		}
		return n
	case x < 62:
		n := lifecycle.TerminateByAuthority{Service: svc(func(s engine.State) bool { return inUseState(s) || applyingState(s) }), All: all}
		if a.chance(0.5) {
			n.Effective = on.AddDays(a.rng.Intn(70) - 5)
		}
		return n
	case x < 63:
		return lifecycle.TransferCommitment{To: lifecycle.PartyID(fmt.Sprintf("vastaanottaja-%d", a.rng.Intn(3))), KelaConsent: a.chance(0.7)}
	case x < 65:
		return lifecycle.AddPharmacy{Pharmacy: randomOf(a.randomRun, []string{"Keskusapteekki", "Sivuapteekki", ""})}
	case x < 68:
		role := randomOf(a.randomRun, lifecycle.ContactRoles())
		if a.chance(0.05) {
			role = "astrologer"
		}
		*a.people++
		name := fmt.Sprintf("Henkilö %d", *a.people%4)
		if a.chance(0.05) {
			name = ""
		}
		return lifecycle.NameContact{Role: role, Name: name, Email: "x@example.fi"}
	case x < 70:
		if named := a.c.Contacts(); len(named) > 0 && a.chance(0.7) {
			n := randomOf(a.randomRun, named)
			return lifecycle.RemoveContact{Role: n.Role, Name: n.Name}
		}
		return lifecycle.RemoveContact{Role: randomOf(a.randomRun, lifecycle.ContactRoles()), Name: fmt.Sprintf("Henkilö %d", a.rng.Intn(4))}
	case x < 73:
		n := lifecycle.NotifyChange{Rule: randomOf(a.randomRun, notice.RuleIDs()), Details: "muutos"}
		if a.chance(0.05) {
			n.Rule = "gossip"
		}
		if a.chance(0.8) {
			n.Effective = on.AddDays(a.rng.Intn(50) - 5)
		}
		return n
	case x < 76:
		return lifecycle.RegisterApp{App: a.app(), Signatory: a.signatory()}
	case x < 79:
		return lifecycle.PassAppJointTesting{App: a.app()}
	case x < 82:
		cert := lifecycle.CertifyApp{App: a.app(), ValviraRegistered: a.chance(0.8), AuditValidUntil: on.AddDays(a.rng.Intn(400) - 10)}
		if a.chance(0.05) {
			cert.AuditValidUntil = notice.Date{}
		}
		return cert
	case x < 86:
		return lifecycle.ConnectApp{App: a.app()}
	case x < 88:
		reason := "endangers the national services"
		if a.chance(0.1) {
			reason = ""
		}
		return lifecycle.SuspendApp{App: a.app(), Reason: reason}
	case x < 90:
		return lifecycle.DemonstrateAppCorrection{App: a.app()}
	case x < 92:
		renew := lifecycle.RenewAuditCertificate{App: a.app(), ValidUntil: on.AddDays(a.rng.Intn(400) - 5)}
		if a.chance(0.05) {
			renew.ValidUntil = notice.Date{}
		}
		return renew
	case x < 95:
		return lifecycle.GiveAppWithdrawalNotice{App: a.app(), Effective: a.around(oneMonthBefore.EarliestEffective(on))}
	case x < 97:
		reason := randomOf(a.randomRun, lifecycle.RemovalReasons())
		if a.chance(0.1) {
			reason = "spite"
		}
		return lifecycle.RemoveApp{App: a.app(), Reason: reason}
	case x < 99:
		if a.chance(0.1) {
			return nil
		}
		return lifecycle.EndProductionAgreement{Agreement: "yl-1"} // an agreement's act
	}
	return lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}
}

// ---------------------------------------------------------------------------
// Lone commitments.

// Every act on lone commitments, each step checked against Check, Explain
// and the invariants.
func TestRandomActs_Commitment(t *testing.T) {
	tally := randomSequences(t, commitmentSequences, func(r *randomRun) { commitmentSequence(r, commitmentSteps) })
	tally.requireEvery(t, commitmentSequences, func(info lifecycle.ActInfo) bool {
		_, agreement := lifecycle.AgreementOf(info.Proto)
		_, transfer := info.Proto.(lifecycle.TransferCommitment)
		return !agreement && !transfer // those need a Register
	})
}

func commitmentSequence(r *randomRun, steps int) {
	kind := randomKind(r)
	c, err := commitment.New(commitment.Customer{ID: "asiakas", Name: "Asiakas Oy", Kind: kind, Soteri: r.chance(0.5)})
	require.NoError(r.t, err)
	services := []lifecycle.ServiceID{prescription, kelain, sat}
	if r.chance(0.5) {
		services = append(services, randomOf(r, randomExtras))
	}
	people := 0
	a := actDrawer{randomRun: r, c: c, services: services, people: &people}
	model := newCustomershipModel()
	r.note("new %s commitment with services %v", kind, services)
	for range steps {
		r.pass()
		if r.chance(0.05) {
			r.commitmentAdvance(c, model)
		} else {
			r.commitmentAct(c, model, r.day(), a.act())
		}
	}
	asJSON := r.seed%roundTripJSONEvery == 0
	r.replays("asiakas", c, asJSON)
	if !asJSON {
		return
	}
	data := marshal(r.t, c)
	restored, err := commitment.Restore(data)
	if err != nil {
		r.fail("the JSON does not restore: %v", err)
	}
	if got := marshal(r.t, restored); !bytes.Equal(got, data) {
		r.fail("Restore gives other JSON:\n%s\n%s", data, got)
	}
}

func (r *randomRun) commitmentAct(c *commitment.Commitment, model *customershipModel, on notice.Date, act lifecycle.Act) {
	r.count++
	r.note("%s %s %+v", on, actName(act), act)
	checked := c.Check(on, act)
	var before commitmentFacts // the facts, for an act Check says is refused
	var data []byte
	version, today := c.Version(), c.Today()
	if checked != nil {
		before = factsOf(c)
		if r.sampled(jsonEvery) {
			data = marshal(r.t, c)
		}
	}
	events, err := c.Execute(on, act)
	verdict := r.classify(err)
	r.tally.add(act, verdict)
	r.verdict(verdict)
	if !reflect.DeepEqual(checked, err) {
		r.fail("Check said %v, Execute did %v", checked, err)
	}
	if err != nil {
		if events != nil {
			r.fail("%s, yet events were returned", verdict)
		}
		if r.sampled(explainEvery) {
			blockers, xerr := c.Explain(on, act)
			var ref *engine.Refusal
			if errors.As(err, &ref) && (xerr != nil || !reflect.DeepEqual(blockers, ref.Blockers)) {
				r.fail("Explain gives %v, %v; Execute refused with %v", blockers, xerr, ref.Blockers)
			}
		}
		if after := factsOf(c); !reflect.DeepEqual(before, after) {
			r.fail("a refused act changed the commitment (%v):\nbefore %+v\nafter  %+v", err, before, after)
		}
		if data != nil {
			if got := marshal(r.t, c); !bytes.Equal(got, data) {
				r.fail("a refused act changed the JSON (%v)", err)
			}
		}
		return
	}
	h := c.History()
	r.checkEvents("asiakas", today, on, events, h)
	if len(h) != version+len(events) {
		r.fail("the history grew from %d to %d events, but %d were returned", version, len(h), len(events))
	}
	if c.Today() != lastEventDay(h) {
		r.fail("Today() is %s, the latest event's day %s", c.Today(), lastEventDay(h))
	}
	r.checkCustomership("asiakas", c, h, model)
	if r.sampled(replayEvery) {
		r.replays("asiakas", c, false)
	}
}

func (r *randomRun) commitmentAdvance(c *commitment.Commitment, model *customershipModel) {
	r.count++
	to := r.today
	if r.chance(0.1) {
		to = to.AddDays(-1 - r.rng.Intn(60))
	}
	r.note("%s advance", to)
	before := factsOf(c)
	late := to.Before(c.Today()) // an *InputError that changes nothing
	events, err := c.Advance(to)
	verdict := r.classify(err)
	r.tally.add(nil, verdict)
	r.verdict(verdict)
	if late != (err != nil) {
		r.fail("Advance(%s) with the latest event on %s: %v", to, before.Today, err)
	}
	if err != nil {
		if after := factsOf(c); !reflect.DeepEqual(before, after) {
			r.fail("a refused advance changed the commitment")
		}
		return
	}
	h := c.History()
	if len(events) > 0 {
		r.checkEvents("asiakas", before.Today, to, events, h)
	}
	r.checkCustomership("asiakas", c, h, model)
	if again, err := c.Advance(to); err != nil || len(again) > 0 {
		r.fail("a second Advance(%s) did something: %v, %d events", to, err, len(again))
	}
}

// ---------------------------------------------------------------------------
// Registers.

// Every act, agreements and transfers included, on registers of several
// parties, each step decided with Decide before Execute applies it.
func TestRandomActs_Register(t *testing.T) {
	tally := randomSequences(t, registerSequences, func(r *randomRun) { registerSequence(r, registerSteps) })
	tally.requireEvery(t, registerSequences, func(lifecycle.ActInfo) bool { return true })
}

// registerWorld is a register with its parties' services and models.
type registerWorld struct {
	*randomRun
	r        *commitment.Register
	parties  []lifecycle.PartyID
	mains    []lifecycle.PartyID
	services map[lifecycle.PartyID][]lifecycle.ServiceID
	models   map[lifecycle.PartyID]*customershipModel
	people   int
}

func registerSequence(run *randomRun, steps int) {
	w := &registerWorld{randomRun: run, r: commitment.NewRegister(),
		services: map[lifecycle.PartyID][]lifecycle.ServiceID{}, models: map[lifecycle.PartyID]*customershipModel{}}
	mainKinds := lifecycle.MainConnectorKinds()
	customers := []commitment.Customer{
		{ID: "paaliittyja", Kind: randomOf(run, mainKinds), Soteri: run.chance(0.9)},
		{ID: "paaliittyja-2", Kind: randomOf(run, mainKinds), Soteri: run.chance(0.9)},
		{ID: "mukana", Kind: lifecycle.PrivateHealthCareProvider, Soteri: run.chance(0.85)},
		{ID: "sovellukset", Kind: lifecycle.AppVendor},
		{ID: "apteekkari", Kind: lifecycle.Pharmacist, Soteri: true},
		{ID: "vastaanottaja-0", Kind: randomKind(run), Soteri: true},
		{ID: "vastaanottaja-1", Kind: lifecycle.Pharmacist, Soteri: true},
	}
	if run.chance(0.25) {
		customers[2].Kind = randomKind(run)
	}
	for _, cu := range customers {
		_, err := w.r.Add(cu)
		require.NoError(run.t, err)
		w.parties = append(w.parties, cu.ID)
		w.models[cu.ID] = newCustomershipModel()
		w.services[cu.ID] = []lifecycle.ServiceID{prescription, patientData, kelain}
		if cu.Kind == lifecycle.PrivateSocialWelfareProvider || cu.Kind == lifecycle.PublicSocialWelfareProvider {
			w.services[cu.ID][1] = sat
		}
	}
	w.mains = w.parties[:2]
	run.note("new register: %+v", customers)
	for range steps {
		run.pass()
		switch x := run.rng.Float64(); {
		case x < 0.05:
			w.advance()
		case x < 0.2:
			w.execute(run.day(), w.performer(), w.agreementAct())
		default:
			p := randomOf(run, w.parties)
			switch x := run.rng.Float64(); {
			case x < 0.3:
				p = randomOf(run, w.mains) // the main connectors carry the agreements
			case x < 0.55:
				p = "sovellukset" // apps take many steps
			}
			c, _ := w.r.Commitment(p)
			a := actDrawer{randomRun: run, c: c, services: w.services[p], people: &w.people}
			act := a.act()
			if tr, ok := act.(lifecycle.TransferCommitment); ok && run.chance(0.3) {
				tr.To = randomOf(run, w.parties)
				act = tr
			}
			if run.chance(0.01) {
				p = "nobody"
			}
			w.execute(run.day(), p, act)
		}
	}
	w.roundTrip()
}

// performer returns who performs an agreement's act: mostly no one named.
func (w *registerWorld) performer() lifecycle.PartyID {
	if w.chance(0.8) {
		return ""
	}
	return randomOf(w.randomRun, w.parties)
}

// agreementAct draws an act on one of four joint agreements.
func (w *registerWorld) agreementAct() lifecycle.Act {
	id := lifecycle.AgreementID(fmt.Sprintf("yl-%d", 1+w.rng.Intn(4)))
	if w.chance(0.02) {
		id = ""
	}
	party := func(mostly lifecycle.PartyID) lifecycle.PartyID {
		switch {
		case w.chance(0.8):
			return mostly
		case w.chance(0.1):
			return "nobody"
		}
		return randomOf(w.randomRun, w.parties)
	}
	switch x := w.rng.Intn(10); {
	case x < 4:
		main := randomOf(w.randomRun, w.mains)
		s := lifecycle.SignJointAgreement{Agreement: id, Main: party(main), Tenant: party("mukana")}
		if c, ok := w.r.Commitment(s.Main); ok && w.chance(0.75) {
			for _, u := range c.Services() {
				if u.InUse() && w.chance(0.7) {
					s.Services = append(s.Services, u.Service)
				}
			}
		}
		if len(s.Services) == 0 || w.chance(0.1) {
			s.Services = append(s.Services, randomOf(w.randomRun, w.services[main]))
		}
		switch {
		case w.chance(0.03):
			s.Services = append(s.Services, "no-such-service")
		case w.chance(0.03):
			s.Services = append(s.Services, s.Services[0])
		}
		if w.chance(0.3) {
			s.ProductionNotice = randomOf(w.randomRun, []notice.Period{notice.Weeks(2), notice.Months(3), notice.Days(45)})
		}
		return s
	case x < 7:
		term := lifecycle.JointAgreementTerm(notice.Period{})
		by := randomOf(w.randomRun, w.parties[:3])
		if a, ok := w.r.Agreement(id); ok {
			term = a.Termination
			if w.chance(0.8) {
				by = randomOf(w.randomRun, []lifecycle.PartyID{a.Main, a.Tenant})
			}
		}
		return lifecycle.GiveJointAgreementNotice{Agreement: id, By: by, Effective: w.around(term.EarliestEffective(w.today))}
	case x < 8:
		return lifecycle.EndProductionAgreement{Agreement: id}
	}
	reason := "serious breach"
	if w.chance(0.2) {
		reason = ""
	}
	return lifecycle.RescindJointAgreement{Agreement: id, Reason: reason}
}

// streamState is a stream's version and last day, before a step.
type streamState struct {
	version int
	last    notice.Date
}

// streams returns the version and last day of the streams that changes
// touch.
func (w *registerWorld) streams(changes []commitment.Change) map[string]streamState {
	out := map[string]streamState{}
	for _, ch := range changes {
		if id, ok := strings.CutPrefix(ch.Stream, "party/"); ok {
			if c, ok := w.r.Commitment(lifecycle.PartyID(id)); ok {
				out[ch.Stream] = streamState{c.Version(), c.Today()}
			}
			continue
		}
		h := w.history(ch.Stream)
		out[ch.Stream] = streamState{len(h), lastEventDay(h)}
	}
	return out
}

// history returns the events of stream.
func (w *registerWorld) history(stream string) []commitment.Event {
	if id, ok := strings.CutPrefix(stream, "party/"); ok {
		c, _ := w.r.Commitment(lifecycle.PartyID(id))
		return c.History()
	}
	id, _ := strings.CutPrefix(stream, "agreement/")
	return w.r.AgreementHistory(lifecycle.AgreementID(id))
}

// execute decides act, executes it, and checks that Execute applied exactly
// what Decide said, or, refused, changed nothing.
func (w *registerWorld) execute(on notice.Date, p lifecycle.PartyID, act lifecycle.Act) {
	w.count++
	w.note("%s %s %s %+v", on, p, actName(act), act)
	decided, derr := w.r.Decide(on, p, act)
	w.apply(on, decided, derr, func() ([]commitment.Change, error) { return w.r.Execute(on, p, act) }, act, namedBy(p, act))
}

func (w *registerWorld) advance() {
	w.count++
	to := w.today
	if w.chance(0.1) {
		to = to.AddDays(-1 - w.rng.Intn(60))
	}
	var streams []string
	if w.chance(0.3) {
		streams = []string{randomOf(w.randomRun, w.r.Streams())}
		if w.chance(0.05) {
			streams = []string{"party/nobody"}
		}
	}
	w.note("%s advance %v", to, streams)
	decided, derr := w.r.DecideAdvance(to, streams...)
	w.apply(to, decided, derr, func() ([]commitment.Change, error) { return w.r.Advance(to, streams...) }, nil, nil)
}

// apply runs do, which must give what was decided, and checks the
// invariants.
func (w *registerWorld) apply(on notice.Date, decided []commitment.Change, derr error, do func() ([]commitment.Change, error), act lifecycle.Act, named func(lifecycle.PartyID) bool) {
	var before registerFacts // the facts, for a step Decide says is refused
	var data []byte
	var streams map[string]streamState
	if derr != nil {
		before = registerFactsOf(w.r, named)
		if w.sampled(registerJSONEvery) {
			data = marshalRegister(w.t, w.r)
		}
	} else {
		streams = w.streams(decided)
	}
	changes, err := do()
	verdict := w.classify(err)
	w.tally.add(act, verdict)
	w.verdict(verdict)
	if !reflect.DeepEqual(derr, err) || !reflect.DeepEqual(decided, changes) {
		w.fail("Decide said %v %+v; Execute did %v %+v", derr, decided, err, changes)
	}
	if err != nil {
		if changes != nil {
			w.fail("%s, yet changes were returned", verdict)
		}
		if after := registerFactsOf(w.r, named); !reflect.DeepEqual(before, after) {
			w.fail("a refused step changed the register (%v):\nbefore %+v\nafter  %+v", err, before, after)
		}
		if data != nil {
			if got := marshalRegister(w.t, w.r); !bytes.Equal(got, data) {
				w.fail("a refused step changed the JSON (%v)", err)
			}
		}
		return
	}
	seen := map[string]bool{}
	for _, ch := range changes {
		if seen[ch.Stream] {
			w.fail("two changes to %s", ch.Stream)
		}
		seen[ch.Stream] = true
		s := streams[ch.Stream]
		if ch.Version != s.version {
			w.fail("%s: a change decided at version %d, the stream was at %d", ch.Stream, ch.Version, s.version)
		}
		after := w.history(ch.Stream)
		if len(after) != s.version+len(ch.Events) {
			w.fail("%s grew from %d to %d events, but the change has %d", ch.Stream, s.version, len(after), len(ch.Events))
		}
		w.checkEvents(ch.Stream, s.last, on, ch.Events, after)
		if id, ok := strings.CutPrefix(ch.Stream, "party/"); ok {
			// Only a party whose stream changed can have changed.
			p := lifecycle.PartyID(id)
			c, _ := w.r.Commitment(p)
			w.checkCustomership(p, c, after, w.models[p])
			if w.sampled(replayEvery) {
				w.replays(p, c, false)
			}
		}
	}
	for _, p := range w.r.Parties() {
		for _, tu := range w.r.TenantUses(p) {
			if !inUseState(tu.State) {
				continue
			}
			main, _ := w.r.Commitment(tu.Main)
			a, _ := w.r.Agreement(tu.Agreement)
			if st := main.State(tu.Service); !inUseState(st) || !a.InForce() {
				w.fail("tenant %s has %s %s under %s (%s), but the main connector %s has it %q (J3, J10)", p, tu.Service, tu.State, tu.Agreement, a.State, tu.Main, st)
			}
		}
	}
}

// roundTrip checks that the register restored from its streams, one by
// one (each party's history replayed, each agreement's signing checked
// again), is the same register; one sequence in roundTripJSONEvery checks
// that RestoreRegister of its JSON, and Replay of each party's history,
// give the same JSON.
func (w *registerWorld) roundTrip() {
	asJSON := w.seed%roundTripJSONEvery == 0
	if asJSON {
		for _, p := range w.r.Parties() {
			c, _ := w.r.Commitment(p)
			w.replays(p, c, true)
		}
	}
	again := commitment.NewRegister() // Restore replays each party's history
	for _, p := range w.r.Parties() {
		c, _ := w.r.Commitment(p)
		if err := again.Restore(commitment.PartyStream(p), c.History()); err != nil {
			w.fail("%s does not restore: %v", p, err)
		}
	}
	for _, a := range w.r.Agreements() {
		if err := again.Restore(commitment.AgreementStream(a.ID), w.r.AgreementHistory(a.ID)); err != nil {
			w.fail("agreement %s does not restore: %v", a.ID, err)
		}
	}
	if a, b := registerFactsOf(w.r, nil), registerFactsOf(again, nil); !reflect.DeepEqual(a, b) {
		w.fail("Register.Restore gives another register:\n%+v\n%+v", a, b)
	}
	if !slices.Equal(again.Streams(), w.r.Streams()) {
		w.fail("Register.Restore gives other streams")
	}
	if !asJSON {
		return
	}
	data := marshalRegister(w.t, w.r)
	restored, err := commitment.RestoreRegister(data)
	if err != nil {
		w.fail("the register's JSON does not restore: %v", err)
	}
	if got := marshalRegister(w.t, restored); !bytes.Equal(got, data) {
		w.fail("RestoreRegister gives other JSON:\n%s\n%s", data, got)
	}
}
