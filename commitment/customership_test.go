package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// C1: the customership begins with the first service: the customer commits,
// accepts the general terms and that service's description (YTE 7).
func TestYTE7_C1_FirstRequestCarriesTheCommitmentAndTheGeneralTerms(t *testing.T) {
	cases := []struct {
		name    string
		accepts []lifecycle.Document
		refused bool
	}{
		{"commitment, general terms and description: accepted", allDocs, false},
		{"without the commitment", []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, true},
		{"without the general terms", []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.ServiceDescription}, true},
		{"with only the service description", descOnly, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
			events, err := c.Execute(day("2025-01-10"),
				commitment.RequestService{Service: prescription, Signatory: lifecycle.TradeRegister, Accepts: tc.accepts})
			if tc.refused {
				refusedBy(t, err, lifecycle.C1, "YTE 7")
				assert.Equal(t, lifecycle.None, c.Customership())
				assert.Equal(t, lifecycle.None, c.State(prescription))
				assert.Len(t, c.History(), 1, "only the registration")
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Applied, c.Customership())
			assert.Equal(t, lifecycle.Requested, c.State(prescription))
			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.CommitmentSigned{}, cs[0].Event)
			var docs []lifecycle.Document
			for _, a := range c.Acceptances() {
				docs = append(docs, a.Document)
			}
			assert.ElementsMatch(t, allDocs, docs, "every accepted document is recorded")
		})
	}
}

// C2: later services need only their own service description; no new
// commitment. Once the customership has ended (or every application was
// withdrawn), there is no commitment in force and a new request is a first
// one again (C1).
func TestYTE7_C2_LaterServicesNeedOnlyTheirOwnDescription(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, c *commitment.Commitment) // leaves the customership in the state under test on or before 2025-03-10
		accepts []lifecycle.Document
		want    error // nil: accepted
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
				mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
				require.Equal(t, lifecycle.Terminating, c.Customership())
			},
			accepts: descOnly,
		},
		{
			name: "customership ended: description only is refused",
			setup: func(t *testing.T, c *commitment.Commitment) {
				activate(t, c, "2025-01-10", prescription)
				mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: prescription})
				require.Equal(t, lifecycle.Ended, c.Customership())
			},
			accepts: descOnly,
			want:    lifecycle.C1,
		},
		{
			name: "customership ended: a new commitment is accepted",
			setup: func(t *testing.T, c *commitment.Commitment) {
				activate(t, c, "2025-01-10", prescription)
				mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: prescription})
				require.Equal(t, lifecycle.Ended, c.Customership())
			},
			accepts: allDocs,
		},
		{
			name: "customership withdrawn: description only is refused",
			setup: func(t *testing.T, c *commitment.Commitment) {
				mustExec(t, c, "2025-01-10", firstRequest(prescription))
				mustExec(t, c, "2025-01-20", commitment.WithdrawApplication{Service: prescription})
				require.Equal(t, lifecycle.Withdrawn, c.Customership())
			},
			accepts: descOnly,
			want:    lifecycle.C1,
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicHealthCareProvider)
			tc.setup(t, c)
			before := c.Customership()
			events, err := c.Execute(day("2025-03-10"),
				commitment.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister, Accepts: tc.accepts})
			if tc.want != nil {
				refusedBy(t, err, tc.want.(lifecycle.Rule), "YTE 7")
				assert.Equal(t, before, c.Customership())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Requested, c.State(patientData))
			var docs []lifecycle.Document
			for _, a := range eventsOf[commitment.DocumentAccepted](events) {
				docs = append(docs, a.Document)
			}
			assert.ElementsMatch(t, tc.accepts, docs, "only the documents accepted now are recorded")
			if lifecycle.Committed(before) {
				assert.Equal(t, before, c.Customership(), "a later service starts no new customership")
				assert.Empty(t, customershipTransitions(events))
			} else {
				assert.Equal(t, lifecycle.Applied, c.Customership(), "a new commitment starts a new customership")
			}
		})
	}
}

