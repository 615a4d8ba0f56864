package scenario_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/scenario"
)

// run parses and runs a scenario written after header, returning each
// step's result.
func run(t *testing.T, steps string) ([]scenario.StepResult, scenario.Result) {
	t.Helper()
	sc, err := scenario.Parse("run.yaml", []byte(header+steps))
	require.NoError(t, err)
	var out []scenario.StepResult
	res := sc.Run(func(r scenario.StepResult) { out = append(out, r) })
	require.Len(t, out, len(sc.Steps))
	return out, res
}

func TestRun_PassingStepsAndTheirLines(t *testing.T) {
	out, res := run(t, request+`    expect: {customership: applied, services: {prescription: requested, kelain: none}}
  - on: 2025-01-20
    expect: {party: klinikka, customership: applied}
  - on: 2025-01-20
    party: klinikka
    do: approve-service
    service: kelain
    expect: {refused: true, clause: YTE, customership: applied}
`)
	assert.Equal(t, scenario.Result{Passed: 3}, res)
	assert.True(t, res.OK())
	assert.Equal(t, "3 passed, 0 failed", res.String())
	assert.Equal(t, "run.yaml:8: 2025-01-10 klinikka request-service ok", out[0].String())
	assert.Equal(t, "run.yaml:15: 2025-01-20 klinikka (time passes) ok", out[1].String())
	assert.Equal(t, "run.yaml:17: 2025-01-20 klinikka approve-service ok", out[2].String())
	require.NotNil(t, out[2].Refusal, "an expected refusal is reported too")
	assert.Contains(t, out[2].Refusal.Citations(), "YTE 7")
}

func TestRun_FailedExpectations(t *testing.T) {
	tests := []struct {
		name  string
		steps string
		want  []string
	}{
		{"customership", request + "    expect: {customership: active}\n",
			[]string{"klinikka's customership is applied, expected active"}},
		{"service", request + "    expect: {services: {prescription: active, kelain: requested}}\n",
			[]string{"klinikka's prescription is requested, expected active", "klinikka's kelain is none, expected requested"}},
		{"none", request + "    expect: {customership: none}\n",
			[]string{"klinikka's customership is applied, expected none"}},
		{"a refusal not expected", "  - on: 2025-01-10\n    party: klinikka\n    do: approve-service\n    service: kelain\n",
			[]string{"refused: approve-service of kelain refused: C3 (YTE 7)"}},
		{"an acceptance where a refusal is expected", request + "    expect: {refused: true}\n",
			[]string{"accepted, but the scenario expects a refusal"}},
		{"the wrong clause", "  - on: 2025-01-10\n    party: klinikka\n    do: approve-service\n    service: kelain\n    expect: {refused: true, clause: SAT}\n",
			[]string{`refused citing YTE 7, not "SAT"`}},
		{"an input error at run time", request + "  - on: 2025-01-10\n    party: klinikka\n    do: transfer-commitment\n    to: klinikka\n    kela_consent: true\n",
			[]string{"", `commitment: to "klinikka": the commitment already belongs to this customer`}},
		{"an agreement", "  - on: 2025-01-10\n    do: sign-joint-agreement\n    agreement: a1\n    main: klinikka\n    tenant: hoiva\n    services: [kelain]\n    expect: {agreements: {a1: in-force}}\n",
			[]string{"refused: sign-joint-agreement of a1 refused", "agreement a1 is none, expected in-force"}},
		{"an app", "  - on: 2025-01-10\n    party: vendor\n    do: register-app\n    app: uniapp\n    signatory: trade-register\n    expect: {apps: {uniapp: production}}\n",
			[]string{"app uniapp is registered, expected production"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, res := run(t, tt.steps)
			last := out[len(out)-1]
			assert.Equal(t, 1, res.Failed)
			assert.False(t, res.OK())
			assert.False(t, last.Passed())
			for _, w := range tt.want {
				if w != "" {
					assert.Contains(t, strings.Join(last.Failures, "\n"), w)
				}
			}
			line := last.String()
			assert.Contains(t, line, " FAIL: ")
			assert.NotContains(t, line, "\n")
		})
	}
}

// A failed step does not stop the run; later steps still run and count.
func TestRun_AFailedStepDoesNotStopTheRun(t *testing.T) {
	out, res := run(t, request+"    expect: {customership: active}\n"+`  - on: 2025-01-20
    party: klinikka
    do: approve-service
    service: prescription
    expect: {customership: active}
`)
	assert.Equal(t, scenario.Result{Passed: 1, Failed: 1}, res)
	assert.False(t, out[0].Passed())
	assert.True(t, out[1].Passed())
}

// A party's state for a service falls back to its use as a tenant.
func TestRun_TenantServicesAndTransferredApps(t *testing.T) {
	out, res := run(t, request+`  - on: 2025-01-20
    party: klinikka
    do: approve-service
    service: prescription
  - on: 2025-01-21
    do: sign-joint-agreement
    agreement: a1
    main: klinikka
    tenant: hoiva
    services: [prescription]
    expect: {party: hoiva, customership: none, services: {prescription: active}}
  - on: 2025-01-21
    party: vendor
    do: request-service
    service: my-data-repository
    signatory: trade-register
    accepts: [commitment, general-terms, service-description]
  - on: 2025-01-21
    party: vendor
    do: approve-service
    service: my-data-repository
  - on: 2025-01-21
    party: vendor
    do: register-app
    app: uniapp
    signatory: trade-register
  - on: 2025-01-22
    party: vendor
    do: transfer-commitment
    to: other
    kela_consent: true
    expect: {party: other, customership: active, apps: {uniapp: registered}}
  - on: 2025-01-23
    do: pass-app-joint-testing
    app: uniapp
    expect: {apps: {uniapp: joint-tested}}
`)
	for _, r := range out {
		assert.True(t, r.Passed(), "%s", r)
	}
	assert.Equal(t, 0, res.Failed)
	assert.Equal(t, "other", out[len(out)-1].Party, "the app command ran on the party that holds the app")
}

func TestRun_StepResultIsOneLine(t *testing.T) {
	r := scenario.StepResult{File: "f.yaml", Line: 3, On: notice.MustDate(2025, 1, 31)}
	assert.Equal(t, "f.yaml:3: 2025-01-31 - (time passes) ok", r.String())
	r.Failures = []string{"a\nb", "c"}
	assert.Equal(t, "f.yaml:3: 2025-01-31 - (time passes) FAIL: a b; c", r.String())
}
