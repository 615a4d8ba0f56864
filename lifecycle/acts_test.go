package lifecycle_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// prototype returns the Go value machine name declares for event id.
func prototype(t *testing.T, machine string, id engine.EventID) engine.Event {
	t.Helper()
	var (
		p  engine.Event
		ok bool
	)
	switch machine {
	case "service":
		p, ok = lifecycle.ServiceMachine().Prototype(id)
	case "app":
		p, ok = lifecycle.AppMachine().Prototype(id)
	case "joint-agreement":
		p, ok = lifecycle.AgreementMachine().Prototype(id)
	}
	require.True(t, ok, "%s has no event %s", machine, id)
	return p
}

// Who performs each act: the terms' parties, never nobody.
func TestActs_WhoPerformsEachAct(t *testing.T) {
	want := map[engine.EventID]string{
		"request-service":             lifecycle.ActorCustomer,
		"pass-joint-testing":          lifecycle.ActorKela,
		"pass-activation-test":        lifecycle.ActorKela,
		"approve-service":             lifecycle.ActorKela,
		"withdraw-application":        lifecycle.ActorCustomer,
		"suspend-service":             lifecycle.ActorKela,
		"demonstrate-correction":      lifecycle.ActorCustomer,
		"give-termination-notice":     lifecycle.ActorCustomer,
		"terminate-by-authority":      lifecycle.ActorKela,
		"register-app":                lifecycle.ActorAppVendor,
		"pass-app-joint-testing":      lifecycle.ActorKela,
		"certify-app":                 lifecycle.ActorKela,
		"connect-app":                 lifecycle.ActorKela,
		"suspend-app":                 lifecycle.ActorKela,
		"demonstrate-app-correction":  lifecycle.ActorAppVendor,
		"renew-audit-certificate":     lifecycle.ActorAppVendor,
		"give-app-withdrawal-notice":  lifecycle.ActorAppVendor,
		"remove-app":                  lifecycle.ActorKela,
		"sign-joint-agreement":        lifecycle.ActorAgreementParty,
		"give-joint-agreement-notice": lifecycle.ActorAgreementParty,
		"end-production-agreement":    lifecycle.ActorAgreementParty,
		"rescind-joint-agreement":     lifecycle.ActorMainConnector,
		"transfer-commitment":         lifecycle.ActorCustomer,
		"add-pharmacy":                lifecycle.ActorCustomer,
		"name-contact":                lifecycle.ActorCustomer,
		"remove-contact":              lifecycle.ActorCustomer,
		"notify-change":               lifecycle.ActorCustomer,
	}
	got := map[engine.EventID]string{}
	for _, a := range lifecycle.Acts() {
		_, dup := got[a.ID]
		assert.False(t, dup, "%s listed twice", a.ID)
		got[a.ID] = a.Actor.ID
	}
	assert.Equal(t, want, got)
}

// Every act has an actor with words, is a machine's event of the same Go
// type and actor (or an act on the commitment's own records, with its
// rule), and every event someone performs is an act.
func TestActs_EveryActIsAMachineEventOrACustomerAct(t *testing.T) {
	acts := lifecycle.Acts()
	for _, a := range acts {
		t.Run(string(a.ID), func(t *testing.T) {
			require.NotNil(t, a.Proto)
			assert.Equal(t, a.ID, a.Proto.EventID())
			assert.NotZero(t, a.Actor)
			assert.True(t, a.Actor.Label.Complete(), "%+v", a.Actor)
			assert.True(t, a.Label.Complete(), "%+v", a.Label)
			named, err := lifecycle.ActNamed(string(a.ID))
			require.NoError(t, err)
			assert.Equal(t, a.Proto, named)

			if a.Machine == "" {
				rule, ok := lifecycle.CustomerActRule(a.ID)
				require.True(t, ok, "an act on no machine is an act on the commitment's records")
				assert.True(t, rule.Known())
				return
			}
			_, ok := lifecycle.CustomerActRule(a.ID)
			assert.False(t, ok)
			m, err := lifecycle.MachineNamed(a.Machine)
			require.NoError(t, err)
			info, ok := m.Describe().Event(a.ID)
			require.True(t, ok)
			assert.Equal(t, info.Actor, a.Actor)
			assert.Equal(t, info.Label, a.Label)
			assert.Equal(t, reflect.TypeOf(prototype(t, a.Machine, a.ID)), reflect.TypeOf(a.Proto), "the act is the event its machine records")
		})
	}
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, e := range d.Events {
			listed := false
			for _, a := range acts {
				listed = listed || (a.ID == e.ID && a.Machine == d.Name)
			}
			assert.Equal(t, e.Actor.ID != "", listed, "%s %s: an act exactly when someone performs it", d.Name, e.ID)
		}
	}
	rulesOf := map[engine.EventID]rules.Rule{}
	for _, id := range []engine.EventID{"transfer-commitment", "add-pharmacy", "name-contact", "remove-contact", "notify-change"} {
		rulesOf[id], _ = lifecycle.CustomerActRule(id)
	}
	assert.Equal(t, map[engine.EventID]rules.Rule{"transfer-commitment": rules.C5, "add-pharmacy": rules.C6, "name-contact": rules.P1,
		"remove-contact": rules.R10, "notify-change": rules.ContactChange}, rulesOf)
}

