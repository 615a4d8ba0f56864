package lifecycle

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

func TestEdges_OnePerSourceStateOfEachTransition(t *testing.T) {
	d := doorDescription(t)
	assert.Equal(t, []Edge{
		{From: None, Event: "open", To: "half-open", Transition: 0},
		{From: "closed", Event: "open", To: "half-open", Transition: 0},
		{From: "half-open", Event: "open", To: "half-open", Transition: 0},
		{From: "half-open", Event: "time-out", To: "closed", Transition: 1},
		{From: "closed", Event: "lock", To: "locked", Transition: 2},
	}, d.Edges())
	assert.Equal(t, "half-open -time-out-> closed", d.Edges()[3].String())
	assert.Equal(t, "[*] -open-> half-open", d.Edges()[0].String())
}

func TestShortestPath_FromNoneToEveryState(t *testing.T) {
	d := doorDescription(t)
	p, ok := d.ShortestPath("locked")
	require.True(t, ok)
	assert.Equal(t, []EventID{"open", "time-out", "lock"}, p.Events())
	assert.Equal(t, State("locked"), p.End())
	assert.Equal(t, "[*] -open-> half-open -time-out-> closed -lock-> locked", p.String())

	p, ok = d.ShortestPath(None)
	assert.True(t, ok)
	assert.Empty(t, p)
	assert.Equal(t, None, p.End())

	_, ok = d.ShortestPath("ajar")
	assert.False(t, ok, "a state that is not declared cannot be reached")

	d.States = append(d.States, StateInfo{ID: "ajar"}) // declared, but no edge enters it
	_, ok = d.ShortestPath("ajar")
	assert.False(t, ok, "an unreachable state has no path")
	assert.Len(t, d.ShortestPaths(), 3, "unreachable states are left out")
}

func TestShortestPath_ServiceAndCustomership(t *testing.T) {
	tests := []struct {
		d    Description
		to   State
		want []EventID
	}{
		{ServiceMachine().Describe(), Requested, []EventID{"request-service"}},
		{ServiceMachine().Describe(), Active, []EventID{"request-service", "approve-service"}},
		{ServiceMachine().Describe(), ActivationTested, []EventID{"request-service", "pass-activation-test"}},
		{ServiceMachine().Describe(), NoticeGiven, []EventID{"request-service", "approve-service", "give-termination-notice"}},
		{ServiceMachine().Describe(), Terminated, []EventID{"request-service", "terminate-by-authority"}},
		{CustomershipMachine().Describe(), Ended, []EventID{"commitment-signed", "first-service-approved", "last-service-ended"}},
		{CustomershipMachine().Describe(), Terminating, []EventID{"commitment-signed", "first-service-approved", "all-services-under-notice"}},
	}
	for _, tc := range tests {
		t.Run(tc.d.Name+" "+string(tc.to), func(t *testing.T) {
			p, ok := tc.d.ShortestPath(tc.to)
			require.True(t, ok)
			assertWalk(t, tc.d, p)
			assert.Equal(t, tc.want, p.Events())
		})
	}
	for _, m := range definedMachines() {
		d := m.Describe()
		paths := d.ShortestPaths()
		assert.Len(t, paths, len(d.States), "%s: every state can be reached", d.Name)
		for i, p := range paths {
			assertWalk(t, d, p)
			assert.Equal(t, d.States[i].ID, p.End())
		}
	}
}

// Model-based testing needs every arrow: each (from, event, to) of every
// machine lies on one of the covering paths.
func TestCoveringPaths_TakeEveryEdgeOfEveryMachine(t *testing.T) {
	for _, m := range definedMachines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			paths := d.CoveringPaths()
			var taken []Edge
			for _, p := range paths {
				assertWalk(t, d, p)
				taken = append(taken, p...)
			}
			assert.Empty(t, d.Missed(taken), "every (from, event, to) edge")
			assert.Empty(t, d.MissedTransitions(taken), "every transition")
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

func TestCoveringPaths_LeaveOutEdgesThatCannotBeReached(t *testing.T) {
	d := doorDescription(t)
	d.States = append(d.States, StateInfo{ID: "ajar"})
	d.Transitions = append(d.Transitions, TransitionInfo{Event: "slam", From: []State{"ajar"}, To: "closed", Rule: C1})
	var taken []Edge
	for _, p := range d.CoveringPaths() {
		taken = append(taken, p...)
	}
	assert.Equal(t, []Edge{{From: "ajar", Event: "slam", To: "closed", Transition: 3}}, d.Missed(taken))
	assert.Equal(t, []int{3}, d.MissedTransitions(taken))
}

// gateDescription is a graph with a short cut: a→c directly (jump), or the
// long way a→b→c (walk, walk); leave goes back from c to a.
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

// The app machine's case: renewing the certificate returns an app to
// production (or withdrawal-noticed) only when it was suspended because the
// certificate expired, but the shortest way to suspended is Kela's
// suspension.
func TestShortestPathAvoiding_AppSuspendedOnlyByTheExpiredCertificate(t *testing.T) {
	d := AppMachine().Describe()
	p, ok := d.ShortestPath(Suspended)
	require.True(t, ok)
	assert.Equal(t, []EventID{"register-app", "pass-app-joint-testing", "connect-app", "suspend-app"}, p.Events())
	p, ok = d.ShortestPathAvoiding(Suspended, "suspend-app")
	require.True(t, ok)
	assertWalk(t, d, p)
	assert.Equal(t, []EventID{"register-app", "pass-app-joint-testing", "connect-app", "audit-certificate-expired"}, p.Events())
}

// appRenewAfterExpiry is what the app machine's guards read and its arrows do
// not show: renewing the certificate of a suspended app leaves it suspended
// when Kela suspended it (A4, A6), so the way to the renewals that end a
// suspension must not take suspend-app.
func appRenewAfterExpiry(e Edge) []EventID {
	if e.Event == "renew-audit-certificate" && e.From == Suspended && e.To != Suspended {
		return []EventID{"suspend-app"}
	}
	return nil
}

func TestCoveringPathsAvoiding_ReachEachEdgeByTheShortestWayWithoutItsEvents(t *testing.T) {
	tests := []struct {
		name  string
		d     Description
		avoid func(Edge) []EventID
	}{
		{"gate, leave without jumping", gateDescription(), func(e Edge) []EventID {
			if e.Event == "leave" {
				return []EventID{"jump"}
			}
			return nil
		}},
		{"app, renewal after expiry", AppMachine().Describe(), appRenewAfterExpiry},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			paths := tc.d.CoveringPathsAvoiding(tc.avoid)
			var taken []Edge
			for _, p := range paths {
				assertWalk(t, tc.d, p)
				taken = append(taken, p...)
				last := p[len(p)-1]
				avoid := tc.avoid(last)
				for _, e := range p[:len(p)-1] {
					assert.NotContains(t, avoid, e.Event, "%s: the way to %s takes an avoided event", p, last)
				}
				prefix, ok := tc.d.ShortestPathAvoiding(last.From, avoid...)
				require.True(t, ok)
				assert.Equal(t, prefix, p[:len(p)-1], "%s reaches its last edge by the shortest way without %v", p, avoid)
			}
			assert.Empty(t, tc.d.Missed(taken), "every (from, event, to) edge")
			assert.Empty(t, tc.d.MissedTransitions(taken), "every transition")
		})
	}
	gate := gateDescription().CoveringPathsAvoiding(tests[0].avoid)
	var leave []string
	for _, p := range gate {
		if p[len(p)-1].Event == "leave" {
			leave = append(leave, p.String())
		}
	}
	assert.Equal(t, []string{"[*] -enter-> a -walk-> b -walk-on-> c -leave-> a"}, leave)
}

