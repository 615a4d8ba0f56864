package server_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/server"
)

// The parties of the access tests' world.
const (
	paa          lifecycle.PartyID = "paa"          // a main connector with prescription active, patient data repository requested
	vuokralainen lifecycle.PartyID = "vuokralainen" // paa's tenant under agreement yhteinen
	kolmas       lifecycle.PartyID = "kolmas"       // a tenant-to-be
	sovellustalo lifecycle.PartyID = "sovellustalo" // an app vendor with uniapp in production
	apteekkari   lifecycle.PartyID = "apteekkari"   // a pharmacist with prescription active
	uusi         lifecycle.PartyID = "uusi"         // a party with no commitment, to receive a transfer
	vieras       lifecycle.PartyID = "vieras"       // a party that nothing here concerns
)

// newWorld returns a service holding the access tests' world, built by
// Kela, with a token for each of its parties.
func newWorld(t *testing.T) *fixture {
	t.Helper()
	f := newFixture(t, paa, vuokralainen, kolmas, sovellustalo, apteekkari, uusi, vieras)
	f.addParties(
		"paa private-health-care-provider soteri",
		"vuokralainen private-health-care-provider soteri",
		"kolmas private-health-care-provider soteri",
		"sovellustalo app-vendor",
		"apteekkari pharmacist",
		"uusi private-health-care-provider",
		"vieras private-health-care-provider soteri",
	)
	f.mustCommand(
		`{"on":"2025-01-10","party":"paa","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`,
		`{"on":"2025-01-10","party":"paa","do":"request-service","service":"patient-data-repository","signatory":"trade-register","accepts":["service-description"]}`,
		`{"on":"2025-01-10","party":"apteekkari","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`,
		`{"on":"2025-01-10","party":"vieras","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`,
		`{"on":"2025-01-13","party":"sovellustalo","do":"register-app","app":"uniapp","signatory":"trade-register"}`,
		`{"on":"2025-01-20","party":"paa","do":"approve-service","service":"prescription"}`,
		`{"on":"2025-01-20","party":"apteekkari","do":"approve-service","service":"prescription"}`,
		`{"on":"2025-01-20","party":"vieras","do":"approve-service","service":"prescription"}`,
		`{"on":"2025-02-03","do":"sign-joint-agreement","agreement":"yhteinen","main":"paa","tenant":"vuokralainen","services":["prescription"]}`,
		`{"on":"2025-02-03","do":"pass-app-joint-testing","app":"uniapp"}`,
		`{"on":"2025-02-10","do":"certify-app","app":"uniapp","valvira_registered":true,"audit_valid_until":"2027-02-09"}`,
		`{"on":"2025-02-10","do":"connect-app","app":"uniapp"}`,
	)
	return f
}

// actCase is one act of the terms as a command in the world of newWorld:
// the commands Kela runs first, the command, and the parties whose token
// may send it (none for Kela's acts). For an act that also writes to
// another party's stream, actors are the parties it is an act of, whose
// tokens are refused all the same: Kela records it.
type actCase struct {
	setup  []string
	cmd    string
	may    []lifecycle.PartyID
	actors []lifecycle.PartyID
}

