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

func pay(on, service, amount string) fees.Payment {
	return fees.Payment{On: day(on), Service: service, Amount: fees.MustAmount(amount)}
}

func TestL2_TheCalendarMonthBeforeTheDamagesMonth(t *testing.T) {
	for _, tc := range []struct{ damage, from, to string }{
		{"2025-03-15", "2025-02-01", "2025-02-28"},
		{"2025-03-31", "2025-02-01", "2025-02-28"},
		{"2025-03-01", "2025-02-01", "2025-02-28"},
		{"2024-03-15", "2024-02-01", "2024-02-29"}, // leap February
		{"2024-02-29", "2024-01-01", "2024-01-31"},
		{"2025-01-01", "2024-12-01", "2024-12-31"}, // across the year
		{"2025-05-31", "2025-04-01", "2025-04-30"},
	} {
		t.Run(tc.damage, func(t *testing.T) {
			for _, r := range []fees.WindowReading{fees.CalendarMonth, ""} {
				w, err := r.Window(day(tc.damage))
				require.NoError(t, err)
				assert.Equal(t, tc.from, w.From.String())
				assert.Equal(t, tc.to, w.To.String())
			}
		})
	}
}

func TestL2_TheRollingMonthFromDamageMinusOneMonthToTheDayBefore(t *testing.T) {
	for _, tc := range []struct{ damage, from, to string }{
		{"2025-03-15", "2025-02-15", "2025-03-14"},
		{"2025-03-31", "2025-02-28", "2025-03-30"}, // clamped (§4)
		{"2024-03-31", "2024-02-29", "2024-03-30"}, // clamped to the leap day
		{"2025-03-01", "2025-02-01", "2025-02-28"},
		{"2024-02-29", "2024-01-29", "2024-02-28"},
		{"2025-01-01", "2024-12-01", "2024-12-31"},
		{"2025-05-31", "2025-04-30", "2025-05-30"},
	} {
		t.Run(tc.damage, func(t *testing.T) {
			w, err := fees.RollingMonth.Window(day(tc.damage))
			require.NoError(t, err)
			assert.Equal(t, tc.from, w.From.String())
			assert.Equal(t, tc.to, w.To.String())
		})
	}
}

func TestL2_CapIsWhatWasPaidInTheCalendarMonthBeforeTheDamage(t *testing.T) {
	payments := []fees.Payment{
		pay("2025-01-31", "prescription", "1000.00"), // a day before the window
		pay("2025-02-01", "prescription", "100.00"),  // the window's first day
		pay("2025-02-14", "prescription", "0.50"),
		pay("2025-02-28", "prescription", "139.50"),  // the window's last day
		pay("2025-03-01", "prescription", "1000.00"), // a day after the window
		pay("2025-02-10", "kelain", "1000.00"),       // another service
		pay("2025-03-15", "prescription", "1000.00"), // the day of the damage
	}
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15"), MonthlyFee: fees.MustAmount("999.00"), FeeKnown: true}, payments)
	require.NoError(t, err)
	assert.Equal(t, "240.00", c.Paid.String())
	assert.Equal(t, 3, c.Payments)
	assert.Equal(t, "240.00", c.Amount.String())
	assert.Equal(t, fees.BasisPaid, c.Basis)
	assert.Equal(t, fees.CalendarMonth, c.Reading)
	assert.Equal(t, fees.Window{From: day("2025-02-01"), To: day("2025-02-28")}, c.Window)
	assert.Equal(t, []string{"YTE 5"}, c.Clauses())
	assert.Contains(t, strings.Join(c.Trace, "\n"), "2025-02-01 to 2025-02-28")
}

func TestL2_CapIsWhatWasPaidInTheRollingMonthBeforeTheDamage(t *testing.T) {
	payments := []fees.Payment{
		pay("2025-02-27", "prescription", "1000.00"), // a day before: damage 31 March − 1 month = 28 February
		pay("2025-02-28", "prescription", "100.00"),  // first day
		pay("2025-03-30", "prescription", "20.00"),   // last day
		pay("2025-03-31", "prescription", "1000.00"), // the damage's day is outside
		pay("2025-03-10", "imaging-data-repository", "1000.00"),
	}
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-31"), Reading: fees.RollingMonth}, payments)
	require.NoError(t, err)
	assert.Equal(t, fees.Window{From: day("2025-02-28"), To: day("2025-03-30")}, c.Window)
	assert.Equal(t, "120.00", c.Amount.String())
	assert.Equal(t, fees.BasisPaid, c.Basis)
	assert.Equal(t, 2, c.Payments)

	// The calendar reading of the same damage sees other payments.
	c, err = fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-31"), Reading: fees.CalendarMonth}, payments)
	require.NoError(t, err)
	assert.Equal(t, "1100.00", c.Amount.String())
}

