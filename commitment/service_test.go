package commitment_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// S1: a service request carries the accepted service description (YTE 7),
// whether it is the first request or a later one. A service already
// requested or in use is requested again only for a new part of the
// organisation (C13).
func TestS1_RequestCarriesTheAcceptedServiceDescription(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *commitment.Commitment)
		act    lifecycle.RequestService
		want   rules.Rule // "": accepted
		clause string
	}{
		{"first request with the description", nil, firstRequest(patientData), "", ""},
		{"first request without the description", nil,
			lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister,
				Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms}},
			rules.S1, "YTE 7"},
		{"later request with the description", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", prescription) },
			laterRequest(patientData), "", ""},
		{"later request without the description", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", prescription) },
			lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: []lifecycle.Document{lifecycle.GeneralTerms}},
			rules.S1, "YTE 7"},
		{"a service already in use: refused citing C13", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", patientData) },
			laterRequest(patientData), rules.C13, "YTE 7"},
		{"a service already requested: refused citing C13", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(patientData))
		}, laterRequest(patientData), rules.C13, "YTE 7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), tc.act)
			if tc.want != "" {
				r := refusedBy(t, err, tc.want, tc.clause)
				assert.Equal(t, []rules.Rule{tc.want}, r.Rules())
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			u := use(t, c, patientData)
			assert.Equal(t, lifecycle.Requested, u.State)
			assert.Equal(t, day("2025-01-20"), u.Requested)
			assert.Equal(t, lifecycle.TradeRegister, u.Signatory)
			var described []lifecycle.ServiceID
			for _, a := range eventsOf[commitment.DocumentAccepted](events) {
				if a.Document == lifecycle.ServiceDescription {
					described = append(described, a.Service)
				}
			}
			assert.Equal(t, []lifecycle.ServiceID{patientData}, described, "the acceptance names the service it describes")
			tr := serviceTransitions(events, patientData)
			require.Len(t, tr, 1)
			req, ok := tr[0].Event.(lifecycle.RequestService)
			require.True(t, ok)
			require.NotNil(t, req.Terms, "the request records the catalogue's terms it was judged under")
			entry, _ := c.Catalogue().Entry(patientData)
			assert.Equal(t, entry.Terms, *req.Terms)
		})
	}

	malformed := []struct {
		name  string
		act   lifecycle.RequestService
		field string
	}{
		{"no service", lifecycle.RequestService{Signatory: lifecycle.TradeRegister, Accepts: allDocs}, "service"},
		{"unknown service", lifecycle.RequestService{Service: "no-such-service", Signatory: lifecycle.TradeRegister, Accepts: allDocs}, "service"},
		{"unknown document", lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: []lifecycle.Document{"privacy-notice"}}, "accepts"},
		{"terms of its own", lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: allDocs, Terms: &lifecycle.ServiceTerms{}}, "terms"},
	}
	for _, tc := range malformed {
		t.Run("malformed: "+tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			_, err := c.Execute(day("2025-01-20"), tc.act)
			assert.Equal(t, tc.field, inputError(t, err).Field)
			assert.Len(t, c.History(), 1)
		})
	}
}

// S1, R1: the history records what was accepted when the request was made:
// a caller reusing its slice afterwards changes neither the history nor the
// JSON.
func TestS1_RecordedRequestDoesNotShareTheCallersSlice(t *testing.T) {
	c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
	accepts := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	mustExec(t, c, "2025-01-10", lifecycle.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: accepts})
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

