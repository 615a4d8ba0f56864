package fees_test

// Fuzz targets for the fees package's two readers of input: ParseAmount (every
// amount the command line reads: --monthly-fee, --claim, the ledger's amount
// column) and ReadPayments (the ledger CSV of `kanta cap`). They defend:
//
//   - no input panics;
//   - ParseAmount accepts exactly the grammar of docs/cli.md, digits with an
//     optional point and one or two decimals, with at most
//     fees.MaxAmountDigits digits before the point, and refuses anything else
//     with a Malformed *fees.Error that carries the input verbatim, names F2
//     and quotes only an excerpt of it; an accepted amount is non-negative, a
//     whole number of cents, equal to the number written, and its String has
//     exactly two decimals and reads back the same;
//   - ReadPayments refuses with a *fees.Error that names a line of the input;
//     what it accepts round-trips: written back as CSV under the one header, it
//     reads as the same payments (when quoting keeps every line within
//     fees.MaxPaymentLine), and a `known` filter either keeps them all or
//     refuses with "unknown service"; ReadLiabilityCap reads every ledger
//     that ReadPayments reads, and refuses the others.
//
// The seeds live in testdata/fuzz/<FuzzName>/ and run with every `go test`;
// to search further, run for example
// `go test -run x -fuzz FuzzReadPayments -fuzztime 30s ./fees`.

import (
	"bytes"
	"encoding/csv"
	"errors"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// fuzzAmountGrammar is docs/cli.md's input amount, with the package's limit on
// its digits, written independently of the package's scanner.
var fuzzAmountGrammar = regexp.MustCompile(`^[0-9]{1,` + strconv.Itoa(fees.MaxAmountDigits) + `}(\.[0-9]{1,2})?$`)

var fuzzTwoDecimals = regexp.MustCompile(`^[0-9]+\.[0-9]{2}$`)

func FuzzParseAmount(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		a, err := fees.ParseAmount(s)
		if err != nil {
			var fe *fees.Error
			if !errors.As(err, &fe) {
				t.Fatalf("ParseAmount(%q): error %T %v is not a *fees.Error", s, err, err)
			}
			if fe.Input != s || fe.Rule != rules.F2 || !fe.Malformed {
				t.Fatalf("ParseAmount(%q): error carries input %q, rule %q, malformed %v", s, fe.Input, fe.Rule, fe.Malformed)
			}
			if len(err.Error()) > 200 {
				t.Fatalf("ParseAmount(%q): a %d-byte message", s, len(err.Error()))
			}
			if fuzzAmountGrammar.MatchString(s) {
				t.Fatalf("ParseAmount(%q) refused an amount of docs/cli.md's grammar: %v", s, err)
			}
			if !a.IsZero() {
				t.Fatalf("ParseAmount(%q) refused but returned %v", s, a)
			}
			return
		}
		if !fuzzAmountGrammar.MatchString(s) {
			t.Fatalf("ParseAmount(%q) accepted %v, which is not docs/cli.md's grammar", s, a)
		}
		if a.IsNegative() {
			t.Fatalf("ParseAmount(%q) = %v is negative", s, a)
		}
		d := a.Decimal()
		if !d.Equal(d.Truncate(2)) {
			t.Fatalf("ParseAmount(%q) = %v is not a whole number of cents", s, d)
		}
		if want, _ := decimal.NewFromString(s); !d.Equal(want) {
			t.Fatalf("ParseAmount(%q) = %v, not the number written", s, d)
		}
		out := a.String()
		if !fuzzTwoDecimals.MatchString(out) {
			t.Fatalf("ParseAmount(%q).String() = %q, not exactly two decimals", s, out)
		}
		b, err := fees.ParseAmount(out)
		if err != nil || !b.Equal(a) || b.String() != out {
			t.Fatalf("ParseAmount(%q) = %v, %v; want %v", out, b, err, a)
		}
		var u fees.Amount
		if err := u.UnmarshalText([]byte(s)); err != nil || !u.Equal(a) {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", s, u, err, a)
		}
		if m, _ := a.MarshalText(); string(m) != out {
			t.Fatalf("MarshalText = %q, String = %q", m, out)
		}
	})
}

