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

const ref = "test decree §1"

func entry(service, kind string, fee fees.FeeKind, amount, from, until string) fees.Entry {
	e := fees.Entry{Service: service, CustomerKind: kind, Fee: fee, Amount: fees.MustAmount(amount), From: day(from), Reference: ref}
	if until != "" {
		e.Until = day(until)
	}
	return e
}

func TestF6_LookupReturnsTheValueInForceThatDay(t *testing.T) {
	tariff, err := fees.NewTariff(fees.ByDay,
		entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", "2025-07-01"),
		entry("prescription", "", fees.Monthly, "252.00", "2025-07-01", ""),
	)
	require.NoError(t, err)
	for _, tc := range []struct {
		on   string
		want string // "" when no value is in force
	}{
		{"2023-12-31", ""},
		{"2024-01-01", "240.00"}, // first day in force
		{"2025-06-30", "240.00"}, // last day in force
		{"2025-07-01", "252.00"}, // Until is the first day no longer in force
		{"9999-12-31", "252.00"}, // open-ended
	} {
		t.Run(tc.on, func(t *testing.T) {
			e, ok := tariff.Lookup("prescription", "", fees.Monthly, day(tc.on))
			if tc.want == "" {
				assert.False(t, ok)
				return
			}
			require.True(t, ok)
			assert.Equal(t, tc.want, e.Amount.String())
			assert.Equal(t, ref, e.Reference)
		})
	}
	_, ok := tariff.Lookup("prescription", "", fees.PerUnit, day("2025-01-01"))
	assert.False(t, ok, "a monthly value is not a per-unit value")
	_, ok = tariff.Lookup("kelain", "", fees.Monthly, day("2025-01-01"))
	assert.False(t, ok, "another service has no value")
}

func TestF6_AKindSpecificValueBeatsTheGeneralOne(t *testing.T) {
	tariff, err := fees.NewTariff(fees.ByDay,
		entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", ""),
		entry("prescription", "pharmacist", fees.Monthly, "310.00", "2025-01-01", "2026-01-01"),
	)
	require.NoError(t, err)
	for _, tc := range []struct{ kind, on, want string }{
		{"pharmacist", "2025-01-01", "310.00"},
		{"pharmacist", "2025-12-31", "310.00"},
		{"pharmacist", "2024-12-31", "240.00"}, // the kind's value is not yet in force
		{"pharmacist", "2026-01-01", "240.00"}, // nor any more
		{"hospital-pharmacy", "2025-06-01", "240.00"},
		{"", "2025-06-01", "240.00"},
	} {
		e, ok := tariff.Lookup("prescription", tc.kind, fees.Monthly, day(tc.on))
		require.True(t, ok)
		assert.Equal(t, tc.want, e.Amount.String(), "%s on %s", tc.kind, tc.on)
	}
}

func TestF6_OverlappingValuesAreRefused(t *testing.T) {
	base := entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", "2025-07-01")
	for _, tc := range []struct {
		name    string
		other   fees.Entry
		refused bool
	}{
		{"one shared day", entry("prescription", "", fees.Monthly, "252.00", "2025-06-30", ""), true},
		{"inside", entry("prescription", "", fees.Monthly, "252.00", "2024-03-01", "2024-04-01"), true},
		{"same start", entry("prescription", "", fees.Monthly, "252.00", "2024-01-01", "2024-02-01"), true},
		{"open-ended before", entry("prescription", "", fees.Monthly, "200.00", "2023-01-01", ""), true},
		{"adjacent after", entry("prescription", "", fees.Monthly, "252.00", "2025-07-01", ""), false},
		{"adjacent before", entry("prescription", "", fees.Monthly, "200.00", "2023-01-01", "2024-01-01"), false},
		{"another kind", entry("prescription", "pharmacist", fees.Monthly, "310.00", "2024-01-01", ""), false},
		{"another fee kind", entry("prescription", "", fees.PerUnit, "0.10", "2024-01-01", ""), false},
		{"another service", entry("kelain", "", fees.Monthly, "10.00", "2024-01-01", ""), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fees.NewTariff(fees.ByDay, base, tc.other)
			if !tc.refused {
				assert.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.True(t, errors.Is(err, rules.F6))
			var fe *fees.Error
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, "YTE 6, OTV 7, YLS 18", fe.Clause())
			assert.Contains(t, fe.Input, "prescription")
		})
	}
	// Overlap between values given out of order is found too.
	_, err := fees.NewTariff(fees.ByDay,
		entry("prescription", "", fees.Monthly, "3", "2026-01-01", ""),
		entry("prescription", "", fees.Monthly, "1", "2024-01-01", "2025-01-01"),
		entry("prescription", "", fees.Monthly, "2", "2024-06-01", "2024-07-01"),
	)
	assert.True(t, errors.Is(err, rules.F6))
}

