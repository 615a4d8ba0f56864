package commitment_test

import (
	"bytes"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
)

// S1: a service request carries the accepted service description (YTE 7),
// whether it is the first request or a later one; a service already
// requested or in use is not requested again.
func TestYTE7_S1_RequestCarriesTheAcceptedServiceDescription(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, c *commitment.Commitment)
		cmd     commitment.RequestService
		want    lifecycle.Rule // "": accepted
		clauses []string
	}{
		{"first request with the description", nil, firstRequest(patientData), "", nil},
		{"first request without the description", nil,
			commitment.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister,
				Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms}},
			lifecycle.S1, []string{"YTE 7"}},
		{"later request with the description", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", prescription) },
			laterRequest(patientData), "", nil},
		{"later request without the description", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", prescription) },
			commitment.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: []lifecycle.Document{lifecycle.GeneralTerms}},
			lifecycle.S1, []string{"YTE 7"}},
		{"a service already in use", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", patientData) },
			laterRequest(patientData), lifecycle.S1, []string{"YTE 7"}},
		{"a service already requested", func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-10", firstRequest(patientData)) },
			laterRequest(patientData), lifecycle.S1, []string{"YTE 7"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), tc.cmd)
			if tc.want != "" {
				for _, cl := range tc.clauses {
					refusedBy(t, err, tc.want, cl)
				}
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			u := use(t, c, patientData)
			assert.Equal(t, lifecycle.Requested, u.State)
			assert.Equal(t, day("2025-01-20"), u.Requested)
			var described []lifecycle.ServiceID
			for _, a := range eventsOf[commitment.DocumentAccepted](events) {
				if a.Document == lifecycle.ServiceDescription {
					described = append(described, a.Service)
				}
			}
			assert.Equal(t, []lifecycle.ServiceID{patientData}, described, "the acceptance names the service it describes")
		})
	}

	t.Run("malformed requests", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		for _, cmd := range []commitment.RequestService{
			{Signatory: lifecycle.TradeRegister, Accepts: allDocs},                                                      // no service
			{Service: "no-such-service", Signatory: lifecycle.TradeRegister, Accepts: allDocs},                          // unknown service
			{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: []lifecycle.Document{"privacy-notice"}}, // unknown document
		} {
			_, err := c.Execute(day("2025-01-20"), cmd)
			inputError(t, err)
		}
		assert.Len(t, c.History(), 1)
	})
}

