package commitment_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// The Register as a store sees it: streams with versions, decisions that
// change nothing, changes applied all or nothing.

// busyRegister is a joint connection in the middle of things: agreement a1
// under the tenant's notice to 2025-03-11, the main connector's
// prescription under notice to 2025-04-01, the care home with nothing of
// its own. Every stream's latest event is on or before 2025-02-10.
func busyRegister(t *testing.T) *commitment.Register {
	t.Helper()
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-01", "a1", mainConnector, tenantClinic, prescription, patientData)
	mustRun(t, r, "2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-03-11")})
	mustRun(t, r, "2025-02-10", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-04-01"), Reason: lifecycle.OtherChange})
	return r
}

// registerActs are acts decided on busyRegister: accepted, refused and
// malformed.
var registerActs = []struct {
	name  string
	on    string
	party string
	act   lifecycle.Act
	rule  rules.Rule // refused by; "" and !ok: malformed
	ok    bool
}{
	{"a party's act, its agreement's notice due by then", "2025-03-20", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, "", true},
	{"a tenant's act before the agreement's notice is due", "2025-02-20", tenantClinic, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}, "", true},
	{"a signing with a new tenant", "2025-02-20", "", signing("b1", mainConnector, careHome, patientData), "", true},
	{"a signing replacing the agreement under notice", "2025-02-20", "", signing("a2", mainConnector, tenantClinic, patientData), "", true},
	{"a signing after the main connector's termination fell due", "2025-04-02", "", signing("b1", mainConnector, careHome, patientData), "", true},
	{"an act on the agreement", "2025-02-20", "", lifecycle.EndProductionAgreement{Agreement: "a1"}, "", true},
	{"refused: a second notice", "2025-02-20", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-06-01")}, rules.J5, false},
	{"refused: a signing of a service not in use", "2025-04-02", "", signing("b1", mainConnector, careHome, prescription), rules.J3, false},
	{"refused: a party's act", "2025-02-20", careHome, lifecycle.AddPharmacy{Pharmacy: "Apteekki"}, rules.C6, false},
	{"malformed: no party", "2025-02-20", nobodyParty, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}, "", false},
	{"malformed: no act", "2025-02-20", mainConnector, nil, "", false},
	{"malformed: before the party's latest event", "2025-02-09", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}, "", false},
	{"malformed: before the agreement's latest event", "2025-02-09", "", lifecycle.EndProductionAgreement{Agreement: "a1"}, "", false},
}

// Decide changes nothing and returns exactly what Execute then applies: the
// same changes, or the same error.
func TestRegister_DecideChangesNothingAndReturnsWhatExecuteApplies(t *testing.T) {
	for _, tc := range registerActs {
		t.Run(tc.name, func(t *testing.T) {
			r := busyRegister(t)
			before := freezeRegister(t, r)
			decided, decideErr := r.Decide(day(tc.on), lifecycle.PartyID(tc.party), tc.act)
			before.assertUnchanged(t, r)

			executed, executeErr := r.Execute(day(tc.on), lifecycle.PartyID(tc.party), tc.act)
			assert.Equal(t, decideErr, executeErr, "Decide returns the error Execute returns")
			switch {
			case tc.ok:
				require.NoError(t, decideErr)
				require.NotEmpty(t, decided)
				assert.Equal(t, decided, executed, "Execute applies what Decide returned")
				for _, ch := range executed {
					assert.Equal(t, ch.Version+len(ch.Events), r.Version(ch.Stream), ch.Stream)
				}
			case tc.rule != "":
				refusedBy(t, decideErr, tc.rule, tc.rule.Citations()[0])
				assert.Nil(t, decided)
				assert.Nil(t, executed)
				before.assertUnchanged(t, r)
			default:
				inputError(t, decideErr)
				assert.Nil(t, decided)
				assert.Nil(t, executed)
				before.assertUnchanged(t, r)
			}
		})
	}
}

