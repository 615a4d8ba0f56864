package main

// Hostile input: each attack of the issue "Hardening and polish" must end in
// exit 2 with one short line on stderr and nothing on stdout, without
// hanging (runProcess and runInProcess fail a run that takes longer than
// generous). What the attacks cost in time and memory is measured outside
// the tests; nothing here asserts it.

import (
	"crypto/rand"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/scenario"
)

// capArgs are the flags of a good `kanta cap` run with payments from file.
func capArgs(file string, extra ...string) []string {
	return append([]string{"cap", "--service", "prescription", "--damage", "2025-03-15", "--payments", file}, extra...)
}

// sparse creates a file of size bytes that takes no disk space.
func sparse(t *testing.T, name string, size int64) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	f, err := os.Create(p)
	require.NoError(t, err)
	require.NoError(t, f.Truncate(size))
	require.NoError(t, f.Close())
	return p
}

// A ledger of exactly the limit is read (its zeros make the first line too
// long); one byte more is refused before it is opened.
func TestAttack_PaymentsLargerThanTheLimitAreRefusedUnread(t *testing.T) {
	out, errs, code := runProcess(t, capArgs(sparse(t, "at-limit.csv", maxLedgerSize))...)
	requireOneErrorLine(t, out, errs, code, "line 1: line longer than 1024 bytes")

	out, errs, code = runProcess(t, capArgs(sparse(t, "over-limit.csv", maxLedgerSize+1))...)
	requireOneErrorLine(t, out, errs, code, "it has 67108865 bytes, more than the 64 MiB this command reads")

	out, errs, code = runProcess(t, capArgs(sparse(t, "huge.csv", 8<<30))...)
	requireOneErrorLine(t, out, errs, code, "more than the 64 MiB")
}

func TestAttack_AMillionColumnsOnOneLine(t *testing.T) {
	p := filepath.Join(t.TempDir(), "columns.csv")
	require.NoError(t, os.WriteFile(p, []byte("date,service,amount\n"+strings.Repeat("x,", 1_000_000)+"x\n"), 0o600))
	out, errs, code := runInProcess(t, capArgs(p)...)
	requireOneErrorLine(t, out, errs, code, "line 2: line longer than 1024 bytes")

	// The same line as the header.
	require.NoError(t, os.WriteFile(p, []byte(strings.Repeat("date,", 1_000_000)+"\n"), 0o600))
	out, errs, code = runInProcess(t, capArgs(p)...)
	requireOneErrorLine(t, out, errs, code, "line 1: line longer than 1024 bytes")
}

func TestAttack_AFiveMegabyteAmount(t *testing.T) {
	huge := strings.Repeat("9", 5<<20)
	good := ledger(t, "date,service,amount", "2025-02-01,prescription,240")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"--monthly-fee", capArgs(good, "--monthly-fee", huge), "kanta: cap: --monthly-fee: amount has more than 15 digits before the point: \"999"},
		{"--monthly-fee alone", []string{"cap", "--service", "prescription", "--damage", "2025-03-15", "--monthly-fee", huge}, "(5242880 bytes)"},
		{"--claim", capArgs(good, "--claim", huge+".99"), "kanta: cap: --claim: amount has more than 15 digits"},
		{"in the ledger", capArgs(ledger(t, "date,service,amount", "2025-02-01,prescription,"+huge)), "line 2: line longer than 1024 bytes"},
		{"sixteen digits in the ledger", capArgs(ledger(t, "date,service,amount", "2025-02-01,prescription,1000000000000000")), "line 2: bad amount: amount has more than 15 digits"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runInProcess(t, tc.args...)
			requireOneErrorLine(t, out, errs, code, tc.want)
		})
	}
	require.Equal(t, 15, fees.MaxAmountDigits, "the messages above name the limit")
}