// actCases has a valid command for every act of lifecycle.Acts().
var actCases = map[engine.EventID]actCase{
	"request-service": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"request-service","service":"imaging-data-repository","signatory":"trade-register","accepts":["service-description"]}`,
		may: []lifecycle.PartyID{paa},
	},
	"pass-joint-testing": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"pass-joint-testing","service":"patient-data-repository"}`,
	},
	"pass-activation-test": {
		setup: []string{`{"on":"2025-02-20","party":"paa","do":"pass-joint-testing","service":"patient-data-repository"}`},
		cmd:   `{"on":"2025-03-03","party":"paa","do":"pass-activation-test","service":"patient-data-repository"}`,
	},
	"approve-service": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"approve-service","service":"patient-data-repository"}`,
	},
	"withdraw-application": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"withdraw-application","service":"patient-data-repository"}`,
		may: []lifecycle.PartyID{paa},
	},
	"suspend-service": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"suspend-service","service":"prescription","reason":"endangers"}`,
	},
	"demonstrate-correction": {
		setup: []string{`{"on":"2025-02-20","party":"paa","do":"suspend-service","service":"prescription","reason":"endangers"}`},
		cmd:   `{"on":"2025-03-03","party":"paa","do":"demonstrate-correction","service":"prescription"}`,
		may:   []lifecycle.PartyID{paa},
	},
	"give-termination-notice": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`,
		may: []lifecycle.PartyID{paa},
	},
	"terminate-by-authority": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"terminate-by-authority","service":"prescription"}`,
	},
	"register-app": {
		cmd: `{"on":"2025-03-03","party":"sovellustalo","do":"register-app","app":"toinen","signatory":"trade-register"}`,
		may: []lifecycle.PartyID{sovellustalo},
	},
	"pass-app-joint-testing": {
		setup: []string{`{"on":"2025-02-20","party":"sovellustalo","do":"register-app","app":"toinen","signatory":"trade-register"}`},
		cmd:   `{"on":"2025-03-03","do":"pass-app-joint-testing","app":"toinen"}`,
	},
	"certify-app": {
		setup: []string{
			`{"on":"2025-02-20","party":"sovellustalo","do":"register-app","app":"toinen","signatory":"trade-register"}`,
			`{"on":"2025-02-21","do":"pass-app-joint-testing","app":"toinen"}`,
		},
		cmd: `{"on":"2025-03-03","do":"certify-app","app":"toinen","valvira_registered":true,"audit_valid_until":"2027-03-02"}`,
	},
	"connect-app": {
		setup: []string{
			`{"on":"2025-02-20","party":"sovellustalo","do":"register-app","app":"toinen","signatory":"trade-register"}`,
			`{"on":"2025-02-21","do":"pass-app-joint-testing","app":"toinen"}`,
			`{"on":"2025-02-24","do":"certify-app","app":"toinen","valvira_registered":true,"audit_valid_until":"2027-02-23"}`,
		},
		cmd: `{"on":"2025-03-03","do":"connect-app","app":"toinen"}`,
	},
	"suspend-app": {
		cmd: `{"on":"2025-03-03","do":"suspend-app","app":"uniapp","reason":"breach of the terms"}`,
	},
	"demonstrate-app-correction": {
		setup: []string{`{"on":"2025-02-20","do":"suspend-app","app":"uniapp","reason":"breach of the terms"}`},
		cmd:   `{"on":"2025-03-03","do":"demonstrate-app-correction","app":"uniapp"}`,
		may:   []lifecycle.PartyID{sovellustalo},
	},
	"renew-audit-certificate": {
		cmd: `{"on":"2025-03-03","do":"renew-audit-certificate","app":"uniapp","valid_until":"2028-02-09"}`,
		may: []lifecycle.PartyID{sovellustalo},
	},
	"give-app-withdrawal-notice": {
		cmd: `{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`,
		may: []lifecycle.PartyID{sovellustalo},
	},
	"remove-app": {
		cmd: `{"on":"2025-03-03","do":"remove-app","app":"uniapp","reason":"non-compliance"}`,
	},
	"sign-joint-agreement": {
		cmd:    `{"on":"2025-03-03","do":"sign-joint-agreement","agreement":"toinen","main":"paa","tenant":"kolmas","services":["prescription"]}`,
		actors: []lifecycle.PartyID{paa, kolmas},
	},
	"give-joint-agreement-notice": {
		// The tenant gives it; the main connector's own notice is its own row.
		cmd: `{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"vuokralainen","effective":"2025-05-02"}`,
		may: []lifecycle.PartyID{vuokralainen},
	},
	"end-production-agreement": {
		cmd: `{"on":"2025-03-03","do":"end-production-agreement","agreement":"yhteinen"}`,
		may: []lifecycle.PartyID{paa, vuokralainen},
	},
	"rescind-joint-agreement": {
		cmd: `{"on":"2025-03-03","do":"rescind-joint-agreement","agreement":"yhteinen","reason":"the tenant's system floods the connection"}`,
		may: []lifecycle.PartyID{paa},
	},
	"transfer-commitment": {
		cmd:    `{"on":"2025-03-03","party":"paa","do":"transfer-commitment","to":"uusi","kela_consent":true}`,
		actors: []lifecycle.PartyID{paa},
	},
	"add-pharmacy": {
		cmd: `{"on":"2025-03-03","party":"apteekkari","do":"add-pharmacy","pharmacy":"Keskustan sivuapteekki"}`,
		may: []lifecycle.PartyID{apteekkari},
	},
	"name-contact": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`,
		may: []lifecycle.PartyID{paa},
	},
	"remove-contact": {
		setup: []string{`{"on":"2025-02-20","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`},
		cmd:   `{"on":"2025-03-03","party":"paa","do":"remove-contact","role":"disruption-notice","name":"Päivystys"}`,
		may:   []lifecycle.PartyID{paa},
	},
	"notify-change": {
		cmd: `{"on":"2025-03-03","party":"paa","do":"notify-change","rule":"contact-change","details":"a new billing address"}`,
		may: []lifecycle.PartyID{paa},
	},
}

