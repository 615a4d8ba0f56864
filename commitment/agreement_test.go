package commitment_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// The joint-connection agreement (yhteisliittymismalli, YTE 7, YLS) on a
// Register, where the agreement and both its parties can be read.

// The parties of the joint-connection tests: a private health care provider
// as the main connector and two tenants, neither with a customership of its
// own.
const (
	mainConnector = "laakarikeskus"
	tenantClinic  = "pieniklinikka" // a private health care provider
	careHome      = "hoivakoti"     // a private social welfare provider
	otherProvider = "hoivayhtio"    // a second main connector, with the social welfare repository
	nobodyParty   = "ei-asiakas"    // registered nowhere
	notAParty     = lifecycle.PartyID("kela")
)

// jointRegister is the usual joint connection: the main connector has the
// prescription service and the patient data repository in use from
// 2025-01-10; the two tenants are registered, neither with a customership
// of its own.
func jointRegister(t *testing.T) *commitment.Register {
	t.Helper()
	r := register(t,
		party(mainConnector, lifecycle.PrivateHealthCareProvider),
		party(tenantClinic, lifecycle.PrivateHealthCareProvider),
		party(careHome, lifecycle.PrivateSocialWelfareProvider))
	activateIn(t, r, "2025-01-10", mainConnector, prescription, patientData)
	return r
}

// signing is the act that signs agreement id between main and tenant with
// services as its Annex 1.
func signing(id, main, tenant string, services ...lifecycle.ServiceID) lifecycle.SignJointAgreement {
	return lifecycle.SignJointAgreement{Agreement: lifecycle.AgreementID(id), Main: lifecycle.PartyID(main), Tenant: lifecycle.PartyID(tenant), Services: services}
}

// signAgreement signs agreement id on day on and requires it accepted.
func signAgreement(t *testing.T, r *commitment.Register, on, id, main, tenant string, services ...lifecycle.ServiceID) []commitment.Change {
	t.Helper()
	return mustRun(t, r, on, "", signing(id, main, tenant, services...))
}

// runError runs act for party on day on and returns only its error.
func runError(r *commitment.Register, on, party string, act lifecycle.Act) error {
	_, err := r.Execute(day(on), lifecycle.PartyID(party), act)
	return err
}

// agreementIn returns agreement id, which must exist.
func agreementIn(t *testing.T, r *commitment.Register, id string) lifecycle.JointAgreement {
	t.Helper()
	a, ok := r.Agreement(lifecycle.AgreementID(id))
	require.True(t, ok, "no agreement %s", id)
	return a
}

// tenantState returns the state of tenant's use of service under agreement,
// None when TenantUses does not list it.
func tenantState(r *commitment.Register, tenant, agreement string, service lifecycle.ServiceID) engine.State {
	for _, u := range r.TenantUses(lifecycle.PartyID(tenant)) {
		if u.Agreement == lifecycle.AgreementID(agreement) && u.Service == service {
			return u.State
		}
	}
	return lifecycle.None
}

// advanceRegister lets time pass to day to for every stream of r.
func advanceRegister(t *testing.T, r *commitment.Register, to string) []commitment.Change {
	t.Helper()
	changes, err := r.Advance(day(to))
	require.NoError(t, err)
	return changes
}

// changeOf returns the change to stream among changes.
func changeOf(t *testing.T, changes []commitment.Change, stream string) commitment.Change {
	t.Helper()
	for _, ch := range changes {
		if ch.Stream == stream {
			return ch
		}
	}
	require.Failf(t, "no change", "no change to %s among %d", stream, len(changes))
	return commitment.Change{}
}

// assertEndedOn asserts that agreement id's last event is its end, dated
// day, by event ended.
func assertEndedOn(t *testing.T, r *commitment.Register, id, day string, ended engine.EventID) {
	t.Helper()
	a := agreementIn(t, r, id)
	assert.Equal(t, lifecycle.Ended, a.State)
	assert.Equal(t, day, a.Ended.String())
	assert.Equal(t, ended, a.EndedBy)
	h := r.AgreementHistory(lifecycle.AgreementID(id))
	require.NotEmpty(t, h)
	last, ok := h[len(h)-1].(commitment.Transitioned)
	require.True(t, ok)
	assert.Equal(t, lifecycle.Ended, last.To)
	assert.Equal(t, ended, last.Event.EventID())
	assert.Equal(t, day, last.Date().String(), "the end is dated its own day")
}

// J1: the tenant becomes a Kanta user through the main connector's
// commitment and makes no application of its own (YTE 7, YLS 2). Its own
// stream records only that it signed.
func TestJ1_TenantUsesServicesThroughTheMainConnectorsCommitment(t *testing.T) {
	r := jointRegister(t)
	tenant := commitmentIn(t, r, tenantClinic)
	require.Equal(t, lifecycle.None, tenant.Customership(), "the tenant has applied for nothing")
	assert.Empty(t, r.TenantUses(tenantClinic), "no agreement, no use")

	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)

	assert.Equal(t, []commitment.TenantUse{{Agreement: "a1", Main: mainConnector, Service: prescription, State: lifecycle.Active}}, r.TenantUses(tenantClinic))
	assert.Equal(t, lifecycle.None, tenant.Customership(), "still no application of its own")
	assert.Empty(t, tenant.Services())
	assert.Empty(t, tenant.Acceptances(), "the tenant accepts no Kanta documents of its own")
	assert.Empty(t, r.TenantUses(mainConnector), "the main connector is nobody's tenant")
}

