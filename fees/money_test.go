package fees_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// day reads a date written as a constant in a test.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestF2_InputAmountsAreNonNegativeWithAtMostTwoDecimals(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"50", "50.00"},
		{"100.5", "100.50"},
		{"240.00", "240.00"},
		{"0", "0.00"},
		{"0.01", "0.01"},
		{"007.10", "7.10"},
		{"999999999999999.99", "999999999999999.99"},
		{"000000000000001", "1.00"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			a, err := fees.ParseAmount(tc.in)
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.String())
		})
	}
	for _, in := range []string{"", "-1", "-0", "+5", "1.234", "0.001", "1e2", "1E2", "abc", ".5", "5.", "1,5", " 5", "5 ", "1.2.3", "NaN", "Inf", "0x10", "1_000",
		"1000000000000000", "0000000000000001", "123456789012345678901234567890.99"} {
		t.Run("refused "+in, func(t *testing.T) {
			_, err := fees.ParseAmount(in)
			require.Error(t, err)
			var fe *fees.Error
			require.True(t, errors.As(err, &fe))
			assert.Equal(t, in, fe.Input)
			assert.Equal(t, rules.F2, fe.Rule)
			assert.True(t, errors.Is(err, rules.F2))
			assert.True(t, fe.Malformed, "an amount that cannot be read cites no rule")
			assert.NotContains(t, err.Error(), "[F2")
		})
	}
}

// Decimal arithmetic is quadratic in the digits, so an amount longer than
// MaxAmountDigits is refused by the scan that reads it, before any of it: a
// 5 MB amount costs about as much as a short one.
func TestF2_AmountsLongerThanAnyRealAmountAreRefusedBeforeArithmetic(t *testing.T) {
	for _, in := range []string{
		strings.Repeat("9", 5<<20),
		strings.Repeat("9", 5<<20) + ".99",
		"1." + strings.Repeat("0", 5<<20),
	} {
		_, err := fees.ParseAmount(in)
		var fe *fees.Error
		require.ErrorAs(t, err, &fe)
		assert.Equal(t, in, fe.Input, "the error carries the input whole")
		assert.Less(t, len(err.Error()), 200, "and quotes only an excerpt")
		assert.Contains(t, err.Error(), "bytes)")
	}
	allowed := testing.AllocsPerRun(10, func() { _, _ = fees.ParseAmount(strings.Repeat("9", fees.MaxAmountDigits)) })
	refused := testing.AllocsPerRun(10, func() { _, _ = fees.ParseAmount(strings.Repeat("9", 5<<20)) })
	assert.LessOrEqual(t, refused, allowed+2, "refusing a huge amount allocates like reading a short one")
}

func TestF2_OutputAmountsHaveExactlyTwoDecimals(t *testing.T) {
	assert.Equal(t, "0.00", fees.Amount{}.String())
	assert.Equal(t, "-3.50", fees.Cents(-350).String())
	assert.Equal(t, "240.00", fees.MustAmount("240").String())
	b, err := json.Marshal(struct {
		A fees.Amount `json:"a"`
	}{fees.MustAmount("100.5")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"a":"100.50"}`, string(b))

	var back struct {
		A fees.Amount `json:"a"`
	}
	require.NoError(t, json.Unmarshal(b, &back))
	assert.True(t, back.A.Equal(fees.MustAmount("100.50")))
	assert.Error(t, json.Unmarshal([]byte(`{"a":"1.005"}`), &back))
}

func TestF2_RoundCentsIsHalfAwayFromZero(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"0.005", "0.01"},
		{"0.004999", "0.00"},
		{"-0.005", "-0.01"},
		{"-0.004", "0.00"},
		{"2.675", "2.68"}, // exact in decimal; a float would give 2.67
		{"2.665", "2.67"}, // banker's rounding would give 2.66
		{"1.0049", "1.00"},
		{"7", "7.00"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			assert.Equal(t, tc.want, fees.RoundCents(decimal.RequireFromString(tc.in)).String())
		})
	}
}

func TestF2_ProrationDividesExactlyAndRoundsOnce(t *testing.T) {
	for _, tc := range []struct {
		amount      string
		part, whole int
		want        string
	}{
		{"100.00", 1, 3, "33.33"},
		{"100.00", 2, 3, "66.67"},
		{"0.05", 1, 2, "0.03"}, // 0.025: half away from zero
		{"0.15", 1, 6, "0.03"}, // 0.025 again, via a sixth
		{"240.00", 17, 30, "136.00"},
		{"180.00", 10, 29, "62.07"}, // 62.0689…
		{"180.00", 0, 30, "0.00"},
		{"180.00", 30, 30, "180.00"},
		{"180.00", 1, 0, "0.00"}, // no month, no fee, no panic
	} {
		got := fees.MustAmount(tc.amount).Prorate(tc.part, tc.whole)
		assert.Equal(t, tc.want, got.String(), "%s × %d / %d", tc.amount, tc.part, tc.whole)
	}
}

func TestF2_SumsOfManySmallAmountsAreExact(t *testing.T) {
	sum := fees.Amount{}
	cent := fees.MustAmount("0.01")
	for i := 0; i < 10000; i++ {
		sum = sum.Add(cent)
	}
	assert.Equal(t, "100.00", sum.String())
	assert.True(t, sum.Equal(fees.MustAmount("100")))
	assert.Equal(t, "0.30", fees.MustAmount("0.1").Add(fees.MustAmount("0.2")).String())
	assert.Equal(t, "1200.00", fees.MustAmount("0.12").Times(10000).String())
}

func TestF2_AmountsAreImmutableValues(t *testing.T) {
	a := fees.MustAmount("10.00")
	b := a.Add(fees.MustAmount("5.00"))
	_ = a.Sub(fees.MustAmount("1.00"))
	_ = a.Times(3)
	assert.Equal(t, "10.00", a.String())
	assert.Equal(t, "15.00", b.String())
	assert.Equal(t, "10.00", a.Min(b).String())
	assert.Equal(t, -1, a.Cmp(b))
	assert.True(t, a.Sub(b).IsNegative())
}
