package fees_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
)

func TestEveryRuleCitesItsClause(t *testing.T) {
	want := map[fees.Rule]string{
		fees.F1: "YTE 6, OTV 7",
		fees.F2: "YTE 6, OTV 7",
		fees.F3: "YLS 18",
		fees.F4: "OTV 7",
		fees.F5: "YTE 6, OTV 7",
		fees.F6: "YTE 6, OTV 7, YLS 18",
		fees.L1: "YTE 5, OTV 6",
		fees.L2: "YTE 5",
		fees.L3: "YTE 5, OTV 6",
		fees.L4: "YTE 5, OTV 6",
		fees.L5: "YTE 3.1, OTV 4.7",
	}
	require.Len(t, fees.AllRules(), len(want))
	for _, r := range fees.AllRules() {
		assert.True(t, r.Known())
		assert.Equal(t, want[r], r.Clause(), string(r))
		assert.NotEmpty(t, r.Summary(), string(r))
	}
	assert.True(t, fees.F2.Design())
	assert.True(t, fees.F5.Design())
	assert.False(t, fees.L2.Design())
	assert.NotEmpty(t, fees.L2.Reading(), "L2's order and zero are this library's reading")
	assert.Equal(t, "L2 (YTE 5)", fees.L2.Cite())
	assert.Equal(t, "F2 (design, nearest YTE 6, OTV 7)", fees.F2.Cite())
	assert.Equal(t, []string{"YTE 3.1", "OTV 4.7", "YTE 5"}, fees.Clauses([]fees.Rule{fees.L5, fees.L2}))
	assert.False(t, fees.Rule("X9").Known())
}

func TestErrorsCarryRuleClauseAndInput(t *testing.T) {
	_, err := fees.ParseAmount("12.345")
	var fe *fees.Error
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, fees.F2, fe.Rule)
	assert.Equal(t, "YTE 6, OTV 7", fe.Clause())
	assert.Equal(t, "12.345", fe.Input)
	assert.Equal(t, `fees: amount has more than two decimals: "12.345" [F2 (design, nearest YTE 6, OTV 7)]`, err.Error())
	assert.True(t, errors.Is(err, fees.F2))
	assert.False(t, errors.Is(err, fees.L2))
}

// TestEachRuleIsAppliedAtOnePlace reads the package's source: each rule is
// named where it is applied by exactly one comment of the form "<rule> is
// applied here" or "is where <rule> is applied", so a reader can find it.
func TestEachRuleIsAppliedAtOnePlace(t *testing.T) {
	files, err := filepath.Glob("*.go")
	require.NoError(t, err)
	var src strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src.Write(b)
	}
	s := src.String()
	for _, r := range fees.AllRules() {
		n := strings.Count(s, string(r)+" is applied here") + strings.Count(s, "is where "+string(r)+" is applied")
		assert.Equal(t, 1, n, "%s should be applied at exactly one marked place", r)
	}
}
