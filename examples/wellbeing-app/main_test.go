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

func TestWellbeingAppExampleShowsEachStepWithItsClause(t *testing.T) {
	text := output(t)
	for _, want := range []string{
		// A3: no authorised signatory for an app vendor.
		"signed by an authorised person.\n            REFUSED\n" +
			"            A3 (OTV 8): an app vendor's commitment is signed by a person who holds the signing right; a vendor has no authorisation route\n",
		// A1: the signed commitment and the accepted terms are recorded.
		"accepted: the service description of my-data-repository, version 2.1; kept permanently (R1, REK)\n",
		// A2: before joint testing, and then each missing precondition.
		"A2 (OTV 3.1, 4.1, 8): this is possible only in the state joint testing passed (joint-tested); the app is in the state commitment signed (registered)\n",
		"A2 (OTV 3.1, 4.1, 8): the app is not entered in Valvira's information system register\n",
		"A2 (OTV 3.1, 4.1, 8): the security audit certificate is not valid on 2025-01-22\n",
		"2025-02-03  Kela connects the app to production.\n            app: in production (production)\n",
		// A6: the obligation before expiry, suspension from the next day, renewal.
		"  2025-06-30  Hyvinvointisovellus Oy: contact the assessment body and Kela before app askelmittari's security audit certificate expires after 2025-06-30",
		"2025-06-30  Time passes.\n            app: in production (production)\n",
		"2025-07-01  Time passes.\n            app: connection closed or suspended (suspended): its audit certificate expired after 2025-06-30\n",
		"A6 (design, nearest OTV 4.1, 8): the app is suspended because its audit certificate expired; renewing the certificate ends that suspension\n",
		"A6 (design, nearest OTV 4.1, 8): a renewed audit certificate must be valid after 2025-07-03\n",
		"valid until 2026-06-30.\n            app: in production (production)\n",
		// A4: Kela's suspension outlasts a renewal and ends with correction.
		"valid until 2026-12-31.\n            app: connection closed or suspended (suspended) by Kela: sent malformed step counts to Omatietovaranto\n",
		"2025-08-20  Hyvinvointisovellus Oy demonstrates that the fault is corrected.\n            app: in production (production)\n",
		// A5: one month before the effect; the refused and the accepted notice
		// with their days.
		"the app leaves the market on 2025-11-01.\n            REFUSED\n" +
			"            A5 (OTV 4.5): an app is withdrawn with at least 1 month's notice before it leaves the market; " +
			"to leave on 2025-11-01 the notice had to arrive by 2025-10-01; received on 2025-10-15, it can leave on 2025-11-15 at the earliest\n",
		"2025-10-15  Hyvinvointisovellus Oy gives a new notice: the app leaves the market on 2025-12-01.\n" +
			"            app: withdrawal notified (withdrawal-noticed), leaving the market on 2025-12-01\n",
		"  2025-12-01  Hyvinvointisovellus Oy: app askelmittari is withdrawn from the market on 2025-12-01 and leaves Omatietovaranto [A5 (OTV 4.5)]\n",
		// Standing obligations: reporting (A6b), retention.
		"[A6b (OTV 4.1, 4.6)]\n",
		"  Kela: keep Omatietovaranto log data 12 years from its creation, then destroy it [R7 (OTV 3.4)]\n",
		// The withdrawal takes effect on its day, and R6 runs from it.
		"2025-11-30  Time passes.\n            app: withdrawal notified (withdrawal-noticed), leaving the market on 2025-12-01\n",
		"2025-12-01  Time passes.\n            app: withdrawn from the market (withdrawn)\n",
		"  2035-12-01  Kela: destroy app vendor Hyvinvointisovellus Oy's register data and original signed commitment forms (the customer relationship ended on 2025-12-01) [R6 (OTV 3.3.1)]\n",
	} {
		assert.Contains(t, text, want)
	}
	assert.Equal(t, 6, strings.Count(text, "REFUSED\n"))
}

// A change notified late is accepted and stays on record as a breach of the
// duty to notify (YTE 3.8), naming the rule by its identifier.
func TestWellbeingAppLateNotificationIsAStandingObligation(t *testing.T) {
	text := output(t)
	assert.Contains(t, text, "  Hyvinvointisovellus Oy: the technical-change notified on 2025-09-10 for 2025-09-20 was late (latest notice day 2025-09-06): "+
		"a breach of the duty to notify, on which Kela may claim its extra costs after notice (L3) or, for an app vendor, remove the app (A7) [technical-change (YTE 3.8, OTV 4.5)]\n")
}

// The output is for a person: no Go syntax, no identifiers of acts or
// notice terms, no business ID in place of the vendor's name.
func TestWellbeingAppOutputIsPlainText(t *testing.T) {
	text := output(t)
	for _, internal := range []string{"before-effect", "notice-period", "{", "connect-app", "give-app-withdrawal-notice", "1234567-8"} {
		assert.NotContains(t, text, internal)
	}
	assert.NotRegexp(t, regexp.MustCompile(`\[[a-z-]+ [a-z-]+\]`), text, "a list printed as Go prints a slice")
}