// S2: Kela's approval of the social welfare client data repository waits for
// joint testing and the activation test, in that order (SAT). A service whose
// entry requires no test is approved straight from requested; passing a test
// it does not require is accepted and recorded.
func TestSAT_S2_ActivationWaitsForJointTestingAndTheActivationTest(t *testing.T) {
	setup := func(t *testing.T) *commitment.Commitment {
		c := newCustomer(t, lifecycle.PrivateSocialWelfareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(sat))
		return c
	}

	t.Run("approval before either test lists both in one refusal", func(t *testing.T) {
		c := setup(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), commitment.ApproveService{Service: sat})
		r := refusedBy(t, err, lifecycle.S2, "SAT")
		require.Len(t, r.Blockers, 2)
		assert.Equal(t, []lifecycle.Rule{lifecycle.S2}, r.Rules())
		assert.Contains(t, r.Blockers[0].Reason, "joint testing")
		assert.Contains(t, r.Blockers[1].Reason, "activation test")
		assert.Equal(t, string(sat), r.Subject)
		before.assertUnchanged(t, c)
	})

	t.Run("approval after joint testing only lists the activation test", func(t *testing.T) {
		c := setup(t)
		mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: sat})
		assert.Equal(t, lifecycle.JointTested, c.State(sat))
		_, err := c.Execute(day("2025-01-20"), commitment.ApproveService{Service: sat})
		r := refusedBy(t, err, lifecycle.S2, "SAT")
		require.Len(t, r.Blockers, 1)
		assert.Contains(t, r.Blockers[0].Reason, "activation test")
		assert.Equal(t, lifecycle.JointTested, c.State(sat))
	})

	t.Run("the activation test before joint testing is refused", func(t *testing.T) {
		c := setup(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-12"), commitment.PassActivationTest{Service: sat})
		refusedBy(t, err, lifecycle.S2, "SAT")
		before.assertUnchanged(t, c)
	})

	t.Run("joint testing twice is refused", func(t *testing.T) {
		c := setup(t)
		mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: sat})
		_, err := c.Execute(day("2025-01-13"), commitment.PassJointTesting{Service: sat})
		refusedBy(t, err, lifecycle.S2, "SAT")
	})

	t.Run("both tests in order, then approval", func(t *testing.T) {
		c := setup(t)
		mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: sat})
		mustExec(t, c, "2025-01-14", commitment.PassActivationTest{Service: sat})
		assert.Equal(t, lifecycle.ActivationTested, c.State(sat))
		events := mustExec(t, c, "2025-01-15", commitment.ApproveService{Service: sat})
		assert.Equal(t, lifecycle.Active, c.State(sat))
		u := use(t, c, sat)
		assert.Equal(t, day("2025-01-12"), u.JointTested)
		assert.Equal(t, day("2025-01-14"), u.ActivationTested)
		assert.Equal(t, day("2025-01-15"), u.Approved)
		informed := eventsOf[commitment.CodeServiceInformed](events)
		require.Len(t, informed, 1, "THL's code service is informed when Kela notifies approval")
		assert.Equal(t, "THL national code service", informed[0].Recipient)
	})

	// The default entries of other services require no test (SPEC §4).
	noTest := []struct {
		name  string
		steps []commitment.Command
		after lifecycle.State // the state before approval
	}{
		{"straight from requested", nil, lifecycle.Requested},
		{"joint testing passed anyway", []commitment.Command{commitment.PassJointTesting{Service: patientData}}, lifecycle.JointTested},
		{"activation test passed anyway, without joint testing", []commitment.Command{commitment.PassActivationTest{Service: patientData}}, lifecycle.ActivationTested},
		{"both passed anyway", []commitment.Command{commitment.PassJointTesting{Service: patientData}, commitment.PassActivationTest{Service: patientData}}, lifecycle.ActivationTested},
	}
	for _, tc := range noTest {
		t.Run("no test required: "+tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			mustExec(t, c, "2025-01-10", firstRequest(patientData))
			for _, s := range tc.steps {
				mustExec(t, c, "2025-01-12", s)
			}
			assert.Equal(t, tc.after, c.State(patientData))
			u := use(t, c, patientData)
			for _, s := range tc.steps {
				switch s.(type) {
				case commitment.PassJointTesting:
					assert.Equal(t, day("2025-01-12"), u.JointTested, "recorded")
				case commitment.PassActivationTest:
					assert.Equal(t, day("2025-01-12"), u.ActivationTested, "recorded")
				}
			}
			mustExec(t, c, "2025-01-20", commitment.ApproveService{Service: patientData})
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("a stricter entry registered by the user", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{JointTesting: true, Termination: oneMonth}})
		c := newCustomer(t, lifecycle.PublicHealthCareProvider, commitment.WithCatalogue(cat))
		mustExec(t, c, "2025-01-10", firstRequest(imaging))
		_, err := c.Execute(day("2025-01-11"), commitment.ApproveService{Service: imaging})
		r := refusedBy(t, err, lifecycle.S2, "SAT")
		assert.Len(t, r.Blockers, 1, "only joint testing is required")
		mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: imaging})
		mustExec(t, c, "2025-01-13", commitment.ApproveService{Service: imaging})
		assert.Equal(t, lifecycle.Active, c.State(imaging))
	})
}

