// Command kanta is the command-line face of the Kanta commitment library:
// lifecycle diagrams, the notice calculator, the liability cap and the scenario
// checker (SPEC §10). Its flags, JSON keys and exit codes are a fixed
// interface that other tools depend on:
//
//   - 0: success;
//   - 1: a scenario expectation failed (kanta check);
//   - 2: bad input (unknown flag, rule, service or party; a malformed date,
//     amount, CSV or YAML). One line goes to stderr and nothing to stdout.
//
// Run it from the repository root as: go run ./cmd/kanta <command> [flags].
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadInput = 2
)

// command is one subcommand: a one-line summary for the usage text and the
// function that runs it with the arguments after its name.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands. Each lives in its own file.
func commands() map[string]command {
	return map[string]command{
		"notice":  noticeCommand,
		"cap":     capCommand,
		"diagram": diagramCommand,
		"check":   checkCommand,
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	cmds := commands()
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		if len(args) == 0 {
			return fail(stderr, errors.New("no command given; "+usage(cmds)))
		}
		fmt.Fprintln(stdout, usage(cmds))
		return exitOK
	}
	c, ok := cmds[args[0]]
	if !ok {
		return fail(stderr, fmt.Errorf("unknown command %q; %s", args[0], usage(cmds)))
	}
	return c.run(args[1:], stdout, stderr)
}

func usage(cmds map[string]command) string {
	names := make([]string, 0, len(cmds))
	for n := range cmds {
		names = append(names, n)
	}
	sort.Strings(names)
	parts := make([]string, len(names))
	for i, n := range names {
		parts[i] = n + " (" + cmds[n].summary + ")"
	}
	return "usage: kanta <command> [flags]; commands: " + strings.Join(parts, ", ")
}

// fail prints err as one line on stderr and returns the bad-input exit code.
// Nothing is written to stdout.
func fail(stderr io.Writer, err error) int {
	msg := strings.ReplaceAll(strings.TrimSpace(err.Error()), "\n", "; ")
	fmt.Fprintln(stderr, "kanta: "+msg)
	return exitBadInput
}

// newFlagSet returns a flag set that reports errors to the caller instead of
// printing usage or exiting, so bad flags become one line on stderr.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// parseFlags parses args and refuses stray positional arguments.
func parseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		return fmt.Errorf("%s: %w", fs.Name(), err)
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("%s: unexpected argument %q", fs.Name(), fs.Arg(0))
	}
	return nil
}

// printJSON writes v as one line of JSON to stdout.
func printJSON(stdout io.Writer, v any) int {
	b, err := json.Marshal(v)
	if err != nil {
		// Only our own result types are marshalled; this cannot happen with them.
		fmt.Fprintln(stdout, `{"error":"internal: cannot encode result"}`)
		return exitFailed
	}
	fmt.Fprintln(stdout, string(b))
	return exitOK
}
