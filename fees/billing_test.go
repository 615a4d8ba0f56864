package fees_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

func tariffWith(t *testing.T, p fees.Proration, entries ...fees.Entry) fees.Tariff {
	t.Helper()
	tariff, err := fees.NewTariff(p, entries...)
	require.NoError(t, err)
	return tariff
}

func use(customer, service, from, until string) fees.Usage {
	u := fees.Usage{Customer: customer, Service: service, From: day(from), Billable: true}
	if until != "" {
		u.Until = day(until)
	}
	return u
}

// billed returns the amount of each line of the month's invoices, as
// "payer/customer/service from..to amount".
func billed(t *testing.T, tariff fees.Tariff, month string, usage []fees.Usage, units []fees.UnitUse) []string {
	t.Helper()
	invs, err := fees.Bill(tariff, day(month), usage, units)
	require.NoError(t, err)
	var out []string
	for _, inv := range invs {
		for _, l := range inv.Lines {
			out = append(out, l.Payer+"/"+l.Customer+"/"+l.Service+" "+l.From.String()+".."+l.To.String()+" "+l.Amount.String())
		}
	}
	return out
}

func TestF5_ByDayProratesActivationAndTermination(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay, entry("patient-data-repository", "", fees.Monthly, "180.00", "2024-01-01", ""))
	for _, tc := range []struct {
		name, month string
		usage       fees.Usage
		want        []string
	}{
		{"activated on 15 April: 16 of 30 days", "2025-04-01", use("c", "patient-data-repository", "2025-04-15", ""),
			[]string{"c/c/patient-data-repository 2025-04-15..2025-04-30 96.00"}},
		{"a full month", "2025-05-01", use("c", "patient-data-repository", "2025-04-15", ""),
			[]string{"c/c/patient-data-repository 2025-05-01..2025-05-31 180.00"}},
		{"terminated effective 11 September: 10 of 30 days", "2025-09-01", use("c", "patient-data-repository", "2025-01-01", "2025-09-11"),
			[]string{"c/c/patient-data-repository 2025-09-01..2025-09-10 60.00"}},
		{"effective on the 1st: nothing that month", "2025-10-01", use("c", "patient-data-repository", "2025-01-01", "2025-10-01"),
			nil},
		{"last day of the month only", "2025-01-01", use("c", "patient-data-repository", "2025-01-31", ""),
			[]string{"c/c/patient-data-repository 2025-01-31..2025-01-31 5.81"}}, // 180 / 31 = 5.806…
		{"leap February, 10 of 29 days", "2024-02-01", use("c", "patient-data-repository", "2024-02-20", ""),
			[]string{"c/c/patient-data-repository 2024-02-20..2024-02-29 62.07"}},
		{"one day in and out", "2025-03-01", use("c", "patient-data-repository", "2025-03-10", "2025-03-11"),
			[]string{"c/c/patient-data-repository 2025-03-10..2025-03-10 5.81"}},
		{"before activation", "2025-03-01", use("c", "patient-data-repository", "2025-04-01", ""), nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, billed(t, tariff, tc.month, []fees.Usage{tc.usage}, nil))
		})
	}
}

func TestF5_WholeMonthChargesAnyMonthWithABillableDayInFull(t *testing.T) {
	tariff := tariffWith(t, fees.WholeMonth, entry("patient-data-repository", "", fees.Monthly, "180.00", "2024-01-01", ""))
	for _, tc := range []struct {
		name, month string
		usage       fees.Usage
		want        []string
	}{
		{"activated on 30 April", "2025-04-01", use("c", "patient-data-repository", "2025-04-30", ""),
			[]string{"c/c/patient-data-repository 2025-04-30..2025-04-30 180.00"}},
		{"terminated effective 2 September", "2025-09-01", use("c", "patient-data-repository", "2025-01-01", "2025-09-02"),
			[]string{"c/c/patient-data-repository 2025-09-01..2025-09-01 180.00"}},
		{"terminated effective 1 October", "2025-10-01", use("c", "patient-data-repository", "2025-01-01", "2025-10-01"), nil},
		{"leap February", "2024-02-01", use("c", "patient-data-repository", "2024-02-29", ""),
			[]string{"c/c/patient-data-repository 2024-02-29..2024-02-29 180.00"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, billed(t, tariff, tc.month, []fees.Usage{tc.usage}, nil))
		})
	}
	// Two intervals in one month are one month.
	got := billed(t, tariff, "2025-03-01", []fees.Usage{
		use("c", "patient-data-repository", "2025-01-01", "2025-03-05"),
		use("c", "patient-data-repository", "2025-03-20", ""),
	}, nil)
	assert.Equal(t, []string{"c/c/patient-data-repository 2025-03-01..2025-03-31 180.00"}, got)
}

