package server_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
	"github.com/kantakit/kanta/store"
)

// commandAnswer is the answer to an accepted command.
type commandAnswer struct {
	Events   []json.RawMessage `json:"events"`
	Versions map[string]int64  `json:"versions"`
}

// history returns a stream's events as GET .../history answers them.
func (f *fixture) history(party lifecycle.PartyID) []json.RawMessage {
	f.t.Helper()
	res := f.get(f.kela, "/v1/parties/"+string(party)+"/history")
	require.Equal(f.t, http.StatusOK, res.Status, "%s", res.Body)
	return decode[[]json.RawMessage](f.t, res)
}

// etag returns the ETag of a party's state.
func (f *fixture) etag(party lifecycle.PartyID) string {
	f.t.Helper()
	res := f.get(f.kela, "/v1/parties/"+string(party))
	require.Equal(f.t, http.StatusOK, res.Status, "%s", res.Body)
	return res.Header.Get("ETag")
}

// withRecord returns an event's JSON as the history shows it: with its
// position in its stream and the time it was recorded added at the end.
func withRecord(event json.RawMessage, seq int, at time.Time) string {
	s := string(event)
	return fmt.Sprintf(`%s,"seq":%d,"recorded_at":%q}`, s[:len(s)-1], seq, at.UTC().Format(time.RFC3339Nano))
}

