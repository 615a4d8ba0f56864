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
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

func TestEveryRuleCitesItsClause(t *testing.T) {
	want := map[rules.Rule]string{
		rules.F1: "YTE 6, OTV 7",
		rules.F2: "YTE 6, OTV 7",
		rules.F3: "YLS 18",
		rules.F4: "OTV 7",
		rules.F5: "YTE 6, OTV 7",
		rules.F6: "YTE 6, OTV 7, YLS 18",
		rules.L1: "YTE 5, OTV 6",
		rules.L2: "YTE 5",
		rules.L3: "YTE 5, OTV 6",
		rules.L4: "YTE 5, OTV 6",
		rules.L5: "YTE 3.1, OTV 4.7",
	}
	all := append(rules.In(rules.Fees), rules.In(rules.Liability)...)
	require.Len(t, all, len(want))
	for _, r := range all {
		assert.True(t, r.Known())
		assert.Equal(t, want[r], r.Clause(), string(r))
		assert.NotEmpty(t, r.Statement(), string(r))
	}
	assert.True(t, rules.F2.Design())
	assert.True(t, rules.F5.Design())
	assert.False(t, rules.L2.Design())
	assert.NotEmpty(t, rules.L2.Reading(), "L2's order and zero are this library's reading")
	assert.Equal(t, "L2 (YTE 5)", rules.L2.Cite())
	assert.Equal(t, "F2 (design, nearest YTE 6, OTV 7)", rules.F2.Cite())
	assert.Equal(t, []string{"YTE 3.1", "OTV 4.7", "YTE 5"}, rules.Citations(rules.L5, rules.L2))
	assert.False(t, rules.Rule("X9").Known())
}

func TestErrorsCarryRuleClauseAndInput(t *testing.T) {
	_, err := fees.ParseAmount("12.345")
	var fe *fees.Error
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, rules.F2, fe.Rule)
	assert.Equal(t, "YTE 6, OTV 7", fe.Clause())
	assert.Equal(t, "12.345", fe.Input)
	assert.Equal(t, `fees: amount has more than two decimals: "12.345"`, err.Error(), "a malformed amount cites no rule")
	assert.True(t, errors.Is(err, rules.F2))
	assert.False(t, errors.Is(err, rules.L2))

	_, err = fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: notice.MustDate(2025, 3, 15), MonthlyFee: fees.Cents(-1), FeeKnown: true}, nil)
	assert.Equal(t, `fees: negative monthly fee: "-0.01" [F2 (design, nearest YTE 6, OTV 7)]`, err.Error(), "a refusal by a rule cites it")
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
	for _, r := range append(rules.In(rules.Fees), rules.In(rules.Liability)...) {
		n := strings.Count(s, string(r)+" is applied here") + strings.Count(s, "is where "+string(r)+" is applied")
		assert.Equal(t, 1, n, "%s should be applied at exactly one marked place", r)
	}
}