// The changes of a party's act include its agreements' notices that fell
// due by the act's day, each change at the version it was decided on.
func TestRegister_PartysActCarriesItsAgreementsDueNotices(t *testing.T) {
	r := busyRegister(t)
	party, agreement := commitment.PartyStream(mainConnector), commitment.AgreementStream("a1")
	want := map[string]int{party: r.Version(party), agreement: r.Version(agreement)}

	changes, err := r.Decide(day("2025-03-20"), mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
	require.NoError(t, err)
	got := map[string]int{}
	for _, ch := range changes {
		got[ch.Stream] = ch.Version
	}
	assert.Equal(t, want, got)
	ended := changeOf(t, changes, agreement).Events
	require.Len(t, ended, 1)
	assert.Equal(t, "2025-03-11", ended[0].Date().String(), "dated its own day")
}

// Apply refuses changes decided on a stream that has changed since
// (ErrStale) and applies nothing then, not even to the streams that have
// not changed; applied once, the same changes are stale.
func TestRegister_ApplyRefusesStaleChanges(t *testing.T) {
	t.Run("one stream", func(t *testing.T) {
		r := busyRegister(t)
		stale, err := r.Decide(day("2025-02-20"), mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		require.NoError(t, err)
		mustRun(t, r, "2025-02-15", mainConnector, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		before := freezeRegister(t, r)
		err = r.Apply(stale)
		assert.ErrorIs(t, err, commitment.ErrStale)
		before.assertUnchanged(t, r)
		assert.Equal(t, lifecycle.Active, commitmentIn(t, r, mainConnector).State(patientData))
	})
	t.Run("one of several streams", func(t *testing.T) {
		r := busyRegister(t)
		stale, err := r.Decide(day("2025-02-20"), "", signing("b1", mainConnector, careHome, patientData))
		require.NoError(t, err)
		require.Len(t, stale, 3)
		mustRun(t, r, "2025-02-15", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		before := freezeRegister(t, r)
		err = r.Apply(stale)
		assert.ErrorIs(t, err, commitment.ErrStale)
		before.assertUnchanged(t, r)
		_, ok := r.Agreement("b1")
		assert.False(t, ok, "the agreement's stream is not created")
		assert.Len(t, commitmentIn(t, r, mainConnector).Agreements(), 1, "the main connector's unchanged stream is not appended to")
	})
	t.Run("applied twice", func(t *testing.T) {
		r := busyRegister(t)
		changes, err := r.Decide(day("2025-02-20"), "", signing("b1", mainConnector, careHome, patientData))
		require.NoError(t, err)
		require.NoError(t, r.Apply(changes))
		before := freezeRegister(t, r)
		assert.ErrorIs(t, r.Apply(changes), commitment.ErrStale)
		before.assertUnchanged(t, r)
	})
	t.Run("a version ahead of the stream", func(t *testing.T) {
		r := busyRegister(t)
		changes, err := r.Decide(day("2025-02-20"), mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
		require.NoError(t, err)
		changes[0].Version++
		before := freezeRegister(t, r)
		assert.ErrorIs(t, r.Apply(changes), commitment.ErrStale)
		before.assertUnchanged(t, r)
	})
}

// Apply refuses changes that no decision makes, with an *InputError and
// nothing applied: a stream of neither kind, a new stream without events,
// a party's stream that does not start by registering that party.
func TestRegister_ApplyRefusesMalformedChanges(t *testing.T) {
	registered := func(id lifecycle.PartyID) commitment.Event {
		c, err := commitment.New(commitment.Customer{ID: id, Kind: lifecycle.PrivateHealthCareProvider})
		require.NoError(t, err)
		return c.History()[0]
	}
	for name, ch := range map[string]commitment.Change{
		"a stream of neither kind":          {Stream: "nonsense", Events: []commitment.Event{registered("x")}},
		"a new party stream without events": {Stream: commitment.PartyStream("uusi")},
		"a new agreement without events":    {Stream: commitment.AgreementStream("uusi")},
		"another party's registration":      {Stream: commitment.PartyStream("uusi"), Events: []commitment.Event{registered("toinen")}},
	} {
		t.Run(name, func(t *testing.T) {
			r := busyRegister(t)
			before := freezeRegister(t, r)
			var ie *lifecycle.InputError
			require.ErrorAs(t, r.Apply([]commitment.Change{ch}), &ie)
			assert.Equal(t, "stream", ie.Field)
			before.assertUnchanged(t, r)
		})
	}
}

// Apply keeps a register current with what was stored: the changes one
// register decided, applied to another holding the same streams, leave it
// the same; streams at version 0 are created, a party's with its
// registration.
func TestRegister_ApplyReproducesWhatWasDecidedElsewhere(t *testing.T) {
	source := busyRegister(t)
	replica := commitment.NewRegister()
	var all []commitment.Change
	for _, p := range source.Parties() {
		all = append(all, commitment.Change{Stream: commitment.PartyStream(p), Version: 0, Events: commitmentIn(t, source, string(p)).History()})
	}
	for _, a := range source.Agreements() {
		all = append(all, commitment.Change{Stream: commitment.AgreementStream(a.ID), Version: 0, Events: source.AgreementHistory(a.ID)})
	}
	require.NoError(t, replica.Apply(all))
	assert.Equal(t, string(marshalRegister(t, source)), string(marshalRegister(t, replica)))
	assert.Equal(t, versions(source), versions(replica))

	changes := mustRun(t, source, "2025-03-20", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
	require.NoError(t, replica.Apply(changes))
	assert.Equal(t, string(marshalRegister(t, source)), string(marshalRegister(t, replica)))
	assert.Equal(t, lifecycle.Ended, agreementIn(t, replica, "a1").State)
	assert.Equal(t, source.TenantUses(tenantClinic), replica.TenantUses(tenantClinic))
}

// A party's stream starts with its registration: a change creating one
// without it is malformed, and nothing of the batch is applied.
func TestRegister_ApplyRefusesAPartyStreamWithoutItsRegistration(t *testing.T) {
	r := busyRegister(t)
	fresh, err := r.Decide(day("2025-02-20"), careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
	require.NoError(t, err)
	before := freezeRegister(t, r)
	bad := append(fresh, commitment.Change{Stream: commitment.PartyStream("uusi"), Version: 0,
		Events: []commitment.Event{commitment.JointAgreementSigned{On: day("2025-02-20"), Agreement: "x", Role: commitment.RoleTenant, With: mainConnector}}})
	inputError(t, r.Apply(bad))
	before.assertUnchanged(t, r)
	_, ok := r.Commitment("uusi")
	assert.False(t, ok)
}

// Advance is all or nothing: a day before any chosen stream's latest event
// is an input error and changes nothing, not even the streams whose due
// events fell by then; a zero day or an unknown stream likewise.
func TestRegister_AdvanceIsAllOrNothing(t *testing.T) {
	cases := []struct {
		name    string
		setup   func(t *testing.T, r *commitment.Register)
		to      notice.Date
		streams []string
	}{
		{"a party's latest event is later", func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-05-01", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		}, day("2025-04-15"), nil},
		{"an agreement's latest event is later", func(t *testing.T, r *commitment.Register) {
			signAgreement(t, r, "2025-02-10", "b1", mainConnector, careHome, patientData)
			mustRun(t, r, "2025-05-01", "", lifecycle.RescindJointAgreement{Agreement: "b1", Reason: "breach"})
		}, day("2025-04-15"), nil},
		{"a named stream's latest event is later", func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-05-01", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		}, day("2025-04-15"), []string{commitment.PartyStream(mainConnector), commitment.PartyStream(careHome)}},
		{"no day", nil, notice.Date{}, nil},
		{"an unknown stream", nil, day("2025-04-15"), []string{commitment.PartyStream(mainConnector), commitment.PartyStream(nobodyParty)}},
		{"not a stream name", nil, day("2025-04-15"), []string{mainConnector}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := busyRegister(t)
			if tc.setup != nil {
				tc.setup(t, r)
			}
			before := freezeRegister(t, r)
			_, err := r.DecideAdvance(tc.to, tc.streams...)
			inputError(t, err)
			changes, err := r.Advance(tc.to, tc.streams...)
			inputError(t, err)
			assert.Nil(t, changes)
			before.assertUnchanged(t, r)
			assert.Equal(t, lifecycle.NoticeGiven, commitmentIn(t, r, mainConnector).State(prescription), "the due termination is not applied")
			assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State, "the due notice is not applied")
		})
	}
}

// Advance returns the changes it applied, each at the version it was
// decided on, and DecideAdvance returns the same without applying them;
// streams where nothing fell due have no change.
func TestRegister_AdvanceReturnsTheChanges(t *testing.T) {
	r := busyRegister(t)
	before := freezeRegister(t, r)
	decided, err := r.DecideAdvance(day("2025-04-15"))
	require.NoError(t, err)
	before.assertUnchanged(t, r)

	changes := advanceRegister(t, r, "2025-04-15")
	assert.Equal(t, decided, changes)
	streams := map[string]int{}
	for _, ch := range changes {
		streams[ch.Stream] = ch.Version
		assert.Equal(t, ch.Version+len(ch.Events), r.Version(ch.Stream), ch.Stream)
	}
	assert.Equal(t, map[string]int{
		commitment.PartyStream(mainConnector): before.versions[commitment.PartyStream(mainConnector)],
		commitment.AgreementStream("a1"):      before.versions[commitment.AgreementStream("a1")],
	}, streams, "only the streams where something fell due")
	assert.Equal(t, lifecycle.Terminated, commitmentIn(t, r, mainConnector).State(prescription))
	assertEndedOn(t, r, "a1", "2025-03-11", "notice-elapsed")

	again := advanceRegister(t, r, "2025-04-15")
	assert.Empty(t, again, "nothing left to fall due")
}

// Advance(to, streams...) touches only the named streams; a day before
// another stream's latest event does not matter then.
func TestRegister_AdvanceNamedStreamsOnly(t *testing.T) {
	t.Run("a party", func(t *testing.T) {
		r := busyRegister(t)
		changes, err := r.Advance(day("2025-04-15"), commitment.PartyStream(mainConnector))
		require.NoError(t, err)
		require.Len(t, changes, 1)
		assert.Equal(t, commitment.PartyStream(mainConnector), changes[0].Stream)
		assert.Equal(t, lifecycle.Terminated, commitmentIn(t, r, mainConnector).State(prescription))
		assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State, "the agreement was not named")
		due, ok := r.NextDue(commitment.AgreementStream("a1"))
		assert.True(t, ok)
		assert.Equal(t, "2025-03-11", due.String())
	})
	t.Run("an agreement", func(t *testing.T) {
		r := busyRegister(t)
		changes, err := r.Advance(day("2025-04-15"), commitment.AgreementStream("a1"))
		require.NoError(t, err)
		require.Len(t, changes, 1)
		assert.Equal(t, commitment.AgreementStream("a1"), changes[0].Stream)
		assertEndedOn(t, r, "a1", "2025-03-11", "notice-elapsed")
		assert.Equal(t, lifecycle.NoticeGiven, commitmentIn(t, r, mainConnector).State(prescription), "the main connector was not named")
	})
	t.Run("another stream reaches a later day", func(t *testing.T) {
		r := busyRegister(t)
		mustRun(t, r, "2025-05-01", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		_, err := r.Advance(day("2025-04-15"), commitment.PartyStream(mainConnector), commitment.AgreementStream("a1"))
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Terminated, commitmentIn(t, r, mainConnector).State(prescription))
		assert.Equal(t, lifecycle.Ended, agreementIn(t, r, "a1").State)
	})
}

// Version is the number of a stream's events (0 for one the register does
// not hold); NextDue the next day on which time alone changes it; Streams
// every stream's name, sorted; Parties the customers in the order added.
func TestRegister_VersionNextDueAndStreams(t *testing.T) {
	r := busyRegister(t)
	_, err := r.Add(party(appVendorParty, lifecycle.AppVendor))
	require.NoError(t, err)
	mustRun(t, r, "2025-01-10", appVendorParty, lifecycle.RegisterApp{App: "askelmittari", Signatory: lifecycle.TradeRegister})
	mustRun(t, r, "2025-01-20", appVendorParty, lifecycle.PassAppJointTesting{App: "askelmittari"})
	mustRun(t, r, "2025-02-01", appVendorParty, lifecycle.CertifyApp{App: "askelmittari", ValviraRegistered: true, AuditValidUntil: day("2025-12-31")})
	mustRun(t, r, "2025-02-03", appVendorParty, lifecycle.ConnectApp{App: "askelmittari"})

	assert.Equal(t, []string{
		"agreement/a1",
		commitment.PartyStream(careHome),
		commitment.PartyStream(appVendorParty),
		commitment.PartyStream(mainConnector),
		commitment.PartyStream(tenantClinic),
	}, r.Streams())
	assert.Equal(t, []lifecycle.PartyID{careHome, appVendorParty, mainConnector, tenantClinic}, r.Parties(), "in the order of their IDs")

	for _, p := range r.Parties() {
		assert.Equal(t, len(commitmentIn(t, r, string(p)).History()), r.Version(commitment.PartyStream(p)), p)
	}
	assert.Equal(t, len(r.AgreementHistory("a1")), r.Version(commitment.AgreementStream("a1")))
	assert.Equal(t, 3, r.Version(commitment.AgreementStream("a1")), "drawn up, signed, noticed")
	assert.Zero(t, r.Version(commitment.PartyStream(nobodyParty)))
	assert.Zero(t, r.Version(commitment.AgreementStream("nope")))
	assert.Zero(t, r.Version(mainConnector), "not a stream name")

	for _, tc := range []struct {
		stream string
		due    string // "": nothing pending
	}{
		{commitment.PartyStream(mainConnector), "2025-04-01"},
		{commitment.AgreementStream("a1"), "2025-03-11"},
		{commitment.PartyStream(appVendorParty), "2026-01-01"},
		{commitment.PartyStream(tenantClinic), ""},
		{commitment.PartyStream(careHome), ""},
		{commitment.PartyStream(nobodyParty), ""},
		{commitment.AgreementStream("nope"), ""},
	} {
		due, ok := r.NextDue(tc.stream)
		if tc.due == "" {
			assert.False(t, ok, tc.stream)
			continue
		}
		assert.True(t, ok, tc.stream)
		assert.Equal(t, tc.due, due.String(), tc.stream)
	}
}

// A customer is registered once; an act for a customer the register does
// not hold is malformed.
func TestRegister_AddAndUnknownParties(t *testing.T) {
	r := busyRegister(t)
	before := freezeRegister(t, r)
	_, err := r.Add(party(careHome, lifecycle.PrivateHealthCareProvider))
	inputError(t, err)
	_, err = r.Add(commitment.Customer{ID: "has space", Kind: lifecycle.PrivateHealthCareProvider})
	assert.Error(t, err)
	_, err = r.Add(commitment.Customer{ID: "kind-less"})
	assert.Error(t, err)
	before.assertUnchanged(t, r)
	c, ok := r.Commitment(careHome)
	require.True(t, ok)
	assert.Equal(t, lifecycle.PrivateSocialWelfareProvider, c.Customer().Kind, "the first registration stands")

	_, ok = r.Commitment(nobodyParty)
	assert.False(t, ok)
	_, err = r.Decide(day("2025-03-01"), nobodyParty, firstRequest(prescription))
	inputError(t, err)
	var ie *lifecycle.InputError
	require.True(t, errors.As(err, &ie))
	assert.Equal(t, "party", ie.Field)
}

// Follow verifies what another writer appended as Replay verifies a whole
// history, the customership's derived steps included (C1, C8): a request
// whose commitment-signed step is missing is refused and changes nothing,
// while the whole request is followed.
func TestFollow_VerifiesTheEventsAsReplayDoes(t *testing.T) {
	r, other := jointRegister(t), jointRegister(t)
	held := len(commitmentIn(t, r, tenantClinic).History())
	mustRun(t, other, "2025-01-10", tenantClinic, firstRequest(prescription))
	appended := commitmentIn(t, other, tenantClinic).History()[held:]
	stream := "party/" + tenantClinic

	err := r.Follow(stream, removeEvents(appended, transitionOn("customership", "commitment-signed")))
	var ie *lifecycle.InputError
	require.ErrorAs(t, err, &ie)
	assert.Contains(t, ie.Reason, "customership")
	assert.Len(t, commitmentIn(t, r, tenantClinic).History(), held, "nothing followed")

	require.NoError(t, r.Follow(stream, appended))
	assert.Equal(t, marshal(t, commitmentIn(t, other, tenantClinic)), marshal(t, commitmentIn(t, r, tenantClinic)))
}
