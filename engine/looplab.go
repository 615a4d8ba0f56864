package engine

import (
	"sync"

	"github.com/looplab/fsm"
)

// looplab is the adapter to github.com/looplab/fsm: the transition table of
// a definition as looplab engines, pooled. looplab allows one destination
// per event and source, so each (event, destination) pair of the definition
// is its own looplab event.
//
// An engine is asked, never moved: each pool holds engines standing in one
// state, and a step from that state asks one of them whether looplab's
// table allows it (Can). Setting an engine to the state first (SetState)
// would cost its write lock on every step.
type looplab struct {
	names []string       // the looplab event of each transition; for one that stays, its prefix
	stay  []bool         // whether each transition stays
	from  [][]State      // each transition's sources
	pools [][]*sync.Pool // for each transition, the pool of engines standing in each of its sources
	any   *sync.Pool     // engines set to the state asked about, for a state the transition does not leave
}

func newLooplab[S, F any](ts []Transition[S, F]) looplab {
	var events fsm.Events
	index := map[string]int{}
	names := make([]string, len(ts))
	stay := make([]bool, len(ts))
	add := func(name string, dst, src State) {
		j, seen := index[name]
		if !seen {
			j = len(events)
			index[name] = j
			events = append(events, fsm.EventDesc{Name: name, Dst: string(dst)})
		}
		events[j].Src = append(events[j].Src, string(src))
	}
	for i, t := range ts {
		names[i], stay[i] = string(t.Event)+">", t.Stay
		for _, f := range t.From {
			if t.Stay {
				add(names[i]+string(f), f, f)
			} else {
				add(names[i]+string(t.To), t.To, f)
			}
		}
		if !t.Stay {
			names[i] += string(t.To)
		}
	}
	standing := map[State]*sync.Pool{}
	poolIn := func(s State) *sync.Pool {
		if p, ok := standing[s]; ok {
			return p
		}
		p := &sync.Pool{New: func() any { return fsm.NewFSM(string(s), events, nil) }}
		standing[s] = p
		return p
	}
	l := looplab{names: names, stay: stay, from: make([][]State, len(ts)), pools: make([][]*sync.Pool, len(ts)),
		any: &sync.Pool{New: func() any { return fsm.NewFSM(string(None), events, nil) }}}
	for i, t := range ts {
		l.from[i] = t.From
		for _, f := range t.From {
			l.pools[i] = append(l.pools[i], poolIn(f))
		}
	}
	return l
}

// allows reports whether looplab's table lets transition i leave state
// from. A state the transition does not leave, which Decide never asks
// about, is asked of an engine set to it, so looplab answers that too. An
// engine that disagrees with its definition is not returned to the pool.
func (l looplab) allows(from State, i int) bool {
	name := l.names[i]
	if l.stay[i] {
		name += string(from)
	}
	pool, set := l.any, true
	for k, f := range l.from[i] {
		if f == from {
			pool, set = l.pools[i][k], false
			break
		}
	}
	f := pool.Get().(*fsm.FSM)
	if set {
		f.SetState(string(from))
	}
	if !f.Can(name) {
		return false
	}
	pool.Put(f)
	return true
}
