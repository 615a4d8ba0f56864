package lifecycle

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/kantakit/kanta/notice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// S4, YTE 5: a service is suspended for one or more of YTE 5's reasons, and
// a demonstration of correction ends them all.
func TestYTE5_S4_SuspensionsAreASetOfYTE5sReasons(t *testing.T) {
	t.Run("each reason has its own member", func(t *testing.T) {
		for i, r := range SuspensionReasons() {
			s, err := SuspensionsOf(r)
			require.NoError(t, err)
			assert.True(t, s.Has(r))
			assert.Equal(t, 1, s.Len())
			assert.Equal(t, []SuspensionReason{r}, s.Reasons())
			for j, other := range SuspensionReasons() {
				if j != i {
					assert.False(t, s.Has(other), "%s holds %s", r, other)
				}
			}
		}
	})

	t.Run("reasons come out in YTE 5's order, each once", func(t *testing.T) {
		s, err := SuspensionsOf(ValviraProhibition, Endangers, ValviraProhibition)
		require.NoError(t, err)
		assert.Equal(t, 2, s.Len())
		assert.Equal(t, []SuspensionReason{Endangers, ValviraProhibition}, s.Reasons())
	})

	t.Run("a reason not of YTE 5 is an error naming it", func(t *testing.T) {
		_, err := SuspensionsOf(Endangers, "bad-mood")
		var u *UnknownError
		require.True(t, errors.As(err, &u), "%v", err)
		assert.Equal(t, "bad-mood", u.Value)
		assert.False(t, SuspensionSet(0xff).Has("bad-mood"))
	})

	t.Run("the empty set", func(t *testing.T) {
		var s SuspensionSet
		assert.Zero(t, s.Len())
		assert.Nil(t, s.Reasons())
		assert.False(t, s.Has(Endangers))
	})
}

func TestYTE5_S4_ApplyKeepsTheSuspensionsOfEachUse(t *testing.T) {
	on := notice.MustDate(2025, 3, 1)
	u := ServiceUse{Service: Prescription, State: Active}
	u.Apply(on, SuspendService{Reason: Endangers}, Suspended)
	before := u // a copy shares nothing with u

	u.Apply(on, SuspendService{Reason: LicenceRevoked}, Suspended)
	u.Apply(on, SuspendService{Reason: Endangers}, Suspended)
	assert.Equal(t, []SuspensionReason{Endangers, LicenceRevoked}, u.Suspensions.Reasons())
	assert.Equal(t, []SuspensionReason{Endangers}, before.Suspensions.Reasons(), "the copy changed with the use")

	u.Apply(on, SuspendService{Reason: "bad-mood"}, Suspended)
	assert.Equal(t, 2, u.Suspensions.Len(), "a reason not of YTE 5 is not recorded")

	u.Apply(on, DemonstrateCorrection{}, Active)
	assert.Zero(t, u.Suspensions.Len(), "one demonstration ends every suspension")
	assert.Equal(t, 1, before.Suspensions.Len())
}

func TestYTE5_S4_SuspensionsInJSON(t *testing.T) {
	t.Run("a list of reasons, omitted when empty", func(t *testing.T) {
		s, err := SuspensionsOf(ValviraProhibition, Endangers)
		require.NoError(t, err)
		b, err := json.Marshal(ServiceUse{Service: Prescription, State: Suspended, Suspensions: s})
		require.NoError(t, err)
		assert.Contains(t, string(b), `"suspensions":["endangers","valvira-prohibition"]`)

		b, err = json.Marshal(ServiceUse{Service: Prescription, State: Active})
		require.NoError(t, err)
		assert.NotContains(t, string(b), "suspensions")

		b, err = json.Marshal(SuspensionSet(0))
		require.NoError(t, err)
		assert.JSONEq(t, `[]`, string(b))
	})

	t.Run("round trip", func(t *testing.T) {
		for _, reasons := range [][]SuspensionReason{nil, {LicenceRevoked}, SuspensionReasons()} {
			s, err := SuspensionsOf(reasons...)
			require.NoError(t, err)
			b, err := json.Marshal(s)
			require.NoError(t, err)
			var back SuspensionSet
			require.NoError(t, json.Unmarshal(b, &back))
			assert.Equal(t, s, back)
		}
	})

	t.Run("bad input is an error and changes nothing", func(t *testing.T) {
		keep, err := SuspensionsOf(Endangers)
		require.NoError(t, err)
		for _, in := range []string{`["bad-mood"]`, `["endangers","bad-mood"]`, `"endangers"`, `[1]`, `{}`} {
			s := keep
			assert.Error(t, json.Unmarshal([]byte(in), &s), in)
			assert.Equal(t, keep, s, in)
		}
		var u ServiceUse
		assert.Error(t, json.Unmarshal([]byte(`{"service":"prescription","state":"suspended","suspensions":["bad-mood"]}`), &u))
	})
}

func ExampleSuspensionSet() {
	s, err := SuspensionsOf(ValviraProhibition, Endangers)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(s.Len(), s.Has(Endangers), s.Has(LicenceRevoked))
	fmt.Println(s.Reasons())
	b, _ := json.Marshal(s)
	fmt.Println(string(b))
	// Output:
	// 2 true false
	// [endangers valvira-prohibition]
	// ["endangers","valvira-prohibition"]
}
