package lifecycle

import (
	"fmt"
	"slices"

	"github.com/kantakit/kanta/notice"
)

// States of the joint-connection agreement (yhteisliittymismalli, SPEC §6).
// NoticeGiven and Ended are the words the other machines use too.
const (
	Draft   State = "draft"    // drawn up with its Annex 1, not yet signed by both
	InForce State = "in-force" // signed; in force until further notice (J4)
)

// JointAgreement is the agreement between a main connector (pääliittyjä,
// huvudanslutare) and a tenant (mukanaliittyjä, hyresgäst) under which the
// tenant uses Kanta services through the main connector's commitment (YTE 7,
// YLS). It is the joint-agreement machine's state and the facts its guards
// read; Apply returns a new value.
type JointAgreement struct {
	ID     string `json:"id"`
	State  State  `json:"state"`
	Main   string `json:"main"`
	Tenant string `json:"tenant"`
	// Services is Annex 1: the Kanta services the tenant uses through the
	// main connector (YLS 1).
	Services []ServiceID `json:"services"`
	// Termination is the notice either party's termination needs: one
	// month, or the production agreement's period (YLS 20).
	Termination notice.Term `json:"termination"`
	Drawn       notice.Date `json:"drawn"`
	Signed      notice.Date `json:"signed"`
	Notice      *Notice     `json:"notice,omitempty"`
	Ended       notice.Date `json:"ended"`
	EndedBy     EventID     `json:"ended_by,omitempty"`
}

// Notice is a termination notice between parties: who gave it, the day it
// reached the other party and the first day without the agreement.
type Notice struct {
	By        string      `json:"by,omitempty"`
	Given     notice.Date `json:"given"`
	Effective notice.Date `json:"effective"`
}

// PartyFacts are the facts about one party of a joint agreement that the
// guards of signing need.
type PartyFacts struct {
	ID           string
	Kind         Kind
	Soteri       bool
	Customership State
	InUse        []ServiceID
}

// Typed events of the joint-agreement machine.
type (
	// DrawUpJointAgreement draws up the agreement between Main and Tenant
	// with its Annex 1. ProductionNotice, when set, is the notice period of
	// the parties' production agreement, which then applies instead of one
	// month (YLS 20).
	DrawUpJointAgreement struct {
		Main             string        `json:"main"`
		Tenant           string        `json:"tenant"`
		Services         []ServiceID   `json:"services"`
		ProductionNotice notice.Period `json:"production_notice,omitempty"`
	}
	// SignJointAgreement: both parties sign; the agreement is in force from
	// that day (J4). The facts are the parties' as they were at signing.
	SignJointAgreement struct {
		Main   PartyFacts `json:"-"`
		Tenant PartyFacts `json:"-"`
	}
	// GiveJointAgreementNotice is a party's written termination, received by
	// the other party on the event's day, to end the agreement on Effective
	// (J5).
	GiveJointAgreementNotice struct {
		By        string      `json:"by"`
		Effective notice.Date `json:"effective"`
	}
	// EndProductionAgreement: the parties' production agreement ended, and
	// the joint agreement with it (J6).
	EndProductionAgreement struct{}
	// RescindJointAgreement: the main connector rescinds the agreement at
	// once for the tenant's serious breach, described in Reason (J7).
	RescindJointAgreement struct {
		Reason string `json:"reason"`
	}
	// AgreementReplaced: a new agreement between the same parties was signed
	// and replaces this one, which ends (J4).
	AgreementReplaced struct {
		By string `json:"by"`
	}
)

// EventID returns "draw-up-joint-agreement".
func (DrawUpJointAgreement) EventID() EventID { return "draw-up-joint-agreement" }

// EventID returns "sign-joint-agreement".
func (SignJointAgreement) EventID() EventID { return "sign-joint-agreement" }

// EventID returns "give-joint-agreement-notice".
func (GiveJointAgreementNotice) EventID() EventID { return "give-joint-agreement-notice" }

// EventID returns "end-production-agreement".
func (EndProductionAgreement) EventID() EventID { return "end-production-agreement" }

