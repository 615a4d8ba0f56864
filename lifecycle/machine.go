package lifecycle

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"sync"

	"github.com/looplab/fsm"
)

// State is a stable state identifier ("requested", "active"...).
type State string

// None is the pseudo-state before a machine has started; diagrams draw it
// as [*]. A service that was never requested is in None.
const None State = ""

// EventID is the stable identifier of an event ("approve-service").
type EventID string

// Context is what a machine's guards see: the typed event being fired and
// the data of the thing the machine runs for. Each machine has its own
// context type.
type Context interface {
	Trigger() Event
}

// Event is a typed event of a machine. Each event is its own Go type whose
// fields carry what the event says (an effective day, a reason); EventID
// returns its stable identifier, the string used in JSON, scenarios and
// diagrams.
type Event interface {
	EventID() EventID
}

// Unmet is one condition of a guard that does not hold: what is missing and
// the offending input, if there is one. Rule, when set, names a more specific
// rule than the guard's own (a catalogue entry's notice period cites S5 for
// the social welfare repository and S5b elsewhere).
type Unmet struct {
	Rule   Rule
	Reason string
	Input  string
}

// Guard is a condition that a transition requires, with the rule it
// enforces. Check returns nil when the condition holds.
type Guard[C Context] struct {
	Rule  Rule
	Label string // a few words for diagrams: "joint testing passed"
	Check func(C) *Unmet
}

// Branch restricts a transition to the case where a condition on the
// machine's data holds, so one event can lead to different states
// ("demonstrate-correction" returns a service to notice-given when a
// termination is pending, to active otherwise).
type Branch[C Context] struct {
	Label string // shown in diagrams: "termination pending"
	Holds func(C) bool
}

// Transition is one arrow of a machine: on Event, from any of From, to To,
// when the branch holds and every guard passes. Rule is the rule that
// governs the step; it is cited when the current state does not allow the
// event. Timed transitions happen by the passage of time (a notice period
// elapsed), not by anyone's command.
type Transition[C Context] struct {
	Event  EventID
	From   []State
	To     State
	Rule   Rule
	When   *Branch[C]
	Timed  bool
	Guards []Guard[C]
}

// Machine is a lifecycle defined once and used many times: its states,
// events and transitions with their guards and clauses. C is the context a
// guard sees: the typed event and the data of the thing the machine runs for.
//
// A Machine holds no state of any instance: callers keep the current State and
// pass it in. Transitions are decided by github.com/looplab/fsm engines
// through a small adapter (Fire) that contains their sharp edges. A Machine
// is safe for concurrent use.
type Machine[C Context] struct {
	name        string
	states      []StateInfo
	events      []Event
	transitions []Transition[C]
	byEvent     []eventTransitions
	byLength    [][]int  // byLength[n]: the entries of byEvent whose identifier is n bytes long
	engineName  []string // the looplab event of each transition
	engine      sync.Pool
}

// StateInfo describes a state: its identifier and whether it is final (no
// event leaves it except a new start).
type StateInfo struct {
	ID    State
	Final bool
}