// subjectOf returns the party whose stream a Kela-only act of actCases runs
// on: the party it names, or the holder of the app it names.
func subjectOf(cmd string) lifecycle.PartyID {
	for _, p := range []lifecycle.PartyID{paa, apteekkari} {
		if strings.Contains(cmd, `"party":"`+string(p)+`"`) {
			return p
		}
	}
	return sovellustalo
}

// TestAccess_ActsTableCoversEveryAct keeps the table below complete: a new
// act of the terms needs a row, or its access goes untested.
func TestAccess_ActsTableCoversEveryAct(t *testing.T) {
	var ids []engine.EventID
	for _, a := range lifecycle.Acts() {
		ids = append(ids, a.ID)
		c, ok := actCases[a.ID]
		if !assert.True(t, ok, "no row for act %s", a.ID) {
			continue
		}
		assert.Contains(t, c.cmd, `"do":"`+string(a.ID)+`"`)
		if a.Actor.ID == lifecycle.ActorKela {
			assert.Empty(t, c.may, "%s is Kela's act", a.ID)
		} else {
			assert.NotEmpty(t, append(c.may, c.actors...), "%s is an act of %s", a.ID, a.Actor.ID)
		}
	}
	for id := range actCases {
		assert.Contains(t, ids, id, "a row for an act the terms do not have")
	}
}

// TestAccess_EveryActAgainstEveryRole sends each act with a token of a party
// it does not concern (403, nothing stored), with the token of the party
// whose act it is (accepted), with a Kela token (accepted), and, for Kela's
// own acts, with the token of the party it runs on (403).
func TestAccess_EveryActAgainstEveryRole(t *testing.T) {
	for _, a := range lifecycle.Acts() {
		c, ok := actCases[a.ID]
		if !ok {
			continue // TestAccess_ActsTableCoversEveryAct fails
		}
		prepare := func(t *testing.T) *fixture {
			f := newWorld(t)
			f.mustCommand(c.setup...)
			return f
		}
		t.Run(string(a.ID)+"/unrelated party", func(t *testing.T) {
			f := prepare(t)
			before, versions := f.stored(), f.streams()
			requireProblem(t, f.command(f.tokens[vieras], c.cmd), http.StatusForbidden)
			assert.Equal(t, versions, f.streams())
			assert.Equal(t, before, f.stored())
		})
		t.Run(string(a.ID)+"/kela", func(t *testing.T) {
			f := prepare(t)
			res := f.command(f.kela, c.cmd)
			assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
		})
		for _, p := range c.may {
			t.Run(string(a.ID)+"/"+string(p), func(t *testing.T) {
				f := prepare(t)
				res := f.command(f.tokens[p], c.cmd)
				assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
			})
		}
		for _, p := range c.actors {
			t.Run(string(a.ID)+"/"+string(p)+" writes to another party's stream", func(t *testing.T) {
				f := prepare(t)
				before, versions := f.stored(), f.streams()
				requireProblem(t, f.command(f.tokens[p], c.cmd), http.StatusForbidden, "Kela records it")
				assert.Equal(t, versions, f.streams())
				assert.Equal(t, before, f.stored())
			})
		}
		if a.Actor.ID == lifecycle.ActorKela {
			t.Run(string(a.ID)+"/its subject's own token", func(t *testing.T) {
				f := prepare(t)
				before := f.stored()
				requireProblem(t, f.command(f.tokens[subjectOf(c.cmd)], c.cmd), http.StatusForbidden, "Kela")
				assert.Equal(t, before, f.stored())
			})
		}
	}
}

