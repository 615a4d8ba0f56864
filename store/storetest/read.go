package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

// knownAtHistory appends A at t0, B and C at t0+1h to "a", and X at t0+1h
// to "b": what a register knew at three moments.
func knownAtHistory(t *testing.T, s store.Store) {
	mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
	mustAppend(t, s, store.Command{At: t0.Add(time.Hour), Streams: []store.StreamAppend{
		{Stream: "a", Expected: 1, Events: []store.Event{event("B", "", `{}`), event("C", "", `{}`)}},
		{Stream: "b", Expected: 0, Events: []store.Event{event("X", "", `{}`)}},
	}})
}

var knownAtTests = []conformance{
	{"Load_AsKnownAtReturnsOnlyWhatWasRecordedByThen", func(t *testing.T, s store.Store) {
		knownAtHistory(t, s)
		cases := []struct {
			knownAt time.Time
			want    []string
		}{
			{t0.Add(-time.Second), []string{}},
			{store.RecordedTime(t0).Add(-time.Microsecond), []string{}},
			{store.RecordedTime(t0), []string{"A"}},
			{t0, []string{"A"}},
			{t0.Add(time.Hour - time.Microsecond), []string{"A"}},
			{t0.Add(time.Hour), []string{"A", "B", "C"}},
			{t0.Add(24 * time.Hour), []string{"A", "B", "C"}},
			{time.Time{}, []string{"A", "B", "C"}},
		}
		for _, c := range cases {
			recs, err := s.Load(Context(t), "a", c.knownAt)
			require.NoError(t, err)
			assert.Equal(t, c.want, types(recs), "known at %v", c.knownAt)
		}
	}},
	{"Scan_AsKnownAtReturnsOnlyWhatWasRecordedByThen", func(t *testing.T, s store.Store) {
		knownAtHistory(t, s)
		scan := func(knownAt time.Time) []string {
			var got []string
			require.NoError(t, s.Scan(Context(t), "", knownAt, func(r store.Record) error {
				got = append(got, fmt.Sprintf("%s/%d/%s", r.Stream, r.Seq, r.Type))
				return nil
			}))
			return got
		}
		assert.Empty(t, scan(t0.Add(-time.Minute)))
		assert.Equal(t, []string{"a/1/A"}, scan(t0.Add(time.Minute)))
		assert.Equal(t, []string{"a/1/A", "a/2/B", "a/3/C", "b/1/X"}, scan(t0.Add(time.Hour)))
		assert.Equal(t, []string{"a/1/A", "a/2/B", "a/3/C", "b/1/X"}, scan(time.Time{}))
	}},
}

// prefixStreams are named so that byte order, the order every store
// promises, differs from a dictionary collation: upper case before lower,
// punctuation by its code, a multi-byte letter after every ASCII one.
var prefixStreams = []string{"agreement/1", "agreement/2", "agreement/10", "agreements", "agreement-x", "Agreement/1", "customer/1", "ä/1", "äb/1", "a"}

func prefixHistory(t *testing.T, s store.Store) {
	for i, name := range prefixStreams {
		events := make([]store.Event, i%3+1)
		for j := range events {
			events[j] = event(fmt.Sprintf("E%d", j+1), "", fmt.Sprintf(`{"stream":%q}`, name))
		}
		mustAppend(t, s, one(name, 0, events...))
	}
	// A stream checked at 0 with a due day has a row but no events: it is
	// not among the versions.
	mustAppend(t, s, store.Command{Streams: []store.StreamAppend{{Stream: "agreement/3", Expected: 0, Due: Day("2025-01-01")}}})
}

