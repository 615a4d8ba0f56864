package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Obligation is something the terms require of a party: who, what, by which
// day, and the rule and clause that require it. Obligations are derived from
// the state of commitments and agreements, never stored: a pending
// termination's effective day, an audit certificate about to expire, a
// retention deadline. A standing obligation has no due day: it holds as long
// as the state that triggers it (a duty to report, a record kept
// permanently).
type Obligation struct {
	// Party is who must act: a customer's identifier, or "kela" for the
	// register keeper's own duties (retention).
	Party   lifecycle.PartyID `json:"party"`
	What    string            `json:"what"`
	Due     notice.Date       `json:"due,omitzero"`
	Rule    rules.Rule        `json:"rule"`
	Clause  string            `json:"clause"`
	Subject string            `json:"subject,omitempty"`
}

// Kela is the Party of the obligations that fall on Kela as the keeper of
// the customer register.
const Kela lifecycle.PartyID = "kela"

// ruleObligation is an obligation under rule, citing it as the rule book
// does: a design rule as design, never as the sources' own words.
func ruleObligation(party lifecycle.PartyID, subject string, due notice.Date, rule rules.Rule, what string) Obligation {
	return Obligation{Party: party, What: what, Due: due, Rule: rule, Clause: rule.Source(), Subject: subject}
}

// ObligationsDue returns the obligations of the commitment due from day from
// to day to, both included, in no particular order. It allocates nothing
// when none is due, so it can scan many commitments quickly.
func (c *Commitment) ObligationsDue(from, to notice.Date) []Obligation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.obligationsDue(from, to, nil)
}

// StandingObligations returns the obligations of the commitment that have no
// due day: duties that hold while the state that triggers them lasts.
func (c *Commitment) StandingObligations() []Obligation {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.st.standing()
}

func (s *state) obligationsDue(from, to notice.Date, out []Obligation) []Obligation {
	in := func(d notice.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }
	id := s.customer.ID
	for i := range s.uses {
		u := &s.uses[i]
		if t, ok := u.PendingTermination(); ok && in(t.Effective) {
			rule := u.Terms.TerminationRule
			if t.ByAuthority {
				rule = rules.S7
			}
			out = append(out, ruleObligation(id, string(u.Service), t.Effective, rule,
				fmt.Sprintf("the use of %s ends on %s (termination received %s); stop using it from that day", u.Service, t.Effective, t.Given)))
		}
	}
	// Every application withdrawn before approval, also one whose service was
	// requested again since: its data is deleted six months after (R4).
	for _, w := range s.withdrawals {
		if due := w.On.Add(notice.Months(6)); in(due) {
			out = append(out, ruleObligation(Kela, string(w.Service), due, rules.R4,
				fmt.Sprintf("delete the data of %s's application for %s, withdrawn on %s", id, w.Service, w.On)))
		}
	}
	for i := range s.apps {
		a := &s.apps[i]
		if a.IsLive() && in(a.AuditValidUntil) {
			out = append(out, ruleObligation(id, string(a.ID), a.AuditValidUntil, rules.A6,
				fmt.Sprintf("contact the assessment body and Kela before app %s's security audit certificate expires after %s (THL regulation 4/2024); without renewal the app is suspended from the next day", a.ID, a.AuditValidUntil)))
		}
		if a.WithdrawalPending() && in(a.Withdrawal.Effective) {
			out = append(out, ruleObligation(id, string(a.ID), a.Withdrawal.Effective, rules.A5,
				fmt.Sprintf("app %s is withdrawn from the market on %s and leaves Omatietovaranto", a.ID, a.Withdrawal.Effective)))
		}
	}
	if end, ok := s.relationshipEnded(); ok {
		rule, what := rules.R3, "destroy %s's contacts, addresses and technical connection data (the customer relationship ended on %s)"
		if s.customer.Kind == lifecycle.AppVendor {
			rule, what = rules.R6, "destroy app vendor %s's register data and original signed commitment forms (the customer relationship ended on %s)"
		}
		if due := end.Add(notice.Years(10)); in(due) {
			out = append(out, ruleObligation(Kela, string(id), due, rule, fmt.Sprintf(what, id, end)))
		}
	}
	return out
}

