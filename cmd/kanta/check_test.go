package main

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCheckCLI runs `kanta check args…` through the dispatcher.
func runCheckCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(append([]string{"check"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// scenarioFile writes a scenario into a temporary directory and returns its
// path.
func scenarioFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
	return p
}

const passing = `name: "C3: applied until Kela approves"
parties:
  - {id: klinikka, kind: private-health-care-provider}
steps:
  - on: 2025-01-10
    party: klinikka
    do: request-service
    service: prescription
    signatory: trade-register
    accepts: [commitment, general-terms, service-description]
    expect: {customership: applied}
  - on: 2025-01-20
    expect: {party: klinikka, customership: applied}
`

const failing = `name: "C3: a wrong expectation"
parties:
  - {id: klinikka, kind: private-health-care-provider}
steps:
  - on: 2025-01-10
    party: klinikka
    do: request-service
    service: prescription
    signatory: trade-register
    accepts: [commitment, general-terms, service-description]
    expect: {customership: active}
  - on: 2025-01-20
    party: klinikka
    do: approve-service
    service: prescription
    expect: {refused: true, clause: SAT}
`

func TestCheck_PassingScenarioExits0(t *testing.T) {
	file := scenarioFile(t, "ok.yaml", passing)
	out, errs, code := runCheckCLI(file)
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, errs)
	assert.Equal(t, file+":5: 2025-01-10 klinikka request-service ok\n"+
		file+":12: 2025-01-20 klinikka (time passes) ok\n"+
		"2 passed, 0 failed\n", out)
}

func TestCheck_FailedExpectationExits1(t *testing.T) {
	ok, bad := scenarioFile(t, "ok.yaml", passing), scenarioFile(t, "bad.yaml", failing)
	out, errs, code := runCheckCLI(ok, bad)
	require.Equal(t, exitFailed, code, errs)
	assert.Empty(t, errs)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	require.Len(t, lines, 5, out)
	assert.Equal(t, bad+":5: 2025-01-10 klinikka request-service FAIL: klinikka's customership is applied, expected active", lines[2])
	assert.True(t, strings.HasPrefix(lines[3], bad+":12: 2025-01-20 klinikka approve-service FAIL: accepted, but the scenario expects a refusal"), lines[3])
	assert.Equal(t, "2 passed, 2 failed", lines[4], "the closing line counts the steps of every file")
}

// A malformed file among several: no file runs, one line on stderr names the
// file and the line, and nothing goes to stdout.
func TestCheck_MalformedFileExits2WithFileAndLine(t *testing.T) {
	ok := scenarioFile(t, "ok.yaml", passing)
	tests := []struct {
		name, body, want string
	}{
		{"unknown act", strings.Replace(passing, "do: request-service", "do: request", 1), `:7: unknown command "request" (known: add-pharmacy,`},
		{"missing field", strings.Replace(passing, "    signatory: trade-register\n", "", 1), `:7: request-service needs the field signatory`},
		{"service and all", strings.Replace(passing, "do: request-service\n    service: prescription\n    signatory: trade-register\n    accepts: [commitment, general-terms, service-description]\n",
			"do: terminate-by-authority\n    service: prescription\n    all: true\n", 1), `:9: terminate-by-authority names one service or all: true, not both`},
		{"not UTF-8", strings.Replace(passing, "{id: klinikka,", "{id: klinikka\xff,", 1), `:3: the file is not UTF-8 text`},
		{"unknown field", strings.Replace(passing, "service: prescription", "sevice: prescription", 1), `:8: unknown field "sevice" for request-service (its fields: party, service`},
		{"unknown state", strings.Replace(passing, "customership: applied}\n  - on", "customership: approved}\n  - on", 1), `:11: expect.customership: unknown state "approved"`},
		{"date out of order", strings.Replace(passing, "on: 2025-01-20", "on: 2025-01-09", 1), ":12: step dated 2025-01-09 comes after a step dated 2025-01-10"},
		{"missing party", strings.Replace(passing, "party: klinikka\n    do", "party: klinika\n    do", 1), `:6: party: party "klinika" is not declared`},
		{"malformed YAML", passing + "  - on: [\n", ":15: malformed YAML"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			bad := scenarioFile(t, "bad.yaml", tt.body)
			out, errs, code := runCheckCLI(ok, bad, ok)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, out)
			assert.Equal(t, 1, strings.Count(errs, "\n"), errs)
			assert.True(t, strings.HasPrefix(errs, "kanta: check: "+bad+tt.want), errs)
		})
	}
}

func TestCheck_BadInvocationExits2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", nil, "no scenario file given"},
		{"unreadable file", []string{filepath.Join(t.TempDir(), "missing.yaml")}, "missing.yaml: cannot read the scenario"},
		{"unknown flag", []string{"--verbose", "x.yaml"}, "flag provided but not defined"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errs, code := runCheckCLI(tt.args...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, out)
			assert.Equal(t, 1, strings.Count(errs, "\n"), errs)
			assert.Contains(t, errs, tt.want)
		})
	}
}

// The repository's scenarios pass through the command line as they do
// through go test: `go run ./cmd/kanta check testdata/scenarios/*.yaml`.
func TestCheck_RepositoryScenariosPass(t *testing.T) {
	files, err := filepath.Glob("../../testdata/scenarios/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	out, errs, code := runCheckCLI(files...)
	require.Equal(t, exitOK, code, "%s%s", errs, out)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	assert.Regexp(t, regexp.MustCompile(`^[1-9]\d* passed, 0 failed$`), lines[len(lines)-1])
	for _, l := range lines[:len(lines)-1] {
		assert.True(t, strings.HasSuffix(l, " ok"), l)
	}
}
