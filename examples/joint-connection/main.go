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
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "joint-connection:", err)
		os.Exit(1)
	}
}

const (
	mainConnector = "Lähiklinikka Oy"   // the main connector: a private health care provider
	tenant        = "Pieni Vastaanotto" // the tenant: a small clinic using the main connector's system
	agreement     = "yhteisliittyminen-2025"
)

var annex1 = []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository}

func run(w io.Writer) error {
	r := commitment.NewRegister()
	for _, c := range []commitment.Customer{
		{ID: mainConnector, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: tenant, Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
	} {
		if _, err := r.Add(c); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "%s (main connector) and %s (tenant), both in Soteri (YLS 1)\n\n", mainConnector, tenant)

	first := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	later := []lifecycle.Document{lifecycle.ServiceDescription}
	sign := commitment.SignJointAgreement{ID: agreement, Main: mainConnector, Tenant: tenant, Services: annex1}
	steps := []struct {
		on    string
		party string
		cmd   commitment.Command
	}{
		{"2025-01-10", mainConnector, commitment.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: first}},
		{"2025-01-10", mainConnector, commitment.RequestService{Service: lifecycle.PatientDataRepository, Signatory: lifecycle.TradeRegister, Accepts: later}},
		{"2025-01-15", "", sign}, // too early: nothing approved yet
		{"2025-01-20", mainConnector, commitment.ApproveService{Service: lifecycle.Prescription}},
		{"2025-01-27", "", sign}, // the patient data repository is still only requested
		{"2025-01-30", mainConnector, commitment.ApproveService{Service: lifecycle.PatientDataRepository}},
		{"2025-02-03", "", sign},
		{"2025-03-31", "", commitment.GiveJointAgreementNotice{Agreement: agreement, By: tenant, Effective: day("2025-04-30")}},
		{"2025-03-31", "", commitment.GiveJointAgreementNotice{Agreement: agreement, By: tenant, Effective: day("2025-05-01")}},
	}
	for _, s := range steps {
		_, err := r.Execute(day(s.on), s.party, s.cmd)
		var refusal *lifecycle.Refusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintf(w, "%s  %-28s refused\n", s.on, s.cmd.Name())
			for _, b := range refusal.Blockers {
				fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), b.Reason)
			}
			continue
		case err != nil:
			return err
		}
		fmt.Fprintf(w, "%s  %-28s %s\n", s.on, s.cmd.Name(), status(r))
		switch s.cmd.(type) {
		case commitment.SignJointAgreement:
			tenantUses(w, r)
		case commitment.GiveJointAgreementNotice:
			a, _ := r.Agreement(agreement)
			fmt.Fprintf(w, "            terminable with %s: a notice received on %s ends the period on %s; the first day without the agreement is %s [%s]\n",
				a.Termination, a.Notice.Given, a.Notice.Given.Add(a.Termination.Period), a.Termination.EarliestEffective(a.Notice.Given), lifecycle.J5.Cite())
		}
	}

	fmt.Fprintf(w, "\nDue from 2025-04-01 to 2025-05-31:\n")
	for _, o := range r.ObligationsDue(day("2025-04-01"), day("2025-05-31")) {
		fmt.Fprintf(w, "  %s  %-17s %s [%s, %s]\n", o.Due, o.Party, o.What, o.Rule, o.Clause)
	}
	fmt.Fprintf(w, "Standing, while the agreement is in force:\n")
	for _, o := range r.StandingObligations() {
		if o.Party == tenant {
			fmt.Fprintf(w, "  %-17s %s [%s]\n", o.Party, o.What, o.Clause)
		}
	}
	fmt.Fprintln(w)

	for _, to := range []string{"2025-04-30", "2025-05-01"} {
		if err := r.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  %-28s %s\n", to, "(time passes)", status(r))
		tenantUses(w, r)
	}
	return nil
}

// status describes the agreement and the main connector's own services.
func status(r *commitment.Register) string {
	c, _ := r.Commitment(mainConnector)
	var own []string
	for _, u := range c.Services() {
		own = append(own, fmt.Sprintf("%s %s", u.Service, u.State))
	}
	a, ok := r.Agreement(agreement)
	state := "not signed"
	if ok {
		state = string(a.State)
	}
	return fmt.Sprintf("agreement %-12s main connector: %s", state, strings.Join(own, ", "))
}

// tenantUses prints the tenant's use of each Annex 1 service (J1, J3, J10).
func tenantUses(w io.Writer, r *commitment.Register) {
	for _, u := range r.TenantUses(tenant) {
		fmt.Fprintf(w, "            tenant uses %-24s %s (through %s)\n", u.Service, u.State, u.Main)
	}
}

// day reads the example's fixed dates.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err) // the dates above are constants
	}
	return d
}
