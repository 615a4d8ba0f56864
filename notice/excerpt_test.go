package notice

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestExcerpt_QuotesShortInputWhole(t *testing.T) {
	for _, in := range []string{"", "2025-13-01", "social-welfare-client-data-repository", "tab\there", "\x00\xff"} {
		assert.Equal(t, strconv.Quote(in), Excerpt(in))
	}
}

func TestExcerpt_CutsLongInputAndSaysHowLong(t *testing.T) {
	for _, tc := range []struct {
		name, in string
	}{
		{"digits", strings.Repeat("1", 5<<20)},
		{"just over the limit", strings.Repeat("a", ExcerptLimit-1)},
		{"multi-byte characters", strings.Repeat("ä€😀", 100)},
		{"binary", strings.Repeat("\x00\xfe\x1b[31m", 100)},
		{"a quote and escapes", strings.Repeat(`"\`, 100)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Excerpt(tc.in)
			quoted, rest, cut := strings.Cut(got, "… (")
			require.True(t, cut, got)
			assert.Equal(t, strconv.Itoa(len(tc.in))+" bytes)", rest)
			assert.LessOrEqual(t, len(quoted), ExcerptLimit)
			prefix, err := strconv.Unquote(quoted)
			require.NoError(t, err, quoted)
			assert.NotEmpty(t, prefix)
			assert.True(t, strings.HasPrefix(tc.in, prefix))
			if utf8.ValidString(tc.in) {
				assert.True(t, utf8.ValidString(prefix), "a character is never split")
			}
		})
	}
}

func TestParseError_QuotesAnExcerptButCarriesTheWholeInput(t *testing.T) {
	huge := strings.Repeat("2", 5<<20)
	for _, parse := range []func(string) error{
		func(s string) error { _, err := Parse(s); return err },
		func(s string) error { _, err := ParsePeriod("P" + s + "M"); return err },
		func(s string) error { _, err := ParseRoll(s); return err },
		func(s string) error { _, err := LookupRule(RuleID(s)); return err },
	} {
		err := parse(huge)
		require.Error(t, err)
		assert.Less(t, len(err.Error()), 400, "the message quotes an excerpt")
		assert.Regexp(t, `"… \(524288[02] bytes\)`, err.Error())
		var pe *ParseError
		var ue *UnknownRuleError
		switch {
		case errors.As(err, &pe):
			assert.Contains(t, pe.Value, huge)
		case errors.As(err, &ue):
			assert.Equal(t, huge, string(ue.ID))
		default:
			t.Fatalf("unexpected error %T", err)
		}
	}
}