func TestActNamed_UnknownListsTheActs(t *testing.T) {
	_, err := lifecycle.ActNamed("fly-to-the-moon")
	var u *engine.UnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "act", u.What)
	assert.Len(t, u.Known, len(lifecycle.Acts()))
	assert.Equal(t, "request-service", u.Known[0])
	_, err = lifecycle.ActNamed("notice-elapsed")
	assert.Error(t, err, "nobody performs the passage of time")
}

// Validate refuses an act that is malformed whatever the state it meets
// with an *InputError naming the field: the zero value of every act lacks
// a field it needs.
func TestActs_ValidateRefusesMissingFieldsWithAnInputError(t *testing.T) {
	for _, a := range lifecycle.Acts() {
		t.Run(string(a.ID), func(t *testing.T) {
			err := a.Proto.Validate(day("2025-03-01"))
			var ie *lifecycle.InputError
			require.ErrorAs(t, err, &ie)
			assert.NotEmpty(t, ie.Field)
			assert.NotEmpty(t, ie.Reason)
		})
	}
}

func TestActs_ValidateChecksEachField(t *testing.T) {
	on := day("2025-03-01")
	p, k := lifecycle.Prescription, lifecycle.Kelain
	cases := []struct {
		name  string
		act   lifecycle.Act
		field string // "" when valid
	}{
		{"a request", lifecycle.RequestService{Service: p, Signatory: lifecycle.Authorised, Accepts: descOnly}, ""},
		{"a request whose signatory the guards judge", lifecycle.RequestService{Service: p}, ""},
		{"a request with an unknown signatory", lifecycle.RequestService{Service: p, Signatory: "boss"}, "signatory"},
		{"a request accepting an unknown document", lifecycle.RequestService{Service: p, Accepts: []lifecycle.Document{"contract"}}, "accepts"},
		{"a test of a service", lifecycle.PassJointTesting{Service: p, OrgUnit: "north"}, ""},
		{"an approval", lifecycle.ApproveService{Service: p}, ""},
		{"a suspension of all", lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers}, ""},
		{"a suspension without its reason", lifecycle.SuspendService{Service: p}, "reason"},
		{"a suspension for an unknown reason", lifecycle.SuspendService{Service: p, Reason: "bad-mood"}, "reason"},
		{"a suspension of one and all", lifecycle.SuspendService{Service: p, All: true, Reason: lifecycle.Endangers}, "service"},
		{"a correction of all", lifecycle.DemonstrateCorrection{All: true}, ""},
		{"a notice of all", lifecycle.GiveTerminationNotice{All: true, Effective: day("2025-06-01"), Reason: lifecycle.OtherChange}, ""},
		{"a notice the guards judge", lifecycle.GiveTerminationNotice{Service: p}, ""},
		{"a notice taking effect on its day", lifecycle.GiveTerminationNotice{Service: p, Effective: on}, ""},
		{"a notice taking effect before it was given", lifecycle.GiveTerminationNotice{Service: p, Effective: on.AddDays(-1)}, "effective"},
		{"a notice for an unknown reason", lifecycle.GiveTerminationNotice{Service: p, Reason: "boredom"}, "reason"},
		{"a notice of one and all", lifecycle.GiveTerminationNotice{Service: k, All: true}, "service"},
		{"an authority's termination of all", lifecycle.TerminateByAuthority{All: true}, ""},
		{"a registration", lifecycle.RegisterApp{App: "a", Signatory: lifecycle.TradeRegister}, ""},
		{"a registration with an unknown signatory", lifecycle.RegisterApp{App: "a", Signatory: "boss"}, "signatory"},
		{"a certification", lifecycle.CertifyApp{App: "a", AuditValidUntil: on}, ""},
		{"a certification without the audit's day", lifecycle.CertifyApp{App: "a", ValviraRegistered: true}, "audit_valid_until"},
		{"an app's suspension without its reason", lifecycle.SuspendApp{App: "a"}, "reason"},
		{"a renewal without its day", lifecycle.RenewAuditCertificate{App: "a"}, "valid_until"},
		{"a withdrawal", lifecycle.GiveAppWithdrawalNotice{App: "a", Effective: on}, ""},
		{"a withdrawal taking effect before it was given", lifecycle.GiveAppWithdrawalNotice{App: "a", Effective: on.AddDays(-1)}, "effective"},
		{"a removal", lifecycle.RemoveApp{App: "a", Reason: lifecycle.OperationsEnded}, ""},
		{"a removal for an unknown reason", lifecycle.RemoveApp{App: "a", Reason: "bankrupt"}, "reason"},
		{"an agreement", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Tenant: "t", Services: []lifecycle.ServiceID{p, k}}, ""},
		{"an agreement without its main connector", lifecycle.SignJointAgreement{Agreement: "x", Tenant: "t", Services: []lifecycle.ServiceID{p}}, "main"},
		{"an agreement without its tenant", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Services: []lifecycle.ServiceID{p}}, "tenant"},
		{"an agreement with itself", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Tenant: "m", Services: []lifecycle.ServiceID{p}}, "tenant"},
		{"an agreement without Annex 1", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Tenant: "t"}, "services"},
		{"an Annex 1 with a blank service", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Tenant: "t", Services: []lifecycle.ServiceID{p, ""}}, "services"},
		{"an Annex 1 listing a service twice", lifecycle.SignJointAgreement{Agreement: "x", Main: "m", Tenant: "t", Services: []lifecycle.ServiceID{p, k, p}}, "services"},
		{"an agreement's notice", lifecycle.GiveJointAgreementNotice{Agreement: "x", By: "m", Effective: on}, ""},
		{"an agreement's notice by nobody", lifecycle.GiveJointAgreementNotice{Agreement: "x", Effective: on}, "by"},
		{"an agreement's notice taking effect before it was given", lifecycle.GiveJointAgreementNotice{Agreement: "x", By: "m", Effective: on.AddDays(-1)}, "effective"},
		{"a rescission the guards judge", lifecycle.RescindJointAgreement{Agreement: "x"}, ""},
		{"a transfer", lifecycle.TransferCommitment{To: "b"}, ""},
		{"a pharmacy", lifecycle.AddPharmacy{Pharmacy: "Apteekki 2"}, ""},
		{"a contact", lifecycle.NameContact{Role: lifecycle.Billing, Name: "Liisa"}, ""},
		{"a contact without a name", lifecycle.NameContact{Role: lifecycle.Billing}, "name"},
		{"a contact in an unknown role", lifecycle.NameContact{Role: "boss", Name: "Liisa"}, "role"},
		{"a contact removed", lifecycle.RemoveContact{Role: lifecycle.Technical, Name: "Liisa"}, ""},
		{"a contact removed without a name", lifecycle.RemoveContact{Role: lifecycle.Technical}, "name"},
		{"a change with its day", lifecycle.NotifyChange{Rule: rules.TechnicalChange, Effective: day("2025-04-01")}, ""},
		{"a change without the day its period needs", lifecycle.NotifyChange{Rule: rules.TechnicalChange}, "effective"},
		{"a change without a period", lifecycle.NotifyChange{Rule: rules.ContactChange}, ""},
		{"a termination notified as a change", lifecycle.NotifyChange{Rule: rules.ServiceTermination, Effective: day("2025-06-01")}, "rule"},
		{"a change under no notice rule", lifecycle.NotifyChange{Rule: rules.C1}, "rule"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.act.Validate(on)
			if tc.field == "" {
				assert.NoError(t, err)
				return
			}
			var ie *lifecycle.InputError
			require.ErrorAs(t, err, &ie)
			assert.Equal(t, tc.field, ie.Field)
		})
	}
}

