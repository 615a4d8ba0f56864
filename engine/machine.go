package engine

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// State is a stable state identifier ("requested", "active").
type State string

// None is the pseudo-state before a machine has started; diagrams draw it
// as [*]. A service that was never requested is in None.
const None State = ""

// Name returns the state's identifier for messages: "(not started)" for
// None, which has an empty identifier.
func (s State) Name() string {
	if s == None {
		return "(not started)"
	}
	return string(s)
}

// EventID is the stable identifier of an event ("approve-service"): the
// same string in code, JSON, scenario files, diagrams and the command line.
type EventID string

// Event is a typed event of a machine. Each event is its own Go type whose
// fields carry what the event says (an effective day, a reason); EventID
// returns its stable identifier.
type Event interface {
	EventID() EventID
}

// Class is a class of states that a machine's owner asks about, such as
// "in-use" or "applying".
type Class string

// Actor is who performs an event: its stable identifier and its label. The
// zero Actor performs nothing: the event happens by the passage of time or
// follows from other events.
type Actor struct {
	ID    string
	Label Label
}

// StateSpec declares a state: its identifier, its words, the classes it
// belongs to, whether it is final (no event leaves it except a new start),
// and the rule that governs being in it, if one does: that rule is cited
// when an event is not possible in the state.
type StateSpec struct {
	ID      State
	Label   Label
	Classes []Class
	Final   bool
	Rule    rules.Rule
}

// EventSpec declares an event of a machine whose subject is S. Make it with
// On.
type EventSpec[S any] struct {
	proto  Event
	label  Label
	actor  Actor
	effect func(*S, notice.Date, Event)
}

// On declares the event type E of a machine whose subject is S: its words,
// who performs it (the zero Actor for none) and its effect on the subject
// besides the change of state (nil for none). The effect sees the subject in
// its state before the step; Apply sets the new state after it. An effect
// must not change anything the subject shares with earlier copies of it,
// such as a slice's elements or a pointed-to value: it replaces them.
func On[S any, E Event](label Label, actor Actor, effect func(s *S, on notice.Date, e E)) EventSpec[S] {
	var zero E
	spec := EventSpec[S]{proto: zero, label: label, actor: actor}
	if effect != nil {
		spec.effect = func(s *S, on notice.Date, e Event) {
			if v, ok := e.(E); ok {
				effect(s, on, v)
			}
		}
	}
	return spec
}

// Step is what a guard or a branch sees: the day, the event, the subject as
// it is (read only) and the facts around it that the machine's owner passes
// in.
type Step[S, F any] struct {
	On      notice.Date
	Event   Event
	Subject *S
	Facts   F
}

// Guard is a condition that a transition requires, with the rule it
// enforces and a few words for diagrams. Check returns nil when the
// condition holds.
type Guard[S, F any] struct {
	Rule  rules.Rule
	Label Label
	Check func(Step[S, F]) *Unmet
}

// Branch restricts a transition to the case where a condition holds, so one
// event can lead to different states ("demonstrate-correction" returns a
// service to notice-given when a termination is pending, to active
// otherwise).
type Branch[S, F any] struct {
	Label Label
	Holds func(Step[S, F]) bool
}

// Due makes a transition timed: it happens by the passage of time, on the
// day Day returns, not by anyone's command.
type Due[S any] struct {
	Label Label
	Day   func(*S) (notice.Date, bool)
}

// Transition is one arrow of a machine: on Event, from any of From, to To,
// when the branch holds and every guard passes. Rule governs the step and is
// cited when the current state does not allow the event. A timed transition
// (Due) happens on its day; a derived one (Derived, with a branch) happens
// by itself when its branch holds, found by Derive. A transition that Stays
// keeps the subject in the state it leaves (it has no To): its event changes
// facts, not the state.
type Transition[S, F any] struct {
	Event   EventID
	From    []State
	To      State
	Stay    bool
	Rule    rules.Rule
	When    *Branch[S, F]
	Guards  []Guard[S, F]
	Due     *Due[S]
	Derived bool
}

// Definition is everything about a machine: its name and words, its states,
// its events and its transitions, and where its subject keeps its state.
type Definition[S, F any] struct {
	Name        string
	Label       Label
	States      []StateSpec
	Events      []EventSpec[S]
	Transitions []Transition[S, F]
	// StateOf returns where the subject keeps its state.
	StateOf func(*S) *State
}