// EventID returns "rescind-joint-agreement".
func (RescindJointAgreement) EventID() EventID { return "rescind-joint-agreement" }

// EventID returns "agreement-replaced".
func (AgreementReplaced) EventID() EventID { return "agreement-replaced" }

// AgreementContext is what the joint-agreement machine's guards see.
type AgreementContext struct {
	On        notice.Date
	Event     Event
	Agreement JointAgreement
}

// Trigger returns the event being fired.
func (c AgreementContext) Trigger() Event { return c.Event }

// AgreementMachine is the lifecycle of a joint-connection agreement (SPEC §6).
func AgreementMachine() *Machine[AgreementContext] { return agreementMachine }

// MainConnectorKinds are the kinds that may be a main connector: private
// social or health care providers (J1b; YTE 7 "yksityisten … palvelunantajien
// yhteisliittymismalli", YLS 1).
func MainConnectorKinds() []Kind {
	return []Kind{PrivateHealthCareProvider, PrivateSocialWelfareProvider}
}

var agreementMachine = mustDefine("joint-agreement",
	[]StateInfo{{ID: Draft}, {ID: InForce}, {ID: NoticeGiven}, {ID: Ended, Final: true}},
	[]Event{DrawUpJointAgreement{}, SignJointAgreement{}, GiveJointAgreementNotice{}, NoticeElapsed{},
		EndProductionAgreement{}, RescindJointAgreement{}, AgreementReplaced{}},
	[]Transition[AgreementContext]{
		{Event: "draw-up-joint-agreement", From: []State{None}, To: Draft, Rule: J3},
		{Event: "sign-joint-agreement", From: []State{Draft}, To: InForce, Rule: J4, Guards: []Guard[AgreementContext]{
			{Rule: J1b, Label: "main connector: private provider", Check: func(c AgreementContext) *Unmet {
				m := c.Event.(SignJointAgreement).Main
				if slices.Contains(MainConnectorKinds(), m.Kind) {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("the main connector must be a private social or health care provider, not a %s", m.Kind), Input: string(m.Kind)}
			}},
			{Rule: J1b, Label: "main connector: active customership", Check: func(c AgreementContext) *Unmet {
				m := c.Event.(SignJointAgreement).Main
				if m.Customership == Active {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("the main connector %s needs an active customership (it is %s)", m.ID, m.Customership.Name()), Input: string(m.Customership)}
			}},
			{Rule: J2, Label: "main connector in Soteri", Check: func(c AgreementContext) *Unmet {
				return inSoteri(c.Event.(SignJointAgreement).Main, "main connector")
			}},
			{Rule: J2, Label: "tenant in Soteri", Check: func(c AgreementContext) *Unmet {
				return inSoteri(c.Event.(SignJointAgreement).Tenant, "tenant")
			}},
			{Rule: J3, Label: "Annex 1 services in use by the main connector", Check: func(c AgreementContext) *Unmet {
				m := c.Event.(SignJointAgreement).Main
				var missing []ServiceID
				for _, s := range c.Agreement.Services {
					if !slices.Contains(m.InUse, s) {
						missing = append(missing, s)
					}
				}
				if len(missing) == 0 {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("a tenant can use only services the main connector has in use; %s does not have %v", m.ID, missing), Input: fmt.Sprint(missing)}
			}},
		}},
		{Event: "give-joint-agreement-notice", From: []State{InForce}, To: NoticeGiven, Rule: J5, Guards: []Guard[AgreementContext]{
			{Rule: J5, Label: "by a party", Check: func(c AgreementContext) *Unmet {
				n := c.Event.(GiveJointAgreementNotice)
				if n.By == c.Agreement.Main || n.By == c.Agreement.Tenant {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("only the main connector %s or the tenant %s may terminate the agreement", c.Agreement.Main, c.Agreement.Tenant), Input: n.By}
			}},
			{Rule: J5, Label: "notice period", Check: func(c AgreementContext) *Unmet {
				n := c.Event.(GiveJointAgreementNotice)
				if n.Effective.IsZero() {
					return &Unmet{Reason: "a termination names the day it takes effect"}
				}
				return lateNotice(c.Agreement.Termination, c.On, n.Effective, "the agreement is terminable with")
			}},
		}},
		{Event: "notice-elapsed", From: []State{NoticeGiven}, To: Ended, Rule: J5, Timed: true,
			When: &Branch[AgreementContext]{Label: "effective day reached", Holds: func(c AgreementContext) bool {
				return c.Agreement.Notice != nil && !c.Agreement.Notice.Effective.After(c.On)
			}}},
		{Event: "end-production-agreement", From: []State{InForce, NoticeGiven}, To: Ended, Rule: J6},
		{Event: "rescind-joint-agreement", From: []State{InForce, NoticeGiven}, To: Ended, Rule: J7, Guards: []Guard[AgreementContext]{
			{Rule: J7, Label: "serious breach stated", Check: func(c AgreementContext) *Unmet {
				if c.Event.(RescindJointAgreement).Reason != "" {
					return nil
				}
				return &Unmet{Reason: "rescission at once needs the tenant's serious breach stated"}
			}},
		}},
		{Event: "agreement-replaced", From: []State{InForce, NoticeGiven}, To: Ended, Rule: J4},
	},
)

