package lifecycle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// The customership machine: every step is derived from the summary of the
// customer's services (ServiceSummary), as the commitment asks Derive after
// each change of a service.

var cship = lifecycle.CustomershipMachine()

// uses returns one use of a built-in service in each of states.
func uses(states ...engine.State) []lifecycle.ServiceUse {
	out := make([]lifecycle.ServiceUse, len(states))
	for i, s := range states {
		out[i] = lifecycle.ServiceUse{Service: lifecycle.Services()[i], State: s}
	}
	return out
}

// pending gives use i of u a pending termination.
func pending(u []lifecycle.ServiceUse, i int) []lifecycle.ServiceUse {
	u[i].Termination = &lifecycle.Termination{Given: day("2029-12-01"), Effective: day("2030-01-01")}
	return u
}

// derive takes the derived steps of c under summary s on day on until there
// is none, checking each against Decide, and returns their events.
func derive(t *testing.T, c *lifecycle.Customership, s lifecycle.ServiceSummary, on notice.Date) []engine.EventID {
	t.Helper()
	var got []engine.EventID
	for i := 0; ; i++ {
		require.Less(t, i, 5, "the derived steps do not settle: %v", got)
		ev, to, ok := cship.Derive(on, c, s)
		if !ok {
			return got
		}
		decided, err := cship.Decide(on, c, s, ev)
		require.NoError(t, err, "Decide allows the step Derive finds")
		require.Equal(t, to, decided)
		cship.Apply(c, on, ev, to)
		got = append(got, ev.EventID())
	}
}

// C1, C3, C7, C8, C9, C12: applied from the first request until Kela
// approves a service; active while a service is in use without a pending
// termination; terminating while every service in use has one; ended when
// none is left in use after it was active; withdrawn when every request was
// withdrawn before any approval.
func TestC1_C3_C8_C9_C12_TheCustomershipFollowsTheServices(t *testing.T) {
	cases := []struct {
		name    string
		current engine.State
		uses    []lifecycle.ServiceUse
		want    []engine.EventID
		end     engine.State
	}{
		{"no request yet", lifecycle.None, nil, nil, lifecycle.None},
		{"C1: the first request applies", lifecycle.None, uses(lifecycle.Requested), []engine.EventID{"commitment-signed"}, lifecycle.Applied},
		{"C3: applied until approval", lifecycle.Applied, uses(lifecycle.ActivationTested), nil, lifecycle.Applied},
		{"C3: approval makes it active", lifecycle.Applied, uses(lifecycle.Active), []engine.EventID{"first-service-approved"}, lifecycle.Active},
		{"C3: approval while another application waits", lifecycle.Applied, uses(lifecycle.Active, lifecycle.Requested), []engine.EventID{"first-service-approved"}, lifecycle.Active},
		{"a suspended service is in use", lifecycle.Active, uses(lifecycle.Suspended), nil, lifecycle.Active},
		{"C12: every request withdrawn", lifecycle.Applied, uses(lifecycle.Withdrawn, lifecycle.Withdrawn), []engine.EventID{"applications-withdrawn"}, lifecycle.Withdrawn},
		{"C12: one of two withdrawn", lifecycle.Applied, uses(lifecycle.Withdrawn, lifecycle.Requested), nil, lifecycle.Applied},
		{"C9: every service in use under notice", lifecycle.Active, pending(uses(lifecycle.NoticeGiven, lifecycle.Requested), 0), []engine.EventID{"all-services-under-notice"}, lifecycle.Terminating},
		{"C9: a suspended service under notice counts", lifecycle.Active, pending(pending(uses(lifecycle.NoticeGiven, lifecycle.Suspended), 0), 1), []engine.EventID{"all-services-under-notice"}, lifecycle.Terminating},
		{"C9: one of two under notice", lifecycle.Active, pending(uses(lifecycle.NoticeGiven, lifecycle.Active), 0), nil, lifecycle.Active},
		{"C9: a suspended service without notice keeps it", lifecycle.Active, pending(uses(lifecycle.NoticeGiven, lifecycle.Suspended), 0), nil, lifecycle.Active},
		{"C9: a service in use again while terminating", lifecycle.Terminating, pending(uses(lifecycle.NoticeGiven, lifecycle.Active), 0), []engine.EventID{"service-taken-into-use"}, lifecycle.Active},
		{"C9: still terminating", lifecycle.Terminating, pending(uses(lifecycle.NoticeGiven, lifecycle.Terminated), 0), nil, lifecycle.Terminating},
		{"C8: the last service ended", lifecycle.Terminating, uses(lifecycle.Terminated, lifecycle.Withdrawn), []engine.EventID{"last-service-ended"}, lifecycle.Ended},
		{"C8: ended by an authority at once", lifecycle.Active, uses(lifecycle.Terminated), []engine.EventID{"last-service-ended"}, lifecycle.Ended},
		{"C7: no end while a service is in use", lifecycle.Active, uses(lifecycle.Active), nil, lifecycle.Active},
		{"C1: a new request after the end", lifecycle.Ended, uses(lifecycle.Terminated, lifecycle.Requested), []engine.EventID{"commitment-signed"}, lifecycle.Applied},
		{"C1: a new request after withdrawal", lifecycle.Withdrawn, uses(lifecycle.Withdrawn, lifecycle.Requested), []engine.EventID{"commitment-signed"}, lifecycle.Applied},
		{"ended stays ended", lifecycle.Ended, uses(lifecycle.Terminated), nil, lifecycle.Ended},
		{"withdrawn stays withdrawn", lifecycle.Withdrawn, uses(lifecycle.Withdrawn), nil, lifecycle.Withdrawn},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := lifecycle.Customership{State: tc.current}
			got := derive(t, &c, lifecycle.Summarize(tc.uses), day("2025-04-01"))
			assert.Equal(t, tc.want, got)
			assert.Equal(t, tc.end, c.State)
		})
	}
}