// S2: Kela's approval waits for the tests the service's catalogue entry
// requires: for the social welfare client data repository joint testing and
// the activation test, in that order (SAT). A service whose entry requires
// no test is approved straight from requested; passing a test it does not
// require is accepted and recorded. The approval informs the code service
// (YTE 2.5).
func TestS2_ApprovalWaitsForTheTestsTheEntryRequires(t *testing.T) {
	requested := func(t *testing.T) *commitment.Commitment {
		c := newCustomer(t, lifecycle.PrivateSocialWelfareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(sat))
		return c
	}

	t.Run("approval before either test lists both in one refusal", func(t *testing.T) {
		c := requested(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.ApproveService{Service: sat})
		r := refusedBy(t, err, rules.S2, "SAT")
		require.Len(t, r.Blockers, 2)
		assert.Equal(t, []rules.Rule{rules.S2}, r.Rules())
		assert.Contains(t, r.Blockers[0].Reason, "joint testing")
		assert.Contains(t, r.Blockers[1].Reason, "activation test")
		assert.Equal(t, string(sat), r.Subject)
		assert.Equal(t, "approve-service", r.Command)
		before.assertUnchanged(t, c)
	})

	t.Run("approval after joint testing only lists the activation test", func(t *testing.T) {
		c := requested(t)
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
		assert.Equal(t, lifecycle.JointTested, c.State(sat))
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.ApproveService{Service: sat})
		r := refusedBy(t, err, rules.S2, "SAT")
		require.Len(t, r.Blockers, 1)
		assert.Contains(t, r.Blockers[0].Reason, "activation test")
		before.assertUnchanged(t, c)
	})

	t.Run("the activation test before joint testing is refused", func(t *testing.T) {
		c := requested(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-12"), lifecycle.PassActivationTest{Service: sat})
		refusedBy(t, err, rules.S2, "SAT")
		before.assertUnchanged(t, c)
	})

	t.Run("joint testing twice is refused", func(t *testing.T) {
		c := requested(t)
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-13"), lifecycle.PassJointTesting{Service: sat})
		refusedBy(t, err, rules.S2, "SAT")
		before.assertUnchanged(t, c)
	})

	t.Run("a test of a service never requested is refused", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateSocialWelfareProvider)
		_, err := c.Execute(day("2025-01-12"), lifecycle.PassJointTesting{Service: sat})
		refusedBy(t, err, rules.S2, "SAT")
		assert.Len(t, c.History(), 1)
	})

	t.Run("both tests in order, then approval, which informs the code service", func(t *testing.T) {
		c := requested(t)
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
		mustExec(t, c, "2025-01-14", lifecycle.PassActivationTest{Service: sat})
		assert.Equal(t, lifecycle.ActivationTested, c.State(sat))
		events := mustExec(t, c, "2025-01-15", lifecycle.ApproveService{Service: sat})
		assert.Equal(t, lifecycle.Active, c.State(sat))
		u := use(t, c, sat)
		assert.Equal(t, day("2025-01-12"), u.JointTested)
		assert.Equal(t, day("2025-01-14"), u.ActivationTested)
		assert.Equal(t, day("2025-01-15"), u.Approved)
		informed := eventsOf[commitment.CodeServiceInformed](events)
		require.Len(t, informed, 1, "THL's code service is informed when Kela notifies approval")
		assert.Equal(t, "THL national code service", informed[0].Recipient)
		assert.Equal(t, sat, informed[0].Service)
	})

	t.Run("approval of a service in use without a new part of the organisation is refused", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", sat)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.ApproveService{Service: sat})
		refusedBy(t, err, rules.C13, "YTE 7")
		before.assertUnchanged(t, c)
		assert.Len(t, eventsOf[commitment.CodeServiceInformed](c.History()), 1, "the code service was informed once")
	})

	// The default entries of other services require no test.
	noTest := []struct {
		name  string
		steps []lifecycle.Act
		after engine.State // the state before approval
	}{
		{"straight from requested", nil, lifecycle.Requested},
		{"joint testing passed anyway", []lifecycle.Act{lifecycle.PassJointTesting{Service: patientData}}, lifecycle.JointTested},
		{"activation test passed anyway, without joint testing", []lifecycle.Act{lifecycle.PassActivationTest{Service: patientData}}, lifecycle.ActivationTested},
		{"both passed anyway", []lifecycle.Act{lifecycle.PassJointTesting{Service: patientData}, lifecycle.PassActivationTest{Service: patientData}}, lifecycle.ActivationTested},
	}
	for _, tc := range noTest {
		t.Run("no test required: "+tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			mustExec(t, c, "2025-01-10", firstRequest(patientData))
			for _, s := range tc.steps {
				events := mustExec(t, c, "2025-01-12", s)
				assert.Len(t, serviceTransitions(events, patientData), 1, "the test is recorded")
			}
			assert.Equal(t, tc.after, c.State(patientData))
			u := use(t, c, patientData)
			for _, s := range tc.steps {
				switch s.(type) {
				case lifecycle.PassJointTesting:
					assert.Equal(t, day("2025-01-12"), u.JointTested, "recorded")
				case lifecycle.PassActivationTest:
					assert.Equal(t, day("2025-01-12"), u.ActivationTested, "recorded")
				}
			}
			events := mustExec(t, c, "2025-01-20", lifecycle.ApproveService{Service: patientData})
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			assert.Equal(t, lifecycle.Active, c.Customership())
			assert.Len(t, eventsOf[commitment.CodeServiceInformed](events), 1)
		})
	}

	t.Run("a stricter entry registered by the user", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{JointTesting: true, Termination: oneMonth}})
		c := newCustomer(t, lifecycle.PublicHealthCareProvider, commitment.WithCatalogue(cat))
		mustExec(t, c, "2025-01-10", firstRequest(imaging))
		_, err := c.Execute(day("2025-01-11"), lifecycle.ApproveService{Service: imaging})
		r := refusedBy(t, err, rules.S2, "SAT")
		require.Len(t, r.Blockers, 1, "only joint testing is required")
		assert.Contains(t, r.Blockers[0].Reason, "joint testing")
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: imaging})
		mustExec(t, c, "2025-01-13", lifecycle.ApproveService{Service: imaging})
		assert.Equal(t, lifecycle.Active, c.State(imaging))
	})

	t.Run("an entry requiring only the activation test takes it straight from requested", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{ActivationTest: true, Termination: oneMonth}})
		c := newCustomer(t, lifecycle.PublicHealthCareProvider, commitment.WithCatalogue(cat))
		mustExec(t, c, "2025-01-10", firstRequest(imaging))
		_, err := c.Execute(day("2025-01-11"), lifecycle.ApproveService{Service: imaging})
		r := refusedBy(t, err, rules.S2, "SAT")
		require.Len(t, r.Blockers, 1)
		assert.Contains(t, r.Blockers[0].Reason, "activation test")
		mustExec(t, c, "2025-01-12", lifecycle.PassActivationTest{Service: imaging})
		mustExec(t, c, "2025-01-13", lifecycle.ApproveService{Service: imaging})
		assert.Equal(t, lifecycle.Active, c.State(imaging))
	})
}

