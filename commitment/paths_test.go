package commitment_test

// Model-based tests: engine derives, from each machine's description,
// paths from the start that together take every (from, event, to) edge
// (Description.CoveringPaths). Here each path is driven through the
// aggregate, with the acts a party would perform, on a fresh commitment (a
// fresh register for the joint agreement): after every step the machine's
// state is the path's, and the step shows in the history as that edge.
// Then Missed must report no edge of the machine left untaken: an edge no
// driver can reach fails the test.
//
// A driver is one entry of pathDrivers, one for each machine of
// lifecycle.Machines: how to start a world for a path, where the machine's
// state and history are, one step for each event and, where the arrows
// alone do not say how an edge can be reached, the events the way to it
// must avoid (Description.CoveringPathsAvoiding).

import (
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// pathWorld is the fresh aggregate that one path runs on: a commitment, or
// for the joint agreement a register, reached through run, pass and
// history.
type pathWorld struct {
	c         *commitment.Commitment // the customer's, the vendor's or the main connector's
	r         *commitment.Register   // the joint agreement's; nil for the other machines
	run       func(on notice.Date, act lifecycle.Act) error
	pass      func(to notice.Date) error
	history   func() []commitment.Event
	subject   string      // the service, app or agreement the machine runs for; empty for the customership
	today     notice.Date // the day of the next act
	effective notice.Date // the effective day of the latest notice given
	units     int         // parts of the organisation named so far (C13)
}

// pathStart is the day every path starts on.
var pathStart = day("2025-01-06")

// commitmentPathWorld returns a world around a fresh commitment of a
// customer of kind, for subject.
func commitmentPathWorld(t *testing.T, kind lifecycle.Kind, subject string) *pathWorld {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: "polku", Name: "Polku Oy", Kind: kind, Soteri: true})
	require.NoError(t, err)
	return &pathWorld{
		c: c,
		run: func(on notice.Date, act lifecycle.Act) error {
			_, err := c.Execute(on, act)
			return err
		},
		pass: func(to notice.Date) error {
			_, err := c.Advance(to)
			return err
		},
		history: c.History,
		subject: subject,
		today:   pathStart,
	}
}

// The parties of the joint agreements the paths drive.
const (
	pathMain   = lifecycle.PartyID("paaliittyja-polku")
	pathTenant = lifecycle.PartyID("mukanaliittyja-polku")
)

