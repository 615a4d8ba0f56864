package main

import (
	"errors"
	"flag"
	"io"
	"strings"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/internal/inputfile"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// capCommand is `kanta cap` (docs/cli.md): the cap on Kela's liability for a
// damage to one service (L2, YTE 5) and, with --claim, what Kela is liable for
// (L1).
func capCommand() command {
	return command{
		name:     "cap",
		synopsis: "--service SERVICE --damage DATE [--payments FILE] [--monthly-fee AMOUNT] [--window calendar-month|rolling-month] [--claim AMOUNT [--mandatory-law]]",
		summary:  "the cap on Kela's liability for a damage to a service (YTE 5), as JSON",
		setup:    setupCap,
	}
}

// capWindow is the window object of the cap's JSON.
type capWindow struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// capResult is the JSON object `kanta cap` prints; the field order is the key
// order docs/cli.md gives, part of the command line's stable interface.
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

// services lists the service identifiers for the usage text.
func services() string {
	ids := make([]string, 0, len(lifecycle.Services()))
	for _, s := range lifecycle.Services() {
		ids = append(ids, string(s))
	}
	return strings.Join(ids, ", ")
}

// setupCap defines the flags of `kanta cap`.
func setupCap(fs *flag.FlagSet) func([]string, io.Writer, io.Writer) int {
	service := fs.String("service", "", "the damaged `SERVICE`, required: "+services())
	damage := fs.String("damage", "", "the `DATE` of the damage, YYYY-MM-DD, required")
	paymentsFile := fs.String("payments", "", "the payments ledger, a CSV `FILE` with the header date,service,amount, at most 64 MiB with lines of at most 1024 bytes; required unless --monthly-fee is given")
	monthlyFee := fs.String("monthly-fee", "", "the computed monthly usage fee, an `AMOUNT` in euros: the cap when nothing was paid in the window")
	window := fs.String("window", string(fees.CalendarMonth), "the month preceding the damage, `calendar-month|rolling-month`: the calendar month before the damage's month, or the month up to the day before the damage")
	claim := fs.String("claim", "", "the `AMOUNT` in euros claimed from Kela for the damage; adds claim and kela_liable to the output")
	mandatoryLaw := fs.Bool("mandatory-law", false, "mandatory law makes Kela liable for the claim, up to the cap (needs --claim)")
	return func(_ []string, stdout, stderr io.Writer) int {
		set := visited(fs)
		for _, name := range []string{"service", "damage"} {
			if !set[name] {
				return fail(stderr, "cap", errors.New("missing --"+name))
			}
		}
		if !set["payments"] && !set["monthly-fee"] {
			return fail(stderr, "cap", errors.New("missing --payments (or --monthly-fee, the cap when nothing was paid)"))
		}
		if _, err := lifecycle.ParseService(*service); err != nil {
			return fail(stderr, "cap", about("--service", err))
		}
		day, err := notice.Parse(*damage)
		if err != nil {
			return fail(stderr, "cap", about("--damage", err))
		}
		reading, err := fees.ParseWindowReading(*window)
		if err != nil {
			return fail(stderr, "cap", about("--window", err))
		}
		q := fees.CapQuery{Service: *service, Damage: day, Reading: reading}
		if set["monthly-fee"] {
			if q.MonthlyFee, err = fees.ParseAmount(*monthlyFee); err != nil {
				return fail(stderr, "cap", about("--monthly-fee", err))
			}
			q.FeeKnown = true
		}
		var claimed fees.Amount
		if set["claim"] {
			if claimed, err = fees.ParseAmount(*claim); err != nil {
				return fail(stderr, "cap", about("--claim", err))
			}
		} else if *mandatoryLaw {
			return fail(stderr, "cap", errors.New("--mandatory-law needs --claim"))
		}

		c, err := liabilityCap(q, set["payments"], *paymentsFile)
		if err != nil {
			return fail(stderr, "cap", err)
		}
		out := capResult{
			Service: c.Service,
			Damage:  c.Damage.String(),
			Window:  capWindow{From: c.Window.From.String(), To: c.Window.To.String()},
			Paid:    c.Paid.String(),
			Cap:     c.Amount.String(),
			Basis:   string(c.Basis),
			Clause:  rules.L2.Clause(),
		}
		if c.FeeKnown {
			s := c.MonthlyFee.String()
			out.MonthlyFee = &s
		}
		if set["claim"] {
			a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: claimed, MandatoryLaw: *mandatoryLaw, Cap: c})
			if err != nil {
				return fail(stderr, "cap", err)
			}
			cl, liable := claimed.String(), a.Liable.String()
			out.Claim, out.KelaLiable = &cl, &liable
		}
		return printJSON(stdout, out)
	}
}

// liabilityCap computes the cap of q from the ledger at path, read one
// payment at a time, or, without a ledger, as for an empty one: nothing was
// paid, so the monthly fee is the cap.
func liabilityCap(q fees.CapQuery, withLedger bool, path string) (fees.Cap, error) {
	if !withLedger {
		return fees.LiabilityCap(q, nil)
	}
	context := "--payments " + path
	f, err := inputfile.Open(path, maxLedgerSize, readsMore)
	if err != nil {
		return fees.Cap{}, about(context, errors.New("cannot read the payments: "+err.Error()))
	}
	defer f.Close()
	// A set, not lifecycle.ParseService: a ledger may have millions of lines.
	services := map[string]bool{}
	for _, s := range lifecycle.Services() {
		services[string(s)] = true
	}
	c, err := fees.ReadLiabilityCap(q, f, func(s string) bool { return services[s] })
	var fe *fees.Error
	if errors.As(err, &fe) && fe.Malformed {
		return fees.Cap{}, about(context, err)
	}
	return c, err
}