// S3: the social welfare client data repository is used by public and
// private social welfare providers and equivalent providers: of the
// customer kinds, the four below (SAT; the mapping of "equivalent" is
// design).
func TestS3_OnlySocialWelfareProvidersMayRequestTheRepository(t *testing.T) {
	eligible := map[lifecycle.Kind]bool{
		lifecycle.PublicSocialWelfareProvider:  true,
		lifecycle.PrivateSocialWelfareProvider: true,
		lifecycle.AlandProvider:                true,
		lifecycle.OtherActor:                   true,
	}
	require.Len(t, lifecycle.Kinds(), 13, "every customer kind is in the table")
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c := newCustomer(t, kind)
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-10"), firstRequest(sat))
			if eligible[kind] {
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Requested, c.State(sat))
			} else {
				r := refusedBy(t, err, rules.S3, "SAT")
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, string(kind), r.Blockers[0].Input)
				assert.NotContains(t, r.Rules(), rules.K1, "the entry names its own rule")
				before.assertUnchanged(t, c)
			}
			// No other default entry restricts the kinds.
			mustExec(t, c, "2025-01-11", firstRequest(prescription))
		})
	}
}

// K1: a catalogue entry may restrict which customer kinds may request its
// service (design, YTE 1, 7); the refusal cites K1 when the entry names no
// rule of its own.
func TestK1_CatalogueEntryMayRestrictTheKinds(t *testing.T) {
	cat := catalogueWith(t, commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{
		Eligible:    []lifecycle.Kind{lifecycle.IndependentPractitioner},
		Termination: oneMonth,
	}})
	entry, ok := cat.Entry(kelain)
	require.True(t, ok)
	assert.Equal(t, rules.K1, entry.Terms.EligibilityRule, "an entry without a rule of its own cites K1")

	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c := newCustomer(t, kind, commitment.WithCatalogue(cat))
			_, err := c.Execute(day("2025-01-10"), firstRequest(kelain))
			if kind == lifecycle.IndependentPractitioner {
				require.NoError(t, err)
				return
			}
			r := refusedBy(t, err, rules.K1, "design")
			assert.Contains(t, r.Citations(), "YTE 1")
			assert.NotContains(t, r.Rules(), rules.S3)
			assert.Equal(t, lifecycle.None, c.State(kelain))
		})
	}
	t.Run("the default catalogue lets every kind request Kelain", func(t *testing.T) {
		for _, kind := range lifecycle.Kinds() {
			c := newCustomer(t, kind)
			mustExec(t, c, "2025-01-10", firstRequest(kelain))
		}
	})
	t.Run("a use keeps the eligibility it was requested under", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", kelain)
		restored, err := commitment.Restore(marshal(t, c), commitment.WithCatalogue(cat))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Active, restored.State(kelain))
		_, err = restored.Execute(day("2025-02-01"), lifecycle.TerminateByAuthority{Service: kelain})
		require.NoError(t, err)
		_, err = restored.Execute(day("2025-02-02"), firstRequest(kelain))
		refusedBy(t, err, rules.K1, "design")
	})
}