func TestF5_AccessAndBillingAreSeparateFacts(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay, entry("imaging-data-repository", "", fees.Monthly, "93.00", "2024-01-01", ""))
	suspended := use("c", "imaging-data-repository", "2025-03-11", "")
	suspended.Billable = false
	suspended.Note = "suspended by policy"
	got := billed(t, tariff, "2025-03-01", []fees.Usage{
		use("c", "imaging-data-repository", "2025-01-01", "2025-03-11"), // 10 billable days
		suspended, // in use but not billable
	}, nil)
	assert.Equal(t, []string{"c/c/imaging-data-repository 2025-03-01..2025-03-10 30.00"}, got)

	// In use, never billable: no line at all.
	got = billed(t, tariff, "2025-04-01", []fees.Usage{suspended}, nil)
	assert.Empty(t, got)

	// Billable after use ended (the rest of the month of termination), as its
	// own interval: charged although the service is no longer in use.
	got = billed(t, tariff, "2025-05-01", []fees.Usage{
		use("d", "imaging-data-repository", "2025-01-01", "2025-05-16"),
		{Customer: "d", Service: "imaging-data-repository", From: day("2025-05-16"), Until: day("2025-06-01"), Billable: true, Note: "month of termination"},
	}, nil)
	assert.Equal(t, []string{
		"d/d/imaging-data-repository 2025-05-01..2025-05-31 93.00",
	}, got)
}

func TestF5_BillRefusesBadUsage(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay, entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", ""))
	for _, tc := range []struct {
		name  string
		usage []fees.Usage
	}{
		{"no customer", []fees.Usage{use("", "prescription", "2025-01-01", "")}},
		{"no service", []fees.Usage{use("c", "", "2025-01-01", "")}},
		{"no first day", []fees.Usage{{Customer: "c", Service: "prescription", Billable: true}}},
		{"ends on its first day", []fees.Usage{use("c", "prescription", "2025-01-01", "2025-01-01")}},
		{"ends before it begins", []fees.Usage{use("c", "prescription", "2025-01-02", "2025-01-01")}},
		{"overlapping intervals", []fees.Usage{use("c", "prescription", "2025-01-01", "2025-02-02"), use("c", "prescription", "2025-02-01", "")}},
		{"open interval before another", []fees.Usage{use("c", "prescription", "2025-03-01", ""), use("c", "prescription", "2024-01-01", "")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			invs, err := fees.Bill(tariff, day("2025-02-01"), tc.usage, nil)
			require.Error(t, err)
			assert.Nil(t, invs)
			assert.True(t, errors.Is(err, rules.F5), err.Error())
		})
	}
	// Adjacent intervals are one history, not an overlap.
	_, err := fees.Bill(tariff, day("2025-02-01"), []fees.Usage{use("c", "prescription", "2025-01-01", "2025-02-10"), use("c", "prescription", "2025-02-10", "")}, nil)
	assert.NoError(t, err)

	_, err = fees.Bill(fees.Tariff{}, day("2025-02-01"), nil, nil)
	assert.True(t, errors.Is(err, rules.F5), "the zero tariff has no proration policy")
}

func TestF1_ABillableDayWithoutAValueInForceIsRefused(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay, entry("prescription", "", fees.Monthly, "240.00", "2025-03-10", ""))
	_, err := fees.Bill(tariff, day("2025-03-01"), []fees.Usage{use("c", "prescription", "2025-03-01", "")}, nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, rules.F1))
	var fe *fees.Error
	require.True(t, errors.As(err, &fe))
	assert.Equal(t, "YTE 6, OTV 7", fe.Clause())
	assert.Contains(t, fe.Input, "2025-03-01")

	_, err = fees.Bill(tariff, day("2025-03-01"), []fees.Usage{use("c", "kelain", "2025-03-01", "")}, nil)
	assert.True(t, errors.Is(err, rules.F1), "a service without any value")

	// Not billable, not priced: no refusal.
	free := use("c", "kelain", "2025-03-01", "")
	free.Billable = false
	invs, err := fees.Bill(tariff, day("2025-03-01"), []fees.Usage{free}, nil)
	require.NoError(t, err)
	assert.Empty(t, invs)
}