// registerPathWorld returns a world around a fresh register for joint
// agreement subject, with a main connector whose customership is active
// with prescriptions in use, and a tenant, both in Soteri (J1b, J2, J3).
// Acts run on the register for the main connector.
func registerPathWorld(t *testing.T, subject string) *pathWorld {
	t.Helper()
	r := register(t,
		commitment.Customer{ID: pathMain, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		commitment.Customer{ID: pathTenant, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	main, _ := r.Commitment(pathMain)
	w := &pathWorld{
		c: main,
		r: r,
		run: func(on notice.Date, act lifecycle.Act) error {
			_, err := r.Execute(on, pathMain, act)
			return err
		},
		pass: func(to notice.Date) error {
			_, err := r.Advance(to)
			return err
		},
		history: func() []commitment.Event { return r.AgreementHistory(lifecycle.AgreementID(subject)) },
		subject: subject,
		today:   pathStart,
	}
	require.NoError(t, w.exec(firstRequest(prescription)))
	require.NoError(t, w.exec(lifecycle.ApproveService{Service: prescription}))
	require.Equal(t, lifecycle.Active, main.Customership())
	return w
}

// exec performs act today; the next act happens a day later, so that
// notices (two months ahead) never fall due by accident.
func (w *pathWorld) exec(act lifecycle.Act) error {
	on := w.today
	w.today = w.today.AddDays(1)
	if err := w.run(on, act); err != nil {
		return fmt.Errorf("%s on %s: %w", act.EventID(), on, err)
	}
	return nil
}

// noticeDay returns the effective day of a notice given today: two months
// ahead, timely for a period of one month counted either way.
func (w *pathWorld) noticeDay() notice.Date {
	w.effective = w.today.Add(notice.Months(2))
	return w.effective
}

// advance lets time pass to the effective day of the latest notice.
func (w *pathWorld) advance() error {
	if w.effective.IsZero() {
		return fmt.Errorf("no notice is pending")
	}
	return w.passTo(w.effective)
}

// passTo lets time pass up to and including day; the next act happens the
// day after.
func (w *pathWorld) passTo(day notice.Date) error {
	w.today = day.AddDays(1)
	return w.pass(day)
}

// unit returns the name of a part of the organisation not named before.
func (w *pathWorld) unit() string {
	w.units++
	return fmt.Sprintf("Yksikkö %d", w.units)
}

// taken returns the edges that machine took for subject in the world's
// history, in order.
func (w *pathWorld) taken(machine, subject string) []engine.Edge {
	var out []engine.Edge
	for _, e := range w.history() {
		if tr, ok := e.(commitment.Transitioned); ok && tr.Machine == machine && tr.Subject == subject {
			out = append(out, engine.Edge{From: tr.From, Event: tr.Event.EventID(), To: tr.To})
		}
	}
	return out
}

// pathStep makes edge e's event happen to the world's subject.
type pathStep func(w *pathWorld, e engine.Edge) error

// pathDriver drives one machine through the aggregate.
type pathDriver struct {
	machine engine.Describer
	world   func(t *testing.T, p engine.Path) *pathWorld // a fresh world for path p
	state   func(w *pathWorld) engine.State              // the subject's state
	taken   func(w *pathWorld) []engine.Edge             // the subject's edges so far
	steps   map[engine.EventID]pathStep                  // one for each event of the machine
	// avoid lists, for an edge that no data can bring about once the
	// shortest way has entered its source, the events the way to it must
	// not take; nil when every edge can follow the shortest way.
	avoid func(e engine.Edge) []engine.EventID
}

// pathDrivers are the machines driven through the aggregate, in the order
// of lifecycle.Machines: the customership and the service through a
// customer's commitment, the joint agreement through a Register and the app
// through a vendor's commitment.
var pathDrivers = []pathDriver{customershipPaths(), servicePaths(), agreementPaths(), appPaths()}

// pathCustomerKind drives the customership and service machines: a private
// social welfare provider may request every service of the default
// catalogue, the social welfare client data repository included (S3).
const pathCustomerKind = lifecycle.PrivateSocialWelfareProvider

// pathServiceFor chooses the service a path of the service machine drives.
// The social welfare client data repository requires joint testing and then
// the activation test before approval (S2, SAT): a path that passes them in
// that order drives it, so that its preconditions are met through the
// aggregate. Every other path drives prescriptions, whose entry requires no
// test, so it can be approved straight from requested or joint-tested and
// pass the activation test straight after the request.
func pathServiceFor(p engine.Path) lifecycle.ServiceID {
	inOrder := false
	for _, e := range p {
		switch {
		case e.From == lifecycle.JointTested && e.Event == "pass-activation-test":
			inOrder = true
		case e.From == lifecycle.Requested && e.Event == "pass-activation-test",
			e.From == lifecycle.Requested && e.Event == "approve-service",
			e.From == lifecycle.JointTested && e.Event == "approve-service":
			return prescription
		}
	}
	if inOrder {
		return sat
	}
	return prescription
}

// lapses reports whether path p lets an application lapse (C8).
func lapses(p engine.Path) bool {
	return slices.ContainsFunc(p, func(e engine.Edge) bool { return e.Event == "application-lapsed" })
}

func servicePaths() pathDriver {
	svc := func(w *pathWorld) lifecycle.ServiceID { return lifecycle.ServiceID(w.subject) }
	pending := func(w *pathWorld) bool {
		u, _ := w.c.Service(svc(w))
		_, ok := u.PendingTermination()
		return ok
	}
	giveNotice := func(w *pathWorld) error {
		return w.exec(lifecycle.GiveTerminationNotice{Service: svc(w), Effective: w.noticeDay(), Reason: lifecycle.OtherChange})
	}
	// newUnit requests the service in a part of the organisation not yet
	// using it (C13), accepting the general terms and the description there.
	newUnit := func(w *pathWorld) (string, error) {
		unit := w.unit()
		return unit, w.exec(lifecycle.RequestService{Service: svc(w), Signatory: lifecycle.TradeRegister,
			Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: unit})
	}
	terms := func(w *pathWorld) lifecycle.ServiceTerms {
		entry, _ := w.c.Catalogue().Entry(svc(w))
		return entry.Terms
	}
	return pathDriver{
		machine: lifecycle.ServiceMachine(),
		world: func(t *testing.T, p engine.Path) *pathWorld {
			w := commitmentPathWorld(t, pathCustomerKind, string(pathServiceFor(p)))
			if lapses(p) {
				// Another service in use, so that the customership can end
				// while the path's application is pending.
				activate(t, w.c, pathStart.String(), kelain)
				w.today = pathStart.AddDays(1)
			}
			return w
		},
		state: func(w *pathWorld) engine.State { return w.c.State(svc(w)) },
		taken: func(w *pathWorld) []engine.Edge { return w.taken("service", w.subject) },
		steps: map[engine.EventID]pathStep{
			// From the start, after termination (S6) or withdrawal a request
			// starts the use; on a use already requested or in use it
			// extends it to a new part of the organisation (C13).
			"request-service": func(w *pathWorld, e engine.Edge) error {
				if e.From == e.To {
					_, err := newUnit(w)
					return err
				}
				return w.exec(firstRequest(svc(w)))
			},
			// On a service in use, a test names a part of the organisation
			// requested but not yet approved (C13).
			"pass-joint-testing": func(w *pathWorld, e engine.Edge) error {
				act := lifecycle.PassJointTesting{Service: svc(w)}
				if e.From == e.To {
					unit, err := newUnit(w)
					if err != nil {
						return err
					}
					act.OrgUnit = unit
				}
				return w.exec(act)
			},
			"pass-activation-test": func(w *pathWorld, e engine.Edge) error {
				act := lifecycle.PassActivationTest{Service: svc(w)}
				if e.From == e.To {
					unit, err := newUnit(w)
					if err != nil {
						return err
					}
					act.OrgUnit = unit
				}
				return w.exec(act)
			},
			// On a service in use, Kela approves a new part of the
			// organisation, once it passed the tests the entry requires there.
			"approve-service": func(w *pathWorld, e engine.Edge) error {
				act := lifecycle.ApproveService{Service: svc(w)}
				if e.From == e.To {
					unit, err := newUnit(w)
					if err != nil {
						return err
					}
					if terms(w).JointTesting {
						if err := w.exec(lifecycle.PassJointTesting{Service: svc(w), OrgUnit: unit}); err != nil {
							return err
						}
					}
					if terms(w).ActivationTest {
						if err := w.exec(lifecycle.PassActivationTest{Service: svc(w), OrgUnit: unit}); err != nil {
							return err
						}
					}
					act.OrgUnit = unit
				}
				return w.exec(act)
			},
			"withdraw-application": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.WithdrawApplication{Service: svc(w)})
			},
			// C8: the customership ends when its last service in use, the
			// one the world set up, is terminated at once; the application
			// lapses with it.
			"application-lapsed": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.TerminateByAuthority{Service: kelain})
			},
			"suspend-service": func(w *pathWorld, e engine.Edge) error {
				reason := lifecycle.Endangers
				if e.From == lifecycle.Suspended {
					reason = lifecycle.ValviraProhibition // a second, separate reason
				}
				return w.exec(lifecycle.SuspendService{Service: svc(w), Reason: reason})
			},
			// The branch: back under notice when a termination is pending,
			// in use otherwise. The shortest way to suspended gives no
			// notice, so the pending branch first gives one while suspended.
			"demonstrate-correction": func(w *pathWorld, e engine.Edge) error {
				switch {
				case e.To == lifecycle.NoticeGiven && !pending(w):
					if err := giveNotice(w); err != nil {
						return err
					}
				case e.To == lifecycle.Active && pending(w):
					return fmt.Errorf("cannot take %s: a termination is pending", e)
				}
				return w.exec(lifecycle.DemonstrateCorrection{Service: svc(w)})
			},
			"give-termination-notice": func(w *pathWorld, _ engine.Edge) error { return giveNotice(w) },
			// At once (C11) to terminated; with a later effective day (S7)
			// under notice, or staying suspended.
			"terminate-by-authority": func(w *pathWorld, e engine.Edge) error {
				if e.To == lifecycle.Terminated {
					return w.exec(lifecycle.TerminateByAuthority{Service: svc(w)})
				}
				return w.exec(lifecycle.TerminateByAuthority{Service: svc(w), Effective: w.noticeDay()})
			},
			// Time passes to the pending termination's effective day. A
			// suspended service reached by the shortest way has none, so
			// one is given first.
			"notice-elapsed": func(w *pathWorld, _ engine.Edge) error {
				if !pending(w) {
					if err := giveNotice(w); err != nil {
						return err
					}
				}
				return w.advance()
			},
		},
	}
}

