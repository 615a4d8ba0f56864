package lifecycle_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Model-based tests: the covering paths of each machine's description take
// every (from, event, to) edge, and a driver per machine supplies the
// events, facts and days that make each edge happen. Every edge is then
// driven through Decide and Apply, from a zero subject, and the edges the
// machine did not take as drawn are reported.

// move is one step a driver asks for: an event, the facts it is decided
// under and its day (zero: the walk's day).
type move[F any] struct {
	ev    engine.Event
	facts F
	on    notice.Date
}

// driver returns the moves that take edge e from the subject s on day on:
// the setup the edge needs, made by the machine's own events (a pending
// termination, a part of the organisation not yet approved), then the
// edge's own event last.
type driver[S, F any] func(t *testing.T, e engine.Edge, s *S, on notice.Date) []move[F]

// walk drives every path through m with drive and returns the edges taken
// as drawn: each edge's own move must leave e.From and reach e.To.
func walk[S, F any](t *testing.T, m *engine.Machine[S, F], paths []engine.Path, drive driver[S, F]) []engine.Edge {
	t.Helper()
	var taken []engine.Edge
	for _, p := range paths {
		var s S
		on := day("2025-01-02")
	path:
		for _, e := range p {
			if got := m.State(&s); got != e.From {
				t.Errorf("%s: at %s, not %s, before %s", p, got.Name(), e.From.Name(), e)
				break
			}
			moves := drive(t, e, &s, on)
			for i, mv := range moves {
				d := on
				if mv.on.After(on) {
					d = mv.on
				}
				from := m.State(&s)
				to, err := m.Decide(d, &s, mv.facts, mv.ev)
				if err != nil {
					t.Errorf("%s: %s from %s on %s: %v", p, mv.ev.EventID(), from.Name(), d, err)
					break path
				}
				m.Apply(&s, d, mv.ev, to)
				on = d.AddDays(1)
				if i < len(moves)-1 {
					continue
				}
				edge := engine.Edge{From: from, Event: mv.ev.EventID(), To: to}
				if edge.From != e.From || edge.Event != e.Event || edge.To != e.To {
					t.Errorf("%s: took %s for %s", p, edge, e)
					break path
				}
				taken = append(taken, edge)
			}
		}
	}
	return taken
}

// assertEveryEdgeTaken reports the edges of d that taken misses.
func assertEveryEdgeTaken(t *testing.T, d engine.Description, taken []engine.Edge) {
	t.Helper()
	var missed []string
	for _, e := range d.Missed(taken) {
		missed = append(missed, e.String())
	}
	assert.Empty(t, missed, "%s: edges no path drove through Decide and Apply", d.Name)
	assert.Empty(t, d.MissedTransitions(taken), "%s: transitions never taken", d.Name)
}

func one[F any](ev engine.Event, facts F) []move[F] { return []move[F]{{ev: ev, facts: facts}} }