// C3: obligations take effect when Kela approves the first service; until
// then the customership is applied. Approval informs THL's code service, or
// Fimea for a pharmacy (S2, YTE 2.5).
func TestYTE7_C3_ObligationsTakeEffectWhenKelaApprovesTheFirstService(t *testing.T) {
	cases := []struct {
		name      string
		kind      lifecycle.Kind
		service   lifecycle.ServiceID
		recipient string
	}{
		{"private health care provider", lifecycle.PrivateHealthCareProvider, prescription, "THL national code service"},
		{"pharmacist: Fimea", lifecycle.Pharmacist, prescription, "Fimea"},
		{"social welfare provider, through both tests", lifecycle.PrivateSocialWelfareProvider, sat, "THL national code service"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			mustExec(t, c, "2025-01-10", firstRequest(tc.service))
			assert.Equal(t, lifecycle.Applied, c.Customership(), "applied from the request")
			if tc.service == sat {
				mustExec(t, c, "2025-01-15", commitment.PassJointTesting{Service: sat})
				assert.Equal(t, lifecycle.Applied, c.Customership(), "still applied after joint testing")
				mustExec(t, c, "2025-01-18", commitment.PassActivationTest{Service: sat})
				assert.Equal(t, lifecycle.Applied, c.Customership(), "still applied after the activation test")
			}
			events := mustExec(t, c, "2025-01-20", commitment.ApproveService{Service: tc.service})
			assert.Equal(t, lifecycle.Active, c.Customership(), "active from the approval")
			assert.Equal(t, lifecycle.Active, c.State(tc.service))
			assert.Equal(t, day("2025-01-20"), use(t, c, tc.service).Approved)

			cs := customershipTransitions(events)
			require.Len(t, cs, 1)
			assert.Equal(t, lifecycle.FirstServiceApproved{}, cs[0].Event)
			assert.Equal(t, lifecycle.Applied, cs[0].From)

			informed := eventsOf[commitment.CodeServiceInformed](events)
			require.Len(t, informed, 1, "approval informs the code service at the same time (YTE 2.5)")
			assert.Equal(t, commitment.CodeServiceInformed{On: day("2025-01-20"), Service: tc.service, Recipient: tc.recipient}, informed[0])
		})
	}

	t.Run("a second approval changes the customership no more", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(patientData))
		events := mustExec(t, c, "2025-01-20", commitment.ApproveService{Service: patientData})
		assert.Empty(t, customershipTransitions(events))
		assert.Len(t, eventsOf[commitment.CodeServiceInformed](events), 1)
	})

	t.Run("approval of a service never requested is refused", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		_, err := c.Execute(day("2025-01-20"), commitment.ApproveService{Service: prescription})
		refusedBy(t, err, lifecycle.C3, "YTE 7")
		assert.Equal(t, lifecycle.None, c.Customership())
		assert.Len(t, c.History(), 1)
	})
}

// C4: the signatory holds the signing right by a register extract or
// minutes, or is authorised by someone who does (YTE 7). An app vendor has no
// authorisation route (A3, OTV 8).
func TestYTE7_C4_SignatoryNeedsSigningRightOrAuthorisation(t *testing.T) {
	cases := []struct {
		kind      lifecycle.Kind
		signatory lifecycle.Signatory
		want      lifecycle.Rule // "": accepted
		clause    string
	}{
		{lifecycle.PrivateHealthCareProvider, lifecycle.TradeRegister, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.FoundationRegister, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.AssociationRegister, "", ""},
		{lifecycle.PublicHealthCareProvider, lifecycle.GoverningBodyMinutes, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.Authorised, "", ""},
		{lifecycle.PrivateHealthCareProvider, lifecycle.NoSignatory, lifecycle.C4, "YTE 7"},
		{lifecycle.PrivateHealthCareProvider, "", lifecycle.C4, "YTE 7"},
		{lifecycle.AppVendor, lifecycle.TradeRegister, "", ""},
		{lifecycle.AppVendor, lifecycle.Authorised, lifecycle.A3, "OTV 8"},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind)+"/"+string(tc.signatory), func(t *testing.T) {
			t.Run("first request", func(t *testing.T) {
				c := newCustomer(t, tc.kind)
				_, err := c.Execute(day("2025-01-10"),
					commitment.RequestService{Service: lifecycle.MyDataRepository, Signatory: tc.signatory, Accepts: allDocs})
				if tc.want == "" {
					require.NoError(t, err)
					assert.Equal(t, tc.signatory, use(t, c, lifecycle.MyDataRepository).Signatory)
					return
				}
				r := refusedBy(t, err, tc.want, tc.clause)
				require.Len(t, r.Blockers, 1)
				assert.Equal(t, string(tc.signatory), r.Blockers[0].Input)
				assert.Equal(t, lifecycle.None, c.Customership())
			})
			t.Run("later request", func(t *testing.T) {
				c := customerWith(t, tc.kind, "2025-01-10", prescription)
				_, err := c.Execute(day("2025-01-20"),
					commitment.RequestService{Service: lifecycle.MyDataRepository, Signatory: tc.signatory, Accepts: descOnly})
				if tc.want == "" {
					require.NoError(t, err)
					return
				}
				refusedBy(t, err, tc.want, tc.clause)
				assert.Equal(t, lifecycle.None, c.State(lifecycle.MyDataRepository))
			})
		})
	}

	t.Run("an unknown signatory is malformed", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PrivateHealthCareProvider)
		_, err := c.Execute(day("2025-01-10"), commitment.RequestService{Service: prescription, Signatory: "notary", Accepts: allDocs})
		ie := inputError(t, err)
		assert.Equal(t, "signatory", ie.Field)
	})
}