// relationshipEnded returns the day the customer relationship ended: the day
// the customership ended (for an app vendor, the day its last app was
// withdrawn or removed), when it has ended and not begun again.
func (s *state) relationshipEnded() (notice.Date, bool) {
	if s.customer.Kind == lifecycle.AppVendor && len(s.apps) > 0 {
		var end notice.Date
		for i := range s.apps {
			if s.apps[i].IsLive() {
				return notice.Date{}, false
			}
			if s.apps[i].Ended.After(end) {
				end = s.apps[i].Ended
			}
		}
		if s.customership.IsCommitted() {
			return notice.Date{}, false
		}
		if s.customership.State == lifecycle.Ended && s.customership.Ended.After(end) {
			end = s.customership.Ended
		}
		return end, true
	}
	if s.customership.State == lifecycle.Ended {
		return s.customership.Ended, true
	}
	return notice.Date{}, false
}

func (s *state) standing() []Obligation {
	id := s.customer.ID
	var out []Obligation
	add := func(party lifecycle.PartyID, subject string, rule rules.Rule, what string) {
		out = append(out, ruleObligation(party, subject, notice.Date{}, rule, what))
	}
	inUse, everApproved := false, false
	for i := range s.uses {
		u := &s.uses[i]
		inUse = inUse || u.InUse()
		everApproved = everApproved || !u.Approved.IsZero()
		if u.Service == lifecycle.SocialWelfareClientDataRepository && u.InUse() {
			add(id, string(u.Service), rules.S2b, "verify, following Kela's instructions, that the system works with the social welfare client data repository at each significant version change, when new functionality is taken into use and when the system has problems")
		}
	}
	production := false
	for i := range s.apps {
		a := &s.apps[i]
		if !a.Connected.IsZero() {
			production = true
		}
		if a.State == lifecycle.Production || a.State == lifecycle.WithdrawalNoticed || a.State == lifecycle.Suspended {
			add(id, string(a.ID), rules.A6b, fmt.Sprintf("report significant changes to app %s to Kela and the assessment body, and significant deviations to its users, Kela and Valvira", a.ID))
		}
	}
	if inUse {
		add(id, "", rules.DataBreach, "report disruptions, errors and suspected personal data breaches to Kela through Kanta support; the controller notifies the supervisory authority of a breach within 72 hours where its risk assessment requires (GDPR art. 33)")
		add(id, "", rules.ContactChange, "keep the contact persons and the billing address current with Kela")
	}
	acceptances := false
	s.history.each(func(e Event) bool {
		switch e := e.(type) {
		case DocumentAccepted:
			acceptances = true
		case CommitmentReceived:
			acceptances = acceptances || len(e.History) > 1
		case Acted:
			if n, ok := e.Act.(lifecycle.NotifyChange); ok {
				if late, latest := lateNotification(e.On, n); late {
					add(id, n.Details, n.Rule, fmt.Sprintf("the %s notified on %s for %s was late (latest notice day %s): a breach of the duty to notify, on which Kela may claim its extra costs after notice (L3) or, for an app vendor, remove the app (A7)", n.Rule, e.On, n.Effective, latest))
				}
			}
		}
		return true
	})
	if acceptances {
		add(Kela, string(id), rules.R1, fmt.Sprintf("keep %s's signed applications, commitment and acceptances of service descriptions permanently", id))
	}
	if everApproved || production {
		add(Kela, string(id), rules.R2, fmt.Sprintf("keep permanently when %s joined and left the Kanta services", id))
	}
	if production {
		add(Kela, string(id), rules.R7, "keep Omatietovaranto log data 12 years from its creation, then destroy it")
		add(Kela, string(id), rules.R8, "delete wellbeing data that a user has not deleted 5 years after the user's death")
	}
	if len(s.contacts) > 0 {
		if !everApproved && !production {
			add(Kela, string(id), rules.R5, fmt.Sprintf("delete the contacts of %s, which has not taken Kanta services into use, when it asks", id))
		}
		add(Kela, string(id), rules.R10, "a contact found to be no longer valid may be deleted at once")
		for _, ct := range s.contacts {
			if ct.Role == lifecycle.Billing {
				add(Kela, string(id), rules.R9, "move the billing contacts and addresses to Kela's sales-invoice customer register, whose own notice sets their retention")
				break
			}
		}
	}
	return out
}

