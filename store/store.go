// Package store keeps the commitments of the Kanta register for the decades
// they last: each party's commitment and each joint-connection agreement is
// a stream of typed, dated events, appended to and never rewritten.
//
// Store is the interface; it names no database. NewMemory keeps streams in
// memory, for tests; package sqlstore keeps them in SQLite (the embedded
// default) or PostgreSQL (several replicas) through database/sql, with the
// driver brought by the caller. Package storetest holds the conformance
// suite that every implementation passes.
//
// What a store promises (the service's contract, see docs/store.md):
//
//   - Append is atomic across every stream one command touched, each with the
//     version its writer read. A stale version is ErrConflict and nothing is
//     written. The check is the database's own (a write that must find the
//     stream at the version read, backed by a unique key on stream and
//     position), so writers in different processes are safe.
//   - Each event keeps its effective day (On) and the time it was recorded
//     (RecordedAt, from the caller's clock). Loading "as known at T" returns
//     only the events recorded at or before T.
//   - A command may carry an idempotency key: the same key with the same
//     digest gives back the first result without appending anything; the
//     same key with another digest is ErrKeyReused.
//   - Each stream keeps its next due day, the first day on which time alone
//     changes it, so the streams due by a day are found by an index lookup.
//   - A snapshot may be kept for speed, never as the truth: it is returned
//     only while the stored chain hash of the event at its version is still
//     the one it was saved with.
package store

import (
	"context"
	"errors"
	"time"

	"github.com/kantakit/kanta/notice"
)

// ErrConflict reports that a stream changed after its writer read it: the
// command was decided on a state that is no longer current. Nothing was
// written; reload and decide again.
var ErrConflict = errors.New("store: conflict: a stream changed since it was read")

// ErrKeyReused reports an idempotency key that an earlier command with other
// content used. Nothing was written.
var ErrKeyReused = errors.New("store: idempotency key reused with other content")

// ErrClosed reports a store used after Close.
var ErrClosed = errors.New("store: closed")

// Record is one stored event: its stream, its position in the stream (from
// 1), its effective day (zero for an undated event), when it was recorded,
// its type and the library's JSON of it.
type Record struct {
	Stream     string
	Seq        int64
	On         notice.Date
	RecordedAt time.Time
	Type       string
	Data       []byte
	// Head is the chain hash stored with the event (ChainHead of the one
	// before and this one): a reader that computes it again finds an
	// event changed in the store after it was appended.
	Head string
}

// Event is an event to append: what Record holds besides the stream, the
// position and the time, which Append assigns.
type Event struct {
	On   notice.Date
	Type string
	Data []byte
}

// StreamAppend is what one command appends to one stream: the version its
// writer read (0 for a stream that must not exist yet), the events, and the
// stream's next due day after them (zero for none). An append with no
// events only checks the version and sets the due day.
type StreamAppend struct {
	Stream   string
	Expected int64
	Events   []Event
	Due      notice.Date
}

// Command is one command's appends, all or nothing. Key, when set, is its
// idempotency key, Digest the hash of its content and Result the answer to
// give again when the same key and digest come back; a command with a key
// and no appends (a refused command) stores only its answer. At is the
// recording time of every event.
type Command struct {
	Key     string
	Digest  string
	Result  []byte
	At      time.Time
	Streams []StreamAppend
}

// Appended is the outcome of Append: each touched stream's new version, and
// for a key seen before, Replayed with the first command's Result.
type Appended struct {
	Versions map[string]int64
	Replayed bool
	Result   []byte
}

// Remembered is the stored answer of an idempotency key.
type Remembered struct {
	Digest string
	Result []byte
}

// Answer is what a command with key and digest gets when key is
// remembered as m: the first command's Result again, or a
// *KeyReusedError when the digests differ. Every store and the Register
// answer a remembered key through it.
func (m Remembered) Answer(key, digest string) (Appended, error) {
	if m.Digest != digest {
		return Appended{}, &KeyReusedError{Key: key}
	}
	return Appended{Replayed: true, Result: m.Result}, nil
}

// Snapshot is a stream's state at Version, encoded by the caller, with the
// chain hash of the event at Version (see Store.Head) that it covers.
type Snapshot struct {
	Stream  string
	Version int64
	Head    string
	Schema  int
	Data    []byte
}

// Store keeps streams of events. Implementations are safe for concurrent
// use, and several processes may share one database.
type Store interface {
	// Append appends every stream's events atomically. A stream whose
	// version is not Expected makes it ErrConflict; a Key seen before gives
	// its first Result (Replayed) or ErrKeyReused. Either way nothing is
	// written.
	Append(ctx context.Context, cmd Command) (Appended, error)
	// Load returns a stream's events in order; with knownAt not zero, only
	// those recorded at or before it. An unknown stream has none.
	Load(ctx context.Context, stream string, knownAt time.Time) ([]Record, error)
	// Version returns a stream's version: the position of its last event,
	// 0 for an unknown stream.
	Version(ctx context.Context, stream string) (int64, error)
	// Versions returns the version of every stream with at least one event
	// whose name begins with prefix ("" for all).
	Versions(ctx context.Context, prefix string) (map[string]int64, error)
	// Scan calls fn with every event of every stream whose name begins with
	// prefix, stream by stream and in order within each; with knownAt not
	// zero, only those recorded at or before it. It stops at fn's first
	// error and returns it.
	Scan(ctx context.Context, prefix string, knownAt time.Time, fn func(Record) error) error
	// Due returns the streams whose next due day is on or before day,
	// ordered by due day, then stream.
	Due(ctx context.Context, day notice.Date) ([]string, error)
	// Remembered returns the stored answer of an idempotency key.
	Remembered(ctx context.Context, key string) (Remembered, bool, error)
	// Head returns the chain hash of a stream's event at seq: a hash over
	// that event and every earlier one of the stream.
	Head(ctx context.Context, stream string, seq int64) (string, error)
	// SaveSnapshot stores a snapshot, replacing an older one of its stream.
	// A snapshot whose Head is not the stream's at its Version is refused.
	SaveSnapshot(ctx context.Context, s Snapshot) error
	// LoadSnapshot returns a stream's latest snapshot, and false when there
	// is none or it no longer matches the events it covers.
	LoadSnapshot(ctx context.Context, stream string) (Snapshot, bool, error)
	// Close releases the store; it does not close a database the caller
	// passed in.
	Close() error
}