// C5: the commitment cannot be transferred to a third party without Kela's
// consent (YTE 7).
func TestYTE7_C5_TransferNeedsKelasConsent(t *testing.T) {
	successor := commitment.Customer{ID: "2345678-9", Name: "Seuraaja Oy", Kind: lifecycle.PrivateSocialWelfareProvider}
	healthCare := commitment.Customer{ID: "3456789-0", Name: "Terveys Oy", Kind: lifecycle.PrivateHealthCareProvider}
	cases := []struct {
		name    string
		active  bool // the customership is active (otherwise nothing was requested)
		to      commitment.Customer
		consent bool
		want    lifecycle.Rule // "": accepted
		clause  string
	}{
		{"with Kela's consent", true, successor, true, "", ""},
		{"without Kela's consent", true, successor, false, lifecycle.C5, "YTE 7"},
		{"no commitment in force to transfer", false, successor, true, lifecycle.C5, "YTE 7"},
		{"the receiver may not use the repository (S3)", true, healthCare, true, lifecycle.S3, "SAT"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PrivateSocialWelfareProvider)
			if tc.active {
				activate(t, c, "2025-01-10", sat)
			}
			original := c.Customer()
			before := freeze(t, c)
			events, err := c.Execute(day("2025-02-01"), commitment.TransferCommitment{To: tc.to, KelaConsent: tc.consent})
			if tc.want != "" {
				refusedBy(t, err, tc.want, tc.clause)
				before.assertUnchanged(t, c)
				assert.Equal(t, original, c.Customer())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.to, c.Customer())
			require.Len(t, events, 1)
			assert.Equal(t, commitment.CommitmentTransferred{On: day("2025-02-01"), From: original, To: tc.to}, events[0])
			assert.Equal(t, lifecycle.Active, c.State(sat), "the services go with the commitment")
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("to the same customer is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", sat)
		_, err := c.Execute(day("2025-02-01"), commitment.TransferCommitment{To: c.Customer(), KelaConsent: true})
		inputError(t, err)
	})
}