// serviceDriver drives the service machine for a private health care
// provider, on prescription under plain terms. Each request for a part of
// the organisation names a new one.
func serviceDriver() driver[lifecycle.ServiceUse, lifecycle.CustomerFacts] {
	p, f, units := lifecycle.Prescription, healthCare, 0
	newUnit := func(on notice.Date) (string, move[lifecycle.CustomerFacts]) {
		units++
		name := fmt.Sprintf("unit-%d", units)
		return name, move[lifecycle.CustomerFacts]{ev: lifecycle.RequestService{Service: p, Signatory: lifecycle.TradeRegister, Accepts: unitDocs, OrgUnit: name}, facts: f}
	}
	termination := func(on notice.Date) lifecycle.GiveTerminationNotice {
		return lifecycle.GiveTerminationNotice{Service: p, Effective: on.AddDays(90), Reason: lifecycle.OtherChange}
	}
	return func(t *testing.T, e engine.Edge, u *lifecycle.ServiceUse, on notice.Date) []move[lifecycle.CustomerFacts] {
		stay := e.From == e.To
		switch e.Event {
		case "request-service":
			if stay {
				_, m := newUnit(on)
				return []move[lifecycle.CustomerFacts]{m}
			}
			return one(engine.Event(firstRequest(plainTerms())), f)
		case "pass-joint-testing", "pass-activation-test", "approve-service":
			var ev func(unit string) engine.Event
			switch e.Event {
			case "pass-joint-testing":
				ev = func(unit string) engine.Event { return lifecycle.PassJointTesting{Service: p, OrgUnit: unit} }
			case "pass-activation-test":
				ev = func(unit string) engine.Event { return lifecycle.PassActivationTest{Service: p, OrgUnit: unit} }
			default:
				ev = func(unit string) engine.Event { return lifecycle.ApproveService{Service: p, OrgUnit: unit} }
			}
			if stay { // a part of the organisation of a service in use
				unit, m := newUnit(on)
				return []move[lifecycle.CustomerFacts]{m, {ev: ev(unit), facts: f}}
			}
			return one(ev(""), f)
		case "withdraw-application":
			return one(engine.Event(lifecycle.WithdrawApplication{Service: p}), f)
		case "application-lapsed":
			return one(engine.Event(lifecycle.ApplicationLapsed{}), f)
		case "suspend-service":
			return one(engine.Event(lifecycle.SuspendService{Service: p, Reason: lifecycle.Endangers}), f)
		case "demonstrate-correction":
			_, pending := u.PendingTermination()
			if e.To == lifecycle.NoticeGiven && !pending {
				return []move[lifecycle.CustomerFacts]{{ev: termination(on), facts: f}, {ev: lifecycle.DemonstrateCorrection{Service: p}, facts: f}}
			}
			return one(engine.Event(lifecycle.DemonstrateCorrection{Service: p}), f)
		case "give-termination-notice":
			return one(engine.Event(termination(on)), f)
		case "terminate-by-authority":
			if e.To == lifecycle.Terminated {
				return one(engine.Event(lifecycle.TerminateByAuthority{Service: p}), f)
			}
			return one(engine.Event(lifecycle.TerminateByAuthority{Service: p, Effective: on.AddDays(60)}), f)
		case "notice-elapsed":
			if t, pending := u.PendingTermination(); pending {
				return []move[lifecycle.CustomerFacts]{{ev: lifecycle.NoticeElapsed{}, facts: f, on: t.Effective}}
			}
			n := termination(on)
			return []move[lifecycle.CustomerFacts]{{ev: n, facts: f}, {ev: lifecycle.NoticeElapsed{}, facts: f, on: n.Effective}}
		}
		t.Fatalf("the service driver has no move for %s", e)
		return nil
	}
}

// customershipDriver gives each derived step the summary of services that
// makes it, and checks that Derive finds the same step.
func customershipDriver() driver[lifecycle.Customership, lifecycle.ServiceSummary] {
	summaries := map[engine.EventID]lifecycle.ServiceSummary{
		"commitment-signed":         {Applying: 1},
		"first-service-approved":    {InUse: 1},
		"applications-withdrawn":    {},
		"all-services-under-notice": {InUse: 1, Pending: 1},
		"service-taken-into-use":    {InUse: 2, Pending: 1},
		"last-service-ended":        {},
	}
	return func(t *testing.T, e engine.Edge, c *lifecycle.Customership, on notice.Date) []move[lifecycle.ServiceSummary] {
		s, ok := summaries[e.Event]
		require.True(t, ok, "the customership driver has no summary for %s", e)
		ev, to, ok := lifecycle.CustomershipMachine().Derive(on, c, s)
		require.True(t, ok, "Derive finds %s", e)
		assert.Equal(t, e.Event, ev.EventID(), "Derive finds %s", e)
		assert.Equal(t, e.To, to)
		return one(ev, s)
	}
}