// S3: the social welfare client data repository is used by public and
// private social welfare providers and equivalent providers: of the kinds of
// SPEC §1, the four below (SAT; the mapping of "equivalent" is design).
func TestSAT_S3_OnlySocialWelfareProvidersMayRequestTheRepository(t *testing.T) {
	eligible := map[lifecycle.Kind]bool{
		lifecycle.PublicSocialWelfareProvider:  true,
		lifecycle.PrivateSocialWelfareProvider: true,
		lifecycle.AlandProvider:                true,
		lifecycle.OtherActor:                   true,
	}
	require.Len(t, lifecycle.Kinds(), 13, "every kind of SPEC §1 is in the table")
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c := newCustomer(t, kind)
			_, err := c.Execute(day("2025-01-10"), firstRequest(sat))
			if eligible[kind] {
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Requested, c.State(sat))
			} else {
				r := refusedBy(t, err, lifecycle.S3, "SAT")
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, string(kind), r.Blockers[0].Input)
				assert.Equal(t, lifecycle.None, c.State(sat))
				assert.Equal(t, lifecycle.None, c.Customership())
			}
			// No other default entry restricts the kinds.
			_, err = c.Execute(day("2025-01-11"), commitment.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: allDocs})
			require.NoError(t, err)
		})
	}
}

// K1: a catalogue entry may restrict which customer kinds may request its
// service (design, YTE 1, 7); the refusal cites K1 when the entry names no
// rule of its own.
func TestDesign_K1_CatalogueEntryMayRestrictTheKinds(t *testing.T) {
	cat := catalogueWith(t, commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{
		Eligible:    []lifecycle.Kind{lifecycle.IndependentPractitioner},
		Termination: oneMonth,
	}})
	entry, ok := cat.Entry(kelain)
	require.True(t, ok)
	assert.Equal(t, lifecycle.K1, entry.Terms.EligibilityRule, "an entry without a rule of its own cites K1")

	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			c := newCustomer(t, kind, commitment.WithCatalogue(cat))
			_, err := c.Execute(day("2025-01-10"), firstRequest(kelain))
			if kind == lifecycle.IndependentPractitioner {
				require.NoError(t, err)
				return
			}
			r := refusedBy(t, err, lifecycle.K1, "design")
			assert.Contains(t, r.Citations(), "YTE 1")
			assert.NotContains(t, r.Rules(), lifecycle.S3)
		})
	}
	t.Run("the default catalogue lets every kind request Kelain", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(kelain))
	})
	t.Run("an unknown kind in an entry is malformed", func(t *testing.T) {
		_, err := commitment.DefaultCatalogue().With(commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Eligible: []lifecycle.Kind{"dentist"}}})
		inputError(t, err)
	})
}

