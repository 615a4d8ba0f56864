package lifecycle

import (
	"context"
	"testing"

	"github.com/kantakit/kanta/notice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func uses(states ...State) []ServiceUse {
	out := make([]ServiceUse, len(states))
	for i, s := range states {
		out[i] = ServiceUse{Service: Services()[i], State: s}
	}
	return out
}

func pending(u []ServiceUse, i int) []ServiceUse {
	u[i].Termination = &Termination{Effective: notice.MustDate(2030, 1, 1)}
	return u
}

// SPEC §10: applied from the first request until Kela approves a service;
// active while a service is in use without a pending termination; terminating
// while every service in use has one; ended when none is left in use after it
// was active; withdrawn when every request was withdrawn before any approval.
func TestSPEC10_CustomershipFollowsTheServices(t *testing.T) {
	cases := []struct {
		name    string
		current State
		uses    []ServiceUse
		want    State
	}{
		{"no request yet", None, nil, None},
		{"C1: the first request applies", None, uses(Requested), Applied},
		{"C3: applied until approval", Applied, uses(ActivationTested), Applied},
		{"C3: approval makes it active", Applied, uses(Active), Active},
		{"suspended counts as in use", Active, uses(Suspended), Active},
		{"C12: every request withdrawn", Applied, uses(Withdrawn, Withdrawn), Withdrawn},
		{"C12: one of two withdrawn", Applied, uses(Withdrawn, Requested), Applied},
		{"C9: all in use under notice", Active, pending(uses(NoticeGiven, Requested), 0), Terminating},
		{"C9: a suspended service under notice counts", Active, pending(pending(uses(NoticeGiven, Suspended), 0), 1), Terminating},
		{"C9: one of two under notice", Active, pending(uses(NoticeGiven, Active), 0), Active},
		{"C9: a new service while terminating", Terminating, pending(uses(NoticeGiven, Active), 0), Active},
		{"C8: the last service ended", Terminating, uses(Terminated, Requested), Ended},
		{"C8: ended by authority at once", Active, uses(Terminated), Ended},
		{"C7: no end date while in use", Active, uses(Active), Active},
		{"a new request after the end", Ended, uses(Terminated, Requested), Applied},
		{"a new request after withdrawal", Withdrawn, uses(Withdrawn, Requested), Applied},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, CustomershipTarget(tc.current, tc.uses))
			// The derived events lead there through the machine.
			s := tc.current
			for _, ev := range CustomershipEvents(tc.current, tc.uses) {
				var err error
				s, err = CustomershipMachine().Fire(context.Background(), s, CustomershipContext{Event: ev})
				require.NoError(t, err)
			}
			assert.Equal(t, tc.want, s)
		})
	}
}
