package commitment_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// C5: the commitment cannot be transferred to a third party without Kela's
// consent (YTE 7). It passes with its customership, services, pharmacies
// and contacts to a party that holds no commitment of its own, which may
// hold what it covers (S3, K1, C6). A refused transfer changes neither
// party.
func TestC5_TransferNeedsKelasConsent(t *testing.T) {
	cases := []struct {
		name     string
		giver    lifecycle.Kind
		setup    func(t *testing.T, r *commitment.Register) // the giver's and the receiver's history, by 2025-01-31
		receiver lifecycle.Kind
		consent  bool
		want     []rules.Rule // nil: accepted
	}{
		{"with Kela's consent", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", sat)
		}, lifecycle.PublicSocialWelfareProvider, true, nil},
		{"without Kela's consent", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", sat)
		}, lifecycle.PrivateSocialWelfareProvider, false, []rules.Rule{rules.C5}},
		{"no commitment in force to transfer", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {},
			lifecycle.PrivateSocialWelfareProvider, true, []rules.Rule{rules.C5}},
		{"an ended customership is no commitment in force", lifecycle.PrivateHealthCareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", prescription)
			mustRun(t, r, "2025-01-20", "giver", lifecycle.TerminateByAuthority{Service: prescription})
		}, lifecycle.PrivateHealthCareProvider, true, []rules.Rule{rules.C5}},
		{"an applied customership is in force", lifecycle.PrivateHealthCareProvider, func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-10", "giver", firstRequest(prescription))
		}, lifecycle.PrivateHealthCareProvider, true, nil},
		{"the receiver may not use the repository in use", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", sat)
		}, lifecycle.PrivateHealthCareProvider, true, []rules.Rule{rules.S3}},
		{"the receiver may not use the repository applied for", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", prescription)
			mustRun(t, r, "2025-01-11", "giver", laterRequest(sat))
		}, lifecycle.PrivateHealthCareProvider, true, []rules.Rule{rules.S3}},
		{"a terminated repository does not pass", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", prescription)
			activateIn(t, r, "2025-01-10", "giver", sat)
			mustRun(t, r, "2025-01-11", "giver", lifecycle.TerminateByAuthority{Service: sat})
		}, lifecycle.PrivateHealthCareProvider, true, nil},
		{"the receiver holds a commitment of its own", lifecycle.PrivateHealthCareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", prescription)
			mustRun(t, r, "2025-01-10", "receiver", firstRequest(patientData))
		}, lifecycle.PrivateHealthCareProvider, true, []rules.Rule{rules.C5}},
		{"the receiver once held a commitment", lifecycle.PrivateHealthCareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", prescription)
			mustRun(t, r, "2025-01-10", "receiver", firstRequest(patientData))
			mustRun(t, r, "2025-01-11", "receiver", lifecycle.WithdrawApplication{Service: patientData})
		}, lifecycle.PrivateHealthCareProvider, true, []rules.Rule{rules.C5}},
		{"every reason at once", lifecycle.PrivateSocialWelfareProvider, func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "giver", sat)
			mustRun(t, r, "2025-01-10", "receiver", firstRequest(patientData))
		}, lifecycle.PrivateHealthCareProvider, false, []rules.Rule{rules.C5, rules.S3}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, party("giver", tc.giver), party("receiver", tc.receiver))
			tc.setup(t, r)
			giver, receiver := commitmentIn(t, r, "giver"), commitmentIn(t, r, "receiver")
			giverBefore, receiverBefore := freeze(t, giver), freeze(t, receiver)
			registerBefore := freezeRegister(t, r)
			act := lifecycle.TransferCommitment{To: "receiver", KelaConsent: tc.consent}

			changes, err := r.Execute(day("2025-02-01"), "giver", act)
			if tc.want != nil {
				var refusal *engine.Refusal
				require.ErrorAs(t, err, &refusal)
				assert.ElementsMatch(t, tc.want, refusal.Rules(), "%v", err)
				for _, rule := range tc.want {
					refusedBy(t, err, rule, rule.Citations()[0])
				}
				assert.Nil(t, changes)
				giverBefore.assertUnchanged(t, giver)
				receiverBefore.assertUnchanged(t, receiver)
				registerBefore.assertUnchanged(t, r)
				return
			}
			require.NoError(t, err)
			require.Len(t, changes, 2)
			history := giver.History()
			assert.Equal(t, commitment.Change{Stream: commitment.PartyStream("giver"), Version: len(history) - 1,
				Events: []commitment.Event{commitment.Acted{On: day("2025-02-01"), Act: act}}}, changes[0])
			assert.Equal(t, commitment.Change{Stream: commitment.PartyStream("receiver"), Version: 1,
				Events: []commitment.Event{commitment.CommitmentReceived{On: day("2025-02-01"), From: "giver", History: history[:len(history)-1]}}}, changes[1])
		})
	}
}