// The signing is recorded in each party's own stream: a
// JointAgreementSigned marker with its role and the other party, after
// everything else the signing brought along that day. (The old suite
// expected the tenant's history to stay untouched; each party now records
// the signing, so that a restored agreement can be checked against what its
// parties were on the day.)
func TestJ1_SigningIsMarkedInBothPartiesStreams(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)

	for _, tc := range []struct {
		party, role, with string
	}{
		{mainConnector, commitment.RoleMain, tenantClinic},
		{tenantClinic, commitment.RoleTenant, mainConnector},
	} {
		c := commitmentIn(t, r, tc.party)
		want := commitment.JointAgreementSigned{On: day("2025-02-03"), Agreement: "a1", Role: tc.role, With: lifecycle.PartyID(tc.with)}
		h := c.History()
		assert.Equal(t, want, h[len(h)-1], "%s: the marker is the stream's latest event", tc.party)
		assert.Equal(t, []commitment.JointAgreementSigned{want}, c.Agreements(), tc.party)
		assert.Equal(t, day("2025-02-03"), c.Today(), "%s: the signing is the party's latest day", tc.party)
	}
	tenantHistory := commitmentIn(t, r, tenantClinic).History()
	require.Len(t, tenantHistory, 2, "registered, then signed: nothing else")
	assert.IsType(t, commitment.Registered{}, tenantHistory[0])
	assert.Empty(t, commitmentIn(t, r, careHome).Agreements(), "a party of no agreement records none")
}

// The changes of a signing touch the agreement and both parties, each with
// the version it was decided on: the parties' versions before the signing,
// the new agreement's 0. The agreement records the act twice: drawn up, then
// signed.
func TestJ4_SigningChangesTheAgreementAndBothParties(t *testing.T) {
	r := jointRegister(t)
	mainBefore := r.Version(commitment.PartyStream(mainConnector))
	tenantBefore := r.Version(commitment.PartyStream(tenantClinic))
	require.Positive(t, mainBefore)
	require.Equal(t, 1, tenantBefore, "only registered")

	changes := signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)

	require.Len(t, changes, 3)
	streams := map[string]int{}
	for _, ch := range changes {
		streams[ch.Stream] = ch.Version
		assert.NotEmpty(t, ch.Events, ch.Stream)
	}
	assert.Equal(t, map[string]int{
		commitment.PartyStream(mainConnector): mainBefore,
		commitment.PartyStream(tenantClinic):  tenantBefore,
		commitment.AgreementStream("a1"):      0,
	}, streams)

	ag := changeOf(t, changes, commitment.AgreementStream("a1"))
	require.Len(t, ag.Events, 2)
	drawn, signed := ag.Events[0].(commitment.Transitioned), ag.Events[1].(commitment.Transitioned)
	assert.Equal(t, []engine.State{lifecycle.None, lifecycle.Draft}, []engine.State{drawn.From, drawn.To})
	assert.Equal(t, []engine.State{lifecycle.Draft, lifecycle.InForce}, []engine.State{signed.From, signed.To})
	assert.Equal(t, ag.Events, r.AgreementHistory("a1"))
	assert.Equal(t, 2, r.Version(commitment.AgreementStream("a1")))
	for _, ch := range changes {
		if ch.Stream != commitment.AgreementStream("a1") {
			assert.Equal(t, ch.Version+len(ch.Events), r.Version(ch.Stream), "%s: applied after the version it was decided on", ch.Stream)
		}
	}
}

// J1b: the main connector is a private social or health care provider
// (YTE 7, YLS 1). Every kind may take the prescription service into use
// (the default catalogue restricts nobody for it), so the kind is the only
// thing that differs.
func TestJ1b_MainConnectorIsAPrivateProvider(t *testing.T) {
	for _, kind := range lifecycle.Kinds() {
		t.Run(string(kind), func(t *testing.T) {
			r := register(t, party("main", kind), party("tenant", lifecycle.PrivateHealthCareProvider))
			activateIn(t, r, "2025-01-10", "main", prescription)
			before := marshalRegister(t, r)
			err := runError(r, "2025-02-03", "", signing("a1", "main", "tenant", prescription))
			if kind == lifecycle.PrivateHealthCareProvider || kind == lifecycle.PrivateSocialWelfareProvider {
				require.NoError(t, err)
				assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a1").State)
				return
			}
			ref := refusedBy(t, err, rules.J1b, "YLS 1")
			assert.Contains(t, ref.Citations(), "YTE 7")
			assert.Equal(t, []rules.Rule{rules.J1b}, ref.Rules(), "the kind is the only reason")
			assert.Equal(t, string(before), string(marshalRegister(t, r)), "a refused signing changes nothing")
			_, ok := r.Agreement("a1")
			assert.False(t, ok)
		})
	}
}

// J1b: the main connector has an active customership (YTE 7, YLS 1): not
// one still applied, not one whose every service is under notice, not one
// that has ended, not one never begun.
func TestJ1b_MainConnectorHasAnActiveCustomership(t *testing.T) {
	cases := []struct {
		name  string
		setup func(t *testing.T, r *commitment.Register)
		want  engine.State
		ok    bool
	}{
		{"active: accepted", func(t *testing.T, r *commitment.Register) { activateIn(t, r, "2025-01-10", "main", prescription) }, lifecycle.Active, true},
		{"applied, not yet approved", func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-10", "main", firstRequest(prescription))
		}, lifecycle.Applied, false},
		{"terminating: every service under notice", func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "main", prescription)
			mustRun(t, r, "2025-01-20", "main", lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-06-01"), Reason: lifecycle.Reorganisation})
		}, lifecycle.Terminating, false},
		{"ended", func(t *testing.T, r *commitment.Register) {
			activateIn(t, r, "2025-01-10", "main", prescription)
			mustRun(t, r, "2025-01-20", "main", lifecycle.TerminateByAuthority{Service: prescription})
		}, lifecycle.Ended, false},
		{"never requested anything", func(*testing.T, *commitment.Register) {}, lifecycle.None, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, party("main", lifecycle.PrivateHealthCareProvider), party("tenant", lifecycle.PrivateHealthCareProvider))
			tc.setup(t, r)
			require.Equal(t, tc.want, commitmentIn(t, r, "main").Customership())
			err := runError(r, "2025-02-03", "", signing("a1", "main", "tenant", prescription))
			if tc.ok {
				require.NoError(t, err)
				return
			}
			refusedBy(t, err, rules.J1b, "YLS 1")
		})
	}
}