// The customership's events follow from the services (its steps are
// derived): each step is the acts on services that bring it about.
func customershipPaths() pathDriver {
	return pathDriver{
		machine: lifecycle.CustomershipMachine(),
		world: func(t *testing.T, _ engine.Path) *pathWorld {
			return commitmentPathWorld(t, pathCustomerKind, "")
		},
		state: func(w *pathWorld) engine.State { return w.c.Customership() },
		taken: func(w *pathWorld) []engine.Edge { return w.taken("customership", "") },
		steps: map[engine.EventID]pathStep{
			// The first request of a customership: from the start, after
			// the customership ended (the service was terminated, S6) or
			// after every application was withdrawn.
			"commitment-signed": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(firstRequest(prescription))
			},
			"first-service-approved": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.ApproveService{Service: prescription})
			},
			"applications-withdrawn": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.WithdrawApplication{Service: prescription})
			},
			"all-services-under-notice": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.GiveTerminationNotice{All: true, Effective: w.noticeDay(), Reason: lifecycle.CeasingOperations})
			},
			// C9: another service taken into use while every one in use is
			// under notice. Its request alone changes nothing; its approval
			// does.
			"service-taken-into-use": func(w *pathWorld, _ engine.Edge) error {
				if err := w.exec(laterRequest(patientData)); err != nil {
					return err
				}
				return w.exec(lifecycle.ApproveService{Service: patientData})
			},
			// C8: from active, every service is terminated at once on an
			// authority's notice (C11); from terminating, the notice period
			// elapses.
			"last-service-ended": func(w *pathWorld, e engine.Edge) error {
				if e.From == lifecycle.Terminating {
					return w.advance()
				}
				return w.exec(lifecycle.TerminateByAuthority{All: true})
			},
		},
	}
}

