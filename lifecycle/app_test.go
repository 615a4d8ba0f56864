package lifecycle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// The app machine on its own (OTV): its guards, its branches, its effects
// and the days on which time alone changes an app (Due).

var (
	appm   = lifecycle.AppMachine()
	vendor = lifecycle.VendorFacts{Kind: lifecycle.AppVendor}
)

// registeredApp is an app registered on 2025-01-10.
func registeredApp(t *testing.T) lifecycle.App {
	t.Helper()
	a := lifecycle.App{ID: "app"}
	step(t, appm, &a, vendor, "2025-01-10", lifecycle.RegisterApp{App: "app", Signatory: lifecycle.TradeRegister})
	return a
}

// jointTestedApp is an app registered and joint-tested on 2025-01-20.
func jointTestedApp(t *testing.T) lifecycle.App {
	t.Helper()
	a := registeredApp(t)
	step(t, appm, &a, vendor, "2025-01-20", lifecycle.PassAppJointTesting{App: "app"})
	return a
}

// certify records a's certification on day on.
func certify(t *testing.T, a lifecycle.App, on string, valvira bool, auditUntil string) lifecycle.App {
	t.Helper()
	step(t, appm, &a, vendor, on, lifecycle.CertifyApp{App: "app", ValviraRegistered: valvira, AuditValidUntil: day(auditUntil)})
	return a
}

// productionApp is an app connected on 2025-02-03 with an audit certificate
// valid until auditUntil.
func productionApp(t *testing.T, auditUntil string) lifecycle.App {
	t.Helper()
	a := certify(t, jointTestedApp(t), "2025-02-01", true, auditUntil)
	step(t, appm, &a, vendor, "2025-02-03", lifecycle.ConnectApp{App: "app"})
	return a
}

// appAfter returns a after ev on day on.
func appAfter(t *testing.T, a lifecycle.App, on string, ev engine.Event) lifecycle.App {
	t.Helper()
	step(t, appm, &a, vendor, on, ev)
	return a
}

// A1, A3: only an app vendor registers, signing with the signing right
// itself; each unmet condition is listed.
func TestA1_A3_RegistrationGuards(t *testing.T) {
	cases := []struct {
		kind      lifecycle.Kind
		signatory lifecycle.Signatory
		want      []rules.Rule
	}{
		{lifecycle.AppVendor, lifecycle.TradeRegister, nil},
		{lifecycle.AppVendor, lifecycle.FoundationRegister, nil},
		{lifecycle.AppVendor, lifecycle.AssociationRegister, nil},
		{lifecycle.AppVendor, lifecycle.GoverningBodyMinutes, nil},
		{lifecycle.AppVendor, lifecycle.Authorised, []rules.Rule{rules.A3}},
		{lifecycle.AppVendor, lifecycle.NoSignatory, []rules.Rule{rules.A3}},
		{lifecycle.AppVendor, "", []rules.Rule{rules.A3}},
		{lifecycle.SystemVendor, lifecycle.TradeRegister, []rules.Rule{rules.A1}},
		{lifecycle.PrivateHealthCareProvider, lifecycle.Authorised, []rules.Rule{rules.A1, rules.A3}},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+" "+string(tc.signatory), func(t *testing.T) {
			ev := lifecycle.RegisterApp{App: "app", Signatory: tc.signatory}
			a := lifecycle.App{ID: "app"}
			facts := lifecycle.VendorFacts{Kind: tc.kind}
			if tc.want == nil {
				assert.Equal(t, lifecycle.Registered, step(t, appm, &a, facts, "2025-01-10", ev))
				assert.Equal(t, lifecycle.App{ID: "app", State: lifecycle.Registered, Registered: day("2025-01-10"), Signatory: tc.signatory}, a)
				assert.True(t, a.IsLive())
				return
			}
			r := refuse(t, appm, &a, facts, "2025-01-10", ev)
			assert.Equal(t, tc.want, r.Rules())
			assert.Contains(t, r.Citations(), "OTV 8")
		})
	}
	a := registeredApp(t)
	r := refuse(t, appm, &a, vendor, "2025-01-11", lifecycle.RegisterApp{App: "app", Signatory: lifecycle.TradeRegister})
	assert.Equal(t, []rules.Rule{rules.A1}, r.Rules(), "registered once")
}

