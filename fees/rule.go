package fees

import (
	"fmt"
	"strings"
)

// Rule identifies a rule of SPEC §9: F1–F6 for fees and billing, L1–L5 for
// liability. Each rule is applied at exactly one place in this package, and
// that place names the rule; Clause says where the source documents state it.
//
// A Rule is also an error value, so a refusal can be tested with errors.Is:
//
//	if errors.Is(err, fees.F6) { … two tariff values overlap, or one lacks its reference … }
type Rule string

// Fees and billing, SPEC §9.
const (
	F1 Rule = "F1" // Usage fees are those of the ministry's decree in force at the time.
	F2 Rule = "F2" // Money is exact decimal euros; rounding is explicit and documented.
	F3 Rule = "F3" // The main connector is liable for its tenants' usage fees.
	F4 Rule = "F4" // Omatietovaranto costs nothing for now: a dated zero value.
	F5 Rule = "F5" // Access and billing are separate facts; proration is an explicit policy.
	F6 Rule = "F6" // Each tariff value carries validity dates and its legal reference.
)

// Liability, SPEC §9.
const (
	L1 Rule = "L1" // Kela is not liable for damage unless mandatory law provides otherwise.
	L2 Rule = "L2" // Kela's liability is capped at what was paid in the month preceding the damage, or the monthly fee.
	L3 Rule = "L3" // The customer pays Kela's extra costs from its systems' faults, once notified in advance.
	L4 Rule = "L4" // Intentional, grossly negligent or criminal faults: the customer pays damage and costs in full.
	L5 Rule = "L5" // The customer answers for its subcontractors and those using Kanta through it as for itself.
)

type ruleInfo struct {
	clause  string // where the sources say it; for a design rule the nearest clause
	design  bool   // the rule is this library's choice, not the sources' words
	summary string
	reading string // the library's reading where the sources are ambiguous
}

func (r Rule) info() ruleInfo {
	switch r {
	case F1:
		return ruleInfo{"YTE 6, OTV 7", false,
			"usage fees and due dates for the statutory Kanta services are set by the social and health ministry's decree in force at the time",
			"a billable day without a tariff value in force is refused, never priced by a default"}
	case F2:
		return ruleInfo{"YTE 6, OTV 7", true,
			"money is exact decimal euros, never floating point; input amounts have at most two decimals and rounding to cents is explicit",
			"rounding is half away from zero, in one function (RoundCents)"}
	case F3:
		return ruleInfo{"YLS 18", false,
			"the main connector is liable for the usage fees of its tenants' use",
			"the tenant's lines are billed to the main connector"}
	case F4:
		return ruleInfo{"OTV 7", false,
			"Omatietovaranto is free of charge to users and vendors for now: a zero tariff value with its own validity, not a constant",
			""}
	case F5:
		return ruleInfo{"YTE 6, OTV 7", true,
			"access and billing are separate facts, and proration at activation and termination is an explicit policy of the tariff",
			"a usage interval says whether it is billable; the tariff's proration policy has no default"}
	case F6:
		return ruleInfo{"YTE 6, OTV 7, YLS 18", false,
			"each tariff value carries its validity dates and its legal reference; a lookup on a date returns the value in force that day",
			"values for the same service, customer kind and fee kind may not overlap; a kind-specific value beats a general one"}
	case L1:
		return ruleInfo{"YTE 5, OTV 6", false,
			"Kela is not liable for any direct or indirect damage caused by the use of Kanta or by an error, defect or disruption in it, unless mandatory law provides otherwise",
			""}
	case L2:
		return ruleInfo{"YTE 5", false,
			"Kela's liability is in every case capped at what the customer paid for that Kanta service during the month preceding the damage, or at the computed monthly usage fee",
			"by default the calendar month before the damage's month; the paid amount when any payment falls in the window, else the monthly fee when known, else zero; the cap also limits liability under mandatory law"}
	case L3:
		return ruleInfo{"YTE 5, OTV 6", false,
			"the customer is liable for the extra costs and expenses its systems' faults cause Kela (investigation, correction); Kela may claim them after notifying the customer in advance",
			"the advance notice must be given on a day before the claim"}
	case L4:
		return ruleInfo{"YTE 5, OTV 6", false,
			"where the customer or a third party acting for it caused the fault intentionally, by gross negligence or criminally, the customer compensates Kela's damage and extra costs in full",
			""}
	case L5:
		return ruleInfo{"YTE 3.1, OTV 4.7", false,
			"the customer answers for its subcontractors and for others who use Kanta through it as for itself; an app vendor for its partners and subcontractors",
			""}
	}
	return ruleInfo{}
}

