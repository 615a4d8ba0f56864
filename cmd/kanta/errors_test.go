package main

import (
	"bytes"
	"errors"
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// failLine runs fail and returns what it printed, without the line break.
func failLine(t *testing.T, cmd string, err error) string {
	t.Helper()
	var errb bytes.Buffer
	require.Equal(t, exitBadInput, fail(&errb, cmd, err))
	require.True(t, strings.HasSuffix(errb.String(), "\n"))
	return strings.TrimSuffix(errb.String(), "\n")
}

func TestFail_OnePrefixNamingTheCommand(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
		want string
	}{
		{"a package prefix", errors.New("fees: not an amount"), "kanta: cap: not an amount"},
		{"a doubled prefix", errors.New("commitment: commitment: no such party"), "kanta: cap: no such party"},
		{"prefixes of several packages", errors.New("commitment: fees: bad"), "kanta: cap: bad"},
		{"a flag's context", about("--claim", errors.New("fees: amount has more than two decimals: \"1.234\"")), "kanta: cap: --claim: amount has more than two decimals: \"1.234\""},
		{"a prefix further in stays", errors.New("cannot read: fees: x"), "kanta: cap: cannot read: fees: x"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, failLine(t, "cap", tc.err))
		})
	}
	assert.Equal(t, "kanta: no command given", failLine(t, "", errors.New("no command given")))
}

func TestFail_ParseErrorsCiteNoRule(t *testing.T) {
	var out, errb bytes.Buffer
	run([]string{"cap", "--service", "prescription", "--damage", "2025-03-15", "--monthly-fee", "1.234"}, &out, &errb)
	assert.Equal(t, "kanta: cap: --monthly-fee: amount has more than two decimals: \"1.234\"\n", errb.String())
	errb.Reset()
	run([]string{"cap", "--service", "prescription", "--damage", "2025-03-15", "--monthly-fee", "5", "--window", "fortnight"}, &out, &errb)
	assert.Equal(t, "kanta: cap: --window: unknown window: expected calendar-month or rolling-month: \"fortnight\"\n", errb.String())
	assert.Empty(t, out.String())
}

func TestFail_TheLineIsShortAndSingle(t *testing.T) {
	for _, tc := range []struct {
		name string
		err  error
	}{
		{"long text", errors.New(strings.Repeat("long ", 1000))},
		{"long multi-byte text", errors.New(strings.Repeat("ä€😀", 1000))},
		{"line breaks", errors.New("one\ntwo\r\nthree")},
		{"control characters", errors.New("bell\a escape\x1b[2J nul\x00")},
		{"invalid UTF-8", errors.New("bad \xff\xfe bytes" + strings.Repeat("\xff", 500))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			line := failLine(t, "check", tc.err)
			assert.LessOrEqual(t, len(line), maxErrorLine)
			assert.True(t, utf8.ValidString(line))
			for _, r := range line {
				assert.False(t, r < 0x20 || r == 0x7f, "control character %q in %q", r, line)
			}
			assert.True(t, strings.HasPrefix(line, "kanta: check: "), line)
		})
	}
	assert.Equal(t, "kanta: check: one; two; three", failLine(t, "check", errors.New("one\ntwo\r\nthree")))
	long := failLine(t, "check", errors.New(strings.Repeat("x", 500)))
	assert.True(t, strings.HasSuffix(long, "…"), "a cut line says so")
}

// An unknown identifier lists the known ones when the line has room, and
// otherwise points to the help that lists them.
func TestFail_UnknownValuesListTheKnownOnesWhenTheyFit(t *testing.T) {
	few := &engine.UnknownError{What: "format", Value: "svg", Known: []string{"mermaid", "dot"}}
	assert.Equal(t, `kanta: diagram: unknown format "svg" (known: mermaid, dot)`, failLine(t, "diagram", few))

	_, err := lifecycle.ParseService("recepti")
	require.Error(t, err)
	assert.Equal(t, `kanta: cap: --service: unknown service "recepti"; kanta cap -h lists the known ones`, failLine(t, "cap", about("--service", err)))

	_, err = notice.LookupRule("termination")
	require.Error(t, err)
	assert.Equal(t, `kanta: notice: --rule: unknown rule "termination"; kanta notice -h lists the known ones`, failLine(t, "notice", about("--rule", err)))

	huge := &engine.UnknownError{What: "machine", Value: strings.Repeat("m", 1<<20), Known: []string{"service"}}
	assert.Equal(t, fmt.Sprintf(`kanta: diagram: unknown machine %s (known: service)`, notice.Excerpt(huge.Value)), failLine(t, "diagram", huge))
}
