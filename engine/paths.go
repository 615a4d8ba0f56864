package engine

import (
	"slices"
	"strings"
)

// Model-based test paths. A machine's Description is a graph: its states are
// the nodes, and each transition gives one edge for every state it leaves.
// The functions here walk that graph from None, so a test can drive a
// machine through every state and every edge and know when it missed one.
// They read the arrows only: a path may need data to take a branch or pass
// a guard (a pending termination, a service whose entry requires no joint
// testing), and the driver of a path supplies it.
//
// Sometimes no data can, because what an edge needs depends on how its
// source was entered. An app suspended by Kela stays suspended when its audit
// certificate is renewed; only an app suspended because the certificate
// expired returns to production, and the shortest way to suspended is Kela's
// suspension. The caller, who knows what the guards read, then names the
// events the way to such an edge must not take (CoveringPathsAvoiding,
// ShortestPathAvoiding), and the paths take the shortest way without them.

// Edge is one arrow of a machine: from a state, on an event, to a state,
// by the transition with index Transition in Description.Transitions. A
// transition with several From states has one edge for each of them.
type Edge struct {
	From       State
	Event      EventID
	To         State
	Transition int
}

// String returns the edge as "requested -approve-service-> active", with
// None written [*].
func (e Edge) String() string {
	return pathNode(e.From) + " -" + string(e.Event) + "-> " + pathNode(e.To)
}

// same reports whether e and o are the same arrow, whatever their
// transition indexes.
func (e Edge) same(o Edge) bool { return e.From == o.From && e.Event == o.Event && e.To == o.To }

func pathNode(s State) string {
	if s == None {
		return "[*]"
	}
	return string(s)
}

// Edges returns every edge of d, in the order of its transitions and of
// each transition's From states.
func (d Description) Edges() []Edge {
	var out []Edge
	for i, t := range d.Transitions {
		for _, f := range t.From {
			to := t.To
			if t.Stay {
				to = f
			}
			out = append(out, Edge{From: f, Event: t.Event, To: to, Transition: i})
		}
	}
	return out
}

// Path is a walk through a machine from None: each edge leaves the state
// the one before it entered.
type Path []Edge

// End returns the state the path ends in; None for an empty path.
func (p Path) End() State {
	if len(p) == 0 {
		return None
	}
	return p[len(p)-1].To
}

// Events returns the events of the path, in order.
func (p Path) Events() []EventID {
	out := make([]EventID, len(p))
	for i, e := range p {
		out[i] = e.Event
	}
	return out
}

// String returns the path as "[*] -request-service-> requested
// -approve-service-> active".
func (p Path) String() string {
	if len(p) == 0 {
		return pathNode(None)
	}
	var sb strings.Builder
	sb.WriteString(pathNode(p[0].From))
	for _, e := range p {
		sb.WriteString(" -" + string(e.Event) + "-> " + pathNode(e.To))
	}
	return sb.String()
}

// prefixOf reports whether q begins with every edge of p.
func (p Path) prefixOf(q Path) bool {
	if len(p) > len(q) {
		return false
	}
	for i := range p {
		if p[i] != q[i] {
			return false
		}
	}
	return true
}

// shortestTree returns, for every state reachable from None without taking
// an event of avoid, the edge by which a breadth-first walk from None first
// entered it. Ties go to the earlier edge in the order of Edges, so the
// result is deterministic.
func (d Description) shortestTree(avoid ...EventID) map[State]Edge {
	var edges []Edge
	for _, e := range d.Edges() {
		if !slices.Contains(avoid, e.Event) {
			edges = append(edges, e)
		}
	}
	parent := map[State]Edge{}
	seen := map[State]bool{None: true}
	queue := []State{None}
	for len(queue) > 0 {
		s := queue[0]
		queue = queue[1:]
		for _, e := range edges {
			if e.From != s || seen[e.To] {
				continue
			}
			seen[e.To] = true
			parent[e.To] = e
			queue = append(queue, e.To)
		}
	}
	return parent
}