// S4: Kela (or Valvira) closes the connection; the service is suspended
// until the customer demonstrates that the situation is corrected (YTE 5).
// A suspension neither cancels a pending termination nor stops it from
// taking effect.
func TestYTE5_S4_SuspendedUntilTheCustomerDemonstratesCorrection(t *testing.T) {
	for _, reason := range lifecycle.SuspensionReasons() {
		t.Run(string(reason), func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
			mustExec(t, c, "2025-01-20", commitment.SuspendService{Service: prescription, Reason: reason})
			assert.Equal(t, lifecycle.Suspended, c.State(prescription))
			assert.Equal(t, []lifecycle.SuspensionReason{reason}, use(t, c, prescription).Suspensions.Reasons())
			assert.Equal(t, lifecycle.Active, c.Customership(), "a suspended service is still in use")

			mustAdvance(t, c, "2026-01-20")
			assert.Equal(t, lifecycle.Suspended, c.State(prescription), "the suspension lasts until correction is demonstrated")

			mustExec(t, c, "2026-01-21", commitment.DemonstrateCorrection{Service: prescription})
			assert.Equal(t, lifecycle.Active, c.State(prescription))
			assert.Zero(t, use(t, c, prescription).Suspensions.Len())
		})
	}

	t.Run("suspended for two reasons, one demonstration ends both", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-21", commitment.SuspendService{Service: prescription, Reason: lifecycle.ValviraProhibition})
		assert.Equal(t, []lifecycle.SuspensionReason{lifecycle.Endangers, lifecycle.ValviraProhibition}, use(t, c, prescription).Suspensions.Reasons())
		mustExec(t, c, "2025-01-22", commitment.DemonstrateCorrection{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.State(prescription))
	})

	t.Run("a suspended service receiving notice returns to notice-given", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-15", commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		term, pending := use(t, c, prescription).PendingTermination()
		require.True(t, pending)
		assert.Equal(t, day("2025-03-01"), term.Effective)

		mustExec(t, c, "2025-02-01", commitment.DemonstrateCorrection{Service: prescription})
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "correction does not cancel the notice")
		mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
	})

	t.Run("suspending a service under notice keeps its termination, which still takes effect", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		mustExec(t, c, "2025-02-10", commitment.SuspendService{Service: prescription, Reason: lifecycle.LicenceRevoked})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		_, pending := use(t, c, prescription).PendingTermination()
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
		mustExec(t, c, "2025-01-20", commitment.SuspendService{All: true, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
		assert.Equal(t, lifecycle.Suspended, c.State(patientData))
		assert.Equal(t, lifecycle.Requested, c.State(imaging), "an application is not in use")
		mustExec(t, c, "2025-01-21", commitment.DemonstrateCorrection{All: true})
		assert.Equal(t, lifecycle.Active, c.State(prescription))
		assert.Equal(t, lifecycle.Active, c.State(patientData))
	})

	refusals := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		cmd   commitment.Command
	}{
		{"suspending an application", func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-11", laterRequest(imaging)) },
			commitment.SuspendService{Service: imaging, Reason: lifecycle.Endangers}},
		{"suspending a terminated service", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-11", commitment.TerminateByAuthority{Service: patientData})
		}, commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers}},
		{"demonstrating correction of an active service", nil, commitment.DemonstrateCorrection{Service: prescription}},
		{"demonstrating correction of all, none suspended", nil, commitment.DemonstrateCorrection{All: true}},
	}
	for _, tc := range refusals {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-20"), tc.cmd)
			refusedBy(t, err, lifecycle.S4, "YTE 5")
			before.assertUnchanged(t, c)
		})
	}

	t.Run("every reason's event is recorded as given", func(t *testing.T) {
		for _, reason := range lifecycle.SuspensionReasons() {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
			events, err := c.Execute(day("2025-01-20"), commitment.SuspendService{Service: prescription, Reason: reason})
			require.NoError(t, err)
			require.Len(t, events, 1)
			assert.Equal(t, lifecycle.SuspendService{Reason: reason}, events[0].(commitment.Transitioned).Event)
		}
	})

	t.Run("an unknown reason is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		_, err := c.Execute(day("2025-01-20"), commitment.SuspendService{Service: prescription, Reason: "bad-mood"})
		assert.Equal(t, "reason", inputError(t, err).Field)
	})

	t.Run("a history suspending for an unknown reason is refused", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		h := c.History()
		_, err := commitment.Replay(h)
		require.NoError(t, err)

		last := h[len(h)-1].(commitment.Transitioned)
		last.Event = lifecycle.SuspendService{Reason: "bad-mood"}
		h[len(h)-1] = last
		_, err = commitment.Replay(h)
		e := inputError(t, err)
		assert.Equal(t, fmt.Sprintf("history[%d]", len(h)-1), e.Field)
		assert.Contains(t, e.Error(), "bad-mood")

		data := marshal(t, c)
		_, err = commitment.Restore(bytes.Replace(data, []byte(`"reason":"endangers"`), []byte(`"reason":"bad-mood"`), 1))
		assert.ErrorContains(t, err, "bad-mood")
	})
}

