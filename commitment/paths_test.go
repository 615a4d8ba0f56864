package commitment_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Model-based tests: lifecycle derives, from each machine's definition, paths
// from the start that together take every (from, event, to) edge
// (Description.CoveringPaths). Here each path is driven through the
// aggregate, with the commands a user would give, on a fresh commitment (a
// fresh register for the joint agreement): after every step the machine's
// state must be the path's, and the step must show in the history as that
// edge. Then every edge and every transition of the machine must have been
// taken through the aggregate: a transition that no driver can reach fails
// the test.
//
// A driver is one entry of ptDrivers, one for every machine of
// lifecycle.Machines: how to start a world for a path, where the machine's
// state and history are, one step per event and, when the arrows alone do
// not say how an edge can be reached, the events the way to it must avoid
// (Description.CoveringPathsAvoiding).

// ptWorld is the fresh aggregate that one path runs on. run, pass and
// history reach the aggregate: a commitment's Execute, Advance and History
// (ptCommitmentWorld), or for the joint agreement a commitment.Register's
// Execute, Advance and AgreementHistory (ptRegisterWorld).
type ptWorld struct {
	c         *commitment.Commitment // the customer's, the vendor's or the main connector's
	r         *commitment.Register   // the joint agreement's; nil for the other machines
	run       func(on notice.Date, cmd commitment.Command) error
	pass      func(to notice.Date) error
	history   func() []commitment.Event
	subject   string      // the service (or app, agreement) the machine runs for; empty for the customership
	today     notice.Date // the day of the next command
	effective notice.Date // the effective day of the latest notice given
}

// ptCommitmentWorld returns a world around a fresh commitment of a customer
// of kind, for subject.
func ptCommitmentWorld(t *testing.T, kind lifecycle.Kind, subject string) *ptWorld {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: "path-1", Name: "Polku Oy", Kind: kind, Soteri: true})
	require.NoError(t, err)
	return &ptWorld{
		c: c,
		run: func(on notice.Date, cmd commitment.Command) error {
			_, err := c.Execute(on, cmd)
			return err
		},
		pass: func(to notice.Date) error {
			_, err := c.Advance(to)
			return err
		},
		history: c.History,
		subject: subject,
		today:   ptStart,
	}
}

// ptRegisterWorld returns a world around a fresh register for joint
// agreement subject, with a main connector whose customership is active, its
// prescription service in use, and a tenant, both in Soteri (J1b, J2, J3).
// Commands run on the register for the main connector.
func ptRegisterWorld(t *testing.T, subject string) *ptWorld {
	t.Helper()
	r := commitment.NewRegister()
	main, err := r.Add(commitment.Customer{ID: ptMain, Name: "Pääliittyjä Oy", Kind: ptCustomerKind, Soteri: true})
	require.NoError(t, err)
	_, err = r.Add(commitment.Customer{ID: ptTenant, Name: "Mukanaliittyjä Oy", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true})
	require.NoError(t, err)
	w := &ptWorld{
		c: main,
		r: r,
		run: func(on notice.Date, cmd commitment.Command) error {
			_, err := r.Execute(on, ptMain, cmd)
			return err
		},
		pass:    r.Advance,
		history: func() []commitment.Event { return r.AgreementHistory(subject) },
		subject: subject,
		today:   ptStart,
	}
	require.NoError(t, w.exec(ptRequest(lifecycle.Prescription)))
	require.NoError(t, w.exec(commitment.ApproveService{Service: lifecycle.Prescription}))
	require.Equal(t, lifecycle.Active, main.Customership())
	return w
}

// exec runs cmd today; the next command happens a day later, so notices
// (two months ahead) never fall due by accident.
func (w *ptWorld) exec(cmd commitment.Command) error {
	on := w.today
	w.today = w.today.AddDays(1)
	if err := w.run(on, cmd); err != nil {
		return fmt.Errorf("%s on %s: %w", cmd.Name(), on, err)
	}
	return nil
}

