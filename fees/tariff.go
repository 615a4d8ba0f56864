package fees

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// FeeKind is how a tariff value is charged.
type FeeKind string

// Fee kinds.
const (
	// Monthly is a fixed fee per calendar month of billable use
	// (kuukausimaksu), prorated by the tariff's Proration.
	Monthly FeeKind = "monthly"
	// PerUnit is a fee per unit used (per prescription, per document, …),
	// charged for the units counted in the month.
	PerUnit FeeKind = "per-unit"
)

// Valid reports whether k is Monthly or PerUnit.
func (k FeeKind) Valid() bool { return k == Monthly || k == PerUnit }

// Proration is how a month of partial billable use is charged, at activation
// and at termination (F5). It is a policy of the tariff that whoever builds the
// tariff must choose: the zero Proration is refused, never a hidden default.
type Proration string

// Proration policies.
const (
	// WholeMonth charges the full monthly value for every calendar month with
	// at least one billable day.
	WholeMonth Proration = "whole-month"
	// ByDay charges the monthly value × billable days / days in the month,
	// rounded to cents by RoundCents.
	ByDay Proration = "by-day"
)

// Prorations returns the proration policies.
func Prorations() []Proration { return []Proration{WholeMonth, ByDay} }

// ParseProration returns the policy named s ("whole-month", "by-day"); the
// empty string and anything else are a Malformed *Error naming F5.
func ParseProration(s string) (Proration, error) {
	p := Proration(s)
	if !p.Valid() {
		return "", malformed(rules.F5, s, "unknown proration policy: choose whole-month or by-day (there is no default)")
	}
	return p, nil
}

// Valid reports whether p is WholeMonth or ByDay.
func (p Proration) Valid() bool { return p == WholeMonth || p == ByDay }

// Entry is one value of a tariff: the fee for a service, possibly for one
// customer kind only, in force from From until the day before Until, with the
// legal reference that sets it (F6).
//
// Service and CustomerKind are the stable identifiers of lifecycle.ServiceID
// and lifecycle.Kind ("prescription", "pharmacist"); this package does not import the catalogue,
// so it does not check them. An empty CustomerKind makes a general value that
// applies to every kind without a value of its own.
type Entry struct {
	Service      string      `json:"service"`
	CustomerKind string      `json:"customer_kind,omitempty"`
	Fee          FeeKind     `json:"fee"`
	Amount       Amount      `json:"amount"` // per month (Monthly) or per unit (PerUnit)
	From         notice.Date `json:"from"`   // the first day in force
	Until        notice.Date `json:"until"`  // the first day no longer in force; zero: open-ended
	Reference    string      `json:"reference"`
}

// InForce reports whether e is in force on d.
func (e Entry) InForce(d notice.Date) bool {
	return !d.Before(e.From) && (e.Until.IsZero() || d.Before(e.Until))
}

// Validity describes the days e is in force: "from 2025-07-01, open-ended" or
// "2024-01-01 to 2025-06-30" (both days included).
func (e Entry) Validity() string {
	if e.Until.IsZero() {
		return "from " + e.From.String() + ", open-ended"
	}
	return e.From.String() + " to " + e.Until.AddDays(-1).String()
}

// String describes e on one line.
func (e Entry) String() string {
	kind := ""
	if e.CustomerKind != "" {
		kind = " for " + e.CustomerKind
	}
	unit := "a month"
	if e.Fee == PerUnit {
		unit = "a unit"
	}
	return fmt.Sprintf("%s%s: %s %s, in force %s (%s)", e.Service, kind, e.Amount, unit, e.Validity(), e.Reference)
}

func (e Entry) overlaps(f Entry) bool {
	return (f.Until.IsZero() || e.From.Before(f.Until)) && (e.Until.IsZero() || f.From.Before(e.Until))
}

// Tariff is the usage fees as data (F1, F6): values with validity dates and
// legal references, and the proration policy for partial months (F5). It is an
// immutable value built by NewTariff; the zero Tariff has no values and no
// policy, and billing with it is refused.
type Tariff struct {
	proration Proration
	entries   []Entry
}

// NewTariff builds a tariff from its values. It refuses a zero or unknown
// proration policy (F5), a negative amount (F2), and a value without a
// service, fee kind, first day or legal reference, with its last day before
// its first, or overlapping another value for the same service, customer kind
// and fee kind (F6). The entries are copied.
func NewTariff(proration Proration, entries ...Entry) (Tariff, error) {
	if !proration.Valid() {
		return Tariff{}, refuse(rules.F5, string(proration), "the tariff needs a proration policy for partial months: whole-month or by-day (there is no default)")
	}
	es := make([]Entry, len(entries))
	copy(es, entries)
	for i, e := range es {
		if err := checkEntry(e); err != nil {
			err.Reason = fmt.Sprintf("tariff value %d: %s", i+1, err.Reason)
			return Tariff{}, err
		}
		es[i].Reference = strings.TrimSpace(e.Reference)
	}
	sort.SliceStable(es, func(i, j int) bool {
		a, b := es[i], es[j]
		if a.Service != b.Service {
			return a.Service < b.Service
		}
		if a.CustomerKind != b.CustomerKind {
			return a.CustomerKind < b.CustomerKind
		}
		if a.Fee != b.Fee {
			return a.Fee < b.Fee
		}
		return a.From.Before(b.From)
	})
	for i := 1; i < len(es); i++ {
		a, b := es[i-1], es[i]
		if a.Service == b.Service && a.CustomerKind == b.CustomerKind && a.Fee == b.Fee && a.overlaps(b) {
			// Sorted by From, so an overlap always shows between neighbours.
			return Tariff{}, refuse(rules.F6, a.String()+" | "+b.String(), "two tariff values for the same service, customer kind and fee kind are in force on the same day")
		}
	}
	return Tariff{proration: proration, entries: es}, nil
}

