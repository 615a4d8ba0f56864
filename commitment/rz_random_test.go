package commitment_test

// Random command sequences: seeded, reproducible runs of every command type
// against one Commitment (with three or four services of the default
// catalogue, including the social welfare client data repository, whose
// approval waits for joint testing and the activation test) and against a
// Register of three parties with joint agreements and an app vendor. The
// commands mix plausible and implausible fields: valid and invalid
// signatories, subsets of the documents, effective days on both sides of the
// notice period, all: true, unknown services and apps, days out of order, and
// time passing by 0–40 days with occasional Advance.
//
// After every step they defend:
//
//   - SPEC §10's customership: the state equals
//     lifecycle.CustomershipTarget(state, uses) (a fixed point), and equals
//     the state rzModel derives independently from the services' transitions
//     in the history: applied from the first request until an approval;
//     active while a service is in use without a pending termination;
//     terminating while every service in use has one; ended when none is
//     left in use after an approval (with no application outliving it, C8);
//     withdrawn when the applications ended before any approval;
//   - a refused command (*lifecycle.Refusal) or a malformed one
//     (*commitment.InputError) changes nothing: the history has the same
//     length and every query gives the same answer (rzFacts: everything the
//     JSON form holds), and for a sample of them (see rzJSONEvery)
//     json.Marshal gives the same bytes (marshalling after each one would make
//     the run several times slower under -race);
//   - every refusal cites at least one clause, and every blocker a known rule;
//   - Check (asked for a sample of the commands) says exactly what Execute
//     then does, and Explain lists the refusal's blockers;
//   - events are never dated after the command's day, the history grows by
//     exactly the events returned, Today() is the latest event's day, and
//     Advance to a day already reached does nothing;
//   - a tenant's service in use (Register.TenantUses) is in use by its main
//     connector (J3).
//
// At the end of each sequence Restore(json) and Replay(History()) give the
// same commitment: the same facts and the same whole history, so the same
// JSON, which one sequence in rzRoundTripJSONEvery compares byte for byte
// (for the register: RestoreRegister, and Replay of each party's history).
//
// The run is reproducible: sequence i uses seed base+i, base being 1 unless
// the environment variable RZ_SEED or the flag -rz.seed sets it (the flag
// goes after the package: go test ./commitment -rz.seed=7). A failure prints
// the sequence's seed and its last commands; rerun it alone with
//
//	RZ_SEED=<seed> RZ_SEQUENCES=1 go test -race -run TestRandomCommands ./commitment
//
// RZ_SEQUENCES (default 1640 for a commitment, 360 for the register) scales
// the run; vary RZ_SEED to explore.

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"math/rand"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

var rzSeedFlag = flag.Int64("rz.seed", 0, "base seed of the random command sequences (default 1, or $RZ_SEED)")

// The default run: 1640 sequences over a commitment and 360 over a
// register, 50 steps each, 100 000 commands and advances in all, in two
// parallel workers each (about 20 s under -race on two cores).
const (
	rzCommitmentSequences = 1640
	rzRegisterSequences   = 360
	rzSteps               = 50
	rzWorkers             = 2
)

// rzBaseSeed returns the base seed: $RZ_SEED, -rz.seed or 1.
func rzBaseSeed(t *testing.T) int64 {
	if s := os.Getenv("RZ_SEED"); s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			t.Fatalf("RZ_SEED=%q: %v", s, err)
		}
		return n
	}
	if *rzSeedFlag != 0 {
		return *rzSeedFlag
	}
	return 1
}

// rzSequenceCount returns $RZ_SEQUENCES or def.
func rzSequenceCount(t *testing.T, def int) int {
	if s := os.Getenv("RZ_SEQUENCES"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 1 {
			t.Fatalf("RZ_SEQUENCES=%q: want a positive count", s)
		}
		return n
	}
	return def
}

func TestRandomCommands_CommitmentKeepsItsInvariants(t *testing.T) {
	rzSequences(t, rzCommitmentSequences, rzCommitmentSequence)
}

func TestRandomCommands_RegisterKeepsItsInvariants(t *testing.T) {
	rzSequences(t, rzRegisterSequences, rzRegisterSequence)
}

// rzSequences runs n sequences (or $RZ_SEQUENCES) of rzSteps steps each,
// sequence i from seed base+i, shared out among rzWorkers parallel workers.
func rzSequences(t *testing.T, n int, sequence func(t *testing.T, seed int64, steps int) int) {
	base := rzBaseSeed(t)
	n = rzSequenceCount(t, n)
	for w := 0; w < rzWorkers; w++ {
		t.Run(fmt.Sprintf("worker-%d", w), func(t *testing.T) {
			t.Parallel()
			commands := 0
			for i := w; i < n; i += rzWorkers {
				commands += sequence(t, base+int64(i), rzSteps)
			}
			t.Logf("%d commands and advances from base seed %d", commands, base)
		})
	}
}

// rzRun is one random sequence: its generator, the log of what it did and the
// failure report.
type rzRun struct {
	t     *testing.T
	seed  int64
	rng   *rand.Rand
	today notice.Date
	log   []rzEntry
	count int // commands and advances run
}

// rzEntry is one step of a sequence's log, written out only on failure.
type rzEntry struct {
	on      notice.Date
	party   string
	cmd     commitment.Command
	advance bool
	note    string // instead of a step
	verdict string
}

func (e rzEntry) String() string {
	switch {
	case e.note != "":
		return e.note
	case e.advance:
		return fmt.Sprintf("%s advance → %s", e.on, e.verdict)
	case e.party != "":
		return fmt.Sprintf("%s %s %s %+v → %s", e.on, e.party, rzName(e.cmd), e.cmd, e.verdict)
	}
	return fmt.Sprintf("%s %s %+v → %s", e.on, rzName(e.cmd), e.cmd, e.verdict)
}

func (r *rzRun) note(format string, args ...any) {
	r.log = append(r.log, rzEntry{note: fmt.Sprintf(format, args...)})
}

