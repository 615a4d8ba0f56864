package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// documents returns the documents of acceptances.
func documents(acceptances []commitment.DocumentAccepted) []lifecycle.Document {
	var docs []lifecycle.Document
	for _, a := range acceptances {
		docs = append(docs, a.Document)
	}
	return docs
}

// C1: the customership begins with the first service: the customer commits,
// accepts the general terms and that service's description (YTE 7).
func TestC1_FirstRequestCarriesTheCommitmentAndTheGeneralTerms(t *testing.T) {
	cases := []struct {
		name    string
		accepts []lifecycle.Document
		missing []string // the documents the refusal names; nil: accepted
	}{
		{"commitment, general terms and description: accepted", allDocs, nil},
		{"without the commitment", []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, []string{"commitment"}},
		{"without the general terms", []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.ServiceDescription}, []string{"general-terms"}},
		{"with only the service description", descOnly, []string{"commitment", "general-terms"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-10"),
				lifecycle.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: tc.accepts})
			if tc.missing != nil {
				r := refusedBy(t, err, rules.C1, "YTE 7")
				require.Len(t, r.Blockers, 1)
				for _, m := range tc.missing {
					assert.Contains(t, r.Blockers[0].Reason, m)
				}
				assert.Nil(t, events)
				before.assertUnchanged(t, c)
				assert.Equal(t, lifecycle.None, c.Customership())
				assert.Equal(t, lifecycle.None, c.State(prescription))
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Applied, c.Customership())
			assert.Equal(t, lifecycle.Requested, c.State(prescription))
			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.CommitmentSigned{}, cs[0].Event)
			assert.Equal(t, lifecycle.None, cs[0].From)
			assert.Equal(t, lifecycle.Applied, cs[0].To)
			assert.ElementsMatch(t, allDocs, documents(eventsOf[commitment.DocumentAccepted](events)), "every accepted document is recorded")
			assert.ElementsMatch(t, allDocs, documents(c.Acceptances()))
		})
	}
}

// C2: later services need only their own service description; no new
// commitment. Once the customership has ended (or every application was
// withdrawn), no commitment is in force and a new request is a first one
// again (C1).
func TestC2_LaterServicesNeedOnlyTheirOwnDescription(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, c *commitment.Commitment) // leaves the customership in the state under test by 2025-03-10
		accepts []lifecycle.Document
		want    rules.Rule // "": accepted
	}{
		{
			name:    "customership applied: description only",
			setup:   func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-10", firstRequest(prescription)) },
			accepts: descOnly,
		},
		{
			name:    "customership active: description only",
			setup:   func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", prescription) },
			accepts: descOnly,
		},
		{
			name: "customership terminating: description only",
			setup: func(t *testing.T, c *commitment.Commitment) {
				activate(t, c, "2025-01-10", prescription)
				mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
				require.Equal(t, lifecycle.Terminating, c.Customership())
			},
			accepts: descOnly,
		},
		{
			name: "customership ended: description only is refused",
			setup: func(t *testing.T, c *commitment.Commitment) {
				activate(t, c, "2025-01-10", prescription)
				mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription})
				require.Equal(t, lifecycle.Ended, c.Customership())
			},
			accepts: descOnly,
			want:    rules.C1,
		},
		{
			name: "customership ended: a new commitment is accepted",
			setup: func(t *testing.T, c *commitment.Commitment) {
				activate(t, c, "2025-01-10", prescription)
				mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription})
				require.Equal(t, lifecycle.Ended, c.Customership())
			},
			accepts: allDocs,
		},
		{
			name: "customership withdrawn: description only is refused",
			setup: func(t *testing.T, c *commitment.Commitment) {
				mustExec(t, c, "2025-01-10", firstRequest(prescription))
				mustExec(t, c, "2025-01-20", lifecycle.WithdrawApplication{Service: prescription})
				require.Equal(t, lifecycle.Withdrawn, c.Customership())
			},
			accepts: descOnly,
			want:    rules.C1,
		},
		{
			name: "customership withdrawn: a new commitment is accepted",
			setup: func(t *testing.T, c *commitment.Commitment) {
				mustExec(t, c, "2025-01-10", firstRequest(prescription))
				mustExec(t, c, "2025-01-20", lifecycle.WithdrawApplication{Service: prescription})
			},
			accepts: allDocs,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			tc.setup(t, c)
			before := c.CustomershipRecord()
			frozen := freeze(t, c)
			events, err := c.Execute(day("2025-03-10"),
				lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: tc.accepts})
			if tc.want != "" {
				refusedBy(t, err, tc.want, "YTE 7")
				frozen.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Requested, c.State(patientData))
			assert.ElementsMatch(t, tc.accepts, documents(eventsOf[commitment.DocumentAccepted](events)), "only the documents accepted now are recorded")
			if before.IsCommitted() {
				assert.Equal(t, before, c.CustomershipRecord(), "a later service starts no new customership")
				assert.Empty(t, customershipTransitions(events))
				return
			}
			assert.Equal(t, lifecycle.Applied, c.Customership(), "a new commitment starts a new customership")
			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.CommitmentSigned{}, cs[0].Event)
			assert.Equal(t, before.State, cs[0].From)
		})
	}
}