// checkEntry checks the shape F6 requires of a tariff value: validity dates
// and a legal reference.
func checkEntry(e Entry) *Error {
	switch {
	case e.Service == "":
		return refuse(rules.F6, e.String(), "no service")
	case !e.Fee.Valid():
		return refuse(rules.F6, string(e.Fee), "unknown fee kind: expected monthly or per-unit")
	case e.Amount.IsNegative():
		return refuse(rules.F2, e.Amount.String(), "negative amount")
	case e.From.IsZero():
		return refuse(rules.F6, e.String(), "no first day in force")
	case !e.Until.IsZero() && !e.From.Before(e.Until):
		return refuse(rules.F6, e.String(), "the value ends before it begins (Until is the first day no longer in force)")
	case strings.TrimSpace(e.Reference) == "":
		return refuse(rules.F6, e.String(), "no legal reference")
	}
	return nil
}

// Proration returns the tariff's policy for partial months.
func (t Tariff) Proration() Proration { return t.proration }

// Entries returns a copy of the tariff's values, sorted by service, customer
// kind, fee kind and first day.
func (t Tariff) Entries() []Entry {
	out := make([]Entry, len(t.entries))
	copy(out, t.entries)
	return out
}

// Lookup returns the value of fee for service in force on the day on, for a
// customer of kind customerKind (F6). A value for that kind beats a general
// value (one with no CustomerKind). ok is false when no value is in force.
func (t Tariff) Lookup(service, customerKind string, fee FeeKind, on notice.Date) (e Entry, ok bool) {
	i, ok := t.lookup(service, customerKind, fee, on)
	if !ok {
		return Entry{}, false
	}
	return t.entries[i], true
}

// lookup is where F6 is applied: it returns the index of the one value in
// force on the day, the kind-specific one first (NewTariff refused overlaps).
func (t Tariff) lookup(service, customerKind string, fee FeeKind, on notice.Date) (int, bool) {
	if customerKind != "" {
		if i, ok := t.find(service, customerKind, fee, on); ok {
			return i, true
		}
	}
	return t.find(service, "", fee, on)
}

func (t Tariff) find(service, kind string, fee FeeKind, on notice.Date) (int, bool) {
	for i, e := range t.entries {
		if e.Service == service && e.CustomerKind == kind && e.Fee == fee && e.InForce(on) {
			return i, true
		}
	}
	return -1, false
}

// priced reports whether any value of any fee kind is in force for the
// service and kind on the day.
func (t Tariff) priced(service, kind string, on notice.Date) bool {
	for _, fee := range []FeeKind{Monthly, PerUnit} {
		if _, ok := t.lookup(service, kind, fee, on); ok {
			return true
		}
	}
	return false
}

// IllustrativeReference is the legal reference of every invented value of
// IllustrativeTariff.
const IllustrativeReference = "ILLUSTRATIVE amount, not the decree's: the sources give no amounts; the fee is set by the social and health ministry's decree in force (YTE 6, OTV 7)"

// MyDataRepositoryReference is the legal reference of Omatietovaranto's zero
// value (F4).
const MyDataRepositoryReference = "OTV 7: Omatietovaranto is free of charge to users and app vendors for now (toistaiseksi maksuton)"

// IllustrativeTariff returns a tariff to show how the package works, with the
// proration policy p. It is ILLUSTRATIVE: the sources give no amounts, so every
// amount in it is invented and its reference says so; none pretends to be the
// decree's. The one value that is the sources' own is Omatietovaranto's zero
// (F4, OTV 7): a dated value in force from 12 February 2024, the date of the
// OTV terms v2.1, open-ended because the service is free "for now".
//
// The prescription fee changes on 1 July 2025 and a pharmacist has a value of
// its own, to show validity dates and kind-specific values; Kelain is priced
// per prescription. Every call builds a new value; there is no shared table.
func IllustrativeTariff(p Proration) (Tariff, error) {
	d := func(y int, m time.Month, day int) notice.Date { return notice.MustDate(y, m, day) }
	ill := func(service, kind string, fee FeeKind, amount string, from, until notice.Date) Entry {
		return Entry{Service: service, CustomerKind: kind, Fee: fee, Amount: MustAmount(amount), From: from, Until: until, Reference: IllustrativeReference}
	}
	start := d(2024, time.January, 1)
	return NewTariff(p,
		ill("prescription", "", Monthly, "240.00", start, d(2025, time.July, 1)),
		ill("prescription", "", Monthly, "252.00", d(2025, time.July, 1), notice.Date{}),
		ill("prescription", "pharmacist", Monthly, "310.00", start, notice.Date{}),
		ill("patient-data-repository", "", Monthly, "180.00", start, notice.Date{}),
		ill("social-welfare-client-data-repository", "", Monthly, "150.00", start, notice.Date{}),
		ill("imaging-data-repository", "", Monthly, "95.00", start, notice.Date{}),
		ill("consent-service", "", Monthly, "40.00", start, notice.Date{}),
		ill("kelain", "", PerUnit, "0.12", start, notice.Date{}),
		ill("medicines-database", "", Monthly, "60.00", start, notice.Date{}),
		ill("customer-test-service", "", Monthly, "75.00", start, notice.Date{}),
		// F4 is applied here: Omatietovaranto costs nothing for now (OTV 7), a
		// dated zero value, not a constant, so a later decree is one more entry.
		Entry{Service: "my-data-repository", Fee: Monthly, Amount: Amount{}, From: d(2024, time.February, 12), Reference: MyDataRepositoryReference},
	)
}
