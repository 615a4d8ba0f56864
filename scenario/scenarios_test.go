package scenario_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/rules"
	"github.com/kantakit/kanta/scenario"
	"github.com/kantakit/kanta/scenario/scenariotest"
)

// scenarioFiles are the repository's scenarios: one or more per rule of the
// customership, the use of a service, the joint-connection agreement and the
// wellbeing application (the C, S, J and A rules of docs/rules.md).
const scenarioFiles = "../testdata/scenarios/*.yaml"

// TestScenarios runs every scenario of testdata/scenarios, a subtest per file
// and per step, exactly as `kanta check testdata/scenarios/*.yaml` does.
func TestScenarios(t *testing.T) { scenariotest.Run(t, scenarioFiles) }

// scenarioRules are the rule ids of the customership (C1–C14), the use of a
// service (S1–S7 with S2b, S5b), the joint-connection agreement (J1–J10 with
// J1b) and the wellbeing application (A1–A8 with A6b), written out here
// rather than taken from package rules, so that a rule dropped from the
// library still needs its scenario.
var scenarioRules = []string{
	"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12", "C13", "C14",
	"S1", "S2", "S2b", "S3", "S4", "S5", "S5b", "S6", "S7",
	"J1", "J1b", "J2", "J3", "J4", "J5", "J6", "J7", "J8", "J9", "J10",
	"A1", "A2", "A3", "A4", "A5", "A6", "A6b", "A7", "A8",
	"K1", "P1",
}

// ruleIDs returns the rule ids among the words of s ("C1, C2: …" gives C1
// and C2; "C10" is not C1).
func ruleIDs(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, id := range scenarioRules {
			if w == id {
				out[id] = true
			}
		}
	}
	return out
}

func TestRuleIDs_WholeWordsOnly(t *testing.T) {
	assert.Equal(t, map[string]bool{"C1": true, "C10": true, "S2b": true}, ruleIDs("C1, C10: S2b and S2bis, C100"))
}

func TestEveryCustomershipServiceAgreementAndAppRuleHasAScenario(t *testing.T) {
	files, err := filepath.Glob(scenarioFiles)
	require.NoError(t, err)
	require.NotEmpty(t, files)
	covered := map[string][]string{}
	for _, f := range files {
		sc, err := scenario.Load(f)
		require.NoError(t, err)
		inName := ruleIDs(sc.Name)
		assert.NotEmpty(t, inName, "%s: the scenario's name names no rule: %q", f, sc.Name)
		inFile := ruleIDs(filepath.Base(f))
		assert.NotEmpty(t, inFile, "%s: the file name names no rule", f)
		for id := range inFile {
			assert.True(t, inName[id], "%s: the file name names %s but the scenario's name does not", f, id)
		}
		for id := range inName {
			covered[id] = append(covered[id], filepath.Base(f))
		}
	}
	for _, id := range scenarioRules {
		assert.NotEmpty(t, covered[id], "rule %s appears in no scenario's name", id)
	}
}

// The list above and the rule book's customership, service, agreement, app
// and catalogue and contact rules agree, so the coverage test above covers every rule the library
// enforces in these groups.
func TestScenarioRulesAreTheRuleBooks(t *testing.T) {
	var book []string
	for _, g := range []rules.Group{rules.Customership, rules.Service, rules.Agreement, rules.App, rules.Other} {
		for _, r := range rules.In(g) {
			book = append(book, string(r))
		}
	}
	assert.ElementsMatch(t, scenarioRules, book)
}