// C3: obligations take effect when Kela approves the first service; until
// then the customership is applied. The approval informs THL's code
// service, or Fimea for a pharmacist (S2, YTE 2.5).
func TestC3_ObligationsTakeEffectWhenKelaApprovesTheFirstService(t *testing.T) {
	cases := []struct {
		name      string
		kind      lifecycle.Kind
		service   lifecycle.ServiceID
		recipient string
	}{
		{"private health care provider", lifecycle.PrivateHealthCareProvider, prescription, "THL national code service"},
		{"pharmacist: Fimea", lifecycle.Pharmacist, prescription, "Fimea"},
		{"hospital pharmacy: THL", lifecycle.HospitalPharmacy, prescription, "THL national code service"},
		{"social welfare provider, through both tests", lifecycle.PrivateSocialWelfareProvider, sat, "THL national code service"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			mustExec(t, c, "2025-01-10", firstRequest(tc.service))
			assert.Equal(t, lifecycle.Applied, c.Customership(), "applied from the request")
			if tc.service == sat {
				mustExec(t, c, "2025-01-15", lifecycle.PassJointTesting{Service: sat})
				assert.Equal(t, lifecycle.Applied, c.Customership(), "still applied after joint testing")
				mustExec(t, c, "2025-01-18", lifecycle.PassActivationTest{Service: sat})
				assert.Equal(t, lifecycle.Applied, c.Customership(), "still applied after the activation test")
			}
			assert.True(t, c.CustomershipRecord().Since.IsZero(), "no customership in force before the approval")
			events := mustExec(t, c, "2025-01-20", lifecycle.ApproveService{Service: tc.service})
			assert.Equal(t, lifecycle.Active, c.Customership(), "active from the approval")
			assert.Equal(t, lifecycle.Active, c.State(tc.service))
			assert.Equal(t, day("2025-01-20"), use(t, c, tc.service).Approved)
			assert.Equal(t, day("2025-01-20"), c.CustomershipRecord().Since)

			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.FirstServiceApproved{}, cs[0].Event)
			assert.Equal(t, lifecycle.Applied, cs[0].From)

			informed := eventsOf[commitment.CodeServiceInformed](events)
			require.Len(t, informed, 1, "approval informs the code service at the same time (YTE 2.5)")
			assert.Equal(t, commitment.CodeServiceInformed{On: day("2025-01-20"), Service: tc.service, Recipient: tc.recipient}, informed[0])
		})
	}

	t.Run("a second service's approval changes the customership no more", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(patientData))
		events := mustExec(t, c, "2025-01-20", lifecycle.ApproveService{Service: patientData})
		assert.Empty(t, customershipTransitions(events))
		assert.Equal(t, day("2025-01-10"), c.CustomershipRecord().Since, "the customership began with the first approval")
		assert.Len(t, eventsOf[commitment.CodeServiceInformed](events), 1, "each service's approval is notified")
	})

	t.Run("approval of a service never requested is refused", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.ApproveService{Service: prescription})
		refusedBy(t, err, rules.C3, "YTE 7")
		before.assertUnchanged(t, c)
		assert.Equal(t, lifecycle.None, c.Customership())
	})

	t.Run("approval of a withdrawn application is refused", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(prescription))
		mustExec(t, c, "2025-01-12", lifecycle.WithdrawApplication{Service: prescription})
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.ApproveService{Service: prescription})
		refusedBy(t, err, rules.C3, "YTE 7")
		before.assertUnchanged(t, c)
	})
}

// C4: the signatory holds the signing right by a register extract or
// minutes, or is authorised by someone who does (YTE 7). An app vendor has
// no authorisation route (A3, OTV 8).
func TestC4_SignatoryNeedsSigningRightOrAuthorisation(t *testing.T) {
	cases := []struct {
		kind      lifecycle.Kind
		signatory lifecycle.Signatory
		want      rules.Rule // "": accepted
		clause    string
	}{
		{lifecycle.PrivateHealthCareProvider, lifecycle.TradeRegister, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.FoundationRegister, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.AssociationRegister, "", ""},
		{lifecycle.PublicHealthCareProvider, lifecycle.GoverningBodyMinutes, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.Authorised, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.NoSignatory, rules.C4, "YTE 7"},
		{lifecycle.PrivateHealthCareProvider, "", rules.C4, "YTE 7"},
		{lifecycle.AppVendor, lifecycle.TradeRegister, "", ""},
		{lifecycle.AppVendor, lifecycle.Authorised, rules.A3, "OTV 8"},
		{lifecycle.AppVendor, lifecycle.NoSignatory, rules.A3, "OTV 8"},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+"/"+string(tc.signatory), func(t *testing.T) {
			t.Run("first request", func(t *testing.T) {
				c := newCustomer(t, tc.kind)
				before := freeze(t, c)
				_, err := c.Execute(day("2025-01-10"),
					lifecycle.RequestService{Service: lifecycle.MyDataRepository, Signatory: tc.signatory, Accepts: allDocs})
				if tc.want == "" {
					require.NoError(t, err)
					assert.Equal(t, tc.signatory, use(t, c, lifecycle.MyDataRepository).Signatory)
					return
				}
				r := refusedBy(t, err, tc.want, tc.clause)
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, string(tc.signatory), r.Blockers[0].Input)
				before.assertUnchanged(t, c)
			})
			t.Run("later request", func(t *testing.T) {
				c := customerWith(t, tc.kind, "2025-01-10", prescription)
				before := freeze(t, c)
				_, err := c.Execute(day("2025-01-20"),
					lifecycle.RequestService{Service: lifecycle.MyDataRepository, Signatory: tc.signatory, Accepts: descOnly})
				if tc.want == "" {
					require.NoError(t, err)
					return
				}
				refusedBy(t, err, tc.want, tc.clause)
				before.assertUnchanged(t, c)
			})
		})
	}

	t.Run("an unknown signatory is malformed", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		_, err := c.Execute(day("2025-01-10"), lifecycle.RequestService{Service: prescription, Signatory: "notary", Accepts: allDocs})
		assert.Equal(t, "signatory", inputError(t, err).Field)
		assert.Len(t, c.History(), 1)
	})
}