// step logs a step and counts it.
func (r *rzRun) step(e rzEntry) {
	r.count++
	r.log = append(r.log, e)
}

// verdict records the outcome of the last step.
func (r *rzRun) verdict(v string) { r.log[len(r.log)-1].verdict = v }

// fail stops the test with the seed and the sequence's last steps.
func (r *rzRun) fail(format string, args ...any) {
	r.t.Helper()
	var tail []string
	for i := max(0, len(r.log)-25); i < len(r.log); i++ {
		tail = append(tail, r.log[i].String())
	}
	r.t.Fatalf("seed %d, step %d: %s\nrerun: RZ_SEED=%d RZ_SEQUENCES=1 go test -race -run TestRandomCommands ./commitment\nlast steps:\n  %s",
		r.seed, len(r.log), fmt.Sprintf(format, args...), r.seed, strings.Join(tail, "\n  "))
}

func (r *rzRun) chance(p float64) bool { return r.rng.Float64() < p }

// pass moves the day forward by 0–40 days (nothing, two times in five).
func (r *rzRun) pass() {
	if !r.chance(0.4) {
		r.today = r.today.AddDays(1 + r.rng.Intn(40))
	}
}

// day returns the day a command is given: today, or now and then a day out
// of order or no day at all.
func (r *rzRun) day() notice.Date {
	switch {
	case r.chance(0.02):
		return r.today.AddDays(-1 - r.rng.Intn(30))
	case r.chance(0.005):
		return notice.Date{}
	}
	return r.today
}

// around returns d moved by up to a few days either way, mostly later.
func (r *rzRun) around(d notice.Date) notice.Date {
	if r.chance(0.2) {
		return d.AddDays(-1 - r.rng.Intn(5))
	}
	return d.AddDays(r.rng.Intn(30))
}

var (
	rzMonthBefore = notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}
	rzSWR         = lifecycle.SocialWelfareClientDataRepository
	rzExtra       = []lifecycle.ServiceID{
		lifecycle.PatientDataRepository, lifecycle.ImagingDataRepository, lifecycle.ConsentService,
		lifecycle.MyDataRepository, lifecycle.MedicinesDatabase, lifecycle.CustomerTestService,
	}
	rzUnits = []string{"Kotihoito", "Asumispalvelut", "Vastaanotto"}
	rzApps  = []string{"askelmittari", "unipäiväkirja"}
)

// rzKind draws a customer kind: mostly the kinds that make the services and
// apps interesting, sometimes any kind.
func rzKind(rng *rand.Rand) lifecycle.Kind {
	switch x := rng.Float64(); {
	case x < 0.35:
		return lifecycle.PrivateSocialWelfareProvider
	case x < 0.45:
		return lifecycle.PublicSocialWelfareProvider
	case x < 0.6:
		return lifecycle.Pharmacist
	case x < 0.75:
		return lifecycle.AppVendor
	}
	ks := lifecycle.Kinds()
	return ks[rng.Intn(len(ks))]
}

// ---------------------------------------------------------------------------
// The customership model of SPEC §10, derived from the service transitions
// of a history alone.

type rzModel struct {
	seen     int // history events consumed
	states   map[lifecycle.ServiceID]lifecycle.State
	pending  map[lifecycle.ServiceID]bool // a termination is pending
	open     bool                         // a customership is running: requested, not yet ended or withdrawn
	approved bool                         // a service was approved since it began
	outcome  lifecycle.State              // how the last one finished (None: never began)
	last     lifecycle.State              // the latest customership transition's target
}

func rzNewModel() *rzModel {
	return &rzModel{states: map[lifecycle.ServiceID]lifecycle.State{}, pending: map[lifecycle.ServiceID]bool{}}
}

func rzInUse(s lifecycle.State) bool {
	return s == lifecycle.Active || s == lifecycle.Suspended || s == lifecycle.NoticeGiven
}

func rzApplying(s lifecycle.State) bool {
	return s == lifecycle.Requested || s == lifecycle.JointTested || s == lifecycle.ActivationTested
}

func (m *rzModel) count() (inUse, pending, live int) {
	for s, st := range m.states {
		if rzInUse(st) {
			inUse++
			if m.pending[s] {
				pending++
			}
		}
		if rzInUse(st) || rzApplying(st) {
			live++
		}
	}
	return
}

// feed consumes the events of history it has not seen yet.
func (m *rzModel) feed(history []commitment.Event) {
	for _, e := range history[m.seen:] {
		tr, ok := e.(commitment.Transitioned)
		if !ok {
			continue
		}
		switch tr.Machine {
		case lifecycle.CustomershipMachine().Name():
			m.last = tr.To
			continue
		case lifecycle.ServiceMachine().Name():
		default:
			continue
		}
		s := lifecycle.ServiceID(tr.Subject)
		switch tr.Event.(type) {
		case lifecycle.RequestService:
			if !m.open {
				m.open, m.approved = true, false
			}
			m.pending[s] = false
		case lifecycle.ApproveService:
			m.approved = true
		case lifecycle.GiveTerminationNotice:
			m.pending[s] = true
		case lifecycle.TerminateByAuthority:
			m.pending[s] = tr.To != lifecycle.Terminated
		}
		m.states[s] = tr.To
		if !m.open {
			continue
		}
		inUse, _, live := m.count()
		switch {
		case m.approved && inUse == 0:
			m.open, m.outcome = false, lifecycle.Ended
		case !m.approved && live == 0:
			m.open, m.outcome = false, lifecycle.Withdrawn
		}
	}
	m.seen = len(history)
}

// expected returns the customership SPEC §10 gives.
func (m *rzModel) expected() lifecycle.State {
	if !m.open {
		return m.outcome
	}
	if !m.approved {
		return lifecycle.Applied
	}
	if inUse, pending, _ := m.count(); inUse > 0 && pending == inUse {
		return lifecycle.Terminating
	}
	return lifecycle.Active
}

