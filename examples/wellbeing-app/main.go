// Command wellbeing-app walks a wellbeing application vendor through the
// Omatietovaranto terms (OTV): registration refused with an authorised
// signatory, joint testing, certification and connection to production,
// the security audit certificate expiring and being renewed, Kela's
// suspension and the vendor's correction, the withdrawal notice and the
// obligations along the way with their clauses.
//
//	go run ./examples/wellbeing-app
package main

import (
	"errors"
	"fmt"
	"io"
	"os"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wellbeing-app:", err)
		os.Exit(1)
	}
}

const app = "askelmittari"

func run(w io.Writer) error {
	c, err := commitment.New(commitment.Customer{ID: "1234567-8", Name: "Hyvinvointisovellus Oy", Kind: lifecycle.AppVendor})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s (%s) and its app %s\n\n", c.Customer().Name, c.Customer().Kind, app)

	type step struct {
		on  string
		cmd commitment.Command
	}
	do := func(steps ...step) error {
		for _, s := range steps {
			events, err := c.Execute(day(s.on), s.cmd)
			var refusal *lifecycle.Refusal
			switch {
			case errors.As(err, &refusal):
				fmt.Fprintf(w, "%s  %-27s refused\n", s.on, s.cmd.Name())
				for _, b := range refusal.Blockers {
					fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), b.Reason)
				}
				continue
			case err != nil:
				return err
			}
			fmt.Fprintf(w, "%s  %-27s %s\n", s.on, s.cmd.Name(), status(c))
			for _, e := range events {
				if a, ok := e.(commitment.DocumentAccepted); ok {
					doc := string(a.Document)
					if a.Service != "" {
						doc += " of " + string(a.Service)
					}
					if a.Version != "" {
						doc += ", version " + a.Version
					}
					fmt.Fprintf(w, "            accepted: %s; kept permanently (R1, REK)\n", doc)
				}
			}
		}
		return nil
	}
	advance := func(to string) error {
		if _, err := c.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  %-27s %s\n", to, "(time passes)", status(c))
		return nil
	}
	due := func(from, to string) {
		fmt.Fprintf(w, "            due from %s to %s:\n", from, to)
		for _, o := range c.ObligationsDue(day(from), day(to)) {
			fmt.Fprintf(w, "              %s  %s: %s [%s, %s]\n", o.Due, o.Party, o.What, o.Rule, o.Clause)
		}
	}

	if err := do(
		step{"2025-01-10", commitment.RegisterApp{App: app, Signatory: lifecycle.Authorised}},
		step{"2025-01-10", commitment.RegisterApp{App: app, Signatory: lifecycle.TradeRegister}},
		step{"2025-01-15", commitment.ConnectApp{App: app}},
		step{"2025-01-20", commitment.PassAppJointTesting{App: app}},
		step{"2025-01-22", commitment.ConnectApp{App: app}},
		step{"2025-02-01", commitment.CertifyApp{App: app, ValviraRegistered: true, AuditValidUntil: day("2025-06-30")}},
		step{"2025-02-03", commitment.ConnectApp{App: app}},
	); err != nil {
		return err
	}
	due("2025-06-01", "2025-06-30")

	// The audit certificate expires after 30 June; the app is suspended from
	// the next day until the certificate is renewed (A6).
	if err := advance("2025-06-30"); err != nil {
		return err
	}
	if err := advance("2025-07-01"); err != nil {
		return err
	}
	if err := do(
		step{"2025-07-03", commitment.DemonstrateAppCorrection{App: app}},
		step{"2025-07-03", commitment.RenewAuditCertificate{App: app, ValidUntil: day("2025-07-01")}},
		step{"2025-07-03", commitment.RenewAuditCertificate{App: app, ValidUntil: day("2026-06-30")}},
		// Kela closes the connection (A4): a renewal does not reopen it, the
		// vendor's demonstrated correction does.
		step{"2025-08-12", commitment.SuspendApp{App: app, Reason: "sent malformed step counts to Omatietovaranto"}},
		step{"2025-08-14", commitment.RenewAuditCertificate{App: app, ValidUntil: day("2026-12-31")}},
		step{"2025-08-20", commitment.DemonstrateAppCorrection{App: app}},
		// A technical change notified late is accepted and recorded as a breach.
		step{"2025-09-10", commitment.NotifyChange{Rule: notice.TechnicalChange, Effective: day("2025-09-20"), Details: "new API endpoint"}},
		// Withdrawal from the market: at least one month before (A5).
		step{"2025-10-15", commitment.GiveAppWithdrawalNotice{App: app, Effective: day("2025-11-01")}},
		step{"2025-10-15", commitment.GiveAppWithdrawalNotice{App: app, Effective: day("2025-12-01")}},
	); err != nil {
		return err
	}
	due("2025-10-15", "2025-12-31")
	fmt.Fprintf(w, "            standing:\n")
	for _, o := range c.StandingObligations() {
		fmt.Fprintf(w, "              %s: %s [%s, %s]\n", o.Party, o.What, o.Rule, o.Clause)
	}

	for _, to := range []string{"2025-11-30", "2025-12-01"} {
		if err := advance(to); err != nil {
			return err
		}
	}
	due("2035-12-01", "2035-12-01")
	return nil
}

// status describes the app: its state and why it is suspended.
func status(c *commitment.Commitment) string {
	a, ok := c.App(app)
	if !ok {
		return "app not registered"
	}
	s := "app " + string(a.State)
	switch {
	case a.State == lifecycle.Suspended && a.KelaSuspension != "":
		s += " by Kela: " + a.KelaSuspension
	case a.State == lifecycle.Suspended:
		s += ": audit certificate expired after " + a.AuditValidUntil.String()
	case a.WithdrawalPending():
		s += ", leaving the market on " + a.Withdrawal.Effective.String()
	}
	return s
}

// day reads the example's fixed dates.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err) // the dates above are constants
	}
	return d
}
