package engine

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/rules"
)

// assertWalk checks that p starts at None and that each edge leaves the
// state the previous one entered, along an edge of d.
func assertWalk(t *testing.T, d Description, p Path) {
	t.Helper()
	require.NotEmpty(t, p)
	edges := d.Edges()
	at := None
	for _, e := range p {
		assert.Equal(t, at, e.From, "%s: %s does not continue the walk", p, e)
		assert.Contains(t, edges, e, "%s: %s is not an edge of %s", p, e, d.Name)
		at = e.To
	}
}

// taken returns every edge of paths.
func taken(paths []Path) []Edge {
	var out []Edge
	for _, p := range paths {
		out = append(out, p...)
	}
	return out
}

// gateDescription is a graph with a short cut: a→c directly (jump), or the
// long way a→b→c (walk, walk-on); leave goes back from c to a.
func gateDescription() Description {
	return Description{
		Name:   "gate",
		States: []StateInfo{{ID: "a"}, {ID: "b"}, {ID: "c"}},
		Transitions: []TransitionInfo{
			{Event: "enter", From: []State{None}, To: "a"},
			{Event: "jump", From: []State{"a"}, To: "c"},
			{Event: "walk", From: []State{"a", "b"}, To: "b"},
			{Event: "walk-on", From: []State{"b"}, To: "c"},
			{Event: "leave", From: []State{"c"}, To: "a"},
		},
	}
}

func TestEdges_OnePerSourceStateOfEachTransition(t *testing.T) {
	d := doorMachine(t).Describe()
	assert.Equal(t, []Edge{
		{From: None, Event: "open", To: "half-open", Transition: 0},
		{From: "closed", Event: "open", To: "half-open", Transition: 0},
		{From: "half-open", Event: "open", To: "half-open", Transition: 0},
		{From: "half-open", Event: "time-out", To: "closed", Transition: 1},
		{From: "half-open", Event: "slam", To: "closed", Transition: 2},
		{From: "closed", Event: "lock", To: "locked", Transition: 3},
		{From: "closed", Event: "latch", To: "locked", Transition: 4},
		{From: "closed", Event: "knock", To: "closed", Transition: 5},
	}, d.Edges())
	assert.Equal(t, "half-open -time-out-> closed", d.Edges()[3].String())
	assert.Equal(t, "[*] -open-> half-open", d.Edges()[0].String())
}

// A Stay transition has an edge back to each state it leaves.
func TestEdges_AStayReturnsToEachOfItsSources(t *testing.T) {
	var dims []Edge
	for _, e := range lampMachine(t).Describe().Edges() {
		if e.Event == "dim" {
			dims = append(dims, e)
		}
	}
	assert.Equal(t, []Edge{{From: "on", Event: "dim", To: "on", Transition: 4}, {From: "off", Event: "dim", To: "off", Transition: 4}}, dims)
}

func TestShortestPath_FromNoneToEveryState(t *testing.T) {
	d := doorMachine(t).Describe()
	p, ok := d.ShortestPath("locked")
	require.True(t, ok)
	assertWalk(t, d, p)
	assert.Equal(t, []EventID{"open", "time-out", "lock"}, p.Events(), "among equals, the transitions listed first")
	assert.Equal(t, State("locked"), p.End())
	assert.Equal(t, "[*] -open-> half-open -time-out-> closed -lock-> locked", p.String())

	p, ok = d.ShortestPath(None)
	assert.True(t, ok)
	assert.Empty(t, p)
	assert.Equal(t, None, p.End())
	assert.Equal(t, "[*]", p.String())
	assert.Empty(t, p.Events())

	_, ok = d.ShortestPath("ajar")
	assert.False(t, ok, "a state that is not declared cannot be reached")

	d.States = append(d.States, StateInfo{ID: "ajar"}) // declared, but no edge enters it
	_, ok = d.ShortestPath("ajar")
	assert.False(t, ok, "an unreachable state has no path")
	paths := d.ShortestPaths()
	require.Len(t, paths, 3, "unreachable states are left out")
	for i, want := range []State{"half-open", "closed", "locked"} {
		assertWalk(t, d, paths[i])
		assert.Equal(t, want, paths[i].End(), "in the order of the states")
	}
}

// Model-based testing needs every arrow: each (from, event, to) lies on one
// of the covering paths, each path reaches its last edge by the shortest
// route, and no path begins another.
func TestCoveringPaths_TakeEveryEdge(t *testing.T) {
	for _, d := range []Description{doorMachine(t).Describe(), lampMachine(t).Describe(), gateDescription()} {
		t.Run(d.Name, func(t *testing.T) {
			paths := d.CoveringPaths()
			for _, p := range paths {
				assertWalk(t, d, p)
			}
			assert.Empty(t, d.Missed(taken(paths)), "every (from, event, to) edge")
			assert.Empty(t, d.MissedTransitions(taken(paths)), "every transition")
			for i, p := range paths {
				for j, q := range paths {
					if i != j {
						assert.False(t, p.prefixOf(q), "%s begins %s: it adds nothing", p, q)
					}
				}
				prefix, ok := d.ShortestPath(p[len(p)-1].From)
				require.True(t, ok)
				assert.Equal(t, prefix, p[:len(p)-1], "%s reaches its last edge by the shortest route", p)
			}
		})
	}
}

func TestCoveringPaths_OfTheDoor(t *testing.T) {
	var got []string
	for _, p := range doorMachine(t).Describe().CoveringPaths() {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		"[*] -open-> half-open -time-out-> closed -open-> half-open",
		"[*] -open-> half-open -open-> half-open",
		"[*] -open-> half-open -slam-> closed",
		"[*] -open-> half-open -time-out-> closed -lock-> locked",
		"[*] -open-> half-open -time-out-> closed -latch-> locked",
		"[*] -open-> half-open -time-out-> closed -knock-> closed",
	}, got)
}

