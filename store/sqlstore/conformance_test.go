package sqlstore_test

import (
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/storetest"
)

func TestConformance(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		storetest.Run(t, func(t *testing.T) store.Store {
			s, _ := openStore(t, e)
			return s
		})
	})
}

func TestSnapshot_StaleIsNotReturned(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		s, db := openStore(t, e)
		storetest.StaleSnapshot(t, s, func(stream string, seq int64) {
			rewriteHash(t, db, stream, seq)
		})
	})
}

// rewriteHash changes a stored event's chain hash behind the store's back.
func rewriteHash(t *testing.T, db *sql.DB, stream string, seq int64) {
	res, err := db.ExecContext(storetest.Context(t), `UPDATE events SET hash = 'rewritten' WHERE stream = $1 AND seq = $2`, stream, seq)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
}