// agreementDriver drives an agreement on prescription between parties that
// may sign it.
func agreementDriver() driver[lifecycle.JointAgreement, lifecycle.AgreementFacts] {
	f := partiesFacts()
	return func(t *testing.T, e engine.Edge, a *lifecycle.JointAgreement, on notice.Date) []move[lifecycle.AgreementFacts] {
		switch e.Event {
		case "sign-joint-agreement":
			return one(engine.Event(signAct(notice.Period{}, lifecycle.Prescription)), f)
		case "give-joint-agreement-notice":
			return one(engine.Event(lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: "tenant", Effective: a.Termination.EarliestEffective(on)}), f)
		case "notice-elapsed":
			return []move[lifecycle.AgreementFacts]{{ev: lifecycle.NoticeElapsed{}, facts: f, on: a.Notice.Effective}}
		case "end-production-agreement":
			return one(engine.Event(lifecycle.EndProductionAgreement{Agreement: "a1"}), f)
		case "rescind-joint-agreement":
			return one(engine.Event(lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"}), f)
		case "agreement-replaced":
			return one(engine.Event(lifecycle.AgreementReplaced{By: "a2"}), f)
		}
		t.Fatalf("the agreement driver has no move for %s", e)
		return nil
	}
}

// appRenewAfterExpiry is what the app machine's guards read and its arrows
// do not show: renewing the certificate of a suspended app leaves it
// suspended when Kela suspended it (A4, A6), so the way to the renewals that
// end a suspension must not take suspend-app.
func appRenewAfterExpiry(e engine.Edge) []engine.EventID {
	if e.Event == "renew-audit-certificate" && e.From == lifecycle.Suspended && e.To != lifecycle.Suspended {
		return []engine.EventID{"suspend-app"}
	}
	return nil
}

// appDriver drives an app vendor's app.
func appDriver() driver[lifecycle.App, lifecycle.VendorFacts] {
	const id = lifecycle.AppID("app")
	withdraw := func(on notice.Date) engine.Event {
		return lifecycle.GiveAppWithdrawalNotice{App: id, Effective: on.AddDays(60)}
	}
	return func(t *testing.T, e engine.Edge, a *lifecycle.App, on notice.Date) []move[lifecycle.VendorFacts] {
		f := vendor
		m := func(ev engine.Event) move[lifecycle.VendorFacts] {
			return move[lifecycle.VendorFacts]{ev: ev, facts: f}
		}
		switch e.Event {
		case "register-app":
			return one(engine.Event(lifecycle.RegisterApp{App: id, Signatory: lifecycle.TradeRegister}), f)
		case "pass-app-joint-testing":
			return one(engine.Event(lifecycle.PassAppJointTesting{App: id}), f)
		case "certify-app":
			return one(engine.Event(lifecycle.CertifyApp{App: id, ValviraRegistered: true, AuditValidUntil: on.AddDays(400)}), f)
		case "connect-app":
			return []move[lifecycle.VendorFacts]{m(lifecycle.CertifyApp{App: id, ValviraRegistered: true, AuditValidUntil: on.AddDays(400)}), m(lifecycle.ConnectApp{App: id})}
		case "suspend-app":
			return one(engine.Event(lifecycle.SuspendApp{App: id, Reason: "breach"}), f)
		case "audit-certificate-expired":
			return []move[lifecycle.VendorFacts]{{ev: lifecycle.AuditCertificateExpired{}, facts: f, on: a.AuditValidUntil.AddDays(1)}}
		case "demonstrate-app-correction":
			var setup []move[lifecycle.VendorFacts]
			if a.KelaSuspension == "" {
				setup = append(setup, m(lifecycle.SuspendApp{App: id, Reason: "breach"}))
			}
			correct := move[lifecycle.VendorFacts]{ev: lifecycle.DemonstrateAppCorrection{App: id}, facts: f}
			switch e.To {
			case lifecycle.Suspended: // corrected, but the certificate has expired
				correct.on = a.AuditValidUntil.AddDays(1)
			case lifecycle.WithdrawalNoticed:
				if !a.WithdrawalPending() {
					setup = append(setup, m(withdraw(on)))
				}
			}
			return append(setup, correct)
		case "renew-audit-certificate":
			var setup []move[lifecycle.VendorFacts]
			if e.To == lifecycle.WithdrawalNoticed && e.From == lifecycle.Suspended && !a.WithdrawalPending() {
				setup = append(setup, m(withdraw(on)))
			}
			return append(setup, m(lifecycle.RenewAuditCertificate{App: id, ValidUntil: on.AddDays(400)}))
		case "give-app-withdrawal-notice":
			return one(withdraw(on), f)
		case "notice-elapsed":
			var setup []move[lifecycle.VendorFacts]
			effective := on.AddDays(60)
			if a.WithdrawalPending() {
				effective = a.Withdrawal.Effective
			} else {
				setup = append(setup, m(withdraw(on)))
			}
			return append(setup, move[lifecycle.VendorFacts]{ev: lifecycle.NoticeElapsed{}, facts: f, on: effective})
		case "remove-app":
			return one(engine.Event(lifecycle.RemoveApp{App: id, Reason: lifecycle.NonCompliance}), f)
		}
		t.Fatalf("the app driver has no move for %s", e)
		return nil
	}
}

// Every edge of every machine, driven through Decide and Apply.
func TestCoveringPaths_DriveEveryTransitionOfEachMachine(t *testing.T) {
	t.Run("service", func(t *testing.T) {
		d := lifecycle.ServiceMachine().Describe()
		assertEveryEdgeTaken(t, d, walk(t, lifecycle.ServiceMachine(), d.CoveringPaths(), serviceDriver()))
	})
	t.Run("customership", func(t *testing.T) {
		d := lifecycle.CustomershipMachine().Describe()
		assertEveryEdgeTaken(t, d, walk(t, lifecycle.CustomershipMachine(), d.CoveringPaths(), customershipDriver()))
	})
	t.Run("joint-agreement", func(t *testing.T) {
		d := lifecycle.AgreementMachine().Describe()
		assertEveryEdgeTaken(t, d, walk(t, lifecycle.AgreementMachine(), d.CoveringPaths(), agreementDriver()))
	})
	t.Run("app", func(t *testing.T) {
		d := lifecycle.AppMachine().Describe()
		assertEveryEdgeTaken(t, d, walk(t, lifecycle.AppMachine(), d.CoveringPathsAvoiding(appRenewAfterExpiry), appDriver()))
	})
}

// The covering paths of each machine take every edge of its description
// and reach each last edge by the shortest way.
func TestCoveringPaths_TakeEveryEdgeOfEveryMachine(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			paths := d.CoveringPaths()
			var taken []engine.Edge
			for _, p := range paths {
				taken = append(taken, p...)
				prefix, ok := d.ShortestPath(p[len(p)-1].From)
				require.True(t, ok)
				assert.Equal(t, prefix, p[:len(p)-1], "%s reaches its last edge by the shortest route", p)
			}
			assert.Empty(t, d.Missed(taken))
		})
	}
}