// C5: after the transfer the giving party keeps its history, which ends
// with the transfer, and holds nothing; the receiving party records the
// commitment received and holds the customership, the services, the
// pharmacies and the contacts, and goes on from there.
func TestC5_TransferMovesTheCommitmentToTheReceivingParty(t *testing.T) {
	r := register(t, party("apteekkari", lifecycle.Pharmacist), party("seuraaja", lifecycle.Pharmacist))
	activateIn(t, r, "2025-01-10", "apteekkari", prescription)
	mustRun(t, r, "2025-01-11", "apteekkari", laterRequest(kelain))
	mustRun(t, r, "2025-01-12", "apteekkari", lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"})
	mustRun(t, r, "2025-01-12", "apteekkari", lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"})
	mustRun(t, r, "2025-01-13", "apteekkari", lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tiimi"})
	giver, receiver := commitmentIn(t, r, "apteekkari"), commitmentIn(t, r, "seuraaja")
	given := giver.History()
	services, contacts, acceptances := giver.Services(), giver.Contacts(), giver.Acceptances()
	customership := giver.CustomershipRecord()

	act := lifecycle.TransferCommitment{To: "seuraaja", KelaConsent: true}
	mustRun(t, r, "2025-02-01", "apteekkari", act)

	t.Run("the giving party keeps its history and holds nothing", func(t *testing.T) {
		h := giver.History()
		require.Len(t, h, len(given)+1)
		assert.Equal(t, given, h[:len(given)], "the history before the transfer is kept")
		assert.Equal(t, commitment.Acted{On: day("2025-02-01"), Act: act}, h[len(h)-1], "it ends with the transfer")
		assert.Equal(t, "transfer-commitment", h[len(h)-1].Type())
		assert.Equal(t, lifecycle.PartyID("apteekkari"), giver.Customer().ID)
		assert.Equal(t, lifecycle.None, giver.Customership())
		assert.Empty(t, giver.Services())
		assert.Equal(t, lifecycle.None, giver.State(prescription))
		assert.Empty(t, giver.Pharmacies())
		assert.Empty(t, giver.Contacts())
		_, due := giver.NextDue()
		assert.False(t, due)
	})

	t.Run("the receiving party holds the commitment", func(t *testing.T) {
		h := receiver.History()
		require.Len(t, h, 2)
		assert.Equal(t, commitment.Registered{Customer: party("seuraaja", lifecycle.Pharmacist)}, h[0])
		assert.Equal(t, commitment.CommitmentReceived{On: day("2025-02-01"), From: "apteekkari", History: given}, h[1])
		assert.Equal(t, party("seuraaja", lifecycle.Pharmacist), receiver.Customer(), "the receiver stays itself")
		assert.Equal(t, customership, receiver.CustomershipRecord())
		assert.Equal(t, services, receiver.Services())
		assert.Equal(t, lifecycle.Active, receiver.State(prescription))
		assert.Equal(t, lifecycle.Requested, receiver.State(kelain))
		assert.Equal(t, []string{"Keskusapteekki", "Sivuapteekki"}, receiver.Pharmacies())
		assert.Equal(t, contacts, receiver.Contacts())
		assert.Equal(t, acceptances, receiver.Acceptances(), "the acceptances are kept with the commitment (R1)")
		assert.Equal(t, day("2025-02-01"), receiver.Today())
	})

	t.Run("the receiving party goes on under the commitment", func(t *testing.T) {
		mustRun(t, r, "2025-02-02", "seuraaja", lifecycle.ApproveService{Service: kelain})
		mustRun(t, r, "2025-02-02", "seuraaja", lifecycle.AddPharmacy{Pharmacy: "Uusi apteekki"})
		_, err := r.Execute(day("2025-02-02"), "seuraaja", lifecycle.AddPharmacy{Pharmacy: "Keskusapteekki"})
		refusedBy(t, err, rules.C6, "YTE 7")
		mustRun(t, r, "2025-02-03", "seuraaja", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-04-01"), Reason: lifecycle.CeasingOperations})
		_, err = r.Advance(day("2025-04-01"))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Ended, receiver.Customership())
	})

	t.Run("the giving party may start over with a new commitment", func(t *testing.T) {
		_, err := r.Execute(day("2025-02-05"), "apteekkari", laterRequest(prescription))
		refusedBy(t, err, rules.C1, "YTE 7")
		mustRun(t, r, "2025-02-05", "apteekkari", firstRequest(prescription))
		assert.Equal(t, lifecycle.Applied, giver.Customership())
	})

	t.Run("both streams replay and survive the register's JSON", func(t *testing.T) {
		for _, c := range []*commitment.Commitment{giver, receiver} {
			again, err := commitment.Replay(c.History())
			require.NoError(t, err, c.Customer().ID)
			assert.Equal(t, string(marshal(t, c)), string(marshal(t, again)))
		}
		restored, err := commitment.RestoreRegister(marshalRegister(t, r))
		require.NoError(t, err)
		assert.Equal(t, string(marshalRegister(t, r)), string(marshalRegister(t, restored)))
	})
}

// C5: what falls due by the day of the transfer happens first, in the
// giving party's stream, and passes with the history.
func TestC5_TransferAppliesWhatFellDueFirst(t *testing.T) {
	r := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
	activateIn(t, r, "2025-01-10", "giver", prescription)
	activateIn(t, r, "2025-01-10", "giver", patientData)
	mustRun(t, r, "2025-01-20", "giver", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})

	changes := mustRun(t, r, "2025-03-10", "giver", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true})
	require.Len(t, changes, 2)
	giverEvents := changes[0].Events
	require.Len(t, giverEvents, 2)
	elapsed, ok := giverEvents[0].(commitment.Transitioned)
	require.True(t, ok)
	assert.Equal(t, lifecycle.NoticeElapsed{}, elapsed.Event)
	assert.Equal(t, day("2025-03-01"), elapsed.On)
	assert.IsType(t, commitment.Acted{}, giverEvents[1])

	received := changes[1].Events[0].(commitment.CommitmentReceived)
	assert.Equal(t, elapsed, received.History[len(received.History)-1], "the history passed includes what fell due")
	receiver := commitmentIn(t, r, "receiver")
	assert.Equal(t, lifecycle.Terminated, receiver.State(patientData))
	assert.Equal(t, lifecycle.Active, receiver.State(prescription))
	_, due := receiver.NextDue()
	assert.False(t, due)
}

// C5: a pending termination passes with the commitment and takes effect in
// the receiving party's stream.
func TestC5_PendingTerminationPassesWithTheCommitment(t *testing.T) {
	r := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
	activateIn(t, r, "2025-01-10", "giver", prescription)
	activateIn(t, r, "2025-01-10", "giver", patientData)
	mustRun(t, r, "2025-01-20", "giver", lifecycle.GiveTerminationNotice{Service: patientData, Effective: day("2025-03-01"), Reason: lifecycle.Reorganisation})
	mustRun(t, r, "2025-02-01", "giver", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true})

	next, ok := r.NextDue(commitment.PartyStream("receiver"))
	require.True(t, ok)
	assert.Equal(t, day("2025-03-01"), next)
	_, ok = r.NextDue(commitment.PartyStream("giver"))
	assert.False(t, ok)

	changes, err := r.Advance(day("2025-03-01"))
	require.NoError(t, err)
	require.Len(t, changes, 1)
	assert.Equal(t, commitment.PartyStream("receiver"), changes[0].Stream)
	assert.Equal(t, lifecycle.Terminated, commitmentIn(t, r, "receiver").State(patientData))
}