// C6: a pharmacist's commitment covers every pharmacy the pharmacist holds:
// adding a pharmacy needs no new commitment (YTE 7).
func TestYTE7_C6_PharmacistsCommitmentCoversEveryPharmacy(t *testing.T) {
	cases := []struct {
		name     string
		kind     lifecycle.Kind
		request  bool     // a service was requested (a commitment is in force)
		have     []string // pharmacies already covered
		pharmacy string
		want     lifecycle.Rule // "": accepted
	}{
		{"the first pharmacy", lifecycle.Pharmacist, true, nil, "Keskusapteekki", ""},
		{"a branch pharmacy", lifecycle.Pharmacist, true, []string{"Keskusapteekki"}, "Keskusapteekin sivuapteekki", ""},
		{"the same pharmacy twice", lifecycle.Pharmacist, true, []string{"Keskusapteekki"}, "Keskusapteekki", lifecycle.C6},
		{"not a pharmacist", lifecycle.HospitalPharmacy, true, nil, "Keskusapteekki", lifecycle.C6},
		{"no commitment in force", lifecycle.Pharmacist, false, nil, "Keskusapteekki", lifecycle.C6},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, tc.kind)
			if tc.request {
				activate(t, c, "2025-01-10", prescription)
			}
			for _, p := range tc.have {
				mustExec(t, c, "2025-01-15", commitment.AddPharmacy{Pharmacy: p})
			}
			before := freeze(t, c)
			events, err := c.Execute(day("2025-02-01"), commitment.AddPharmacy{Pharmacy: tc.pharmacy})
			if tc.want != "" {
				r := refusedBy(t, err, tc.want, "YTE 7")
				assert.Equal(t, tc.pharmacy, r.Blockers[0].Input)
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, append(append([]string(nil), tc.have...), tc.pharmacy), c.Pharmacies())
			require.Len(t, events, 1, "only the pharmacy is recorded: no new commitment, no acceptance, no transition")
			assert.Equal(t, commitment.PharmacyAdded{On: day("2025-02-01"), Pharmacy: tc.pharmacy}, events[0])
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}

	t.Run("a pharmacy without a name is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.Pharmacist, "2025-01-10", prescription)
		_, err := c.Execute(day("2025-02-01"), commitment.AddPharmacy{})
		inputError(t, err)
	})
}

// C7: the customership is valid until further notice: time alone never ends
// it.
func TestYTE7_C7_CustomershipIsValidUntilFurtherNotice(t *testing.T) {
	for _, years := range []int{1, 10, 50} {
		t.Run(notice.Years(years).String(), func(t *testing.T) {
			c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
			later := day("2025-01-10").Add(notice.Years(years))
			events, err := c.Advance(later)
			require.NoError(t, err)
			assert.Empty(t, events, "nothing happens by the passage of time alone")
			assert.Equal(t, lifecycle.Active, c.Customership())
			assert.Equal(t, lifecycle.Active, c.State(prescription))
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			// The customership still carries later services without a new commitment (C2).
			_, err = c.Execute(later, laterRequest(imaging))
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Active, c.Customership())
		})
	}
}

// C8: the customership requires at least one service in use; giving up the
// last service ends it (YTE 7.1). Applications still pending were made under
// the commitment that ended: they are withdrawn with cause C8.
func TestYTE7_1_C8_GivingUpTheLastServiceEndsTheCustomership(t *testing.T) {
	t.Run("the last service ends by the customer's notice", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-12", laterRequest(sat)) // pending application
		mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		assert.Equal(t, lifecycle.Requested, c.State(sat), "the application waits while the last service is under notice")

		mustAdvance(t, c, "2025-02-28")
		assert.Equal(t, lifecycle.Terminating, c.Customership())

		events := mustAdvance(t, c, "2025-03-01")
		assert.Equal(t, lifecycle.Ended, c.Customership())
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
		assert.Equal(t, lifecycle.Withdrawn, c.State(sat), "the pending application is withdrawn")

		wd := serviceTransitions(events, sat)
		require.Len(t, wd, 1)
		assert.Equal(t, lifecycle.WithdrawApplication{Cause: lifecycle.C8}, wd[0].Event)
		assert.Equal(t, day("2025-03-01"), wd[0].On)
		assert.Equal(t, day("2025-03-01"), use(t, c, sat).Ended)

		cs := customershipTransitions(events)
		require.Len(t, cs, 1)
		assert.Equal(t, lifecycle.LastServiceEnded{}, cs[0].Event)
		assert.Equal(t, day("2025-03-01"), cs[0].On)
	})

	t.Run("the last service ends by an authority at once", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	t.Run("a remaining service keeps the customership", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.Customership())
		mustExec(t, c, "2025-01-21", commitment.TerminateByAuthority{Service: patientData})
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	t.Run("a suspended last service is still in use", func(t *testing.T) {
		c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription)
		mustExec(t, c, "2025-01-20", commitment.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		assert.Equal(t, lifecycle.Active, c.Customership())
	})
}

