// Package commitment is the aggregate a service embeds: one customer's
// commitment to the Kanta services (sitoumus, YTE 7) with its customership,
// its use of each service, a vendor's wellbeing apps, a pharmacist's
// pharmacies, its contacts and the history of everything that happened to
// it; and a Register (Kela's customer register, REK) that holds many
// commitments and the joint-connection agreements between them (YLS).
//
// # Decide, then evolve
//
// Acts are the typed values of package lifecycle (lifecycle.RequestService,
// lifecycle.ApproveService, lifecycle.SignJointAgreement, …), each done on the
// day it happened. A commitment decides an act against its state without
// changing anything: the events the act causes (with what time and the
// customership bring along), or an *engine.Refusal that lists every unmet
// condition with its rule and clause (errors.Is(err, rules.S2)), or a
// *lifecycle.InputError for a malformed act. Execute keeps what it decided;
// Check and Explain decide alone, under a shared lock, and so does
// Register.Decide, which says what each stream it touches would append. The
// state changes in one place, event by event, and that step cannot fail: a
// refused act needs no undoing because nothing changed before every check
// passed.
//
// Replay rebuilds a commitment from its history, event by event, and trusts
// nothing in it: every transition is checked against the machines'
// definitions, no event may skip a termination that fell due, a termination
// cannot take effect before it was given, an agreement's signing is checked
// again against what its parties were on that day. Commitments and registers
// round-trip through JSON with a schema version, and a snapshot whose state
// does not match its history is refused.
//
// # The customership
//
// The customership follows the services, as its machine's derived steps say:
// applied from the first request until Kela approves a service (C1, C3);
// active while a service is in use without a pending termination; terminating
// while every service in use has one (C9); ended when none is left (C8),
// applications still pending lapsing with it; withdrawn when every
// application was withdrawn first (C12). It is valid until further notice
// (C7).
//
// # Time
//
// Time is always passed in. Before an act, and with Advance, whatever falls
// due takes effect on its own day: a termination on its effective day, an
// app's withdrawal, the suspension of an app whose audit certificate
// expired. The machines' definitions say when each is due; NextDue tells the
// next day, which a store keeps in its due index.
//
// # The register and its streams
//
// Each commitment and each agreement is a stream of events (PartyStream,
// AgreementStream); Register.Decide returns the Changes an act makes to each
// stream it touches, with the version each was decided on, and Apply applies
// changes decided earlier, refusing stale ones (ErrStale). That is all a
// store needs: append a decision's changes atomically, expecting those
// versions, and apply them.
//
// The Catalogue says what each service requires (S2, S3, S5, S5b, C10) and
// which versions of the documents are in force (C14); users register
// stricter entries with With. Obligations (ObligationsDue,
// StandingObligations) are derived from state, never stored. Usage derives
// billing intervals for package fees (F3, F5, J8).
//
// Concurrency: a Commitment and a Register are safe for use by many
// goroutines. Execute and Advance are serialised and atomic; queries see the
// state between two of them and return copies.
package commitment