func FuzzReadPayments(f *testing.F) {
	known := func(s string) bool { return s == "prescription" || s == "kelain" }
	f.Fuzz(func(t *testing.T, in string) {
		lines := strings.Count(in, "\n") + 1
		ps, err := fees.ReadPayments(strings.NewReader(in), nil)
		q := fees.CapQuery{Service: "prescription", Damage: notice.MustDate(2025, time.March, 15)}
		c, cerr := fees.ReadLiabilityCap(q, strings.NewReader(in), nil)
		if (err == nil) != (cerr == nil) {
			t.Fatalf("ReadPayments says %v, ReadLiabilityCap %v\ninput %q", err, cerr, in)
		}
		if err == nil {
			if want, _ := fees.LiabilityCap(q, ps); !want.Amount.Equal(c.Amount) || want.Payments != c.Payments {
				t.Fatalf("ReadLiabilityCap gives %v from %d payments, LiabilityCap %v from %d", c.Amount, c.Payments, want.Amount, want.Payments)
			}
		}
		if !strings.HasPrefix(in, "\ufeff") {
			// A byte order mark before the header is ignored, whatever follows.
			bps, berr := fees.ReadPayments(strings.NewReader("\ufeff"+in), nil)
			if (err == nil) != (berr == nil) {
				t.Fatalf("a byte order mark changes the verdict: %v, then %v\ninput %q", err, berr, in)
			}
			if err == nil {
				fuzzSamePayments(t, ps, bps)
			}
		}
		if err != nil {
			fuzzCheckNamesALine(t, in, err, lines)
			if _, kerr := fees.ReadPayments(strings.NewReader(in), known); kerr == nil {
				t.Fatalf("a known filter made a refused ledger acceptable:\n%q", in)
			}
			return
		}
		// Exactly the header date,service,amount: three columns.
		hdr, herr := csv.NewReader(strings.NewReader(strings.TrimPrefix(in, "\ufeff"))).Read()
		if herr != nil || len(hdr) != 3 || strings.Join(hdr, ",") != fees.PaymentsHeader {
			t.Fatalf("accepted a ledger whose header is %q (%v)\ninput %q", hdr, herr, in)
		}
		if len(ps) > lines {
			t.Fatalf("%d payments from %d lines", len(ps), lines)
		}
		allKnown := true
		for i, p := range ps {
			if p.On.IsZero() || p.Service == "" || p.Amount.IsNegative() {
				t.Fatalf("payment %d is incomplete: %+v", i, p)
			}
			allKnown = allKnown && known(p.Service)
		}

		// What was accepted, written back under the one header, reads the
		// same, unless quoting a field on the way back makes a line longer
		// than the reader takes.
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		_ = w.Write(strings.Split(fees.PaymentsHeader, ","))
		w.Flush()
		fits := true
		for _, p := range ps {
			before := buf.Len()
			_ = w.Write([]string{p.On.String(), p.Service, p.Amount.String()})
			w.Flush()
			fits = fits && buf.Len()-before <= fees.MaxPaymentLine
		}
		if fits {
			again, err := fees.ReadPayments(bytes.NewReader(buf.Bytes()), nil)
			if err != nil {
				t.Fatalf("the accepted ledger, written back, is refused: %v\n%s", err, buf.String())
			}
			fuzzSamePayments(t, ps, again)
		}

		kps, kerr := fees.ReadPayments(strings.NewReader(in), known)
		switch {
		case allKnown && kerr != nil:
			t.Fatalf("every service is known, yet the filter refuses: %v", kerr)
		case allKnown:
			fuzzSamePayments(t, ps, kps)
		case kerr == nil:
			t.Fatalf("a ledger with an unknown service passed the filter:\n%q", in)
		default:
			fuzzCheckNamesALine(t, in, kerr, lines)
			if fe := new(fees.Error); !errors.As(kerr, &fe) || !strings.Contains(fe.Reason, "unknown service") {
				t.Fatalf("the filter refused with %v, not an unknown service", kerr)
			}
		}
	})
}

// fuzzCheckNamesALine asserts that err is a *fees.Error naming a line of in.
func fuzzCheckNamesALine(t *testing.T, in string, err error, lines int) {
	t.Helper()
	var fe *fees.Error
	if !errors.As(err, &fe) {
		t.Fatalf("error %T %v is not a *fees.Error\ninput %q", err, err, in)
	}
	if fe.Line < 1 || fe.Line > lines {
		t.Fatalf("error names line %d of a %d-line input: %v\ninput %q", fe.Line, lines, err, in)
	}
	if !strings.Contains(err.Error(), "line ") {
		t.Fatalf("the message does not name the line: %v", err)
	}
}

func fuzzSamePayments(t *testing.T, want, got []fees.Payment) {
	t.Helper()
	if len(want) != len(got) {
		t.Fatalf("%d payments, then %d", len(want), len(got))
	}
	for i := range want {
		if want[i].On != got[i].On || want[i].Service != got[i].Service || !want[i].Amount.Equal(got[i].Amount) {
			t.Fatalf("payment %d: %+v, then %+v", i, want[i], got[i])
		}
	}
}