// rzCheckCustomership checks c against SPEC §10 and its model m (fed with c's
// history), and returns the history.
func (r *rzRun) checkCustomership(who string, c *commitment.Commitment, m *rzModel) []commitment.Event {
	r.t.Helper()
	h := c.History()
	m.feed(h)
	cs := c.Customership()
	if target := lifecycle.CustomershipTarget(cs, c.Services()); target != cs {
		r.fail("%s: customership %q is not a fixed point: CustomershipTarget gives %q", who, cs, target)
	}
	if want := m.expected(); cs != want {
		r.fail("%s: customership %q, but SPEC §10 gives %q for services %v (pending %v)", who, cs, want, m.states, m.pending)
	}
	if m.last != cs {
		r.fail("%s: customership %q, but its last transition went to %q", who, cs, m.last)
	}
	if _, _, live := m.count(); !m.open && live > 0 {
		r.fail("%s: customership %q with services still live %v (C8)", who, cs, m.states)
	}
	for s, st := range m.states {
		if got := c.State(s); got != st {
			r.fail("%s: State(%s) = %q, but its history says %q", who, s, got, st)
		}
	}
	return h
}

// classify sorts a command's error: accepted, refused or malformed; anything
// else fails the run. A refusal must cite a clause.
func (r *rzRun) classify(err error) string {
	r.t.Helper()
	if err == nil {
		return "accepted"
	}
	var ref *lifecycle.Refusal
	var in *commitment.InputError
	switch {
	case errors.As(err, &ref):
		if len(ref.Blockers) == 0 || len(ref.Citations()) == 0 {
			r.fail("a refusal without a citation: %v", err)
		}
		for _, b := range ref.Blockers {
			if !b.Rule.Known() || b.Rule.Clause() == "" {
				r.fail("a blocker with an unknown rule %q: %v", b.Rule, err)
			}
		}
		return "refused"
	case errors.As(err, &in):
		return "malformed"
	}
	r.fail("an error that is neither a refusal nor an input error: %T %v", err, err)
	return ""
}

// checkEvents checks the events a command or Advance returned against the
// history before (n events long) and after it.
func (r *rzRun) checkEvents(before int, after []commitment.Event, events []commitment.Event, on, today notice.Date) {
	r.t.Helper()
	for i := len(after) - 1; i > 0; i-- {
		if d := after[i].Date(); !d.IsZero() {
			if d != today {
				r.fail("Today() is %s, but the latest event is dated %s", today, d)
			}
			break
		}
	}
	if len(after) != before+len(events) {
		r.fail("the history grew from %d to %d events, but %d were returned", before, len(after), len(events))
	}
	if len(events) > 0 && !reflect.DeepEqual(after[before:], events) {
		r.fail("the history's new events are not the ones returned:\n%#v\n%#v", after[before:], events)
	}
	prev := notice.Date{}
	if before > 0 {
		prev = after[before-1].Date()
	}
	for _, e := range events {
		d := e.Date()
		if d.IsZero() || d.After(on) || d.Before(prev) {
			r.fail("event %s dated %s (previous %s, command's day %s)", e.Type(), d, prev, on)
		}
		prev = d
	}
}

// ---------------------------------------------------------------------------
// One commitment.

type rzCommitmentWorld struct {
	*rzRun
	c        *commitment.Commitment
	model    *rzModel
	services []lifecycle.ServiceID
	people   int // contacts named so far, for their names
}

func rzCommitmentSequence(t *testing.T, seed int64, steps int) int {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	r := &rzRun{t: t, seed: seed, rng: rng, today: notice.MustDate(2023, 12, 1).AddDays(rng.Intn(500))}
	kind := rzKind(rng)
	c, err := commitment.New(commitment.Customer{ID: "asiakas", Name: "Asiakas Oy", Kind: kind, Soteri: rng.Intn(2) == 0})
	if err != nil {
		t.Fatal(err)
	}
	w := &rzCommitmentWorld{rzRun: r, c: c, model: rzNewModel(),
		services: []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.Kelain, rzSWR}}
	if rng.Intn(2) == 0 {
		w.services = append(w.services, rzExtra[rng.Intn(len(rzExtra))])
	}
	r.note("new %s commitment with services %v", kind, w.services)
	for i := 0; i < steps; i++ {
		r.pass()
		if r.chance(0.05) {
			w.advance()
		} else {
			w.execute(r.day(), w.command())
		}
	}
	w.roundTrip()
	return r.count
}

// Sampling keeps the run fast under -race. Every refused command is proved
// to change nothing by rzFacts (everything the JSON form holds), taken before
// and after it; one command in rzCheckEvery is first asked of Check, which
// must say exactly what Execute then does; and one in rzJSONEvery, when Check
// says it will be refused (in a register: whatever it is), is proved to leave
// json.Marshal byte-identical too (a marshal after every refusal would make
// the run several times slower). Which commands are sampled follows from the
// seed, so a rerun samples the same.
const (
	rzCheckEvery = 8
	rzJSONEvery  = 48
)

// rzFacts is what a commitment tells through its queries, which is what
// its JSON form holds: the customer, the customership, the services, the
// apps, the pharmacies, the contacts and the history. The history is
// append-only, so its length and its last event stand for it.
type rzFacts struct {
	Customer     commitment.Customer
	Customership lifecycle.State
	Services     []lifecycle.ServiceUse
	Apps         []lifecycle.App
	Pharmacies   []string
	Contacts     []commitment.Contact
	History      int
	Last         commitment.Event
	Today        notice.Date
}

func rzFactsOf(c *commitment.Commitment) rzFacts {
	h := c.History()
	return rzFacts{c.Customer(), c.Customership(), c.Services(), c.Apps(), c.Pharmacies(), c.Contacts(), len(h), h[len(h)-1], c.Today()}
}