func (d Description) pathTo(tree map[State]Edge, to State) (Path, bool) {
	var rev Path
	for s := to; s != None; {
		e, ok := tree[s]
		if !ok {
			return nil, false
		}
		rev = append(rev, e)
		s = e.From
	}
	p := make(Path, len(rev))
	for i, e := range rev {
		p[len(rev)-1-i] = e
	}
	return p, true
}

// ShortestPath returns a shortest path of events from None to state to; ok
// is false when to cannot be reached. The path to None is empty. Among
// paths of the same length it prefers earlier transitions, so it takes the
// plainest route the definition lists first.
func (d Description) ShortestPath(to State) (p Path, ok bool) {
	return d.pathTo(d.shortestTree(), to)
}

// ShortestPathAvoiding is ShortestPath among the paths that take none of
// the events avoid: ok is false when to cannot be reached without them.
// ShortestPathAvoiding(to) is ShortestPath(to).
func (d Description) ShortestPathAvoiding(to State, avoid ...EventID) (p Path, ok bool) {
	return d.pathTo(d.shortestTree(avoid...), to)
}

// ShortestPaths returns a shortest path from None to every state of d that
// can be reached, in the order of d.States.
func (d Description) ShortestPaths() []Path {
	tree := d.shortestTree()
	var out []Path
	for _, s := range d.States {
		if p, ok := d.pathTo(tree, s.ID); ok {
			out = append(out, p)
		}
	}
	return out
}

// CoveringPaths returns paths from None that together take every edge of d
// whose source can be reached, so every (from, event, to) arrow at least once
// and with it every transition. Each path is the shortest path to one edge's
// source followed by that edge; a path that begins another one is left out,
// since the longer one takes its edges too. The order follows Edges.
//
// Because every path reaches its last edge by the shortest route, the data a
// driver needs for that edge is the least it can be: the one edge at the end
// is the only step that may need setting up.
func (d Description) CoveringPaths() []Path { return d.CoveringPathsAvoiding(nil) }

// CoveringPathsAvoiding is CoveringPaths for a machine some of whose edges
// cannot be taken after the shortest route to their source: avoid(e) lists
// the events that the way to edge e must not take (nil: any), and that way
// is then the shortest one without them (ShortestPathAvoiding). The events
// are avoided before e only: e itself may be one of them. An edge whose
// source cannot be reached without the events is left out, and Missed
// reports it unless another path takes it. A nil avoid is CoveringPaths.
//
// avoid says what the guards read and the arrows cannot show, such as "a
// suspension by Kela is never ended by renewing the certificate": it is
// called once for each edge, in the order of Edges.
func (d Description) CoveringPathsAvoiding(avoid func(e Edge) []EventID) []Path {
	shortest := d.shortestTree()
	var all []Path
	for _, e := range d.Edges() {
		tree := shortest
		if avoid != nil {
			if skip := avoid(e); len(skip) > 0 {
				tree = d.shortestTree(skip...)
			}
		}
		prefix, ok := d.pathTo(tree, e.From)
		if !ok {
			continue
		}
		all = append(all, append(prefix, e))
	}
	var out []Path
	for i, p := range all {
		covered := false
		for j, q := range all {
			if i != j && len(q) > len(p) && p.prefixOf(q) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, p)
		}
	}
	return out
}

// Missed returns the edges of d that none of taken matches by From, Event
// and To (Transition is not compared, so edges read back from a history
// match too), in the order of Edges. Nil means every edge was taken.
func (d Description) Missed(taken []Edge) []Edge {
	var out []Edge
	for _, e := range d.Edges() {
		hit := false
		for _, t := range taken {
			if e.same(t) {
				hit = true
				break
			}
		}
		if !hit {
			out = append(out, e)
		}
	}
	return out
}

// MissedTransitions returns the indexes in d.Transitions of the transitions
// none of whose edges taken matches: a transition with several From states
// counts as taken when it was taken from any of them.
func (d Description) MissedTransitions(taken []Edge) []int {
	hit := make([]bool, len(d.Transitions))
	for _, e := range d.Edges() {
		for _, t := range taken {
			if e.same(t) {
				hit[e.Transition] = true
				break
			}
		}
	}
	var out []int
	for i, h := range hit {
		if !h {
			out = append(out, i)
		}
	}
	return out
}
