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
	"slices"
	"strings"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "wellbeing-app:", err)
		os.Exit(1)
	}
}

const (
	vendor lifecycle.PartyID = "1234567-8"
	name                     = "Hyvinvointisovellus Oy"
	app    lifecycle.AppID   = "askelmittari"
)

// step is one dated act of the walk, with what it means in words.
type step struct {
	on   string
	says string
	act  lifecycle.Act
}

func run(w io.Writer) error {
	c, err := commitment.New(commitment.Customer{ID: vendor, Name: name, Kind: lifecycle.AppVendor})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%s, a wellbeing application vendor, and its app %s\n\n", name, app)

	do := func(steps ...step) error {
		for _, s := range steps {
			fmt.Fprintf(w, "%s  %s.\n", s.on, s.says)
			events, err := c.Execute(day(s.on), s.act)
			var refusal *engine.Refusal
			switch {
			case errors.As(err, &refusal):
				fmt.Fprintf(w, "            REFUSED\n")
				for _, b := range refusal.Blockers {
					fmt.Fprintf(w, "            %s: %s\n", b.Rule.Cite(), explain(s, refusal, b))
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
					fmt.Fprintf(w, "            accepted: %s; kept permanently (R1, REK)\n", document(e))
				case commitment.Acted:
					if n, ok := e.Act.(lifecycle.NotifyChange); ok {
						fmt.Fprintf(w, "            recorded: %s notified on %s for %s\n", n.Details, e.On, n.Effective)
					}
				}
			}
			fmt.Fprintln(w)
		}
		return nil
	}
	advance := func(to string) error {
		if _, err := c.Advance(day(to)); err != nil {
			return err
		}
		fmt.Fprintf(w, "%s  Time passes.\n            %s\n\n", to, status(c))
		return nil
	}
	due := func(from, to string) {
		fmt.Fprintf(w, "Due from %s to %s:\n", from, to)
		for _, o := range c.ObligationsDue(day(from), day(to)) {
			fmt.Fprintf(w, "  %s  %s: %s [%s]\n", o.Due, party(o.Party), plain(o.What), o.Rule.Cite())
		}
		fmt.Fprintln(w)
	}

	if err := do(
		step{"2025-01-10", name + " signs the commitment for its app, signed by an authorised person",
			lifecycle.RegisterApp{App: app, Signatory: lifecycle.Authorised}},
		step{"2025-01-10", name + " signs the commitment for its app, signed by the CEO as in the trade register",
			lifecycle.RegisterApp{App: app, Signatory: lifecycle.TradeRegister}},
		step{"2025-01-15", "Kela connects the app to production", lifecycle.ConnectApp{App: app}},
		step{"2025-01-20", "The app passes Kela's joint testing", lifecycle.PassAppJointTesting{App: app}},
		step{"2025-01-22", "Kela connects the app to production", lifecycle.ConnectApp{App: app}},
		step{"2025-02-01", "Kela records the certification: the app is in Valvira's register and its audit certificate is valid until 2025-06-30",
			lifecycle.CertifyApp{App: app, ValviraRegistered: true, AuditValidUntil: day("2025-06-30")}},
		step{"2025-02-03", "Kela connects the app to production", lifecycle.ConnectApp{App: app}},
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
		step{"2025-07-03", name + " demonstrates a correction", lifecycle.DemonstrateAppCorrection{App: app}},
		step{"2025-07-03", name + " renews the audit certificate, valid until 2025-07-01", lifecycle.RenewAuditCertificate{App: app, ValidUntil: day("2025-07-01")}},
		step{"2025-07-03", name + " renews the audit certificate, valid until 2026-06-30", lifecycle.RenewAuditCertificate{App: app, ValidUntil: day("2026-06-30")}},
		// Kela closes the connection (A4): a renewal does not reopen it, the
		// vendor's demonstrated correction does.
		step{"2025-08-12", "Kela closes the app's connection: it sent malformed step counts to Omatietovaranto",
			lifecycle.SuspendApp{App: app, Reason: "sent malformed step counts to Omatietovaranto"}},
		step{"2025-08-14", name + " renews the audit certificate, valid until 2026-12-31", lifecycle.RenewAuditCertificate{App: app, ValidUntil: day("2026-12-31")}},
		step{"2025-08-20", name + " demonstrates that the fault is corrected", lifecycle.DemonstrateAppCorrection{App: app}},
		// A technical change notified late is accepted and recorded as a breach.
		step{"2025-09-10", name + " notifies Kela of a technical change taking effect on 2025-09-20",
			lifecycle.NotifyChange{Rule: rules.TechnicalChange, Effective: day("2025-09-20"), Details: "a new API endpoint"}},
		// Withdrawal from the market: at least one month before (A5).
		step{"2025-10-15", name + " gives notice: the app leaves the market on 2025-11-01",
			lifecycle.GiveAppWithdrawalNotice{App: app, Effective: day("2025-11-01")}},
		step{"2025-10-15", name + " gives a new notice: the app leaves the market on 2025-12-01",
			lifecycle.GiveAppWithdrawalNotice{App: app, Effective: day("2025-12-01")}},
	); err != nil {
		return err
	}
	due("2025-10-15", "2025-12-31")
	fmt.Fprintf(w, "Standing obligations:\n")
	for _, o := range c.StandingObligations() {
		fmt.Fprintf(w, "  %s: %s [%s]\n", party(o.Party), plain(o.What), o.Rule.Cite())
	}
	fmt.Fprintln(w)

	for _, to := range []string{"2025-11-30", "2025-12-01"} {
		if err := advance(to); err != nil {
			return err
		}
	}
	due("2035-12-01", "2035-12-01")
	return nil
}