// Define checks a machine's description and builds it. events lists one zero
// value of every typed event the machine accepts (used to decode histories).
// Every transition must name a declared state, a declared event and a known
// rule; transitions sharing an event and a source state are tried in order,
// and only the last of them may be without a branch.
func Define[C Context](name string, states []StateInfo, events []Event, transitions []Transition[C]) (*Machine[C], error) {
	m := &Machine[C]{
		name:        name,
		states:      append([]StateInfo(nil), states...),
		events:      append([]Event(nil), events...),
		transitions: append([]Transition[C](nil), transitions...),
	}
	declared := map[State]bool{None: true}
	for _, s := range states {
		if s.ID == None || declared[s.ID] {
			return nil, fmt.Errorf("lifecycle: %s: state %q is empty or declared twice", name, s.ID)
		}
		declared[s.ID] = true
	}
	known := map[EventID]bool{}
	for _, e := range events {
		known[e.EventID()] = true
	}
	type pair struct {
		ev   EventID
		from State
	}
	open := map[pair]bool{} // an unconditional transition already covers the pair
	var engineEvents fsm.Events
	engineIndex := map[string]int{}
	for i, t := range m.transitions {
		if !known[t.Event] {
			return nil, fmt.Errorf("lifecycle: %s: transition %d has undeclared event %q", name, i, t.Event)
		}
		if !t.Rule.Known() {
			return nil, fmt.Errorf("lifecycle: %s: transition %s has unknown rule %q", name, t.Event, t.Rule)
		}
		if !declared[t.To] || t.To == None {
			return nil, fmt.Errorf("lifecycle: %s: transition %s goes to undeclared state %q", name, t.Event, t.To)
		}
		for _, g := range t.Guards {
			if !g.Rule.Known() || g.Check == nil {
				return nil, fmt.Errorf("lifecycle: %s: transition %s has a guard without a known rule or check", name, t.Event)
			}
		}
		for _, f := range t.From {
			if !declared[f] {
				return nil, fmt.Errorf("lifecycle: %s: transition %s leaves undeclared state %q", name, t.Event, f)
			}
			if open[pair{t.Event, f}] {
				return nil, fmt.Errorf("lifecycle: %s: transition %s from %q can never be reached: an earlier one has no branch", name, t.Event, f)
			}
			if t.When == nil {
				open[pair{t.Event, f}] = true
			}
		}
		m.addByEvent(t.Event, i)
		// looplab allows one destination per (event, source), so each
		// (event, destination) pair is its own looplab event.
		en := string(t.Event) + ">" + string(t.To)
		m.engineName = append(m.engineName, en)
		j, seen := engineIndex[en]
		if !seen {
			j = len(engineEvents)
			engineIndex[en] = j
			engineEvents = append(engineEvents, fsm.EventDesc{Name: en, Dst: string(t.To)})
		}
		for _, f := range t.From {
			engineEvents[j].Src = append(engineEvents[j].Src, string(f))
		}
	}
	for k, e := range m.byEvent {
		n := len(e.event)
		if n >= len(m.byLength) {
			m.byLength = append(m.byLength, make([][]int, n+1-len(m.byLength))...)
		}
		m.byLength[n] = append(m.byLength[n], k)
	}
	m.engine.New = func() any { return fsm.NewFSM(string(None), engineEvents, nil) }
	return m, nil
}

// eventTransitions lists the transitions of one event, in definition order.
type eventTransitions struct {
	event EventID
	idx   []int
}

func (m *Machine[C]) addByEvent(ev EventID, i int) {
	for k := range m.byEvent {
		if m.byEvent[k].event == ev {
			m.byEvent[k].idx = append(m.byEvent[k].idx, i)
			return
		}
	}
	m.byEvent = append(m.byEvent, eventTransitions{event: ev, idx: []int{i}})
}

// transitionsOf returns the transitions of event ev. Every command and every
// replayed event takes this path, so it compares ev only with the
// identifiers of its length: a machine's identifiers mostly differ in length,
// and this is faster than hashing ev for a map or comparing it with all.
func (m *Machine[C]) transitionsOf(ev EventID) ([]int, bool) {
	if len(ev) >= len(m.byLength) {
		return nil, false
	}
	for _, k := range m.byLength[len(ev)] {
		if m.byEvent[k].event == ev {
			return m.byEvent[k].idx, true
		}
	}
	return nil, false
}

// mustDefine is Define for the package's own machines, whose descriptions are
// checked by the tests.
func mustDefine[C Context](name string, states []StateInfo, events []Event, transitions []Transition[C]) *Machine[C] {
	m, err := Define(name, states, events, transitions)
	if err != nil {
		panic(err)
	}
	return m
}

// Name returns the machine's stable name ("service").
func (m *Machine[C]) Name() string { return m.name }

// selectTransition returns the transition that event ev takes from state
// from with context c, or a blocker saying why there is none. The error is
// for an event the machine does not know: a programming error, not a refusal.
func (m *Machine[C]) selectTransition(from State, c *C) (int, *Blocker, error) {
	ev := (*c).Trigger().EventID()
	idx, ok := m.transitionsOf(ev)
	if !ok {
		return -1, nil, fmt.Errorf("lifecycle: machine %s has no event %q", m.name, ev)
	}
	first := -1
	for _, i := range idx {
		t := &m.transitions[i]
		if !leaves(t.From, from) {
			continue
		}
		if first < 0 {
			first = i
		}
		if t.When == nil || t.When.Holds(*c) {
			return i, nil, nil
		}
	}
	if first < 0 {
		t := m.transitions[idx[0]]
		return -1, &Blocker{Rule: t.Rule, Reason: fmt.Sprintf("%s is not possible in state %s (only from %s)", ev, from.Name(), strings.Join(m.sources(ev), ", "))}, nil
	}
	// Every transition from this state has a condition and none holds. The
	// labels are gathered only now, so that a step taken allocates nothing.
	var labels []string
	for _, i := range idx {
		if t := &m.transitions[i]; leaves(t.From, from) {
			labels = append(labels, t.When.Label)
		}
	}
	t := m.transitions[first]
	return -1, &Blocker{Rule: t.Rule, Reason: fmt.Sprintf("%s is possible in state %s only when %s", ev, from.Name(), strings.Join(labels, " or "))}, nil
}

