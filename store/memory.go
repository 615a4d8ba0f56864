package store

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/kantakit/kanta/notice"
)

// NewMemory returns a Store that keeps everything in this process's memory,
// for tests and examples. It keeps the promises of a database store (the
// conformance suite in package storetest checks both alike): appends are
// atomic across streams, recording times are kept to the microsecond in UTC,
// heads are chained with ChainHead. It is safe for concurrent use; nothing
// survives the process.
func NewMemory() Store {
	return &memory{
		streams:   make(map[string]*memStream),
		keys:      make(map[string]Remembered),
		snapshots: make(map[string]Snapshot),
	}
}

// memory guards all its maps with one lock: a command touching several
// streams must be all or nothing to every reader, which per-stream locks
// would not give without ordering them.
type memory struct {
	mu        sync.RWMutex
	closed    bool
	streams   map[string]*memStream
	keys      map[string]Remembered
	snapshots map[string]Snapshot
}

// memStream is one stream. A stream whose version was checked at 0 with a
// due day but no events exists with no records, as a database row would.
type memStream struct {
	records []Record // each with its Head
	due     notice.Date
}

// enter starts a call: a closed store refuses it first, then a context
// already done, in the order the database stores check them.
func (m *memory) enter(ctx context.Context) error {
	if m.closed {
		return ErrClosed
	}
	return ctx.Err()
}

func (m *memory) Append(ctx context.Context, cmd Command) (Appended, error) {
	if err := cmd.Validate(); err != nil {
		return Appended{}, err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter(ctx); err != nil {
		return Appended{}, err
	}
	if cmd.Key != "" {
		if r, ok := m.keys[cmd.Key]; ok {
			return Remembered{Digest: r.Digest, Result: clone(r.Result)}.Answer(cmd.Key, cmd.Digest)
		}
	}
	for _, sa := range cmd.Streams {
		var v int64
		if st := m.streams[sa.Stream]; st != nil {
			v = int64(len(st.records))
		}
		if v != sa.Expected {
			return Appended{}, &ConflictError{Stream: sa.Stream, Expected: sa.Expected, Actual: v}
		}
	}
	at := RecordedTime(cmd.At)
	versions := make(map[string]int64, len(cmd.Streams))
	for _, sa := range cmd.Streams {
		st := m.streams[sa.Stream]
		if st == nil {
			st = &memStream{}
			m.streams[sa.Stream] = st
		}
		for _, e := range sa.Events {
			seq := int64(len(st.records)) + 1
			prev := ""
			if seq > 1 {
				prev = st.records[seq-2].Head
			}
			st.records = append(st.records, Record{Stream: sa.Stream, Seq: seq, On: e.On, RecordedAt: at, Type: e.Type, Data: clone(e.Data), Head: ChainHead(prev, seq, e)})
		}
		st.due = sa.Due
		versions[sa.Stream] = int64(len(st.records))
	}
	if cmd.Key != "" {
		m.keys[cmd.Key] = Remembered{Digest: cmd.Digest, Result: clone(cmd.Result)}
	}
	return Appended{Versions: versions}, nil
}

func (m *memory) Load(ctx context.Context, stream string, knownAt time.Time) ([]Record, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return nil, err
	}
	st := m.streams[stream]
	if st == nil {
		return nil, nil
	}
	var out []Record
	for _, r := range st.records {
		if known(r, knownAt) {
			r.Data = clone(r.Data)
			out = append(out, r)
		}
	}
	return out, nil
}

// known reports whether r was recorded at or before knownAt (zero: always).
func known(r Record, knownAt time.Time) bool {
	return knownAt.IsZero() || !r.RecordedAt.After(knownAt)
}

func (m *memory) Version(ctx context.Context, stream string) (int64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return 0, err
	}
	if st := m.streams[stream]; st != nil {
		return int64(len(st.records)), nil
	}
	return 0, nil
}