// S4: Kela (or Valvira) closes the connection; the service is suspended
// until the customer demonstrates that the situation is corrected (YTE 5).
// The reasons are a set; one demonstration ends every suspension. A
// suspension neither cancels a pending termination nor stops it from taking
// effect.
func TestS4_SuspendedUntilTheCustomerDemonstratesCorrection(t *testing.T) {
	for _, reason := range lifecycle.SuspensionReasons() {
		t.Run(string(reason), func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
			events := mustExec(t, c, "2025-01-20", lifecycle.SuspendService{Service: prescription, Reason: reason})
			require.Len(t, events, 1)
			assert.Equal(t, lifecycle.SuspendService{Service: prescription, Reason: reason}, events[0].(commitment.Transitioned).Event,
				"the reason is recorded as given")
			assert.Equal(t, lifecycle.Suspended, c.State(prescription))
			assert.Equal(t, []lifecycle.SuspensionReason{reason}, use(t, c, prescription).Suspensions.Reasons())
			assert.Equal(t, lifecycle.Active, c.Customership(), "a suspended service is still in use")

			assert.Empty(t, mustAdvance(t, c, "2026-01-20"))
			assert.Equal(t, lifecycle.Suspended, c.State(prescription), "the suspension lasts until correction is demonstrated")

			mustExec(t, c, "2026-01-21", lifecycle.DemonstrateCorrection{Service: prescription})
			assert.Equal(t, lifecycle.Active, c.State(prescription))
			assert.Zero(t, use(t, c, prescription).Suspensions.Len())
		})
	}

	t.Run("the reasons are a set; one demonstration ends them all", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.ValviraProhibition})
		mustExec(t, c, "2025-01-21", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-21", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		s := use(t, c, prescription).Suspensions
		assert.Equal(t, 2, s.Len(), "the same reason twice counts once")
		assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers, lifecycle.ValviraProhibition}, s.Reasons(), "in the order of the reasons")
		assert.True(t, s.Has(lifecycle.Endangers))
		assert.False(t, s.Has(lifecycle.LicenceRevoked))
		assert.Contains(t, string(marshal(t, c)), `"suspensions":["endangers","valvira-prohibition"]`)
		mustExec(t, c, "2025-01-22", lifecycle.DemonstrateCorrection{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.State(prescription))
		assert.NotContains(t, string(marshal(t, c)), `"suspensions"`, "an empty set is left out")
	})

	t.Run("a suspended service receiving notice stays suspended, and correction returns it to notice-given", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-15", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		term, pending := pendingTermination(t, c, prescription)
		require.True(t, pending)
		assert.Equal(t, day("2025-03-01"), term.Effective)

		events := mustExec(t, c, "2025-02-01", lifecycle.DemonstrateCorrection{Service: prescription})
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "correction does not cancel the notice")
		tr := serviceTransitions(events, prescription)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.Suspended, tr[0].From)
		assert.Equal(t, lifecycle.NoticeGiven, tr[0].To)
		mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
	})

	t.Run("a suspended service receiving notice ends on the effective day, still suspended", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-15", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.LicenceRevoked})
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		assert.Empty(t, mustAdvance(t, c, "2025-02-28"))
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		events := mustAdvance(t, c, "2025-03-01")
		tr := serviceTransitions(events, prescription)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.Suspended, tr[0].From)
		assert.Equal(t, lifecycle.Terminated, tr[0].To)
		assert.Equal(t, day("2025-03-01"), tr[0].On)
		assert.Equal(t, day("2025-03-01"), use(t, c, prescription).Ended)
	})

	t.Run("suspending a service under notice keeps its termination, which still takes effect", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		mustExec(t, c, "2025-02-10", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.LicenceRevoked})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		_, pending := pendingTermination(t, c, prescription)
		assert.True(t, pending, "the termination stays pending")

		mustAdvance(t, c, "2025-02-28")
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		events := mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Terminated, c.State(prescription), "terminated on the effective day while suspended")
		tr := serviceTransitions(events, prescription)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.Suspended, tr[0].From)
		assert.Equal(t, day("2025-03-01"), tr[0].On)
	})

	t.Run("all: every service in use, and back", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-11", laterRequest(imaging))
		events := mustExec(t, c, "2025-01-20", lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, serviceTransitions(events, patientData)[0].Event)
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		assert.Equal(t, lifecycle.Suspended, c.State(patientData))
		assert.Equal(t, lifecycle.Requested, c.State(imaging), "an application is not in use")
		mustExec(t, c, "2025-01-21", lifecycle.DemonstrateCorrection{All: true})
		assert.Equal(t, lifecycle.Active, c.State(prescription))
		assert.Equal(t, lifecycle.Active, c.State(patientData))
	})

	t.Run("all: correction of every suspended service only", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		events := mustExec(t, c, "2025-01-21", lifecycle.DemonstrateCorrection{All: true})
		assert.Len(t, serviceTransitions(events, prescription), 1)
		assert.Empty(t, serviceTransitions(events, patientData))
	})

	refusals := []struct {
		name   string
		setup  func(t *testing.T, c *commitment.Commitment)
		act    lifecycle.Act
		want   rules.Rule
		clause string
	}{
		{"suspending an application", func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-11", laterRequest(imaging)) },
			lifecycle.SuspendService{Service: imaging, Reason: lifecycle.Endangers}, rules.S4, "YTE 5"},
		{"suspending a service never requested", nil,
			lifecycle.SuspendService{Service: imaging, Reason: lifecycle.Endangers}, rules.S4, "YTE 5"},
		{"suspending a terminated service: S6", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-11", lifecycle.TerminateByAuthority{Service: patientData})
		}, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, rules.S6, "design"},
		{"suspending all, none in use", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-11", lifecycle.TerminateByAuthority{All: true})
		}, lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers}, rules.S4, "YTE 5"},
		{"demonstrating correction of an active service", nil, lifecycle.DemonstrateCorrection{Service: prescription}, rules.S4, "YTE 5"},
		{"demonstrating correction of all, none suspended", nil, lifecycle.DemonstrateCorrection{All: true}, rules.S4, "YTE 5"},
	}
	for _, tc := range refusals {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-20"), tc.act)
			refusedBy(t, err, tc.want, tc.clause)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("an unknown reason is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		for _, act := range []lifecycle.Act{
			lifecycle.SuspendService{Service: prescription, Reason: "bad-mood"},
			lifecycle.SuspendService{Service: prescription},
		} {
			_, err := c.Execute(day("2025-01-20"), act)
			assert.Equal(t, "reason", inputError(t, err).Field)
		}
	})

	t.Run("a history suspending for an unknown reason is refused", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		h := c.History()
		_, err := commitment.Replay(h)
		require.NoError(t, err)

		last := h[len(h)-1].(commitment.Transitioned)
		last.Event = lifecycle.SuspendService{Service: prescription, Reason: "bad-mood"}
		h[len(h)-1] = last
		_, err = commitment.Replay(h)
		e := inputError(t, err)
		assert.Equal(t, fmt.Sprintf("history[%d]", len(h)-1), e.Field)
		assert.Contains(t, e.Error(), "bad-mood")

		data := marshal(t, c)
		require.Contains(t, string(data), `"reason":"endangers"`)
		_, err = commitment.Restore(bytes.Replace(data, []byte(`"reason":"endangers"`), []byte(`"reason":"bad-mood"`), 1))
		assert.ErrorContains(t, err, "bad-mood")
	})
}

