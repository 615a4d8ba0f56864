package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
)

// Retention (SPEC §8): what Kela, as the keeper of the customer register,
// must keep or destroy, derived as obligations from the state of a
// commitment. Rows with a deadline are due obligations; the others are
// standing.

// jxClinic returns the commitment of a private clinic with no request yet.
func jxClinic(t *testing.T) *commitment.Commitment {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: "klinikka", Kind: lifecycle.PrivateHealthCareProvider})
	require.NoError(t, err)
	return c
}

// jxKelaStanding returns the standing obligations of rule, each of which
// must fall on Kela and cite clause.
func jxKelaStanding(t *testing.T, c *commitment.Commitment, rule lifecycle.Rule, clause string) []commitment.Obligation {
	t.Helper()
	obs := jxOnly(c.StandingObligations(), rule)
	for _, o := range obs {
		assert.Equal(t, commitment.Kela, o.Party, "%s falls on Kela", rule)
		assert.Equal(t, clause, o.Clause)
		assert.True(t, o.Due.IsZero(), "standing: no due day")
	}
	return obs
}

// R1: signed applications, the commitment and the acceptances of service
// descriptions are kept permanently (REK).
func TestREK_R1_SignedDocumentsAreKeptPermanently(t *testing.T) {
	c := jxClinic(t)
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R1, "REK"), "nothing signed yet")
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	obs := jxKelaStanding(t, c, lifecycle.R1, "REK")
	require.Len(t, obs, 1)
	assert.Equal(t, "klinikka", obs[0].Subject)
	mustExec(t, c, "2025-01-20", commitment.WithdrawApplication{Service: lifecycle.Prescription})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R1, "REK"), 1, "permanently: also after the application was withdrawn")

	v := jxNewVendor(t)
	assert.Empty(t, jxKelaStanding(t, v, lifecycle.R1, "REK"))
	mustExec(t, v, "2025-01-10", commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
	assert.Len(t, jxKelaStanding(t, v, lifecycle.R1, "REK"), 1, "the app vendor's signed commitment")
}

// R2: when the customer joined and left is kept permanently (REK): once a
// service was approved (or an app connected), for good.
func TestREK_R2_JoiningAndLeavingAreKeptPermanently(t *testing.T) {
	c := jxClinic(t)
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R2, "REK"), "applied: not joined yet")
	mustExec(t, c, "2025-01-15", commitment.ApproveService{Service: lifecycle.Prescription})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R2, "REK"), 1)
	mustExec(t, c, "2025-02-01", commitment.TerminateByAuthority{Service: lifecycle.Prescription})
	require.Equal(t, lifecycle.Ended, c.Customership())
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R2, "REK"), 1, "left: still kept")

	v := jxNewVendor(t)
	jxJointTestedApp(t, v, jxApp)
	assert.Empty(t, jxKelaStanding(t, v, lifecycle.R2, "REK"))
	mustExec(t, v, "2025-02-01", commitment.CertifyApp{App: jxApp, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, v, "2025-02-03", commitment.ConnectApp{App: jxApp})
	assert.Len(t, jxKelaStanding(t, v, lifecycle.R2, "REK"), 1, "an app vendor joins with its first connected app")
}

