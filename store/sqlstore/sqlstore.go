// Package sqlstore keeps the event store of package store in a SQL database
// through database/sql: SQLite, the embedded default for one machine, or
// PostgreSQL, for several replicas sharing one register. It imports no
// driver; the caller opens the *sql.DB with the driver of its choice
// (modernc.org/sqlite registers "sqlite", github.com/jackc/pgx/v5/stdlib
// registers "pgx") and passes it to Open with the matching Dialect.
//
// # Correctness comes from the database
//
// An append is one transaction: the idempotency key row, one conditional
// write per stream (an UPDATE that must hit the row at the version the
// writer read, or an INSERT of a new stream that must not collide), then
// the events, whose primary key is (stream, seq). Any of these failing
// means another writer got there first; the transaction is rolled back and
// Append returns store.ErrConflict. No lock in Go guards the check (a
// version already known to be stale is refused before the transaction, and
// a cache of chain heads has a mutex of its own), so writers in different
// processes are as safe as goroutines. Streams are
// written in name order, so two commands touching the same streams never
// wait for each other in a cycle. The transactions run at the default
// isolation level, READ COMMITTED on PostgreSQL: every check within it is
// a write that the database serialises by itself.
//
// On SQLite the transaction is a statement per step. On PostgreSQL it is a
// single statement of chained data-modifying WITH queries, one round trip
// instead of one per step; a refused step makes it call kanta_refuse, a
// function of the schema whose error aborts the statement.
//
// Of two commands racing with one idempotency key, the second's insert of
// the key waits for the first to end (PostgreSQL) or runs after it (SQLite,
// whose writers take turns): if the first committed, the second finds the
// key and is answered from it, writing nothing; if the first was refused,
// the second goes ahead.
//
// # Schema
//
// The tables (events, streams, idempotency, snapshots) are created and
// migrated by Open, which records the schema version in schema_version and
// refuses a database whose version is newer than this code knows. On
// PostgreSQL the migration holds a transaction-level advisory lock, so
// several processes may open an empty database at once; the tables are
// created in the first schema of the connection's search_path. Stream names
// are compared byte by byte (COLLATE "C" on PostgreSQL, SQLite's BINARY),
// as Go compares strings. Days are kept as YYYY-MM-DD text, which sorts as
// the days do. Recording times are kept to the microsecond in UTC
// (timestamptz on PostgreSQL, microseconds since 1970 on SQLite).
//
// # SQLite
//
// Open switches the database to write-ahead logging (PRAGMA journal_mode =
// WAL, kept in the file), so readers never wait for the writer and several
// connections and processes can share one file. Writers still take turns;
// a writer waits for its turn up to the connection's busy timeout. Unless
// the caller's DSN sets one (for modernc.org/sqlite,
// "?_pragma=busy_timeout(5000)"), every call sets PRAGMA busy_timeout to
// DefaultBusyTimeout on the connection it uses, because database/sql gives
// no hook to set it once per connection. A context that ends stops the wait
// at once. PRAGMA synchronous is left at SQLite's default, FULL: a
// committed append survives a power cut. An in-memory SQLite database is
// refused, since each pooled connection would see a database of its own.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync/atomic"
	"time"

	"github.com/kantakit/kanta/store"
)

// Dialect names the database behind a *sql.DB.
type Dialect int

// The dialects sqlstore speaks.
const (
	SQLite Dialect = iota + 1
	Postgres
)

// String returns the dialect's name.
func (d Dialect) String() string {
	switch d {
	case SQLite:
		return "sqlite"
	case Postgres:
		return "postgres"
	}
	return "dialect(" + strconv.Itoa(int(d)) + ")"
}

// DefaultBusyTimeout is how long a SQLite call waits for another
// connection's write to finish before it fails with "database is locked",
// unless the caller's DSN sets a busy timeout of its own.
const DefaultBusyTimeout = 10 * time.Second

// Store is a store.Store over a SQL database. It is safe for concurrent use,
// and any number of Stores, in any number of processes, may share one
// database.
type Store struct {
	db      *sql.DB
	dialect Dialect
	sql     *statements
	// busyPragma, for SQLite, sets the busy timeout on a connection before
	// each use; it is empty when the caller's DSN sets one.
	busyPragma string
	heads      headCache
	closed     atomic.Bool
}

var _ store.Store = (*Store)(nil)

