package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/kantakit/kanta/lifecycle"
)

// diagramCommand is `kanta diagram` (SPEC §10): a machine drawn from the
// same definition that runs, as a Mermaid stateDiagram-v2 or a Graphviz
// digraph, with its states and events labelled in English, Finnish or
// Swedish. Which machines exist is the lifecycle package's registry
// (lifecycle.Machines); this command knows none by name.
var diagramCommand = command{
	summary: "a lifecycle as a Mermaid or Graphviz diagram, in en, fi or sv",
	run:     runDiagram,
}

func runDiagram(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("diagram")
	machine := fs.String("machine", "", "the machine: "+strings.Join(lifecycle.MachineNames(), ", "))
	format := fs.String("format", string(lifecycle.Mermaid), "mermaid or dot")
	lang := fs.String("lang", string(lifecycle.English), "the labels' language: en, fi or sv")
	if err := parseFlags(fs, args); err != nil {
		return fail(stderr, err)
	}
	if *machine == "" {
		return fail(stderr, fmt.Errorf("diagram: --machine is required (known: %s)", strings.Join(lifecycle.MachineNames(), ", ")))
	}
	m, err := lifecycle.MachineNamed(*machine)
	if err != nil {
		return fail(stderr, fmt.Errorf("diagram: %w", err))
	}
	f, err := lifecycle.ParseFormat(*format)
	if err != nil {
		return fail(stderr, fmt.Errorf("diagram: %w", err))
	}
	l, err := lifecycle.ParseLang(*lang)
	if err != nil {
		return fail(stderr, fmt.Errorf("diagram: %w", err))
	}
	out, err := lifecycle.Diagram(m.Describe(), f, l)
	if err != nil {
		return fail(stderr, fmt.Errorf("diagram: %w", err))
	}
	fmt.Fprint(stdout, out)
	return exitOK
}
