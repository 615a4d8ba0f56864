package sqlstore_test

import (
	"bufio"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"modernc.org/sqlite"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

// hangLimit is how long a fault test waits for a call that should fail
// before it calls the call hung. Nothing is timed against it.
const hangLimit = time.Minute

func TestFault_KilledWriterLeavesWholeCommands(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		ctx := storetest.Context(t)
		_, err := sqlstore.Open(ctx, openDB(t, e, dsn), e.dialect)
		require.NoError(t, err)
		inTx := writerInTransaction(t, e, dsn)

		// Each round starts two children, lets them acknowledge a few
		// commands, waits until one of them is inside a write transaction
		// and kills both.
		const rounds, children, before = 3, 2, 5
		var killed []*child
		for round := 0; round < rounds; round++ {
			var running []*child
			for i := 0; i < children; i++ {
				running = append(running, startAppender(t, ctx, e, dsn, round*children+i, -1))
			}
			for _, c := range running {
				poll(t, ctx, running, func() bool { return len(readAcks(t, c.acks)) >= before }, "child acknowledging %d commands", before)
			}
			poll(t, ctx, running, inTx, "a child inside a write transaction")
			for _, c := range running {
				require.NoError(t, c.cmd.Process.Signal(syscall.SIGKILL))
			}
			for _, c := range running {
				var exit *exec.ExitError
				require.ErrorAs(t, c.wait(), &exit, "the child was killed:\n%s", c.output)
			}
			killed = append(killed, running...)
		}

		// The store opens again on a new pool, as after a restart.
		db := openDB(t, e, dsn)
		s, err := sqlstore.Open(ctx, db, e.dialect)
		require.NoError(t, err)
		if e.dialect == sqlstore.SQLite {
			var check string
			require.NoError(t, db.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&check))
			assert.Equal(t, "ok", check)
		}
		stored := storedCommands(t, s)
		unacknowledged := len(stored)
		for _, c := range killed {
			for _, a := range readAcks(t, c.acks) {
				if a.Replayed || a.Result != "" {
					continue
				}
				sc, ok := stored[a.Key]
				if assert.True(t, ok, "acknowledged %s is stored", a.Key) {
					assertAt(t, sc, a.Versions)
					unacknowledged--
				}
			}
		}
		for _, sc := range stored {
			assertWhole(t, sc)
		}
		t.Logf("%d commands stored, %d of them committed but not acknowledged before the kill", len(stored), unacknowledged)
		assert.LessOrEqual(t, unacknowledged, len(killed)*writersPerChild, "only commands in flight at a kill may be stored unacknowledged")
		assertChains(t, s)

		got, err := appendDeciding(ctx, s, commandOn("after", []string{"shared/0"}), []string{"shared/0"})
		require.NoError(t, err, "the store takes appends after the kills")
		assert.False(t, got.Replayed)
	})
}

// poll waits until done reports true while the children run. Neither an
// acknowledgement file nor the database says when it changes, so done is
// asked again every few milliseconds; nothing is timed. A child that
// exits first fails the test at once, with its output, and so does the
// context's deadline, so a hang cannot pass.
func poll(t *testing.T, ctx context.Context, children []*child, done func() bool, what string, args ...any) {
	t.Helper()
	for !done() {
		for _, c := range children {
			select {
			case <-c.exited:
				t.Fatalf("a child exited (%v) while waiting for %s:\n%s", c.err, fmt.Sprintf(what, args...), c.output)
			default:
			}
		}
		select {
		case <-ctx.Done():
			t.Fatalf("gave up waiting for "+what, args...)
		case <-time.After(2 * time.Millisecond):
		}
	}
}

