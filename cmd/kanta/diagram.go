package main

import (
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

// diagramCommand is `kanta diagram` (docs/cli.md): a machine drawn from the
// same definition that runs, as a Mermaid stateDiagram-v2 or a Graphviz
// digraph, with its states and events labelled in English, Finnish or
// Swedish. Which machines exist is the lifecycle package's registry
// (lifecycle.Machines); this command knows none by name.
func diagramCommand() command {
	return command{
		name:     "diagram",
		synopsis: "--machine " + strings.Join(lifecycle.MachineNames(), "|") + " [--format mermaid|dot] [--lang en|fi|sv] [--style full|compact]",
		summary:  "a lifecycle as a Mermaid or Graphviz diagram, in en, fi or sv",
		setup:    setupDiagram,
	}
}

// setupDiagram defines the flags of `kanta diagram`.
func setupDiagram(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	machine := fs.String("machine", "", "the `MACHINE` to draw, required: "+strings.Join(lifecycle.MachineNames(), ", "))
	format := fs.String("format", string(engine.Mermaid), "the diagram's `FORMAT`: mermaid (stateDiagram-v2) or dot (Graphviz)")
	lang := fs.String("lang", string(engine.English), "the `LANGUAGE` of the labels: en, fi or sv")
	style := fs.String("style", string(engine.Full), "the `STYLE`: full (every guard on each edge) or compact (edges between two states merged, guards left out)")
	return func(_ []string, stdout, stderr io.Writer) int {
		if *machine == "" {
			return fail(stderr, "diagram", fmt.Errorf("--machine is required (known: %s)", strings.Join(lifecycle.MachineNames(), ", ")))
		}
		m, err := lifecycle.MachineNamed(*machine)
		if err != nil {
			return fail(stderr, "diagram", err)
		}
		f, err := engine.ParseFormat(*format)
		if err != nil {
			return fail(stderr, "diagram", err)
		}
		l, err := engine.ParseLang(*lang)
		if err != nil {
			return fail(stderr, "diagram", err)
		}
		st, err := engine.ParseStyle(*style)
		if err != nil {
			return fail(stderr, "diagram", err)
		}
		out, err := engine.Diagram(m.Describe(), f, l, st)
		if err != nil {
			return fail(stderr, "diagram", err)
		}
		fmt.Fprint(stdout, out)
		return exitOK
	}
}