// noticeDay returns the effective day of a new notice given today: two
// months ahead, timely for a one-month period in either direction.
func (w *ptWorld) noticeDay() notice.Date {
	w.effective = w.today.Add(notice.Months(2))
	return w.effective
}

// advance lets time pass to the effective day of the latest notice.
func (w *ptWorld) advance() error {
	if w.effective.IsZero() {
		return fmt.Errorf("no notice is pending")
	}
	return w.passTo(w.effective)
}

// passTo lets time pass up to and including day; the next command happens
// the day after.
func (w *ptWorld) passTo(day notice.Date) error {
	w.today = day.AddDays(1)
	return w.pass(day)
}

// taken returns the edges that machine took in the world's history, for
// subject (every subject when subject is empty), in order.
func (w *ptWorld) taken(machine, subject string) []lifecycle.Edge {
	var out []lifecycle.Edge
	for _, e := range w.history() {
		tr, ok := e.(commitment.Transitioned)
		if !ok || tr.Machine != machine || (subject != "" && tr.Subject != subject) {
			continue
		}
		out = append(out, lifecycle.Edge{From: tr.From, Event: tr.Event.EventID(), To: tr.To})
	}
	return out
}

// ptStep makes event e happen to the world's subject.
type ptStep func(w *ptWorld, e lifecycle.Edge) error

// ptDriver drives one machine through the aggregate.
type ptDriver struct {
	machine lifecycle.Describer
	world   func(t *testing.T, p lifecycle.Path) *ptWorld // a fresh world for path p
	state   func(w *ptWorld) lifecycle.State              // the subject's state
	taken   func(w *ptWorld) []lifecycle.Edge             // the subject's edges so far
	steps   map[lifecycle.EventID]ptStep                  // one per event of the machine
	// avoid lists, for an edge that no data can bring about once the
	// shortest way has entered its source, the events the way to it must
	// not take (Description.CoveringPathsAvoiding); nil when every edge can
	// follow the shortest way.
	avoid func(e lifecycle.Edge) []lifecycle.EventID
}

// ptDrivers are the machines driven through the aggregate, in the order of
// lifecycle.Machines: the customership and the service through a
// customer's commitment, the joint agreement through commitment.Register
// and the app through a vendor's commitment.
var ptDrivers = []ptDriver{ptCustomership(), ptService(), ptAgreement(), ptApp()}

// ptStart is the day every path starts on.
var ptStart = notice.MustDate(2025, 1, 6)

// ptCustomerKind drives the customership and service machines: a private
// social welfare provider may request every service of the default
// catalogue, the social welfare client data repository included (S3).
const ptCustomerKind = lifecycle.PrivateSocialWelfareProvider

// ptRequest requests service with a signatory who holds the signing right
// (C4), committing and accepting the general terms and the service
// description (S1, C1; more than a later request needs, C2).
func ptRequest(service lifecycle.ServiceID) commitment.RequestService {
	return commitment.RequestService{
		Service:   service,
		Signatory: lifecycle.TradeRegister,
		Accepts:   []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription},
	}
}

// ptServiceFor chooses the service a path of the service machine drives.
// The social welfare client data repository requires joint testing and then
// the activation test before approval (S2, SAT): a path that passes them in
// that order drives it, so its preconditions are met through the aggregate.
// Every other path drives the prescription service, whose entry requires no
// test, so it can be approved straight from requested or joint-tested and
// pass the activation test straight after the request.
func ptServiceFor(p lifecycle.Path) lifecycle.ServiceID {
	inOrder := false
	for _, e := range p {
		switch {
		case e.From == lifecycle.JointTested && e.Event == "pass-activation-test":
			inOrder = true
		case e.From == lifecycle.Requested && e.Event == "pass-activation-test",
			e.From == lifecycle.Requested && e.Event == "approve-service",
			e.From == lifecycle.JointTested && e.Event == "approve-service":
			return lifecycle.Prescription
		}
	}
	if inOrder {
		return lifecycle.SocialWelfareClientDataRepository
	}
	return lifecycle.Prescription
}

