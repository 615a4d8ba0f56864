package fees_test

import (
	"fmt"
	"strings"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
)

func ExampleParseAmount() {
	for _, s := range []string{"50", "100.5", "240.00", "12.345", "-5", "1e3"} {
		a, err := fees.ParseAmount(s)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(a)
	}
	// Output:
	// 50.00
	// 100.50
	// 240.00
	// fees: amount has more than two decimals: "12.345"
	// fees: not an amount: expected a non-negative decimal with at most two decimals, like 50, 100.5 or 240.00: "-5"
	// fees: not an amount: expected a non-negative decimal with at most two decimals, like 50, 100.5 or 240.00: "1e3"
}

func ExampleTariff_Lookup() {
	d := notice.MustDate
	tariff, err := fees.NewTariff(fees.ByDay,
		fees.Entry{Service: "prescription", Fee: fees.Monthly, Amount: fees.MustAmount("240.00"),
			From: d(2024, 1, 1), Until: d(2025, 7, 1), Reference: "decree A (illustrative)"},
		fees.Entry{Service: "prescription", Fee: fees.Monthly, Amount: fees.MustAmount("252.00"),
			From: d(2025, 7, 1), Reference: "decree B (illustrative)"},
		fees.Entry{Service: "prescription", CustomerKind: "pharmacist", Fee: fees.Monthly, Amount: fees.MustAmount("310.00"),
			From: d(2024, 1, 1), Reference: "decree A (illustrative)"},
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, q := range []struct {
		kind string
		on   notice.Date
	}{{"", d(2025, 6, 30)}, {"", d(2025, 7, 1)}, {"pharmacist", d(2025, 7, 1)}} {
		e, _ := tariff.Lookup("prescription", q.kind, fees.Monthly, q.on)
		fmt.Println(q.on, e.Amount, e.Reference)
	}
	// Output:
	// 2025-06-30 240.00 decree A (illustrative)
	// 2025-07-01 252.00 decree B (illustrative)
	// 2025-07-01 310.00 decree A (illustrative)
}

func ExampleNewTariff_overlap() {
	d := notice.MustDate
	_, err := fees.NewTariff(fees.WholeMonth,
		fees.Entry{Service: "kelain", Fee: fees.PerUnit, Amount: fees.MustAmount("0.12"), From: d(2024, 1, 1), Reference: "decree A"},
		fees.Entry{Service: "kelain", Fee: fees.PerUnit, Amount: fees.MustAmount("0.15"), From: d(2025, 1, 1), Reference: "decree B"},
	)
	fmt.Println(err)
	// Output:
	// fees: two tariff values for the same service, customer kind and fee kind are in force on the same day: "kelain: 0.12 a unit, in force from 2024-01-01, open-ended (decree A) | kelain: 0.15 a unit, in force from 2025-01-01, open-ended (decree B)" [F6 (YTE 6, OTV 7, YLS 18)]
}

func ExampleBill() {
	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	if err != nil {
		fmt.Println(err)
		return
	}
	d := notice.MustDate
	// What a commitment's history yields: the main connector's own use, and
	// its tenant's use from 15 April, billed to the main connector (F3).
	usage := []fees.Usage{
		{Customer: "klinikka", CustomerKind: "private-health-care-provider", Service: "patient-data-repository", From: d(2025, 1, 1), Billable: true},
		{Customer: "hoiva", CustomerKind: "private-social-welfare-provider", Payer: "klinikka", Service: "patient-data-repository", From: d(2025, 4, 15), Billable: true},
	}
	invoices, err := fees.Bill(tariff, d(2025, 4, 1), usage, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, inv := range invoices {
		fmt.Printf("invoice to %s for %s to %s: %s\n", inv.Payer, inv.From, inv.To, inv.Total)
		for _, l := range inv.Lines {
			fmt.Printf("  %s %s %s to %s: %s\n", l.Customer, l.Service, l.From, l.To, l.Amount)
			fmt.Println("    " + strings.Join(l.Trace, "\n    "))
		}
	}
	// Output:
	// invoice to klinikka for 2025-04-01 to 2025-04-30: 276.00
	//   hoiva patient-data-repository 2025-04-15 to 2025-04-30: 96.00
	//     patient-data-repository used and billable on 16 of 30 days, 2025-04-15 to 2025-04-30 [F5 (design, nearest YTE 6, OTV 7)]
	//     value in force: patient-data-repository: 180.00 a month, in force from 2024-01-01, open-ended (ILLUSTRATIVE amount, not the decree's: the sources give no amounts; the fee is set by the social and health ministry's decree in force (YTE 6, OTV 7)) [F6 (YTE 6, OTV 7, YLS 18)]
	//     by-day proration: 180.00 × 16 / 30 = 96.00, rounded to cents half away from zero [F2 (design, nearest YTE 6, OTV 7)]
	//     billed to klinikka, liable for the usage fees of hoiva's use through it [F3 (YLS 18)]
	//   klinikka patient-data-repository 2025-04-01 to 2025-04-30: 180.00
	//     patient-data-repository used and billable on 30 of 30 days, 2025-04-01 to 2025-04-30 [F5 (design, nearest YTE 6, OTV 7)]
	//     value in force: patient-data-repository: 180.00 a month, in force from 2024-01-01, open-ended (ILLUSTRATIVE amount, not the decree's: the sources give no amounts; the fee is set by the social and health ministry's decree in force (YTE 6, OTV 7)) [F6 (YTE 6, OTV 7, YLS 18)]
	//     by-day proration: 180.00 × 30 / 30 = 180.00, rounded to cents half away from zero [F2 (design, nearest YTE 6, OTV 7)]
}

func ExampleLiabilityCap() {
	payments, err := fees.ReadPayments(strings.NewReader(
		"date,service,amount\n"+
			"2025-02-01,prescription,100.00\n"+
			"2025-02-28,prescription,140.00\n"+
			"2025-02-14,kelain,12.00\n"+
			"2025-03-01,prescription,240.00\n"), nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: notice.MustDate(2025, 3, 15)}, payments)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.Window, c.Amount, c.Basis, c.Clauses())
	fmt.Println(strings.Join(c.Trace, "\n"))
	// Output:
	// 2025-02-01 to 2025-02-28 240.00 paid [YTE 5]
	// damage to prescription on 2025-03-15; the month preceding it, read as the calendar month before the damage's month: 2025-02-01 to 2025-02-28
	// payments for prescription in the window: 2, total 240.00; other services' payments and days outside the window excluded
	// cap = what was paid in the window: 240.00 [L2 (YTE 5)]
}

