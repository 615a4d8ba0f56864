package scenario_test

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kantakit/kanta/scenario"
)

// FuzzParse feeds Parse the repository's scenarios, the malformed snippets
// below and the corpus in testdata/fuzz/FuzzParse, and mutations of them
// under `go test -fuzz FuzzParse`. Parse must never panic; an error must be
// an *Error naming the file and a line; a file that parses must run without
// the library panicking.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob(scenarioFiles)
	if err != nil || len(files) == 0 {
		f.Fatalf("no scenario files: %v", err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	for _, s := range []string{
		"",
		"---\n",
		"name: x\n",
		"name: [",
		"name: x\nparties: []\nsteps: []\n",
		"name: &a x\nparties: *a\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - on: 2025-01-01\n    party: a\n    do: add-pharmacy\n    pharmacy: p\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - {on: 9999-12-31, party: a, do: terminate-by-authority, all: true}\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - {on: 2025-01-01, party: a, do: terminate-by-authority, service: kelain, effective: 0001-01-01}\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - {on: 0001-01-01, expect: {party: a, customership: none}}\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - {on: 2025-01-01, party: a, do: notify-change, rule: data-breach}\n",
		"name: x\nparties: [{id: a, kind: other}]\nsteps:\n  - {on: 2025-01-01, party: a, do: approve-service, service: kelain, org_unit: x}\n",
		"name: x\n---\nname: y\n",
		"\xef\xbb\xbfname: x\n",
		"name: \xc3\x28\n",
		"name: !!binary aGVsbG8=\nparties: []\n",
		"? [a, b]\n: c\n",
		"name: x\nparties:\n  - {id: a, kind: other}\nsteps:\n  - on: 2025-01-01\n    expect: {services: {prescription: active}}\n",
		strings.Repeat("[", 200),
		"name: x\nparties: [{id: a, kind: app-vendor}]\nsteps:\n  - {on: 2025-01-01, party: a, do: register-app, app: x, signatory: trade-register, expect: {apps: {x: registered}}}\n  - {on: 2025-01-02, do: remove-app, app: x, reason: non-compliance}\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		sc, err := scenario.Parse("fuzz.yaml", data)
		if err != nil {
			var e *scenario.Error
			if !errors.As(err, &e) {
				t.Fatalf("error of type %T: %v", err, err)
			}
			if e.File != "fuzz.yaml" || e.Line < 1 {
				t.Fatalf("error without file and line: %#v", e)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, fmt.Sprintf("fuzz.yaml:%d: ", e.Line)) || strings.Contains(msg, "\n") {
				t.Fatalf("error is not one line naming file and line: %q", msg)
			}
			if sc != nil {
				t.Fatal("a scenario and an error")
			}
			return
		}
		if sc == nil || sc.Name == "" || len(sc.Steps) == 0 {
			t.Fatalf("parsed an incomplete scenario: %#v", sc)
		}
		for i, st := range sc.Steps {
			if (st.Do == "") != (st.Act == nil) {
				t.Fatalf("step %d: do %q with act %v", i, st.Do, st.Act)
			}
			if st.Act != nil && string(st.Act.EventID()) != st.Do {
				t.Fatalf("step %d: do %q builds the act %s", i, st.Do, st.Act.EventID())
			}
			if i > 0 && st.On.Before(sc.Steps[i-1].On) {
				t.Fatalf("step %d is out of date order", i)
			}
		}
		sc.Run(func(r scenario.StepResult) {
			for _, msg := range r.Failures {
				if strings.Contains(msg, "panicked") {
					t.Fatalf("%s", r)
				}
			}
		})
	})
}
