package engine

import (
	"slices"

	"github.com/kantakit/kanta/rules"
)

// Description is a machine's definition as plain data, without its
// functions: what diagrams and test paths read. It is derived from the same
// definition that runs, so the two cannot drift apart.
type Description struct {
	Name        string
	Label       Label
	States      []StateInfo
	Events      []EventInfo
	Transitions []TransitionInfo
}

// StateInfo describes a state.
type StateInfo struct {
	ID      State
	Label   Label
	Classes []Class
	Final   bool
	Rule    rules.Rule
}

// EventInfo describes an event: its identifier, its words and who performs
// it.
type EventInfo struct {
	ID    EventID
	Label Label
	Actor Actor
}

// TransitionInfo describes one transition: its event, sources, target, the
// rule that governs it, the words of its condition (its branch, or for a
// timed transition its due day), whether it is timed or derived, and its
// guards. A transition that Stays has no To: each of its edges returns to
// the state it leaves.
type TransitionInfo struct {
	Event   EventID
	From    []State
	To      State
	Stay    bool
	Rule    rules.Rule
	When    Label
	Timed   bool
	Derived bool
	Guards  []GuardInfo
}

// GuardInfo describes a guard: the rule it enforces and a few words on what
// it checks.
type GuardInfo struct {
	Rule  rules.Rule
	Label Label
}

// Describer is implemented by every Machine: it returns the machine's
// Description.
type Describer interface {
	Describe() Description
}

// Describe returns the machine's definition as data. The result is a copy.
func (m *Machine[S, F]) Describe() Description {
	d := Description{Name: m.def.Name, Label: m.def.Label}
	for _, s := range m.def.States {
		d.States = append(d.States, StateInfo{ID: s.ID, Label: s.Label, Classes: slices.Clone(s.Classes), Final: s.Final, Rule: s.Rule})
	}
	for _, e := range m.def.Events {
		d.Events = append(d.Events, EventInfo{ID: e.proto.EventID(), Label: e.label, Actor: e.actor})
	}
	for i := range m.def.Transitions {
		t := &m.def.Transitions[i]
		ti := TransitionInfo{
			Event:   t.Event,
			From:    slices.Clone(t.From),
			To:      t.To,
			Stay:    t.Stay,
			Rule:    t.Rule,
			When:    t.branchLabel(),
			Timed:   t.Due != nil,
			Derived: t.Derived,
		}
		for _, g := range t.Guards {
			ti.Guards = append(ti.Guards, GuardInfo{Rule: g.Rule, Label: g.Label})
		}
		d.Transitions = append(d.Transitions, ti)
	}
	return d
}

// State returns the description of state id.
func (d Description) State(id State) (StateInfo, bool) {
	for _, s := range d.States {
		if s.ID == id {
			return s, true
		}
	}
	return StateInfo{}, false
}

// Event returns the description of event id.
func (d Description) Event(id EventID) (EventInfo, bool) {
	for _, e := range d.Events {
		if e.ID == id {
			return e, true
		}
	}
	return EventInfo{}, false
}

// Initial returns the transitions that start the machine (from None).
func (d Description) Initial() []TransitionInfo {
	var out []TransitionInfo
	for _, t := range d.Transitions {
		if slices.Contains(t.From, None) {
			out = append(out, t)
		}
	}
	return out
}