func leaves(from []State, s State) bool {
	for _, f := range from {
		if f == s {
			return true
		}
	}
	return false
}

func (m *Machine[C]) sources(ev EventID) []string {
	var out []string
	seen := map[State]bool{}
	idx, _ := m.transitionsOf(ev)
	for _, i := range idx {
		for _, f := range m.transitions[i].From {
			if !seen[f] {
				seen[f] = true
				out = append(out, f.Name())
			}
		}
	}
	return out
}

// Name returns the state's identifier for messages: "(not started)" for
// None, which has an empty identifier.
func (s State) Name() string {
	if s == None {
		return "(not started)"
	}
	return string(s)
}

// Explain answers "why can't c's event happen now?" without changing anything: it
// returns every unmet condition with its rule, or nil when the event would be
// accepted. The error reports an event the machine does not know.
func (m *Machine[C]) Explain(from State, c C) ([]Blocker, error) {
	_, blockers, err := m.check(from, &c)
	return blockers, err
}

// check selects the transition and runs every guard of it.
func (m *Machine[C]) check(from State, c *C) (int, []Blocker, error) {
	i, b, err := m.selectTransition(from, c)
	if err != nil {
		return -1, nil, err
	}
	if b != nil {
		return -1, []Blocker{*b}, nil
	}
	var out []Blocker
	for _, g := range m.transitions[i].Guards {
		if u := g.Check(*c); u != nil {
			r := g.Rule
			if u.Rule != "" {
				r = u.Rule
			}
			out = append(out, Blocker{Rule: r, Reason: u.Reason, Input: u.Input})
		}
	}
	return i, out, nil
}

// Fire runs c's event from state from and returns the new state. Every guard is
// checked first; when any fails, the result is a *Refusal listing all of
// them and the state is unchanged.
//
// The step is decided by a looplab/fsm engine built from the definition: the
// engine is set to from (SetState) and looplab's transition table must allow
// the transition (Can); the caller then keeps the returned state, as it keeps
// every state. The engine is not moved on to the target: nothing reads it
// before the next Fire sets it again.
//
// Fire does not go through looplab's Event: that call exists to run
// callbacks and asynchronous transitions, which no machine here uses, and its
// cancellable context, event value and closures cost more than everything
// else a command does (BENCHMARKS.md). So looplab's sharp edges cannot be
// reached: no context is handed to looplab, so cancellation can never leave
// an engine "in transition"; no callbacks exist to re-enter a machine under
// its locks; a self-transition is an ordinary step. A context already
// cancelled when Fire is called changes nothing and returns the context's
// error; once the guards have passed, the step always completes. Engines are
// pooled and reset to the caller's state before each use, so no instance
// state is shared between callers.
func (m *Machine[C]) Fire(ctx context.Context, from State, c C) (State, error) {
	if err := ctx.Err(); err != nil {
		return from, err
	}
	i, blockers, err := m.check(from, &c)
	if err != nil {
		return from, err
	}
	if len(blockers) > 0 {
		return from, &Refusal{Command: string(c.Trigger().EventID()), State: from, Blockers: blockers}
	}
	to := m.transitions[i].To
	f := m.engine.Get().(*fsm.FSM)
	f.SetState(string(from))
	if !f.Can(m.engineName[i]) {
		// Not returned to the pool: an engine that disagrees with its
		// definition is not trusted again.
		return from, fmt.Errorf("lifecycle: %s: engine refused %s from %s", m.name, c.Trigger().EventID(), from.Name())
	}
	m.engine.Put(f)
	return to, nil
}

// Target returns the state that c's event leads to from state from, without
// checking guards and without running the engine. Replaying a recorded
// history uses it: the history was checked when it was made, and a history
// whose step the definition does not allow is reported as an error.
func (m *Machine[C]) Target(from State, c C) (State, error) {
	i, b, err := m.selectTransition(from, &c)
	if err != nil {
		return from, err
	}
	if b != nil {
		return from, fmt.Errorf("lifecycle: %s: %s", m.name, b.Reason)
	}
	return m.transitions[i].To, nil
}

// DecodeEvent returns the typed event with identifier id decoded from its
// JSON fields.
func (m *Machine[C]) DecodeEvent(id EventID, data json.RawMessage) (Event, error) {
	for _, proto := range m.events {
		if proto.EventID() != id {
			continue
		}
		p := reflect.New(reflect.TypeOf(proto))
		if len(data) > 0 {
			if err := json.Unmarshal(data, p.Interface()); err != nil {
				return nil, fmt.Errorf("lifecycle: %s: event %s: %w", m.name, id, err)
			}
		}
		return p.Elem().Interface().(Event), nil
	}
	return nil, fmt.Errorf("lifecycle: machine %s has no event %q", m.name, id)
}
