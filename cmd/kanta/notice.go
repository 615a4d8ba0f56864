package main

import (
	"errors"
	"flag"
	"io"
	"strings"

	"github.com/kantakit/kanta/notice"
)

// noticeCommand is `kanta notice` (docs/cli.md): the days of one notice rule
// of package notice on the Finnish calendar.
func noticeCommand() command {
	return command{
		name:     "notice",
		synopsis: "--rule RULE (--given DATE | --effective DATE | both) [--period P] [--roll none|forward|backward]",
		summary:  "latest notice and earliest effective days of a notice rule, as JSON",
		setup:    setupNotice,
	}
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

// rulesWithPeriods lists the rules kanta notice can count.
func rulesWithPeriods() string {
	var ids []string
	for _, r := range notice.Rules() {
		if r.HasPeriod() {
			ids = append(ids, string(r.ID))
		}
	}
	return strings.Join(ids, ", ")
}

// setupNotice defines the flags of `kanta notice --rule RULE (--given DATE |
// --effective DATE | both) [--period P] [--roll none|forward|backward]`.
func setupNotice(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	ruleFlag := fs.String("rule", "", "the notice `RULE`, required; one with a period: "+rulesWithPeriods())
	givenFlag := fs.String("given", "", "the `DATE` the notice reached the recipient, YYYY-MM-DD")
	effectiveFlag := fs.String("effective", "", "the `DATE` the change takes effect, YYYY-MM-DD")
	periodFlag := fs.String("period", "", "the production agreement's notice period `P`, an ISO 8601 period like P3M (joint-agreement-termination only)")
	rollFlag := fs.String("roll", "none", "what becomes of a latest notice day that is not a working day, `none|forward|backward`: kept, or moved to the next or the previous working day")
	return func(_ []string, stdout, stderr io.Writer) int {
		set := visited(fs)
		if !set["rule"] {
			return fail(stderr, "notice", errors.New("--rule is required"))
		}
		rule, err := notice.LookupRule(notice.RuleID(*ruleFlag))
		if err != nil {
			return fail(stderr, "notice", about("--rule", err))
		}
		if !rule.HasPeriod() {
			return fail(stderr, "notice", about("--rule", errors.New("rule "+string(rule.ID)+" has no period to compute: "+rule.Timing+"; kanta notice takes only the rules with a period")))
		}
		if set["period"] {
			p, err := notice.ParsePeriod(*periodFlag)
			if err != nil {
				return fail(stderr, "notice", about("--period", err))
			}
			if rule, err = rule.WithPeriod(p); err != nil {
				return fail(stderr, "notice", about("--period", err))
			}
		}
		roll, err := notice.ParseRoll(*rollFlag)
		if err != nil {
			return fail(stderr, "notice", about("--roll", err))
		}
		var given, effective notice.Date
		if set["given"] {
			if given, err = notice.Parse(*givenFlag); err != nil {
				return fail(stderr, "notice", about("--given", err))
			}
		}
		if set["effective"] {
			if effective, err = notice.Parse(*effectiveFlag); err != nil {
				return fail(stderr, "notice", about("--effective", err))
			}
		}
		if !set["given"] && !set["effective"] {
			return fail(stderr, "notice", errors.New("give --given DATE, --effective DATE, or both"))
		}

		calc, err := rule.Calculate(given, effective, roll, notice.Finland())
		if err != nil {
			return fail(stderr, "notice", err)
		}
		out := noticeResult{
			Rule:      rule.ID,
			Direction: rule.Term.Direction,
			Period:    rule.Term.Period,
			Roll:      roll,
			Clause:    rule.Clause(),
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
}
