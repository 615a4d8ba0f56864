package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func runDiagramCLI(args ...string) (stdout, stderr string, code int) {
	var out, errOut bytes.Buffer
	code = run(append([]string{"diagram"}, args...), &out, &errOut)
	return out.String(), errOut.String(), code
}

// SPEC §10: kanta diagram prints the machine generated from the definition
// that runs, Mermaid and English unless asked otherwise.
func TestDiagram_PrintsTheDiagramOfTheDefinition(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		machine string
		format  lifecycle.Format
		lang    lifecycle.Lang
	}{
		{"defaults: Mermaid in English", []string{"--machine", "service"}, "service", lifecycle.Mermaid, lifecycle.English},
		{"Graphviz", []string{"--machine", "service", "--format", "dot"}, "service", lifecycle.DOT, lifecycle.English},
		{"Finnish", []string{"--machine", "customership", "--lang", "fi"}, "customership", lifecycle.Mermaid, lifecycle.Finnish},
		{"Swedish Graphviz, flags in any order", []string{"--lang", "sv", "--format", "dot", "--machine", "customership"}, "customership", lifecycle.DOT, lifecycle.Swedish},
		{"single-dash flags with =", []string{"-machine=service", "-lang=sv"}, "service", lifecycle.Mermaid, lifecycle.Swedish},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, errOut, code := runDiagramCLI(tc.args...)
			require.Equal(t, exitOK, code, errOut)
			assert.Empty(t, errOut)
			m, err := lifecycle.MachineNamed(tc.machine)
			require.NoError(t, err)
			want, err := lifecycle.Diagram(m.Describe(), tc.format, tc.lang)
			require.NoError(t, err)
			assert.Equal(t, want, out)
		})
	}
}

func TestDiagram_EveryRegisteredMachineInEveryFormatAndLanguage(t *testing.T) {
	for _, name := range lifecycle.MachineNames() {
		for _, f := range lifecycle.Formats() {
			for _, l := range lifecycle.Langs() {
				out, errOut, code := runDiagramCLI("--machine", name, "--format", string(f), "--lang", string(l))
				require.Equal(t, exitOK, code, "%s %s %s: %s", name, f, l, errOut)
				switch f {
				case lifecycle.Mermaid:
					assert.Contains(t, out, "\nstateDiagram-v2\n", name)
				case lifecycle.DOT:
					assert.Contains(t, out, "\ndigraph \""+name+"\" {\n", name)
				}
			}
		}
	}
}

// SPEC §10: bad input prints one line on stderr, nothing on stdout, and
// exits 2.
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
		{"unknown flag", []string{"--machine", "service", "--colour"}, "colour"},
		{"flag without a value", []string{"--machine"}, "machine"},
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

// The machines of SPEC §10 that the registry does not know yet are refused
// by the registry itself, with the names it knows; once they are registered
// they are drawn like any other. The command has no list of its own.
func TestDiagram_MachinesOfSpec10ComeFromTheRegistry(t *testing.T) {
	for _, name := range []string{"customership", "service", "joint-agreement", "app"} {
		t.Run(name, func(t *testing.T) {
			out, errOut, code := runDiagramCLI("--machine", name)
			_, err := lifecycle.MachineNamed(name)
			if err == nil {
				assert.Equal(t, exitOK, code, errOut)
				assert.NotEmpty(t, out)
				return
			}
			assert.Equal(t, exitBadInput, code)
			assert.Empty(t, out)
			assert.Equal(t, "kanta: diagram: "+err.Error()+"\n", errOut)
			for _, known := range lifecycle.MachineNames() {
				assert.Contains(t, errOut, known, "the message lists the known machines")
			}
		})
	}
}

func TestDiagram_IsListedInTheUsage(t *testing.T) {
	var out, errOut bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, &out, &errOut))
	assert.Contains(t, out.String(), "diagram (")
}
