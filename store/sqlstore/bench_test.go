package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

// Run with: go test -run '^$' -bench . -benchmem ./store/...
// PostgreSQL needs KANTA_PG_URL. Each benchmark sets the store against
// what the same driver does with plain SQL on the same rows.

// benchEngines runs bench on SQLite and, when KANTA_PG_URL is set,
// PostgreSQL.
func benchEngines(b *testing.B, bench func(b *testing.B, e engine)) {
	for _, e := range []engine{sqliteEngine, postgresEngine} {
		b.Run(e.name, func(b *testing.B) {
			if e.dialect == sqlstore.Postgres {
				skipWithoutPostgres(b)
			}
			bench(b, e)
		})
	}
}

// A benchmark command: keyed, touching benchStreamsPerCommand streams of
// a pool of benchStreamPool with benchEventsPerStream events each.
const (
	benchStreamsPerCommand = 2
	benchEventsPerStream   = 2
	benchStreamPool        = 1000
)

var benchData = []byte(`{"party":"0123456-7","service":"eResepti","app":"KantaApp 4.2","reason":"YTE 5.3","notice":"2025-03-01"}`)

// benchCommand returns command i and advances the versions it read.
func benchCommand(i int, versions map[string]int64, at time.Time) store.Command {
	cmd := store.Command{Key: fmt.Sprintf("bench-%d", i), Digest: "d", Result: []byte(`{"ok":true}`), At: at}
	for k := 0; k < benchStreamsPerCommand; k++ {
		name := fmt.Sprintf("customer/%04d", (i*benchStreamsPerCommand+k)%benchStreamPool)
		sa := store.StreamAppend{Stream: name, Expected: versions[name], Due: notice.MustDate(2025, 4, 1)}
		for n := 0; n < benchEventsPerStream; n++ {
			sa.Events = append(sa.Events, store.Event{On: notice.MustDate(2025, 3, 1), Type: "ServiceUseSuspended", Data: benchData})
		}
		versions[name] += benchEventsPerStream
		cmd.Streams = append(cmd.Streams, sa)
	}
	return cmd
}

