package fees

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kantakit/kanta/notice"
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

// ReadPayments reads a ledger of payments written as CSV with exactly the
// header date,service,amount, then one payment a line: a date YYYY-MM-DD, a
// service identifier and an amount as ParseAmount reads it. Empty lines are
// skipped and a UTF-8 byte order mark before the header is ignored; fields are
// not trimmed.
//
// known, when not nil, says whether a service identifier exists (the catalogue
// lives outside this leaf package); a payment for an unknown service is refused
// rather than silently left out of every cap.
//
// The error is an *Error naming the line and the offending text: a wrong
// header, a wrong number of columns, a bad date, a bad amount (F2), an empty or
// unknown service, or CSV that cannot be read.
func ReadPayments(r io.Reader, known func(service string) bool) ([]Payment, error) {
	br := bufio.NewReader(r)
	// The byte order mark goes before the CSV reader sees it, so a quoted
	// header after it reads too.
	if b, err := br.Peek(len(bom)); err == nil && string(b) == bom {
		_, _ = br.Discard(len(bom))
	} else if err != nil && err != io.EOF {
		return nil, &Error{Rule: L2, Reason: "cannot read the payments: " + err.Error(), Err: err}
	}
	cr := csv.NewReader(br)
	cr.FieldsPerRecord = -1 // counted here, to name the line
	cr.ReuseRecord = false
	var out []Payment
	header := true
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Rule: L2, Line: pe.Line, Reason: "malformed CSV: " + pe.Err.Error(), Err: err}
			}
			return nil, &Error{Rule: L2, Reason: "cannot read the payments: " + err.Error(), Err: err}
		}
		line, _ := cr.FieldPos(0)
		if header {
			header = false
			// Three columns: a quoted "date,service" is one column, not two.
			if got := strings.Join(rec, ","); len(rec) != 3 || got != PaymentsHeader {
				return nil, &Error{Rule: L2, Line: line, Input: got, Reason: "wrong header: expected " + PaymentsHeader}
			}
			continue
		}
		if len(rec) != 3 {
			return nil, &Error{Rule: L2, Line: line, Input: strings.Join(rec, ","), Reason: fmt.Sprintf("expected 3 columns (date,service,amount), found %d", len(rec))}
		}
		on, err := notice.Parse(rec[0])
		if err != nil {
			return nil, &Error{Rule: L2, Line: line, Input: rec[0], Reason: "bad date, expected YYYY-MM-DD", Err: err}
		}
		service := rec[1]
		if service == "" {
			return nil, &Error{Rule: L2, Line: line, Input: strings.Join(rec, ","), Reason: "empty service"}
		}
		if known != nil && !known(service) {
			return nil, &Error{Rule: L2, Line: line, Input: service, Reason: "unknown service"}
		}
		amount, err := ParseAmount(rec[2])
		if err != nil {
			reason := "bad amount"
			var e *Error
			if errors.As(err, &e) {
				reason += ": " + e.Reason
			}
			return nil, &Error{Rule: F2, Line: line, Input: rec[2], Reason: reason, Err: err}
		}
		out = append(out, Payment{On: on, Service: service, Amount: amount})
	}
	if header {
		return nil, &Error{Rule: L2, Line: 1, Reason: "no header: expected " + PaymentsHeader}
	}
	return out, nil
}
