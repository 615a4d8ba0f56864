// Package scenariotest runs scenario files from Go tests: each file is a
// subtest, and each of its steps a subtest of the file's, so `go test`
// reports a failed contract rule by file, line, day and act. It is apart
// from package scenario so that programs that run scenarios, such as the
// kanta command, do not link package testing.
package scenariotest

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kantakit/kanta/scenario"
)

// Run runs scenario files: a subtest per file, named after the file, and in
// it a subtest per step, named after its line, day and act. Each path is a
// file or a filepath.Glob pattern ("testdata/scenarios/*.yaml"); a pattern
// that matches nothing fails the test, so a misplaced directory cannot pass
// silently. A malformed file fails its subtest with the file and line.
func Run(t *testing.T, paths ...string) {
	t.Helper()
	files, err := expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), func(t *testing.T) {
			sc, err := scenario.Load(file)
			if err != nil {
				t.Fatal(err)
			}
			sc.Run(func(r scenario.StepResult) {
				t.Run(testName(r), func(t *testing.T) {
					for _, f := range r.Failures {
						t.Errorf("%s:%d: %s", r.File, r.Line, f)
					}
				})
			})
		})
	}
}

// testName names a step's subtest: "L12_2025-01-10_request-service".
func testName(r scenario.StepResult) string {
	do := r.Do
	if do == "" {
		do = "time-passes"
	}
	return fmt.Sprintf("L%d_%s_%s", r.Line, r.On, do)
}

// expand returns the files that paths name, expanding glob patterns.
func expand(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("scenariotest: no scenario files given")
	}
	var out []string
	for _, p := range paths {
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("scenariotest: pattern %q: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("scenariotest: pattern %q matches no file", p)
		}
		out = append(out, m...)
	}
	return out, nil
}
