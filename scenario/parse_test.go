package scenario_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/scenario"
)

// header declares the parties the snippets below use; its steps start on
// line 8.
const header = `name: test
parties:
  - {id: hoiva, kind: private-social-welfare-provider, soteri: true}
  - {id: klinikka, kind: private-health-care-provider, soteri: true}
  - {id: vendor, kind: app-vendor}
  - {id: other, kind: other}
steps:
`

// request is a valid first step (lines 8–13).
const request = `  - on: 2025-01-10
    party: klinikka
    do: request-service
    service: prescription
    signatory: trade-register
    accepts: [commitment, general-terms, service-description]
`

func TestParse_TheSpecExample(t *testing.T) {
	sc, err := scenario.Load("../testdata/scenarios/spec-example-S2-S5-social-welfare-repository.yaml")
	require.NoError(t, err)
	assert.Equal(t, []scenario.Party{{ID: "hoiva", Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true, Line: 7}}, sc.Parties)
	require.Len(t, sc.Steps, 7)
	first := sc.Steps[0]
	assert.Equal(t, 11, first.Line)
	assert.Equal(t, notice.MustDate(2025, 1, 10), first.On)
	assert.Equal(t, "hoiva", first.Party)
	assert.Equal(t, "request-service", first.Do)
	assert.Equal(t, commitment.RequestService{
		Service:   lifecycle.SocialWelfareClientDataRepository,
		Signatory: lifecycle.TradeRegister,
		Accepts:   []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription},
	}, first.Command)
	assert.Equal(t, "hoiva", first.Expect.Party)
	require.NotNil(t, first.Expect.Customership)
	assert.Equal(t, lifecycle.Applied, first.Expect.Customership.State)
	assert.Equal(t, []scenario.StateCheck{{Subject: "social-welfare-client-data-repository", State: lifecycle.Requested, Line: 17}}, first.Expect.Services)

	refused := sc.Steps[1].Expect
	assert.True(t, refused.Refused)
	assert.Equal(t, "SAT", refused.Clause)

	last := sc.Steps[6]
	assert.Empty(t, last.Do)
	assert.Nil(t, last.Command)
	assert.Equal(t, "hoiva", last.Expect.Party)
}

