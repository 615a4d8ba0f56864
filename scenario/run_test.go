package scenario_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
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
	assert.Nil(t, out[0].Refusal)
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
		{"a refusal not expected", step("party: klinikka", "do: approve-service", "service: kelain"),
			[]string{"refused: approve-service of kelain refused: "}},
		{"an acceptance where a refusal is expected", request + "    expect: {refused: true}\n",
			[]string{"accepted, but the scenario expects a refusal"}},
		{"the wrong clause", step("party: klinikka", "do: approve-service", "service: kelain", "expect: {refused: true, clause: SAT}"),
			[]string{`refused citing YTE 7, not "SAT"`}},
		{"an input error at run time", request + step("party: klinikka", "do: transfer-commitment", "to: klinikka", "kela_consent: true"),
			[]string{`to "klinikka"`}},
		{"a notification without the day its rule needs", request + step("party: klinikka", "do: notify-change", "rule: technical-change"),
			[]string{"effective: a technical-change notice names the day the change takes effect"}},
		{"an act the terms give their own act", request + step("party: klinikka", "do: notify-change", "rule: service-termination"),
			[]string{`rule "service-termination": a termination or withdrawal has its own act`}},
		{"an agreement", signAgreement + "    expect: {agreements: {a1: in-force}}\n",
			[]string{"refused: sign-joint-agreement of a1 refused", "agreement a1 is none, expected in-force"}},
		{"an app", registerApp + "    expect: {apps: {uniapp: production}}\n",
			[]string{"app uniapp is registered, expected production"}},
		{"an app of two vendors", registerApp + step("party: other", "do: register-app", "app: uniapp", "signatory: trade-register"),
			[]string{"the app is registered by vendor; an app belongs to one vendor"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, res := run(t, tt.steps)
			last := out[len(out)-1]
			assert.Equal(t, 1, res.Failed)
			assert.False(t, res.OK())
			assert.False(t, last.Passed())
			for _, w := range tt.want {
				assert.Contains(t, strings.Join(last.Failures, "\n"), w)
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

// Time passes before each step, so a notice that takes effect between two
// steps has taken effect at the second; a step without an act only checks.
func TestRun_TimePassesToEachStepsDay(t *testing.T) {
	out, res := run(t, request+`  - on: 2025-01-20
    party: klinikka
    do: approve-service
    service: prescription
  - on: 2025-02-03
    party: klinikka
    do: give-termination-notice
    service: prescription
    effective: 2025-03-03
    reason: reorganisation
    expect: {customership: terminating, services: {prescription: notice-given}}
  - on: 2025-03-02
    expect: {party: klinikka, customership: terminating, services: {prescription: notice-given}}
  - on: 2025-03-03
    expect: {party: klinikka, customership: ended, services: {prescription: terminated}}
`)
	for _, r := range out {
		assert.True(t, r.Passed(), "%s", r)
	}
	assert.Equal(t, scenario.Result{Passed: 5}, res)
}

// A party's state for a service falls back to its use as a tenant; an app
// act runs on whichever party holds the app after a transfer.
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
  - on: 2025-01-22
    expect: {party: vendor, customership: none, services: {my-data-repository: none}}
  - on: 2025-01-23
    do: pass-app-joint-testing
    app: uniapp
    expect: {apps: {uniapp: joint-tested}}
`)
	for _, r := range out {
		assert.True(t, r.Passed(), "%s", r)
	}
	assert.Equal(t, 0, res.Failed)
	last := out[len(out)-1]
	assert.Equal(t, "other", last.Party, "the app act ran on the party that holds the app")
}

// Approving a service that was never requested is refused by the rule of
// approval (C3), as it was before the rebuild; the phased-activation rule
// (C13) is about a service already in use and says nothing here.
func TestRun_ApprovalOfAServiceNeverRequestedCitesC3(t *testing.T) {
	out, _ := run(t, request+step("party: klinikka", "do: approve-service", "service: kelain", "expect: {refused: true, clause: YTE 7}"))
	refusal := out[1].Refusal
	require.NotNil(t, refusal)
	assert.ErrorIs(t, refusal, rules.C3, "%v", refusal)
	assert.NotErrorIs(t, refusal, rules.C13, "%v", refusal)
}

func TestRun_StepResultIsOneLine(t *testing.T) {
	r := scenario.StepResult{File: "f.yaml", Line: 3, On: notice.MustDate(2025, 1, 31)}
	assert.Equal(t, "f.yaml:3: 2025-01-31 - (time passes) ok", r.String())
	r.Failures = []string{"a\nb", "c"}
	assert.Equal(t, "f.yaml:3: 2025-01-31 - (time passes) FAIL: a b; c", r.String())
	r.Party, r.Do = "hoiva", "approve-service"
	r.Failures = nil
	assert.Equal(t, "f.yaml:3: 2025-01-31 hoiva approve-service ok", r.String())
}

func TestResult_Add(t *testing.T) {
	sum := scenario.Result{Passed: 2, Failed: 1}.Add(scenario.Result{Passed: 3})
	assert.Equal(t, scenario.Result{Passed: 5, Failed: 1}, sum)
	assert.False(t, sum.OK())
	assert.True(t, scenario.Result{Passed: 5}.OK())
}

// suspensions returns a scenario in which klinikka's prescription service
// is taken into use and then suspended and corrected again and again: every
// step is accepted, and steps spread over days so that time passes too.
func suspensions(steps int) []byte {
	var b strings.Builder
	b.WriteString(header + request)
	b.WriteString(step("party: klinikka", "do: approve-service", "service: prescription"))
	on := notice.MustDate(2025, 1, 10)
	for i := 2; i < steps; i++ {
		if i%10 == 0 {
			on = on.AddDays(1)
		}
		fmt.Fprintf(&b, "  - on: %s\n    party: klinikka\n", on)
		if i%2 == 0 {
			b.WriteString("    do: suspend-service\n    service: prescription\n    reason: endangers\n")
		} else {
			b.WriteString("    do: demonstrate-correction\n    service: prescription\n")
		}
	}
	return []byte(b.String())
}

func TestRun_SuspensionsScenarioIsAccepted(t *testing.T) {
	sc, err := scenario.Parse("suspensions.yaml", suspensions(100))
	require.NoError(t, err)
	require.Len(t, sc.Steps, 100)
	var failed []string
	res := sc.Run(func(r scenario.StepResult) {
		if !r.Passed() {
			failed = append(failed, r.String())
		}
	})
	assert.Empty(t, failed)
	assert.Equal(t, scenario.Result{Passed: 100}, res)
}

// BenchmarkCheckSteps runs scenarios of 1 000 and 10 000 accepted steps: the
// time per step stays flat when Run is linear in steps.
func BenchmarkCheckSteps(b *testing.B) {
	for _, n := range []int{1_000, 10_000} {
		b.Run(fmt.Sprintf("steps=%d", n), func(b *testing.B) {
			sc, err := scenario.Parse("suspensions.yaml", suspensions(n))
			require.NoError(b, err)
			b.ResetTimer()
			for range b.N {
				if res := sc.Run(nil); res.Failed != 0 {
					b.Fatalf("%v", res)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/step")
		})
	}
}
