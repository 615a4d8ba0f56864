package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/internal/loadtest"
	"github.com/kantakit/kanta/server"
)

// replicaArgsVar carries a replica's arguments to TestServeReplica, which
// the end-to-end tests start as a process of its own.
const replicaArgsVar = "KANTA_SERVE_REPLICA"

// TestServeReplica is not a test: started with KANTA_SERVE_REPLICA set, it
// runs `kanta serve` with those arguments, as a separate process that a test
// can kill.
func TestServeReplica(t *testing.T) {
	args := os.Getenv(replicaArgsVar)
	if args == "" {
		t.Skip("runs only as a replica process of the end-to-end tests")
	}
	os.Exit(run(append([]string{"serve"}, strings.Fields(args)...), os.Stdout, os.Stderr))
}

// replica is a kanta serve process.
type replica struct {
	cmd  *exec.Cmd
	base string
}

// startReplica starts kanta serve with args and waits until it listens.
func startReplica(t *testing.T, args string) *replica {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestServeReplica$", "-test.count=1")
	cmd.Env = append(os.Environ(), replicaArgsVar+"="+args)
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	r := &replica{cmd: cmd}
	t.Cleanup(func() { r.stop() })
	lines := bufio.NewScanner(stderr)
	deadline := time.After(2 * time.Minute)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			var rec struct {
				Msg  string `json:"msg"`
				Addr string `json:"addr"`
			}
			if json.Unmarshal(lines.Bytes(), &rec) == nil && rec.Msg == "listening" {
				found <- rec.Addr
				break
			}
		}
		_, _ = io.Copy(io.Discard, stderr)
	}()
	select {
	case addr := <-found:
		r.base = "http://" + addr
	case <-deadline:
		t.Fatal("the replica did not start listening within two minutes")
	}
	return r
}

func (r *replica) kill() { _ = r.cmd.Process.Signal(syscall.SIGKILL); _, _ = r.cmd.Process.Wait() }

func (r *replica) stop() {
	if r.cmd.ProcessState != nil {
		return
	}
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan struct{})
	go func() { _, _ = r.cmd.Process.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(30 * time.Second):
		r.kill()
	}
}

// freshDatabase creates a database of its own on the PostgreSQL server of
// KANTA_PG_URL and returns its URL.
func freshDatabase(t *testing.T) string {
	t.Helper()
	base := os.Getenv("KANTA_PG_URL")
	if base == "" {
		t.Skip("KANTA_PG_URL is unset: no PostgreSQL server to run the replicas against (.ci/run starts one)")
	}
	admin, err := sql.Open("pgx", base)
	require.NoError(t, err)
	defer admin.Close()
	name := fmt.Sprintf("kanta_e2e_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9)
	_, err = admin.Exec("CREATE DATABASE " + name)
	require.NoError(t, err)
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", base)
		if err == nil {
			_, _ = admin.Exec("DROP DATABASE " + name + " WITH (FORCE)")
			admin.Close()
		}
	})
	u, err := url.Parse(base)
	require.NoError(t, err)
	u.Path = "/" + name
	return u.String()
}

// kelaToken writes a tokens file that admits one Kela token, and returns
// the token and the file.
func kelaToken(t *testing.T) (string, string) {
	t.Helper()
	token, line, err := server.NewToken(server.RoleKela, "")
	require.NoError(t, err)
	file := filepath.Join(t.TempDir(), "tokens")
	require.NoError(t, os.WriteFile(file, []byte(line+"\n"), 0o600))
	return token, file
}

func getJSON(t *testing.T, token, url string, v any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", url, b)
	require.NoError(t, json.Unmarshal(b, v))
}

// Two replicas on one PostgreSQL database behave as one register: 16
// clients send 20 000 commands over both, with retried idempotency keys,
// while one replica is killed halfway; every acknowledged event is stored
// exactly once and nothing else is, each party's state is the replay of
// its history, and both replicas list the same obligations.
func TestServe_TwoReplicasOnePostgreSQL(t *testing.T) {
	db := freshDatabase(t)
	token, tokens := kelaToken(t)
	args := fmt.Sprintf("--addr 127.0.0.1:0 --db %s --tokens %s --today 2025-01-10", db, tokens)
	a, b := startReplica(t, args), startReplica(t, args)
	cfg := loadtest.Config{
		Replicas: []string{a.base, b.base}, Token: token,
		Clients: 16, Commands: 20000, Parties: 40, Seed: 7, Retries: 4,
		During: b.kill,
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
	defer cancel()
	require.NoError(t, loadtest.Setup(ctx, cfg))
	before, err := loadtest.Stored(ctx, cfg, a.base)
	require.NoError(t, err)
	lengths := map[string]int{}
	for p, events := range before {
		lengths[p] = len(events)
	}
	plans := loadtest.Plan(cfg)
	steps := 0
	for _, p := range plans {
		steps += len(p)
	}
	report := loadtest.Run(ctx, cfg, plans, loadtest.HTTP(cfg))
	t.Logf("%d answers (%v), %d retried, %.0f commands/s, p50 %v, p99 %v, max %v",
		len(report.Answers), report.ByStatus, report.Retried, report.PerSecond(), report.Percentile(0.5), report.Percentile(0.99), report.Percentile(1))
	require.NotEmpty(t, report.ByStatus[http.StatusOK])
	assert.Equal(t, steps, len(report.Answers), "every step, resent keys included, got an answer from the replica left")
	assert.Positive(t, report.Retried, "some requests went to the killed replica and were sent again")

	stored, err := loadtest.Stored(ctx, cfg, a.base)
	require.NoError(t, err)
	require.NoError(t, loadtest.Check(report.Answers, lengths, stored))

	for party, history := range stored {
		events := make([]commitment.Event, len(history))
		for i, raw := range history {
			var fields map[string]json.RawMessage
			require.NoError(t, json.Unmarshal(raw, &fields))
			delete(fields, "seq")
			delete(fields, "recorded_at")
			plain, _ := json.Marshal(fields)
			events[i], err = commitment.UnmarshalEvent(plain)
			require.NoError(t, err)
		}
		replayed, err := commitment.Replay(events)
		require.NoError(t, err, party)
		want, _ := json.Marshal(replayed)
		var have json.RawMessage
		getJSON(t, token, a.base+"/v1/parties/"+party, &have)
		assert.JSONEq(t, string(want), string(have), "%s's state is the replay of its history", party)
	}

	c := startReplica(t, args) // the killed replica's place, on the same database
	var fromA, fromC []json.RawMessage
	getJSON(t, token, a.base+"/v1/obligations?from=2025-01-01&to=2035-12-31", &fromA)
	getJSON(t, token, c.base+"/v1/obligations?from=2025-01-01&to=2035-12-31", &fromC)
	assert.Equal(t, fromA, fromC, "both replicas list the same obligations")
}