func ptService() ptDriver {
	pending := func(w *ptWorld) bool {
		u, _ := w.c.Service(lifecycle.ServiceID(w.subject))
		_, ok := u.PendingTermination()
		return ok
	}
	svc := func(w *ptWorld) lifecycle.ServiceID { return lifecycle.ServiceID(w.subject) }
	giveNotice := func(w *ptWorld) error {
		return w.exec(commitment.GiveTerminationNotice{Service: svc(w), Effective: w.noticeDay(), Reason: lifecycle.OtherChange})
	}
	return ptDriver{
		machine: lifecycle.ServiceMachine(),
		world: func(t *testing.T, p lifecycle.Path) *ptWorld {
			return ptCommitmentWorld(t, ptCustomerKind, string(ptServiceFor(p)))
		},
		state: func(w *ptWorld) lifecycle.State { return w.c.State(svc(w)) },
		taken: func(w *ptWorld) []lifecycle.Edge { return w.taken("service", w.subject) },
		steps: map[lifecycle.EventID]ptStep{
			"request-service": func(w *ptWorld, _ lifecycle.Edge) error { return w.exec(ptRequest(svc(w))) },
			"pass-joint-testing": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.PassJointTesting{Service: svc(w)})
			},
			"pass-activation-test": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.PassActivationTest{Service: svc(w)})
			},
			"approve-service": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.ApproveService{Service: svc(w)})
			},
			"withdraw-application": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.WithdrawApplication{Service: svc(w)})
			},
			"suspend-service": func(w *ptWorld, e lifecycle.Edge) error {
				reason := lifecycle.Endangers
				if e.From == lifecycle.Suspended {
					reason = lifecycle.ValviraProhibition // a second, separate suspension
				}
				return w.exec(commitment.SuspendService{Service: svc(w), Reason: reason})
			},
			// The branch: back to notice-given when a termination is pending,
			// to active otherwise. The shortest route to suspended gives no
			// notice, so the pending branch first gives one while suspended
			// (suspended to suspended).
			"demonstrate-correction": func(w *ptWorld, e lifecycle.Edge) error {
				switch {
				case e.To == lifecycle.NoticeGiven && !pending(w):
					if err := giveNotice(w); err != nil {
						return err
					}
				case e.To == lifecycle.Active && pending(w):
					return fmt.Errorf("cannot reach %s: a termination is pending", e)
				}
				return w.exec(commitment.DemonstrateCorrection{Service: svc(w)})
			},
			"give-termination-notice": func(w *ptWorld, _ lifecycle.Edge) error { return giveNotice(w) },
			// At once (the default, S7) to terminated; with a later effective
			// day to notice-given, or staying suspended.
			"terminate-by-authority": func(w *ptWorld, e lifecycle.Edge) error {
				if e.To == lifecycle.Terminated {
					return w.exec(commitment.TerminateByAuthority{Service: svc(w)})
				}
				return w.exec(commitment.TerminateByAuthority{Service: svc(w), Effective: w.noticeDay()})
			},
			// Timed: time passes to the pending termination's effective day. A
			// suspended service reached by the shortest route has none, so one
			// is given first.
			"notice-elapsed": func(w *ptWorld, _ lifecycle.Edge) error {
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

// The customership's events are consequences of service commands
// (lifecycle.CustomershipEvents): each step is the service commands that
// bring it about.
func ptCustomership() ptDriver {
	return ptDriver{
		machine: lifecycle.CustomershipMachine(),
		world: func(t *testing.T, _ lifecycle.Path) *ptWorld {
			return ptCommitmentWorld(t, ptCustomerKind, "")
		},
		state: func(w *ptWorld) lifecycle.State { return w.c.Customership() },
		taken: func(w *ptWorld) []lifecycle.Edge { return w.taken("customership", "") },
		steps: map[lifecycle.EventID]ptStep{
			// The first request of a customership: from the start, after
			// the customership ended, or after every application was
			// withdrawn (the service's use is then terminated or withdrawn,
			// and a new request starts it again).
			"commitment-signed": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(ptRequest(lifecycle.Prescription))
			},
			"first-service-approved": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.ApproveService{Service: lifecycle.Prescription})
			},
			"applications-withdrawn": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.WithdrawApplication{Service: lifecycle.Prescription})
			},
			"all-services-under-notice": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.GiveTerminationNotice{All: true, Effective: w.noticeDay(), Reason: lifecycle.CeasingOperations})
			},
			// C9: another service taken into use while every one in use is
			// under notice. Its request alone changes nothing; its approval
			// does.
			"service-taken-into-use": func(w *ptWorld, _ lifecycle.Edge) error {
				if err := w.exec(ptRequest(lifecycle.PatientDataRepository)); err != nil {
					return err
				}
				return w.exec(commitment.ApproveService{Service: lifecycle.PatientDataRepository})
			},
			// C8: from active, Kanta terminates every service at once on an
			// authority's notice (C11); from terminating, the notice period
			// elapses.
			"last-service-ended": func(w *ptWorld, e lifecycle.Edge) error {
				if e.From == lifecycle.Terminating {
					return w.advance()
				}
				return w.exec(commitment.TerminateByAuthority{All: true})
			},
		},
	}
}