// TestCommand_AcceptedEventsAreFoundAgainInTheHistory: the events of an
// accepted command are the last of its party's history, byte for byte,
// each with its position and the time it was recorded added and nothing
// else changed; the versions it answers are the ETag of the party's state.
func TestCommand_AcceptedEventsAreFoundAgainInTheHistory(t *testing.T) {
	f := newWorld(t)
	before := len(f.history(paa))
	res := f.command(f.kela, `{"on":"2025-03-03","party":"paa","do":"request-service","service":"imaging-data-repository","signatory":"trade-register","accepts":["service-description"]}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	at := f.clock.Now()
	assert.Equal(t, "application/json", res.Header.Get("Content-Type"))
	answer := decode[commandAnswer](t, res)
	require.NotEmpty(t, answer.Events)
	assert.Equal(t, map[string]int64{"party/paa": int64(before + len(answer.Events))}, answer.Versions)
	assert.Equal(t, strconv.Quote(strconv.Itoa(before+len(answer.Events))), f.etag(paa))

	history := f.history(paa)
	require.Len(t, history, before+len(answer.Events))
	for i, e := range answer.Events {
		seq := before + i + 1
		assert.Equal(t, withRecord(e, seq, at), string(history[seq-1]))
	}
	assert.Contains(t, string(answer.Events[0]), `"event":"request-service"`)
	assert.Contains(t, string(answer.Events[0]), `"subject":"imaging-data-repository"`)
}

// TestHistory_IsTheStoredEventsWithTheirRecord: each event of a history is
// the library's JSON as the store keeps it, byte for byte, with its seq and
// recorded_at added: also for text that JSON may escape.
func TestHistory_IsTheStoredEventsWithTheirRecord(t *testing.T) {
	f := newWorld(t)
	f.mustCommand(`{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys & <yö> \u2028 \"24/7\""}`)
	recs, err := f.store.Load(context.Background(), "party/paa", time.Time{})
	require.NoError(t, err)
	history := f.history(paa)
	require.Len(t, history, len(recs))
	for i, rec := range recs {
		assert.Equal(t, withRecord(rec.Data, int(rec.Seq), rec.RecordedAt), string(history[i]))
	}
	assert.Contains(t, string(history[len(history)-1]), "Päivystys")
}

// TestCommand_AgreementActTouchesTheAgreementAndBothParties: a signing
// names no party; it appends to the agreement's stream and marks it in both
// parties' histories, and each of its events is found in the stream it
// belongs to.
func TestCommand_AgreementActTouchesTheAgreementAndBothParties(t *testing.T) {
	f := newWorld(t)
	main, tenant := len(f.history(paa)), len(f.history(kolmas))
	res := f.command(f.kela, `{"on":"2025-03-03","do":"sign-joint-agreement","agreement":"toinen","main":"paa","tenant":"kolmas","services":["prescription"]}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	at := f.clock.Now()
	answer := decode[commandAnswer](t, res)
	assert.Equal(t, map[string]int64{"agreement/toinen": 2, "party/paa": int64(main + 1), "party/kolmas": int64(tenant + 1)}, answer.Versions)
	assert.Equal(t, strconv.Quote(strconv.Itoa(main+1)), f.etag(paa))
	assert.Equal(t, strconv.Quote(strconv.Itoa(tenant+1)), f.etag(kolmas))

	require.Len(t, answer.Events, 4)
	assert.Equal(t, withRecord(answer.Events[0], main+1, at), string(f.history(paa)[main]))
	assert.Equal(t, withRecord(answer.Events[1], tenant+1, at), string(f.history(kolmas)[tenant]))

	var a lifecycle.JointAgreement
	res = f.get(f.kela, "/v1/agreements/toinen")
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	require.NoError(t, json.Unmarshal(res.Body, &a))
	assert.Equal(t, lifecycle.InForce, a.State)
	assert.Equal(t, paa, a.Main)
	assert.Equal(t, kolmas, a.Tenant)

	res = f.command(f.tokens[paa], `{"on":"2025-03-10","do":"end-production-agreement","agreement":"toinen"}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Contains(t, decode[commandAnswer](t, res).Versions, "agreement/toinen")
	a = decode[lifecycle.JointAgreement](t, f.get(f.kela, "/v1/agreements/toinen"))
	assert.Equal(t, lifecycle.Ended, a.State)
}

// TestCommand_AppActNamingOnlyTheAppRunsOnItsHolder: an app act that names
// no party runs on the party that holds the app, and only there.
func TestCommand_AppActNamingOnlyTheAppRunsOnItsHolder(t *testing.T) {
	f := newWorld(t)
	vendor := len(f.history(sovellustalo))
	res := f.command(f.kela, `{"on":"2025-03-03","do":"suspend-app","app":"uniapp","reason":"breach of the terms"}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	answer := decode[commandAnswer](t, res)
	assert.Equal(t, map[string]int64{"party/sovellustalo": int64(vendor + len(answer.Events))}, answer.Versions)
	app := decode[lifecycle.App](t, f.get(f.kela, "/v1/apps/uniapp"))
	assert.Equal(t, lifecycle.Suspended, app.State)

	res = f.command(f.tokens[sovellustalo], `{"on":"2025-03-10","do":"demonstrate-app-correction","app":"uniapp"}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	app = decode[lifecycle.App](t, f.get(f.tokens[sovellustalo], "/v1/apps/uniapp"))
	assert.Equal(t, lifecycle.Production, app.State)
}

// TestCommand_AnAppBelongsToOneVendor: another vendor registering an app
// that one already holds is bad input and changes nothing, so an app act
// that names only the app has one party to run on.
func TestCommand_AnAppBelongsToOneVendor(t *testing.T) {
	f := newWorld(t)
	f.addParties("toinentalo app-vendor")
	before := f.stored()
	res := f.command(f.kela, `{"on":"2025-03-03","party":"toinentalo","do":"register-app","app":"uniapp","signatory":"trade-register"}`)
	requireProblem(t, res, http.StatusBadRequest, "one vendor")
	assert.Equal(t, before, f.stored())
}

// TestCommand_RefusedIsAProblemCitingItsRules: a refusal by the terms is
// 409 with the first blocker's rule, every rule once in the blockers'
// order, their clauses and the blockers; nothing is stored.
func TestCommand_RefusedIsAProblemCitingItsRules(t *testing.T) {
	f := newWorld(t)
	before := f.stored()
	res := f.command(f.kela, `{"on":"2025-03-03","party":"uusi","do":"request-service","service":"prescription","signatory":"none","accepts":["commitment"]}`)
	p := requireProblem(t, res, http.StatusConflict, "request-service of prescription refused")
	assert.Equal(t, "urn:kanta:refused", p.Type)
	assert.Equal(t, "refused by the terms", p.Title)
	assert.Equal(t, "S1", p.Rule)
	assert.Equal(t, []string{"S1", "C1", "C4"}, p.Rules)
	assert.Equal(t, rules.Citations(rules.S1, rules.C1, rules.C4), p.Clauses)
	require.Len(t, p.Blockers, 3)
	for i, r := range p.Rules {
		assert.Equal(t, r, p.Blockers[i].Rule)
		assert.NotEmpty(t, p.Blockers[i].Reason)
	}
	assert.Equal(t, before, f.stored())
}

// TestCommand_RefusalOfATerminatedServiceCitesS6: a refusal whose rule is
// the state's, through the service.
func TestCommand_RefusalOfATerminatedServiceCitesS6(t *testing.T) {
	f := newWorld(t)
	f.mustCommand(`{"on":"2025-03-03","party":"paa","do":"terminate-by-authority","service":"prescription"}`)
	p := requireProblem(t, f.command(f.kela, `{"on":"2025-03-04","party":"paa","do":"suspend-service","service":"prescription","reason":"endangers"}`), http.StatusConflict)
	assert.Equal(t, "S6", p.Rule)
	assert.Equal(t, rules.S6.Citations(), p.Clauses)
}

// contended is a store on which another writer always appended first:
// every append is a conflict.
type contended struct{ store.Store }

func (contended) Append(context.Context, store.Command) (store.Appended, error) {
	return store.Appended{}, &store.ConflictError{Stream: "party/paa", Expected: 1, Actual: 2}
}

// TestCommand_ConflictOnEveryRetryIsRetryLater: a command that meets a
// conflict on every attempt is 503 with Retry-After, and nothing is
// stored.
func TestCommand_ConflictOnEveryRetryIsRetryLater(t *testing.T) {
	f := newWorld(t)
	before := f.stored()
	f.reopen(contended{f.store})
	res := f.command(f.kela, `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`)
	requireProblem(t, res, http.StatusServiceUnavailable)
	assert.NotEmpty(t, res.Header.Get("Retry-After"))
	assert.Equal(t, before, f.stored())
}

// TestCommand_ConcurrentCommandsAreEachAppliedOnce: commands sent at once
// on one party are each applied, one after another: every answer names a
// version of its own, and the party's last version is the sum of them.
func TestCommand_ConcurrentCommandsAreEachAppliedOnce(t *testing.T) {
	f := newWorld(t)
	base := f.streams()["party/paa"]
	const n = 16
	answers := make(chan response, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := httptest.NewRequest(http.MethodPost, "/v1/commands", strings.NewReader(fmt.Sprintf(
				`{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys %d"}`, i)))
			r.Header.Set("Authorization", "Bearer "+f.kela)
			w := httptest.NewRecorder()
			f.srv.ServeHTTP(w, r)
			answers <- response{Status: w.Code, Body: w.Body.Bytes()}
		}()
	}
	wg.Wait()
	close(answers)
	seen := map[int64]bool{}
	var events int64
	for res := range answers {
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		a := decode[commandAnswer](t, res)
		v := a.Versions["party/paa"]
		assert.False(t, seen[v], "version %d answered twice", v)
		seen[v] = true
		events += int64(len(a.Events))
	}
	assert.Equal(t, base+events, f.streams()["party/paa"])
	assert.Equal(t, strconv.Quote(strconv.FormatInt(base+events, 10)), f.etag(paa))
}

// TestReplicas_EachServesWhatTheOtherWrote: two services on one store,
// as two replicas on one database: each reads and decides on what the
// other appended.
func TestReplicas_EachServesWhatTheOtherWrote(t *testing.T) {
	a := newWorld(t)
	b := *a
	b.reopen(a.store)

	res := a.command(a.kela, `{"on":"2025-03-03","do":"sign-joint-agreement","agreement":"toinen","main":"paa","tenant":"kolmas","services":["prescription"]}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, lifecycle.InForce, decode[lifecycle.JointAgreement](t, b.get(b.tokens[kolmas], "/v1/agreements/toinen")).State)
	assert.Equal(t, a.etag(paa), b.etag(paa))

	res = b.command(b.tokens[paa], `{"on":"2025-03-04","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	obs := decode[[]obligation](t, a.get(a.tokens[paa], "/v1/obligations?from=2025-06-02&to=2025-06-02"))
	assert.NotEmpty(t, obs)

	res = a.command(a.kela, `{"on":"2025-03-05","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-07-01","reason":"other-change"}`)
	requireProblem(t, res, http.StatusConflict)
	res = b.command(b.kela, `{"on":"2025-03-05","do":"end-production-agreement","agreement":"toinen"}`)
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	assert.Equal(t, lifecycle.Ended, decode[lifecycle.JointAgreement](t, a.get(a.kela, "/v1/agreements/toinen")).State)
}

// TestAddParty_RegistersOnceWithItsLocation.
func TestAddParty_RegistersOnceWithItsLocation(t *testing.T) {
	f := newFixture(t)
	res := f.post(f.kela, "/v1/parties", `{"id":"paa","kind":"private-health-care-provider","soteri":true,"name":"Pää Oy"}`)
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	assert.Equal(t, "/v1/parties/paa", res.Header.Get("Location"))
	assert.JSONEq(t, `{"id":"paa","kind":"private-health-care-provider","soteri":true,"name":"Pää Oy"}`, string(res.Body))
	assert.Equal(t, `"1"`, f.etag("paa"))
	var state struct {
		Customer struct {
			ID     string `json:"id"`
			Name   string `json:"name"`
			Kind   string `json:"kind"`
			Soteri bool   `json:"soteri"`
		} `json:"customer"`
	}
	require.NoError(t, json.Unmarshal(f.get(f.kela, "/v1/parties/paa").Body, &state))
	assert.Equal(t, "Pää Oy", state.Customer.Name)
	assert.True(t, state.Customer.Soteri)

	before := f.stored()
	requireProblem(t, f.post(f.kela, "/v1/parties", `{"id":"paa","kind":"pharmacist"}`), http.StatusConflict, "paa")
	assert.Equal(t, before, f.stored())
}

// TestAddParty_ExistingIdIsNotARefusalByTheTerms: the 409 of a party
// registered twice is a conflict with the register, not a refusal by the
// terms: it has no rule, so it must not carry the refusal's problem type,
// which a client reads to find the rule and clauses.
func TestAddParty_ExistingIdIsNotARefusalByTheTerms(t *testing.T) {
	f := newFixture(t)
	f.addParties("paa pharmacist")
	p := requireProblem(t, f.post(f.kela, "/v1/parties", `{"id":"paa","kind":"pharmacist"}`), http.StatusConflict)
	assert.NotEqual(t, "urn:kanta:refused", p.Type, "a duplicate party typed as a refusal by the terms, titled %q", p.Title)
}

// TestBadInput_IsAProblemThatChangesNothing: every malformed request is
// answered with problem details naming what is wrong, and nothing is
// stored.
func TestBadInput_IsAProblemThatChangesNothing(t *testing.T) {
	huge := `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"` + strings.Repeat("x", 10<<20) + `"}`
	longKey := strings.Repeat("k", 201)
	cases := []struct {
		name   string
		req    request
		status int
		detail string
	}{
		// Commands.
		{"malformed JSON", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":`}, 400, "malformed"},
		{"a list", request{Method: http.MethodPost, Path: "/v1/commands", Body: `[]`}, 400, "mapping"},
		{"an empty body", request{Method: http.MethodPost, Path: "/v1/commands"}, 400, ""},
		{"an unknown field", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"approve-service","service":"patient-data-repository","colour":"red"}`}, 400, "colour"},
		{"an expectation", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"approve-service","service":"patient-data-repository","expect":{"refused":true}}`}, 400, "expect"},
		{"a field twice", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"approve-service","service":"patient-data-repository","on":"2025-03-04"}`}, 400, "twice"},
		{"a 10 MB body", request{Method: http.MethodPost, Path: "/v1/commands", Body: huge}, 413, "at most"},
		{"an unknown party", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"nobody","do":"name-contact","role":"disruption-notice","name":"P"}`}, 404, "nobody"},
		{"an unknown app", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","do":"suspend-app","app":"nope","reason":"breach"}`}, 404, "nope"},
		{"an unknown agreement", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","do":"end-production-agreement","agreement":"nope"}`}, 400, "nope"},
		{"an unknown act", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"fly"}`}, 400, "fly"},
		{"no act", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa"}`}, 400, ""},
		{"no day", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"party":"paa","do":"name-contact","role":"disruption-notice","name":"P"}`}, 400, "on"},
		{"a customer's act naming no party", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","do":"name-contact","role":"disruption-notice","name":"P"}`}, 400, "party"},
		{"an unknown service", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"approve-service","service":"nope"}`}, 400, "nope"},
		{"a malformed day", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"3.3.2025","party":"paa","do":"approve-service","service":"patient-data-repository"}`}, 400, "3.3.2025"},
		{"30 February", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-02-30","party":"paa","do":"approve-service","service":"patient-data-repository"}`}, 400, "2025-02-30"},
		{"month 13", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-13-01","party":"paa","do":"approve-service","service":"patient-data-repository"}`}, 400, "2025-13-01"},
		{"year 0", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"0000-01-01","party":"paa","do":"approve-service","service":"patient-data-repository"}`}, 400, "0000-01-01"},
		{"year 10000", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"10000-01-01","party":"paa","do":"approve-service","service":"patient-data-repository"}`}, 400, "10000"},
		{"31 June as the effective day", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-31","reason":"other-change"}`}, 400, "2025-06-31"},
		{"an effective day before the act", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-03-01","reason":"other-change"}`}, 400, "effective"},
		{"a day before the history", request{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-01-01","party":"paa","do":"name-contact","role":"disruption-notice","name":"P"}`}, 400, "date order"},
		{"an Idempotency-Key over 200 bytes", request{Method: http.MethodPost, Path: "/v1/commands", Header: map[string]string{"Idempotency-Key": longKey},
			Body: `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"P"}`}, 400, "200 bytes"},

		// Parties.
		{"a party in malformed JSON", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"uusi-2",`}, 400, "malformed JSON"},
		{"a party with an unknown field", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"uusi-2","kind":"pharmacist","vat":"FI123"}`}, 400, "vat"},
		{"a party of an unknown kind", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"uusi-2","kind":"bank"}`}, 400, "bank"},
		{"a party without an id", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"kind":"pharmacist"}`}, 400, "id"},
		{"a party id with a slash", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"a/b","kind":"pharmacist"}`}, 400, "slash"},
		{"two parties", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"a","kind":"pharmacist"}{"id":"b","kind":"pharmacist"}`}, 400, "trailing"},
		{"a 10 MB party", request{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"uusi-2","kind":"pharmacist","name":"` + strings.Repeat("x", 10<<20) + `"}`}, 413, "at most"},

		// Advance.
		{"advance without a day", request{Method: http.MethodPost, Path: "/v1/advance", Body: `{}`}, 400, "to"},
		{"advance to 30 February", request{Method: http.MethodPost, Path: "/v1/advance", Body: `{"to":"2025-02-30"}`}, 400, "2025-02-30"},
		{"advance to a malformed day", request{Method: http.MethodPost, Path: "/v1/advance", Body: `{"to":"tomorrow"}`}, 400, "tomorrow"},
		{"advance with an unknown field", request{Method: http.MethodPost, Path: "/v1/advance", Body: `{"to":"2025-06-01","from":"2025-01-01"}`}, 400, "from"},
		{"advance with a 10 MB body", request{Method: http.MethodPost, Path: "/v1/advance", Body: `{"to":"2025-06-01"}` + strings.Repeat(" ", 10<<20)}, 413, "at most"},

		// Reads.
		{"an unknown party's state", request{Method: http.MethodGet, Path: "/v1/parties/nobody"}, 404, "nobody"},
		{"an unknown party's history", request{Method: http.MethodGet, Path: "/v1/parties/nobody/history"}, 404, "nobody"},
		{"an unknown agreement", request{Method: http.MethodGet, Path: "/v1/agreements/nope"}, 404, "nope"},
		{"an unknown app", request{Method: http.MethodGet, Path: "/v1/apps/nope"}, 404, "nope"},
		{"as_known_on a day", request{Method: http.MethodGet, Path: "/v1/parties/paa?as_known_on=2025-01-20"}, 400, "RFC 3339"},
		{"as_known_on without a zone", request{Method: http.MethodGet, Path: "/v1/parties/paa?as_known_on=2025-01-20T12:00:00"}, 400, "RFC 3339"},
		{"as_known_on in words", request{Method: http.MethodGet, Path: "/v1/parties/paa?as_known_on=yesterday"}, 400, "yesterday"},
		{"as_known_on in the future", request{Method: http.MethodGet, Path: "/v1/parties/paa?as_known_on=2030-01-01T00:00:00Z"}, 400, "future"},
		{"obligations without from", request{Method: http.MethodGet, Path: "/v1/obligations?to=2025-12-31"}, 400, "from"},
		{"obligations without to", request{Method: http.MethodGet, Path: "/v1/obligations?from=2025-01-01"}, 400, "to"},
		{"obligations from 31 April", request{Method: http.MethodGet, Path: "/v1/obligations?from=2025-04-31&to=2025-12-31"}, 400, "2025-04-31"},
		{"obligations ending before they start", request{Method: http.MethodGet, Path: "/v1/obligations?from=2025-12-31&to=2025-01-01"}, 400, "before"},
		{"an unknown machine", request{Method: http.MethodGet, Path: "/v1/diagrams/rocket"}, 404, "rocket"},
		{"an unknown format", request{Method: http.MethodGet, Path: "/v1/diagrams/service?format=svg"}, 400, "svg"},
		{"an unknown language", request{Method: http.MethodGet, Path: "/v1/diagrams/service?lang=de"}, 400, "de"},
		{"an unknown style", request{Method: http.MethodGet, Path: "/v1/diagrams/service?style=fancy"}, 400, "fancy"},
		{"an unknown route", request{Method: http.MethodGet, Path: "/v2/parties/paa"}, 404, "docs/service.md"},
	}
	f := newWorld(t)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.stored()
			req := c.req
			req.Token = f.kela
			f.clock.Add(time.Minute)
			requireProblem(t, f.serve(req), c.status, c.detail)
			assert.Equal(t, before, f.stored())
		})
	}
}

// TestBadInput_IdempotencyKeyNotUTF8: a key the store cannot keep is the
// client's mistake, answered 400 like a key that is too long, not a fault
// of the service.
func TestBadInput_IdempotencyKeyNotUTF8(t *testing.T) {
	f := newWorld(t)
	before := f.stored()
	res := f.serve(request{Method: http.MethodPost, Path: "/v1/commands", Token: f.kela, Header: map[string]string{"Idempotency-Key": "key-\xff"},
		Body: `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"P"}`})
	requireProblem(t, res, http.StatusBadRequest, "Idempotency-Key")
	assert.Equal(t, before, f.stored())
}

// keyed sends body as Kela with an Idempotency-Key.
func (f *fixture) keyed(token, key, body string) response {
	f.t.Helper()
	f.clock.Add(time.Minute)
	return f.serve(request{Method: http.MethodPost, Path: "/v1/commands", Body: body, Token: token, Header: map[string]string{"Idempotency-Key": key}})
}

// TestIdempotency_AcceptedAnswerIsGivenAgain: the same key and body give
// the first answer again, marked as replayed, and append nothing.
func TestIdempotency_AcceptedAnswerIsGivenAgain(t *testing.T) {
	f := newWorld(t)
	const body = `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`
	first := f.keyed(f.kela, "k-1", body)
	require.Equal(t, http.StatusOK, first.Status, "%s", first.Body)
	assert.Empty(t, first.Header.Get("Idempotent-Replayed"))
	stored := f.stored()

	again := f.keyed(f.kela, "k-1", body)
	assert.Equal(t, http.StatusOK, again.Status)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(first.Body), string(again.Body))
	assert.Equal(t, stored, f.stored())

	t.Run("another client's key is not its own", func(t *testing.T) {
		// The party sends the same key: it is not Kela's command replayed
		// (nor a reuse refused with 422), but the party's own, decided anew.
		res := f.keyed(f.tokens[paa], "k-1", body)
		assert.Empty(t, res.Header.Get("Idempotent-Replayed"))
		requireProblem(t, res, http.StatusConflict, "already named")
		other := f.keyed(f.tokens[paa], "k-1", `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"communications","name":"Viestintä"}`)
		assert.Equal(t, http.StatusUnprocessableEntity, other.Status, "the party's own key, now used, is reused with other content")
		assert.Equal(t, string(first.Body), string(f.keyed(f.kela, "k-1", body).Body), "Kela's answer stays Kela's")
	})
	t.Run("without a key the command is decided again", func(t *testing.T) {
		res := f.command(f.kela, body)
		assert.NotEqual(t, string(first.Body), string(res.Body))
	})
}

// TestIdempotency_RefusedAnswerIsGivenAgain: a refusal is stored with its
// key and given again, even once the state has changed so that the same
// command would now be accepted.
func TestIdempotency_RefusedAnswerIsGivenAgain(t *testing.T) {
	f := newWorld(t)
	const body = `{"on":"2025-03-10","party":"paa","do":"demonstrate-correction","service":"prescription"}`
	first := f.keyed(f.kela, "k-2", body)
	requireProblem(t, first, http.StatusConflict)
	f.mustCommand(`{"on":"2025-03-03","party":"paa","do":"suspend-service","service":"prescription","reason":"endangers"}`)
	stored := f.stored()

	again := f.keyed(f.kela, "k-2", body)
	requireProblem(t, again, http.StatusConflict)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
	assert.Equal(t, string(first.Body), string(again.Body))
	assert.Equal(t, stored, f.stored())

	res := f.keyed(f.kela, "k-3", body)
	assert.Equal(t, http.StatusOK, res.Status, "the command itself is accepted now: %s", res.Body)
}

// TestIdempotency_KeyWithAnotherBodyIsRefused: a key used for another
// command is 422, and the first command's answer stays the key's.
func TestIdempotency_KeyWithAnotherBodyIsRefused(t *testing.T) {
	f := newWorld(t)
	const body = `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`
	first := f.keyed(f.kela, "k-4", body)
	require.Equal(t, http.StatusOK, first.Status, "%s", first.Body)
	stored := f.stored()
	for _, other := range []string{
		`{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Yöpäivystys"}`,
		`{"on":"2025-03-04","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`,
		`{"on":"2025-03-03","party":"vieras","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`,
		`{"on":"2025-03-03","party":"paa","do":"notify-change","rule":"contact-change"}`,
	} {
		requireProblem(t, f.keyed(f.kela, "k-4", other), http.StatusUnprocessableEntity, "Idempotency-Key")
		assert.Equal(t, stored, f.stored())
	}
	again := f.keyed(f.kela, "k-4", body)
	assert.Equal(t, string(first.Body), string(again.Body))
}

