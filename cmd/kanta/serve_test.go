package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/server"
	"github.com/kantakit/kanta/store"
)

// tokenOutput reads what `kanta token` prints: the token and the line of
// the tokens file.
func tokenOutput(t *testing.T, stdout string) (token, line string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	require.Len(t, lines, 2, "%q", stdout)
	token, ok := strings.CutPrefix(lines[0], "token: ")
	require.True(t, ok, "%q", lines[0])
	line, ok = strings.CutPrefix(lines[1], "line:  ")
	require.True(t, ok, "%q", lines[1])
	return token, line
}

// TestToken_PrintsATokenAndTheLineThatAdmitsIt: the line `kanta token`
// prints is one that server.ReadTokens admits, holding the token's SHA-256
// and not the token, and a service reading it admits the token in its
// role.
func TestToken_PrintsATokenAndTheLineThatAdmitsIt(t *testing.T) {
	out, errs, code := runInProcess(t, "token", "kela")
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, errs)
	kelaToken, kelaLine := tokenOutput(t, out)

	out, errs, code = runInProcess(t, "token", "party", "paa")
	require.Equal(t, exitOK, code, errs)
	partyToken, partyLine := tokenOutput(t, out)

	for token, line := range map[string]string{kelaToken: kelaLine, partyToken: partyLine} {
		sum := sha256.Sum256([]byte(token))
		assert.Equal(t, hex.EncodeToString(sum[:]), strings.Fields(line)[0])
		assert.NotContains(t, line, token)
	}
	assert.Equal(t, []string{"kela"}, strings.Fields(kelaLine)[1:])
	assert.Equal(t, []string{"party", "paa"}, strings.Fields(partyLine)[1:])
	assert.NotEqual(t, kelaToken, partyToken)

	tokens, err := server.ReadTokens(strings.NewReader(kelaLine + "\n" + partyLine + "\n"))
	require.NoError(t, err)
	reg, err := store.Open(context.Background(), store.NewMemory(), time.Now)
	require.NoError(t, err)
	srv := server.New(server.Config{Register: reg, Tokens: tokens})
	do := func(method, path, token, body string) int {
		r := httptest.NewRequest(method, path, strings.NewReader(body))
		if token != "" {
			r.Header.Set("Authorization", "Bearer "+token)
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, r)
		return w.Code
	}
	assert.Equal(t, http.StatusCreated, do(http.MethodPost, "/v1/parties", kelaToken, `{"id":"paa","kind":"pharmacist"}`))
	assert.Equal(t, http.StatusOK, do(http.MethodGet, "/v1/parties/paa", partyToken, ""))
	assert.Equal(t, http.StatusForbidden, do(http.MethodPost, "/v1/parties", partyToken, `{"id":"muu","kind":"pharmacist"}`))
	assert.Equal(t, http.StatusUnauthorized, do(http.MethodGet, "/v1/parties/paa", "", ""))
}

// TestToken_BadArgumentsAreOneErrorLine.
func TestToken_BadArgumentsAreOneErrorLine(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{nil, "kanta: token: usage: kanta token kela | kanta token party PARTY"},
		{[]string{"party", "paa", "extra"}, "kanta: token: usage"},
		{[]string{"party"}, "kanta: token: a kela token names no party, a party token names its party"},
		{[]string{"kela", "paa"}, "kanta: token: a kela token names no party"},
		{[]string{"admin"}, "kanta: token:"},
		{[]string{"--role", "kela"}, "kanta: token:"},
	} {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			out, errs, code := runInProcess(t, append([]string{"token"}, c.args...)...)
			requireOneErrorLine(t, out, errs, code, c.want)
		})
	}
}

// TestServe_DevelopmentModeListensOnlyOnLoopback: without --tokens every
// request acts as Kela, so an address other machines reach is refused with
// one line naming development mode, before the database is opened.
func TestServe_DevelopmentModeListensOnlyOnLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "[::]:0", "192.0.2.1:8080", "kanta.example:8080", "localhost.example:0", "127.0.0.1"} {
		t.Run(addr, func(t *testing.T) {
			db := filepath.Join(t.TempDir(), "kanta.db")
			out, errs, code := runInProcess(t, "serve", "--addr", addr, "--db", "sqlite:"+db)
			requireOneErrorLine(t, out, errs, code, "kanta: serve: --addr "+addr+": without --tokens the service runs in development mode")
			assert.NoFileExists(t, db)
		})
	}
}