// TestAccess_AgreementActsBelongToTheirParties: only the main connector
// rescinds, a party gives notice only in its own name, and a party of
// another agreement gives none on this one.
func TestAccess_AgreementActsBelongToTheirParties(t *testing.T) {
	cases := []struct {
		name   string
		token  lifecycle.PartyID
		cmd    string
		status int
	}{
		{"the tenant does not rescind", vuokralainen,
			`{"on":"2025-03-03","do":"rescind-joint-agreement","agreement":"yhteinen","reason":"a serious breach"}`, http.StatusForbidden},
		{"the main connector gives no notice in the tenant's name", paa,
			`{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"vuokralainen","effective":"2025-05-02"}`, http.StatusForbidden},
		{"the tenant gives no notice in the main connector's name", vuokralainen,
			`{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"paa","effective":"2025-05-02"}`, http.StatusForbidden},
		{"an outsider gives no notice in its own name", vieras,
			`{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"vieras","effective":"2025-05-02"}`, http.StatusForbidden},
		{"an outsider does not sign for two others", vieras,
			`{"on":"2025-03-03","do":"sign-joint-agreement","agreement":"toinen","main":"paa","tenant":"kolmas","services":["prescription"]}`, http.StatusForbidden},
		{"the main connector gives notice in its own name", paa,
			`{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"paa","effective":"2025-05-02"}`, http.StatusOK},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newWorld(t)
			before := f.stored()
			res := f.command(f.tokens[c.token], c.cmd)
			if c.status == http.StatusOK {
				assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
				return
			}
			requireProblem(t, res, c.status)
			assert.Equal(t, before, f.stored())
		})
	}
}

