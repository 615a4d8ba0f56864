package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestJointConnectionExampleShowsTheAgreementAndTheTenantsUse(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	text := out.String()
	for _, want := range []string{
		// J1b, J3: no signing before the main connector's services are in use.
		"2025-01-15  sign-joint-agreement         refused",
		"J1b (YTE 7, YLS 1): the main connector Lähiklinikka Oy needs an active customership (it is applied)",
		"J3 (design, nearest YLS 1, 2, 13): a tenant can use only services the main connector has in use; Lähiklinikka Oy does not have [patient-data-repository]",
		"2025-02-03  sign-joint-agreement         agreement in-force     main connector: prescription active, patient-data-repository active",
		"            tenant uses prescription             active (through Lähiklinikka Oy)",
		// J5: one month counted forward from the notice.
		"J5 (YLS 20): a notice received on 2025-03-31 is late for 2025-04-30: the agreement is terminable with 1 month notice-period, so the latest notice day is 2025-03-29",
		"a notice received on 2025-03-31 ends the period on 2025-04-30; the first day without the agreement is 2025-05-01 [J5 (YLS 20)]",
		// Obligations with their clauses.
		"  2025-05-01  Pieni Vastaanotto the use of [prescription patient-data-repository] through Lähiklinikka Oy ends on 2025-05-01",
		"[J10, design, nearest YTE 7.1]",
		"and to the main connector Lähiklinikka Oy [YLS 4.2]",
		// J10: the tenant's use ends on the agreement's last day, not before.
		"2025-04-30  (time passes)                agreement notice-given main connector: prescription active, patient-data-repository active",
		"            tenant uses patient-data-repository  notice-given (through Lähiklinikka Oy)",
		"2025-05-01  (time passes)                agreement ended        main connector: prescription active, patient-data-repository active",
		"            tenant uses patient-data-repository  terminated (through Lähiklinikka Oy)",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 3, strings.Count(text, " refused\n"), "two signings and one late notice")
}
