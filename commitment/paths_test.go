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
// aggregate, with the commands a user would give, on a fresh commitment: after
// every step the machine's state must be the path's, and the step must show
// in the history as that edge. Then every edge and every transition of the
// machine must have been taken through the aggregate: a transition that no
// driver can reach fails the test.
//
// A driver is one entry of ptDrivers. Adding a machine (the joint agreement
// through commitment.Register, the app through its commands) is one more
// entry: how to start a world for a path, where the machine's state and
// history are, and one step per event.

// ptWorld is the fresh aggregate that one path runs on. run, pass and
// history reach the aggregate: a commitment here (ptCommitmentWorld); for the
// joint agreement they would be a commitment.Register's Execute, Advance and
// AgreementHistory.
type ptWorld struct {
	c         *commitment.Commitment
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
	w.today = w.effective.AddDays(1)
	return w.pass(w.effective)
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
}

// ptDrivers are the machines driven through the aggregate. The joint
// agreement (lifecycle.AgreementMachine, through commitment.Register) and
// the app (lifecycle.AppMachine, through the app commands) are one entry
// each when they get their drivers.
var ptDrivers = []ptDriver{ptCustomership(), ptService()}

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

// Every transition of the customership and service machines, driven through
// the aggregate along the paths lifecycle derives from their definitions.
func TestModelPaths_EveryTransitionThroughTheAggregate(t *testing.T) {
	for _, dr := range ptDrivers {
		d := dr.machine.Describe()
		t.Run(d.Name, func(t *testing.T) {
			var taken []lifecycle.Edge
			for i, p := range d.CoveringPaths() {
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