// agreementPaths drives the joint-connection agreement through a register.
// One act, sign-joint-agreement, draws the agreement up and signs it (J4):
// the agreement records it twice, so its step for the edge into draft takes
// both edges, and the step for the edge into in-force finds it taken. No
// path ends in draft, and none of the covering paths does.
func agreementPaths() pathDriver {
	id := func(w *pathWorld) lifecycle.AgreementID { return lifecycle.AgreementID(w.subject) }
	agreement := func(w *pathWorld) lifecycle.JointAgreement {
		a, _ := w.r.Agreement(id(w))
		return a
	}
	sign := func(w *pathWorld, agreement lifecycle.AgreementID) error {
		return w.exec(lifecycle.SignJointAgreement{Agreement: agreement, Main: pathMain, Tenant: pathTenant,
			Services: []lifecycle.ServiceID{prescription}})
	}
	return pathDriver{
		machine: lifecycle.AgreementMachine(),
		world: func(t *testing.T, _ engine.Path) *pathWorld {
			return registerPathWorld(t, "yls-1")
		},
		state: func(w *pathWorld) engine.State { return agreement(w).State },
		taken: func(w *pathWorld) []engine.Edge { return w.taken("joint-agreement", w.subject) },
		steps: map[engine.EventID]pathStep{
			"sign-joint-agreement": func(w *pathWorld, e engine.Edge) error {
				if e.From == engine.None {
					return sign(w, id(w))
				}
				if a := agreement(w); a.Signed.IsZero() {
					return fmt.Errorf("cannot take %s: one act draws up and signs an agreement, and %s is %s", e, a.ID, a.State)
				}
				return nil
			},
			"give-joint-agreement-notice": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.GiveJointAgreementNotice{Agreement: id(w), By: pathTenant, Effective: w.noticeDay()})
			},
			"notice-elapsed": func(w *pathWorld, _ engine.Edge) error { return w.advance() },
			"end-production-agreement": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.EndProductionAgreement{Agreement: id(w)})
			},
			"rescind-joint-agreement": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.RescindJointAgreement{Agreement: id(w), Reason: "the tenant's use endangers the main connector's access to Kanta"})
			},
			// J4: a new agreement between the same parties replaces it.
			"agreement-replaced": func(w *pathWorld, _ engine.Edge) error { return sign(w, id(w)+"-uusi") },
		},
	}
}