// C5: deciding a transfer changes nothing; the changes it returns apply
// once, and only to the streams as they were decided on.
func TestC5_TransferIsDecidedThenApplied(t *testing.T) {
	r := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
	activateIn(t, r, "2025-01-10", "giver", prescription)
	before := freezeRegister(t, r)
	act := lifecycle.TransferCommitment{To: "receiver", KelaConsent: true}

	changes, err := r.Decide(day("2025-02-01"), "giver", act)
	require.NoError(t, err)
	require.Len(t, changes, 2)
	before.assertUnchanged(t, r)

	require.NoError(t, r.Apply(changes))
	assert.Equal(t, lifecycle.Active, commitmentIn(t, r, "receiver").State(prescription))
	assert.Equal(t, lifecycle.None, commitmentIn(t, r, "giver").State(prescription))
	after := freezeRegister(t, r)

	err = r.Apply(changes)
	assert.ErrorIs(t, err, commitment.ErrStale)
	after.assertUnchanged(t, r)

	other := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
	activateIn(t, other, "2025-01-10", "giver", prescription)
	executed, err := other.Execute(day("2025-02-01"), "giver", act)
	require.NoError(t, err)
	assert.Equal(t, changes, executed, "Execute applies what Decide decides")
	assert.Equal(t, string(marshalRegister(t, r)), string(marshalRegister(t, other)))
}