func TestF6_AValueChangeInTheMonthSplitsTheLine(t *testing.T) {
	entries := []fees.Entry{
		entry("prescription", "", fees.Monthly, "310.00", "2024-01-01", "2025-03-16"),
		entry("prescription", "", fees.Monthly, "620.00", "2025-03-16", ""),
	}
	u := []fees.Usage{use("c", "prescription", "2024-01-01", "")}
	assert.Equal(t, []string{
		"c/c/prescription 2025-03-01..2025-03-15 150.00", // 310 × 15 / 31
		"c/c/prescription 2025-03-16..2025-03-31 320.00", // 620 × 16 / 31
	}, billed(t, tariffWith(t, fees.ByDay, entries...), "2025-03-01", u, nil))
	// Whole month: the value in force on the first billed day.
	assert.Equal(t, []string{"c/c/prescription 2025-03-01..2025-03-31 310.00"},
		billed(t, tariffWith(t, fees.WholeMonth, entries...), "2025-03-01", u, nil))

	invs, err := fees.Bill(tariffWith(t, fees.ByDay, entries...), day("2025-03-31"), u, nil)
	require.NoError(t, err)
	require.Len(t, invs, 1)
	l := invs[0].Lines[1]
	assert.Equal(t, "620.00", l.Value.Amount.String())
	assert.Equal(t, ref, l.Value.Reference)
	assert.Equal(t, 16, l.Days)
	assert.Equal(t, 31, l.MonthDays)
	assert.Contains(t, strings.Join(l.Trace, "\n"), "620.00 × 16 / 31 = 320.00")
	assert.Equal(t, []string{"YTE 6", "OTV 7", "design", "YLS 18"}, l.Clauses())
	assert.Equal(t, "470.00", invs[0].Total.String())
	assert.Equal(t, day("2025-03-01"), invs[0].From)
	assert.Equal(t, day("2025-03-31"), invs[0].To)
}

func TestF6_AKindSpecificValuePricesThatKindsUse(t *testing.T) {
	tariff, err := fees.IllustrativeTariff(fees.WholeMonth)
	require.NoError(t, err)
	pharmacy := use("apteekki", "prescription", "2024-01-01", "")
	pharmacy.CustomerKind = "pharmacist"
	clinic := use("klinikka", "prescription", "2024-01-01", "")
	clinic.CustomerKind = "private-health-care-provider"
	assert.Equal(t, []string{
		"apteekki/apteekki/prescription 2025-03-01..2025-03-31 310.00",
		"klinikka/klinikka/prescription 2025-03-01..2025-03-31 240.00",
	}, billed(t, tariff, "2025-03-01", []fees.Usage{clinic, pharmacy}, nil))
}

func TestF4_AFreeServiceIsBilledAtZero(t *testing.T) {
	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)
	u := use("sovellus", "my-data-repository", "2025-01-01", "")
	u.CustomerKind = "app-vendor"
	invs, err := fees.Bill(tariff, day("2025-06-01"), []fees.Usage{u}, nil)
	require.NoError(t, err)
	require.Len(t, invs, 1)
	require.Len(t, invs[0].Lines, 1)
	l := invs[0].Lines[0]
	assert.Equal(t, "0.00", l.Amount.String())
	assert.Equal(t, "0.00", invs[0].Total.String())
	assert.Equal(t, fees.MyDataRepositoryReference, l.Value.Reference)
	assert.Contains(t, strings.Join(l.Trace, "\n"), "OTV 7")
}

