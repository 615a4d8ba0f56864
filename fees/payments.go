package fees

import (
	"bufio"
	"encoding/csv"
	"errors"
	"io"
	"strings"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Payment is a sum the customer paid for one service on a day: a line of the
// ledger that the liability cap reads (L2).
type Payment struct {
	On      notice.Date `json:"date"`
	Service string      `json:"service"`
	Amount  Amount      `json:"amount"`
}

// PaymentsHeader is the one header line ReadPayments accepts.
const PaymentsHeader = "date,service,amount"

// bom is the UTF-8 byte order mark that spreadsheet programs write first.
const bom = "\ufeff"

// MaxPaymentLine is the longest line of a ledger that ReadPayments and
// ReadLiabilityCap read, in bytes, its line break included (a quoted field
// that spans lines counts with the line it starts on). A payment's line is a
// few dozen bytes; the bound keeps one huge line, or a file without line
// breaks, from being read into memory whole.
const MaxPaymentLine = 1024

// ReadPayments reads a ledger of payments written as CSV with exactly the
// header date,service,amount, then one payment a line: a date YYYY-MM-DD, a
// service identifier and an amount as ParseAmount reads it. Empty lines are
// skipped and a UTF-8 byte order mark before the header is ignored; fields are
// not trimmed. A line may be at most MaxPaymentLine bytes long.
//
// known, when not nil, says whether a service identifier exists (the catalogue
// lives outside this leaf package); a payment for an unknown service is refused
// rather than silently left out of every cap.
//
// The error is a Malformed *Error naming the line and the offending text: a
// wrong header, a wrong number of columns, a line that is too long, a bad date,
// a bad amount (F2), an empty or unknown service, or CSV that cannot be read.
//
// ReadPayments holds the whole ledger in memory; ReadLiabilityCap reads one
// payment at a time.
func ReadPayments(r io.Reader, known func(service string) bool) ([]Payment, error) {
	pr, err := newPaymentReader(r, known)
	if err != nil {
		return nil, err
	}
	var out []Payment
	for {
		p, ok, err := pr.next()
		if err != nil {
			return nil, err
		}
		if !ok {
			return out, nil
		}
		out = append(out, p)
	}
}

// paymentReader reads a ledger one payment at a time, as ReadPayments
// describes.
type paymentReader struct {
	cr     *csv.Reader
	known  func(string) bool
	header bool // the header is still to be read
}

func newPaymentReader(r io.Reader, known func(string) bool) (*paymentReader, error) {
	br := bufio.NewReader(&lineLimiter{r: r, start: 1})
	// The byte order mark goes before the CSV reader sees it, so a quoted
	// header after it reads too.
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		_, _ = br.Discard(len(bom))
	} else if err != nil && err != io.EOF {
		return nil, readError(err)
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to name the line
	cr.ReuseRecord = true   // the fields are kept, never the slice
	return &paymentReader{cr: cr, known: known, header: true}, nil
}

// next returns the next payment, or ok false at the end of the ledger.
func (pr *paymentReader) next() (p Payment, ok bool, err error) {
	for {
		rec, err := pr.cr.Read()
		if err == io.EOF {
			if pr.header {
				return Payment{}, false, malformed(rules.L2, "", "no header: expected %s", PaymentsHeader).atLine(1)
			}
			return Payment{}, false, nil
		}
		if err != nil {
			return Payment{}, false, readError(err)
		}
		line, _ := pr.cr.FieldPos(0)
		if pr.header {
			pr.header = false
			// Three columns: a quoted "date,service" is one column, not two.
			if got := strings.Join(rec, ","); len(rec) != 3 || got != PaymentsHeader {
				return Payment{}, false, malformed(rules.L2, got, "wrong header: expected "+PaymentsHeader).atLine(line)
			}
			continue
		}
		p, err := pr.payment(rec, line)
		return p, err == nil, err
	}
}

// payment reads one ledger line's fields.
func (pr *paymentReader) payment(rec []string, line int) (Payment, error) {
	if len(rec) != 3 {
		return Payment{}, malformed(rules.L2, strings.Join(rec, ","), "expected 3 columns (date,service,amount), found %d", len(rec)).atLine(line)
	}
	on, err := notice.Parse(rec[0])
	if err != nil {
		e := malformed(rules.L2, rec[0], "bad date, expected YYYY-MM-DD").atLine(line)
		e.Err = err
		return Payment{}, e
	}
	service := rec[1]
	if service == "" {
		return Payment{}, malformed(rules.L2, strings.Join(rec, ","), "empty service").atLine(line)
	}
	if pr.known != nil && !pr.known(service) {
		return Payment{}, malformed(rules.L2, service, "unknown service").atLine(line)
	}
	amount, err := ParseAmount(rec[2])
	if err != nil {
		reason := "bad amount"
		var e *Error
		if errors.As(err, &e) {
			reason += ": " + e.Reason
		}
		bad := malformed(rules.F2, rec[2], "%s", reason).atLine(line)
		bad.Err = err
		return Payment{}, bad
	}
	return Payment{On: on, Service: service, Amount: amount}, nil
}

// atLine sets the line of the ledger e is about.
func (e *Error) atLine(line int) *Error {
	e.Line = line
	return e
}

// readError turns an error of reading the ledger into a Malformed *Error
// with the line where the CSV reader or the line limit stopped.
func readError(err error) error {
	var fe *Error
	if errors.As(err, &fe) {
		return fe
	}
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{Rule: rules.L2, Line: pe.Line, Reason: "malformed CSV: " + pe.Err.Error(), Err: err, Malformed: true}
	}
	return &Error{Rule: rules.L2, Reason: "cannot read the payments: " + err.Error(), Err: err, Malformed: true}
}

// lineLimiter passes a ledger through and stops it, with a Malformed *Error,
// at the first line longer than MaxPaymentLine bytes. A line break inside a
// quoted field does not end the line: it is counted the way the CSV reader
// joins such lines into one record (quotes toggle; "" toggles twice).
type lineLimiter struct {
	r      io.Reader
	start  int  // the line (from 1) the current line begins on
	breaks int  // line breaks passed so far
	n      int  // bytes of the current line so far
	quoted bool // inside a quoted field
	err    error
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	if l.err != nil {
		return 0, l.err
	}
	n, err := l.r.Read(p)
	for i, c := range p[:n] {
		if l.n++; l.n > MaxPaymentLine {
			l.err = malformed(rules.L2, "", "line longer than %d bytes: a ledger line holds a date, a service and an amount", MaxPaymentLine).atLine(l.start)
			return i, l.err
		}
		switch c {
		case '"':
			l.quoted = !l.quoted
		case '\n':
			l.breaks++
			if !l.quoted {
				l.n, l.start = 0, l.breaks+1
			}
		}
	}
	return n, err
}
