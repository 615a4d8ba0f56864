package engine

// The tests of this package are white-box (package engine) so that one of
// them can give a machine a looplab table that disagrees with its
// definition: Decide must ask looplab, and this is the only way to see it.
// Every other test uses the exported API only.

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// A lamp: the test machine of the engine. It is switched on and off, can be
// switched on again while on (a self-transition), toggles by a branch on the
// facts, is dimmed without changing its state (a Stay transition), burns out
// or is switched off by a timer when time passes (timed transitions), blows
// its fuse by itself on an overload (a derived transition), and once broken
// is final, with a rule of its own.
type (
	switchOn  struct{}
	switchOff struct{}
	toggle    struct{}
	dim       struct {
		Level int `json:"level"`
	}
	burnOut   struct{}
	timerOff  struct{}
	fuse      struct{}
	unplug    struct{} // declared, but no transition takes it
	stranger  struct{} // an event the lamp does not have
	blank     struct{} // an event without an identifier
	fakeOnOff struct{} // another Go type with switch-on's identifier
)

func (switchOn) EventID() EventID  { return "switch-on" }
func (switchOff) EventID() EventID { return "switch-off" }
func (toggle) EventID() EventID    { return "toggle" }
func (dim) EventID() EventID       { return "dim" }
func (burnOut) EventID() EventID   { return "burn-out" }
func (timerOff) EventID() EventID  { return "timer-off" }
func (fuse) EventID() EventID      { return "fuse" }
func (unplug) EventID() EventID    { return "unplug" }
func (stranger) EventID() EventID  { return "stranger" }
func (blank) EventID() EventID     { return "" }
func (fakeOnOff) EventID() EventID { return "switch-on" }

// lamp is the lamp machine's subject.
type lamp struct {
	State     State
	Switched  int   // how many times it was switched on
	Seen      State // the state the last switch-on's effect saw
	Level     int
	BulbUntil notice.Date // the bulb's last day; it burns out the day after
	TimerAt   notice.Date // the timer switches it off on this day
}

// lampFacts are the facts around the lamp that its guards and branches read.
type lampFacts struct {
	Broken   bool
	Lit      bool
	Overload bool
	Hook     func() // called from a guard, to call back into the machine
}

var lampUser = Actor{ID: "user", Label: Label{En: "the user", Fi: "käyttäjä", Sv: "användaren"}}

func lampLabel(en string) Label { return Label{En: en, Fi: en + " (fi)", Sv: en + " (sv)"} }

func lampDefinition() Definition[lamp, lampFacts] {
	return Definition[lamp, lampFacts]{
		Name:    "lamp",
		Label:   lampLabel("the lamp"),
		StateOf: func(l *lamp) *State { return &l.State },
		States: []StateSpec{
			{ID: "off", Label: lampLabel("dark"), Classes: []Class{"dark"}},
			{ID: "on", Label: lampLabel("lit"), Classes: []Class{"lit"}},
			{ID: "broken", Label: lampLabel("broken"), Classes: []Class{"dark"}, Final: true, Rule: rules.S6},
		},
		Events: []EventSpec[lamp]{
			On(lampLabel("switch on"), lampUser, func(l *lamp, _ notice.Date, _ switchOn) {
				l.Switched++
				l.Seen = l.State
			}),
			On[lamp, switchOff](lampLabel("switch off"), lampUser, nil),
			On[lamp, toggle](lampLabel("toggle"), lampUser, nil),
			On(lampLabel("dim"), lampUser, func(l *lamp, _ notice.Date, e dim) { l.Level = e.Level }),
			On[lamp, burnOut](lampLabel("burn out"), Actor{}, nil),
			On[lamp, timerOff](lampLabel("timer"), Actor{}, nil),
			On[lamp, fuse](lampLabel("fuse blows"), Actor{}, nil),
			On[lamp, unplug](lampLabel("unplug"), lampUser, nil),
		},
		Transitions: []Transition[lamp, lampFacts]{
			{Event: "switch-on", From: []State{None, "off", "on"}, To: "on", Rule: rules.S4, Guards: []Guard[lamp, lampFacts]{
				{Rule: rules.S2, Label: lampLabel("not broken"), Check: func(c Step[lamp, lampFacts]) *Unmet {
					if c.Facts.Hook != nil {
						c.Facts.Hook()
					}
					if c.Facts.Broken {
						return &Unmet{Reason: "the lamp is broken", Input: "broken"}
					}
					return nil
				}},
				{Rule: rules.C4, Label: lampLabel("not broken either"), Check: func(c Step[lamp, lampFacts]) *Unmet {
					if c.Facts.Broken {
						return &Unmet{Rule: rules.C10, Also: rules.J3, Reason: "second condition"}
					}
					return nil
				}},
			}},
			{Event: "switch-off", From: []State{"on"}, To: "off", Rule: rules.C9},
			{Event: "toggle", From: []State{"on", "off"}, To: "on", Rule: rules.C3,
				When: &Branch[lamp, lampFacts]{Label: lampLabel("dark around"), Holds: func(c Step[lamp, lampFacts]) bool { return !c.Facts.Lit }}},
			{Event: "toggle", From: []State{"on", "off"}, To: "off", Rule: rules.C3},
			{Event: "dim", From: []State{"on", "off"}, Stay: true, Rule: rules.C13, Guards: []Guard[lamp, lampFacts]{
				{Rule: rules.C13, Label: lampLabel("level 1 to 10"), Check: func(c Step[lamp, lampFacts]) *Unmet {
					if l := c.Event.(dim).Level; l < 1 || l > 10 {
						return &Unmet{Reason: "the level is from 1 to 10", Input: fmt.Sprint(l)}
					}
					return nil
				}},
			}},
			{Event: "burn-out", From: []State{"on"}, To: "broken", Rule: rules.A6,
				Due: &Due[lamp]{Label: lampLabel("the bulb is worn out"), Day: func(l *lamp) (notice.Date, bool) {
					return l.BulbUntil.AddDays(1), !l.BulbUntil.IsZero()
				}}},
			{Event: "timer-off", From: []State{"on"}, To: "off", Rule: rules.C8,
				Due: &Due[lamp]{Label: lampLabel("the timer runs out"), Day: func(l *lamp) (notice.Date, bool) {
					return l.TimerAt, !l.TimerAt.IsZero()
				}}},
			{Event: "fuse", From: []State{"on"}, To: "off", Rule: rules.C12, Derived: true,
				When: &Branch[lamp, lampFacts]{Label: lampLabel("overload"), Holds: func(c Step[lamp, lampFacts]) bool { return c.Facts.Overload }}},
		},
	}
}