// R3: contacts, addresses and technical connection data are destroyed 10
// years after the customer relationship ends (REK): due on the tenth
// anniversary of the day the customership ended (a leap day clamps to 28
// February, act 150/1930 §3).
func TestREK_R3_ContactsDestroyedTenYearsAfterTheCustomershipEnded(t *testing.T) {
	cases := []struct{ ended, due string }{
		{"2025-11-01", "2035-11-01"},
		{"2024-02-29", "2034-02-28"},
	}
	for _, tc := range cases {
		t.Run(tc.ended, func(t *testing.T) {
			c := jxClinic(t)
			mustExec(t, c, "2024-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
			mustExec(t, c, "2024-01-15", commitment.ApproveService{Service: lifecycle.Prescription})
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2024-01-01"), day("2099-12-31")), lifecycle.R3), "not while a customer")
			mustExec(t, c, tc.ended, commitment.TerminateByAuthority{Service: lifecycle.Prescription})
			require.Equal(t, lifecycle.Ended, c.Customership())

			obs := jxOnly(c.ObligationsDue(day(tc.due), day(tc.due)), lifecycle.R3)
			require.Len(t, obs, 1)
			assert.Equal(t, commitment.Kela, obs[0].Party)
			assert.Equal(t, "REK", obs[0].Clause)
			assert.Equal(t, tc.due, obs[0].Due.String())
			assert.Contains(t, obs[0].What, tc.ended)
			assert.Empty(t, jxOnly(c.ObligationsDue(day(tc.due).AddDays(1), day("2099-12-31")), lifecycle.R3))
			assert.Empty(t, jxOnly(c.ObligationsDue(day(tc.ended), day(tc.due).AddDays(-1)), lifecycle.R3))
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2024-01-01"), day("2099-12-31")), lifecycle.R6), "R6 is for app vendors")

			mustExec(t, c, "2026-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2024-01-01"), day("2099-12-31")), lifecycle.R3), "a customer again: nothing to destroy")
		})
	}
}

// R4: the data of an abandoned or cancelled application is deleted six
// months after it was abandoned or cancelled (REK); a month end clamps.
// An approved service is not an abandoned application.
func TestREK_R4_WithdrawnApplicationDataDeletedSixMonthsLater(t *testing.T) {
	cases := []struct{ withdrawn, due string }{
		{"2025-02-10", "2025-08-10"},
		{"2025-08-31", "2026-02-28"},
	}
	for _, tc := range cases {
		t.Run(tc.withdrawn, func(t *testing.T) {
			c := jxClinic(t)
			mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2025-01-01"), day("2030-12-31")), lifecycle.R4))
			mustExec(t, c, tc.withdrawn, commitment.WithdrawApplication{Service: lifecycle.Prescription})
			require.Equal(t, lifecycle.Withdrawn, c.Customership())

			obs := jxOnly(c.ObligationsDue(day(tc.due), day(tc.due)), lifecycle.R4)
			require.Len(t, obs, 1)
			assert.Equal(t, commitment.Kela, obs[0].Party)
			assert.Equal(t, "REK", obs[0].Clause)
			assert.Equal(t, string(lifecycle.Prescription), obs[0].Subject)
			assert.Contains(t, obs[0].What, tc.withdrawn)
			assert.Empty(t, jxOnly(c.ObligationsDue(day(tc.due).AddDays(1), day("2030-12-31")), lifecycle.R4))
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2025-01-01"), day(tc.due).AddDays(-1)), lifecycle.R4))
			assert.Empty(t, jxOnly(c.ObligationsDue(day("2025-01-01"), day("2099-12-31")), lifecycle.R3), "never a customer: R3 does not apply")
		})
	}
	t.Run("an approved and terminated service", func(t *testing.T) {
		c := jxClinic(t)
		mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
		mustExec(t, c, "2025-01-15", commitment.ApproveService{Service: lifecycle.Prescription})
		mustExec(t, c, "2025-02-10", commitment.TerminateByAuthority{Service: lifecycle.Prescription})
		assert.Empty(t, jxOnly(c.ObligationsDue(day("2025-01-01"), day("2030-12-31")), lifecycle.R4))
	})
	t.Run("applied again after the withdrawal", func(t *testing.T) {
		c := jxClinic(t)
		mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
		mustExec(t, c, "2025-02-10", commitment.WithdrawApplication{Service: lifecycle.Prescription})
		mustExec(t, c, "2025-03-01", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
		mustExec(t, c, "2025-03-05", commitment.ApproveService{Service: lifecycle.Prescription})
		obs := jxOnly(c.ObligationsDue(day("2025-08-10"), day("2025-08-10")), lifecycle.R4)
		require.Len(t, obs, 1, "the withdrawn application's data is still deleted on its day")
		assert.Contains(t, obs[0].What, "2025-02-10")
	})
	t.Run("an application cancelled when the last service ended (C8)", func(t *testing.T) {
		c := jxClinic(t)
		mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
		mustExec(t, c, "2025-01-15", commitment.ApproveService{Service: lifecycle.Prescription})
		mustExec(t, c, "2025-01-20", commitment.RequestService{Service: lifecycle.Kelain, Signatory: lifecycle.TradeRegister, Accepts: descOnly})
		mustExec(t, c, "2025-02-10", commitment.TerminateByAuthority{Service: lifecycle.Prescription})
		require.Equal(t, lifecycle.Withdrawn, c.State(lifecycle.Kelain))
		obs := jxOnly(c.ObligationsDue(day("2025-08-10"), day("2025-08-10")), lifecycle.R4)
		require.Len(t, obs, 1)
		assert.Equal(t, string(lifecycle.Kelain), obs[0].Subject)
	})
}

// R5: the contacts of a customer that has not taken Kanta services into use
// are deleted on request (REK): standing while it has contacts and no
// service was ever approved.
func TestREK_R5_NonCustomersContactsDeletedOnRequest(t *testing.T) {
	c := jxClinic(t)
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R5, "REK"), "no contacts")
	mustExec(t, c, "2025-01-05", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Communications, Name: "Viestintä"}})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R5, "REK"), 1)
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R5, "REK"), 1, "applied is not yet taken into use")
	mustExec(t, c, "2025-01-15", commitment.ApproveService{Service: lifecycle.Prescription})
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R5, "REK"), "a customer that took services into use: R3 applies instead")
}

