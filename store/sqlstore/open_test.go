package sqlstore_test

import (
	"database/sql"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

func TestOpen_ConcurrentOpensOfAnEmptyDatabaseAllSucceed(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		const openers = 6
		errs := make([]error, openers)
		dbs := make([]*sql.DB, openers)
		for i := range dbs {
			dbs[i] = openDB(t, e, dsn) // each its own pool, as separate processes would have
		}
		start := make(chan struct{})
		var wg sync.WaitGroup
		for i := 0; i < openers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				<-start
				_, errs[i] = sqlstore.Open(storetest.Context(t), dbs[i], e.dialect)
			}(i)
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			assert.NoError(t, err, "opener %d", i)
		}
		var versions int
		require.NoError(t, dbs[0].QueryRowContext(storetest.Context(t), `SELECT COUNT(*) FROM schema_version`).Scan(&versions))
		assert.Equal(t, 1, versions, "each migration applied once")
	})
}

func TestOpen_RefusesANewerSchema(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		_, db := openStore(t, e)
		_, err := db.ExecContext(storetest.Context(t), `INSERT INTO schema_version (version) VALUES (99)`)
		require.NoError(t, err)

		_, err = sqlstore.Open(storetest.Context(t), db, e.dialect)
		require.ErrorIs(t, err, sqlstore.ErrSchemaTooNew)
		var se *sqlstore.SchemaError
		require.ErrorAs(t, err, &se)
		assert.Equal(t, sqlstore.SchemaError{Found: 99, Known: 1}, *se)
		assert.Contains(t, err.Error(), "99")
	})
}

func TestOpen_AgainKeepsTheEvents(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		first, err := sqlstore.Open(storetest.Context(t), openDB(t, e, dsn), e.dialect)
		require.NoError(t, err)
		_, err = first.Append(storetest.Context(t), store.Command{At: time.Now(), Streams: []store.StreamAppend{
			{Stream: "a", Events: []store.Event{{Type: "A", Data: []byte(`{}`)}}},
		}})
		require.NoError(t, err)
		require.NoError(t, first.Close())

		db := openDB(t, e, dsn)
		again, err := sqlstore.Open(storetest.Context(t), db, e.dialect)
		require.NoError(t, err)
		v, err := again.Version(storetest.Context(t), "a")
		require.NoError(t, err)
		assert.Equal(t, int64(1), v)
		var versions int
		require.NoError(t, db.QueryRowContext(storetest.Context(t), `SELECT COUNT(*) FROM schema_version`).Scan(&versions))
		assert.Equal(t, 1, versions)
	})
}

func TestOpen_SQLiteSwitchesToWriteAheadLogging(t *testing.T) {
	dsn := freshSQLite(t)
	_, err := sqlstore.Open(storetest.Context(t), openDB(t, sqliteEngine, dsn), sqlstore.SQLite)
	require.NoError(t, err)

	// The journal mode is kept in the file: a new connection finds it.
	var mode string
	require.NoError(t, openDB(t, sqliteEngine, dsn).QueryRowContext(storetest.Context(t), `PRAGMA journal_mode`).Scan(&mode))
	assert.Equal(t, "wal", mode)
}

func TestOpen_RefusesInMemorySQLite(t *testing.T) {
	_, err := sqlstore.Open(storetest.Context(t), openDB(t, sqliteEngine, ":memory:"), sqlstore.SQLite)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "memory")
}

func TestOpen_RefusesAnUnknownDialect(t *testing.T) {
	_, err := sqlstore.Open(storetest.Context(t), openDB(t, sqliteEngine, freshSQLite(t)), sqlstore.Dialect(7))
	require.ErrorIs(t, err, store.ErrInvalid)
	assert.Contains(t, err.Error(), "dialect(7)")
	_, err = sqlstore.Open(storetest.Context(t), nil, sqlstore.SQLite)
	assert.ErrorIs(t, err, store.ErrInvalid)
}