func TestF3_ATenantsUseIsBilledToItsMainConnector(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay,
		entry("patient-data-repository", "", fees.Monthly, "180.00", "2024-01-01", ""),
		entry("kelain", "", fees.PerUnit, "0.12", "2024-01-01", ""),
	)
	tenant := use("hoiva", "patient-data-repository", "2025-03-01", "")
	tenant.Payer = "klinikka"
	invs, err := fees.Bill(tariff, day("2025-03-01"), []fees.Usage{
		use("klinikka", "patient-data-repository", "2024-01-01", ""),
		tenant,
	}, []fees.UnitUse{{Customer: "hoiva", Payer: "klinikka", Service: "kelain", On: day("2025-03-05"), Units: 10}})
	require.NoError(t, err)
	require.Len(t, invs, 1, "no invoice for the tenant")
	inv := invs[0]
	assert.Equal(t, "klinikka", inv.Payer)
	require.Len(t, inv.Lines, 3)
	// Sorted by customer and service: the tenant's Kelain units, the tenant's
	// repository, then the main connector's own repository.
	assert.Equal(t, "hoiva", inv.Lines[0].Customer)
	assert.Equal(t, fees.PerUnit, inv.Lines[0].Fee)
	assert.Contains(t, inv.Lines[0].Rules, rules.F3)
	assert.Equal(t, "hoiva", inv.Lines[1].Customer)
	assert.Equal(t, "klinikka", inv.Lines[1].Payer)
	assert.Equal(t, "patient-data-repository", inv.Lines[1].Service)
	assert.Contains(t, inv.Lines[1].Rules, rules.F3)
	assert.Contains(t, strings.Join(inv.Lines[1].Trace, "\n"), "billed to klinikka")
	assert.Contains(t, inv.Lines[1].Clauses(), "YLS 18")
	assert.Equal(t, "klinikka", inv.Lines[2].Customer)
	assert.NotContains(t, inv.Lines[2].Rules, rules.F3, "the main connector's own use is not delegated")
	assert.Equal(t, "361.20", inv.Total.String())

	// Without a payer the tenant pays itself: the delegation is the Payer field.
	tenant.Payer = ""
	got := billed(t, tariff, "2025-03-01", []fees.Usage{tenant}, nil)
	assert.Equal(t, []string{"hoiva/hoiva/patient-data-repository 2025-03-01..2025-03-31 180.00"}, got)
}

func TestPerUnitFeesCountTheMonthsUnits(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay,
		entry("kelain", "", fees.PerUnit, "0.12", "2024-01-01", "2025-03-16"),
		entry("kelain", "", fees.PerUnit, "0.15", "2025-03-16", ""),
	)
	units := []fees.UnitUse{
		{Customer: "laakari", Service: "kelain", On: day("2025-03-01"), Units: 100},
		{Customer: "laakari", Service: "kelain", On: day("2025-03-15"), Units: 50},
		{Customer: "laakari", Service: "kelain", On: day("2025-03-31"), Units: 10},
		{Customer: "laakari", Service: "kelain", On: day("2025-04-01"), Units: 1000}, // next month
		{Customer: "laakari", Service: "kelain", On: day("2025-02-28"), Units: 1000}, // previous month
	}
	assert.Equal(t, []string{
		"laakari/laakari/kelain 2025-03-01..2025-03-15 18.00", // 150 × 0.12
		"laakari/laakari/kelain 2025-03-31..2025-03-31 1.50",  // 10 × 0.15
	}, billed(t, tariff, "2025-03-01", nil, units))

	_, err := fees.Bill(tariff, day("2025-03-01"), nil, []fees.UnitUse{{Customer: "x", Service: "kelain", On: day("2025-03-01"), Units: -1}})
	assert.True(t, errors.Is(err, rules.F5))
	_, err = fees.Bill(tariff, day("2025-03-01"), nil, []fees.UnitUse{{Customer: "x", Service: "prescription", On: day("2025-03-01"), Units: 1}})
	assert.True(t, errors.Is(err, rules.F1))

	// A service priced per unit only needs no monthly value for its billable days.
	got := billed(t, tariff, "2025-03-01", []fees.Usage{use("laakari", "kelain", "2024-01-01", "")}, nil)
	assert.Empty(t, got)
}

func TestBillSortsInvoicesAndSumsExactly(t *testing.T) {
	tariff := tariffWith(t, fees.ByDay, entry("consent-service", "", fees.Monthly, "0.10", "2024-01-01", ""))
	var usage []fees.Usage
	// Three customers for 1 of 31 days each: 0.10 / 31 = 0.0032… → 0.00 each;
	// rounding is per line, and the total is the exact sum of the lines.
	for _, c := range []string{"b", "a", "c"} {
		usage = append(usage, use(c, "consent-service", "2025-01-31", ""))
	}
	invs, err := fees.Bill(tariff, day("2025-01-15"), usage, nil)
	require.NoError(t, err)
	require.Len(t, invs, 3)
	assert.Equal(t, []string{"a", "b", "c"}, []string{invs[0].Payer, invs[1].Payer, invs[2].Payer})
	for _, inv := range invs {
		assert.Equal(t, "0.00", inv.Total.String())
	}
	_, err = fees.Bill(tariff, notice.Date{}, usage, nil)
	assert.Error(t, err)
}