// unchanged runs do and, if it fails, checks that it changed nothing: the
// facts always, the JSON bytes too when marshal is not nil.
func (r *rzRun) unchanged(what string, facts func() any, marshal func() []byte, do func() error) error {
	r.t.Helper()
	before := facts()
	var data []byte
	if marshal != nil {
		data = marshal()
	}
	err := do()
	if err == nil {
		return nil
	}
	if after := facts(); !reflect.DeepEqual(before, after) {
		r.fail("a refused %s changed something (%v):\nbefore %+v\nafter  %+v", what, err, before, after)
	}
	if data != nil {
		if got := marshal(); !bytes.Equal(got, data) {
			r.fail("a refused %s changed the JSON (%v):\n%s\n%s", what, err, data, got)
		}
	}
	return err
}

// sampled reports whether the current command is one in every n.
func (r *rzRun) sampled(n int) bool { return (r.seed+int64(r.count))%int64(n) == 0 }

func (w *rzCommitmentWorld) facts() any      { return rzFactsOf(w.c) }
func (w *rzCommitmentWorld) marshal() []byte { return rzMarshal(w.t, w.c) }

func (w *rzCommitmentWorld) execute(on notice.Date, cmd commitment.Command) {
	w.t.Helper()
	w.step(rzEntry{on: on, cmd: cmd})
	before := len(w.c.History())
	asked := w.sampled(rzCheckEvery) || w.sampled(rzJSONEvery)
	var checked error
	if asked {
		checked = w.c.Check(on, cmd)
	}
	var marshal func() []byte
	if checked != nil && w.sampled(rzJSONEvery) {
		marshal = w.marshal
	}
	var events []commitment.Event
	err := w.unchanged(rzName(cmd), w.facts, marshal, func() (err error) {
		events, err = w.c.Execute(on, cmd)
		return err
	})
	if asked && !reflect.DeepEqual(checked, err) {
		w.fail("Check said %v, Execute did %v", checked, err)
	}
	verdict := w.classify(err)
	w.verdict(verdict)
	if err != nil {
		if events != nil {
			w.fail("%s, yet events were returned", verdict)
		}
		if asked {
			blockers, xerr := w.c.Explain(on, cmd)
			var ref *lifecycle.Refusal
			if errors.As(err, &ref) && (xerr != nil || !reflect.DeepEqual(blockers, ref.Blockers)) {
				w.fail("Explain gives %v, %v; Execute refused with %v", blockers, xerr, ref.Blockers)
			}
		}
	}
	if err != nil {
		return // nothing changed (unchanged proved it), so the invariants still hold
	}
	w.checkEvents(before, w.checkCustomership("asiakas", w.c, w.model), events, on, w.c.Today())
}

func (w *rzCommitmentWorld) advance() {
	w.t.Helper()
	to := w.today
	if w.chance(0.1) {
		to = to.AddDays(-1 - w.rng.Intn(60))
	}
	w.step(rzEntry{on: to, advance: true})
	before := len(w.c.History())
	late := to.Before(w.c.Today()) // documented: an *InputError that changes nothing
	var marshal func() []byte
	if late && w.sampled(rzJSONEvery/8) {
		marshal = w.marshal
	}
	var events []commitment.Event
	err := w.unchanged("advance", w.facts, marshal, func() (err error) {
		events, err = w.c.Advance(to)
		return err
	})
	verdict := w.classify(err)
	w.verdict(verdict)
	if late != (err != nil) {
		w.fail("Advance(%s) with the latest event on %s: %v", to, w.c.Today(), err)
	}
	if err != nil {
		return
	}
	w.checkEvents(before, w.checkCustomership("asiakas", w.c, w.model), events, to, w.c.Today())
	if again, err := w.c.Advance(to); err != nil || len(again) > 0 {
		w.fail("a second Advance(%s) did something: %v, %d events", to, err, len(again))
	}
}

// rzRoundTripJSONEvery says how often the end of a sequence compares the
// restored commitment's JSON bytes with the original's; the others compare
// its facts and whole history, which is everything the JSON holds, because
// marshalling a freshly restored commitment is slow under -race.
const rzRoundTripJSONEvery = 8

// roundTrip checks that the history replays, and the JSON restores, to the
// same commitment, so to the same JSON.
func (w *rzCommitmentWorld) roundTrip() {
	w.t.Helper()
	data := rzMarshal(w.t, w.c)
	w.replays(w.c, "asiakas")
	restored, err := commitment.Restore(data)
	if err != nil {
		w.fail("the JSON does not restore: %v", err)
	}
	w.same("Restore(json)", w.c, restored)
	if w.seed%rzRoundTripJSONEvery == 0 {
		if got := rzMarshal(w.t, restored); !bytes.Equal(got, data) {
			w.fail("Restore(json) gives other JSON:\n%s\n%s", data, got)
		}
	}
}

// same checks that b is a as its queries tell: the same facts and the same
// whole history.
func (r *rzRun) same(what string, a, b *commitment.Commitment) {
	r.t.Helper()
	if fa, fb := rzFactsOf(a), rzFactsOf(b); !reflect.DeepEqual(fa, fb) || !reflect.DeepEqual(a.History(), b.History()) {
		r.fail("%s gives another commitment:\n%+v\n%+v", what, fa, fb)
	}
}

// rzEventsJSON writes events as MarshalEvent does, one a line.
func rzEventsJSON(t *testing.T, events []commitment.Event) string {
	var b strings.Builder
	for _, e := range events {
		data, err := commitment.MarshalEvent(e)
		if err != nil {
			t.Fatalf("MarshalEvent(%#v): %v", e, err)
		}
		b.Write(data)
		b.WriteByte('\n')
	}
	return b.String()
}

// replays checks that Replay(c.History()) gives c again: the same facts and
// the same history, so the same JSON.
func (r *rzRun) replays(c *commitment.Commitment, who string) {
	r.t.Helper()
	h := c.History()
	replayed, err := commitment.Replay(h)
	if err != nil {
		r.fail("%s: the history does not replay: %v", who, err)
	}
	r.same(who+": Replay(History())", c, replayed)
}