// C9: the customer terminates, in writing, on a change, one service (the
// customership stays while others remain) or all services and the
// customership (YTE 7.1).
func TestYTE7_1_C9_CustomerTerminatesOneServiceOrAll(t *testing.T) {
	for _, reason := range lifecycle.TerminationReasons() {
		t.Run("one service: "+string(reason), func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: reason})
			assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
			assert.Equal(t, &lifecycle.Termination{Given: day("2025-01-20"), Effective: day("2025-03-01"), Reason: reason},
				use(t, c, prescription).Termination)
			assert.Equal(t, lifecycle.Active, c.Customership(), "another service remains")

			mustAdvance(t, c, "2025-03-01")
			assert.Equal(t, lifecycle.Terminated, c.State(prescription))
			assert.Equal(t, lifecycle.Active, c.State(patientData))
			assert.Equal(t, lifecycle.Active, c.Customership(), "the customership stays while a service remains")
		})
	}

	t.Run("all services and the customership", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData, imaging)
		mustExec(t, c, "2025-01-15", commitment.SuspendService{Service: imaging, Reason: lifecycle.LicenceRevoked})
		events := mustExec(t, c, "2025-01-20", commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
		assert.Len(t, serviceTransitions(events, prescription), 1)
		assert.Len(t, serviceTransitions(events, patientData), 1)
		assert.Len(t, serviceTransitions(events, imaging), 1, "the suspended service receives the notice too")
		assert.Equal(t, lifecycle.NoticeGiven, c.State(prescription))
		assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
		assert.Equal(t, lifecycle.Suspended, c.State(imaging))
		assert.Equal(t, lifecycle.Terminating, c.Customership())

		mustAdvance(t, c, "2025-02-28")
		assert.Equal(t, lifecycle.Terminating, c.Customership())
		mustAdvance(t, c, "2025-03-01")
		for _, s := range []lifecycle.ServiceID{prescription, patientData, imaging} {
			assert.Equal(t, lifecycle.Terminated, c.State(s), s)
			assert.Equal(t, day("2025-03-01"), use(t, c, s).Ended, s)
		}
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	refusals := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment)
		cmd   commitment.GiveTerminationNotice
	}{
		{"without a reason", nil,
			commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01")}},
		{"without an effective day", nil,
			commitment.GiveTerminationNotice{Service: prescription, Reason: lifecycle.OtherChange}},
		{"a service not yet in use", func(t *testing.T, c *commitment.Commitment) { mustExec(t, c, "2025-01-12", laterRequest(imaging)) },
			commitment.GiveTerminationNotice{Service: imaging, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"a service already under notice", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-12", commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
		}, commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
		{"all, when nothing is left to terminate", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-12", commitment.GiveTerminationNotice{All: true, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
		}, commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange}},
	}
	for _, tc := range refusals {
		t.Run("refused: "+tc.name, func(t *testing.T) {
			c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, patientData)
			if tc.setup != nil {
				tc.setup(t, c)
			}
			before := freeze(t, c)
			_, err := c.Execute(day("2025-01-20"), tc.cmd)
			refusedBy(t, err, lifecycle.C9, "YTE 7.1")
			before.assertUnchanged(t, c)
		})
	}

	t.Run("an unknown reason is malformed", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		_, err := c.Execute(day("2025-01-20"), commitment.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: "boredom"})
		assert.Equal(t, "reason", inputError(t, err).Field)
	})
}

// C10: a service marked statutory for the customer's kind is given up only
// when the statutory obligation lapses (or operations cease) or the customer
// moves to another connection model (YTE 7.1). No default entry is
// statutory; a user registers one.
func TestYTE7_1_C10_StatutoryServiceIsGivenUpOnlyWhenTheObligationLapses(t *testing.T) {
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
				_, err := c.Execute(day("2025-01-20"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
				if allowed[reason] {
					require.NoError(t, err)
					assert.Equal(t, lifecycle.NoticeGiven, c.State(patientData))
					return
				}
				r := refusedBy(t, err, lifecycle.C10, "YTE 7.1")
				assert.Equal(t, string(reason), r.Blockers[0].Input)
				before.assertUnchanged(t, c)
			})
			t.Run("all services, one of them statutory", func(t *testing.T) {
				c := customerWithCatalogue(t, lifecycle.PublicHealthCareProvider, cat, "2025-01-10", prescription, patientData)
				_, err := c.Execute(day("2025-01-20"), commitment.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: reason})
				if allowed[reason] {
					require.NoError(t, err)
					assert.Equal(t, lifecycle.Terminating, c.Customership())
					return
				}
				refusedBy(t, err, lifecycle.C10, "YTE 7.1")
				assert.Equal(t, lifecycle.Active, c.State(prescription), "all or nothing")
			})
			t.Run("not statutory for the customer's kind", func(t *testing.T) {
				c := customerWithCatalogue(t, lifecycle.PrivateHealthCareProvider, cat, "2025-01-10", prescription, patientData)
				_, err := c.Execute(day("2025-01-20"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
				require.NoError(t, err)
			})
			t.Run("default catalogue: nothing is statutory", func(t *testing.T) {
				c := customerWith(t, lifecycle.PublicHealthCareProvider, "2025-01-10", prescription, patientData)
				_, err := c.Execute(day("2025-01-20"), commitment.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: reason})
				require.NoError(t, err)
			})
		})
	}
}