// S5: the customer ends the use of the social welfare client data
// repository by a written notice one month before the end of use (SAT),
// counted backwards from the first day without the service: timely when
// given on or before effective − 1 month, month ends clamped. A late notice
// is refused citing S5; the effective day is never moved.
func TestS5_RepositoryTerminationNeedsOneMonthBeforeTheEndOfUse(t *testing.T) {
	cases := []struct {
		name      string
		effective string
		latest    string // the latest timely notice day
	}{
		{"plain month", "2025-03-01", "2025-02-01"},
		{"end of February", "2025-02-28", "2025-01-28"},
		{"31 March in a leap year: 29 February", "2024-03-31", "2024-02-29"},
		{"30 March in a leap year: 29 February", "2024-03-30", "2024-02-29"},
		{"29 March in a leap year: 29 February", "2024-03-29", "2024-02-29"},
		{"31 March: 28 February", "2025-03-31", "2025-02-28"},
		{"30 April: 30 March", "2025-04-30", "2025-03-30"},
		{"31 May: 30 April", "2025-05-31", "2025-04-30"},
		{"over the turn of the year", "2025-01-31", "2024-12-31"},
		{"on a public holiday", "2025-01-06", "2024-12-06"},
	}
	for _, tc := range cases {
		for _, suspended := range []bool{false, true} {
			name := tc.name
			if suspended {
				name += "/suspended service"
			}
			t.Run(name, func(t *testing.T) {
				setup := func(t *testing.T) *commitment.Commitment {
					c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2023-11-01", prescription, sat)
					if suspended {
						mustExec(t, c, "2023-11-02", lifecycle.SuspendService{Service: sat, Reason: lifecycle.Endangers})
					}
					return c
				}
				act := lifecycle.GiveTerminationNotice{Service: sat, Effective: day(tc.effective), Reason: lifecycle.Reorganisation}

				t.Run("on the latest notice day: accepted", func(t *testing.T) {
					c := setup(t)
					mustExec(t, c, tc.latest, act)
					term, pending := pendingTermination(t, c, sat)
					require.True(t, pending)
					assert.Equal(t, day(tc.effective), term.Effective, "the effective day is never moved")
					next, ok := c.NextDue()
					require.True(t, ok)
					assert.Equal(t, day(tc.effective), next)
				})
				t.Run("a day later: refused citing SAT", func(t *testing.T) {
					c := setup(t)
					before := freeze(t, c)
					_, err := c.Execute(day(tc.latest).AddDays(1), act)
					r := refusedBy(t, err, rules.S5, "SAT")
					assert.NotContains(t, r.Rules(), rules.S5b, "SAT's own period, not the default")
					require.Len(t, r.Blockers, 1)
					assert.Equal(t, tc.effective, r.Blockers[0].Input)
					assert.Contains(t, r.Blockers[0].Reason, tc.latest, "the refusal names the latest notice day")
					before.assertUnchanged(t, c)
				})
			})
		}
	}
}

