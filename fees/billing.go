package fees

import (
	"fmt"
	"sort"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Usage is an interval of one customer's use of one service, as a higher layer
// derives it from the commitment's history: From is the first day of use (the
// day the activation took effect), Until the first day without it (the day a
// termination takes effect); a zero Until means the use continues.
//
// Access and billing are separate facts (F5): Billable says whether the days
// of the interval are charged. A service in use but free or suspended by policy
// comes as a non-billable interval; days billed after use ended come as a
// billable interval of their own.
//
// Payer is the party billed. Empty means the customer itself; a joint
// connection tenant's usage names its main connector, who is liable for the
// tenant's fees (F3, YLS 18).
type Usage struct {
	Customer     string      `json:"customer"`
	CustomerKind string      `json:"customer_kind,omitempty"` // a lifecycle.Kind; selects kind-specific tariff values
	Payer        string      `json:"payer,omitempty"`
	Service      string      `json:"service"` // a lifecycle.ServiceID
	From         notice.Date `json:"from"`
	Until        notice.Date `json:"until"`
	Billable     bool        `json:"billable"`
	Note         string      `json:"note,omitempty"`
}

// UnitUse is a count of units of a per-unit fee (prescriptions written,
// documents stored, …) used by a customer of a service on a day; a higher layer
// aggregates them. Payer is as in Usage.
type UnitUse struct {
	Customer     string      `json:"customer"`
	CustomerKind string      `json:"customer_kind,omitempty"`
	Payer        string      `json:"payer,omitempty"`
	Service      string      `json:"service"`
	On           notice.Date `json:"on"`
	Units        int64       `json:"units"`
	Note         string      `json:"note,omitempty"`
}

// Line is one line of an invoice: what one customer's use of one service cost
// in the month under one tariff value, how it was computed and why.
type Line struct {
	Payer        string       `json:"payer"`
	Customer     string       `json:"customer"`
	CustomerKind string       `json:"customer_kind,omitempty"`
	Service      string       `json:"service"`
	Fee          FeeKind      `json:"fee"`
	From         notice.Date  `json:"from"` // the first day billed
	To           notice.Date  `json:"to"`   // the last day billed (included)
	Days         int          `json:"days,omitempty"`
	MonthDays    int          `json:"month_days,omitempty"`
	Units        int64        `json:"units,omitempty"`
	Amount       Amount       `json:"amount"`
	Value        Entry        `json:"value"` // the tariff value used, with its reference
	Trace        []string     `json:"trace"`
	Rules        []rules.Rule `json:"rules"`
}

// Clauses returns the clauses of the rules the line applies.
func (l Line) Clauses() []string { return rules.Citations(l.Rules...) }

// Invoice is what one payer owes for one calendar month: its lines and their
// total. The total is the exact sum of the lines, each already in cents.
type Invoice struct {
	Payer string      `json:"payer"`
	From  notice.Date `json:"from"` // the first day of the month
	To    notice.Date `json:"to"`   // the last day of the month
	Lines []Line      `json:"lines"`
	Total Amount      `json:"total"`
}

type useKey struct {
	payer, customer, kind, service string
}

// Bill computes the invoices for the calendar month that contains month: one
// per payer with at least one line, sorted by payer. Each billable day of
// usage is priced by the tariff value in force that day (F1, F6) and the
// tariff's proration policy (F5); units are priced by the per-unit value in
// force on their day. A free service gives lines of 0.00 (F4).
//
// Bill refuses, changing nothing: a tariff without a proration policy; usage
// without a customer, service or first day, ending before it begins, or
// overlapping another interval of the same customer and service; negative
// units; and a billable day or a unit with no tariff value in force (F1).
func Bill(t Tariff, month notice.Date, usage []Usage, units []UnitUse) ([]Invoice, error) {
	if !t.proration.Valid() {
		return nil, refuse(rules.F5, string(t.proration), "the tariff has no proration policy (build it with NewTariff)")
	}
	if month.IsZero() {
		return nil, refuse(rules.F1, "", "no month to bill")
	}
	if err := checkUsage(usage); err != nil {
		return nil, err
	}
	first, last := month.FirstOfMonth(), month.LastOfMonth()
	monthDays := first.DaysUntil(last) + 1

	// F5 is applied here: only billable intervals put days on the bill (access
	// alone does not), and monthlyLines charges them by the tariff's explicit
	// proration policy.
	days := map[useKey][]bool{}
	var notes = map[useKey][]string{}
	for _, u := range usage {
		if !u.Billable {
			continue
		}
		from, until := u.From, u.Until
		if from.Before(first) {
			from = first
		}
		if until.IsZero() || until.After(last) {
			until = last.AddDays(1)
		}
		if !from.Before(until) {
			continue
		}
		k := useKey{payerOf(u.Payer, u.Customer), u.Customer, u.CustomerKind, u.Service}
		if days[k] == nil {
			days[k] = make([]bool, monthDays)
		}
		for d := from; d.Before(until); d = d.AddDays(1) {
			days[k][first.DaysUntil(d)] = true
		}
		if u.Note != "" {
			notes[k] = append(notes[k], u.Note)
		}
	}

	var lines []Line
	for _, k := range sortedKeys(days) {
		ls, err := monthlyLines(t, k, first, days[k], notes[k])
		if err != nil {
			return nil, err
		}
		lines = append(lines, ls...)
	}
	ls, err := unitLines(t, first, last, units)
	if err != nil {
		return nil, err
	}
	lines = append(lines, ls...)
	return invoices(first, last, lines), nil
}

// payerOf is where F3 is applied: the party billed for a use is its Payer —
// for a tenant, the main connector (YLS 18) — and the customer itself when no
// payer is named.
func payerOf(payer, customer string) string {
	if payer != "" {
		return payer
	}
	return customer
}

func delegation(k useKey) (string, []rules.Rule) {
	if k.payer == k.customer {
		return "", nil
	}
	return fmt.Sprintf("billed to %s, liable for the usage fees of %s's use through it [%s]", k.payer, k.customer, rules.F3.Cite()), []rules.Rule{rules.F3}
}

func checkUsage(usage []Usage) error {
	for i, u := range usage {
		in := fmt.Sprintf("usage %d (%s, %s)", i+1, u.Customer, u.Service)
		switch {
		case u.Customer == "":
			return refuse(rules.F5, in, "usage without a customer")
		case u.Service == "":
			return refuse(rules.F5, in, "usage without a service")
		case u.From.IsZero():
			return refuse(rules.F5, in, "usage without a first day")
		case !u.Until.IsZero() && !u.From.Before(u.Until):
			return refuse(rules.F5, in+" "+u.From.String()+".."+u.Until.String(), "usage ends before it begins (Until is the first day without use)")
		}
	}
	// Intervals of the same customer and service come from one history and
	// cannot overlap: an overlap would be billed twice or contradict itself.
	idx := make([]int, len(usage))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		ua, ub := usage[idx[a]], usage[idx[b]]
		if ua.Customer != ub.Customer {
			return ua.Customer < ub.Customer
		}
		if ua.Service != ub.Service {
			return ua.Service < ub.Service
		}
		return ua.From.Before(ub.From)
	})
	for i := 1; i < len(idx); i++ {
		a, b := usage[idx[i-1]], usage[idx[i]]
		if a.Customer == b.Customer && a.Service == b.Service && (a.Until.IsZero() || b.From.Before(a.Until)) {
			return refuse(rules.F5, fmt.Sprintf("usage %d and %d (%s, %s)", idx[i-1]+1, idx[i]+1, a.Customer, a.Service),
				"usage intervals of the same customer and service overlap")
		}
	}
	return nil
}

