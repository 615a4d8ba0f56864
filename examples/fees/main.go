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

// The parties, by business ID, and their names.
const (
	clinic lifecycle.PartyID = "1234567-8" // the customer and main connector
	tenant lifecycle.PartyID = "7654321-0" // its joint-connection tenant
	kind                     = string(lifecycle.PrivateHealthCareProvider)
)

var names = map[string]string{
	string(clinic): "Lähiklinikka Oy",
	string(tenant): "Pieni Hoiva Oy",
}

func day(y int, m time.Month, d int) notice.Date { return notice.MustDate(y, m, d) }

// yearOfUse returns the usage intervals of 2025, derived from the history of
// the register of commitments: the clinic's services taken into use and
// terminated, and its tenant's use under the joint-connection agreement,
// billed to the clinic (F3, YLS 18). Suspended days would be billed only if
// the policy said so (F5); nothing is suspended here.
func yearOfUse() ([]fees.Usage, error) {
	r := commitment.NewRegister()
	if _, err := r.Add(commitment.Customer{ID: clinic, Name: names[string(clinic)], Kind: lifecycle.PrivateHealthCareProvider, Soteri: true}); err != nil {
		return nil, err
	}
	if _, err := r.Add(commitment.Customer{ID: tenant, Name: names[string(tenant)], Kind: lifecycle.PrivateSocialWelfareProvider, Soteri: true}); err != nil {
		return nil, err
	}
	accepts := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	steps := []struct {
		on    notice.Date
		party lifecycle.PartyID
		act   lifecycle.Act
	}{
		{day(2023, time.December, 1), clinic, lifecycle.RequestService{Service: lifecycle.ImagingDataRepository, Signatory: lifecycle.TradeRegister, Accepts: accepts}},
		{day(2024, time.January, 1), clinic, lifecycle.ApproveService{Service: lifecycle.ImagingDataRepository}},
		{day(2024, time.May, 2), clinic, lifecycle.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: accepts[2:]}},
		{day(2024, time.June, 1), clinic, lifecycle.ApproveService{Service: lifecycle.PatientDataRepository}},
		{day(2025, time.March, 10), "", lifecycle.SignJointAgreement{Agreement: "annex-2025", Main: clinic, Tenant: tenant, Services: []lifecycle.ServiceID{lifecycle.PatientDataRepository}}},
		{day(2025, time.April, 1), clinic, lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: accepts[2:]}},
		{day(2025, time.April, 15), clinic, lifecycle.ApproveService{Service: lifecycle.Prescription}},
		{day(2025, time.July, 10), clinic, lifecycle.GiveTerminationNotice{Service: lifecycle.ImagingDataRepository, Effective: day(2025, time.August, 16), Reason: lifecycle.OtherChange}},
	}
	for _, s := range steps {
		if _, err := r.Execute(s.on, s.party, s.act); err != nil {
			return nil, err
		}
	}
	if _, err := r.Advance(day(2025, time.December, 31)); err != nil {
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
	fmt.Fprintf(w, "\nMonthly invoices 2025, in euros (each paid on the 20th of the next month):\n")
	for month := day(2025, time.January, 1); month.Year() == 2025; month = month.Add(notice.Months(1)) {
		invoices, err := fees.Bill(tariff, month, usage, nil)
		if err != nil {
			return err
		}
		for _, inv := range invoices {
			fmt.Fprintf(w, "%s  to %s: %s\n", inv.From.String()[:7], party(inv.Payer), inv.Total)
			paid := map[string]fees.Amount{}
			var services []string
			for _, l := range inv.Lines {
				who := ""
				if l.Customer != inv.Payer {
					who = " (used by the tenant " + party(l.Customer) + ")"
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
	fmt.Fprintf(w, "Year 2025 billed to %s: %s\n", party(string(clinic)), year)

	// One line's trace in full: the tenant's first, prorated month.
	invoices, err := fees.Bill(tariff, day(2025, time.March, 1), usage, nil)
	if err != nil {
		return err
	}
	for _, l := range invoices[0].Lines {
		if l.Customer == string(tenant) {
			fmt.Fprintf(w, "\nHow the March line of %s's use was computed (%s):\n", party(l.Customer), strings.Join(l.Clauses(), ", "))
			for _, s := range l.Trace {
				fmt.Fprintf(w, "  - %s\n", plain(s))
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
	fmt.Fprintf(w, "\nA disruption damages %s's use of prescription on %s.\n", party(string(clinic)), damage)
	fmt.Fprintf(w, "Kela's liability is capped at %s: %s, %s.\n", c.Amount, basis(c.Basis), c.Window)
	for _, mandatory := range []bool{false, true} {
		a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.MustAmount("5000.00"), MandatoryLaw: mandatory, Cap: c})
		if err != nil {
			return err
		}
		when := "no mandatory law makes Kela liable"
		if mandatory {
			when = "mandatory law makes Kela liable"
		}
		fmt.Fprintf(w, "A claim of %s where %s: Kela is liable for %s (%s)\n", a.Claimed, when, a.Liable, strings.Join(a.Clauses(), ", "))
		for _, s := range a.Trace {
			fmt.Fprintf(w, "  - %s\n", plain(s))
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
	fmt.Fprintf(w, "\nKela's claim on %s for a fault of its tenant %s: liable for %s of %s (%s)\n", party(string(clinic)), party(string(tenant)), a.Liable, a.Claimed, strings.Join(a.Clauses(), ", "))
	for _, s := range a.Trace {
		fmt.Fprintf(w, "  - %s\n", plain(s))
	}
	return nil
}

// basis says what the liability cap is based on.
func basis(b fees.Basis) string {
	switch b {
	case fees.BasisPaid:
		return "what was paid for the service in the month before the damage"
	case fees.BasisMonthlyFee:
		return "the service's monthly usage fee in the month before the damage"
	}
	return "nothing was paid and no fee is known for the month before the damage"
}

// party names a party by name when the example knows it.
func party(id string) string {
	if name, ok := names[id]; ok {
		return name
	}
	return id
}

// plain rewrites a line of the library's trace for a reader: parties by
// name instead of business ID.
func plain(s string) string {
	for id, name := range names {
		s = strings.ReplaceAll(s, id, name)
	}
	return s
}
