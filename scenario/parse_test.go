package scenario_test

import (
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
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

// registerApp registers the app uniapp for vendor (lines 8–12), so that
// the app's later acts may name it.
const registerApp = `  - on: 2025-01-10
    party: vendor
    do: register-app
    app: uniapp
    signatory: trade-register
`

// signAgreement signs the agreement a1 between klinikka and hoiva (lines
// 8–13), so that the agreement's later acts may name it.
const signAgreement = `  - on: 2025-01-10
    do: sign-joint-agreement
    agreement: a1
    main: klinikka
    tenant: hoiva
    services: [kelain]
`

// step returns a step dated 2025-01-10 whose other lines are lines, each
// indented under the step.
func step(lines ...string) string {
	return "  - on: 2025-01-10\n    " + strings.Join(lines, "\n    ") + "\n"
}

func TestParse_TheWalkthroughExample(t *testing.T) {
	sc, err := scenario.Load("../testdata/scenarios/S2-S5-social-welfare-repository-walkthrough.yaml")
	require.NoError(t, err)
	assert.Equal(t, []scenario.Party{{ID: "hoiva", Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true, Line: 7}}, sc.Parties)
	require.Len(t, sc.Steps, 7)
	first := sc.Steps[0]
	assert.Equal(t, 11, first.Line)
	assert.Equal(t, notice.MustDate(2025, 1, 10), first.On)
	assert.Equal(t, "hoiva", first.Party)
	assert.Equal(t, "request-service", first.Do)
	assert.Equal(t, lifecycle.RequestService{
		Service:   lifecycle.SocialWelfareClientDataRepository,
		Signatory: lifecycle.TradeRegister,
		Accepts:   []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription},
	}, first.Act)
	assert.Equal(t, "hoiva", first.Expect.Party)
	require.NotNil(t, first.Expect.Customership)
	assert.Equal(t, lifecycle.Applied, first.Expect.Customership.State)
	assert.Equal(t, []scenario.StateCheck{{Subject: "social-welfare-client-data-repository", State: lifecycle.Requested, Line: 17}}, first.Expect.Services)

	refused := sc.Steps[1].Expect
	assert.True(t, refused.Refused)
	assert.Equal(t, "SAT", refused.Clause)

	notice := sc.Steps[5]
	assert.Equal(t, lifecycle.GiveTerminationNotice{
		Service:   lifecycle.SocialWelfareClientDataRepository,
		Effective: mustDate(t, "2025-07-01"),
		Reason:    lifecycle.CeasingOperations,
	}, notice.Act)

	last := sc.Steps[6]
	assert.Empty(t, last.Do)
	assert.Nil(t, last.Act)
	assert.Equal(t, "hoiva", last.Expect.Party)
}

func mustDate(t *testing.T, s string) notice.Date {
	t.Helper()
	d, err := notice.Parse(s)
	require.NoError(t, err)
	return d
}

// The acts a step may `do` are exactly the acts of lifecycle.Acts: the
// format has no list of its own.
func TestCommands_AreTheActsOfTheTerms(t *testing.T) {
	var want []string
	for _, a := range lifecycle.Acts() {
		want = append(want, string(a.ID))
	}
	slices.Sort(want)
	assert.Equal(t, want, scenario.Commands())
	assert.True(t, slices.IsSorted(scenario.Commands()))
	// Written out, so that an act dropped from the terms is noticed here.
	assert.Equal(t, []string{
		"add-pharmacy", "approve-service", "certify-app", "connect-app", "demonstrate-app-correction",
		"demonstrate-correction", "end-production-agreement", "give-app-withdrawal-notice",
		"give-joint-agreement-notice", "give-termination-notice", "name-contact", "notify-change",
		"pass-activation-test", "pass-app-joint-testing", "pass-joint-testing", "register-app",
		"remove-app", "remove-contact", "renew-audit-certificate", "request-service",
		"rescind-joint-agreement", "sign-joint-agreement", "suspend-app", "suspend-service",
		"terminate-by-authority", "transfer-commitment", "withdraw-application",
	}, scenario.Commands())
}

