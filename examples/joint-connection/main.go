// Command joint-connection walks a private health care provider (the main
// connector, pääliittyjä) and a small clinic (its tenant, mukanaliittyjä)
// through the joint-connection agreement of YTE 7 and YLS: signing refused
// until the main connector's services are in use, the tenant's services
// under Annex 1, a notice with the one-month period, the agreement ending and
// the tenant's use with it, and the obligations along the way with their
// clauses.
//
//	go run ./examples/joint-connection
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "joint-connection:", err)
		os.Exit(1)
	}
}

// The parties, by business ID, and their names.
const (
	mainConnector lifecycle.PartyID     = "1234567-8" // a private health care provider
	tenant        lifecycle.PartyID     = "7654321-0" // a small clinic using the main connector's system
	agreement     lifecycle.AgreementID = "yhteisliittyminen-2025"
)

var names = map[lifecycle.PartyID]string{
	mainConnector: "Lähiklinikka Oy",
	tenant:        "Pieni Vastaanotto",
}

var annex1 = []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}

// step is one dated act, by party (empty for an act of the agreement, which
// names its parties itself), with what it means in words.
type step struct {
	on    string
	party lifecycle.PartyID
	says  string
	act   lifecycle.Act
}

func run(w io.Writer) error {
	r := commitment.NewRegister()
	for _, c := range []commitment.Customer{
		{ID: mainConnector, Name: names[mainConnector], Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: tenant, Name: names[tenant], Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
	} {
		if _, err := r.Add(c); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%s (the main connector) and %s (its tenant), both private health care providers registered in Soteri (YLS 1).\n", names[mainConnector], names[tenant])
	fmt.Fprintf(w, "Annex 1 of their joint-connection agreement lists %s.\n\n", engine.List(annex1))

	first := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	later := []lifecycle.Document{lifecycle.ServiceDescription}
	sign := lifecycle.SignJointAgreement{Agreement: agreement, Main: mainConnector, Tenant: tenant, Services: annex1}
	mc := names[mainConnector]
	steps := []step{
		{"2025-01-10", mainConnector, mc + " applies for the prescription service", lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: first}},
		{"2025-01-10", mainConnector, mc + " applies for the patient data repository", lifecycle.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: later}},
		{"2025-01-15", "", "The parties sign the joint-connection agreement", sign}, // too early: nothing approved yet
		{"2025-01-20", mainConnector, "Kela approves the prescription service", lifecycle.ApproveService{Service: lifecycle.Prescription}},
		{"2025-01-27", "", "The parties sign the joint-connection agreement", sign}, // the patient data repository is still only requested
		{"2025-01-30", mainConnector, "Kela approves the patient data repository", lifecycle.ApproveService{Service: lifecycle.PatientDataRepository}},
		{"2025-02-03", "", "The parties sign the joint-connection agreement", sign},
		{"2025-03-31", "", names[tenant] + " gives notice: the agreement ends on 2025-04-30", lifecycle.GiveJointAgreementNotice{Agreement: agreement, By: tenant, Effective: day("2025-04-30")}},
		{"2025-03-31", "", names[tenant] + " gives a new notice: the agreement ends on 2025-05-01", lifecycle.GiveJointAgreementNotice{Agreement: agreement, By: tenant, Effective: day("2025-05-01")}},
	}
	for _, s := range steps {
		fmt.Fprintf(w, "%s  %s.\n", s.on, s.says)
		_, err := r.Execute(day(s.on), s.party, s.act)
		var refusal *engine.Refusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintf(w, "            REFUSED\n")
			for _, b := range refusal.Blockers {
				fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), explain(r, s, b))
			}
			fmt.Fprintln(w)
			continue
		case err != nil:
			return err
		}
		fmt.Fprintf(w, "            %s\n", status(r))
		switch s.act.(type) {
		case lifecycle.SignJointAgreement:
			tenantUses(w, r)
		case lifecycle.GiveJointAgreementNotice:
			a, _ := r.Agreement(agreement)
			fmt.Fprintf(w, "            with %s's notice, a notice received on %s keeps the agreement in force up to %s; it ends on %s (J5, YLS 20)\n",
				a.Termination.Period.Describe(), a.Notice.Given, a.Notice.Effective.AddDays(-1), a.Notice.Effective)
		}
		fmt.Fprintln(w)
	}

	fmt.Fprintf(w, "Due from 2025-04-01 to 2025-05-31:\n")
	for _, o := range r.ObligationsDue(day("2025-04-01"), day("2025-05-31")) {
		fmt.Fprintf(w, "  %s  %s: %s [%s]\n", o.Due, party(o.Party), plain(o.What), o.Rule.Cite())
	}
	fmt.Fprintf(w, "Standing, while the agreement is in force:\n")
	for _, o := range r.StandingObligations() {
		if o.Party == tenant {
			fmt.Fprintf(w, "  %s: %s [%s]\n", party(o.Party), plain(o.What), o.Rule.Cite())
		}
	}
	fmt.Fprintln(w)

	for _, to := range []string{"2025-04-30", "2025-05-01"} {
		if _, err := r.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  Time passes.\n            %s\n", to, status(r))
		tenantUses(w, r)
		fmt.Fprintln(w)
	}
	return nil
}

