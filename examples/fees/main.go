// Command fees shows a year of monthly Kanta usage billing for a private
// clinic and its joint-connection tenant, then a damage claim against Kela
// limited by the liability cap, and a claim of Kela's on the clinic for its
// tenant's fault, each with its trace and clauses.
//
// The usage is derived from the history of a register of commitments (the
// clinic, its tenant and their joint-connection agreement). The amounts come
// from fees.IllustrativeTariff: they are ILLUSTRATIVE, not the
// decree's (the sources give none), except Omatietovaranto's zero (OTV 7).
//
//	go run ./examples/fees
package main

import (
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "fees:", err)
		os.Exit(1)
	}
}

const (
	clinic = "Lähiklinikka Oy" // the customer and main connector
	tenant = "Pieni Hoiva Oy"  // its joint-connection tenant
	kind   = string(lifecycle.PrivateHealthCareProvider)
)

func day(y int, m time.Month, d int) notice.Date { return notice.MustDate(y, m, d) }

// yearOfUse returns the usage intervals of 2025, derived from the history of
// the register of commitments: the clinic's services taken into use and
// terminated, and its tenant's use under the joint-connection agreement,
// billed to the clinic (F3, YLS 18). Suspended days would be billed only if
// the policy said so (F5); nothing is suspended here.
func yearOfUse() ([]fees.Usage, error) {
	r := commitment.NewRegister()
	if _, err := r.Add(commitment.Customer{ID: clinic, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true}); err != nil {
		return nil, err
	}
	if _, err := r.Add(commitment.Customer{ID: tenant, Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true}); err != nil {
		return nil, err
	}
	accepts := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	steps := []struct {
		on    notice.Date
		party string
		cmd   commitment.Command
	}{
		{day(2023, time.December, 1), clinic, commitment.RequestService{Service: lifecycle.ImagingDataRepository, Signatory: lifecycle.TradeRegister, Accepts: accepts}},
		{day(2024, time.January, 1), clinic, commitment.ApproveService{Service: lifecycle.ImagingDataRepository}},
		{day(2024, time.May, 2), clinic, commitment.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: accepts[2:]}},
		{day(2024, time.June, 1), clinic, commitment.ApproveService{Service: lifecycle.PatientDataRepository}},
		{day(2025, time.March, 10), "", commitment.SignJointAgreement{ID: "annex-2025", Main: clinic, Tenant: tenant, Services: []lifecycle.ServiceID{lifecycle.PatientDataRepository}}},
		{day(2025, time.April, 1), clinic, commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: accepts[2:]}},
		{day(2025, time.April, 15), clinic, commitment.ApproveService{Service: lifecycle.Prescription}},
		{day(2025, time.July, 10), clinic, commitment.GiveTerminationNotice{Service: lifecycle.ImagingDataRepository, Effective: day(2025, time.August, 16), Reason: lifecycle.OtherChange}},
	}
	for _, s := range steps {
		if _, err := r.Execute(s.on, s.party, s.cmd); err != nil {
			return nil, err
		}
	}
	if err := r.Advance(day(2025, time.December, 31)); err != nil {
		return nil, err
	}
	return r.Usage(commitment.UsagePolicy{}), nil
}

func run(w io.Writer) error {
	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Tariff (%s proration; ILLUSTRATIVE amounts, not the decree's):\n", tariff.Proration())
	for _, e := range tariff.Entries() {
		kindNote := ""
		if e.CustomerKind != "" {
			kindNote = " for " + e.CustomerKind
		}
		source := ""
		if e.Reference != fees.IllustrativeReference {
			source = " — " + e.Reference
		}
		fmt.Fprintf(w, "  %s%s: %s %s, %s%s\n", e.Service, kindNote, e.Fee, e.Amount, e.Validity(), source)
	}

	usage, err := yearOfUse()
	if err != nil {
		return err
	}
	var payments []fees.Payment
	year := fees.Amount{}
	fmt.Fprintf(w, "\nMonthly invoices 2025 (each paid on the 20th of the next month):\n")
	for month := day(2025, time.January, 1); month.Year() == 2025; month = month.Add(notice.Months(1)) {
		invoices, err := fees.Bill(tariff, month, usage, nil)
		if err != nil {
			return err
		}
		for _, inv := range invoices {
			fmt.Fprintf(w, "%s  to %s: %s\n", inv.From.String()[:7], inv.Payer, inv.Total)
			paid := map[string]fees.Amount{}
			var services []string
			for _, l := range inv.Lines {
				who := ""
				if l.Customer != inv.Payer {
					who = " (tenant " + l.Customer + ")"
				}
				fmt.Fprintf(w, "    %-24s %s to %s  %2d/%d days  %8s%s\n", l.Service, l.From, l.To, l.Days, l.MonthDays, l.Amount, who)
				if _, ok := paid[l.Service]; !ok {
					services = append(services, l.Service)
				}
				paid[l.Service] = paid[l.Service].Add(l.Amount)
			}
			payDay := inv.To.AddDays(20)
			for _, s := range services {
				payments = append(payments, fees.Payment{On: payDay, Service: s, Amount: paid[s]})
			}
			year = year.Add(inv.Total)
		}
	}
	fmt.Fprintf(w, "Year 2025 billed to %s: %s\n", clinic, year)

	// One line's trace in full: the tenant's first, prorated month.
	invoices, err := fees.Bill(tariff, day(2025, time.March, 1), usage, nil)
	if err != nil {
		return err
	}
	for _, l := range invoices[0].Lines {
		if l.Customer == tenant {
			fmt.Fprintf(w, "\nHow %s's March line was computed (%s):\n", tenant, strings.Join(l.Clauses(), ", "))
			for _, s := range l.Trace {
				fmt.Fprintf(w, "  - %s\n", s)
			}
		}
	}

	// A disruption of the prescription service on 15 October damages the
	// clinic, which claims 5 000.00 from Kela.
	damage := day(2025, time.October, 15)
	q := fees.CapQuery{Service: "prescription", Damage: damage}
	if e, ok := tariff.Lookup("prescription", kind, fees.Monthly, damage); ok {
		q.MonthlyFee, q.FeeKnown = e.Amount, true
	}
	c, err := fees.LiabilityCap(q, payments)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nDamage to prescription on %s: cap %s (basis %s, window %s)\n", damage, c.Amount, c.Basis, c.Window)
	for _, mandatory := range []bool{false, true} {
		a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.MustAmount("5000.00"), MandatoryLaw: mandatory, Cap: c})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "Claim %s, mandatory law %t: Kela liable %s (%s)\n", a.Claimed, mandatory, a.Liable, strings.Join(a.Clauses(), ", "))
		for _, s := range a.Trace {
			fmt.Fprintf(w, "  - %s\n", s)
		}
	}

	// The tenant's system floods Kanta by a fault; Kela notified the clinic of
	// its investigation costs on 3 November and claims them on 1 December.
	a, err := fees.AssessCustomer(fees.ClaimAgainstCustomer{
		CustomerKind: kind, CausedBy: fees.Tenant, Conduct: fees.Ordinary,
		ExtraCosts: fees.MustAmount("1200.00"), Damage: fees.MustAmount("8000.00"),
		Notified: day(2025, time.November, 3), Claimed: day(2025, time.December, 1),
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\nKela's claim on %s for its tenant's fault: liable %s of %s (%s)\n", clinic, a.Liable, a.Claimed, strings.Join(a.Clauses(), ", "))
	for _, s := range a.Trace {
		fmt.Fprintf(w, "  - %s\n", s)
	}
	return nil
}