func TestF6_EachValueCarriesValidityAndReference(t *testing.T) {
	ok := entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", "")
	for _, tc := range []struct {
		name string
		edit func(*fees.Entry)
		rule rules.Rule
	}{
		{"no reference", func(e *fees.Entry) { e.Reference = "  " }, rules.F6},
		{"no first day", func(e *fees.Entry) { e.From = notice.Date{} }, rules.F6},
		{"ends on its first day", func(e *fees.Entry) { e.Until = e.From }, rules.F6},
		{"ends before it begins", func(e *fees.Entry) { e.Until = day("2023-12-31") }, rules.F6},
		{"no service", func(e *fees.Entry) { e.Service = "" }, rules.F6},
		{"unknown fee kind", func(e *fees.Entry) { e.Fee = "yearly" }, rules.F6},
		{"negative amount", func(e *fees.Entry) { e.Amount = fees.Cents(-1) }, rules.F2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := ok
			tc.edit(&e)
			_, err := fees.NewTariff(fees.ByDay, e)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.rule), err.Error())
		})
	}
	_, err := fees.NewTariff(fees.ByDay, ok)
	assert.NoError(t, err)
}

func TestF5_ProrationIsAnExplicitPolicyWithoutDefault(t *testing.T) {
	for _, p := range []fees.Proration{"", "monthly", "none"} {
		_, err := fees.NewTariff(p, entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", ""))
		require.Error(t, err, "%q", p)
		assert.True(t, errors.Is(err, rules.F5))
	}
	_, err := fees.ParseProration("")
	assert.True(t, errors.Is(err, rules.F5))
	p, err := fees.ParseProration("by-day")
	require.NoError(t, err)
	assert.Equal(t, fees.ByDay, p)

	tariff, err := fees.NewTariff(fees.WholeMonth)
	require.NoError(t, err)
	assert.Equal(t, fees.WholeMonth, tariff.Proration())
}

func TestF4_MyDataRepositoryIsFreeByADatedZeroValue(t *testing.T) {
	tariff, err := fees.IllustrativeTariff(fees.ByDay)
	require.NoError(t, err)
	e, ok := tariff.Lookup("my-data-repository", "app-vendor", fees.Monthly, day("2025-06-15"))
	require.True(t, ok)
	assert.True(t, e.Amount.IsZero())
	assert.Equal(t, "0.00", e.Amount.String())
	assert.True(t, strings.HasPrefix(e.Reference, "OTV 7"), e.Reference)
	assert.False(t, e.From.IsZero(), "the zero value has its own validity")
	assert.True(t, e.Until.IsZero(), "free for now: open-ended")
	_, ok = tariff.Lookup("my-data-repository", "", fees.Monthly, e.From.AddDays(-1))
	assert.False(t, ok, "a dated value, not a constant: nothing before it")

	// Because it is data, a later decree is one more value, not a code change.
	closed := e
	closed.Until = day("2027-01-01")
	later := fees.Entry{Service: "my-data-repository", Fee: fees.Monthly, Amount: fees.MustAmount("10.00"), From: day("2027-01-01"), Reference: "a later decree"}
	t2, err := fees.NewTariff(fees.ByDay, closed, later)
	require.NoError(t, err)
	got, ok := t2.Lookup("my-data-repository", "", fees.Monthly, day("2027-01-01"))
	require.True(t, ok)
	assert.Equal(t, "10.00", got.Amount.String())
	got, ok = t2.Lookup("my-data-repository", "", fees.Monthly, day("2026-12-31"))
	require.True(t, ok)
	assert.True(t, got.Amount.IsZero())
}

func TestIllustrativeTariffSaysItIsIllustrative(t *testing.T) {
	tariff, err := fees.IllustrativeTariff(fees.WholeMonth)
	require.NoError(t, err)
	require.NotEmpty(t, tariff.Entries())
	for _, e := range tariff.Entries() {
		if e.Service == "my-data-repository" {
			assert.Equal(t, fees.MyDataRepositoryReference, e.Reference)
			continue
		}
		assert.Contains(t, e.Reference, "ILLUSTRATIVE", e.String())
		assert.Contains(t, e.Reference, "not the decree's")
	}
	_, err = fees.IllustrativeTariff("")
	assert.True(t, errors.Is(err, rules.F5))
}

func TestTariffIsAnImmutableValue(t *testing.T) {
	in := []fees.Entry{entry("prescription", "", fees.Monthly, "240.00", "2024-01-01", "")}
	tariff, err := fees.NewTariff(fees.ByDay, in...)
	require.NoError(t, err)
	in[0].Amount = fees.MustAmount("1.00")
	out := tariff.Entries()
	out[0].Amount = fees.MustAmount("2.00")
	e, ok := tariff.Lookup("prescription", "", fees.Monthly, day("2025-01-01"))
	require.True(t, ok)
	assert.Equal(t, "240.00", e.Amount.String())
}

func TestEntryDescribesItsValidity(t *testing.T) {
	e := entry("prescription", "pharmacist", fees.Monthly, "240", "2024-01-01", "2025-07-01")
	assert.Equal(t, "prescription for pharmacist: 240.00 a month, in force 2024-01-01 to 2025-06-30 (test decree §1)", e.String())
	e = entry("kelain", "", fees.PerUnit, "0.12", "2024-01-01", "")
	assert.Equal(t, "kelain: 0.12 a unit, in force from 2024-01-01, open-ended (test decree §1)", e.String())
}