// status says where the agreement and the main connector's own services
// stand, in the words of the terms with the state's identifier.
func status(r *commitment.Register) string {
	c, _ := r.Commitment(mainConnector)
	var own []string
	for _, u := range c.Services() {
		own = append(own, fmt.Sprintf("%s %s", u.Service, stateWords(lifecycle.ServiceMachine().Describe(), u.State)))
	}
	state := "not signed"
	if a, ok := r.Agreement(agreement); ok {
		state = stateWords(lifecycle.AgreementMachine().Describe(), a.State)
	}
	return fmt.Sprintf("agreement: %s; %s's services: %s", state, names[mainConnector], strings.Join(own, ", "))
}

// tenantUses prints the tenant's use of each Annex 1 service (J1, J3, J10).
func tenantUses(w io.Writer, r *commitment.Register) {
	for _, u := range r.TenantUses(tenant) {
		fmt.Fprintf(w, "            %s uses %s through %s: %s\n", names[tenant], u.Service, party(u.Main), stateWords(lifecycle.ServiceMachine().Describe(), u.State))
	}
}

// stateWords returns the label of state s of a machine and its identifier:
// "in force (in-force)".
func stateWords(d engine.Description, s engine.State) string {
	for _, st := range d.States {
		if st.ID == s {
			return fmt.Sprintf("%s (%s)", st.Label.En, s)
		}
	}
	return "not started"
}

// explain returns a refusal's reason for a reader. A late notice is
// explained from the agreement's notice term: the day the notice had to
// arrive, and the earliest end that this notice can still give.
func explain(r *commitment.Register, s step, b engine.Blocker) string {
	n, ok := s.act.(lifecycle.GiveJointAgreementNotice)
	a, signed := r.Agreement(agreement)
	if !ok || !signed || b.Input != n.Effective.String() {
		return plain(b.Reason)
	}
	term, given := a.Termination, day(s.on)
	return strings.Join([]string{
		fmt.Sprintf("the agreement is terminated with %s's notice, counted from the day the notice is received", term.Period.Describe()),
		fmt.Sprintf("for it to end on %s the notice had to arrive by %s", n.Effective, term.LatestNotice(n.Effective)),
		fmt.Sprintf("received on %s, it can end the agreement on %s at the earliest", given, term.EarliestEffective(given)),
	}, "; ")
}

// plain rewrites a message of the library for a reader: parties by name.
func plain(s string) string {
	for id, name := range names {
		s = strings.ReplaceAll(s, string(id), name)
	}
	return s
}

// party names a party: by name when the example knows it.
func party(id lifecycle.PartyID) string {
	if name, ok := names[id]; ok {
		return name
	}
	return string(id)
}

// day reads the example's fixed dates.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err) // the dates above are constants
	}
	return d
}
