// Command rulebook writes docs/rules.md, the rule book: every rule of the
// rule table (package rules) with its clauses, its statement, whether it is
// a design reading, where the code enforces it, and which Go tests and
// scenario files exercise it. The places, tests and scenarios are found in
// the repository itself: the machines' definitions (their guards,
// transitions and states), every reference to a rule in the library's Go
// sources, the names of the Go tests (TestS2_…) and of the scenario files
// (S2-….yaml). Nothing is listed by hand.
//
// It runs from the rules package's go:generate directive:
//
//	go generate ./...
package main

import (
	_ "embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
)

//go:embed intro.md
var intro string

func main() {
	root := flag.String("root", ".", "the repository's root")
	out := flag.String("out", "docs/rules.md", "the file to write, relative to root")
	flag.Parse()
	text, err := Generate(*root)
	if err != nil {
		fmt.Fprintln(os.Stderr, "rulebook:", err)
		os.Exit(1)
	}
	path := filepath.Join(*root, *out)
	if old, err := os.ReadFile(path); err == nil && string(old) == text {
		return
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		fmt.Fprintln(os.Stderr, "rulebook:", err)
		os.Exit(1)
	}
}
