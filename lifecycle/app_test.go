package lifecycle

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
)

// The app machine (SPEC §7) on its own: guards, branches, Apply and the days
// on which time alone changes an app (NextDue).

// jxFireApp fires ev on app a of an app vendor on day on, requires it to be
// accepted and returns the app after it.
func jxFireApp(t *testing.T, a App, on string, ev Event) App {
	t.Helper()
	to, err := AppMachine().Fire(context.Background(), a.State, AppContext{On: jxDay(on), Event: ev, Kind: AppVendor, App: a})
	require.NoError(t, err, "%s from %s on %s", ev.EventID(), a.State, on)
	return a.Apply(jxDay(on), ev, to)
}

// jxTryApp fires ev for a vendor of kind and returns its refusal, which must
// be one.
func jxTryApp(t *testing.T, kind Kind, a App, on string, ev Event) *Refusal {
	t.Helper()
	to, err := AppMachine().Fire(context.Background(), a.State, AppContext{On: jxDay(on), Event: ev, Kind: kind, App: a})
	require.Error(t, err, "%s from %s on %s", ev.EventID(), a.State, on)
	var r *Refusal
	require.True(t, errors.As(err, &r), "%T: %v", err, err)
	assert.Equal(t, a.State, to)
	return r
}

// jxRegistered is an app registered on 2025-01-10.
func jxRegistered(t *testing.T) App {
	t.Helper()
	return jxFireApp(t, App{ID: "app"}, "2025-01-10", RegisterApp{Signatory: TradeRegister})
}

// jxProduction is an app connected on 2025-02-03 with an audit certificate
// valid until auditUntil.
func jxProduction(t *testing.T, auditUntil string) App {
	t.Helper()
	a := jxFireApp(t, jxRegistered(t), "2025-01-20", PassAppJointTesting{})
	a = a.WithCertification(jxDay("2025-02-01"), true, jxDay(auditUntil))
	return jxFireApp(t, a, "2025-02-03", ConnectApp{})
}

// A1, A3: only an app vendor registers, signing with the signing right
// itself; each unmet condition is listed.
func TestOTV8_A1_A3_RegistrationGuards(t *testing.T) {
	cases := []struct {
		kind      Kind
		signatory Signatory
		want      []Rule
	}{
		{AppVendor, TradeRegister, nil},
		{AppVendor, FoundationRegister, nil},
		{AppVendor, AssociationRegister, nil},
		{AppVendor, GoverningBodyMinutes, nil},
		{AppVendor, Authorised, []Rule{A3}},
		{AppVendor, NoSignatory, []Rule{A3}},
		{AppVendor, "", []Rule{A3}},
		{SystemVendor, TradeRegister, []Rule{A1}},
		{PrivateHealthCareProvider, Authorised, []Rule{A1, A3}},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+" "+string(tc.signatory), func(t *testing.T) {
			ev := RegisterApp{Signatory: tc.signatory}
			if tc.want == nil {
				to, err := AppMachine().Fire(context.Background(), None, AppContext{On: jxDay("2025-01-10"), Event: ev, Kind: tc.kind, App: App{ID: "app"}})
				require.NoError(t, err)
				a := App{ID: "app"}.Apply(jxDay("2025-01-10"), ev, to)
				assert.Equal(t, Registered, a.State)
				assert.Equal(t, tc.signatory, a.Signatory)
				assert.Equal(t, "2025-01-10", a.Registered.String())
				assert.True(t, a.Live())
				return
			}
			r := jxTryApp(t, tc.kind, App{ID: "app"}, "2025-01-10", ev)
			assert.Equal(t, tc.want, r.Rules())
			for _, rule := range tc.want {
				assert.ErrorIs(t, r, rule)
			}
			assert.Contains(t, r.Citations(), "OTV 8")
		})
	}
	r := jxTryApp(t, AppVendor, jxRegistered(t), "2025-01-11", RegisterApp{Signatory: TradeRegister})
	assert.Equal(t, []Rule{A1}, r.Rules(), "registered once")
}

