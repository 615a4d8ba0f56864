package lifecycle

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A two-state toy machine for the adapter's edges: a lamp that is switched on
// and off, can be switched on again while on (a self-transition), and whose
// "toggle" branches on data.
type (
	switchOn  struct{}
	switchOff struct{}
	toggle    struct{}
)

func (switchOn) EventID() EventID  { return "switch-on" }
func (switchOff) EventID() EventID { return "switch-off" }
func (toggle) EventID() EventID    { return "toggle" }

type lampContext struct {
	ev     Event
	broken bool
	lit    bool
	hook   func() // called from a guard, to try re-entering the machine
}

func (c lampContext) Trigger() Event { return c.ev }

func lampMachine(t *testing.T) *Machine[lampContext] {
	t.Helper()
	m, err := Define("lamp",
		[]StateInfo{{ID: "off"}, {ID: "on"}},
		[]Event{switchOn{}, switchOff{}, toggle{}},
		[]Transition[lampContext]{
			{Event: "switch-on", From: []State{None, "off", "on"}, To: "on", Rule: S4, Guards: []Guard[lampContext]{
				{Rule: S2, Label: "not broken", Check: func(c lampContext) *Unmet {
					if c.hook != nil {
						c.hook()
					}
					if c.broken {
						return &Unmet{Reason: "the lamp is broken", Input: "broken"}
					}
					return nil
				}},
				{Rule: C4, Label: "always fails when broken too", Check: func(c lampContext) *Unmet {
					if c.broken {
						return &Unmet{Reason: "second condition"}
					}
					return nil
				}},
			}},
			{Event: "switch-off", From: []State{"on"}, To: "off", Rule: C9},
			{Event: "toggle", From: []State{"on", "off"}, To: "on", Rule: C3, When: &Branch[lampContext]{Label: "dark", Holds: func(c lampContext) bool { return !c.lit }}},
			{Event: "toggle", From: []State{"on", "off"}, To: "off", Rule: C3},
		})
	require.NoError(t, err)
	return m
}

func TestMachine_FireMovesAndReturnsTheNewState(t *testing.T) {
	m := lampMachine(t)
	s, err := m.Fire(context.Background(), None, lampContext{ev: switchOn{}})
	require.NoError(t, err)
	assert.Equal(t, State("on"), s)
	s, err = m.Fire(context.Background(), s, lampContext{ev: switchOff{}})
	require.NoError(t, err)
	assert.Equal(t, State("off"), s)
}

// named is an event type whose identifier is its value, so one Go type
// stands for several events.
type named string

func (n named) EventID() EventID { return EventID(n) }

// otherSwitchOn is a second Go type with the identifier of switchOn.
type otherSwitchOn struct{}

func (otherSwitchOn) EventID() EventID { return "switch-on" }

func TestMachine_AnEventIsItsIdentifierNotItsGoType(t *testing.T) {
	t.Run("another type with a declared identifier", func(t *testing.T) {
		s, err := lampMachine(t).Fire(context.Background(), "off", lampContext{ev: otherSwitchOn{}})
		require.NoError(t, err)
		assert.Equal(t, State("on"), s)
	})

	t.Run("one type, several identifiers", func(t *testing.T) {
		m, err := Define("dial",
			[]StateInfo{{ID: "low"}, {ID: "high"}},
			[]Event{named("up"), named("down")},
			[]Transition[lampContext]{
				{Event: "up", From: []State{None, "low"}, To: "high", Rule: S4},
				{Event: "down", From: []State{"high"}, To: "low", Rule: S4},
			})
		require.NoError(t, err)
		s, err := m.Fire(context.Background(), "high", lampContext{ev: named("down")})
		require.NoError(t, err)
		assert.Equal(t, State("low"), s)
		to, err := m.Target("low", lampContext{ev: named("up")})
		require.NoError(t, err)
		assert.Equal(t, State("high"), to)
		for _, unknown := range []named{"sideways", "upp", "", "turned-all-the-way-to-eleven-and-beyond"} {
			_, err = m.Fire(context.Background(), "low", lampContext{ev: unknown})
			assert.ErrorContains(t, err, fmt.Sprintf("no event %q", unknown))
		}
	})
}

func TestMachine_CancelledContextChangesNothingAndNeverWedges(t *testing.T) {
	m := lampMachine(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s, err := m.Fire(ctx, "off", lampContext{ev: switchOn{}})
	require.ErrorIs(t, err, context.Canceled)
	assert.Equal(t, State("off"), s, "a cancelled command leaves the state as it was")

	// The pooled looplab engines must still work afterwards, from many
	// goroutines, whether their callers' contexts are cancelled or not.
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				ctx, cancel := context.WithCancel(context.Background())
				if (g+i)%3 == 0 {
					cancel()
				}
				s, err := m.Fire(ctx, "off", lampContext{ev: switchOn{}})
				cancel()
				if err != nil {
					assert.ErrorIs(t, err, context.Canceled)
					assert.Equal(t, State("off"), s)
					continue
				}
				assert.Equal(t, State("on"), s)
			}
		}(g)
	}
	wg.Wait()
	s, err = m.Fire(context.Background(), "off", lampContext{ev: switchOn{}})
	require.NoError(t, err, "no engine is left stuck in a transition")
	assert.Equal(t, State("on"), s)
}