// TestIdempotency_OnlyDecidedAnswersAreStored: a key sent with bad input
// (400), an unknown party (404) or a forbidden act (403) is not spent: the
// same key then serves a command that is decided afresh.
func TestIdempotency_OnlyDecidedAnswersAreStored(t *testing.T) {
	const good = `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`
	cases := []struct {
		name   string
		token  lifecycle.PartyID // "" is Kela
		body   string
		status int
	}{
		{"malformed", "", `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice"`, 400},
		{"invalid act", "", `{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-03-01","reason":"other-change"}`, 400},
		{"unknown party", "", `{"on":"2025-03-03","party":"nobody","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`, 404},
		{"forbidden", vieras, good, 403},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newWorld(t)
			token := f.kela
			if c.token != "" {
				token = f.tokens[c.token]
			}
			requireProblem(t, f.keyed(token, "k-5", c.body), c.status)
			res := f.keyed(f.kela, "k-5", good)
			assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
			assert.Empty(t, res.Header.Get("Idempotent-Replayed"))
		})
	}
}

// TestIdempotency_KeyOfTwoHundredBytesIsKept: the longest key allowed.
func TestIdempotency_KeyOfTwoHundredBytesIsKept(t *testing.T) {
	f := newWorld(t)
	key := strings.Repeat("k", 200)
	const body = `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`
	first := f.keyed(f.kela, key, body)
	require.Equal(t, http.StatusOK, first.Status, "%s", first.Body)
	again := f.keyed(f.kela, key, body)
	assert.Equal(t, "true", again.Header.Get("Idempotent-Replayed"))
}