// C6: a pharmacist's commitment covers every pharmacy the pharmacist holds:
// adding a pharmacy needs no new commitment (YTE 7).
func TestC6_PharmacistsCommitmentCoversEveryPharmacy(t *testing.T) {
	cases := []struct {
		name     string
		kind     lifecycle.Kind
		request  bool     // a service is in use (a commitment is in force)
		have     []string // pharmacies already covered
		pharmacy string
		refused  bool
	}{
		{"the first pharmacy", lifecycle.Pharmacist, true, nil, "Keskusapteekki", false},
		{"a branch pharmacy", lifecycle.Pharmacist, true, []string{"Keskusapteekki"}, "Keskusapteekin sivuapteekki", false},
		{"the same pharmacy twice", lifecycle.Pharmacist, true, []string{"Keskusapteekki"}, "Keskusapteekki", true},
		{"not a pharmacist", lifecycle.HospitalPharmacy, true, nil, "Keskusapteekki", true},
		{"no commitment in force", lifecycle.Pharmacist, false, nil, "Keskusapteekki", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			if tc.request {
				activate(t, c, "2025-01-10", prescription)
			}
			for _, p := range tc.have {
				mustExec(t, c, "2025-01-15", lifecycle.AddPharmacy{Pharmacy: p})
			}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-02-01"), lifecycle.AddPharmacy{Pharmacy: tc.pharmacy})
			if tc.refused {
				r := refusedBy(t, err, rules.C6, "YTE 7")
				assert.Equal(t, tc.pharmacy, r.Blockers[0].Input)
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, append(append([]string(nil), tc.have...), tc.pharmacy), c.Pharmacies())
			require.Len(t, events, 1, "only the pharmacy is recorded: no new commitment, no acceptance, no transition")
			assert.Equal(t, commitment.Acted{On: day("2025-02-01"), Act: lifecycle.AddPharmacy{Pharmacy: tc.pharmacy}}, events[0])
			assert.Equal(t, "add-pharmacy", events[0].Type())
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("a pharmacy without a name is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.Pharmacist, "2025-01-10", prescription)
		_, err := c.Execute(day("2025-02-01"), lifecycle.AddPharmacy{})
		assert.Equal(t, "pharmacy", inputError(t, err).Field)
	})

	t.Run("the pharmacies survive a replay", func(t *testing.T) {
		c := customerWith(t, lifecycle.Pharmacist, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-15", lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"})
		mustExec(t, c, "2025-01-16", lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"})
		again, err := commitment.Replay(c.History())
		require.NoError(t, err)
		assert.Equal(t, []string{"Keskusapteekki", "Sivuapteekki"}, again.Pharmacies())
	})
}

// C7: the customership is valid until further notice: it has a day it began
// and no end date of its own, and time alone never ends it.
func TestC7_CustomershipIsValidUntilFurtherNotice(t *testing.T) {
	for _, years := range []int{1, 10, 50} {
		t.Run(notice.Years(years).String(), func(t *testing.T) {
			c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
			assert.Equal(t, lifecycle.Customership{State: lifecycle.Active, Since: day("2025-01-10")}, c.CustomershipRecord(),
				"a day it began and no end date")
			_, due := c.NextDue()
			assert.False(t, due, "nothing is due by time alone")

			later := day("2025-01-10").Add(notice.Years(years))
			events, err := c.Advance(later)
			require.NoError(t, err)
			assert.Empty(t, events, "nothing happens by the passage of time alone")
			assert.Equal(t, lifecycle.Customership{State: lifecycle.Active, Since: day("2025-01-10")}, c.CustomershipRecord())
			assert.Equal(t, lifecycle.Active, c.State(prescription))
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			// The customership still carries later services without a new commitment (C2).
			_, err = c.Execute(later, laterRequest(imaging))
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("the customership is a state with a day, no end date, in JSON", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription)
		assert.Contains(t, string(marshal(t, c)), `"customership":{"state":"active","since":"2025-01-10"}`)
	})
}

// C8: the customership requires at least one service in use; giving up the
// last service ends it (YTE 7.1). Applications still pending were made under
// the commitment that ended: they lapse with it, after the customership's
// last-service-ended step.
func TestC8_LastServiceEndsTheCustomership(t *testing.T) {
	t.Run("the last service ends by the customer's notice; a pending application lapses", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat)) // pending application
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		assert.Equal(t, lifecycle.Requested, c.State(sat), "the application waits while the last service is under notice")

		assert.Empty(t, mustAdvance(t, c, "2025-02-28"))
		assert.Equal(t, lifecycle.Terminating, c.Customership())

		events := mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Ended, c.Customership())
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		assert.Equal(t, lifecycle.Withdrawn, c.State(sat), "the pending application lapses")
		assert.Equal(t, lifecycle.Customership{State: lifecycle.Ended, Since: day("2025-01-10"), Ended: day("2025-03-01")}, c.CustomershipRecord())

		// In order: the last service ends, then the customership, then the
		// application made under it.
		require.Len(t, events, 3)
		var ids []engine.EventID
		for _, e := range events {
			tr, ok := e.(commitment.Transitioned)
			require.True(t, ok, "%T", e)
			assert.Equal(t, day("2025-03-01"), tr.On)
			ids = append(ids, tr.Event.EventID())
		}
		assert.Equal(t, []engine.EventID{"notice-elapsed", "last-service-ended", "application-lapsed"}, ids)
		lapsed := serviceTransitions(events, sat)
		require.Len(t, lapsed, 1)
		assert.Equal(t, lifecycle.ApplicationLapsed{}, lapsed[0].Event)
		assert.Equal(t, lifecycle.Requested, lapsed[0].From)
		assert.Equal(t, day("2025-03-01"), use(t, c, sat).Ended)
	})

	t.Run("the last service ends by an authority at once; every pending application lapses", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat))
		mustExec(t, c, "2025-01-13", lifecycle.PassJointTesting{Service: sat})
		mustExec(t, c, "2025-01-14", laterRequest(imaging))
		events := mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Ended, c.Customership())
		assert.Equal(t, lifecycle.Withdrawn, c.State(sat))
		assert.Equal(t, lifecycle.Withdrawn, c.State(imaging))
		var ids []engine.EventID
		for _, tr := range eventsOf[commitment.Transitioned](events) {
			ids = append(ids, tr.Event.EventID())
		}
		assert.Equal(t, []engine.EventID{"terminate-by-authority", "last-service-ended", "application-lapsed", "application-lapsed"}, ids)
	})

	t.Run("a remaining service keeps the customership", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.Customership())
		mustExec(t, c, "2025-01-21", lifecycle.TerminateByAuthority{Service: patientData})
		assert.Equal(t, lifecycle.Ended, c.Customership())
		assert.Equal(t, day("2025-01-21"), c.CustomershipRecord().Ended)
	})

	t.Run("a suspended last service is still in use", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription)
		events := mustExec(t, c, "2025-01-20", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.Active, c.Customership())
		assert.Empty(t, customershipTransitions(events))
	})

	t.Run("a pending application alone does not keep the customership", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(patientData))
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Ended, c.Customership(), "an application is not a service in use")
		assert.Equal(t, lifecycle.Withdrawn, c.State(patientData))
		_, err := c.Execute(day("2025-01-21"), lifecycle.ApproveService{Service: patientData})
		require.Error(t, err, "the lapsed application cannot be approved")
	})

	t.Run("the history of an ended customership replays", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat))
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		mustAdvance(t, c, "2025-03-01")
		again, err := commitment.Replay(c.History())
		require.NoError(t, err)
		assert.Equal(t, string(marshal(t, c)), string(marshal(t, again)))
	})
}

