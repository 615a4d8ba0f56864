package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"sort"
	"strconv"
	"strings"

	"github.com/kantakit/kanta/store"
)

// planned is one stream of a command, with what the transaction writes.
type planned struct {
	*store.StreamAppend
	prev    string   // chain hash at Expected
	found   bool     // prev is the stored head at Expected, as far as a read or the cache knows
	actual  int64    // the version read, when not found
	heads   []string // chain hash after each event
	head    string   // chain hash after the events
	version int64    // Expected + number of events
}

// replay stops an append whose key was seen before; nothing was written,
// and Append answers with what the key's first command stored.
type replay struct{ r store.Remembered }

func (*replay) Error() string { return "sqlstore: idempotency key seen before" }

// conflict stops an append at the stream whose write the database refused.
type conflict struct {
	stream string
}

func (c *conflict) Error() string { return "sqlstore: conflict on stream " + strconv.Quote(c.stream) }

// Append appends the command's events atomically; see the package
// documentation for how the database decides conflicts. An error other
// than a conflict, a reused key or invalid input (a lost connection, an
// ended context) leaves the outcome unknown: the command may have been
// stored just before. Sending it again with the same key is safe.
func (s *Store) Append(ctx context.Context, cmd store.Command) (store.Appended, error) {
	if err := cmd.Validate(); err != nil {
		return store.Appended{}, err
	}
	if err := s.enter(ctx); err != nil {
		return store.Appended{}, err
	}
	plan := make([]planned, len(cmd.Streams))
	for i := range cmd.Streams {
		plan[i] = planned{StreamAppend: &cmd.Streams[i]}
	}
	// One order for every writer: two transactions that both update
	// streams a and b lock a first, so neither can hold b while waiting
	// for a.
	sort.Slice(plan, func(i, j int) bool { return plan[i].Stream < plan[j].Stream })
	if err := s.readHeads(ctx, plan); err != nil {
		return store.Appended{}, fail(ctx, "append", err)
	}
	if cmd.Key == "" {
		// Without a key, a version already seen to be stale needs no
		// transaction to be refused. With one, the key may yet make this a
		// replay, which the transaction finds out.
		for _, p := range plan {
			if !p.found && p.Expected > 0 && len(p.Events) > 0 {
				s.heads.forget(p.Stream)
				return store.Appended{}, &store.ConflictError{Stream: p.Stream, Expected: p.Expected, Actual: p.actual}
			}
		}
	}
	for i := range plan {
		p := &plan[i]
		p.head, p.version = p.prev, p.Expected
		p.heads = make([]string, len(p.Events))
		for j, e := range p.Events {
			p.version++
			p.head = store.ChainHead(p.head, p.version, e)
			p.heads[j] = p.head
		}
	}
	if cmd.Key == "" && len(plan) == 0 {
		return store.Appended{Versions: map[string]int64{}}, nil
	}
	var err error
	if s.dialect == Postgres {
		err = s.writeOneStatement(ctx, cmd, plan)
	} else {
		err = s.inTx(ctx, func(tx *sql.Tx) error { return s.writeStatements(ctx, tx, cmd, plan) })
	}

	var rp *replay
	var cf *conflict
	switch {
	case errors.As(err, &rp):
		return rp.r.Answer(cmd.Key, cmd.Digest)
	case errors.As(err, &cf):
		for _, p := range plan {
			s.heads.forget(p.Stream)
		}
		return store.Appended{}, s.conflictError(ctx, plan, cf)
	case err != nil:
		return store.Appended{}, fail(ctx, "append", err)
	}
	versions := make(map[string]int64, len(plan))
	for _, p := range plan {
		versions[p.Stream] = p.version
		if len(p.Events) > 0 {
			s.heads.put(p.Stream, p.version, p.head)
		}
	}
	return store.Appended{Versions: versions}, nil
}

// writeStatements writes a command in the open transaction one statement
// at a time: the key, each stream's row, then the events in batches.
// Statements cost SQLite no round trip.
func (s *Store) writeStatements(ctx context.Context, tx *sql.Tx, cmd store.Command, plan []planned) error {
	if cmd.Key != "" {
		if err := s.claimKey(ctx, tx, cmd); err != nil {
			return err
		}
	}
	var args []any
	for _, p := range plan {
		var (
			res sql.Result
			err error
		)
		switch {
		case p.Expected == 0:
			res, err = tx.ExecContext(ctx, s.sql.streamCreate, p.Stream, p.version, dayArg(p.Due), p.head)
		case len(p.Events) == 0:
			res, err = tx.ExecContext(ctx, s.sql.streamCheck, dayArg(p.Due), p.Stream, p.Expected)
		default:
			res, err = tx.ExecContext(ctx, s.sql.streamAdvance, p.version, dayArg(p.Due), p.head, p.Stream, p.Expected, p.prev)
		}
		if err == nil {
			err = oneRow(res)
		}
		if err != nil {
			return s.refused(p.Stream, err)
		}
		for j, e := range p.Events {
			args = append(args, p.Stream, p.Expected+int64(j)+1, dayArg(e.On), s.timeArg(cmd.At), e.Type, nonNil(e.Data), p.heads[j])
		}
	}
	rows := len(args) / eventColumns
	for start := 0; start < rows; start += maxInsertRows {
		n := min(rows-start, maxInsertRows)
		chunk := args[start*eventColumns : (start+n)*eventColumns]
		if _, err := tx.ExecContext(ctx, s.sql.insertEvents(n), chunk...); err != nil {
			return s.refused(chunk[0].(string), err)
		}
	}
	return nil
}

