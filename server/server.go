// Package server is the register of Kanta customer commitments as an HTTP
// service: the commands of the scenario format as JSON, the parties'
// states and histories, agreements, apps, obligations and diagrams, each
// read from the store that several replicas share. Errors are RFC 9457
// problem details: a refusal by the terms is 409 with its rule and
// clauses, bad input 400, a missing party 404. Who may do what follows the
// terms (lifecycle.Acts names each act's actor): a Kela token may do
// everything, a party's token only its own acts on its own streams and the
// reads of its own. docs/service.md describes the API.
package server

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
	"github.com/kantakit/kanta/scenario"
	"github.com/kantakit/kanta/store"
)

// Config is what a Server needs.
type Config struct {
	// Register is the register the service serves, kept in its store.
	Register *store.Register
	// Tokens are the clients it admits; nil is development mode, in which
	// every request acts as Kela. The caller listens on a loopback address
	// only then.
	Tokens *Tokens
	// Logger receives a line per request; nil discards them.
	Logger *slog.Logger
	// Now is the clock that says which times are in the future.
	Now func() time.Time
	// MaxBody bounds a request's body; 0 is DefaultMaxBody.
	MaxBody int64
}

// DefaultMaxBody bounds a request's body: a command is a few hundred bytes.
const DefaultMaxBody = 64 << 10

// Server serves the register over HTTP. It is an http.Handler.
type Server struct {
	cfg      Config
	mux      *http.ServeMux
	patterns []string // what the server serves, "METHOD /path" each
}

// New returns the server of cfg.
func New(cfg Config) *Server {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.MaxBody <= 0 {
		cfg.MaxBody = DefaultMaxBody
	}
	s := &Server{cfg: cfg, mux: http.NewServeMux()}
	s.handle("POST /v1/parties", s.addParty)
	s.handle("POST /v1/commands", s.command)
	s.handle("GET /v1/parties/{id}", s.party)
	s.handle("GET /v1/parties/{id}/history", s.history)
	s.handle("GET /v1/agreements/{id}", s.agreement)
	s.handle("GET /v1/apps/{id}", s.app)
	s.handle("GET /v1/obligations", s.obligations)
	s.handle("POST /v1/advance", s.advance)
	s.handle("GET /v1/diagrams/{machine}", s.diagram)
	s.route("GET /healthz", s.healthz)
	for _, p := range s.patterns {
		s.notAllowed(p)
	}
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		problem(http.StatusNotFound, "no such resource: docs/service.md lists the API").write(w)
	})
	return s
}

// route serves pattern ("METHOD /path") with h.
func (s *Server) route(pattern string, h http.HandlerFunc) {
	s.mux.HandleFunc(pattern, h)
	s.patterns = append(s.patterns, pattern)
}

// notAllowed answers a request for pattern's path with another method by
// 405 and the method the path allows (Allow), as a problem. A GET pattern
// also serves HEAD.
func (s *Server) notAllowed(pattern string) {
	method, path, _ := strings.Cut(pattern, " ")
	allow := method
	if method == http.MethodGet {
		allow += ", " + http.MethodHead
	}
	s.mux.HandleFunc(path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Allow", allow)
		problem(http.StatusMethodNotAllowed, fmt.Sprintf("%s is not served on %s; %s is", notice.Excerpt(r.Method), notice.Excerpt(r.URL.Path), allow)).write(w)
	})
}

// handler is a request's handler: it returns the answer's status, having
// written it, or a problem to write.
type handler func(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem)

// handle routes pattern to h, behind authentication and logging.
func (s *Server) handle(pattern string, h handler) {
	s.route(pattern, func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		who := Identity{Role: RoleKela}
		status := 0
		var p *Problem
		if s.cfg.Tokens != nil {
			id, err := s.cfg.Tokens.identify(r)
			if err != nil {
				pr := problem(http.StatusUnauthorized, err.Error())
				w.Header().Set("WWW-Authenticate", `Bearer realm="kanta"`)
				p = &pr
			}
			who = id
		}
		if p == nil {
			status, p = h(w, r, who)
		}
		if p != nil {
			p.write(w)
			status = p.Status
		}
		s.cfg.Logger.LogAttrs(r.Context(), slog.LevelInfo, "request",
			slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Int("status", status),
			slog.String("role", who.Role), slog.String("party", string(who.Party)),
			slog.Duration("duration", time.Since(start)))
	})
}

// ServeHTTP serves a request.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.mux.ServeHTTP(w, r) }

func fail(status int, format string, args ...any) (int, *Problem) {
	p := problem(status, fmt.Sprintf(format, args...))
	return status, &p
}

