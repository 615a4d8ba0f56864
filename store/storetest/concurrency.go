package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

// Writers and appends per writer of the concurrency tests: enough that
// writers collide on most versions, few enough for a database under -race.
const (
	writers          = 8
	appendsPerWriter = 6
)

var concurrencyTests = []conformance{
	{"Append_ConcurrentWritersOneWinsPerVersion", func(t *testing.T, s store.Store) {
		won := make([][]int64, writers) // the versions each writer was told it appended
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for n := 0; n < appendsPerWriter; n++ {
					v, err := appendRetrying(Context(t), s, func(read map[string]int64) store.Command {
						return one("hot", read["hot"], event("E", "", fmt.Sprintf(`{"w":%d,"n":%d}`, w, n)))
					}, "hot")
					if err != nil {
						errs <- err
						return
					}
					won[w] = append(won[w], v["hot"])
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		recs := mustLoad(t, s, "hot")
		require.Len(t, recs, writers*appendsPerWriter, "nothing lost, nothing doubled")
		for w, versions := range won {
			for n, v := range versions {
				assert.Equal(t, fmt.Sprintf(`{"w":%d,"n":%d}`, w, n), string(recs[v-1].Data),
					"writer %d's append %d is at the version it was told", w, n)
			}
		}
	}},
	{"Append_ConcurrentMultiStreamCommandsStayAtomic", func(t *testing.T, s store.Store) {
		// Every command appends to both streams, naming them in either
		// order, so both must hold the same commands in the same order.
		errs := make(chan error, writers)
		var wg sync.WaitGroup
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for n := 0; n < appendsPerWriter; n++ {
					data := fmt.Sprintf(`{"w":%d,"n":%d}`, w, n)
					_, err := appendRetrying(Context(t), s, func(read map[string]int64) store.Command {
						x := store.StreamAppend{Stream: "x", Expected: read["x"], Events: []store.Event{event("E", "", data)}}
						y := store.StreamAppend{Stream: "y", Expected: read["y"], Events: []store.Event{event("E", "", data)}}
						if w%2 == 1 {
							x, y = y, x
						}
						return store.Command{At: t0, Streams: []store.StreamAppend{x, y}}
					}, "x", "y")
					if err != nil {
						errs <- err
						return
					}
				}
			}(w)
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		x, y := mustLoad(t, s, "x"), mustLoad(t, s, "y")
		require.Len(t, x, writers*appendsPerWriter)
		require.Len(t, y, writers*appendsPerWriter)
		for i := range x {
			assert.Equal(t, string(x[i].Data), string(y[i].Data), "position %d", i+1)
		}
	}},
}

// appendRetrying reads the streams' versions, builds a command on them and
// appends it, again on every conflict, as a service decides a command
// again on fresh state. It returns the versions the store reported.
func appendRetrying(ctx context.Context, s store.Store, build func(read map[string]int64) store.Command, streams ...string) (map[string]int64, error) {
	for attempt := 0; ; attempt++ {
		read := make(map[string]int64, len(streams))
		for _, name := range streams {
			v, err := s.Version(ctx, name)
			if err != nil {
				return nil, err
			}
			read[name] = v
		}
		got, err := s.Append(ctx, build(read))
		if err == nil {
			return got.Versions, nil
		}
		if !errors.Is(err, store.ErrConflict) {
			return nil, fmt.Errorf("attempt %d: %w", attempt, err)
		}
	}
}

var lifecycleTests = []conformance{
	{"Close_LaterCallsAreErrClosed", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		require.NoError(t, s.Close())
		ctx := Context(t)
		_, err := s.Append(ctx, one("a", 1, event("B", "", `{}`)))
		assert.ErrorIs(t, err, store.ErrClosed)
		_, err = s.Load(ctx, "a", time.Time{})
		assert.ErrorIs(t, err, store.ErrClosed)
		_, err = s.Version(ctx, "a")
		assert.ErrorIs(t, err, store.ErrClosed)
		_, err = s.Versions(ctx, "")
		assert.ErrorIs(t, err, store.ErrClosed)
		assert.ErrorIs(t, s.Scan(ctx, "", time.Time{}, func(store.Record) error { return nil }), store.ErrClosed)
		_, err = s.Due(ctx, Day("2025-01-01"))
		assert.ErrorIs(t, err, store.ErrClosed)
		_, _, err = s.Remembered(ctx, "k")
		assert.ErrorIs(t, err, store.ErrClosed)
		_, err = s.Head(ctx, "a", 1)
		assert.ErrorIs(t, err, store.ErrClosed)
		assert.ErrorIs(t, s.SaveSnapshot(ctx, store.Snapshot{Stream: "a", Version: 1}), store.ErrClosed)
		_, _, err = s.LoadSnapshot(ctx, "a")
		assert.ErrorIs(t, err, store.ErrClosed)
	}},
	{"Context_CancelledCallFailsAndWritesNothing", func(t *testing.T, s store.Store) {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_, err := s.Append(ctx, one("a", 0, event("A", "", `{}`)))
		assert.ErrorIs(t, err, context.Canceled)
		_, err = s.Load(ctx, "a", time.Time{})
		assert.ErrorIs(t, err, context.Canceled)
		assert.ErrorIs(t, s.Scan(ctx, "", time.Time{}, func(store.Record) error { return nil }), context.Canceled)
		assert.Empty(t, mustLoad(t, s, "a"))
	}},
}
