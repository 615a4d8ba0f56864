package engine

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/rules"
)

func sampleRefusal() *Refusal {
	return &Refusal{Command: "approve-service", State: "requested", Blockers: []Blocker{
		{Rule: rules.S2, Reason: "the customer's system has not passed Kela's joint testing"},
		{Rule: rules.S3, Also: rules.J3, Reason: "the service is for social welfare providers", Input: "private-health-care-provider"},
		{Rule: rules.S2, Reason: "the activation test has not been passed"},
	}}
}

func TestRefusal_ErrorNamesTheCommandAndEveryBlockerWithItsClause(t *testing.T) {
	r := sampleRefusal()
	assert.Equal(t, "approve-service refused: "+
		"S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing; "+
		"S3 (SAT) with J3 (design, nearest YLS 1, 2, 13): the service is for social welfare providers; "+
		"S2 (SAT, YTE 2.5): the activation test has not been passed", r.Error())

	// A subject is named once, on the refusal; a blocker about another
	// subject names its own.
	r = &Refusal{Command: "suspend-service", Subject: "all services", Blockers: []Blocker{
		{Rule: rules.S4, Subject: "all services", Reason: "x"},
		{Rule: rules.C4, Subject: "kelain", Reason: "y"},
	}}
	assert.Equal(t, "suspend-service of all services refused: S4 (YTE 5): x; C4 (YTE 7): kelain: y", r.Error())
	assert.Equal(t, "all services", r.Blockers[0].Subject, "Error changes no blocker")
}

func TestBlocker_StringAndRules(t *testing.T) {
	b := Blocker{Rule: rules.S3, Also: rules.J3, Subject: "sat", Reason: "no"}
	assert.Equal(t, "S3 (SAT) with J3 (design, nearest YLS 1, 2, 13): sat: no", b.String())
	assert.Equal(t, []rules.Rule{rules.S3, rules.J3}, b.Rules())
	b = Blocker{Rule: rules.C9, Reason: "late"}
	assert.Equal(t, "C9 (YTE 7.1): late", b.String())
	assert.Equal(t, []rules.Rule{rules.C9}, b.Rules())
}

// errors.Is with a rule asks whether the rule is among the reasons,
// including a rule cited with another; anything else is not the refusal.
func TestRefusal_IsARuleAmongItsReasons(t *testing.T) {
	var err error = sampleRefusal()
	for _, r := range []rules.Rule{rules.S2, rules.S3, rules.J3} {
		assert.ErrorIs(t, err, r)
	}
	for _, r := range []rules.Rule{rules.C4, rules.J1, rules.S1} {
		assert.NotErrorIs(t, err, r)
	}
	assert.NotErrorIs(t, err, errors.New("S2"))
	wrapped := fmt.Errorf("executing: %w", err)
	assert.ErrorIs(t, wrapped, rules.J3)
	var r *Refusal
	require.ErrorAs(t, wrapped, &r)
	assert.Same(t, err, r)
}

func TestRefusal_RulesAndCitationsAreListedOnce(t *testing.T) {
	r := sampleRefusal()
	assert.Equal(t, []rules.Rule{rules.S2, rules.S3, rules.J3}, r.Rules(), "in the order of the blockers")
	assert.Equal(t, []string{"SAT", "YTE 2.5", "YLS 1", "YLS 2", "YLS 13", "design"}, r.Citations())
	assert.Empty(t, (&Refusal{}).Rules())
}

// About names the command and the subject, which a machine knows neither
// of, on the refusal and on every blocker.
func TestRefusal_AboutNamesTheCommandAndItsSubject(t *testing.T) {
	r := sampleRefusal()
	got := r.About("approve", "social-welfare-client-data-repository")
	assert.Same(t, r, got)
	assert.Equal(t, "approve", r.Command)
	assert.Equal(t, "social-welfare-client-data-repository", r.Subject)
	for _, b := range r.Blockers {
		assert.Equal(t, "social-welfare-client-data-repository", b.Subject)
	}
	assert.Contains(t, r.Error(), "approve of social-welfare-client-data-repository refused: S2 (SAT, YTE 2.5): the customer's")
	assert.NotContains(t, r.Error(), "repository: the", "the subject is named once")
}

func TestRefusal_JSON(t *testing.T) {
	b, err := json.Marshal(sampleRefusal().About("approve-service", "sat"))
	require.NoError(t, err)
	assert.JSONEq(t, `{"command":"approve-service","subject":"sat","state":"requested","blockers":[
		{"rule":"S2","subject":"sat","reason":"the customer's system has not passed Kela's joint testing"},
		{"rule":"S3","also":"J3","subject":"sat","reason":"the service is for social welfare providers","input":"private-health-care-provider"},
		{"rule":"S2","subject":"sat","reason":"the activation test has not been passed"}]}`, string(b))
	b, err = json.Marshal(&Refusal{Command: "x", Blockers: []Blocker{{Rule: rules.C1, Reason: "y"}}})
	require.NoError(t, err)
	assert.JSONEq(t, `{"command":"x","blockers":[{"rule":"C1","reason":"y"}]}`, string(b), "empty fields are left out")
}