func forbidden(format string, args ...any) (int, *Problem) {
	return fail(http.StatusForbidden, format, args...)
}

// body reads a request's body, at most MaxBody bytes.
func (s *Server) body(w http.ResponseWriter, r *http.Request) ([]byte, *Problem) {
	b, err := io.ReadAll(http.MaxBytesReader(w, r.Body, s.cfg.MaxBody))
	var tooLarge *http.MaxBytesError
	switch {
	case errors.As(err, &tooLarge):
		p := problem(http.StatusRequestEntityTooLarge, fmt.Sprintf("a request's body has at most %d bytes", s.cfg.MaxBody))
		return nil, &p
	case err != nil:
		p := problem(http.StatusBadRequest, "the request's body cannot be read: "+err.Error())
		return nil, &p
	}
	return b, nil
}

// decodeJSON reads a JSON body into v, refusing unknown fields.
func (s *Server) decodeJSON(w http.ResponseWriter, r *http.Request, v any) *Problem {
	b, p := s.body(w, r)
	if p != nil {
		return p
	}
	dec := json.NewDecoder(strings.NewReader(string(b)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil || dec.More() {
		if err == nil {
			err = errors.New("trailing data after the JSON value")
		}
		pr := problem(http.StatusBadRequest, "malformed JSON: "+notice.Excerpt(err.Error()))
		return &pr
	}
	return nil
}

// writeJSON writes v as the answer, with status.
func writeJSON(w http.ResponseWriter, status int, v any) (int, *Problem) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
	return status, nil
}

// storeProblem returns the problem of an error from the register: a
// malformed input is 400, a missing party 404, a key reused 422, the
// streams changing too often 503; anything else is the service's fault.
func storeProblem(w http.ResponseWriter, err error) (int, *Problem) {
	var ie *lifecycle.InputError
	var se *scenario.Error
	switch {
	case errors.As(err, &ie), errors.As(err, &se):
		return fail(http.StatusBadRequest, "%s", err.Error())
	case errors.Is(err, store.ErrInvalid):
		return fail(http.StatusBadRequest, "%s", err.Error())
	case errors.Is(err, store.ErrNotFound):
		return fail(http.StatusNotFound, "%s", err.Error())
	case errors.Is(err, store.ErrKeyReused):
		return fail(http.StatusUnprocessableEntity, "the Idempotency-Key was used before for a command with other content")
	case errors.Is(err, store.ErrBusy), errors.Is(err, context.DeadlineExceeded):
		if w != nil {
			w.Header().Set("Retry-After", "1")
		}
		return fail(http.StatusServiceUnavailable, "%s", err.Error())
	}
	return fail(http.StatusInternalServerError, "%s", notice.Excerpt(err.Error()))
}

// partyJSON is the body of POST /v1/parties: a party as a scenario
// declares one.
type partyJSON struct {
	ID     lifecycle.PartyID `json:"id"`
	Kind   lifecycle.Kind    `json:"kind"`
	Soteri bool              `json:"soteri"`
	Name   string            `json:"name,omitempty"`
}

func (s *Server) addParty(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	if !who.Kela() {
		return forbidden("only Kela registers parties")
	}
	var in partyJSON
	if p := s.decodeJSON(w, r, &in); p != nil {
		return p.Status, p
	}
	err := s.cfg.Register.AddParty(r.Context(), commitment.Customer{ID: in.ID, Kind: in.Kind, Soteri: in.Soteri, Name: in.Name})
	var ie *lifecycle.InputError
	if errors.As(err, &ie) && ie.Field == "id" && ie.Value == string(in.ID) {
		return fail(http.StatusConflict, "%s", err.Error())
	}
	if err != nil {
		return storeProblem(w, err)
	}
	w.Header().Set("Location", "/v1/parties/"+string(in.ID))
	return writeJSON(w, http.StatusCreated, in)
}

// maxKey bounds an Idempotency-Key.
const maxKey = 200

// commandAnswer is the answer to an accepted command.
type commandAnswer struct {
	Events   []json.RawMessage `json:"events"`
	Versions map[string]int64  `json:"versions"`
}

func (s *Server) command(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	key := r.Header.Get("Idempotency-Key")
	if len(key) > maxKey || !utf8.ValidString(key) {
		return fail(http.StatusBadRequest, "an Idempotency-Key is UTF-8 text of at most %d bytes", maxKey)
	}
	b, p := s.body(w, r)
	if p != nil {
		return p.Status, p
	}
	cmd, err := scenario.DecodeCommand("request body", b)
	if err != nil {
		return fail(http.StatusBadRequest, "%s", err.Error())
	}
	reg := s.cfg.Register
	// A party's token learns nothing of others: what is not its own is 403
	// whether it exists or not.
	if cmd.Party == "" && cmd.App != "" {
		if cmd.Party, err = s.holder(r.Context(), cmd.App); err != nil {
			if errors.Is(err, store.ErrNotFound) && !who.Kela() {
				return notOwnAct(cmd.Do)
			}
			return storeProblem(w, err)
		}
	}
	if st, p := s.authorizeAct(r.Context(), who, cmd); p != nil {
		return st, p
	}
	if cmd.Party != "" {
		if ok, err := reg.Exists(r.Context(), cmd.Party); err != nil || !ok {
			return storeProblem(w, fmt.Errorf("party %s: %w", cmd.Party, cmp.Or(err, store.ErrNotFound)))
		}
	}
	if key != "" {
		// Each client has keys of its own: another's key is neither
		// replayed to it nor refused as reused, so it learns nothing of
		// other clients' commands.
		key = who.keyScope() + key
	}
	out, err := reg.Execute(r.Context(), store.Request{On: cmd.On, Party: cmd.Party, Act: cmd.Act, Key: key})
	if err != nil {
		return storeProblem(w, err)
	}
	if out.Replayed {
		w.Header().Set("Idempotent-Replayed", "true")
	}
	if out.Refusal != nil {
		pr := refused(out.Refusal)
		return pr.Status, &pr
	}
	if out.Events == nil {
		out.Events = []json.RawMessage{}
	}
	return writeJSON(w, http.StatusOK, commandAnswer{Events: out.Events, Versions: out.Versions})
}

// holder returns the party that holds app.
func (s *Server) holder(ctx context.Context, app lifecycle.AppID) (lifecycle.PartyID, error) {
	var holder lifecycle.PartyID
	err := s.cfg.Register.Read(ctx, func(reg *commitment.Register) error {
		var ok bool
		if holder, ok = reg.AppHolder(app); !ok {
			return fmt.Errorf("app %s: %w", app, store.ErrNotFound)
		}
		return nil
	})
	return holder, err
}

// authorizeAct decides whether who may do cmd: Kela may do every act; a
// party only the acts whose actor it is, on its own streams.
func (s *Server) authorizeAct(ctx context.Context, who Identity, cmd scenario.Command) (int, *Problem) {
	if who.Kela() {
		return 0, nil
	}
	info, err := lifecycle.ActNamed(cmd.Do)
	if err != nil {
		return fail(http.StatusBadRequest, "%s", err.Error())
	}
	actor := actorOf(cmd.Act)
	me := who.Party
	if other, ok := otherParty(cmd.Act, me); ok {
		return forbidden("%s writes to %s's stream too, and a party's token reaches only its own: Kela records it", info.EventID(), other)
	}
	switch actor {
	case lifecycle.ActorCustomer, lifecycle.ActorAppVendor:
		if cmd.Party == me {
			return 0, nil
		}
		return notOwnAct(cmd.Do)
	case lifecycle.ActorAgreementParty, lifecycle.ActorMainConnector:
		main, tenant, err := s.agreementParties(ctx, cmd.Act)
		if errors.Is(err, store.ErrNotFound) {
			return notPartyTo(info.EventID())
		}
		if err != nil {
			return storeProblem(nil, err)
		}
		if n, ok := cmd.Act.(lifecycle.GiveJointAgreementNotice); ok && n.By != me {
			return forbidden("a party gives its own notice: %s is not %s", me, n.By)
		}
		if me == main || actor == lifecycle.ActorAgreementParty && me == tenant {
			return 0, nil
		}
		return notPartyTo(info.EventID())
	}
	return forbidden("%s is Kela's act", info.EventID())
}

// notOwnAct refuses a party's act on a stream or an app not its own, in
// the same words whether it exists or not.
func notOwnAct(do string) (int, *Problem) {
	return forbidden("%s is an act of the party itself, on its own streams and apps", notice.Excerpt(do))
}

// notPartyTo refuses a party's act on an agreement it is not a party to, or
// not the party that may do it, in the same words whether the agreement
// exists or not.
func notPartyTo(do engine.EventID) (int, *Problem) {
	return forbidden("%s is done by a party of the agreement that the terms let do it", do)
}

// otherParty returns the party other than me whose stream act writes to,
// if there is one: a signing records the agreement with both its parties
// (and binds the other), a transfer hands the commitment to its receiver
// (with Kela's consent, C5).
func otherParty(act lifecycle.Act, me lifecycle.PartyID) (lifecycle.PartyID, bool) {
	switch a := act.(type) {
	case lifecycle.SignJointAgreement:
		if a.Main != me {
			return a.Main, true
		}
		return a.Tenant, a.Tenant != me
	case lifecycle.TransferCommitment:
		return a.To, a.To != me
	}
	return "", false
}

// actorOf returns the identifier of the actor of act.
func actorOf(act lifecycle.Act) string {
	for _, a := range lifecycle.Acts() {
		if a.ID == act.EventID() {
			return a.Actor.ID
		}
	}
	return ""
}

// agreementParties returns the main connector and the tenant of the
// agreement an act concerns: a signing names them, other acts name an
// agreement the register holds.
func (s *Server) agreementParties(ctx context.Context, act lifecycle.Act) (lifecycle.PartyID, lifecycle.PartyID, error) {
	if sign, ok := act.(lifecycle.SignJointAgreement); ok {
		return sign.Main, sign.Tenant, nil
	}
	id, _ := lifecycle.AgreementOf(act)
	var a lifecycle.JointAgreement
	err := s.cfg.Register.Read(ctx, func(reg *commitment.Register) error {
		var ok bool
		if a, ok = reg.Agreement(id); !ok {
			return fmt.Errorf("agreement %s: %w", id, store.ErrNotFound)
		}
		return nil
	})
	return a.Main, a.Tenant, err
}

// readsOwn refuses a party's read of what is not its own, in the same
// words whether it exists or not.
const readsOwn = "a party reads only its own streams, the agreements it is a party to and its apps"

// own refuses a party's read of another party's stream.
func own(who Identity, party lifecycle.PartyID) *Problem {
	if who.Kela() || who.Party == party {
		return nil
	}
	p := problem(http.StatusForbidden, readsOwn)
	return &p
}

func (s *Server) party(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	id := lifecycle.PartyID(r.PathValue("id"))
	if p := own(who, id); p != nil {
		return p.Status, p
	}
	var knownAt time.Time
	if v := r.URL.Query().Get("as_known_on"); v != "" {
		t, err := time.Parse(time.RFC3339Nano, v)
		if err != nil {
			return fail(http.StatusBadRequest, "as_known_on %s: write a time in RFC 3339, like 2025-03-01T12:00:00Z", notice.Excerpt(v))
		}
		if t.After(s.cfg.Now()) {
			return fail(http.StatusBadRequest, "as_known_on %s is in the future: nothing is known of it yet", v)
		}
		knownAt = t
	}
	c, version, err := s.cfg.Register.Party(r.Context(), id, knownAt)
	if err != nil {
		return storeProblem(w, fmt.Errorf("party %s: %w", id, err))
	}
	b, err := json.Marshal(c)
	if err != nil {
		return storeProblem(w, err)
	}
	w.Header().Set("ETag", strconv.Quote(strconv.FormatInt(version, 10)))
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(http.StatusOK)
	_, _ = w.Write(append(b, '\n'))
	return http.StatusOK, nil
}

func (s *Server) history(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	id := lifecycle.PartyID(r.PathValue("id"))
	if p := own(who, id); p != nil {
		return p.Status, p
	}
	recs, err := s.cfg.Register.History(r.Context(), commitment.PartyStream(id))
	if err != nil {
		return storeProblem(w, err)
	}
	if len(recs) == 0 {
		return fail(http.StatusNotFound, "party %s: %s", id, store.ErrNotFound)
	}
	out := make([]json.RawMessage, len(recs))
	for i, rec := range recs {
		out[i] = withRecord(rec)
	}
	return writeJSON(w, http.StatusOK, out)
}

// withRecord returns a stored event's JSON with its position in its stream
// and the time it was recorded added at the end, and nothing else changed.
func withRecord(rec store.Record) json.RawMessage {
	data := strings.TrimSpace(string(rec.Data))
	data = strings.TrimSuffix(data, "}")
	at, _ := json.Marshal(rec.RecordedAt.UTC().Format(time.RFC3339Nano))
	return json.RawMessage(fmt.Sprintf(`%s,"seq":%d,"recorded_at":%s}`, data, rec.Seq, at))
}

func (s *Server) agreement(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	id := lifecycle.AgreementID(r.PathValue("id"))
	var a lifecycle.JointAgreement
	err := s.cfg.Register.Read(r.Context(), func(reg *commitment.Register) error {
		var ok bool
		if a, ok = reg.Agreement(id); !ok {
			return fmt.Errorf("agreement %s: %w", id, store.ErrNotFound)
		}
		return nil
	})
	if !who.Kela() && (errors.Is(err, store.ErrNotFound) || err == nil && !a.Party(who.Party)) {
		return forbidden(readsOwn)
	}
	if err != nil {
		return storeProblem(w, err)
	}
	return writeJSON(w, http.StatusOK, a)
}

func (s *Server) app(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	id := lifecycle.AppID(r.PathValue("id"))
	holder, err := s.holder(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) && !who.Kela() {
		return forbidden(readsOwn)
	}
	if err != nil {
		return storeProblem(w, err)
	}
	if p := own(who, holder); p != nil {
		return p.Status, p
	}
	c, _, err := s.cfg.Register.Party(r.Context(), holder, time.Time{})
	if err != nil {
		return storeProblem(w, err)
	}
	a, _ := c.App(id)
	return writeJSON(w, http.StatusOK, a)
}

// obligationJSON is an obligation as the API writes it.
type obligationJSON struct {
	Party   lifecycle.PartyID `json:"party"`
	Subject string            `json:"subject,omitempty"`
	Due     notice.Date       `json:"due"`
	Rule    rules.Rule        `json:"rule"`
	Clauses []string          `json:"clauses"`
	Text    string            `json:"text"`
}

func (s *Server) obligations(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	q := r.URL.Query()
	from, err := notice.Parse(q.Get("from"))
	if err != nil {
		return fail(http.StatusBadRequest, "from: %s", err.Error())
	}
	to, err := notice.Parse(q.Get("to"))
	if err != nil {
		return fail(http.StatusBadRequest, "to: %s", err.Error())
	}
	if to.Before(from) {
		return fail(http.StatusBadRequest, "to %s is before from %s", to, from)
	}
	var obs []commitment.Obligation
	err = s.cfg.Register.Read(r.Context(), func(reg *commitment.Register) error {
		obs = reg.ObligationsDue(from, to)
		return nil
	})
	if err != nil {
		return storeProblem(w, err)
	}
	out := []obligationJSON{}
	for _, o := range obs {
		if !who.Kela() && o.Party != who.Party {
			continue
		}
		out = append(out, obligationJSON{Party: o.Party, Subject: o.Subject, Due: o.Due, Rule: o.Rule, Clauses: o.Rule.Citations(), Text: o.What})
	}
	slices.SortStableFunc(out, func(a, b obligationJSON) int {
		switch {
		case a.Due != b.Due:
			return a.Due.Compare(b.Due)
		case a.Party != b.Party:
			return strings.Compare(string(a.Party), string(b.Party))
		case a.Subject != b.Subject:
			return strings.Compare(a.Subject, b.Subject)
		}
		return strings.Compare(string(a.Rule), string(b.Rule))
	})
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) advance(w http.ResponseWriter, r *http.Request, who Identity) (int, *Problem) {
	if !who.Kela() {
		return forbidden("only Kela lets time pass for the register")
	}
	var in struct {
		To notice.Date `json:"to"`
	}
	if p := s.decodeJSON(w, r, &in); p != nil {
		return p.Status, p
	}
	if in.To.IsZero() {
		return fail(http.StatusBadRequest, "advance names the day time passes to: {\"to\": \"YYYY-MM-DD\"}")
	}
	n, err := s.cfg.Register.Advance(r.Context(), in.To)
	if err != nil {
		return storeProblem(w, err)
	}
	return writeJSON(w, http.StatusOK, map[string]int{"advanced": n})
}

func (s *Server) diagram(w http.ResponseWriter, r *http.Request, _ Identity) (int, *Problem) {
	m, err := lifecycle.MachineNamed(r.PathValue("machine"))
	if err != nil {
		return fail(http.StatusNotFound, "%s", err.Error())
	}
	q := r.URL.Query()
	param := func(name, def string) string {
		if v := q.Get(name); v != "" {
			return v
		}
		return def
	}
	f, err := engine.ParseFormat(param("format", string(engine.Mermaid)))
	if err != nil {
		return fail(http.StatusBadRequest, "format: %s", err.Error())
	}
	l, err := engine.ParseLang(param("lang", string(engine.English)))
	if err != nil {
		return fail(http.StatusBadRequest, "lang: %s", err.Error())
	}
	st, err := engine.ParseStyle(param("style", string(engine.Full)))
	if err != nil {
		return fail(http.StatusBadRequest, "style: %s", err.Error())
	}
	text, err := engine.Diagram(m.Describe(), f, l, st)
	if err != nil {
		return storeProblem(w, err)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	_, _ = io.WriteString(w, text)
	return http.StatusOK, nil
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if err := s.cfg.Register.Ping(r.Context()); err != nil {
		problem(http.StatusServiceUnavailable, "the database does not answer: "+notice.Excerpt(err.Error())).write(w)
		return
	}
	_, _ = writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}
