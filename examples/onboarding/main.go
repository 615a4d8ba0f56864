// Command onboarding walks a private social welfare provider through taking
// the social welfare client data repository into use and terminating it: each
// command, the state it leaves behind, and each refusal with the clause that
// refuses it.
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
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "onboarding:", err)
		os.Exit(1)
	}
}

const repository = lifecycle.SocialWelfareClientDataRepository

func run(w io.Writer) error {
	c, err := commitment.New(commitment.Customer{ID: "2345678-9", Name: "Hoivakoti Esimerkki Oy", Kind: lifecycle.PrivateSocialWelfareProvider})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s (%s) and the %s\n\n", c.Customer().Name, c.Customer().Kind, repository)

	steps := []struct {
		on  string
		cmd commitment.Command
	}{
		{"2025-01-10", commitment.RequestService{Service: repository, Signatory: lifecycle.TradeRegister,
			Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}}},
		{"2025-01-15", commitment.ApproveService{Service: repository}},
		{"2025-01-20", commitment.PassActivationTest{Service: repository}},
		{"2025-01-22", commitment.PassJointTesting{Service: repository}},
		{"2025-02-03", commitment.PassActivationTest{Service: repository}},
		{"2025-02-03", commitment.ApproveService{Service: repository}},
		{"2025-06-10", commitment.SuspendService{Service: repository, Reason: lifecycle.Endangers}},
		{"2025-06-20", commitment.DemonstrateCorrection{Service: repository}},
		{"2025-09-15", commitment.GiveTerminationNotice{Service: repository, Effective: day("2025-10-01"), Reason: lifecycle.CeasingOperations}},
		{"2025-09-15", commitment.GiveTerminationNotice{Service: repository, Effective: day("2025-11-01"), Reason: lifecycle.CeasingOperations}},
	}
	for _, s := range steps {
		events, err := c.Execute(day(s.on), s.cmd)
		var refusal *lifecycle.Refusal
		switch {
		case errors.As(err, &refusal):
			fmt.Fprintf(w, "%s  %-24s refused\n", s.on, s.cmd.Name())
			for _, b := range refusal.Blockers {
				fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), b.Reason)
			}
			continue
		case err != nil:
			return err
		}
		fmt.Fprintf(w, "%s  %-24s customership %-11s repository %s\n", s.on, s.cmd.Name(), c.Customership(), c.State(repository))
		for _, e := range events {
			if inf, ok := e.(commitment.CodeServiceInformed); ok {
				fmt.Fprintf(w, "            Kela informed the %s at approval (S2, YTE 2.5)\n", inf.Recipient)
			}
		}
	}

	for _, to := range []string{"2025-10-31", "2025-11-01"} {
		if _, err := c.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  %-24s customership %-11s repository %s\n", to, "(time passes)", c.Customership(), c.State(repository))
	}

	fmt.Fprintf(w, "\nHistory: %d events. Accepted documents, kept permanently (R1):\n", len(c.History()))
	for _, a := range c.Acceptances() {
		v := a.Version
		if v == "" {
			v = "version not in the catalogue"
		}
		fmt.Fprintf(w, "  %s  %s (%s)\n", a.On, strings.TrimSpace(string(a.Document)+" "+string(a.Service)), v)
	}
	return nil
}

// day reads the example's fixed dates.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err) // the dates above are constants
	}
	return d
}