// Machine is a lifecycle defined once and used many times. S is the subject
// it runs for (a service's use, an app) and F the facts around the subject
// that its guards and branches read. A Machine holds no state of any
// subject and is safe for concurrent use.
type Machine[S, F any] struct {
	def     Definition[S, F]
	kinds   []eventKind // the declared events, in order
	byLen   []int       // by identifier length: the last kind declared with it, -1 for none
	timed   []int       // the timed transitions, in order
	derived []int       // the derived transitions, in order
	protos  []Event     // each transition's event, as declared
	classes map[Class][]State
	engine  looplab
}

// eventIndex is where an event is declared (its index in
// Definition.Events) and its transitions, in order.
type eventIndex struct {
	decl        int
	transitions []int
}

// eventKind is a declared event: its identifier, its Go type and where it
// is declared, and the next kind whose identifier has the same length (-1
// for none). An event is found among the kinds of its identifier's length,
// mostly one (lookup): that costs less than hashing the identifier into a
// map, and replay asks twice per event.
type eventKind struct {
	id      EventID
	typ     reflect.Type
	sameLen int
	eventIndex
}

// Define checks a machine's definition and builds it. Every transition must
// name a declared event and declared states and a known rule; transitions
// that share an event and a source state are tried in order, and only the
// last of them may be without a branch; a derived transition needs a branch,
// and a timed one a due day and an event that nobody performs.
func Define[S, F any](d Definition[S, F]) (*Machine[S, F], error) {
	bad := func(format string, args ...any) (*Machine[S, F], error) {
		return nil, fmt.Errorf("engine: %s: %s", d.Name, fmt.Sprintf(format, args...))
	}
	if d.Name == "" || d.StateOf == nil {
		return bad("a machine needs a name and StateOf")
	}
	m := &Machine[S, F]{
		def:     d,
		classes: map[Class][]State{},
	}
	m.def.States = slices.Clone(d.States)
	m.def.Events = slices.Clone(d.Events)
	m.def.Transitions = slices.Clone(d.Transitions)
	declared := map[State]bool{None: true}
	for _, s := range d.States {
		if s.ID == None || declared[s.ID] {
			return bad("state %q is empty or declared twice", s.ID)
		}
		if s.Rule != "" && !s.Rule.Known() {
			return bad("state %q has unknown rule %q", s.ID, s.Rule)
		}
		declared[s.ID] = true
		for _, c := range s.Classes {
			m.classes[c] = append(m.classes[c], s.ID)
		}
	}
	for i, e := range d.Events {
		if e.proto == nil {
			return bad("event %d was not declared with On", i)
		}
		id := e.proto.EventID()
		if _, dup := m.lookup(id); dup || id == "" {
			return bad("event %q is empty or declared twice", id)
		}
		for len(m.byLen) <= len(id) {
			m.byLen = append(m.byLen, -1)
		}
		m.kinds = append(m.kinds, eventKind{id: id, typ: reflect.TypeOf(e.proto), sameLen: m.byLen[len(id)], eventIndex: eventIndex{decl: i}})
		m.byLen[len(id)] = i
	}
	type pair struct {
		ev   EventID
		from State
	}
	open := map[pair]bool{} // an unconditional transition already covers the pair
	for i, t := range d.Transitions {
		x, ok := m.lookup(t.Event)
		if !ok {
			return bad("transition %d has undeclared event %q", i, t.Event)
		}
		ei := x.decl
		switch {
		case !t.Rule.Known():
			return bad("transition %s has unknown rule %q", t.Event, t.Rule)
		case t.Stay && t.To != None:
			return bad("transition %s stays, so it has no target", t.Event)
		case !t.Stay && (t.To == None || !declared[t.To]):
			return bad("transition %s goes to undeclared state %q", t.Event, t.To)
		case t.Derived && (t.When == nil || t.When.Holds == nil):
			return bad("derived transition %s needs a branch", t.Event)
		case t.Due != nil && (t.Due.Day == nil || t.When != nil || t.Derived):
			return bad("timed transition %s needs a due day, and no branch of its own", t.Event)
		case t.Due != nil && d.Events[ei].actor.ID != "":
			return bad("timed transition %s has an event that %s performs", t.Event, d.Events[ei].actor.ID)
		case t.When != nil && t.When.Holds == nil:
			return bad("transition %s has a branch without a condition", t.Event)
		}
		for _, g := range t.Guards {
			if !g.Rule.Known() || g.Check == nil {
				return bad("transition %s has a guard without a known rule or a check", t.Event)
			}
		}
		for _, f := range t.From {
			if !declared[f] {
				return bad("transition %s leaves undeclared state %q", t.Event, f)
			}
			if open[pair{t.Event, f}] {
				return bad("transition %s from %q can never be taken: an earlier one has no branch", t.Event, f.Name())
			}
			if t.When == nil && t.Due == nil {
				open[pair{t.Event, f}] = true
			}
		}
		x.transitions = append(x.transitions, i)
		m.protos = append(m.protos, d.Events[ei].proto)
		if t.Due != nil {
			m.timed = append(m.timed, i)
		}
		if t.Derived {
			m.derived = append(m.derived, i)
		}
	}
	m.engine = newLooplab(m.def.Transitions)
	return m, nil
}

