package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
)

// The wellbeing application connected to Omatietovaranto (SPEC §7, OTV), run
// through an app vendor's commitment.

const jxApp = "askelmittari"

// jxNewVendor returns the commitment of a new app vendor.
func jxNewVendor(t *testing.T) *commitment.Commitment {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: jxVendor, Name: "Hyvinvointisovellus Oy", Kind: lifecycle.AppVendor})
	require.NoError(t, err)
	return c
}

// jxTry runs cmd on day on and returns its error.
func jxTry(c *commitment.Commitment, on string, cmd commitment.Command) error {
	_, err := c.Execute(day(on), cmd)
	return err
}

// jxAppState returns the state of app id.
func jxAppState(t *testing.T, c *commitment.Commitment, id string) lifecycle.State {
	t.Helper()
	a, ok := c.App(id)
	require.True(t, ok, "no app %s", id)
	return a.State
}

// jxJointTestedApp registers app id on 2025-01-10 and passes joint testing on
// 2025-01-20.
func jxJointTestedApp(t *testing.T, c *commitment.Commitment, id string) {
	t.Helper()
	mustExec(t, c, "2025-01-10", commitment.RegisterApp{App: id, Signatory: lifecycle.TradeRegister})
	mustExec(t, c, "2025-01-20", commitment.PassAppJointTesting{App: id})
}

// jxAppInProduction takes app id to production on 2025-02-03 with an audit
// certificate valid until auditUntil.
func jxAppInProduction(t *testing.T, c *commitment.Commitment, id, auditUntil string) {
	t.Helper()
	jxJointTestedApp(t, c, id)
	mustExec(t, c, "2025-02-01", commitment.CertifyApp{App: id, ValviraRegistered: true, AuditValidUntil: day(auditUntil)})
	mustExec(t, c, "2025-02-03", commitment.ConnectApp{App: id})
	require.Equal(t, lifecycle.Production, jxAppState(t, c, id))
}

// A1: only an app vendor registers apps; registering signs the commitment
// accepting the terms and the service description, and those acceptances
// are recorded with the version in force (OTV 2, 8).
func TestOTV2_A1_OnlyAnAppVendorRegistersAndItsAcceptancesAreRecorded(t *testing.T) {
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c, err := commitment.New(commitment.Customer{ID: "x", Kind: kind})
			require.NoError(t, err)
			before := freeze(t, c)
			_, err = c.Execute(day("2025-01-10"), commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
			if kind != lifecycle.AppVendor {
				r := refusedBy(t, err, lifecycle.A1, "OTV 2")
				assert.Contains(t, r.Citations(), "OTV 8")
				before.assertUnchanged(t, c)
				assert.Empty(t, c.Apps())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Registered, jxAppState(t, c, jxApp))
			var docs []string
			for _, a := range c.Acceptances() {
				assert.Equal(t, "2025-01-10", a.On.String())
				docs = append(docs, string(a.Document)+" "+string(a.Service)+" "+a.Version)
			}
			assert.ElementsMatch(t, []string{"commitment  ", "service-description my-data-repository 2.1"}, docs,
				"the signed commitment and the Omatietovaranto terms and description v2.1 (12.2.2024)")
		})
	}
}