// obligation is one obligation as the API writes it.
type obligation struct {
	Party   lifecycle.PartyID `json:"party"`
	Subject string            `json:"subject"`
	Due     string            `json:"due"`
	Rule    rules.Rule        `json:"rule"`
	Clauses []string          `json:"clauses"`
	Text    string            `json:"text"`
}

// TestObligations_OrderedByDueDayThenParty: obligations of several parties
// on several days, from notices given in another order, come by due day,
// then party; the range includes both ends.
func TestObligations_OrderedByDueDayThenParty(t *testing.T) {
	f := newWorld(t)
	f.mustCommand(
		`{"on":"2025-03-03","party":"vieras","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`,
		`{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`,
		`{"on":"2025-03-03","party":"paa","do":"withdraw-application","service":"patient-data-repository"}`,
		`{"on":"2025-03-03","party":"apteekkari","do":"give-termination-notice","service":"prescription","effective":"2025-05-05","reason":"other-change"}`,
		`{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`,
	)
	type key struct {
		Due     string
		Party   lifecycle.PartyID
		Subject string
		Rule    rules.Rule
	}
	keys := func(obs []obligation) []key {
		out := make([]key, len(obs))
		for i, o := range obs {
			out[i] = key{o.Due, o.Party, o.Subject, o.Rule}
		}
		return out
	}
	res := f.get(f.kela, "/v1/obligations?from=2025-01-01&to=2025-12-31")
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	obs := decode[[]obligation](t, res)
	assert.Equal(t, []key{
		{"2025-05-02", sovellustalo, "uniapp", rules.A5},
		{"2025-05-05", apteekkari, "prescription", rules.S5b},
		{"2025-06-02", paa, "prescription", rules.S5b},
		{"2025-06-02", paa, "yhteinen", rules.J3},
		{"2025-06-02", vieras, "prescription", rules.S5b},
		{"2025-09-03", "kela", "patient-data-repository", rules.R4},
	}, keys(obs))
	for _, o := range obs {
		assert.Equal(t, o.Rule.Citations(), o.Clauses)
		assert.NotEmpty(t, o.Text)
	}

	inner := decode[[]obligation](t, f.get(f.kela, "/v1/obligations?from=2025-05-05&to=2025-06-02"))
	assert.Equal(t, keys(obs[1:5]), keys(inner))
	none := f.get(f.kela, "/v1/obligations?from=2025-06-03&to=2025-09-02")
	assert.JSONEq(t, `[]`, string(none.Body))
}

