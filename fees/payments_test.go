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

func TestReadPaymentsReadsTheLedger(t *testing.T) {
	in := "\ufeffdate,service,amount\r\n2025-02-01,prescription,100\r\n\r\n2025-02-28,prescription,140.00\n2025-02-15,kelain,0.5\n"
	ps, err := fees.ReadPayments(strings.NewReader(in), nil)
	require.NoError(t, err)
	require.Len(t, ps, 3)
	assert.Equal(t, day("2025-02-01"), ps[0].On)
	assert.Equal(t, "prescription", ps[0].Service)
	assert.Equal(t, "100.00", ps[0].Amount.String())
	assert.Equal(t, "0.50", ps[2].Amount.String())

	ps, err = fees.ReadPayments(strings.NewReader("date,service,amount\n"), nil)
	require.NoError(t, err)
	assert.Empty(t, ps)
}

func TestReadPaymentsNamesTheLineAndTheOffendingText(t *testing.T) {
	known := func(s string) bool { return s == "prescription" || s == "kelain" }
	for _, tc := range []struct {
		name   string
		in     string
		line   int
		input  string
		reason string
		rule   rules.Rule
	}{
		{"empty file", "", 1, "", "no header", rules.L2},
		{"wrong header", "date,service\n", 1, "date,service", "wrong header", rules.L2},
		{"capitalised header", "Date,Service,Amount\n", 1, "Date,Service,Amount", "wrong header", rules.L2},
		{"semicolons", "date;service;amount\n", 1, "date;service;amount", "wrong header", rules.L2},
		{"too few columns", "date,service,amount\n2025-02-01,prescription,1\n2025-02-02,prescription\n", 3, "2025-02-02,prescription", "expected 3 columns", rules.L2},
		{"too many columns", "date,service,amount\n2025-02-01,prescription,1,2\n", 2, "2025-02-01,prescription,1,2", "expected 3 columns", rules.L2},
		{"bad date", "date,service,amount\n2025-02-30,prescription,1\n", 2, "2025-02-30", "bad date", rules.L2},
		{"finnish date", "date,service,amount\n1.2.2025,prescription,1\n", 2, "1.2.2025", "bad date", rules.L2},
		{"three decimals", "date,service,amount\n2025-02-01,prescription,12.345\n", 2, "12.345", "bad amount", rules.F2},
		{"negative", "date,service,amount\n2025-02-01,prescription,-5\n", 2, "-5", "bad amount", rules.F2},
		{"empty amount", "date,service,amount\n2025-02-01,prescription,\n", 2, "", "bad amount", rules.F2},
		{"empty service", "date,service,amount\n2025-02-01,,5\n", 2, "2025-02-01,,5", "empty service", rules.L2},
		{"unknown service", "date,service,amount\n2025-02-01,prescription,5\n2025-02-02,precription,5\n", 3, "precription", "unknown service", rules.L2},
		{"bad quote", "date,service,amount\n2025-02-01,\"prescription,5\n", 2, "", "malformed CSV", rules.L2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := fees.ReadPayments(strings.NewReader(tc.in), known)
			require.Error(t, err)
			assert.Nil(t, ps)
			var fe *fees.Error
			require.True(t, errors.As(err, &fe), err.Error())
			assert.Equal(t, tc.line, fe.Line, err.Error())
			assert.Equal(t, tc.input, fe.Input)
			assert.Contains(t, fe.Reason, tc.reason)
			assert.Equal(t, tc.rule, fe.Rule)
			assert.True(t, fe.Malformed)
			assert.Contains(t, err.Error(), "line ")
			assert.NotContains(t, err.Error(), "[", "a ledger that cannot be read cites no rule")
		})
	}
	_, err := fees.ReadPayments(strings.NewReader("date,service,amount\n2025-02-30,prescription,1\n"), nil)
	var pe *notice.ParseError
	assert.True(t, errors.As(err, &pe), "the date's own error is wrapped")
}

// endless is an io.Reader of one byte repeated for ever, like /dev/zero; it
// counts what it hands out.
type endless struct {
	b    byte
	read int
}

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = e.b
	}
	e.read += len(p)
	return len(p), nil
}