// A2: the app is connected only from joint-tested, when it is certified, in
// Valvira's register and its audit certificate is valid that day (the last
// valid day included).
func TestOTV8_A2_ConnectionPreconditions(t *testing.T) {
	tested := jxFireApp(t, jxRegistered(t), "2025-01-20", PassAppJointTesting{})
	assert.Equal(t, "2025-01-20", tested.JointTested.String())
	cases := []struct {
		name  string
		app   App
		on    string
		wants []string
	}{
		{"nothing recorded", tested, "2025-02-03", []string{"certification", "Valvira", "not valid on 2025-02-03"}},
		{"all in order", tested.WithCertification(jxDay("2025-02-01"), true, jxDay("2026-01-31")), "2025-02-03", nil},
		{"certificate's last valid day", tested.WithCertification(jxDay("2025-02-01"), true, jxDay("2025-02-03")), "2025-02-03", nil},
		{"certificate expired yesterday", tested.WithCertification(jxDay("2025-02-01"), true, jxDay("2025-02-02")), "2025-02-03", []string{"not valid on 2025-02-03"}},
		{"not in Valvira's register", tested.WithCertification(jxDay("2025-02-01"), false, jxDay("2026-01-31")), "2025-02-03", []string{"Valvira"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.wants == nil {
				a := jxFireApp(t, tc.app, tc.on, ConnectApp{})
				assert.Equal(t, Production, a.State)
				assert.Equal(t, tc.on, a.Connected.String())
				return
			}
			r := jxTryApp(t, AppVendor, tc.app, tc.on, ConnectApp{})
			require.Len(t, r.Blockers, len(tc.wants))
			for i, want := range tc.wants {
				assert.Equal(t, A2, r.Blockers[i].Rule)
				assert.Contains(t, r.Blockers[i].Reason, want)
			}
			assert.Equal(t, []string{"OTV 3.1", "OTV 4.1", "OTV 8"}, r.Citations())
		})
	}
	r := jxTryApp(t, AppVendor, jxRegistered(t).WithCertification(jxDay("2025-02-01"), true, jxDay("2026-01-31")), "2025-02-03", ConnectApp{})
	assert.Equal(t, []Rule{A2}, r.Rules(), "before joint testing")
	assert.Contains(t, r.Blockers[0].Reason, "only from joint-tested")
}

// A2: certification facts change no state and are all replaced together.
func TestOTV8_A2_CertificationChangesNoState(t *testing.T) {
	a := jxRegistered(t)
	c := a.WithCertification(jxDay("2025-02-01"), true, jxDay("2026-01-31"))
	assert.Equal(t, Registered, c.State)
	assert.Equal(t, "2025-02-01", c.Certified.String())
	assert.True(t, c.ValviraRegistered)
	assert.True(t, c.AuditValid(jxDay("2026-01-31")))
	assert.False(t, c.AuditValid(jxDay("2026-02-01")))
	assert.False(t, a.AuditValid(jxDay("2025-02-01")), "no certificate, not valid")
	c = c.WithCertification(jxDay("2025-03-01"), false, jxDay("2025-12-31"))
	assert.False(t, c.ValviraRegistered)
	assert.Equal(t, "2025-12-31", c.AuditValidUntil.String())
}