// TestAdvance_CountsTheStreamsThatChanged: time passing changes the streams
// with something due by then, each counted once; advancing again to the
// same day changes nothing.
func TestAdvance_CountsTheStreamsThatChanged(t *testing.T) {
	f := newWorld(t)
	f.mustCommand(
		`{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`,
		`{"on":"2025-03-03","party":"apteekkari","do":"give-termination-notice","service":"prescription","effective":"2025-05-05","reason":"other-change"}`,
		`{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`,
		`{"on":"2025-03-03","party":"vieras","do":"give-termination-notice","service":"prescription","effective":"2025-09-01","reason":"other-change"}`,
	)
	advance := func(to string) (int, []string) {
		t.Helper()
		before := f.streams()
		res := f.post(f.kela, "/v1/advance", `{"to":"`+to+`"}`)
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		var n struct {
			Advanced int `json:"advanced"`
		}
		require.NoError(t, json.Unmarshal(res.Body, &n))
		var changed []string
		for s, v := range f.streams() {
			if before[s] != v {
				changed = append(changed, s)
			}
		}
		return n.Advanced, changed
	}

	n, changed := advance("2025-05-01")
	assert.Equal(t, 0, n)
	assert.Empty(t, changed)

	n, changed = advance("2025-06-02")
	assert.Equal(t, len(changed), n, "streams changed: %v", changed)
	assert.Subset(t, changed, []string{"party/paa", "party/apteekkari", "party/sovellustalo"})
	assert.NotContains(t, changed, "party/vieras")

	n, changed = advance("2025-06-02")
	assert.Equal(t, 0, n)
	assert.Empty(t, changed)

	app := decode[lifecycle.App](t, f.get(f.kela, "/v1/apps/uniapp"))
	assert.Equal(t, lifecycle.Withdrawn, app.State)
}

