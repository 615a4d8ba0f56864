package main

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
)

// maxErrorLine is the longest error line kanta prints, in bytes, its line
// break not counted.
const maxErrorLine = 200

// fail prints err on stderr as the one line "kanta: COMMAND: message" (just
// "kanta: message" before a command is known) and returns the bad-input exit
// code. Nothing is written to stdout. The line is at most maxErrorLine
// bytes: a list of known values that does not fit gives way to a pointer to
// the command's help, and whatever is still too long is cut.
func fail(stderr io.Writer, cmd string, err error) int {
	prefix := "kanta: "
	if cmd != "" {
		prefix += cmd + ": "
	}
	line := oneLine(prefix + message(cmd, err, true))
	if len(line) > maxErrorLine {
		line = oneLine(prefix + message(cmd, err, false))
	}
	fmt.Fprintln(stderr, cut(line, maxErrorLine))
	return exitBadInput
}

// inContext is an error about one flag or file: the message names it
// before the error.
type inContext struct {
	context string
	err     error
}

func (e *inContext) Error() string { return e.context + ": " + e.err.Error() }

func (e *inContext) Unwrap() error { return e.err }

// about says that err is about context: a flag ("--given") or a file.
func about(context string, err error) error { return &inContext{context: context, err: err} }

// message writes err for the error line: its contexts, then its text
// without the prefix naming the package it comes from, since the line
// already names the command. An unknown identifier lists the known ones
// when withKnown is set, and otherwise points to the command's help.
func message(cmd string, err error, withKnown bool) string {
	if c, ok := err.(*inContext); ok {
		return c.context + ": " + message(cmd, c.err, withKnown)
	}
	if what, value, known, ok := unknownValue(err); ok {
		if withKnown {
			return fmt.Sprintf("unknown %s %s (known: %s)", what, notice.Excerpt(value), strings.Join(known, ", "))
		}
		return fmt.Sprintf("unknown %s %s; kanta %s -h lists the known ones", what, notice.Excerpt(value), cmd)
	}
	return withoutOrigin(err.Error())
}

// unknownValue recognises the errors of an identifier that is not one of
// its vocabulary's.
func unknownValue(err error) (what, value string, known []string, ok bool) {
	var u *engine.UnknownError
	if errors.As(err, &u) {
		return u.What, u.Value, u.Known, true
	}
	var r *notice.UnknownRuleError
	if errors.As(err, &r) {
		for _, id := range r.Known {
			known = append(known, string(id))
		}
		return "rule", string(r.ID), known, true
	}
	return "", "", nil, false
}

// origins are the prefixes with which the library's packages start their
// errors, for callers that do not say where an error came from.
var origins = []string{"notice: ", "fees: ", "commitment: "}

// withoutOrigin removes the package prefixes from the start of msg, however
// many times they are repeated.
func withoutOrigin(msg string) string {
	for trimmed := true; trimmed; {
		trimmed = false
		for _, o := range origins {
			if strings.HasPrefix(msg, o) {
				msg, trimmed = msg[len(o):], true
			}
		}
	}
	return msg
}

// oneLine makes s a single line of valid UTF-8: line breaks become "; " and
// other control characters spaces, so input cannot end the line or steer
// the terminal.
func oneLine(s string) string {
	s = strings.TrimSpace(s)
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\n", "; ")
	s = strings.ToValidUTF8(s, "\uFFFD")
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// cut shortens s to at most max bytes at a character boundary, ending it
// with an ellipsis when anything was cut.
func cut(s string, max int) string {
	if len(s) <= max {
		return s
	}
	const ellipsis = "…"
	n := max - len(ellipsis)
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + ellipsis
}