// A scenario file of a size that parses in bounded memory is read; one byte
// more, or a 200 MB file that is not YAML at all, is refused unread.
func TestAttack_AHugeFileThatIsNotAScenario(t *testing.T) {
	dir := t.TempDir()
	garbage := make([]byte, scenario.MaxFileSize+1)
	_, err := rand.Read(garbage)
	require.NoError(t, err)
	over := filepath.Join(dir, "over.yaml")
	require.NoError(t, os.WriteFile(over, garbage, 0o600))
	out, errs, code := runInProcess(t, "check", over)
	requireOneErrorLine(t, out, errs, code, over+": cannot read the scenario: it has 262145 bytes, more than the 256 KiB a scenario file may have")

	atLimit := filepath.Join(dir, "at-limit.yaml")
	require.NoError(t, os.WriteFile(atLimit, garbage[:scenario.MaxFileSize], 0o600))
	out, errs, code = runInProcess(t, "check", atLimit)
	requireOneErrorLine(t, out, errs, code, atLimit+":")

	oneLine := filepath.Join(dir, "one-line.yaml")
	require.NoError(t, os.WriteFile(oneLine, []byte("name: ["+strings.Repeat("x", scenario.MaxFileSize-20)), 0o600))
	out, errs, code = runInProcess(t, "check", oneLine)
	requireOneErrorLine(t, out, errs, code, "malformed YAML: did not find expected")

	huge := sparse(t, "huge.yaml", 200<<20)
	out, errs, code = runProcess(t, "check", huge)
	requireOneErrorLine(t, out, errs, code, "it has 209715200 bytes, more than the 256 KiB")
}

// Year 1 is refused in every roll, whether it is given or computed, so the
// answer never depends on the roll.
func TestAttack_Year1InEveryRoll(t *testing.T) {
	for _, roll := range []string{"none", "forward", "backward"} {
		for _, days := range [][]string{
			{"--given", "0001-01-01"},
			{"--effective", "0001-02-01"},
			{"--effective", "0002-01-15"},
			{"--given", "0001-12-31", "--effective", "0002-03-01"},
		} {
			args := append([]string{"notice", "--rule", "service-termination", "--roll", roll}, days...)
			t.Run(roll+" "+strings.Join(days, " "), func(t *testing.T) {
				out, errs, code := runInProcess(t, args...)
				requireOneErrorLine(t, out, errs, code, "is outside the years 0002–9999")
			})
		}
	}
}

// Input the error quotes is excerpted, and whatever else is long is cut, so
// the line stays short.
func TestAttack_HugeValuesInFlagsAndArguments(t *testing.T) {
	huge := strings.Repeat("x", 5<<20)
	good := ledger(t, "date,service,amount", "2025-02-01,prescription,240")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"service", []string{"cap", "--service", huge, "--damage", "2025-03-15", "--payments", good}, "kanta: cap: --service: unknown service \"xxx"},
		{"date", []string{"notice", "--rule", "service-termination", "--given", huge}, "kanta: notice: --given: cannot read \"xxx"},
		{"rule", []string{"notice", "--rule", huge, "--given", "2025-01-01"}, "kanta: notice: --rule: unknown rule \"xxx"},
		{"period", []string{"notice", "--rule", "joint-agreement-termination", "--period", huge, "--given", "2025-01-01"}, "kanta: notice: --period: cannot read"},
		{"machine", []string{"diagram", "--machine", huge}, "kanta: diagram: unknown machine \"xxx"},
		{"flag name", []string{"notice", "--" + huge}, "kanta: notice: flag provided but not defined"},
		{"command", []string{huge}, "kanta: unknown command \"xxx"},
		{"argument", []string{"diagram", "--machine", "service", huge}, "kanta: diagram: unexpected argument \"xxx"},
		{"scenario path", []string{"check", filepath.Join(t.TempDir(), strings.Repeat("d", 200), "x.yaml")}, "kanta: check: /"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runInProcess(t, tc.args...)
			requireOneErrorLine(t, out, errs, code, tc.want)
		})
	}
}
