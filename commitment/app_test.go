package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// The wellbeing application connected to Omatietovaranto (OTV), run through
// an app vendor's commitment.

// The app vendor of the app tests and its app.
const (
	appVendorParty = "hyvinvointisovellus-oy"
	stepCounter    = lifecycle.AppID("askelmittari")
	sleepDiary     = lifecycle.AppID("unipaivakirja")
)

// newAppVendor returns the commitment of a new app vendor.
func newAppVendor(t *testing.T) *commitment.Commitment {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: appVendorParty, Name: "Hyvinvointisovellus Oy", Kind: lifecycle.AppVendor})
	require.NoError(t, err)
	return c
}

// execError runs act on day on and returns only its error.
func execError(c *commitment.Commitment, on string, act lifecycle.Act) error {
	_, err := c.Execute(day(on), act)
	return err
}

// appState returns the state of app id, which must be registered.
func appState(t *testing.T, c *commitment.Commitment, id lifecycle.AppID) engine.State {
	t.Helper()
	return appOf(t, c, id).State
}

// appOf returns app id, which must be registered.
func appOf(t *testing.T, c *commitment.Commitment, id lifecycle.AppID) lifecycle.App {
	t.Helper()
	a, ok := c.App(id)
	require.True(t, ok, "no app %s", id)
	return a
}

// jointTestedApp registers app id on 2025-01-10 and passes joint testing on
// 2025-01-20.
func jointTestedApp(t *testing.T, c *commitment.Commitment, id lifecycle.AppID) {
	t.Helper()
	mustExec(t, c, "2025-01-10", lifecycle.RegisterApp{App: id, Signatory: lifecycle.TradeRegister})
	mustExec(t, c, "2025-01-20", lifecycle.PassAppJointTesting{App: id})
}

// appInProduction takes app id to production on 2025-02-03 with an audit
// certificate valid until auditUntil.
func appInProduction(t *testing.T, c *commitment.Commitment, id lifecycle.AppID, auditUntil string) {
	t.Helper()
	jointTestedApp(t, c, id)
	mustExec(t, c, "2025-02-01", lifecycle.CertifyApp{App: id, ValviraRegistered: true, AuditValidUntil: day(auditUntil)})
	mustExec(t, c, "2025-02-03", lifecycle.ConnectApp{App: id})
	require.Equal(t, lifecycle.Production, appState(t, c, id))
}

// A1: only an app vendor registers apps; registering signs the commitment
// accepting the terms and the service description, and those acceptances
// are recorded with the version in force (OTV 2, 8; C14).
func TestA1_OnlyAnAppVendorRegistersAndItsAcceptancesAreRecorded(t *testing.T) {
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c, err := commitment.New(commitment.Customer{ID: "x", Kind: kind})
			require.NoError(t, err)
			before := freeze(t, c)
			_, err = c.Execute(day("2025-01-10"), lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
			if kind != lifecycle.AppVendor {
				ref := refusedBy(t, err, rules.A1, "OTV 2")
				assert.Contains(t, ref.Citations(), "OTV 8")
				assert.Equal(t, string(kind), ref.Blockers[0].Input)
				before.assertUnchanged(t, c)
				assert.Empty(t, c.Apps())
				return
			}
			require.NoError(t, err)
			a := appOf(t, c, stepCounter)
			assert.Equal(t, lifecycle.Registered, a.State)
			assert.Equal(t, "2025-01-10", a.Registered.String())
			var docs []string
			for _, acc := range c.Acceptances() {
				assert.Equal(t, "2025-01-10", acc.On.String())
				docs = append(docs, string(acc.Document)+" "+string(acc.Service)+" "+acc.Version)
			}
			assert.ElementsMatch(t, []string{"commitment  ", "service-description my-data-repository 2.1"}, docs,
				"the signed commitment and the Omatietovaranto terms and description v2.1 (12.2.2024)")
		})
	}
}