// J1b is judged on the day of signing: a main connector whose last
// termination took effect by that day has an ended customership, although
// nothing was recorded for it since the notice; the refused signing keeps
// none of what fell due.
func TestJ1b_CustomershipIsJudgedOnTheSigningDay(t *testing.T) {
	r := jointRegister(t)
	mustRun(t, r, "2025-01-20", mainConnector, lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-03-01"), Reason: lifecycle.CeasingOperations})
	before := marshalRegister(t, r)

	err := runError(r, "2025-03-01", "", signing("a1", mainConnector, tenantClinic, prescription))
	ref := refusedBy(t, err, rules.J1b, "YLS 1")
	var customership []string
	for _, b := range ref.Blockers {
		if b.Rule == rules.J1b {
			customership = append(customership, b.Input)
		}
	}
	assert.Equal(t, []string{string(lifecycle.Ended)}, customership, "the customership as it stands on the day of signing")
	assert.Equal(t, string(before), string(marshalRegister(t, r)), "the terminations that fell due are not kept by a refused signing")
	assert.Equal(t, lifecycle.Terminating, commitmentIn(t, r, mainConnector).Customership())
}

// J2: both parties are registered in Soteri (YLS 1). Each party not in it is
// a reason of its own.
func TestJ2_BothPartiesRegisteredInSoteri(t *testing.T) {
	cases := []struct {
		name             string
		mainIn, tenantIn bool
		blockers         int
	}{
		{"both in Soteri: accepted", true, true, 0},
		{"main connector not in Soteri", false, true, 1},
		{"tenant not in Soteri", true, false, 1},
		{"neither in Soteri", false, false, 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t,
				commitment.Customer{ID: "main", Kind: lifecycle.PrivateHealthCareProvider, Soteri: tc.mainIn},
				commitment.Customer{ID: "tenant", Kind: lifecycle.PrivateHealthCareProvider, Soteri: tc.tenantIn})
			activateIn(t, r, "2025-01-10", "main", prescription)
			err := runError(r, "2025-02-03", "", signing("a1", "main", "tenant", prescription))
			if tc.blockers == 0 {
				require.NoError(t, err)
				return
			}
			ref := refusedBy(t, err, rules.J2, "YLS 1")
			assert.Equal(t, []rules.Rule{rules.J2}, ref.Rules())
			assert.Len(t, ref.Blockers, tc.blockers, "one reason per party not in Soteri")
		})
	}
}

// J3: Annex 1 lists only services the main connector has in use (YLS 1, 2,
// 13; design). In use means active, suspended or under notice.
func TestJ3_AnnexOneOnlyServicesInTheMainConnectorsUse(t *testing.T) {
	cases := []struct {
		name     string
		services []lifecycle.ServiceID
		setup    func(t *testing.T, r *commitment.Register)
		ok       bool
	}{
		{"both services in use", []lifecycle.ServiceID{prescription, patientData}, nil, true},
		{"a service never requested", []lifecycle.ServiceID{prescription, imaging}, nil, false},
		{"a service only requested", []lifecycle.ServiceID{imaging}, func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-20", mainConnector, laterRequest(imaging))
		}, false},
		{"a suspended service is still in use", []lifecycle.ServiceID{prescription}, func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-20", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
		}, true},
		{"a service under notice is still in use", []lifecycle.ServiceID{prescription}, func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange})
		}, true},
		{"a terminated service", []lifecycle.ServiceID{prescription}, func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-01-20", mainConnector, lifecycle.TerminateByAuthority{Service: prescription})
		}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := jointRegister(t)
			if tc.setup != nil {
				tc.setup(t, r)
			}
			before := marshalRegister(t, r)
			err := runError(r, "2025-02-03", "", signing("a1", mainConnector, tenantClinic, tc.services...))
			if tc.ok {
				require.NoError(t, err)
				return
			}
			ref := refusedBy(t, err, rules.J3, "YLS 13")
			assert.Contains(t, ref.Citations(), "design", "J3 is the library's reading")
			assert.Equal(t, string(before), string(marshalRegister(t, r)))
		})
	}
}