// MustDefine is Define for definitions written in a program's source, whose
// errors are programming errors: it panics on one.
func MustDefine[S, F any](d Definition[S, F]) *Machine[S, F] {
	m, err := Define(d)
	if err != nil {
		panic(err)
	}
	return m
}

// Name returns the machine's stable name ("service").
func (m *Machine[S, F]) Name() string { return m.def.Name }

// State returns the subject's state.
func (m *Machine[S, F]) State(s *S) State { return *m.def.StateOf(s) }

// Members returns the states of class c, in the order they were declared.
func (m *Machine[S, F]) Members(c Class) StateSet { return StateSet(slices.Clone(m.classes[c])) }

// StateSet is a set of states, such as the members of a class.
type StateSet []State

// Has reports whether s is in the set.
func (ss StateSet) Has(s State) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// stateRule returns the rule that governs being in state s, if any.
func (m *Machine[S, F]) stateRule(s State) rules.Rule {
	for _, st := range m.def.States {
		if st.ID == s {
			return st.Rule
		}
	}
	return ""
}

// Final reports whether state s is final.
func (m *Machine[S, F]) Final(s State) bool {
	for _, st := range m.def.States {
		if st.ID == s {
			return st.Final
		}
	}
	return false
}

// Actor returns who performs event id; the zero Actor for an event nobody
// performs, and false for an event the machine does not have.
func (m *Machine[S, F]) Actor(id EventID) (Actor, bool) {
	x, ok := m.lookup(id)
	if !ok {
		return Actor{}, false
	}
	return m.def.Events[x.decl].actor, true
}

// Has reports whether the machine has an event with identifier id.
func (m *Machine[S, F]) Has(id EventID) bool { _, ok := m.lookup(id); return ok }

// transitionsOf returns the transitions on event id, in order; none for an
// event the machine does not have.
func (m *Machine[S, F]) transitionsOf(id EventID) []int {
	if x, ok := m.lookup(id); ok {
		return x.transitions
	}
	return nil
}

// typed returns where e is declared, or the error that the machine has no
// event of e's identifier, or has it as another Go type.
func (m *Machine[S, F]) typed(e Event) (eventIndex, error) {
	if e == nil {
		return eventIndex{}, fmt.Errorf("engine: %s: no event", m.def.Name)
	}
	k, ok := m.kind(e)
	if !ok {
		return eventIndex{}, fmt.Errorf("engine: machine %s has no event %q", m.def.Name, e.EventID())
	}
	if reflect.TypeOf(e) != k.typ {
		return eventIndex{}, fmt.Errorf("engine: %s: event %s is a %T, not a %T", m.def.Name, e.EventID(), e, m.def.Events[k.decl].proto)
	}
	return k.eventIndex, nil
}

// kind returns the declared event with e's identifier.
func (m *Machine[S, F]) kind(e Event) (*eventKind, bool) { return m.lookup(e.EventID()) }

// lookup returns the declared event with identifier id.
func (m *Machine[S, F]) lookup(id EventID) (*eventKind, bool) {
	if len(id) >= len(m.byLen) {
		return nil, false
	}
	for i := m.byLen[len(id)]; i >= 0; i = m.kinds[i].sameLen {
		if m.kinds[i].id == id {
			return &m.kinds[i], true
		}
	}
	return nil, false
}