// service draws a service: with good odds one whose state suits the command
// (wanted), otherwise any of the sequence's, and rarely one the catalogue
// does not have or none.
func (w *rzCommitmentWorld) service(wanted func(lifecycle.State) bool) lifecycle.ServiceID {
	switch {
	case w.chance(0.02):
		return "no-such-service"
	case w.chance(0.01):
		return ""
	}
	if wanted != nil && w.chance(0.75) {
		var fit []lifecycle.ServiceID
		for _, s := range w.services {
			if wanted(w.c.State(s)) {
				fit = append(fit, s)
			}
		}
		if len(fit) > 0 {
			return fit[w.rng.Intn(len(fit))]
		}
	}
	return w.services[w.rng.Intn(len(w.services))]
}

func (w *rzCommitmentWorld) app() string {
	switch {
	case w.chance(0.05):
		return "no-such-app"
	case w.chance(0.02):
		return ""
	}
	return rzApps[w.rng.Intn(len(rzApps))]
}

func (w *rzCommitmentWorld) signatory() lifecycle.Signatory {
	switch {
	case w.chance(0.03):
		return "forged"
	case w.chance(0.03):
		return ""
	case w.chance(0.5):
		return lifecycle.TradeRegister
	}
	ss := lifecycle.Signatories()
	return ss[w.rng.Intn(len(ss))]
}

// accepts draws the documents a request accepts: what the customership
// needs, mostly, otherwise any subset, rarely an unknown document.
func (w *rzCommitmentWorld) accepts(committed bool) []lifecycle.Document {
	if w.chance(0.02) {
		return []lifecycle.Document{lifecycle.ServiceDescription, "privacy-policy"}
	}
	if w.chance(0.7) {
		if committed {
			return []lifecycle.Document{lifecycle.ServiceDescription}
		}
		return []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	}
	var out []lifecycle.Document
	for _, d := range lifecycle.Documents() {
		if w.chance(0.5) {
			out = append(out, d)
		}
	}
	return out
}

func (w *rzCommitmentWorld) command() commitment.Command {
	return rzCommand(w.rzRun, w.c, w.services, w.app, &w.people)
}

// rzCommand draws a command for commitment c: mostly one that suits the
// state of a service or app (rzPlausible), otherwise one of any type with
// any fields (rzAnyCommand).
func rzCommand(r *rzRun, c *commitment.Commitment, services []lifecycle.ServiceID, app func() string, people *int) commitment.Command {
	if r.chance(0.65) {
		if cmd := rzPlausible(r, c, services, app); cmd != nil {
			return cmd
		}
	}
	return rzAnyCommand(r, c, services, app, people)
}

// rzPlausible draws a command that the state of a random service (or, for
// an app vendor, app) invites, with fields that are mostly right; nil when
// it has nothing to suggest.
func rzPlausible(r *rzRun, c *commitment.Commitment, services []lifecycle.ServiceID, app func() string) commitment.Command {
	on := r.today
	if c.Customer().Kind == lifecycle.AppVendor && r.chance(0.5) {
		id := app()
		a, _ := c.App(id)
		switch a.State {
		case lifecycle.None:
			return commitment.RegisterApp{App: id, Signatory: lifecycle.TradeRegister}
		case lifecycle.Registered:
			return commitment.PassAppJointTesting{App: id}
		case lifecycle.JointTested:
			if a.Certified.IsZero() || r.chance(0.3) {
				return commitment.CertifyApp{App: id, ValviraRegistered: r.chance(0.9), AuditValidUntil: on.AddDays(r.rng.Intn(300))}
			}
			return commitment.ConnectApp{App: id}
		case lifecycle.Production, lifecycle.WithdrawalNoticed:
			switch x := r.rng.Intn(4); x {
			case 0:
				return commitment.SuspendApp{App: id, Reason: "endangers the national services"}
			case 1:
				return commitment.RenewAuditCertificate{App: id, ValidUntil: on.AddDays(1 + r.rng.Intn(300))}
			case 2:
				return commitment.GiveAppWithdrawalNotice{App: id, Effective: r.around(rzMonthBefore.EarliestEffective(on))}
			}
			return commitment.RemoveApp{App: id, Reason: lifecycle.NonCompliance}
		case lifecycle.Suspended:
			if r.chance(0.5) {
				return commitment.DemonstrateAppCorrection{App: id}
			}
			return commitment.RenewAuditCertificate{App: id, ValidUntil: on.AddDays(1 + r.rng.Intn(300))}
		}
		return nil
	}
	if len(services) == 0 {
		return nil
	}
	s := services[r.rng.Intn(len(services))]
	swr := s == rzSWR
	if swr && !r.chance(0.3) {
		switch c.Customer().Kind {
		case lifecycle.PublicSocialWelfareProvider, lifecycle.PrivateSocialWelfareProvider, lifecycle.AlandProvider, lifecycle.OtherActor:
		default:
			s, swr = services[r.rng.Intn(2)], false // mostly leave an ineligible customer's S3 refusals to rzAnyCommand
		}
	}
	reasons := lifecycle.TerminationReasons()
	termination := commitment.GiveTerminationNotice{Service: s, Effective: r.around(rzMonthBefore.EarliestEffective(on)), Reason: reasons[r.rng.Intn(len(reasons))]}
	suspension := commitment.SuspendService{Service: s, Reason: lifecycle.SuspensionReasons()[r.rng.Intn(4)]}
	switch st := c.State(s); st {
	case lifecycle.None, lifecycle.Terminated, lifecycle.Withdrawn:
		accepts := []lifecycle.Document{lifecycle.ServiceDescription}
		if !lifecycle.Committed(c.Customership()) {
			accepts = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
		}
		return commitment.RequestService{Service: s, Signatory: lifecycle.Signatories()[r.rng.Intn(5)], Accepts: accepts}
	case lifecycle.Requested, lifecycle.JointTested, lifecycle.ActivationTested:
		switch x := r.rng.Intn(10); {
		case x == 0:
			return commitment.WithdrawApplication{Service: s}
		case x == 1:
			return commitment.TerminateByAuthority{Service: s}
		case st == lifecycle.Requested && swr:
			return commitment.PassJointTesting{Service: s}
		case st == lifecycle.JointTested:
			return commitment.PassActivationTest{Service: s}
		}
		return commitment.ApproveService{Service: s}
	case lifecycle.Active:
		switch x := r.rng.Intn(10); {
		case x < 3:
			return suspension
		case x < 7:
			return termination
		case x == 7:
			return commitment.TerminateByAuthority{Service: s, Effective: on.AddDays(r.rng.Intn(60))}
		case x == 8:
			return commitment.RequestService{Service: s, Signatory: lifecycle.TradeRegister,
				Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: rzUnits[r.rng.Intn(len(rzUnits))]}
		}
		termination.Service, termination.All = "", true
		return termination
	case lifecycle.Suspended:
		switch x := r.rng.Intn(10); {
		case x < 5:
			return commitment.DemonstrateCorrection{Service: s}
		case x < 8:
			return termination
		case x == 8:
			return commitment.DemonstrateCorrection{All: true}
		}
		return suspension
	case lifecycle.NoticeGiven:
		switch x := r.rng.Intn(10); {
		case x < 4:
			return suspension
		case x < 5:
			return commitment.TerminateByAuthority{Service: s}
		}
	}
	return nil
}

