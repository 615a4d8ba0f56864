package notice_test

// Fuzz targets for the notice package's parsers: dates (Parse), periods
// (ParsePeriod) and rolls (ParseRoll). Every input of the command line and
// the scenario files that is a date, a period or a roll goes through one of
// them, so they defend the command line and every JSON and YAML reader of the
// library:
//
//   - no input panics;
//   - a refused input is a *notice.ParseError that carries the input
//     verbatim, and the value returned with it is the zero value;
//   - an accepted input round-trips: String (and MarshalText) give back the
//     canonical text, and reading that again gives the same value.
//
// Dates are also checked against the time package as an independent oracle:
// a text of the shape YYYY-MM-DD is accepted exactly when time.Parse accepts
// it and its year is 0001–9999, and then on the same weekday.
//
// The seeds live in testdata/fuzz/<FuzzName>/ (valid dates, leap days, years
// 0000 and 9999, signs, BOMs, huge counts...) and run with every `go test`; to
// search further, run for example
// `go test -run x -fuzz FuzzParseDate -fuzztime 30s ./notice`.

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kantakit/kanta/notice"
)

func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := notice.Parse(s)
		var shaped bool // s looks like YYYY-MM-DD: digits where digits go
		if len(s) == 10 && s[4] == '-' && s[7] == '-' {
			shaped = true
			for _, i := range []int{0, 1, 2, 3, 5, 6, 8, 9} {
				if s[i] < '0' || s[i] > '9' {
					shaped = false
				}
			}
		}
		tm, terr := time.Parse("2006-01-02", s)
		oracle := shaped && terr == nil && tm.Year() >= 1

		if err != nil {
			var pe *notice.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q): error %T %v is not a *notice.ParseError", s, err, err)
			}
			if pe.Value != s {
				t.Fatalf("Parse(%q): the error carries %q, not the input", s, pe.Value)
			}
			if !d.IsZero() {
				t.Fatalf("Parse(%q) refused but returned %v", s, d)
			}
			if oracle {
				t.Fatalf("Parse(%q) refused a date the time package reads as %v: %v", s, tm, err)
			}
			var u notice.Date
			if uerr := u.UnmarshalText([]byte(s)); s != "" && uerr == nil {
				t.Fatalf("UnmarshalText(%q) accepted what Parse refused", s)
			}
			return
		}
		if !oracle {
			t.Fatalf("Parse(%q) accepted %v; the time package says %v", s, d, terr)
		}
		if d.IsZero() {
			t.Fatalf("Parse(%q) accepted the zero Date", s)
		}
		if got := d.String(); got != s {
			t.Fatalf("Parse(%q).String() = %q", s, got)
		}
		if b, _ := d.MarshalText(); string(b) != s {
			t.Fatalf("Parse(%q).MarshalText() = %q", s, b)
		}
		var u notice.Date
		if err := u.UnmarshalText([]byte(s)); err != nil || u != d {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", s, u, err, d)
		}
		y, m, day := d.Civil()
		if y != tm.Year() || m != tm.Month() || day != tm.Day() || d.Weekday() != tm.Weekday() {
			t.Fatalf("Parse(%q) = %04d-%02d-%02d (%s); the time package says %s", s, y, m, day, d.Weekday(), tm.Format("2006-01-02 Monday"))
		}
		if back, err := notice.NewDate(y, m, day); err != nil || back != d {
			t.Fatalf("NewDate(Civil(%q)) = %v, %v", s, back, err)
		}
		if d.AddDays(1).AddDays(-1) != d || d.DaysUntil(d.AddDays(7)) != 7 {
			t.Fatalf("day arithmetic around %q does not add up", s)
		}
	})
}

func FuzzParsePeriod(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		p, err := notice.ParsePeriod(s)
		if err != nil {
			var pe *notice.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParsePeriod(%q): error %T %v is not a *notice.ParseError", s, err, err)
			}
			if pe.Value != s {
				t.Fatalf("ParsePeriod(%q): the error carries %q, not the input", s, pe.Value)
			}
			if !p.IsZero() {
				t.Fatalf("ParsePeriod(%q) refused but returned %v", s, p)
			}
			return
		}
		if p.IsZero() {
			t.Fatalf("ParsePeriod(%q) accepted the zero Period", s)
		}
		// The canonical form drops leading zeros of the count and nothing else.
		count := strings.TrimLeft(s[1:len(s)-1], "0")
		if want := "P" + count + s[len(s)-1:]; p.String() != want {
			t.Fatalf("ParsePeriod(%q).String() = %q, want %q", s, p.String(), want)
		}
		q, err := notice.ParsePeriod(p.String())
		if err != nil || q != p {
			t.Fatalf("ParsePeriod(%q) = %v, %v; want %v", p.String(), q, err, p)
		}
		var u notice.Period
		if err := u.UnmarshalText([]byte(s)); err != nil || u != p {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", s, u, err, p)
		}
		if b, _ := p.MarshalText(); string(b) != p.String() {
			t.Fatalf("MarshalText = %q, String = %q", b, p.String())
		}
		if p.Describe() == "" || p.Describe() == "no period" {
			t.Fatalf("ParsePeriod(%q).Describe() = %q", s, p.Describe())
		}
		// Counting any accepted period from a month end must not panic.
		d := notice.MustDate(2024, time.January, 31)
		_, _ = d.Add(p), d.Sub(p)
	})
}

func FuzzParseRoll(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		r, err := notice.ParseRoll(s)
		if err != nil {
			var pe *notice.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("ParseRoll(%q): error %T %v is not a *notice.ParseError", s, err, err)
			}
			if pe.Value != s {
				t.Fatalf("ParseRoll(%q): the error carries %q, not the input", s, pe.Value)
			}
			if r != notice.RollNone {
				t.Fatalf("ParseRoll(%q) refused but returned %v", s, r)
			}
			var u notice.Roll
			if s != "" && u.UnmarshalText([]byte(s)) == nil {
				t.Fatalf("UnmarshalText(%q) accepted what ParseRoll refused", s)
			}
			return
		}
		if s != "none" && s != "forward" && s != "backward" {
			t.Fatalf("ParseRoll(%q) accepted %v", s, r)
		}
		if r.String() != s {
			t.Fatalf("ParseRoll(%q).String() = %q", s, r.String())
		}
		if b, _ := r.MarshalText(); string(b) != s {
			t.Fatalf("ParseRoll(%q).MarshalText() = %q", s, b)
		}
		var u notice.Roll
		if err := u.UnmarshalText([]byte(s)); err != nil || u != r {
			t.Fatalf("UnmarshalText(%q) = %v, %v; want %v", s, u, err, r)
		}
	})
}