// readHeads finds the chain hash at the expected version of each stream
// that gets events on top of earlier ones: from the cache, else from one
// read of the streams table outside the transaction. The read only saves
// work; the transaction checks version and head again.
func (s *Store) readHeads(ctx context.Context, plan []planned) error {
	var missing []any
	for i := range plan {
		p := &plan[i]
		if p.Expected == 0 || len(p.Events) == 0 {
			p.found = true
			continue
		}
		if h, ok := s.heads.get(p.Stream, p.Expected); ok {
			p.prev, p.found = h, true
			continue
		}
		missing = append(missing, p.Stream)
	}
	if len(missing) == 0 {
		return nil
	}
	q, release, err := s.session(ctx)
	if err != nil {
		return err
	}
	defer release()
	rows, err := q.QueryContext(ctx, `SELECT stream, version, head FROM streams WHERE stream IN (`+params(1, len(missing))+`)`, missing...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var (
			stream, head string
			version      int64
		)
		if err := rows.Scan(&stream, &version, &head); err != nil {
			return err
		}
		for i := range plan {
			p := &plan[i]
			if p.Stream != stream || p.found {
				continue
			}
			if version == p.Expected {
				p.prev, p.found = head, true
				s.heads.put(stream, version, head)
			} else {
				p.actual = version
			}
		}
	}
	return rows.Err()
}

// claimKey inserts the command's idempotency key. A key already there,
// committed by another command or by one that was running and has since
// committed (PostgreSQL makes the insert wait for it), stops the
// transaction with a replay.
func (s *Store) claimKey(ctx context.Context, tx *sql.Tx, cmd store.Command) error {
	res, err := tx.ExecContext(ctx, s.sql.keyInsert, cmd.Key, cmd.Digest, nonNil(cmd.Result), s.timeArg(cmd.At))
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n == 1 {
		return err
	}
	var r store.Remembered
	if err := tx.QueryRowContext(ctx, s.sql.keyRead, cmd.Key).Scan(&r.Digest, &r.Result); err != nil {
		return err
	}
	r.Result = nonNil(r.Result)
	return &replay{r}
}

// refused turns the database's refusal of a write to stream into a
// conflict, and passes any other error on.
func (s *Store) refused(stream string, err error) error {
	if errors.Is(err, errNoRow) || s.conflicting(err) {
		return &conflict{stream: stream}
	}
	return err
}

var errNoRow = errors.New("the conditional write matched no row")

// oneRow checks that a conditional write hit its row.
func oneRow(res sql.Result) error {
	n, err := res.RowsAffected()
	if err != nil {
		return err
	}
	if n != 1 {
		return errNoRow
	}
	return nil
}

// conflictError reports the first stream of the command, in name order,
// that is not at the version its writer read, reading the versions after
// the rollback; failing that, the stream whose write was refused.
func (s *Store) conflictError(ctx context.Context, plan []planned, cf *conflict) error {
	names := make([]any, len(plan))
	for i, p := range plan {
		names[i] = p.Stream
	}
	now := map[string]int64{}
	if q, release, err := s.session(ctx); err == nil {
		defer release()
		rows, err := q.QueryContext(ctx, `SELECT stream, version FROM streams WHERE stream IN (`+params(1, len(names))+`)`, names...)
		if err == nil {
			defer rows.Close()
			for rows.Next() {
				var (
					stream  string
					version int64
				)
				if rows.Scan(&stream, &version) == nil {
					now[stream] = version
				}
			}
		}
	}
	for _, p := range plan {
		if now[p.Stream] != p.Expected {
			return &store.ConflictError{Stream: p.Stream, Expected: p.Expected, Actual: now[p.Stream]}
		}
	}
	for _, p := range plan {
		if p.Stream == cf.stream {
			return &store.ConflictError{Stream: p.Stream, Expected: p.Expected, Actual: now[p.Stream]}
		}
	}
	return &store.ConflictError{Stream: cf.stream}
}

// params returns "$from, ..., $(from+n-1)".
func params(from, n int) string {
	var b strings.Builder
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('$')
		b.WriteString(strconv.Itoa(from + i))
	}
	return b.String()
}

// nonNil keeps empty bytes empty rather than NULL, which database/sql makes
// of a nil slice and the NOT NULL columns refuse.
func nonNil(b []byte) []byte {
	if b == nil {
		return []byte{}
	}
	return b
}