func lampMachine(t testing.TB) *Machine[lamp, lampFacts] {
	t.Helper()
	m, err := Define(lampDefinition())
	require.NoError(t, err)
	return m
}

func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

var today = day("2025-03-14")

// refusal returns err as a *Refusal, failing the test when it is not one.
func refusal(t *testing.T, err error) *Refusal {
	t.Helper()
	var r *Refusal
	require.True(t, errors.As(err, &r), "want a *Refusal, got %T: %v", err, err)
	return r
}

func TestDefine_BuildsTheMachineItsDefinitionDescribes(t *testing.T) {
	m := lampMachine(t)
	assert.Equal(t, "lamp", m.Name())
	assert.Equal(t, []EventID{"switch-on", "switch-off", "toggle", "dim", "burn-out", "timer-off", "fuse", "unplug"}, m.Events())
	assert.Equal(t, StateSet{"off", "broken"}, m.Members("dark"))
	assert.Equal(t, StateSet{"on"}, m.Members("lit"))
	assert.Empty(t, m.Members("no-such-class"))
	assert.True(t, m.Members("dark").Has("broken"))
	assert.False(t, m.Members("dark").Has("on"))
	assert.True(t, m.Final("broken"))
	assert.False(t, m.Final("on"))
	assert.False(t, m.Final(None))

	a, ok := m.Actor("switch-on")
	assert.True(t, ok)
	assert.Equal(t, lampUser, a)
	a, ok = m.Actor("burn-out")
	assert.True(t, ok, "an event nobody performs is the machine's")
	assert.Zero(t, a)
	_, ok = m.Actor("stranger")
	assert.False(t, ok)

	assert.True(t, m.Has("unplug"))
	assert.False(t, m.Has("stranger"))
	p, ok := m.Prototype("dim")
	require.True(t, ok)
	assert.Equal(t, dim{}, p)
	_, ok = m.Prototype("stranger")
	assert.False(t, ok)

	assert.True(t, m.Timed("burn-out"))
	assert.True(t, m.Timed("timer-off"))
	assert.False(t, m.Timed("fuse"))
	assert.False(t, m.Timed("switch-on"))

	l := lamp{State: "on"}
	assert.Equal(t, State("on"), m.State(&l))
}

// Define keeps copies: changing the definition, a class's members or a
// description afterwards changes no machine.
func TestDefine_TheMachineSharesNothingWithItsCaller(t *testing.T) {
	def := lampDefinition()
	m, err := Define(def)
	require.NoError(t, err)
	def.Transitions[1].To = "broken"
	def.States[0].ID = "dark"
	to, err := m.Decide(today, &lamp{State: "on"}, lampFacts{}, switchOff{})
	require.NoError(t, err)
	assert.Equal(t, State("off"), to)

	members := m.Members("dark")
	members[0] = "on"
	assert.Equal(t, StateSet{"off", "broken"}, m.Members("dark"))

	d := m.Describe()
	d.Transitions[0].From[0] = "broken"
	d.States[0].Classes[0] = "lit"
	again := m.Describe()
	assert.Equal(t, []State{None, "off", "on"}, again.Transitions[0].From)
	assert.Equal(t, []Class{"dark"}, again.States[0].Classes)
}

