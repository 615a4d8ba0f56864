package storetest

import (
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

var idempotencyTests = []conformance{
	{"Idempotency_KeyOverTheLimitIsInvalid", func(t *testing.T, s store.Store) {
		long := one("a", 0, event("A", "", `{}`))
		long.Key, long.Digest = strings.Repeat("k", store.MaxKeyLength+1), "d"
		_, err := s.Append(Context(t), long)
		assert.ErrorIs(t, err, store.ErrInvalid)
		assert.Empty(t, mustLoad(t, s, "a"), "nothing stored")

		long.Key = strings.Repeat("k", store.MaxKeyLength)
		mustAppend(t, s, long)
	}},
	{"Idempotency_SameKeyAndDigestReplaysTheFirstResult", func(t *testing.T, s store.Store) {
		first := one("a", 0, event("A", "", `{}`))
		first.Key, first.Digest, first.Result = "k", "d", []byte(`{"ok":1}`)
		got := mustAppend(t, s, first)
		assert.False(t, got.Replayed)

		// The retry was decided on the state before the first attempt, so
		// its version is stale now; the key still wins over the conflict.
		again := one("a", 0, event("A", "", `{}`), event("B", "", `{}`))
		again.Key, again.Digest, again.Result = "k", "d", []byte(`{"ok":2}`)
		got = mustAppend(t, s, again)
		assert.True(t, got.Replayed)
		assert.Equal(t, []byte(`{"ok":1}`), got.Result)
		assert.Equal(t, []string{"A"}, types(mustLoad(t, s, "a")), "nothing appended twice")

		r, found, err := s.Remembered(Context(t), "k")
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, store.Remembered{Digest: "d", Result: []byte(`{"ok":1}`)}, r)
	}},
	{"Idempotency_OtherDigestIsKeyReused", func(t *testing.T, s store.Store) {
		first := one("a", 0, event("A", "", `{}`))
		first.Key, first.Digest = "k", "d1"
		mustAppend(t, s, first)

		other := one("a", 1, event("B", "", `{}`))
		other.Key, other.Digest = "k", "d2"
		_, err := s.Append(Context(t), other)
		require.ErrorIs(t, err, store.ErrKeyReused)
		var ke *store.KeyReusedError
		require.ErrorAs(t, err, &ke)
		assert.Equal(t, "k", ke.Key)
		assert.Equal(t, []string{"A"}, types(mustLoad(t, s, "a")))
	}},
	{"Idempotency_RefusedCommandKeepsOnlyItsAnswer", func(t *testing.T, s store.Store) {
		refused := store.Command{Key: "k", Digest: "d", Result: []byte(`{"refused":"late"}`), At: t0}
		got := mustAppend(t, s, refused)
		assert.False(t, got.Replayed)
		assert.Empty(t, got.Versions)

		got = mustAppend(t, s, refused)
		assert.True(t, got.Replayed)
		assert.Equal(t, []byte(`{"refused":"late"}`), got.Result)
		versions, err := s.Versions(Context(t), "")
		require.NoError(t, err)
		assert.Empty(t, versions, "a refused command creates no stream")

		// The same request cannot later be accepted under the same key.
		accepted := one("a", 0, event("A", "", `{}`))
		accepted.Key, accepted.Digest = "k", "d"
		got = mustAppend(t, s, accepted)
		assert.True(t, got.Replayed)
		assert.Empty(t, mustLoad(t, s, "a"))
	}},
	{"Idempotency_ConflictLeavesTheKeyFree", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		stale := one("a", 0, event("B", "", `{}`))
		stale.Key, stale.Digest, stale.Result = "k", "d", []byte("r")
		_, err := s.Append(Context(t), stale)
		require.ErrorIs(t, err, store.ErrConflict)

		retry := one("a", 1, event("B", "", `{}`))
		retry.Key, retry.Digest, retry.Result = "k", "d", []byte("r")
		got := mustAppend(t, s, retry)
		assert.False(t, got.Replayed, "the conflicting attempt did not use up the key")
		assert.Equal(t, []string{"A", "B"}, types(mustLoad(t, s, "a")))
	}},
	{"Idempotency_ConcurrentSameKeyAppendsOnce", func(t *testing.T, s store.Store) {
		// Half the writers send the same request, half another one under
		// the same key; whichever lands first decides what the others get.
		const writers = 8
		type outcome struct {
			got store.Appended
			err error
		}
		outcomes := make([]outcome, writers)
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				cmd := one("a", 0, event("A", "", `{}`))
				cmd.Key, cmd.Digest, cmd.Result = "k", digestOf(i), []byte(digestOf(i))
				<-start
				got, err := s.Append(Context(t), cmd)
				outcomes[i] = outcome{got, err}
			}(i)
		}
		close(start)
		wg.Wait()

		winner := -1
		for i, o := range outcomes {
			if o.err == nil && !o.got.Replayed {
				assert.Equal(t, -1, winner, "writers %d and %d both appended", winner, i)
				winner = i
			}
		}
		require.NotEqual(t, -1, winner, "no writer appended: %v", outcomes)
		for i, o := range outcomes {
			switch {
			case i == winner:
			case digestOf(i) == digestOf(winner):
				require.NoError(t, o.err, "writer %d", i)
				assert.True(t, o.got.Replayed, "writer %d", i)
				assert.Equal(t, []byte(digestOf(winner)), o.got.Result, "writer %d", i)
			default:
				assert.ErrorIs(t, o.err, store.ErrKeyReused, "writer %d", i)
			}
		}
		assert.Equal(t, []string{"A"}, types(mustLoad(t, s, "a")))
	}},
}

func digestOf(writer int) string {
	if writer%2 == 0 {
		return "even"
	}
	return "odd"
}
