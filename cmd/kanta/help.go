package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kantakit/kanta/notice"
)

// helpCommand is `kanta help [COMMAND]`, which `kanta -h` and `kanta --help`
// also run: every command with its flags, or one command's.
func helpCommand() command {
	return command{
		name:     "help",
		synopsis: "[COMMAND]",
		summary:  "this help, or one command's; kanta COMMAND -h does the same",
		args:     true,
		setup:    setupHelp,
	}
}

func setupHelp(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	return func(args []string, stdout, stderr io.Writer) int {
		switch len(args) {
		case 0:
			fmt.Fprintln(stdout, "usage: kanta COMMAND [flags]")
			fmt.Fprintln(stdout, "exit codes: 0 success, 1 a scenario expectation failed, 2 bad input (one line on stderr)")
			for _, c := range commands() {
				fmt.Fprintln(stdout)
				printUsage(stdout, c)
			}
			return exitOK
		case 1:
			c, ok := lookup(args[0])
			if !ok {
				return fail(stderr, "help", fmt.Errorf("unknown command %s; kanta help lists the commands", notice.Excerpt(args[0])))
			}
			printUsage(stdout, c)
			return exitOK
		}
		return fail(stderr, "help", errors.New("give one command at most"))
	}
}

// printUsage writes a command's usage line, what it does, and each of its
// flags on a line of its own with its default.
func printUsage(w io.Writer, c command) {
	fmt.Fprintln(w, strings.TrimSpace("usage: kanta "+c.name+" "+c.synopsis))
	fmt.Fprintf(w, "  %s\n", c.summary)
	fs := newFlagSet(c.name)
	c.setup(fs)
	fs.VisitAll(func(f *flag.Flag) {
		name, usage := flag.UnquoteUsage(f)
		flagName := "--" + f.Name
		if name != "" {
			flagName += " " + name
		}
		line := fmt.Sprintf("  %-20s  %s", flagName, usage)
		if f.DefValue != "" && f.DefValue != "false" {
			line += " (default " + f.DefValue + ")"
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	})
}