// TestServe_MalformedDatabaseIsOneErrorLine: a --db (or $KANTA_DB) that
// names no database the service opens exits 2 before listening.
func TestServe_MalformedDatabaseIsOneErrorLine(t *testing.T) {
	for _, db := range []string{"mysql://kanta", "sqlite:", "sqlite::memory:", "kanta.db", "postgres:/missing-slash", strings.Repeat("x", 5000)} {
		t.Run(db[:min(len(db), 30)], func(t *testing.T) {
			out, errs, code := runInProcess(t, "serve", "--addr", "127.0.0.1:0", "--db", db)
			requireOneErrorLine(t, out, errs, code, "kanta: serve: --db: ")
		})
	}
	t.Run("KANTA_DB", func(t *testing.T) {
		t.Setenv("KANTA_DB", "mysql://kanta")
		out, errs, code := runInProcess(t, "serve", "--addr", "127.0.0.1:0")
		requireOneErrorLine(t, out, errs, code, `kanta: serve: --db: "mysql://kanta"`)
	})
}

// TestServe_MalformedTokensFileIsOneErrorLine: a tokens file that cannot be
// read, or holds a malformed line, exits 2 naming it, even on an address a
// tokens file would allow.
func TestServe_MalformedTokensFileIsOneErrorLine(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(text), 0o600))
		return p
	}
	_, good, err := server.NewToken(server.RoleKela, "")
	require.NoError(t, err)
	cases := []struct {
		name, file, want string
	}{
		{"a missing file", filepath.Join(dir, "missing"), "kanta: serve: --tokens: "},
		{"a directory", dir, "--tokens: it is a directory"},
		{"a token instead of its hash", write("plain", "secret kela\n"), "--tokens: tokens: line 1: the first field"},
		{"an unknown role", write("role", good[:64]+" admin\n"), `--tokens: tokens: line 1: unknown role "admin"`},
		{"a bad third line", write("third", "# tokens\n"+good+"\n"+good[:64]+" party\n"), "--tokens: tokens: line 3: a party token names its party"},
		{"more than a megabyte", write("huge", strings.Repeat("#\n", 1<<20)), "--tokens: "},
	}
	for _, c := range cases {
		for _, addr := range []string{"127.0.0.1:0", "0.0.0.0:0"} {
			t.Run(c.name+" on "+addr, func(t *testing.T) {
				db := filepath.Join(t.TempDir(), "kanta.db")
				out, errs, code := runInProcess(t, "serve", "--addr", addr, "--db", "sqlite:"+db, "--tokens", c.file)
				requireOneErrorLine(t, out, errs, code, c.want)
				assert.NotContains(t, errs, "secret")
				assert.NoFileExists(t, db)
			})
		}
	}
}

// TestServe_MalformedTodayIsOneErrorLine.
func TestServe_MalformedTodayIsOneErrorLine(t *testing.T) {
	for _, day := range []string{"2025-02-30", "tomorrow", "1.3.2025"} {
		out, errs, code := runInProcess(t, "serve", "--addr", "127.0.0.1:0", "--today", day)
		requireOneErrorLine(t, out, errs, code, "kanta: serve: --today: ")
	}
}

// service is a `kanta serve` running as a child process.
type service struct {
	cmd  *exec.Cmd
	addr string
	logs *bufio.Scanner
}