func TestCoveringPaths_OfTheCustomership(t *testing.T) {
	var got []string
	for _, p := range lifecycle.CustomershipMachine().Describe().CoveringPaths() {
		got = append(got, p.String())
	}
	assert.Equal(t, []string{
		"[*] -commitment-signed-> applied -first-service-approved-> active -last-service-ended-> ended -commitment-signed-> applied",
		"[*] -commitment-signed-> applied -applications-withdrawn-> withdrawn -commitment-signed-> applied",
		"[*] -commitment-signed-> applied -first-service-approved-> active -all-services-under-notice-> terminating -service-taken-into-use-> active",
		"[*] -commitment-signed-> applied -first-service-approved-> active -all-services-under-notice-> terminating -last-service-ended-> ended",
	}, got)
}

func TestShortestPath_OfEachMachine(t *testing.T) {
	svcD, cD, appD, agD := lifecycle.ServiceMachine().Describe(), lifecycle.CustomershipMachine().Describe(), lifecycle.AppMachine().Describe(), lifecycle.AgreementMachine().Describe()
	tests := []struct {
		d    engine.Description
		to   engine.State
		want []engine.EventID
	}{
		{svcD, lifecycle.Requested, []engine.EventID{"request-service"}},
		{svcD, lifecycle.Active, []engine.EventID{"request-service", "approve-service"}},
		{svcD, lifecycle.ActivationTested, []engine.EventID{"request-service", "pass-activation-test"}},
		{svcD, lifecycle.NoticeGiven, []engine.EventID{"request-service", "approve-service", "give-termination-notice"}},
		{svcD, lifecycle.Terminated, []engine.EventID{"request-service", "terminate-by-authority"}},
		{cD, lifecycle.Ended, []engine.EventID{"commitment-signed", "first-service-approved", "last-service-ended"}},
		{cD, lifecycle.Terminating, []engine.EventID{"commitment-signed", "first-service-approved", "all-services-under-notice"}},
		{agD, lifecycle.InForce, []engine.EventID{"sign-joint-agreement", "sign-joint-agreement"}},
		{appD, lifecycle.Suspended, []engine.EventID{"register-app", "pass-app-joint-testing", "connect-app", "suspend-app"}},
	}
	for _, tc := range tests {
		t.Run(tc.d.Name+" "+string(tc.to), func(t *testing.T) {
			p, ok := tc.d.ShortestPath(tc.to)
			require.True(t, ok)
			assert.Equal(t, tc.want, p.Events())
		})
	}
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		paths := d.ShortestPaths()
		assert.Len(t, paths, len(d.States), "%s: every state can be reached", d.Name)
		for i, p := range paths {
			assert.Equal(t, d.States[i].ID, p.End())
		}
	}
}

// The app's case for avoiding: the shortest way to suspended is Kela's
// suspension, after which a renewal does not end it; the renewals that do
// are reached through the expired certificate.
func TestCoveringPathsAvoiding_TheAppsRenewalsAfterExpiry(t *testing.T) {
	d := lifecycle.AppMachine().Describe()
	p, ok := d.ShortestPathAvoiding(lifecycle.Suspended, "suspend-app")
	require.True(t, ok)
	assert.Equal(t, []engine.EventID{"register-app", "pass-app-joint-testing", "connect-app", "audit-certificate-expired"}, p.Events())

	var renewals []string
	for _, p := range d.CoveringPathsAvoiding(appRenewAfterExpiry) {
		if last := p[len(p)-1]; last.Event == "renew-audit-certificate" && last.From == lifecycle.Suspended {
			renewals = append(renewals, strings.TrimPrefix(p[len(p)-2:].String(), "production "))
		}
	}
	assert.Equal(t, []string{
		"-suspend-app-> suspended -renew-audit-certificate-> suspended",
		"-audit-certificate-expired-> suspended -renew-audit-certificate-> withdrawal-noticed",
		"-audit-certificate-expired-> suspended -renew-audit-certificate-> production",
	}, renewals)
}
