// Package scenario runs contract rules written as data: scenario files in the
// YAML format that `kanta check` reads. A scenario declares the parties, and
// optionally catalogue entries of its own, then lists dated steps; each step
// lets time pass to its day, may run one act of the terms (`do`, with the
// act's fields), and states what must then hold (`expect`): the customership,
// the state of each service, agreement and app, and for a refused act the
// clause the refusal must cite. Lawyers and analysts who
// own the terms can read, review and run such a file without reading Go.
//
//	name: Social welfare repository, approval waits for joint testing (S2)
//	parties:
//	  - {id: hoiva, kind: private-social-welfare-provider}
//	steps:
//	  - on: 2025-01-10
//	    party: hoiva
//	    do: request-service
//	    service: social-welfare-client-data-repository
//	    signatory: trade-register
//	    accepts: [commitment, general-terms, service-description]
//	    expect: {customership: applied, services: {social-welfare-client-data-repository: requested}}
//	  - on: 2025-01-20
//	    party: hoiva
//	    do: approve-service
//	    service: social-welfare-client-data-repository
//	    expect: {refused: true, clause: SAT}
//
// docs/scenarios.md is the reference for the format: the acts and their
// fields, the values they take, the expectations and the catalogue entries.
// The format is part of the command line's stable interface (docs/cli.md).
// The sections below say how this package reads and runs it.
//
// # The public API only
//
// A scenario drives a commitment.Register through its public API (Add,
// Advance, Execute and the queries), exactly as an embedding service would,
// so a scenario that passes is a fact about the library a user embeds. Each
// party becomes a customer of the register (id, kind, soteri). Before every
// step the register advances to the step's day; a step without `do` only lets
// time pass and checks its expectations. A step's act (Step.Act) is the
// lifecycle.Act that `do` names, filled in from the step's fields; it runs
// through Register.Execute on the step's day.
//
// # The catalogue
//
// A scenario may declare `catalogue` entries. Each replaces the entry of
// commitment.DefaultCatalogue for its service, or adds a service of its own
// that the steps may then name; an entry may say which customer kinds may use
// the service (`eligible`), for which it is statutory (`statutory`), whether
// Kela's approval waits for joint testing and the activation test
// (`joint_testing`, `activation_test`), and the notice a termination needs
// (`termination`). Scenario.Catalogue is the result, and the scenario's
// register uses it; without entries the register uses the default catalogue.
//
// # Refusals
//
// `expect.refused: true` holds when the act is refused with an
// *engine.Refusal and the register's JSON (Register.MarshalJSON) is
// byte-identical before and after the act. `expect.clause` holds when one of
// the refusal's Citations contains the text, so `YLS` matches `YLS 1`; it is
// only allowed together with `refused: true`. A refusal that was not
// expected, an acceptance where a refusal was expected, and any other error,
// such as a *lifecycle.InputError for an act the library cannot take as
// given, are failed steps, reported with the library's message.
//
// # Expectations
//
// `expect.party` defaults to the step's party; for an app act without a
// party it is the party that registered the app. `customership` and
// `services` need a party; `agreements` and `apps` name their subject by id.
// A party's state for a service is the state of its own use of the service;
// when it has no use of its own, it is its use as a tenant
// (Register.TenantUses), taken from the latest agreement whose Annex 1 lists
// the service. The word `none` expects that there is no state at all: a
// customership before any request, a service never requested (nor used as a
// tenant), an agreement never signed, an app never registered. Every other
// state must be one that the machine declares (for example
// lifecycle.ServiceMachine().Describe().States); anything else makes the file
// malformed.
//
// # Apps and agreements
//
// An app act other than register-app names only the app; it runs on the
// party whose commitment holds the app (the party that registered it, or the
// party the commitment was transferred to), and an app that no earlier
// register-app step registers makes the file malformed. One app id belongs
// to one registering party. Likewise an agreement must be signed by an
// earlier sign-joint-agreement step (or the same step, for its
// expectations).
//
// # Malformed files
//
// Parse validates a whole file before anything runs: unknown keys, acts,
// fields, enumeration values and states; missing fields; wrong types;
// malformed dates and periods; undeclared parties; catalogue entries the
// catalogue refuses or that name a service twice; `service` together with
// `all: true`; steps out of date order; YAML aliases, which the format does
// not use. The error is an *Error naming the file and line of the first
// problem. Parse never panics.
//
// # Go tests
//
// Package scenariotest runs scenario files from a Go test, with a subtest per
// file and per step, so `go test` reports a failed step by file, line, day and
// act:
//
//	func TestContractRules(t *testing.T) {
//		scenariotest.Run(t, "testdata/scenarios/*.yaml")
//	}
//
// It is a package of its own so that programs that run scenarios, such as the
// kanta command, do not link package testing; they use Load (or Parse) and
// Scenario.Run, which reports each step's StepResult.
package scenario