func inSoteri(p PartyFacts, role string) *Unmet {
	if p.Soteri {
		return nil
	}
	return &Unmet{Reason: fmt.Sprintf("the %s %s is not registered in Soteri", role, p.ID), Input: p.ID}
}

// JointAgreementTerm returns the notice a party's termination of a joint
// agreement needs: the joint-agreement-termination rule of SPEC §5 (one
// month, counted forward from the notice), or production's period when the
// parties' production agreement sets one (YLS 20).
func JointAgreementTerm(production notice.Period) notice.Term {
	r, _ := notice.LookupRule(notice.JointAgreementTermination)
	if !production.IsZero() {
		r, _ = r.WithPeriod(production)
	}
	return r.Term
}

// Apply returns the agreement after the transition of ev on day on to state
// to. It is the only place where an agreement changes.
func (a JointAgreement) Apply(on notice.Date, ev Event, to State) JointAgreement {
	switch e := ev.(type) {
	case DrawUpJointAgreement:
		a = JointAgreement{
			ID:          a.ID,
			Main:        e.Main,
			Tenant:      e.Tenant,
			Services:    append([]ServiceID(nil), e.Services...),
			Termination: JointAgreementTerm(e.ProductionNotice),
			Drawn:       on,
		}
	case SignJointAgreement:
		a.Signed = on
	case GiveJointAgreementNotice:
		a.Notice = &Notice{By: e.By, Given: on, Effective: e.Effective}
	case NoticeElapsed:
		a.Ended, a.EndedBy = a.Notice.Effective, ev.EventID()
	case EndProductionAgreement, RescindJointAgreement, AgreementReplaced:
		a.Ended, a.EndedBy = on, ev.EventID()
	}
	a.State = to
	return a
}

// InForce reports whether the agreement binds the parties: signed and not
// yet ended (a notice may be pending).
func (a JointAgreement) InForce() bool { return a.State == InForce || a.State == NoticeGiven }

// Covers reports whether service is in the agreement's Annex 1.
func (a JointAgreement) Covers(service ServiceID) bool { return slices.Contains(a.Services, service) }

// TenantState returns the state of the tenant's use of service under the
// agreement, given the main connector's use of it. A tenant uses a service
// only while the agreement is in force and the main connector has the service
// in use (J3); its use mirrors the main connector's, is notice-given while
// the agreement's own end is pending, and is terminated once either ends
// (J10). It is None for a service outside Annex 1 or an unsigned agreement.
func (a JointAgreement) TenantState(service ServiceID, main ServiceUse) State {
	if !a.Covers(service) || a.State == Draft || a.State == None {
		return None
	}
	if !a.InForce() || !main.InUse() {
		return Terminated
	}
	if a.State == NoticeGiven && main.State == Active {
		return NoticeGiven
	}
	return main.State
}