// rzAnyCommand draws a command of any type for commitment c, with fields
// plausible and implausible.
func rzAnyCommand(r *rzRun, c *commitment.Commitment, services []lifecycle.ServiceID, app func() string, people *int) commitment.Command {
	w := &rzCommitmentWorld{rzRun: r, c: c, services: services} // for its drawing helpers
	all := r.chance(0.12)
	svc := func(wanted func(lifecycle.State) bool) lifecycle.ServiceID {
		if all {
			if r.chance(0.05) {
				return lifecycle.Prescription // all and a service: malformed
			}
			return ""
		}
		return w.service(wanted)
	}
	on := r.today
	x := r.rng.Intn(100)
	if x >= 73 && x < 97 && c.Customer().Kind != lifecycle.AppVendor && r.chance(0.85) {
		x = r.rng.Intn(62) // apps are an app vendor's: mostly draw another command
	}
	switch {
	case x < 14:
		committed := lifecycle.Committed(c.Customership())
		req := commitment.RequestService{Service: w.service(func(s lifecycle.State) bool { return !rzInUse(s) && !rzApplying(s) }),
			Signatory: w.signatory(), Accepts: w.accepts(committed)}
		if r.chance(0.2) {
			req.OrgUnit = rzUnits[r.rng.Intn(len(rzUnits))]
			if r.chance(0.5) {
				req.Accepts = []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
			}
			req.Service = w.service(func(s lifecycle.State) bool { return rzInUse(s) || rzApplying(s) })
		}
		return req
	case x < 20:
		return commitment.PassJointTesting{Service: w.service(func(s lifecycle.State) bool { return s == lifecycle.Requested })}
	case x < 26:
		return commitment.PassActivationTest{Service: w.service(func(s lifecycle.State) bool {
			return s == lifecycle.JointTested || s == lifecycle.Requested
		})}
	case x < 36:
		return commitment.ApproveService{Service: w.service(rzApplying)}
	case x < 40:
		return commitment.WithdrawApplication{Service: w.service(rzApplying)}
	case x < 46:
		reasons := lifecycle.SuspensionReasons()
		reason := reasons[r.rng.Intn(len(reasons))]
		if r.chance(0.05) {
			reason = "bored"
		}
		return commitment.SuspendService{Service: svc(rzInUse), All: all, Reason: reason}
	case x < 51:
		return commitment.DemonstrateCorrection{Service: svc(func(s lifecycle.State) bool { return s == lifecycle.Suspended }), All: all}
	case x < 59:
		reasons := lifecycle.TerminationReasons()
		n := commitment.GiveTerminationNotice{Service: svc(rzInUse), All: all,
			Effective: r.around(rzMonthBefore.EarliestEffective(on)), Reason: reasons[r.rng.Intn(len(reasons))]}
		switch {
		case r.chance(0.05):
			n.Reason = ""
		case r.chance(0.04):
			n.Reason = "boredom"
		case r.chance(0.04):
			n.Effective = notice.Date{}
		}
		return n
	case x < 62:
		n := commitment.TerminateByAuthority{Service: svc(func(s lifecycle.State) bool { return rzInUse(s) || rzApplying(s) }), All: all}
		if r.chance(0.5) {
			n.Effective = on.AddDays(r.rng.Intn(70) - 5)
		}
		return n
	case x < 63:
		kinds := lifecycle.Kinds()
		to := commitment.Customer{ID: fmt.Sprintf("uusi-%d", r.rng.Intn(3)), Kind: kinds[r.rng.Intn(len(kinds))]}
		if r.chance(0.1) {
			to.ID = c.Customer().ID
		}
		if r.chance(0.05) {
			to.Kind = "pirate"
		}
		return commitment.TransferCommitment{To: to, KelaConsent: r.chance(0.7)}
	case x < 65:
		names := []string{"Keskusapteekki", "Sivuapteekki", ""}
		return commitment.AddPharmacy{Pharmacy: names[r.rng.Intn(len(names))]}
	case x < 68:
		roles := commitment.ContactRoles()
		role := roles[r.rng.Intn(len(roles))]
		if r.chance(0.05) {
			role = "astrologer"
		}
		*people++
		name := fmt.Sprintf("Henkilö %d", *people%4)
		if r.chance(0.05) {
			name = ""
		}
		return commitment.NameContact{Contact: commitment.Contact{Role: role, Name: name, Email: "x@example.fi"}}
	case x < 70:
		roles := commitment.ContactRoles()
		return commitment.RemoveContact{Role: roles[r.rng.Intn(len(roles))], Person: fmt.Sprintf("Henkilö %d", r.rng.Intn(4))}
	case x < 73:
		rules := notice.RuleIDs()
		n := commitment.NotifyChange{Rule: rules[r.rng.Intn(len(rules))], Details: "muutos"}
		if r.chance(0.05) {
			n.Rule = "gossip"
		}
		if r.chance(0.8) {
			n.Effective = on.AddDays(r.rng.Intn(50) - 5)
		}
		return n
	case x < 76:
		return commitment.RegisterApp{App: app(), Signatory: w.signatory()}
	case x < 79:
		return commitment.PassAppJointTesting{App: app()}
	case x < 82:
		cert := commitment.CertifyApp{App: app(), ValviraRegistered: r.chance(0.8), AuditValidUntil: on.AddDays(r.rng.Intn(400) - 10)}
		if r.chance(0.05) {
			cert.AuditValidUntil = notice.Date{}
		}
		return cert
	case x < 86:
		return commitment.ConnectApp{App: app()}
	case x < 88:
		reason := "endangers the national services"
		if r.chance(0.1) {
			reason = ""
		}
		return commitment.SuspendApp{App: app(), Reason: reason}
	case x < 90:
		return commitment.DemonstrateAppCorrection{App: app()}
	case x < 92:
		renew := commitment.RenewAuditCertificate{App: app(), ValidUntil: on.AddDays(r.rng.Intn(400) - 5)}
		if r.chance(0.05) {
			renew.ValidUntil = notice.Date{}
		}
		return renew
	case x < 95:
		return commitment.GiveAppWithdrawalNotice{App: app(), Effective: r.around(rzMonthBefore.EarliestEffective(on))}
	case x < 97:
		reasons := lifecycle.RemovalReasons()
		reason := reasons[r.rng.Intn(len(reasons))]
		if r.chance(0.1) {
			reason = "spite"
		}
		return commitment.RemoveApp{App: app(), Reason: reason}
	case x < 99:
		if r.chance(0.1) {
			return nil
		}
		return commitment.SignJointAgreement{ID: "väärä", Main: "a", Tenant: "b"} // not a commitment's command
	}
	return commitment.NameContact{Contact: commitment.Contact{Role: commitment.Communications, Name: "Viestintä"}}
}

