package engine

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
)

func TestLabel_InEachLanguage(t *testing.T) {
	l := Label{En: "in use", Fi: "käytössä", Sv: "i bruk"}
	assert.Equal(t, "in use", l.In(English))
	assert.Equal(t, "käytössä", l.In(Finnish))
	assert.Equal(t, "i bruk", l.In(Swedish))
	assert.Equal(t, "in use", l.In("de"), "a language Langs does not list falls back to English")
	assert.Equal(t, "", Label{En: "in use"}.In(Finnish), "a missing word is missing, not English")
	assert.True(t, l.Complete())
	for _, partial := range []Label{{Fi: "a", Sv: "b"}, {En: "a", Sv: "b"}, {En: "a", Fi: "b"}, {}} {
		assert.False(t, partial.Complete(), "%+v", partial)
	}
}

func TestLang_ParseEnFiSvOnly(t *testing.T) {
	assert.Equal(t, []Lang{English, Finnish, Swedish}, Langs())
	for _, l := range Langs() {
		got, err := ParseLang(string(l))
		require.NoError(t, err)
		assert.Equal(t, l, got)
	}
	for _, bad := range []string{"se", "EN", "", "fin"} {
		_, err := ParseLang(bad)
		var u *UnknownError
		require.ErrorAs(t, err, &u, bad)
		assert.Equal(t, "language", u.What)
		assert.Equal(t, bad, u.Value)
		assert.Equal(t, []string{"en", "fi", "sv"}, u.Known)
	}
	_, err := ParseLang("se")
	assert.EqualError(t, err, `unknown language "se" (known: en, fi, sv)`)
}

func TestParseEnum_ReturnsTheKnownValueOrListsTheKnownOnes(t *testing.T) {
	type colour string
	known := []colour{"red", "green"}
	c, err := ParseEnum("colour", "green", known)
	require.NoError(t, err)
	assert.Equal(t, colour("green"), c)

	c, err = ParseEnum("colour", "blue", known)
	assert.Equal(t, colour(""), c)
	assert.Equal(t, &UnknownError{What: "colour", Value: "blue", Known: []string{"red", "green"}}, err)
	assert.EqualError(t, err, `unknown colour "blue" (known: red, green)`)

	_, err = ParseEnum("colour", "Red", known)
	assert.Error(t, err, "identifiers are case-sensitive")
	_, err = ParseEnum("colour", "x", []colour(nil))
	assert.EqualError(t, err, `unknown colour "x" (known: )`)
}

// An unknown identifier is quoted as notice.Excerpt quotes bad input: a
// long one is cut, so the error stays one short line.
func TestUnknownError_QuotesAnExcerpt(t *testing.T) {
	err := &UnknownError{What: "service", Value: strings.Repeat("x", 500), Known: []string{"kelain"}}
	assert.Equal(t, "unknown service "+notice.Excerpt(strings.Repeat("x", 500))+" (known: kelain)", err.Error())
	assert.Less(t, len(err.Error()), 100)
}

func TestState_NameOfNoneIsNotStarted(t *testing.T) {
	assert.Equal(t, "(not started)", None.Name())
	assert.Equal(t, "active", State("active").Name())
}