// A1: an app is registered once, under an identifier; acts for an app the
// vendor never registered are malformed input, never refusals, and change
// nothing.
func TestA1_ActsForAnUnknownAppAreInputErrors(t *testing.T) {
	c := newAppVendor(t)
	mustExec(t, c, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	before := freeze(t, c)
	for _, act := range []lifecycle.Act{
		lifecycle.PassAppJointTesting{App: sleepDiary},
		lifecycle.CertifyApp{App: sleepDiary, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")},
		lifecycle.ConnectApp{App: sleepDiary},
		lifecycle.SuspendApp{App: sleepDiary, Reason: "breach"},
		lifecycle.DemonstrateAppCorrection{App: sleepDiary},
		lifecycle.RenewAuditCertificate{App: sleepDiary, ValidUntil: day("2026-01-31")},
		lifecycle.GiveAppWithdrawalNotice{App: sleepDiary, Effective: day("2025-06-01")},
		lifecycle.RemoveApp{App: sleepDiary, Reason: lifecycle.NonCompliance},
		lifecycle.RegisterApp{Signatory: lifecycle.TradeRegister},
		lifecycle.RegisterApp{App: "with space", Signatory: lifecycle.TradeRegister},
		lifecycle.ConnectApp{},
	} {
		t.Run(string(act.EventID()), func(t *testing.T) {
			inputError(t, execError(c, "2025-01-11", act))
			before.assertUnchanged(t, c)
		})
	}
	_, ok := c.App(sleepDiary)
	assert.False(t, ok)
	refusedBy(t, execError(c, "2025-01-11", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister}), rules.A1, "OTV 8")
}

// A2: certification records its facts (the requirements met, the Valvira
// entry, the audit certificate's last valid day) and changes no state, in
// every live state before removal; it needs the certificate's day, and a
// removed app is certified no more.
func TestA2_CertificationRecordsItsFacts(t *testing.T) {
	c := newAppVendor(t)
	jointTestedApp(t, c, stepCounter)
	inputError(t, execError(c, "2025-02-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true}))

	mustExec(t, c, "2025-02-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	a := appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.JointTested, a.State, "certification changes no state")
	assert.Equal(t, "2025-02-01", a.Certified.String())
	assert.True(t, a.ValviraRegistered)
	assert.Equal(t, "2026-01-31", a.AuditValidUntil.String())

	mustExec(t, c, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
	mustExec(t, c, "2025-03-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2027-01-31")})
	a = appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.Production, a.State)
	assert.Equal(t, "2025-03-01", a.Certified.String(), "recertified")
	assert.Equal(t, "2027-01-31", a.AuditValidUntil.String())

	mustExec(t, c, "2025-04-01", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.NonCompliance})
	refusedBy(t, execError(c, "2025-04-02", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2028-01-01")}), rules.A2, "OTV 8")
}

// A2: connection before joint testing is refused (OTV 3.1, 8).
func TestA2_ConnectionBeforeJointTestingIsRefused(t *testing.T) {
	c := newAppVendor(t)
	mustExec(t, c, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	mustExec(t, c, "2025-01-12", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2026-01-31")})
	before := freeze(t, c)
	ref := refusedBy(t, execError(c, "2025-01-15", lifecycle.ConnectApp{App: stepCounter}), rules.A2, "OTV 3.1")
	assert.Contains(t, ref.Citations(), "OTV 8")
	assert.Equal(t, lifecycle.Registered, ref.State)
	before.assertUnchanged(t, c)
}

// A2: connection to production requires the certification, the Valvira
// register entry and a security audit certificate valid on the day of
// connection; every missing precondition is listed (OTV 3.1, 4.1, 8).
func TestA2_ConnectionListsEachMissingPrecondition(t *testing.T) {
	cases := []struct {
		name    string
		certify *lifecycle.CertifyApp
		reasons []string // one per blocker; nil: accepted
	}{
		{"nothing certified", nil, []string{"certification", "Valvira", "audit certificate"}},
		{"not in Valvira's register", &lifecycle.CertifyApp{ValviraRegistered: false, AuditValidUntil: day("2026-01-31")}, []string{"Valvira"}},
		{"audit certificate expired the day before", &lifecycle.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2025-02-02")}, []string{"audit certificate"}},
		{"expired and not in the register", &lifecycle.CertifyApp{AuditValidUntil: day("2025-01-31")}, []string{"Valvira", "audit certificate"}},
		{"audit certificate valid to the day of connection", &lifecycle.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2025-02-03")}, nil},
		{"everything in order", &lifecycle.CertifyApp{ValviraRegistered: true, AuditValidUntil: day("2026-01-31")}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newAppVendor(t)
			jointTestedApp(t, c, stepCounter)
			if tc.certify != nil {
				cert := *tc.certify
				cert.App = stepCounter
				mustExec(t, c, "2025-01-25", cert)
			}
			before := freeze(t, c)
			err := execError(c, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
			if tc.reasons == nil {
				require.NoError(t, err)
				a := appOf(t, c, stepCounter)
				assert.Equal(t, lifecycle.Production, a.State)
				assert.Equal(t, "2025-02-03", a.Connected.String())
				return
			}
			ref := refusedBy(t, err, rules.A2, "OTV 8")
			assert.Equal(t, []rules.Rule{rules.A2}, ref.Rules())
			require.Len(t, ref.Blockers, len(tc.reasons))
			for i, want := range tc.reasons {
				assert.Contains(t, ref.Blockers[i].Reason, want)
				assert.Equal(t, string(stepCounter), ref.Blockers[i].Subject)
			}
			before.assertUnchanged(t, c)
		})
	}
}

// A3: the app vendor's commitment is signed by a person with the signing
// right itself: OTV 8 has no authorisation route (unlike YTE 7's C4). The
// vendor's service request is held to OTV 8 too.
func TestA3_VendorSignsWithTheSigningRightItself(t *testing.T) {
	for _, s := range lifecycle.Signatories() {
		t.Run(string(s), func(t *testing.T) {
			c := newAppVendor(t)
			err := execError(c, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: s})
			if s.HoldsSigningRight() {
				require.NoError(t, err)
				assert.Equal(t, s, appOf(t, c, stepCounter).Signatory)
				return
			}
			ref := refusedBy(t, err, rules.A3, "OTV 8")
			assert.NotContains(t, ref.Rules(), rules.C4, "the app vendor's rule, not YTE 7's")
			assert.Empty(t, c.Apps())
		})
	}
	t.Run("no signatory", func(t *testing.T) {
		refusedBy(t, execError(newAppVendor(t), "2025-01-10", lifecycle.RegisterApp{App: stepCounter}), rules.A3, "OTV 8")
	})
	t.Run("unknown signatory", func(t *testing.T) {
		inputError(t, execError(newAppVendor(t), "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: "ceo-said-so"}))
	})
	t.Run("an authorised signatory is enough for another customer (C4)", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		mustExec(t, c, "2025-01-10", lifecycle.RequestService{Service: prescription, Signatory: lifecycle.Authorised, Accepts: allDocs})
	})
	t.Run("the vendor's service request", func(t *testing.T) {
		err := execError(newAppVendor(t), "2025-01-10", lifecycle.RequestService{Service: lifecycle.MyDataRepository, Signatory: lifecycle.Authorised, Accepts: allDocs})
		refusedBy(t, err, rules.A3, "OTV 8")
	})
}

// A4: Kela suspends the app's connection when the vendor breaches the terms
// or the app endangers the national services; it stays closed until the
// vendor reliably demonstrates correction, and a renewed audit certificate
// does not end it (OTV 3.1, 6).
func TestA4_SuspendedUntilTheVendorDemonstratesCorrection(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2025-12-31")

	mustExec(t, c, "2025-03-10", lifecycle.SuspendApp{App: stepCounter, Reason: "sent malformed observations"})
	a := appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.Suspended, a.State)
	assert.Equal(t, "sent malformed observations", a.KelaSuspension)

	mustExec(t, c, "2025-03-12", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-12-31")})
	a = appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.Suspended, a.State, "renewal does not end Kela's suspension")
	assert.Equal(t, "2026-12-31", a.AuditValidUntil.String(), "but the renewal is recorded")

	mustExec(t, c, "2025-03-14", lifecycle.SuspendApp{App: stepCounter, Reason: "and endangered the service"})
	mustExec(t, c, "2025-03-20", lifecycle.DemonstrateAppCorrection{App: stepCounter})
	a = appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.Production, a.State)
	assert.Empty(t, a.KelaSuspension)

	refusedBy(t, execError(c, "2025-03-21", lifecycle.DemonstrateAppCorrection{App: stepCounter}), rules.A4, "OTV 3.1")
	inputError(t, execError(c, "2025-03-21", lifecycle.SuspendApp{App: stepCounter}))
}

// A4: only a connected app can be suspended; on correction it returns to
// where it was, a suspended app under a withdrawal notice to the notice.
func TestA4_SuspensionFromEachState(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		back  engine.State // the state after correction; "": refused
	}{
		{"registered", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
		}, ""},
		{"joint-tested", func(t *testing.T, c *commitment.Commitment) { jointTestedApp(t, c, stepCounter) }, ""},
		{"production", func(t *testing.T, c *commitment.Commitment) { appInProduction(t, c, stepCounter, "2026-01-31") }, lifecycle.Production},
		{"withdrawal-noticed", func(t *testing.T, c *commitment.Commitment) {
			appInProduction(t, c, stepCounter, "2026-01-31")
			mustExec(t, c, "2025-02-10", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-09-01")})
		}, lifecycle.WithdrawalNoticed},
		{"withdrawn", func(t *testing.T, c *commitment.Commitment) {
			appInProduction(t, c, stepCounter, "2026-01-31")
			mustExec(t, c, "2025-02-10", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-03-10")})
		}, ""},
		{"removed", func(t *testing.T, c *commitment.Commitment) {
			appInProduction(t, c, stepCounter, "2026-01-31")
			mustExec(t, c, "2025-02-10", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.NonCompliance})
		}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newAppVendor(t)
			tc.setup(t, c)
			err := execError(c, "2025-04-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
			if tc.back == "" {
				refusedBy(t, err, rules.A4, "OTV 6")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Suspended, appState(t, c, stepCounter))
			mustExec(t, c, "2025-04-10", lifecycle.DemonstrateAppCorrection{App: stepCounter})
			assert.Equal(t, tc.back, appState(t, c, stepCounter))
		})
	}
}

// A5: withdrawing the app from the market needs at least one month's notice
// before the day it takes effect (OTV 4.5): for 1 September the latest
// notice day is 1 August; for 31 March, 28 February. A late notice is
// refused and its day never moved.
func TestA5_WithdrawalNeedsOneMonthsNoticeBeforeEffect(t *testing.T) {
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
		{"2024-01-29", "2024-02-29", true},
		{"2024-01-30", "2024-02-29", false},
	}
	for _, tc := range cases {
		t.Run(tc.given+" for "+tc.effective, func(t *testing.T) {
			c := newAppVendor(t)
			mustExec(t, c, "2023-11-01", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
			mustExec(t, c, "2023-11-15", lifecycle.PassAppJointTesting{App: stepCounter})
			mustExec(t, c, "2023-12-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2027-01-31")})
			mustExec(t, c, "2023-12-02", lifecycle.ConnectApp{App: stepCounter})
			before := freeze(t, c)
			err := execError(c, tc.given, lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day(tc.effective)})
			if !tc.ok {
				ref := refusedBy(t, err, rules.A5, "OTV 4.5")
				assert.Equal(t, tc.effective, ref.Blockers[0].Input, "the effective day is never moved")
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			a := appOf(t, c, stepCounter)
			assert.Equal(t, lifecycle.WithdrawalNoticed, a.State)
			assert.Equal(t, &lifecycle.Notice{Given: day(tc.given), Effective: day(tc.effective)}, a.Withdrawal)
		})
	}
}

// A5: the withdrawal takes effect on its day: the day before, the app is
// withdrawal-noticed; on the day, withdrawn. A suspended app receiving
// notice stays suspended and is withdrawn on the day all the same. A second
// notice is refused.
func TestA5_WithdrawalTakesEffectOnItsDay(t *testing.T) {
	for _, suspended := range []bool{false, true} {
		name := "from production"
		if suspended {
			name = "a suspended app receiving notice"
		}
		t.Run(name, func(t *testing.T) {
			c := newAppVendor(t)
			appInProduction(t, c, stepCounter, "2027-01-31")
			waiting := lifecycle.WithdrawalNoticed
			if suspended {
				mustExec(t, c, "2025-04-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
				waiting = lifecycle.Suspended
			}
			mustExec(t, c, "2025-05-30", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-07-01")})
			assert.Equal(t, waiting, appState(t, c, stepCounter))
			refusedBy(t, execError(c, "2025-05-31", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-08-01")}), rules.A5, "OTV 4.5")
			due, ok := c.NextDue()
			require.True(t, ok)
			assert.Equal(t, "2025-07-01", due.String())

			mustAdvance(t, c, "2025-06-30")
			assert.Equal(t, waiting, appState(t, c, stepCounter), "the day before")
			events := mustAdvance(t, c, "2025-07-01")
			require.Len(t, events, 1)
			assert.Equal(t, "2025-07-01", events[0].Date().String())
			a := appOf(t, c, stepCounter)
			assert.Equal(t, lifecycle.Withdrawn, a.State, "on the effective day")
			assert.Equal(t, "2025-07-01", a.Ended.String())
		})
	}
}

// A5: only an app on the market is withdrawn from it; a withdrawal names
// the day it takes effect, not a day before the notice.
func TestA5_WithdrawalOnlyFromTheMarket(t *testing.T) {
	c := newAppVendor(t)
	jointTestedApp(t, c, stepCounter)
	refusedBy(t, execError(c, "2025-02-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-06-01")}), rules.A5, "OTV 4.5")

	c = newAppVendor(t)
	appInProduction(t, c, stepCounter, "2027-01-31")
	refusedBy(t, execError(c, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter}), rules.A5, "OTV 4.5")
	inputError(t, execError(c, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-02-28")}))
}

// A6: an app whose audit certificate has expired is suspended from the day
// after its last valid day; demonstrating correction does not end an
// expiry suspension; a renewal not valid after today is refused; a renewal
// valid after today returns it to production (OTV 4.1, 8; design).
func TestA6_ExpiredAuditCertificateSuspendsUntilRenewed(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2025-06-30")
	due, ok := c.NextDue()
	require.True(t, ok)
	assert.Equal(t, "2025-07-01", due.String(), "due the day after the last valid day")

	mustAdvance(t, c, "2025-06-30")
	assert.Equal(t, lifecycle.Production, appState(t, c, stepCounter), "valid through its last day")
	events := mustAdvance(t, c, "2025-07-01")
	a := appOf(t, c, stepCounter)
	assert.Equal(t, lifecycle.Suspended, a.State, "from the next day")
	assert.Empty(t, a.KelaSuspension, "not Kela's suspension")
	require.Len(t, events, 1)
	tr := events[0].(commitment.Transitioned)
	assert.Equal(t, lifecycle.AuditCertificateExpired{}, tr.Event)
	assert.Equal(t, day("2025-07-01"), tr.On)

	before := freeze(t, c)
	ref := refusedBy(t, execError(c, "2025-07-05", lifecycle.DemonstrateAppCorrection{App: stepCounter}), rules.A6, "OTV 8")
	assert.Contains(t, ref.Citations(), "design")
	for _, past := range []string{"2025-06-30", "2025-07-04", "2025-07-05"} {
		ref := refusedBy(t, execError(c, "2025-07-05", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day(past)}), rules.A6, "OTV 4.1")
		assert.Equal(t, past, ref.Blockers[0].Input)
	}
	before.assertUnchanged(t, c)

	mustExec(t, c, "2025-07-05", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2025-07-06")})
	assert.Equal(t, lifecycle.Production, appState(t, c, stepCounter), "valid after today: back in production")
	mustAdvance(t, c, "2025-07-07")
	assert.Equal(t, lifecycle.Suspended, appState(t, c, stepCounter), "and suspended again when that one expires")
}

// A6: a certification that records a last valid day already past suspends
// the app in production at once, dated the day of the act (the history
// stays in date order).
func TestA6_CertificationWithAPastDaySuspendsAtOnce(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2026-01-31")
	events := mustExec(t, c, "2025-05-01", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2025-04-15")})
	expired := transitions(events, lifecycle.AppMachine().Name(), string(stepCounter))
	require.Len(t, expired, 2, "the certification, then the expiry")
	assert.Equal(t, lifecycle.AuditCertificateExpired{}, expired[1].Event)
	assert.Equal(t, "2025-05-01", expired[1].On.String(), "dated the act's day, not before it")
	assert.Equal(t, lifecycle.Suspended, appState(t, c, stepCounter))
}

// A6: renewing in time keeps the app in production past the old date; an
// app under a withdrawal notice whose certificate expires is suspended and
// returns to withdrawal-noticed on renewal; an app suspended both by Kela
// and by expiry needs both the correction and the renewal, in either order.
func TestA6_RenewalAndTheOtherSuspensions(t *testing.T) {
	t.Run("renewed in time", func(t *testing.T) {
		c := newAppVendor(t)
		appInProduction(t, c, stepCounter, "2025-06-30")
		mustExec(t, c, "2025-06-15", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-06-30")})
		mustAdvance(t, c, "2025-12-31")
		assert.Equal(t, lifecycle.Production, appState(t, c, stepCounter))
	})
	t.Run("under withdrawal notice", func(t *testing.T) {
		c := newAppVendor(t)
		appInProduction(t, c, stepCounter, "2025-06-30")
		mustExec(t, c, "2025-06-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-09-01")})
		mustAdvance(t, c, "2025-07-01")
		assert.Equal(t, lifecycle.Suspended, appState(t, c, stepCounter))
		mustExec(t, c, "2025-07-02", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-06-30")})
		assert.Equal(t, lifecycle.WithdrawalNoticed, appState(t, c, stepCounter))
		mustAdvance(t, c, "2025-09-01")
		assert.Equal(t, lifecycle.Withdrawn, appState(t, c, stepCounter))
	})
	t.Run("suspended by Kela, then the certificate expires; corrected first", func(t *testing.T) {
		c := newAppVendor(t)
		appInProduction(t, c, stepCounter, "2025-06-30")
		mustExec(t, c, "2025-06-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
		mustExec(t, c, "2025-07-10", lifecycle.DemonstrateAppCorrection{App: stepCounter})
		a := appOf(t, c, stepCounter)
		assert.Equal(t, lifecycle.Suspended, a.State, "corrected, but the certificate has expired")
		assert.Empty(t, a.KelaSuspension)
		mustExec(t, c, "2025-07-11", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-06-30")})
		assert.Equal(t, lifecycle.Production, appState(t, c, stepCounter))
	})
	t.Run("suspended by Kela and expired; renewed first", func(t *testing.T) {
		c := newAppVendor(t)
		appInProduction(t, c, stepCounter, "2025-06-30")
		mustExec(t, c, "2025-06-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
		mustExec(t, c, "2025-07-10", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-06-30")})
		assert.Equal(t, lifecycle.Suspended, appState(t, c, stepCounter), "renewed, but Kela's suspension stands")
		mustExec(t, c, "2025-07-11", lifecycle.DemonstrateAppCorrection{App: stepCounter})
		assert.Equal(t, lifecycle.Production, appState(t, c, stepCounter))
	})
	t.Run("renewal before production", func(t *testing.T) {
		c := newAppVendor(t)
		jointTestedApp(t, c, stepCounter)
		mustExec(t, c, "2025-01-25", lifecycle.CertifyApp{App: stepCounter, ValviraRegistered: true, AuditValidUntil: day("2025-01-31")})
		refusedBy(t, execError(c, "2025-02-01", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2025-02-01")}), rules.A6, "OTV 4.1")
		mustExec(t, c, "2025-02-01", lifecycle.RenewAuditCertificate{App: stepCounter, ValidUntil: day("2026-01-31")})
		assert.Equal(t, lifecycle.JointTested, appState(t, c, stepCounter), "renewal changes no state outside a suspension")
		mustExec(t, c, "2025-02-03", lifecycle.ConnectApp{App: stepCounter})
	})
}

// A7: Kela may remove the app unilaterally when the vendor's operations
// have ended or it is shown not to comply with the terms, from every live
// state (OTV 8); removal is final.
func TestA7_KelaRemovesTheAppFromEveryLiveState(t *testing.T) {
	states := []struct {
		state engine.State
		setup func(t *testing.T, c *commitment.Commitment)
	}{
		{lifecycle.Registered, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
		}},
		{lifecycle.JointTested, func(t *testing.T, c *commitment.Commitment) { jointTestedApp(t, c, stepCounter) }},
		{lifecycle.Production, func(t *testing.T, c *commitment.Commitment) { appInProduction(t, c, stepCounter, "2026-01-31") }},
		{lifecycle.Suspended, func(t *testing.T, c *commitment.Commitment) {
			appInProduction(t, c, stepCounter, "2026-01-31")
			mustExec(t, c, "2025-03-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
		}},
		{lifecycle.WithdrawalNoticed, func(t *testing.T, c *commitment.Commitment) {
			appInProduction(t, c, stepCounter, "2026-01-31")
			mustExec(t, c, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-09-01")})
		}},
	}
	for _, st := range states {
		for _, reason := range lifecycle.RemovalReasons() {
			t.Run(string(st.state)+" "+string(reason), func(t *testing.T) {
				c := newAppVendor(t)
				st.setup(t, c)
				require.Equal(t, st.state, appState(t, c, stepCounter))
				mustExec(t, c, "2025-04-01", lifecycle.RemoveApp{App: stepCounter, Reason: reason})
				a := appOf(t, c, stepCounter)
				assert.Equal(t, lifecycle.Removed, a.State)
				assert.Equal(t, reason, a.Removal)
				assert.Equal(t, "2025-04-01", a.Ended.String())
				_, pending := c.NextDue()
				assert.False(t, pending, "a pending withdrawal or expiry no longer falls due")
				mustAdvance(t, c, "2026-12-31")
				assert.Equal(t, lifecycle.Removed, appState(t, c, stepCounter), "final")

				refusedBy(t, execError(c, "2027-01-01", lifecycle.RemoveApp{App: stepCounter, Reason: reason}), rules.A7, "OTV 8")
			})
		}
	}
	t.Run("withdrawn", func(t *testing.T) {
		c := newAppVendor(t)
		appInProduction(t, c, stepCounter, "2026-01-31")
		mustExec(t, c, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: stepCounter, Effective: day("2025-04-01")})
		refusedBy(t, execError(c, "2025-04-02", lifecycle.RemoveApp{App: stepCounter, Reason: lifecycle.OperationsEnded}), rules.A7, "OTV 8")
	})
	t.Run("without a reason of OTV 8", func(t *testing.T) {
		c := newAppVendor(t)
		jointTestedApp(t, c, stepCounter)
		for _, reason := range []lifecycle.RemovalReason{"", "bad-reviews"} {
			inputError(t, execError(c, "2025-04-02", lifecycle.RemoveApp{App: stepCounter, Reason: reason}))
		}
	})
}

// Each app has its own lifecycle under the vendor's one commitment.
func TestA1_AppsOfOneVendorAreIndependent(t *testing.T) {
	c := newAppVendor(t)
	appInProduction(t, c, stepCounter, "2026-01-31")
	mustExec(t, c, "2025-02-05", lifecycle.RegisterApp{App: sleepDiary, Signatory: lifecycle.TradeRegister})
	mustExec(t, c, "2025-03-01", lifecycle.SuspendApp{App: stepCounter, Reason: "breach"})
	assert.Equal(t, lifecycle.Registered, appState(t, c, sleepDiary))
	ids := []lifecycle.AppID{}
	for _, a := range c.Apps() {
		ids = append(ids, a.ID)
	}
	assert.Equal(t, []lifecycle.AppID{stepCounter, sleepDiary}, ids, "in the order registered")
	assert.Len(t, c.Acceptances(), 4, "each registration signs and accepts again")
}

// A8: Omatietovaranto is free of charge for now: a dated zero value in the
// tariff with OTV 7 as its reference, not a constant (OTV 7, F4).
func TestA8_MyDataRepositoryIsFreeForNow(t *testing.T) {
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
			Customer: appVendorParty, CustomerKind: string(lifecycle.AppVendor), Service: string(lifecycle.MyDataRepository),
			From: day("2025-02-03"), Billable: true,
		}}, nil)
		require.NoError(t, err)
		require.Len(t, invoices, 1)
		assert.Equal(t, "0.00", invoices[0].Total.String())
	}
	assert.Equal(t, "OTV 7", rules.A8.Clause())
}

// An app's identifier names one app across the register: a second vendor
// registering it is refused and changes nothing, and the app's holder is
// the vendor that registered it.
func TestRegister_AnAppBelongsToOneVendor(t *testing.T) {
	r := register(t, party("sovellus", lifecycle.AppVendor), party("toinen", lifecycle.AppVendor))
	mustRun(t, r, "2025-01-10", "sovellus", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	before := marshal(t, commitmentIn(t, r, "toinen"))

	err := runError(r, "2025-01-11", "toinen", lifecycle.RegisterApp{App: stepCounter, Signatory: lifecycle.TradeRegister})
	var ie *lifecycle.InputError
	require.ErrorAs(t, err, &ie)
	assert.Equal(t, "app", ie.Field)
	assert.Contains(t, ie.Reason, "registered by sovellus")
	assert.Equal(t, before, marshal(t, commitmentIn(t, r, "toinen")))

	holder, ok := r.AppHolder(stepCounter)
	assert.True(t, ok)
	assert.Equal(t, lifecycle.PartyID("sovellus"), holder)
	_, ok = r.AppHolder("unknown")
	assert.False(t, ok)
}
