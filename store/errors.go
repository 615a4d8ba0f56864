package store

import (
	"errors"
	"fmt"
)

// ErrInvalid reports input that no store accepts, such as an empty stream
// name or a stream named twice in one command. Nothing was written. The
// error is an *InvalidError that names the offending value.
var ErrInvalid = errors.New("store: invalid input")

// ErrNoEvent reports a position a stream has not reached: Head of an event
// that does not exist.
var ErrNoEvent = errors.New("store: no such event")

// ErrSnapshotMismatch reports a snapshot refused by SaveSnapshot because its
// Head is not the chain hash of the stored event at its Version.
var ErrSnapshotMismatch = errors.New("store: snapshot does not match the stored events")

// InvalidError is the ErrInvalid of one value: what it was (Field), the
// value itself and why it was refused.
type InvalidError struct {
	Field  string
	Value  string
	Reason string
}

// Error says which value was refused and why.
func (e *InvalidError) Error() string {
	return fmt.Sprintf("store: invalid %s %q: %s", e.Field, e.Value, e.Reason)
}

// Unwrap makes errors.Is(err, ErrInvalid) hold.
func (e *InvalidError) Unwrap() error { return ErrInvalid }

// ConflictError is the ErrConflict of one stream: the version its writer
// read (Expected) and the one found after the command was refused (Actual).
// Actual may equal Expected when the stream changed and the reading raced
// with it; either way, reload and decide again.
type ConflictError struct {
	Stream   string
	Expected int64
	Actual   int64
}

// Error names the stream and both versions.
func (e *ConflictError) Error() string {
	return fmt.Sprintf("store: conflict: stream %q was read at version %d and is now at %d", e.Stream, e.Expected, e.Actual)
}

// Unwrap makes errors.Is(err, ErrConflict) hold.
func (e *ConflictError) Unwrap() error { return ErrConflict }

// KeyReusedError is the ErrKeyReused of one idempotency key.
type KeyReusedError struct {
	Key string
}

// Error names the key.
func (e *KeyReusedError) Error() string {
	return fmt.Sprintf("store: idempotency key %q reused with other content", e.Key)
}

// Unwrap makes errors.Is(err, ErrKeyReused) hold.
func (e *KeyReusedError) Unwrap() error { return ErrKeyReused }

// NoEventError is the ErrNoEvent of one position: the stream, the position
// asked for and the stream's version when it was asked.
type NoEventError struct {
	Stream  string
	Seq     int64
	Version int64
}

// Error names the stream and both positions.
func (e *NoEventError) Error() string {
	return fmt.Sprintf("store: no such event: stream %q is at version %d, so it has no event %d", e.Stream, e.Version, e.Seq)
}

// Unwrap makes errors.Is(err, ErrNoEvent) hold.
func (e *NoEventError) Unwrap() error { return ErrNoEvent }

// SnapshotMismatchError is the ErrSnapshotMismatch of one snapshot: its
// stream, Version and Head.
type SnapshotMismatchError struct {
	Stream  string
	Version int64
	Head    string
}

// Error names the stream, the version and the refused head.
func (e *SnapshotMismatchError) Error() string {
	return fmt.Sprintf("store: snapshot does not match the stored events: stream %q has no event %d with head %q", e.Stream, e.Version, e.Head)
}

// Unwrap makes errors.Is(err, ErrSnapshotMismatch) hold.
func (e *SnapshotMismatchError) Unwrap() error { return ErrSnapshotMismatch }
