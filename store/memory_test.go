package store_test

import (
	"testing"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/storetest"
)

func TestMemory_Conformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return store.NewMemory() })
}

func TestMemory_StaleSnapshotIsNotReturned(t *testing.T) {
	s := store.NewMemory()
	storetest.StaleSnapshot(t, s, func(stream string, seq int64) { store.RewriteHead(s, stream, seq) })
}