// C11: Kanta terminates one service or the whole customership on an
// authority's notice that prevents the use (YTE 7.1), by default at once and
// from any state that is not final (S7), applications included.
func TestYTE7_1_C11_KantaTerminatesOnAnAuthoritysNotice(t *testing.T) {
	cases := []struct {
		from  lifecycle.State
		setup func(t *testing.T, c *commitment.Commitment) // brings sat to from, on or before 2025-01-20
		want  lifecycle.Rule                               // "": accepted
	}{
		{lifecycle.Requested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
		}, ""},
		{lifecycle.JointTested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", commitment.PassJointTesting{Service: sat})
		}, ""},
		{lifecycle.ActivationTested, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", commitment.PassJointTesting{Service: sat})
			mustExec(t, c, "2025-01-12", commitment.PassActivationTest{Service: sat})
		}, ""},
		{lifecycle.Active, func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", sat) }, ""},
		{lifecycle.Suspended, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", commitment.SuspendService{Service: sat, Reason: lifecycle.OperationProhibited})
		}, ""},
		{lifecycle.NoticeGiven, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", commitment.GiveTerminationNotice{Service: sat, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
		}, ""},
		{lifecycle.Terminated, func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-11", commitment.TerminateByAuthority{Service: sat})
		}, lifecycle.C11},
		{lifecycle.Withdrawn, func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", laterRequest(sat))
			mustExec(t, c, "2025-01-11", commitment.WithdrawApplication{Service: sat})
		}, lifecycle.C11},
		{lifecycle.None, func(t *testing.T, c *commitment.Commitment) {}, lifecycle.C11},
	}
	for _, tc := range cases {
		for _, effective := range []string{"", "2025-01-20", "2025-01-01"} { // none, the same day, a day already past: all at once
			t.Run(string(tc.from)+"/effective "+effective, func(t *testing.T) {
				// Another service keeps the customership active throughout.
				c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription)
				tc.setup(t, c)
				require.Equal(t, tc.from, c.State(sat))
				cmd := commitment.TerminateByAuthority{Service: sat}
				if effective != "" {
					cmd.Effective = day(effective)
				}
				before := freeze(t, c)
				_, err := c.Execute(day("2025-01-20"), cmd)
				if tc.want != "" {
					refusedBy(t, err, tc.want, "YTE 7.1")
					before.assertUnchanged(t, c)
					return
				}
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Terminated, c.State(sat))
				u := use(t, c, sat)
				assert.Equal(t, day("2025-01-20"), u.Ended)
				require.NotNil(t, u.Termination)
				assert.True(t, u.Termination.ByAuthority)
				assert.Equal(t, lifecycle.Active, c.Customership(), "the other service remains")
			})
		}
	}

	t.Run("all: the whole customership ends at once", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription, patientData)
		mustExec(t, c, "2025-01-10", commitment.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		mustExec(t, c, "2025-01-10", laterRequest(sat))
		mustExec(t, c, "2025-01-20", commitment.TerminateByAuthority{All: true})
		for _, s := range []lifecycle.ServiceID{prescription, patientData, sat} {
			assert.Equal(t, lifecycle.Terminated, c.State(s), s)
		}
		assert.Equal(t, lifecycle.Ended, c.Customership())
	})

	t.Run("all: nothing left to terminate", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateSocialWelfareProvider, "2025-01-05", prescription)
		mustExec(t, c, "2025-01-10", commitment.TerminateByAuthority{All: true})
		_, err := c.Execute(day("2025-01-20"), commitment.TerminateByAuthority{All: true})
		refusedBy(t, err, lifecycle.C11, "YTE 7.1")
	})
}