// pathApp is the app the paths of the app machine drive.
const pathApp = lifecycle.AppID("polku-sovellus")

// pathAuditValidity is how long the audit certificate recorded before the
// connection is valid: shorter than a withdrawal's notice
// (pathWorld.noticeDay), so that a path can let it expire while a
// withdrawal is pending.
var pathAuditValidity = notice.Months(1)

// appPaths drives a wellbeing application through a vendor's commitment.
//
// Its branches read facts the arrows do not show. demonstrate-app-correction
// and renew-audit-certificate leave a suspended app suspended, or return it
// under withdrawal or to production, depending on whether Kela suspended
// it, whether the audit certificate expired and whether a withdrawal is
// pending; the steps supply a pending withdrawal (give-app-withdrawal-notice,
// which leaves a suspended app suspended) or an expired certificate (time
// passes) when the edge needs one. A suspension by Kela, though, is ended
// only by demonstrate-app-correction: so the renewals that end a suspension
// are reached by the way that lets the certificate expire, avoiding
// suspend-app (A4, A6).
func appPaths() pathDriver {
	app := func(w *pathWorld) lifecycle.App {
		a, _ := w.c.App(pathApp)
		return a
	}
	giveNotice := func(w *pathWorld) error {
		return w.exec(lifecycle.GiveAppWithdrawalNotice{App: pathApp, Effective: w.noticeDay()})
	}
	// expire lets time pass until the audit certificate is no longer valid.
	expire := func(w *pathWorld) error {
		a := app(w)
		if a.AuditValidUntil.IsZero() {
			return fmt.Errorf("the app has no audit certificate to expire")
		}
		day := a.AuditValidUntil.AddDays(1)
		if a.WithdrawalPending() && !a.Withdrawal.Effective.After(day) {
			return fmt.Errorf("the withdrawal on %s takes effect before the certificate expires on %s", a.Withdrawal.Effective, day)
		}
		return w.passTo(day)
	}
	renewal := func(w *pathWorld) lifecycle.RenewAuditCertificate {
		return lifecycle.RenewAuditCertificate{App: pathApp, ValidUntil: w.today.Add(notice.Months(12))}
	}
	return pathDriver{
		machine: lifecycle.AppMachine(),
		world: func(t *testing.T, _ engine.Path) *pathWorld {
			return commitmentPathWorld(t, lifecycle.AppVendor, string(pathApp))
		},
		state: func(w *pathWorld) engine.State { return app(w).State },
		taken: func(w *pathWorld) []engine.Edge { return w.taken("app", string(pathApp)) },
		avoid: func(e engine.Edge) []engine.EventID {
			if e.Event == "renew-audit-certificate" && e.From == lifecycle.Suspended && e.To != lifecycle.Suspended {
				return []engine.EventID{"suspend-app"}
			}
			return nil
		},
		steps: map[engine.EventID]pathStep{
			"register-app": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.RegisterApp{App: pathApp, Signatory: lifecycle.TradeRegister})
			},
			"pass-app-joint-testing": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.PassAppJointTesting{App: pathApp})
			},
			"certify-app": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.CertifyApp{App: pathApp, ValviraRegistered: true, AuditValidUntil: w.today.Add(pathAuditValidity)})
			},
			// A2: the certification is recorded first; it changes no state.
			"connect-app": func(w *pathWorld, _ engine.Edge) error {
				if err := w.exec(lifecycle.CertifyApp{App: pathApp, ValviraRegistered: true, AuditValidUntil: w.today.Add(pathAuditValidity)}); err != nil {
					return err
				}
				return w.exec(lifecycle.ConnectApp{App: pathApp})
			},
			"suspend-app": func(w *pathWorld, e engine.Edge) error {
				reason := "the app endangers the national services"
				if e.From == lifecycle.Suspended {
					reason = "the vendor breaches the terms" // a second, separate suspension
				}
				return w.exec(lifecycle.SuspendApp{App: pathApp, Reason: reason})
			},
			"audit-certificate-expired": func(w *pathWorld, _ engine.Edge) error { return expire(w) },
			// The branch, in the machine's order: still suspended while the
			// certificate has expired; back under withdrawal while one is
			// pending; to production otherwise.
			"demonstrate-app-correction": func(w *pathWorld, e engine.Edge) error {
				a := app(w)
				switch {
				case e.To == lifecycle.Suspended && a.AuditValid(w.today):
					if err := expire(w); err != nil {
						return err
					}
				case e.To == lifecycle.WithdrawalNoticed && !a.WithdrawalPending():
					if err := giveNotice(w); err != nil {
						return err
					}
				case e.To == lifecycle.Production && a.WithdrawalPending():
					return fmt.Errorf("cannot take %s: a withdrawal is pending", e)
				}
				return w.exec(lifecycle.DemonstrateAppCorrection{App: pathApp})
			},
			// From suspended the branch, in the machine's order: still
			// suspended when Kela suspended the app; back under withdrawal
			// while one is pending; to production otherwise. Elsewhere the
			// app stays where it is.
			"renew-audit-certificate": func(w *pathWorld, e engine.Edge) error {
				a := app(w)
				if e.From == lifecycle.Suspended {
					switch byKela := a.KelaSuspension != ""; {
					case e.To == lifecycle.Suspended && !byKela:
						return fmt.Errorf("cannot take %s: Kela did not suspend the app", e)
					case e.To != lifecycle.Suspended && byKela:
						return fmt.Errorf("cannot take %s: Kela suspended the app", e)
					case e.To == lifecycle.WithdrawalNoticed && !a.WithdrawalPending():
						if err := giveNotice(w); err != nil {
							return err
						}
					case e.To == lifecycle.Production && a.WithdrawalPending():
						return fmt.Errorf("cannot take %s: a withdrawal is pending", e)
					}
				}
				return w.exec(renewal(w))
			},
			"give-app-withdrawal-notice": func(w *pathWorld, _ engine.Edge) error { return giveNotice(w) },
			// Time passes to the withdrawal's effective day. A suspended app
			// reached by the shortest way has none pending, so one is given
			// first; a certificate that would expire before the day is
			// renewed first, or the app would be suspended instead.
			"notice-elapsed": func(w *pathWorld, _ engine.Edge) error {
				if a := app(w); !a.WithdrawalPending() {
					if err := giveNotice(w); err != nil {
						return err
					}
				}
				a := app(w)
				if st := a.State; (st == lifecycle.Production || st == lifecycle.WithdrawalNoticed) && a.AuditValidUntil.Before(a.Withdrawal.Effective) {
					if err := w.exec(renewal(w)); err != nil {
						return err
					}
				}
				return w.passTo(app(w).Withdrawal.Effective)
			},
			"remove-app": func(w *pathWorld, _ engine.Edge) error {
				return w.exec(lifecycle.RemoveApp{App: pathApp, Reason: lifecycle.NonCompliance})
			},
		},
	}
}

