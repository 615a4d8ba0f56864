package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
)

// A Catalogue is an immutable value: neither the entries passed to With nor
// the entries Entry returns are a way to change it afterwards. The default
// catalogue is shared by every commitment made without one of its own, so a
// leak here would change the eligibility rules (S3, K1) of all of them.
func TestDesign_K1_CatalogueIsAnImmutableValue(t *testing.T) {
	t.Run("the entry passed to With", func(t *testing.T) {
		eligible := []lifecycle.Kind{lifecycle.IndependentPractitioner}
		statutory := []lifecycle.Kind{lifecycle.IndependentPractitioner}
		cat, err := commitment.DefaultCatalogue().With(commitment.Entry{Service: kelain,
			Terms: lifecycle.ServiceTerms{Eligible: eligible, Statutory: statutory, Termination: oneMonth}})
		require.NoError(t, err)
		eligible[0], statutory[0] = lifecycle.PublicHealthCareProvider, lifecycle.PublicHealthCareProvider

		e, ok := cat.Entry(kelain)
		require.True(t, ok)
		assert.Equal(t, []lifecycle.Kind{lifecycle.IndependentPractitioner}, e.Terms.Eligible)
		assert.Equal(t, []lifecycle.Kind{lifecycle.IndependentPractitioner}, e.Terms.Statutory)
		c := newCustomer(t, lifecycle.PublicHealthCareProvider, commitment.WithCatalogue(cat))
		_, err = c.Execute(day("2025-01-10"), firstRequest(kelain))
		refusedBy(t, err, lifecycle.K1, "design")
	})

	t.Run("the entry Entry returns, of the shared default catalogue", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		e, ok := c.Catalogue().Entry(sat)
		require.True(t, ok)
		require.NotEmpty(t, e.Terms.Eligible)
		for i := range e.Terms.Eligible {
			e.Terms.Eligible[i] = lifecycle.PublicHealthCareProvider
		}

		again, _ := c.Catalogue().Entry(sat)
		assert.NotContains(t, again.Terms.Eligible, lifecycle.PublicHealthCareProvider)
		other := newCustomer(t, lifecycle.PublicHealthCareProvider)
		_, err := other.Execute(day("2025-01-10"), firstRequest(sat))
		refusedBy(t, err, lifecycle.S3, "SAT")
	})
}

// The history records what was accepted when the request was made: a caller
// reusing its slice afterwards changes neither the history nor the JSON
// (S1, R1: signed acceptances are kept as they were).
func TestYTE7_S1_RecordedRequestDoesNotShareTheCallersSlice(t *testing.T) {
	c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
	accepts := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	mustExec(t, c, "2025-01-10", commitment.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: accepts})
	before := freeze(t, c)

	for i := range accepts {
		accepts[i] = lifecycle.ServiceDescription
	}
	before.assertUnchanged(t, c)
	req := serviceTransitions(c.History(), prescription)
	require.Len(t, req, 1)
	assert.Equal(t, allDocs, req[0].Event.(lifecycle.RequestService).Accepts)
	_, err := commitment.Replay(c.History())
	assert.NoError(t, err)
}
