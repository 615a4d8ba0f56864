package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kantakit/kanta/rules"
)

// Unmet is one condition of a guard that does not hold: what is missing and
// the offending input, if there is one. Rule, when set, names a more specific
// rule than the guard's own (a catalogue entry's notice period cites S5 for
// the social welfare repository and S5b elsewhere); Also names a rule cited
// together with it.
type Unmet struct {
	Rule   rules.Rule
	Also   rules.Rule
	Reason string
	Input  string
}

// Blocker is one reason why something cannot happen now: the rule that
// refuses it (and a rule cited with it), what is unmet, the offending input
// and what it is about (a service, an app, an agreement; empty when
// obvious).
type Blocker struct {
	Rule    rules.Rule `json:"rule"`
	Also    rules.Rule `json:"also,omitempty"`
	Subject string     `json:"subject,omitempty"`
	Reason  string     `json:"reason"`
	Input   string     `json:"input,omitempty"`
}

// Rules returns the blocker's rule and the rule cited with it.
func (b Blocker) Rules() []rules.Rule {
	if b.Also != "" {
		return []rules.Rule{b.Rule, b.Also}
	}
	return []rules.Rule{b.Rule}
}

// String returns the blocker as one line: the rule with its clause, the
// subject and the reason.
func (b Blocker) String() string {
	var sb strings.Builder
	sb.WriteString(b.Rule.Cite())
	if b.Also != "" {
		sb.WriteString(" with " + b.Also.Cite())
	}
	sb.WriteString(": ")
	if b.Subject != "" {
		sb.WriteString(b.Subject + ": ")
	}
	sb.WriteString(b.Reason)
	return sb.String()
}

// Refusal is the error of a command or event that the terms do not allow
// now. It lists every unmet condition, each with its rule and clause, and the
// refused command changed nothing. Use errors.As to get it, or errors.Is with
// a rules.Rule to ask whether that rule was among the reasons.
type Refusal struct {
	Command  string    `json:"command"`
	Subject  string    `json:"subject,omitempty"`
	State    State     `json:"state,omitempty"`
	Blockers []Blocker `json:"blockers"`
}

// Error lists the refused command and every blocker with its rule and clause.
func (r *Refusal) Error() string {
	var sb strings.Builder
	sb.WriteString(r.Command)
	if r.Subject != "" {
		fmt.Fprintf(&sb, " of %s", r.Subject)
	}
	sb.WriteString(" refused: ")
	for i, b := range r.Blockers {
		if i > 0 {
			sb.WriteString("; ")
		}
		if b.Subject == r.Subject {
			b.Subject = "" // already named once
		}
		sb.WriteString(b.String())
	}
	return sb.String()
}

// Is reports whether target is a rule among the refusal's reasons.
func (r *Refusal) Is(target error) bool {
	rule, ok := target.(rules.Rule)
	return ok && slices.Contains(r.Rules(), rule)
}

// Rules returns the rules among the refusal's reasons, each once, in the
// order of the blockers.
func (r *Refusal) Rules() []rules.Rule {
	var out []rules.Rule
	for _, b := range r.Blockers {
		for _, rule := range b.Rules() {
			if !slices.Contains(out, rule) {
				out = append(out, rule)
			}
		}
	}
	return out
}

// Citations returns every clause reference the refusal cites ("SAT",
// "YTE 7.1", "design"), each once.
func (r *Refusal) Citations() []string { return rules.Citations(r.Rules()...) }

// About returns the refusal naming command and subject (a service, an app,
// an agreement) on itself and on every blocker: a machine knows neither.
func (r *Refusal) About(command, subject string) *Refusal {
	r.Command, r.Subject = command, subject
	for i := range r.Blockers {
		r.Blockers[i].Subject = subject
	}
	return r
}