// C9: the customer terminates, in writing, on a change, one service (the
// customership stays while others remain) or all services and with them the
// customership (YTE 7.1). A notice for all is refused as a whole when it is
// late for any service, and the refusal names each late service.
func TestC9_CustomerTerminatesOneServiceOrAll(t *testing.T) {
	for _, reason := range lifecycle.TerminationReasons() {
		t.Run("one service: "+string(reason), func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			events := mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: reason})
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
			assert.Equal(t, &lifecycle.Termination{Given: day("2025-01-20"), Effective: day("2025-03-01"), Reason: reason},
				use(t, c, prescription).Termination)
			assert.Equal(t, lifecycle.Active, c.Customership(), "another service remains")
			assert.Empty(t, customershipTransitions(events))
			next, ok := c.NextDue()
			require.True(t, ok)
			assert.Equal(t, day("2025-03-01"), next)

			mustAdvance(t, c, "2025-03-01")
			assert.Equal(t, lifecycle.Terminated, c.State(prescription))
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			assert.Equal(t, lifecycle.Active, c.Customership(), "the customership stays while a service remains")
		})
	}

	t.Run("all services and the customership, a suspended one included", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData, imaging)
		mustExec(t, c, "2025-01-15", lifecycle.SuspendService{Service: imaging, Reason: lifecycle.LicenceRevoked})
		events := mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		for _, s := range []lifecycle.ServiceID{prescription, patientData, imaging} {
			tr := serviceTransitions(events, s)
			require.Len(t, tr, 1, s)
			assert.Equal(t, lifecycle.GiveTerminationNotice{Service: s, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations}, tr[0].Event,
				"each service records the notice as it applies to it")
		}
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
		assert.Equal(t, lifecycle.Suspended, c.State(imaging), "the suspended service receives the notice and stays suspended")
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		cs := customershipTransitions(events)
		require.Len(t, cs, 1)
		assert.Equal(t, lifecycle.AllServicesUnderNotice{}, cs[0].Event)

		mustAdvance(t, c, "2025-02-28")
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		mustAdvance(t, c, "2025-03-01")
		for _, s := range []lifecycle.ServiceID{prescription, patientData, imaging} {
			assert.Equal(t, lifecycle.Terminated, c.State(s), s)
			assert.Equal(t, day("2025-03-01"), use(t, c, s).Ended, s)
		}
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	t.Run("all: a service already under notice keeps its own day", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-12", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
		events := mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
		assert.Empty(t, serviceTransitions(events, prescription))
		assert.Len(t, serviceTransitions(events, patientData), 1)
		assert.Equal(t, day("2025-04-01"), use(t, c, prescription).Termination.Effective)
		assert.Equal(t, lifecycle.Terminating, c.Customership())
	})

	t.Run("a new service taken into use while terminating keeps the customership", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
		require.Equal(t, lifecycle.Terminating, c.Customership())
		mustExec(t, c, "2025-01-25", laterRequest(patientData))
		events := mustExec(t, c, "2025-01-26", lifecycle.ApproveService{Service: patientData})
		cs := customershipTransitions(events)
		require.Len(t, cs, 1)
		assert.Equal(t, lifecycle.ServiceTakenIntoUse{}, cs[0].Event)
		assert.Equal(t, lifecycle.Active, c.Customership())
		mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		assert.Equal(t, lifecycle.Active, c.Customership())
	})

	t.Run("all is refused as a whole when a notice is late for any service, naming each", func(t *testing.T) {
		cat := catalogueWith(t,
			commitment.Entry{Service: imaging, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
			commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{Termination: twoWeeks}},
		)
		c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, patientData, imaging, kelain)
		before := freeze(t, c)

		_, err := c.Execute(day("2025-02-10"), lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		r := refusedBy(t, err, rules.S5b, "YTE 7.1")
		var late []string
		for _, b := range r.Blockers {
			assert.Equal(t, rules.S5b, b.Rule)
			late = append(late, b.Subject)
		}
		assert.ElementsMatch(t, []string{string(prescription), string(patientData)}, late, "only the one-month services are late")
		assert.Contains(t, err.Error(), string(prescription))
		assert.Contains(t, err.Error(), string(patientData))
		before.assertUnchanged(t, c)
		for _, s := range []lifecycle.ServiceID{prescription, patientData, imaging, kelain} {
			assert.Equal(t, lifecycle.Active, c.State(s), "all or nothing: %s", s)
		}

		_, err = c.Execute(day("2025-02-20"), lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		r = refusedBy(t, err, rules.S5b, "YTE 7.1")
		assert.Len(t, r.Blockers, 4, "one refusal lists every late service")
		before.assertUnchanged(t, c)

		mustExec(t, c, "2025-02-01", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		assert.Equal(t, lifecycle.Terminating, c.Customership())
	})

	refusals := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		act   lifecycle.GiveTerminationNotice
	}{
		{"without a reason", nil,
			lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01")}},
		{"without an effective day", nil,
			lifecycle.GiveTerminationNotice{Service: prescription, Reason: lifecycle.OtherChange}},
		{"all, without a reason", nil,
			lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01")}},
		{"a service not yet in use", func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-12", laterRequest(imaging)) },
			lifecycle.GiveTerminationNotice{Service: imaging, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"a service never requested", nil,
			lifecycle.GiveTerminationNotice{Service: imaging, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"a service already under notice", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-12", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
		}, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"a suspended service already under notice", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-12", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
			mustExec(t, c, "2025-01-13", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		}, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"all, when nothing is left to terminate", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-12", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
		}, lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
	}
	for _, tc := range refusals {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), tc.act)
			assert.Nil(t, events)
			refusedBy(t, err, rules.C9, "YTE 7.1")
			before.assertUnchanged(t, c)
		})
	}

	malformed := []struct {
		name  string
		act   lifecycle.GiveTerminationNotice
		field string
	}{
		{"an unknown reason", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: "boredom"}, "reason"},
		{"effective before it was given", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-01-19"), Reason: lifecycle.OtherChange}, "effective"},
		{"neither a service nor all", lifecycle.GiveTerminationNotice{Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, "service"},
		{"both a service and all", lifecycle.GiveTerminationNotice{Service: prescription, All: true, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, "service"},
		{"an unknown service", lifecycle.GiveTerminationNotice{Service: "no-such-service", Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}, "service"},
	}
	for _, tc := range malformed {
		t.Run("malformed: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-20"), tc.act)
			assert.Equal(t, tc.field, inputError(t, err).Field)
			before.assertUnchanged(t, c)
		})
	}
}