// lateNotification judges a change notification received on day on by its
// notice rule (the late notices of the rule book): whether it was late, and
// the latest notice day it was measured against. A notification without a
// period is never late.
func lateNotification(on notice.Date, n lifecycle.NotifyChange) (bool, notice.Date) {
	r, err := notice.LookupRule(n.Rule)
	if err != nil || !r.HasPeriod() || n.Effective.IsZero() {
		return false, notice.Date{}
	}
	return !r.Term.Timely(on, n.Effective), r.Term.LatestNotice(n.Effective)
}

// ObligationsDue returns the obligations of every commitment and agreement
// in the register due from day from to day to, both included: each
// commitment's (Commitment.ObligationsDue), and for each agreement whose end
// is pending, the tenant's use ending (J10); for each service the main
// connector is terminating while a tenant uses it, telling the tenant (YLS
// 2: the main connector keeps the tenant informed of the services available
// through it).
func (r *Register) ObligationsDue(from, to notice.Date) []Obligation {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Obligation
	for _, c := range r.parties {
		c.mu.RLock()
		out = c.st.obligationsDue(from, to, out)
		c.mu.RUnlock()
	}
	in := func(d notice.Date) bool { return !d.IsZero() && !d.Before(from) && !d.After(to) }
	for _, rec := range r.agreements {
		a := rec.a
		if a.State == lifecycle.NoticeGiven && a.Notice != nil && in(a.Notice.Effective) {
			out = append(out, ruleObligation(a.Tenant, string(a.ID), a.Notice.Effective, rules.J10,
				fmt.Sprintf("the use of %s through %s ends on %s with agreement %s; arrange another connection model before then", engine.List(a.Services), a.Main, a.Notice.Effective, a.ID)))
		}
		if !a.InForce() {
			continue
		}
		main := r.party(a.Main)
		if main == nil {
			continue
		}
		for _, s := range a.Services {
			u, _ := main.Service(s)
			t, ok := (&u).PendingTermination()
			if !ok || !in(t.Effective) {
				continue
			}
			if a.State == lifecycle.NoticeGiven && a.Notice != nil && !a.Notice.Effective.After(t.Effective) {
				continue // the tenant's use ends with the agreement first (J10)
			}
			out = append(out, ruleObligation(a.Main, string(a.ID), t.Effective, rules.J3,
				fmt.Sprintf("tell tenant %s that %s, which it uses under agreement %s, ends on %s", a.Tenant, s, a.ID, t.Effective)))
		}
	}
	return out
}

// StandingObligations returns the standing obligations of every commitment
// in the register, and of each tenant under an agreement in force: to report
// a personal data breach without delay to the controller and to the main
// connector (YLS 4.2).
func (r *Register) StandingObligations() []Obligation {
	r.mu.RLock()
	defer r.mu.RUnlock()
	var out []Obligation
	for _, c := range r.parties {
		out = append(out, c.StandingObligations()...)
	}
	for _, rec := range r.agreements {
		if rec.a.InForce() {
			out = append(out, ruleObligation(rec.a.Tenant, string(rec.a.ID), notice.Date{}, rules.DataBreach,
				fmt.Sprintf("report a discovered personal data breach without delay to the controller whose data it concerns, and to the main connector %s", rec.a.Main)))
		}
	}
	return out
}