// J3 is judged on the day of signing: a service whose termination took
// effect before that day is not in the main connector's use, although
// nothing else has happened to the main connector since; on its last day of
// use it still is.
func TestJ3_ServiceTerminatedBeforeTheSigningDayIsNotInUse(t *testing.T) {
	r := jointRegister(t)
	mustRun(t, r, "2025-01-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})

	err := runError(r, "2025-04-01", "", signing("a1", mainConnector, tenantClinic, prescription))
	refusedBy(t, err, rules.J3, "YLS 13")
	assert.Equal(t, lifecycle.NoticeGiven, commitmentIn(t, r, mainConnector).State(prescription), "a refused signing does not move the main connector's history either")

	signAgreement(t, r, "2025-02-28", "a2", mainConnector, tenantClinic, prescription) // the last day of use
	assert.Equal(t, lifecycle.NoticeGiven, tenantState(r, tenantClinic, "a2", prescription))
}

// A signing takes both parties' facts as they stand on its day: what fell
// due by then has happened, and those due events are part of each party's
// change, dated their own days, before the signing's marker.
func TestJ3_DueEventsArePartOfTheSigningsChanges(t *testing.T) {
	r := jointRegister(t)
	activateIn(t, r, "2025-01-10", tenantClinic, kelain)
	mustRun(t, r, "2025-01-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-03-01"), Reason: lifecycle.OtherChange})
	mustRun(t, r, "2025-01-20", tenantClinic, lifecycle.GiveTerminationNotice{Service: kelain, Effective: day("2025-03-03"), Reason: lifecycle.OtherChange})

	changes := signAgreement(t, r, "2025-04-01", "a1", mainConnector, tenantClinic, patientData)

	for _, tc := range []struct {
		party   string
		service lifecycle.ServiceID
		ended   string
	}{{mainConnector, prescription, "2025-03-01"}, {tenantClinic, kelain, "2025-03-03"}} {
		ch := changeOf(t, changes, commitment.PartyStream(lifecycle.PartyID(tc.party))).Events
		require.NotEmpty(t, ch)
		ended := serviceTransitions(ch, tc.service)
		require.Len(t, ended, 1, tc.party)
		assert.Equal(t, lifecycle.Terminated, ended[0].To)
		assert.Equal(t, tc.ended, ended[0].On.String(), "%s: dated the effective day", tc.party)
		assert.IsType(t, commitment.JointAgreementSigned{}, ch[len(ch)-1], "%s: the marker comes last", tc.party)
		assert.Equal(t, lifecycle.Terminated, commitmentIn(t, r, tc.party).State(tc.service))
	}
	assert.Equal(t, lifecycle.Ended, commitmentIn(t, r, tenantClinic).Customership(), "the tenant's own last service ended; its tenancy does not depend on it")
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a1", patientData))
}

// S3 with J3: who may use the social welfare client data repository is
// restricted for a tenant as for a customer (SAT), so Annex 1 cannot give it
// to a private health care provider; a private social welfare provider is
// accepted.
func TestS3_J3_TenantMayUseTheSocialWelfareRepositoryOnlyIfItsKindMay(t *testing.T) {
	cases := []struct {
		kind lifecycle.Kind
		ok   bool
	}{
		{lifecycle.PrivateHealthCareProvider, false},
		{lifecycle.PrivateSocialWelfareProvider, true},
	}
	for _, tc := range cases {
		t.Run(string(tc.kind), func(t *testing.T) {
			r := register(t, party(otherProvider, lifecycle.PrivateSocialWelfareProvider), party("tenant", tc.kind))
			activateIn(t, r, "2025-01-10", otherProvider, sat)
			before := marshalRegister(t, r)
			err := runError(r, "2025-02-03", "", signing("c1", otherProvider, "tenant", sat))
			if tc.ok {
				require.NoError(t, err)
				assert.Equal(t, lifecycle.Active, tenantState(r, "tenant", "c1", sat))
				return
			}
			ref := refusedBy(t, err, rules.S3, "SAT")
			assert.True(t, errors.Is(err, rules.J3), "cited with J3: %v", err)
			assert.Contains(t, ref.Citations(), "YLS 13")
			require.Len(t, ref.Blockers, 1)
			b := ref.Blockers[0]
			assert.Equal(t, rules.S3, b.Rule)
			assert.Equal(t, rules.J3, b.Also)
			assert.Equal(t, string(tc.kind), b.Input)
			assert.Contains(t, b.Reason, "tenant")
			assert.Equal(t, string(before), string(marshalRegister(t, r)))
			assert.Empty(t, r.TenantUses("tenant"))
		})
	}
}

// J3: the tenant's use of a service mirrors the main connector's: under
// notice with it, suspended with it, and ended when the main connector's use
// ends; its other services continue and the agreement stays in force.
func TestJ3_TenantsUseMirrorsTheMainConnectorsUse(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
	mustRun(t, r, "2025-03-10", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: day("2025-05-01"), Reason: lifecycle.OtherChange})

	assert.Equal(t, lifecycle.NoticeGiven, tenantState(r, tenantClinic, "a1", prescription), "the main connector's notice shows in the tenant's use")
	advanceRegister(t, r, "2025-04-30")
	assert.Equal(t, lifecycle.NoticeGiven, tenantState(r, tenantClinic, "a1", prescription), "the last day of use")
	advanceRegister(t, r, "2025-05-01")
	assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", prescription), "ends with the main connector's use")
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a1", patientData), "the other service continues")
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a1").State, "the agreement itself stays in force")

	mustRun(t, r, "2025-05-10", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
	assert.Equal(t, lifecycle.Suspended, tenantState(r, tenantClinic, "a1", patientData))
	mustRun(t, r, "2025-05-20", mainConnector, lifecycle.DemonstrateCorrection{Service: patientData})
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a1", patientData))
}