// C10: a service marked statutory for the customer's kind is given up only
// when the statutory obligation lapses (or operations cease) or the customer
// moves to another connection model (YTE 7.1). No default entry is
// statutory; a user registers one in the catalogue.
func TestC10_StatutoryServiceIsGivenUpOnlyWhenTheObligationLapses(t *testing.T) {
	cat := catalogueWith(t, commitment.Entry{Service: patientData, Terms: lifecycle.ServiceTerms{
		Statutory:   []lifecycle.Kind{lifecycle.PublicHealthCareProvider},
		Termination: oneMonth,
	}})
	allowed := map[lifecycle.TerminationReason]bool{
		lifecycle.CeasingOperations: true, lifecycle.ObligationLapsed: true, lifecycle.ConnectionModelChange: true,
	}
	for _, reason := range lifecycle.TerminationReasons() {
		t.Run(string(reason), func(t *testing.T) {
			t.Run("statutory for the customer's kind", func(t *testing.T) {
				c := customerWithCatalogue(t, lifecycle.PublicHealthCareProvider, cat, "2025-01-10", prescription, patientData)
				before := freeze(t, c)
				_, err := c.Execute(day("2025-01-20"), lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
				if allowed[reason] {
					require.NoError(t, err)
					assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
					return
				}
				r := refusedBy(t, err, rules.C10, "YTE 7.1")
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, string(reason), r.Blockers[0].Input)
				before.assertUnchanged(t, c)
			})
			t.Run("all services, one of them statutory", func(t *testing.T) {
				c := customerWithCatalogue(t, lifecycle.PublicHealthCareProvider, cat, "2025-01-10", prescription, patientData)
				before := freeze(t, c)
				_, err := c.Execute(day("2025-01-20"), lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: reason})
				if allowed[reason] {
					require.NoError(t, err)
					assert.Equal(t, lifecycle.Terminating, c.Customership())
					return
				}
				r := refusedBy(t, err, rules.C10, "YTE 7.1")
				require.Len(t, r.Blockers, 1, "only the statutory service blocks")
				assert.Equal(t, string(patientData), r.Blockers[0].Subject)
				before.assertUnchanged(t, c)
				assert.Equal(t, lifecycle.Active, c.State(prescription), "all or nothing")
			})
			t.Run("not statutory for the customer's kind", func(t *testing.T) {
				c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, patientData)
				mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
			})
			t.Run("default catalogue: nothing is statutory", func(t *testing.T) {
				c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
				mustExec(t, c, "2025-01-20", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
			})
		})
	}

	t.Run("a use keeps the terms it was requested under", func(t *testing.T) {
		// The statutory entry came after the request: the use is not statutory.
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
		restored, err := commitment.Restore(marshal(t, c), commitment.WithCatalogue(cat))
		require.NoError(t, err)
		mustExec(t, restored, "2025-01-20", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	})
}

// C11: Kanta terminates one service or the whole customership on an
// authority's notice that prevents the use (YTE 7.1): at once when no later
// day is stated, from any state that is not final, applications included.
// A terminated service refuses it citing S6; a withdrawn or never requested
// one citing C11.
func TestC11_KantaTerminatesOnAnAuthoritysNotice(t *testing.T) {
	cases := []struct {
		from   engine.State
		setup  func(t *testing.T, c *commitment.Commitment) // brings sat to from, by 2025-01-20
		want   rules.Rule                                   // "": accepted
		clause string
	}{
		{lifecycle.Requested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
		}, "", ""},
		{lifecycle.JointTested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", lifecycle.PassJointTesting{Service: sat})
		}, "", ""},
		{lifecycle.ActivationTested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", lifecycle.PassJointTesting{Service: sat})
			mustExec(t, c, "2025-01-12", lifecycle.PassActivationTest{Service: sat})
		}, "", ""},
		{lifecycle.Active, func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", sat) }, "", ""},
		{lifecycle.Suspended, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", lifecycle.SuspendService{Service: sat, Reason: lifecycle.OperationProhibited})
		}, "", ""},
		{lifecycle.NoticeGiven, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", lifecycle.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
		}, "", ""},
		{lifecycle.Terminated, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", lifecycle.TerminateByAuthority{Service: sat})
		}, rules.S6, "design"},
		{lifecycle.Withdrawn, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", lifecycle.WithdrawApplication{Service: sat})
		}, rules.C11, "YTE 7.1"},
		{lifecycle.None, func(t *testing.T, c *commitment.Commitment) {}, rules.C11, "YTE 7.1"},
	}
	for _, tc := range cases {
		for _, effective := range []string{"", "2025-01-20", "2025-01-01"} { // none, the same day, a day already past: all at once
			t.Run(tc.from.Name()+"/effective "+effective, func(t *testing.T) {
				// Another service keeps the customership active throughout.
				c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription)
				tc.setup(t, c)
				require.Equal(t, tc.from, c.State(sat))
				act := lifecycle.TerminateByAuthority{Service: sat}
				if effective != "" {
					act.Effective = day(effective)
				}
				before := freeze(t, c)
				events, err := c.Execute(day("2025-01-20"), act)
				if tc.want != "" {
					refusedBy(t, err, tc.want, tc.clause)
					before.assertUnchanged(t, c)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Terminated, c.State(sat))
				u := use(t, c, sat)
				assert.Equal(t, day("2025-01-20"), u.Ended)
				assert.Equal(t, &lifecycle.Termination{Given: day("2025-01-20"), Effective: day("2025-01-20"), ByAuthority: true}, u.Termination)
				tr := serviceTransitions(events, sat)
				require.Len(t, tr, 1)
				assert.Equal(t, tc.from, tr[0].From)
				assert.Equal(t, act, tr[0].Event)
				assert.Equal(t, lifecycle.Active, c.Customership(), "the other service remains")
			})
		}
	}

	t.Run("all: the whole customership ends at once, applications included", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription, patientData)
		mustExec(t, c, "2025-01-10", lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-10", laterRequest(sat))
		mustExec(t, c, "2025-01-20", lifecycle.TerminateByAuthority{All: true})
		for _, s := range []lifecycle.ServiceID{prescription, patientData, sat} {
			assert.Equal(t, lifecycle.Terminated, c.State(s), s)
			assert.Equal(t, day("2025-01-20"), use(t, c, s).Ended, s)
		}
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	t.Run("all: nothing left to terminate", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription)
		mustExec(t, c, "2025-01-10", lifecycle.TerminateByAuthority{All: true})
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-20"), lifecycle.TerminateByAuthority{All: true})
		refusedBy(t, err, rules.C11, "YTE 7.1")
		before.assertUnchanged(t, c)
	})
}