func ExampleAssessKela() {
	c, _ := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: notice.MustDate(2025, 3, 15),
		MonthlyFee: fees.MustAmount("240.00"), FeeKnown: true}, nil)
	for _, mandatory := range []bool{false, true} {
		a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.MustAmount("5000.00"), MandatoryLaw: mandatory, Cap: c})
		if err != nil {
			fmt.Println(err)
			return
		}
		fmt.Println(a.Liable, a.Clauses())
		fmt.Println("  " + a.Trace[len(a.Trace)-1])
	}
	// Output:
	// 0.00 [YTE 5 OTV 6]
	//   Kela is not liable for direct or indirect damage unless mandatory law provides otherwise; none is invoked: liable 0.00 [L1 (YTE 5, OTV 6)]
	// 240.00 [YTE 5 OTV 6]
	//   liability limited to the cap in every case: min(5000.00, 240.00) = 240.00 [L2 (YTE 5)]
}

func ExampleAssessCustomer() {
	a, err := fees.AssessCustomer(fees.ClaimAgainstCustomer{
		CustomerKind: "private-health-care-provider",
		CausedBy:     fees.Tenant,
		Conduct:      fees.Ordinary,
		ExtraCosts:   fees.MustAmount("800.00"),
		Damage:       fees.MustAmount("10000.00"),
		Notified:     notice.MustDate(2025, 5, 2),
		Claimed:      notice.MustDate(2025, 6, 2),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Liable, a.Clauses())
	fmt.Println(strings.Join(a.Trace, "\n"))
	// Output:
	// 800.00 [YTE 3.1 OTV 4.7 YTE 5 OTV 6]
	// Kela claims 10800.00 (extra costs 800.00, damage 10000.00) on 2025-06-02 for a fault caused by tenant, conduct ordinary
	// the customer answers for its tenant as for itself [L5 (YTE 3.1, OTV 4.7)]
	// a fault of the customer's systems or of those it answers for, notified in advance on 2025-05-02: the extra costs 800.00 [L3 (YTE 5, OTV 6)]; the damage 10000.00 is owed only in full liability [L4]
}