// A4: Kela suspends a connected app; correction returns it where it was:
// production, or withdrawal-noticed when a withdrawal is pending, or it stays
// suspended when its certificate has expired meanwhile.
func TestOTV31_A4_SuspensionAndCorrection(t *testing.T) {
	for _, from := range []State{Registered, JointTested} {
		a := App{ID: "app", State: from}
		r := jxTryApp(t, AppVendor, a, "2025-03-01", SuspendApp{Reason: "breach"})
		assert.Equal(t, []Rule{A4}, r.Rules(), from)
		assert.Equal(t, []string{"OTV 3.1", "OTV 6"}, r.Citations())
	}
	p := jxProduction(t, "2025-12-31")
	s := jxFireApp(t, p, "2025-03-01", SuspendApp{Reason: "breach"})
	assert.Equal(t, Suspended, s.State)
	assert.Equal(t, "breach", s.KelaSuspension)
	s = jxFireApp(t, s, "2025-03-02", SuspendApp{Reason: "again"})
	assert.Equal(t, "again", s.KelaSuspension, "suspended again while suspended")

	back := jxFireApp(t, s, "2025-03-10", DemonstrateAppCorrection{})
	assert.Equal(t, Production, back.State)
	assert.Empty(t, back.KelaSuspension)

	w := jxFireApp(t, p, "2025-03-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-09-01")})
	ws := jxFireApp(t, w, "2025-03-05", SuspendApp{Reason: "breach"})
	assert.Equal(t, WithdrawalNoticed, jxFireApp(t, ws, "2025-03-10", DemonstrateAppCorrection{}).State)

	expiring := jxFireApp(t, jxProduction(t, "2025-03-31"), "2025-03-10", SuspendApp{Reason: "breach"})
	stays := jxFireApp(t, expiring, "2025-04-02", DemonstrateAppCorrection{})
	assert.Equal(t, Suspended, stays.State, "corrected, but the certificate expired")
	assert.Empty(t, stays.KelaSuspension)

	r := jxTryApp(t, AppVendor, p, "2025-03-10", DemonstrateAppCorrection{})
	assert.Equal(t, []Rule{A4}, r.Rules(), "nothing to correct in production")
}

// A5: the withdrawal needs one month before the effect; a suspended app may
// receive it and stays suspended; it takes effect on its day.
func TestOTV45_A5_WithdrawalNotice(t *testing.T) {
	p := jxProduction(t, "2027-12-31")
	for _, tc := range []struct {
		given, effective string
		ok               bool
	}{
		{"2025-05-30", "2025-06-30", true},
		{"2025-05-31", "2025-06-30", false}, // 30 June − 1 month is 30 May (act 150/1930 §4)
		{"2025-02-28", "2025-03-31", true},
		{"2025-03-01", "2025-03-31", false},
	} {
		ev := GiveAppWithdrawalNotice{Effective: jxDay(tc.effective)}
		if tc.ok {
			w := jxFireApp(t, p, tc.given, ev)
			assert.Equal(t, WithdrawalNoticed, w.State)
			assert.True(t, w.WithdrawalPending())
			continue
		}
		r := jxTryApp(t, AppVendor, p, tc.given, ev)
		assert.Equal(t, []Rule{A5}, r.Rules(), "%s for %s", tc.given, tc.effective)
		assert.Equal(t, tc.effective, r.Blockers[0].Input)
		assert.Equal(t, []string{"OTV 4.5"}, r.Citations())
	}
	r := jxTryApp(t, AppVendor, p, "2025-03-01", GiveAppWithdrawalNotice{})
	assert.Equal(t, []Rule{A5}, r.Rules(), "without its day")

	s := jxFireApp(t, p, "2025-03-01", SuspendApp{Reason: "breach"})
	sw := jxFireApp(t, s, "2025-03-02", GiveAppWithdrawalNotice{Effective: jxDay("2025-05-01")})
	assert.Equal(t, Suspended, sw.State, "a suspended app receiving notice stays suspended")
	assert.True(t, sw.WithdrawalPending())
	r = jxTryApp(t, AppVendor, sw, "2025-03-03", GiveAppWithdrawalNotice{Effective: jxDay("2025-06-01")})
	assert.Equal(t, []Rule{A5}, r.Rules(), "one withdrawal at a time")

	r = jxTryApp(t, AppVendor, sw, "2025-04-30", NoticeElapsed{})
	assert.Equal(t, []Rule{A5}, r.Rules(), "not before its day")
	gone := jxFireApp(t, sw, "2025-05-01", NoticeElapsed{})
	assert.Equal(t, Withdrawn, gone.State)
	assert.Equal(t, "2025-05-01", gone.Ended.String())
	assert.False(t, gone.Live())
	assert.False(t, gone.WithdrawalPending())

	for _, from := range []App{jxRegistered(t), {ID: "app", State: JointTested}} {
		r := jxTryApp(t, AppVendor, from, "2025-03-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-06-01")})
		assert.Equal(t, []Rule{A5}, r.Rules(), "not on the market: %s", from.State)
	}
}

