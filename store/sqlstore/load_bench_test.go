package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

// Run with:
//
//	go test -run '^$' -bench 'Load|Execute' -benchtime 5x ./store/sqlstore
//
// (PostgreSQL needs KANTA_PG_URL). BenchmarkLoad sets store.Open of a
// register of loadParties commitments against reading the same rows with
// one plain SELECT and replaying each party in memory, and reports the
// median of each and their ratio, whose target is at most 1.5.
// BenchmarkExecute sets Register.Execute of one act against store.Append
// of the same events and reports the median of each.

// Size of the loaded register: loadParties commitments of loadEvents
// events each (the acts of loadActs), written loadBatch streams per append.
const (
	loadParties = 10000
	loadEvents  = 20
	loadBatch   = 50
)

// loadActs is a commitment's life in the loaded register: two services
// taken into use, a contact named, a suspension corrected, an application
// withdrawn, a termination notice. With the registration it is loadEvents
// events.
func loadActs(party int) []lifecycle.Act {
	return []lifecycle.Act{
		storetest.FirstRequest(prescription),
		lifecycle.ApproveService{Service: prescription},
		storetest.LaterRequest(patientData),
		lifecycle.ApproveService{Service: patientData},
		lifecycle.NameContact{Role: lifecycle.Technical, Name: fmt.Sprintf("Tekninen tuki %d", party), Email: fmt.Sprintf("tuki-%d@example.fi", party)},
		lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers},
		lifecycle.DemonstrateCorrection{Service: patientData},
		storetest.LaterRequest(kelain),
		lifecycle.WithdrawApplication{Service: kelain},
		lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2026-01-01"), Reason: lifecycle.Reorganisation},
	}
}

// loadParty is the name of party i of the loaded register.
func loadParty(i int) string { return fmt.Sprintf("asiakas-%05d", i) }

// appendOf returns what a new party's commitment c appends to its stream.
func appendOf(b testing.TB, c *commitment.Commitment) store.StreamAppend {
	id := c.Customer().ID
	sa := store.StreamAppend{Stream: commitment.PartyStream(id)}
	for _, e := range c.History() {
		data, err := commitment.MarshalEvent(e)
		require.NoError(b, err)
		sa.Events = append(sa.Events, store.Event{On: e.Date(), Type: e.Type(), Data: data})
	}
	sa.Due, _ = c.NextDue()
	return sa
}

// fillRegister writes the loaded register to s: each commitment decided
// act by act in memory, its events appended with the store's Append.
func fillRegister(b *testing.B, s store.Store) {
	ctx := storetest.Context(b)
	at := time.Date(2025, 6, 1, 12, 0, 0, 0, time.UTC)
	var cmd store.Command
	for i := range loadParties {
		c, err := commitment.New(storetest.Customer(loadParty(i)))
		require.NoError(b, err)
		for j, act := range loadActs(i) {
			_, err := c.Execute(storetest.Day("2025-01-10").AddDays(j), act)
			require.NoError(b, err, "%s", act.EventID())
		}
		require.Equal(b, loadEvents, c.Version())
		cmd.Streams = append(cmd.Streams, appendOf(b, c))
		if len(cmd.Streams) == loadBatch || i == loadParties-1 {
			cmd.At = at
			_, err := s.Append(ctx, cmd)
			require.NoError(b, err)
			cmd = store.Command{}
		}
	}
}

// medianOf returns the median of durations.
func medianOf(durations []time.Duration) time.Duration {
	d := slices.Clone(durations)
	slices.Sort(d)
	if len(d)%2 == 1 {
		return d[len(d)/2]
	}
	return (d[len(d)/2-1] + d[len(d)/2]) / 2
}

// timed runs f b.N times, timing each run, and reports and returns the
// median in µs.
func timed(b *testing.B, f func(i int)) time.Duration {
	runs := make([]time.Duration, 0, b.N)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		f(i)
		runs = append(runs, time.Since(start))
	}
	m := medianOf(runs)
	b.ReportMetric(float64(m)/float64(time.Microsecond), "median-µs")
	return m
}

func BenchmarkLoad(b *testing.B) {
	benchEngines(b, func(b *testing.B, e engine) {
		s, db := openStore(b, e)
		fillRegister(b, s)
		ctx := context.Background() // each run takes seconds; -count multiplies them
		open := func() {
			r, err := store.Open(ctx, s, time.Now)
			if err != nil {
				b.Fatal(err)
			}
			n := 0
			if err := r.Read(ctx, func(reg *commitment.Register) error { n = len(reg.Parties()); return nil }); err != nil {
				b.Fatal(err)
			}
			if n != loadParties {
				b.Fatalf("opened %d parties, not %d", n, loadParties)
			}
		}
		raw := func() {
			if n := scanAndReplay(b, ctx, e, db); n != loadParties {
				b.Fatalf("replayed %d parties, not %d", n, loadParties)
			}
		}
		// Each iteration runs both, in turns first, each after a
		// collection of the garbage the other left, so that neither
		// pays for the other and a slow spell of the machine falls on
		// both alike.
		b.Run("store.Open-vs-scan+replay", func(b *testing.B) {
			var opens, raws []time.Duration
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				steps := []struct {
					f   func()
					out *[]time.Duration
				}{{open, &opens}, {raw, &raws}}
				if i%2 == 1 {
					steps[0], steps[1] = steps[1], steps[0]
				}
				for _, st := range steps {
					b.StopTimer()
					runtime.GC()
					b.StartTimer()
					start := time.Now()
					st.f()
					*st.out = append(*st.out, time.Since(start))
				}
			}
			o, r := medianOf(opens), medianOf(raws)
			b.ReportMetric(float64(o)/float64(time.Millisecond), "open-median-ms")
			b.ReportMetric(float64(r)/float64(time.Millisecond), "scan+replay-median-ms")
			b.ReportMetric(float64(o)/float64(r), "ratio")
			b.Logf("%s: %d commitments, %d events, %d runs: store.Open median %v, scan+replay median %v, ratio %.2f (target at most 1.5)",
				e.name, loadParties, loadParties*loadEvents, b.N, o.Round(time.Millisecond), r.Round(time.Millisecond), float64(o)/float64(r))
		})
	})
}

