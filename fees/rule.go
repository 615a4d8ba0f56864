package fees

import (
	"fmt"
	"strings"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// The fees and liability rules (F1–F6, L1–L5) are rules of the rule book,
// package rules. Every place in this package that applies one names it; the
// rule book (docs/rules.md) lists them.

// Error is the error of this package: bad input or a refused computation. It
// names the rule that refuses, the offending input and, for CSV input, the
// line. Use errors.As to get it, or errors.Is with a Rule.
type Error struct {
	Rule   rules.Rule // the rule that refuses, or whose input could not be read
	Line   int        // the 1-based line of CSV input, 0 otherwise
	Input  string     // the offending input, verbatim
	Reason string     // what is wrong, in words
	Err    error      // the underlying error, if any (a *notice.ParseError, …)
	// Malformed says the input could not be read at all (an amount, a
	// window, a ledger line): no rule was applied to it, so the message
	// cites none, though Rule still names whose input it was.
	Malformed bool
}

// Clause returns the clause of the refusing rule.
func (e *Error) Clause() string { return e.Rule.Clause() }

// Error writes the refusal on one line: the line of CSV input if any, the
// reason, the offending input quoted, and the rule with its clause. Malformed
// input is quoted as an excerpt (notice.Excerpt), since it may be anything,
// and cites no rule. A refusal by a rule quotes its input whole: a value the
// library has already read, or its own description of one, which the reader
// needs entire.
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("fees: ")
	if e.Line > 0 {
		fmt.Fprintf(&sb, "line %d: ", e.Line)
	}
	sb.WriteString(e.Reason)
	switch {
	case e.Malformed && (e.Input != "" || e.Reason == ""):
		sb.WriteString(": " + notice.Excerpt(e.Input))
	case e.Input != "" || e.Reason == "":
		fmt.Fprintf(&sb, ": %q", e.Input)
	}
	if e.Rule != "" && !e.Malformed {
		fmt.Fprintf(&sb, " [%s]", e.Rule.Cite())
	}
	return sb.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the refusing Rule.
func (e *Error) Is(target error) bool {
	r, ok := target.(rules.Rule)
	return ok && r == e.Rule
}

func refuse(rule rules.Rule, input, format string, args ...any) *Error {
	return &Error{Rule: rule, Input: input, Reason: fmt.Sprintf(format, args...)}
}

// malformed is refuse for input that could not be read (Error.Malformed).
func malformed(rule rules.Rule, input, format string, args ...any) *Error {
	return &Error{Rule: rule, Input: input, Reason: fmt.Sprintf(format, args...), Malformed: true}
}
