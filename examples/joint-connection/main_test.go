package main

import (
	"regexp"
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

func TestJointConnectionExampleShowsTheAgreementAndTheTenantsUse(t *testing.T) {
	text := output(t)
	for _, want := range []string{
		// J1b, J3: no signing before the main connector's services are in use.
		"2025-01-15  The parties sign the joint-connection agreement.\n            REFUSED\n",
		"J1b (YTE 7, YLS 1): the main connector Lähiklinikka Oy needs an active customership (it is applied)\n",
		"J3 (design, nearest YLS 1, 2, 13): a tenant can use only services the main connector has in use; Lähiklinikka Oy does not have prescription and patient-data-repository\n",
		"J3 (design, nearest YLS 1, 2, 13): a tenant can use only services the main connector has in use; Lähiklinikka Oy does not have patient-data-repository\n",
		"2025-02-03  The parties sign the joint-connection agreement.\n" +
			"            agreement: in force (in-force); Lähiklinikka Oy's services: prescription in use (active), patient-data-repository in use (active)\n" +
			"            Pieni Vastaanotto uses prescription through Lähiklinikka Oy: in use (active)\n",
		// J5: one month counted forward from the notice; the refused and the
		// accepted notice with their days.
		"2025-03-31  Pieni Vastaanotto gives notice: the agreement ends on 2025-04-30.\n            REFUSED\n" +
			"            J5 (YLS 20): the agreement is terminated with 1 month's notice, counted from the day the notice is received; " +
			"for it to end on 2025-04-30 the notice had to arrive by 2025-03-29; received on 2025-03-31, it can end the agreement on 2025-05-01 at the earliest\n",
		"2025-03-31  Pieni Vastaanotto gives a new notice: the agreement ends on 2025-05-01.\n            agreement: under notice (notice-given)",
		"a notice received on 2025-03-31 keeps the agreement in force up to 2025-04-30; it ends on 2025-05-01 (J5, YLS 20)\n",
		// Obligations with their clauses.
		"  2025-05-01  Pieni Vastaanotto: the use of prescription and patient-data-repository through Lähiklinikka Oy ends on 2025-05-01",
		"[J10 (design, nearest YTE 7.1)]\n",
		"and to the main connector Lähiklinikka Oy [data-breach (YLS 4.2, YTE 3.9)]\n",
		// J10: the tenant's use ends on the agreement's end day, not before.
		"2025-04-30  Time passes.\n            agreement: under notice (notice-given)",
		"            Pieni Vastaanotto uses patient-data-repository through Lähiklinikka Oy: under notice (notice-given)\n",
		"2025-05-01  Time passes.\n            agreement: no longer in force (ended); Lähiklinikka Oy's services: prescription in use (active), patient-data-repository in use (active)\n",
		"            Pieni Vastaanotto uses patient-data-repository through Lähiklinikka Oy: use ended (terminated)\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 3, strings.Count(text, "REFUSED\n"), "two signings and one late notice")
}

// The output is for a person: no Go syntax, no internal identifiers of
// parties or notice terms.
func TestJointConnectionOutputIsPlainText(t *testing.T) {
	text := output(t)
	for _, internal := range []string{"before-effect", "notice-period", "{", "[prescription", "1234567-8", "7654321-0", "sign-joint-agreement"} {
		assert.NotContains(t, text, internal)
	}
	assert.NotRegexp(t, regexp.MustCompile(`\[[a-z-]+ [a-z-]+\]`), text, "a list printed as Go prints a slice")
}

// The library writes lists in words itself (engine.List); plain only
// names the parties.
func TestPlain_NamesParties(t *testing.T) {
	assert.Equal(t, "Lähiklinikka Oy does not have a, b and c", plain("1234567-8 does not have a, b and c"))
	assert.Equal(t, "Pieni Vastaanotto: x", plain("7654321-0: x"))
}