func TestInputError_NamesTheFieldAndAShortValue(t *testing.T) {
	assert.Equal(t, "to: a transfer names the party that receives the commitment", (&lifecycle.InputError{Field: "to", Reason: "a transfer names the party that receives the commitment"}).Error())
	long := strings.Repeat("x", 300)
	err := lifecycle.RegisterApp{App: "a", Signatory: lifecycle.Signatory(long)}.Validate(day("2025-03-01"))
	require.Error(t, err)
	assert.True(t, strings.HasPrefix(err.Error(), "signatory "+notice.Excerpt(long)+": unknown signatory (known: "), err.Error())
	assert.Less(t, len(err.Error()), 300)
}

// AppOf and AgreementOf say which acts are the app's and the agreement's.
func TestAppOfAndAgreementOf(t *testing.T) {
	for _, a := range lifecycle.Acts() {
		id, isApp := lifecycle.AppOf(a.Proto)
		assert.Equal(t, a.Machine == "app", isApp, a.ID)
		assert.Empty(t, id)
		ag, isAgreement := lifecycle.AgreementOf(a.Proto)
		assert.Equal(t, a.Machine == "joint-agreement", isAgreement, a.ID)
		assert.Empty(t, ag)
	}
	id, ok := lifecycle.AppOf(lifecycle.RenewAuditCertificate{App: "wellness"})
	assert.True(t, ok)
	assert.Equal(t, lifecycle.AppID("wellness"), id)
	ag, ok := lifecycle.AgreementOf(lifecycle.RescindJointAgreement{Agreement: "a7"})
	assert.True(t, ok)
	assert.Equal(t, lifecycle.AgreementID("a7"), ag)
}
