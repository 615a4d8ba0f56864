package main

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runNoticeCLI(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"notice"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// docs/cli.md's first example, byte for byte, and the days of the one-month
// rules in both directions, asked for one at a time or together.
func TestNotice_PrintsTheDaysAskedForAsJSON(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{
			"docs/cli.md example: service-termination given 31 Jan 2025",
			[]string{"--rule", "service-termination", "--given", "2025-01-31"},
			`{"rule":"service-termination","direction":"before-effect","period":"P1M","roll":"none","given":"2025-01-31","earliest_effective":"2025-03-01","clause":"SAT"}`,
		},
		{
			"service-termination effective 28 Feb 2025",
			[]string{"--rule", "service-termination", "--effective", "2025-02-28"},
			`{"rule":"service-termination","direction":"before-effect","period":"P1M","roll":"none","effective":"2025-02-28","latest_notice":"2025-01-28","clause":"SAT"}`,
		},
		{
			"service-termination effective 31 Mar 2024",
			[]string{"--rule", "service-termination", "--effective", "2024-03-31"},
			`{"rule":"service-termination","direction":"before-effect","period":"P1M","roll":"none","effective":"2024-03-31","latest_notice":"2024-02-29","clause":"SAT"}`,
		},
		{
			"joint-agreement-termination given 31 Jan 2025",
			[]string{"--rule", "joint-agreement-termination", "--given", "2025-01-31"},
			`{"rule":"joint-agreement-termination","direction":"notice-period","period":"P1M","roll":"none","given":"2025-01-31","earliest_effective":"2025-03-01","clause":"YLS 20"}`,
		},
		{
			"joint-agreement-termination effective 1 Mar 2025",
			[]string{"--rule", "joint-agreement-termination", "--effective", "2025-03-01"},
			`{"rule":"joint-agreement-termination","direction":"notice-period","period":"P1M","roll":"none","effective":"2025-03-01","latest_notice":"2025-01-31","clause":"YLS 20"}`,
		},
		{
			"both days: all four keys and timely, in the fixed order",
			[]string{"--rule", "joint-agreement-termination", "--given", "2025-01-31", "--effective", "2025-03-01"},
			`{"rule":"joint-agreement-termination","direction":"notice-period","period":"P1M","roll":"none","given":"2025-01-31","effective":"2025-03-01","earliest_effective":"2025-03-01","latest_notice":"2025-01-31","timely":true,"clause":"YLS 20"}`,
		},
		{
			"both days, late",
			[]string{"--effective", "2025-02-28", "--given", "2025-01-31", "--rule", "service-termination"},
			`{"rule":"service-termination","direction":"before-effect","period":"P1M","roll":"none","given":"2025-01-31","effective":"2025-02-28","earliest_effective":"2025-03-01","latest_notice":"2025-01-28","timely":false,"clause":"SAT"}`,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runNoticeCLI(tc.args...)
			require.Equal(t, exitOK, code, stderr)
			assert.Empty(t, stderr)
			assert.Equal(t, tc.want+"\n", stdout)
		})
	}
}

func TestNotice_EachRuleWithAPeriod(t *testing.T) {
	tests := []struct {
		rule, direction, period, clause, latest string
	}{
		{"technical-change", "before-effect", "P2W", "YTE 3.8, OTV 4.5", "2025-02-15"},
		{"cessation-of-operations", "before-effect", "P1M", "YTE 3.8, OTV 4.5", "2025-02-01"},
		{"service-termination", "before-effect", "P1M", "SAT", "2025-02-01"},
		{"app-withdrawal", "before-effect", "P1M", "OTV 4.5", "2025-02-01"},
		{"maintenance-break", "before-effect", "P1W", "OTV 4.5", "2025-02-22"},
		{"joint-agreement-termination", "notice-period", "P1M", "YLS 20", "2025-01-31"},
	}
	for _, tc := range tests {
		t.Run(tc.rule, func(t *testing.T) {
			stdout, stderr, code := runNoticeCLI("--rule", tc.rule, "--effective", "2025-03-01")
			require.Equal(t, exitOK, code, stderr)
			var got map[string]any
			require.NoError(t, json.Unmarshal([]byte(stdout), &got))
			assert.Equal(t, map[string]any{
				"rule": tc.rule, "direction": tc.direction, "period": tc.period, "roll": "none",
				"effective": "2025-03-01", "latest_notice": tc.latest, "clause": tc.clause,
			}, got)
		})
	}
}

