package scenario

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
)

// RunTest runs scenario files from a Go test: a subtest per file, named after
// the file, and in it a subtest per step, named after its line, day and
// command. Each path is a file or a filepath.Glob pattern
// ("testdata/scenarios/*.yaml"); a pattern that matches nothing fails the
// test, so a misplaced directory cannot pass silently. A malformed file fails
// its subtest with the file and line.
func RunTest(t *testing.T, paths ...string) {
	t.Helper()
	files, err := expand(paths)
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), filepath.Ext(file)), func(t *testing.T) {
			sc, err := Load(file)
			if err != nil {
				t.Fatal(err)
			}
			sc.Run(func(r StepResult) {
				t.Run(r.testName(), func(t *testing.T) {
					for _, f := range r.Failures {
						t.Errorf("%s:%d: %s", r.File, r.Line, f)
					}
				})
			})
		})
	}
}

// testName names a step's subtest: "L12_2025-01-10_request-service".
func (r StepResult) testName() string {
	do := r.Do
	if do == "" {
		do = "time-passes"
	}
	return fmt.Sprintf("L%d_%s_%s", r.Line, r.On, do)
}

// expand returns the files that paths name, expanding glob patterns.
func expand(paths []string) ([]string, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("scenario: no scenario files given")
	}
	var out []string
	for _, p := range paths {
		if !strings.ContainsAny(p, "*?[") {
			out = append(out, p)
			continue
		}
		m, err := filepath.Glob(p)
		if err != nil {
			return nil, fmt.Errorf("scenario: pattern %q: %w", p, err)
		}
		if len(m) == 0 {
			return nil, fmt.Errorf("scenario: pattern %q matches no file", p)
		}
		out = append(out, m...)
	}
	return out, nil
}
