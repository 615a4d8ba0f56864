package main

import (
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkAttack runs the attacks that need no real FIFO or device in
// process. B/op is what one run allocates in all, an upper bound on the heap
// it needs; the figures for the built binary, peak memory included, are in
// the report of the hardening work.
func BenchmarkAttack(b *testing.B) {
	dir := b.TempDir()
	write := func(name, body string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
			b.Fatal(err)
		}
		return p
	}
	huge := strings.Repeat("9", 5<<20)
	columns := write("columns.csv", "date,service,amount\n"+strings.Repeat("x,", 1_000_000)+"x\n")
	amount := write("amount.csv", "date,service,amount\n2025-02-01,prescription,"+huge+"\n")
	notYAML := write("not-yaml.yaml", strings.Repeat("not: [yaml ", 23831))
	for _, bc := range []struct {
		name string
		args []string
	}{
		{"five-megabyte-monthly-fee", []string{"cap", "--service", "prescription", "--damage", "2025-03-15", "--monthly-fee", huge}},
		{"five-megabyte-service", []string{"cap", "--service", huge, "--damage", "2025-03-15", "--monthly-fee", "1"}},
		{"million-columns", capArgs(columns)},
		{"five-megabyte-amount-in-ledger", capArgs(amount)},
		{"scenario-at-the-limit-not-yaml", []string{"check", notYAML}},
		{"year-1-backward", []string{"notice", "--rule", "service-termination", "--roll", "backward", "--given", "0001-01-01"}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				if code := run(bc.args, io.Discard, io.Discard); code != exitBadInput {
					b.Fatalf("exit %d", code)
				}
			}
		})
	}
}
