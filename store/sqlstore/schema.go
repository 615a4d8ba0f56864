package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrSchemaTooNew reports a database migrated by a newer version of this
// code. Opening it with this one could misread or damage it; the error is a
// *SchemaError that gives both versions.
var ErrSchemaTooNew = errors.New("sqlstore: database schema is newer than this code")

// SchemaError is the ErrSchemaTooNew of one database: the schema version
// found in it and the newest this code knows.
type SchemaError struct {
	Found int
	Known int
}

// Error gives both versions.
func (e *SchemaError) Error() string {
	return fmt.Sprintf("sqlstore: database schema is at version %d, newer than version %d which this code knows; upgrade the program", e.Found, e.Known)
}

// Unwrap makes errors.Is(err, ErrSchemaTooNew) hold.
func (e *SchemaError) Unwrap() error { return ErrSchemaTooNew }

// migration is one step of the schema, in each dialect. Steps are only ever
// added at the end; a released step is never edited.
type migration struct {
	sqlite   []string
	postgres []string
}

// migrations[i] takes the schema from version i to i+1.
var migrations = []migration{
	{
		sqlite: []string{
			// WITHOUT ROWID keeps events in (stream, seq) order in the
			// table itself, so loading or scanning a stream reads it in
			// place rather than through an index.
			`CREATE TABLE events (
				stream      TEXT    NOT NULL,
				seq         INTEGER NOT NULL,
				on_day      TEXT,
				recorded_at INTEGER NOT NULL,
				type        TEXT    NOT NULL,
				data        BLOB    NOT NULL,
				hash        TEXT    NOT NULL,
				PRIMARY KEY (stream, seq)
			) STRICT, WITHOUT ROWID`,
			`CREATE TABLE streams (
				stream  TEXT    NOT NULL PRIMARY KEY,
				version INTEGER NOT NULL,
				due     TEXT,
				head    TEXT    NOT NULL
			) STRICT, WITHOUT ROWID`,
			`CREATE INDEX streams_due ON streams (due, stream) WHERE due IS NOT NULL`,
			`CREATE TABLE idempotency (
				key        TEXT    NOT NULL PRIMARY KEY,
				digest     TEXT    NOT NULL,
				result     BLOB    NOT NULL,
				created_at INTEGER NOT NULL
			) STRICT, WITHOUT ROWID`,
			`CREATE TABLE snapshots (
				stream  TEXT    NOT NULL PRIMARY KEY,
				version INTEGER NOT NULL,
				head    TEXT    NOT NULL,
				schema  INTEGER NOT NULL,
				data    BLOB    NOT NULL
			) STRICT, WITHOUT ROWID`,
		},
		postgres: []string{
			`CREATE TABLE events (
				stream      TEXT COLLATE "C" NOT NULL,
				seq         BIGINT           NOT NULL,
				on_day      TEXT COLLATE "C",
				recorded_at TIMESTAMPTZ      NOT NULL,
				type        TEXT             NOT NULL,
				data        BYTEA            NOT NULL,
				hash        TEXT             NOT NULL,
				PRIMARY KEY (stream, seq)
			)`,
			`CREATE TABLE streams (
				stream  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
				version BIGINT           NOT NULL,
				due     TEXT COLLATE "C",
				head    TEXT             NOT NULL
			)`,
			`CREATE INDEX streams_due ON streams (due, stream) WHERE due IS NOT NULL`,
			`CREATE TABLE idempotency (
				key        TEXT        NOT NULL PRIMARY KEY,
				digest     TEXT        NOT NULL,
				result     BYTEA       NOT NULL,
				created_at TIMESTAMPTZ NOT NULL
			)`,
			// An append is one statement (see writeOneStatement); this is
			// how it fails, and so writes nothing, when a step is refused.
			`CREATE FUNCTION kanta_refuse() RETURNS bigint LANGUAGE plpgsql AS $$
			BEGIN
				RAISE EXCEPTION USING ERRCODE = 'KA001', MESSAGE = 'kanta: a write of the append was refused';
			END
			$$`,
			`CREATE TABLE snapshots (
				stream  TEXT COLLATE "C" NOT NULL PRIMARY KEY,
				version BIGINT           NOT NULL,
				head    TEXT             NOT NULL,
				schema  INTEGER          NOT NULL,
				data    BYTEA            NOT NULL
			)`,
		},
	},
}

