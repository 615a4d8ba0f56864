package lifecycle

import (
	"fmt"
	"slices"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// States of the joint-connection agreement (yhteisliittymismalli).
// NoticeGiven and Ended are the words the other machines use too.
const (
	Draft   engine.State = "draft"    // drawn up with its Annex 1, not yet signed by both
	InForce engine.State = "in-force" // signed; in force until further notice (J4)
)

// Binding is the class of an agreement that binds its parties: in force,
// possibly with a termination pending.
const Binding engine.Class = "binding"

// JointAgreement is the agreement between a main connector (pääliittyjä,
// huvudanslutare) and a tenant (mukanaliittyjä, hyresgäst) under which the
// tenant uses Kanta services through the main connector's commitment (YTE 7,
// YLS): the joint-agreement machine's subject.
type JointAgreement struct {
	ID     AgreementID  `json:"id"`
	State  engine.State `json:"state"`
	Main   PartyID      `json:"main,omitempty"`
	Tenant PartyID      `json:"tenant,omitempty"`
	// Services is Annex 1: the Kanta services the tenant uses through the
	// main connector (YLS 1).
	Services []ServiceID `json:"services,omitempty"`
	// Termination is the notice either party's termination needs: one
	// month, or the production agreement's period (YLS 20).
	Termination notice.Term    `json:"termination"`
	Drawn       notice.Date    `json:"drawn,omitzero"`
	Signed      notice.Date    `json:"signed,omitzero"`
	Notice      *Notice        `json:"notice,omitempty"`
	Ended       notice.Date    `json:"ended,omitzero"`
	EndedBy     engine.EventID `json:"ended_by,omitempty"`
}

// Notice is a termination notice between parties: who gave it, the day it
// reached the other party and the first day without the agreement.
type Notice struct {
	By        PartyID     `json:"by,omitempty"`
	Given     notice.Date `json:"given"`
	Effective notice.Date `json:"effective"`
}

// InForce reports whether the agreement binds the parties: signed and not
// yet ended (a notice may be pending).
func (a *JointAgreement) InForce() bool { return binding.Has(a.State) }

// Covers reports whether service is in the agreement's Annex 1.
func (a *JointAgreement) Covers(service ServiceID) bool { return slices.Contains(a.Services, service) }

// Party reports whether p is the main connector or the tenant.
func (a *JointAgreement) Party(p PartyID) bool { return p != "" && (p == a.Main || p == a.Tenant) }

// TenantState returns the state of the tenant's use of service under the
// agreement, given the main connector's use of it. A tenant uses a service
// only while the agreement is in force and the main connector has the service
// in use (J3); its use mirrors the main connector's, is notice-given while
// the agreement's own end is pending, and is terminated once either ends
// (J10). It is None for a service outside Annex 1 or an unsigned agreement.
func (a *JointAgreement) TenantState(service ServiceID, main *ServiceUse) engine.State {
	if !a.Covers(service) || a.State == Draft || a.State == None {
		return None
	}
	if !a.InForce() || main == nil || !main.InUse() {
		return Terminated
	}
	if a.State == NoticeGiven && main.State == Active {
		return NoticeGiven
	}
	return main.State
}

// PartyFacts are what signing a joint agreement needs to know of one
// party, as it stands on the day of signing: its kind, its Soteri entry,
// its customership and the services it has in use.
type PartyFacts struct {
	ID           PartyID
	Kind         Kind
	Soteri       bool
	Customership engine.State
	InUse        []ServiceUse
	// Applying lists the services the party has applied for on its own
	// and not yet been approved for.
	Applying []ServiceID
}

// Uses reports whether the party uses service on its own commitment, or
// has applied for it.
func (p PartyFacts) Uses(service ServiceID) bool {
	return slices.Contains(p.Applying, service) || slices.ContainsFunc(p.InUse, func(u ServiceUse) bool { return u.Service == service })
}

// AgreementFacts are the facts around a joint agreement that its guards
// read: its two parties, for signing.
type AgreementFacts struct {
	Main, Tenant PartyFacts
}

// Acts and events of the joint-agreement machine.
type (
	// SignJointAgreement draws up the joint-connection agreement Agreement
	// between the main connector Main and the tenant Tenant, with Services
	// as its Annex 1 (YLS 1), and both parties sign it: it is in force from
	// the act's day (J4) and ends an earlier agreement between the same
	// parties. ProductionNotice, when set, is the notice period of the
	// parties' production agreement, which then applies instead of one month
	// (YLS 20). The agreement records the act twice: drawn up, then signed.
	SignJointAgreement struct {
		Agreement        AgreementID   `json:"agreement"`
		Main             PartyID       `json:"main"`
		Tenant           PartyID       `json:"tenant"`
		Services         []ServiceID   `json:"services"`
		ProductionNotice notice.Period `json:"production_notice,omitzero"`
	}
	// GiveJointAgreementNotice is party By's written termination of
	// Agreement, received by the other party on the act's day, ending it on
	// Effective (J5).
	GiveJointAgreementNotice struct {
		Agreement AgreementID `json:"agreement"`
		By        PartyID     `json:"by"`
		Effective notice.Date `json:"effective"`
	}
	// EndProductionAgreement records that Agreement's production agreement
	// ended; the joint agreement ends with it (J6).
	EndProductionAgreement struct {
		Agreement AgreementID `json:"agreement"`
	}
	// RescindJointAgreement is the main connector's rescission of Agreement
	// at once for the tenant's serious breach, stated in Reason (J7).
	RescindJointAgreement struct {
		Agreement AgreementID `json:"agreement"`
		Reason    string      `json:"reason"`
	}
	// AgreementReplaced: a new agreement between the same parties, By, was
	// signed and replaces this one, which ends (J4). Nobody performs it.
	AgreementReplaced struct {
		By AgreementID `json:"by"`
	}
)

// EventID returns "sign-joint-agreement".
func (SignJointAgreement) EventID() engine.EventID { return "sign-joint-agreement" }

// EventID returns "give-joint-agreement-notice".
func (GiveJointAgreementNotice) EventID() engine.EventID { return "give-joint-agreement-notice" }

// EventID returns "end-production-agreement".
func (EndProductionAgreement) EventID() engine.EventID { return "end-production-agreement" }

// EventID returns "rescind-joint-agreement".
func (RescindJointAgreement) EventID() engine.EventID { return "rescind-joint-agreement" }

// EventID returns "agreement-replaced".
func (AgreementReplaced) EventID() engine.EventID { return "agreement-replaced" }

// AgreementOf returns the agreement an act concerns, and false for an act
// that is not the joint-agreement machine's.
func AgreementOf(a Act) (AgreementID, bool) {
	switch a := a.(type) {
	case SignJointAgreement:
		return a.Agreement, true
	case GiveJointAgreementNotice:
		return a.Agreement, true
	case EndProductionAgreement:
		return a.Agreement, true
	case RescindJointAgreement:
		return a.Agreement, true
	}
	return "", false
}

// Validate checks the agreement's parties and its Annex 1: two different
// parties and at least one service, none listed twice.
func (a SignJointAgreement) Validate(notice.Date) error {
	switch {
	case a.Agreement == "":
		return missing("agreement", "the act names the agreement")
	case a.Main == "":
		return missing("main", "the agreement names its main connector")
	case a.Tenant == "":
		return missing("tenant", "the agreement names its tenant")
	case a.Main == a.Tenant:
		return &InputError{Field: "tenant", Value: string(a.Tenant), Reason: "the main connector and the tenant are different parties"}
	case len(a.Services) == 0:
		return missing("services", "Annex 1 lists at least one Kanta service")
	}
	for i, s := range a.Services {
		if s == "" {
			return missing("services", "a service of Annex 1 has no identifier")
		}
		if slices.Contains(a.Services[:i], s) {
			return &InputError{Field: "services", Value: string(s), Reason: "listed twice"}
		}
	}
	return nil
}

// Validate checks that the notice names the agreement, the party and a day
// not before it was given.
func (a GiveJointAgreementNotice) Validate(on notice.Date) error {
	switch {
	case a.Agreement == "":
		return missing("agreement", "the act names the agreement")
	case a.By == "":
		return missing("by", "a notice names the party that gives it")
	}
	return notBefore(a.Effective, on, "a termination", "given")
}

// Validate checks that the act names the agreement.
func (a EndProductionAgreement) Validate(notice.Date) error {
	if a.Agreement == "" {
		return missing("agreement", "the act names the agreement")
	}
	return nil
}

// Validate checks that the act names the agreement.
func (a RescindJointAgreement) Validate(notice.Date) error {
	if a.Agreement == "" {
		return missing("agreement", "the act names the agreement")
	}
	return nil
}

// MainConnectorKinds are the kinds that may be a main connector: private
// social or health care providers (J1b; YTE 7 "yksityisten …
// palvelunantajien yhteisliittymismalli", YLS 1).
func MainConnectorKinds() []Kind {
	return []Kind{PrivateHealthCareProvider, PrivateSocialWelfareProvider}
}

// JointAgreementTerm returns the notice a party's termination of a joint
// agreement needs: the joint-agreement-termination rule (one month, counted
// forward from the notice), or production's period when the parties'
// production agreement sets one (YLS 20).
func JointAgreementTerm(production notice.Period) notice.Term {
	r, _ := notice.LookupRule(rules.JointAgreementTermination)
	if !production.IsZero() {
		r, _ = r.WithPeriod(production)
	}
	return r.Term
}

// AgreementMachine is the lifecycle of a joint-connection agreement (YTE 7,
// YLS).
func AgreementMachine() *engine.Machine[JointAgreement, AgreementFacts] { return agreementMachine }

var (
	agreementMachine *engine.Machine[JointAgreement, AgreementFacts]
	binding          engine.StateSet
)

func init() {
	agreementMachine = engine.MustDefine(agreementDefinition())
	binding = agreementMachine.Members(Binding)
}

type agreementStep = engine.Step[JointAgreement, AgreementFacts]

func inSoteri(p PartyFacts, role string) *engine.Unmet {
	if p.Soteri {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("the %s %s is not registered in Soteri", role, p.ID), Input: string(p.ID)}
}

// annexInUse is J3: the tenant uses only services the main connector has in
// use.
func annexInUse(c agreementStep) *engine.Unmet {
	var missing []ServiceID
	for _, s := range c.Subject.Services {
		if !slices.ContainsFunc(c.Facts.Main.InUse, func(u ServiceUse) bool { return u.Service == s }) {
			missing = append(missing, s)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("a tenant can use only services the main connector has in use; %s does not have %s", c.Facts.Main.ID, engine.List(missing)), Input: engine.List(missing)}
}

// throughMain is J1: a tenant uses services through the main connector and
// makes no application of its own, so Annex 1 cannot list a service the
// tenant uses, or has applied for, on its own commitment.
func throughMain(c agreementStep) *engine.Unmet {
	var own []ServiceID
	for _, s := range c.Subject.Services {
		if c.Facts.Tenant.Uses(s) {
			own = append(own, s)
		}
	}
	if len(own) == 0 {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("the tenant %s uses %s on its own commitment; a tenant uses a service only through the main connector, so it gives up its own use first", c.Facts.Tenant.ID, engine.List(own)), Input: engine.List(own)}
}

// tenantEligible is S3 with J3: who may use a service is restricted for a
// tenant as for a customer, so Annex 1 cannot give a tenant a service its
// kind may not use. The eligibility comes from the terms the main connector
// uses the service under.
func tenantEligible(c agreementStep) *engine.Unmet {
	for _, s := range c.Subject.Services {
		for i := range c.Facts.Main.InUse {
			u := &c.Facts.Main.InUse[i]
			if u.Service != s {
				continue
			}
			if un := u.Terms.Admits(c.Facts.Tenant.Kind); un != nil {
				un.Also = rules.J3
				un.Reason = fmt.Sprintf("Annex 1 gives %s to the tenant %s: %s", s, c.Facts.Tenant.ID, un.Reason)
				return un
			}
		}
	}
	return nil
}

func agreementDefinition() engine.Definition[JointAgreement, AgreementFacts] {
	return engine.Definition[JointAgreement, AgreementFacts]{
		Name: "joint-agreement",
		// fi YTE 7 "yhteisliittymismalli"; sv YLS "avtal om samanslutning"
		// (translation built on YLS 1).
		Label:   engine.Label{En: "the joint-connection agreement", Fi: "yhteisliittymissopimus", Sv: "avtalet om samanslutning"},
		StateOf: func(a *JointAgreement) *engine.State { return &a.State },
		// The source is Swedish: here the Finnish words are translations,
		// except where YTE 7 names the model and its parties.
		States: []engine.StateSpec{
			// sv YLS 1 "då avtalet upprättas"; fi translation.
			{ID: Draft, Label: engine.Label{En: "drawn up", Fi: "laadittu", Sv: "upprättat"}},
			// sv YLS 20 "i kraft från datum för undertecknandet"; fi translation.
			{ID: InForce, Classes: []engine.Class{Binding}, Label: engine.Label{En: "in force", Fi: "voimassa", Sv: "i kraft"}},
			// sv YLS 20 "kan uppsägas"; fi translation.
			{ID: NoticeGiven, Classes: []engine.Class{Binding}, Label: engine.Label{En: "under notice", Fi: "irtisanottu", Sv: "uppsagt"}},
			// sv YLS 20 "upphör"; fi translation.
			{ID: Ended, Final: true, Label: engine.Label{En: "no longer in force", Fi: "päättynyt", Sv: "upphört"}},
		},
		Events: []engine.EventSpec[JointAgreement]{
			// sv YLS 20, 21 "undertecknandet"; fi translation.
			engine.On(engine.Label{En: "drawn up and signed by both parties", Fi: "laadittu ja molempien allekirjoittama", Sv: "upprättat och undertecknat av båda parterna"}, agreementParty,
				func(a *JointAgreement, on notice.Date, e SignJointAgreement) {
					if a.State == None {
						*a = JointAgreement{ID: a.ID, Main: e.Main, Tenant: e.Tenant, Services: slices.Clone(e.Services),
							Termination: JointAgreementTerm(e.ProductionNotice), Drawn: on}
						return
					}
					a.Signed = on
				}),
			// sv YLS 20 "uppsägningen"; fi translation.
			engine.On(engine.Label{En: "termination notice", Fi: "irtisanominen", Sv: "uppsägning"}, agreementParty,
				func(a *JointAgreement, on notice.Date, e GiveJointAgreementNotice) {
					a.Notice = &Notice{By: e.By, Given: on, Effective: e.Effective}
				}),
			engine.On(noticeElapsed, nobody, func(a *JointAgreement, _ notice.Date, e NoticeElapsed) {
				a.Ended, a.EndedBy = a.Notice.Effective, e.EventID()
			}),
			// sv YLS 20 "avtal ... om produktion ... upphör att gälla"; fi
			// translation.
			engine.On(engine.Label{En: "production agreement ended", Fi: "tuotantosopimus päättynyt", Sv: "produktionsavtalet upphört"}, agreementParty,
				func(a *JointAgreement, on notice.Date, e EndProductionAgreement) {
					a.Ended, a.EndedBy = on, e.EventID()
				}),
			// sv YLS 20 "häva detta avtal omedelbart"; fi translation.
			engine.On(engine.Label{En: "rescinded at once", Fi: "purettu välittömästi", Sv: "hävt omedelbart"}, mainConnector,
				func(a *JointAgreement, on notice.Date, e RescindJointAgreement) { a.Ended, a.EndedBy = on, e.EventID() }),
			// sv YLS 20 "ersätter ett eventuellt tidigare avtal"; fi translation.
			engine.On(engine.Label{En: "replaced by a new agreement", Fi: "korvattu uudella sopimuksella", Sv: "ersatt av ett nytt avtal"}, nobody,
				func(a *JointAgreement, on notice.Date, e AgreementReplaced) { a.Ended, a.EndedBy = on, e.EventID() }),
		},
		Transitions: []engine.Transition[JointAgreement, AgreementFacts]{
			{Event: "sign-joint-agreement", From: []engine.State{None}, To: Draft, Rule: rules.J3},
			{Event: "sign-joint-agreement", From: []engine.State{Draft}, To: InForce, Rule: rules.J4, Guards: []engine.Guard[JointAgreement, AgreementFacts]{
				{Rule: rules.J1b, Label: engine.Label{En: "main connector: private provider", Fi: "pääliittyjä: yksityinen palvelunantaja", Sv: "huvudanslutare: privat tillhandahållare"}, Check: func(c agreementStep) *engine.Unmet {
					m := c.Facts.Main
					if slices.Contains(MainConnectorKinds(), m.Kind) {
						return nil
					}
					return &engine.Unmet{Reason: fmt.Sprintf("the main connector must be a private social or health care provider, not a %s", m.Kind), Input: string(m.Kind)}
				}},
				{Rule: rules.J1b, Label: engine.Label{En: "main connector: active customership", Fi: "pääliittyjä: voimassa oleva asiakkuus", Sv: "huvudanslutare: kundrelation i kraft"}, Check: func(c agreementStep) *engine.Unmet {
					m := c.Facts.Main
					if m.Customership == Active {
						return nil
					}
					return &engine.Unmet{Reason: fmt.Sprintf("the main connector %s needs an active customership (it is %s)", m.ID, m.Customership.Name()), Input: string(m.Customership)}
				}},
				{Rule: rules.J2, Label: engine.Label{En: "main connector in Soteri", Fi: "pääliittyjä Soterissa", Sv: "huvudanslutaren i Soteri"}, Check: func(c agreementStep) *engine.Unmet {
					return inSoteri(c.Facts.Main, "main connector")
				}},
				{Rule: rules.J2, Label: engine.Label{En: "tenant in Soteri", Fi: "mukanaliittyjä Soterissa", Sv: "hyresgästen i Soteri"}, Check: func(c agreementStep) *engine.Unmet {
					return inSoteri(c.Facts.Tenant, "tenant")
				}},
				{Rule: rules.J3, Label: engine.Label{En: "Annex 1 services in use by the main connector", Fi: "liitteen 1 palvelut pääliittyjän käytössä", Sv: "tjänsterna i bilaga 1 i bruk hos huvudanslutaren"}, Check: annexInUse},
				{Rule: rules.S3, Label: engine.Label{En: "tenant's kind may use the Annex 1 services", Fi: "mukanaliittyjä saa käyttää liitteen 1 palveluja", Sv: "hyresgästen får använda tjänsterna i bilaga 1"}, Check: tenantEligible},
				{Rule: rules.J1, Label: engine.Label{En: "tenant uses Annex 1 services only through the main connector", Fi: "mukanaliittyjä käyttää liitteen 1 palveluja vain pääliittyjän kautta", Sv: "hyresgästen använder tjänsterna i bilaga 1 endast via huvudanslutaren"}, Check: throughMain},
			}},
			{Event: "give-joint-agreement-notice", From: []engine.State{InForce}, To: NoticeGiven, Rule: rules.J5, Guards: []engine.Guard[JointAgreement, AgreementFacts]{
				{Rule: rules.J5, Label: engine.Label{En: "by a party", Fi: "osapuolen antama", Sv: "av en part"}, Check: func(c agreementStep) *engine.Unmet {
					n := c.Event.(GiveJointAgreementNotice)
					if c.Subject.Party(n.By) {
						return nil
					}
					return &engine.Unmet{Reason: fmt.Sprintf("only the main connector %s or the tenant %s may terminate the agreement", c.Subject.Main, c.Subject.Tenant), Input: string(n.By)}
				}},
				{Rule: rules.J5, Label: engine.Label{En: "notice period", Fi: "irtisanomisaika", Sv: "uppsägningstid"}, Check: func(c agreementStep) *engine.Unmet {
					n := c.Event.(GiveJointAgreementNotice)
					if n.Effective.IsZero() {
						return &engine.Unmet{Reason: "a termination names the day it takes effect"}
					}
					return lateNotice(c.Subject.Termination, c.On, n.Effective, "the agreement is terminable with")
				}},
			}},
			{Event: "notice-elapsed", From: []engine.State{NoticeGiven}, To: Ended, Rule: rules.J5,
				Due: &engine.Due[JointAgreement]{Label: effectiveDayReached, Day: func(a *JointAgreement) (notice.Date, bool) {
					if a.Notice == nil {
						return notice.Date{}, false
					}
					return a.Notice.Effective, true
				}}},
			{Event: "end-production-agreement", From: []engine.State{InForce, NoticeGiven}, To: Ended, Rule: rules.J6},
			{Event: "rescind-joint-agreement", From: []engine.State{InForce, NoticeGiven}, To: Ended, Rule: rules.J7, Guards: []engine.Guard[JointAgreement, AgreementFacts]{
				{Rule: rules.J7, Label: engine.Label{En: "serious breach stated", Fi: "vakava sopimusrikkomus ilmoitettu", Sv: "allvarligt avtalsbrott angivet"}, Check: func(c agreementStep) *engine.Unmet {
					if c.Event.(RescindJointAgreement).Reason != "" {
						return nil
					}
					return &engine.Unmet{Reason: "rescission at once needs the tenant's serious breach stated"}
				}},
			}},
			{Event: "agreement-replaced", From: []engine.State{InForce, NoticeGiven}, To: Ended, Rule: rules.J4},
		},
	}
}