// TestDiagrams_EveryMachineFormatAndLanguage: each diagram is the one
// engine.Diagram draws of the same machine, which `kanta diagram` prints
// too; without parameters it is the Mermaid diagram in English, in full.
func TestDiagrams_EveryMachineFormatAndLanguage(t *testing.T) {
	f := newWorld(t)
	for _, name := range lifecycle.MachineNames() {
		m, err := lifecycle.MachineNamed(name)
		require.NoError(t, err)
		for _, format := range engine.Formats() {
			for _, lang := range engine.Langs() {
				for _, style := range engine.Styles() {
					want, err := engine.Diagram(m.Describe(), format, lang, style)
					require.NoError(t, err)
					q := url.Values{"format": {string(format)}, "lang": {string(lang)}, "style": {string(style)}}
					res := f.get(f.tokens[vieras], "/v1/diagrams/"+name+"?"+q.Encode())
					require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
					assert.Equal(t, "text/plain; charset=utf-8", res.Header.Get("Content-Type"))
					assert.Equal(t, want, string(res.Body), "%s %s %s %s", name, format, lang, style)
				}
			}
		}
		want, err := engine.Diagram(m.Describe(), engine.Mermaid, engine.English, engine.Full)
		require.NoError(t, err)
		assert.Equal(t, want, string(f.get(f.kela, "/v1/diagrams/"+name).Body))
	}
}