// Every command of SPEC §10's table is known, and builds the library's
// command with every field.
func TestParse_EveryCommandOfTheTable(t *testing.T) {
	assert.Equal(t, []string{
		"add-pharmacy", "approve-service", "certify-app", "connect-app", "demonstrate-app-correction",
		"demonstrate-correction", "end-production-agreement", "give-app-withdrawal-notice",
		"give-joint-agreement-notice", "give-termination-notice", "pass-activation-test",
		"pass-app-joint-testing", "pass-joint-testing", "register-app", "remove-app",
		"renew-audit-certificate", "request-service", "rescind-joint-agreement",
		"sign-joint-agreement", "suspend-app", "suspend-service", "terminate-by-authority",
		"transfer-commitment", "withdraw-application",
	}, scenario.Commands())

	day := notice.MustDate
	steps := []struct {
		yaml string
		want commitment.Command
	}{
		{"party: klinikka\n    do: request-service\n    service: kelain\n    signatory: authorised\n    accepts: []\n    org_unit: Pohjoinen",
			commitment.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.Authorised, OrgUnit: "Pohjoinen"}},
		{"party: klinikka\n    do: pass-joint-testing\n    service: kelain", commitment.PassJointTesting{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: pass-activation-test\n    service: kelain", commitment.PassActivationTest{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: approve-service\n    service: kelain", commitment.ApproveService{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: withdraw-application\n    service: kelain", commitment.WithdrawApplication{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: suspend-service\n    all: true\n    reason: licence-revoked", commitment.SuspendService{All: true, Reason: lifecycle.LicenceRevoked}},
		{"party: klinikka\n    do: suspend-service\n    service: kelain\n    all: false\n    reason: operation-prohibited",
			commitment.SuspendService{Service: lifecycle.Kelain, Reason: lifecycle.OperationProhibited}},
		{"party: klinikka\n    do: demonstrate-correction\n    all: true", commitment.DemonstrateCorrection{All: true}},
		{"party: klinikka\n    do: give-termination-notice\n    service: kelain\n    effective: 2025-03-01\n    reason: obligation-lapsed",
			commitment.GiveTerminationNotice{Service: lifecycle.Kelain, Effective: day(2025, 3, 1), Reason: lifecycle.ObligationLapsed}},
		{"party: klinikka\n    do: terminate-by-authority\n    service: kelain", commitment.TerminateByAuthority{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: transfer-commitment\n    to: hoiva\n    kela_consent: true", commitment.TransferCommitment{To: commitment.Customer{ID: "hoiva"}, KelaConsent: true}},
		{"party: klinikka\n    do: add-pharmacy\n    pharmacy: Sivuapteekki", commitment.AddPharmacy{Pharmacy: "Sivuapteekki"}},
		{"do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain, prescription]\n    production_notice: P3M",
			commitment.SignJointAgreement{ID: "a1", Main: "klinikka", Tenant: "hoiva", Services: []lifecycle.ServiceID{lifecycle.Kelain, lifecycle.Prescription}, ProductionNotice: notice.Months(3)}},
		{"do: give-joint-agreement-notice\n    agreement: a1\n    by: hoiva\n    effective: 2025-05-01",
			commitment.GiveJointAgreementNotice{Agreement: "a1", By: "hoiva", Effective: day(2025, 5, 1)}},
		{"do: end-production-agreement\n    agreement: a1", commitment.EndProductionAgreement{Agreement: "a1"}},
		{"do: rescind-joint-agreement\n    agreement: a1\n    reason: serious breach", commitment.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"}},
		{"party: vendor\n    do: register-app\n    app: uniapp\n    signatory: foundation-register", commitment.RegisterApp{App: "uniapp", Signatory: lifecycle.FoundationRegister}},
		{"do: pass-app-joint-testing\n    app: uniapp", commitment.PassAppJointTesting{App: "uniapp"}},
		{"do: certify-app\n    app: uniapp\n    valvira_registered: true\n    audit_valid_until: 2026-01-31",
			commitment.CertifyApp{App: "uniapp", ValviraRegistered: true, AuditValidUntil: day(2026, 1, 31)}},
		{"do: connect-app\n    app: uniapp", commitment.ConnectApp{App: "uniapp"}},
		{"do: suspend-app\n    app: uniapp\n    reason: breach", commitment.SuspendApp{App: "uniapp", Reason: "breach"}},
		{"do: demonstrate-app-correction\n    app: uniapp", commitment.DemonstrateAppCorrection{App: "uniapp"}},
		{"do: renew-audit-certificate\n    app: uniapp\n    valid_until: 2027-01-31", commitment.RenewAuditCertificate{App: "uniapp", ValidUntil: day(2027, 1, 31)}},
		{"do: give-app-withdrawal-notice\n    app: uniapp\n    effective: 2025-09-01", commitment.GiveAppWithdrawalNotice{App: "uniapp", Effective: day(2025, 9, 1)}},
		{"do: remove-app\n    app: uniapp\n    reason: non-compliance", commitment.RemoveApp{App: "uniapp", Reason: lifecycle.NonCompliance}},
	}
	var b strings.Builder
	b.WriteString(header)
	for _, s := range steps {
		fmt.Fprintf(&b, "  - on: 2025-01-10\n    %s\n", s.yaml)
	}
	sc, err := scenario.Parse("all.yaml", []byte(b.String()))
	require.NoError(t, err)
	require.Len(t, sc.Steps, len(steps))
	for i, s := range steps {
		assert.Equal(t, s.want, sc.Steps[i].Command, "step %d", i)
		assert.Equal(t, s.want.Name(), sc.Steps[i].Do)
	}
	// An app command runs on the party that registered the app.
	assert.Equal(t, "vendor", sc.Steps[len(steps)-1].Party)
	assert.Equal(t, "vendor", sc.Steps[len(steps)-1].Expect.Party)
}

// Malformed files: the error names the file and the line of the problem.
func TestParse_MalformedFilesNameFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		want string
	}{
		{"empty file", "", 1, "empty"},
		{"only a comment", "# nothing\n", 1, "empty"},
		{"not a mapping", "- a\n- b\n", 1, "must be a mapping"},
		{"YAML syntax", "name: x\nparties: [\nsteps: 3\n", 2, "malformed YAML"},
		{"unclosed list", "name: x\nparties: []\nsteps:\n  - on: 2025-01-10\n    accepts: [a, b\n    expect: {}\n", 5, "malformed YAML"},
		{"unclosed list on the first line", "name: [x\n", 2, "malformed YAML"},
		{"bad indentation", "name: x\nparties:\n  - id: a\n kind: other\n", 4, "malformed YAML"},
		{"unclosed quote", "name: x\nparties: []\nsteps:\n  - on: '2025-01-10\n", 4, "malformed YAML"},
		{"control character", "name: x\nparties: []\nsteps:\n  - on: 2025\x01-01-10\n", 4, "malformed YAML"},
		{"tab indentation", "name: x\nparties:\n\t- id: a\n", 3, "malformed YAML"},
		{"not UTF-8", "name: x\nparties: []\nsteps:\n  - on: \xff\n", 4, "not UTF-8"},
		{"two documents", header + request + "---\nname: y\n", 14, "one YAML document"},
		{"alias", "name: &n x\nparties: []\nsteps:\n  - on: 2025-01-01\n    party: *n\n", 5, "aliases"},
		{"unknown top-level key", "name: x\nparty: []\n", 2, `unknown key "party"`},
		{"no name", "parties: []\nsteps: []\n", 1, "no name"},
		{"no parties", "name: x\nsteps: []\n", 1, "no parties"},
		{"no steps", "name: x\nparties: []\nsteps: []\n", 3, "no steps"},
		{"duplicate key", "name: x\nname: y\n", 2, `"name" is given twice`},
		{"party without kind", "name: x\nparties:\n  - id: a\nsteps: []\n", 3, "has no kind"},
		{"party without id", "name: x\nparties:\n  - kind: other\nsteps: []\n", 3, "has no id"},
		{"unknown kind", "name: x\nparties:\n  - id: a\n    kind: hospital\n", 4, `unknown customer kind "hospital"`},
		{"unknown party key", "name: x\nparties:\n  - id: a\n    kind: other\n    name: A\n", 5, `unknown key "name"`},
		{"soteri not a bool", "name: x\nparties:\n  - {id: a, kind: other, soteri: yes}\n", 3, "soteri must be true or false"},
		{"party declared twice", "name: x\nparties:\n  - {id: a, kind: other}\n  - {id: a, kind: other}\n", 4, "declared twice"},
		{"party id with spaces", "name: x\nparties:\n  - {id: a b, kind: other}\n", 3, "one word"},
		{"step without date", header + "  - party: klinikka\n", 8, "no date"},
		{"malformed date", header + "  - on: 2025-02-30\n", 8, "malformed date"},
		{"date as a number", header + "  - on: 20250110\n", 8, "malformed date"},
		{"date out of order", header + request + "  - on: 2025-01-09\n", 14, "date order"},
		{"unknown command", header + "  - on: 2025-01-10\n    party: klinikka\n    do: approve\n", 10, `unknown command "approve"`},
		{"command missing party", header + "  - on: 2025-01-10\n    do: approve-service\n    service: kelain\n", 9, "approve-service needs a party"},
		{"party not declared", header + "  - on: 2025-01-10\n    party: nobody\n", 9, `party "nobody" is not declared`},
		{"unknown field", header + "  - on: 2025-01-10\n    party: klinikka\n    do: approve-service\n    service: kelain\n    reason: endangers\n", 12, `unknown field "reason" for approve-service`},
		{"field without a command", header + "  - on: 2025-01-10\n    service: kelain\n", 9, "a step without do"},
		{"missing field", header + "  - on: 2025-01-10\n    party: klinikka\n    do: request-service\n    service: kelain\n    accepts: []\n", 10, "needs the field signatory"},
		{"unknown service", header + "  - on: 2025-01-10\n    party: klinikka\n    do: approve-service\n    service: kanta\n", 11, `unknown service "kanta"`},
		{"unknown signatory", header + "  - on: 2025-01-10\n    party: klinikka\n    do: request-service\n    service: kelain\n    signatory: ceo\n    accepts: []\n", 12, `unknown signatory "ceo"`},
		{"unknown document", header + "  - on: 2025-01-10\n    party: klinikka\n    do: request-service\n    service: kelain\n    signatory: none\n    accepts: [terms]\n", 13, `unknown document "terms"`},
		{"accepts not a list", header + "  - on: 2025-01-10\n    party: klinikka\n    do: request-service\n    service: kelain\n    signatory: none\n    accepts: commitment\n", 13, "accepts must be a list"},
		{"unknown suspension reason", header + "  - on: 2025-01-10\n    party: klinikka\n    do: suspend-service\n    all: true\n    reason: breach\n", 12, `unknown suspension reason "breach"`},
		{"unknown termination reason", header + "  - on: 2025-01-10\n    party: klinikka\n    do: give-termination-notice\n    all: true\n    effective: 2025-03-01\n    reason: bored\n", 13, `unknown termination reason "bored"`},
		{"service and all", header + "  - on: 2025-01-10\n    party: klinikka\n    do: terminate-by-authority\n    service: kelain\n    all: true\n", 12, "not both"},
		{"neither service nor all", header + "  - on: 2025-01-10\n    party: klinikka\n    do: demonstrate-correction\n", 10, "service (or all: true)"},
		{"all not a bool", header + "  - on: 2025-01-10\n    party: klinikka\n    do: demonstrate-correction\n    all: everything\n", 11, "all must be true or false"},
		{"wrong type: mapping for a service", header + "  - on: 2025-01-10\n    party: klinikka\n    do: approve-service\n    service: {id: kelain}\n", 11, "must be a single value"},
		{"empty value", header + "  - on: 2025-01-10\n    party: klinikka\n    do: add-pharmacy\n    pharmacy:\n", 11, "has no value"},
		{"transfer to an undeclared party", header + "  - on: 2025-01-10\n    party: klinikka\n    do: transfer-commitment\n    to: nobody\n    kela_consent: true\n", 11, `party "nobody" is not declared`},
		{"kela_consent missing", header + "  - on: 2025-01-10\n    party: klinikka\n    do: transfer-commitment\n    to: hoiva\n", 10, "needs the field kela_consent"},
		{"main not declared", header + "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: nobody\n    tenant: hoiva\n    services: [kelain]\n", 11, `main: party "nobody"`},
		{"tenant not declared", header + "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: nobody\n    services: [kelain]\n", 12, `tenant: party "nobody"`},
		{"malformed period", header + "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain]\n    production_notice: 3 months\n", 14, "malformed period"},
		{"agreement never signed", header + "  - on: 2025-01-10\n    do: end-production-agreement\n    agreement: a1\n", 10, `agreement "a1" is not signed`},
		{"by not declared", header + "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain]\n" +
			"  - on: 2025-02-10\n    do: give-joint-agreement-notice\n    agreement: a1\n    by: nobody\n    effective: 2025-04-01\n", 17, `by: party "nobody"`},
		{"app never registered", header + "  - on: 2025-01-10\n    do: connect-app\n    app: uniapp\n", 10, `app "uniapp" is not registered`},
		{"app registered later", header + "  - on: 2025-01-10\n    do: connect-app\n    app: uniapp\n  - on: 2025-01-11\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n", 10, `app "uniapp" is not registered`},
		{"app of two vendors", header + "  - on: 2025-01-10\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n" +
			"  - on: 2025-01-10\n    party: other\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n", 16, "one vendor"},
		{"unknown removal reason", header + "  - on: 2025-01-10\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n" +
			"  - on: 2025-01-10\n    do: remove-app\n    app: uniapp\n    reason: bankruptcy\n", 16, `unknown removal reason "bankruptcy"`},
		{"valvira_registered not a bool", header + "  - on: 2025-01-10\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n" +
			"  - on: 2025-01-10\n    do: certify-app\n    app: uniapp\n    valvira_registered: 1\n    audit_valid_until: 2026-01-01\n", 16, "valvira_registered must be true or false"},
		{"unknown expect key", header + request + "    expect: {customership: applied, state: active}\n", 14, `unknown key "state" in expect`},
		{"unknown customership state", header + request + "    expect: {customership: approved}\n", 14, `unknown state "approved"`},
		{"unknown service state", header + request + "    expect: {services: {prescription: pending}}\n", 14, `unknown state "pending"`},
		{"app state for a service", header + request + "    expect: {services: {prescription: production}}\n", 14, `unknown state "production"`},
		{"unknown service in expect", header + request + "    expect: {services: {recipe: requested}}\n", 14, `unknown service "recipe"`},
		{"expect on an unsigned agreement", header + request + "    expect: {agreements: {a1: in-force}}\n", 14, `agreement "a1" is not signed`},
		{"unknown agreement state", header + "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain]\n    expect: {agreements: {a1: signed}}\n", 14, `unknown state "signed"`},
		{"expect on an unregistered app", header + request + "    expect: {apps: {uniapp: registered}}\n", 14, `app "uniapp" is not registered`},
		{"expect an undeclared party", header + request + "    expect: {party: nobody}\n", 14, `party "nobody" is not declared`},
		{"customership without a party", header + "  - on: 2025-01-10\n    expect: {customership: applied}\n", 9, "needs a party"},
		{"refused without a command", header + "  - on: 2025-01-10\n    party: klinikka\n    expect: {refused: true}\n", 10, "needs a command"},
		{"clause without refused", header + request + "    expect: {clause: SAT}\n", 14, "needs refused: true"},
		{"refused not a bool", header + request + "    expect: {refused: yes}\n", 14, "expect.refused must be true or false"},
		{"expect not a mapping", header + request + "    expect: applied\n", 14, "expect must be a mapping"},
		{"expect with no value", header + request + "    expect:\n", 14, "expect must be a mapping"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenario.Parse("bad.yaml", []byte(tt.yaml))
			require.Error(t, err)
			assert.Nil(t, sc)
			var e *scenario.Error
			require.True(t, errors.As(err, &e), "%T", err)
			assert.Equal(t, "bad.yaml", e.File)
			assert.Equal(t, tt.line, e.Line, "%v", err)
			assert.Contains(t, err.Error(), tt.want)
			assert.True(t, strings.HasPrefix(err.Error(), fmt.Sprintf("bad.yaml:%d: ", tt.line)), "%v", err)
			assert.NotContains(t, err.Error(), "\n")
		})
	}
}

func TestParse_NoneExpectsNoState(t *testing.T) {
	sc, err := scenario.Parse("none.yaml", []byte(header+"  - on: 2025-01-10\n    expect: {party: klinikka, customership: none, services: {kelain: none}}\n"))
	require.NoError(t, err)
	ex := sc.Steps[0].Expect
	assert.Equal(t, lifecycle.None, ex.Customership.State)
	assert.Equal(t, lifecycle.None, ex.Services[0].State)
}

func TestLoad_UnreadableFile(t *testing.T) {
	_, err := scenario.Load("testdata/no-such-file.yaml")
	var e *scenario.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "testdata/no-such-file.yaml", e.File)
	assert.Contains(t, err.Error(), "testdata/no-such-file.yaml: cannot read")
}