// Every error of Define, each with the words that name what is wrong.
func TestDefine_RefusesEveryInconsistentDefinition(t *testing.T) {
	type def = Definition[lamp, lampFacts]
	holds := func(Step[lamp, lampFacts]) bool { return true }
	cases := []struct {
		name   string
		change func(d *def)
		want   string
	}{
		{"no name", func(d *def) { d.Name = "" }, "engine: : a machine needs a name and StateOf"},
		{"no StateOf", func(d *def) { d.StateOf = nil }, "a machine needs a name and StateOf"},
		{"a state without an identifier", func(d *def) { d.States = append(d.States, StateSpec{ID: None}) }, `state "" is empty or declared twice`},
		{"a state declared twice", func(d *def) { d.States = append(d.States, StateSpec{ID: "on"}) }, `state "on" is empty or declared twice`},
		{"a state with an unknown rule", func(d *def) { d.States[0].Rule = "Z9" }, `state "off" has unknown rule "Z9"`},
		{"an event not declared with On", func(d *def) { d.Events = append(d.Events, EventSpec[lamp]{}) }, "event 8 was not declared with On"},
		{"an event declared twice", func(d *def) { d.Events = append(d.Events, On[lamp, switchOff](Label{}, Actor{}, nil)) }, `event "switch-off" is empty or declared twice`},
		{"an event without an identifier", func(d *def) { d.Events = append(d.Events, On[lamp, blank](Label{}, Actor{}, nil)) }, `event "" is empty or declared twice`},
		{"a transition on an undeclared event", func(d *def) {
			d.Transitions = append(d.Transitions, Transition[lamp, lampFacts]{Event: "stranger", From: []State{"on"}, To: "off", Rule: rules.C1})
		}, `transition 8 has undeclared event "stranger"`},
		{"a transition with an unknown rule", func(d *def) { d.Transitions[1].Rule = "Z9" }, `transition switch-off has unknown rule "Z9"`},
		{"a transition without a rule", func(d *def) { d.Transitions[1].Rule = "" }, `transition switch-off has unknown rule ""`},
		{"a Stay transition with a target", func(d *def) { d.Transitions[4].To = "on" }, "transition dim stays, so it has no target"},
		{"a transition without a target", func(d *def) { d.Transitions[1].To = None }, `transition switch-off goes to undeclared state ""`},
		{"a transition to an undeclared state", func(d *def) { d.Transitions[1].To = "dimmed" }, `transition switch-off goes to undeclared state "dimmed"`},
		{"a derived transition without a branch", func(d *def) { d.Transitions[7].When = nil }, "derived transition fuse needs a branch"},
		{"a derived transition whose branch has no condition", func(d *def) {
			d.Transitions[7].When = &Branch[lamp, lampFacts]{Label: lampLabel("overload")}
		}, "derived transition fuse needs a branch"},
		{"a timed transition without a due day", func(d *def) { d.Transitions[5].Due = &Due[lamp]{Label: lampLabel("worn out")} }, "timed transition burn-out needs a due day, and no branch of its own"},
		{"a timed transition with a branch", func(d *def) {
			d.Transitions[5].When = &Branch[lamp, lampFacts]{Holds: holds}
		}, "timed transition burn-out needs a due day, and no branch of its own"},
		{"a timed transition that is also derived", func(d *def) {
			d.Transitions[5].Derived = true
			d.Transitions[5].When = &Branch[lamp, lampFacts]{Holds: holds}
		}, "timed transition burn-out needs a due day, and no branch of its own"},
		{"a timed transition on an event someone performs", func(d *def) { d.Events[4] = On[lamp, burnOut](Label{}, lampUser, nil) }, "timed transition burn-out has an event that user performs"},
		{"a branch without a condition", func(d *def) { d.Transitions[2].When = &Branch[lamp, lampFacts]{Label: lampLabel("dark")} }, "transition toggle has a branch without a condition"},
		{"a guard with an unknown rule", func(d *def) { d.Transitions[0].Guards[0].Rule = "Z9" }, "transition switch-on has a guard without a known rule or a check"},
		{"a guard without a check", func(d *def) { d.Transitions[0].Guards[1].Check = nil }, "transition switch-on has a guard without a known rule or a check"},
		{"a transition from an undeclared state", func(d *def) { d.Transitions[1].From = []State{"on", "dimmed"} }, `transition switch-off leaves undeclared state "dimmed"`},
		{"an unconditional transition before a branch", func(d *def) {
			d.Transitions[2], d.Transitions[3] = d.Transitions[3], d.Transitions[2]
		}, `transition toggle from "on" can never be taken: an earlier one has no branch`},
		{"an unconditional transition repeated", func(d *def) {
			d.Transitions = append(d.Transitions, Transition[lamp, lampFacts]{Event: "switch-off", From: []State{"on"}, To: "broken", Rule: rules.C9})
		}, `transition switch-off from "on" can never be taken: an earlier one has no branch`},
		{"an unconditional transition repeated from None", func(d *def) {
			d.Transitions = append(d.Transitions, Transition[lamp, lampFacts]{Event: "switch-on", From: []State{None}, To: "off", Rule: rules.C9})
		}, `transition switch-on from "(not started)" can never be taken: an earlier one has no branch`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d := lampDefinition()
			tc.change(&d)
			m, err := Define(d)
			require.Error(t, err)
			assert.Nil(t, m)
			assert.Contains(t, err.Error(), tc.want)
			if d.Name != "" {
				assert.True(t, strings.HasPrefix(err.Error(), "engine: lamp: "), err.Error())
			}
			assert.PanicsWithError(t, err.Error(), func() { MustDefine(d) })
		})
	}
}