// writerInTransaction returns a probe reporting whether a child is inside
// a write transaction on the database at dsn: on SQLite, whether the write
// lock is taken (an attempt to take it fails at once); on PostgreSQL,
// whether a child's session has a transaction open.
func writerInTransaction(t *testing.T, e engine, dsn string) func() bool {
	db := openDB(t, e, dsn)
	ctx := storetest.Context(t) // one for every probe: each would add a cleanup
	if e.dialect == sqlstore.SQLite {
		return func() bool {
			c, err := db.Conn(ctx)
			require.NoError(t, err)
			defer c.Close()
			_, err = c.ExecContext(ctx, `PRAGMA busy_timeout = 0`)
			require.NoError(t, err)
			if _, err := c.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
				var se *sqlite.Error
				require.ErrorAs(t, err, &se)
				return se.Code()&0xff == 5
			}
			_, err = c.ExecContext(ctx, `ROLLBACK`)
			require.NoError(t, err)
			return false
		}
	}
	return func() bool {
		var open int
		require.NoError(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM pg_stat_activity
			WHERE application_name = $1 AND xact_start IS NOT NULL AND backend_xid IS NOT NULL`, childApplication).Scan(&open))
		return open > 0
	}
}

// appendUntilError appends keyed two-stream commands through s until one
// fails, signalling ready after the tenth, and returns the keys acknowledged
// and the error.
func appendUntilError(ctx context.Context, s store.Store, ready chan<- struct{}) ([]string, error) {
	var acked []string
	for i := 0; ; i++ {
		key := fmt.Sprintf("gone-%d", i)
		streams := []string{"a", fmt.Sprintf("b/%d", i%3)}
		callCtx, cancel := context.WithTimeout(ctx, hangLimit)
		_, err := appendDeciding(callCtx, s, commandOn(key, streams), streams)
		cancel()
		if err != nil {
			return acked, err
		}
		acked = append(acked, key)
		if i == 10 {
			close(ready)
		}
	}
}

func TestFault_PostgresGoneMidRunGivesAnErrorNotAHang(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := storetest.Context(t)
	dsn := freshPostgres(t)
	direct, err := sqlstore.Open(ctx, openDB(t, postgresEngine, dsn), sqlstore.Postgres)
	require.NoError(t, err)
	p := startProxy(t, hostOf(t, dsn))
	s, err := sqlstore.Open(ctx, openDB(t, postgresEngine, p.through(dsn)), sqlstore.Postgres)
	require.NoError(t, err)

	type outcome struct {
		acked []string
		err   error
	}
	ready := make(chan struct{})
	done := make(chan outcome, 1)
	go func() {
		acked, err := appendUntilError(ctx, s, ready)
		done <- outcome{acked, err}
	}()
	select {
	case <-ready:
	case o := <-done:
		t.Fatalf("appends failed before the database went away: %v", o.err)
	}
	p.cut()
	var o outcome
	select {
	case o = <-done:
	case <-time.After(hangLimit):
		t.Fatal("appends went on hanging after the database went away")
	}
	t.Logf("after %d acknowledged appends: %v", len(o.acked), o.err)
	require.Error(t, o.err)
	assert.NotErrorIs(t, o.err, context.DeadlineExceeded, "the lost connection is reported, not waited out")
	assert.Contains(t, o.err.Error(), "sqlstore: ")

	stored := storedCommands(t, direct)
	for _, key := range o.acked {
		assert.Contains(t, stored, key, "acknowledged %s is stored", key)
	}
	for _, sc := range stored {
		assertWhole(t, sc)
	}
	assert.LessOrEqual(t, len(stored), len(o.acked)+1, "only the append in flight may be stored unacknowledged")

	// Once the database is back, the same store works again: the pool
	// drops the dead connections and makes new ones.
	p.restore()
	streams := []string{"a"}
	var lastErr error
	for attempt := 0; ; attempt++ {
		if _, lastErr = appendDeciding(ctx, s, commandOn("back", streams), streams); lastErr == nil {
			break
		}
		require.Less(t, attempt, 3, "the store did not recover: %v", lastErr)
	}
}

func TestFault_PostgresSilentConnectionEndsAtTheDeadline(t *testing.T) {
	skipWithoutPostgres(t)
	ctx := storetest.Context(t)
	dsn := freshPostgres(t)
	p := startProxy(t, hostOf(t, dsn))
	s, err := sqlstore.Open(ctx, openDB(t, postgresEngine, p.through(dsn)), sqlstore.Postgres)
	require.NoError(t, err)
	streams := []string{"a"}
	_, err = appendDeciding(ctx, s, commandOn("before", streams), streams)
	require.NoError(t, err)

	p.freeze()
	callCtx, cancel := context.WithTimeout(ctx, time.Second)
	defer cancel()
	errc := make(chan error, 1)
	go func() {
		_, err := s.Append(callCtx, commandOn("silent", streams)(map[string]int64{"a": 1}))
		errc <- err
	}()
	select {
	case err := <-errc:
		t.Logf("append on a silent connection: %v", err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Contains(t, err.Error(), "sqlstore: append")
	case <-time.After(hangLimit):
		t.Fatal("an append on a silent connection outlived its context")
	}
}

// hostOf returns the host:port of a PostgreSQL URL.
func hostOf(t *testing.T, dsn string) string {
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	return u.Host
}

func TestFault_SQLiteLockedByAnotherProcess(t *testing.T) {
	ctx := storetest.Context(t)
	path := freshSQLite(t)
	s, err := sqlstore.Open(ctx, openDB(t, sqliteEngine, path), sqlstore.SQLite)
	require.NoError(t, err)
	streams := []string{"a"}
	_, err = appendDeciding(ctx, s, commandOn("before", streams), streams)
	require.NoError(t, err)

	// Another process takes the write lock and keeps it.
	locker := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	locker.Env = append(os.Environ(), childRoleVar+"="+roleLocker, childEngineVar+"=sqlite", childDSNVar+"="+path)
	release, err := locker.StdinPipe()
	require.NoError(t, err)
	out, err := locker.StdoutPipe()
	require.NoError(t, err)
	locker.Stderr = os.Stderr
	require.NoError(t, locker.Start())
	t.Cleanup(func() { release.Close(); _ = locker.Wait() })
	line, err := bufio.NewReader(out).ReadString('\n')
	require.NoError(t, err)
	require.Equal(t, "locked\n", line)

	// Write-ahead logging lets readers go on past the writer.
	v, err := s.Version(ctx, "a")
	require.NoError(t, err)
	assert.Equal(t, int64(2), v)

	// A writer waits for the lock only as long as its context allows...
	callCtx, cancel := context.WithTimeout(ctx, 500*time.Millisecond)
	defer cancel()
	_, err = s.Append(callCtx, commandOn("waits", streams)(map[string]int64{"a": 2}))
	t.Logf("append while locked, with a deadline: %v", err)
	assert.ErrorIs(t, err, context.DeadlineExceeded)

	// ...or as long as the busy timeout of the caller's DSN.
	impatient, err := sqlstore.Open(ctx, openDB(t, sqliteEngine, path+"?_pragma=busy_timeout(200)"), sqlstore.SQLite)
	require.NoError(t, err, "a store opens while another process writes")
	_, err = impatient.Append(ctx, commandOn("impatient", streams)(map[string]int64{"a": 2}))
	t.Logf("append while locked, with busy_timeout 200ms: %v", err)
	var se *sqlite.Error
	require.ErrorAs(t, err, &se)
	assert.Equal(t, 5, se.Code()&0xff, "SQLITE_BUSY")
	assert.NotErrorIs(t, err, context.DeadlineExceeded)

	// Once the other process lets go, appends go through.
	require.NoError(t, release.Close())
	require.NoError(t, locker.Wait())
	got, err := s.Append(ctx, commandOn("after", streams)(map[string]int64{"a": 2}))
	require.NoError(t, err)
	assert.Equal(t, int64(4), got.Versions["a"])
	_, found, err := s.Remembered(ctx, "waits")
	require.NoError(t, err)
	assert.False(t, found, "the append that gave up left nothing")
}