// valueInForce is where F1 is applied: a billable day or unit is priced by
// the tariff value in force that day, the decree's, and refused when there is
// none; this library invents no price. A day of a service priced per unit
// only has no Monthly value and is not refused (ok is false).
func valueInForce(t Tariff, service, kind string, fee FeeKind, on notice.Date) (idx int, ok bool, err *Error) {
	if i, ok := t.lookup(service, kind, fee, on); ok {
		return i, true, nil
	}
	if fee == Monthly && t.priced(service, kind, on) {
		return -1, false, nil
	}
	return -1, false, refuse(rules.F1, service+" "+on.String(), "no %s tariff value in force for %s (customer kind %q) on %s: the fee is set by the decree in force and this library invents none", fee, service, kind, on)
}

// monthlyLines prices one payer's, customer's and service's billable days of
// the month by the Monthly values in force, under the tariff's proration.
func monthlyLines(t Tariff, k useKey, first notice.Date, billed []bool, notes []string) ([]Line, error) {
	monthDays := len(billed)
	type run struct {
		from, to notice.Date
		days     int
		index    int // of the tariff value
		value    Entry
	}
	var runs []run
	open := false // whether the last run continues to the current day
	for i, b := range billed {
		d := first.AddDays(i)
		if !b {
			open = false
			continue
		}
		idx, ok, err := valueInForce(t, k.service, k.kind, Monthly, d)
		if err != nil {
			return nil, err
		}
		if !ok {
			open = false // priced per unit only
			continue
		}
		if open && runs[len(runs)-1].index == idx {
			runs[len(runs)-1].to = d
			runs[len(runs)-1].days++
			continue
		}
		runs = append(runs, run{from: d, to: d, days: 1, index: idx, value: t.entries[idx]})
		open = true
	}
	if len(runs) == 0 {
		return nil, nil
	}
	deleg, delegRules := delegation(k)
	noteText := ""
	if len(notes) > 0 {
		noteText = "; " + joinUnique(notes)
	}
	base := func(r run, days int) Line {
		return Line{
			Payer: k.payer, Customer: k.customer, CustomerKind: k.kind, Service: k.service, Fee: Monthly,
			From: r.from, To: r.to, Days: days, MonthDays: monthDays, Value: r.value,
		}
	}
	var lines []Line
	switch t.proration {
	case WholeMonth:
		// One line for the month, at the value in force on the first billed day.
		r := runs[0]
		total := 0
		for _, x := range runs {
			total += x.days
		}
		l := base(r, total)
		l.To = runs[len(runs)-1].to
		l.Amount = r.value.Amount
		l.Trace = []string{
			fmt.Sprintf("%s used and billable on %d of %d days, %s to %s [%s]%s", k.service, total, monthDays, l.From, l.To, rules.F5.Cite(), noteText),
			fmt.Sprintf("value in force on %s: %s [%s]", r.from, r.value, rules.F6.Cite()),
			fmt.Sprintf("whole-month proration: the full monthly value %s is charged for a month with any billable day [%s]", r.value.Amount, rules.F5.Cite()),
		}
		l.Rules = []rules.Rule{rules.F5, rules.F6}
		if deleg != "" {
			l.Trace = append(l.Trace, deleg)
			l.Rules = append(l.Rules, delegRules...)
		}
		lines = append(lines, l)
	case ByDay:
		for _, r := range runs {
			l := base(r, r.days)
			l.Amount = r.value.Amount.Prorate(r.days, monthDays)
			l.Trace = []string{
				fmt.Sprintf("%s used and billable on %d of %d days, %s to %s [%s]%s", k.service, r.days, monthDays, r.from, r.to, rules.F5.Cite(), noteText),
				fmt.Sprintf("value in force: %s [%s]", r.value, rules.F6.Cite()),
				fmt.Sprintf("by-day proration: %s × %d / %d = %s, rounded to cents half away from zero [%s]", r.value.Amount, r.days, monthDays, l.Amount, rules.F2.Cite()),
			}
			l.Rules = []rules.Rule{rules.F5, rules.F6, rules.F2}
			if deleg != "" {
				l.Trace = append(l.Trace, deleg)
				l.Rules = append(l.Rules, delegRules...)
			}
			lines = append(lines, l)
		}
	}
	return lines, nil
}