// C12: an application abandoned or cancelled before approval is withdrawn
// (REK); withdrawing the only application withdraws the customership.
func TestC12_ApplicationAbandonedBeforeApprovalIsWithdrawn(t *testing.T) {
	cases := []struct {
		name   string
		setup  func(t *testing.T, c *commitment.Commitment) // sat's use, by 2025-01-20
		want   rules.Rule                                   // "": accepted
		clause string
	}{
		{"requested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
		}, "", ""},
		{"joint-tested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
		}, "", ""},
		{"activation-tested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
			mustExec(t, c, "2025-01-14", lifecycle.PassActivationTest{Service: sat})
		}, "", ""},
		{"active: refused", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", sat) }, rules.C12, "REK"},
		{"suspended: refused", func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-12", lifecycle.SuspendService{Service: sat, Reason: lifecycle.Endangers})
		}, rules.C12, "REK"},
		{"withdrawn: refused", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", lifecycle.WithdrawApplication{Service: sat})
		}, rules.C12, "REK"},
		{"terminated: refused citing S6", func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-12", lifecycle.TerminateByAuthority{Service: sat})
		}, rules.S6, "design"},
		{"never requested: refused", func(t *testing.T, c *commitment.Commitment) {}, rules.C12, "REK"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
			tc.setup(t, c)
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), lifecycle.WithdrawApplication{Service: sat})
			if tc.want != "" {
				refusedBy(t, err, tc.want, tc.clause)
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Withdrawn, c.State(sat))
			assert.Equal(t, day("2025-01-20"), use(t, c, sat).Ended)
			wd := serviceTransitions(events, sat)
			require.Len(t, wd, 1)
			assert.Equal(t, lifecycle.WithdrawApplication{Service: sat}, wd[0].Event)
			assert.Equal(t, lifecycle.Withdrawn, c.Customership(), "every application was withdrawn before any approval")
			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.ApplicationsWithdrawn{}, cs[0].Event)
		})
	}

	t.Run("another application keeps the customership applied", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(sat))
		mustExec(t, c, "2025-01-11", laterRequest(prescription))
		events := mustExec(t, c, "2025-01-20", lifecycle.WithdrawApplication{Service: sat})
		assert.Empty(t, customershipTransitions(events))
		assert.Equal(t, lifecycle.Applied, c.Customership())
		mustExec(t, c, "2025-01-21", lifecycle.ApproveService{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.Customership())
	})

	t.Run("a withdrawn application is requested afresh", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-05", prescription)
		mustExec(t, c, "2025-01-10", laterRequest(sat))
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat})
		mustExec(t, c, "2025-01-14", lifecycle.WithdrawApplication{Service: sat})
		events := mustExec(t, c, "2025-01-20", laterRequest(sat))
		u := use(t, c, sat)
		assert.Equal(t, lifecycle.Requested, u.State)
		assert.Equal(t, day("2025-01-20"), u.Requested)
		assert.True(t, u.JointTested.IsZero(), "the tests are passed again")
		assert.True(t, u.Ended.IsZero())
		tr := serviceTransitions(events, sat)
		require.Len(t, tr, 1)
		assert.Equal(t, lifecycle.Withdrawn, tr[0].From)
	})
}

// C13: when activation is phased, the general terms and the service
// description must hold in each part of the organisation where the service
// is taken into use (YTE 7). A request naming a new part of the
// organisation extends the use there; a request repeated without one is
// refused.
func TestC13_RequestNamingANewOrgUnitNeedsTheTermsThere(t *testing.T) {
	both := []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	cases := []struct {
		name      string
		applying  bool // the service is still an application (otherwise in use)
		accepts   []lifecycle.Document
		signatory lifecycle.Signatory
		unit      string
		want      rules.Rule // "": accepted
		blockers  int
	}{
		{"in use: terms and description accepted there", false, both, lifecycle.Authorised, "Kotihoito", "", 0},
		{"applying: terms and description accepted there", true, both, lifecycle.TradeRegister, "Kotihoito", "", 0},
		{"without the general terms", false, descOnly, lifecycle.TradeRegister, "Kotihoito", rules.C13, 1},
		{"without the description", false, []lifecycle.Document{lifecycle.GeneralTerms}, lifecycle.TradeRegister, "Kotihoito", rules.C13, 1},
		{"without either", false, nil, lifecycle.TradeRegister, "Kotihoito", rules.C13, 1},
		{"signed without the signing right", false, both, lifecycle.NoSignatory, "Kotihoito", rules.C4, 1},
		{"without the terms and the signing right", false, nil, lifecycle.NoSignatory, "Kotihoito", rules.C13, 2},
		{"in use: no part of the organisation named", false, both, lifecycle.TradeRegister, "", rules.C13, 1},
		{"applying: no part of the organisation named", true, both, lifecycle.TradeRegister, "", rules.C13, 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
			if tc.applying {
				mustExec(t, c, "2025-01-10", firstRequest(sat))
			} else {
				activate(t, c, "2025-01-10", sat)
			}
			state := c.State(sat)
			before := freeze(t, c)
			events, err := c.Execute(day("2025-02-01"),
				lifecycle.RequestService{Service: sat, Signatory: tc.signatory, Accepts: tc.accepts, OrgUnit: tc.unit})
			if tc.want != "" {
				r := refusedBy(t, err, tc.want, "YTE 7")
				assert.Len(t, r.Blockers, tc.blockers, "%v", r)
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, state, c.State(sat), "the use goes on in its state")
			assert.Equal(t, []lifecycle.OrgUnit{{Name: tc.unit, Requested: day("2025-02-01")}}, use(t, c, sat).Units)
			tr := serviceTransitions(events, sat)
			require.Len(t, tr, 1)
			assert.Equal(t, state, tr[0].From)
			assert.Equal(t, state, tr[0].To)
			acc := eventsOf[commitment.DocumentAccepted](events)
			require.Len(t, acc, 2)
			for _, a := range acc {
				assert.Equal(t, tc.unit, a.OrgUnit, "accepted in the part of the organisation")
			}
			assert.Empty(t, customershipTransitions(events))
		})
	}

	t.Run("the same part of the organisation twice is refused", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		req := lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: both, OrgUnit: "Kotihoito"}
		mustExec(t, c, "2025-02-01", req)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-02-02"), req)
		refusedBy(t, err, rules.C13, "YTE 7")
		before.assertUnchanged(t, c)
	})
}

