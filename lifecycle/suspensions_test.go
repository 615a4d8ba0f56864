package lifecycle_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

// S4, YTE 5: a service is suspended for one or more of YTE 5's reasons, and
// a demonstration of correction ends them all.
func TestS4_SuspensionsAreASetOfYTE5sReasons(t *testing.T) {
	t.Run("each reason has its own member", func(t *testing.T) {
		for i, r := range lifecycle.SuspensionReasons() {
			s, err := lifecycle.SuspensionsOf(r)
			require.NoError(t, err)
			assert.True(t, s.Has(r))
			assert.Equal(t, 1, s.Len())
			assert.Equal(t, []lifecycle.SuspensionReason{r}, s.Reasons())
			for j, other := range lifecycle.SuspensionReasons() {
				if j != i {
					assert.False(t, s.Has(other), "%s holds %s", r, other)
				}
			}
		}
	})

	t.Run("reasons come out in YTE 5's order, each once", func(t *testing.T) {
		s, err := lifecycle.SuspensionsOf(lifecycle.ValviraProhibition, lifecycle.Endangers, lifecycle.ValviraProhibition)
		require.NoError(t, err)
		assert.Equal(t, 2, s.Len())
		assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers, lifecycle.ValviraProhibition}, s.Reasons())
	})

	t.Run("a reason not of YTE 5 is an error naming it", func(t *testing.T) {
		_, err := lifecycle.SuspensionsOf(lifecycle.Endangers, "bad-mood")
		var u *engine.UnknownError
		require.ErrorAs(t, err, &u)
		assert.Equal(t, "bad-mood", u.Value)
		assert.Equal(t, "suspension reason", u.What)
		assert.False(t, lifecycle.SuspensionSet(0xff).Has("bad-mood"))
	})

	t.Run("the empty set", func(t *testing.T) {
		var s lifecycle.SuspensionSet
		assert.Zero(t, s.Len())
		assert.Nil(t, s.Reasons())
		assert.False(t, s.Has(lifecycle.Endangers))
	})

	t.Run("the list of reasons is a copy", func(t *testing.T) {
		rs := lifecycle.SuspensionReasons()
		rs[0] = "bad-mood"
		assert.Equal(t, lifecycle.Endangers, lifecycle.SuspensionReasons()[0])
		s, err := lifecycle.SuspensionsOf(lifecycle.Endangers)
		require.NoError(t, err)
		assert.True(t, s.Has(lifecycle.Endangers))
	})
}

// Applying a suspension to a use changes that use only: a copy taken
// earlier keeps its own suspensions.
func TestS4_ApplyKeepsTheSuspensionsOfEachUse(t *testing.T) {
	on := day("2025-03-01")
	u := lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Active}
	svc.Apply(&u, on, lifecycle.SuspendService{Reason: lifecycle.Endangers}, lifecycle.Suspended)

	svc.Apply(&u, on, lifecycle.SuspendService{Reason: lifecycle.LicenceRevoked}, lifecycle.Suspended)
	svc.Apply(&u, on, lifecycle.SuspendService{Reason: lifecycle.Endangers}, lifecycle.Suspended)
	assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers, lifecycle.LicenceRevoked}, u.Suspensions.Reasons())

	svc.Apply(&u, on, lifecycle.SuspendService{Reason: "bad-mood"}, lifecycle.Suspended)
	assert.Equal(t, 2, u.Suspensions.Len(), "a reason not of YTE 5 is not recorded")

	svc.Apply(&u, on, lifecycle.DemonstrateCorrection{}, lifecycle.Active)
	assert.Zero(t, u.Suspensions.Len(), "one demonstration ends every suspension")
}

func TestS4_SuspensionsInJSON(t *testing.T) {
	t.Run("a list of reasons, omitted when empty", func(t *testing.T) {
		s, err := lifecycle.SuspensionsOf(lifecycle.ValviraProhibition, lifecycle.Endangers)
		require.NoError(t, err)
		b, err := json.Marshal(lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Suspended, Suspensions: s})
		require.NoError(t, err)
		assert.Contains(t, string(b), `"suspensions":["endangers","valvira-prohibition"]`)

		b, err = json.Marshal(lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Active})
		require.NoError(t, err)
		assert.NotContains(t, string(b), "suspensions")

		b, err = json.Marshal(lifecycle.SuspensionSet(0))
		require.NoError(t, err)
		assert.JSONEq(t, `[]`, string(b))
	})

	t.Run("round trip", func(t *testing.T) {
		for _, reasons := range [][]lifecycle.SuspensionReason{nil, {lifecycle.LicenceRevoked}, lifecycle.SuspensionReasons()} {
			s, err := lifecycle.SuspensionsOf(reasons...)
			require.NoError(t, err)
			b, err := json.Marshal(s)
			require.NoError(t, err)
			var back lifecycle.SuspensionSet
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, s, back)
		}
		u := lifecycle.ServiceUse{Service: lifecycle.Prescription, State: lifecycle.Suspended, Suspensions: lifecycle.SuspensionSet(0b1010)}
		b, err := json.Marshal(u)
		require.NoError(t, err)
		var back lifecycle.ServiceUse
		require.NoError(t, json.Unmarshal(b, &back))
		assert.Equal(t, u, back)
	})

	t.Run("bad input is an error and changes nothing", func(t *testing.T) {
		keep, err := lifecycle.SuspensionsOf(lifecycle.Endangers)
		require.NoError(t, err)
		for _, in := range []string{`["bad-mood"]`, `["endangers","bad-mood"]`, `"endangers"`, `[1]`, `{}`} {
			s := keep
			assert.Error(t, json.Unmarshal([]byte(in), &s), in)
			assert.Equal(t, keep, s, in)
		}
		var u lifecycle.ServiceUse
		assert.Error(t, json.Unmarshal([]byte(`{"service":"prescription","state":"suspended","suspensions":["bad-mood"]}`), &u))
	})
}