// A2: the app is connected only from joint-tested, when it is certified, in
// Valvira's register and its audit certificate is valid that day (the last
// valid day included).
func TestA2_ConnectionPreconditions(t *testing.T) {
	tested := jointTestedApp(t)
	assert.Equal(t, "2025-01-20", tested.JointTested.String())
	cases := []struct {
		name  string
		app   lifecycle.App
		wants []string
	}{
		{"nothing recorded", tested, []string{"certification", "Valvira", "not valid on 2025-02-03"}},
		{"all in order", certify(t, tested, "2025-02-01", true, "2026-01-31"), nil},
		{"the certificate's last valid day", certify(t, tested, "2025-02-01", true, "2025-02-03"), nil},
		{"the certificate expired yesterday", certify(t, tested, "2025-02-01", true, "2025-02-02"), []string{"not valid on 2025-02-03"}},
		{"not in Valvira's register", certify(t, tested, "2025-02-01", false, "2026-01-31"), []string{"Valvira"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.app
			if tc.wants == nil {
				assert.Equal(t, lifecycle.Production, step(t, appm, &a, vendor, "2025-02-03", lifecycle.ConnectApp{App: "app"}))
				assert.Equal(t, "2025-02-03", a.Connected.String())
				return
			}
			r := refuse(t, appm, &a, vendor, "2025-02-03", lifecycle.ConnectApp{App: "app"})
			require.Len(t, r.Blockers, len(tc.wants))
			for i, want := range tc.wants {
				assert.Equal(t, rules.A2, r.Blockers[i].Rule)
				assert.Contains(t, r.Blockers[i].Reason, want)
			}
			assert.Equal(t, []string{"OTV 3.1", "OTV 4.1", "OTV 8"}, r.Citations())
		})
	}
	early := certify(t, registeredApp(t), "2025-02-01", true, "2026-01-31")
	r := refuse(t, appm, &early, vendor, "2025-02-03", lifecycle.ConnectApp{App: "app"})
	assert.Equal(t, []rules.Rule{rules.A2}, r.Rules(), "before joint testing")
	assert.Contains(t, r.Blockers[0].Reason, "only from joint-tested")
}

// A2: the certification is recorded in any live state, changes no state,
// and a new one replaces every fact of the last.
func TestA2_CertificationChangesNoState(t *testing.T) {
	p := productionApp(t, "2026-12-31")
	for _, a := range []lifecycle.App{
		registeredApp(t), jointTestedApp(t), p,
		appAfter(t, p, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "breach"}),
		appAfter(t, p, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-09-01")}),
	} {
		c := certify(t, a, "2025-03-02", false, "2025-12-31")
		assert.Equal(t, a.State, c.State)
		assert.Equal(t, "2025-03-02", c.Certified.String())
		assert.False(t, c.ValviraRegistered)
		assert.Equal(t, "2025-12-31", c.AuditValidUntil.String())
	}
	c := certify(t, registeredApp(t), "2025-02-01", true, "2026-01-31")
	assert.True(t, c.AuditValid(day("2026-01-31")))
	assert.False(t, c.AuditValid(day("2026-02-01")))
	assert.False(t, ptr(registeredApp(t)).AuditValid(day("2025-02-01")), "no certificate, not valid")

	none := lifecycle.App{ID: "app"}
	r := refuse(t, appm, &none, vendor, "2025-02-01", lifecycle.CertifyApp{App: "app", AuditValidUntil: day("2026-01-31")})
	assert.Equal(t, []rules.Rule{rules.A2}, r.Rules(), "not registered")
	removed := appAfter(t, p, "2025-03-01", lifecycle.RemoveApp{App: "app", Reason: lifecycle.NonCompliance})
	r = refuse(t, appm, &removed, vendor, "2025-03-02", lifecycle.CertifyApp{App: "app", AuditValidUntil: day("2026-01-31")})
	assert.Equal(t, []rules.Rule{rules.A2}, r.Rules(), "removed")
}