// S5: the customer ends the use of the social welfare client data
// repository by a written notice one month before the end of use (SAT),
// counted backwards from the first day without the service (act 150/1930
// §4): timely when given <= effective − 1 month, month ends clamped.
func TestSAT_S5_TerminationNeedsOneMonthBeforeTheEndOfUse(t *testing.T) {
	cases := []struct {
		name      string
		effective string
		latest    string // the latest timely notice day
	}{
		{"plain month", "2025-03-01", "2025-02-01"},
		{"end of February", "2025-02-28", "2025-01-28"},
		{"31 March in a leap year: 29 February", "2024-03-31", "2024-02-29"},
		{"30 March in a leap year: 29 February", "2024-03-30", "2024-02-29"},
		{"31 March: 28 February", "2025-03-31", "2025-02-28"},
		{"30 April: 30 March", "2025-04-30", "2025-03-30"},
		{"31 May: 30 April", "2025-05-31", "2025-04-30"},
		{"over the turn of the year", "2025-01-31", "2024-12-31"},
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
						mustExec(t, c, "2023-11-02", commitment.SuspendService{Service: sat, Reason: lifecycle.Endangers})
					}
					return c
				}
				cmd := commitment.GiveTerminationNotice{Service: sat, Effective: day(tc.effective), Reason: lifecycle.Reorganisation}

				t.Run("on the latest notice day: accepted", func(t *testing.T) {
					c := setup(t)
					_, err := c.Execute(day(tc.latest), cmd)
					require.NoError(t, err)
					term, pending := use(t, c, sat).PendingTermination()
					require.True(t, pending)
					assert.Equal(t, day(tc.effective), term.Effective, "the effective day is never moved")
				})
				t.Run("a day later: refused citing SAT", func(t *testing.T) {
					c := setup(t)
					before := freeze(t, c)
					_, err := c.Execute(day(tc.latest).AddDays(1), cmd)
					r := refusedBy(t, err, lifecycle.S5, "SAT")
					assert.NotContains(t, r.Rules(), lifecycle.S5b, "SAT's own period, not the default")
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
// the default is one month (design, nearest YTE 7.1).
func TestDesign_S5b_OtherServicesTakeTheirPeriodFromTheCatalogue(t *testing.T) {
	cat := catalogueWith(t,
		commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
		commitment.Entry{Service: "laboratory-results", Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
	)
	for _, id := range []lifecycle.ServiceID{imaging, "laboratory-results"} {
		entry, ok := cat.Entry(id)
		require.True(t, ok)
		assert.Equal(t, lifecycle.S5b, entry.Terms.TerminationRule, "an entry without a rule of its own cites S5b")
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
		cmd := commitment.GiveTerminationNotice{Service: tc.service, Effective: day("2025-03-01"), Reason: lifecycle.BusinessAcquisition}
		t.Run(string(tc.service)+"/on the latest notice day", func(t *testing.T) {
			c := setup(t)
			_, err := c.Execute(day(tc.latest), cmd)
			require.NoError(t, err)
			assert.Equal(t, lifecycle.NoticeGiven, c.State(tc.service))
		})
		t.Run(string(tc.service)+"/a day later", func(t *testing.T) {
			c := setup(t)
			before := freeze(t, c)
			_, err := c.Execute(day(tc.latest).AddDays(1), cmd)
			r := refusedBy(t, err, lifecycle.S5b, "design")
			assert.Contains(t, r.Citations(), "YTE 7.1")
			assert.NotContains(t, r.Rules(), lifecycle.S5, "SAT's rule is the repository's only")
			before.assertUnchanged(t, c)
		})
	}

	t.Run("all: each service against its own period", func(t *testing.T) {
		setup := func(t *testing.T) *commitment.Commitment {
			return customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", imaging, prescription)
		}
		c := setup(t)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-02-10"), commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		r := refusedBy(t, err, lifecycle.S5b, "design")
		require.Len(t, r.Blockers, 1, "only the one-month service is late")
		assert.Equal(t, string(prescription), r.Blockers[0].Subject)
		before.assertUnchanged(t, c)

		_, err = c.Execute(day("2025-02-20"), commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		r = refusedBy(t, err, lifecycle.S5b, "design")
		var late []string
		for _, b := range r.Blockers {
			late = append(late, b.Subject)
		}
		assert.ElementsMatch(t, []string{string(imaging), string(prescription)}, late, "one refusal lists every late service")
		before.assertUnchanged(t, c)

		c = setup(t)
		_, err = c.Execute(day("2025-02-01"), commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Terminating, c.Customership())
	})

	t.Run("the default entries take one month, citing S5b", func(t *testing.T) {
		for _, id := range lifecycle.Services() {
			entry, ok := commitment.DefaultCatalogue().Entry(id)
			require.True(t, ok)
			assert.Equal(t, oneMonth, entry.Terms.Termination, id)
			want := lifecycle.S5b
			if id == sat {
				want = lifecycle.S5
			}
			assert.Equal(t, want, entry.Terms.TerminationRule, id)
		}
	})
}

// S6: a terminated service can be taken into use again only by a new request
// (design): every other command is refused, a new request is accepted.
func TestDesign_S6_TerminatedServiceReturnsOnlyByANewRequest(t *testing.T) {
	setup := func(t *testing.T) *commitment.Commitment {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", prescription, sat)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: sat})
		require.Equal(t, lifecycle.Terminated, c.State(sat))
		require.Equal(t, lifecycle.Active, c.Customership())
		return c
	}
	refused := []struct {
		cmd    commitment.Command
		rule   lifecycle.Rule
		clause string
	}{
		{commitment.PassJointTesting{Service: sat}, lifecycle.S2, "SAT"},
		{commitment.PassActivationTest{Service: sat}, lifecycle.S2, "SAT"},
		{commitment.ApproveService{Service: sat}, lifecycle.C3, "YTE 7"},
		{commitment.WithdrawApplication{Service: sat}, lifecycle.C12, "REK"},
		{commitment.SuspendService{Service: sat, Reason: lifecycle.Endangers}, lifecycle.S4, "YTE 5"},
		{commitment.DemonstrateCorrection{Service: sat}, lifecycle.S4, "YTE 5"},
		{commitment.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, lifecycle.C9, "YTE 7.1"},
		{commitment.TerminateByAuthority{Service: sat}, lifecycle.C11, "YTE 7.1"},
	}
	for _, tc := range refused {
		t.Run("refused: "+tc.cmd.Name(), func(t *testing.T) {
			c := setup(t)
			before := freeze(t, c)
			_, err := c.Execute(day("2025-02-01"), tc.cmd)
			refusedBy(t, err, tc.rule, tc.clause)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("a new request starts the use afresh", func(t *testing.T) {
		c := setup(t)
		mustExec(t, c, "2025-02-01", laterRequest(sat)) // C2: the customership is still active
		u := use(t, c, sat)
		assert.Equal(t, lifecycle.Requested, u.State)
		assert.Nil(t, u.Termination, "the old termination belongs to the old use")
		assert.True(t, u.JointTested.IsZero(), "the tests are passed again")
		_, err := c.Execute(day("2025-02-02"), commitment.ApproveService{Service: sat})
		refusedBy(t, err, lifecycle.S2, "SAT")
		activateTests(t, c, "2025-02-03", sat)
		mustExec(t, c, "2025-02-04", commitment.ApproveService{Service: sat})
		assert.Equal(t, lifecycle.Active, c.State(sat))
	})

	t.Run("after the customership ended, the new request carries a new commitment", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: sat})
		require.Equal(t, lifecycle.Ended, c.Customership())
		_, err := c.Execute(day("2025-02-01"), laterRequest(sat))
		refusedBy(t, err, lifecycle.C1, "YTE 7")
		mustExec(t, c, "2025-02-01", firstRequest(sat))
		assert.Equal(t, lifecycle.Applied, c.Customership())
	})
}

// activateTests passes joint testing and the activation test of service on
// day on.
func activateTests(t *testing.T, c *commitment.Commitment, on string, service lifecycle.ServiceID) {
	t.Helper()
	mustExec(t, c, on, commitment.PassJointTesting{Service: service})
	mustExec(t, c, on, commitment.PassActivationTest{Service: service})
}

// S7: Kanta's termination on an authority's notice takes effect on the day
// the notice or Kela's decision states (design, nearest YTE 7.1): until then
// the service stays in use with the termination pending.
func TestDesign_S7_AuthorityTerminationTakesEffectOnTheStatedDay(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		until lifecycle.State // the service's state until the effective day
	}{
		{"active", nil, lifecycle.NoticeGiven},
		{"suspended", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-15", commitment.SuspendService{Service: prescription, Reason: lifecycle.OperationProhibited})
		}, lifecycle.Suspended},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: prescription, Effective: day("2025-02-15")})
			assert.Equal(t, tc.until, c.State(prescription))
			term, pending := use(t, c, prescription).PendingTermination()
			require.True(t, pending)
			assert.Equal(t, lifecycle.Termination{Given: day("2025-01-20"), Effective: day("2025-02-15"), ByAuthority: true}, term)

			mustAdvance(t, c, "2025-02-14")
			assert.Equal(t, tc.until, c.State(prescription), "in use until the stated day")
			mustAdvance(t, c, "2025-02-15")
			assert.Equal(t, lifecycle.Terminated, c.State(prescription))
			assert.Equal(t, day("2025-02-15"), use(t, c, prescription).Ended)
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("all, on a later day: terminating until then, ended on it", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{All: true, Effective: day("2025-02-15")})
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		mustAdvance(t, c, "2025-02-15")
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	// Two terminations pending for one service: it ends on the earlier day.
	// The authority's later day does not postpone the customer's own
	// termination, and an earlier one brings it forward.
	pending := []struct {
		name      string
		authority string
		want      string
	}{
		{"the authority's day after the customer's", "2025-06-01", "2025-03-01"},
		{"the authority's day before the customer's", "2025-02-15", "2025-02-15"},
	}
	for _, tc := range pending {
		t.Run("a customer's termination pending: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
			mustExec(t, c, "2025-01-21", commitment.TerminateByAuthority{Service: prescription, Effective: day(tc.authority)})
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
			term, ok := use(t, c, prescription).PendingTermination()
			require.True(t, ok)
			assert.Equal(t, day(tc.want), term.Effective)

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

	t.Run("the authority's notice needs no notice period", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat, prescription)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: sat, Effective: day("2025-01-21")})
		mustAdvance(t, c, "2025-01-21")
		assert.Equal(t, lifecycle.Terminated, c.State(sat))
	})
}

