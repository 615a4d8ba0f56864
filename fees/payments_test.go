package fees_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
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
		rule   fees.Rule
	}{
		{"empty file", "", 1, "", "no header", fees.L2},
		{"wrong header", "date,service\n", 1, "date,service", "wrong header", fees.L2},
		{"capitalised header", "Date,Service,Amount\n", 1, "Date,Service,Amount", "wrong header", fees.L2},
		{"semicolons", "date;service;amount\n", 1, "date;service;amount", "wrong header", fees.L2},
		{"too few columns", "date,service,amount\n2025-02-01,prescription,1\n2025-02-02,prescription\n", 3, "2025-02-02,prescription", "expected 3 columns", fees.L2},
		{"too many columns", "date,service,amount\n2025-02-01,prescription,1,2\n", 2, "2025-02-01,prescription,1,2", "expected 3 columns", fees.L2},
		{"bad date", "date,service,amount\n2025-02-30,prescription,1\n", 2, "2025-02-30", "bad date", fees.L2},
		{"finnish date", "date,service,amount\n1.2.2025,prescription,1\n", 2, "1.2.2025", "bad date", fees.L2},
		{"three decimals", "date,service,amount\n2025-02-01,prescription,12.345\n", 2, "12.345", "bad amount", fees.F2},
		{"negative", "date,service,amount\n2025-02-01,prescription,-5\n", 2, "-5", "bad amount", fees.F2},
		{"empty amount", "date,service,amount\n2025-02-01,prescription,\n", 2, "", "bad amount", fees.F2},
		{"empty service", "date,service,amount\n2025-02-01,,5\n", 2, "2025-02-01,,5", "empty service", fees.L2},
		{"unknown service", "date,service,amount\n2025-02-01,prescription,5\n2025-02-02,precription,5\n", 3, "precription", "unknown service", fees.L2},
		{"bad quote", "date,service,amount\n2025-02-01,\"prescription,5\n", 2, "", "malformed CSV", fees.L2},
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
			assert.Contains(t, err.Error(), "line ")
		})
	}
	_, err := fees.ReadPayments(strings.NewReader("date,service,amount\n2025-02-30,prescription,1\n"), nil)
	var pe *notice.ParseError
	assert.True(t, errors.As(err, &pe), "the date's own error is wrapped")
}