// scanAndReplay reads every event with one SELECT, as store.Scan does
// but with nothing around it, and replays each party's events in memory
// with commitment.Replay. It returns the number of parties replayed.
func scanAndReplay(b *testing.B, ctx context.Context, e engine, db *sql.DB) int {
	rows, err := db.QueryContext(ctx, `SELECT stream, seq, on_day, recorded_at, type, data FROM events ORDER BY stream, seq`)
	if err != nil {
		b.Fatal(err)
	}
	defer rows.Close()
	var (
		stream, current, typ string
		seq                  int64
		on                   sql.NullString
		data                 []byte
		micros               int64
		at                   time.Time
		events               []commitment.Event
		parties              int
	)
	recordedAt := any(&micros)
	if e.dialect == sqlstore.Postgres {
		recordedAt = &at
	}
	replay := func() {
		if len(events) == 0 {
			return
		}
		if _, err := commitment.Replay(events); err != nil {
			b.Fatal(current, err)
		}
		parties++
		events = events[:0]
	}
	for rows.Next() {
		if err := rows.Scan(&stream, &seq, &on, recordedAt, &typ, &data); err != nil {
			b.Fatal(err)
		}
		if stream != current {
			replay()
			current = stream
		}
		ev, err := commitment.UnmarshalEvent(data)
		if err != nil {
			b.Fatal(err)
		}
		events = append(events, ev)
	}
	if err := rows.Err(); err != nil {
		b.Fatal(err)
	}
	replay()
	return parties
}

// execParties counts the parties BenchmarkExecute made, so that each run
// works on a party of its own.
var execParties int

// benchParty registers a new party in r with prescription and patient
// data in use, and returns it.
func benchParty(b *testing.B, r *store.Register) string {
	execParties++
	p := fmt.Sprintf("suorittaja-%d", execParties)
	storetest.AddParty(b, r, p)
	storetest.TakeIntoUse(b, r, "2025-01-10", p, prescription, patientData)
	return p
}

// benchAct is act i of a run: the patient data repository suspended and
// the suspension corrected, in turn, so that every act is accepted.
func benchAct(i int) lifecycle.Act {
	if i%2 == 0 {
		return lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}
	}
	return lifecycle.DemonstrateCorrection{Service: patientData}
}

func BenchmarkExecute(b *testing.B) {
	benchEngines(b, func(b *testing.B, e engine) {
		s, _ := openStore(b, e)
		ctx := storetest.Context(b)
		r, err := store.Open(ctx, s, time.Now)
		require.NoError(b, err)

		for _, key := range []bool{false, true} {
			name := "Register.Execute"
			if key {
				name += "/key"
			}
			b.Run(name, func(b *testing.B) {
				p := benchParty(b, r)
				timed(b, func(i int) {
					req := storetest.Request("2025-02-01", p, benchAct(i))
					if key {
						req.Key = fmt.Sprintf("%s-%d", p, i)
					}
					out, err := r.Execute(ctx, req)
					if err != nil || out.Refusal != nil {
						b.Fatal(err, out.Refusal)
					}
				})
			})
		}
		// The same events, decided beforehand in memory, appended with the
		// versions they were decided on: what Execute costs beyond the
		// store's append.
		b.Run("store.Append", func(b *testing.B) {
			execParties++
			c, err := commitment.New(storetest.Customer(fmt.Sprintf("liittaja-%d", execParties)))
			require.NoError(b, err)
			for _, act := range loadActs(0)[:4] {
				_, err := c.Execute(storetest.Day("2025-01-10"), act)
				require.NoError(b, err)
			}
			first := appendOf(b, c)
			_, err = s.Append(ctx, store.Command{At: time.Now(), Streams: []store.StreamAppend{first}})
			require.NoError(b, err)
			cmds := make([]store.Command, b.N)
			for i := range cmds {
				version := c.Version()
				events, err := c.Execute(storetest.Day("2025-02-01"), benchAct(i))
				require.NoError(b, err)
				sa := store.StreamAppend{Stream: first.Stream, Expected: int64(version)}
				for _, ev := range events {
					data, err := commitment.MarshalEvent(ev)
					require.NoError(b, err)
					sa.Events = append(sa.Events, store.Event{On: ev.Date(), Type: ev.Type(), Data: data})
				}
				sa.Due, _ = c.NextDue()
				cmds[i] = store.Command{At: time.Now(), Streams: []store.StreamAppend{sa}}
			}
			timed(b, func(i int) {
				if _, err := s.Append(ctx, cmds[i]); err != nil {
					b.Fatal(err)
				}
			})
		})
	})
}