func TestDecide_ReturnsTheTargetAndApplyMakesTheStep(t *testing.T) {
	m := lampMachine(t)
	var l lamp
	before := l
	to, err := m.Decide(today, &l, lampFacts{}, switchOn{})
	require.NoError(t, err)
	assert.Equal(t, State("on"), to)
	assert.Equal(t, before, l, "Decide changes nothing")

	m.Apply(&l, today, switchOn{}, to)
	assert.Equal(t, State("on"), l.State)
	assert.Equal(t, 1, l.Switched, "the effect ran")
	assert.Equal(t, None, l.Seen, "the effect sees the subject in its state before the step")

	to, err = m.Decide(today, &l, lampFacts{}, switchOff{})
	require.NoError(t, err)
	assert.Equal(t, State("off"), to)
	m.Apply(&l, today, switchOff{}, to)
	assert.Equal(t, State("off"), l.State)
	assert.Equal(t, 1, l.Switched, "switch-off has no effect besides the state")
}

// looplab's Event reports a step to the same state as NoTransitionError;
// through Decide it is an ordinary step.
func TestDecide_SelfTransitionIsAnOrdinaryStep(t *testing.T) {
	m := lampMachine(t)
	l := lamp{State: "on", Switched: 1}
	to, err := m.Decide(today, &l, lampFacts{}, switchOn{})
	require.NoError(t, err)
	assert.Equal(t, State("on"), to)
	m.Apply(&l, today, switchOn{}, to)
	assert.Equal(t, 2, l.Switched)
	assert.Equal(t, State("on"), l.Seen)
}

// A transition that Stays keeps the subject in the state it leaves, from
// each of its sources, and its effect changes the facts.
func TestStay_KeepsTheStateAndChangesTheFacts(t *testing.T) {
	m := lampMachine(t)
	for _, from := range []State{"on", "off"} {
		l := lamp{State: from}
		to, err := m.Decide(today, &l, lampFacts{}, dim{Level: 3})
		require.NoError(t, err)
		assert.Equal(t, from, to)
		m.Apply(&l, today, dim{Level: 3}, to)
		assert.Equal(t, from, l.State)
		assert.Equal(t, 3, l.Level)
	}
	_, err := m.Decide(today, &lamp{State: "on"}, lampFacts{}, dim{Level: 11})
	r := refusal(t, err)
	assert.Equal(t, []Blocker{{Rule: rules.C13, Reason: "the level is from 1 to 10", Input: "11"}}, r.Blockers)

	_, err = m.Decide(today, &lamp{State: "broken"}, lampFacts{}, dim{Level: 3})
	assert.Equal(t, []rules.Rule{rules.S6}, refusal(t, err).Rules(), "a Stay transition leaves only its sources")

	var d TransitionInfo
	for _, ti := range m.Describe().Transitions {
		if ti.Event == "dim" {
			d = ti
		}
	}
	assert.True(t, d.Stay)
	assert.Equal(t, None, d.To, "a Stay transition has no target of its own")
}

// An event is its identifier and its Go type: another type with a declared
// identifier is an error, not a step and not a refusal.
func TestDecide_AnEventOfAnotherGoTypeIsAnError(t *testing.T) {
	m := lampMachine(t)
	l := lamp{State: "off"}
	to, err := m.Decide(today, &l, lampFacts{}, fakeOnOff{})
	require.Error(t, err)
	assert.Equal(t, State("off"), to)
	assert.EqualError(t, err, "engine: lamp: event switch-on is a engine.fakeOnOff, not a engine.switchOn")
	assert.False(t, errors.As(err, new(*Refusal)))

	_, err = m.Explain(today, &l, lampFacts{}, fakeOnOff{})
	assert.EqualError(t, err, "engine: lamp: event switch-on is a engine.fakeOnOff, not a engine.switchOn")
	_, err = m.Target(today, &l, lampFacts{}, fakeOnOff{})
	assert.EqualError(t, err, "engine: lamp: event switch-on is a engine.fakeOnOff, not a engine.switchOn")

	_, err = m.Decide(today, &l, lampFacts{}, nil)
	assert.EqualError(t, err, "engine: lamp: no event")
	_, err = m.Explain(today, &l, lampFacts{}, nil)
	assert.EqualError(t, err, "engine: lamp: no event")
}

