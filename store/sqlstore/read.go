package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/store"
)

// Load returns a stream's events in order, those recorded at or before
// knownAt when it is not zero.
func (s *Store) Load(ctx context.Context, stream string, knownAt time.Time) ([]store.Record, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out, err := s.load(ctx, stream, knownAt)
	if err != nil {
		return nil, fail(ctx, "load "+strconv.Quote(stream), err)
	}
	return out, nil
}

func (s *Store) load(ctx context.Context, stream string, knownAt time.Time) ([]store.Record, error) {
	where, args, ok := s.where("", knownAt, []string{"stream = $1"}, []any{stream})
	if !ok || !storable(stream) {
		return nil, nil
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	rows, err := q.QueryContext(ctx, `SELECT seq, on_day, recorded_at, type, data, hash FROM events`+where+` ORDER BY seq`, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []store.Record
	for rows.Next() {
		r := store.Record{Stream: stream}
		var (
			on day
			at instant
		)
		if err := rows.Scan(&r.Seq, &on, &at, &r.Type, &r.Data, &r.Head); err != nil {
			return nil, err
		}
		r.On, r.RecordedAt, r.Data = on.d, at.t, nonNil(r.Data)
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if knownAt.IsZero() && len(out) > 0 {
		s.heads.put(stream, out[len(out)-1].Seq, out[len(out)-1].Head)
	}
	return out, nil
}

// Version returns a stream's version, 0 for an unknown stream.
func (s *Store) Version(ctx context.Context, stream string) (int64, error) {
	if err := s.enter(ctx); err != nil {
		return 0, err
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return 0, fail(ctx, "version", err)
	}
	defer release()
	var v int64
	if !storable(stream) {
		return 0, nil
	}
	err = q.QueryRowContext(ctx, `SELECT version FROM streams WHERE stream = $1`, stream).Scan(&v)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, fail(ctx, "version of "+strconv.Quote(stream), err)
	}
	return v, nil
}

// Versions returns the version of every stream with at least one event
// whose name begins with prefix.
func (s *Store) Versions(ctx context.Context, prefix string) (map[string]int64, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	out := make(map[string]int64)
	where, args, ok := s.where(prefix, time.Time{}, []string{"version > 0"}, nil)
	if !ok {
		return out, nil
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return nil, fail(ctx, "versions", err)
	}
	defer release()
	rows, err := q.QueryContext(ctx, `SELECT stream, version FROM streams`+where, args...)
	if err != nil {
		return nil, fail(ctx, "versions", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			stream string
			v      int64
		)
		if err := rows.Scan(&stream, &v); err != nil {
			return nil, fail(ctx, "versions", err)
		}
		out[stream] = v
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, "versions", err)
	}
	return out, nil
}

// Scan calls fn with every event of the streams whose names begin with
// prefix, in one query and so from one consistent state of the database.
// It holds a connection until it returns, so fn may use the store only
// while the pool has another to give.
func (s *Store) Scan(ctx context.Context, prefix string, knownAt time.Time, fn func(store.Record) error) error {
	if err := s.enter(ctx); err != nil {
		return err
	}
	where, args, ok := s.where(prefix, knownAt, nil, nil)
	if !ok {
		return nil
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return fail(ctx, "scan", err)
	}
	defer release()
	rows, err := q.QueryContext(ctx, `SELECT stream, seq, on_day, recorded_at, type, data, hash FROM events`+where+` ORDER BY stream, seq`, args...)
	if err != nil {
		return fail(ctx, "scan", err)
	}
	defer rows.Close()
	for rows.Next() {
		var (
			r  store.Record
			on day
			at instant
		)
		if err := rows.Scan(&r.Stream, &r.Seq, &on, &at, &r.Type, &r.Data, &r.Head); err != nil {
			return fail(ctx, "scan", err)
		}
		r.On, r.RecordedAt, r.Data = on.d, at.t, nonNil(r.Data)
		if err := fn(r); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fail(ctx, "scan", err)
	}
	return nil
}

// Due returns the streams whose next due day is on or before day, by due
// day and then name, from the index on (due, stream).
func (s *Store) Due(ctx context.Context, on notice.Date) ([]string, error) {
	if err := s.enter(ctx); err != nil {
		return nil, err
	}
	if on.IsZero() {
		return nil, nil
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return nil, fail(ctx, "due", err)
	}
	defer release()
	rows, err := q.QueryContext(ctx, dueQuery, on.String())
	if err != nil {
		return nil, fail(ctx, "due", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var stream string
		if err := rows.Scan(&stream); err != nil {
			return nil, fail(ctx, "due", err)
		}
		out = append(out, stream)
	}
	if err := rows.Err(); err != nil {
		return nil, fail(ctx, "due", err)
	}
	return out, nil
}

// dueQuery states due IS NOT NULL, the condition of the partial index
// streams_due, so that both planners see the index applies.
const dueQuery = `SELECT stream FROM streams WHERE due IS NOT NULL AND due <= $1 ORDER BY due, stream`

// Remembered returns the stored answer of an idempotency key.
func (s *Store) Remembered(ctx context.Context, key string) (store.Remembered, bool, error) {
	if err := s.enter(ctx); err != nil {
		return store.Remembered{}, false, err
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return store.Remembered{}, false, fail(ctx, "remembered", err)
	}
	defer release()
	var r store.Remembered
	if !storable(key) {
		return store.Remembered{}, false, nil
	}
	err = q.QueryRowContext(ctx, s.sql.keyRead, key).Scan(&r.Digest, &r.Result)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Remembered{}, false, nil
	}
	if err != nil {
		return store.Remembered{}, false, fail(ctx, "remembered "+strconv.Quote(key), err)
	}
	r.Result = nonNil(r.Result)
	return r, true, nil
}

// Head returns the chain hash of a stream's event at seq, "" at 0.
func (s *Store) Head(ctx context.Context, stream string, seq int64) (string, error) {
	if err := s.enter(ctx); err != nil {
		return "", err
	}
	if seq < 0 {
		return "", &store.InvalidError{Field: "position", Value: strconv.FormatInt(seq, 10), Reason: "positions count from 1, and 0 is before the first event"}
	}
	if seq == 0 {
		return "", nil
	}
	if !storable(stream) {
		return "", &store.NoEventError{Stream: stream, Seq: seq}
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return "", fail(ctx, "head", err)
	}
	defer release()
	var h string
	err = q.QueryRowContext(ctx, `SELECT hash FROM events WHERE stream = $1 AND seq = $2`, stream, seq).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		var v int64
		err = q.QueryRowContext(ctx, `SELECT version FROM streams WHERE stream = $1`, stream).Scan(&v)
		if err == nil || errors.Is(err, sql.ErrNoRows) {
			return "", &store.NoEventError{Stream: stream, Seq: seq, Version: v}
		}
	}
	if err != nil {
		return "", fail(ctx, "head of "+strconv.Quote(stream), err)
	}
	return h, nil
}

