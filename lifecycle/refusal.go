package lifecycle

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kantakit/kanta/notice"
)

// Blocker is one reason why something cannot happen now: the rule that
// refuses it, what is unmet, the offending input (if any) and what it is
// about (a service, an application, an agreement; empty when obvious).
type Blocker struct {
	Rule    Rule   `json:"rule"`
	Subject string `json:"subject,omitempty"`
	Reason  string `json:"reason"`
	Input   string `json:"input,omitempty"`
}

// Clause returns where the sources state the blocking rule.
func (b Blocker) Clause() string { return b.Rule.Clause() }

// String returns the blocker as one line: the rule with its clause, the
// subject and the reason.
func (b Blocker) String() string {
	var sb strings.Builder
	sb.WriteString(b.Rule.Cite())
	sb.WriteString(": ")
	if b.Subject != "" {
		sb.WriteString(b.Subject)
		sb.WriteString(": ")
	}
	sb.WriteString(b.Reason)
	return sb.String()
}

// Refusal is the error of a command or event that the terms do not allow
// now. It lists every unmet condition, each with its rule and clause, and the
// refused command changed nothing. Use errors.As to get it, or errors.Is with
// a Rule to ask whether that rule was among the reasons.
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

// Is reports whether target is a Rule among the refusal's reasons.
func (r *Refusal) Is(target error) bool {
	rule, ok := target.(Rule)
	if !ok {
		return false
	}
	for _, b := range r.Blockers {
		if b.Rule == rule {
			return true
		}
	}
	return false
}

// Rules returns the rules among the refusal's reasons, each once.
func (r *Refusal) Rules() []Rule {
	var out []Rule
	for _, b := range r.Blockers {
		if !slices.Contains(out, b.Rule) {
			out = append(out, b.Rule)
		}
	}
	return out
}

// Citations returns every clause reference the refusal cites ("SAT",
// "YTE 7.1", "design"), each once.
func (r *Refusal) Citations() []string {
	var out []string
	for _, rule := range r.Rules() {
		for _, c := range rule.Citations() {
			if !slices.Contains(out, c) {
				out = append(out, c)
			}
		}
	}
	return out
}

// lateNotice is the one timeliness check of the machines' notices (S5, S5b,
// J5, A5): nil when a notice received on given is in time under term for a
// change on effective, otherwise the unmet condition, naming the latest
// notice day and what needs the term ("withdrawing an app needs …").
func lateNotice(term notice.Term, given, effective notice.Date, what string) *Unmet {
	if term.Timely(given, effective) {
		return nil
	}
	return &Unmet{
		Reason: fmt.Sprintf("a notice received on %s is late for %s: %s %s, so the latest notice day is %s",
			given, effective, what, term, term.LatestNotice(effective)),
		Input: effective.String(),
	}
}