// A6: an app whose audit certificate has expired is suspended from the day
// after its last valid day; renewal with a later day returns it (to
// withdrawal-noticed when a withdrawal is pending), never past Kela's own
// suspension; correction does not end an expiry suspension.
func TestOTV8_A6_AuditCertificateExpiryAndRenewal(t *testing.T) {
	p := jxProduction(t, "2025-06-30")
	r := jxTryApp(t, AppVendor, p, "2025-06-30", AuditCertificateExpired{})
	assert.Equal(t, []Rule{A6}, r.Rules(), "still valid on its last day")
	s := jxFireApp(t, p, "2025-07-01", AuditCertificateExpired{})
	assert.Equal(t, Suspended, s.State)
	assert.Empty(t, s.KelaSuspension)

	r = jxTryApp(t, AppVendor, s, "2025-07-05", DemonstrateAppCorrection{})
	assert.Equal(t, []Rule{A6}, r.Rules())
	assert.Equal(t, []string{"OTV 4.1", "OTV 8", "design"}, r.Citations())

	for _, until := range []string{"2025-06-30", "2025-07-05"} {
		r = jxTryApp(t, AppVendor, s, "2025-07-05", RenewAuditCertificate{ValidUntil: jxDay(until)})
		assert.Equal(t, []Rule{A6}, r.Rules(), until)
		assert.Equal(t, until, r.Blockers[0].Input)
	}
	back := jxFireApp(t, s, "2025-07-05", RenewAuditCertificate{ValidUntil: jxDay("2025-07-06")})
	assert.Equal(t, Production, back.State)
	assert.Equal(t, "2025-07-06", back.AuditValidUntil.String())

	kela := jxFireApp(t, s, "2025-07-02", SuspendApp{Reason: "breach"})
	renewed := jxFireApp(t, kela, "2025-07-05", RenewAuditCertificate{ValidUntil: jxDay("2026-06-30")})
	assert.Equal(t, Suspended, renewed.State, "renewal does not end Kela's suspension")
	assert.Equal(t, Production, jxFireApp(t, renewed, "2025-07-06", DemonstrateAppCorrection{}).State)

	w := jxFireApp(t, jxProduction(t, "2025-06-30"), "2025-06-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-09-01")})
	ws := jxFireApp(t, w, "2025-07-01", AuditCertificateExpired{})
	assert.Equal(t, Suspended, ws.State)
	assert.Equal(t, WithdrawalNoticed, jxFireApp(t, ws, "2025-07-02", RenewAuditCertificate{ValidUntil: jxDay("2026-06-30")}).State)

	for _, a := range []App{jxRegistered(t), jxFireApp(t, jxRegistered(t), "2025-01-20", PassAppJointTesting{}), jxProduction(t, "2025-12-31"), w} {
		n := jxFireApp(t, a, "2025-07-02", RenewAuditCertificate{ValidUntil: jxDay("2026-06-30")})
		assert.Equal(t, a.State, n.State, "renewal changes no other state")
		assert.Equal(t, "2026-06-30", n.AuditValidUntil.String())
	}
}