var prefixTests = []conformance{
	{"Versions_ByPrefix", func(t *testing.T, s store.Store) {
		prefixHistory(t, s)
		cases := map[string]map[string]int64{
			"agreement/": {"agreement/1": 1, "agreement/2": 2, "agreement/10": 3},
			"agreement":  {"agreement/1": 1, "agreement/2": 2, "agreement/10": 3, "agreements": 1, "agreement-x": 2},
			"ä":          {"ä/1": 2, "äb/1": 3},
			"ä/":         {"ä/1": 2},
			"A":          {"Agreement/1": 3},
			"zzz":        {},
			"customer/1": {"customer/1": 1},
		}
		for prefix, want := range cases {
			got, err := s.Versions(Context(t), prefix)
			require.NoError(t, err)
			assert.Equal(t, want, got, "prefix %q", prefix)
		}
		all, err := s.Versions(Context(t), "")
		require.NoError(t, err)
		assert.Len(t, all, len(prefixStreams))
	}},
	{"Scan_StreamByStreamInByteOrder", func(t *testing.T, s store.Store) {
		prefixHistory(t, s)
		var got []string
		require.NoError(t, s.Scan(Context(t), "", time.Time{}, func(r store.Record) error {
			got = append(got, fmt.Sprintf("%s %d", r.Stream, r.Seq))
			assert.Equal(t, fmt.Sprintf(`{"stream":%q}`, r.Stream), string(r.Data))
			return nil
		}))
		want := []string{
			"Agreement/1 1", "Agreement/1 2", "Agreement/1 3",
			"a 1",
			"agreement-x 1", "agreement-x 2",
			"agreement/1 1",
			"agreement/10 1", "agreement/10 2", "agreement/10 3",
			"agreement/2 1", "agreement/2 2",
			"agreements 1",
			"customer/1 1",
			"ä/1 1", "ä/1 2",
			"äb/1 1", "äb/1 2", "äb/1 3",
		}
		assert.Equal(t, want, got)

		got = nil
		require.NoError(t, s.Scan(Context(t), "agreement/1", time.Time{}, func(r store.Record) error {
			got = append(got, fmt.Sprintf("%s %d", r.Stream, r.Seq))
			return nil
		}))
		assert.Equal(t, []string{"agreement/1 1", "agreement/10 1", "agreement/10 2", "agreement/10 3"}, got)
	}},
	{"Scan_StopsAtTheFirstError", func(t *testing.T, s store.Store) {
		prefixHistory(t, s)
		calls := 0
		err := s.Scan(Context(t), "", time.Time{}, func(store.Record) error {
			calls++
			if calls == 3 {
				return errStop
			}
			return nil
		})
		assert.ErrorIs(t, err, errStop)
		assert.Equal(t, 3, calls)
	}},
}

var dueTests = []conformance{
	{"Due_OrderedByDayThenStream", func(t *testing.T, s store.Store) {
		dues := map[string]string{"c": "2025-03-01", "a": "2025-03-02", "b": "2025-03-01", "B": "2025-03-02", "d": "2025-04-01", "e": ""}
		for _, name := range []string{"a", "b", "c", "d", "e", "B"} {
			sa := store.StreamAppend{Stream: name, Events: []store.Event{event("A", "", `{}`)}}
			if dues[name] != "" {
				sa.Due = Day(dues[name])
			}
			mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{sa}})
		}
		assert.Empty(t, mustDue(t, s, "2025-02-28"))
		assert.Equal(t, []string{"b", "c"}, mustDue(t, s, "2025-03-01"), "due on the day itself")
		assert.Equal(t, []string{"b", "c", "B", "a"}, mustDue(t, s, "2025-03-31"))
		assert.Equal(t, []string{"b", "c", "B", "a", "d"}, mustDue(t, s, "9999-12-31"))
	}},
	{"Due_FollowsTheLatestAppend", func(t *testing.T, s store.Store) {
		mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{
			{Stream: "a", Events: []store.Event{event("A", "", `{}`)}, Due: Day("2025-03-01")},
			{Stream: "b", Events: []store.Event{event("A", "", `{}`)}, Due: Day("2025-03-02")},
		}})
		require.Equal(t, []string{"a", "b"}, mustDue(t, s, "2025-03-31"))

		mustAppend(t, s, store.Command{At: t0, Streams: []store.StreamAppend{
			{Stream: "a", Expected: 1, Events: []store.Event{event("B", "", `{}`)}, Due: Day("2025-04-01")},
			{Stream: "b", Expected: 1},
		}})
		assert.Empty(t, mustDue(t, s, "2025-03-31"), "a moved on, b's due day was cleared")
		assert.Equal(t, []string{"a"}, mustDue(t, s, "2025-04-01"))
	}},
}
