package fees_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/fees"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

func capOf(t *testing.T, paid string) fees.Cap {
	t.Helper()
	var ps []fees.Payment
	if paid != "" {
		ps = []fees.Payment{pay("2025-02-10", "prescription", paid)}
	}
	c, err := fees.LiabilityCap(fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")}, ps)
	require.NoError(t, err)
	return c
}

func TestL1_KelaIsNotLiableUnlessMandatoryLawProvidesOtherwise(t *testing.T) {
	a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.MustAmount("5000.00"), Cap: capOf(t, "240.00")})
	require.NoError(t, err)
	assert.Equal(t, "0.00", a.Liable.String())
	assert.Equal(t, "5000.00", a.Claimed.String())
	assert.Equal(t, []rules.Rule{rules.L1}, a.Rules)
	assert.Equal(t, []string{"YTE 5", "OTV 6"}, a.Clauses())
	assert.Contains(t, strings.Join(a.Trace, "\n"), "mandatory law")
}

func TestL2_LiabilityUnderMandatoryLawIsLimitedToTheCap(t *testing.T) {
	for _, tc := range []struct {
		name, claim, paid, want string
	}{
		{"claim above the cap", "5000.00", "240.00", "240.00"},
		{"claim below the cap", "100.00", "240.00", "100.00"},
		{"claim equal to the cap", "240.00", "240.00", "240.00"},
		{"cap zero: nothing paid, no fee", "5000.00", "", "0.00"},
		{"cap zero: a zero payment", "5000.00", "0.00", "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.MustAmount(tc.claim), MandatoryLaw: true, Cap: capOf(t, tc.paid)})
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Liable.String())
			assert.Equal(t, []rules.Rule{rules.L1, rules.L2}, a.Rules)
			assert.Contains(t, strings.Join(a.Trace, "\n"), "2025-02-01 to 2025-02-28", "the cap's own trace is part of it")
		})
	}
	_, err := fees.AssessKela(fees.ClaimAgainstKela{Amount: fees.Cents(-1), MandatoryLaw: true})
	assert.True(t, errors.Is(err, rules.F2))
}

func claim(kind string, by fees.Actor, conduct fees.Conduct, notified string) fees.ClaimAgainstCustomer {
	c := fees.ClaimAgainstCustomer{
		CustomerKind: kind, CausedBy: by, Conduct: conduct,
		ExtraCosts: fees.MustAmount("800.00"), Damage: fees.MustAmount("10000.00"),
		Claimed: day("2025-06-10"),
	}
	if notified != "" {
		c.Notified = day(notified)
	}
	return c
}

func TestL3_ExtraCostsAreClaimableOnlyAfterAdvanceNotice(t *testing.T) {
	for _, tc := range []struct {
		name, notified, want string
	}{
		{"notified a month before", "2025-05-10", "800.00"},
		{"notified the day before", "2025-06-09", "800.00"},
		{"notified the same day", "2025-06-10", "0.00"},
		{"notified after the claim", "2025-06-11", "0.00"},
		{"never notified", "", "0.00"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := fees.AssessCustomer(claim("private-health-care-provider", fees.TheCustomer, fees.Ordinary, tc.notified))
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Liable.String(), "extra costs only; the damage is not owed under L3")
			assert.Equal(t, "10800.00", a.Claimed.String())
			assert.Equal(t, []rules.Rule{rules.L3}, a.Rules)
		})
	}
}

func TestL4_SeriousFaultsAreCompensatedInFull(t *testing.T) {
	for _, tc := range []struct {
		name    string
		by      fees.Actor
		conduct fees.Conduct
		want    string
		rules   []rules.Rule
	}{
		{"intentional", fees.TheCustomer, fees.Intentional, "10800.00", []rules.Rule{rules.L4}},
		{"gross negligence", fees.TheCustomer, fees.GrossNegligence, "10800.00", []rules.Rule{rules.L4}},
		{"criminal (a denial-of-service attack)", fees.TheCustomer, fees.Criminal, "10800.00", []rules.Rule{rules.L4}},
		{"a third party acting for it", fees.ActingFor, fees.Criminal, "10800.00", []rules.Rule{rules.L4}},
		{"its subcontractor", fees.Subcontractor, fees.GrossNegligence, "10800.00", []rules.Rule{rules.L5, rules.L4}},
		{"an outsider's attack", fees.Outsider, fees.Criminal, "0.00", []rules.Rule{rules.L5}},
		{"ordinary conduct is not L4", fees.TheCustomer, fees.Ordinary, "0.00", []rules.Rule{rules.L3}},
		{"a third party acting for it, ordinary conduct", fees.ActingFor, fees.Ordinary, "0.00", []rules.Rule{rules.L5}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			// Not notified: L4 needs no advance notice, L3 does.
			a, err := fees.AssessCustomer(claim("private-health-care-provider", tc.by, tc.conduct, ""))
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Liable.String())
			assert.Equal(t, tc.rules, a.Rules)
		})
	}
}

