// Package lifecycle describes the lifecycles of the Kanta commitment as
// declarative state machines: the customership (asiakkuus, YTE 7, 7.1), the use
// of one service (YTE 5, 7, 7.1; SAT), the joint-connection agreement (YLS 1,
// 2, 18–21) and the wellbeing application (OTV 2, 3.1, 4.1, 4.5, 6, 8).
//
// Each machine is defined once, as data: its states, its typed events (each a
// Go type whose fields carry what the event says), and its transitions with
// the rule that governs each step, the branch it takes and the guards it
// requires. A guard names the rule it enforces (C4, S2, A2 …; package rules
// lists every rule with its clause), so a refusal cites the sentence of the terms
// that refuses it. Everything else is derived from the definitions: the
// looplab/fsm engines that run them, Explain ("why can't this happen now?"),
// the Mermaid and Graphviz diagrams in English, Finnish and Swedish, and the
// model-based paths that drive every transition in the tests.
//
// The definitions are engine.Definitions and run on package engine, which
// checks every step against looplab/fsm's transition table (see its
// documentation for how its sharp edges are kept out of reach). A Machine
// holds no instance state and is safe for concurrent use; what a machine
// runs for (a ServiceUse, an App, a JointAgreement) keeps only plain values.
//
// The package also holds the contract's stable vocabulary: customer kinds,
// services, signatories, documents and reasons, the same strings in code,
// JSON, scenario files, diagrams and the command line. Rules marked design in
// package rules are this library's choices where the sources are silent; they are
// cited as design with the nearest clause, never as the sources' own words.
package lifecycle
