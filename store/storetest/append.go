package storetest

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

var loadTests = []conformance{
	{"Load_ReturnsTheStreamInOrderAsAppended", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("customer/1", 0,
			event("CustomershipApplied", "2025-03-01", `{"party":"1"}`),
			event("CustomershipApproved", "2025-03-03", `{}`)))
		later := t0.Add(time.Hour)
		mustAppend(t, s, store.Command{At: later, Streams: []store.StreamAppend{{Stream: "customer/1", Expected: 2, Events: []store.Event{
			{Type: "Noted", Data: nil},
		}}}})

		got := mustLoad(t, s, "customer/1")
		want := []store.Record{
			{Stream: "customer/1", Seq: 1, On: Day("2025-03-01"), RecordedAt: store.RecordedTime(t0), Type: "CustomershipApplied", Data: []byte(`{"party":"1"}`)},
			{Stream: "customer/1", Seq: 2, On: Day("2025-03-03"), RecordedAt: store.RecordedTime(t0), Type: "CustomershipApproved", Data: []byte(`{}`)},
			{Stream: "customer/1", Seq: 3, RecordedAt: store.RecordedTime(later), Type: "Noted", Data: []byte{}},
		}
		prev := ""
		for i := range want {
			w := &want[i]
			w.Head = store.ChainHead(prev, w.Seq, store.Event{On: w.On, Type: w.Type, Data: w.Data})
			prev = w.Head
		}
		assert.Equal(t, want, got, "each record with its chain hash")
		var scanned []store.Record
		require.NoError(t, s.Scan(Context(t), "customer/", time.Time{}, func(r store.Record) error {
			scanned = append(scanned, r)
			return nil
		}))
		assert.Equal(t, want, scanned, "a scan gives the same records")
		assert.Equal(t, int64(3), mustVersion(t, s, "customer/1"))
	}},
	{"Load_UnknownStreamIsEmpty", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("customer/1", 0, event("A", "", `{}`)))
		assert.Empty(t, mustLoad(t, s, "customer/2"))
		assert.Empty(t, mustLoad(t, s, "customer/"), "a prefix of a stream's name is not the stream")
		assert.Equal(t, int64(0), mustVersion(t, s, "customer/2"))
	}},
	{"Load_NamesNoStreamCanHaveFindNothing", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		ctx := Context(t)
		for _, name := range []string{"a\xff", "a\x00", ""} {
			recs, err := s.Load(ctx, name, time.Time{})
			require.NoError(t, err, "%q", name)
			assert.Empty(t, recs)
			v, err := s.Version(ctx, name)
			require.NoError(t, err, "%q", name)
			assert.Zero(t, v)
			_, err = s.Head(ctx, name, 1)
			assert.ErrorIs(t, err, store.ErrNoEvent, "%q", name)
			_, found, err := s.LoadSnapshot(ctx, name)
			require.NoError(t, err, "%q", name)
			assert.False(t, found)
			_, found, err = s.Remembered(ctx, name)
			require.NoError(t, err, "%q", name)
			assert.False(t, found)
		}
		for _, prefix := range []string{"a\xff", "\x00"} {
			versions, err := s.Versions(ctx, prefix)
			require.NoError(t, err, "%q", prefix)
			assert.Empty(t, versions)
			require.NoError(t, s.Scan(ctx, prefix, time.Time{}, func(r store.Record) error {
				t.Errorf("prefix %q found %s", prefix, r.Stream)
				return nil
			}))
		}
	}},
	{"Load_RecordingTimeIsUTCToTheMicrosecond", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("customer/1", 0, event("A", "", `{}`)))
		got := mustLoad(t, s, "customer/1")
		require.Len(t, got, 1)
		want := time.Date(2025, time.March, 3, 7, 30, 0, 123456000, time.UTC)
		assert.True(t, want.Equal(got[0].RecordedAt), "recorded at %v, want %v", got[0].RecordedAt, want)
		assert.Equal(t, time.UTC, got[0].RecordedAt.Location())
	}},
	{"Load_ReturnsCopiesTheCallerMayChange", func(t *testing.T, s store.Store) {
		data := []byte(`{"n":1}`)
		mustAppend(t, s, one("customer/1", 0, store.Event{Type: "A", Data: data}))
		data[2] = 'X'
		got := mustLoad(t, s, "customer/1")
		require.Len(t, got, 1)
		assert.Equal(t, `{"n":1}`, string(got[0].Data), "the store kept its own copy of the appended data")
		got[0].Data[2] = 'Y'
		assert.Equal(t, `{"n":1}`, string(mustLoad(t, s, "customer/1")[0].Data), "a loaded record is the caller's")
	}},
}

