package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// runCapCLI runs `kanta cap args…` through the dispatcher.
func runCapCLI(args ...string) (stdout, stderr string, code int) {
	var out, errb bytes.Buffer
	code = run(append([]string{"cap"}, args...), &out, &errb)
	return out.String(), errb.String(), code
}

// ledger writes a payments CSV into a temporary directory and returns its path.
func ledger(t *testing.T, lines ...string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "payments.csv")
	require.NoError(t, os.WriteFile(p, []byte(strings.Join(lines, "\n")+"\n"), 0o600))
	return p
}

// What was paid for the service in the calendar month before the damage is
// the cap.
func TestCap_PaidInTheMonthBeforeTheDamageIsTheCap(t *testing.T) {
	file := ledger(t, "date,service,amount", "2025-02-01,prescription,100.00", "2025-02-28,prescription,140")
	out, errs, code := runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", file)
	require.Equal(t, exitOK, code, errs)
	assert.Empty(t, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"240.00","cap":"240.00","basis":"paid","clause":"YTE 5"}`+"\n", out)
}

func TestCap_YTE5_L2_WindowEdgesAndOtherServices(t *testing.T) {
	file := ledger(t, "date,service,amount",
		"2025-01-31,prescription,1000", // a day before the calendar window
		"2025-02-01,prescription,1",    // its first day
		"2025-02-28,prescription,2",    // its last day
		"2025-03-01,prescription,1000", // a day after
		"2025-02-15,kelain,1000",       // another service
	)
	out, errs, code := runCapCLI("--service", "prescription", "--damage", "2025-03-31", "--payments", file)
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-31","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"3.00","cap":"3.00","basis":"paid","clause":"YTE 5"}`+"\n", out)

	// The rolling reading of 31 March: 28 February (clamped) to 30 March.
	out, errs, code = runCapCLI("--service", "prescription", "--damage", "2025-03-31", "--payments", file, "--window", "rolling-month")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-31","window":{"from":"2025-02-28","to":"2025-03-30"},"paid":"1002.00","cap":"1002.00","basis":"paid","clause":"YTE 5"}`+"\n", out)

	// Explicitly the default.
	out, _, code = runCapCLI("--service", "prescription", "--damage", "2025-01-01", "--payments", file, "--window", "calendar-month")
	require.Equal(t, exitOK, code)
	assert.Contains(t, out, `"window":{"from":"2024-12-01","to":"2024-12-31"}`)
	assert.Contains(t, out, `"basis":"none"`)
}

func TestCap_YTE5_L2_BasisMonthlyFeeAndNone(t *testing.T) {
	file := ledger(t, "date,service,amount", "2025-02-10,kelain,50.00")
	out, errs, code := runCapCLI("--service", "prescription", "--damage", "2024-02-29", "--payments", file, "--monthly-fee", "100.5")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2024-02-29","window":{"from":"2024-01-01","to":"2024-01-31"},"paid":"0.00","monthly_fee":"100.50","cap":"100.50","basis":"monthly-fee","clause":"YTE 5"}`+"\n", out)

	out, errs, code = runCapCLI("--service", "prescription", "--damage", "2025-03-01", "--payments", file)
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-01","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"0.00","cap":"0.00","basis":"none","clause":"YTE 5"}`+"\n", out)

	// A zero payment in the window is a payment: basis paid, even with a fee.
	zero := ledger(t, "date,service,amount", "2025-02-10,prescription,0.00")
	out, errs, code = runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", zero, "--monthly-fee", "240")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"0.00","monthly_fee":"240.00","cap":"0.00","basis":"paid","clause":"YTE 5"}`+"\n", out)
}

// Without a ledger the monthly fee is the cap, as for a ledger with nothing
// paid in the window: the fee is L2's fallback when nothing was paid.
func TestCap_YTE5_L2_MonthlyFeeAloneIsAnEmptyLedger(t *testing.T) {
	empty := ledger(t, "date,service,amount")
	for _, extra := range [][]string{nil, {"--claim", "5000"}, {"--claim", "100", "--mandatory-law"}, {"--window", "rolling-month"}} {
		alone, errs, code := runCapCLI(append([]string{"--service", "kelain", "--damage", "2025-03-15", "--monthly-fee", "240"}, extra...)...)
		require.Equal(t, exitOK, code, errs)
		withEmpty, errs, code := runCapCLI(append([]string{"--service", "kelain", "--damage", "2025-03-15", "--monthly-fee", "240", "--payments", empty}, extra...)...)
		require.Equal(t, exitOK, code, errs)
		assert.Equal(t, withEmpty, alone, "%v", extra)
	}
	out, _, _ := runCapCLI("--service", "kelain", "--damage", "2025-03-15", "--monthly-fee", "240", "--claim", "100", "--mandatory-law")
	assert.Equal(t, `{"service":"kelain","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"0.00","monthly_fee":"240.00","cap":"240.00","basis":"monthly-fee","claim":"100.00","kela_liable":"100.00","clause":"YTE 5"}`+"\n", out)

	out, errs, code := runCapCLI("--service", "kelain", "--damage", "2025-03-15")
	assert.Equal(t, exitBadInput, code)
	assert.Empty(t, out)
	assert.Equal(t, "kanta: cap: missing --payments (or --monthly-fee, the cap when nothing was paid)\n", errs)
}

