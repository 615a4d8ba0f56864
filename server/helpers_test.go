package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/server"
	"github.com/kantakit/kanta/store"
)

// clock is a clock the tests set and advance: the recording time of every
// event and the service's "now".
type clock struct {
	mu  sync.Mutex
	now time.Time
}

// start is the time every fixture's clock starts at.
var start = time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock on by d.
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// fixture is a service on a register in a memory store, with a Kela token
// and a token for each party it registers.
type fixture struct {
	t      *testing.T
	clock  *clock
	store  store.Store
	reg    *store.Register
	srv    *server.Server
	kela   string
	tokens map[lifecycle.PartyID]string
	access *server.Tokens // nil in development mode
}

// newFixture returns a service whose tokens file admits a Kela token and a
// party token for each of parties. The parties are not registered.
func newFixture(t *testing.T, parties ...lifecycle.PartyID) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: &clock{now: start}, tokens: map[lifecycle.PartyID]string{}}
	var lines []string
	tok, line, err := server.NewToken(server.RoleKela, "")
	require.NoError(t, err)
	f.kela = tok
	lines = append(lines, line)
	for _, p := range parties {
		tok, line, err := server.NewToken(server.RoleParty, p)
		require.NoError(t, err)
		f.tokens[p] = tok
		lines = append(lines, line)
	}
	tokens, err := server.ReadTokens(strings.NewReader(strings.Join(lines, "\n")))
	require.NoError(t, err)
	f.open(tokens)
	return f
}

// newDevFixture returns a service in development mode: no tokens.
func newDevFixture(t *testing.T) *fixture {
	t.Helper()
	f := &fixture{t: t, clock: &clock{now: start}, tokens: map[lifecycle.PartyID]string{}}
	f.open(nil)
	return f
}

func (f *fixture) open(tokens *server.Tokens) {
	f.access = tokens
	f.reopen(store.NewMemory())
}

// reopen serves the register that st holds, with the fixture's tokens and
// clock: a new replica on the same store, or one on a store wrapped to fail.
func (f *fixture) reopen(st store.Store) {
	f.t.Helper()
	f.store = st
	reg, err := store.Open(context.Background(), st, f.clock.Now)
	require.NoError(f.t, err)
	f.reg = reg
	f.srv = server.New(server.Config{Register: reg, Tokens: f.access, Now: f.clock.Now})
}

// response is an answer of the service.
type response struct {
	Status int
	Header http.Header
	Body   []byte
}

// request is a request to the service: its method, path, body, bearer token
// ("" for none) and other headers.
type request struct {
	Method, Path, Body, Token string
	Header                    map[string]string
}

// serve sends req to the service and returns its answer.
func (f *fixture) serve(req request) response {
	f.t.Helper()
	var body io.Reader
	if req.Body != "" {
		body = strings.NewReader(req.Body)
	}
	r := httptest.NewRequest(req.Method, req.Path, body)
	if req.Token != "" {
		r.Header.Set("Authorization", "Bearer "+req.Token)
	}
	for k, v := range req.Header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	f.srv.ServeHTTP(w, r)
	res := w.Result()
	b, err := io.ReadAll(res.Body)
	require.NoError(f.t, err)
	return response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// get reads path with token.
func (f *fixture) get(token, path string) response {
	f.t.Helper()
	return f.serve(request{Method: http.MethodGet, Path: path, Token: token})
}

// post sends body to path with token.
func (f *fixture) post(token, path, body string) response {
	f.t.Helper()
	return f.serve(request{Method: http.MethodPost, Path: path, Body: body, Token: token})
}

// command sends one command with token, and moves the clock on a minute
// first, so each command is recorded at a time of its own.
func (f *fixture) command(token, body string) response {
	f.t.Helper()
	f.clock.Add(time.Minute)
	return f.post(token, "/v1/commands", body)
}

// mustCommand sends commands as Kela, each of which must be accepted.
func (f *fixture) mustCommand(bodies ...string) {
	f.t.Helper()
	for _, b := range bodies {
		res := f.command(f.kela, b)
		require.Equal(f.t, http.StatusOK, res.Status, "%s\n%s", b, res.Body)
	}
}

// addParties registers parties as Kela: each "id kind" or "id kind soteri".
func (f *fixture) addParties(parties ...string) {
	f.t.Helper()
	for _, p := range parties {
		fs := strings.Fields(p)
		body := fmt.Sprintf(`{"id":%q,"kind":%q,"soteri":%t}`, fs[0], fs[1], len(fs) > 2 && fs[2] == "soteri")
		f.clock.Add(time.Minute)
		res := f.post(f.kela, "/v1/parties", body)
		require.Equal(f.t, http.StatusCreated, res.Status, "%s\n%s", body, res.Body)
	}
}

// streams returns every stream's version as the store holds it.
func (f *fixture) streams() map[string]int64 {
	f.t.Helper()
	v, err := f.store.Versions(context.Background(), "")
	require.NoError(f.t, err)
	return v
}

// stored returns everything the store holds, as JSON: every stream's
// records, to compare before and after a request that must change nothing.
func (f *fixture) stored() string {
	f.t.Helper()
	var recs []store.Record
	err := f.store.Scan(context.Background(), "", time.Time{}, func(r store.Record) error {
		recs = append(recs, r)
		return nil
	})
	require.NoError(f.t, err)
	b, err := json.Marshal(recs)
	require.NoError(f.t, err)
	return string(b)
}

// problemJSON is an RFC 9457 problem as the service writes it.
type problemJSON struct {
	Type     string   `json:"type"`
	Title    string   `json:"title"`
	Status   int      `json:"status"`
	Detail   string   `json:"detail"`
	Rule     string   `json:"rule"`
	Rules    []string `json:"rules"`
	Clauses  []string `json:"clauses"`
	Blockers []struct {
		Rule   string `json:"rule"`
		Reason string `json:"reason"`
	} `json:"blockers"`
}

// requireProblem asserts that res is a problem-details answer of status
// whose detail mentions each of details, and returns it.
func requireProblem(t *testing.T, res response, status int, details ...string) problemJSON {
	t.Helper()
	require.Equal(t, status, res.Status, "%s", res.Body)
	assert.Equal(t, "application/problem+json", res.Header.Get("Content-Type"))
	var p problemJSON
	require.NoError(t, json.Unmarshal(res.Body, &p), "%s", res.Body)
	assert.Equal(t, status, p.Status)
	assert.NotEmpty(t, p.Type)
	assert.NotEmpty(t, p.Title)
	assert.NotEmpty(t, p.Detail)
	if status != http.StatusConflict {
		assert.Equal(t, "about:blank", p.Type)
		assert.Equal(t, http.StatusText(status), p.Title)
	}
	for _, d := range details {
		assert.Contains(t, p.Detail, d)
	}
	return p
}

// decode reads res's JSON body into a value of type T.
func decode[T any](t *testing.T, res response) T {
	t.Helper()
	var v T
	require.NoError(t, json.Unmarshal(res.Body, &v), "%s", res.Body)
	return v
}