func TestL2_AZeroPaymentInTheWindowIsWhatWasPaid(t *testing.T) {
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15"), MonthlyFee: fees.MustAmount("240.00"), FeeKnown: true},
		[]fees.Payment{pay("2025-02-10", "prescription", "0.00")})
	require.NoError(t, err)
	assert.Equal(t, fees.BasisPaid, c.Basis)
	assert.Equal(t, "0.00", c.Amount.String())
	assert.Equal(t, 1, c.Payments)
}

func TestL2_WithoutPaymentsTheMonthlyFeeThenZero(t *testing.T) {
	others := []fees.Payment{
		pay("2025-02-10", "kelain", "50.00"),        // another service in the window
		pay("2025-01-10", "prescription", "240.00"), // the service, outside the window
	}
	for _, tc := range []struct {
		name     string
		payments []fees.Payment
		fee      string
		basis    fees.Basis
		cap      string
	}{
		{"no payments, fee known", nil, "240.00", fees.BasisMonthlyFee, "240.00"},
		{"no payments, no fee", nil, "", fees.BasisNone, "0.00"},
		{"only others' payments, fee known", others, "180.50", fees.BasisMonthlyFee, "180.50"},
		{"only others' payments, no fee", others, "", fees.BasisNone, "0.00"},
		{"a zero fee is a known fee", nil, "0", fees.BasisMonthlyFee, "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			q := fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")}
			if tc.fee != "" {
				q.MonthlyFee, q.FeeKnown = fees.MustAmount(tc.fee), true
			}
			c, err := fees.LiabilityCap(q, tc.payments)
			require.NoError(t, err)
			assert.Equal(t, tc.basis, c.Basis)
			assert.Equal(t, tc.cap, c.Amount.String())
			assert.Equal(t, "0.00", c.Paid.String())
		})
	}
}

func TestL2_ManySmallPaymentsSumExactly(t *testing.T) {
	payments := make([]fees.Payment, 0, 10000)
	d := day("2025-02-01")
	for i := 0; i < 10000; i++ {
		payments = append(payments, fees.Payment{On: d.AddDays(i % 28), Service: "prescription", Amount: fees.MustAmount("0.01")})
	}
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")}, payments)
	require.NoError(t, err)
	assert.Equal(t, "100.00", c.Amount.String())
	assert.Equal(t, 10000, c.Payments)
}

func TestL2_BadQueriesAreRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		q    fees.CapQuery
		rule rules.Rule
	}{
		{"no service", fees.CapQuery{Damage: day("2025-03-15")}, rules.L2},
		{"no damage date", fees.CapQuery{Service: "prescription"}, rules.L2},
		{"unknown reading", fees.CapQuery{Service: "prescription", Damage: day("2025-03-15"), Reading: "fortnight"}, rules.L2},
		{"no month before the damage", fees.CapQuery{Service: "prescription", Damage: day("0001-01-15")}, rules.L2},
		{"no rolling month before the damage", fees.CapQuery{Service: "prescription", Damage: day("0001-01-15"), Reading: fees.RollingMonth}, rules.L2},
		{"negative monthly fee", fees.CapQuery{Service: "prescription", Damage: day("2025-03-15"), MonthlyFee: fees.Cents(-1), FeeKnown: true}, rules.F2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fees.LiabilityCap(tc.q, nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.rule), err.Error())
		})
	}
	_, err := fees.ParseWindowReading("")
	assert.Error(t, err)
	r, err := fees.ParseWindowReading("rolling-month")
	require.NoError(t, err)
	assert.Equal(t, fees.RollingMonth, r)
	// The earliest damage with a whole month before it.
	_, err = fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("0001-02-01")}, nil)
	assert.NoError(t, err)
	_, err = fees.RollingMonth.Window(notice.Date{})
	assert.Error(t, err)
}
