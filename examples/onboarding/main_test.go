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

func TestOnboardingShowsEachStateAndEachRefusalWithItsClause(t *testing.T) {
	text := output(t)
	for _, want := range []string{
		"2025-01-10  Hoivakoti Esimerkki Oy applies for the repository: it signs the commitment and accepts the general terms and the service description.\n" +
			"            customership: application made (applied); repository: application received (requested)\n",
		"accepted: the general terms of delivery, version of 2024-12-30\n",
		// S2: approval waits for joint testing and the activation test.
		"2025-01-15  Kela approves the repository for use.\n            REFUSED\n" +
			"            S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing\n" +
			"            S2 (SAT, YTE 2.5): the activation test has not been passed\n",
		"repository: joint testing passed (joint-tested)\n",
		"repository: activation test passed (activation-tested)\n",
		"2025-02-03  Kela approves the repository for use.\n            customership: in force (active); repository: in use (active)\n",
		"Kela informs the THL national code service that the repository is in use (S2, YTE 2.5)\n",
		// S4: suspended until the customer demonstrates correction.
		"repository: closed or suspended (suspended)\n",
		// S5: a late notice, and the notice given again on the same day with a
		// later end: both days are shown.
		"its use ends on 2025-10-01.\n            REFUSED\n" +
			"            S5 (SAT): notice must reach Kela at least 1 month before the end of use; for the use to end on 2025-10-01 it had to arrive by 2025-09-01; " +
			"received on 2025-09-15, it can end the use on 2025-10-15 at the earliest\n",
		"2025-09-15  Hoivakoti Esimerkki Oy gives a new notice: its use ends on 2025-11-01.\n" +
			"            customership: being terminated (terminating); repository: under notice (notice-given) until the use ends on 2025-11-01\n",
		// C8: the customership ends with its last service, on the effective day.
		"2025-10-31  Time passes.\n            customership: being terminated (terminating)",
		"2025-11-01  Time passes.\n            customership: no service left in use (ended); repository: use ended (terminated)\n",
		"kept permanently (R1, REK):\n  2025-01-10  the commitment\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 2, strings.Count(text, "REFUSED"), "the early approval and the late notice")
}

// The output is for a person: no Go syntax, no identifiers of the library's
// internals.
func TestOnboardingOutputIsPlainText(t *testing.T) {
	text := output(t)
	for _, internal := range []string{"before-effect", "notice-period", "{", "[", "map", "not in the catalogue", "approve-service", "give-termination-notice"} {
		assert.NotContains(t, text, internal)
	}
	assert.NotRegexp(t, regexp.MustCompile(`(?i)\b(true|false)\b`), text)
}
