package store

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Validate reports the first part of the command that no store accepts, as
// an *InvalidError: a stream, type or key that is empty where it must not
// be, not UTF-8 or holds a NUL byte (which PostgreSQL cannot keep in text);
// a stream named twice (its two appends could not both hold the version it
// was read at); a negative expected version; or a command that records
// something (an event or a key) with no time to record it at. Every store
// calls it first, so all of them refuse the same commands.
func (c Command) Validate() error {
	records := c.Key != ""
	seen := make(map[string]struct{}, len(c.Streams))
	for _, sa := range c.Streams {
		if err := checkText("stream", sa.Stream); err != nil {
			return err
		}
		if _, dup := seen[sa.Stream]; dup {
			return &InvalidError{Field: "stream", Value: sa.Stream, Reason: "named twice in one command"}
		}
		seen[sa.Stream] = struct{}{}
		if sa.Expected < 0 {
			return &InvalidError{Field: "expected version", Value: strconv.FormatInt(sa.Expected, 10), Reason: "a version is never negative"}
		}
		for _, e := range sa.Events {
			if err := checkText("event type", e.Type); err != nil {
				return err
			}
		}
		records = records || len(sa.Events) > 0
	}
	if c.Key != "" {
		if len(c.Key) > MaxKeyLength {
			return &InvalidError{Field: "idempotency key", Value: c.Key, Reason: fmt.Sprintf("longer than %d bytes", MaxKeyLength)}
		}
		if err := checkText("idempotency key", c.Key); err != nil {
			return err
		}
	}
	if records && c.At.IsZero() {
		return &InvalidError{Field: "recording time", Value: c.At.String(), Reason: "a command that records events or a key needs the time it is recorded at"}
	}
	return nil
}

// Validate reports a snapshot that no store accepts: a stream name that
// Command.Validate would refuse, or a Version before the first event.
func (s Snapshot) Validate() error {
	if err := checkText("stream", s.Stream); err != nil {
		return err
	}
	if s.Version < 1 {
		return &InvalidError{Field: "snapshot version", Value: strconv.FormatInt(s.Version, 10), Reason: "a snapshot covers at least the first event"}
	}
	return nil
}

// MaxKeyLength bounds an idempotency key.
const MaxKeyLength = 512

func checkText(field, s string) error {
	switch {
	case s == "":
		return &InvalidError{Field: field, Value: s, Reason: "must not be empty"}
	case !utf8.ValidString(s):
		return &InvalidError{Field: field, Value: s, Reason: "must be UTF-8"}
	case strings.IndexByte(s, 0) >= 0:
		return &InvalidError{Field: field, Value: s, Reason: "must not hold a NUL byte"}
	}
	return nil
}