// C13: tests and approvals that name a part of the organisation on a
// service in use act on that part only; an approval there waits for that
// part's own tests where the entry requires them, and informs the code
// service no more. Naming a part that never requested the service is
// refused.
func TestC13_TestsAndApprovalsActOnTheNamedOrgUnitOnly(t *testing.T) {
	both := []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	unitRequest := func(unit string) lifecycle.RequestService {
		return lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister, Accepts: both, OrgUnit: unit}
	}
	inUse := func(t *testing.T) *commitment.Commitment {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		mustExec(t, c, "2025-02-01", unitRequest("Kotihoito"))
		return c
	}

	t.Run("an SAT unit's approval waits for that unit's tests", func(t *testing.T) {
		c := inUse(t)
		whole := use(t, c, sat)
		before := freeze(t, c)
		_, err := c.Execute(day("2025-02-02"), lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"})
		r := refusedBy(t, err, rules.C13, "YTE 7")
		require.Len(t, r.Blockers, 2, "both tests are missing there")
		assert.Contains(t, r.Blockers[0].Reason, "joint testing")
		assert.Contains(t, r.Blockers[1].Reason, "activation test")
		assert.Equal(t, "Kotihoito", r.Blockers[0].Input)
		before.assertUnchanged(t, c)

		mustExec(t, c, "2025-02-03", lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"})
		_, err = c.Execute(day("2025-02-04"), lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"})
		r = refusedBy(t, err, rules.C13, "YTE 7")
		require.Len(t, r.Blockers, 1)
		assert.Contains(t, r.Blockers[0].Reason, "activation test")

		mustExec(t, c, "2025-02-05", lifecycle.PassActivationTest{Service: sat, OrgUnit: "Kotihoito"})
		events := mustExec(t, c, "2025-02-06", lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"})
		assert.Empty(t, eventsOf[commitment.CodeServiceInformed](events), "the code service was informed at the first approval only")
		assert.Empty(t, customershipTransitions(events))

		u := use(t, c, sat)
		assert.Equal(t, lifecycle.Active, u.State)
		assert.Equal(t, []lifecycle.OrgUnit{{Name: "Kotihoito", Requested: day("2025-02-01"),
			JointTested: day("2025-02-03"), ActivationTested: day("2025-02-05"), Approved: day("2025-02-06")}}, u.Units)
		assert.Equal(t, whole.JointTested, u.JointTested, "the service's own test days are untouched")
		assert.Equal(t, whole.ActivationTested, u.ActivationTested)
		assert.Equal(t, whole.Approved, u.Approved)
	})

	t.Run("a unit already approved is approved no more", func(t *testing.T) {
		c := inUse(t)
		mustExec(t, c, "2025-02-03", lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"})
		mustExec(t, c, "2025-02-03", lifecycle.PassActivationTest{Service: sat, OrgUnit: "Kotihoito"})
		mustExec(t, c, "2025-02-03", lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"})
		before := freeze(t, c)
		for _, act := range []lifecycle.Act{
			lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"},
			lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"},
		} {
			_, err := c.Execute(day("2025-02-04"), act)
			refusedBy(t, err, rules.C13, "YTE 7")
		}
		before.assertUnchanged(t, c)
	})

	t.Run("a unit of a service without required tests is approved at once", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", patientData)
		mustExec(t, c, "2025-02-01", lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: both, OrgUnit: "Vuodeosasto"})
		events := mustExec(t, c, "2025-02-02", lifecycle.ApproveService{Service: patientData, OrgUnit: "Vuodeosasto"})
		assert.Empty(t, eventsOf[commitment.CodeServiceInformed](events))
		assert.Equal(t, day("2025-02-02"), use(t, c, patientData).Units[0].Approved)
	})

	t.Run("a unit's approval while the service is suspended or under notice", func(t *testing.T) {
		for _, tc := range []struct {
			name  string
			act   lifecycle.Act
			state engine.State
		}{
			{"suspended", lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, lifecycle.Suspended},
			{"under notice", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, lifecycle.NoticeGiven},
		} {
			t.Run(tc.name, func(t *testing.T) {
				c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", patientData)
				mustExec(t, c, "2025-02-01", lifecycle.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: both, OrgUnit: "Vuodeosasto"})
				mustExec(t, c, "2025-02-01", tc.act)
				mustExec(t, c, "2025-02-02", lifecycle.ApproveService{Service: patientData, OrgUnit: "Vuodeosasto"})
				assert.Equal(t, tc.state, c.State(patientData), "the unit's approval changes the service's state no more")
			})
		}
	})

	t.Run("a unit requested with the application is approved with it", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(sat))
		mustExec(t, c, "2025-01-11", unitRequest("Kotihoito"))
		mustExec(t, c, "2025-01-12", lifecycle.PassJointTesting{Service: sat, OrgUnit: "Kotihoito"})
		mustExec(t, c, "2025-01-13", lifecycle.PassActivationTest{Service: sat, OrgUnit: "Kotihoito"})
		events := mustExec(t, c, "2025-01-14", lifecycle.ApproveService{Service: sat, OrgUnit: "Kotihoito"})
		u := use(t, c, sat)
		assert.Equal(t, lifecycle.Active, u.State)
		assert.Equal(t, day("2025-01-14"), u.Approved)
		assert.Equal(t, day("2025-01-14"), u.Units[0].Approved)
		assert.Len(t, eventsOf[commitment.CodeServiceInformed](events), 1, "the first approval informs the code service")
	})

	unknown := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment) // brings sat to the state under test, with the unit Kotihoito, by 2025-01-11
		act   lifecycle.Act
	}{
		{"joint testing, in use", inUseWithUnit, lifecycle.PassJointTesting{Service: sat, OrgUnit: "Ensihoito"}},
		{"activation test, in use", inUseWithUnit, lifecycle.PassActivationTest{Service: sat, OrgUnit: "Ensihoito"}},
		{"approval, in use", inUseWithUnit, lifecycle.ApproveService{Service: sat, OrgUnit: "Ensihoito"}},
		{"joint testing, requested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-11", unitRequest("Kotihoito"))
		}, lifecycle.PassJointTesting{Service: sat, OrgUnit: "Ensihoito"}},
		{"approval, activation-tested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-10", lifecycle.PassJointTesting{Service: sat})
			mustExec(t, c, "2025-01-10", lifecycle.PassActivationTest{Service: sat})
			mustExec(t, c, "2025-01-11", unitRequest("Kotihoito"))
		}, lifecycle.ApproveService{Service: sat, OrgUnit: "Ensihoito"}},
	}
	for _, tc := range unknown {
		t.Run("an unknown unit is refused: "+tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
			tc.setup(t, c)
			before := freeze(t, c)
			_, err := c.Execute(day("2025-02-01"), tc.act)
			r := refusedBy(t, err, rules.C13, "YTE 7")
			assert.Equal(t, []rules.Rule{rules.C13}, r.Rules())
			before.assertUnchanged(t, c)
		})
	}
}