// rzName names a command for the log, nil included.
func rzName(cmd commitment.Command) string {
	if cmd == nil {
		return "<nil>"
	}
	return cmd.Name()
}

// ---------------------------------------------------------------------------
// A register: a main connector, a tenant and an app vendor.

type rzRegisterWorld struct {
	*rzRun
	r        *commitment.Register
	models   map[*commitment.Commitment]*rzModel
	parties  []string
	services map[string][]lifecycle.ServiceID
	people   int
}

func rzRegisterSequence(t *testing.T, seed int64, steps int) int {
	t.Helper()
	rng := rand.New(rand.NewSource(seed))
	run := &rzRun{t: t, seed: seed, rng: rng, today: notice.MustDate(2023, 12, 1).AddDays(rng.Intn(500))}
	w := &rzRegisterWorld{rzRun: run, r: commitment.NewRegister(), models: map[*commitment.Commitment]*rzModel{},
		services: map[string][]lifecycle.ServiceID{}}
	mainKinds := lifecycle.MainConnectorKinds()
	parties := []commitment.Customer{
		{ID: "pääliittyjä", Kind: mainKinds[rng.Intn(len(mainKinds))], Soteri: rng.Float64() < 0.9},
		{ID: "mukanaliittyjä", Kind: lifecycle.PrivateHealthCareProvider, Soteri: rng.Float64() < 0.85},
		{ID: "sovellustoimittaja", Kind: lifecycle.AppVendor},
	}
	if rng.Intn(4) == 0 {
		parties[1].Kind = rzKind(rng)
	}
	for _, p := range parties {
		if _, err := w.r.Add(p); err != nil {
			t.Fatal(err)
		}
		w.parties = append(w.parties, p.ID)
		w.services[p.ID] = []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository, lifecycle.Kelain}
		if p.Kind == lifecycle.PrivateSocialWelfareProvider {
			w.services[p.ID][1] = rzSWR
		}
	}
	run.note("new register: %+v", parties)
	for i := 0; i < steps; i++ {
		run.pass()
		switch x := rng.Float64(); {
		case x < 0.05:
			w.advance()
		case x < 0.25:
			w.execute(run.day(), "", w.agreementCommand())
		default:
			party := w.parties[rng.Intn(len(w.parties))]
			if rng.Float64() < 0.5 {
				party = w.parties[0] // the main connector carries the agreements
			}
			if rng.Float64() < 0.01 {
				party = "nobody"
			}
			c, ok := w.r.Commitment(party)
			if !ok {
				c, _ = w.r.Commitment(w.parties[0])
			}
			cmd := rzCommand(run, c, w.services[w.parties[0]], w.app, &w.people)
			if tr, ok := cmd.(commitment.TransferCommitment); ok && rng.Float64() < 0.5 {
				tr.To.ID = w.parties[rng.Intn(len(w.parties))]
				cmd = tr
			}
			w.execute(run.day(), party, cmd)
		}
	}
	w.roundTrip()
	return run.count
}

func (w *rzRegisterWorld) app() string {
	if w.chance(0.05) {
		return "no-such-app"
	}
	return rzApps[w.rng.Intn(len(rzApps))]
}

