// Package lifecycle describes the lifecycles of the Kanta commitment as
// declarative state machines: the customership (asiakkuus, YTE 7, 7.1), the use
// of one service (YTE 5, 7, 7.1; SAT), the joint-connection agreement (YLS) and
// the wellbeing application (OTV). It also holds the contract's stable
// vocabulary: customer kinds, services, signatories, documents and reasons.
package lifecycle