// R6: an app vendor's register data and original signed commitment forms are
// destroyed 10 years after the customer relationship ends (OTV 3.3.1): the
// day its last app was withdrawn or removed; not while another app is live.
func TestOTV331_R6_AppVendorsDataDestroyedTenYearsAfterItsLastApp(t *testing.T) {
	v := jxNewVendor(t)
	jxAppInProduction(t, v, jxApp, "2027-01-31")
	mustExec(t, v, "2025-02-05", commitment.RegisterApp{App: "unipaivakirja", Signatory: lifecycle.TradeRegister})
	all := func() []commitment.Obligation { return v.ObligationsDue(day("2025-01-01"), day("2099-12-31")) }

	mustExec(t, v, "2025-06-01", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-07-01")})
	_, err := v.Advance(day("2025-07-01"))
	require.NoError(t, err)
	require.Equal(t, lifecycle.Withdrawn, jxAppState(t, v, jxApp))
	assert.Empty(t, jxOnly(all(), lifecycle.R6), "another app is still registered")

	mustExec(t, v, "2025-09-15", commitment.RemoveApp{App: "unipaivakirja", Reason: lifecycle.OperationsEnded})
	obs := jxOnly(v.ObligationsDue(day("2035-09-15"), day("2035-09-15")), lifecycle.R6)
	require.Len(t, obs, 1)
	assert.Equal(t, commitment.Kela, obs[0].Party)
	assert.Equal(t, "OTV 3.3.1", obs[0].Clause)
	assert.Equal(t, jxVendor, obs[0].Subject)
	assert.Contains(t, obs[0].What, "2025-09-15")
	assert.Empty(t, jxOnly(v.ObligationsDue(day("2035-09-16"), day("2099-12-31")), lifecycle.R6))
	assert.Empty(t, jxOnly(v.ObligationsDue(day("2025-01-01"), day("2035-09-14")), lifecycle.R6))
	assert.Empty(t, jxOnly(all(), lifecycle.R3), "OTV 3.3.1 governs app vendors, not REK's row")

	t.Run("its only app withdrawn", func(t *testing.T) {
		v := jxNewVendor(t)
		jxAppInProduction(t, v, jxApp, "2027-01-31")
		mustExec(t, v, "2025-06-01", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-07-01")})
		_, err := v.Advance(day("2025-07-01"))
		require.NoError(t, err)
		obs := jxOnly(v.ObligationsDue(day("2035-07-01"), day("2035-07-01")), lifecycle.R6)
		require.Len(t, obs, 1)
	})
}

// R7: Omatietovaranto log data is kept 12 years from its creation (OTV 3.4);
// R8: wellbeing data a user has not deleted is deleted 5 years after the
// person's death (OTV 3.1). Both are Kela's standing duties once a vendor's
// app has been connected, and stay after it is withdrawn.
func TestOTV34_R7_R8_LogAndWellbeingDataRetention(t *testing.T) {
	v := jxNewVendor(t)
	jxJointTestedApp(t, v, jxApp)
	assert.Empty(t, jxKelaStanding(t, v, lifecycle.R7, "OTV 3.4"))
	assert.Empty(t, jxKelaStanding(t, v, lifecycle.R8, "OTV 3.1"))
	mustExec(t, v, "2025-02-01", commitment.CertifyApp{App: jxApp, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, v, "2025-02-03", commitment.ConnectApp{App: jxApp})
	r7 := jxKelaStanding(t, v, lifecycle.R7, "OTV 3.4")
	require.Len(t, r7, 1)
	assert.Contains(t, r7[0].What, "12 years")
	r8 := jxKelaStanding(t, v, lifecycle.R8, "OTV 3.1")
	require.Len(t, r8, 1)
	assert.Contains(t, r8[0].What, "5 years")

	mustExec(t, v, "2025-03-01", commitment.RemoveApp{App: jxApp, Reason: lifecycle.NonCompliance})
	assert.Len(t, jxKelaStanding(t, v, lifecycle.R7, "OTV 3.4"), 1, "logs outlive the app")
	assert.Len(t, jxKelaStanding(t, v, lifecycle.R8, "OTV 3.1"), 1)

	assert.Empty(t, jxKelaStanding(t, jxClinic(t), lifecycle.R7, "OTV 3.4"), "not for a customer without apps")
}

// R9: billing contacts and addresses move to Kela's sales-invoice customer
// register, whose own notice sets their retention (REK).
func TestREK_R9_BillingContactsMoveToTheSalesInvoiceRegister(t *testing.T) {
	c := jxClinic(t)
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	mustExec(t, c, "2025-01-11", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Administrative, Name: "Hallinto"}})
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R9, "REK"), "no billing contact")
	mustExec(t, c, "2025-01-12", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Billing, Name: "Laskutus", Email: "laskut@example.fi"}})
	obs := jxKelaStanding(t, c, lifecycle.R9, "REK")
	require.Len(t, obs, 1)
	assert.Contains(t, obs[0].What, "sales-invoice")
	mustExec(t, c, "2025-01-13", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Billing, Name: "Toinen laskuttaja"}})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R9, "REK"), 1, "one duty, however many billing contacts")
}

// R10: a contact found to be no longer valid may be deleted at once (REK):
// a standing permission while contacts exist, and RemoveContact deletes one
// on the day.
func TestREK_R10_InvalidContactMayBeDeletedAtOnce(t *testing.T) {
	c := jxClinic(t)
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R10, "REK"))
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
	mustExec(t, c, "2025-01-11", commitment.NameContact{Contact: commitment.Contact{Role: commitment.Technical, Name: "Tekniikka", Email: "old@example.fi"}})
	assert.Len(t, jxKelaStanding(t, c, lifecycle.R10, "REK"), 1)

	mustExec(t, c, "2025-01-11", commitment.RemoveContact{Role: commitment.Technical, Person: "Tekniikka"})
	assert.Empty(t, c.Contacts(), "deleted at once, the same day")
	assert.Empty(t, jxKelaStanding(t, c, lifecycle.R10, "REK"))
	_, err := c.Execute(day("2025-01-12"), commitment.RemoveContact{Role: commitment.Technical, Person: "Tekniikka"})
	inputError(t, err)
}
