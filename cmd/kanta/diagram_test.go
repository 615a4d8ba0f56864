package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

func runDiagramCLI(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"diagram"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// kanta diagram prints the machine generated from the definition that runs:
// Mermaid, English and the full style unless asked otherwise.
func TestDiagram_PrintsTheDiagramOfTheDefinition(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		machine string
		format  engine.Format
		lang    engine.Lang
		style   engine.Style
	}{
		{"defaults: full Mermaid in English", []string{"--machine", "service"}, "service", engine.Mermaid, engine.English, engine.Full},
		{"Graphviz", []string{"--machine", "service", "--format", "dot"}, "service", engine.DOT, engine.English, engine.Full},
		{"Finnish", []string{"--machine", "customership", "--lang", "fi"}, "customership", engine.Mermaid, engine.Finnish, engine.Full},
		{"Swedish Graphviz, flags in any order", []string{"--lang", "sv", "--format", "dot", "--machine", "customership"}, "customership", engine.DOT, engine.Swedish, engine.Full},
		{"single-dash flags with =", []string{"-machine=service", "-lang=sv"}, "service", engine.Mermaid, engine.Swedish, engine.Full},
		{"compact", []string{"--machine", "service", "--style", "compact"}, "service", engine.Mermaid, engine.English, engine.Compact},
		{"compact Finnish Graphviz", []string{"--style=compact", "--machine", "app", "--format", "dot", "--lang", "fi"}, "app", engine.DOT, engine.Finnish, engine.Compact},
		{"full asked for by name", []string{"--machine", "joint-agreement", "--style", "full"}, "joint-agreement", engine.Mermaid, engine.English, engine.Full},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runDiagramCLI(tc.args...)
			require.Equal(t, exitOK, code, errOut)
			assert.Empty(t, errOut)
			m, err := lifecycle.MachineNamed(tc.machine)
			require.NoError(t, err)
			want, err := engine.Diagram(m.Describe(), tc.format, tc.lang, tc.style)
			require.NoError(t, err)
			assert.Equal(t, want, out)
		})
	}
}

// Every machine prints in every format, language and style; the compact
// style is a different, shorter drawing of the same machine.
func TestDiagram_EveryMachineFormatLanguageAndStyle(t *testing.T) {
	for _, name := range lifecycle.MachineNames() {
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				sizes := map[engine.Style]int{}
				for _, st := range engine.Styles() {
					out, errOut, code := runDiagramCLI("--machine", name, "--format", string(f), "--lang", string(l), "--style", string(st))
					require.Equal(t, exitOK, code, "%s %s %s %s: %s", name, f, l, st, errOut)
					assert.Empty(t, errOut)
					switch f {
					case engine.Mermaid:
						assert.Contains(t, out, "\nstateDiagram-v2\n", name)
					case engine.DOT:
						assert.Contains(t, out, "\ndigraph \""+name+"\" {\n", name)
					}
					sizes[st] = len(out)
				}
				assert.Less(t, sizes[engine.Compact], sizes[engine.Full], "%s %s %s: the compact diagram is the shorter", name, f, l)
			}
		}
	}
}

// Bad input prints one line on stderr, nothing on stdout, and exits 2
// (docs/cli.md).
func TestDiagram_BadInputIsOneLineAndExit2(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string // in the message
	}{
		{"no machine", nil, "--machine is required"},
		{"unknown machine", []string{"--machine", "lamp"}, `unknown machine "lamp"`},
		{"machine name is case-sensitive", []string{"--machine", "Service"}, `unknown machine "Service"`},
		{"unknown format", []string{"--machine", "service", "--format", "svg"}, `unknown format "svg"`},
		{"unknown language", []string{"--machine", "service", "--lang", "de"}, `unknown language "de"`},
		{"unknown style", []string{"--machine", "service", "--style", "tiny"}, `unknown style "tiny" (known: full, compact)`},
		{"style is case-sensitive", []string{"--machine", "service", "--style", "Compact"}, `unknown style "Compact"`},
		{"empty style", []string{"--machine", "service", "--style", ""}, `unknown style ""`},
		{"unknown flag", []string{"--machine", "service", "--colour"}, "colour"},
		{"flag without a value", []string{"--machine"}, "machine"},
		{"style without a value", []string{"--machine", "service", "--style"}, "style"},
		{"stray argument", []string{"--machine", "service", "extra"}, `unexpected argument "extra"`},
		{"positional machine", []string{"service"}, `unexpected argument "service"`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runDiagramCLI(tc.args...)
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, out, "nothing on stdout")
			assert.Equal(t, 1, strings.Count(errOut, "\n"), "one line on stderr: %q", errOut)
			assert.True(t, strings.HasSuffix(errOut, "\n"))
			assert.Contains(t, errOut, tc.want)
		})
	}
}

// The machines come from the registry: the command has no list of its own,
// and an unknown name is refused with the names it knows.
func TestDiagram_MachinesComeFromTheRegistry(t *testing.T) {
	assert.Equal(t, []string{"customership", "service", "joint-agreement", "app"}, lifecycle.MachineNames())
	_, errOut, code := runDiagramCLI("--machine", "lamp")
	assert.Equal(t, exitBadInput, code)
	_, err := lifecycle.MachineNamed("lamp")
	require.Error(t, err)
	assert.Equal(t, "kanta: diagram: "+err.Error()+"\n", errOut)
	for _, known := range lifecycle.MachineNames() {
		assert.Contains(t, errOut, known, "the message lists the known machines")
	}
}

func TestDiagram_IsListedInTheUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, &out, &errOut))
	assert.Contains(t, out.String(), "\nusage: kanta diagram --machine ")
}