// A1: an app is connected only after it was registered with the signed
// commitment; an unknown app is malformed input.
func TestOTV8_A1_NoConnectionWithoutTheCommitment(t *testing.T) {
	c := jxNewVendor(t)
	inputError(t, jxTry(c, "2025-01-10", commitment.ConnectApp{App: jxApp}))
	inputError(t, jxTry(c, "2025-01-10", commitment.RegisterApp{Signatory: lifecycle.TradeRegister}))
	mustExec(t, c, "2025-01-10", commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
	_, err := c.Execute(day("2025-01-11"), commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
	refusedBy(t, err, lifecycle.A1, "OTV 8")
}

// A2: connect-app before joint testing is refused, citing OTV 3.1 and 8.
func TestOTV31_A2_ConnectionBeforeJointTestingIsRefused(t *testing.T) {
	c := jxNewVendor(t)
	mustExec(t, c, "2025-01-10", commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
	mustExec(t, c, "2025-01-12", commitment.CertifyApp{App: jxApp, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	before := freeze(t, c)
	_, err := c.Execute(day("2025-01-15"), commitment.ConnectApp{App: jxApp})
	r := refusedBy(t, err, lifecycle.A2, "OTV 3.1")
	assert.Contains(t, r.Citations(), "OTV 8")
	assert.Equal(t, lifecycle.Registered, r.State)
	before.assertUnchanged(t, c)
}

// A2: production connection requires the certification requirements met,
// the Valvira register entry and a security audit certificate valid on the
// day of connection; every missing precondition is listed (OTV 3.1, 4.1, 8).
func TestOTV8_A2_ConnectionListsEachMissingPrecondition(t *testing.T) {
	cases := []struct {
		name       string
		certify    *commitment.CertifyApp
		connectOn  string
		wantReason []string // one per blocker; empty: accepted
	}{
		{"nothing certified", nil, "2025-02-03", []string{"certification", "Valvira", "audit certificate"}},
		{"not in Valvira's register", &commitment.CertifyApp{ValviraRegistered: false, AuditValidUntil: day("2026-01-31")}, "2025-02-03", []string{"Valvira"}},
		{"audit certificate expired the day before", &commitment.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2025-02-02")}, "2025-02-03", []string{"audit certificate"}},
		{"expired and not in the register", &commitment.CertifyApp{AuditValidUntil: day("2025-01-31")}, "2025-02-03", []string{"Valvira", "audit certificate"}},
		{"audit certificate valid to the day of connection", &commitment.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2025-02-03")}, "2025-02-03", nil},
		{"everything in order", &commitment.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2026-01-31")}, "2025-02-03", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := jxNewVendor(t)
			jxJointTestedApp(t, c, jxApp)
			if tc.certify != nil {
				cert := *tc.certify
				cert.App = jxApp
				mustExec(t, c, "2025-02-01", cert)
				require.Equal(t, lifecycle.JointTested, jxAppState(t, c, jxApp), "certification changes no state")
			}
			before := freeze(t, c)
			_, err := c.Execute(day(tc.connectOn), commitment.ConnectApp{App: jxApp})
			if tc.wantReason == nil {
				require.NoError(t, err)
				a, _ := c.App(jxApp)
				assert.Equal(t, lifecycle.Production, a.State)
				assert.Equal(t, tc.connectOn, a.Connected.String())
				return
			}
			r := refusedBy(t, err, lifecycle.A2, "OTV 8")
			assert.Equal(t, []lifecycle.Rule{lifecycle.A2}, r.Rules())
			require.Len(t, r.Blockers, len(tc.wantReason))
			for i, want := range tc.wantReason {
				assert.Contains(t, r.Blockers[i].Reason, want)
				assert.Equal(t, jxApp, r.Blockers[i].Subject)
			}
			before.assertUnchanged(t, c)
		})
	}
}

// A2: certify-app needs the certificate's last valid day and a live app.
func TestOTV8_A2_CertificationOfARemovedAppIsRefused(t *testing.T) {
	c := jxNewVendor(t)
	jxJointTestedApp(t, c, jxApp)
	inputError(t, jxTry(c, "2025-02-01", commitment.CertifyApp{App: jxApp, ValviraRegistered: true}))
	mustExec(t, c, "2025-02-01", commitment.RemoveApp{App: jxApp, Reason: lifecycle.NonCompliance})
	_, err := c.Execute(day("2025-02-02"), commitment.CertifyApp{App: jxApp, ValviraRegistered: true, AuditValidUntil: day("2026-01-01")})
	refusedBy(t, err, lifecycle.A2, "OTV 8")
}

// A3: the app vendor's commitment is signed by a person with the signing
// right itself: OTV 8 has no authorisation route (unlike YTE 7's C4).
func TestOTV8_A3_VendorSignsWithTheSigningRightItself(t *testing.T) {
	for _, s := range lifecycle.Signatories() {
		t.Run(string(s), func(t *testing.T) {
			c := jxNewVendor(t)
			_, err := c.Execute(day("2025-01-10"), commitment.RegisterApp{App: jxApp, Signatory: s})
			if s.HoldsSigningRight() {
				require.NoError(t, err)
				a, _ := c.App(jxApp)
				assert.Equal(t, s, a.Signatory)
				return
			}
			r := refusedBy(t, err, lifecycle.A3, "OTV 8")
			assert.NotContains(t, r.Rules(), lifecycle.C4, "the app vendor's rule, not YTE 7's")
			assert.Empty(t, c.Apps())
		})
	}
	t.Run("no signatory", func(t *testing.T) {
		_, err := jxNewVendor(t).Execute(day("2025-01-10"), commitment.RegisterApp{App: jxApp})
		refusedBy(t, err, lifecycle.A3, "OTV 8")
	})
	t.Run("unknown signatory", func(t *testing.T) {
		_, err := jxNewVendor(t).Execute(day("2025-01-10"), commitment.RegisterApp{App: jxApp, Signatory: "ceo-said-so"})
		inputError(t, err)
	})
	t.Run("the same signatory is enough for another customer (C4)", func(t *testing.T) {
		c, err := commitment.New(commitment.Customer{ID: "clinic", Kind: lifecycle.PrivateHealthCareProvider})
		require.NoError(t, err)
		mustExec(t, c, "2025-01-10", commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.Authorised, Accepts: allDocs})
	})
	t.Run("the vendor's service request is held to OTV 8 too", func(t *testing.T) {
		_, err := jxNewVendor(t).Execute(day("2025-01-10"), commitment.RequestService{Service: lifecycle.MyDataRepository, Signatory: lifecycle.Authorised, Accepts: allDocs})
		refusedBy(t, err, lifecycle.A3, "OTV 8")
	})
}

// A4: Kela suspends the app's connection when the vendor breaches the terms
// or the app endangers the national services; it stays closed until the
// vendor reliably demonstrates correction, and a renewed audit certificate
// does not end it (OTV 3.1, 6).
func TestOTV31_A4_SuspendedUntilTheVendorDemonstratesCorrection(t *testing.T) {
	c := jxNewVendor(t)
	jxAppInProduction(t, c, jxApp, "2025-12-31")

	mustExec(t, c, "2025-03-10", commitment.SuspendApp{App: jxApp, Reason: "sent malformed observations"})
	a, _ := c.App(jxApp)
	assert.Equal(t, lifecycle.Suspended, a.State)
	assert.Equal(t, "sent malformed observations", a.KelaSuspension)

	mustExec(t, c, "2025-03-12", commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day("2026-12-31")})
	a, _ = c.App(jxApp)
	assert.Equal(t, lifecycle.Suspended, a.State, "renewal does not end Kela's suspension")
	assert.Equal(t, "2026-12-31", a.AuditValidUntil.String(), "but the renewal is recorded")

	mustExec(t, c, "2025-03-14", commitment.SuspendApp{App: jxApp, Reason: "and endangered the service"})
	mustExec(t, c, "2025-03-20", commitment.DemonstrateAppCorrection{App: jxApp})
	a, _ = c.App(jxApp)
	assert.Equal(t, lifecycle.Production, a.State)
	assert.Empty(t, a.KelaSuspension)

	_, err := c.Execute(day("2025-03-21"), commitment.DemonstrateAppCorrection{App: jxApp})
	refusedBy(t, err, lifecycle.A4, "OTV 3.1")
	_, err = c.Execute(day("2025-03-21"), commitment.SuspendApp{App: jxApp})
	inputError(t, err)
}

// A4: only a connected app can be suspended; a suspended app under a
// withdrawal notice returns to it on correction.
func TestOTV6_A4_SuspensionFromEachState(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		ok    bool
		back  lifecycle.State // the state after correction
	}{
		{"registered", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
		}, false, ""},
		{"joint-tested", func(t *testing.T, c *commitment.Commitment) { jxJointTestedApp(t, c, jxApp) }, false, ""},
		{"production", func(t *testing.T, c *commitment.Commitment) { jxAppInProduction(t, c, jxApp, "2026-01-31") }, true, lifecycle.Production},
		{"withdrawal-noticed", func(t *testing.T, c *commitment.Commitment) {
			jxAppInProduction(t, c, jxApp, "2026-01-31")
			mustExec(t, c, "2025-02-10", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-09-01")})
		}, true, lifecycle.WithdrawalNoticed},
		{"withdrawn", func(t *testing.T, c *commitment.Commitment) {
			jxAppInProduction(t, c, jxApp, "2026-01-31")
			mustExec(t, c, "2025-02-10", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-03-10")})
		}, false, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := jxNewVendor(t)
			tc.setup(t, c)
			_, err := c.Execute(day("2025-04-01"), commitment.SuspendApp{App: jxApp, Reason: "breach"})
			if !tc.ok {
				refusedBy(t, err, lifecycle.A4, "OTV 6")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Suspended, jxAppState(t, c, jxApp))
			mustExec(t, c, "2025-04-10", commitment.DemonstrateAppCorrection{App: jxApp})
			assert.Equal(t, tc.back, jxAppState(t, c, jxApp))
		})
	}
}

// A5: withdrawing the app from the market needs at least one month's notice
// before the day it takes effect (OTV 4.5, SPEC §5 before-effect): for 1
// September the latest notice day is 1 August; for 31 March, 28 February.
func TestOTV45_A5_WithdrawalNeedsOneMonthsNoticeBeforeEffect(t *testing.T) {
	cases := []struct {
		given, effective string
		ok               bool
	}{
		{"2025-08-01", "2025-09-01", true},
		{"2025-08-02", "2025-09-01", false},
		{"2025-02-28", "2025-03-31", true},
		{"2025-03-01", "2025-03-31", false},
		{"2025-03-01", "2025-03-01", false},
		{"2025-03-01", "2026-03-01", true},
	}
	for _, tc := range cases {
		t.Run(tc.given+" for "+tc.effective, func(t *testing.T) {
			c := jxNewVendor(t)
			jxAppInProduction(t, c, jxApp, "2027-01-31")
			before := freeze(t, c)
			_, err := c.Execute(day(tc.given), commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day(tc.effective)})
			if !tc.ok {
				r := refusedBy(t, err, lifecycle.A5, "OTV 4.5")
				assert.Equal(t, tc.effective, r.Blockers[0].Input, "the effective day is never moved")
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			a, _ := c.App(jxApp)
			assert.Equal(t, lifecycle.WithdrawalNoticed, a.State)
			assert.Equal(t, &lifecycle.Notice{Given: day(tc.given), Effective: day(tc.effective)}, a.Withdrawal)
		})
	}
}

// A5: the withdrawal takes effect on its day: the day before, the app is
// withdrawal-noticed; on the day, withdrawn. A suspended app receiving notice
// stays suspended and is withdrawn on the day all the same.
func TestOTV45_A5_WithdrawalTakesEffectOnItsDay(t *testing.T) {
	for _, suspended := range []bool{false, true} {
		name := "from production"
		if suspended {
			name = "a suspended app receiving notice"
		}
		t.Run(name, func(t *testing.T) {
			c := jxNewVendor(t)
			jxAppInProduction(t, c, jxApp, "2027-01-31")
			waiting := lifecycle.WithdrawalNoticed
			if suspended {
				mustExec(t, c, "2025-04-01", commitment.SuspendApp{App: jxApp, Reason: "breach"})
				waiting = lifecycle.Suspended
			}
			mustExec(t, c, "2025-05-30", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-07-01")})
			assert.Equal(t, waiting, jxAppState(t, c, jxApp))
			_, err := c.Execute(day("2025-05-31"), commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-08-01")})
			refusedBy(t, err, lifecycle.A5, "OTV 4.5")

			_, err = c.Advance(day("2025-06-30"))
			require.NoError(t, err)
			assert.Equal(t, waiting, jxAppState(t, c, jxApp), "the day before")
			_, err = c.Advance(day("2025-07-01"))
			require.NoError(t, err)
			a, _ := c.App(jxApp)
			assert.Equal(t, lifecycle.Withdrawn, a.State, "on the effective day")
			assert.Equal(t, "2025-07-01", a.Ended.String())
		})
	}
}

// A5: only an app on the market is withdrawn from it; a withdrawal names the
// day it takes effect.
func TestOTV45_A5_WithdrawalOnlyFromTheMarket(t *testing.T) {
	c := jxNewVendor(t)
	jxJointTestedApp(t, c, jxApp)
	_, err := c.Execute(day("2025-02-01"), commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-06-01")})
	refusedBy(t, err, lifecycle.A5, "OTV 4.5")

	c = jxNewVendor(t)
	jxAppInProduction(t, c, jxApp, "2027-01-31")
	_, err = c.Execute(day("2025-03-01"), commitment.GiveAppWithdrawalNotice{App: jxApp})
	refusedBy(t, err, lifecycle.A5, "OTV 4.5")
}

// A6: an app whose audit certificate has expired is suspended from the day
// after its last valid day; a renewal valid after today returns it to
// production, a past date is refused, and demonstrating correction does not
// end an expiry suspension (OTV 4.1, 8; design).
func TestOTV8_A6_ExpiredAuditCertificateSuspendsUntilRenewed(t *testing.T) {
	c := jxNewVendor(t)
	jxAppInProduction(t, c, jxApp, "2025-06-30")

	_, err := c.Advance(day("2025-06-30"))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.Production, jxAppState(t, c, jxApp), "valid through its last day")
	events, err := c.Advance(day("2025-07-01"))
	require.NoError(t, err)
	a, _ := c.App(jxApp)
	assert.Equal(t, lifecycle.Suspended, a.State, "from the next day")
	assert.Empty(t, a.KelaSuspension, "not Kela's suspension")
	require.Len(t, events, 1)
	assert.Equal(t, day("2025-07-01"), events[0].Date())

	before := freeze(t, c)
	_, err = c.Execute(day("2025-07-05"), commitment.DemonstrateAppCorrection{App: jxApp})
	r := refusedBy(t, err, lifecycle.A6, "OTV 8")
	assert.Contains(t, r.Citations(), "design")
	for _, past := range []string{"2025-06-30", "2025-07-04", "2025-07-05"} {
		_, err = c.Execute(day("2025-07-05"), commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day(past)})
		refusedBy(t, err, lifecycle.A6, "OTV 4.1")
	}
	before.assertUnchanged(t, c)

	mustExec(t, c, "2025-07-05", commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day("2025-07-06")})
	assert.Equal(t, lifecycle.Production, jxAppState(t, c, jxApp), "valid after today: back in production")
	_, err = c.Advance(day("2025-07-07"))
	require.NoError(t, err)
	assert.Equal(t, lifecycle.Suspended, jxAppState(t, c, jxApp), "and suspended again when that one expires")
}

// A6: renewing in time keeps the app in production past the old date; an
// app under a withdrawal notice whose certificate expires is suspended and
// returns to withdrawal-noticed on renewal; an app suspended both by Kela and
// by expiry needs both the correction and the renewal.
func TestOTV41_A6_RenewalAndTheOtherSuspensions(t *testing.T) {
	t.Run("renewed in time", func(t *testing.T) {
		c := jxNewVendor(t)
		jxAppInProduction(t, c, jxApp, "2025-06-30")
		mustExec(t, c, "2025-06-15", commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day("2026-06-30")})
		_, err := c.Advance(day("2025-12-31"))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Production, jxAppState(t, c, jxApp))
	})
	t.Run("under withdrawal notice", func(t *testing.T) {
		c := jxNewVendor(t)
		jxAppInProduction(t, c, jxApp, "2025-06-30")
		mustExec(t, c, "2025-06-01", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-09-01")})
		_, err := c.Advance(day("2025-07-01"))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Suspended, jxAppState(t, c, jxApp))
		mustExec(t, c, "2025-07-02", commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day("2026-06-30")})
		assert.Equal(t, lifecycle.WithdrawalNoticed, jxAppState(t, c, jxApp))
		_, err = c.Advance(day("2025-09-01"))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Withdrawn, jxAppState(t, c, jxApp))
	})
	t.Run("suspended by Kela, then the certificate expires", func(t *testing.T) {
		c := jxNewVendor(t)
		jxAppInProduction(t, c, jxApp, "2025-06-30")
		mustExec(t, c, "2025-06-01", commitment.SuspendApp{App: jxApp, Reason: "breach"})
		mustExec(t, c, "2025-07-10", commitment.DemonstrateAppCorrection{App: jxApp})
		a, _ := c.App(jxApp)
		assert.Equal(t, lifecycle.Suspended, a.State, "corrected, but the certificate has expired")
		assert.Empty(t, a.KelaSuspension)
		mustExec(t, c, "2025-07-11", commitment.RenewAuditCertificate{App: jxApp, ValidUntil: day("2026-06-30")})
		assert.Equal(t, lifecycle.Production, jxAppState(t, c, jxApp))
	})
	t.Run("obligation to contact the assessment body before expiry", func(t *testing.T) {
		c := jxNewVendor(t)
		jxAppInProduction(t, c, jxApp, "2025-06-30")
		obs := jxOnly(c.ObligationsDue(day("2025-06-01"), day("2025-06-30")), lifecycle.A6)
		require.Len(t, obs, 1)
		assert.Equal(t, "2025-06-30", obs[0].Due.String())
		assert.Equal(t, jxVendor, obs[0].Party)
		assert.Equal(t, jxApp, obs[0].Subject)
		assert.Contains(t, obs[0].What, "THL regulation 4/2024")
		assert.Empty(t, jxOnly(c.ObligationsDue(day("2025-07-01"), day("2025-12-31")), lifecycle.A6))
	})
}

