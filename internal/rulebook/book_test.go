package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/rules"
)

const root = "../.."

// docs/rules.md is what the generator writes from the repository as it
// is: a changed rule, machine, test or scenario without go generate fails
// here.
func TestRuleBook_IsUpToDate(t *testing.T) {
	want, err := Generate(root)
	require.NoError(t, err)
	have, err := os.ReadFile(filepath.Join(root, "docs", "rules.md"))
	require.NoError(t, err)
	assert.Equal(t, want, string(have), "docs/rules.md is stale: run go generate ./... and commit the result")
}

// Every rule of the table has its row, under its group's heading.
func TestRuleBook_ListsEveryRule(t *testing.T) {
	text, err := Generate(root)
	require.NoError(t, err)
	for _, r := range rules.All() {
		assert.Contains(t, text, "\n| "+string(r)+" | ", string(r))
	}
}

// Places, tests and scenarios are found in the repository, not listed by
// hand: the rule book finds a guard, a function, a test and a scenario of
// a rule that has each.
func TestRuleBook_FindsPlacesTestsAndScenarios(t *testing.T) {
	b, err := Find(root)
	require.NoError(t, err)
	assert.Contains(t, b.Places[rules.S2], "service machine, approve-service: guard “joint testing passed where required”")
	assert.Contains(t, b.Places[rules.C5], "commitment.(*records).transferBlockers")
	assert.True(t, b.Breakable[rules.S2])
	assert.False(t, b.Breakable[rules.R3], "a retention rule is an obligation, not a refusal")
	assert.NotEmpty(t, b.Scenarios[rules.C13])
	var tests []string
	for _, name := range b.Tests[rules.C13] {
		tests = append(tests, name)
	}
	assert.NotEmpty(t, tests)
	for _, name := range tests {
		assert.True(t, strings.Contains(name, ".TestC13_") || strings.Contains(name, "_C13_"), name)
	}
}

// Names begin with their rules: tokens up to the first that is no rule.
func TestRuleOf_ReadsRuleIdentifiersAndNoticeRules(t *testing.T) {
	for token, want := range map[string]rules.Rule{"S2": rules.S2, "J1b": rules.J1b, "ServiceTermination": rules.ServiceTermination} {
		got, ok := ruleOf(token)
		assert.True(t, ok, token)
		assert.Equal(t, want, got)
	}
	for _, token := range []string{"Request", "s2", "", "S99"} {
		_, ok := ruleOf(token)
		assert.False(t, ok, token)
	}
	assert.Equal(t, []rules.Rule{rules.C14, rules.S2}, cited("amended terms apply from their date (YTE 9, OTV 3.1; C14), and tests (S2)"))
}

// Every rule a command can break is enforced somewhere that cites it, has
// a Go test named after it and a scenario: the rule book's summary says
// so, and a rule that loses one of them fails here, not only in the text.
func TestRuleBook_EveryBreakableRuleIsEnforcedTestedAndInAScenario(t *testing.T) {
	b, err := Find(root)
	require.NoError(t, err)
	breakable := 0
	for _, r := range rules.All() {
		if !b.Breakable[r] {
			continue
		}
		breakable++
		assert.NotEmpty(t, b.Places[r], "%s is enforced nowhere that cites it", r)
		assert.NotEmpty(t, b.Tests[r], "%s has no Go test named after it", r)
		assert.NotEmpty(t, b.Scenarios[r], "%s has no scenario", r)
	}
	assert.Greater(t, breakable, 30, "the rules a command can break are found")
}

// A rule without a scenario is named in the summary with the reason it has
// none, and a rule with one is not.
func TestRuleBook_NamesEveryRuleWithoutAScenario(t *testing.T) {
	b, err := Find(root)
	require.NoError(t, err)
	text := b.summary()
	for _, r := range rules.All() {
		line := "\n- " + string(r) + ": "
		if len(b.Scenarios[r]) == 0 && !b.Breakable[r] {
			assert.Contains(t, text, line, "%s has no scenario and is not named", r)
		} else {
			assert.NotContains(t, text, line, "%s is named although it has a scenario or is breakable", r)
		}
	}
	assert.Contains(t, b.noScenarioReason(rules.R3), "applied, not refused")
	assert.Contains(t, b.noScenarioReason(rules.ServiceTermination), "notice.LookupRule")
}
