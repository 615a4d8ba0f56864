// Package rules is the rule book of the Kanta commitment: every rule the
// library implements, in one table, with the clauses of the source documents
// that state it, a one-line statement in the library's own words, and
// whether it is this library's reading where the sources are silent or
// ambiguous (a design rule). Every other package cites rules from here, so a
// refusal, a diagram, an obligation and docs/rules.md all read the same
// words.
//
// The sources are Kela's documents for the Kanta services: the general terms
// of delivery (YTE), the customer register's privacy notice (REK), the terms
// of Omatietovaranto, the My Data repository (OTV), the service description
// of the social welfare client data repository (SAT) and the joint-connection
// model agreement (YLS, in Swedish). docs/rules.md spells them out.
//
// A Rule is also an error value, so callers ask a refusal with errors.Is:
//
//	if errors.Is(err, rules.C4) { … the signatory lacked the signing right … }
package rules

// docs/rules.md is generated from this table, the machines and the tests.
//go:generate go run ../internal/rulebook -root .. -out docs/rules.md

import (
	"fmt"
	"strings"
)

// Rule identifies one rule of the terms: C1–C14 for the customership, S1–S7
// for the use of one service, J1–J10 for the joint-connection agreement,
// A1–A8 for the wellbeing application, F1–F6 and L1–L5 for fees and
// liability, R1–R10 for retention, K1 and P1 for catalogue and contact rules,
// and the notice rules by their identifiers ("service-termination").
type Rule string

// Group is the part of the terms a rule belongs to; docs/rules.md has a
// section for each.
type Group string

// The groups of the rule book, in its order.
const (
	Customership Group = "customership"
	Service      Group = "service"
	Agreement    Group = "joint-agreement"
	App          Group = "app"
	Notices      Group = "notices"
	Fees         Group = "fees"
	Liability    Group = "liability"
	Retention    Group = "retention"
	Other        Group = "other"
)

// Info is a rule's entry in the table.
type Info struct {
	Rule  Rule
	Group Group
	// Clauses cite where the sources state the rule, as the documents
	// number them ("YTE 7.1", "OTV 3.1, 4.1, 8"); for a design rule, the
	// nearest clauses.
	Clauses string
	// Design marks this library's choice where the sources are silent or
	// ambiguous; it is never presented as the sources' own words.
	Design bool
	// Statement says the rule in one sentence, in the library's words.
	Statement string
	// Reading says how the library reads the rule where the sources leave a
	// choice; empty when the rule needs none.
	Reading string
}

// Lookup returns rule r's entry, and false for a rule the table does not
// hold.
func Lookup(r Rule) (Info, bool) {
	i, ok := index[r]
	if !ok {
		return Info{}, false
	}
	return table[i], true
}

// All returns every rule in the order of the rule book.
func All() []Rule {
	out := make([]Rule, len(table))
	for i, info := range table {
		out[i] = info.Rule
	}
	return out
}

// In returns the rules of group g, in the order of the rule book.
func In(g Group) []Rule {
	var out []Rule
	for _, info := range table {
		if info.Group == g {
			out = append(out, info.Rule)
		}
	}
	return out
}

// Groups returns the groups in the order of the rule book.
func Groups() []Group {
	return []Group{Customership, Service, Agreement, App, Notices, Fees, Liability, Retention, Other}
}

func (r Rule) info() Info {
	if i, ok := index[r]; ok {
		return table[i]
	}
	return Info{}
}

// Known reports whether r is in the table.
func (r Rule) Known() bool { _, ok := index[r]; return ok }

// Clause returns where the sources state the rule ("YTE 7.1"); for a design
// rule, the nearest clause.
func (r Rule) Clause() string { return r.info().Clauses }

// Design reports whether the rule is this library's choice where the
// sources are silent or ambiguous.
func (r Rule) Design() bool { return r.info().Design }

// Statement says the rule in one sentence.
func (r Rule) Statement() string { return r.info().Statement }

// Reading says how the library reads the rule where the sources leave a
// choice, or "" when it needs none.
func (r Rule) Reading() string { return r.info().Reading }

// Citations returns the rule's clause references one by one, each with its
// document code ("OTV 3.1, 4.1, 8" gives "OTV 3.1", "OTV 4.1", "OTV 8"),
// and "design" last for a design rule.
func (r Rule) Citations() []string {
	info := r.info()
	var out []string
	doc := ""
	for _, part := range strings.Split(info.Clauses, ", ") {
		if part == "" {
			continue
		}
		if part[0] >= '0' && part[0] <= '9' && doc != "" {
			part = doc + " " + part
		} else if i := strings.IndexByte(part, ' '); i > 0 {
			doc = part[:i]
		} else {
			doc = part
		}
		out = append(out, part)
	}
	if info.Design {
		out = append(out, "design")
	}
	return out
}

// Cite returns the rule with its clause as errors, diagrams and obligations
// print it: "C4 (YTE 7)", or "S5b (design, nearest YTE 7.1)".
func (r Rule) Cite() string {
	return string(r) + " (" + r.Source() + ")"
}

// Source returns the clause as it is cited beside the rule: "YTE 7", or
// "design, nearest YTE 7.1" for a design rule.
func (r Rule) Source() string {
	info := r.info()
	if info.Design {
		return "design, nearest " + info.Clauses
	}
	return info.Clauses
}

// Error makes a Rule usable as the target of errors.Is.
func (r Rule) Error() string { return r.Cite() + ": " + r.Statement() }

// Format prints a rule as its identifier with %s, %v and %q ("S2"), and
// with its clause with %+v ("S2 (SAT, YTE 2.5)"). Without it, fmt would
// print a rule by its Error text, the whole statement, wherever a message
// names a rule.
func (r Rule) Format(f fmt.State, verb rune) {
	switch {
	case verb == 'v' && f.Flag('+'):
		fmt.Fprint(f, r.Cite())
	case verb == 'q':
		fmt.Fprintf(f, "%q", string(r))
	default:
		fmt.Fprint(f, string(r))
	}
}

// Citations returns the distinct clause references of rules, in order, as
// one list ("SAT", "YTE 7.1", "design").
func Citations(rs ...Rule) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range rs {
		for _, c := range r.Citations() {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	return out
}

var index = func() map[Rule]int {
	m := make(map[Rule]int, len(table))
	for i, info := range table {
		m[info.Rule] = i
	}
	return m
}()
