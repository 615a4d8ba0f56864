package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
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
	Party   string      `json:"party"`
	What    string      `json:"what"`
	Due     notice.Date `json:"due,omitempty"`
	Rule    string      `json:"rule"`
	Clause  string      `json:"clause"`
	Subject string      `json:"subject,omitempty"`
}

// Kela is the Party of the obligations that fall on Kela as the keeper of
// the customer register.
const Kela = "kela"

func ruleObligation(party, subject string, due notice.Date, rule lifecycle.Rule, what string) Obligation {
	clause := rule.Clause()
	if rule.Design() {
		clause = "design, nearest " + clause // never presented as the source's own words
	}
	return Obligation{Party: party, What: what, Due: due, Rule: string(rule), Clause: clause, Subject: subject}
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
				rule = lifecycle.S7
			}
			out = append(out, ruleObligation(id, string(u.Service), t.Effective, rule,
				fmt.Sprintf("the use of %s ends on %s (termination received %s); stop using it from that day", u.Service, t.Effective, t.Given)))
		}
	}
	// Every application withdrawn before approval, also one whose service was
	// requested again since: its data is deleted six months after (R4).
	for _, w := range s.withdrawals {
		if due := w.On.Add(notice.Months(6)); in(due) {
			out = append(out, ruleObligation(Kela, string(w.Service), due, lifecycle.R4,
				fmt.Sprintf("delete the data of %s's application for %s, withdrawn on %s", id, w.Service, w.On)))
		}
	}
	for i := range s.apps {
		a := &s.apps[i]
		if a.Live() && in(a.AuditValidUntil) {
			// The duty is OTV 4.1's own words; only the suspension that follows
			// a lapse is this library's design (A6).
			out = append(out, Obligation{Party: id, Subject: a.ID, Due: a.AuditValidUntil, Rule: string(lifecycle.A6), Clause: "OTV 4.1",
				What: fmt.Sprintf("contact the assessment body and Kela before app %s's security audit certificate expires after %s (THL regulation 4/2024); without renewal the app is suspended from the next day (A6, design)", a.ID, a.AuditValidUntil)})
		}
		if a.WithdrawalPending() && in(a.Withdrawal.Effective) {
			out = append(out, ruleObligation(id, a.ID, a.Withdrawal.Effective, lifecycle.A5,
				fmt.Sprintf("app %s is withdrawn from the market on %s and leaves Omatietovaranto", a.ID, a.Withdrawal.Effective)))
		}
	}
	if end, ok := s.relationshipEnded(); ok {
		rule, what := lifecycle.R3, "destroy %s's contacts, addresses and technical connection data (the customer relationship ended on %s)"
		if s.customer.Kind == lifecycle.AppVendor {
			rule, what = lifecycle.R6, "destroy app vendor %s's register data and original signed commitment forms (the customer relationship ended on %s)"
		}
		if due := end.Add(notice.Years(10)); in(due) {
			out = append(out, ruleObligation(Kela, id, due, rule, fmt.Sprintf(what, id, end)))
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
			if s.apps[i].Live() {
				return notice.Date{}, false
			}
			if s.apps[i].Ended.After(end) {
				end = s.apps[i].Ended
			}
		}
		if lifecycle.Committed(s.customership) {
			return notice.Date{}, false
		}
		if s.customership == lifecycle.Ended && s.ended.After(end) {
			end = s.ended
		}
		return end, true
	}
	if s.customership == lifecycle.Ended {
		return s.ended, true
	}
	return notice.Date{}, false
}

