package main

import (
	"bytes"
	"flag"
	"regexp"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// requireEveryFlag asserts that the usage text lists each of c's flags once,
// on a line of its own.
func requireEveryFlag(t *testing.T, usage string, c command) {
	t.Helper()
	fs := newFlagSet(c.name)
	c.setup(fs)
	fs.VisitAll(func(f *flag.Flag) {
		lines := regexp.MustCompile(`(?m)^  --`+regexp.QuoteMeta(f.Name)+`( |$)`).FindAllString(usage, -1)
		assert.Len(t, lines, 1, "%s --%s in:\n%s", c.name, f.Name, usage)
	})
	require.Contains(t, usage, "usage: kanta "+c.name)
}

func TestHelp_EachCommandsHelpListsEveryFlag(t *testing.T) {
	for _, c := range commands() {
		for _, h := range []string{"-h", "--help", "-help"} {
			t.Run(c.name+" "+h, func(t *testing.T) {
				var out, errb bytes.Buffer
				require.Equal(t, exitOK, run([]string{c.name, h}, &out, &errb))
				assert.Empty(t, errb.String())
				requireEveryFlag(t, out.String(), c)
				assert.True(t, strings.HasPrefix(out.String(), "usage: kanta "+c.name), out.String())
			})
		}
	}
	// Help wins over the other flags, as the flag package parses them.
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"notice", "--rule", "service-termination", "-h"}, &out, &errb))
	assert.Contains(t, out.String(), "--roll none|forward|backward")
}

func TestHelp_ListsEveryCommandWithItsFlags(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"--help"}, {"-h"}} {
		t.Run(args[0], func(t *testing.T) {
			var out, errb bytes.Buffer
			require.Equal(t, exitOK, run(args, &out, &errb))
			assert.Empty(t, errb.String())
			for _, c := range commands() {
				requireEveryFlag(t, out.String(), c)
			}
			for _, name := range []string{"notice", "cap", "diagram", "check", "version", "help"} {
				assert.Contains(t, out.String(), "\nusage: kanta "+name)
			}
		})
	}
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help", "cap"}, &out, &errb))
	c, _ := lookup("cap")
	requireEveryFlag(t, out.String(), c)
	assert.NotContains(t, out.String(), "usage: kanta notice")
}

func TestHelp_TheFlagsOfTheFixedInterface(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"help"}, &out, &errb))
	for _, want := range []string{
		"--rule RULE", "--given DATE", "--effective DATE", "--period P", "--roll none|forward|backward", "(default none)",
		"--service SERVICE", "--damage DATE", "--payments FILE", "--monthly-fee AMOUNT", "--window calendar-month|rolling-month",
		"(default calendar-month)", "--claim AMOUNT", "--mandatory-law",
		"--machine MACHINE", "--format FORMAT", "(default mermaid)", "--lang LANGUAGE", "(default en)",
		"usage: kanta check FILE...",
	} {
		assert.Contains(t, out.String(), want)
	}
}

func TestHelp_MisuseIsBadInput(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "kanta: no command given; kanta help lists the commands"},
		{[]string{"bogus"}, `kanta: unknown command "bogus"`},
		{[]string{"help", "bogus"}, `kanta: help: unknown command "bogus"`},
		{[]string{"help", "cap", "notice"}, "kanta: help: give one command at most"},
		{[]string{"version", "extra"}, `kanta: version: unexpected argument "extra"`},
		{[]string{"version", "--short"}, "kanta: version: flag provided but not defined: -short"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			out, errs, code := runInProcess(t, tc.args...)
			requireOneErrorLine(t, out, errs, code, tc.want)
		})
	}
}

func TestVersion_PrintsTheModuleVersion(t *testing.T) {
	var out, errb bytes.Buffer
	require.Equal(t, exitOK, run([]string{"version"}, &out, &errb))
	assert.Empty(t, errb.String())
	assert.Regexp(t, `^kanta \S.* go1\.\d+\S*\n$`, out.String())

	release := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kantakit/kanta", Version: "v1.2.3"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}}}
	assert.Equal(t, "v1.2.3 go1.26.8", version(release, true), "a module version needs no commit")
	checkout := &debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "github.com/kantakit/kanta", Version: "(devel)"},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"}}}
	assert.Equal(t, "(devel) commit abc123 with local changes go1.26.8", version(checkout, true))
	assert.Equal(t, "(devel) go1.26.8", version(&debug.BuildInfo{GoVersion: "go1.26.8"}, true))
	assert.Contains(t, version(nil, false), "unknown")
}

// The version of the built binary: (devel) from a checkout, or the module
// version go install recorded.
func TestVersion_OfTheBinary(t *testing.T) {
	out, errs, code := runProcess(t, "version")
	require.Equal(t, exitOK, code, errs)
	assert.Regexp(t, `^kanta (\(devel\)|v\d+\.\d+\.\d+\S*)`, out)
}