func TestNotice_RollAppliesToTheComputedDay(t *testing.T) {
	tests := []struct {
		roll, latest string
	}{
		{"none", "2025-02-01"},     // a Saturday
		{"forward", "2025-02-03"},  // the next working day
		{"backward", "2025-01-31"}, // the previous one
	}
	for _, tc := range tests {
		t.Run(tc.roll, func(t *testing.T) {
			stdout, stderr, code := runNoticeCLI("--rule", "service-termination", "--effective", "2025-03-01", "--roll", tc.roll)
			require.Equal(t, exitOK, code, stderr)
			assert.Equal(t, `{"rule":"service-termination","direction":"before-effect","period":"P1M","roll":"`+tc.roll+
				`","effective":"2025-03-01","latest_notice":"`+tc.latest+`","clause":"SAT"}`+"\n", stdout)
		})
	}
	t.Run("over Christmas", func(t *testing.T) {
		stdout, _, code := runNoticeCLI("--rule", "service-termination", "--effective", "2026-01-24", "--roll", "forward")
		require.Equal(t, exitOK, code)
		assert.Contains(t, stdout, `"latest_notice":"2025-12-29"`)
	})
	t.Run("timely against the rolled day", func(t *testing.T) {
		stdout, _, code := runNoticeCLI("--rule", "service-termination", "--given", "2025-02-03", "--effective", "2025-03-01", "--roll", "forward")
		require.Equal(t, exitOK, code)
		assert.Contains(t, stdout, `"latest_notice":"2025-02-03","timely":true`)
	})
}

func TestNotice_YLS20_PeriodOverridesTheJointAgreementMonth(t *testing.T) {
	stdout, stderr, code := runNoticeCLI("--rule", "joint-agreement-termination", "--period", "P3M", "--given", "2024-11-30")
	require.Equal(t, exitOK, code, stderr)
	assert.Equal(t, `{"rule":"joint-agreement-termination","direction":"notice-period","period":"P3M","roll":"none","given":"2024-11-30","earliest_effective":"2025-03-01","clause":"YLS 20"}`+"\n", stdout)
}

func TestNotice_BadInputIsOneLineOnStderrAndExit2(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		mention string // a word the message must contain
	}{
		{"unknown flag", []string{"--rule", "service-termination", "--given", "2025-01-31", "--bogus"}, "bogus"},
		{"unknown rule", []string{"--rule", "termination", "--given", "2025-01-31"}, "termination"},
		{"no rule", []string{"--given", "2025-01-31"}, "--rule"},
		{"large-disruption has no period", []string{"--rule", "large-disruption", "--given", "2025-01-31"}, "without delay"},
		{"contact-change has no period", []string{"--rule", "contact-change", "--given", "2025-01-31"}, "no fixed period"},
		{"data-breach is counted in hours", []string{"--rule", "data-breach", "--given", "2025-01-31"}, "72 hours"},
		{"malformed given", []string{"--rule", "service-termination", "--given", "31.1.2025"}, "31.1.2025"},
		{"no such day", []string{"--rule", "service-termination", "--effective", "2025-02-29"}, "2025-02-29"},
		{"empty date", []string{"--rule", "service-termination", "--given="}, "--given"},
		{"malformed period", []string{"--rule", "joint-agreement-termination", "--period", "3 months", "--given", "2025-01-31"}, "3 months"},
		{"zero period", []string{"--rule", "joint-agreement-termination", "--period", "P0M", "--given", "2025-01-31"}, "P0M"},
		{"period with another rule", []string{"--rule", "service-termination", "--period", "P3M", "--given", "2025-01-31"}, "joint-agreement-termination"},
		{"period with technical-change", []string{"--rule", "technical-change", "--period", "P1W", "--given", "2025-01-31"}, "technical-change"},
		{"unknown roll", []string{"--rule", "service-termination", "--given", "2025-01-31", "--roll", "sideways"}, "sideways"},
		{"neither given nor effective", []string{"--rule", "service-termination"}, "--given"},
		{"stray argument", []string{"--rule", "service-termination", "--given", "2025-01-31", "extra"}, "extra"},
		{"a result past 9999", []string{"--rule", "service-termination", "--given", "9999-12-31"}, "9999"},
		{"a period past 9999", []string{"--rule", "joint-agreement-termination", "--period", "P100000Y", "--effective", "2025-01-01"}, "0002–9999"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runNoticeCLI(tc.args...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, stdout)
			require.True(t, strings.HasSuffix(stderr, "\n"), "stderr: %q", stderr)
			assert.Equal(t, 1, strings.Count(stderr, "\n"), "one line: %q", stderr)
			assert.Contains(t, stderr, tc.mention)
		})
	}
}

func TestNotice_IsRegistered(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, &out, &errOut))
	assert.Contains(t, out.String(), "\nusage: kanta notice --rule RULE")
}