// SPEC §10: a termination takes effect on its effective day: the day before
// the service is notice-given, on the day terminated, whether time is moved
// on by Advance or by a later command, and the transition is dated on the
// effective day either way.
func TestSPEC10_TerminationTakesEffectOnItsEffectiveDay(t *testing.T) {
	setup := func(t *testing.T) *commitment.Commitment {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
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
		c := setup(t)
		assert.Empty(t, mustAdvance(t, c, "2025-02-28"))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription), "the day before")
		assertTerminatedOnTheDay(t, c, mustAdvance(t, c, "2025-03-01"))
	})

	t.Run("by Advance well past the day", func(t *testing.T) {
		c := setup(t)
		assertTerminatedOnTheDay(t, c, mustAdvance(t, c, "2025-07-01"))
	})

	t.Run("by a later command", func(t *testing.T) {
		c := setup(t)
		events := mustExec(t, c, "2025-03-15", commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		assertTerminatedOnTheDay(t, c, events)
		require.GreaterOrEqual(t, len(events), 2)
		assert.Equal(t, day("2025-03-01"), events[0].Date(), "the due termination comes first")
		assert.Equal(t, day("2025-03-15"), events[len(events)-1].Date())
	})

	t.Run("a command the day before still finds the service in use", func(t *testing.T) {
		c := setup(t)
		mustExec(t, c, "2025-02-28", commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.Suspended, c.State(prescription))
	})

	t.Run("a command on the day finds it terminated", func(t *testing.T) {
		c := setup(t)
		_, err := c.Execute(day("2025-03-01"), commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		refusedBy(t, err, lifecycle.S4, "YTE 5")
	})

	t.Run("a notice taking effect on the day it is given ends the use at once", func(t *testing.T) {
		cat := catalogueWith(t, commitment.Entry{Service: imaging}) // no period: without delay
		c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, imaging)
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: imaging, Effective: day("2025-01-20"), Reason: lifecycle.OtherChange})
		assert.Equal(t, lifecycle.Terminated, c.State(imaging))
		assert.Equal(t, day("2025-01-20"), use(t, c, imaging).Ended)
	})
}