func (s *state) standing() []Obligation {
	id := s.customer.ID
	var out []Obligation
	add := func(party, subject string, rule lifecycle.Rule, what string) {
		out = append(out, ruleObligation(party, subject, notice.Date{}, rule, what))
	}
	inUse, everApproved := false, false
	for _, u := range s.uses {
		inUse = inUse || u.InUse()
		everApproved = everApproved || !u.Approved.IsZero()
		if u.Service == lifecycle.SocialWelfareClientDataRepository && u.InUse() {
			add(id, string(u.Service), lifecycle.S2b, "verify, following Kela's instructions, that the system works with the social welfare client data repository at each significant version change, when new functionality is taken into use and when the system has problems")
		}
	}
	production := false
	for _, a := range s.apps {
		if !a.Connected.IsZero() {
			production = true
		}
		if a.State == lifecycle.Production || a.State == lifecycle.WithdrawalNoticed || a.State == lifecycle.Suspended {
			add(id, a.ID, lifecycle.A6b, fmt.Sprintf("report significant changes to app %s to Kela and the assessment body, and significant deviations to its users, Kela and Valvira", a.ID))
		}
	}
	if inUse {
		out = append(out, Obligation{Party: id, Rule: string(notice.DataBreach), Clause: "YTE 3.9",
			What: "report disruptions, errors and suspected personal data breaches to Kela through Kanta support; the controller notifies the supervisory authority of a breach within 72 hours where its risk assessment requires (GDPR art. 33)"})
		out = append(out, Obligation{Party: id, Rule: string(notice.ContactChange), Clause: "YTE 3.8",
			What: "keep the contact persons and the billing address current with Kela"})
	}
	s.history.each(func(e Event) bool {
		if n, ok := e.(ChangeNotified); ok && n.Late {
			out = append(out, Obligation{Party: id, Rule: string(n.Rule), Clause: n.Clause, Subject: n.Details, Due: notice.Date{},
				What: fmt.Sprintf("the %s notified on %s for %s was late (latest notice day %s): a breach of the duty to notify, on which Kela may claim its extra costs after notice (L3) or, for an app vendor, remove the app (A7)", n.Rule, n.On, n.Effective, n.LatestNotice)})
		}
		return true
	})
	if s.history.len() > 1 && s.hasAcceptances() {
		add(Kela, id, lifecycle.R1, fmt.Sprintf("keep %s's signed applications, commitment and acceptances of service descriptions permanently", id))
	}
	if everApproved || production {
		add(Kela, id, lifecycle.R2, fmt.Sprintf("keep permanently when %s joined and left the Kanta services", id))
	}
	if production {
		add(Kela, id, lifecycle.R7, "keep Omatietovaranto log data 12 years from its creation, then destroy it")
		add(Kela, id, lifecycle.R8, "delete wellbeing data that a user has not deleted 5 years after the user's death")
	}
	if len(s.contacts) > 0 {
		if !everApproved && !production {
			add(Kela, id, lifecycle.R5, fmt.Sprintf("delete the contacts of %s, which has not taken Kanta services into use, when it asks", id))
		}
		add(Kela, id, lifecycle.R10, "a contact found to be no longer valid may be deleted at once")
		for _, ct := range s.contacts {
			if ct.Role == Billing {
				add(Kela, id, lifecycle.R9, "move the billing contacts and addresses to Kela's sales-invoice customer register, whose own notice sets their retention")
				break
			}
		}
	}
	return out
}

func (s *state) hasAcceptances() bool {
	found := false
	s.history.each(func(e Event) bool {
		_, found = e.(DocumentAccepted)
		return !found
	})
	return found
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
			out = append(out, ruleObligation(a.Tenant, a.ID, a.Notice.Effective, lifecycle.J10,
				fmt.Sprintf("the use of %v through %s ends on %s with agreement %s; arrange another connection model before then (YTE 7.1)", a.Services, a.Main, a.Notice.Effective, a.ID)))
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
			t, ok := u.PendingTermination()
			if !ok || !in(t.Effective) {
				continue
			}
			if a.State == lifecycle.NoticeGiven && a.Notice != nil && !a.Notice.Effective.After(t.Effective) {
				continue // the tenant's use ends with the agreement first (J10)
			}
			out = append(out, ruleObligation(a.Main, a.ID, t.Effective, lifecycle.J3,
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
			out = append(out, Obligation{Party: rec.a.Tenant, Subject: rec.a.ID, Rule: string(notice.DataBreach), Clause: "YLS 4.2",
				What: fmt.Sprintf("report a discovered personal data breach without delay to the controller whose data it concerns, and to the main connector %s", rec.a.Main)})
		}
	}
	return out
}