// TestHealthz_AnswersWhileTheStoreDoes: 200 while the store answers, 503
// with problem details once it does not.
func TestHealthz_AnswersWhileTheStoreDoes(t *testing.T) {
	f := newWorld(t)
	res := f.get("", "/healthz")
	assert.Equal(t, http.StatusOK, res.Status)
	assert.JSONEq(t, `{"status":"ok"}`, string(res.Body))
	require.NoError(t, f.store.Close())
	requireProblem(t, f.get("", "/healthz"), http.StatusServiceUnavailable, "database")
}

// TestAsKnownOn_StateAsItWasRecorded: a party's state as known at an
// earlier time is replayed from the events recorded by then, with that
// version as its ETag; before the party existed it is not found, and a
// time in the future is refused.
func TestAsKnownOn_StateAsItWasRecorded(t *testing.T) {
	f := newFixture(t, paa)
	f.addParties("paa private-health-care-provider")
	registered := f.clock.Now()
	f.mustCommand(`{"on":"2025-01-10","party":"paa","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`)
	requested := f.clock.Now()
	f.clock.Add(time.Hour)
	f.mustCommand(`{"on":"2025-01-20","party":"paa","do":"approve-service","service":"prescription"}`)
	approved := f.clock.Now()
	f.clock.Add(time.Hour)

	type state struct {
		Customership struct {
			State string `json:"state"`
		} `json:"customership"`
		Services []struct {
			Service string `json:"service"`
			State   string `json:"state"`
		} `json:"services"`
	}
	asKnownOn := func(at string) response {
		t.Helper()
		return f.get(f.tokens[paa], "/v1/parties/paa?as_known_on="+url.QueryEscape(at))
	}
	current := f.get(f.kela, "/v1/parties/paa")
	require.Equal(t, http.StatusOK, current.Status)
	versions := map[string]string{}
	for at, want := range map[time.Time]struct{ customership, service string }{
		registered:                      {"", ""},
		requested:                       {"applied", "requested"},
		approved.Add(-time.Second):      {"applied", "requested"},
		approved:                        {"active", "active"},
		f.clock.Now():                   {"active", "active"},
		requested.Add(30 * time.Minute): {"applied", "requested"},
	} {
		stamp := at.Format(time.RFC3339)
		t.Run(stamp, func(t *testing.T) {
			res := asKnownOn(stamp)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
			s := decode[state](t, res)
			assert.Equal(t, want.customership, s.Customership.State)
			if want.service == "" {
				assert.Empty(t, s.Services)
			} else {
				require.Len(t, s.Services, 1)
				assert.Equal(t, want.service, s.Services[0].State)
			}
			versions[stamp] = res.Header.Get("ETag")
		})
	}
	assert.Equal(t, `"1"`, versions[registered.Format(time.RFC3339)])
	assert.Equal(t, current.Header.Get("ETag"), versions[f.clock.Now().Format(time.RFC3339)])
	assert.Equal(t, string(current.Body), string(asKnownOn(f.clock.Now().Format(time.RFC3339)).Body))

	t.Run("the same instant in another zone", func(t *testing.T) {
		helsinki := time.FixedZone("EET", 2*60*60)
		res := asKnownOn(requested.In(helsinki).Format(time.RFC3339))
		require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		assert.Equal(t, versions[requested.Format(time.RFC3339)], res.Header.Get("ETag"))
	})
	t.Run("before the party existed", func(t *testing.T) {
		requireProblem(t, asKnownOn(registered.Add(-time.Second).Format(time.RFC3339)), http.StatusNotFound)
	})
	t.Run("in the future", func(t *testing.T) {
		requireProblem(t, asKnownOn(f.clock.Now().Add(time.Second).Format(time.RFC3339)), http.StatusBadRequest, "future")
	})
}