// inUseWithUnit takes sat into use on 2025-01-10 and requests it for the
// unit Kotihoito on 2025-01-11.
func inUseWithUnit(t *testing.T, c *commitment.Commitment) {
	t.Helper()
	activate(t, c, "2025-01-10", sat)
	mustExec(t, c, "2025-01-11", lifecycle.RequestService{Service: sat, Signatory: lifecycle.TradeRegister,
		Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, OrgUnit: "Kotihoito"})
}

// P1: contacts are named in the roles that the customer's kind and services
// call for (REK, SAT).
func TestP1_ContactsAreNamedInTheRolesTheCustomerNeeds(t *testing.T) {
	cases := []struct {
		kind     lifecycle.Kind
		services []lifecycle.ServiceID
		role     lifecycle.ContactRole
		ok       bool
	}{
		{lifecycle.PublicHealthCareProvider, nil, lifecycle.DisruptionNotice, true},
		{lifecycle.PublicHealthCareProvider, nil, lifecycle.Communications, true},
		{lifecycle.PublicHealthCareProvider, nil, lifecycle.Administrative, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.Administrative, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.Technical, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.DataProtectionOfficer, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.Billing, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.PatientDataArchivist, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, lifecycle.PatientDataArchivist, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, lifecycle.SocialWelfareArchivist, false},
		{lifecycle.PublicSocialWelfareProvider, []lifecycle.ServiceID{sat}, lifecycle.SocialWelfareArchivist, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{patientData}, lifecycle.ImagingTechnical, false},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{imaging}, lifecycle.ImagingTechnical, true},
		{lifecycle.SystemVendor, nil, lifecycle.Development, true},
		{lifecycle.SystemVendor, nil, lifecycle.Maintenance, true},
		{lifecycle.SystemVendor, nil, lifecycle.JointTestingContact, true},
		{lifecycle.AppVendor, nil, lifecycle.Development, true},
		{lifecycle.AppVendor, nil, lifecycle.Administrative, true},
		{lifecycle.PublicHealthCareProvider, []lifecycle.ServiceID{prescription}, lifecycle.Development, false},
		{lifecycle.KantaIntermediary, nil, lifecycle.ConnectionPoint, true},
		{lifecycle.SystemVendor, nil, lifecycle.ConnectionPoint, false},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+"/"+string(tc.role), func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			for _, s := range tc.services {
				activate(t, c, "2025-01-10", s)
			}
			act := lifecycle.NameContact{Role: tc.role, Name: "Maija Meikäläinen", Email: "maija@example.fi"}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), act)
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, []lifecycle.Contact{act.Contact()}, c.Contacts())
				assert.Equal(t, []commitment.Event{commitment.Acted{On: day("2025-01-20"), Act: act}}, events)
				return
			}
			r := refusedBy(t, err, rules.P1, "REK")
			assert.Equal(t, string(tc.role), r.Blockers[0].Input)
			before.assertUnchanged(t, c)
		})
	}

	t.Run("several archivists, but not the same one twice", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicSocialWelfareProvider, "2025-01-10", sat)
		mustExec(t, c, "2025-01-20", lifecycle.NameContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja A"})
		mustExec(t, c, "2025-01-20", lifecycle.NameContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja B"})
		before := freeze(t, c)
		_, err := c.Execute(day("2025-01-21"), lifecycle.NameContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja A"})
		refusedBy(t, err, rules.P1, "REK")
		before.assertUnchanged(t, c)
		mustExec(t, c, "2025-01-22", lifecycle.RemoveContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja A"})
		require.Len(t, c.Contacts(), 1)
		assert.Equal(t, "Arkistonhoitaja B", c.Contacts()[0].Name)
		mustExec(t, c, "2025-01-23", lifecycle.NameContact{Role: lifecycle.SocialWelfareArchivist, Name: "Arkistonhoitaja A"})
		assert.Len(t, c.Contacts(), 2, "a removed contact may be named again")
	})

	t.Run("malformed contacts", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicHealthCareProvider)
		for _, act := range []lifecycle.Act{
			lifecycle.NameContact{Role: "janitor", Name: "X"},
			lifecycle.NameContact{Role: lifecycle.Communications},
			lifecycle.RemoveContact{Role: lifecycle.Communications, Name: "nobody"},
			lifecycle.RemoveContact{Role: lifecycle.Communications},
		} {
			_, err := c.Execute(day("2025-01-20"), act)
			inputError(t, err)
		}
		assert.Len(t, c.History(), 1)
	})
}