// S5b: other services take their notice period from their catalogue entry;
// the default is one month (design, nearest YTE 7.1). A late notice is
// refused citing S5b.
func TestS5b_OtherServicesTakeTheirPeriodFromTheCatalogue(t *testing.T) {
	cat := catalogueWith(t,
		commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
		commitment.Entry{Service: "laboratory-results", Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
	)
	for _, id := range []lifecycle.ServiceID{imaging, "laboratory-results"} {
		entry, ok := cat.Entry(id)
		require.True(t, ok)
		assert.Equal(t, rules.S5b, entry.Terms.TerminationRule, "an entry without a rule of its own cites S5b")
	}

	cases := []struct {
		service lifecycle.ServiceID
		latest  string // for an effective day of 2025-03-01
	}{
		{imaging, "2025-02-15"},              // two weeks
		{"laboratory-results", "2025-02-15"}, // a service the user added, two weeks
		{prescription, "2025-02-01"},         // the default: one month
		{patientData, "2025-02-01"},
	}
	for _, tc := range cases {
		setup := func(t *testing.T) *commitment.Commitment {
			return customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", kelain, tc.service)
		}
		act := lifecycle.GiveTerminationNotice{Service: tc.service, Effective: day("2025-03-01"), Reason: lifecycle.BusinessAcquisition}
		t.Run(string(tc.service)+"/on the latest notice day", func(t *testing.T) {
			c := setup(t)
			mustExec(t, c, tc.latest, act)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(tc.service))
			assert.Equal(t, day("2025-03-01"), use(t, c, tc.service).Termination.Effective, "the effective day is never moved")
		})
		t.Run(string(tc.service)+"/a day later", func(t *testing.T) {
			c := setup(t)
			before := freeze(t, c)
			_, err := c.Execute(day(tc.latest).AddDays(1), act)
			r := refusedBy(t, err, rules.S5b, "design")
			assert.Contains(t, r.Citations(), "YTE 7.1")
			assert.NotContains(t, r.Rules(), rules.S5, "SAT's rule is the repository's only")
			require.Len(t, r.Blockers, 1)
			assert.Contains(t, r.Blockers[0].Reason, tc.latest)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("all: each service against its own period, SAT citing S5", func(t *testing.T) {
		c := customerWithCatalogue(t, lifecycle.PublicSocialWelfareProvider, cat, "2025-01-10", imaging, prescription, sat)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-02-10"), lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		r := refusedBy(t, err, rules.S5b, "design")
		assert.ErrorIs(t, err, rules.S5)
		cited := map[string]rules.Rule{}
		for _, b := range r.Blockers {
			cited[b.Subject] = b.Rule
		}
		assert.Equal(t, map[string]rules.Rule{string(prescription): rules.S5b, string(sat): rules.S5}, cited, "the two-week service is in time")
		before.assertUnchanged(t, c)
	})

	t.Run("an entry without a period takes notice without delay", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging})
		c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, imaging)
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: imaging, Effective: day("2025-01-21"), Reason: lifecycle.OtherChange})
		assert.Equal(t, lifecycle.NoticeGiven, c.State(imaging))
	})
}