// The parties of the joint agreements the paths drive.
const (
	ptMain   = "paaliittyja-1"
	ptTenant = "mukanaliittyja-1"
)

// ptAgreement drives the joint-connection agreement through a register. One
// command, sign-joint-agreement, draws the agreement up and signs it (J4):
// its step for draw-up-joint-agreement takes both edges, and the step for
// sign-joint-agreement finds the signing already done. So no path can end
// in draft, and none of the covering paths does.
func ptAgreement() ptDriver {
	id := func(w *ptWorld) string { return w.subject }
	agreement := func(w *ptWorld) lifecycle.JointAgreement {
		a, _ := w.r.Agreement(id(w))
		return a
	}
	sign := func(w *ptWorld, agreementID string) error {
		return w.exec(commitment.SignJointAgreement{ID: agreementID, Main: ptMain, Tenant: ptTenant,
			Services: []lifecycle.ServiceID{lifecycle.Prescription}})
	}
	return ptDriver{
		machine: lifecycle.AgreementMachine(),
		world: func(t *testing.T, _ lifecycle.Path) *ptWorld {
			return ptRegisterWorld(t, "yls-1")
		},
		state: func(w *ptWorld) lifecycle.State { return agreement(w).State },
		taken: func(w *ptWorld) []lifecycle.Edge { return w.taken("joint-agreement", id(w)) },
		steps: map[lifecycle.EventID]ptStep{
			"draw-up-joint-agreement": func(w *ptWorld, _ lifecycle.Edge) error { return sign(w, id(w)) },
			"sign-joint-agreement": func(w *ptWorld, e lifecycle.Edge) error {
				if a := agreement(w); a.Signed.IsZero() {
					return fmt.Errorf("cannot take %s: an agreement is drawn up and signed by one command, and %s is %s", e, a.ID, a.State)
				}
				return nil
			},
			"give-joint-agreement-notice": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.GiveJointAgreementNotice{Agreement: id(w), By: ptTenant, Effective: w.noticeDay()})
			},
			"notice-elapsed": func(w *ptWorld, _ lifecycle.Edge) error { return w.advance() },
			"end-production-agreement": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.EndProductionAgreement{Agreement: id(w)})
			},
			"rescind-joint-agreement": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.RescindJointAgreement{Agreement: id(w), Reason: "the tenant's use endangers the main connector's access to Kanta"})
			},
			// J4: a new agreement between the same parties replaces it.
			"agreement-replaced": func(w *ptWorld, _ lifecycle.Edge) error { return sign(w, id(w)+"-new") },
		},
	}
}

// ptAppID is the app the paths of the app machine drive.
const ptAppID = "polku-app"

// ptAuditValidity is how long the audit certificate recorded before the
// connection is valid: shorter than a withdrawal's notice (ptWorld.noticeDay),
// so a path can let it expire while a withdrawal is pending.
var ptAuditValidity = notice.Months(1)