// A6, A5: NextDue names the next day on which time alone changes the app:
// the day after the certificate's last valid day for a connected app, or a
// pending withdrawal's effective day, whichever comes first.
func TestOTV8_A6_NextDue(t *testing.T) {
	p := jxProduction(t, "2025-06-30")
	w := jxFireApp(t, p, "2025-03-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-05-01")})
	wLate := jxFireApp(t, p, "2025-03-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-09-01")})
	s := jxFireApp(t, p, "2025-07-01", AuditCertificateExpired{})
	sw := jxFireApp(t, jxFireApp(t, p, "2025-03-01", SuspendApp{Reason: "x"}), "2025-03-02", GiveAppWithdrawalNotice{Effective: jxDay("2025-05-01")})
	removed := jxFireApp(t, wLate, "2025-04-01", RemoveApp{Reason: NonCompliance})
	cases := []struct {
		name string
		app  App
		day  string
		ev   Event
	}{
		{"production: the day after the last valid day", p, "2025-07-01", AuditCertificateExpired{}},
		{"withdrawal before expiry", w, "2025-05-01", NoticeElapsed{}},
		{"expiry before withdrawal", wLate, "2025-07-01", AuditCertificateExpired{}},
		{"suspended for expiry: nothing until renewed", s, "", nil},
		{"suspended with a withdrawal pending", sw, "2025-05-01", NoticeElapsed{}},
		{"registered", jxRegistered(t), "", nil},
		{"removed", removed, "", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			day, ev, ok := tc.app.NextDue()
			if tc.ev == nil {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.day, day.String())
			assert.Equal(t, tc.ev, ev)
			n := jxFireApp(t, tc.app, tc.day, ev)
			assert.NotEqual(t, tc.app.State, n.State, "the due event changes the app")
		})
	}
}

// A7: Kela removes the app from every live state, for either reason of
// OTV 8; a withdrawn or removed app is final.
func TestOTV8_A7_RemovalFromEveryLiveState(t *testing.T) {
	p := jxProduction(t, "2026-12-31")
	live := []App{
		jxRegistered(t),
		jxFireApp(t, jxRegistered(t), "2025-01-20", PassAppJointTesting{}),
		p,
		jxFireApp(t, p, "2025-03-01", SuspendApp{Reason: "x"}),
		jxFireApp(t, p, "2025-03-01", GiveAppWithdrawalNotice{Effective: jxDay("2025-09-01")}),
	}
	for _, a := range live {
		for _, reason := range RemovalReasons() {
			t.Run(string(a.State)+" "+string(reason), func(t *testing.T) {
				r := jxFireApp(t, a, "2025-04-01", RemoveApp{Reason: reason})
				assert.Equal(t, Removed, r.State)
				assert.Equal(t, reason, r.Removal)
				assert.Equal(t, "2025-04-01", r.Ended.String())
				assert.False(t, r.Live())
				_, _, due := r.NextDue()
				assert.False(t, due)
				refusal := jxTryApp(t, AppVendor, r, "2025-04-02", RemoveApp{Reason: reason})
				assert.Equal(t, []Rule{A7}, refusal.Rules())
				assert.Equal(t, []string{"OTV 8"}, refusal.Citations())
			})
		}
	}
	gone := jxFireApp(t, live[4], "2025-09-01", NoticeElapsed{})
	assert.Equal(t, []Rule{A7}, jxTryApp(t, AppVendor, gone, "2025-09-02", RemoveApp{Reason: OperationsEnded}).Rules())

	for _, s := range []string{"operations-ended", "non-compliance"} {
		r, err := ParseRemovalReason(s)
		require.NoError(t, err)
		assert.Equal(t, RemovalReason(s), r)
	}
	_, err := ParseRemovalReason("bankrupt")
	assert.Error(t, err)
}

// Every transition of the app machine cites a rule of SPEC §7, and every
// state of §7 is declared; withdrawn and removed are final.
func TestSPEC7_AppMachineCitesItsRules(t *testing.T) {
	d := AppMachine().Describe()
	assert.Equal(t, "app", d.Name)
	final := map[State]bool{}
	var states []State
	for _, s := range d.States {
		states = append(states, s.ID)
		final[s.ID] = s.Final
	}
	assert.Equal(t, []State{Registered, JointTested, Production, Suspended, WithdrawalNoticed, Withdrawn, Removed}, states)
	assert.True(t, final[Withdrawn])
	assert.True(t, final[Removed])
	for _, tr := range d.Transitions {
		assert.Contains(t, []Rule{A1, A2, A3, A4, A5, A6, A6b, A7, A8}, tr.Rule, tr.Event)
		for _, f := range tr.From {
			assert.False(t, final[f], "%s leaves final state %s", tr.Event, f)
		}
	}
	assert.Equal(t, notice.Months(1), appWithdrawal().Period)
	assert.Equal(t, notice.BeforeEffect, appWithdrawal().Direction)
}
