package lifecycle

import (
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// States of the customership. Active and Withdrawn are the service
// machine's words.
const (
	Applied     engine.State = "applied"     // committed; no service approved yet (C3)
	Terminating engine.State = "terminating" // every service in use has a termination pending
	Ended       engine.State = "ended"       // no service left in use after it was active (C8)
)

// Committed is the class of a customership with a commitment in force, so
// that a new request is a later service (C2) rather than the first of a new
// customership (C1).
const Committed engine.Class = "committed"

// Customership is the customer relationship (asiakkuus, YTE 7): the
// customership machine's subject. It begins with the first service and is
// valid until further notice (C7): it has a day it began and, once it has
// ended, the day it last ended, but never an end date of its own.
type Customership struct {
	State engine.State `json:"state"`
	Since notice.Date  `json:"since,omitzero"`
	Ended notice.Date  `json:"ended,omitzero"`
}

// IsCommitted reports whether the customership has a commitment in force:
// applied, active or terminating.
func (c *Customership) IsCommitted() bool { return committed.Has(c.State) }

// ServiceSummary is what the customership machine knows of the customer's
// services: how many are in use, how many of those have a termination
// pending, and how many applications wait for approval. Its steps follow
// from these counts alone.
type ServiceSummary struct {
	InUse, Pending, Applying int
}

// Summarize counts uses by the service machine's classes.
func Summarize(uses []ServiceUse) ServiceSummary {
	var s ServiceSummary
	for i := range uses {
		u := &uses[i]
		switch {
		case u.InUse():
			s.InUse++
			if u.Termination != nil {
				s.Pending++
			}
		case u.Applying():
			s.Applying++
		}
	}
	return s
}

// Events of the customership machine. Nobody performs them: each follows
// from the customer's services, as the machine's branches say, and Derive
// finds it.
type (
	// CommitmentSigned: a request carried the signed commitment while none
	// was in force (C1).
	CommitmentSigned struct{}
	// FirstServiceApproved: Kela approved the first service; the obligations
	// take effect (C3).
	FirstServiceApproved struct{}
	// ApplicationsWithdrawn: every application was withdrawn before any
	// approval (C12).
	ApplicationsWithdrawn struct{}
	// AllServicesUnderNotice: every service in use has a termination pending
	// (C9).
	AllServicesUnderNotice struct{}
	// ServiceTakenIntoUse: a service without a pending termination is in use
	// again while the customership was terminating (C9: the customership stays
	// while a service remains).
	ServiceTakenIntoUse struct{}
	// LastServiceEnded: no service is left in use (C8).
	LastServiceEnded struct{}
)

// EventID returns "commitment-signed".
func (CommitmentSigned) EventID() engine.EventID { return "commitment-signed" }

// EventID returns "first-service-approved".
func (FirstServiceApproved) EventID() engine.EventID { return "first-service-approved" }

// EventID returns "applications-withdrawn".
func (ApplicationsWithdrawn) EventID() engine.EventID { return "applications-withdrawn" }

// EventID returns "all-services-under-notice".
func (AllServicesUnderNotice) EventID() engine.EventID { return "all-services-under-notice" }

// EventID returns "service-taken-into-use".
func (ServiceTakenIntoUse) EventID() engine.EventID { return "service-taken-into-use" }

// EventID returns "last-service-ended".
func (LastServiceEnded) EventID() engine.EventID { return "last-service-ended" }

// CustomershipMachine is the lifecycle of the customership (YTE 7, 7.1).
// Its steps are derived: after every change of the customer's services the
// commitment asks Derive for the step the summary of the services makes,
// until there is none.
func CustomershipMachine() *engine.Machine[Customership, ServiceSummary] { return customershipMachine }

var (
	customershipMachine *engine.Machine[Customership, ServiceSummary]
	committed           engine.StateSet
)

func init() {
	customershipMachine = engine.MustDefine(customershipDefinition())
	committed = customershipMachine.Members(Committed)
}

type summaryStep = engine.Step[Customership, ServiceSummary]

func when(en, fi, sv string, holds func(ServiceSummary) bool) *engine.Branch[Customership, ServiceSummary] {
	return &engine.Branch[Customership, ServiceSummary]{
		Label: engine.Label{En: en, Fi: fi, Sv: sv},
		Holds: func(c summaryStep) bool { return holds(c.Facts) },
	}
}

func customershipDefinition() engine.Definition[Customership, ServiceSummary] {
	return engine.Definition[Customership, ServiceSummary]{
		Name: "customership",
		// fi YTE 7 "asiakkuus"; sv YLS 2 "kundrelation".
		Label:   engine.Label{En: "the customership", Fi: "asiakkuus", Sv: "kundrelationen"},
		StateOf: func(c *Customership) *engine.State { return &c.State },
		States: []engine.StateSpec{
			// fi YTE 7 "käyttöönoton hakemus"; sv YLS 2 "gör anslutningsansökan".
			{ID: Applied, Classes: []engine.Class{Committed}, Label: engine.Label{En: "application made", Fi: "hakemus tehty", Sv: "ansökan gjord"}},
			// fi YTE 7 "asiakkuus on voimassa toistaiseksi"; sv YLS 20 "i kraft"
			// (said there of the agreement). Valid until further notice (C7).
			{ID: Active, Classes: []engine.Class{Committed}, Rule: rules.C7, Label: engine.Label{En: "in force", Fi: "voimassa", Sv: "i kraft"}},
			// fi YTE 7.1 "asiakkuuden irtisanomisprosessi"; sv translation
			// built on YLS 20 "uppsägning".
			{ID: Terminating, Classes: []engine.Class{Committed}, Label: engine.Label{En: "being terminated", Fi: "irtisanomisprosessi käynnissä", Sv: "under uppsägning"}},
			// fi YTE 7.1 "asiakkuuden päättyminen"; sv YLS 20 "upphör" (of the
			// agreement).
			{ID: Ended, Final: true, Label: engine.Label{En: "no service left in use", Fi: "päättynyt", Sv: "upphört"}},
			// fi REK "hakemus on peruutettu"; sv translation.
			{ID: Withdrawn, Final: true, Label: engine.Label{En: "withdrawn before approval", Fi: "hakemus peruttu", Sv: "ansökan återkallad"}},
		},
		Events: []engine.EventSpec[Customership]{
			// fi YTE 7 "sitoumus ... allekirjoitettu"; sv YLS 2 "förbindelsen",
			// YLS 21 "undertecknandet".
			engine.On[Customership, CommitmentSigned](engine.Label{En: "commitment signed", Fi: "sitoumus allekirjoitettu", Sv: "förbindelse undertecknad"}, nobody, nil),
			// fi YTE 7 "ensimmäisen Kanta-palvelun käyttäjäksi hyväksymisestä"; sv
			// translation.
			engine.On(engine.Label{En: "first service approved", Fi: "ensimmäinen palvelu hyväksytty", Sv: "första tjänsten godkänd"}, nobody,
				func(c *Customership, on notice.Date, _ FirstServiceApproved) { c.Since = on }),
			// fi REK "peruuttanut tehdyn hakemuksen"; sv translation.
			engine.On[Customership, ApplicationsWithdrawn](engine.Label{En: "every application withdrawn", Fi: "hakemukset peruttu", Sv: "ansökningarna återkallade"}, nobody, nil),
			// fi YTE 7.1 "irtisanoa kaikki käytössään olevat Kanta-palvelut"; sv
			// translation built on YLS 20 "uppsägning".
			engine.On[Customership, AllServicesUnderNotice](engine.Label{En: "every service under notice", Fi: "kaikki palvelut irtisanottu", Sv: "alla tjänster uppsagda"}, nobody, nil),
			// fi YTE 7 "käyttöönotto"; sv translation built on YLS 12
			// "ibruktagningsprovet".
			engine.On[Customership, ServiceTakenIntoUse](engine.Label{En: "a service in use again", Fi: "palvelu otettu käyttöön", Sv: "en tjänst tagen i bruk"}, nobody, nil),
			// fi YTE 7.1 "luopuessaan viimeisen Kanta-palvelun käytöstä"; sv
			// translation.
			engine.On(engine.Label{En: "last service ended", Fi: "viimeisen palvelun käyttö päättynyt", Sv: "den sista tjänsten upphört"}, nobody,
				func(c *Customership, on notice.Date, _ LastServiceEnded) { c.Ended = on }),
		},
		Transitions: []engine.Transition[Customership, ServiceSummary]{
			{Event: "commitment-signed", From: []engine.State{None, Ended, Withdrawn}, To: Applied, Rule: rules.C1, Derived: true,
				When: when("an application is pending", "hakemus vireillä", "en ansökan pågår", func(s ServiceSummary) bool { return s.Applying > 0 })},
			{Event: "first-service-approved", From: []engine.State{Applied}, To: Active, Rule: rules.C3, Derived: true,
				When: when("a service is in use", "palvelu käytössä", "en tjänst i bruk", func(s ServiceSummary) bool { return s.InUse > 0 })},
			{Event: "applications-withdrawn", From: []engine.State{Applied}, To: Withdrawn, Rule: rules.C12, Derived: true,
				When: when("no application pending and no service in use", "ei vireillä olevaa hakemusta eikä käytössä olevaa palvelua", "ingen ansökan pågår och ingen tjänst i bruk",
					func(s ServiceSummary) bool { return s.InUse == 0 && s.Applying == 0 })},
			{Event: "all-services-under-notice", From: []engine.State{Active}, To: Terminating, Rule: rules.C9, Derived: true,
				When: when("every service in use has a termination pending", "jokainen käytössä oleva palvelu on irtisanottu", "varje tjänst i bruk är uppsagd",
					func(s ServiceSummary) bool { return s.InUse > 0 && s.Pending == s.InUse })},
			{Event: "service-taken-into-use", From: []engine.State{Terminating}, To: Active, Rule: rules.C9, Derived: true,
				When: when("a service in use without a termination pending", "palvelu käytössä ilman irtisanomista", "en tjänst i bruk utan uppsägning",
					func(s ServiceSummary) bool { return s.Pending < s.InUse })},
			{Event: "last-service-ended", From: []engine.State{Active, Terminating}, To: Ended, Rule: rules.C8, Derived: true,
				When: when("no service left in use", "yhtään palvelua ei ole enää käytössä", "ingen tjänst kvar i bruk", func(s ServiceSummary) bool { return s.InUse == 0 })},
		},
	}
}
