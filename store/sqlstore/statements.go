package sqlstore

import (
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/store"
)

// statements holds a dialect's SQL. Both dialects take $1-style
// parameters (modernc.org/sqlite binds $N to the N-th argument), so most
// texts are shared.
type statements struct {
	keyInsert     string
	keyRead       string
	streamCreate  string
	streamAdvance string
	streamCheck   string
	snapshotSave  string
	snapshotLoad  string

	inserts sync.Map // rows -> the INSERT of that many events
}

// maxInsertRows bounds the rows of one INSERT of events: 700 parameters,
// well inside both engines' limits.
const maxInsertRows = 100

func newStatements(d Dialect) *statements {
	st := &statements{
		keyInsert: `INSERT INTO idempotency (key, digest, result, created_at) VALUES ($1, $2, $3, $4) ON CONFLICT (key) DO NOTHING`,
		keyRead:   `SELECT digest, result FROM idempotency WHERE key = $1`,
		// A new stream's row may exist at version 0, left by a command that
		// checked the stream did not exist yet and set its due day.
		streamCreate: `INSERT INTO streams (stream, version, due, head) VALUES ($1, $2, $3, $4)
			ON CONFLICT (stream) DO UPDATE SET version = excluded.version, due = excluded.due, head = excluded.head
			WHERE streams.version = 0`,
		// The head condition guards against a cached head that is not the
		// stored one; with it, a stale cache is a conflict, never a broken
		// chain.
		streamAdvance: `UPDATE streams SET version = $1, due = $2, head = $3 WHERE stream = $4 AND version = $5 AND head = $6`,
		streamCheck:   `UPDATE streams SET due = $1 WHERE stream = $2 AND version = $3`,
		snapshotLoad: `SELECT s.version, s.head, s.schema, s.data FROM snapshots s
			JOIN events e ON e.stream = s.stream AND e.seq = s.version AND e.hash = s.head
			WHERE s.stream = $1`,
	}
	const snapshotSave = `INSERT INTO snapshots (stream, version, head, schema, data)
		SELECT %s WHERE EXISTS (SELECT 1 FROM events WHERE stream = $1 AND seq = $2 AND hash = $3)
		ON CONFLICT (stream) DO UPDATE SET version = excluded.version, head = excluded.head, schema = excluded.schema, data = excluded.data
		WHERE snapshots.version <= excluded.version`
	if d == Postgres {
		st.snapshotSave = strings.Replace(snapshotSave, "%s", "$1::text, $2::bigint, $3::text, $4::integer, $5::bytea", 1)
	} else {
		st.snapshotSave = strings.Replace(snapshotSave, "%s", "$1, $2, $3, $4, $5", 1)
	}
	return st
}

// insertEvents returns the INSERT of rows events.
func (st *statements) insertEvents(rows int) string {
	if q, ok := st.inserts.Load(rows); ok {
		return q.(string)
	}
	var b strings.Builder
	b.WriteString(`INSERT INTO events (stream, seq, on_day, recorded_at, type, data, hash) VALUES `)
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteByte('(')
		for c := 1; c <= eventColumns; c++ {
			if c > 1 {
				b.WriteString(", ")
			}
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(r*eventColumns + c))
		}
		b.WriteByte(')')
	}
	q := b.String()
	st.inserts.Store(rows, q)
	return q
}

const eventColumns = 7

// where adds to conds, whose parameters are args, the conditions on stream
// names beginning with prefix and on recording times at or before
// knownAt, and returns the WHERE clause and all its parameters. ok is
// false when no stream can match: a prefix that is not UTF-8 or holds a NUL
// cannot begin a stream name, and PostgreSQL would refuse it as text.
func (s *Store) where(prefix string, knownAt time.Time, conds []string, args []any) (clause string, all []any, ok bool) {
	if prefix != "" {
		if !storable(prefix) {
			return "", nil, false
		}
		args = append(args, prefix)
		conds = append(conds, "stream >= $"+strconv.Itoa(len(args)))
		if end, bounded := prefixEnd(prefix); bounded {
			args = append(args, end)
			conds = append(conds, "stream < $"+strconv.Itoa(len(args)))
		}
	}
	if !knownAt.IsZero() {
		args = append(args, s.timeArg(knownAt))
		conds = append(conds, "recorded_at <= $"+strconv.Itoa(len(args)))
	}
	if len(conds) == 0 {
		return "", args, true
	}
	return " WHERE " + strings.Join(conds, " AND "), args, true
}

// storable reports whether s can be a stream name or key: valid UTF-8 with
// no NUL, which store.Command.Validate requires. Looking up anything else
// finds nothing, without asking PostgreSQL, which would refuse it as text.
func storable(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// prefixEnd returns the least string above every string that begins with
// prefix: prefix with its last character replaced by the next one. In
// UTF-8, byte order is code point order and no character's encoding begins
// another's, so the names beginning with prefix are exactly those from
// prefix up to, not including, prefixEnd; a range that an index on the
// name serves. bounded is false when no such string exists.
func prefixEnd(prefix string) (end string, bounded bool) {
	for prefix != "" {
		r, size := utf8.DecodeLastRuneInString(prefix)
		prefix = prefix[:len(prefix)-size]
		if r < utf8.MaxRune {
			next := r + 1
			if next >= 0xD800 && next <= 0xDFFF { // surrogates are not characters
				next = 0xE000
			}
			return prefix + string(next), true
		}
	}
	return "", false
}

// timeArg is a recording time as the dialect keeps it.
func (s *Store) timeArg(t time.Time) any {
	if s.dialect == Postgres {
		return store.RecordedTime(t)
	}
	return t.UnixMicro()
}

// dayArg is a day as the tables keep it: YYYY-MM-DD, NULL for none.
func dayArg(d notice.Date) any {
	if d.IsZero() {
		return nil
	}
	return d.String()
}

// instant scans a recording time from either dialect.
type instant struct{ t time.Time }

func (i *instant) Scan(v any) error {
	switch x := v.(type) {
	case int64:
		i.t = time.UnixMicro(x).UTC()
	case time.Time:
		i.t = x.UTC()
	default:
		return &valueError{column: "recorded_at", value: v}
	}
	return nil
}

// day scans a day kept as YYYY-MM-DD text or NULL.
type day struct{ d notice.Date }

func (d *day) Scan(v any) error {
	var s string
	switch x := v.(type) {
	case nil:
		d.d = notice.Date{}
		return nil
	case string:
		s = x
	case []byte:
		s = string(x)
	default:
		return &valueError{column: "day", value: v}
	}
	parsed, err := notice.Parse(s)
	if err != nil {
		return err
	}
	d.d = parsed
	return nil
}

// valueError reports a stored value of a kind the schema does not allow,
// which only a database changed by hand can hold.
type valueError struct {
	column string
	value  any
}

func (e *valueError) Error() string {
	return fmt.Sprintf("sqlstore: column %s holds an unexpected value %v (%T)", e.column, e.value, e.value)
}
