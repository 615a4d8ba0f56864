package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// The default catalogue: every service, with conditions of its own only for
// the social welfare client data repository (SAT: S3, S2, S5); the others
// restrict nobody, require no test and take one month's notice citing S5b.
// The general terms are the version of 30 December 2024, named by its ISO
// date; the Omatietovaranto description is version 2.1 of 12 February 2024.
func TestS5b_DefaultCatalogueEntries(t *testing.T) {
	cat := commitment.DefaultCatalogue()
	assert.Equal(t, lifecycle.Services(), cat.Services())

	for _, id := range lifecycle.Services() {
		t.Run(string(id), func(t *testing.T) {
			entry, ok := cat.Entry(id)
			require.True(t, ok)
			assert.Equal(t, id, entry.Service)
			assert.Equal(t, oneMonth, entry.Terms.Termination)
			assert.Empty(t, entry.Terms.Statutory, "no default entry is statutory (C10)")
			if id == sat {
				assert.Equal(t, lifecycle.ServiceTerms{
					Eligible: []lifecycle.Kind{
						lifecycle.PublicSocialWelfareProvider, lifecycle.PrivateSocialWelfareProvider,
						lifecycle.AlandProvider, lifecycle.OtherActor,
					},
					EligibilityRule: rules.S3,
					JointTesting:    true,
					ActivationTest:  true,
					Termination:     oneMonth,
					TerminationRule: rules.S5,
				}, entry.Terms)
				return
			}
			assert.Equal(t, lifecycle.ServiceTerms{Termination: oneMonth, TerminationRule: rules.S5b}, entry.Terms)
		})
	}

	t.Run("versions", func(t *testing.T) {
		v, ok := cat.InForce(lifecycle.GeneralTerms, "", day("2025-01-01"))
		require.True(t, ok)
		assert.Equal(t, commitment.Version{ID: "2024-12-30", Date: day("2024-12-30")}, v, "a version named by its date carries the ISO date")
		v, ok = cat.InForce(lifecycle.ServiceDescription, lifecycle.MyDataRepository, day("2025-01-01"))
		require.True(t, ok)
		assert.Equal(t, commitment.Version{ID: "2.1", Date: day("2024-02-12")}, v)
		_, ok = cat.InForce(lifecycle.ServiceDescription, prescription, day("2025-01-01"))
		assert.False(t, ok, "the seeds name no version of the other descriptions")
		_, ok = cat.InForce(lifecycle.CommitmentDocument, "", day("2025-01-01"))
		assert.False(t, ok, "the commitment form has no versions")
		_, ok = cat.InForce(lifecycle.ServiceDescription, "no-such-service", day("2025-01-01"))
		assert.False(t, ok)
	})
}

