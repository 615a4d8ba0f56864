package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kantakit/kanta/scenario"
)

// checkCommand is `kanta check` (docs/cli.md): scenario files, contract rules
// tested as data, in the format of docs/scenarios.md.
func checkCommand() command {
	return command{
		name:     "check",
		synopsis: "FILE...",
		summary:  "run scenario files (contract rules written as YAML, each at most 256 KiB); exit 1 when an expectation fails",
		args:     true,
		setup:    setupCheck,
	}
}

// setupCheck returns `kanta check FILE...`, which has no flags. Every file
// is read and validated before any runs: when one is malformed or
// unreadable, none runs, its error (file:line: message) is the one line on
// stderr, nothing goes to stdout and the exit code is 2. Otherwise each step
// prints a line, the last line is "N passed, M failed" over all files, and
// the exit code is 0 when every expectation held and 1 when one did not.
func setupCheck(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	return func(files []string, stdout, stderr io.Writer) int {
		if len(files) == 0 {
			return fail(stderr, "check", errors.New("no scenario file given; usage: kanta check FILE..."))
		}
		scenarios := make([]*scenario.Scenario, 0, len(files))
		for _, path := range files {
			sc, err := scenario.Load(path)
			if err != nil {
				return fail(stderr, "check", err)
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
}
