package lifecycle

import (
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
)

// lateNotice is the one timeliness check of the machines' notices (S5, S5b,
// J5, A5): nil when a notice received on given is in time under term for a
// change on effective, otherwise the unmet condition, naming the latest
// notice day and what needs the term ("withdrawing an app needs …").
func lateNotice(term notice.Term, given, effective notice.Date, what string) *engine.Unmet {
	if term.Timely(given, effective) {
		return nil
	}
	return &engine.Unmet{
		Reason: fmt.Sprintf("a notice received on %s is late for %s: %s %s, so the latest notice day is %s",
			given, effective, what, termWords(term), term.LatestNotice(effective)),
		Input: effective.String(),
	}
}

// termWords says a notice term as a sentence does: "1 month before it
// takes effect", "1 month's notice".
func termWords(t notice.Term) string {
	if t.Direction == notice.NoticePeriod {
		return t.Period.Describe() + "'s notice"
	}
	return t.Period.Describe() + " before it takes effect"
}

// notBefore refuses a notice whose effective day comes before the day on
// which it was given, as an *InputError: what names the notice ("a
// termination"), given how it was given ("given", "notified").
func notBefore(effective, on notice.Date, what, given string) error {
	if !effective.IsZero() && effective.Before(on) {
		return &InputError{Field: "effective", Value: effective.String(), Reason: fmt.Sprintf("%s cannot take effect before it was %s (%s)", what, given, on)}
	}
	return nil
}