// With adds or replaces entries: an entry without a termination rule cites
// S5b, one that restricts kinds without naming a rule cites K1, and a
// malformed entry is refused without changing anything.
func TestK1_CatalogueWithNormalisesAndValidatesEntries(t *testing.T) {
	cat := catalogueWith(t,
		commitment.Entry{Service: "laboratory-results", Terms: lifecycle.ServiceTerms{Eligible: []lifecycle.Kind{lifecycle.PublicHealthCareProvider}}},
		commitment.Entry{Service: prescription, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
	)
	assert.Equal(t, append(lifecycle.Services(), "laboratory-results"), cat.Services(), "a new service is added last, a known one replaced in place")

	lab, ok := cat.Entry("laboratory-results")
	require.True(t, ok)
	assert.Equal(t, rules.K1, lab.Terms.EligibilityRule)
	assert.Equal(t, rules.S5b, lab.Terms.TerminationRule)
	assert.Equal(t, notice.BeforeEffect, lab.Terms.Termination.Direction)
	assert.True(t, lab.Terms.Termination.Period.IsZero(), "no period: notice without delay")

	p, ok := cat.Entry(prescription)
	require.True(t, ok)
	assert.Equal(t, twoWeeks, p.Terms.Termination)
	assert.Equal(t, rules.S5b, p.Terms.TerminationRule)

	malformed := []struct {
		name  string
		entry commitment.Entry
	}{
		{"no service", commitment.Entry{Terms: lifecycle.ServiceTerms{Termination: oneMonth}}},
		{"an unknown eligible kind", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Eligible: []lifecycle.Kind{"dentist"}}}},
		{"an unknown statutory kind", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Statutory: []lifecycle.Kind{"dentist"}}}},
		{"a notice period counted forwards", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{
			Termination: notice.Term{Period: notice.Months(1), Direction: notice.NoticePeriod}}}},
		{"an unknown termination rule", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Termination: oneMonth, TerminationRule: "S99"}}},
		{"two descriptions of one date", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Termination: oneMonth},
			Descriptions: []commitment.Version{{ID: "1", Date: day("2025-01-01")}, {ID: "2", Date: day("2025-01-01")}}}},
		{"an undated description", commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Termination: oneMonth},
			Descriptions: []commitment.Version{{ID: "1"}}}},
	}
	for _, tc := range malformed {
		t.Run("malformed: "+tc.name, func(t *testing.T) {
			_, err := cat.With(tc.entry)
			inputError(t, err)
			again, ok := cat.Entry(kelain)
			require.True(t, ok)
			assert.Equal(t, lifecycle.ServiceTerms{Termination: oneMonth, TerminationRule: rules.S5b}, again.Terms, "the catalogue is unchanged")
		})
	}

	t.Run("a description of a service the catalogue lacks is malformed", func(t *testing.T) {
		_, err := cat.WithDescription("no-such-service", commitment.Version{ID: "1", Date: day("2025-01-01")})
		assert.Equal(t, "service", inputError(t, err).Field)
	})
}

// A Catalogue is an immutable value: neither the entries passed to With
// nor the entries Entry returns, nor the terms a use was requested under,
// are a way to change it afterwards. The default catalogue is shared by
// every commitment made without one of its own, so a leak here would change
// the eligibility rules (S3, K1) of all of them.
func TestK1_CatalogueIsAnImmutableValue(t *testing.T) {
	t.Run("the entry passed to With", func(t *testing.T) {
		eligible := []lifecycle.Kind{lifecycle.IndependentPractitioner}
		statutory := []lifecycle.Kind{lifecycle.IndependentPractitioner}
		descriptions := []commitment.Version{{ID: "K-1", Date: day("2024-01-01")}}
		cat, err := commitment.DefaultCatalogue().With(commitment.Entry{Service: kelain,
			Terms: lifecycle.ServiceTerms{Eligible: eligible, Statutory: statutory, Termination: oneMonth}, Descriptions: descriptions})
		require.NoError(t, err)
		eligible[0], statutory[0] = lifecycle.PublicHealthCareProvider, lifecycle.PublicHealthCareProvider
		descriptions[0].ID = "changed"

		e, ok := cat.Entry(kelain)
		require.True(t, ok)
		assert.Equal(t, []lifecycle.Kind{lifecycle.IndependentPractitioner}, e.Terms.Eligible)
		assert.Equal(t, []lifecycle.Kind{lifecycle.IndependentPractitioner}, e.Terms.Statutory)
		assert.Equal(t, "K-1", e.Descriptions[0].ID)
		c := newCustomer(t, lifecycle.PublicHealthCareProvider, commitment.WithCatalogue(cat))
		_, err = c.Execute(day("2025-01-10"), firstRequest(kelain))
		refusedBy(t, err, rules.K1, "design")
	})

	t.Run("the entry Entry returns, of the shared default catalogue", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		e, ok := c.Catalogue().Entry(sat)
		require.True(t, ok)
		require.NotEmpty(t, e.Terms.Eligible)
		for i := range e.Terms.Eligible {
			e.Terms.Eligible[i] = lifecycle.PublicHealthCareProvider
		}
		m, ok := c.Catalogue().Entry(lifecycle.MyDataRepository)
		require.True(t, ok)
		m.Descriptions[0].ID = "changed"

		again, _ := c.Catalogue().Entry(sat)
		assert.NotContains(t, again.Terms.Eligible, lifecycle.PublicHealthCareProvider)
		v, _ := c.Catalogue().InForce(lifecycle.ServiceDescription, lifecycle.MyDataRepository, day("2025-01-01"))
		assert.Equal(t, "2.1", v.ID)
		other := newCustomer(t, lifecycle.PublicHealthCareProvider)
		_, err := other.Execute(day("2025-01-10"), firstRequest(sat))
		refusedBy(t, err, rules.S3, "SAT")
	})

	t.Run("the terms of a use, as a query returns them", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		u := use(t, c, sat)
		require.NotNil(t, u.Terms)
		u.Terms.Eligible[0] = lifecycle.PublicHealthCareProvider
		u.Terms.JointTesting = false
		u.Terms.TerminationRule = rules.S5b

		again := use(t, c, sat)
		assert.Equal(t, lifecycle.PublicSocialWelfareProvider, again.Terms.Eligible[0])
		assert.True(t, again.Terms.JointTesting)
		other := newCustomer(t, lifecycle.PublicHealthCareProvider)
		_, err := other.Execute(day("2025-01-10"), firstRequest(sat))
		refusedBy(t, err, rules.S3, "SAT")
		_, err = c.Execute(day("2025-02-20"), lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		refusedBy(t, err, rules.S5, "SAT")
	})

	t.Run("a derived catalogue leaves the one it came from as it was", func(t *testing.T) {
		base := commitment.DefaultCatalogue()
		_, err := base.WithGeneralTerms(commitment.Version{ID: "2026-01-01", Date: day("2026-01-01")})
		require.NoError(t, err)
		_, err = base.WithDescription(prescription, commitment.Version{ID: "P-1", Date: day("2024-06-01")})
		require.NoError(t, err)
		_, err = base.With(commitment.Entry{Service: prescription, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}})
		require.NoError(t, err)

		v, ok := base.InForce(lifecycle.GeneralTerms, "", day("2026-02-01"))
		require.True(t, ok)
		assert.Equal(t, "2024-12-30", v.ID)
		_, ok = base.InForce(lifecycle.ServiceDescription, prescription, day("2026-02-01"))
		assert.False(t, ok)
		p, _ := base.Entry(prescription)
		assert.Equal(t, oneMonth, p.Terms.Termination)
	})
}