func (m *memory) Versions(ctx context.Context, prefix string) (map[string]int64, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return nil, err
	}
	out := make(map[string]int64)
	for name, st := range m.streams {
		if len(st.records) > 0 && strings.HasPrefix(name, prefix) {
			out[name] = int64(len(st.records))
		}
	}
	return out, nil
}

func (m *memory) Scan(ctx context.Context, prefix string, knownAt time.Time, fn func(Record) error) error {
	// Records are only ever appended, so the slices taken under the lock
	// stay valid after it; fn runs unlocked and may use the store.
	m.mu.RLock()
	if err := m.enter(ctx); err != nil {
		m.mu.RUnlock()
		return err
	}
	names := make([]string, 0, len(m.streams))
	for name := range m.streams {
		if strings.HasPrefix(name, prefix) {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	streams := make([][]Record, len(names))
	for i, name := range names {
		recs := m.streams[name].records
		streams[i] = recs[:len(recs):len(recs)]
	}
	m.mu.RUnlock()
	for _, recs := range streams {
		for _, r := range recs {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !known(r, knownAt) {
				continue
			}
			r.Data = clone(r.Data)
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

func (m *memory) Due(ctx context.Context, day notice.Date) ([]string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return nil, err
	}
	type due struct {
		stream string
		day    notice.Date
	}
	var found []due
	for name, st := range m.streams {
		if !st.due.IsZero() && !st.due.After(day) {
			found = append(found, due{name, st.due})
		}
	}
	sort.Slice(found, func(i, j int) bool {
		if found[i].day != found[j].day {
			return found[i].day.Before(found[j].day)
		}
		return found[i].stream < found[j].stream
	})
	var out []string
	for _, d := range found {
		out = append(out, d.stream)
	}
	return out, nil
}

func (m *memory) Remembered(ctx context.Context, key string) (Remembered, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return Remembered{}, false, err
	}
	r, ok := m.keys[key]
	if !ok {
		return Remembered{}, false, nil
	}
	return Remembered{Digest: r.Digest, Result: clone(r.Result)}, true, nil
}

func (m *memory) Head(ctx context.Context, stream string, seq int64) (string, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return "", err
	}
	return m.head(stream, seq)
}

func (m *memory) head(stream string, seq int64) (string, error) {
	if seq < 0 {
		return "", &InvalidError{Field: "position", Value: strconv.FormatInt(seq, 10), Reason: "positions count from 1, and 0 is before the first event"}
	}
	if seq == 0 {
		return "", nil
	}
	var records []Record
	if st := m.streams[stream]; st != nil {
		records = st.records
	}
	if seq > int64(len(records)) {
		return "", &NoEventError{Stream: stream, Seq: seq, Version: int64(len(records))}
	}
	return records[seq-1].Head, nil
}

func (m *memory) SaveSnapshot(ctx context.Context, s Snapshot) error {
	if err := s.Validate(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.enter(ctx); err != nil {
		return err
	}
	if h, err := m.head(s.Stream, s.Version); err != nil || h != s.Head {
		return &SnapshotMismatchError{Stream: s.Stream, Version: s.Version, Head: s.Head}
	}
	if old, ok := m.snapshots[s.Stream]; ok && old.Version > s.Version {
		return nil
	}
	s.Data = clone(s.Data)
	m.snapshots[s.Stream] = s
	return nil
}

func (m *memory) LoadSnapshot(ctx context.Context, stream string) (Snapshot, bool, error) {
	m.mu.RLock()
	defer m.mu.RUnlock()
	if err := m.enter(ctx); err != nil {
		return Snapshot{}, false, err
	}
	s, ok := m.snapshots[stream]
	if !ok {
		return Snapshot{}, false, nil
	}
	if h, err := m.head(stream, s.Version); err != nil || h != s.Head {
		return Snapshot{}, false, nil
	}
	s.Data = clone(s.Data)
	return s, true, nil
}

func (m *memory) Close() error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	return nil
}

// clone copies b, giving an empty, non-nil slice for an empty one: the
// database stores read back empty bytes that way, and callers may keep or
// change what they are given.
func clone(b []byte) []byte {
	return append([]byte{}, b...)
}
