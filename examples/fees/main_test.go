package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFeesExamplePrintsTheYearAndTheCappedClaim(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	text := out.String()
	for _, want := range []string{
		// F4: the free service is a dated zero value citing OTV 7.
		"  my-data-repository: monthly 0.00, from 2024-02-12, open-ended — OTV 7: Omatietovaranto is free of charge to users and app vendors for now (toistaiseksi maksuton)",
		// The tenant's first month, prorated by day and billed to the clinic (F3, F5).
		"2025-03  to Lähiklinikka Oy: 402.74",
		"    patient-data-repository  2025-03-10 to 2025-03-31  22/31 days    127.74 (tenant Pieni Hoiva Oy)",
		// Activated mid-April: 16 of 30 days.
		"    prescription             2025-04-15 to 2025-04-30  16/30 days    128.00",
		// Terminated effective 16 August: billed to the 15th.
		"    imaging-data-repository  2025-08-01 to 2025-08-15  15/31 days     45.97",
		"  - by-day proration: 180.00 × 22 / 31 = 127.74, rounded to cents half away from zero [F2 (design, nearest YTE 6, OTV 7)]",
		"  - billed to Lähiklinikka Oy, liable for the usage fees of Pieni Hoiva Oy's use through it [F3 (YLS 18)]",
		"Year 2025 billed to Lähiklinikka Oy: 6738.71",
		"Damage to prescription on 2025-10-15: cap 252.00 (basis paid, window 2025-09-01 to 2025-09-30)",
		"Claim 5000.00, mandatory law false: Kela liable 0.00 (YTE 5, OTV 6)",
		"Claim 5000.00, mandatory law true: Kela liable 252.00 (YTE 5, OTV 6)",
		"  - liability limited to the cap in every case: min(5000.00, 252.00) = 252.00 [L2 (YTE 5)]",
		"Kela's claim on Lähiklinikka Oy for its tenant's fault: liable 1200.00 of 9200.00 (YTE 3.1, OTV 4.7, YTE 5, OTV 6)",
	} {
		assert.Contains(t, text, want+"\n")
	}
	assert.NotContains(t, text, "2025-09  to Lähiklinikka Oy: 612.00\n    imaging", "no imaging after its termination")
	assert.Equal(t, 1, strings.Count(text, "Year 2025"), "one payer: the tenant gets no invoice")
	assert.NotContains(t, text, "to Pieni Hoiva Oy")
}