// startService runs `kanta serve` with args on a loopback address the
// system picks, and returns once it logs that it listens.
func startService(t *testing.T, ctx context.Context, args ...string) *service {
	t.Helper()
	cmd := exec.CommandContext(ctx, os.Args[0], append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	cmd.Env = append(os.Environ(), asCommand+"=1")
	stderr, err := cmd.StderrPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	s := &service{cmd: cmd, logs: bufio.NewScanner(stderr)}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	for s.logs.Scan() {
		var line struct {
			Msg, Addr, Access string
		}
		require.NoError(t, json.Unmarshal(s.logs.Bytes(), &line), "%s", s.logs.Text())
		if line.Msg == "listening" {
			s.addr = line.Addr
			break
		}
	}
	require.NotEmpty(t, s.addr, "kanta serve stopped before listening")
	go func() { _, _ = io.Copy(io.Discard, stderr) }()
	return s
}

// do sends a request to the service.
func (s *service) do(t *testing.T, method, path, token, body string) int {
	t.Helper()
	req, err := http.NewRequest(method, "http://"+s.addr+path, strings.NewReader(body))
	require.NoError(t, err)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode
}

// stop sends SIGTERM and returns the exit code.
func (s *service) stop(t *testing.T) int {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(syscall.SIGTERM))
	err := s.cmd.Wait()
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return exit.ExitCode()
	}
	require.NoError(t, err)
	return 0
}

// TestServe_ServesTheRegisterAndKeepsItInTheDatabase: `kanta serve` with a
// tokens file serves the API on SQLite, refuses a request without a token,
// stops on SIGTERM with exit 0, and a later run on the same database, in
// development mode on loopback, finds what the first stored.
func TestServe_ServesTheRegisterAndKeepsItInTheDatabase(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the service stops on SIGTERM, which Windows does not send")
	}
	ctx, cancel := context.WithTimeout(context.Background(), generous)
	defer cancel()
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "kanta.db")
	kela, line, err := server.NewToken(server.RoleKela, "")
	require.NoError(t, err)
	tokens := filepath.Join(dir, "tokens")
	require.NoError(t, os.WriteFile(tokens, []byte(line+"\n"), 0o600))

	s := startService(t, ctx, "--db", db, "--tokens", tokens, "--today", "2025-03-03")
	assert.Equal(t, http.StatusOK, s.do(t, http.MethodGet, "/healthz", "", ""))
	assert.Equal(t, http.StatusUnauthorized, s.do(t, http.MethodPost, "/v1/parties", "", `{"id":"paa","kind":"pharmacist"}`))
	assert.Equal(t, http.StatusCreated, s.do(t, http.MethodPost, "/v1/parties", kela, `{"id":"paa","kind":"pharmacist"}`))
	assert.Equal(t, http.StatusOK, s.do(t, http.MethodPost, "/v1/commands", kela,
		`{"on":"2025-03-03","party":"paa","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`))
	assert.Equal(t, exitOK, s.stop(t))
	require.NoError(t, ctx.Err())

	s = startService(t, ctx, "--db", db)
	assert.Equal(t, http.StatusOK, s.do(t, http.MethodGet, "/v1/parties/paa", "", ""))
	assert.Equal(t, http.StatusConflict, s.do(t, http.MethodPost, "/v1/parties", "", `{"id":"paa","kind":"pharmacist"}`))
	assert.Equal(t, exitOK, s.stop(t))
	require.NoError(t, ctx.Err())
}

// TestServe_DiagramIsKantaDiagrams: the service draws a machine with the
// same code as `kanta diagram`.
func TestServe_DiagramIsKantaDiagrams(t *testing.T) {
	reg, err := store.Open(context.Background(), store.NewMemory(), time.Now)
	require.NoError(t, err)
	srv := server.New(server.Config{Register: reg})
	for _, args := range [][]string{
		{"--machine", "service"},
		{"--machine", "customership", "--format", "dot", "--lang", "fi"},
		{"--machine", "app", "--lang", "sv", "--style", "compact"},
		{"--machine", "joint-agreement", "--format", "dot", "--style", "compact"},
	} {
		out, errs, code := runInProcess(t, append([]string{"diagram"}, args...)...)
		require.Equal(t, exitOK, code, errs)
		path := "/v1/diagrams/" + args[1] + "?"
		for i := 2; i < len(args); i += 2 {
			path += strings.TrimPrefix(args[i], "--") + "=" + args[i+1] + "&"
		}
		w := httptest.NewRecorder()
		srv.ServeHTTP(w, httptest.NewRequest(http.MethodGet, path, nil))
		require.Equal(t, http.StatusOK, w.Code, "%s", w.Body)
		assert.Equal(t, out, w.Body.String(), "%v", args)
	}
}