// A6b: while the app is connected (in production, suspended or under a
// withdrawal notice) the vendor reports significant changes and deviations:
// a standing obligation (OTV 4.1, 4.6).
func TestOTV41_A6b_StandingDutyToReportChangesWhileConnected(t *testing.T) {
	c := jxNewVendor(t)
	count := func() int { return len(jxOnly(c.StandingObligations(), lifecycle.A6b)) }
	jxJointTestedApp(t, c, jxApp)
	assert.Zero(t, count(), "not before production")

	mustExec(t, c, "2025-02-01", commitment.CertifyApp{App: jxApp, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	mustExec(t, c, "2025-02-03", commitment.ConnectApp{App: jxApp})
	obs := jxOnly(c.StandingObligations(), lifecycle.A6b)
	require.Len(t, obs, 1)
	assert.Equal(t, "OTV 4.1, 4.6", obs[0].Clause)
	assert.Equal(t, jxVendor, obs[0].Party)
	assert.True(t, obs[0].Due.IsZero(), "standing: no due day")
	assert.Contains(t, obs[0].What, "Valvira")

	mustExec(t, c, "2025-03-01", commitment.SuspendApp{App: jxApp, Reason: "breach"})
	assert.Equal(t, 1, count(), "suspended")
	mustExec(t, c, "2025-03-05", commitment.DemonstrateAppCorrection{App: jxApp})
	mustExec(t, c, "2025-03-10", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-05-01")})
	assert.Equal(t, 1, count(), "withdrawal-noticed")
	_, err := c.Advance(day("2025-05-01"))
	require.NoError(t, err)
	assert.Zero(t, count(), "withdrawn")
}

// A7: Kela may remove the app unilaterally when the vendor's operations have
// ended or it is shown not to comply with the terms, from every live state
// (OTV 8).
func TestOTV8_A7_KelaRemovesTheAppFromEveryLiveState(t *testing.T) {
	states := []struct {
		state lifecycle.State
		setup func(t *testing.T, c *commitment.Commitment)
	}{
		{lifecycle.Registered, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", commitment.RegisterApp{App: jxApp, Signatory: lifecycle.TradeRegister})
		}},
		{lifecycle.JointTested, func(t *testing.T, c *commitment.Commitment) { jxJointTestedApp(t, c, jxApp) }},
		{lifecycle.Production, func(t *testing.T, c *commitment.Commitment) { jxAppInProduction(t, c, jxApp, "2026-01-31") }},
		{lifecycle.Suspended, func(t *testing.T, c *commitment.Commitment) {
			jxAppInProduction(t, c, jxApp, "2026-01-31")
			mustExec(t, c, "2025-03-01", commitment.SuspendApp{App: jxApp, Reason: "breach"})
		}},
		{lifecycle.WithdrawalNoticed, func(t *testing.T, c *commitment.Commitment) {
			jxAppInProduction(t, c, jxApp, "2026-01-31")
			mustExec(t, c, "2025-03-01", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-09-01")})
		}},
	}
	for _, st := range states {
		for _, reason := range lifecycle.RemovalReasons() {
			t.Run(string(st.state)+" "+string(reason), func(t *testing.T) {
				c := jxNewVendor(t)
				st.setup(t, c)
				require.Equal(t, st.state, jxAppState(t, c, jxApp))
				mustExec(t, c, "2025-04-01", commitment.RemoveApp{App: jxApp, Reason: reason})
				a, _ := c.App(jxApp)
				assert.Equal(t, lifecycle.Removed, a.State)
				assert.Equal(t, reason, a.Removal)
				assert.Equal(t, "2025-04-01", a.Ended.String())
				_, err := c.Advance(day("2026-12-31"))
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Removed, jxAppState(t, c, jxApp), "final: a pending withdrawal or expiry changes nothing")

				_, err = c.Execute(day("2027-01-01"), commitment.RemoveApp{App: jxApp, Reason: reason})
				refusedBy(t, err, lifecycle.A7, "OTV 8")
			})
		}
	}
	t.Run("withdrawn", func(t *testing.T) {
		c := jxNewVendor(t)
		jxAppInProduction(t, c, jxApp, "2026-01-31")
		mustExec(t, c, "2025-03-01", commitment.GiveAppWithdrawalNotice{App: jxApp, Effective: day("2025-04-01")})
		_, err := c.Execute(day("2025-04-02"), commitment.RemoveApp{App: jxApp, Reason: lifecycle.OperationsEnded})
		refusedBy(t, err, lifecycle.A7, "OTV 8")
	})
	t.Run("without a reason of OTV 8", func(t *testing.T) {
		c := jxNewVendor(t)
		jxJointTestedApp(t, c, jxApp)
		for _, reason := range []lifecycle.RemovalReason{"", "bad-reviews"} {
			_, err := c.Execute(day("2025-04-02"), commitment.RemoveApp{App: jxApp, Reason: reason})
			inputError(t, err)
		}
	})
}

// A8: Omatietovaranto is free of charge for now: a dated zero value in the
// tariff with OTV 7 as its reference, not a constant (OTV 7, F4).
func TestOTV7_A8_MyDataRepositoryIsFreeForNow(t *testing.T) {
	for _, p := range fees.Prorations() {
		tariff, err := fees.IllustrativeTariff(p)
		require.NoError(t, err)
		for _, on := range []string{"2024-02-12", "2025-07-01", "2030-12-31"} {
			e, ok := tariff.Lookup(string(lifecycle.MyDataRepository), string(lifecycle.AppVendor), fees.Monthly, day(on))
			require.True(t, ok, "a value is in force on %s", on)
			assert.True(t, e.Amount.IsZero(), "zero on %s", on)
			assert.Equal(t, "0.00", e.Amount.String())
			assert.Contains(t, e.Reference, "OTV 7")
			assert.True(t, e.Until.IsZero(), "for now: open-ended")
		}
		_, ok := tariff.Lookup(string(lifecycle.MyDataRepository), string(lifecycle.AppVendor), fees.Monthly, day("2024-02-11"))
		assert.False(t, ok, "a dated value: nothing before the OTV terms v2.1 of 12.2.2024")

		invoices, err := fees.Bill(tariff, day("2025-03-01"), []fees.Usage{{
			Customer: jxVendor, CustomerKind: string(lifecycle.AppVendor), Service: string(lifecycle.MyDataRepository),
			From: day("2025-02-03"), Billable: true,
		}}, nil)
		require.NoError(t, err)
		require.Len(t, invoices, 1)
		assert.Equal(t, "0.00", invoices[0].Total.String())
	}
	assert.Equal(t, "OTV 7", lifecycle.A8.Clause())
}
