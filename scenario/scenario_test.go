package scenario_test

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/scenario"
)

// scenarioFiles are the repository's scenarios: one or more per rule of SPEC
// §3, §4, §6 and §7.
const scenarioFiles = "../testdata/scenarios/*.yaml"

// TestScenarios runs every scenario of testdata/scenarios, a subtest per file
// and per step, exactly as `kanta check testdata/scenarios/*.yaml` does.
func TestScenarios(t *testing.T) {
	scenario.RunTest(t, scenarioFiles)
}

// specRules are the rule ids of SPEC §3 (C1–C14), §4 (S1–S7 with S2b, S5b),
// §6 (J1–J10 with J1b) and §7 (A1–A8 with A6b), written out from the spec so
// that a rule dropped from the library still needs its scenario.
var specRules = []string{
	"C1", "C2", "C3", "C4", "C5", "C6", "C7", "C8", "C9", "C10", "C11", "C12", "C13", "C14",
	"S1", "S2", "S2b", "S3", "S4", "S5", "S5b", "S6", "S7",
	"J1", "J1b", "J2", "J3", "J4", "J5", "J6", "J7", "J8", "J9", "J10",
	"A1", "A2", "A3", "A4", "A5", "A6", "A6b", "A7", "A8",
}

// ruleIDs returns the rule ids among the words of s ("C1, C2: …" gives C1
// and C2; "C10" is not C1).
func ruleIDs(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) {
		for _, id := range specRules {
			if w == id {
				out[id] = true
			}
		}
	}
	return out
}

func TestEveryRuleOfSpec3_4_6_7HasAScenario(t *testing.T) {
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
	for _, id := range specRules {
		assert.NotEmpty(t, covered[id], "rule %s appears in no scenario's name", id)
	}
}

// The spec's list and the library's rule table agree, so the coverage test
// above covers every rule the library enforces in these sections.
func TestSpecRulesAreTheLibrarysRules(t *testing.T) {
	var lib []string
	for _, r := range lifecycle.AllRules() {
		if strings.ContainsAny(string(r)[:1], "CSJA") {
			lib = append(lib, string(r))
		}
	}
	assert.ElementsMatch(t, specRules, lib)
}
