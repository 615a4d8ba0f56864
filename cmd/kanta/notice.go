package main

import (
	"errors"
	"flag"
	"fmt"
	"io"

	"github.com/kantakit/kanta/notice"
)

// noticeCommand is `kanta notice` (SPEC §10): the days of one notice rule of
// SPEC §5 on the Finnish calendar.
var noticeCommand = command{
	summary: "latest notice and earliest effective days of a notice rule",
	run:     runNotice,
}

// noticeResult is the JSON object `kanta notice` prints. The fields are in
// the fixed key order; the days are present only when asked for.
type noticeResult struct {
	Rule              notice.RuleID    `json:"rule"`
	Direction         notice.Direction `json:"direction"`
	Period            notice.Period    `json:"period"`
	Roll              notice.Roll      `json:"roll"`
	Given             string           `json:"given,omitempty"`
	Effective         string           `json:"effective,omitempty"`
	EarliestEffective string           `json:"earliest_effective,omitempty"`
	LatestNotice      string           `json:"latest_notice,omitempty"`
	Timely            *bool            `json:"timely,omitempty"`
	Clause            string           `json:"clause"`
}

// runNotice runs `kanta notice --rule RULE (--given DATE | --effective DATE |
// both) [--period P] [--roll none|forward|backward]`.
func runNotice(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("notice")
	ruleFlag := fs.String("rule", "", "the notice rule (SPEC §5), e.g. service-termination")
	givenFlag := fs.String("given", "", "the day the notice reached the recipient, YYYY-MM-DD")
	effectiveFlag := fs.String("effective", "", "the day the change takes effect, YYYY-MM-DD")
	periodFlag := fs.String("period", "", "the production agreement's notice period (joint-agreement-termination only), e.g. P3M")
	rollFlag := fs.String("roll", "none", "what to do with a non-working latest notice day: none, forward or backward")
	if err := parseFlags(fs, args); err != nil {
		return fail(stderr, err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	if !set["rule"] {
		return fail(stderr, errors.New("notice: --rule is required"))
	}
	rule, err := notice.LookupRule(notice.RuleID(*ruleFlag))
	if err != nil {
		return fail(stderr, err)
	}
	if !rule.HasPeriod() {
		return fail(stderr, fmt.Errorf("notice: rule %s has no period to compute: %s; kanta notice takes only the rules with a period", rule.ID, rule.Timing))
	}
	if set["period"] {
		p, err := notice.ParsePeriod(*periodFlag)
		if err != nil {
			return fail(stderr, fmt.Errorf("--period: %w", err))
		}
		if rule, err = rule.WithPeriod(p); err != nil {
			return fail(stderr, fmt.Errorf("--period: %w", err))
		}
	}
	roll, err := notice.ParseRoll(*rollFlag)
	if err != nil {
		return fail(stderr, fmt.Errorf("--roll: %w", err))
	}
	var given, effective notice.Date
	if set["given"] {
		if given, err = notice.Parse(*givenFlag); err != nil {
			return fail(stderr, fmt.Errorf("--given: %w", err))
		}
	}
	if set["effective"] {
		if effective, err = notice.Parse(*effectiveFlag); err != nil {
			return fail(stderr, fmt.Errorf("--effective: %w", err))
		}
	}
	if !set["given"] && !set["effective"] {
		return fail(stderr, errors.New("notice: give --given DATE, --effective DATE, or both"))
	}

	calc, err := rule.Calculate(given, effective, roll, notice.Finland())
	if err != nil {
		return fail(stderr, err)
	}
	out := noticeResult{
		Rule:      rule.ID,
		Direction: rule.Term.Direction,
		Period:    rule.Term.Period,
		Roll:      roll,
		Clause:    rule.Clause,
	}
	if set["given"] {
		out.Given = calc.Given.String()
		out.EarliestEffective = calc.EarliestEffective.String()
	}
	if set["effective"] {
		out.Effective = calc.Effective.String()
		out.LatestNotice = calc.LatestNotice.String()
	}
	if timely, asked := calc.Timely(); asked {
		out.Timely = &timely
	}
	return printJSON(stdout, out)
}