func TestDecide_AnEventTheMachineCannotTakeIsAnErrorNotARefusal(t *testing.T) {
	m := lampMachine(t)
	cases := []struct {
		ev   Event
		want string
	}{
		{stranger{}, `engine: machine lamp has no event "stranger"`},
		{blank{}, `engine: machine lamp has no event ""`},
		{unplug{}, `engine: machine lamp has no transition on "unplug"`},
	}
	for _, tc := range cases {
		t.Run(string(tc.ev.EventID()), func(t *testing.T) {
			l := lamp{State: "on"}
			to, err := m.Decide(today, &l, lampFacts{}, tc.ev)
			assert.EqualError(t, err, tc.want)
			assert.False(t, errors.As(err, new(*Refusal)))
			assert.Equal(t, State("on"), to)
			_, err = m.Explain(today, &l, lampFacts{}, tc.ev)
			assert.EqualError(t, err, tc.want)
			_, err = m.Target(today, &l, lampFacts{}, tc.ev)
			assert.EqualError(t, err, tc.want)
		})
	}
}

// Transitions of one event from one state are tried in the order of the
// definition: the first whose branch holds is taken.
func TestDecide_BranchesAreTriedInOrder(t *testing.T) {
	m := lampMachine(t)
	for _, from := range []State{"on", "off"} {
		to, err := m.Decide(today, &lamp{State: from}, lampFacts{Lit: false}, toggle{})
		require.NoError(t, err)
		assert.Equal(t, State("on"), to, "dark around: the branch is taken")
		to, err = m.Decide(today, &lamp{State: from}, lampFacts{Lit: true}, toggle{})
		require.NoError(t, err)
		assert.Equal(t, State("off"), to, "lit around: the next transition")
	}

	// Two branches that both hold: the first wins, whichever it is.
	always := func(Step[lamp, lampFacts]) bool { return true }
	both := func(first, second State) *Machine[lamp, lampFacts] {
		d := lampDefinition()
		d.Transitions[2].To, d.Transitions[2].When = first, &Branch[lamp, lampFacts]{Label: lampLabel("first"), Holds: always}
		d.Transitions[3].To, d.Transitions[3].When = second, &Branch[lamp, lampFacts]{Label: lampLabel("second"), Holds: always}
		return MustDefine(d)
	}
	to, err := both("on", "off").Decide(today, &lamp{State: "off"}, lampFacts{}, toggle{})
	require.NoError(t, err)
	assert.Equal(t, State("on"), to)
	to, err = both("off", "on").Decide(today, &lamp{State: "off"}, lampFacts{}, toggle{})
	require.NoError(t, err)
	assert.Equal(t, State("off"), to)

	// No branch holds: refused with the first's rule, naming every branch.
	never := lampDefinition()
	never.Transitions[3].When = &Branch[lamp, lampFacts]{Label: lampLabel("a full moon"), Holds: func(Step[lamp, lampFacts]) bool { return false }}
	_, err = MustDefine(never).Decide(today, &lamp{State: "off"}, lampFacts{Lit: true}, toggle{})
	r := refusal(t, err)
	assert.Equal(t, []Blocker{{Rule: rules.C3, Reason: "toggle is possible in state off only when dark around or a full moon"}}, r.Blockers)
}

// A refusal lists every unmet guard of the transition, each with its rule
// (or the more specific rule the guard names) and the offending input.
func TestDecide_RefusalListsEveryUnmetGuard(t *testing.T) {
	m := lampMachine(t)
	l := lamp{State: "off"}
	before := l
	to, err := m.Decide(today, &l, lampFacts{Broken: true}, switchOn{})
	assert.Equal(t, State("off"), to)
	assert.Equal(t, before, l)
	r := refusal(t, err)
	assert.Equal(t, &Refusal{Command: "switch-on", State: "off", Blockers: []Blocker{
		{Rule: rules.S2, Reason: "the lamp is broken", Input: "broken"},
		{Rule: rules.C10, Also: rules.J3, Reason: "second condition"},
	}}, r)
	assert.ErrorIs(t, err, rules.S2)
	assert.ErrorIs(t, err, rules.C10)
	assert.ErrorIs(t, err, rules.J3, "the rule cited with another counts")
	assert.NotErrorIs(t, err, rules.C4, "the guard named a more specific rule")
	assert.NotErrorIs(t, err, rules.S4, "the transition's rule is not among the reasons")

	blockers, err := m.Explain(today, &l, lampFacts{Broken: true}, switchOn{})
	require.NoError(t, err)
	assert.Equal(t, r.Blockers, blockers, "Explain says what Decide refuses with")
}

