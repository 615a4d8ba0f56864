package storetest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
)

// specHead is the chain hash as the store's documentation defines it,
// written out here independently of store.ChainHead.
func specHead(prev string, seq int64, on, typ, data string) string {
	sum := sha256.Sum256([]byte(prev + "\n" + fmt.Sprint(seq) + "\n" + on + "\n" + typ + "\n" + data))
	return hex.EncodeToString(sum[:])
}

func mustHead(t *testing.T, s store.Store, stream string, seq int64) string {
	t.Helper()
	h, err := s.Head(Context(t), stream, seq)
	require.NoError(t, err)
	return h
}

var snapshotTests = []conformance{
	{"Head_ChainsEveryEarlierEvent", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("Applied", "2025-03-01", `{"n":1}`), event("Noted", "", ``)))
		mustAppend(t, s, one("a", 2, event("Approved", "2025-03-03", `{"n":3}`)))

		h1 := specHead("", 1, "2025-03-01", "Applied", `{"n":1}`)
		h2 := specHead(h1, 2, "", "Noted", ``)
		h3 := specHead(h2, 3, "2025-03-03", "Approved", `{"n":3}`)
		assert.Equal(t, "", mustHead(t, s, "a", 0))
		assert.Equal(t, h1, mustHead(t, s, "a", 1))
		assert.Equal(t, h2, mustHead(t, s, "a", 2))
		assert.Equal(t, h3, mustHead(t, s, "a", 3))
		assert.Equal(t, h3, store.ChainHead(h2, 3, event("Approved", "2025-03-03", `{"n":3}`)))

		_, err := s.Head(Context(t), "a", 4)
		require.ErrorIs(t, err, store.ErrNoEvent)
		var ne *store.NoEventError
		require.ErrorAs(t, err, &ne)
		assert.Equal(t, store.NoEventError{Stream: "a", Seq: 4, Version: 3}, *ne)
		_, err = s.Head(Context(t), "b", 1)
		assert.ErrorIs(t, err, store.ErrNoEvent)
		_, err = s.Head(Context(t), "a", -1)
		assert.ErrorIs(t, err, store.ErrInvalid)
	}},
	{"Snapshot_SavedAndLoadedWhileItMatches", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`), event("B", "", `{}`)))
		snap := store.Snapshot{Stream: "a", Version: 2, Head: mustHead(t, s, "a", 2), Schema: 3, Data: []byte(`{"state":"x"}`)}
		require.NoError(t, s.SaveSnapshot(Context(t), snap))
		mustAppend(t, s, one("a", 2, event("C", "", `{}`)))

		got, found, err := s.LoadSnapshot(Context(t), "a")
		require.NoError(t, err)
		require.True(t, found, "later events leave a snapshot of the earlier ones valid")
		assert.Equal(t, snap, got)
	}},
	{"Snapshot_NoneIsNotFound", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`)))
		_, found, err := s.LoadSnapshot(Context(t), "a")
		require.NoError(t, err)
		assert.False(t, found)
		_, found, err = s.LoadSnapshot(Context(t), "nothing")
		require.NoError(t, err)
		assert.False(t, found)
	}},
	{"Snapshot_NotMatchingTheEventsIsRefused", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`), event("B", "", `{}`)))
		h1 := mustHead(t, s, "a", 1)
		refused := []store.Snapshot{
			{Stream: "a", Version: 2, Head: h1, Data: []byte(`{}`)},
			{Stream: "a", Version: 3, Head: h1, Data: []byte(`{}`)},
			{Stream: "b", Version: 1, Head: h1, Data: []byte(`{}`)},
		}
		for _, snap := range refused {
			err := s.SaveSnapshot(Context(t), snap)
			require.ErrorIs(t, err, store.ErrSnapshotMismatch, "%+v", snap)
			var me *store.SnapshotMismatchError
			require.ErrorAs(t, err, &me)
			assert.Equal(t, store.SnapshotMismatchError{Stream: snap.Stream, Version: snap.Version, Head: snap.Head}, *me)
		}
		err := s.SaveSnapshot(Context(t), store.Snapshot{Stream: "a", Version: 0, Head: "", Data: []byte(`{}`)})
		assert.ErrorIs(t, err, store.ErrInvalid, "a snapshot covers at least one event")
		_, found, err := s.LoadSnapshot(Context(t), "a")
		require.NoError(t, err)
		assert.False(t, found)
	}},
	{"Snapshot_NewerIsKept", func(t *testing.T, s store.Store) {
		mustAppend(t, s, one("a", 0, event("A", "", `{}`), event("B", "", `{}`), event("C", "", `{}`)))
		at := func(v int64) store.Snapshot {
			return store.Snapshot{Stream: "a", Version: v, Head: mustHead(t, s, "a", v), Schema: 1, Data: []byte(fmt.Sprint(v))}
		}
		require.NoError(t, s.SaveSnapshot(Context(t), at(1)))
		require.NoError(t, s.SaveSnapshot(Context(t), at(3)))
		require.NoError(t, s.SaveSnapshot(Context(t), at(2)), "an older snapshot is no error")
		got, found, err := s.LoadSnapshot(Context(t), "a")
		require.NoError(t, err)
		require.True(t, found)
		assert.Equal(t, at(3), got)
	}},
}

// StaleSnapshot checks that a snapshot whose events no longer match is not
// returned. The Store interface cannot rewrite an event, so the caller
// passes rewrite, which changes the stored chain hash of event seq of
// stream behind the store's back (as a restore from another backup would).
func StaleSnapshot(t *testing.T, s store.Store, rewrite func(stream string, seq int64)) {
	mustAppend(t, s, one("a", 0, event("A", "", `{}`), event("B", "", `{}`)))
	snap := store.Snapshot{Stream: "a", Version: 2, Head: mustHead(t, s, "a", 2), Schema: 1, Data: []byte(`{}`)}
	require.NoError(t, s.SaveSnapshot(Context(t), snap))
	_, found, err := s.LoadSnapshot(Context(t), "a")
	require.NoError(t, err)
	require.True(t, found)

	rewrite("a", 2)
	_, found, err = s.LoadSnapshot(Context(t), "a")
	require.NoError(t, err)
	assert.False(t, found, "a snapshot of events that changed is not returned")
	assert.ErrorIs(t, s.SaveSnapshot(Context(t), snap), store.ErrSnapshotMismatch)
}
