package commitment

// eventLog is a commitment's history: append-only, oldest first. It is kept
// in chunks so that a long history never has to be copied to grow: one slice
// grown by append copies all its events each time it outgrows its capacity,
// which for a history of millions of events costs more than the commands
// that recorded them (BENCHMARKS.md). A short history lives in a single
// chunk grown as a slice, so a commitment with a few dozen events holds no
// more than it would with a plain slice.
type eventLog struct {
	chunks [][]Event
	n      int
}

// chunkSize is the capacity at which a chunk is full and a new one starts.
const chunkSize = 256

// add appends e to the log.
func (l *eventLog) add(e Event) {
	k := len(l.chunks) - 1
	if k < 0 || len(l.chunks[k]) == chunkSize {
		l.chunks = append(l.chunks, nil)
		k++
		if k > 0 {
			l.chunks[k] = make([]Event, 0, chunkSize)
		}
	}
	l.chunks[k] = append(l.chunks[k], e)
	l.n++
}

// addAll appends events, a chunk's worth at a time; it keeps none of the
// caller's slice. A short log's single chunk is made to fit.
func (l *eventLog) addAll(events []Event) {
	for len(events) > 0 {
		k := len(l.chunks) - 1
		if k < 0 || len(l.chunks[k]) == chunkSize {
			size := chunkSize
			if k < 0 {
				size = min(chunkSize, len(events))
			}
			l.chunks = append(l.chunks, make([]Event, 0, size))
			k++
		}
		n := min(chunkSize-len(l.chunks[k]), len(events))
		l.chunks[k] = append(l.chunks[k], events[:n]...)
		l.n += n
		events = events[n:]
	}
}

// len returns the number of events in the log.
func (l *eventLog) len() int { return l.n }

// all returns a copy of every event, oldest first.
func (l *eventLog) all() []Event {
	out := make([]Event, 0, l.n)
	for _, c := range l.chunks {
		out = append(out, c...)
	}
	return out
}

// each calls f with every event, oldest first, until f returns false.
func (l *eventLog) each(f func(Event) bool) {
	for _, c := range l.chunks {
		for _, e := range c {
			if !f(e) {
				return
			}
		}
	}
}