func TestCoveringPathsAvoiding_NilOrNothingIsCoveringPaths(t *testing.T) {
	for _, m := range definedMachines() {
		d := m.Describe()
		assert.Equal(t, d.CoveringPaths(), d.CoveringPathsAvoiding(nil), d.Name)
		assert.Equal(t, d.CoveringPaths(), d.CoveringPathsAvoiding(func(Edge) []EventID { return nil }), d.Name)
	}
}

// The events are avoided on the way to the edge, not on the edge itself;
// an edge whose source cannot be reached without them is left out.
func TestCoveringPathsAvoiding_TheEdgeItselfMayBeAvoidedAndUnreachableEdgesAreLeftOut(t *testing.T) {
	d := doorDescription(t)
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
	var taken []Edge
	for _, p := range noOpen {
		taken = append(taken, p...)
	}
	assert.Len(t, d.Missed(taken), 4)
	assert.Equal(t, []int{1, 2}, d.MissedTransitions(taken))
}

// A transition with several sources counts as taken from any of them; the
// edge count asks for each.
func TestMissed_EdgesAndTransitions(t *testing.T) {
	d := doorDescription(t)
	taken := []Edge{{From: None, Event: "open", To: "half-open"}} // no Transition index: read back from a history
	assert.Len(t, d.Missed(taken), 4)
	assert.Equal(t, []int{1, 2}, d.MissedTransitions(taken), "open is taken, from None")
	assert.Nil(t, d.Missed(d.Edges()))
	assert.Nil(t, d.MissedTransitions(d.Edges()))
}

func ExampleDescription_CoveringPaths() {
	d := CustomershipMachine().Describe()
	for _, p := range d.CoveringPaths() {
		fmt.Println(p)
	}
	// Output:
	// [*] -commitment-signed-> applied -first-service-approved-> active -last-service-ended-> ended -commitment-signed-> applied
	// [*] -commitment-signed-> applied -applications-withdrawn-> withdrawn -commitment-signed-> applied
	// [*] -commitment-signed-> applied -first-service-approved-> active -all-services-under-notice-> terminating -service-taken-into-use-> active
	// [*] -commitment-signed-> applied -first-service-approved-> active -all-services-under-notice-> terminating -last-service-ended-> ended
}

func ExampleDescription_ShortestPath() {
	d := ServiceMachine().Describe()
	p, _ := d.ShortestPath(Terminated)
	fmt.Println(p.Events())
	// Output:
	// [request-service terminate-by-authority]
}

// The app's renewal that ends a suspension is reached through the expired
// certificate, Kela's renewal that does not through Kela's suspension.
func ExampleDescription_CoveringPathsAvoiding() {
	d := AppMachine().Describe()
	avoid := func(e Edge) []EventID {
		if e.Event == "renew-audit-certificate" && e.From == Suspended && e.To != Suspended {
			return []EventID{"suspend-app"}
		}
		return nil
	}
	for _, p := range d.CoveringPathsAvoiding(avoid) {
		if last := p[len(p)-1]; last.Event == "renew-audit-certificate" && last.From == Suspended {
			fmt.Println(p[len(p)-2:])
		}
	}
	// Output:
	// production -suspend-app-> suspended -renew-audit-certificate-> suspended
	// production -audit-certificate-expired-> suspended -renew-audit-certificate-> withdrawal-noticed
	// production -audit-certificate-expired-> suspended -renew-audit-certificate-> production
}