func TestMachine_ContextCancelledAfterTheChecksDoesNotAbortTheTransition(t *testing.T) {
	// Once every guard passed, the transition completes, even when the
	// caller's context is cancelled meanwhile (here by a guard): the context is
	// never handed to looplab, whose Event would abandon the transition
	// half-way and keep its engine "in transition" for good.
	m := lampMachine(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s, err := m.Fire(ctx, "off", lampContext{ev: switchOn{}, hook: cancel})
	require.NoError(t, err)
	assert.Equal(t, State("on"), s)
	for i := 0; i < 10; i++ { // every pooled engine still works
		s, err = m.Fire(context.Background(), "on", lampContext{ev: switchOff{}})
		require.NoError(t, err)
		assert.Equal(t, State("off"), s)
	}
}

func TestMachine_SelfTransitionIsASuccess(t *testing.T) {
	// looplab's Event reports a transition to the same state as
	// NoTransitionError; through Fire it is an ordinary step.
	m := lampMachine(t)
	s, err := m.Fire(context.Background(), "on", lampContext{ev: switchOn{}})
	require.NoError(t, err)
	assert.Equal(t, State("on"), s)
}

func TestMachine_GuardMayUseTheMachineWithoutDeadlock(t *testing.T) {
	// Guards run before looplab is entered and no looplab callbacks exist, so
	// a guard that consults the same machine (looplab deadlocks when Event or
	// Can is called from its own callbacks) does not block.
	m := lampMachine(t)
	var inner State
	var innerErr error
	c := lampContext{ev: switchOn{}, hook: func() {
		inner, innerErr = m.Fire(context.Background(), "on", lampContext{ev: switchOff{}})
	}}
	s, err := m.Fire(context.Background(), "off", c)
	require.NoError(t, err)
	require.NoError(t, innerErr)
	assert.Equal(t, State("on"), s)
	assert.Equal(t, State("off"), inner)
}

func TestMachine_RefusalListsEveryUnmetConditionWithItsRule(t *testing.T) {
	m := lampMachine(t)
	s, err := m.Fire(context.Background(), "off", lampContext{ev: switchOn{}, broken: true})
	var r *Refusal
	require.ErrorAs(t, err, &r)
	assert.Equal(t, State("off"), s)
	require.Len(t, r.Blockers, 2)
	assert.Equal(t, S2, r.Blockers[0].Rule)
	assert.Equal(t, "broken", r.Blockers[0].Input)
	assert.Equal(t, C4, r.Blockers[1].Rule)
	assert.ErrorIs(t, err, S2)
	assert.ErrorIs(t, err, C4)
	assert.NotErrorIs(t, err, C9)
	assert.Contains(t, r.Citations(), "SAT")
	assert.Contains(t, r.Citations(), "YTE 7")
}

func TestMachine_WrongStateCitesTheRuleOfTheStep(t *testing.T) {
	m := lampMachine(t)
	bs, err := m.Explain("off", lampContext{ev: switchOff{}})
	require.NoError(t, err)
	require.Len(t, bs, 1)
	assert.Equal(t, C9, bs[0].Rule)
	assert.Contains(t, bs[0].Reason, "only from on")
}

func TestMachine_BranchChoosesTheTarget(t *testing.T) {
	m := lampMachine(t)
	s, err := m.Fire(context.Background(), "off", lampContext{ev: toggle{}, lit: false})
	require.NoError(t, err)
	assert.Equal(t, State("on"), s)
	s, err = m.Fire(context.Background(), "off", lampContext{ev: toggle{}, lit: true})
	require.NoError(t, err)
	assert.Equal(t, State("off"), s)
}

func TestMachine_ExplainChangesNothingAndTargetSkipsGuards(t *testing.T) {
	m := lampMachine(t)
	bs, err := m.Explain("off", lampContext{ev: switchOn{}, broken: true})
	require.NoError(t, err)
	assert.Len(t, bs, 2)
	bs, err = m.Explain("off", lampContext{ev: switchOn{}})
	require.NoError(t, err)
	assert.Empty(t, bs)

	to, err := m.Target("off", lampContext{ev: switchOn{}, broken: true})
	require.NoError(t, err, "replay trusts the guards that held when the history was made")
	assert.Equal(t, State("on"), to)
	_, err = m.Target("off", lampContext{ev: switchOff{}})
	assert.Error(t, err, "a history step the definition does not allow is an error")
}

func TestMachine_UnknownEventIsAnErrorNotARefusal(t *testing.T) {
	m := lampMachine(t)
	_, err := m.Fire(context.Background(), "off", lampContext{ev: NoticeElapsed{}})
	require.Error(t, err)
	var r *Refusal
	assert.False(t, errors.As(err, &r))
}

func TestMachine_DecodeEventRebuildsTheTypedEvent(t *testing.T) {
	ev, err := ServiceMachine().DecodeEvent("give-termination-notice", []byte(`{"effective":"2025-03-01","reason":"reorganisation"}`))
	require.NoError(t, err)
	n, ok := ev.(GiveTerminationNotice)
	require.True(t, ok)
	assert.Equal(t, "2025-03-01", n.Effective.String())
	assert.Equal(t, Reorganisation, n.Reason)
	_, err = ServiceMachine().DecodeEvent("no-such-event", nil)
	assert.Error(t, err)
	_, err = ServiceMachine().DecodeEvent("give-termination-notice", []byte(`{"effective":"2025-02-30"}`))
	assert.Error(t, err)
}

func TestDefine_RefusesInconsistentDescriptions(t *testing.T) {
	states := []StateInfo{{ID: "a"}, {ID: "b"}}
	events := []Event{switchOn{}}
	cases := map[string]struct {
		states []StateInfo
		ts     []Transition[lampContext]
	}{
		"state declared twice":  {[]StateInfo{{ID: "a"}, {ID: "a"}}, nil},
		"undeclared event":      {states, []Transition[lampContext]{{Event: "switch-off", From: []State{"a"}, To: "b", Rule: C1}}},
		"unknown rule":          {states, []Transition[lampContext]{{Event: "switch-on", From: []State{"a"}, To: "b", Rule: "Z9"}}},
		"undeclared target":     {states, []Transition[lampContext]{{Event: "switch-on", From: []State{"a"}, To: "c", Rule: C1}}},
		"undeclared source":     {states, []Transition[lampContext]{{Event: "switch-on", From: []State{"c"}, To: "b", Rule: C1}}},
		"guard without a check": {states, []Transition[lampContext]{{Event: "switch-on", From: []State{"a"}, To: "b", Rule: C1, Guards: []Guard[lampContext]{{Rule: C1}}}}},
		"unreachable branch": {states, []Transition[lampContext]{
			{Event: "switch-on", From: []State{"a"}, To: "b", Rule: C1},
			{Event: "switch-on", From: []State{"a"}, To: "a", Rule: C1},
		}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := Define("bad", tc.states, events, tc.ts)
			assert.Error(t, err)
		})
	}
}