// status says where the app stands, in the words of the terms with the
// state's identifier, and why it is suspended.
func status(c *commitment.Commitment) string {
	a, ok := c.App(app)
	if !ok {
		return "the app is not registered"
	}
	s := "app: " + stateWords(lifecycle.AppMachine().Describe(), a.State)
	switch {
	case a.State == lifecycle.Suspended && a.KelaSuspension != "":
		s += " by Kela: " + a.KelaSuspension
	case a.State == lifecycle.Suspended:
		s += ": its audit certificate expired after " + a.AuditValidUntil.String()
	case a.WithdrawalPending():
		s += ", leaving the market on " + a.Withdrawal.Effective.String()
	}
	return s
}

// stateWords returns the label of state s of a machine and its identifier:
// "in production (production)".
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
		s = "the service description of " + string(a.Service)
	default:
		s = string(a.Document)
	}
	if a.Version != "" {
		s += ", version " + a.Version
	}
	return s
}

// explain returns a refusal's reason for a reader. An act that the app's
// state does not allow is explained in the words of the app machine: the
// states it is possible from. A late withdrawal notice is explained from
// the notice rule's term: the day the notice had to arrive, and the
// earliest withdrawal that this notice can still give.
func explain(s step, refusal *engine.Refusal, b engine.Blocker) string {
	if strings.HasPrefix(b.Reason, refusal.Command+" is not possible in state ") {
		return wrongState(lifecycle.AppMachine().Describe(), refusal)
	}
	n, ok := s.act.(lifecycle.GiveAppWithdrawalNotice)
	r, err := notice.LookupRule(rules.AppWithdrawal)
	if !ok || err != nil || b.Input != n.Effective.String() {
		return plain(b.Reason)
	}
	term, given := r.Term, day(s.on)
	return strings.Join([]string{
		fmt.Sprintf("an app is withdrawn with at least %s's notice before it leaves the market", term.Period.Describe()),
		fmt.Sprintf("to leave on %s the notice had to arrive by %s", n.Effective, term.LatestNotice(n.Effective)),
		fmt.Sprintf("received on %s, it can leave on %s at the earliest", given, term.EarliestEffective(given)),
	}, "; ")
}

// wrongState says, in the words of machine d, that the refused act is
// possible only from other states than the one the subject is in.
func wrongState(d engine.Description, refusal *engine.Refusal) string {
	var from []string
	for _, t := range d.Transitions {
		if string(t.Event) != refusal.Command {
			continue
		}
		for _, st := range t.From {
			if w := stateWords(d, st); !slices.Contains(from, w) {
				from = append(from, w)
			}
		}
	}
	return fmt.Sprintf("this is possible only in the state %s; the app is in the state %s", strings.Join(from, " or "), stateWords(d, refusal.State))
}

// plain rewrites a message of the library for a reader: the vendor by
// name.
func plain(s string) string {
	return strings.ReplaceAll(s, string(vendor), name)
}

// party names a party: the vendor by name, Kela as Kela.
func party(id lifecycle.PartyID) string {
	switch id {
	case vendor:
		return name
	case commitment.Kela:
		return "Kela"
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