// C14: amended documents apply to earlier commitments from the document's
// date (YTE 9, OTV 3.1); the commitment records which version was accepted
// and tells which is in force on any day. Versions named by their date carry
// the ISO date as their identifier.
func TestC14_AmendedTermsApplyFromTheirDate(t *testing.T) {
	cat, err := commitment.DefaultCatalogue().WithGeneralTerms(commitment.Version{ID: "2026-01-01", Date: day("2026-01-01")})
	require.NoError(t, err)
	cat, err = cat.WithDescription(prescription,
		commitment.Version{ID: "P-2", Date: day("2026-01-01")}, commitment.Version{ID: "P-1", Date: day("2024-06-01")})
	require.NoError(t, err)

	c := newCustomer(t, lifecycle.PrivateHealthCareProvider, commitment.WithCatalogue(cat))
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	assert.Empty(t, mustAdvance(t, c, "2026-02-01"), "an amendment is no event of the commitment")

	accepted := map[lifecycle.Document]string{}
	for _, a := range c.Acceptances() {
		accepted[a.Document] = a.Version
	}
	assert.Equal(t, map[lifecycle.Document]string{
		lifecycle.CommitmentDocument: "", // the commitment form has no versions
		lifecycle.GeneralTerms:       "2024-12-30",
		lifecycle.ServiceDescription: "P-1",
	}, accepted, "the accepted versions are kept after the amendment")
	assert.Contains(t, string(marshal(t, c)), `"document":"general-terms","version":"2024-12-30"`)
	assert.NotContains(t, string(marshal(t, c)), `"document":"commitment","version"`, "no version is written for the commitment form")

	inForce := []struct {
		on   string
		doc  lifecycle.Document
		want string
	}{
		{"2024-12-30", lifecycle.GeneralTerms, "2024-12-30"},
		{"2025-06-01", lifecycle.GeneralTerms, "2024-12-30"},
		{"2025-12-31", lifecycle.GeneralTerms, "2024-12-30"},
		{"2026-01-01", lifecycle.GeneralTerms, "2026-01-01"}, // the effective date is the document's date
		{"2026-02-01", lifecycle.GeneralTerms, "2026-01-01"},
		{"2024-06-01", lifecycle.ServiceDescription, "P-1"},
		{"2025-12-31", lifecycle.ServiceDescription, "P-1"},
		{"2026-01-01", lifecycle.ServiceDescription, "P-2"},
	}
	for _, tc := range inForce {
		v, ok := c.InForce(tc.doc, prescription, day(tc.on))
		require.True(t, ok, "%s on %s", tc.doc, tc.on)
		assert.Equal(t, tc.want, v.ID, "%s on %s", tc.doc, tc.on)
	}
	_, ok := c.InForce(lifecycle.GeneralTerms, "", day("2024-12-29"))
	assert.False(t, ok, "no version of the general terms is known before 30 December 2024")
	_, ok = c.InForce(lifecycle.ServiceDescription, prescription, day("2024-05-31"))
	assert.False(t, ok)

	t.Run("an acceptance after the amendment records the version then in force", func(t *testing.T) {
		events := mustExec(t, c, "2026-02-01", lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister,
			Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}})
		got := map[lifecycle.Document]string{}
		for _, a := range eventsOf[commitment.DocumentAccepted](events) {
			got[a.Document] = a.Version
		}
		assert.Equal(t, map[lifecycle.Document]string{
			lifecycle.GeneralTerms:       "2026-01-01",
			lifecycle.ServiceDescription: "", // the catalogue knows no version of this description
		}, got)
	})

	t.Run("an acceptance in a part of the organisation records the version then in force", func(t *testing.T) {
		events := mustExec(t, c, "2026-02-02", lifecycle.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister,
			Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: "Vuodeosasto"})
		acc := eventsOf[commitment.DocumentAccepted](events)
		require.Len(t, acc, 2)
		assert.Equal(t, commitment.DocumentAccepted{On: day("2026-02-02"), Document: lifecycle.GeneralTerms, Version: "2026-01-01", OrgUnit: "Vuodeosasto"}, acc[0])
		assert.Equal(t, commitment.DocumentAccepted{On: day("2026-02-02"), Document: lifecycle.ServiceDescription, Service: prescription, Version: "P-2", OrgUnit: "Vuodeosasto"}, acc[1])
	})

	t.Run("an app vendor's registration accepts the Omatietovaranto description in force", func(t *testing.T) {
		v := newCustomer(t, lifecycle.AppVendor)
		events := mustExec(t, v, "2025-03-01", lifecycle.RegisterApp{App: "steps", Signatory: lifecycle.TradeRegister})
		acc := eventsOf[commitment.DocumentAccepted](events)
		require.Len(t, acc, 2)
		assert.Equal(t, commitment.DocumentAccepted{On: day("2025-03-01"), Document: lifecycle.CommitmentDocument}, acc[0])
		assert.Equal(t, commitment.DocumentAccepted{On: day("2025-03-01"), Document: lifecycle.ServiceDescription, Service: lifecycle.MyDataRepository, Version: "2.1"}, acc[1])
	})

	malformed := []struct {
		name    string
		version commitment.Version
	}{
		{"a date already taken", commitment.Version{ID: "other", Date: day("2026-01-01")}},
		{"an identifier already taken", commitment.Version{ID: "2026-01-01", Date: day("2027-01-01")}},
		{"an identifier already taken by a version not next to it", commitment.Version{ID: "2024-12-30", Date: day("2027-01-01")}},
		{"undated", commitment.Version{ID: "undated"}},
		{"without an identifier", commitment.Version{Date: day("2027-01-01")}},
	}
	for _, tc := range malformed {
		t.Run("malformed version: "+tc.name, func(t *testing.T) {
			_, err := cat.WithGeneralTerms(tc.version)
			assert.Equal(t, "version", inputError(t, err).Field)
		})
	}
	t.Run("malformed version: a description's identifier already taken by a version not next to it", func(t *testing.T) {
		_, err := cat.WithDescription(prescription, commitment.Version{ID: "P-1", Date: day("2027-01-01")})
		assert.Equal(t, "version", inputError(t, err).Field)
	})
}
