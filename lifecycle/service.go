package lifecycle

import (
	"fmt"
	"slices"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// States of the use of one service. Active, Suspended, NoticeGiven and
// Withdrawn are shared with other machines that use the same words.
const (
	Requested        engine.State = "requested"         // application received
	JointTested      engine.State = "joint-tested"      // the customer's system passed Kela's joint testing (yhteistestaus)
	ActivationTested engine.State = "activation-tested" // the activation test (käyttöönottokoe) passed
	Active           engine.State = "active"            // in use
	Suspended        engine.State = "suspended"         // connection closed until correction is demonstrated (YTE 5)
	NoticeGiven      engine.State = "notice-given"      // in use, with a termination pending
	Terminated       engine.State = "terminated"        // use ended
	Withdrawn        engine.State = "withdrawn"         // application abandoned or cancelled before approval
)

// Classes of the service machine's states.
const (
	// InUse is the class of a service in use: active, suspended or under
	// notice.
	InUse engine.Class = "in-use"
	// Applying is the class of an application not yet approved.
	Applying engine.Class = "applying"
)

// ServiceTerms are the rules of a service that its catalogue entry sets:
// who may use it, which tests its activation requires, for whom it is
// statutory and how it is terminated. A use keeps the terms it was requested
// under.
type ServiceTerms struct {
	// Eligible lists the customer kinds that may use the service; empty
	// means every kind. EligibilityRule is the rule cited when a kind is not
	// eligible (S3 for the social welfare client data repository; K1 when
	// unset).
	Eligible        []Kind     `json:"eligible,omitempty"`
	EligibilityRule rules.Rule `json:"eligibility_rule,omitempty"`
	// JointTesting and ActivationTest say whether Kela's approval waits for
	// the customer's system to pass joint testing and the activation test (S2).
	JointTesting   bool `json:"joint_testing,omitempty"`
	ActivationTest bool `json:"activation_test,omitempty"`
	// Statutory lists the kinds for which the service is statutory: they may
	// give it up only on the grounds of C10.
	Statutory []Kind `json:"statutory,omitempty"`
	// Termination is the notice a customer's termination needs (S5, S5b) and
	// TerminationRule the rule that sets it.
	Termination     notice.Term `json:"termination"`
	TerminationRule rules.Rule  `json:"termination_rule"`
}

// Admits returns nil when a customer of kind may use a service with these
// terms, and otherwise the unmet condition with the entry's eligibility rule
// (S3 for the social welfare client data repository, K1 when the entry names
// none). It is the one test of eligibility, which the guards of a request,
// of a transfer and of a tenant's use through a joint-connection agreement
// ask.
func (t *ServiceTerms) Admits(kind Kind) *engine.Unmet {
	if t == nil || len(t.Eligible) == 0 || slices.Contains(t.Eligible, kind) {
		return nil
	}
	rule := t.EligibilityRule
	if rule == "" {
		rule = rules.K1
	}
	return &engine.Unmet{Rule: rule, Reason: fmt.Sprintf("the service is for %s, not for a %s", engine.List(t.Eligible), kind), Input: string(kind)}
}

// Termination is a pending or completed termination of a use: the day the
// notice reached Kela (or the authority's decision was made), the first day
// without the service, and why.
type Termination struct {
	Given       notice.Date       `json:"given"`
	Effective   notice.Date       `json:"effective"`
	Reason      TerminationReason `json:"reason,omitempty"`
	ByAuthority bool              `json:"by_authority,omitempty"`
}

// ServiceUse is one customer's use of one service: the service machine's
// subject, with the facts its guards read. The service machine's Apply
// changes it; a copy taken earlier keeps its own value, since Apply never
// writes the slices or the termination it shares with a copy. Terms points
// to the terms the use was requested under, which many uses share: read
// them, never change them.
type ServiceUse struct {
	Service          ServiceID     `json:"service"`
	State            engine.State  `json:"state"`
	Terms            *ServiceTerms `json:"terms,omitempty"`
	Requested        notice.Date   `json:"requested,omitzero"`
	Signatory        Signatory     `json:"signatory,omitempty"`
	Units            []OrgUnit     `json:"org_units,omitempty"`
	JointTested      notice.Date   `json:"joint_tested,omitzero"`
	ActivationTested notice.Date   `json:"activation_tested,omitzero"`
	Approved         notice.Date   `json:"approved,omitzero"`
	Suspensions      SuspensionSet `json:"suspensions,omitempty"`
	Termination      *Termination  `json:"termination,omitempty"`
	Ended            notice.Date   `json:"ended,omitzero"`
}

// OrgUnit is one part of the customer's organisation that takes a service
// into use when activation is phased (C13): the day it was requested there,
// and the days its tests passed and Kela approved it there.
type OrgUnit struct {
	Name             string      `json:"name"`
	Requested        notice.Date `json:"requested,omitzero"`
	JointTested      notice.Date `json:"joint_tested,omitzero"`
	ActivationTested notice.Date `json:"activation_tested,omitzero"`
	Approved         notice.Date `json:"approved,omitzero"`
}

// Unit returns the index of the use's organisational unit name, or -1.
func (u *ServiceUse) Unit(name string) int {
	for i := range u.Units {
		if u.Units[i].Name == name {
			return i
		}
	}
	return -1
}

// withUnit changes the unit called name with f, in a slice of units of the
// use's own, so that a copy of the use keeps its units as they were.
func (u *ServiceUse) withUnit(name string, f func(*OrgUnit)) {
	if i := u.Unit(name); i >= 0 {
		u.Units = slices.Clone(u.Units)
		f(&u.Units[i])
	}
}

// InUse reports whether the service is in use: active, suspended or under
// notice.
func (u *ServiceUse) InUse() bool { return inUse.Has(u.State) }

// Applying reports whether the use is an application not yet approved.
func (u *ServiceUse) Applying() bool { return applying.Has(u.State) }

// PendingTermination returns the termination that will end a use in use,
// if there is one.
func (u *ServiceUse) PendingTermination() (Termination, bool) {
	if u.Termination != nil && u.InUse() {
		return *u.Termination, true
	}
	return Termination{}, false
}

// terms returns the use's terms, or empty terms when it has none.
func (u *ServiceUse) terms() *ServiceTerms {
	if u == nil || u.Terms == nil {
		return &ServiceTerms{}
	}
	return u.Terms
}

// Acts and events of the service machine.
type (
	// RequestService is the customer's application to take Service into
	// use, signed by Signatory and accepting Accepts (S1, C1, C2, C4). It
	// delivers the data the service needs (S2). Naming an OrgUnit not yet
	// in use for a service already requested or in use extends the use to
	// that part of the organisation (C13). Terms are the catalogue's terms
	// the request is judged under: the commitment sets them from its
	// catalogue, and refuses a request that brings its own.
	RequestService struct {
		Service   ServiceID     `json:"service"`
		Signatory Signatory     `json:"signatory"`
		Accepts   []Document    `json:"accepts"`
		OrgUnit   string        `json:"org_unit,omitempty"`
		Terms     *ServiceTerms `json:"terms,omitempty" kanta:"derived"`
	}
	// PassJointTesting records that the customer's system passed Kela's
	// joint testing of Service and meets the requirements for social and
	// health care information systems (S2); with OrgUnit, in that part of
	// the organisation (C13).
	PassJointTesting struct {
		Service ServiceID `json:"service"`
		OrgUnit string    `json:"org_unit,omitempty"`
	}
	// PassActivationTest records a successful activation test of Service
	// (S2); with OrgUnit, in that part of the organisation (C13).
	PassActivationTest struct {
		Service ServiceID `json:"service"`
		OrgUnit string    `json:"org_unit,omitempty"`
	}
	// ApproveService is Kela's notice that the customer is approved as a
	// user of Service (C3); with OrgUnit, in that part of the organisation,
	// which may follow the first approval when activation is phased (C13).
	// The first approval also informs THL's code service, or Fimea for a
	// pharmacy (S2, YTE 2.5).
	ApproveService struct {
		Service ServiceID `json:"service"`
		OrgUnit string    `json:"org_unit,omitempty"`
	}
	// WithdrawApplication withdraws the application for Service before its
	// approval (C12).
	WithdrawApplication struct {
		Service ServiceID `json:"service"`
	}
	// ApplicationLapsed withdraws an application still pending when the
	// customership it was made under ends (C8). Nobody performs it.
	ApplicationLapsed struct{}
	// SuspendService closes the connection to Service, or with All to every
	// service in use, for Reason (S4).
	SuspendService struct {
		Service ServiceID        `json:"service,omitempty"`
		All     bool             `json:"all,omitempty"`
		Reason  SuspensionReason `json:"reason"`
	}
	// DemonstrateCorrection is the customer's reliable demonstration that
	// the situation behind the suspension of Service (or with All, of every
	// suspended service) is corrected (S4); it ends every suspension.
	DemonstrateCorrection struct {
		Service ServiceID `json:"service,omitempty"`
		All     bool      `json:"all,omitempty"`
	}
	// GiveTerminationNotice is the customer's written termination of
	// Service, or with All of every service in use and with them the
	// customership (C9). The act's day is the day the notice reached Kela;
	// Effective is the first day without the service. A notice late for any
	// service it covers is refused (S5, S5b).
	GiveTerminationNotice struct {
		Service   ServiceID         `json:"service,omitempty"`
		All       bool              `json:"all,omitempty"`
		Effective notice.Date       `json:"effective"`
		Reason    TerminationReason `json:"reason"`
	}
	// TerminateByAuthority is Kanta's termination of Service, or with All of
	// the whole customership, on an authority's notice that prevents the use
	// (C11). It takes effect on Effective when that is later than the act's
	// day, otherwise at once (S7).
	TerminateByAuthority struct {
		Service   ServiceID   `json:"service,omitempty"`
		All       bool        `json:"all,omitempty"`
		Effective notice.Date `json:"effective,omitzero"`
	}
	// NoticeElapsed is the passage of time to a pending termination's
	// effective day: from that day the service, the agreement or the app is
	// gone. Nobody performs it.
	NoticeElapsed struct{}
)

// EventID returns "request-service".
func (RequestService) EventID() engine.EventID { return "request-service" }

// EventID returns "pass-joint-testing".
func (PassJointTesting) EventID() engine.EventID { return "pass-joint-testing" }

// EventID returns "pass-activation-test".
func (PassActivationTest) EventID() engine.EventID { return "pass-activation-test" }

// EventID returns "approve-service".
func (ApproveService) EventID() engine.EventID { return "approve-service" }

// EventID returns "withdraw-application".
func (WithdrawApplication) EventID() engine.EventID { return "withdraw-application" }

// EventID returns "application-lapsed".
func (ApplicationLapsed) EventID() engine.EventID { return "application-lapsed" }

// EventID returns "suspend-service".
func (SuspendService) EventID() engine.EventID { return "suspend-service" }

// EventID returns "demonstrate-correction".
func (DemonstrateCorrection) EventID() engine.EventID { return "demonstrate-correction" }

// EventID returns "give-termination-notice".
func (GiveTerminationNotice) EventID() engine.EventID { return "give-termination-notice" }

// EventID returns "terminate-by-authority".
func (TerminateByAuthority) EventID() engine.EventID { return "terminate-by-authority" }

// EventID returns "notice-elapsed".
func (NoticeElapsed) EventID() engine.EventID { return "notice-elapsed" }

// Validate checks the request's fields.
func (r RequestService) Validate(notice.Date) error {
	if r.Service == "" {
		return missing("service", "the act names a service")
	}
	if r.Signatory != "" {
		if err := known("signatory", r.Signatory, ParseSignatory); err != nil {
			return err
		}
	}
	for _, d := range r.Accepts {
		if err := known("accepts", d, ParseDocument); err != nil {
			return err
		}
	}
	return nil
}

// Validate checks that the act names a service.
func (a PassJointTesting) Validate(notice.Date) error { return oneOrAll(a.Service, false) }

// Validate checks that the act names a service.
func (a PassActivationTest) Validate(notice.Date) error { return oneOrAll(a.Service, false) }

// Validate checks that the act names a service.
func (a ApproveService) Validate(notice.Date) error { return oneOrAll(a.Service, false) }

// Validate checks that the act names a service.
func (a WithdrawApplication) Validate(notice.Date) error { return oneOrAll(a.Service, false) }

// Validate checks the service and the reason.
func (a SuspendService) Validate(notice.Date) error {
	if err := oneOrAll(a.Service, a.All); err != nil {
		return err
	}
	return known("reason", a.Reason, ParseSuspensionReason)
}

// Validate checks the service.
func (a DemonstrateCorrection) Validate(notice.Date) error { return oneOrAll(a.Service, a.All) }

// Validate checks the service, the reason and that the notice does not take
// effect before it was given.
func (a GiveTerminationNotice) Validate(on notice.Date) error {
	if err := oneOrAll(a.Service, a.All); err != nil {
		return err
	}
	if a.Reason != "" {
		if err := known("reason", a.Reason, ParseTerminationReason); err != nil {
			return err
		}
	}
	return notBefore(a.Effective, on, "a termination", "given")
}

// Validate checks the service.
func (a TerminateByAuthority) Validate(notice.Date) error { return oneOrAll(a.Service, a.All) }

// CustomerFacts are what the service machine's guards know of the customer:
// its kind and whether it has a commitment in force, which decides whether a
// request is the first (C1) or a later one (C2).
type CustomerFacts struct {
	Kind      Kind
	Committed bool
}

// serviceStep is what the service machine's guards see.
type serviceStep = engine.Step[ServiceUse, CustomerFacts]

// stepTerms returns the terms a step is judged under: a request's own (the
// catalogue's today), otherwise the use's.
func stepTerms(c serviceStep) *ServiceTerms {
	if r, ok := c.Event.(RequestService); ok && r.Terms != nil {
		return r.Terms
	}
	return c.Subject.terms()
}

// ServiceMachine is the lifecycle of one service's use (YTE 5, 7, 7.1;
// SAT).
func ServiceMachine() *engine.Machine[ServiceUse, CustomerFacts] { return serviceMachine }

// serviceMachine is defined in init, after every package-level value it
// reads; inUse and applying are its classes, read without asking the
// machine each time. None of them changes after init.
var (
	serviceMachine  *engine.Machine[ServiceUse, CustomerFacts]
	inUse, applying engine.StateSet
)

func init() {
	serviceMachine = engine.MustDefine(serviceDefinition())
	inUse, applying = serviceMachine.Members(InUse), serviceMachine.Members(Applying)
}

var (
	// fi SAT "läpäissyt hyväksytysti Kelan yhteistestauksen", OTV 4.1
	// "Omatietovarannon yhteistestaus"; sv translation.
	jointTestingPassed = engine.Label{En: "joint testing passed", Fi: "yhteistestaus läpäisty", Sv: "samtestning godkänd"}
	// fi YTE 5 "luotettavasti osoittaa tilanteen korjaantuneen" (OTV 3.1,
	// 6 the same); sv translation.
	correctionDemonstrated = engine.Label{En: "correction demonstrated", Fi: "tilanteen korjaantuminen osoitettu", Sv: "rättelse påvisad"}
	// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
	applicationWithdrawn = engine.Label{En: "application withdrawn", Fi: "hakemus peruttu", Sv: "ansökan återkallad"}
	// fi translation (SAT counts the month "ennen käytön lopettamista");
	// sv YLS 20 "uppsägningstid".
	noticeElapsed = engine.Label{En: "notice period elapsed", Fi: "irtisanomisaika kulunut", Sv: "uppsägningstiden har gått ut"}
	// The due day of a pending termination (translations).
	effectiveDayReached = engine.Label{En: "effective day reached", Fi: "voimaantulopäivä koittanut", Sv: "dagen då den träder i kraft har kommit"}
)

// uncommitted holds for a request made while the customer has no
// commitment in force: the first of a customership (C1). A later request
// needs only its own service description (C2).
var uncommitted = &engine.Branch[ServiceUse, CustomerFacts]{
	Label: engine.Label{En: "no commitment in force", Fi: "ei voimassa olevaa sitoumusta", Sv: "ingen förbindelse i kraft"},
	Holds: func(c serviceStep) bool { return !c.Facts.Committed },
}

// requestGuards are the guards of every request; firstRequestGuards add the
// commitment and the general terms that the first request of a
// customership carries (C1).
var (
	// signingRightGuard is C4 on a request: of a customership's first
	// service and of a new part of the organisation alike.
	signingRightGuard = engine.Guard[ServiceUse, CustomerFacts]{Rule: rules.C4, Label: engine.Label{En: "signing right", Fi: "nimenkirjoitusoikeus", Sv: "namnteckningsrätt"}, Check: func(c serviceStep) *engine.Unmet {
		return SigningRight(c.Facts.Kind, c.Event.(RequestService).Signatory)
	}}
	requestGuards = []engine.Guard[ServiceUse, CustomerFacts]{
		{Rule: rules.S1, Label: engine.Label{En: "service description accepted", Fi: "palvelukuvaus hyväksytty", Sv: "tjänstebeskrivningen godkänd"}, Check: descriptionAccepted},
		signingRightGuard,
		{Rule: rules.K1, Label: engine.Label{En: "customer kind eligible", Fi: "asiakastyyppi sallittu", Sv: "kundtypen tillåten"}, Check: func(c serviceStep) *engine.Unmet {
			return stepTerms(c).Admits(c.Facts.Kind)
		}},
	}
	firstRequestGuards = slices.Insert(slices.Clone(requestGuards), 1, engine.Guard[ServiceUse, CustomerFacts]{
		Rule: rules.C1, Label: engine.Label{En: "first service: commitment and general terms", Fi: "ensimmäinen palvelu: sitoumus ja yleiset toimitusehdot", Sv: "första tjänsten: förbindelse och allmänna leveransvillkor"}, Check: commitmentGiven})
)

func serviceDefinition() engine.Definition[ServiceUse, CustomerFacts] {
	return engine.Definition[ServiceUse, CustomerFacts]{
		Name: "service",
		// fi YTE 7 "Kanta-palvelun käyttö"; sv translation.
		Label:   engine.Label{En: "the use of one service", Fi: "yhden Kanta-palvelun käyttö", Sv: "användningen av en tjänst"},
		StateOf: func(u *ServiceUse) *engine.State { return &u.State },
		States: []engine.StateSpec{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "anslutningsansökan".
			{ID: Requested, Classes: []engine.Class{Applying}, Label: engine.Label{En: "application received", Fi: "käyttöönottoa haettu", Sv: "ansökt"}},
			{ID: JointTested, Classes: []engine.Class{Applying}, Label: jointTestingPassed},
			// fi SAT "tehnyt ... käyttöönottokokeen onnistuneesti"; sv YLS 12
			// "ibruktagningsprovet".
			{ID: ActivationTested, Classes: []engine.Class{Applying}, Label: engine.Label{En: "activation test passed", Fi: "käyttöönottokoe tehty", Sv: "ibruktagningsprov godkänt"}},
			// fi YTE 7.1 "käytössään olevat Kanta-palvelut"; sv translation.
			{ID: Active, Classes: []engine.Class{InUse}, Label: engine.Label{En: "in use", Fi: "käytössä", Sv: "i bruk"}},
			// fi YTE 5 "käyttöoikeus on suljettu tai keskeytyksessä"; sv
			// translation.
			{ID: Suspended, Classes: []engine.Class{InUse}, Label: engine.Label{En: "closed or suspended", Fi: "suljettu tai keskeytyksessä", Sv: "stängd eller avbruten"}},
			// fi YTE 7.1 "irtisanoa", SAT "irtisanomisilmoitus"; sv YLS 20
			// "uppsägning" (of the agreement).
			{ID: NoticeGiven, Classes: []engine.Class{InUse}, Label: engine.Label{En: "under notice", Fi: "irtisanottu", Sv: "uppsagd"}},
			// fi SAT "käytön lopettaminen"; sv translation.
			{ID: Terminated, Final: true, Rule: rules.S6, Label: engine.Label{En: "use ended", Fi: "käyttö lopetettu", Sv: "användningen upphört"}},
			{ID: Withdrawn, Final: true, Label: applicationWithdrawn},
		},
		Events: []engine.EventSpec[ServiceUse]{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "anslutningsansökan".
			engine.On(engine.Label{En: "request", Fi: "käyttöönoton hakemus", Sv: "anslutningsansökan"}, customer,
				func(u *ServiceUse, on notice.Date, r RequestService) {
					if u.State == None || u.State == Terminated || u.State == Withdrawn {
						*u = ServiceUse{Service: u.Service, Terms: r.Terms, Requested: on, Signatory: r.Signatory}
					}
					if r.OrgUnit != "" {
						u.Units = append(slices.Clip(u.Units), OrgUnit{Name: r.OrgUnit, Requested: on})
					}
				}),
			engine.On(jointTestingPassed, kela, func(u *ServiceUse, on notice.Date, e PassJointTesting) {
				if u.Applying() {
					u.JointTested = on
				}
				u.withUnit(e.OrgUnit, func(o *OrgUnit) { o.JointTested = on })
			}),
			// fi SAT "onnistunut käyttöönottokoe"; sv YLS 12 "ibruktagningsprovet".
			engine.On(engine.Label{En: "activation test passed", Fi: "onnistunut käyttöönottokoe", Sv: "godkänt ibruktagningsprov"}, kela,
				func(u *ServiceUse, on notice.Date, e PassActivationTest) {
					if u.Applying() {
						u.ActivationTested = on
					}
					u.withUnit(e.OrgUnit, func(o *OrgUnit) { o.ActivationTested = on })
				}),
			// fi SAT "Kela ilmoittaa asiakkaalle hyväksymisestä palvelun
			// käyttäjäksi"; sv translation, with YLS's name for Kela (FPA).
			engine.On(engine.Label{En: "Kela's approval", Fi: "Kelan hyväksyntä käyttäjäksi", Sv: "FPA:s godkännande"}, kela,
				func(u *ServiceUse, on notice.Date, e ApproveService) {
					if u.Applying() {
						u.Approved = on
					}
					u.withUnit(e.OrgUnit, func(o *OrgUnit) { o.Approved = on })
				}),
			// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
			engine.On(engine.Label{En: "withdrawal of the application", Fi: "hakemuksen peruutus", Sv: "återkallande av ansökan"}, customer,
				func(u *ServiceUse, on notice.Date, _ WithdrawApplication) { u.Ended = on }),
			// fi YTE 7.1 "luopuessaan viimeisen Kanta-palvelun käytöstä" (the
			// customership ends); sv translation.
			engine.On(engine.Label{En: "lapsed with the customership", Fi: "rauennut asiakkuuden päättyessä", Sv: "förfallen när kundrelationen upphörde"}, nobody,
				func(u *ServiceUse, on notice.Date, _ ApplicationLapsed) { u.Ended = on }),
			// fi YTE 5 "Kela voi ... sulkea yhteyden"; sv translation.
			engine.On(engine.Label{En: "connection closed", Fi: "yhteyden sulkeminen", Sv: "förbindelsen stängs"}, kela,
				func(u *ServiceUse, _ notice.Date, e SuspendService) {
					if b, ok := suspensionBit(e.Reason); ok {
						u.Suspensions |= b
					}
				}),
			engine.On(correctionDemonstrated, customer, func(u *ServiceUse, _ notice.Date, _ DemonstrateCorrection) { u.Suspensions = 0 }),
			// fi SAT "irtisanomisilmoitus"; sv YLS 20 "uppsägning".
			engine.On(engine.Label{En: "termination notice", Fi: "irtisanomisilmoitus", Sv: "uppsägning"}, customer,
				func(u *ServiceUse, on notice.Date, e GiveTerminationNotice) {
					u.Termination = &Termination{Given: on, Effective: e.Effective, Reason: e.Reason}
				}),
			// fi YTE 7.1 "irtisanoa ... viranomaistaholta saadun ... ilmoituksen
			// perusteella"; sv translation.
			engine.On(engine.Label{En: "termination on an authority's notice", Fi: "irtisanominen viranomaisen ilmoituksesta", Sv: "uppsägning på myndighetens anmälan"}, kela,
				func(u *ServiceUse, on notice.Date, e TerminateByAuthority) {
					if authorityAtOnce(on, e) {
						u.Termination = &Termination{Given: on, Effective: on, ByAuthority: true}
						u.Ended = on
						return
					}
					// Of two pending terminations the earlier takes effect: an
					// authority's later day does not postpone the customer's own.
					if t, pending := u.PendingTermination(); !pending || e.Effective.Before(t.Effective) {
						u.Termination = &Termination{Given: on, Effective: e.Effective, ByAuthority: true}
					}
				}),
			engine.On(noticeElapsed, nobody, func(u *ServiceUse, on notice.Date, _ NoticeElapsed) {
				u.Ended = on
				if u.Termination != nil {
					u.Ended = u.Termination.Effective
				}
			}),
		},
		Transitions: []engine.Transition[ServiceUse, CustomerFacts]{
			{Event: "request-service", From: []engine.State{None}, To: Requested, Rule: rules.S1, When: uncommitted, Guards: firstRequestGuards},
			{Event: "request-service", From: []engine.State{None}, To: Requested, Rule: rules.C2, Guards: requestGuards},
			{Event: "request-service", From: []engine.State{Terminated, Withdrawn}, To: Requested, Rule: rules.S6, When: uncommitted, Guards: firstRequestGuards},
			{Event: "request-service", From: []engine.State{Terminated, Withdrawn}, To: Requested, Rule: rules.S6, Guards: requestGuards},
			{Event: "request-service", From: []engine.State{Requested, JointTested, ActivationTested, Active, Suspended, NoticeGiven}, Stay: true, Rule: rules.C13,
				When: &engine.Branch[ServiceUse, CustomerFacts]{
					Label: engine.Label{En: "it names a part of the organisation not yet using it", Fi: "se nimeää organisaation osan, joka ei vielä käytä palvelua", Sv: "den namnger en del av organisationen som ännu inte använder tjänsten"},
					Holds: newUnit},
				Guards: []engine.Guard[ServiceUse, CustomerFacts]{
					{Rule: rules.C13, Label: engine.Label{En: "general terms and description accepted in that part", Fi: "yleiset toimitusehdot ja palvelukuvaus hyväksytty siinä osassa", Sv: "allmänna villkor och tjänstebeskrivning godkända i den delen"}, Check: unitAcceptances},
					signingRightGuard,
				}},
			{Event: "pass-joint-testing", From: []engine.State{Requested}, To: JointTested, Rule: rules.S2, Guards: unitGuards},
			{Event: "pass-joint-testing", From: []engine.State{Active, Suspended, NoticeGiven}, Stay: true, Rule: rules.C13, When: pendingUnit},
			{Event: "pass-activation-test", From: []engine.State{JointTested}, To: ActivationTested, Rule: rules.S2, Guards: unitGuards},
			{Event: "pass-activation-test", From: []engine.State{Requested}, To: ActivationTested, Rule: rules.S2, Guards: unitGuards,
				When: &engine.Branch[ServiceUse, CustomerFacts]{
					Label: engine.Label{En: "the entry does not require joint testing", Fi: "palvelu ei edellytä yhteistestausta", Sv: "tjänsten kräver ingen samtestning"},
					Holds: func(c serviceStep) bool { return !c.Subject.terms().JointTesting }}},
			{Event: "pass-activation-test", From: []engine.State{Active, Suspended, NoticeGiven}, Stay: true, Rule: rules.C13, When: pendingUnit},
			{Event: "approve-service", From: []engine.State{Requested, JointTested, ActivationTested}, To: Active, Rule: rules.C3, Guards: []engine.Guard[ServiceUse, CustomerFacts]{
				unitGuards[0],
				{Rule: rules.S2, Label: engine.Label{En: "joint testing passed where required", Fi: "yhteistestaus läpäisty, jos edellytetään", Sv: "samtestning godkänd där den krävs"}, Check: func(c serviceStep) *engine.Unmet {
					if c.Subject.terms().JointTesting && c.Subject.JointTested.IsZero() {
						return &engine.Unmet{Reason: "the customer's system has not passed Kela's joint testing"}
					}
					return nil
				}},
				{Rule: rules.S2, Label: engine.Label{En: "activation test passed where required", Fi: "käyttöönottokoe tehty, jos edellytetään", Sv: "ibruktagningsprov godkänt där det krävs"}, Check: func(c serviceStep) *engine.Unmet {
					if c.Subject.terms().ActivationTest && c.Subject.ActivationTested.IsZero() {
						return &engine.Unmet{Reason: "the activation test has not been passed"}
					}
					return nil
				}},
			}},
			{Event: "approve-service", From: []engine.State{Active, Suspended, NoticeGiven}, Stay: true, Rule: rules.C13, When: pendingUnit, Guards: []engine.Guard[ServiceUse, CustomerFacts]{
				{Rule: rules.C13, Label: engine.Label{En: "joint testing passed in that part where required", Fi: "yhteistestaus läpäisty siinä osassa, jos edellytetään", Sv: "samtestning godkänd i den delen där den krävs"}, Check: func(c serviceStep) *engine.Unmet {
					return unitTest(c, "joint testing", c.Subject.terms().JointTesting, func(o *OrgUnit) notice.Date { return o.JointTested })
				}},
				{Rule: rules.C13, Label: engine.Label{En: "activation test passed in that part where required", Fi: "käyttöönottokoe tehty siinä osassa, jos edellytetään", Sv: "ibruktagningsprov godkänt i den delen där det krävs"}, Check: func(c serviceStep) *engine.Unmet {
					return unitTest(c, "activation test", c.Subject.terms().ActivationTest, func(o *OrgUnit) notice.Date { return o.ActivationTested })
				}},
			}},
			{Event: "withdraw-application", From: []engine.State{Requested, JointTested, ActivationTested}, To: Withdrawn, Rule: rules.C12},
			{Event: "application-lapsed", From: []engine.State{Requested, JointTested, ActivationTested}, To: Withdrawn, Rule: rules.C8},
			{Event: "suspend-service", From: []engine.State{Active, NoticeGiven, Suspended}, To: Suspended, Rule: rules.S4},
			{Event: "demonstrate-correction", From: []engine.State{Suspended}, To: NoticeGiven, Rule: rules.S4,
				When: &engine.Branch[ServiceUse, CustomerFacts]{Label: terminationPendingLabel, Holds: terminationPending}},
			{Event: "demonstrate-correction", From: []engine.State{Suspended}, To: Active, Rule: rules.S4},
			{Event: "give-termination-notice", From: []engine.State{Active}, To: NoticeGiven, Rule: rules.C9, Guards: terminationGuards},
			{Event: "give-termination-notice", From: []engine.State{Suspended}, To: Suspended, Rule: rules.C9,
				When: &engine.Branch[ServiceUse, CustomerFacts]{
					Label: engine.Label{En: "no termination pending", Fi: "irtisanominen ei ole vireillä", Sv: "ingen uppsägning pågår"},
					Holds: func(c serviceStep) bool { return !terminationPending(c) }},
				Guards: terminationGuards},
			{Event: "terminate-by-authority", From: []engine.State{Requested, JointTested, ActivationTested, Active, Suspended, NoticeGiven}, To: Terminated, Rule: rules.C11,
				When: &engine.Branch[ServiceUse, CustomerFacts]{
					Label: engine.Label{En: "takes effect at once", Fi: "tulee voimaan heti", Sv: "träder i kraft genast"},
					Holds: func(c serviceStep) bool { return authorityAtOnce(c.On, c.Event.(TerminateByAuthority)) }}},
			{Event: "terminate-by-authority", From: []engine.State{Active, NoticeGiven}, To: NoticeGiven, Rule: rules.S7, When: authorityLater},
			{Event: "terminate-by-authority", From: []engine.State{Suspended}, To: Suspended, Rule: rules.S7, When: authorityLater},
			{Event: "notice-elapsed", From: []engine.State{NoticeGiven, Suspended}, To: Terminated, Rule: rules.C9,
				Due: &engine.Due[ServiceUse]{Label: effectiveDayReached, Day: func(u *ServiceUse) (notice.Date, bool) {
					t, ok := u.PendingTermination()
					return t.Effective, ok
				}}},
		},
	}
}

var terminationPendingLabel = engine.Label{En: "termination pending", Fi: "irtisanominen vireillä", Sv: "uppsägning pågår"}

var authorityLater = &engine.Branch[ServiceUse, CustomerFacts]{
	Label: engine.Label{En: "takes effect on a later day", Fi: "tulee voimaan myöhemmin", Sv: "träder i kraft senare"},
	Holds: func(c serviceStep) bool { return !authorityAtOnce(c.On, c.Event.(TerminateByAuthority)) },
}

var terminationGuards = []engine.Guard[ServiceUse, CustomerFacts]{
	{Rule: rules.C9, Label: engine.Label{En: "in writing, on a change, with an effective day", Fi: "kirjallisesti, muutoksen vuoksi, voimaantulopäivä mainiten", Sv: "skriftligt, vid en förändring, med dag då den träder i kraft"}, Check: func(c serviceStep) *engine.Unmet {
		n := c.Event.(GiveTerminationNotice)
		if n.Reason == "" {
			return &engine.Unmet{Reason: "a termination states the change it is made on (ceasing operations, reorganisation, business acquisition or another change)"}
		}
		if n.Effective.IsZero() {
			return &engine.Unmet{Reason: "a termination names the day it takes effect"}
		}
		return nil
	}},
	{Rule: rules.C10, Label: engine.Label{En: "statutory: obligation lapsed or connection model changed", Fi: "lakisääteinen: velvoite päättynyt tai liittymismalli muuttunut", Sv: "lagstadgad: skyldigheten upphört eller anslutningsmodellen ändrats"}, Check: func(c serviceStep) *engine.Unmet {
		n := c.Event.(GiveTerminationNotice)
		if !slices.Contains(c.Subject.terms().Statutory, c.Facts.Kind) {
			return nil
		}
		switch n.Reason {
		case CeasingOperations, ObligationLapsed, ConnectionModelChange:
			return nil
		}
		return &engine.Unmet{
			Reason: fmt.Sprintf("%s is statutory for a %s: it is given up only when the statutory obligation no longer applies (or operations cease) or the customer moves to another connection model", c.Subject.Service, c.Facts.Kind),
			Input:  string(n.Reason),
		}
	}},
	{Rule: rules.S5b, Label: engine.Label{En: "notice period of the catalogue entry", Fi: "palvelun irtisanomisaika", Sv: "tjänstens uppsägningstid"}, Check: func(c serviceStep) *engine.Unmet {
		n := c.Event.(GiveTerminationNotice)
		if n.Effective.IsZero() {
			return nil // C9 asks for the day
		}
		u := lateNotice(c.Subject.terms().Termination, c.On, n.Effective, string(c.Subject.Service)+" needs")
		if u != nil {
			u.Rule = c.Subject.terms().TerminationRule // S5 for SAT, S5b elsewhere
		}
		return u
	}},
}

func descriptionAccepted(c serviceStep) *engine.Unmet {
	if slices.Contains(c.Event.(RequestService).Accepts, ServiceDescription) {
		return nil
	}
	return &engine.Unmet{Reason: "the request does not accept the service description"}
}

func commitmentGiven(c serviceStep) *engine.Unmet {
	r := c.Event.(RequestService)
	var missing []string
	for _, d := range []Document{CommitmentDocument, GeneralTerms} {
		if !slices.Contains(r.Accepts, d) {
			missing = append(missing, string(d))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("the first service's request must carry the commitment and accept the general terms; missing: %s", engine.List(missing))}
}

// pendingUnit holds for an act on a service in use that names a part of the
// organisation where it is requested but not yet approved (C13).
var pendingUnit = &engine.Branch[ServiceUse, CustomerFacts]{
	Label: engine.Label{En: "it names a part of the organisation not yet approved", Fi: "se nimeää organisaation osan, jota ei ole vielä hyväksytty", Sv: "den namnger en del av organisationen som ännu inte är godkänd"},
	Holds: func(c serviceStep) bool {
		name := unitNamed(c.Event)
		i := c.Subject.Unit(name)
		return name != "" && i >= 0 && c.Subject.Units[i].Approved.IsZero()
	},
}

// unitGuards are the guards of a test or an approval before the service
// is in use: a part of the organisation it names must be one the service
// was requested for (C13).
var unitGuards = []engine.Guard[ServiceUse, CustomerFacts]{
	{Rule: rules.C13, Label: engine.Label{En: "a named part of the organisation requested it", Fi: "nimetty organisaation osa on hakenut palvelua", Sv: "den namngivna delen av organisationen har ansökt"}, Check: func(c serviceStep) *engine.Unmet {
		if name := unitNamed(c.Event); name != "" && c.Subject.Unit(name) < 0 {
			return &engine.Unmet{Reason: fmt.Sprintf("the service was not requested for %s", name), Input: name}
		}
		return nil
	}},
}

// unitNamed returns the part of the organisation a test or an approval
// names, if any.
func unitNamed(e engine.Event) string {
	switch e := e.(type) {
	case PassJointTesting:
		return e.OrgUnit
	case PassActivationTest:
		return e.OrgUnit
	case ApproveService:
		return e.OrgUnit
	}
	return ""
}

// unitTest checks that a part of the organisation passed a test that the
// service's entry requires before Kela approves it there (C13 with S2).
func unitTest(c serviceStep, test string, required bool, passed func(*OrgUnit) notice.Date) *engine.Unmet {
	name := unitNamed(c.Event)
	i := c.Subject.Unit(name)
	if !required || i < 0 || !passed(&c.Subject.Units[i]).IsZero() {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("%s has not passed the %s, which the service requires in each part of the organisation where it is taken into use", name, test), Input: name}
}

// newUnit holds for a request that names a part of the organisation the
// use does not yet extend to (C13).
func newUnit(c serviceStep) bool {
	r := c.Event.(RequestService)
	return r.OrgUnit != "" && c.Subject.Unit(r.OrgUnit) < 0
}

// unitAcceptances checks that taking the service into use in one more part
// of the organisation accepts the general terms and the service description
// there too (C13).
func unitAcceptances(c serviceStep) *engine.Unmet {
	r := c.Event.(RequestService)
	var missing []string
	for _, d := range []Document{GeneralTerms, ServiceDescription} {
		if !slices.Contains(r.Accepts, d) {
			missing = append(missing, string(d))
		}
	}
	if len(missing) == 0 {
		return nil
	}
	return &engine.Unmet{Reason: fmt.Sprintf("taking the service into use in %s needs the %s accepted there", r.OrgUnit, engine.List(missing)), Input: r.OrgUnit}
}

// SigningRight checks who signed a commitment (YTE 7, OTV 8): a person with
// the signing right, or for customers other than app vendors a person
// authorised by one. It returns nil when the signature is valid; otherwise
// the unmet condition cites A3 for an app vendor and C4 for everyone else.
// It is the one place where C4 and A3 are enforced.
func SigningRight(kind Kind, s Signatory) *engine.Unmet {
	if s.HoldsSigningRight() {
		return nil
	}
	if kind == AppVendor {
		return &engine.Unmet{Rule: rules.A3, Reason: "an app vendor's commitment is signed by a person who holds the signing right; a vendor has no authorisation route", Input: string(s)}
	}
	if s == Authorised {
		return nil
	}
	return &engine.Unmet{Rule: rules.C4, Reason: "the signatory holds no signing right and no authorisation from someone who does", Input: string(s)}
}

func terminationPending(c serviceStep) bool {
	_, ok := c.Subject.PendingTermination()
	return ok
}

func authorityAtOnce(on notice.Date, e TerminateByAuthority) bool {
	return e.Effective.IsZero() || !e.Effective.After(on)
}
