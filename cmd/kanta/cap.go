package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// capCommand is `kanta cap` (SPEC §10): the cap on Kela's liability for a
// damage to one service (L2, YTE 5) and, with --claim, what Kela is liable for
// (L1).
var capCommand = command{
	summary: "the cap on Kela's liability for a damage to a service, YTE 5",
	run:     runCap,
}

// capWindow is the window object of the cap's JSON.
type capWindow struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// capResult is the JSON object `kanta cap` prints; the field order is the key
// order SPEC §10 fixes.
type capResult struct {
	Service    string    `json:"service"`
	Damage     string    `json:"damage"`
	Window     capWindow `json:"window"`
	Paid       string    `json:"paid"`
	MonthlyFee *string   `json:"monthly_fee,omitempty"`
	Cap        string    `json:"cap"`
	Basis      string    `json:"basis"`
	Claim      *string   `json:"claim,omitempty"`
	KelaLiable *string   `json:"kela_liable,omitempty"`
	Clause     string    `json:"clause"`
}

func runCap(args []string, stdout, stderr io.Writer) int {
	fs := newFlagSet("cap")
	service := fs.String("service", "", "the damaged service (SPEC §2 identifier)")
	damage := fs.String("damage", "", "the day of the damage, YYYY-MM-DD")
	paymentsFile := fs.String("payments", "", "CSV file with the header date,service,amount")
	monthlyFee := fs.String("monthly-fee", "", "the computed monthly usage fee, used when nothing was paid in the window")
	window := fs.String("window", string(fees.CalendarMonth), "calendar-month or rolling-month")
	claim := fs.String("claim", "", "the damage claimed from Kela")
	mandatoryLaw := fs.Bool("mandatory-law", false, "mandatory law makes Kela liable (needs --claim)")
	if err := parseFlags(fs, args); err != nil {
		return fail(stderr, err)
	}
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })

	for _, name := range []string{"service", "damage", "payments"} {
		if !set[name] {
			return fail(stderr, fmt.Errorf("cap: missing --%s", name))
		}
	}
	if _, err := lifecycle.ParseService(*service); err != nil {
		return fail(stderr, fmt.Errorf("cap: --service: %w", err))
	}
	day, err := notice.Parse(*damage)
	if err != nil {
		return fail(stderr, fmt.Errorf("cap: --damage: %w", err))
	}
	reading, err := fees.ParseWindowReading(*window)
	if err != nil {
		return fail(stderr, fmt.Errorf("cap: --window: %w", err))
	}
	q := fees.CapQuery{Service: *service, Damage: day, Reading: reading}
	if set["monthly-fee"] {
		if q.MonthlyFee, err = fees.ParseAmount(*monthlyFee); err != nil {
			return fail(stderr, fmt.Errorf("cap: --monthly-fee: %w", err))
		}
		q.FeeKnown = true
	}
	var claimed fees.Amount
	if set["claim"] {
		if claimed, err = fees.ParseAmount(*claim); err != nil {
			return fail(stderr, fmt.Errorf("cap: --claim: %w", err))
		}
	} else if *mandatoryLaw {
		return fail(stderr, errors.New("cap: --mandatory-law needs --claim"))
	}

	f, err := os.Open(*paymentsFile)
	if err != nil {
		return fail(stderr, fmt.Errorf("cap: cannot read payments file: %w", err))
	}
	defer f.Close()
	known := func(s string) bool { _, err := lifecycle.ParseService(s); return err == nil }
	payments, err := fees.ReadPayments(f, known)
	if err != nil {
		return fail(stderr, fmt.Errorf("cap: payments file %s: %w", *paymentsFile, err))
	}

	c, err := fees.LiabilityCap(q, payments)
	if err != nil {
		return fail(stderr, fmt.Errorf("cap: %w", err))
	}
	out := capResult{
		Service: c.Service,
		Damage:  c.Damage.String(),
		Window:  capWindow{From: c.Window.From.String(), To: c.Window.To.String()},
		Paid:    c.Paid.String(),
		Cap:     c.Amount.String(),
		Basis:   string(c.Basis),
		Clause:  fees.L2.Clause(),
	}
	if c.FeeKnown {
		s := c.MonthlyFee.String()
		out.MonthlyFee = &s
	}
	if set["claim"] {
		a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: claimed, MandatoryLaw: *mandatoryLaw, Cap: c})
		if err != nil {
			return fail(stderr, fmt.Errorf("cap: %w", err))
		}
		cl, liable := claimed.String(), a.Liable.String()
		out.Claim, out.KelaLiable = &cl, &liable
	}
	return printJSON(stdout, out)
}