// J3, J1b: when the main connector's last service ends, so does its
// customership, and the tenant uses nothing; the agreement itself ends only
// as YLS 20 says, and no new one can be signed with a main connector whose
// customership has ended.
func TestJ3_MainConnectorsLastServiceEnds(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
	mustRun(t, r, "2025-03-10", mainConnector, lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-05-01"), Reason: lifecycle.CeasingOperations})
	require.Equal(t, lifecycle.Terminating, commitmentIn(t, r, mainConnector).Customership())
	uses := r.TenantUses(tenantClinic)
	require.Len(t, uses, 2)
	for _, u := range uses {
		assert.Equal(t, lifecycle.NoticeGiven, u.State, u.Service)
	}
	advanceRegister(t, r, "2025-05-01")
	require.Equal(t, lifecycle.Ended, commitmentIn(t, r, mainConnector).Customership())
	uses = r.TenantUses(tenantClinic)
	require.Len(t, uses, 2)
	for _, u := range uses {
		assert.Equal(t, lifecycle.Terminated, u.State, u.Service)
	}
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a1").State)
	refusedBy(t, runError(r, "2025-05-02", "", signing("a2", mainConnector, tenantClinic, prescription)), rules.J1b, "YLS 1")
}

// J4: the agreement is in force from the day both parties sign it, until
// further notice; a new agreement between the same parties replaces the
// earlier one, which ends that day with agreement-replaced (YLS 20, 21). An
// agreement with another tenant is not replaced; a refused new agreement
// replaces nothing.
func TestJ4_NewAgreementBetweenTheSamePartiesEndsTheOldOne(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
	signAgreement(t, r, "2025-02-03", "b1", mainConnector, careHome, prescription)
	a1 := agreementIn(t, r, "a1")
	assert.Equal(t, lifecycle.InForce, a1.State)
	assert.Equal(t, "2025-02-03", a1.Signed.String(), "in force from signing")
	assert.Equal(t, "2025-02-03", a1.Drawn.String())
	assert.True(t, a1.Ended.IsZero(), "until further notice")

	a1Version := r.Version(commitment.AgreementStream("a1"))
	changes := signAgreement(t, r, "2025-06-16", "a2", mainConnector, tenantClinic, prescription, patientData)

	assertEndedOn(t, r, "a1", "2025-06-16", "agreement-replaced")
	replaced := changeOf(t, changes, commitment.AgreementStream("a1"))
	assert.Equal(t, a1Version, replaced.Version, "the replacement is among the changes, with the version it was decided on")
	require.Len(t, replaced.Events, 1)
	assert.Equal(t, lifecycle.AgreementReplaced{By: "a2"}, replaced.Events[0].(commitment.Transitioned).Event)
	assert.Len(t, changes, 4, "both parties, the new agreement and the replaced one")
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a2").State)
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "b1").State, "an agreement with another tenant is not replaced")

	assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", prescription))
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a2", prescription))
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a2", patientData))

	before := marshalRegister(t, r)
	refusedBy(t, runError(r, "2025-07-01", "", signing("a3", mainConnector, tenantClinic, kelain)), rules.J3, "YLS 13")
	assert.Equal(t, string(before), string(marshalRegister(t, r)))
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a2").State)
}

// J4: an earlier agreement whose notice has already taken effect ends on
// its own effective day, not by the replacement; one whose notice is still
// pending is replaced.
func TestJ4_ReplacementOfAnAgreementUnderNotice(t *testing.T) {
	for _, tc := range []struct {
		name, effective, signed string
		endedBy                 engine.EventID
		ended                   string
	}{
		{"notice pending at the new signing", "2025-05-01", "2025-04-15", "agreement-replaced", "2025-04-15"},
		{"notice pending, new signing on the last day", "2025-05-01", "2025-04-30", "agreement-replaced", "2025-04-30"},
		{"notice takes effect on the day of the new signing", "2025-05-01", "2025-05-01", "notice-elapsed", "2025-05-01"},
		{"notice took effect before the new signing", "2025-05-01", "2025-05-20", "notice-elapsed", "2025-05-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := jointRegister(t)
			signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
			mustRun(t, r, "2025-03-31", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day(tc.effective)})
			signAgreement(t, r, tc.signed, "a2", mainConnector, tenantClinic, prescription)
			assertEndedOn(t, r, "a1", tc.ended, tc.endedBy)
		})
	}
}

// J5: either party terminates the agreement with one month's written
// notice, counted forward from the day the other party received it, or with
// the production agreement's period (YLS 20): given 31 January, the period
// ends 28 February and the earliest first day without the agreement is 1
// March. A late notice is refused and its effective day never moved.
func TestJ5_EitherPartyTerminatesWithTheNoticePeriod(t *testing.T) {
	cases := []struct {
		name       string
		production notice.Period
		by         string
		given      string
		effective  string
		ok         bool
	}{
		{"main connector, earliest day", notice.Period{}, mainConnector, "2025-01-31", "2025-03-01", true},
		{"tenant, earliest day", notice.Period{}, tenantClinic, "2025-01-31", "2025-03-01", true},
		{"one day short", notice.Period{}, mainConnector, "2025-01-31", "2025-02-28", false},
		{"later than needed", notice.Period{}, tenantClinic, "2025-01-31", "2025-06-01", true},
		{"mid-month", notice.Period{}, mainConnector, "2025-01-15", "2025-02-16", true},
		{"mid-month, one day short", notice.Period{}, mainConnector, "2025-01-15", "2025-02-15", false},
		{"leap year: period ends 29 February", notice.Period{}, mainConnector, "2024-01-31", "2024-03-01", true},
		{"leap year: one day short", notice.Period{}, mainConnector, "2024-01-31", "2024-02-29", false},
		{"effective the day it is given", notice.Period{}, tenantClinic, "2025-01-31", "2025-01-31", false},
		{"production agreement's three months", notice.Months(3), mainConnector, "2025-01-31", "2025-05-01", true},
		{"production agreement's three months, one day short", notice.Months(3), tenantClinic, "2025-01-31", "2025-04-30", false},
		{"production agreement's three months: one month is not enough", notice.Months(3), mainConnector, "2025-01-31", "2025-03-01", false},
		{"production agreement's two weeks", notice.Weeks(2), mainConnector, "2025-01-31", "2025-02-15", true},
		{"production agreement's two weeks, one day short", notice.Weeks(2), mainConnector, "2025-01-31", "2025-02-14", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := register(t, party(mainConnector, lifecycle.PrivateHealthCareProvider), party(tenantClinic, lifecycle.PrivateHealthCareProvider))
			activateIn(t, r, "2024-01-02", mainConnector, prescription)
			sign := signing("a1", mainConnector, tenantClinic, prescription)
			sign.ProductionNotice = tc.production
			mustRun(t, r, "2024-01-03", "", sign)
			term := agreementIn(t, r, "a1").Termination
			assert.Equal(t, notice.NoticePeriod, term.Direction, "counted forward from the notice")
			if tc.production.IsZero() {
				assert.Equal(t, notice.Months(1), term.Period, "one month by default")
			} else {
				assert.Equal(t, tc.production, term.Period, "the production agreement's period")
			}

			before := marshalRegister(t, r)
			err := runError(r, tc.given, "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: lifecycle.PartyID(tc.by), Effective: day(tc.effective)})
			if !tc.ok {
				ref := refusedBy(t, err, rules.J5, "YLS 20")
				assert.Equal(t, tc.effective, ref.Blockers[0].Input, "the effective day is never moved")
				assert.Equal(t, string(before), string(marshalRegister(t, r)), "a late notice changes nothing")
				return
			}
			require.NoError(t, err)
			a := agreementIn(t, r, "a1")
			assert.Equal(t, lifecycle.NoticeGiven, a.State)
			require.NotNil(t, a.Notice)
			assert.Equal(t, lifecycle.Notice{By: lifecycle.PartyID(tc.by), Given: day(tc.given), Effective: day(tc.effective)}, *a.Notice)
			due, ok := r.NextDue(commitment.AgreementStream("a1"))
			assert.True(t, ok)
			assert.Equal(t, tc.effective, due.String(), "due on its effective day")
		})
	}
}