// A4: Kela suspends a connected app; correction returns it where it was:
// production, or withdrawal-noticed when a withdrawal is pending, or it stays
// suspended when its certificate has expired meanwhile.
func TestA4_SuspensionAndCorrection(t *testing.T) {
	for _, a := range []lifecycle.App{registeredApp(t), jointTestedApp(t)} {
		r := refuse(t, appm, &a, vendor, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "breach"})
		assert.Equal(t, []rules.Rule{rules.A4}, r.Rules(), a.State)
		assert.Equal(t, []string{"OTV 3.1", "OTV 6"}, r.Citations())
	}
	p := productionApp(t, "2025-12-31")
	s := appAfter(t, p, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "breach"})
	assert.Equal(t, lifecycle.Suspended, s.State)
	assert.Equal(t, "breach", s.KelaSuspension)
	assert.True(t, s.IsLive())
	s = appAfter(t, s, "2025-03-02", lifecycle.SuspendApp{App: "app", Reason: "again"})
	assert.Equal(t, "again", s.KelaSuspension, "suspended again while suspended")

	back := appAfter(t, s, "2025-03-10", lifecycle.DemonstrateAppCorrection{App: "app"})
	assert.Equal(t, lifecycle.Production, back.State)
	assert.Empty(t, back.KelaSuspension)

	w := appAfter(t, p, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-09-01")})
	ws := appAfter(t, w, "2025-03-05", lifecycle.SuspendApp{App: "app", Reason: "breach"})
	assert.Equal(t, lifecycle.WithdrawalNoticed, appAfter(t, ws, "2025-03-10", lifecycle.DemonstrateAppCorrection{App: "app"}).State)

	expiring := appAfter(t, productionApp(t, "2025-03-31"), "2025-03-10", lifecycle.SuspendApp{App: "app", Reason: "breach"})
	stays := appAfter(t, expiring, "2025-04-02", lifecycle.DemonstrateAppCorrection{App: "app"})
	assert.Equal(t, lifecycle.Suspended, stays.State, "corrected, but the certificate expired")
	assert.Empty(t, stays.KelaSuspension)

	r := refuse(t, appm, &p, vendor, "2025-03-10", lifecycle.DemonstrateAppCorrection{App: "app"})
	assert.Equal(t, []rules.Rule{rules.A4}, r.Rules(), "nothing to correct in production")
}