// TestAccess_PartyActsOnlyOnItsOwnStream: a party's token does not perform
// its kind of act on another party's stream, not even a party it is related
// to, and an app act it sends on its own stream does not reach the app's
// holder.
func TestAccess_PartyActsOnlyOnItsOwnStream(t *testing.T) {
	cases := []struct {
		name  string
		token lifecycle.PartyID
		cmd   string
	}{
		{"the tenant for its main connector", vuokralainen,
			`{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`},
		{"the main connector for its tenant", paa,
			`{"on":"2025-03-03","party":"vuokralainen","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`},
		{"a customer for an app vendor, naming it", paa,
			`{"on":"2025-03-03","party":"sovellustalo","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`},
		{"a customer for an app vendor, naming the app only", paa,
			`{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f := newWorld(t)
			before := f.stored()
			requireProblem(t, f.command(f.tokens[c.token], c.cmd), http.StatusForbidden)
			assert.Equal(t, before, f.stored())
		})
	}
	t.Run("an app act on one's own stream naming another's app", func(t *testing.T) {
		f := newWorld(t)
		vendor := f.streams()["party/sovellustalo"]
		res := f.command(f.tokens[vieras], `{"on":"2025-03-03","party":"vieras","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`)
		assert.NotEqual(t, http.StatusOK, res.Status, "%s", res.Body)
		assert.Equal(t, vendor, f.streams()["party/sovellustalo"])
		app := decode[lifecycle.App](t, f.get(f.kela, "/v1/apps/uniapp"))
		assert.Equal(t, lifecycle.Production, app.State)
	})
}

// TestAccess_OnlyKelaRegistersPartiesAndLetsTimePass.
func TestAccess_OnlyKelaRegistersPartiesAndLetsTimePass(t *testing.T) {
	f := newWorld(t)
	before := f.stored()
	requireProblem(t, f.post(f.tokens[paa], "/v1/parties", `{"id":"toinen","kind":"pharmacist"}`), http.StatusForbidden)
	requireProblem(t, f.post(f.tokens[paa], "/v1/advance", `{"to":"2030-01-01"}`), http.StatusForbidden)
	assert.Equal(t, before, f.stored())
	requireProblem(t, f.get(f.kela, "/v1/parties/toinen"), http.StatusNotFound)
}

// TestAccess_PartyReadsOnlyItsOwn: a party reads its own state and history,
// the agreements it is a party to and its own apps; nothing of another
// party, not even whether it exists. Kela reads everything; anyone with a
// token reads the diagrams.
func TestAccess_PartyReadsOnlyItsOwn(t *testing.T) {
	f := newWorld(t)
	known := url.QueryEscape(f.clock.Now().Format("2006-01-02T15:04:05Z07:00"))
	cases := []struct {
		token  lifecycle.PartyID // "" is Kela
		path   string
		status int
	}{
		{vieras, "/v1/parties/paa", http.StatusForbidden},
		{vieras, "/v1/parties/paa?as_known_on=" + known, http.StatusForbidden},
		{vieras, "/v1/parties/paa/history", http.StatusForbidden},
		{vieras, "/v1/parties/nobody", http.StatusForbidden},
		{vieras, "/v1/parties/nobody/history", http.StatusForbidden},
		{vieras, "/v1/agreements/yhteinen", http.StatusForbidden},
		{kolmas, "/v1/agreements/yhteinen", http.StatusForbidden},
		{vieras, "/v1/apps/uniapp", http.StatusForbidden},
		{paa, "/v1/apps/uniapp", http.StatusForbidden},
		{vuokralainen, "/v1/parties/paa", http.StatusForbidden},
		{paa, "/v1/parties/vuokralainen/history", http.StatusForbidden},

		{vieras, "/v1/parties/vieras", http.StatusOK},
		{vieras, "/v1/parties/vieras?as_known_on=" + known, http.StatusOK},
		{vieras, "/v1/parties/vieras/history", http.StatusOK},
		{paa, "/v1/agreements/yhteinen", http.StatusOK},
		{vuokralainen, "/v1/agreements/yhteinen", http.StatusOK},
		{sovellustalo, "/v1/apps/uniapp", http.StatusOK},
		{vieras, "/v1/diagrams/service", http.StatusOK},
		{vieras, "/v1/obligations?from=2025-01-01&to=2025-12-31", http.StatusOK},

		{"", "/v1/parties/paa", http.StatusOK},
		{"", "/v1/parties/vieras/history", http.StatusOK},
		{"", "/v1/agreements/yhteinen", http.StatusOK},
		{"", "/v1/apps/uniapp", http.StatusOK},
		{"", "/v1/diagrams/app", http.StatusOK},
	}
	for _, c := range cases {
		name := string(c.token)
		token := f.tokens[c.token]
		if c.token == "" {
			name, token = "kela", f.kela
		}
		t.Run(name+" "+c.path, func(t *testing.T) {
			res := f.get(token, c.path)
			if c.status == http.StatusOK {
				assert.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
				return
			}
			requireProblem(t, res, c.status)
		})
	}
}

// TestAccess_PartySeesOnlyItsOwnObligations: the obligations a party's
// token sees are its own, and all of them; Kela sees every party's.
func TestAccess_PartySeesOnlyItsOwnObligations(t *testing.T) {
	f := newWorld(t)
	f.mustCommand(
		`{"on":"2025-03-03","party":"paa","do":"give-termination-notice","service":"prescription","effective":"2025-06-02","reason":"other-change"}`,
		`{"on":"2025-03-03","party":"vieras","do":"give-termination-notice","service":"prescription","effective":"2025-07-01","reason":"other-change"}`,
		`{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"vuokralainen","effective":"2025-05-02"}`,
		`{"on":"2025-03-03","party":"paa","do":"withdraw-application","service":"patient-data-repository"}`,
	)
	const path = "/v1/obligations?from=2025-01-01&to=2027-12-31"
	type obligation struct {
		Party   lifecycle.PartyID `json:"party"`
		Subject string            `json:"subject"`
		Due     string            `json:"due"`
	}
	all := decode[[]obligation](t, f.get(f.kela, path))
	parties := map[lifecycle.PartyID]bool{}
	for _, o := range all {
		parties[o.Party] = true
	}
	for _, p := range []lifecycle.PartyID{paa, vuokralainen, vieras, sovellustalo, "kela"} {
		require.True(t, parties[p], "Kela sees %s's obligations among %v", p, all)
	}
	for p, token := range f.tokens {
		t.Run(string(p), func(t *testing.T) {
			res := f.get(token, path)
			require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
			var own []obligation
			for _, o := range all {
				if o.Party == p {
					own = append(own, o)
				}
			}
			if own == nil {
				own = []obligation{}
			}
			assert.Equal(t, own, decode[[]obligation](t, res))
		})
	}
}

// routes are every route of the API behind authentication, each with a
// request that Kela may make.
var routes = []request{
	{Method: http.MethodPost, Path: "/v1/parties", Body: `{"id":"uusi-2","kind":"pharmacist"}`},
	{Method: http.MethodPost, Path: "/v1/commands", Body: `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"Päivystys"}`},
	{Method: http.MethodGet, Path: "/v1/parties/paa"},
	{Method: http.MethodGet, Path: "/v1/parties/paa/history"},
	{Method: http.MethodGet, Path: "/v1/agreements/yhteinen"},
	{Method: http.MethodGet, Path: "/v1/apps/uniapp"},
	{Method: http.MethodGet, Path: "/v1/obligations?from=2025-01-01&to=2025-12-31"},
	{Method: http.MethodPost, Path: "/v1/advance", Body: `{"to":"2030-01-01"}`},
	{Method: http.MethodGet, Path: "/v1/diagrams/service"},
}

// TestAuthentication_RequestWithoutAKnownTokenIsRefused: no token, a wrong
// one or a malformed Authorization header is 401 with WWW-Authenticate on
// every route, and changes nothing.
func TestAuthentication_RequestWithoutAKnownTokenIsRefused(t *testing.T) {
	f := newWorld(t)
	valid := f.kela
	headers := map[string]string{
		"no header":               "",
		"a wrong token":           "Bearer " + strings.Repeat("0", 64),
		"a token of another kind": "Basic a2VsYTpzZWNyZXQ=",
		"a bare token":            valid,
		"an empty bearer":         "Bearer ",
		"the scheme alone":        "Bearer",
		"another scheme":          "Token " + valid,
		"two tokens":              "Bearer " + valid + " " + valid,
		"two spaces":              "Bearer  " + valid,
		"a token cut short":       "Bearer " + valid[:len(valid)-1],
		"a token's hash":          "Bearer " + hashOf(valid),
	}
	for name, h := range headers {
		for _, r := range routes {
			t.Run(name+"/"+r.Method+" "+r.Path, func(t *testing.T) {
				before := f.stored()
				req := r
				req.Header = map[string]string{}
				if h != "" {
					req.Header["Authorization"] = h
				}
				res := f.serve(req)
				requireProblem(t, res, http.StatusUnauthorized)
				assert.Equal(t, `Bearer realm="kanta"`, res.Header.Get("WWW-Authenticate"))
				assert.Equal(t, before, f.stored())
			})
		}
	}
	t.Run("the same requests with the token are served", func(t *testing.T) {
		for _, r := range routes {
			req := r
			req.Token = valid
			res := f.serve(req)
			assert.Less(t, res.Status, 300, "%s %s: %s", r.Method, r.Path, res.Body)
		}
	})
}

// TestAuthentication_SchemeIsCaseInsensitive: RFC 9110, section 11.1: the
// authentication scheme is a case-insensitive token, so "bearer" names the
// same scheme as "Bearer".
func TestAuthentication_SchemeIsCaseInsensitive(t *testing.T) {
	f := newWorld(t)
	for _, scheme := range []string{"bearer", "BEARER"} {
		res := f.serve(request{Method: http.MethodGet, Path: "/v1/parties/paa", Header: map[string]string{"Authorization": scheme + " " + f.kela}})
		assert.Equal(t, http.StatusOK, res.Status, "%s: %s", scheme, res.Body)
	}
}

// TestAuthentication_HealthNeedsNoToken: a load balancer asks /healthz
// without a token.
func TestAuthentication_HealthNeedsNoToken(t *testing.T) {
	f := newWorld(t)
	assert.Equal(t, http.StatusOK, f.get("", "/healthz").Status)
}

// TestDevelopmentMode_EveryRequestActsAsKela: without tokens nothing is
// asked of a request, whatever its Authorization header says.
func TestDevelopmentMode_EveryRequestActsAsKela(t *testing.T) {
	f := newDevFixture(t)
	res := f.post("", "/v1/parties", `{"id":"paa","kind":"private-health-care-provider"}`)
	require.Equal(t, http.StatusCreated, res.Status, "%s", res.Body)
	res = f.serve(request{Method: http.MethodPost, Path: "/v1/commands", Header: map[string]string{"Authorization": "Bearer not-a-token"},
		Body: `{"on":"2025-01-10","party":"paa","do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`})
	require.Equal(t, http.StatusOK, res.Status, "%s", res.Body)
	res = f.post("", "/v1/commands", `{"on":"2025-01-20","party":"paa","do":"approve-service","service":"prescription"}`)
	require.Equal(t, http.StatusOK, res.Status, "Kela's own act: %s", res.Body)
	assert.Equal(t, http.StatusOK, f.get("", "/v1/parties/paa/history").Status)
	assert.Equal(t, http.StatusOK, f.post("", "/v1/advance", `{"to":"2025-02-01"}`).Status)
}

func hashOf(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// TestNewToken_LineAdmitsItsToken: the line NewToken gives is a tokens
// file's line for the token's SHA-256 with the role (and party), and a
// service reading it admits the token with that role.
func TestNewToken_LineAdmitsItsToken(t *testing.T) {
	kelaToken, kelaLine, err := server.NewToken(server.RoleKela, "")
	require.NoError(t, err)
	partyToken, partyLine, err := server.NewToken(server.RoleParty, "paa")
	require.NoError(t, err)
	assert.Equal(t, hashOf(kelaToken)+" kela", kelaLine)
	assert.Equal(t, hashOf(partyToken)+" party paa", partyLine)
	assert.Len(t, kelaToken, 64, "32 random bytes in hex")
	assert.NotEqual(t, kelaToken, partyToken)
	assert.NotContains(t, kelaLine, kelaToken, "the file keeps no token")

	tokens, err := server.ReadTokens(strings.NewReader(kelaLine + "\n" + partyLine + "\n"))
	require.NoError(t, err)
	f := newDevFixture(t)
	f.srv = server.New(server.Config{Register: f.reg, Tokens: tokens, Now: f.clock.Now})
	require.Equal(t, http.StatusCreated, f.post(kelaToken, "/v1/parties", `{"id":"paa","kind":"pharmacist"}`).Status)
	assert.Equal(t, http.StatusOK, f.get(partyToken, "/v1/parties/paa").Status)
	requireProblem(t, f.post(partyToken, "/v1/parties", `{"id":"muu","kind":"pharmacist"}`), http.StatusForbidden)
}

// TestNewToken_RoleAndPartyAgree: a Kela token names no party, a party
// token names its party, and there is no other role.
func TestNewToken_RoleAndPartyAgree(t *testing.T) {
	for _, c := range []struct {
		role  string
		party lifecycle.PartyID
	}{{server.RoleKela, "paa"}, {server.RoleParty, ""}, {"admin", ""}, {"", ""}, {"Kela", ""}} {
		tok, line, err := server.NewToken(c.role, c.party)
		assert.Error(t, err, "%q %q", c.role, c.party)
		assert.Empty(t, tok)
		assert.Empty(t, line)
	}
}

// TestReadTokens_AdmitsEachLinesRole: comments and blank lines are
// skipped, and each line admits its token with its role.
func TestReadTokens_AdmitsEachLinesRole(t *testing.T) {
	file := "# Kela's integration\n\n" +
		"   " + hashOf("kela-secret") + "   kela  \n" +
		"# a customer\n" +
		hashOf("paa-secret") + "\tparty\tpaa\n" +
		strings.ToUpper(hashOf("apteekkari-secret")) + " party apteekkari\r\n"
	tokens, err := server.ReadTokens(strings.NewReader(file))
	require.NoError(t, err)
	f := newDevFixture(t)
	f.srv = server.New(server.Config{Register: f.reg, Tokens: tokens, Now: f.clock.Now})
	require.Equal(t, http.StatusCreated, f.post("kela-secret", "/v1/parties", `{"id":"paa","kind":"pharmacist"}`).Status)
	require.Equal(t, http.StatusCreated, f.post("kela-secret", "/v1/parties", `{"id":"apteekkari","kind":"pharmacist"}`).Status)
	assert.Equal(t, http.StatusOK, f.get("paa-secret", "/v1/parties/paa").Status)
	requireProblem(t, f.get("paa-secret", "/v1/parties/apteekkari"), http.StatusForbidden)
	assert.Equal(t, http.StatusOK, f.get("apteekkari-secret", "/v1/parties/apteekkari").Status)
	requireProblem(t, f.get("paa", "/v1/parties/paa"), http.StatusUnauthorized)
}

// TestReadTokens_RefusesAMalformedLineNamingIt.
func TestReadTokens_RefusesAMalformedLineNamingIt(t *testing.T) {
	h := hashOf("secret")
	cases := map[string]struct {
		file, want string
	}{
		"one field":             {h + "\n", "line 1"},
		"four fields":           {h + " party paa extra\n", "line 1"},
		"not hex":               {strings.Repeat("z", 64) + " kela\n", "line 1: the first field"},
		"a short hash":          {h[:62] + " kela\n", "line 1: the first field"},
		"a long hash":           {h + "00 kela\n", "line 1: the first field"},
		"the token itself":      {"secret kela\n", "line 1: the first field"},
		"an unknown role":       {h + " admin\n", `line 1: unknown role "admin"`},
		"a role in capitals":    {h + " KELA\n", "line 1: unknown role"},
		"a party without party": {h + " party\n", "line 1: a party token names its party"},
		"kela with a party":     {h + " kela paa\n", "line 1: a kela token names no party"},
		"the third line":        {"# comment\n\n" + h + " nobody\n", "line 3"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			tokens, err := server.ReadTokens(strings.NewReader(c.file))
			require.Error(t, err)
			assert.Nil(t, tokens)
			assert.Contains(t, err.Error(), c.want)
			assert.NotContains(t, err.Error(), "secret")
		})
	}
}

// TestReadTokens_EmptyFileAdmitsNobody: a tokens file without a line is not
// development mode: every request is refused.
func TestReadTokens_EmptyFileAdmitsNobody(t *testing.T) {
	tokens, err := server.ReadTokens(strings.NewReader("# nobody yet\n"))
	require.NoError(t, err)
	require.NotNil(t, tokens)
	f := newDevFixture(t)
	f.srv = server.New(server.Config{Register: f.reg, Tokens: tokens, Now: f.clock.Now})
	requireProblem(t, f.post("", "/v1/parties", `{"id":"paa","kind":"pharmacist"}`), http.StatusUnauthorized)
	assert.Empty(t, f.streams())
}

// TestAccess_APartyCalledKelaIsRefused: the library writes
// Kela's own duties (deleting a withdrawn application's data, R4) as
// obligations of the party "kela". A customer registered under that
// identifier must not read them through its party token: they are about
// other parties. The identifier is refused as bad input, and nothing is
// stored.
func TestAccess_APartyCalledKelaIsRefused(t *testing.T) {
	f := newFixture(t, "kela")
	f.addParties("paa private-health-care-provider")
	before := f.stored()
	res := f.post(f.kela, "/v1/parties", `{"id":"kela","kind":"pharmacist"}`)
	requireProblem(t, res, http.StatusBadRequest)
	assert.Equal(t, before, f.stored())
	assert.Equal(t, http.StatusNotFound, f.get(f.kela, "/v1/parties/kela").Status)
}

// A party's token cannot tell what exists beyond its own: another party's
// agreement, app or stream answers as an unknown one does, 403.
func TestAccess_APartyLearnsNothingOfWhatExists(t *testing.T) {
	f := newWorld(t)
	cases := []struct {
		name           string
		known, unknown func(token string) response
	}{
		{"an agreement read",
			func(tok string) response { return f.get(tok, "/v1/agreements/yhteinen") },
			func(tok string) response { return f.get(tok, "/v1/agreements/ei-ole") }},
		{"an app read",
			func(tok string) response { return f.get(tok, "/v1/apps/uniapp") },
			func(tok string) response { return f.get(tok, "/v1/apps/ei-ole") }},
		{"a command on an app",
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"uniapp","effective":"2025-05-02"}`)
			},
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","do":"give-app-withdrawal-notice","app":"ei-ole","effective":"2025-05-02"}`)
			}},
		{"a command on a party",
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","party":"paa","do":"name-contact","role":"disruption-notice","name":"P"}`)
			},
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","party":"ei-ole","do":"name-contact","role":"disruption-notice","name":"P"}`)
			}},
		{"a notice on an agreement",
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"yhteinen","by":"vieras","effective":"2025-05-02"}`)
			},
			func(tok string) response {
				return f.command(tok, `{"on":"2025-03-03","do":"give-joint-agreement-notice","agreement":"ei-ole","by":"vieras","effective":"2025-05-02"}`)
			}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			before := f.stored()
			known := requireProblem(t, c.known(f.tokens[vieras]), http.StatusForbidden)
			unknown := requireProblem(t, c.unknown(f.tokens[vieras]), http.StatusForbidden)
			assert.Equal(t, known.Detail, unknown.Detail, "the same answer for what exists and what does not")
			assert.Equal(t, before, f.stored())
			res := c.unknown(f.kela)
			assert.Contains(t, []int{http.StatusNotFound, http.StatusBadRequest}, res.Status, "Kela is told it does not exist: %s", res.Body)
			assert.Contains(t, string(res.Body), "ei-ole")
		})
	}
}

// A tokens file longer than MaxTokensFile is refused, not cut short: the
// lines past the limit would otherwise be dropped without a word.
func TestReadTokens_RefusesAFileOverTheLimit(t *testing.T) {
	comment := "# " + strings.Repeat("x", 1000) + "\n"
	fits := strings.Repeat(comment, server.MaxTokensFile/len(comment))
	_, err := server.ReadTokens(strings.NewReader(fits))
	require.NoError(t, err)
	_, err = server.ReadTokens(strings.NewReader(fits + comment))
	require.ErrorContains(t, err, "more than the 1 MiB a tokens file may have")
}