// J5: only a party terminates; a notice names its effective day; an
// agreement already under notice cannot be noticed again; a notice for an
// agreement the register does not hold is malformed.
func TestJ5_OnlyAPartyTerminatesOnce(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
	signAgreement(t, r, "2025-02-03", "b1", mainConnector, careHome, prescription)

	ref := refusedBy(t, runError(r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: careHome, Effective: day("2025-06-01")}), rules.J5, "YLS 20")
	assert.Equal(t, careHome, ref.Blockers[0].Input, "the party that is not a party")
	refusedBy(t, runError(r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: notAParty, Effective: day("2025-06-01")}), rules.J5, "YLS 20")
	refusedBy(t, runError(r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic}), rules.J5, "YLS 20")
	assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "a1").State)

	mustRun(t, r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-06-01")})
	refusedBy(t, runError(r, "2025-03-04", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-05-01")}), rules.J5, "YLS 20")
	assert.Equal(t, "2025-06-01", agreementIn(t, r, "a1").Notice.Effective.String(), "the first notice stands")

	inputError(t, runError(r, "2025-03-04", "", lifecycle.GiveJointAgreementNotice{Agreement: "nope", By: mainConnector, Effective: day("2025-06-01")}))
	inputError(t, runError(r, "2025-03-04", "", lifecycle.GiveJointAgreementNotice{By: mainConnector, Effective: day("2025-06-01")}))
	inputError(t, runError(r, "2025-03-04", "", lifecycle.GiveJointAgreementNotice{Agreement: "b1", Effective: day("2025-06-01")}))
	inputError(t, runError(r, "2025-03-04", "", lifecycle.GiveJointAgreementNotice{Agreement: "b1", By: careHome, Effective: day("2025-03-01")}))
	inputError(t, runError(r, "2025-03-02", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-09-01")}))
}

// J5, J10: a termination takes effect on its effective day: the day before,
// the agreement is under notice and the tenant still uses the services,
// under notice; on the day, the agreement has ended and the tenant's use
// with it. The main connector's own use goes on.
func TestJ5_J10_TerminationTakesEffectOnItsDay(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-01-20", "a1", mainConnector, tenantClinic, prescription, patientData)
	mustRun(t, r, "2025-01-31", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-03-01")})

	advanceRegister(t, r, "2025-02-28")
	assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State)
	uses := r.TenantUses(tenantClinic)
	require.Len(t, uses, 2)
	for _, u := range uses {
		assert.Equal(t, lifecycle.NoticeGiven, u.State, "%s on the last day of the period", u.Service)
	}
	changes := advanceRegister(t, r, "2025-03-01")
	assert.Len(t, changeOf(t, changes, commitment.AgreementStream("a1")).Events, 1)
	assertEndedOn(t, r, "a1", "2025-03-01", "notice-elapsed")
	uses = r.TenantUses(tenantClinic)
	require.Len(t, uses, 2)
	for _, u := range uses {
		assert.Equal(t, lifecycle.Terminated, u.State, "%s on the effective day", u.Service)
	}
	assert.Equal(t, lifecycle.Active, commitmentIn(t, r, mainConnector).State(prescription), "the main connector's own use goes on")
	_, due := r.NextDue(commitment.AgreementStream("a1"))
	assert.False(t, due, "nothing is pending for an ended agreement")
}

// J5: when time is let pass well beyond the effective day, the agreement
// still ended on that day. An act on the agreement after its effective day
// lets time pass too, but a refused act lets none pass; a new signing then
// finds the earlier agreement ended by its notice, not replaced.
func TestJ5_NoticeTakesEffectOnItsDayWhenTimePassesLater(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-01-20", "a1", mainConnector, tenantClinic, prescription)
	mustRun(t, r, "2025-01-31", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-03-01")})
	advanceRegister(t, r, "2025-06-30")
	assertEndedOn(t, r, "a1", "2025-03-01", "notice-elapsed")

	r = jointRegister(t)
	signAgreement(t, r, "2025-01-20", "a1", mainConnector, tenantClinic, prescription)
	mustRun(t, r, "2025-01-31", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-03-01")})
	refusedBy(t, runError(r, "2025-04-10", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "too late"}), rules.J7, "YLS 20")
	assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State, "a refused act lets no time pass")
	signAgreement(t, r, "2025-04-10", "a2", mainConnector, tenantClinic, prescription)
	assertEndedOn(t, r, "a1", "2025-03-01", "notice-elapsed")
}

// A party's own act lets the due notices of its agreements take effect
// too, on their own days, without a separate Advance: the agreement's
// change is among the act's changes.
func TestJ5_J10_AgreementEndsWhenItsPartysTimePassesIt(t *testing.T) {
	for _, actor := range []string{mainConnector, tenantClinic} {
		t.Run(actor, func(t *testing.T) {
			r := jointRegister(t)
			signAgreement(t, r, "2025-02-01", "a1", mainConnector, tenantClinic, prescription)
			mustRun(t, r, "2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-03-11")})
			act := lifecycle.Act(lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})
			if actor == tenantClinic {
				act = lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}
			}
			version := r.Version(commitment.AgreementStream("a1"))
			changes := mustRun(t, r, "2025-04-01", actor, act)

			ch := changeOf(t, changes, commitment.AgreementStream("a1"))
			assert.Equal(t, version, ch.Version)
			assertEndedOn(t, r, "a1", "2025-03-11", "notice-elapsed")
			assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", prescription))
		})
	}
	t.Run("an act of a party of no agreement", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-01", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-03-11")})
		changes := mustRun(t, r, "2025-04-01", careHome, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		assert.Len(t, changes, 1, "only its own stream")
		assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State)
	})
	t.Run("an act before the agreement's latest event", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-01", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-03-11")})
		changes := mustRun(t, r, "2025-02-05", tenantClinic, lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"})
		assert.Len(t, changes, 1, "the agreement's history already reaches a later day; it is left alone")
		assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, r, "a1").State)
	})
}