// A5: the withdrawal needs one month before the effect, counted backwards
// from its day; a suspended app may receive it and stays suspended; it
// takes effect on its day.
func TestA5_WithdrawalNotice(t *testing.T) {
	p := productionApp(t, "2027-12-31")
	for _, tc := range []struct {
		given, effective string
		ok               bool
	}{
		{"2025-05-30", "2025-06-30", true},
		{"2025-05-31", "2025-06-30", false}, // 30 June − 1 month is 30 May (act 150/1930 §4)
		{"2025-02-28", "2025-03-31", true},
		{"2025-03-01", "2025-03-31", false},
		{"2024-02-29", "2024-03-31", true}, // a leap day
		{"2024-03-01", "2024-03-31", false},
	} {
		t.Run(tc.given+" for "+tc.effective, func(t *testing.T) {
			a := p
			ev := lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day(tc.effective)}
			if tc.ok {
				assert.Equal(t, lifecycle.WithdrawalNoticed, step(t, appm, &a, vendor, tc.given, ev))
				assert.True(t, a.WithdrawalPending())
				assert.Equal(t, &lifecycle.Notice{Given: day(tc.given), Effective: day(tc.effective)}, a.Withdrawal)
				return
			}
			r := refuse(t, appm, &a, vendor, tc.given, ev)
			assert.Equal(t, []rules.Rule{rules.A5}, r.Rules())
			assert.Equal(t, tc.effective, r.Blockers[0].Input)
			assert.Equal(t, []string{"OTV 4.5"}, r.Citations())
		})
	}
	r := refuse(t, appm, &p, vendor, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app"})
	assert.Equal(t, []engine.Blocker{{Rule: rules.A5, Reason: "a withdrawal names the day it takes effect"}}, r.Blockers)

	s := appAfter(t, p, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "breach"})
	sw := appAfter(t, s, "2025-03-02", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-05-01")})
	assert.Equal(t, lifecycle.Suspended, sw.State, "a suspended app receiving notice stays suspended")
	assert.True(t, sw.WithdrawalPending())
	r = refuse(t, appm, &sw, vendor, "2025-03-03", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-06-01")})
	assert.Equal(t, []rules.Rule{rules.A5}, r.Rules(), "one withdrawal at a time")

	r = refuse(t, appm, &sw, vendor, "2025-04-30", lifecycle.NoticeElapsed{})
	assert.Equal(t, []rules.Rule{rules.A5}, r.Rules(), "not before its day")
	gone := appAfter(t, sw, "2025-05-01", lifecycle.NoticeElapsed{})
	assert.Equal(t, lifecycle.Withdrawn, gone.State)
	assert.Equal(t, "2025-05-01", gone.Ended.String())
	assert.False(t, gone.IsLive())
	assert.False(t, gone.WithdrawalPending())
	late := appAfter(t, sw, "2025-06-15", lifecycle.NoticeElapsed{})
	assert.Equal(t, "2025-05-01", late.Ended.String(), "withdrawn on its day, however late time is let pass")

	for _, from := range []lifecycle.App{registeredApp(t), jointTestedApp(t)} {
		r := refuse(t, appm, &from, vendor, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-06-01")})
		assert.Equal(t, []rules.Rule{rules.A5}, r.Rules(), "not on the market: %s", from.State)
	}
}

// A6: an app whose audit certificate has expired is suspended from the day
// after its last valid day; a renewal valid after today returns it (to
// withdrawal-noticed when a withdrawal is pending), never past Kela's own
// suspension; correction does not end an expiry suspension.
func TestA6_AuditCertificateExpiryAndRenewal(t *testing.T) {
	p := productionApp(t, "2025-06-30")
	r := refuse(t, appm, &p, vendor, "2025-06-30", lifecycle.AuditCertificateExpired{})
	assert.Equal(t, []rules.Rule{rules.A6}, r.Rules(), "still valid on its last day")
	s := appAfter(t, p, "2025-07-01", lifecycle.AuditCertificateExpired{})
	assert.Equal(t, lifecycle.Suspended, s.State)
	assert.Empty(t, s.KelaSuspension)

	r = refuse(t, appm, &s, vendor, "2025-07-05", lifecycle.DemonstrateAppCorrection{App: "app"})
	assert.Equal(t, []rules.Rule{rules.A6}, r.Rules(), "correction does not end an expiry suspension")
	assert.Equal(t, []string{"OTV 4.1", "OTV 8", "design"}, r.Citations())

	for _, until := range []string{"2025-06-30", "2025-07-05"} {
		r = refuse(t, appm, &s, vendor, "2025-07-05", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day(until)})
		assert.Equal(t, []engine.Blocker{{Rule: rules.A6, Reason: "a renewed audit certificate must be valid after 2025-07-05", Input: until}}, r.Blockers,
			"the renewed certificate must be valid after today")
	}
	back := appAfter(t, s, "2025-07-05", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day("2025-07-06")})
	assert.Equal(t, lifecycle.Production, back.State)
	assert.Equal(t, "2025-07-06", back.AuditValidUntil.String())

	kela := appAfter(t, s, "2025-07-02", lifecycle.SuspendApp{App: "app", Reason: "breach"})
	renewed := appAfter(t, kela, "2025-07-05", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day("2026-06-30")})
	assert.Equal(t, lifecycle.Suspended, renewed.State, "renewal does not end Kela's suspension")
	assert.Equal(t, lifecycle.Production, appAfter(t, renewed, "2025-07-06", lifecycle.DemonstrateAppCorrection{App: "app"}).State)

	w := appAfter(t, productionApp(t, "2025-06-30"), "2025-06-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-09-01")})
	ws := appAfter(t, w, "2025-07-01", lifecycle.AuditCertificateExpired{})
	assert.Equal(t, lifecycle.Suspended, ws.State, "a certificate expires under notice too")
	assert.Equal(t, lifecycle.WithdrawalNoticed, appAfter(t, ws, "2025-07-02", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day("2026-06-30")}).State)

	for _, a := range []lifecycle.App{registeredApp(t), jointTestedApp(t), productionApp(t, "2025-12-31"), w} {
		n := appAfter(t, a, "2025-07-02", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day("2026-06-30")})
		assert.Equal(t, a.State, n.State, "renewal changes no other state")
		assert.Equal(t, "2026-06-30", n.AuditValidUntil.String())
		r := refuse(t, appm, &a, vendor, "2025-07-02", lifecycle.RenewAuditCertificate{App: "app", ValidUntil: day("2025-07-02")})
		assert.Equal(t, []rules.Rule{rules.A6}, r.Rules(), "valid after today, in %s too", a.State)
	}
}