// C12: an application abandoned or cancelled before approval is withdrawn
// (REK); withdrawing the only application withdraws the customership.
func TestREK_C12_ApplicationAbandonedBeforeApprovalIsWithdrawn(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, c *commitment.Commitment) // sat's use, on or before 2025-01-20
		want  lifecycle.Rule                               // "": accepted
	}{
		{"requested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
		}, ""},
		{"joint-tested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: sat})
		}, ""},
		{"activation-tested", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", commitment.PassJointTesting{Service: sat})
			mustExec(t, c, "2025-01-14", commitment.PassActivationTest{Service: sat})
		}, ""},
		{"active: refused", func(t *testing.T, c *commitment.Commitment) { activate(t, c, "2025-01-10", sat) }, lifecycle.C12},
		{"suspended: refused", func(t *testing.T, c *commitment.Commitment) {
			activate(t, c, "2025-01-10", sat)
			mustExec(t, c, "2025-01-12", commitment.SuspendService{Service: sat, Reason: lifecycle.Endangers})
		}, lifecycle.C12},
		{"withdrawn: refused", func(t *testing.T, c *commitment.Commitment) {
			mustExec(t, c, "2025-01-10", firstRequest(sat))
			mustExec(t, c, "2025-01-12", commitment.WithdrawApplication{Service: sat})
		}, lifecycle.C12},
		{"never requested: refused", func(t *testing.T, c *commitment.Commitment) {}, lifecycle.C12},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
			tc.setup(t, c)
			before := freeze(t, c)
			events, err := c.Execute(day("2025-01-20"), commitment.WithdrawApplication{Service: sat})
			if tc.want != "" {
				refusedBy(t, err, tc.want, "REK")
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, lifecycle.Withdrawn, c.State(sat))
			assert.Equal(t, day("2025-01-20"), use(t, c, sat).Ended)
			wd := serviceTransitions(events, sat)
			require.Len(t, wd, 1)
			assert.Equal(t, lifecycle.WithdrawApplication{Cause: lifecycle.C12}, wd[0].Event)
			assert.Equal(t, lifecycle.Withdrawn, c.Customership(), "every application was withdrawn before any approval")
		})
	}

	t.Run("another application keeps the customership applied", func(t *testing.T) {
		c := newCustomer(t, lifecycle.PublicSocialWelfareProvider)
		mustExec(t, c, "2025-01-10", firstRequest(sat))
		mustExec(t, c, "2025-01-11", laterRequest(prescription))
		mustExec(t, c, "2025-01-20", commitment.WithdrawApplication{Service: sat})
		assert.Equal(t, lifecycle.Applied, c.Customership())
		mustExec(t, c, "2025-01-21", commitment.ApproveService{Service: prescription})
		assert.Equal(t, lifecycle.Active, c.Customership())
	})
}