// An event the state does not allow is refused citing the rule of the
// state when it has one, otherwise the rule of the event's first
// transition.
func TestDecide_WrongStateCitesTheStatesRuleOrTheSteps(t *testing.T) {
	m := lampMachine(t)
	cases := []struct {
		from State
		ev   Event
		want Blocker
	}{
		{"off", switchOff{}, Blocker{Rule: rules.C9, Reason: "switch-off is not possible in state off (only from on)"}},
		{None, switchOff{}, Blocker{Rule: rules.C9, Reason: "switch-off is not possible in state (not started) (only from on)"}},
		{None, toggle{}, Blocker{Rule: rules.C3, Reason: "toggle is not possible in state (not started) (only from on, off)"}},
		{"broken", switchOn{}, Blocker{Rule: rules.S6, Reason: "switch-on is not possible in state broken (only from (not started), off, on)"}},
		{"off", burnOut{}, Blocker{Rule: rules.A6, Reason: "burn-out is not possible in state off (only from on)"}},
	}
	for _, tc := range cases {
		t.Run(tc.from.Name()+" "+string(tc.ev.EventID()), func(t *testing.T) {
			_, err := m.Decide(today, &lamp{State: tc.from}, lampFacts{}, tc.ev)
			r := refusal(t, err)
			assert.Equal(t, []Blocker{tc.want}, r.Blockers)
			assert.Equal(t, tc.from, r.State)
		})
	}
}

func TestExplain_NilWhenDecideWouldAllowIt(t *testing.T) {
	m := lampMachine(t)
	l := lamp{State: "off"}
	blockers, err := m.Explain(today, &l, lampFacts{}, switchOn{})
	require.NoError(t, err)
	assert.Nil(t, blockers)
	blockers, err = m.Explain(today, &l, lampFacts{}, switchOff{})
	require.NoError(t, err)
	assert.Equal(t, []Blocker{{Rule: rules.C9, Reason: "switch-off is not possible in state off (only from on)"}}, blockers)
	assert.Equal(t, lamp{State: "off"}, l)
}

// Replay: Target takes the branches and the due days, but asks no guard.
func TestTarget_TakesTheBranchesButNotTheGuards(t *testing.T) {
	m := lampMachine(t)
	to, err := m.Target(today, &lamp{State: "off"}, lampFacts{Broken: true}, switchOn{})
	require.NoError(t, err, "replay trusts the guards that held when the history was made")
	assert.Equal(t, State("on"), to)
	to, err = m.Target(today, &lamp{State: "off"}, lampFacts{Lit: true}, toggle{})
	require.NoError(t, err)
	assert.Equal(t, State("off"), to)
	to, err = m.Target(today, &lamp{State: "on"}, lampFacts{}, dim{Level: 99})
	require.NoError(t, err)
	assert.Equal(t, State("on"), to)

	to, err = m.Target(today, &lamp{State: "off"}, lampFacts{}, switchOff{})
	assert.EqualError(t, err, "switch-off is not possible in state off (only from on)")
	assert.False(t, errors.As(err, new(*Refusal)), "a history the definition does not allow is an error")
	assert.Equal(t, State("off"), to)

	l := lamp{State: "on", BulbUntil: day("2025-03-20")}
	_, err = m.Target(today, &l, lampFacts{}, burnOut{})
	assert.EqualError(t, err, "burn-out is possible in state on only when the bulb is worn out")
}

// Due names the earliest day on which time alone moves the subject from its
// state, and the event that does it; Decide allows a timed step from that
// day on, not before.
func TestDue_IsTheEarliestTimedStepFromTheState(t *testing.T) {
	m := lampMachine(t)
	cases := []struct {
		name string
		l    lamp
		day  string
		ev   Event
	}{
		{"the timer first", lamp{State: "on", BulbUntil: day("2025-03-10"), TimerAt: day("2025-03-05")}, "2025-03-05", timerOff{}},
		{"the bulb first", lamp{State: "on", BulbUntil: day("2025-03-03"), TimerAt: day("2025-03-05")}, "2025-03-04", burnOut{}},
		{"the bulb alone", lamp{State: "on", BulbUntil: day("2025-03-31")}, "2025-04-01", burnOut{}},
		{"nothing is due", lamp{State: "on"}, "", nil},
		{"no timed step leaves the state", lamp{State: "off", BulbUntil: day("2025-03-10"), TimerAt: day("2025-03-05")}, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, ev, ok := m.Due(&tc.l)
			if tc.ev == nil {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.day, d.String())
			assert.Equal(t, tc.ev, ev)

			_, err := m.Decide(d.AddDays(-1), &tc.l, lampFacts{}, ev)
			refusal(t, err)
			for _, on := range []notice.Date{d, d.AddDays(30)} {
				to, err := m.Decide(on, &tc.l, lampFacts{}, ev)
				require.NoError(t, err)
				assert.NotEqual(t, tc.l.State, to)
			}
		})
	}

	_, err := m.Decide(day("2025-03-10"), &lamp{State: "on", BulbUntil: day("2025-03-10")}, lampFacts{}, burnOut{})
	r := refusal(t, err)
	assert.Equal(t, []Blocker{{Rule: rules.A6, Reason: "burn-out is possible in state on only when the bulb is worn out"}}, r.Blockers, "still good on its last day")
}