// J6: the agreement ends automatically, that day, when the parties'
// production agreement ends, whether or not a notice is pending; each
// agreement has its own production agreement (YLS 20).
func TestJ6_EndsWithTheProductionAgreement(t *testing.T) {
	for _, underNotice := range []bool{false, true} {
		name := "in force"
		if underNotice {
			name = "under notice"
		}
		t.Run(name, func(t *testing.T) {
			r := jointRegister(t)
			signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
			signAgreement(t, r, "2025-02-03", "b1", mainConnector, careHome, prescription)
			if underNotice {
				mustRun(t, r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: mainConnector, Effective: day("2025-09-01")})
			}
			mustRun(t, r, "2025-04-10", "", lifecycle.EndProductionAgreement{Agreement: "a1"})
			assertEndedOn(t, r, "a1", "2025-04-10", "end-production-agreement")
			assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", prescription), "J10: the tenant's use ends the same day")
			assert.Equal(t, lifecycle.InForce, agreementIn(t, r, "b1").State, "only this agreement's production agreement ended")
			assert.Equal(t, lifecycle.Active, tenantState(r, careHome, "b1", prescription))

			refusedBy(t, runError(r, "2025-04-11", "", lifecycle.EndProductionAgreement{Agreement: "a1"}), rules.J6, "YLS 20")
		})
	}
}

// J7: the main connector may rescind the agreement at once for the tenant's
// serious breach, which it states (YLS 20); a pending notice does not
// protect a tenant in serious breach.
func TestJ7_RescissionAtOnceNeedsTheBreachStated(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)

	before := marshalRegister(t, r)
	refusedBy(t, runError(r, "2025-04-10", "", lifecycle.RescindJointAgreement{Agreement: "a1"}), rules.J7, "YLS 20")
	assert.Equal(t, string(before), string(marshalRegister(t, r)))
	assert.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a1", prescription))

	mustRun(t, r, "2025-04-10", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "shared credentials with a third party"})
	assertEndedOn(t, r, "a1", "2025-04-10", "rescind-joint-agreement")
	assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", prescription))

	refusedBy(t, runError(r, "2025-04-11", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "again"}), rules.J7, "YLS 20")

	t.Run("under notice", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-06-01")})
		mustRun(t, r, "2025-03-20", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "endangered the main connector's access"})
		assertEndedOn(t, r, "a1", "2025-03-20", "rescind-joint-agreement")
	})
}

// J9: the main connector does not guarantee availability and is not liable
// for interruptions (YLS 19): a statement of non-liability between the
// parties, which the library states and enforces nothing with; no
// transition or guard of the agreement machine is J9, so it never refuses
// anything.
func TestJ9_MainConnectorsNonLiabilityIsStatedNotEnforced(t *testing.T) {
	assert.True(t, rules.J9.Known())
	assert.Equal(t, "YLS 19", rules.J9.Clause())
	assert.False(t, rules.J9.Design(), "the source's own words")
	for _, tr := range lifecycle.AgreementMachine().Describe().Transitions {
		assert.NotEqual(t, rules.J9, tr.Rule, tr.Event)
		for _, g := range tr.Guards {
			assert.NotEqual(t, rules.J9, g.Rule, tr.Event)
		}
	}
}