func TestCap_ManySmallPaymentsSumExactly(t *testing.T) {
	lines := []string{"date,service,amount"}
	for i := 0; i < 10000; i++ {
		lines = append(lines, "2025-02-14,prescription,0.01")
	}
	out, errs, code := runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, lines...))
	require.Equal(t, exitOK, code, errs)
	assert.Contains(t, out, `"paid":"100.00","cap":"100.00"`)
}

func TestCap_YTE5_L1_ClaimAndKelaLiable(t *testing.T) {
	file := ledger(t, "date,service,amount", "2025-02-01,prescription,240")
	out, errs, code := runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", file, "--claim", "5000")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"240.00","cap":"240.00","basis":"paid","claim":"5000.00","kela_liable":"0.00","clause":"YTE 5"}`+"\n", out)

	out, errs, code = runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", file, "--claim", "5000", "--mandatory-law")
	require.Equal(t, exitOK, code, errs)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"240.00","cap":"240.00","basis":"paid","claim":"5000.00","kela_liable":"240.00","clause":"YTE 5"}`+"\n", out)

	out, _, code = runCapCLI("--service", "prescription", "--damage", "2025-03-15", "--payments", file, "--claim", "99.99", "--mandatory-law", "--monthly-fee", "10")
	require.Equal(t, exitOK, code)
	assert.Equal(t, `{"service":"prescription","damage":"2025-03-15","window":{"from":"2025-02-01","to":"2025-02-28"},"paid":"240.00","monthly_fee":"10.00","cap":"240.00","basis":"paid","claim":"99.99","kela_liable":"99.99","clause":"YTE 5"}`+"\n", out)
}

func TestCap_BadInputIsOneLineOnStderrAndExit2(t *testing.T) {
	good := ledger(t, "date,service,amount", "2025-02-01,prescription,240")
	base := []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", good}
	with := func(extra ...string) []string { return append(append([]string{}, base...), extra...) }
	for _, tc := range []struct {
		name string
		args []string
		want string // text the one line must contain
	}{
		{"unknown flag", with("--bogus"), "bogus"},
		{"missing service", []string{"--damage", "2025-03-15", "--payments", good}, "--service"},
		{"missing damage", []string{"--service", "prescription", "--payments", good}, "--damage"},
		{"missing payments", []string{"--service", "prescription", "--damage", "2025-03-15"}, "--payments"},
		{"unknown service", []string{"--service", "prescriptions", "--damage", "2025-03-15", "--payments", good}, "prescriptions"},
		{"empty service", []string{"--service", "", "--damage", "2025-03-15", "--payments", good}, "service"},
		{"malformed date", []string{"--service", "prescription", "--damage", "15.3.2025", "--payments", good}, "15.3.2025"},
		{"no such day", []string{"--service", "prescription", "--damage", "2025-02-29", "--payments", good}, "2025-02-29"},
		{"malformed monthly fee", with("--monthly-fee", "1.234"), "1.234"},
		{"negative monthly fee", with("--monthly-fee", "-5"), "-5"},
		{"malformed claim", with("--claim", "1e3"), "1e3"},
		{"empty claim", with("--claim", ""), "--claim"},
		{"unknown window", with("--window", "fortnight"), "fortnight"},
		{"mandatory law without claim", with("--mandatory-law"), "--claim"},
		{"stray argument", with("extra"), "extra"},
		{"unreadable file", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", filepath.Join(t.TempDir(), "missing.csv")}, "missing.csv"},
		{"a directory", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", t.TempDir()}, "cannot read"},
		{"wrong header", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "day,service,amount")}, "line 1"},
		{"wrong columns", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "date,service,amount", "2025-02-01,prescription")}, "line 2"},
		{"bad csv date", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "date,service,amount", "2025-02-01,prescription,1", "2025-13-01,prescription,1")}, "line 3"},
		{"bad csv amount", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "date,service,amount", "2025-02-01,prescription,1.001")}, `line 2: bad amount`},
		{"empty csv service", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "date,service,amount", "2025-02-01,,1")}, "line 2: empty service"},
		{"unknown csv service", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t, "date,service,amount", "2025-02-01,recepti,1")}, "recepti"},
		{"empty file", []string{"--service", "prescription", "--damage", "2025-03-15", "--payments", ledger(t)}, "line 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runCapCLI(tc.args...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, out)
			assert.Equal(t, 1, strings.Count(errs, "\n"), errs)
			assert.True(t, strings.HasSuffix(errs, "\n"))
			assert.Contains(t, errs, tc.want)
		})
	}
}

func TestCap_IsRegistered(t *testing.T) {
	_, ok := lookup("cap")
	assert.True(t, ok)
}