// ptApp drives a wellbeing application through a vendor's commitment.
//
// Its branches read facts the arrows do not show. demonstrate-app-correction
// and renew-audit-certificate leave a suspended app suspended, or return it
// to withdrawal-noticed or production, depending on whether Kela suspended
// it, whether the audit certificate expired and whether a withdrawal is
// pending; the steps supply a pending withdrawal (give-app-withdrawal-notice,
// which leaves a suspended app suspended) or an expired certificate (time
// passes) when the edge needs one. A suspension by Kela, though, is ended
// only by demonstrate-app-correction, which moves the app: so the renewals
// that end a suspension are reached by the way that lets the certificate
// expire, avoiding suspend-app (A4, A6).
func ptApp() ptDriver {
	app := func(w *ptWorld) lifecycle.App {
		a, _ := w.c.App(ptAppID)
		return a
	}
	pending := func(w *ptWorld) bool { return app(w).WithdrawalPending() }
	giveNotice := func(w *ptWorld) error {
		return w.exec(commitment.GiveAppWithdrawalNotice{App: ptAppID, Effective: w.noticeDay()})
	}
	// expire lets time pass until the audit certificate is no longer valid.
	expire := func(w *ptWorld) error {
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
	renewal := func(w *ptWorld) commitment.RenewAuditCertificate {
		return commitment.RenewAuditCertificate{App: ptAppID, ValidUntil: w.today.Add(notice.Months(12))}
	}
	return ptDriver{
		machine: lifecycle.AppMachine(),
		world: func(t *testing.T, _ lifecycle.Path) *ptWorld {
			return ptCommitmentWorld(t, lifecycle.AppVendor, ptAppID)
		},
		state: func(w *ptWorld) lifecycle.State { return app(w).State },
		taken: func(w *ptWorld) []lifecycle.Edge { return w.taken("app", ptAppID) },
		avoid: func(e lifecycle.Edge) []lifecycle.EventID {
			if e.Event == "renew-audit-certificate" && e.From == lifecycle.Suspended && e.To != lifecycle.Suspended {
				return []lifecycle.EventID{"suspend-app"}
			}
			return nil
		},
		steps: map[lifecycle.EventID]ptStep{
			"register-app": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.RegisterApp{App: ptAppID, Signatory: lifecycle.TradeRegister})
			},
			"pass-app-joint-testing": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.PassAppJointTesting{App: ptAppID})
			},
			// A2: the certification is recorded first; it changes no state.
			"connect-app": func(w *ptWorld, _ lifecycle.Edge) error {
				if err := w.exec(commitment.CertifyApp{App: ptAppID, ValviraRegistered: true, AuditValidUntil: w.today.Add(ptAuditValidity)}); err != nil {
					return err
				}
				return w.exec(commitment.ConnectApp{App: ptAppID})
			},
			"suspend-app": func(w *ptWorld, e lifecycle.Edge) error {
				reason := "the app endangers the national services"
				if e.From == lifecycle.Suspended {
					reason = "the vendor breaches the terms" // a second, separate suspension
				}
				return w.exec(commitment.SuspendApp{App: ptAppID, Reason: reason})
			},
			"audit-certificate-expired": func(w *ptWorld, _ lifecycle.Edge) error { return expire(w) },
			// The branch, in the machine's order: still suspended while the
			// certificate has expired; back to withdrawal-noticed while a
			// withdrawal is pending; to production otherwise.
			"demonstrate-app-correction": func(w *ptWorld, e lifecycle.Edge) error {
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
					return fmt.Errorf("cannot reach %s: a withdrawal is pending", e)
				}
				return w.exec(commitment.DemonstrateAppCorrection{App: ptAppID})
			},
			// From suspended the branch, in the machine's order: still
			// suspended when Kela suspended the app; back to
			// withdrawal-noticed while a withdrawal is pending; to production
			// otherwise. Elsewhere the app stays where it is.
			"renew-audit-certificate": func(w *ptWorld, e lifecycle.Edge) error {
				a := app(w)
				if e.From == lifecycle.Suspended {
					switch byKela := a.KelaSuspension != ""; {
					case e.To == lifecycle.Suspended && !byKela:
						return fmt.Errorf("cannot reach %s: Kela did not suspend the app", e)
					case e.To != lifecycle.Suspended && byKela:
						return fmt.Errorf("cannot reach %s: Kela suspended the app", e)
					case e.To == lifecycle.WithdrawalNoticed && !a.WithdrawalPending():
						if err := giveNotice(w); err != nil {
							return err
						}
					case e.To == lifecycle.Production && a.WithdrawalPending():
						return fmt.Errorf("cannot reach %s: a withdrawal is pending", e)
					}
				}
				return w.exec(renewal(w))
			},
			"give-app-withdrawal-notice": func(w *ptWorld, _ lifecycle.Edge) error { return giveNotice(w) },
			// Timed: time passes to the withdrawal's effective day. A
			// suspended app reached by the shortest way has none pending, so
			// one is given first; a certificate that would expire before the
			// day is renewed first, or the app would be suspended instead.
			"notice-elapsed": func(w *ptWorld, _ lifecycle.Edge) error {
				if !pending(w) {
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
			"remove-app": func(w *ptWorld, _ lifecycle.Edge) error {
				return w.exec(commitment.RemoveApp{App: ptAppID, Reason: lifecycle.NonCompliance})
			},
		},
	}
}

