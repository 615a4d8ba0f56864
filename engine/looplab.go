package engine

import (
	"sync"

	"github.com/looplab/fsm"
)

// looplab is the adapter to github.com/looplab/fsm: the transition table of
// a definition as looplab engines, pooled. looplab allows one destination
// per event and source, so each (event, destination) pair of the definition
// is its own looplab event.
type looplab struct {
	names []string // the looplab event of each transition; for one that stays, its prefix
	stay  []bool
	pool  *sync.Pool
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
	return looplab{names: names, stay: stay, pool: &sync.Pool{New: func() any { return fsm.NewFSM(string(None), events, nil) }}}
}

// allows reports whether looplab's table lets transition i leave state
// from. The engine is set to from and asked (SetState, Can); it is not moved
// on, since nothing reads it before the next SetState. An engine that
// disagrees with its definition is not returned to the pool.
func (l looplab) allows(from State, i int) bool {
	f := l.pool.Get().(*fsm.FSM)
	f.SetState(string(from))
	name := l.names[i]
	if l.stay[i] {
		name += string(from)
	}
	if !f.Can(name) {
		return false
	}
	l.pool.Put(f)
	return true
}
