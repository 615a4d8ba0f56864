package fees

import (
	"github.com/shopspring/decimal"

	"github.com/kantakit/kanta/rules"
)

// Amount is a sum of money in euros, exact to the cent (F2). It is an
// immutable value: every operation returns a new Amount. The zero Amount is
// 0.00 €. An Amount is always a whole number of cents: the constructors refuse
// or round anything finer, and computed amounts are rounded only in
// roundCents (through RoundCents and Prorate).
//
// Compare amounts with Equal or Cmp, not ==: the value holds a pointer.
type Amount struct {
	d decimal.Decimal
}

// MaxAmountDigits is the most digits ParseAmount reads before the point:
// amounts up to 999 999 999 999 999.99 €, far above any fee, payment or
// claim of the Kanta services. It bounds the decimal arithmetic, whose cost
// grows with the square of the digits, and is checked before any of it.
const MaxAmountDigits = 15

// ParseAmount reads an input amount as docs/cli.md describes it for the
// command line, where its form is part of the stable interface: a non-negative
// decimal with at most two decimals, written with digits and an optional point
// ("50", "100.5", "240.00"), and at most MaxAmountDigits digits before the
// point (leading zeros count). It refuses the empty string, signs, exponents,
// more than two decimals, a point without digits on both sides, thousands
// separators, longer numbers and anything else with an *Error that carries
// the input, names F2 and is Malformed: an amount that cannot be read is not
// a refusal by F2, so its message cites no rule.
func ParseAmount(s string) (Amount, error) {
	intDigits, fracDigits, point := 0, 0, false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if point {
				fracDigits++
			} else if intDigits++; intDigits > MaxAmountDigits {
				return Amount{}, malformed(rules.F2, s, "amount has more than %d digits before the point", MaxAmountDigits)
			}
		case c == '.' && !point:
			point = true
		default:
			return Amount{}, malformed(rules.F2, s, "not an amount: expected a non-negative decimal with at most two decimals, like 50, 100.5 or 240.00")
		}
		if fracDigits > 2 {
			return Amount{}, malformed(rules.F2, s, "amount has more than two decimals")
		}
	}
	switch {
	case s == "":
		return Amount{}, malformed(rules.F2, s, "empty amount: expected a non-negative decimal with at most two decimals")
	case intDigits == 0 || (point && fracDigits == 0):
		return Amount{}, malformed(rules.F2, s, "not an amount: expected digits on both sides of the point, like 100.5")
	}
	d, err := decimal.NewFromString(s)
	if err != nil { // unreachable after the scan above; kept so input never panics
		return Amount{}, &Error{Rule: rules.F2, Input: s, Reason: "not an amount", Err: err, Malformed: true}
	}
	return Amount{d: d.Round(2)}, nil // at most two decimals: this only sets the scale to cents
}

// MustAmount is like ParseAmount but panics on a malformed amount. It is meant
// for amounts written as constants in tests, examples and tariffs, like
// regexp.MustCompile; never call it on input.
func MustAmount(s string) Amount {
	a, err := ParseAmount(s)
	if err != nil {
		panic(err)
	}
	return a
}

// Cents returns the amount of n cents (n may be negative, for differences).
func Cents(n int64) Amount { return Amount{d: decimal.New(n, -2)} }

// RoundCents rounds x to whole cents, half away from zero: 0.005 becomes 0.01
// and −0.005 becomes −0.01, through roundCents, where every computed amount
// is rounded (F2).
//
// Why half away from zero: it is the rounding of ordinary Finnish commercial
// and accounting practice, and the rule of Council Regulation (EC) No 1103/97
// art. 5 for amounts in euros (a half cent is rounded up); unlike banker's
// rounding it gives the figure a customer checking an invoice by hand expects.
// Proration divides before it rounds, exactly: 240.00 × 17 / 30 is computed as
// one fraction and rounded once.
func RoundCents(x decimal.Decimal) Amount { return roundCents(x, decimal.NewFromInt(1)) }

// roundCents is where F2 is applied to every computed amount: it returns
// num / den rounded to cents half away from zero. The
// division is exact before the one rounding (decimal's DivRound compares the
// exact remainder), and it never reads decimal.DivisionPrecision, a package
// variable of shopspring/decimal that others may change.
func roundCents(num, den decimal.Decimal) Amount {
	if den.IsZero() {
		return Amount{}
	}
	return Amount{d: num.DivRound(den, 2)}
}

// Decimal returns the amount as a decimal number of euros.
func (a Amount) Decimal() decimal.Decimal { return a.d }

// Add returns a + b.
func (a Amount) Add(b Amount) Amount { return Amount{d: a.d.Add(b.d)} }

// Sub returns a − b, which may be negative.
func (a Amount) Sub(b Amount) Amount { return Amount{d: a.d.Sub(b.d)} }

// Times returns a × n, exactly (a unit price times a count of units).
func (a Amount) Times(n int64) Amount { return Amount{d: a.d.Mul(decimal.NewFromInt(n))} }

// Prorate returns a × part / whole rounded by RoundCents's rule: the share of
// a monthly value for part of the whole month's days. A whole of zero or less
// gives zero.
func (a Amount) Prorate(part, whole int) Amount {
	if whole <= 0 {
		return Amount{}
	}
	return roundCents(a.d.Mul(decimal.NewFromInt(int64(part))), decimal.NewFromInt(int64(whole)))
}

// Min returns the smaller of a and b.
func (a Amount) Min(b Amount) Amount {
	if b.d.LessThan(a.d) {
		return b
	}
	return a
}

// Cmp returns -1, 0 or +1 as a is less than, equal to or greater than b.
func (a Amount) Cmp(b Amount) int { return a.d.Cmp(b.d) }

// Equal reports whether a and b are the same sum.
func (a Amount) Equal(b Amount) bool { return a.d.Equal(b.d) }

// IsZero reports whether a is 0.00.
func (a Amount) IsZero() bool { return a.d.IsZero() }

// IsNegative reports whether a is below zero.
func (a Amount) IsNegative() bool { return a.d.IsNegative() }

// String writes the amount with exactly two decimals and a point ("240.00",
// "0.00", "-3.50"), as every output of this library does.
func (a Amount) String() string { return a.d.StringFixed(2) }

// MarshalText writes the amount as String does, so JSON holds "240.00".
func (a Amount) MarshalText() ([]byte, error) { return []byte(a.String()), nil }

// UnmarshalText reads an amount as ParseAmount does.
func (a *Amount) UnmarshalText(b []byte) error {
	p, err := ParseAmount(string(b))
	if err != nil {
		return err
	}
	*a = p
	return nil
}