// P1: contacts are named in the roles that the customer's kind and services
// call for (REK, SAT).
func TestREK_P1_ContactsAreNamedInTheRolesTheCustomerNeeds(t *testing.T) {
	cases := []struct {
		kind     lifecycle.Kind
		services []lifecycle.ServiceID
		role     commitment.ContactRole
		ok       bool
	}{
		{lifecycle.PublicHealthCareProvider, nil, commitment.DisruptionNotice, true},
		{lifecycle.PublicHealthCareProvider, nil, commitment.Communications, true},
		{lifecycle.PublicHealthCareProvider, nil, commitment.Administrative, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.Administrative, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.Technical, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.DataProtectionOfficer, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.Billing, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.PatientDataArchivist, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, commitment.PatientDataArchivist, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, commitment.SocialWelfareArchivist, false},
		{lifecycle.PublicSocialWelfareProvider, []lifecycle.ServiceID{sat}, commitment.SocialWelfareArchivist, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, commitment.ImagingTechnical, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{imaging}, commitment.ImagingTechnical, true},
		{lifecycle.SystemVendor, nil, commitment.Development, true},
		{lifecycle.SystemVendor, nil, commitment.Maintenance, true},
		{lifecycle.SystemVendor, nil, commitment.JointTestingContact, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, commitment.Development, false},
		{lifecycle.KantaIntermediary, nil, commitment.ConnectionPoint, true},
		{lifecycle.SystemVendor, nil, commitment.ConnectionPoint, false},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+"/"+string(tc.role), func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			for _, s := range tc.services {
				activate(t, c, "2025-01-10", s)
			}
			contact := commitment.Contact{Role: tc.role, Name: "Maija Meikäläinen", Email: "maija@example.fi"}
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-20"), commitment.NameContact{Contact: contact})
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, []commitment.Contact{contact}, c.Contacts())
				return
			}
			refusedBy(t, err, lifecycle.P1, "REK")
			before.assertUnchanged(t, c)
		})
	}

	t.Run("several archivists, but not the same one twice", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		mustExec(t, c, "2025-01-20", commitment.NameContact{Contact: commitment.Contact{Role: commitment.SocialWelfareArchivist, Name: "Arkistonhoitaja A"}})
		mustExec(t, c, "2025-01-20", commitment.NameContact{Contact: commitment.Contact{Role: commitment.SocialWelfareArchivist, Name: "Arkistonhoitaja B"}})
		_, err := c.Execute(day("2025-01-21"), commitment.NameContact{Contact: commitment.Contact{Role: commitment.SocialWelfareArchivist, Name: "Arkistonhoitaja A"}})
		refusedBy(t, err, lifecycle.P1, "REK")
		assert.Len(t, c.Contacts(), 2)
		mustExec(t, c, "2025-01-22", commitment.RemoveContact{Role: commitment.SocialWelfareArchivist, Person: "Arkistonhoitaja A"})
		assert.Equal(t, "Arkistonhoitaja B", c.Contacts()[0].Name)
	})

	t.Run("malformed contacts", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		_, err := c.Execute(day("2025-01-20"), commitment.NameContact{Contact: commitment.Contact{Role: "janitor", Name: "X"}})
		inputError(t, err)
		_, err = c.Execute(day("2025-01-20"), commitment.NameContact{Contact: commitment.Contact{Role: commitment.Communications}})
		inputError(t, err)
		_, err = c.Execute(day("2025-01-20"), commitment.RemoveContact{Role: commitment.Communications, Person: "nobody"})
		inputError(t, err)
		assert.Len(t, c.History(), 1)
	})
}