// AllRules returns every rule of this package, in the order of SPEC §9.
func AllRules() []Rule { return []Rule{F1, F2, F3, F4, F5, F6, L1, L2, L3, L4, L5} }

// Known reports whether r is one of the rules of AllRules.
func (r Rule) Known() bool { return r.info().clause != "" }

// Clause returns where the source documents state the rule, as SPEC §9 cites
// it ("YTE 5", "YTE 3.1, OTV 4.7"). For a design rule it is the nearest clause.
func (r Rule) Clause() string { return r.info().clause }

// Design reports whether the rule is this library's choice where the sources
// are silent (SPEC gives F2 and F5 no source). A design rule is never
// presented as the source's own words.
func (r Rule) Design() bool { return r.info().design }

// Summary states the rule in one sentence.
func (r Rule) Summary() string { return r.info().summary }

// Reading states how this library reads the rule where the sources leave a
// choice (for L2: the default window, the order of the two amounts and the
// zero), or "" when the rule needs no reading.
func (r Rule) Reading() string { return r.info().reading }

// Cite returns the rule with its clause as errors and traces print it:
// "L2 (YTE 5)", or "F2 (design, nearest YTE 6, OTV 7)".
func (r Rule) Cite() string {
	info := r.info()
	if info.design {
		return string(r) + " (design, nearest " + info.clause + ")"
	}
	return string(r) + " (" + info.clause + ")"
}

// Error makes a Rule usable as the target of errors.Is.
func (r Rule) Error() string { return r.Cite() + ": " + r.Summary() }

// Clauses returns the distinct clauses of rules, in order, as one list of
// citations ("YTE 5", "OTV 6"); a design rule adds "design".
func Clauses(rules []Rule) []string {
	var out []string
	seen := map[string]bool{}
	add := func(s string) {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	for _, r := range rules {
		info := r.info()
		doc := ""
		for _, part := range strings.Split(info.clause, ", ") {
			if part == "" {
				continue
			}
			if part[0] >= '0' && part[0] <= '9' && doc != "" {
				part = doc + " " + part
			} else if i := strings.IndexByte(part, ' '); i > 0 {
				doc = part[:i]
			}
			add(part)
		}
		if info.design {
			add("design")
		}
	}
	return out
}

// Error is the error of this package: bad input or a refused computation. It
// names the rule that refuses, the offending input and, for CSV input, the
// line. Use errors.As to get it, or errors.Is with a Rule.
type Error struct {
	Rule   Rule   // the rule that refuses
	Line   int    // the 1-based line of CSV input, 0 otherwise
	Input  string // the offending input, verbatim
	Reason string // what is wrong, in words
	Err    error  // the underlying error, if any (a *notice.ParseError, …)
}

// Clause returns the clause of the refusing rule.
func (e *Error) Clause() string { return e.Rule.Clause() }

// Error writes the refusal on one line: the line of CSV input if any, the
// reason, the offending input quoted and the rule with its clause.
func (e *Error) Error() string {
	var sb strings.Builder
	sb.WriteString("fees: ")
	if e.Line > 0 {
		fmt.Fprintf(&sb, "line %d: ", e.Line)
	}
	sb.WriteString(e.Reason)
	if e.Input != "" || e.Reason == "" {
		fmt.Fprintf(&sb, ": %q", e.Input)
	}
	if e.Rule != "" {
		fmt.Fprintf(&sb, " [%s]", e.Rule.Cite())
	}
	return sb.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }

// Is reports whether target is the refusing Rule.
func (e *Error) Is(target error) bool {
	r, ok := target.(Rule)
	return ok && r == e.Rule
}

func refuse(rule Rule, input, format string, args ...any) *Error {
	return &Error{Rule: rule, Input: input, Reason: fmt.Sprintf(format, args...)}
}