func TestDerive_FindsTheDerivedStepWhoseBranchHolds(t *testing.T) {
	m := lampMachine(t)
	ev, to, ok := m.Derive(today, &lamp{State: "on"}, lampFacts{Overload: true})
	require.True(t, ok)
	assert.Equal(t, fuse{}, ev)
	assert.Equal(t, State("off"), to)

	ev, to, ok = m.Derive(today, &lamp{State: "on"}, lampFacts{})
	assert.False(t, ok)
	assert.Nil(t, ev)
	assert.Equal(t, State("on"), to)
	_, _, ok = m.Derive(today, &lamp{State: "off"}, lampFacts{Overload: true})
	assert.False(t, ok, "no derived step leaves off")

	to, err := m.Decide(today, &lamp{State: "on"}, lampFacts{Overload: true}, fuse{})
	require.NoError(t, err, "Decide takes a derived step whose branch holds")
	assert.Equal(t, State("off"), to)
	_, err = m.Decide(today, &lamp{State: "on"}, lampFacts{}, fuse{})
	refusal(t, err)
}

func TestDecodeEvent_RebuildsTheTypedEvent(t *testing.T) {
	m := lampMachine(t)
	ev, err := m.DecodeEvent("dim", []byte(`{"level":3}`))
	require.NoError(t, err)
	assert.Equal(t, dim{Level: 3}, ev)
	ev, err = m.DecodeEvent("switch-on", nil)
	require.NoError(t, err)
	assert.Equal(t, switchOn{}, ev, "no fields: the zero event")

	_, err = m.DecodeEvent("dim", []byte(`{"level":3,"colour":"red"}`))
	assert.ErrorContains(t, err, `engine: lamp: event dim: json: unknown field "colour"`)
	_, err = m.DecodeEvent("dim", []byte(`{"level":"three"}`))
	assert.ErrorContains(t, err, "engine: lamp: event dim:")
	_, err = m.DecodeEvent("stranger", nil)
	assert.EqualError(t, err, `engine: machine lamp has no event "stranger"`)
	_, err = m.DecodeEvent(EventID(strings.Repeat("x", 100)), nil)
	assert.EqualError(t, err, "engine: machine lamp has no event "+notice.Excerpt(strings.Repeat("x", 100)), "a long identifier is quoted short")
}

func TestDescribe_IsTheDefinitionAsData(t *testing.T) {
	d := lampMachine(t).Describe()
	assert.Equal(t, "lamp", d.Name)
	assert.Equal(t, lampLabel("the lamp"), d.Label)
	broken, ok := d.State("broken")
	require.True(t, ok)
	assert.Equal(t, StateInfo{ID: "broken", Label: lampLabel("broken"), Classes: []Class{"dark"}, Final: true, Rule: rules.S6}, broken)
	_, ok = d.State("dimmed")
	assert.False(t, ok)
	on, ok := d.Event("switch-on")
	require.True(t, ok)
	assert.Equal(t, EventInfo{ID: "switch-on", Label: lampLabel("switch on"), Actor: lampUser}, on)
	_, ok = d.Event("stranger")
	assert.False(t, ok)

	require.Len(t, d.Transitions, 8)
	assert.Equal(t, TransitionInfo{Event: "switch-on", From: []State{None, "off", "on"}, To: "on", Rule: rules.S4, Guards: []GuardInfo{
		{Rule: rules.S2, Label: lampLabel("not broken")}, {Rule: rules.C4, Label: lampLabel("not broken either")},
	}}, d.Transitions[0])
	assert.Equal(t, lampLabel("dark around"), d.Transitions[2].When)
	assert.Equal(t, TransitionInfo{Event: "burn-out", From: []State{"on"}, To: "broken", Rule: rules.A6, When: lampLabel("the bulb is worn out"), Timed: true}, d.Transitions[5])
	assert.True(t, d.Transitions[7].Derived)
	assert.Equal(t, []TransitionInfo{d.Transitions[0]}, d.Initial())
}

// Decide asks looplab's table for every step. Give the machine a table that
// lacks two of the definition's edges (a move and a Stay): Decide must refuse
// both as the engine's (not as a refusal by the terms), change nothing, and
// keep deciding the other steps.
func TestDecide_LooplabsTableDecidesEveryStep(t *testing.T) {
	m := lampMachine(t)
	for _, e := range m.Describe().Edges() {
		assert.True(t, m.engine.allows(e.From, e.Transition), "looplab's table has %s", e)
	}

	ts := slices.Clone(m.def.Transitions)
	for i := range ts {
		switch ts[i].Event {
		case "switch-on", "dim":
			ts[i].From = slices.DeleteFunc(slices.Clone(ts[i].From), func(s State) bool { return s == "off" })
		}
	}
	m.engine = newLooplab(ts)

	for _, ev := range []Event{switchOn{}, dim{Level: 2}} {
		l := lamp{State: "off"}
		to, err := m.Decide(today, &l, lampFacts{}, ev)
		require.Error(t, err)
		assert.EqualError(t, err, fmt.Sprintf("engine: lamp: the looplab engine refused %s from off", ev.EventID()))
		assert.False(t, errors.As(err, new(*Refusal)), "the engine's refusal is not a refusal by the terms")
		assert.Equal(t, State("off"), to)
		assert.Equal(t, lamp{State: "off"}, l)
	}
	for _, tc := range []struct {
		from State
		ev   Event
		want State
	}{{"on", switchOn{}, "on"}, {None, switchOn{}, "on"}, {"on", dim{Level: 2}, "on"}, {"on", switchOff{}, "off"}} {
		to, err := m.Decide(today, &lamp{State: tc.from}, lampFacts{}, tc.ev)
		require.NoError(t, err, "%s from %s", tc.ev.EventID(), tc.from.Name())
		assert.Equal(t, tc.want, to)
	}
}