// S6: a terminated service is taken into use again only by a new request
// (design): every other act on it is refused citing S6, and a new request
// starts the use over.
func TestS6_TerminatedServiceReturnsOnlyByANewRequest(t *testing.T) {
	terminated := func(t *testing.T) *commitment.Commitment {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", prescription, sat)
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: sat})
		require.Equal(t, lifecycle.Terminated, c.State(sat))
		require.Equal(t, lifecycle.Active, c.Customership())
		return c
	}
	refused := []lifecycle.Act{
		lifecycle.PassJointTesting{Service: sat},
		lifecycle.PassActivationTest{Service: sat},
		lifecycle.ApproveService{Service: sat},
		lifecycle.WithdrawApplication{Service: sat},
		lifecycle.SuspendService{Service: sat, Reason: lifecycle.Endangers},
		lifecycle.DemonstrateCorrection{Service: sat},
		lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange},
		lifecycle.TerminateByAuthority{Service: sat},
		lifecycle.TerminateByAuthority{Service: sat, Effective: day("2025-06-01")},
		lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"},
	}
	for _, act := range refused {
		t.Run("refused: "+string(act.EventID()), func(t *testing.T) {
			c := terminated(t)
			before := freeze(t, c)
			_, err := c.Execute(day("2025-02-01"), act)
			r := refusedBy(t, err, rules.S6, "design")
			assert.Equal(t, []rules.Rule{rules.S6}, r.Rules())
			assert.Equal(t, lifecycle.Terminated, r.State)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("a new request starts the use over", func(t *testing.T) {
		c := terminated(t)
		events := mustExec(t, c, "2025-02-01", laterRequest(sat)) // C2: the customership is still active
		tr := serviceTransitions(events, sat)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.Terminated, tr[0].From)
		assert.Equal(t, lifecycle.Requested, tr[0].To)
		u := use(t, c, sat)
		assert.Equal(t, lifecycle.Requested, u.State)
		assert.Equal(t, day("2025-02-01"), u.Requested)
		assert.Nil(t, u.Termination, "the old termination belongs to the old use")
		assert.True(t, u.Ended.IsZero())
		assert.True(t, u.JointTested.IsZero(), "the tests are passed again")
		assert.True(t, u.Approved.IsZero())
		_, err := c.Execute(day("2025-02-02"), lifecycle.ApproveService{Service: sat})
		refusedBy(t, err, rules.S2, "SAT")
		mustExec(t, c, "2025-02-03", lifecycle.PassJointTesting{Service: sat})
		mustExec(t, c, "2025-02-03", lifecycle.PassActivationTest{Service: sat})
		events = mustExec(t, c, "2025-02-04", lifecycle.ApproveService{Service: sat})
		assert.Equal(t, lifecycle.Active, c.State(sat))
		assert.Len(t, eventsOf[commitment.CodeServiceInformed](events), 1, "the new use is notified again")
	})

	t.Run("a new request after termination meets the request's conditions", func(t *testing.T) {
		c := terminated(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-02-01"), lifecycle.RequestService{Service: sat, Signatory: lifecycle.NoSignatory})
		r := refusedBy(t, err, rules.S1, "YTE 7")
		assert.ErrorIs(t, err, rules.C4)
		assert.Len(t, r.Blockers, 2)
		before.assertUnchanged(t, c)
	})

	t.Run("after the customership ended, the new request carries a new commitment", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: sat})
		require.Equal(t, lifecycle.Ended, c.Customership())
		_, err := c.Execute(day("2025-02-01"), laterRequest(sat))
		refusedBy(t, err, rules.C1, "YTE 7")
		mustExec(t, c, "2025-02-01", firstRequest(sat))
		assert.Equal(t, lifecycle.Applied, c.Customership())
	})
}

// S7: Kanta's termination on an authority's notice takes effect on the day
// the notice or Kela's decision states (design, nearest YTE 7.1): until then
// the service stays in use with the termination pending. Of two pending
// terminations the earlier takes effect.
func TestS7_AuthorityTerminationTakesEffectOnTheStatedDay(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		until engine.State // the service's state until the effective day
	}{
		{"active", nil, lifecycle.NoticeGiven},
		{"suspended", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-15", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.OperationProhibited})
		}, lifecycle.Suspended},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription, Effective: day("2025-02-15")})
			assert.Equal(t, tc.until, c.State(prescription))
			term, pending := pendingTermination(t, c, prescription)
			require.True(t, pending)
			assert.Equal(t, lifecycle.Termination{Given: day("2025-01-20"), Effective: day("2025-02-15"), ByAuthority: true}, term)

			assert.Empty(t, mustAdvance(t, c, "2025-02-14"))
			assert.Equal(t, tc.until, c.State(prescription), "in use until the stated day")
			mustAdvance(t, c, "2025-02-15")
			assert.Equal(t, lifecycle.Terminated, c.State(prescription))
			assert.Equal(t, day("2025-02-15"), use(t, c, prescription).Ended)
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("all, on a later day: terminating until then, ended on it", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{All: true, Effective: day("2025-02-15")})
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		mustAdvance(t, c, "2025-02-14")
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		mustAdvance(t, c, "2025-02-15")
		assert.Equal(t, lifecycle.Ended, c.Customership())
		assert.Equal(t, day("2025-02-15"), c.CustomershipRecord().Ended)
	})

	// Two terminations pending for one service: it ends on the earlier day,
	// whichever came first. An authority's later day does not postpone a
	// pending termination, and an earlier one brings it forward.
	pending := []struct {
		name  string
		first lifecycle.Act // on 2025-01-20, effective 2025-03-01
		then  string        // the authority's day, on 2025-01-21
		want  string
	}{
		{"the customer's notice, then the authority's later day",
			lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, "2025-06-01", "2025-03-01"},
		{"the customer's notice, then the authority's earlier day",
			lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, "2025-02-15", "2025-02-15"},
		{"the authority's day, then its later day",
			lifecycle.TerminateByAuthority{Service: prescription, Effective: day("2025-03-01")}, "2025-06-01", "2025-03-01"},
		{"the authority's day, then its earlier day",
			lifecycle.TerminateByAuthority{Service: prescription, Effective: day("2025-03-01")}, "2025-02-15", "2025-02-15"},
	}
	for _, tc := range pending {
		t.Run("the earlier of two pending terminations wins: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			mustExec(t, c, "2025-01-20", tc.first)
			mustExec(t, c, "2025-01-21", lifecycle.TerminateByAuthority{Service: prescription, Effective: day(tc.then)})
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
			term, ok := pendingTermination(t, c, prescription)
			require.True(t, ok)
			assert.Equal(t, day(tc.want), term.Effective)
			next, ok := c.NextDue()
			require.True(t, ok)
			assert.Equal(t, day(tc.want), next)

			mustAdvance(t, c, day(tc.want).AddDays(-1).String())
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
			mustAdvance(t, c, tc.want)
			assert.Equal(t, lifecycle.Terminated, c.State(prescription))
			assert.Equal(t, day(tc.want), use(t, c, prescription).Ended)

			replayed, err := commitment.Replay(c.History())
			require.NoError(t, err)
			assert.Equal(t, string(marshal(t, c)), string(marshal(t, replayed)))
		})
	}

	t.Run("the authority's termination at once overrides a pending one", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		mustExec(t, c, "2025-01-21", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		assert.Equal(t, day("2025-01-21"), use(t, c, prescription).Ended)
		_, due := c.NextDue()
		assert.False(t, due)
	})

	t.Run("the authority's notice needs no notice period", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat, prescription)
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: sat, Effective: day("2025-01-21")})
		mustAdvance(t, c, "2025-01-21")
		assert.Equal(t, lifecycle.Terminated, c.State(sat))
	})
}