// A6, A5: Due names the next day on which time alone changes the app: the
// day after the certificate's last valid day for an app in production or
// under notice, or a pending withdrawal's effective day, whichever comes
// first.
func TestA6_A5_TheAppsDueDay(t *testing.T) {
	p := productionApp(t, "2025-06-30")
	w := appAfter(t, p, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-05-01")})
	wLate := appAfter(t, p, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-09-01")})
	s := appAfter(t, p, "2025-07-01", lifecycle.AuditCertificateExpired{})
	sw := appAfter(t, appAfter(t, p, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "x"}), "2025-03-02",
		lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-05-01")})
	removed := appAfter(t, wLate, "2025-04-01", lifecycle.RemoveApp{App: "app", Reason: lifecycle.NonCompliance})
	cases := []struct {
		name string
		app  lifecycle.App
		day  string
		ev   engine.Event
	}{
		{"production: the day after the last valid day", p, "2025-07-01", lifecycle.AuditCertificateExpired{}},
		{"withdrawal before expiry", w, "2025-05-01", lifecycle.NoticeElapsed{}},
		{"expiry before withdrawal", wLate, "2025-07-01", lifecycle.AuditCertificateExpired{}},
		{"suspended for expiry: nothing until renewed", s, "", nil},
		{"suspended with a withdrawal pending", sw, "2025-05-01", lifecycle.NoticeElapsed{}},
		{"registered", registeredApp(t), "", nil},
		{"joint-tested with a certificate", certify(t, jointTestedApp(t), "2025-02-01", true, "2025-03-01"), "", nil},
		{"removed", removed, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			d, ev, ok := appm.Due(&tc.app)
			if tc.ev == nil {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.day, d.String())
			assert.Equal(t, tc.ev, ev)
			assert.True(t, appm.Timed(ev.EventID()))
			n := appAfter(t, tc.app, tc.day, ev)
			assert.NotEqual(t, tc.app.State, n.State, "the due event changes the app")
		})
	}
}

// A7: Kela removes the app from every live state, for either reason of
// OTV 8; a withdrawn or removed app is final.
func TestA7_RemovalFromEveryLiveState(t *testing.T) {
	p := productionApp(t, "2026-12-31")
	live := []lifecycle.App{
		registeredApp(t),
		jointTestedApp(t),
		p,
		appAfter(t, p, "2025-03-01", lifecycle.SuspendApp{App: "app", Reason: "x"}),
		appAfter(t, p, "2025-03-01", lifecycle.GiveAppWithdrawalNotice{App: "app", Effective: day("2025-09-01")}),
	}
	for _, a := range live {
		for _, reason := range lifecycle.RemovalReasons() {
			t.Run(string(a.State)+" "+string(reason), func(t *testing.T) {
				r := appAfter(t, a, "2025-04-01", lifecycle.RemoveApp{App: "app", Reason: reason})
				assert.Equal(t, lifecycle.Removed, r.State)
				assert.Equal(t, reason, r.Removal)
				assert.Equal(t, "2025-04-01", r.Ended.String())
				assert.False(t, r.IsLive())
				_, _, due := appm.Due(&r)
				assert.False(t, due)
				refusal := refuse(t, appm, &r, vendor, "2025-04-02", lifecycle.RemoveApp{App: "app", Reason: reason})
				assert.Equal(t, []rules.Rule{rules.A7}, refusal.Rules())
				assert.Equal(t, []string{"OTV 8"}, refusal.Citations())
			})
		}
	}
	gone := appAfter(t, live[4], "2025-09-01", lifecycle.NoticeElapsed{})
	r := refuse(t, appm, &gone, vendor, "2025-09-02", lifecycle.RemoveApp{App: "app", Reason: lifecycle.OperationsEnded})
	assert.Equal(t, []rules.Rule{rules.A7}, r.Rules())

	for _, s := range []string{"operations-ended", "non-compliance"} {
		r, err := lifecycle.ParseRemovalReason(s)
		require.NoError(t, err)
		assert.Equal(t, lifecycle.RemovalReason(s), r)
	}
	_, err := lifecycle.ParseRemovalReason("bankrupt")
	var u *engine.UnknownError
	assert.ErrorAs(t, err, &u)
}

// Every transition of the app machine cites a rule of the app's terms;
// withdrawn and removed are final and no step leaves them.
func TestAppMachine_CitesItsRules(t *testing.T) {
	d := appm.Describe()
	assert.Equal(t, "app", d.Name)
	final := map[engine.State]bool{}
	var states []engine.State
	for _, s := range d.States {
		states = append(states, s.ID)
		final[s.ID] = s.Final
	}
	assert.Equal(t, []engine.State{lifecycle.Registered, lifecycle.JointTested, lifecycle.Production, lifecycle.Suspended,
		lifecycle.WithdrawalNoticed, lifecycle.Withdrawn, lifecycle.Removed}, states)
	assert.True(t, final[lifecycle.Withdrawn])
	assert.True(t, final[lifecycle.Removed])
	assert.Equal(t, engine.StateSet{lifecycle.Registered, lifecycle.JointTested, lifecycle.Production, lifecycle.Suspended, lifecycle.WithdrawalNoticed},
		appm.Members(lifecycle.Live))
	appRules := rules.In(rules.App)
	for _, tr := range d.Transitions {
		assert.Contains(t, appRules, tr.Rule, tr.Event)
		for _, f := range tr.From {
			assert.False(t, final[f], "%s leaves final state %s", tr.Event, f)
		}
	}
}