func TestRules_EveryRuleHasAClauseAndASummary(t *testing.T) {
	for _, r := range AllRules() {
		assert.True(t, r.Known(), r)
		assert.NotEmpty(t, r.Clause(), r)
		assert.NotEmpty(t, r.Summary(), r)
		assert.NotEmpty(t, r.Citations(), r)
	}
	assert.False(t, Rule("Z1").Known())
}

func TestRules_CitationsNameEachClauseWithItsDocument(t *testing.T) {
	assert.Equal(t, []string{"OTV 3.1", "OTV 4.1", "OTV 8"}, A2.Citations())
	assert.Equal(t, []string{"YLS 1", "YLS 2", "YLS 13", "design"}, J3.Citations())
	assert.Equal(t, []string{"SAT", "YTE 2.5"}, S2.Citations())
	assert.Equal(t, []string{"YTE 7.1", "design"}, S5b.Citations())
	assert.Equal(t, "S5b (design, nearest YTE 7.1)", S5b.Cite())
	assert.Equal(t, "C4 (YTE 7)", C4.Cite())
}

func TestMachine_LooplabsTableDecidesTheStep(t *testing.T) {
	// Fire takes each step on a looplab engine and asks looplab's transition
	// table first. Point a transition at a looplab event the table does not
	// have: Fire must refuse the step as the engine's, change nothing, and keep
	// the engine that disagreed out of the pool.
	m := lampMachine(t)
	for i, tr := range m.transitions {
		if tr.Event == "switch-on" && leaves(tr.From, "off") {
			m.engineName[i] = "no-such-looplab-event"
		}
	}
	s, err := m.Fire(context.Background(), "off", lampContext{ev: switchOn{}})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "engine refused switch-on from off")
	var r *Refusal
	assert.False(t, errors.As(err, &r), "the engine's refusal is not a refusal by the terms")
	assert.Equal(t, State("off"), s, "nothing changes")

	s, err = m.Fire(context.Background(), "on", lampContext{ev: switchOff{}})
	require.NoError(t, err, "the other steps still run")
	assert.Equal(t, State("off"), s)
}
