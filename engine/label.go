package engine

import (
	"fmt"
	"strings"

	"github.com/kantakit/kanta/notice"
)

// Lang is a language of the labels: "en", "fi" or "sv".
type Lang string

// The languages of the labels.
const (
	English Lang = "en"
	Finnish Lang = "fi"
	Swedish Lang = "sv"
)

// Langs returns every language of the labels, English first.
func Langs() []Lang { return []Lang{English, Finnish, Swedish} }

// ParseLang returns the language with identifier s ("en", "fi", "sv").
func ParseLang(s string) (Lang, error) { return ParseEnum("language", s, Langs()) }

// Label is one term in English, Finnish and Swedish.
type Label struct {
	En, Fi, Sv string
}

// In returns the term in lang, and the English term for a language that
// Langs does not list.
func (l Label) In(lang Lang) string {
	switch lang {
	case Finnish:
		return l.Fi
	case Swedish:
		return l.Sv
	}
	return l.En
}

// Complete reports whether the term has a word in every language.
func (l Label) Complete() bool { return l.En != "" && l.Fi != "" && l.Sv != "" }

// UnknownError reports an identifier that is not one of the stable values of
// its enumeration. Value is the offending input; Known lists what is
// accepted.
type UnknownError struct {
	What  string
	Value string
	Known []string
}

// Error names the unknown value, shortened if it is long, and lists the
// known ones.
func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown %s %s (known: %s)", e.What, notice.Excerpt(e.Value), strings.Join(e.Known, ", "))
}

// ParseEnum returns the value of known whose identifier is s, or an
// *UnknownError naming what (a "service", a "language") and listing known.
func ParseEnum[T ~string](what, s string, known []T) (T, error) {
	for _, k := range known {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = string(k)
	}
	return "", &UnknownError{What: what, Value: s, Known: names}
}

// List writes identifiers as a sentence does: "a", "a and b", "a, b and c".
func List[T ~string](xs []T) string {
	var sb strings.Builder
	for i, x := range xs {
		switch {
		case i == 0:
		case i == len(xs)-1:
			sb.WriteString(" and ")
		default:
			sb.WriteString(", ")
		}
		sb.WriteString(string(x))
	}
	return sb.String()
}
