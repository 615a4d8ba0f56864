package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"

	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

// engine is a database the tests run against: its dialect, the driver the
// tests bring, and how to make an empty database for one test.
type engine struct {
	name    string
	dialect sqlstore.Dialect
	driver  string
	// fresh returns the DSN of a new, empty database that is removed when
	// the test ends.
	fresh func(t testing.TB) string
}

var sqliteEngine = engine{name: "sqlite", dialect: sqlstore.SQLite, driver: "sqlite", fresh: freshSQLite}

var postgresEngine = engine{name: "postgres", dialect: sqlstore.Postgres, driver: "pgx", fresh: freshPostgres}

// pgURLVar names the environment variable with the PostgreSQL server the
// tests use, e.g. postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable.
const pgURLVar = "KANTA_PG_URL"

// forEachEngine runs test once on SQLite and once on PostgreSQL, which it
// skips when no server is given.
func forEachEngine(t *testing.T, test func(t *testing.T, e engine)) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		t.Run(e.name, func(t *testing.T) {
			if e.dialect == sqlstore.Postgres {
				skipWithoutPostgres(t)
			}
			test(t, e)
		})
	}
}

func skipWithoutPostgres(t testing.TB) {
	if os.Getenv(pgURLVar) == "" {
		t.Skipf("%s is unset: no PostgreSQL server to test against (.ci/run starts one)", pgURLVar)
	}
}

func freshSQLite(t testing.TB) string {
	return filepath.Join(t.TempDir(), "kanta.db")
}

var schemas atomic.Int64

// freshPostgres creates a schema of its own for the test and returns a DSN
// whose search_path is that schema, so tests and test runs never share
// tables.
func freshPostgres(t testing.TB) string {
	skipWithoutPostgres(t)
	base := os.Getenv(pgURLVar)
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer admin.Close()
	schema := fmt.Sprintf("kanta_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, schemas.Add(1))
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	_, err = admin.ExecContext(ctx, "CREATE SCHEMA "+schema)
	require.NoError(t, err)
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
			return
		}
		defer admin.Close()
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if _, err := admin.ExecContext(ctx, "DROP SCHEMA "+schema+" CASCADE"); err != nil {
			t.Errorf("dropping schema %s: %v", schema, err)
		}
	})
	return withParam(t, base, "search_path", schema)
}

// withParam returns a PostgreSQL URL with a query parameter set, which
// pgx passes on as a setting of the session.
func withParam(t testing.TB, dsn, name, value string) string {
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	q := u.Query()
	q.Set(name, value)
	u.RawQuery = q.Encode()
	return u.String()
}

// openDB opens dsn with the engine's driver, closed when the test ends.
func openDB(t testing.TB, e engine, dsn string) *sql.DB {
	db, err := sql.Open(e.driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// openStore opens a store on a new, empty database of the engine.
func openStore(t testing.TB, e engine) (*sqlstore.Store, *sql.DB) {
	db := openDB(t, e, e.fresh(t))
	s, err := sqlstore.Open(storetest.Context(t), db, e.dialect)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return s, db
}

// execer is what the tests write to the database with.
type execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}