func BenchmarkAppend(b *testing.B) {
	benchEngines(b, func(b *testing.B, e engine) {
		b.Run("store", func(b *testing.B) {
			s, _ := openStore(b, e)
			ctx := storetest.Context(b)
			versions := map[string]int64{}
			at := time.Now()
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if _, err := s.Append(ctx, benchCommand(i, versions, at)); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commands/s")
		})
		// The same rows into the same table with one multi-row INSERT per
		// command, in a transaction of its own ("tx") or as a statement on
		// its own, which is atomic too ("statement"): no key, no stream
		// rows, no hashing, no checks.
		for _, inTx := range []bool{true, false} {
			name := "plain-statement"
			if inTx {
				name = "plain-tx"
			}
			b.Run(name, func(b *testing.B) {
				_, db := openStore(b, e)
				ctx := storetest.Context(b)
				versions := map[string]int64{}
				at := time.Now()
				var recordedAt any = at.UnixMicro()
				if e.dialect == sqlstore.Postgres {
					recordedAt = at.UTC()
				}
				rows := benchStreamsPerCommand * benchEventsPerStream
				insert := plainInsert(rows)
				hash := store.ChainHead("", 1, store.Event{Type: "x"})
				b.ReportAllocs()
				b.ResetTimer()
				for i := 0; i < b.N; i++ {
					cmd := benchCommand(i, versions, at)
					args := make([]any, 0, rows*7)
					for _, sa := range cmd.Streams {
						for n, ev := range sa.Events {
							args = append(args, sa.Stream, sa.Expected+int64(n)+1, ev.On.String(), recordedAt, ev.Type, ev.Data, hash)
						}
					}
					if !inTx {
						if _, err := db.ExecContext(ctx, insert, args...); err != nil {
							b.Fatal(err)
						}
						continue
					}
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						b.Fatal(err)
					}
					if _, err := tx.ExecContext(ctx, insert, args...); err != nil {
						b.Fatal(err)
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commands/s")
			})
		}
	})
}

// plainInsert is an INSERT of rows events with $N parameters.
func plainInsert(rows int) string {
	q := `INSERT INTO events (stream, seq, on_day, recorded_at, type, data, hash) VALUES `
	for r := 0; r < rows; r++ {
		if r > 0 {
			q += ", "
		}
		q += fmt.Sprintf("($%d, $%d, $%d, $%d, $%d, $%d, $%d)", r*7+1, r*7+2, r*7+3, r*7+4, r*7+5, r*7+6, r*7+7)
	}
	return q
}

// Size of the scanned register.
const (
	scanStreams         = 10000
	scanEventsPerStream = 20
)

// fillEvents writes streams × perStream events, with their chain hashes
// and stream rows, in one transaction of multi-row INSERTs.
func fillEvents(b *testing.B, e engine, db *sql.DB, streams, perStream int) {
	ctx := storetest.Context(b)
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(b, err)
	at := time.Now()
	var recordedAt any = at.UnixMicro()
	if e.dialect == sqlstore.Postgres {
		recordedAt = at.UTC()
	}
	const batch = 100
	var args []any
	flush := func() {
		if len(args) == 0 {
			return
		}
		_, err := tx.ExecContext(ctx, plainInsert(len(args)/7), args...)
		require.NoError(b, err)
		args = args[:0]
	}
	for st := 0; st < streams; st++ {
		name := fmt.Sprintf("customer/%05d", st)
		head := ""
		for n := 1; n <= perStream; n++ {
			ev := store.Event{On: notice.MustDate(2025, 3, 1).AddDays(n), Type: "ServiceUseSuspended", Data: benchData}
			head = store.ChainHead(head, int64(n), ev)
			args = append(args, name, int64(n), ev.On.String(), recordedAt, ev.Type, ev.Data, head)
			if len(args) == batch*7 {
				flush()
			}
		}
		flush()
		_, err := tx.ExecContext(ctx, `INSERT INTO streams (stream, version, due, head) VALUES ($1, $2, NULL, $3)`, name, int64(perStream), head)
		require.NoError(b, err)
	}
	require.NoError(b, tx.Commit())
	_, err = db.ExecContext(ctx, `ANALYZE`)
	require.NoError(b, err)
}

func BenchmarkScan(b *testing.B) {
	benchEngines(b, func(b *testing.B, e engine) {
		s, db := openStore(b, e)
		fillEvents(b, e, db, scanStreams, scanEventsPerStream)
		const events = scanStreams * scanEventsPerStream
		b.Run("store", func(b *testing.B) {
			ctx := storetest.Context(b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				n := 0
				if err := s.Scan(ctx, "", time.Time{}, func(store.Record) error { n++; return nil }); err != nil {
					b.Fatal(err)
				}
				if n != events {
					b.Fatalf("scanned %d events, not %d", n, events)
				}
			}
			b.ReportMetric(float64(b.N*events)/b.Elapsed().Seconds(), "events/s")
		})
		b.Run("raw", func(b *testing.B) {
			ctx := storetest.Context(b)
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if n := rawScan(b, ctx, e, db); n != events {
					b.Fatalf("scanned %d events, not %d", n, events)
				}
			}
			b.ReportMetric(float64(b.N*events)/b.Elapsed().Seconds(), "events/s")
		})
	})
}

// rawScan reads every event with one SELECT into plain values, as a
// program that wanted only the rows would.
func rawScan(b *testing.B, ctx context.Context, e engine, db *sql.DB) int {
	rows, err := db.QueryContext(ctx, `SELECT stream, seq, on_day, recorded_at, type, data FROM events ORDER BY stream, seq`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var (
		stream, typ string
		seq         int64
		on          sql.NullString
		data        []byte
		micros      int64
		at          time.Time
		n           int
	)
	recordedAt := any(&micros)
	if e.dialect == sqlstore.Postgres {
		recordedAt = &at
	}
	for rows.Next() {
		if err := rows.Scan(&stream, &seq, &on, recordedAt, &typ, &data); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	return n
}

// dueStreams is the size of the register Due searches.
const dueStreams = 100000

func BenchmarkDue(b *testing.B) {
	benchEngines(b, func(b *testing.B, e engine) {
		s, db := openStore(b, e)
		fillDue(b, e, db, dueStreams)
		ctx := storetest.Context(b)
		day := notice.MustDate(2025, 1, 10) // days 0 to 9 of 1000: 1% of the streams
		plan, err := s.ExplainDue(ctx, day)
		require.NoError(b, err)
		b.Logf("plan of Due(%s) over %d streams:\n%s", day, dueStreams, plan)
		b.Run("store", func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				due, err := s.Due(ctx, day)
				if err != nil {
					b.Fatal(err)
				}
				if len(due) != dueStreams/100 {
					b.Fatalf("%d streams due, not %d", len(due), dueStreams/100)
				}
			}
		})
	})
}