// J10: when the agreement ends, the tenant's use of the services under it
// ends the same day, however it ends (design, nearest YTE 7.1); the main
// connector keeps its own use.
func TestJ10_TenantsUseEndsTheDayTheAgreementEnds(t *testing.T) {
	cases := []struct {
		name string
		end  func(t *testing.T, r *commitment.Register)
	}{
		{"notice", func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-03-14", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-04-15")})
			advanceRegister(t, r, "2025-04-14")
			require.Equal(t, lifecycle.NoticeGiven, tenantState(r, tenantClinic, "a1", prescription), "the day before")
			advanceRegister(t, r, "2025-04-15")
		}},
		{"production agreement ended", func(t *testing.T, r *commitment.Register) {
			require.Equal(t, lifecycle.Active, tenantState(r, tenantClinic, "a1", prescription), "the day before")
			mustRun(t, r, "2025-04-15", "", lifecycle.EndProductionAgreement{Agreement: "a1"})
		}},
		{"rescinded", func(t *testing.T, r *commitment.Register) {
			mustRun(t, r, "2025-04-15", "", lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "serious breach"})
		}},
		{"replaced", func(t *testing.T, r *commitment.Register) {
			signAgreement(t, r, "2025-04-15", "a2", mainConnector, tenantClinic, patientData)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := jointRegister(t)
			signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription, patientData)
			tc.end(t, r)
			a := agreementIn(t, r, "a1")
			assert.Equal(t, lifecycle.Ended, a.State)
			assert.Equal(t, "2025-04-15", a.Ended.String())
			for _, s := range []lifecycle.ServiceID{prescription, patientData} {
				assert.Equal(t, lifecycle.Terminated, tenantState(r, tenantClinic, "a1", s), s)
			}
			assert.Equal(t, lifecycle.Active, commitmentIn(t, r, mainConnector).State(prescription), "the main connector keeps its own use")
		})
	}
	assert.True(t, rules.J10.Design())
	assert.Equal(t, []string{"YTE 7.1", "design"}, rules.J10.Citations())
}

// TenantUses lists each agreement's Annex 1 in order, under every agreement
// the party is the tenant of, with the main connector of each; a tenant of
// two main connectors sees both.
func TestJ10_TenantUsesUnderSeveralAgreements(t *testing.T) {
	r := jointRegister(t)
	_, err := r.Add(party(otherProvider, lifecycle.PrivateSocialWelfareProvider))
	require.NoError(t, err)
	activateIn(t, r, "2025-01-10", otherProvider, sat)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, careHome, patientData, prescription)
	signAgreement(t, r, "2025-02-03", "c1", otherProvider, careHome, sat)

	assert.Equal(t, []commitment.TenantUse{
		{Agreement: "a1", Main: mainConnector, Service: patientData, State: lifecycle.Active},
		{Agreement: "a1", Main: mainConnector, Service: prescription, State: lifecycle.Active},
		{Agreement: "c1", Main: otherProvider, Service: sat, State: lifecycle.Active},
	}, r.TenantUses(careHome))
	assert.Empty(t, r.TenantUses(nobodyParty), "a party the register does not hold uses nothing")
}

// Malformed signings are input errors, not refusals, and change nothing.
func TestJ4_SigningMalformedAgreementsIsAnInputError(t *testing.T) {
	r := jointRegister(t)
	signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
	before := marshalRegister(t, r)
	p := []lifecycle.ServiceID{prescription}
	for name, act := range map[string]lifecycle.SignJointAgreement{
		"no identifier":         {Main: mainConnector, Tenant: careHome, Services: p},
		"identifier reused":     {Agreement: "a1", Main: mainConnector, Tenant: careHome, Services: p},
		"identifier with space": {Agreement: "a 2", Main: mainConnector, Tenant: careHome, Services: p},
		"no main connector":     {Agreement: "x", Tenant: careHome, Services: p},
		"no tenant":             {Agreement: "x", Main: mainConnector, Services: p},
		"unknown main":          {Agreement: "x", Main: nobodyParty, Tenant: careHome, Services: p},
		"unknown tenant":        {Agreement: "x", Main: mainConnector, Tenant: nobodyParty, Services: p},
		"main is the tenant":    {Agreement: "x", Main: mainConnector, Tenant: mainConnector, Services: p},
		"empty Annex 1":         {Agreement: "x", Main: mainConnector, Tenant: careHome},
		"unknown service":       {Agreement: "x", Main: mainConnector, Tenant: careHome, Services: []lifecycle.ServiceID{"massage"}},
		"service twice":         {Agreement: "x", Main: mainConnector, Tenant: careHome, Services: []lifecycle.ServiceID{prescription, prescription}},
	} {
		t.Run(name, func(t *testing.T) {
			inputError(t, runError(r, "2025-03-03", "", act))
			assert.Equal(t, string(before), string(marshalRegister(t, r)))
		})
	}
	t.Run("a day before a party's latest event", func(t *testing.T) {
		inputError(t, runError(r, "2025-02-01", "", signing("x", mainConnector, careHome, prescription)))
		assert.Equal(t, string(before), string(marshalRegister(t, r)))
	})
	t.Run("the replaced agreement's history reaches a later day", func(t *testing.T) {
		r := jointRegister(t)
		signAgreement(t, r, "2025-02-03", "a1", mainConnector, tenantClinic, prescription)
		mustRun(t, r, "2025-03-03", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-06-01")})
		before := marshalRegister(t, r)
		inputError(t, runError(r, "2025-02-20", "", signing("a2", mainConnector, tenantClinic, prescription)))
		assert.Equal(t, string(before), string(marshalRegister(t, r)))
	})
}

// Agreement acts concern two parties: on a lone Commitment they are input
// errors, never refusals; they run on a Register.
func TestJ4_AgreementActsNeedARegister(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	before := freeze(t, c)
	for _, act := range []lifecycle.Act{
		signing("a1", "y-private-health-care-provider", tenantClinic, prescription),
		lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: day("2025-06-01")},
		lifecycle.EndProductionAgreement{Agreement: "a1"},
		lifecycle.RescindJointAgreement{Agreement: "a1", Reason: "breach"},
	} {
		t.Run(string(act.EventID()), func(t *testing.T) {
			_, err := c.Execute(day("2025-03-01"), act)
			inputError(t, err)
			before.assertUnchanged(t, c)
		})
	}
}