// C13: when activation is phased across parts of the organisation, the
// general terms and the service description must hold in each part where the
// service is taken into use (YTE 7).
func TestYTE7_C13_PhasedActivationNeedsTheConditionsInEachPart(t *testing.T) {
	cases := []struct {
		name      string
		applying  bool // the service is still an application (otherwise in use)
		accepts   []lifecycle.Document
		signatory lifecycle.Signatory
		want      lifecycle.Rule // "": accepted
		blockers  int
	}{
		{"in use: terms and description accepted again", false, []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, lifecycle.Authorised, "", 0},
		{"applying: terms and description accepted again", true, []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, lifecycle.TradeRegister, "", 0},
		{"without the general terms", false, descOnly, lifecycle.TradeRegister, lifecycle.C13, 1},
		{"without the description", false, []lifecycle.Document{lifecycle.GeneralTerms}, lifecycle.TradeRegister, lifecycle.C13, 1},
		{"without either", false, nil, lifecycle.TradeRegister, lifecycle.C13, 2},
		{"signed without the signing right", false, []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}, lifecycle.NoSignatory, lifecycle.C4, 1},
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
				commitment.RequestService{Service: sat, Signatory: tc.signatory, Accepts: tc.accepts, OrgUnit: "Kotihoito"})
			if tc.want != "" {
				r := refusedBy(t, err, tc.want, "YTE 7")
				assert.Len(t, r.Blockers, tc.blockers)
				before.assertUnchanged(t, c)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, state, c.State(sat), "the use goes on in its state")
			assert.Equal(t, []string{"Kotihoito"}, use(t, c, sat).Units)
			added := eventsOf[commitment.OrgUnitAdded](events)
			require.Len(t, added, 1)
			assert.Equal(t, commitment.OrgUnitAdded{On: day("2025-02-01"), Service: sat, OrgUnit: "Kotihoito"}, added[0])
			acc := eventsOf[commitment.DocumentAccepted](events)
			require.Len(t, acc, 2)
			for _, a := range acc {
				assert.Equal(t, "Kotihoito", a.OrgUnit, "accepted in the part of the organisation")
			}
		})
	}
}

// C14: amended documents apply to earlier commitments from the document's
// date (YTE 9, OTV 3.1); the commitment records which version was accepted
// and tells which is in force on any day.
func TestYTE9_C14_AmendedTermsApplyFromTheirDate(t *testing.T) {
	cat, err := commitment.DefaultCatalogue().WithGeneralTerms(commitment.Version{ID: "1.1.2026", Date: day("2026-01-01")})
	require.NoError(t, err)
	cat, err = cat.WithDescription(prescription,
		commitment.Version{ID: "P-1", Date: day("2024-06-01")}, commitment.Version{ID: "P-2", Date: day("2026-01-01")})
	require.NoError(t, err)

	c := newCustomer(t, lifecycle.PrivateHealthCareProvider, commitment.WithCatalogue(cat))
	mustExec(t, c, "2025-01-10", firstRequest(prescription))
	mustAdvance(t, c, "2026-02-01")

	accepted := map[lifecycle.Document]string{}
	for _, a := range c.Acceptances() {
		accepted[a.Document] = a.Version
	}
	assert.Equal(t, map[lifecycle.Document]string{
		lifecycle.CommitmentDocument: "", // the commitment form has no versions
		lifecycle.GeneralTerms:       "30.12.2024",
		lifecycle.ServiceDescription: "P-1",
	}, accepted, "the accepted versions are kept after the amendment")

	inForce := []struct {
		on   string
		doc  lifecycle.Document
		want string
	}{
		{"2025-06-01", lifecycle.GeneralTerms, "30.12.2024"},
		{"2025-12-31", lifecycle.GeneralTerms, "30.12.2024"},
		{"2026-01-01", lifecycle.GeneralTerms, "1.1.2026"}, // the effective date is the document's date
		{"2026-02-01", lifecycle.GeneralTerms, "1.1.2026"},
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

	// An acceptance after the amendment records the new version.
	events := mustExec(t, c, "2026-02-01", commitment.RequestService{Service: patientData, Signatory: lifecycle.TradeRegister,
		Accepts: []lifecycle.Document{lifecycle.GeneralTerms, lifecycle.ServiceDescription}})
	for _, a := range eventsOf[commitment.DocumentAccepted](events) {
		if a.Document == lifecycle.GeneralTerms {
			assert.Equal(t, "1.1.2026", a.Version)
		}
	}

	t.Run("versions sharing a date or an identifier are malformed", func(t *testing.T) {
		_, err := cat.WithGeneralTerms(commitment.Version{ID: "other", Date: day("2026-01-01")})
		inputError(t, err)
		_, err = cat.WithGeneralTerms(commitment.Version{ID: "1.1.2026", Date: day("2027-01-01")})
		inputError(t, err)
		_, err = cat.WithGeneralTerms(commitment.Version{ID: "undated"})
		inputError(t, err)
	})
	t.Run("the catalogue it was derived from is unchanged", func(t *testing.T) {
		v, ok := commitment.DefaultCatalogue().InForce(lifecycle.GeneralTerms, "", day("2026-02-01"))
		require.True(t, ok)
		assert.Equal(t, "30.12.2024", v.ID)
	})
}