const (
	sqliteVersionTable = `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER NOT NULL PRIMARY KEY,
		applied_at TEXT    NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
	) STRICT`
	postgresVersionTable = `CREATE TABLE IF NOT EXISTS schema_version (
		version    INTEGER     NOT NULL PRIMARY KEY,
		applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
	)`
	// migrationLock is the PostgreSQL advisory lock key that serialises
	// migrations: "kanta" in ASCII.
	migrationLock int64 = 0x6b616e7461
)

// migrate brings the schema from the version recorded in schema_version up
// to the newest this code knows, len(migrations); q runs in a transaction that excludes other migrations.
func migrate(ctx context.Context, q querier, dialect Dialect) error {
	var current int
	if err := q.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current); err != nil {
		return err
	}
	if current > len(migrations) {
		return &SchemaError{Found: current, Known: len(migrations)}
	}
	for v := current; v < len(migrations); v++ {
		steps := migrations[v].sqlite
		if dialect == Postgres {
			steps = migrations[v].postgres
		}
		for _, stmt := range steps {
			if _, err := q.ExecContext(ctx, stmt); err != nil {
				return fmt.Errorf("migrating to schema version %d: %w", v+1, err)
			}
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO schema_version (version) VALUES ($1)`, v+1); err != nil {
			return err
		}
	}
	return nil
}

func (s *Store) openPostgres(ctx context.Context) error {
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, migrationLock); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, postgresVersionTable); err != nil {
			return err
		}
		return migrate(ctx, tx, Postgres)
	})
	var se *SchemaError
	if errors.As(err, &se) {
		return se
	}
	if err != nil {
		return fail(ctx, "open postgres", err)
	}
	return nil
}

func (s *Store) openSQLite(ctx context.Context) error {
	c, err := s.db.Conn(ctx)
	if err != nil {
		return fail(ctx, "open sqlite", err)
	}
	defer c.Close()
	var timeout int64
	if err := c.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&timeout); err != nil {
		return fail(ctx, "open sqlite", err)
	}
	if timeout == 0 {
		s.busyPragma = fmt.Sprintf("PRAGMA busy_timeout = %d", DefaultBusyTimeout.Milliseconds())
		if _, err := c.ExecContext(ctx, s.busyPragma); err != nil {
			return fail(ctx, "open sqlite", err)
		}
	}
	// Switching a new file to WAL takes an exclusive lock, and SQLite
	// answers SQLITE_BUSY at once rather than through the busy timeout when
	// another process is switching it too; so the switch is retried, for
	// up to DefaultBusyTimeout.
	var mode string
	for deadline := time.Now().Add(DefaultBusyTimeout); ; {
		err := c.QueryRowContext(ctx, `PRAGMA journal_mode = WAL`).Scan(&mode)
		if err == nil {
			break
		}
		if !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) || ctx.Err() != nil {
			return fail(ctx, "open sqlite: write-ahead logging", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !strings.EqualFold(mode, "wal") {
		return fmt.Errorf("sqlstore: open sqlite: the database keeps journal mode %q instead of WAL; an in-memory database cannot be shared by pooled connections, use store.NewMemory or a file", mode)
	}
	// A current schema needs no write lock, so a store opens even while
	// another process is writing.
	var current int
	if err := c.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_version`).Scan(&current); err == nil && current == len(migrations) {
		return nil
	}
	// BEGIN IMMEDIATE takes the write lock before reading the version, so
	// a second process waits here and then finds the schema current.
	if _, err := c.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
		return fail(ctx, "open sqlite", err)
	}
	_, err = c.ExecContext(ctx, sqliteVersionTable)
	if err == nil {
		err = migrate(ctx, c, SQLite)
	}
	if err == nil {
		_, err = c.ExecContext(ctx, `COMMIT`)
	}
	if err != nil {
		if _, rerr := c.ExecContext(context.WithoutCancel(ctx), `ROLLBACK`); rerr != nil {
			// A connection whose transaction state is unknown must not go
			// back to the pool.
			_ = c.Raw(func(any) error { return driver.ErrBadConn })
		}
		var se *SchemaError
		if errors.As(err, &se) {
			return se
		}
		return fail(ctx, "open sqlite", err)
	}
	return nil
}