// C3, C8: the customership records the day it began and the day it last
// ended, never an end date of its own while valid (C7).
func TestC3_C8_TheCustomershipRecordsWhenItBeganAndEnded(t *testing.T) {
	var c lifecycle.Customership
	derive(t, &c, lifecycle.ServiceSummary{Applying: 1}, day("2025-01-10"))
	assert.True(t, c.Since.IsZero(), "applied is not yet a customership in force")
	derive(t, &c, lifecycle.ServiceSummary{InUse: 1}, day("2025-01-20"))
	assert.Equal(t, lifecycle.Customership{State: lifecycle.Active, Since: day("2025-01-20")}, c)
	derive(t, &c, lifecycle.ServiceSummary{InUse: 1, Pending: 1}, day("2025-02-01"))
	assert.Equal(t, lifecycle.Terminating, c.State)
	assert.True(t, c.Ended.IsZero())
	derive(t, &c, lifecycle.ServiceSummary{}, day("2025-03-01"))
	assert.Equal(t, lifecycle.Customership{State: lifecycle.Ended, Since: day("2025-01-20"), Ended: day("2025-03-01")}, c)

	derive(t, &c, lifecycle.ServiceSummary{Applying: 1}, day("2025-05-01"))
	derive(t, &c, lifecycle.ServiceSummary{InUse: 1}, day("2025-05-10"))
	assert.Equal(t, lifecycle.Customership{State: lifecycle.Active, Since: day("2025-05-10"), Ended: day("2025-03-01")}, c,
		"a new customership begins anew and keeps the day the last one ended")
}

// C8: when the last service ends, the customership ends first, even with an
// application pending; the commitment then lets the application lapse
// (application-lapsed), after which the customership stays ended. Were the
// application left pending, the machine would take it as a new first
// request.
func TestC8_TheLastServiceEndsTheCustomershipBeforePendingApplicationsLapse(t *testing.T) {
	c := lifecycle.Customership{State: lifecycle.Terminating}
	withApplication := lifecycle.Summarize(uses(lifecycle.Terminated, lifecycle.Requested))
	ev, to, ok := cship.Derive(day("2025-06-01"), &c, withApplication)
	require.True(t, ok)
	assert.Equal(t, lifecycle.LastServiceEnded{}, ev)
	assert.Equal(t, lifecycle.Ended, to)
	cship.Apply(&c, day("2025-06-01"), ev, to)

	lapsed := lifecycle.Summarize(uses(lifecycle.Terminated, lifecycle.Withdrawn))
	assert.Empty(t, derive(t, &c, lapsed, day("2025-06-01")))
	assert.Equal(t, lifecycle.Ended, c.State)

	ev, _, ok = cship.Derive(day("2025-06-01"), &c, withApplication)
	require.True(t, ok)
	assert.Equal(t, lifecycle.CommitmentSigned{}, ev)
}

// A step whose branch does not hold is refused citing the step's rule.
func TestCustomership_AStepTheServicesDoNotMakeIsRefused(t *testing.T) {
	c := lifecycle.Customership{State: lifecycle.Active}
	r := refuse(t, cship, &c, lifecycle.ServiceSummary{InUse: 1}, "2025-03-01", lifecycle.LastServiceEnded{})
	assert.Equal(t, []engine.Blocker{{Rule: "C8", Reason: "last-service-ended is possible in state active only when no service left in use"}}, r.Blockers)
}

func TestSummarize_CountsUsesByClass(t *testing.T) {
	u := pending(pending(uses(lifecycle.Active, lifecycle.Suspended, lifecycle.NoticeGiven, lifecycle.Requested, lifecycle.JointTested,
		lifecycle.ActivationTested, lifecycle.Terminated, lifecycle.Withdrawn), 2), 6)
	assert.Equal(t, lifecycle.ServiceSummary{InUse: 3, Pending: 1, Applying: 3}, lifecycle.Summarize(u),
		"a terminated use's termination is not pending")
	assert.Equal(t, lifecycle.ServiceSummary{}, lifecycle.Summarize(nil))
}

func TestCustomership_CommittedStatesAndDerivedSteps(t *testing.T) {
	assert.Equal(t, engine.StateSet{lifecycle.Applied, lifecycle.Active, lifecycle.Terminating}, cship.Members(lifecycle.Committed))
	for _, s := range []engine.State{lifecycle.Applied, lifecycle.Active, lifecycle.Terminating} {
		assert.True(t, (&lifecycle.Customership{State: s}).IsCommitted(), s)
	}
	for _, s := range []engine.State{lifecycle.None, lifecycle.Ended, lifecycle.Withdrawn} {
		assert.False(t, (&lifecycle.Customership{State: s}).IsCommitted(), s.Name())
	}
	d := cship.Describe()
	for _, tr := range d.Transitions {
		assert.True(t, tr.Derived, "%s follows from the services", tr.Event)
	}
	for _, e := range d.Events {
		assert.Zero(t, e.Actor, "nobody performs %s", e.ID)
	}
}