func TestCoveringPaths_LeaveOutEdgesThatCannotBeReached(t *testing.T) {
	d := doorMachine(t).Describe()
	d.States = append(d.States, StateInfo{ID: "ajar"})
	d.Transitions = append(d.Transitions, TransitionInfo{Event: "slam-shut", From: []State{"ajar"}, To: "closed", Rule: rules.C1})
	tk := taken(d.CoveringPaths())
	assert.Equal(t, []Edge{{From: "ajar", Event: "slam-shut", To: "closed", Transition: 6}}, d.Missed(tk))
	assert.Equal(t, []int{6}, d.MissedTransitions(tk))
}

func TestShortestPathAvoiding_TakesTheShortestWayWithoutTheEvents(t *testing.T) {
	d := gateDescription()
	p, ok := d.ShortestPathAvoiding("c", "jump")
	require.True(t, ok)
	assertWalk(t, d, p)
	assert.Equal(t, []EventID{"enter", "walk", "walk-on"}, p.Events())

	short, ok := d.ShortestPath("c")
	require.True(t, ok)
	assert.Equal(t, []EventID{"enter", "jump"}, short.Events())
	same, ok := d.ShortestPathAvoiding("c")
	require.True(t, ok)
	assert.Equal(t, short, same, "avoiding nothing is ShortestPath")
	same, ok = d.ShortestPathAvoiding("c", "no-such-event")
	require.True(t, ok)
	assert.Equal(t, short, same, "an event the machine does not have changes nothing")

	_, ok = d.ShortestPathAvoiding("c", "jump", "walk-on")
	assert.False(t, ok, "c cannot be reached without both")
	p, ok = d.ShortestPathAvoiding(None, "enter")
	assert.True(t, ok, "None is where every path starts")
	assert.Empty(t, p)
}

func TestCoveringPathsAvoiding_ReachEachEdgeByTheShortestWayWithoutItsEvents(t *testing.T) {
	d := gateDescription()
	avoid := func(e Edge) []EventID {
		if e.Event == "leave" {
			return []EventID{"jump"}
		}
		return nil
	}
	paths := d.CoveringPathsAvoiding(avoid)
	for _, p := range paths {
		assertWalk(t, d, p)
		last := p[len(p)-1]
		for _, e := range p[:len(p)-1] {
			assert.NotContains(t, avoid(last), e.Event, "%s: the way to %s takes an avoided event", p, last)
		}
		prefix, ok := d.ShortestPathAvoiding(last.From, avoid(last)...)
		require.True(t, ok)
		assert.Equal(t, prefix, p[:len(p)-1], "%s reaches its last edge by the shortest way without %v", p, avoid(last))
	}
	assert.Empty(t, d.Missed(taken(paths)))
	assert.Empty(t, d.MissedTransitions(taken(paths)))
	var leave []string
	for _, p := range paths {
		if p[len(p)-1].Event == "leave" {
			leave = append(leave, p.String())
		}
	}
	assert.Equal(t, []string{"[*] -enter-> a -walk-> b -walk-on-> c -leave-> a"}, leave)
}

// CoveringPaths is CoveringPathsAvoiding(nil); avoiding nothing on every
// edge must give the same paths.
func TestCoveringPathsAvoiding_NothingAvoidedIsCoveringPaths(t *testing.T) {
	for _, d := range []Description{doorMachine(t).Describe(), lampMachine(t).Describe(), gateDescription()} {
		assert.Equal(t, d.CoveringPaths(), d.CoveringPathsAvoiding(func(Edge) []EventID { return nil }), d.Name)
	}
}

// The events are avoided on the way to the edge, not on the edge itself;
// an edge whose source cannot be reached without them is left out.
func TestCoveringPathsAvoiding_TheEdgeItselfMayBeAvoidedAndUnreachableEdgesAreLeftOut(t *testing.T) {
	d := doorMachine(t).Describe()
	lockAfterLock := d.CoveringPathsAvoiding(func(e Edge) []EventID {
		if e.Event == "lock" {
			return []EventID{"lock"}
		}
		return nil
	})
	assert.Equal(t, d.CoveringPaths(), lockAfterLock, "lock is the last edge: avoiding it before changes nothing")

	noOpen := d.CoveringPathsAvoiding(func(Edge) []EventID { return []EventID{"open"} })
	require.Len(t, noOpen, 1, "without open only the edge from None is left")
	assert.Equal(t, "[*] -open-> half-open", noOpen[0].String())
	assert.Len(t, d.Missed(taken(noOpen)), 7)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, d.MissedTransitions(taken(noOpen)))
}

// Missed compares edges by From, Event and To, so edges read back from a
// history match; a transition with several sources counts as taken from
// any of them.
func TestMissed_EdgesAndTransitions(t *testing.T) {
	d := doorMachine(t).Describe()
	tk := []Edge{{From: None, Event: "open", To: "half-open"}} // no Transition index: read back from a history
	assert.Len(t, d.Missed(tk), 7)
	assert.Equal(t, []int{1, 2, 3, 4, 5}, d.MissedTransitions(tk), "open is taken, from None")
	assert.Nil(t, d.Missed(d.Edges()))
	assert.Nil(t, d.MissedTransitions(d.Edges()))
	assert.Equal(t, d.Edges(), d.Missed(nil))
	assert.Len(t, d.Missed([]Edge{{From: "closed", Event: "open", To: "closed"}}), 8, "a different target is a different edge")
}