// holds reports whether transition t's branch (or, for a timed transition,
// its due day) admits step st.
func (t *Transition[S, F]) holds(st *Step[S, F]) bool {
	switch {
	case t.Due != nil:
		day, ok := t.Due.Day(st.Subject)
		return ok && !day.After(st.On)
	case t.When != nil:
		return t.When.Holds(*st)
	}
	return true
}

// selectTransition returns the transition that st's event takes from the
// subject's state, or a blocker saying why there is none.
func (m *Machine[S, F]) selectTransition(st *Step[S, F]) (int, *Blocker, error) {
	x, err := m.typed(st.Event)
	if err != nil {
		return -1, nil, err
	}
	from := m.State(st.Subject)
	idx := x.transitions
	if len(idx) == 0 {
		return -1, nil, fmt.Errorf("engine: machine %s has no transition on %q", m.def.Name, st.Event.EventID())
	}
	first := -1
	for _, i := range idx {
		t := &m.def.Transitions[i]
		if !slices.Contains(t.From, from) {
			continue
		}
		if first < 0 {
			first = i
		}
		if t.holds(st) {
			return i, nil, nil
		}
	}
	ev := st.Event.EventID()
	if first < 0 {
		rule := m.def.Transitions[idx[0]].Rule
		if r := m.stateRule(from); r != "" {
			rule = r
		}
		return -1, &Blocker{Rule: rule, Reason: fmt.Sprintf("%s is not possible in state %s (only from %s)", ev, from.Name(), strings.Join(m.sources(ev), ", "))}, nil
	}
	var labels []string
	for _, i := range idx {
		if t := &m.def.Transitions[i]; slices.Contains(t.From, from) {
			labels = append(labels, t.branchLabel().En)
		}
	}
	return -1, &Blocker{Rule: m.def.Transitions[first].Rule, Reason: fmt.Sprintf("%s is possible in state %s only when %s", ev, from.Name(), strings.Join(labels, " or "))}, nil
}

// branchLabel returns the words of a transition's condition: its branch's,
// or for a timed transition its due day's.
func (t *Transition[S, F]) branchLabel() Label {
	switch {
	case t.Due != nil:
		return t.Due.Label
	case t.When != nil:
		return t.When.Label
	}
	return Label{}
}

