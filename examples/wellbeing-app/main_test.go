package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestWellbeingAppExampleShowsEachStepWithItsClause(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	text := out.String()
	for _, want := range []string{
		// A3: no authorised signatory for an app vendor.
		"A3 (OTV 8): an app vendor's commitment is signed by a person who holds the signing right; OTV 8 has no authorisation route",
		// A1: the signed commitment and the accepted terms are recorded.
		"accepted: service-description of my-data-repository, version 2.1; kept permanently (R1, REK)",
		// A2: before joint testing, and then each missing precondition.
		"A2 (OTV 3.1, 4.1, 8): connect-app is not possible in state registered (only from joint-tested)",
		"A2 (OTV 3.1, 4.1, 8): the app is not entered in Valvira's information system register",
		"A2 (OTV 3.1, 4.1, 8): the security audit certificate is not valid on 2025-01-22",
		"2025-02-03  connect-app                 app production",
		// A6: expiry, the obligation before it, suspension from the next day, renewal.
		"2025-06-30  1234567-8: contact the assessment body and Kela before app askelmittari's security audit certificate expires after 2025-06-30",
		"2025-06-30  (time passes)               app production",
		"2025-07-01  (time passes)               app suspended: audit certificate expired after 2025-06-30",
		"the app is suspended because its audit certificate expired; renewing the certificate ends that suspension",
		"a renewed audit certificate must be valid after 2025-07-03",
		"2025-07-03  renew-audit-certificate     app production",
		// A4: Kela's suspension outlasts a renewal and ends with correction.
		"2025-08-14  renew-audit-certificate     app suspended by Kela: sent malformed step counts to Omatietovaranto",
		"2025-08-20  demonstrate-app-correction  app production",
		// A5: one month before the effect.
		"A5 (OTV 4.5): a notice received on 2025-10-15 is late for 2025-11-01: withdrawing an app needs 1 month before-effect, so the latest notice day is 2025-10-01",
		"2025-10-15  give-app-withdrawal-notice  app withdrawal-noticed, leaving the market on 2025-12-01",
		"2025-12-01  1234567-8: app askelmittari is withdrawn from the market on 2025-12-01 and leaves Omatietovaranto [A5, OTV 4.5]",
		// Standing obligations: reporting (A6b), the late notification, retention.
		"[A6b, OTV 4.1, 4.6]",
		"the technical-change notified on 2025-09-10 for 2025-09-20 was late (latest notice day 2025-09-06)",
		"kela: keep Omatietovaranto log data 12 years from its creation, then destroy it [R7, OTV 3.4]",
		// The withdrawal takes effect on its day, and R6 runs from it.
		"2025-11-30  (time passes)               app withdrawal-noticed, leaving the market on 2025-12-01",
		"2025-12-01  (time passes)               app withdrawn",
		"2035-12-01  kela: destroy app vendor 1234567-8's register data and original signed commitment forms (the customer relationship ended on 2025-12-01) [R6, OTV 3.3.1]",
	} {
		assert.Contains(t, text, want)
	}
}
