// Package storetest is the conformance suite of store.Store: the promises
// of package store (atomic multi-stream appends with expected versions,
// idempotency keys, loading as known at a time, the due index, chained heads
// and snapshots, many writers at once) written once as tests that every
// implementation runs, so the in-memory store and the database stores cannot
// drift apart.
//
// An implementation's own tests call Run with a function that opens an
// empty store; each test opens its own.
package storetest

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

// Opener opens an empty store for one test and arranges, with t.Cleanup,
// to release whatever backs it. Run closes the store itself.
type Opener func(t *testing.T) store.Store

type conformance struct {
	name string
	run  func(t *testing.T, s store.Store)
}

// Run runs every conformance test against stores made by open, each as a
// subtest named after the promise it defends.
func Run(t *testing.T, open Opener) {
	var all []conformance
	all = append(all, loadTests...)
	all = append(all, appendTests...)
	all = append(all, idempotencyTests...)
	all = append(all, knownAtTests...)
	all = append(all, prefixTests...)
	all = append(all, dueTests...)
	all = append(all, snapshotTests...)
	all = append(all, concurrencyTests...)
	all = append(all, lifecycleTests...)
	for _, c := range all {
		t.Run(c.name, func(t *testing.T) {
			s := open(t)
			t.Cleanup(func() { _ = s.Close() })
			c.run(t, s)
		})
	}
}

// t0 is the recording time the tests count from. It has nanoseconds, which
// a store keeps only to the microsecond, and a zone, which it drops for UTC.
var t0 = time.Date(2025, time.March, 3, 9, 30, 0, 123456789, time.FixedZone("EET", 2*60*60))

func event(typ, on, data string) store.Event {
	e := store.Event{Type: typ, Data: []byte(data)}
	if on != "" {
		e.On = Day(on)
	}
	return e
}

// one is a command appending events to one stream read at expected.
func one(stream string, expected int64, events ...store.Event) store.Command {
	return store.Command{At: t0, Streams: []store.StreamAppend{{Stream: stream, Expected: expected, Events: events}}}
}

func mustAppend(t *testing.T, s store.Store, cmd store.Command) store.Appended {
	t.Helper()
	a, err := s.Append(Context(t), cmd)
	require.NoError(t, err)
	return a
}

func mustLoad(t *testing.T, s store.Store, stream string) []store.Record {
	t.Helper()
	recs, err := s.Load(Context(t), stream, time.Time{})
	require.NoError(t, err)
	return recs
}

func mustVersion(t *testing.T, s store.Store, stream string) int64 {
	t.Helper()
	v, err := s.Version(Context(t), stream)
	require.NoError(t, err)
	return v
}

func mustDue(t *testing.T, s store.Store, on string) []string {
	t.Helper()
	due, err := s.Due(Context(t), Day(on))
	require.NoError(t, err)
	return due
}

// types lists the types of records, a compact way to compare streams.
func types(recs []store.Record) []string {
	out := make([]string, 0, len(recs))
	for _, r := range recs {
		out = append(out, r.Type)
	}
	return out
}