// SaveSnapshot stores a snapshot unless a newer one of its stream is kept,
// in one statement that also checks its head against the stored event's.
func (s *Store) SaveSnapshot(ctx context.Context, snap store.Snapshot) error {
	if err := snap.Validate(); err != nil {
		return err
	}
	if err := s.enter(ctx); err != nil {
		return err
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return fail(ctx, "save snapshot", err)
	}
	defer release()
	res, err := q.ExecContext(ctx, s.sql.snapshotSave, snap.Stream, snap.Version, snap.Head, snap.Schema, nonNil(snap.Data))
	if err != nil {
		return fail(ctx, "save snapshot of "+strconv.Quote(snap.Stream), err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fail(ctx, "save snapshot", err)
	} else if n == 1 {
		return nil
	}
	// Nothing written: either the head does not match, or a newer
	// snapshot is kept, which is no error.
	var h string
	err = q.QueryRowContext(ctx, `SELECT hash FROM events WHERE stream = $1 AND seq = $2`, snap.Stream, snap.Version).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && h != snap.Head) {
		return &store.SnapshotMismatchError{Stream: snap.Stream, Version: snap.Version, Head: snap.Head}
	}
	if err != nil {
		return fail(ctx, "save snapshot", err)
	}
	return nil
}

// LoadSnapshot returns a stream's snapshot while its head is still the
// stored event's at its version; the join checks it in one index lookup.
func (s *Store) LoadSnapshot(ctx context.Context, stream string) (store.Snapshot, bool, error) {
	if err := s.enter(ctx); err != nil {
		return store.Snapshot{}, false, err
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return store.Snapshot{}, false, fail(ctx, "load snapshot", err)
	}
	defer release()
	snap := store.Snapshot{Stream: stream}
	if !storable(stream) {
		return store.Snapshot{}, false, nil
	}
	err = q.QueryRowContext(ctx, s.sql.snapshotLoad, stream).Scan(&snap.Version, &snap.Head, &snap.Schema, &snap.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return store.Snapshot{}, false, nil
	}
	if err != nil {
		return store.Snapshot{}, false, fail(ctx, "load snapshot of "+strconv.Quote(stream), err)
	}
	snap.Data = nonNil(snap.Data)
	return snap, true, nil
}

// ExplainDue returns the database's plan for Due(day), to check that it is
// served by the index on (due, stream). On PostgreSQL it is the plan for
// that day; a prepared Due keeps such plans, since the generic one, which
// cannot know how few streams are due, costs more.
func (s *Store) ExplainDue(ctx context.Context, on notice.Date) (string, error) {
	if err := s.enter(ctx); err != nil {
		return "", err
	}
	var lines []string
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		collect := func(query string, args ...any) error {
			rows, err := tx.QueryContext(ctx, query, args...)
			if err != nil {
				return err
			}
			defer rows.Close()
			cols, err := rows.Columns()
			if err != nil {
				return err
			}
			vals := make([]any, len(cols))
			for i := range vals {
				vals[i] = new(any)
			}
			for rows.Next() {
				if err := rows.Scan(vals...); err != nil {
					return err
				}
				// The plan's text is the last column in both engines.
				lines = append(lines, fmt.Sprint(*vals[len(vals)-1].(*any)))
			}
			return rows.Err()
		}
		if s.dialect == SQLite {
			return collect(`EXPLAIN QUERY PLAN `+dueQuery, on.String())
		}
		return collect(`EXPLAIN `+dueQuery, on.String())
	})
	if err != nil {
		return "", fail(ctx, "explain due", err)
	}
	return strings.Join(lines, "\n"), nil
}