func TestReadPaymentsStopsAtTheFirstLineLongerThanMaxPaymentLine(t *testing.T) {
	const header = "date,service,amount\n"
	// A line of exactly MaxPaymentLine bytes, its line break included, reads;
	// one byte more does not.
	pad := fees.MaxPaymentLine - len("2025-02-01,,1\n")
	longest := "2025-02-01," + strings.Repeat("s", pad) + ",1\n"
	require.Len(t, longest, fees.MaxPaymentLine)
	ps, err := fees.ReadPayments(strings.NewReader(header+longest), nil)
	require.NoError(t, err)
	require.Len(t, ps, 1)
	tooLong := "2025-02-01," + strings.Repeat("s", pad+1) + ",1\n"

	for _, tc := range []struct {
		name, in string
		line     int
	}{
		{"one byte too long", header + tooLong, 2},
		{"a million columns", header + strings.Repeat("x,", 1_000_000) + "x\n", 2},
		{"a header without a line break", strings.Repeat("date,", 1_000_000), 1},
		{"a quoted field across many short lines", header + "2025-02-01,prescription,1\n\n2025-02-02,\"" + strings.Repeat("a\n", 1000) + "\",1\n", 4},
		{"after CRLF lines", strings.ReplaceAll(header+"2025-02-01,prescription,1\n", "\n", "\r\n") + tooLong, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := fees.ReadPayments(strings.NewReader(tc.in), nil)
			var fe *fees.Error
			require.ErrorAs(t, err, &fe)
			assert.Equal(t, tc.line, fe.Line, err.Error())
			assert.Contains(t, fe.Reason, "longer than 1024 bytes")
			assert.True(t, fe.Malformed)
			assert.Less(t, len(err.Error()), 200)
		})
	}

	t.Run("an endless line is read only up to the limit", func(t *testing.T) {
		for _, b := range []byte{0, 'x', ',', '"'} {
			src := &endless{b: b}
			_, err := fees.ReadPayments(src, nil)
			require.Error(t, err)
			assert.Less(t, src.read, 64<<10, "%q: read %d bytes before refusing", b, src.read)
			_, err = fees.ReadLiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")}, &endless{b: b}, nil)
			require.Error(t, err)
		}
	})
}

func TestReadLiabilityCapIsLiabilityCapOverTheLedger(t *testing.T) {
	known := func(s string) bool { return s == "prescription" || s == "kelain" }
	ledger := "\ufeffdate,service,amount\r\n2025-01-31,prescription,1000\n2025-02-01,prescription,1\n\n\"2025-02-28\",prescription,2.5\n2025-03-01,prescription,1000\n2025-02-15,kelain,1000\n"
	for _, q := range []fees.CapQuery{
		{Service: "prescription", Damage: day("2025-03-15")},
		{Service: "prescription", Damage: day("2025-03-31"), Reading: fees.RollingMonth},
		{Service: "kelain", Damage: day("2025-05-02"), MonthlyFee: fees.MustAmount("240"), FeeKnown: true},
		{Service: "prescription", Damage: day("2025-01-10")},
	} {
		ps, err := fees.ReadPayments(strings.NewReader(ledger), known)
		require.NoError(t, err)
		want, err := fees.LiabilityCap(q, ps)
		require.NoError(t, err)
		got, err := fees.ReadLiabilityCap(q, strings.NewReader(ledger), known)
		require.NoError(t, err)
		assert.Equal(t, want.Amount.String(), got.Amount.String())
		assert.Equal(t, want.Paid.String(), got.Paid.String())
		assert.Equal(t, want.Basis, got.Basis)
		assert.Equal(t, want.Window, got.Window)
		assert.Equal(t, want.Payments, got.Payments)
		assert.Equal(t, want.Trace, got.Trace)
	}

	// A malformed line outside the window is still refused, and the query
	// is checked before the ledger.
	_, err := fees.ReadLiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")},
		strings.NewReader("date,service,amount\n2025-02-01,prescription,1\n2030-01-01,prescription,1.001\n"), known)
	var fe *fees.Error
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, 3, fe.Line)
	_, err = fees.ReadLiabilityCap(fees.CapQuery{Damage: day("2025-03-15")}, &endless{b: 'x'}, known)
	require.ErrorAs(t, err, &fe)
	assert.Equal(t, "no service", fe.Reason)
}