// unitLines prices the units counted in the month by the PerUnit values in
// force on their days: one line per payer, customer, service and value.
func unitLines(t Tariff, first, last notice.Date, units []UnitUse) ([]Line, error) {
	type key struct {
		useKey
		index int // of the tariff value
	}
	acc := map[key]*Line{}
	var order []key
	for i, u := range units {
		in := fmt.Sprintf("units %d (%s, %s)", i+1, u.Customer, u.Service)
		switch {
		case u.Customer == "" || u.Service == "" || u.On.IsZero():
			return nil, refuse(rules.F5, in, "unit count without a customer, service or day")
		case u.Units < 0:
			return nil, refuse(rules.F5, fmt.Sprintf("%s: %d", in, u.Units), "negative unit count")
		}
		if u.On.Before(first) || u.On.After(last) {
			continue
		}
		idx, _, err := valueInForce(t, u.Service, u.CustomerKind, PerUnit, u.On)
		if err != nil {
			return nil, err
		}
		k := key{useKey{payerOf(u.Payer, u.Customer), u.Customer, u.CustomerKind, u.Service}, idx}
		l, ok := acc[k]
		if !ok {
			l = &Line{Payer: k.payer, Customer: k.customer, CustomerKind: k.kind, Service: k.service, Fee: PerUnit, From: u.On, To: u.On, Value: t.entries[idx]}
			acc[k] = l
			order = append(order, k)
		}
		if u.On.Before(l.From) {
			l.From = u.On
		}
		if u.On.After(l.To) {
			l.To = u.On
		}
		l.Units += u.Units
	}
	lines := make([]Line, 0, len(order))
	for _, k := range order {
		l := *acc[k]
		l.Amount = l.Value.Amount.Times(l.Units)
		l.Trace = []string{
			fmt.Sprintf("%s: %d units counted %s to %s", l.Service, l.Units, l.From, l.To),
			fmt.Sprintf("value in force: %s [%s]", l.Value, rules.F6.Cite()),
			fmt.Sprintf("per unit: %s × %d = %s, exact", l.Value.Amount, l.Units, l.Amount),
		}
		l.Rules = []rules.Rule{rules.F6}
		if deleg, rules := delegation(k.useKey); deleg != "" {
			l.Trace = append(l.Trace, deleg)
			l.Rules = append(l.Rules, rules...)
		}
		lines = append(lines, l)
	}
	return lines, nil
}