// Every edge of every machine, driven through the aggregate along the paths
// engine derives from their descriptions: Missed reports none left
// untaken.
func TestPaths_EveryEdgeThroughTheAggregate(t *testing.T) {
	for _, dr := range pathDrivers {
		d := dr.machine.Describe()
		t.Run(d.Name, func(t *testing.T) {
			var taken []engine.Edge
			paths := d.CoveringPathsAvoiding(dr.avoid)
			require.NotEmpty(t, paths)
			for i, p := range paths {
				t.Run(fmt.Sprintf("path%02d", i+1), func(t *testing.T) {
					t.Log(p)
					w := dr.world(t, p)
					seen := len(dr.taken(w))
					for _, e := range p {
						step, ok := dr.steps[e.Event]
						require.True(t, ok, "%s: no step for event %s", d.Name, e.Event)
						require.NoError(t, step(w, e), "%s: step %s", p, e)
						// The history shows the step's edge next, after any
						// setup that leaves the state as it was. One act may
						// take several edges of the path; the state is
						// checked once the history has caught up.
						now := dr.taken(w)
						i := seen
						for ; i < len(now) && now[i].String() != e.String(); i++ {
							assert.Equal(t, now[i].From, now[i].To, "%s: before %s, only setup that does not move the machine (%s)", p, e, now[i])
						}
						require.Less(t, i, len(now), "%s: the history does not show %s", p, e)
						seen = i + 1
						if seen == len(now) {
							require.Equal(t, e.To, dr.state(w), "%s: after %s", p, e)
						}
					}
					now := dr.taken(w)
					assert.Len(t, now, seen, "%s: nothing after the path's last edge", p)
					assert.Equal(t, p.End(), dr.state(w), "%s: at the end", p)
					taken = append(taken, now...)
				})
			}
			missed, missedTransitions := d.Missed(taken), d.MissedTransitions(taken)
			assert.Empty(t, missed, "edges of %s never taken through the aggregate", d.Name)
			assert.Empty(t, missedTransitions, "transitions of %s never taken through the aggregate", d.Name)
			t.Logf("%s: %d paths; %d/%d edges, %d/%d transitions taken through the aggregate", d.Name, len(paths),
				len(d.Edges())-len(missed), len(d.Edges()), len(d.Transitions)-len(missedTransitions), len(d.Transitions))
		})
	}
}

// A machine without a driver would never be driven: every machine has one,
// in the same order, and drives the very definition that runs.
func TestPaths_EveryMachineHasADriver(t *testing.T) {
	var driven []string
	for _, dr := range pathDrivers {
		driven = append(driven, dr.machine.Describe().Name)
	}
	require.Equal(t, lifecycle.MachineNames(), driven)
	for i, m := range lifecycle.Machines() {
		assert.Same(t, m, pathDrivers[i].machine, "the driver drives the definition that runs")
	}
}

// A new event of a machine without a step here fails this test first.
func TestPaths_EveryEventHasAStep(t *testing.T) {
	for _, dr := range pathDrivers {
		d := dr.machine.Describe()
		for _, tr := range d.Transitions {
			_, ok := dr.steps[tr.Event]
			assert.True(t, ok, "%s: no step for event %s", d.Name, tr.Event)
		}
		for id := range dr.steps {
			assert.True(t, slices.ContainsFunc(d.Transitions, func(tr engine.TransitionInfo) bool { return tr.Event == id }),
				"%s: a step for %s, which no transition has", d.Name, id)
		}
	}
}