// C5: a transfer names another party, so it runs only on a Register; one
// that names no party, an unknown one, the giver itself, or a day earlier
// than either stream's latest event is malformed.
func TestC5_MalformedTransfers(t *testing.T) {
	t.Run("on a lone commitment", func(t *testing.T) {
		c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
		before := freeze(t, c)
		for _, act := range []lifecycle.Act{
			lifecycle.TransferCommitment{To: "other", KelaConsent: true},
			lifecycle.TransferCommitment{To: "other"},
		} {
			events, err := c.Execute(day("2025-02-01"), act)
			assert.Nil(t, events)
			inputError(t, err)
			assert.Equal(t, err, c.Check(day("2025-02-01"), act))
		}
		before.assertUnchanged(t, c)
	})

	cases := []struct {
		name  string
		from  string
		on    string
		act   lifecycle.TransferCommitment
		field string
	}{
		{"no receiving party", "giver", "2025-02-01", lifecycle.TransferCommitment{KelaConsent: true}, "to"},
		{"an unknown receiving party", "giver", "2025-02-01", lifecycle.TransferCommitment{To: "nobody", KelaConsent: true}, "to"},
		{"to the giver itself", "giver", "2025-02-01", lifecycle.TransferCommitment{To: "giver", KelaConsent: true}, "to"},
		{"an unknown giving party", "nobody", "2025-02-01", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true}, "party"},
		{"a day before the giver's latest event", "giver", "2025-01-19", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true}, "date"},
		{"a day before the receiver's latest event", "giver", "2025-01-24", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true}, "date"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
			activateIn(t, r, "2025-01-10", "giver", prescription)
			mustRun(t, r, "2025-01-20", "giver", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
			mustRun(t, r, "2025-01-25", "receiver", lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
			before := freezeRegister(t, r)
			changes, err := r.Execute(day(tc.on), lifecycle.PartyID(tc.from), tc.act)
			assert.Nil(t, changes)
			assert.Equal(t, tc.field, inputError(t, err).Field)
			before.assertUnchanged(t, r)
			_, decided := r.Decide(day(tc.on), lifecycle.PartyID(tc.from), tc.act)
			assert.Equal(t, err, decided)
		})
	}
}

// C5: a receiving party that named contacts of its own, but holds no
// commitment, keeps them beside those that come with the commitment.
func TestC5_ReceiverKeepsTheContactsItNamedItself(t *testing.T) {
	r := register(t, party("giver", lifecycle.PrivateHealthCareProvider), party("receiver", lifecycle.PrivateHealthCareProvider))
	activateIn(t, r, "2025-01-10", "giver", prescription)
	mustRun(t, r, "2025-01-11", "giver", lifecycle.NameContact{Role: lifecycle.Technical, Name: "Antajan tekniikka"})
	own := lifecycle.NameContact{Role: lifecycle.DisruptionNotice, Name: "Vastaanottajan päivystys"}
	mustRun(t, r, "2025-01-12", "receiver", own)

	mustRun(t, r, "2025-02-01", "giver", lifecycle.TransferCommitment{To: "receiver", KelaConsent: true})
	assert.ElementsMatch(t, []lifecycle.Contact{
		{Role: lifecycle.Technical, Name: "Antajan tekniikka"},
		own.Contact(),
	}, commitmentIn(t, r, "receiver").Contacts())
}

// C5 (OTV 8): an app vendor's commitment is signed when it registers an
// app, so it can be transferred with Kela's consent while an app is live;
// the giver has none left afterwards, and a receiver that has registered an
// app of its own holds a commitment already.
func TestC5_AppVendorCommitmentCanBeTransferred(t *testing.T) {
	r := register(t, party("vendor", lifecycle.AppVendor), party("buyer", lifecycle.AppVendor), party("third", lifecycle.AppVendor))
	mustRun(t, r, "2025-01-10", "vendor", lifecycle.RegisterApp{App: "steps", Signatory: lifecycle.TradeRegister})
	mustRun(t, r, "2025-03-01", "vendor", lifecycle.TransferCommitment{To: "buyer", KelaConsent: true})

	buyer := commitmentIn(t, r, "buyer")
	app, ok := buyer.App("steps")
	require.True(t, ok)
	assert.Equal(t, lifecycle.Registered, app.State)
	assert.Empty(t, commitmentIn(t, r, "vendor").Apps())
	mustRun(t, r, "2025-03-02", "buyer", lifecycle.PassAppJointTesting{App: "steps"})

	_, err := r.Execute(day("2025-03-02"), "vendor", lifecycle.TransferCommitment{To: "third", KelaConsent: true})
	refusal := refusedBy(t, err, rules.C5, "YTE 7")
	require.Len(t, refusal.Blockers, 1)
	assert.Contains(t, refusal.Blockers[0].Reason, "no commitment in force to transfer", "the giver has none left")

	mustRun(t, r, "2025-03-02", "third", lifecycle.RegisterApp{App: "sleep", Signatory: lifecycle.TradeRegister})
	_, err = r.Execute(day("2025-03-03"), "third", lifecycle.TransferCommitment{To: "buyer", KelaConsent: true})
	refusal = refusedBy(t, err, rules.C5, "YTE 7")
	require.Len(t, refusal.Blockers, 1)
	assert.Contains(t, refusal.Blockers[0].Reason, "already holds a commitment", "the receiver holds one already")
}

