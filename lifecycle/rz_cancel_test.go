package lifecycle_test

// Cancellation never wedges a machine. looplab/fsm leaves an instance stuck
// "in transition" when the context it was given is cancelled half-way, and the
// adapter (Machine.Fire) promises that this cannot happen through it. The
// tests in machine_test.go check that on a toy machine, with a context
// cancelled before Fire and one cancelled from a guard. These add what they
// leave out: the real service and customership machines, with cancellation
// racing Fire from many goroutines — cancelled just before the call, from
// another goroutine while the call runs, by deadlines that expire during it —
// on every kind of step (a move, a self-transition, a refusal), and then the
// proof that every pooled engine still fires normally.

import (
	"context"
	"errors"
	"math/rand"
	"sync"
	"testing"
	"time"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// rzStep is one step to fire: from a state, with a context, expecting a
// state or a refusal.
type rzStep struct {
	name    string
	fire    func(ctx context.Context) (lifecycle.State, error)
	from    lifecycle.State
	to      lifecycle.State // the state reached when accepted
	refused bool            // the terms refuse it (a *lifecycle.Refusal)
}

// rzServiceContext is the one place that builds the service machine's
// context, so a change of its fields touches one line.
func rzServiceContext(ev lifecycle.Event, use lifecycle.ServiceUse) lifecycle.ServiceContext {
	return lifecycle.ServiceContext{
		On:       notice.MustDate(2025, 3, 14),
		Event:    ev,
		Customer: lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider},
		Use:      &use,
	}
}

func rzSteps() []rzStep {
	service := func(name string, from, to lifecycle.State, refused bool, ev lifecycle.Event) rzStep {
		use := lifecycle.ServiceUse{Service: lifecycle.Prescription, State: from}
		return rzStep{name: name, from: from, to: to, refused: refused, fire: func(ctx context.Context) (lifecycle.State, error) {
			return lifecycle.ServiceMachine().Fire(ctx, from, rzServiceContext(ev, use))
		}}
	}
	customership := func(name string, from, to lifecycle.State, ev lifecycle.Event) rzStep {
		return rzStep{name: name, from: from, to: to, fire: func(ctx context.Context) (lifecycle.State, error) {
			return lifecycle.CustomershipMachine().Fire(ctx, from, lifecycle.CustomershipContext{On: notice.MustDate(2025, 3, 14), Event: ev})
		}}
	}
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	return []rzStep{
		service("request", lifecycle.None, lifecycle.Requested, false,
			lifecycle.RequestService{Signatory: lifecycle.TradeRegister, Accepts: all}),
		service("approve", lifecycle.Requested, lifecycle.Active, false, lifecycle.ApproveService{}),
		service("withdraw", lifecycle.Requested, lifecycle.Withdrawn, false, lifecycle.WithdrawApplication{Cause: lifecycle.C12}),
		service("suspend", lifecycle.Active, lifecycle.Suspended, false, lifecycle.SuspendService{Reason: lifecycle.Endangers}),
		service("suspend again (self-transition)", lifecycle.Suspended, lifecycle.Suspended, false, lifecycle.SuspendService{Reason: lifecycle.LicenceRevoked}),
		service("demonstrate correction", lifecycle.Suspended, lifecycle.Active, false, lifecycle.DemonstrateCorrection{}),
		service("terminate at once", lifecycle.Active, lifecycle.Terminated, false, lifecycle.TerminateByAuthority{}),
		service("approve twice (refused)", lifecycle.Active, lifecycle.Active, true, lifecycle.ApproveService{}),
		service("request unsigned (refused)", lifecycle.None, lifecycle.None, true,
			lifecycle.RequestService{Signatory: lifecycle.NoSignatory, Accepts: all}),
		customership("commitment signed", lifecycle.None, lifecycle.Applied, lifecycle.CommitmentSigned{}),
		customership("first service approved", lifecycle.Applied, lifecycle.Active, lifecycle.FirstServiceApproved{}),
		customership("all services under notice", lifecycle.Active, lifecycle.Terminating, lifecycle.AllServicesUnderNotice{}),
		customership("last service ended", lifecycle.Terminating, lifecycle.Ended, lifecycle.LastServiceEnded{}),
	}
}

// check returns what is wrong with the outcome of s: nil when it is the step
// done, the step refused, or (only when cancelled) the context's error with
// the state unchanged.
func (s rzStep) check(to lifecycle.State, err error, mayBeCancelled bool) string {
	var r *lifecycle.Refusal
	switch {
	case mayBeCancelled && (errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded)):
		if to != s.from {
			return "cancelled, yet moved to " + string(to)
		}
		return ""
	case s.refused:
		if !errors.As(err, &r) || len(r.Citations()) == 0 || to != s.from {
			return "expected a refusal citing a clause, got " + string(to) + ": " + rzErr(err)
		}
		return ""
	case err != nil:
		return "failed: " + err.Error()
	case to != s.to:
		return "went to " + string(to) + ", not " + string(s.to)
	}
	return ""
}

func rzErr(err error) string {
	if err == nil {
		return "no error"
	}
	return err.Error()
}

// rzFireAll fires every step from g goroutines, n times each, with a
// context that cannot be cancelled, and reports any outcome other than the
// step's own.
func rzFireAll(t *testing.T, steps []rzStep, g, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for k := 0; k < g; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < n; i++ {
				for _, s := range steps {
					to, err := s.fire(context.Background())
					if msg := s.check(to, err, false); msg != "" {
						t.Errorf("%s: %s", s.name, msg)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestMachine_CancellationRacingFireNeverWedgesTheRealMachines(t *testing.T) {
	steps := rzSteps()
	rzFireAll(t, steps, 1, 1) // each step does what it says with nothing cancelled

	const goroutines, rounds = 16, 300
	var wg sync.WaitGroup
	var mu sync.Mutex
	cancelled := 0
	for k := 0; k < goroutines; k++ {
		wg.Add(1)
		go func(seed int64) {
			defer wg.Done()
			rng := rand.New(rand.NewSource(seed))
			for i := 0; i < rounds; i++ {
				s := steps[rng.Intn(len(steps))]
				var ctx context.Context
				var cancel context.CancelFunc
				switch rng.Intn(4) {
				case 0: // cancelled before the call
					ctx, cancel = context.WithCancel(context.Background())
					cancel()
				case 1: // cancelled by another goroutine, racing the call
					ctx, cancel = context.WithCancel(context.Background())
					go cancel()
				case 2: // a deadline that expires around the call
					ctx, cancel = context.WithTimeout(context.Background(), time.Duration(rng.Intn(20))*time.Microsecond)
				default: // cancelled with a cause, racing the call
					var cancelCause context.CancelCauseFunc
					ctx, cancelCause = context.WithCancelCause(context.Background())
					cancel = func() { cancelCause(errors.New("the caller gave up")) }
					go cancel()
				}
				to, err := s.fire(ctx)
				cancel()
				if ctx.Err() != nil && err != nil && !errors.As(err, new(*lifecycle.Refusal)) {
					mu.Lock()
					cancelled++
					mu.Unlock()
				}
				if msg := s.check(to, err, true); msg != "" {
					t.Errorf("%s (round %d): %s", s.name, i, msg)
					return
				}
			}
		}(int64(k))
	}
	wg.Wait()
	if cancelled == 0 {
		t.Error("no call saw its context cancelled; the race was never run")
	}
	t.Logf("%d of %d calls returned their context's error", cancelled, goroutines*rounds)

	// No engine is left stuck in a transition: every step still works, from
	// many goroutines at once, so pooled engines are taken again.
	rzFireAll(t, steps, goroutines, 20)
}