// A guard may call back into the machine it guards: Decide holds no lock
// while guards run and looplab runs no callbacks, so nothing deadlocks (a
// deadlock fails the test by its timeout).
func TestDecide_AGuardMayCallBackIntoTheSameMachine(t *testing.T) {
	m := lampMachine(t)
	var inner []State
	var innerErr []error
	var blockers []Blocker
	hook := func() {
		to, err := m.Decide(today, &lamp{State: "on"}, lampFacts{}, switchOff{})
		inner, innerErr = append(inner, to), append(innerErr, err)
		to, err = m.Decide(today, &lamp{State: "on"}, lampFacts{}, switchOn{}) // the same guard, re-entered
		inner, innerErr = append(inner, to), append(innerErr, err)
		b, err := m.Explain(today, &lamp{State: "off"}, lampFacts{}, switchOff{})
		blockers, innerErr = b, append(innerErr, err)
		to, err = m.Target(today, &lamp{State: "on"}, lampFacts{}, toggle{})
		inner, innerErr = append(inner, to), append(innerErr, err)
		m.Due(&lamp{State: "on"})
		m.Derive(today, &lamp{State: "on"}, lampFacts{})
	}
	to, err := m.Decide(today, &lamp{State: "off"}, lampFacts{Hook: hook}, switchOn{})
	require.NoError(t, err)
	assert.Equal(t, State("on"), to)
	for _, err := range innerErr {
		assert.NoError(t, err)
	}
	assert.Equal(t, []State{"off", "on", "on"}, inner)
	require.Len(t, blockers, 1)
	assert.Equal(t, rules.C9, blockers[0].Rule)

	blockers, err = m.Explain(today, &lamp{State: "off"}, lampFacts{Hook: hook}, switchOn{})
	require.NoError(t, err)
	assert.Nil(t, blockers, "Explain runs the guards too")
}

// One machine decides for many goroutines at once: every step, refusal and
// error is what it is when decided alone. Run with -race.
func TestDecide_IsSafeForConcurrentUse(t *testing.T) {
	m := lampMachine(t)
	type step struct {
		l       lamp
		facts   lampFacts
		ev      Event
		to      State
		refused rules.Rule // the first rule of a refusal
		err     bool       // an error that is not a refusal
	}
	steps := []step{
		{l: lamp{}, ev: switchOn{}, to: "on"},
		{l: lamp{State: "on"}, ev: switchOn{}, to: "on"},
		{l: lamp{State: "on"}, ev: switchOff{}, to: "off"},
		{l: lamp{State: "off"}, ev: toggle{}, to: "on"},
		{l: lamp{State: "off"}, facts: lampFacts{Lit: true}, ev: toggle{}, to: "off"},
		{l: lamp{State: "off"}, ev: dim{Level: 4}, to: "off"},
		{l: lamp{State: "on", BulbUntil: day("2025-03-01")}, ev: burnOut{}, to: "broken"},
		{l: lamp{State: "on"}, facts: lampFacts{Overload: true}, ev: fuse{}, to: "off"},
		{l: lamp{State: "off"}, facts: lampFacts{Broken: true}, ev: switchOn{}, refused: rules.S2},
		{l: lamp{State: "off"}, ev: switchOff{}, refused: rules.C9},
		{l: lamp{State: "broken"}, ev: switchOn{}, refused: rules.S6},
		{l: lamp{State: "on"}, ev: fakeOnOff{}, err: true},
		{l: lamp{State: "on"}, ev: unplug{}, err: true},
	}
	const goroutines, rounds = 16, 200
	var wg sync.WaitGroup
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < rounds; i++ {
				s := steps[(g+i)%len(steps)]
				l := s.l
				to, err := m.Decide(today, &l, s.facts, s.ev)
				var r *Refusal
				switch {
				case s.err:
					if err == nil || errors.As(err, &r) {
						t.Errorf("%s from %s: want an error, got %v", s.ev.EventID(), s.l.State.Name(), err)
						return
					}
				case s.refused != "":
					if !errors.As(err, &r) || r.Blockers[0].Rule != s.refused || to != s.l.State {
						t.Errorf("%s from %s: want a refusal citing %s, got %s, %v", s.ev.EventID(), s.l.State.Name(), s.refused, to, err)
						return
					}
				case err != nil || to != s.to:
					t.Errorf("%s from %s: want %s, got %s, %v", s.ev.EventID(), s.l.State.Name(), s.to, to, err)
					return
				}
				if l != s.l {
					t.Errorf("%s from %s: Decide changed the subject", s.ev.EventID(), s.l.State.Name())
					return
				}
			}
		}(g)
	}
	wg.Wait()
}
