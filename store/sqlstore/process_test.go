package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

func TestProcesses_AcknowledgedAppendsAreStoredExactlyOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		// The children open the empty database all at once, so they also
		// race to create its schema.
		dsn := e.fresh(t)
		ctx := storetest.Context(t)
		const children, commands = 3, 6
		var started []*child
		for id := 0; id < children; id++ {
			started = append(started, startAppender(t, ctx, e, dsn, id, commands))
		}
		for i, c := range started {
			require.NoError(t, c.wait(), "child %d:\n%s", i, c.output)
		}

		s, err := sqlstore.Open(ctx, openDB(t, e, dsn), e.dialect)
		require.NoError(t, err)
		stored := storedCommands(t, s)
		acked := map[string]ack{}
		resent := 0
		for _, c := range started {
			for _, a := range readAcks(t, c.acks) {
				if a.Replayed || a.Result != "" {
					resent++
					assert.True(t, a.Replayed, "%s sent again was appended again", a.Key)
					assert.Equal(t, a.Key, a.Result, "%s sent again got the first answer", a.Key)
					continue
				}
				_, twice := acked[a.Key]
				assert.False(t, twice, "%s acknowledged twice", a.Key)
				acked[a.Key] = a
			}
		}
		require.Len(t, acked, children*writersPerChild*commands, "every command was acknowledged")
		assert.Equal(t, children*writersPerChild*((commands+3)/4), resent, "every fourth command was sent again")

		for key, a := range acked {
			sc, ok := stored[key]
			if !assert.True(t, ok, "acknowledged %s is stored", key) {
				continue
			}
			assertWhole(t, sc)
			assertAt(t, sc, a.Versions)
			r, found, err := s.Remembered(ctx, key)
			require.NoError(t, err)
			assert.True(t, found, "%s's answer is kept", key)
			assert.Equal(t, key, string(r.Result))
		}
		for key := range stored {
			_, ok := acked[key]
			assert.True(t, ok, "stored %s was acknowledged", key)
		}
		assertChains(t, s)
	})
}

// storedCommand is what a command left in the store: for each stream, the
// positions and payloads of its events there, in order.
type storedCommand struct {
	key     string
	streams []string // as the command named them
	events  map[string][]storedEvent
}

type storedEvent struct {
	seq int64
	p   payload
}

// storedCommands reads every event of the store and groups them by the
// command that appended them.
func storedCommands(t *testing.T, s store.Store) map[string]*storedCommand {
	t.Helper()
	out := map[string]*storedCommand{}
	require.NoError(t, s.Scan(storetest.Context(t), "", time.Time{}, func(r store.Record) error {
		var p payload
		if err := json.Unmarshal(r.Data, &p); err != nil {
			return fmt.Errorf("%s/%d: %w", r.Stream, r.Seq, err)
		}
		sc := out[p.Cmd]
		if sc == nil {
			sc = &storedCommand{key: p.Cmd, streams: p.Streams, events: map[string][]storedEvent{}}
			out[p.Cmd] = sc
		}
		sc.events[r.Stream] = append(sc.events[r.Stream], storedEvent{r.Seq, p})
		return nil
	}))
	return out
}

// assertWhole checks that a stored command is all there: in each stream it
// named, all its events, once each, in order and side by side.
func assertWhole(t *testing.T, sc *storedCommand) {
	t.Helper()
	named := append([]string(nil), sc.streams...)
	var found []string
	for stream := range sc.events {
		found = append(found, stream)
	}
	sort.Strings(named)
	sort.Strings(found)
	assert.Equal(t, named, found, "%s is in each stream it named and no other", sc.key)
	for stream, evs := range sc.events {
		if !assert.Len(t, evs, evs[0].p.Of, "%s has all its events in %s", sc.key, stream) {
			continue
		}
		for i, ev := range evs {
			assert.Equal(t, i, ev.p.N, "%s's events in %s are in order", sc.key, stream)
			assert.Equal(t, evs[0].seq+int64(i), ev.seq, "%s's events in %s are side by side", sc.key, stream)
		}
	}
}

// assertAt checks that a command's events end at the versions the store
// acknowledged.
func assertAt(t *testing.T, sc *storedCommand, versions map[string]int64) {
	t.Helper()
	assert.Len(t, versions, len(sc.streams))
	for stream, v := range versions {
		evs := sc.events[stream]
		if assert.NotEmpty(t, evs, "%s in %s", sc.key, stream) {
			assert.Equal(t, v, evs[len(evs)-1].seq, "%s ends at the version acknowledged in %s", sc.key, stream)
		}
	}
}

// assertChains recomputes every stream's chain of heads from its events and
// checks the stored head of its last event.
func assertChains(t *testing.T, s store.Store) {
	t.Helper()
	versions, err := s.Versions(storetest.Context(t), "")
	require.NoError(t, err)
	require.NotEmpty(t, versions)
	for stream, v := range versions {
		recs, err := s.Load(storetest.Context(t), stream, time.Time{})
		require.NoError(t, err)
		require.Len(t, recs, int(v), stream)
		head := ""
		for _, r := range recs {
			head = store.ChainHead(head, r.Seq, store.Event{On: r.On, Type: r.Type, Data: r.Data})
		}
		stored, err := s.Head(storetest.Context(t), stream, v)
		require.NoError(t, err)
		assert.Equal(t, head, stored, "the chain of %s", stream)
	}
}