// A path the service serves, asked with another method, is 405 with the
// methods it allows, and changes nothing; a path it does not serve is 404.
func TestRouting_AnotherMethodIsNotAllowedAndAnotherPathNotFound(t *testing.T) {
	f := newFixture(t, paa)
	f.addParties("paa private-health-care-provider")
	before := f.stored()
	for _, tc := range []struct{ method, path, allow string }{
		{http.MethodGet, "/v1/commands", "POST"},
		{http.MethodPut, "/v1/parties", "POST"},
		{http.MethodDelete, "/v1/parties/paa", "GET, HEAD"},
		{http.MethodPost, "/v1/parties/paa/history", "GET, HEAD"},
		{http.MethodPost, "/v1/obligations", "GET, HEAD"},
		{http.MethodGet, "/v1/advance", "POST"},
		{http.MethodPatch, "/v1/diagrams/service", "GET, HEAD"},
		{http.MethodPost, "/healthz", "GET, HEAD"},
	} {
		res := f.serve(request{Method: tc.method, Path: tc.path, Token: f.kela, Body: `{}`})
		requireProblem(t, res, http.StatusMethodNotAllowed, tc.method, tc.path)
		assert.Equal(t, tc.allow, res.Header.Get("Allow"), "%s %s", tc.method, tc.path)
	}
	assert.Equal(t, before, f.stored(), "a request with another method changes nothing")

	for _, path := range []string{"/v1/nothing", "/v2/commands", "/v1/parties/paa/contacts"} {
		res := f.get(f.kela, path)
		requireProblem(t, res, http.StatusNotFound, "no such resource")
		assert.Empty(t, res.Header.Get("Allow"), path)
	}
	assert.Equal(t, http.StatusOK, f.serve(request{Method: http.MethodHead, Path: "/v1/parties/paa", Token: f.kela}).Status, "GET serves HEAD")
}