// Every act builds the library's act with every field, optional ones
// included.
func TestParse_EveryActWithItsFields(t *testing.T) {
	day := notice.MustDate
	steps := []struct {
		yaml string
		want lifecycle.Act
	}{
		{"party: klinikka\n    do: request-service\n    service: kelain\n    signatory: authorised\n    accepts: []\n    org_unit: Pohjoinen",
			lifecycle.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.Authorised, Accepts: []lifecycle.Document{}, OrgUnit: "Pohjoinen"}},
		{"party: klinikka\n    do: pass-joint-testing\n    service: kelain", lifecycle.PassJointTesting{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: pass-joint-testing\n    service: kelain\n    org_unit: Pohjoinen", lifecycle.PassJointTesting{Service: lifecycle.Kelain, OrgUnit: "Pohjoinen"}},
		{"party: klinikka\n    do: pass-activation-test\n    service: kelain", lifecycle.PassActivationTest{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: pass-activation-test\n    service: kelain\n    org_unit: Pohjoinen", lifecycle.PassActivationTest{Service: lifecycle.Kelain, OrgUnit: "Pohjoinen"}},
		{"party: klinikka\n    do: approve-service\n    service: kelain", lifecycle.ApproveService{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: approve-service\n    service: kelain\n    org_unit: Pohjoinen", lifecycle.ApproveService{Service: lifecycle.Kelain, OrgUnit: "Pohjoinen"}},
		{"party: klinikka\n    do: withdraw-application\n    service: kelain", lifecycle.WithdrawApplication{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: suspend-service\n    all: true\n    reason: licence-revoked", lifecycle.SuspendService{All: true, Reason: lifecycle.LicenceRevoked}},
		{"party: klinikka\n    do: suspend-service\n    service: kelain\n    all: false\n    reason: operation-prohibited",
			lifecycle.SuspendService{Service: lifecycle.Kelain, Reason: lifecycle.OperationProhibited}},
		{"party: klinikka\n    do: demonstrate-correction\n    all: true", lifecycle.DemonstrateCorrection{All: true}},
		{"party: klinikka\n    do: give-termination-notice\n    service: kelain\n    effective: 2025-03-01\n    reason: obligation-lapsed",
			lifecycle.GiveTerminationNotice{Service: lifecycle.Kelain, Effective: day(2025, 3, 1), Reason: lifecycle.ObligationLapsed}},
		{"party: klinikka\n    do: terminate-by-authority\n    service: kelain", lifecycle.TerminateByAuthority{Service: lifecycle.Kelain}},
		{"party: klinikka\n    do: terminate-by-authority\n    all: true\n    effective: 2025-04-01", lifecycle.TerminateByAuthority{All: true, Effective: day(2025, 4, 1)}},
		{"party: klinikka\n    do: transfer-commitment\n    to: hoiva\n    kela_consent: true", lifecycle.TransferCommitment{To: "hoiva", KelaConsent: true}},
		{"party: klinikka\n    do: add-pharmacy\n    pharmacy: Sivuapteekki", lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"}},
		{"party: klinikka\n    do: name-contact\n    role: technical\n    name: Tekninen tuki\n    email: tuki@example.fi\n    phone: \"+358 40 1234567\"",
			lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen tuki", Email: "tuki@example.fi", Phone: "+358 40 1234567"}},
		{"party: klinikka\n    do: remove-contact\n    role: technical\n    name: Tekninen tuki", lifecycle.RemoveContact{Role: lifecycle.Technical, Name: "Tekninen tuki"}},
		{"party: klinikka\n    do: notify-change\n    rule: technical-change\n    effective: 2025-06-01\n    details: new interface version",
			lifecycle.NotifyChange{Rule: rules.TechnicalChange, Effective: day(2025, 6, 1), Details: "new interface version"}},
		{"do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain, prescription]\n    production_notice: P3M",
			lifecycle.SignJointAgreement{Agreement: "a1", Main: "klinikka", Tenant: "hoiva", Services: []lifecycle.ServiceID{lifecycle.Kelain, lifecycle.Prescription}, ProductionNotice: notice.Months(3)}},
		{"do: give-joint-agreement-notice\n    agreement: a1\n    by: hoiva\n    effective: 2025-05-01",
			lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "hoiva", Effective: day(2025, 5, 1)}},
		{"do: end-production-agreement\n    agreement: a1", lifecycle.EndProductionAgreement{Agreement: "a1"}},
		{"do: rescind-joint-agreement\n    agreement: a1\n    reason: serious breach", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"}},
		{"party: vendor\n    do: register-app\n    app: uniapp\n    signatory: foundation-register", lifecycle.RegisterApp{App: "uniapp", Signatory: lifecycle.FoundationRegister}},
		{"do: pass-app-joint-testing\n    app: uniapp", lifecycle.PassAppJointTesting{App: "uniapp"}},
		{"do: certify-app\n    app: uniapp\n    valvira_registered: true\n    audit_valid_until: 2026-01-31",
			lifecycle.CertifyApp{App: "uniapp", ValviraRegistered: true, AuditValidUntil: day(2026, 1, 31)}},
		{"do: connect-app\n    app: uniapp", lifecycle.ConnectApp{App: "uniapp"}},
		{"do: suspend-app\n    app: uniapp\n    reason: breach", lifecycle.SuspendApp{App: "uniapp", Reason: "breach"}},
		{"do: demonstrate-app-correction\n    app: uniapp", lifecycle.DemonstrateAppCorrection{App: "uniapp"}},
		{"do: renew-audit-certificate\n    app: uniapp\n    valid_until: 2027-01-31", lifecycle.RenewAuditCertificate{App: "uniapp", ValidUntil: day(2027, 1, 31)}},
		{"do: give-app-withdrawal-notice\n    app: uniapp\n    effective: 2025-09-01", lifecycle.GiveAppWithdrawalNotice{App: "uniapp", Effective: day(2025, 9, 1)}},
		{"do: remove-app\n    app: uniapp\n    reason: non-compliance", lifecycle.RemoveApp{App: "uniapp", Reason: lifecycle.NonCompliance}},
	}
	var b strings.Builder
	b.WriteString(header)
	for _, s := range steps {
		fmt.Fprintf(&b, "  - on: 2025-01-10\n    %s\n", s.yaml)
	}
	sc, err := scenario.Parse("all.yaml", []byte(b.String()))
	require.NoError(t, err)
	require.Len(t, sc.Steps, len(steps))
	written := map[string]bool{}
	for i, s := range steps {
		assert.Equal(t, s.want, sc.Steps[i].Act, "step %d", i)
		assert.Equal(t, string(s.want.EventID()), sc.Steps[i].Do, "step %d", i)
		written[sc.Steps[i].Do] = true
	}
	for _, c := range scenario.Commands() {
		assert.True(t, written[c], "the table writes no %s step", c)
	}
	// An app act that names only the app runs on the party that registered
	// the app; an agreement's act has no party of its own.
	last := sc.Steps[len(steps)-1]
	assert.Equal(t, "vendor", last.Party)
	assert.Equal(t, "vendor", last.Expect.Party)
	for _, st := range sc.Steps {
		if st.Do == "sign-joint-agreement" {
			assert.Empty(t, st.Party)
		}
	}
}

// sampleValue returns a value the format can write for a field of type t,
// or false when the test does not know the type (then the decoder must
// refuse it at the field's line rather than panic).
func sampleValue(t reflect.Type, name string) (string, bool) {
	switch t {
	case reflect.TypeFor[notice.Date]():
		return "2025-03-01", true
	case reflect.TypeFor[notice.Period]():
		return "P1M", true
	case reflect.TypeFor[lifecycle.PartyID]():
		return "hoiva", true
	case reflect.TypeFor[lifecycle.AppID]():
		return "uniapp", true
	case reflect.TypeFor[lifecycle.AgreementID]():
		return "a1", true
	case reflect.TypeFor[lifecycle.ServiceID]():
		return "kelain", true
	case reflect.TypeFor[lifecycle.Signatory]():
		return "trade-register", true
	case reflect.TypeFor[lifecycle.Document]():
		return "general-terms", true
	case reflect.TypeFor[lifecycle.SuspensionReason]():
		return "endangers", true
	case reflect.TypeFor[lifecycle.TerminationReason]():
		return "reorganisation", true
	case reflect.TypeFor[lifecycle.RemovalReason]():
		return "operations-ended", true
	case reflect.TypeFor[lifecycle.ContactRole]():
		return "billing", true
	case reflect.TypeFor[rules.Rule]():
		return "maintenance-break", true
	}
	switch t.Kind() {
	case reflect.Bool:
		if name == "all" {
			return "false", true // the step names its service
		}
		return "true", true
	case reflect.String:
		return "text", true
	case reflect.Slice:
		item, ok := sampleValue(t.Elem(), name)
		return "[" + item + "]", ok
	}
	return "", false
}

// Every act of lifecycle.Acts can be written as a scenario step, each of its
// fields given: the decoder knows every field type of every act, so a new
// act or a new field type cannot reach the terms without reaching the
// format.
func TestParse_EveryActCanBeWrittenAsAStep(t *testing.T) {
	for _, a := range lifecycle.Acts() {
		t.Run(string(a.ID), func(t *testing.T) {
			var b strings.Builder
			b.WriteString(header + registerApp + signAgreement)
			fmt.Fprintf(&b, "  - on: 2025-01-11\n    party: vendor\n    do: %s\n", a.ID)
			typ := reflect.TypeOf(a.Proto)
			for i := range typ.NumField() {
				f := typ.Field(i)
				tag := f.Tag.Get("json")
				if tag == "-" || f.Tag.Get("kanta") == "derived" {
					continue
				}
				name, _, _ := strings.Cut(tag, ",")
				v, ok := sampleValue(f.Type, name)
				require.True(t, ok, "field %s of %s has a type the test does not know: %s", name, a.ID, f.Type)
				fmt.Fprintf(&b, "    %s: %s\n", name, v)
			}
			sc, err := scenario.Parse("act.yaml", []byte(b.String()))
			require.NoError(t, err, "%s", b.String())
			st := sc.Steps[len(sc.Steps)-1]
			assert.Equal(t, string(a.ID), st.Do)
			require.NotNil(t, st.Act)
			assert.Equal(t, a.ID, st.Act.EventID())
			assert.Equal(t, reflect.TypeOf(a.Proto), reflect.TypeOf(st.Act))
			assert.NotEqual(t, a.Proto, st.Act, "the fields were read into the act")
		})
	}
}

// Malformed files: the error names the file and the line of the problem.
func TestParse_MalformedFilesNameFileAndLine(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		line int
		want string
	}{
		// The YAML itself.
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
		{"not UTF-8 in a later step", header + request + "    org_unit: Pohjoinen\xe4\n", 14, "not UTF-8"},
		{"two documents", header + request + "---\nname: y\n", 14, "one YAML document"},
		{"alias", "name: &n x\nparties: []\nsteps:\n  - on: 2025-01-01\n    party: *n\n", 5, "aliases"},
		{"alias in a field", header + "  - on: 2025-01-10\n    party: klinikka\n    do: add-pharmacy\n    pharmacy: &p Sivuapteekki\n" +
			"  - on: 2025-01-10\n    party: klinikka\n    do: add-pharmacy\n    pharmacy: *p\n", 15, `aliases ("*p")`},
		{"merge key alias", header + "  - &s {on: 2025-01-10, party: klinikka}\n  - <<: *s\n", 9, "aliases"},

		// The scenario and its parties.
		{"unknown top-level key", "name: x\nparty: []\n", 2, `unknown key "party"`},
		{"no name", "parties: []\nsteps: []\n", 1, "no name"},
		{"empty name", "name: \"  \"\nparties: []\nsteps: []\n", 1, "name is empty"},
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
		{"parties not a list", "name: x\nparties: {id: a}\n", 2, "parties must be a list"},

		// Steps and their dates.
		{"steps not a list", header[:len(header)-len("steps:\n")] + "steps: {on: 2025-01-10}\n", 7, "steps must be a list"},
		{"step without date", header + "  - party: klinikka\n", 8, "no date"},
		{"malformed date", header + "  - on: 2025-02-30\n", 8, "malformed date"},
		{"date as a number", header + "  - on: 20250110\n", 8, "malformed date"},
		{"date out of order", header + request + "  - on: 2025-01-09\n", 14, "date order"},
		{"party not declared", header + "  - on: 2025-01-10\n    party: nobody\n", 9, `party "nobody" is not declared`},
		{"field without an act", header + "  - on: 2025-01-10\n    service: kelain\n", 9, "a step without do"},

		// Acts and their fields.
		{"unknown act", header + step("party: klinikka", "do: approve"), 10, `unknown command "approve" (known: add-pharmacy, approve-service,`},
		{"act missing party", header + step("do: approve-service", "service: kelain"), 9, "approve-service needs a party"},
		{"unknown field, with the act's fields", header + step("party: klinikka", "do: approve-service", "service: kelain", "reason: endangers"), 12,
			`unknown field "reason" for approve-service (its fields: party, service, org_unit)`},
		{"unknown field of an agreement act", header + signAgreement + step("do: end-production-agreement", "agreement: a1", "party: hoiva", "reason: x"), 18,
			`unknown field "reason" for end-production-agreement (its fields: agreement)`},
		{"unknown field of an act on the records", header + step("party: klinikka", "do: add-pharmacy", "pharmacy: P", "service: kelain"), 12,
			`unknown field "service" for add-pharmacy (its fields: party, pharmacy)`},
		{"missing field", header + step("party: klinikka", "do: request-service", "service: kelain", "accepts: []"), 10, "needs the field signatory"},
		{"missing field of an app act", header + registerApp + step("do: certify-app", "app: uniapp", "valvira_registered: true"), 14, "certify-app needs the field audit_valid_until"},
		{"missing field of an agreement act", header + step("do: sign-joint-agreement", "agreement: a1", "main: klinikka", "tenant: hoiva"), 9, "needs the field services"},
		{"kela_consent missing", header + step("party: klinikka", "do: transfer-commitment", "to: hoiva"), 10, "needs the field kela_consent"},
		{"unknown service", header + step("party: klinikka", "do: approve-service", "service: kanta"), 11, `unknown service "kanta"`},
		{"unknown signatory", header + step("party: klinikka", "do: request-service", "service: kelain", "signatory: ceo", "accepts: []"), 12, `unknown signatory "ceo"`},
		{"unknown document", header + step("party: klinikka", "do: request-service", "service: kelain", "signatory: none", "accepts: [terms]"), 13, `unknown document "terms"`},
		{"accepts not a list", header + step("party: klinikka", "do: request-service", "service: kelain", "signatory: none", "accepts: commitment"), 13, "accepts must be a list"},
		{"unknown suspension reason", header + step("party: klinikka", "do: suspend-service", "all: true", "reason: breach"), 12, `unknown suspension reason "breach"`},
		{"unknown termination reason", header + step("party: klinikka", "do: give-termination-notice", "all: true", "effective: 2025-03-01", "reason: bored"), 13, `unknown termination reason "bored"`},
		{"unknown contact role", header + step("party: klinikka", "do: name-contact", "role: boss", "name: N"), 11, `unknown contact role "boss"`},
		{"unknown notice rule", header + step("party: klinikka", "do: notify-change", "rule: holiday"), 11, `rule:`},
		{"service and all", header + step("party: klinikka", "do: terminate-by-authority", "service: kelain", "all: true"), 12, "names one service or all: true, not both"},
		{"neither service nor all", header + step("party: klinikka", "do: demonstrate-correction"), 10, "needs the field service (or all: true)"},
		{"all: false and no service", header + step("party: klinikka", "do: suspend-service", "all: false", "reason: endangers"), 10, "needs the field service (or all: true)"},
		{"all not a bool", header + step("party: klinikka", "do: demonstrate-correction", "all: everything"), 11, "all must be true or false"},
		{"wrong type: mapping for a service", header + step("party: klinikka", "do: approve-service", "service: {id: kelain}"), 11, "must be a single value"},
		{"wrong type: list for an org unit", header + step("party: klinikka", "do: approve-service", "service: kelain", "org_unit: [a, b]"), 12, "org_unit must be a single value"},
		{"wrong type: number for a date", header + step("party: klinikka", "do: terminate-by-authority", "all: true", "effective: 20250301"), 12, "effective: malformed date"},
		{"wrong type: text for a bool", header + step("party: klinikka", "do: transfer-commitment", "to: hoiva", "kela_consent: maybe"), 12, "kela_consent must be true or false"},
		{"malformed effective of terminate-by-authority", header + step("party: klinikka", "do: terminate-by-authority", "service: kelain", "effective: 2025-02-29"), 12, "malformed date"},
		{"empty value", header + step("party: klinikka", "do: add-pharmacy", "pharmacy:"), 11, "has no value"},
		{"transfer to an undeclared party", header + step("party: klinikka", "do: transfer-commitment", "to: nobody", "kela_consent: true"), 11, `party "nobody" is not declared`},
		{"main not declared", header + step("do: sign-joint-agreement", "agreement: a1", "main: nobody", "tenant: hoiva", "services: [kelain]"), 11, `main: party "nobody"`},
		{"tenant not declared", header + step("do: sign-joint-agreement", "agreement: a1", "main: klinikka", "tenant: nobody", "services: [kelain]"), 12, `tenant: party "nobody"`},
		{"malformed period", header + step("do: sign-joint-agreement", "agreement: a1", "main: klinikka", "tenant: hoiva", "services: [kelain]", "production_notice: 3 months"), 14, "malformed period"},
		{"agreement never signed", header + step("do: end-production-agreement", "agreement: a1"), 10, `agreement "a1" is not signed`},
		{"by not declared", header + signAgreement + "  - on: 2025-02-10\n    do: give-joint-agreement-notice\n    agreement: a1\n    by: nobody\n    effective: 2025-04-01\n", 17, `by: party "nobody"`},
		{"app never registered", header + step("do: connect-app", "app: uniapp"), 10, `app "uniapp" is not registered`},
		{"app registered later", header + step("do: connect-app", "app: uniapp") + "  - on: 2025-01-11\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n", 10, `app "uniapp" is not registered`},
		{"unknown removal reason", header + registerApp + step("do: remove-app", "app: uniapp", "reason: bankruptcy"), 16, `unknown removal reason "bankruptcy"`},
		{"valvira_registered not a bool", header + registerApp + step("do: certify-app", "app: uniapp", "valvira_registered: 1", "audit_valid_until: 2026-01-01"), 16, "valvira_registered must be true or false"},

		// Expectations.
		{"unknown expect key", header + request + "    expect: {customership: applied, state: active}\n", 14, `unknown key "state" in expect`},
		{"unknown customership state", header + request + "    expect: {customership: approved}\n", 14, `unknown state "approved"`},
		{"unknown service state", header + request + "    expect: {services: {prescription: pending}}\n", 14, `unknown state "pending"`},
		{"app state for a service", header + request + "    expect: {services: {prescription: production}}\n", 14, `unknown state "production"`},
		{"unknown service in expect", header + request + "    expect: {services: {recipe: requested}}\n", 14, `unknown service "recipe"`},
		{"expect on an unsigned agreement", header + request + "    expect: {agreements: {a1: in-force}}\n", 14, `agreement "a1" is not signed`},
		{"unknown agreement state", header + signAgreement + "    expect: {agreements: {a1: signed}}\n", 14, `unknown state "signed"`},
		{"expect on an unregistered app", header + request + "    expect: {apps: {uniapp: registered}}\n", 14, `app "uniapp" is not registered`},
		{"expect an undeclared party", header + request + "    expect: {party: nobody}\n", 14, `party "nobody" is not declared`},
		{"customership without a party", header + "  - on: 2025-01-10\n    expect: {customership: applied}\n", 9, "needs a party"},
		{"refused without an act", header + "  - on: 2025-01-10\n    party: klinikka\n    expect: {refused: true}\n", 10, "needs a command"},
		{"clause without refused", header + request + "    expect: {clause: SAT}\n", 14, "needs refused: true"},
		{"empty clause", header + request + "    expect: {refused: true, clause: \"\"}\n", 14, "expect.clause is empty"},
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

// org_unit is optional on the tests and the approval (C13: they may act on
// one part of the organisation); effective is optional on a termination by
// authority (C11: at once unless the authority names a day).
func TestParse_OptionalFields(t *testing.T) {
	tests := []struct {
		name string
		yaml string
		want lifecycle.Act
	}{
		{"pass-joint-testing without org_unit", step("party: klinikka", "do: pass-joint-testing", "service: kelain"), lifecycle.PassJointTesting{Service: lifecycle.Kelain}},
		{"pass-joint-testing with org_unit", step("party: klinikka", "do: pass-joint-testing", "service: kelain", "org_unit: Terveyskeskus Pohjoinen"),
			lifecycle.PassJointTesting{Service: lifecycle.Kelain, OrgUnit: "Terveyskeskus Pohjoinen"}},
		{"pass-activation-test without org_unit", step("party: klinikka", "do: pass-activation-test", "service: kelain"), lifecycle.PassActivationTest{Service: lifecycle.Kelain}},
		{"pass-activation-test with org_unit", step("party: klinikka", "do: pass-activation-test", "service: kelain", "org_unit: Terveyskeskus Pohjoinen"),
			lifecycle.PassActivationTest{Service: lifecycle.Kelain, OrgUnit: "Terveyskeskus Pohjoinen"}},
		{"approve-service without org_unit", step("party: klinikka", "do: approve-service", "service: kelain"), lifecycle.ApproveService{Service: lifecycle.Kelain}},
		{"approve-service with org_unit", step("party: klinikka", "do: approve-service", "service: kelain", "org_unit: Terveyskeskus Pohjoinen"),
			lifecycle.ApproveService{Service: lifecycle.Kelain, OrgUnit: "Terveyskeskus Pohjoinen"}},
		{"terminate-by-authority at once", step("party: klinikka", "do: terminate-by-authority", "service: kelain"), lifecycle.TerminateByAuthority{Service: lifecycle.Kelain}},
		{"terminate-by-authority on a day", step("party: klinikka", "do: terminate-by-authority", "service: kelain", "effective: 2025-03-31"),
			lifecycle.TerminateByAuthority{Service: lifecycle.Kelain, Effective: notice.MustDate(2025, 3, 31)}},
		{"terminate-by-authority of all on a day", step("party: klinikka", "do: terminate-by-authority", "all: true", "effective: 2025-03-31"),
			lifecycle.TerminateByAuthority{All: true, Effective: notice.MustDate(2025, 3, 31)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sc, err := scenario.Parse("optional.yaml", []byte(header+tt.yaml))
			require.NoError(t, err)
			require.Len(t, sc.Steps, 1)
			assert.Equal(t, tt.want, sc.Steps[0].Act)
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

// A byte-order mark at the start of the file is allowed; the file is still
// UTF-8.
func TestParse_ByteOrderMark(t *testing.T) {
	sc, err := scenario.Parse("bom.yaml", []byte("\uFEFF"+header+request))
	require.NoError(t, err)
	assert.Equal(t, "test", sc.Name)
}

func TestLoad_UnreadableFile(t *testing.T) {
	_, err := scenario.Load("testdata/no-such-file.yaml")
	var e *scenario.Error
	require.True(t, errors.As(err, &e))
	assert.Equal(t, "testdata/no-such-file.yaml", e.File)
	assert.Equal(t, 0, e.Line)
	assert.Contains(t, err.Error(), "testdata/no-such-file.yaml: cannot read")
}

// A declared entry keeps the rules its service's terms are cited by, and
// the catalogue's notice when it names no period: the social welfare client
// data repository's stay SAT's (S3, S5), another service's the default
// (K1, S5b).
func TestParse_CatalogueEntryKeepsItsServicesRules(t *testing.T) {
	sc, err := scenario.Parse("catalogue.yaml", []byte(`name: entries
catalogue:
  - service: social-welfare-client-data-repository
    eligible: [private-social-welfare-provider]
  - service: imaging-data-repository
    eligible: [private-health-care-provider]
    termination: P3M
parties:
  - {id: klinikka, kind: private-health-care-provider}
steps:
  - {on: 2025-01-10}
`))
	require.NoError(t, err)
	swcdr, ok := sc.Catalogue.Entry(lifecycle.SocialWelfareClientDataRepository)
	require.True(t, ok)
	assert.Equal(t, rules.S5, swcdr.Terms.TerminationRule)
	assert.Equal(t, rules.S3, swcdr.Terms.EligibilityRule)
	assert.Equal(t, notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}, swcdr.Terms.Termination)
	imaging, ok := sc.Catalogue.Entry(lifecycle.ImagingDataRepository)
	require.True(t, ok)
	assert.Equal(t, rules.S5b, imaging.Terms.TerminationRule)
	assert.Equal(t, rules.K1, imaging.Terms.EligibilityRule)
	assert.Equal(t, notice.Months(3), imaging.Terms.Termination.Period)
}