func TestL5_TheCustomerAnswersForItsSubcontractorsAndTenantsAsForItself(t *testing.T) {
	for _, tc := range []struct {
		kind string
		by   fees.Actor
		want string
	}{
		{"private-health-care-provider", fees.Subcontractor, "800.00"},
		{"private-health-care-provider", fees.Tenant, "800.00"},
		{"private-health-care-provider", fees.Partner, "0.00"},
		{"private-health-care-provider", fees.Outsider, "0.00"},
		{"app-vendor", fees.Partner, "800.00"}, // OTV 4.7
		{"app-vendor", fees.Subcontractor, "800.00"},
		{"app-vendor", fees.Tenant, "0.00"}, // OTV 4.7 names partners and subcontractors only
	} {
		t.Run(tc.kind+" "+string(tc.by), func(t *testing.T) {
			a, err := fees.AssessCustomer(claim(tc.kind, tc.by, fees.Ordinary, "2025-05-01"))
			require.NoError(t, err)
			assert.Equal(t, tc.want, a.Liable.String())
			assert.Contains(t, a.Rules, rules.L5)
			assert.Contains(t, a.Clauses(), "YTE 3.1")
		})
	}
	// A tenant's intentional fault is the main connector's in full.
	a, err := fees.AssessCustomer(claim("private-social-welfare-provider", fees.Tenant, fees.Intentional, ""))
	require.NoError(t, err)
	assert.Equal(t, "10800.00", a.Liable.String())
	assert.Equal(t, []rules.Rule{rules.L5, rules.L4}, a.Rules)
}

func TestAssessCustomerRefusesBadInput(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(*fees.ClaimAgainstCustomer)
		rule rules.Rule
	}{
		{"unknown actor", func(c *fees.ClaimAgainstCustomer) { c.CausedBy = "kela" }, rules.L5},
		{"no conduct", func(c *fees.ClaimAgainstCustomer) { c.Conduct = "" }, rules.L4},
		{"negative costs", func(c *fees.ClaimAgainstCustomer) { c.ExtraCosts = fees.Cents(-1) }, rules.F2},
		{"negative damage", func(c *fees.ClaimAgainstCustomer) { c.Damage = fees.Cents(-1) }, rules.F2},
		{"no claim date", func(c *fees.ClaimAgainstCustomer) { c.Claimed = notice.Date{} }, rules.L3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := claim("private-health-care-provider", fees.TheCustomer, fees.Ordinary, "2025-05-01")
			tc.edit(&c)
			_, err := fees.AssessCustomer(c)
			require.Error(t, err)
			assert.True(t, errors.Is(err, tc.rule), err.Error())
		})
	}
}

// J9: the main connector is not liable to its tenant for interruptions,
// errors, omissions or causes not attributable to it; a claim on another
// ground is outside the agreement and refused as malformed.
func TestJ9_MainConnectorIsNotLiableToItsTenant(t *testing.T) {
	for _, cause := range fees.TenantCauses() {
		a, err := fees.AssessMainConnector(fees.ClaimAgainstMainConnector{Amount: fees.Cents(120000), Cause: cause})
		require.NoError(t, err, cause)
		assert.True(t, a.Liable.IsZero(), cause)
		assert.Equal(t, "1200.00", a.Claimed.String())
		assert.Equal(t, []rules.Rule{rules.J9}, a.Rules)
		assert.Contains(t, a.Clauses(), "YLS 19")
	}
	_, err := fees.AssessMainConnector(fees.ClaimAgainstMainConnector{Amount: fees.Cents(100), Cause: "breach"})
	assert.ErrorIs(t, err, rules.J9)
	_, err = fees.AssessMainConnector(fees.ClaimAgainstMainConnector{Amount: fees.Cents(-1), Cause: fees.Fault})
	assert.ErrorIs(t, err, rules.F2)
}
