package commitment

import (
	"slices"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// UsagePolicy says which days of use are billable. Access and billing are
// separate facts (F5): a suspended service is in use but may or may not be
// billed, and the library does not choose for the caller.
type UsagePolicy struct {
	// BillSuspended bills the days a service is suspended (S4).
	BillSuspended bool
}

// Usage returns the customer's use of its services as billing intervals for
// package fees, derived from the history: each runs from Kela's approval to
// the first day without the service (its effective termination day), split
// where the service is suspended (billable as policy says). A commitment
// transferred away ends its intervals on the day of the transfer, and the
// receiving customer's start that day: each customer is billed for its own
// days. Intervals still running are open (Until is zero).
func (c *Commitment) Usage(policy UsagePolicy) []fees.Usage {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return usageOf(c.st.history.all(), policy)
}

func usageOf(history []Event, policy UsagePolicy) []fees.Usage {
	type open struct {
		from      notice.Date
		suspended bool
	}
	var out []fees.Usage
	var customer Customer
	running := map[lifecycle.ServiceID]open{}
	var order []lifecycle.ServiceID
	closeAt := func(s lifecycle.ServiceID, until notice.Date) {
		o, ok := running[s]
		if !ok {
			return
		}
		if until.After(o.from) {
			note := "in use"
			if o.suspended {
				note = "suspended (S4)"
			}
			out = append(out, fees.Usage{
				Customer: string(customer.ID), CustomerKind: string(customer.Kind), Service: string(s),
				From: o.from, Until: until, Billable: !o.suspended || policy.BillSuspended, Note: note,
			})
		}
		delete(running, s)
	}
	start := func(s lifecycle.ServiceID, from notice.Date, suspended bool) {
		if !slices.Contains(order, s) {
			order = append(order, s)
		}
		running[s] = open{from: from, suspended: suspended}
	}
	inUse := lifecycle.ServiceMachine().Members(lifecycle.InUse)
	for _, e := range history {
		switch e := e.(type) {
		case Registered:
			customer = e.Customer
		case Acted:
			if _, ok := e.Act.(lifecycle.TransferCommitment); ok {
				for _, s := range order {
					closeAt(s, e.On)
				}
			}
		case CommitmentReceived:
			got := received(e.History)
			for i := range got.uses {
				if u := &got.uses[i]; u.InUse() {
					start(u.Service, e.On, u.State == lifecycle.Suspended)
				}
			}
		case Transitioned:
			if e.Machine != serviceName {
				continue
			}
			s := lifecycle.ServiceID(e.Subject)
			wasUsed := inUse.Has(e.From)
			switch {
			case e.To == lifecycle.Terminated && wasUsed:
				closeAt(s, e.On)
			case e.To == lifecycle.Active && !wasUsed: // approval
				start(s, e.On, false)
			case e.To == lifecycle.Suspended && e.From != lifecycle.Suspended:
				closeAt(s, e.On)
				start(s, e.On, true)
			case e.From == lifecycle.Suspended && (e.To == lifecycle.Active || e.To == lifecycle.NoticeGiven):
				closeAt(s, e.On)
				start(s, e.On, false)
			}
		}
	}
	for _, s := range order {
		if o, ok := running[s]; ok {
			note := "in use"
			if o.suspended {
				note = "suspended (S4)"
			}
			out = append(out, fees.Usage{
				Customer: string(customer.ID), CustomerKind: string(customer.Kind), Service: string(s),
				From: o.from, Billable: !o.suspended || policy.BillSuspended, Note: note,
			})
		}
	}
	return out
}

// Usage returns the billing intervals of every commitment in the register
// (see Commitment.Usage) and of every tenant's use under a joint agreement:
// the days both the agreement was in force and the main connector's
// interval ran, with the main connector as payer, which is liable for the
// tenant's usage fees (F3, J8, YLS 18).
func (r *Register) Usage(policy UsagePolicy) []fees.Usage {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []fees.Usage
	for _, c := range r.parties {
		out = append(out, c.Usage(policy)...)
	}
	for _, rec := range r.agreements {
		a := rec.a
		if a.Signed.IsZero() {
			continue
		}
		main, tenant := r.party(a.Main), r.party(a.Tenant)
		if main == nil || tenant == nil {
			continue
		}
		tc := tenant.Customer()
		for _, u := range main.Usage(policy) {
			if !a.Covers(lifecycle.ServiceID(u.Service)) || u.Customer != string(a.Main) {
				continue
			}
			from, until := u.From, u.Until
			if a.Signed.After(from) {
				from = a.Signed
			}
			if !a.Ended.IsZero() && (until.IsZero() || a.Ended.Before(until)) {
				until = a.Ended
			}
			if !until.IsZero() && !until.After(from) {
				continue
			}
			out = append(out, fees.Usage{
				Customer: string(tc.ID), CustomerKind: string(tc.Kind), Payer: string(a.Main), Service: u.Service,
				From: from, Until: until, Billable: u.Billable, Note: "tenant under " + string(a.ID) + " (J8)",
			})
		}
	}
	return out
}
