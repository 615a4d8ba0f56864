package lifecycle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// day parses an ISO day, panicking on a typo in a test.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// step decides ev on the subject s on day on, requires it to be allowed,
// applies it and returns the state it reached.
func step[S, F any](t *testing.T, m *engine.Machine[S, F], s *S, facts F, on string, ev engine.Event) engine.State {
	t.Helper()
	to, err := m.Decide(day(on), s, facts, ev)
	require.NoError(t, err, "%s from %s on %s", ev.EventID(), m.State(s).Name(), on)
	m.Apply(s, day(on), ev, to)
	require.Equal(t, to, m.State(s))
	return to
}

// refuse decides ev on the subject s on day on and requires a refusal that
// changed nothing and that Explain gives too. It returns the refusal.
func refuse[S, F any](t *testing.T, m *engine.Machine[S, F], s *S, facts F, on string, ev engine.Event) *engine.Refusal {
	t.Helper()
	before := *s
	to, err := m.Decide(day(on), s, facts, ev)
	var r *engine.Refusal
	require.ErrorAs(t, err, &r, "%s from %s on %s", ev.EventID(), m.State(s).Name(), on)
	assert.Equal(t, before, *s, "a refusal changes nothing")
	assert.Equal(t, m.State(s), to, "a refusal leaves the state")
	assert.Equal(t, m.State(s), r.State)
	assert.Equal(t, string(ev.EventID()), r.Command)
	blockers, err := m.Explain(day(on), s, facts, ev)
	require.NoError(t, err)
	assert.Equal(t, r.Blockers, blockers, "Explain says what Decide refuses with")
	return r
}

// Documents a request carries.
var (
	allDocs     = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	descOnly    = []lifecycle.Document{lifecycle.ServiceDescription}
	unitDocs    = []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	healthCare  = lifecycle.CustomerFacts{Kind: lifecycle.PrivateHealthCareProvider}
	socialCare  = lifecycle.CustomerFacts{Kind: lifecycle.PublicSocialWelfareProvider}
	serviceTerm = func() notice.Term {
		r, err := notice.LookupRule(notice.ServiceTermination)
		if err != nil {
			panic(err)
		}
		return r.Term
	}()
)

// plainTerms are the terms of a service whose entry restricts nobody and
// requires no test, with the default month's notice (S5b).
func plainTerms() *lifecycle.ServiceTerms {
	return &lifecycle.ServiceTerms{Termination: serviceTerm, TerminationRule: rules.S5b}
}

// satTerms are the social welfare client data repository's terms (SAT):
// for social welfare providers (S3), approved after joint testing and the
// activation test (S2), terminated with a month's notice before the end of
// use (S5).
func satTerms() *lifecycle.ServiceTerms {
	return &lifecycle.ServiceTerms{
		Eligible: []lifecycle.Kind{
			lifecycle.PublicSocialWelfareProvider, lifecycle.PrivateSocialWelfareProvider,
			lifecycle.AlandProvider, lifecycle.OtherActor,
		},
		EligibilityRule: rules.S3,
		JointTesting:    true,
		ActivationTest:  true,
		Termination:     serviceTerm,
		TerminationRule: rules.S5,
	}
}

// firstRequest is a customer's first request: the commitment signed with the
// signing right, the general terms and the description accepted.
func firstRequest(terms *lifecycle.ServiceTerms) lifecycle.RequestService {
	return lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs, Terms: terms}
}

// requestedUse is a use of prescription requested on 2025-01-10 under
// terms, by a customer with facts.
func requestedUse(t *testing.T, facts lifecycle.CustomerFacts, terms *lifecycle.ServiceTerms) lifecycle.ServiceUse {
	t.Helper()
	u := lifecycle.ServiceUse{Service: lifecycle.Prescription}
	step(t, lifecycle.ServiceMachine(), &u, facts, "2025-01-10", firstRequest(terms))
	return u
}

// activeUse is a use of prescription under plain terms, requested on
// 2025-01-10 and approved on 2025-01-20.
func activeUse(t *testing.T) lifecycle.ServiceUse {
	t.Helper()
	u := requestedUse(t, healthCare, plainTerms())
	step(t, lifecycle.ServiceMachine(), &u, healthCare, "2025-01-20", lifecycle.ApproveService{Service: lifecycle.Prescription})
	return u
}