// A termination takes effect on its effective day: the day before, the
// service is under notice; on the day it is terminated, whether time is
// moved on by Advance or by a later act, and the transition is dated on the
// effective day either way (C9, S5).
func TestC9_TerminationTakesEffectOnItsEffectiveDay(t *testing.T) {
	underNotice := func(t *testing.T) *commitment.Commitment {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
		return c
	}
	assertTerminatedOnTheDay := func(t *testing.T, c *commitment.Commitment, events []commitment.Event) {
		t.Helper()
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		assert.Equal(t, day("2025-03-01"), use(t, c, prescription).Ended)
		tr := serviceTransitions(events, prescription)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.NoticeElapsed{}, tr[0].Event)
		assert.Equal(t, day("2025-03-01"), tr[0].On, "dated on the effective day")
	}

	t.Run("by Advance", func(t *testing.T) {
		c := underNotice(t)
		assert.Empty(t, mustAdvance(t, c, "2025-02-28"))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "the day before")
		assertTerminatedOnTheDay(t, c, mustAdvance(t, c, "2025-03-01"))
		assert.Equal(t, day("2025-03-01"), c.Today())
	})

	t.Run("by Advance well past the day", func(t *testing.T) {
		c := underNotice(t)
		assertTerminatedOnTheDay(t, c, mustAdvance(t, c, "2025-07-01"))
	})

	t.Run("by a later act", func(t *testing.T) {
		c := underNotice(t)
		events := mustExec(t, c, "2025-03-15", lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		assertTerminatedOnTheDay(t, c, events)
		require.GreaterOrEqual(t, len(events), 2)
		assert.Equal(t, day("2025-03-01"), events[0].Date(), "the due termination comes first")
		assert.Equal(t, day("2025-03-15"), events[len(events)-1].Date())
	})

	t.Run("an act the day before still finds the service in use", func(t *testing.T) {
		c := underNotice(t)
		mustExec(t, c, "2025-02-28", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
	})

	t.Run("an act on the day finds it terminated", func(t *testing.T) {
		c := underNotice(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-03-01"), lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		refusedBy(t, err, rules.S6, "design")
		before.assertUnchanged(t, c)
	})

	t.Run("a notice taking effect on the day it is given ends the use at once", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging}) // no period: without delay
		c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, imaging)
		events := mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: imaging, Effective: day("2025-01-20"), Reason: lifecycle.OtherChange})
		assert.Equal(t, lifecycle.Terminated, c.State(imaging))
		assert.Equal(t, day("2025-01-20"), use(t, c, imaging).Ended)
		tr := serviceTransitions(events, imaging)
		require.Len(t, tr, 2)
		assert.Equal(t, lifecycle.NoticeGiven, tr[0].To)
		assert.Equal(t, lifecycle.NoticeElapsed{}, tr[1].Event)
	})
}

// pendingTermination returns the termination pending for service, which
// must have been requested.
func pendingTermination(t *testing.T, c *commitment.Commitment, service lifecycle.ServiceID) (lifecycle.Termination, bool) {
	t.Helper()
	u := use(t, c, service)
	return u.PendingTermination()
}