// agreementCommand draws a command on one of three joint agreements.
func (w *rzRegisterWorld) agreementCommand() commitment.Command {
	id := fmt.Sprintf("yl-%d", 1+w.rng.Intn(3))
	if w.chance(0.02) {
		id = ""
	}
	party := func(mostly string) string {
		if w.chance(0.8) {
			return mostly
		}
		if w.chance(0.1) {
			return "nobody"
		}
		return w.parties[w.rng.Intn(len(w.parties))]
	}
	switch x := w.rng.Intn(10); {
	case x < 4:
		s := commitment.SignJointAgreement{ID: id, Main: party(w.parties[0]), Tenant: party(w.parties[1])}
		for _, sv := range w.services[w.parties[0]] {
			if w.chance(0.5) {
				s.Services = append(s.Services, sv)
			}
		}
		switch {
		case w.chance(0.05):
			s.Services = append(s.Services, "no-such-service")
		case w.chance(0.05) && len(s.Services) > 0:
			s.Services = append(s.Services, s.Services[0])
		}
		if w.chance(0.3) {
			s.ProductionNotice = []notice.Period{notice.Weeks(2), notice.Months(3), notice.Days(45)}[w.rng.Intn(3)]
		}
		return s
	case x < 7:
		term := lifecycle.JointAgreementTerm(notice.Period{})
		if a, ok := w.r.Agreement(id); ok {
			term = a.Termination
		}
		by := w.parties[w.rng.Intn(2)]
		if w.chance(0.1) {
			by = w.parties[2]
		}
		return commitment.GiveJointAgreementNotice{Agreement: id, By: by, Effective: w.around(term.EarliestEffective(w.today))}
	case x < 8:
		return commitment.EndProductionAgreement{Agreement: id}
	}
	reason := "serious breach"
	if w.chance(0.2) {
		reason = ""
	}
	return commitment.RescindJointAgreement{Agreement: id, Reason: reason}
}

// rzRegisterFacts is everything a register tells through its queries: every
// party's commitment (see rzFacts), every agreement and its history.
type rzRegisterFacts struct {
	Parties    []string
	Facts      []rzFacts
	Agreements []lifecycle.JointAgreement
	Histories  []int
}

func (w *rzRegisterWorld) facts() any {
	var f rzRegisterFacts
	f.Parties = w.r.Parties()
	for _, id := range f.Parties {
		c, _ := w.r.Commitment(id)
		f.Facts = append(f.Facts, rzFactsOf(c))
	}
	f.Agreements = w.r.Agreements()
	for _, a := range f.Agreements {
		f.Histories = append(f.Histories, len(w.r.AgreementHistory(a.ID)))
	}
	return f
}

func (w *rzRegisterWorld) marshal() []byte { return rzMarshal(w.t, w.r) }

// A register has no Check: a sampled command to one party's commitment is
// asked of that commitment's Check.
func (w *rzRegisterWorld) execute(on notice.Date, party string, cmd commitment.Command) {
	w.t.Helper()
	w.step(rzEntry{on: on, party: party, cmd: cmd})
	var checked error
	asked := false
	if w.sampled(rzCheckEvery) {
		switch cmd.(type) {
		case commitment.AgreementCommand, commitment.TransferCommitment, nil:
		default:
			if c, ok := w.r.Commitment(party); ok {
				checked, asked = c.Check(on, cmd), true
			}
		}
	}
	err := w.unchanged(rzName(cmd), w.facts, w.marshalSampled(), func() error {
		_, err := w.r.Execute(on, party, cmd)
		return err
	})
	if asked && !reflect.DeepEqual(checked, err) {
		w.fail("Check said %v, Execute did %v", checked, err)
	}
	w.after(err)
}

// marshalSampled returns marshal for one command in rzJSONEvery, nil for
// the others.
func (w *rzRegisterWorld) marshalSampled() func() []byte {
	if w.sampled(rzJSONEvery) {
		return w.marshal
	}
	return nil
}

func (w *rzRegisterWorld) advance() {
	w.t.Helper()
	to := w.today
	if w.chance(0.1) {
		to = to.AddDays(-1 - w.rng.Intn(60))
	}
	w.step(rzEntry{on: to, advance: true})
	err := w.unchanged("advance", w.facts, w.marshalSampled(), func() error { return w.r.Advance(to) })
	w.after(err)
}

func (w *rzRegisterWorld) after(err error) {
	w.t.Helper()
	w.verdict(w.classify(err))
	if err != nil {
		return // nothing changed (unchanged proved it), so the invariants still hold
	}
	for _, id := range w.r.Parties() {
		c, _ := w.r.Commitment(id)
		m := w.models[c]
		if m == nil {
			m = rzNewModel()
			w.models[c] = m
		}
		w.checkCustomership(id, c, m)
		for _, tu := range w.r.TenantUses(id) {
			if !rzInUse(tu.State) {
				continue
			}
			main, ok := w.r.Commitment(tu.Main)
			if !ok {
				w.fail("%s uses %s through %s, which is not registered", id, tu.Service, tu.Main)
			}
			if st := main.State(tu.Service); !rzInUse(st) {
				w.fail("tenant %s has %s %s under %s, but the main connector %s has it %q (J3)", id, tu.Service, tu.State, tu.Agreement, tu.Main, st)
			}
		}
	}
}

func (w *rzRegisterWorld) roundTrip() {
	w.t.Helper()
	data := rzMarshal(w.t, w.r)
	restored, err := commitment.RestoreRegister(data)
	if err != nil {
		w.fail("the register's JSON does not restore: %v", err)
	}
	if w.seed%rzRoundTripJSONEvery == 0 {
		if got := rzMarshal(w.t, restored); !bytes.Equal(got, data) {
			w.fail("RestoreRegister(json) gives other JSON:\n%s\n%s", data, got)
		}
	}
	if !reflect.DeepEqual(restored.Parties(), w.r.Parties()) || !reflect.DeepEqual(restored.Agreements(), w.r.Agreements()) {
		w.fail("RestoreRegister(json) gives other parties or agreements")
	}
	for _, a := range w.r.Agreements() {
		// Compared as written: signing's party facts are not part of the JSON.
		if x, y := rzEventsJSON(w.t, w.r.AgreementHistory(a.ID)), rzEventsJSON(w.t, restored.AgreementHistory(a.ID)); x != y {
			w.fail("RestoreRegister(json) gives agreement %s another history:\n%s\n%s", a.ID, x, y)
		}
	}
	for _, id := range w.r.Parties() {
		c, _ := w.r.Commitment(id)
		back, _ := restored.Commitment(id)
		w.same("RestoreRegister(json), party "+id+",", c, back)
		w.replays(c, id)
	}
}
