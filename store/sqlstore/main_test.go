package sqlstore_test

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
)

// The process tests run this test binary again as child processes; these
// variables tell a child its role and what to work on.
const (
	childRoleVar     = "KANTA_TEST_CHILD"
	childEngineVar   = "KANTA_TEST_ENGINE"
	childDSNVar      = "KANTA_TEST_DSN"
	childIDVar       = "KANTA_TEST_ID"
	childCommandsVar = "KANTA_TEST_COMMANDS"
	childAcksVar     = "KANTA_TEST_ACKS"
)

// Child roles.
const (
	roleAppender = "appender" // appends keyed commands and writes down each acknowledgement
	roleLocker   = "locker"   // holds SQLite's write lock until its standard input closes
)

func TestMain(m *testing.M) {
	if role := os.Getenv(childRoleVar); role != "" {
		if err := runChild(role); err != nil {
			fmt.Fprintf(os.Stderr, "child %s: %v\n", role, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func runChild(role string) error {
	e := sqliteEngine
	if os.Getenv(childEngineVar) == postgresEngine.name {
		e = postgresEngine
	}
	db, err := sql.Open(e.driver, os.Getenv(childDSNVar))
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	switch role {
	case roleAppender:
		id, err := strconv.Atoi(os.Getenv(childIDVar))
		if err != nil {
			return err
		}
		commands, err := strconv.Atoi(os.Getenv(childCommandsVar))
		if err != nil {
			return err
		}
		return appendCommands(ctx, db, e.dialect, id, commands, os.Getenv(childAcksVar))
	case roleLocker:
		c, err := db.Conn(ctx)
		if err != nil {
			return err
		}
		if _, err := c.ExecContext(ctx, `BEGIN IMMEDIATE`); err != nil {
			return err
		}
		fmt.Println("locked")
		_, _ = io.Copy(io.Discard, os.Stdin)
		_, err = c.ExecContext(ctx, `ROLLBACK`)
		return err
	}
	return fmt.Errorf("unknown role %q", role)
}

// payload is the data of every event the children append: which command
// appended it, its place among that command's events in the stream, and
// the streams the command appended to, so that a check afterwards knows
// what a whole command looks like.
type payload struct {
	Cmd     string   `json:"cmd"`
	N       int      `json:"n"`
	Of      int      `json:"of"`
	Streams []string `json:"streams"`
}

// ack is a line of a child's acknowledgement file: a command the store
// acknowledged, with the versions it reported, or (Replayed) the answer to
// the same command sent again.
type ack struct {
	Key      string           `json:"key"`
	Replayed bool             `json:"replayed,omitempty"`
	Result   string           `json:"result,omitempty"`
	Versions map[string]int64 `json:"versions,omitempty"`
}

// Shape of the children's commands.
const (
	eventsPerStream = 2
	sharedStreams   = 3
	writersPerChild = 3
)

// appendCommands runs writersPerChild writers, each appending commands
// (forever when commands < 0) to one of a few streams that every child
// shares and to a stream of its own, with an idempotency key, deciding
// again on every conflict. After each acknowledgement it writes a line to
// the acks file; every fourth command it sends again, as a client that
// lost the answer would, and writes down what came back.
func appendCommands(ctx context.Context, db *sql.DB, dialect sqlstore.Dialect, id, commands int, acksPath string) error {
	s, err := sqlstore.Open(ctx, db, dialect)
	if err != nil {
		return err
	}
	acks, err := os.OpenFile(acksPath, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return err
	}
	defer acks.Close()
	var mu sync.Mutex
	write := func(a ack) error {
		line, err := json.Marshal(a)
		if err != nil {
			return err
		}
		mu.Lock()
		defer mu.Unlock()
		_, err = acks.Write(append(line, '\n'))
		return err
	}
	errs := make(chan error, writersPerChild)
	for w := 0; w < writersPerChild; w++ {
		go func(w int) {
			errs <- func() error {
				for i := 0; commands < 0 || i < commands; i++ {
					key := fmt.Sprintf("p%d-w%d-c%d", id, w, i)
					streams := []string{fmt.Sprintf("shared/%d", (i+w)%sharedStreams), fmt.Sprintf("own/%d-%d", id, w)}
					build := commandOn(key, streams)
					got, err := appendDeciding(ctx, s, build, streams)
					if err != nil {
						return fmt.Errorf("%s: %w", key, err)
					}
					if got.Replayed {
						return fmt.Errorf("%s: replayed on its first acknowledgement", key)
					}
					if err := write(ack{Key: key, Versions: got.Versions}); err != nil {
						return err
					}
					if i%4 == 0 {
						again, err := s.Append(ctx, build(map[string]int64{}))
						if err != nil {
							return fmt.Errorf("%s sent again: %w", key, err)
						}
						if err := write(ack{Key: key, Replayed: again.Replayed, Result: string(again.Result)}); err != nil {
							return err
						}
					}
				}
				return nil
			}()
		}(w)
	}
	var all []error
	for w := 0; w < writersPerChild; w++ {
		all = append(all, <-errs)
	}
	return errors.Join(all...)
}

// commandOn returns what builds a command keyed key that appends
// eventsPerStream events to each of streams, read at the given versions.
// Its digest and its answer are its key.
func commandOn(key string, streams []string) func(read map[string]int64) store.Command {
	return func(read map[string]int64) store.Command {
		cmd := store.Command{Key: key, Digest: key, Result: []byte(key), At: time.Now()}
		for _, name := range streams {
			sa := store.StreamAppend{Stream: name, Expected: read[name]}
			for n := 0; n < eventsPerStream; n++ {
				data, _ := json.Marshal(payload{Cmd: key, N: n, Of: eventsPerStream, Streams: streams})
				sa.Events = append(sa.Events, store.Event{Type: "Appended", Data: data})
			}
			cmd.Streams = append(cmd.Streams, sa)
		}
		return cmd
	}
}

// appendDeciding reads the streams' versions, builds the command on them
// and appends it, again on each conflict.
func appendDeciding(ctx context.Context, s store.Store, build func(map[string]int64) store.Command, streams []string) (store.Appended, error) {
	for {
		read := map[string]int64{}
		for _, name := range streams {
			v, err := s.Version(ctx, name)
			if err != nil {
				return store.Appended{}, err
			}
			read[name] = v
		}
		got, err := s.Append(ctx, build(read))
		if !errors.Is(err, store.ErrConflict) {
			return got, err
		}
	}
}

// childApplication is the application_name of the children's PostgreSQL
// sessions, by which a test finds them in pg_stat_activity.
const childApplication = "kanta-test-child"

// child is a running child process of the test binary.
type child struct {
	cmd    *exec.Cmd
	output *bytes.Buffer
	acks   string
	exited chan struct{} // closed when the child has exited
	err    error         // cmd.Wait's answer, once exited is closed
}

// wait waits for the child to exit and returns how it ended.
func (c *child) wait() error {
	<-c.exited
	return c.err
}

// startChild starts the test binary as a child in role, with env added to
// this process's environment.
func startChild(t *testing.T, ctx context.Context, role string, env ...string) *child {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
	cmd.Env = append(append(os.Environ(), childRoleVar+"="+role), env...)
	out := &bytes.Buffer{}
	cmd.Stdout, cmd.Stderr = out, out
	require.NoError(t, cmd.Start())
	c := &child{cmd: cmd, output: out, exited: make(chan struct{})}
	go func() {
		c.err = cmd.Wait()
		close(c.exited)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-c.exited
	})
	return c
}

// startAppender starts a child appending commands (forever when
// commands < 0) to the database at dsn, acknowledging them in a file of its
// own.
func startAppender(t *testing.T, ctx context.Context, e engine, dsn string, id, commands int) *child {
	acks := fmt.Sprintf("%s/acks-%d.jsonl", t.TempDir(), id)
	if e.dialect == sqlstore.Postgres {
		dsn = withParam(t, dsn, "application_name", childApplication)
	}
	c := startChild(t, ctx, roleAppender,
		childEngineVar+"="+e.name, childDSNVar+"="+dsn, childIDVar+"="+strconv.Itoa(id),
		childCommandsVar+"="+strconv.Itoa(commands), childAcksVar+"="+acks)
	c.acks = acks
	return c
}

// readAcks reads a child's acknowledgements. A child killed while writing
// may leave a last line cut short, which is ignored: the store had
// acknowledged that command, but the test cannot know it did.
func readAcks(t *testing.T, path string) []ack {
	t.Helper()
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	require.NoError(t, err)
	defer f.Close()
	var out []ack
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		var a ack
		if json.Unmarshal(sc.Bytes(), &a) == nil {
			out = append(out, a)
		}
	}
	require.NoError(t, sc.Err())
	return out
}