var appendTests = []conformance{
	{"Append_ReturnsEachStreamsNewVersion", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		got := mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{
			{Stream: "a", Expected: 1, Events: []store.Event{event("B", "", `{}`), event("C", "", `{}`)}},
			{Stream: "b", Expected: 0, Events: []store.Event{event("A", "", `{}`)}},
			{Stream: "c", Expected: 0},
		}})
		assert.Equal(t, map[string]int64{"a": 3, "b": 1, "c": 0}, got.Versions)
		assert.False(t, got.Replayed)
	}},
	{"Append_ConflictWritesNothing", func(t *testing.T, s store.Store) {
		mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{
			{Stream: "a", Expected: 0, Events: []store.Event{event("A1", "", `{}`), event("A2", "", `{}`)}, Due: Day("2025-04-01")},
			{Stream: "b", Expected: 0, Events: []store.Event{event("B1", "", `{}`)}, Due: Day("2025-05-01")},
		}})
		before := map[string][]store.Record{"a": mustLoad(t, s, "a"), "b": mustLoad(t, s, "b")}

		// a and c are as read; b was read at 0 but has one event since.
		_, err := s.Append(Context(t), store.Command{Key: "k", Digest: "d", Result: []byte("r"), At: t0.Add(time.Minute), Streams: []store.StreamAppend{
			{Stream: "a", Expected: 2, Events: []store.Event{event("A3", "", `{}`)}, Due: Day("2025-03-01")},
			{Stream: "b", Expected: 0, Events: []store.Event{event("B2", "", `{}`)}, Due: Day("2025-03-01")},
			{Stream: "c", Expected: 0, Events: []store.Event{event("C1", "", `{}`)}, Due: Day("2025-03-01")},
		}})
		require.ErrorIs(t, err, store.ErrConflict)
		var ce *store.ConflictError
		require.ErrorAs(t, err, &ce)
		assert.Equal(t, store.ConflictError{Stream: "b", Expected: 0, Actual: 1}, *ce)

		assert.Equal(t, before["a"], mustLoad(t, s, "a"))
		assert.Equal(t, before["b"], mustLoad(t, s, "b"))
		assert.Empty(t, mustLoad(t, s, "c"))
		versions, err := s.Versions(Context(t), "")
		require.NoError(t, err)
		assert.Equal(t, map[string]int64{"a": 2, "b": 1}, versions)
		assert.Equal(t, []string{"a", "b"}, mustDue(t, s, "2025-12-31"), "no due day changed")
		assert.Empty(t, mustDue(t, s, "2025-03-31"))
		_, found, err := s.Remembered(Context(t), "k")
		require.NoError(t, err)
		assert.False(t, found, "the key of a conflicting command is not kept")
	}},
	{"Append_StaleOrInventedVersionIsConflict", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A1", "", `{}`), event("A2", "", `{}`)))
		for _, expected := range []int64{0, 1, 3} {
			_, err := s.Append(Context(t), one("a", expected, event("X", "", `{}`)))
			var ce *store.ConflictError
			require.ErrorAs(t, err, &ce, "expected %d", expected)
			assert.Equal(t, store.ConflictError{Stream: "a", Expected: expected, Actual: 2}, *ce)
		}
		assert.Equal(t, []string{"A1", "A2"}, types(mustLoad(t, s, "a")))
	}},
	{"Append_UnknownStreamMustBeReadAtZero", func(t *testing.T, s store.Store) {
		_, err := s.Append(Context(t), one("a", 1, event("A", "", `{}`)))
		require.ErrorIs(t, err, store.ErrConflict)
		assert.Empty(t, mustLoad(t, s, "a"))
		assert.Equal(t, map[string]int64{"a": 1}, mustAppend(t, s, one("a", 0, event("A", "", `{}`))).Versions)
	}},
	{"Append_NoEventsChecksTheVersionAndSetsTheDueDay", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		got := mustAppend(t, s, store.Command{Streams: []store.StreamAppend{{Stream: "a", Expected: 1, Due: Day("2025-06-01")}}})
		assert.Equal(t, map[string]int64{"a": 1}, got.Versions)
		assert.Equal(t, []string{"a"}, mustDue(t, s, "2025-06-01"))

		_, err := s.Append(Context(t), store.Command{Streams: []store.StreamAppend{{Stream: "a", Expected: 0, Due: Day("2025-01-01")}}})
		require.ErrorIs(t, err, store.ErrConflict, "a check of a stale version fails like an append")
		assert.Empty(t, mustDue(t, s, "2025-05-31"), "and sets no due day")

		// A stream that must still not exist may be checked with others.
		got = mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{
			{Stream: "a", Expected: 1, Events: []store.Event{event("B", "", `{}`)}, Due: Day("2025-06-01")},
			{Stream: "b", Expected: 0},
		}})
		assert.Equal(t, map[string]int64{"a": 2, "b": 0}, got.Versions)
		assert.Empty(t, mustLoad(t, s, "b"))
		assert.Equal(t, int64(0), mustVersion(t, s, "b"))
		mustAppend(t, s, one("b", 0, event("B", "", `{}`)))
		assert.Equal(t, int64(1), mustVersion(t, s, "b"), "a stream checked at 0 can still be created")

		_, err = s.Append(Context(t), store.Command{Streams: []store.StreamAppend{{Stream: "a", Expected: 1, Due: Day("2025-01-01")}}})
		var ce *store.ConflictError
		require.ErrorAs(t, err, &ce, "a check of a stale version of an existing stream fails too")
		assert.Equal(t, store.ConflictError{Stream: "a", Expected: 1, Actual: 2}, *ce)
		assert.Empty(t, mustDue(t, s, "2025-05-31"))
	}},
	{"Append_LargeCommandIsWritten", func(t *testing.T, s store.Store) {
		// More events than a database store writes with one statement.
		cmd := store.Command{At: t0}
		for _, name := range []string{"a", "b", "c"} {
			sa := store.StreamAppend{Stream: name}
			for n := 0; n < 150; n++ {
				sa.Events = append(sa.Events, event("E", "2025-03-01", fmt.Sprintf(`{"n":%d}`, n)))
			}
			cmd.Streams = append(cmd.Streams, sa)
		}
		got := mustAppend(t, s, cmd)
		assert.Equal(t, map[string]int64{"a": 150, "b": 150, "c": 150}, got.Versions)
		for _, name := range []string{"a", "b", "c"} {
			recs := mustLoad(t, s, name)
			require.Len(t, recs, 150)
			for n, r := range recs {
				assert.Equal(t, int64(n+1), r.Seq)
				assert.Equal(t, fmt.Sprintf(`{"n":%d}`, n), string(r.Data))
			}
		}
		_, err := s.Append(Context(t), cmd)
		assert.ErrorIs(t, err, store.ErrConflict, "the same large command again finds the streams taken")
	}},
	{"Append_InvalidCommandIsRefusedAndWritesNothing", func(t *testing.T, s store.Store) {
		ok := store.StreamAppend{Stream: "good", Expected: 0, Events: []store.Event{event("A", "", `{}`)}}
		cases := []struct {
			name  string
			cmd   store.Command
			value string
		}{
			{"empty stream", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "", Events: []store.Event{event("A", "", `{}`)}}}}, ""},
			{"stream twice", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "good", Expected: 0}}}, "good"},
			{"NUL in stream", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "a\x00b"}}}, "a\x00b"},
			{"stream not UTF-8", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "a\xffb"}}}, "a\xffb"},
			{"negative version", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "b", Expected: -1}}}, "-1"},
			{"empty event type", store.Command{At: t0, Streams: []store.StreamAppend{ok, {Stream: "b", Events: []store.Event{{Data: []byte(`{}`)}}}}}, ""},
			{"no recording time", store.Command{Streams: []store.StreamAppend{ok}}, time.Time{}.String()},
			{"key with no recording time", store.Command{Key: "k", Digest: "d"}, time.Time{}.String()},
			{"NUL in key", store.Command{Key: "k\x00", At: t0, Streams: []store.StreamAppend{ok}}, "k\x00"},
		}
		for _, c := range cases {
			_, err := s.Append(Context(t), c.cmd)
			require.ErrorIs(t, err, store.ErrInvalid, c.name)
			var ie *store.InvalidError
			require.ErrorAs(t, err, &ie, c.name)
			assert.Equal(t, c.value, ie.Value, "%s: the error carries the offending value", c.name)
		}
		assert.Empty(t, mustLoad(t, s, "good"))
		_, found, err := s.Remembered(Context(t), "k")
		require.NoError(t, err)
		assert.False(t, found)
	}},
}

// errStop is what Scan's callback returns to stop it in the tests.
var errStop = errors.New("storetest: stop scanning")