func (m *Machine[S, F]) sources(ev EventID) []string {
	var out []string
	for _, i := range m.transitionsOf(ev) {
		for _, f := range m.def.Transitions[i].From {
			if n := f.Name(); !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// check selects the transition and runs every guard of it.
func (m *Machine[S, F]) check(st Step[S, F]) (int, []Blocker, error) {
	i, b, err := m.selectTransition(&st)
	if err != nil {
		return -1, nil, err
	}
	if b != nil {
		return -1, []Blocker{*b}, nil
	}
	var out []Blocker
	for _, g := range m.def.Transitions[i].Guards {
		if u := g.Check(st); u != nil {
			r := g.Rule
			if u.Rule != "" {
				r = u.Rule
			}
			out = append(out, Blocker{Rule: r, Also: u.Also, Reason: u.Reason, Input: u.Input})
		}
	}
	return i, out, nil
}

// Decide returns the state that event e on day on leads the subject to,
// without changing anything. When the terms do not allow the step, the
// error is a *Refusal listing every unmet condition; an event the machine
// does not have, or of the wrong Go type, is an ordinary error. The step
// must also be allowed by the looplab/fsm engine built from the definition.
func (m *Machine[S, F]) Decide(on notice.Date, s *S, facts F, e Event) (State, error) {
	st := Step[S, F]{On: on, Event: e, Subject: s, Facts: facts}
	from := m.State(s)
	i, blockers, err := m.check(st)
	if err != nil {
		return from, err
	}
	if len(blockers) > 0 {
		return from, &Refusal{Command: string(e.EventID()), State: from, Blockers: blockers}
	}
	if !m.engine.allows(from, i) {
		return from, fmt.Errorf("engine: %s: the looplab engine refused %s from %s", m.def.Name, e.EventID(), from.Name())
	}
	return m.def.Transitions[i].target(from), nil
}

// target returns the state the transition leads to from state from.
func (t *Transition[S, F]) target(from State) State {
	if t.Stay {
		return from
	}
	return t.To
}

// Explain answers "why can't event e happen now?" without changing
// anything: every unmet condition with its rule, or nil when Decide would
// allow it. The error reports an event the machine does not have.
func (m *Machine[S, F]) Explain(on notice.Date, s *S, facts F, e Event) ([]Blocker, error) {
	_, blockers, err := m.check(Step[S, F]{On: on, Event: e, Subject: s, Facts: facts})
	return blockers, err
}

// Target returns the state that event e leads the subject to, taking the
// branches but not asking the guards: a recorded history was checked when
// it was made. An event that the subject's state does not allow is an error.
func (m *Machine[S, F]) Target(on notice.Date, s *S, facts F, e Event) (State, error) {
	i, b, err := m.selectTransition(&Step[S, F]{On: on, Event: e, Subject: s, Facts: facts})
	if err != nil {
		return m.State(s), err
	}
	if b != nil {
		return m.State(s), fmt.Errorf("%s", b.Reason)
	}
	return m.def.Transitions[i].target(m.State(s)), nil
}

// Apply makes the step of event e on day on to state to: it runs the
// event's effect on the subject and sets its state. It is the one place
// where a subject changes, and it cannot fail; Decide or Target chose to.
func (m *Machine[S, F]) Apply(s *S, on notice.Date, e Event, to State) {
	if x, ok := m.kind(e); ok && m.def.Events[x.decl].effect != nil {
		m.def.Events[x.decl].effect(s, on, e)
	}
	*m.def.StateOf(s) = to
}

// Due returns the next day on which time alone moves the subject, and the
// event that does it: the earliest due day of the timed transitions that
// leave its state. ok is false when time alone will not move it.
func (m *Machine[S, F]) Due(s *S) (day notice.Date, e Event, ok bool) {
	from := m.State(s)
	for _, i := range m.timed {
		t := &m.def.Transitions[i]
		if !slices.Contains(t.From, from) {
			continue
		}
		if d, due := t.Due.Day(s); due && (!ok || d.Before(day)) {
			day, e, ok = d, m.protos[i], true
		}
	}
	return day, e, ok
}

// Timed reports whether event id is one that time alone brings.
func (m *Machine[S, F]) Timed(id EventID) bool {
	for _, i := range m.transitionsOf(id) {
		if m.def.Transitions[i].Due != nil {
			return true
		}
	}
	return false
}

// Derive returns the derived step that the subject takes by itself given
// facts, if the branch of one leaving its state holds: its event and the
// state it leads to.
func (m *Machine[S, F]) Derive(on notice.Date, s *S, facts F) (Event, State, bool) {
	from := m.State(s)
	for _, i := range m.derived {
		t := &m.def.Transitions[i]
		if !slices.Contains(t.From, from) {
			continue
		}
		e := m.protos[i]
		if t.When.Holds(Step[S, F]{On: on, Event: e, Subject: s, Facts: facts}) {
			return e, t.target(from), true
		}
	}
	return nil, from, false
}

// DecodeEvent returns the typed event with identifier id decoded from its
// JSON fields. Unknown fields are refused.
func (m *Machine[S, F]) DecodeEvent(id EventID, data json.RawMessage) (Event, error) {
	x, ok := m.lookup(id)
	if !ok {
		return nil, fmt.Errorf("engine: machine %s has no event %s", m.def.Name, notice.Excerpt(string(id)))
	}
	p := reflect.New(x.typ)
	if len(data) > 0 {
		dec := json.NewDecoder(strings.NewReader(string(data)))
		dec.DisallowUnknownFields()
		if err := dec.Decode(p.Interface()); err != nil {
			return nil, fmt.Errorf("engine: %s: event %s: %w", m.def.Name, id, err)
		}
	}
	return p.Elem().Interface().(Event), nil
}

// Events returns the identifiers of the machine's events, in the order
// they were declared.
func (m *Machine[S, F]) Events() []EventID {
	out := make([]EventID, len(m.kinds))
	for i := range m.kinds {
		out[i] = m.kinds[i].id
	}
	return out
}

// Prototype returns a zero value of event id's Go type.
func (m *Machine[S, F]) Prototype(id EventID) (Event, bool) {
	x, ok := m.lookup(id)
	if !ok {
		return nil, false
	}
	return m.def.Events[x.decl].proto, true
}
