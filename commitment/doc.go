// Package commitment is the aggregate a service embeds: one customer's
// commitment to the Kanta services (sitoumus, YTE 7) with its customership,
// its use of each service, a vendor's wellbeing apps, a pharmacist's
// pharmacies, its contacts and the history of everything that happened to it;
// and a Register (Kela's customer register, REK) that holds many commitments
// and the joint-connection agreements between them (YLS).
//
// Commands are typed values (RequestService, ApproveService,
// GiveTerminationNotice, SignJointAgreement, RegisterApp, …), each executed on
// the day it happened: Execute(on, cmd). The terms decide through the machines
// of package lifecycle. A command the terms refuse returns a
// *lifecycle.Refusal that lists every unmet condition with its rule and clause
// (errors.Is(err, lifecycle.S2)); a malformed one returns an *InputError.
// Either way nothing changes: commands apply as they go under an undo journal
// and roll back exactly when refused, so the JSON of a refused command's
// commitment stays byte-identical. Check and Explain ask without changing
// anything. Time is always passed in; Advance lets terminations, app
// withdrawals and certificate expiries take effect on their own days.
//
// Every accepted command appends typed, dated events. State changes in one
// place, applied from those events, so Replay rebuilds the same commitment from
// its history, verifying each recorded transition against the machine
// definitions; commitments and registers round-trip through JSON, and a
// snapshot that does not match its history is refused.
//
// The customership follows the services (SPEC §10): applied from the first
// request until Kela approves a service (C1, C3); active while a service is in
// use without a pending termination; terminating while every service in use
// has one (C9); ended when none is left (C8), withdrawing applications still
// pending; withdrawn when every application was withdrawn first (C12).
//
// The Catalogue says what each service requires (S2, S3, S5, S5b, C10) and
// which versions of the documents are in force (C14); DefaultCatalogue is SPEC
// §2 and §4, and users register stricter entries with With. Obligations
// (ObligationsDue, StandingObligations) are derived from state, never stored:
// terminations taking effect, certificate renewals, retention (R1–R10), a
// tenant's use ending with its agreement. Usage derives billing intervals for
// package fees (F3, F5, J8).
//
// Concurrency: a Commitment and a Register are safe for use by many
// goroutines. Commands are serialised and atomic; queries see the state
// between two commands and return copies.
package commitment
