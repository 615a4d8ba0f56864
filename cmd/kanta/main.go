// Command kanta is the command-line face of the Kanta commitment library:
// lifecycle diagrams, the notice calculator, the liability cap and the scenario
// checker. Its flags, JSON keys and exit codes are a fixed interface that
// other tools depend on:
//
//   - 0: success;
//   - 1: a scenario expectation failed (kanta check);
//   - 2: bad input (unknown flag, rule, service or party; a malformed date,
//     amount, CSV or YAML). One line goes to stderr and nothing to stdout.
//
// Every error is that one line, "kanta: COMMAND: message", of at most 200
// bytes: input is quoted only as a short excerpt. Input is bounded before it
// is read: a payments ledger must be a regular file of at most 64 MiB with
// lines of at most fees.MaxPaymentLine bytes, a scenario a regular file of at
// most scenario.MaxFileSize (256 KiB), and an amount has at most
// fees.MaxAmountDigits digits before the point. A FIFO, a device or a
// directory is refused unread.
//
// `kanta help` lists the commands and their flags, `kanta COMMAND -h` one
// command's, and `kanta version` prints the module version. docs/cli.md
// describes every command. Install it with
// go install github.com/kantakit/kanta/cmd/kanta@latest, or run it from the
// repository root as: go run ./cmd/kanta <command> [flags].
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kantakit/kanta/notice"
)

// Exit codes.
const (
	exitOK       = 0
	exitFailed   = 1
	exitBadInput = 2
)

// command is one subcommand. setup defines its flags on a flag set and
// returns the function that runs it once they are parsed, with the
// arguments that follow them; the usage text calls setup only for the flags.
type command struct {
	name     string
	synopsis string // the arguments after the name, as the usage line shows them
	summary  string // what it does, one line
	args     bool   // it takes arguments after its flags
	setup    func(fs *flag.FlagSet) func(args []string, stdout, stderr io.Writer) int
}

// commands lists the subcommands in the order the usage shows them. Each
// lives in its own file.
func commands() []command {
	return []command{noticeCommand(), capCommand(), diagramCommand(), checkCommand(), serveCommand(), tokenCommand(), versionCommand(), helpCommand()}
}

// lookup returns the command called name.
func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches to a subcommand and returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		return fail(stderr, "", errors.New("no command given; kanta help lists the commands"))
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" {
		name = "help"
	}
	c, ok := lookup(name)
	if !ok {
		return fail(stderr, "", fmt.Errorf("unknown command %s; kanta help lists the commands", notice.Excerpt(name)))
	}
	fs := newFlagSet(c.name)
	exec := c.setup(fs)
	if err := fs.Parse(args[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			printUsage(stdout, c)
			return exitOK
		}
		return fail(stderr, c.name, err)
	}
	if !c.args && fs.NArg() > 0 {
		return fail(stderr, c.name, fmt.Errorf("unexpected argument %s", notice.Excerpt(fs.Arg(0))))
	}
	return exec(fs.Args(), stdout, stderr)
}

// newFlagSet returns a flag set that reports errors to the caller instead of
// printing usage or exiting, so bad flags become one line on stderr and -h
// the command's usage on stdout.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {}
	return fs
}

// visited returns the names of the flags given on the command line.
func visited(fs *flag.FlagSet) map[string]bool {
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	return set
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