// K1: a receiving party must be of a kind the catalogue entry of every
// service in use admits.
func TestK1_TransferToAKindTheEntryDoesNotAdmitIsRefused(t *testing.T) {
	cat := catalogueWith(t, commitment.Entry{Service: kelain, Terms: lifecycle.ServiceTerms{
		Eligible:    []lifecycle.Kind{lifecycle.IndependentPractitioner},
		Termination: oneMonth,
	}})
	r := commitment.NewRegister(commitment.WithCatalogue(cat))
	for _, p := range []commitment.Customer{
		party("laakari", lifecycle.IndependentPractitioner),
		party("klinikka", lifecycle.PrivateHealthCareProvider),
		party("toinen", lifecycle.IndependentPractitioner),
	} {
		_, err := r.Add(p)
		require.NoError(t, err)
	}
	activateIn(t, r, "2025-01-10", "laakari", kelain)
	before := freezeRegister(t, r)
	_, err := r.Execute(day("2025-02-01"), "laakari", lifecycle.TransferCommitment{To: "klinikka", KelaConsent: true})
	refusal := refusedBy(t, err, rules.K1, "design")
	require.Len(t, refusal.Blockers, 1)
	assert.Equal(t, string(kelain), refusal.Blockers[0].Subject)
	assert.Equal(t, string(lifecycle.PrivateHealthCareProvider), refusal.Blockers[0].Input)
	before.assertUnchanged(t, r)

	mustRun(t, r, "2025-02-01", "laakari", lifecycle.TransferCommitment{To: "toinen", KelaConsent: true})
	assert.Equal(t, lifecycle.Active, commitmentIn(t, r, "toinen").State(kelain))
}

// C6: a pharmacist's commitment covers its pharmacies, so it passes only to
// another pharmacist, never to a customer whose commitment cannot cover
// pharmacies.
func TestC6_PharmaciesPassOnlyToAPharmacist(t *testing.T) {
	r := register(t,
		party("apteekkari", lifecycle.Pharmacist),
		party("seuraaja", lifecycle.Pharmacist),
		party("klinikka", lifecycle.PrivateHealthCareProvider),
	)
	mustRun(t, r, "2025-01-10", "apteekkari", firstRequest(prescription))
	mustRun(t, r, "2025-01-11", "apteekkari", lifecycle.AddPharmacy{Pharmacy: "Sivuapteekki"})

	before := freezeRegister(t, r)
	_, err := r.Execute(day("2025-02-01"), "apteekkari", lifecycle.TransferCommitment{To: "klinikka", KelaConsent: true})
	refusal := refusedBy(t, err, rules.C6, "YTE 7")
	require.Len(t, refusal.Blockers, 1)
	assert.Contains(t, refusal.Blockers[0].Reason, "Sivuapteekki")
	assert.Equal(t, string(lifecycle.PrivateHealthCareProvider), refusal.Blockers[0].Input)
	before.assertUnchanged(t, r)

	mustRun(t, r, "2025-02-01", "apteekkari", lifecycle.TransferCommitment{To: "seuraaja", KelaConsent: true})
	assert.Equal(t, []string{"Sivuapteekki"}, commitmentIn(t, r, "seuraaja").Pharmacies())
	assert.Empty(t, commitmentIn(t, r, "apteekkari").Pharmacies())

	t.Run("a pharmacist without pharmacies may pass to anyone who may use its services", func(t *testing.T) {
		r := register(t, party("apteekkari", lifecycle.Pharmacist), party("klinikka", lifecycle.PrivateHealthCareProvider))
		mustRun(t, r, "2025-01-10", "apteekkari", firstRequest(prescription))
		_, err := r.Execute(day("2025-02-01"), "apteekkari", lifecycle.TransferCommitment{To: "klinikka", KelaConsent: true})
		assert.NoError(t, err)
	})
}
