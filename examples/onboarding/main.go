// Command onboarding walks a private social welfare provider through taking
// the social welfare client data repository into use and terminating it:
// each act, the state it leaves behind, and each refusal with the clause
// that refuses it.
//
//	go run ./examples/onboarding
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
		fmt.Fprintln(os.Stderr, "onboarding:", err)
		os.Exit(1)
	}
}

const (
	repository = lifecycle.SocialWelfareClientDataRepository
	name       = "Hoivakoti Esimerkki Oy"
)

// step is one dated act of the walk, with what it means in words.
type step struct {
	on   string
	says string
	act  lifecycle.Act
}

func run(w io.Writer) error {
	c, err := commitment.New(commitment.Customer{ID: "2345678-9", Name: name, Kind: lifecycle.PrivateSocialWelfareProvider})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s (business ID %s), a private social welfare provider,\n", name, c.Customer().ID)
	fmt.Fprintf(w, "takes the social welfare client data repository into use and later terminates it.\n\n")

	steps := []step{
		{"2025-01-10", name + " applies for the repository: it signs the commitment and accepts the general terms and the service description",
			lifecycle.RequestService{Service: repository, Signatory: lifecycle.TradeRegister,
				Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}}},
		{"2025-01-15", "Kela approves the repository for use",
			lifecycle.ApproveService{Service: repository}},
		{"2025-01-22", "The customer's system passes Kela's joint testing",
			lifecycle.PassJointTesting{Service: repository}},
		{"2025-02-03", "The customer passes the activation test",
			lifecycle.PassActivationTest{Service: repository}},
		{"2025-02-03", "Kela approves the repository for use",
			lifecycle.ApproveService{Service: repository}},
		{"2025-06-10", "Kela closes the connection: the customer's system endangers the national services",
			lifecycle.SuspendService{Service: repository, Reason: lifecycle.Endangers}},
		{"2025-06-20", "The customer shows that the fault is corrected",
			lifecycle.DemonstrateCorrection{Service: repository}},
		{"2025-09-15", name + " gives notice, as it is ceasing operations: its use ends on 2025-10-01",
			lifecycle.GiveTerminationNotice{Service: repository, Effective: day("2025-10-01"), Reason: lifecycle.CeasingOperations}},
		{"2025-09-15", name + " gives a new notice: its use ends on 2025-11-01",
			lifecycle.GiveTerminationNotice{Service: repository, Effective: day("2025-11-01"), Reason: lifecycle.CeasingOperations}},
	}
	for _, s := range steps {
		fmt.Fprintf(w, "%s  %s.\n", s.on, s.says)
		events, err := c.Execute(day(s.on), s.act)
		var refusal *engine.Refusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintf(w, "            REFUSED\n")
			for _, b := range refusal.Blockers {
				fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), explain(c, s, b))
			}
			fmt.Fprintln(w)
			continue
		case err != nil:
			return err
		}
		fmt.Fprintf(w, "            %s\n", status(c))
		for _, e := range events {
			switch e := e.(type) {
			case commitment.DocumentAccepted:
				fmt.Fprintf(w, "            accepted: %s\n", document(e))
			case commitment.CodeServiceInformed:
				fmt.Fprintf(w, "            Kela informs the %s that the repository is in use (S2, YTE 2.5)\n", e.Recipient)
			}
		}
		fmt.Fprintln(w)
	}

	for _, to := range []string{"2025-10-31", "2025-11-01"} {
		if _, err := c.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  Time passes.\n            %s\n\n", to, status(c))
	}

	fmt.Fprintf(w, "The history holds %d events. The signed commitment and the acceptances are kept permanently (R1, REK):\n", len(c.History()))
	for _, a := range c.Acceptances() {
		fmt.Fprintf(w, "  %s  %s\n", a.On, document(a))
	}
	return nil
}

// status says where the customership and the repository stand, in the
// words of the terms, with the state's identifier in parentheses.
func status(c *commitment.Commitment) string {
	s := fmt.Sprintf("customership: %s; repository: %s",
		stateWords(lifecycle.CustomershipMachine().Describe(), c.Customership()),
		stateWords(lifecycle.ServiceMachine().Describe(), c.State(repository)))
	if u, ok := c.Service(repository); ok {
		if t, ok := u.PendingTermination(); ok {
			s += fmt.Sprintf(" until the use ends on %s", t.Effective)
		}
	}
	return s
}

// stateWords returns the label of state s of a machine and its identifier:
// "in force (active)".
func stateWords(d engine.Description, s engine.State) string {
	for _, st := range d.States {
		if st.ID == s {
			return fmt.Sprintf("%s (%s)", st.Label.En, s)
		}
	}
	return "not started"
}

// document names an accepted document, with its version when the catalogue
// dates it.
func document(a commitment.DocumentAccepted) string {
	var s string
	switch a.Document {
	case lifecycle.CommitmentDocument:
		s = "the commitment"
	case lifecycle.GeneralTerms:
		s = "the general terms of delivery"
	case lifecycle.ServiceDescription:
		s = "the service description of the repository"
	default:
		s = string(a.Document)
	}
	if a.Version != "" {
		s += ", version of " + a.Version
	}
	return s
}

// explain returns a refusal's reason for a reader. A late termination
// notice is explained from the service's notice term: the day the notice
// had to arrive, and the earliest end of use that this notice can still
// give.
func explain(c *commitment.Commitment, s step, b engine.Blocker) string {
	n, ok := s.act.(lifecycle.GiveTerminationNotice)
	u, known := c.Service(repository)
	if !ok || !known || u.Terms == nil || b.Input != n.Effective.String() {
		return b.Reason
	}
	term, given := u.Terms.Termination, day(s.on)
	return strings.Join([]string{
		fmt.Sprintf("notice must reach Kela at least %s before the end of use", term.Period.Describe()),
		fmt.Sprintf("for the use to end on %s it had to arrive by %s", n.Effective, term.LatestNotice(n.Effective)),
		fmt.Sprintf("received on %s, it can end the use on %s at the earliest", given, term.EarliestEffective(given)),
	}, "; ")
}

// day reads the example's fixed dates.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err) // the dates above are constants
	}
	return d
}