// Every transition of every machine, driven through the aggregate along the
// paths lifecycle derives from their definitions.
func TestModelPaths_EveryTransitionThroughTheAggregate(t *testing.T) {
	for _, dr := range ptDrivers {
		d := dr.machine.Describe()
		t.Run(d.Name, func(t *testing.T) {
			var taken []lifecycle.Edge
			for i, p := range d.CoveringPathsAvoiding(dr.avoid) {
				t.Run(fmt.Sprintf("path%02d", i+1), func(t *testing.T) {
					t.Log(p)
					w := dr.world(t, p)
					seen := len(dr.taken(w))
					for _, e := range p {
						step, ok := dr.steps[e.Event]
						if !ok {
							t.Errorf("%s: no driver for event %s", d.Name, e.Event)
							return
						}
						require.NoError(t, step(w, e), "%s: step %s", p, e)
						// The history shows the step's edge next, after any
						// setup that leaves the state as it was. One command
						// may take several edges of the path; the state is
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
					require.Equal(t, p.End(), dr.state(w), "%s: at the end", p)
					taken = append(taken, now...)
				})
			}
			edges, transitions := len(d.Edges()), len(d.Transitions)
			missedEdges, missedTransitions := d.Missed(taken), d.MissedTransitions(taken)
			assert.Empty(t, missedEdges, "edges of %s never taken through the aggregate", d.Name)
			assert.Empty(t, missedTransitions, "transitions of %s never taken through the aggregate", d.Name)
			t.Logf("%s: %d/%d edges, %d/%d transitions taken through the aggregate",
				d.Name, edges-len(missedEdges), edges, transitions-len(missedTransitions), transitions)
		})
	}
}

// A machine without a driver would never be driven: every machine of the
// registry has one, in the same order.
func TestModelPaths_EveryMachineHasADriver(t *testing.T) {
	var driven []string
	for _, dr := range ptDrivers {
		driven = append(driven, dr.machine.Describe().Name)
	}
	assert.Equal(t, lifecycle.MachineNames(), driven)
	for i, m := range lifecycle.Machines() {
		if i < len(ptDrivers) {
			assert.Same(t, m, ptDrivers[i].machine, "the driver drives the definition that runs")
		}
	}
}

// A new event of a machine without a step here fails this test first.
func TestModelPaths_EveryEventHasADriver(t *testing.T) {
	for _, dr := range ptDrivers {
		d := dr.machine.Describe()
		for _, tr := range d.Transitions {
			_, ok := dr.steps[tr.Event]
			assert.True(t, ok, "%s: no driver for event %s", d.Name, tr.Event)
		}
	}
}
