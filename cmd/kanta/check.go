package main

import (
	"errors"
	"fmt"
	"io"

	"github.com/kantakit/kanta/scenario"
)

// checkCommand is `kanta check` (SPEC §10): scenario files, contract rules
// tested as data.
var checkCommand = command{
	summary: "run scenario files: contract rules written as YAML",
	run:     runCheck,
}

// runCheck runs `kanta check FILE...`. Every file is read and validated
// before any runs: when one is malformed or unreadable, none runs, its error
// (file:line: message) is the one line on stderr, nothing goes to stdout and
// the exit code is 2. Otherwise each step prints a line, the last line is
// "N passed, M failed" over all files, and the exit code is 0 when every
// expectation held and 1 when one did not.
func runCheck(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("check")
	if err := fs.Parse(args); err != nil {
		return fail(stderr, fmt.Errorf("check: %w", err))
	}
	if fs.NArg() == 0 {
		return fail(stderr, errors.New("check: no scenario file given; usage: kanta check FILE..."))
	}
	scenarios := make([]*scenario.Scenario, 0, fs.NArg())
	for _, path := range fs.Args() {
		sc, err := scenario.Load(path)
		if err != nil {
			return fail(stderr, err)
		}
		scenarios = append(scenarios, sc)
	}
	var total scenario.Result
	for _, sc := range scenarios {
		total = total.Add(sc.Run(func(r scenario.StepResult) { fmt.Fprintln(stdout, r) }))
	}
	fmt.Fprintln(stdout, total)
	if !total.OK() {
		return exitFailed
	}
	return exitOK
}
