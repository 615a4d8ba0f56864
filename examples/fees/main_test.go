package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func output(t *testing.T) string {
	t.Helper()
	var out strings.Builder
	require.NoError(t, run(&out))
	return out.String()
}

func TestFeesExamplePrintsTheYearAndTheCappedClaim(t *testing.T) {
	text := output(t)
	for _, want := range []string{
		// F4: the free service is a dated zero value citing OTV 7.
		"  my-data-repository: monthly 0.00, from 2024-02-12, open-ended — OTV 7: Omatietovaranto is free of charge to users and app vendors for now (toistaiseksi maksuton)",
		// The tenant's first month, prorated by day and billed to the clinic (F3, F5).
		"2025-03  to Lähiklinikka Oy: 402.74",
		"    patient-data-repository  2025-03-10 to 2025-03-31  22/31 days    127.74 (used by the tenant Pieni Hoiva Oy)",
		// Activated mid-April: 16 of 30 days.
		"    prescription             2025-04-15 to 2025-04-30  16/30 days    128.00",
		// Terminated effective 16 August: billed to the 15th.
		"    imaging-data-repository  2025-08-01 to 2025-08-15  15/31 days     45.97",
		"  - by-day proration: 180.00 × 22 / 31 = 127.74, rounded to cents half away from zero [F2 (design, nearest YTE 6, OTV 7)]",
		"  - billed to Lähiklinikka Oy, liable for the usage fees of Pieni Hoiva Oy's use through it [F3 (YLS 18)]",
		"Year 2025 billed to Lähiklinikka Oy: 6738.71",
		// L1, L2: excluded unless mandatory law applies, and then capped.
		"Kela's liability is capped at 252.00: what was paid for the service in the month before the damage, 2025-09-01 to 2025-09-30.",
		"A claim of 5000.00 where no mandatory law makes Kela liable: Kela is liable for 0.00 (YTE 5, OTV 6)",
		"A claim of 5000.00 where mandatory law makes Kela liable: Kela is liable for 252.00 (YTE 5, OTV 6)",
		"  - liability limited to the cap in every case: min(5000.00, 252.00) = 252.00 [L2 (YTE 5)]",
		// L3–L5: the customer answers for its tenant.
		"Kela's claim on Lähiklinikka Oy for a fault of its tenant Pieni Hoiva Oy: liable for 1200.00 of 9200.00 (YTE 3.1, OTV 4.7, YTE 5, OTV 6)",
	} {
		assert.Contains(t, text, want+"\n")
	}
	assert.NotContains(t, text, "2025-09  to Lähiklinikka Oy: 612.00\n    imaging", "no imaging after its termination")
	assert.Equal(t, 1, strings.Count(text, "Year 2025"), "one payer: the tenant gets no invoice")
	assert.NotContains(t, text, "to Pieni Hoiva Oy")
}

// The output is for a person: parties by name, no booleans or enumeration
// values in place of words.
func TestFeesOutputIsPlainText(t *testing.T) {
	text := output(t)
	for _, internal := range []string{"1234567-8", "7654321-0", "mandatory law false", "mandatory law true", "basis paid", "{"} {
		assert.NotContains(t, text, internal)
	}
	assert.NotRegexp(t, `\[[a-z-]+ [a-z-]+\]`, text, "a list printed as Go prints a slice")
}
