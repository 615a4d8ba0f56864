package rules_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/rules"
)

// Every rule of the book has a group, clauses and a statement, and no
// identifier is listed twice.
func TestRules_EveryRuleIsComplete(t *testing.T) {
	seen := map[rules.Rule]bool{}
	for _, r := range rules.All() {
		require.False(t, seen[r], "%s is listed twice", string(r))
		seen[r] = true
		info, ok := rules.Lookup(r)
		require.True(t, ok)
		assert.Equal(t, r, info.Rule)
		assert.Contains(t, rules.Groups(), info.Group, string(r))
		assert.NotEmpty(t, info.Clauses, string(r))
		assert.NotEmpty(t, info.Statement, string(r))
		assert.True(t, r.Known())
	}
	var grouped int
	for _, g := range rules.Groups() {
		grouped += len(rules.In(g))
	}
	assert.Equal(t, len(rules.All()), grouped, "every rule is in one group")
	_, ok := rules.Lookup("Z9")
	assert.False(t, ok)
	assert.False(t, rules.Rule("Z9").Known())
}

// Citations split a rule's clauses one by one with their document code,
// and a design rule says so last.
func TestRules_Citations(t *testing.T) {
	assert.Equal(t, []string{"OTV 3.1", "OTV 4.1", "OTV 8"}, rules.A2.Citations())
	assert.Equal(t, []string{"SAT", "YTE 2.5"}, rules.S2.Citations())
	assert.Equal(t, []string{"YLS 1", "YLS 2", "YLS 13", "design"}, rules.J3.Citations())
	assert.Equal(t, []string{"YTE 3.1", "OTV 4.7", "YTE 5"}, rules.Citations(rules.L5, rules.L2), "each citation once, in order")
	assert.Nil(t, rules.Rule("Z9").Citations())
}

// A design rule is cited as design with its nearest clause, never as the
// sources' own words.
func TestRules_CiteAndSource(t *testing.T) {
	assert.Equal(t, "C4 (YTE 7)", rules.C4.Cite())
	assert.Equal(t, "S5b (design, nearest YTE 7.1)", rules.S5b.Cite())
	assert.Equal(t, "design, nearest YTE 7.1", rules.S5b.Source())
	assert.Equal(t, "SAT", rules.ServiceTermination.Source())
	assert.True(t, rules.S6.Design())
	assert.False(t, rules.C4.Design())
	assert.NotEmpty(t, rules.L2.Reading())
	assert.Empty(t, rules.C4.Reading())
}

// A rule is an error that errors.Is finds, and prints as its identifier in
// messages, with its citation under %+v.
func TestRules_ErrorAndFormat(t *testing.T) {
	err := fmt.Errorf("refused: %w", rules.S2)
	assert.True(t, errors.Is(err, rules.S2))
	assert.False(t, errors.Is(err, rules.S3))
	assert.Equal(t, "S2 (SAT, YTE 2.5): "+rules.S2.Statement(), rules.S2.Error())
	assert.Equal(t, "S2", fmt.Sprintf("%s", rules.S2))
	assert.Equal(t, "S2", fmt.Sprintf("%v", rules.S2))
	assert.Equal(t, `"S2"`, fmt.Sprintf("%q", rules.S2))
	assert.Equal(t, "S2 (SAT, YTE 2.5)", fmt.Sprintf("%+v", rules.S2))
}