// Open checks that db is reachable, brings its schema up to date and
// returns a Store on it. It refuses a database whose schema is newer than
// this code knows (ErrSchemaTooNew) and, for SQLite, an in-memory database
// or one that cannot be switched to write-ahead logging. Closing the Store
// leaves db open: it is the caller's, and so is its pool: a service that
// runs commands from many clients at once keeps as many connections idle
// (db.SetMaxIdleConns), since the default of two makes PostgreSQL start a
// new server process for nearly every query.
func Open(ctx context.Context, db *sql.DB, dialect Dialect) (*Store, error) {
	if db == nil {
		return nil, &store.InvalidError{Field: "database", Value: "<nil>", Reason: "sqlstore needs an open *sql.DB"}
	}
	s := &Store{db: db, dialect: dialect}
	var err error
	switch dialect {
	case SQLite:
		err = s.openSQLite(ctx)
	case Postgres:
		err = s.openPostgres(ctx)
	default:
		return nil, &store.InvalidError{Field: "dialect", Value: dialect.String(), Reason: "sqlstore speaks SQLite and Postgres"}
	}
	if err != nil {
		return nil, err
	}
	s.sql = newStatements(dialect)
	s.heads.init()
	return s, nil
}

// Close makes later calls fail with store.ErrClosed. It leaves the
// database open.
func (s *Store) Close() error {
	s.closed.Store(true)
	return nil
}

// querier is what *sql.DB, *sql.Conn and *sql.Tx have in common.
type querier interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// enter starts a call: it refuses a closed store and a context already done,
// so that such calls fail the same way on every engine.
func (s *Store) enter(ctx context.Context) error {
	if s.closed.Load() {
		return store.ErrClosed
	}
	return ctx.Err()
}

// session returns what to run a call's statements on, and the function that
// gives it back. On SQLite without a busy timeout from the DSN it is a
// connection of its own with the timeout set.
func (s *Store) session(ctx context.Context) (querier, func(), error) {
	if s.busyPragma == "" {
		return s.db, func() {}, nil
	}
	c, err := s.db.Conn(ctx)
	if err != nil {
		return nil, nil, err
	}
	if _, err := c.ExecContext(ctx, s.busyPragma); err != nil {
		c.Close()
		return nil, nil, err
	}
	return c, func() { c.Close() }, nil
}

// inTx runs fn in a transaction and commits it when fn returns nil. On
// SQLite the transaction starts deferred: every writing caller's first
// statement is a write, so it takes the write lock at once and, while it
// waits for it, the busy timeout applies (a deferred transaction that read
// first could not wait for the lock). ExplainDue only reads.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	var (
		tx  *sql.Tx
		err error
	)
	if s.busyPragma == "" {
		tx, err = s.db.BeginTx(ctx, nil)
	} else {
		var c *sql.Conn
		if c, err = s.db.Conn(ctx); err != nil {
			return err
		}
		defer c.Close()
		if _, err = c.ExecContext(ctx, s.busyPragma); err != nil {
			return err
		}
		tx, err = c.BeginTx(ctx, nil)
	}
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// fail wraps a database error with the call that met it and, when the
// call's context is done, with the context's error, so errors.Is finds
// context.Canceled or context.DeadlineExceeded whatever the driver said.
func fail(ctx context.Context, op string, err error) error {
	if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
		return fmt.Errorf("sqlstore: %s: %w: %w", op, cerr, err)
	}
	return fmt.Errorf("sqlstore: %s: %w", op, err)
}

// conflicting reports an error by which the database refused a write
// because another transaction wrote first: a unique key violation, or on
// PostgreSQL a serialization failure or deadlock.
func (s *Store) conflicting(err error) bool {
	switch s.dialect {
	case Postgres:
		var e interface{ SQLState() string }
		if errors.As(err, &e) {
			switch e.SQLState() {
			case "23505", "40001", "40P01", sqlStateRefused:
				return true
			}
		}
	case SQLite:
		var e interface{ Code() int }
		if errors.As(err, &e) {
			switch e.Code() {
			case sqliteConstraintPrimaryKey, sqliteConstraintUnique:
				return true
			}
		}
	}
	return false
}

// sqlStateRefused is the SQLSTATE of kanta_refuse, with which a
// PostgreSQL append statement aborts when one of its writes is refused.
const sqlStateRefused = "KA001"

// SQLite's extended result codes for a unique key violation.
const (
	sqliteConstraintPrimaryKey = 1555
	sqliteConstraintUnique     = 2067
)