func invoices(first, last notice.Date, lines []Line) []Invoice {
	sort.SliceStable(lines, func(i, j int) bool {
		a, b := lines[i], lines[j]
		switch {
		case a.Payer != b.Payer:
			return a.Payer < b.Payer
		case a.Customer != b.Customer:
			return a.Customer < b.Customer
		case a.Service != b.Service:
			return a.Service < b.Service
		case a.Fee != b.Fee:
			return a.Fee < b.Fee
		}
		return a.From.Before(b.From)
	})
	var out []Invoice
	for _, l := range lines {
		if len(out) == 0 || out[len(out)-1].Payer != l.Payer {
			out = append(out, Invoice{Payer: l.Payer, From: first, To: last})
		}
		inv := &out[len(out)-1]
		inv.Lines = append(inv.Lines, l)
		inv.Total = inv.Total.Add(l.Amount)
	}
	return out
}

func sortedKeys(m map[useKey][]bool) []useKey {
	keys := make([]useKey, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		a, b := keys[i], keys[j]
		if a.payer != b.payer {
			return a.payer < b.payer
		}
		if a.customer != b.customer {
			return a.customer < b.customer
		}
		if a.service != b.service {
			return a.service < b.service
		}
		return a.kind < b.kind
	})
	return keys
}

func joinUnique(ss []string) string {
	out := ""
	seen := map[string]bool{}
	for _, s := range ss {
		if seen[s] {
			continue
		}
		seen[s] = true
		if out != "" {
			out += "; "
		}
		out += s
	}
	return out
}
