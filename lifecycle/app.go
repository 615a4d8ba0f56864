package lifecycle

import (
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// States of a wellbeing application connected to Omatietovaranto.
// JointTested, Suspended and Withdrawn are the words the service machine
// uses too.
const (
	Registered        engine.State = "registered"         // the vendor's commitment is signed
	Production        engine.State = "production"         // connected to the production environment (OTV 8)
	WithdrawalNoticed engine.State = "withdrawal-noticed" // in production, withdrawal from the market notified
	Removed           engine.State = "removed"            // removed unilaterally by Kela (OTV 8)
)

// Live is the class of an app that is registered and neither withdrawn nor
// removed: its vendor's commitment is in force (OTV 8).
const Live engine.Class = "live"

// RemovalReason is why Kela removes an app unilaterally (A7, OTV 8).
type RemovalReason string

// Removal reasons of OTV 8.
const (
	OperationsEnded RemovalReason = "operations-ended" // the vendor's operations ended, e.g. bankruptcy
	NonCompliance   RemovalReason = "non-compliance"   // the vendor is shown not to comply with the terms
)

// RemovalReasons returns every removal reason.
func RemovalReasons() []RemovalReason { return []RemovalReason{OperationsEnded, NonCompliance} }

// ParseRemovalReason returns the removal reason with identifier s.
func ParseRemovalReason(s string) (RemovalReason, error) {
	return engine.ParseEnum("removal reason", s, RemovalReasons())
}

// App is a wellbeing application (hyvinvointisovellus) of an app vendor and
// its connection to Omatietovaranto: the app machine's subject.
type App struct {
	ID         AppID        `json:"id"`
	State      engine.State `json:"state"`
	Registered notice.Date  `json:"registered,omitzero"`
	Signatory  Signatory    `json:"signatory,omitempty"`
	// Joint testing, recorded with pass-app-joint-testing, and the
	// certification facts recorded with certify-app (A2): the certification
	// requirements met, the entry in Valvira's information system register
	// and the security audit certificate's last valid day.
	JointTested       notice.Date `json:"joint_tested,omitzero"`
	Certified         notice.Date `json:"certified,omitzero"`
	ValviraRegistered bool        `json:"valvira_registered,omitempty"`
	AuditValidUntil   notice.Date `json:"audit_valid_until,omitzero"`
	Connected         notice.Date `json:"connected,omitzero"`
	// KelaSuspension is Kela's reason for closing the connection (A4); empty
	// when Kela has not. An app can also be suspended only because its audit
	// certificate expired (A6).
	KelaSuspension string        `json:"kela_suspension,omitempty"`
	Withdrawal     *Notice       `json:"withdrawal,omitempty"`
	Ended          notice.Date   `json:"ended,omitzero"`
	Removal        RemovalReason `json:"removal,omitempty"`
}

// AuditValid reports whether the app's security audit certificate is valid
// on day on.
func (a *App) AuditValid(on notice.Date) bool {
	return !a.AuditValidUntil.IsZero() && !on.After(a.AuditValidUntil)
}

// WithdrawalPending reports whether a withdrawal from the market is notified
// and has not yet taken effect.
func (a *App) WithdrawalPending() bool {
	return a.Withdrawal != nil && a.IsLive()
}

// IsLive reports whether the app is registered and neither withdrawn nor
// removed.
func (a *App) IsLive() bool { return live.Has(a.State) }

// Acts and events of the app machine.
type (
	// RegisterApp registers the vendor's wellbeing application App: the
	// vendor signs its commitment, signed by Signatory, who must hold the
	// signing right itself (A3), and accepts the terms and the service
	// description of Omatietovaranto (A1). Only an app vendor registers
	// apps.
	RegisterApp struct {
		App       AppID     `json:"app"`
		Signatory Signatory `json:"signatory"`
	}
	// PassAppJointTesting records that App passed Omatietovaranto's joint
	// testing (A2).
	PassAppJointTesting struct {
		App AppID `json:"app"`
	}
	// CertifyApp records App's certification (A2): the certification
	// requirements are met, the app is (or is not) entered in Valvira's
	// information system register, and its security audit certificate is
	// valid until AuditValidUntil. It changes no state.
	CertifyApp struct {
		App               AppID       `json:"app"`
		ValviraRegistered bool        `json:"valvira_registered"`
		AuditValidUntil   notice.Date `json:"audit_valid_until"`
	}
	// ConnectApp connects App to Omatietovaranto's production environment
	// when every precondition of A2 holds. The production data count as
	// delivered.
	ConnectApp struct {
		App AppID `json:"app"`
	}
	// SuspendApp closes or suspends App's connection for Reason (A4).
	SuspendApp struct {
		App    AppID  `json:"app"`
		Reason string `json:"reason"`
	}
	// AuditCertificateExpired: the day after the audit certificate's last
	// valid day came (A6). Nobody performs it.
	AuditCertificateExpired struct{}
	// DemonstrateAppCorrection is the vendor's reliable demonstration that
	// the situation behind Kela's suspension of App is corrected (A4).
	DemonstrateAppCorrection struct {
		App AppID `json:"app"`
	}
	// RenewAuditCertificate records App's renewed security audit
	// certificate, valid until ValidUntil, which must be later than the
	// act's day; an app suspended only because its certificate expired
	// returns to production (A6).
	RenewAuditCertificate struct {
		App        AppID       `json:"app"`
		ValidUntil notice.Date `json:"valid_until"`
	}
	// GiveAppWithdrawalNotice notifies Kela that App is withdrawn from the
	// market from Effective; it needs one month's notice (A5).
	GiveAppWithdrawalNotice struct {
		App       AppID       `json:"app"`
		Effective notice.Date `json:"effective"`
	}
	// RemoveApp is Kela's unilateral removal of App (A7).
	RemoveApp struct {
		App    AppID         `json:"app"`
		Reason RemovalReason `json:"reason"`
	}
)

// EventID returns "register-app".
func (RegisterApp) EventID() engine.EventID { return "register-app" }

// EventID returns "pass-app-joint-testing".
func (PassAppJointTesting) EventID() engine.EventID { return "pass-app-joint-testing" }

// EventID returns "certify-app".
func (CertifyApp) EventID() engine.EventID { return "certify-app" }

// EventID returns "connect-app".
func (ConnectApp) EventID() engine.EventID { return "connect-app" }

// EventID returns "suspend-app".
func (SuspendApp) EventID() engine.EventID { return "suspend-app" }

// EventID returns "audit-certificate-expired".
func (AuditCertificateExpired) EventID() engine.EventID { return "audit-certificate-expired" }

// EventID returns "demonstrate-app-correction".
func (DemonstrateAppCorrection) EventID() engine.EventID { return "demonstrate-app-correction" }

// EventID returns "renew-audit-certificate".
func (RenewAuditCertificate) EventID() engine.EventID { return "renew-audit-certificate" }

// EventID returns "give-app-withdrawal-notice".
func (GiveAppWithdrawalNotice) EventID() engine.EventID { return "give-app-withdrawal-notice" }

// EventID returns "remove-app".
func (RemoveApp) EventID() engine.EventID { return "remove-app" }

// AppOf returns the app an act concerns, and false for an act that is not
// the app machine's.
func AppOf(a Act) (AppID, bool) {
	switch a := a.(type) {
	case RegisterApp:
		return a.App, true
	case PassAppJointTesting:
		return a.App, true
	case CertifyApp:
		return a.App, true
	case ConnectApp:
		return a.App, true
	case SuspendApp:
		return a.App, true
	case DemonstrateAppCorrection:
		return a.App, true
	case RenewAuditCertificate:
		return a.App, true
	case GiveAppWithdrawalNotice:
		return a.App, true
	case RemoveApp:
		return a.App, true
	}
	return "", false
}

func appNamed(id AppID) error {
	if id == "" {
		return missing("app", "the act names an app")
	}
	return nil
}

// Validate checks the app and the signatory.
func (a RegisterApp) Validate(notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	if a.Signatory != "" {
		return known("signatory", a.Signatory, ParseSignatory)
	}
	return nil
}

// Validate checks that the act names an app.
func (a PassAppJointTesting) Validate(notice.Date) error { return appNamed(a.App) }

// Validate checks the app and the certificate's last valid day.
func (a CertifyApp) Validate(notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	if a.AuditValidUntil.IsZero() {
		return missing("audit_valid_until", "the certification states the audit certificate's last valid day")
	}
	return nil
}

// Validate checks that the act names an app.
func (a ConnectApp) Validate(notice.Date) error { return appNamed(a.App) }

// Validate checks the app and the reason.
func (a SuspendApp) Validate(notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	if a.Reason == "" {
		return missing("reason", "a suspension states its reason")
	}
	return nil
}

// Validate checks that the act names an app.
func (a DemonstrateAppCorrection) Validate(notice.Date) error { return appNamed(a.App) }

// Validate checks the app and the certificate's last valid day.
func (a RenewAuditCertificate) Validate(notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	if a.ValidUntil.IsZero() {
		return missing("valid_until", "a renewed certificate states its last valid day")
	}
	return nil
}

// Validate checks the app and that the withdrawal does not take effect
// before it was notified.
func (a GiveAppWithdrawalNotice) Validate(on notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	return notBefore(a.Effective, on, "a withdrawal", "notified")
}

// Validate checks the app and the reason.
func (a RemoveApp) Validate(notice.Date) error {
	if err := appNamed(a.App); err != nil {
		return err
	}
	return known("reason", a.Reason, ParseRemovalReason)
}

// VendorFacts are what the app machine's guards know of the vendor: its
// kind.
type VendorFacts struct {
	Kind Kind
}

// AppMachine is the lifecycle of a wellbeing application (OTV).
func AppMachine() *engine.Machine[App, VendorFacts] { return appMachine }

var (
	appMachine *engine.Machine[App, VendorFacts]
	live       engine.StateSet
)

func init() {
	appMachine = engine.MustDefine(appDefinition())
	live = appMachine.Members(Live)
}

type appStep = engine.Step[App, VendorFacts]

// appWithdrawal is the term of the app-withdrawal notice rule.
func appWithdrawal() notice.Term {
	r, _ := notice.LookupRule(rules.AppWithdrawal)
	return r.Term
}

// auditDue is the day an app in production is suspended without a valid
// audit certificate: the day after its last valid day (A6).
func auditDue(a *App) (notice.Date, bool) {
	if a.AuditValidUntil.IsZero() {
		return notice.Date{}, false
	}
	return a.AuditValidUntil.AddDays(1), true
}

func appDefinition() engine.Definition[App, VendorFacts] {
	var (
		byKela        = engine.Label{En: "suspended by Kela", Fi: "Kelan keskeyttämä", Sv: "avbruten av FPA"}
		pending       = engine.Label{En: "withdrawal pending", Fi: "markkinoilta vetäminen vireillä", Sv: "tillbakadragande pågår"}
		expired       = engine.Label{En: "audit certificate expired", Fi: "auditointitodistus vanhentunut", Sv: "granskningsintyget har gått ut"}
		kelaSuspended = engine.Guard[App, VendorFacts]{Rule: rules.A6, Label: engine.Label{En: "suspended by Kela, not only for the certificate", Fi: "Kelan keskeyttämä, ei vain todistuksen vuoksi", Sv: "avbruten av FPA, inte bara för intyget"}, Check: func(c appStep) *engine.Unmet {
			if c.Subject.KelaSuspension != "" {
				return nil
			}
			return &engine.Unmet{Reason: "the app is suspended because its audit certificate expired; renewing the certificate ends that suspension"}
		}}
		futureCertificate = engine.Guard[App, VendorFacts]{Rule: rules.A6, Label: engine.Label{En: "renewed certificate valid after today", Fi: "uusittu todistus voimassa tämän päivän jälkeen", Sv: "det förnyade intyget gäller efter i dag"}, Check: func(c appStep) *engine.Unmet {
			v := c.Event.(RenewAuditCertificate).ValidUntil
			if v.After(c.On) {
				return nil
			}
			return &engine.Unmet{Reason: fmt.Sprintf("a renewed audit certificate must be valid after %s", c.On), Input: v.String()}
		}}
		withdrawalGuards = []engine.Guard[App, VendorFacts]{
			{Rule: rules.A5, Label: engine.Label{En: "one month before the withdrawal", Fi: "kuukautta ennen markkinoilta vetämistä", Sv: "en månad före tillbakadragandet"}, Check: func(c appStep) *engine.Unmet {
				e := c.Event.(GiveAppWithdrawalNotice).Effective
				if e.IsZero() {
					return &engine.Unmet{Reason: "a withdrawal names the day it takes effect"}
				}
				return lateNotice(appWithdrawal(), c.On, e, "withdrawing an app needs")
			}},
		}
		kela_     = func(c appStep) bool { return c.Subject.KelaSuspension != "" }
		withdrawn = func(c appStep) bool { return c.Subject.WithdrawalPending() }
	)
	return engine.Definition[App, VendorFacts]{
		Name: "app",
		// fi OTV 1.1 "hyvinvointisovellus"; sv translation.
		Label:   engine.Label{En: "the wellbeing application", Fi: "hyvinvointisovellus", Sv: "välbefinnandeapplikationen"},
		StateOf: func(a *App) *engine.State { return &a.State },
		// The source is Finnish: here every Swedish word is a translation.
		States: []engine.StateSpec{
			// fi OTV 8 "toimittanut allekirjoitetun sitoumuksen".
			{ID: Registered, Classes: []engine.Class{Live}, Label: engine.Label{En: "commitment signed", Fi: "sitoumus allekirjoitettu", Sv: "förbindelse undertecknad"}},
			{ID: JointTested, Classes: []engine.Class{Live}, Label: jointTestingPassed},
			// fi OTV 3.1 "liittää ... Omatietovarantoon (tuotantoon)".
			{ID: Production, Classes: []engine.Class{Live}, Label: engine.Label{En: "in production", Fi: "tuotannossa", Sv: "i produktion"}},
			// fi OTV 3.1 "sulkea tai keskeyttää ... yhteyden".
			{ID: Suspended, Classes: []engine.Class{Live}, Label: engine.Label{En: "connection closed or suspended", Fi: "yhteys suljettu tai keskeytetty", Sv: "förbindelsen stängd eller avbruten"}},
			// fi OTV 4.5 "vetää sen markkinoilta".
			{ID: WithdrawalNoticed, Classes: []engine.Class{Live}, Label: engine.Label{En: "withdrawal notified", Fi: "markkinoilta vetäminen ilmoitettu", Sv: "tillbakadragande anmält"}},
			{ID: Withdrawn, Final: true, Label: engine.Label{En: "withdrawn from the market", Fi: "vedetty markkinoilta", Sv: "tillbakadragen från marknaden"}},
			// fi OTV 8 "poistaa hyvinvointisovellus Omatietovaranto-palvelusta".
			{ID: Removed, Final: true, Label: engine.Label{En: "removed by Kela", Fi: "poistettu palvelusta", Sv: "avlägsnad av FPA"}},
		},
		Events: []engine.EventSpec[App]{
			// fi OTV 8 "sitoumuksen allekirjoittaa".
			engine.On(engine.Label{En: "commitment signed", Fi: "sitoumuksen allekirjoitus", Sv: "undertecknad förbindelse"}, appVendor,
				func(a *App, on notice.Date, e RegisterApp) {
					*a = App{ID: a.ID, Registered: on, Signatory: e.Signatory}
				}),
			engine.On(jointTestingPassed, kela, func(a *App, on notice.Date, _ PassAppJointTesting) { a.JointTested = on }),
			// fi OTV 3.1 "sertifiointivaatimukset"; sv translation.
			engine.On(engine.Label{En: "certification recorded", Fi: "sertifiointi kirjattu", Sv: "certifiering registrerad"}, kela,
				func(a *App, on notice.Date, e CertifyApp) {
					a.Certified, a.ValviraRegistered, a.AuditValidUntil = on, e.ValviraRegistered, e.AuditValidUntil
				}),
			// fi OTV 8 "liitetään ... tuotantoympäristöön".
			engine.On(engine.Label{En: "connected to production", Fi: "liitetty tuotantoon", Sv: "ansluten till produktion"}, kela,
				func(a *App, on notice.Date, _ ConnectApp) { a.Connected = on }),
			// fi OTV 3.1 "sulkea tai keskeyttää ... yhteyden".
			engine.On(engine.Label{En: "connection closed", Fi: "yhteyden sulkeminen tai keskeyttäminen", Sv: "förbindelsen stängs"}, kela,
				func(a *App, _ notice.Date, e SuspendApp) { a.KelaSuspension = e.Reason }),
			// fi OTV 4.1 "tietoturva-auditointia koskevan todistuksen ...
			// vanhenemista".
			engine.On[App, AuditCertificateExpired](expired, nobody, nil),
			engine.On(correctionDemonstrated, appVendor, func(a *App, _ notice.Date, _ DemonstrateAppCorrection) { a.KelaSuspension = "" }),
			// fi translation built on OTV 4.1 "tietoturva-auditointia koskeva
			// todistus".
			engine.On(engine.Label{En: "audit certificate renewed", Fi: "auditointitodistus uusittu", Sv: "granskningsintyget förnyat"}, appVendor,
				func(a *App, _ notice.Date, e RenewAuditCertificate) { a.AuditValidUntil = e.ValidUntil }),
			// fi OTV 4.5 "tiedon siitä, jos sovellustoimittaja päättää ... vetää
			// sen markkinoilta".
			engine.On(engine.Label{En: "withdrawal notice", Fi: "ilmoitus markkinoilta vetämisestä", Sv: "anmälan om tillbakadragande"}, appVendor,
				func(a *App, on notice.Date, e GiveAppWithdrawalNotice) {
					a.Withdrawal = &Notice{Given: on, Effective: e.Effective}
				}),
			// fi translation (OTV 4.5 "vähintään yhtä kuukautta ennen").
			engine.On(engine.Label{En: "notice period elapsed", Fi: "ilmoitusaika kulunut", Sv: "anmälningstiden har gått ut"}, nobody,
				func(a *App, _ notice.Date, _ NoticeElapsed) { a.Ended = a.Withdrawal.Effective }),
			// fi OTV 8 "oikeus poistaa hyvinvointisovellus".
			engine.On(engine.Label{En: "removed by Kela", Fi: "poistaminen palvelusta", Sv: "avlägsnande av FPA"}, kela,
				func(a *App, on notice.Date, e RemoveApp) { a.Ended, a.Removal = on, e.Reason }),
		},
		Transitions: []engine.Transition[App, VendorFacts]{
			{Event: "register-app", From: []engine.State{None}, To: Registered, Rule: rules.A1, Guards: []engine.Guard[App, VendorFacts]{
				{Rule: rules.A1, Label: engine.Label{En: "an app vendor", Fi: "sovellustoimittaja", Sv: "en applikationsleverantör"}, Check: func(c appStep) *engine.Unmet {
					if c.Facts.Kind == AppVendor {
						return nil
					}
					return &engine.Unmet{Reason: fmt.Sprintf("apps are registered by a wellbeing application vendor (%s), not a %s", AppVendor, c.Facts.Kind), Input: string(c.Facts.Kind)}
				}},
				{Rule: rules.A3, Label: engine.Label{En: "signed with the signing right", Fi: "nimenkirjoitusoikeudella allekirjoitettu", Sv: "undertecknad med namnteckningsrätt"}, Check: func(c appStep) *engine.Unmet {
					return SigningRight(AppVendor, c.Event.(RegisterApp).Signatory)
				}},
			}},
			{Event: "pass-app-joint-testing", From: []engine.State{Registered}, To: JointTested, Rule: rules.A2},
			{Event: "certify-app", From: []engine.State{Registered, JointTested, Production, Suspended, WithdrawalNoticed}, Stay: true, Rule: rules.A2},
			{Event: "connect-app", From: []engine.State{JointTested}, To: Production, Rule: rules.A2, Guards: []engine.Guard[App, VendorFacts]{
				{Rule: rules.A2, Label: engine.Label{En: "certification requirements met", Fi: "sertifiointivaatimukset täyttyvät", Sv: "certifieringskraven uppfyllda"}, Check: func(c appStep) *engine.Unmet {
					if !c.Subject.Certified.IsZero() {
						return nil
					}
					return &engine.Unmet{Reason: "the app's certification (including the security audit) is not recorded"}
				}},
				{Rule: rules.A2, Label: engine.Label{En: "in Valvira's register", Fi: "Valviran rekisterissä", Sv: "i Valviras register"}, Check: func(c appStep) *engine.Unmet {
					if c.Subject.ValviraRegistered {
						return nil
					}
					return &engine.Unmet{Reason: "the app is not entered in Valvira's information system register"}
				}},
				{Rule: rules.A2, Label: engine.Label{En: "audit certificate valid", Fi: "auditointitodistus voimassa", Sv: "granskningsintyget giltigt"}, Check: func(c appStep) *engine.Unmet {
					if c.Subject.AuditValid(c.On) {
						return nil
					}
					return &engine.Unmet{Reason: fmt.Sprintf("the security audit certificate is not valid on %s", c.On), Input: c.Subject.AuditValidUntil.String()}
				}},
			}},
			{Event: "suspend-app", From: []engine.State{Production, WithdrawalNoticed, Suspended}, To: Suspended, Rule: rules.A4},
			{Event: "audit-certificate-expired", From: []engine.State{Production, WithdrawalNoticed}, To: Suspended, Rule: rules.A6,
				Due: &engine.Due[App]{Label: expired, Day: auditDue}},
			{Event: "demonstrate-app-correction", From: []engine.State{Suspended}, To: Suspended, Rule: rules.A4, Guards: []engine.Guard[App, VendorFacts]{kelaSuspended},
				When: &engine.Branch[App, VendorFacts]{Label: expired, Holds: func(c appStep) bool { return !c.Subject.AuditValid(c.On) }}},
			{Event: "demonstrate-app-correction", From: []engine.State{Suspended}, To: WithdrawalNoticed, Rule: rules.A4, Guards: []engine.Guard[App, VendorFacts]{kelaSuspended},
				When: &engine.Branch[App, VendorFacts]{Label: pending, Holds: withdrawn}},
			{Event: "demonstrate-app-correction", From: []engine.State{Suspended}, To: Production, Rule: rules.A4, Guards: []engine.Guard[App, VendorFacts]{kelaSuspended}},
			{Event: "renew-audit-certificate", From: []engine.State{Suspended}, To: Suspended, Rule: rules.A6, Guards: []engine.Guard[App, VendorFacts]{futureCertificate},
				When: &engine.Branch[App, VendorFacts]{Label: byKela, Holds: kela_}},
			{Event: "renew-audit-certificate", From: []engine.State{Suspended}, To: WithdrawalNoticed, Rule: rules.A6, Guards: []engine.Guard[App, VendorFacts]{futureCertificate},
				When: &engine.Branch[App, VendorFacts]{Label: pending, Holds: withdrawn}},
			{Event: "renew-audit-certificate", From: []engine.State{Suspended}, To: Production, Rule: rules.A6, Guards: []engine.Guard[App, VendorFacts]{futureCertificate}},
			{Event: "renew-audit-certificate", From: []engine.State{Registered, JointTested, Production, WithdrawalNoticed}, Stay: true, Rule: rules.A6, Guards: []engine.Guard[App, VendorFacts]{futureCertificate}},
			{Event: "give-app-withdrawal-notice", From: []engine.State{Production}, To: WithdrawalNoticed, Rule: rules.A5, Guards: withdrawalGuards},
			{Event: "give-app-withdrawal-notice", From: []engine.State{Suspended}, To: Suspended, Rule: rules.A5, Guards: withdrawalGuards,
				When: &engine.Branch[App, VendorFacts]{Label: engine.Label{En: "no withdrawal pending", Fi: "markkinoilta vetäminen ei vireillä", Sv: "inget tillbakadragande pågår"}, Holds: func(c appStep) bool { return !c.Subject.WithdrawalPending() }}},
			{Event: "notice-elapsed", From: []engine.State{WithdrawalNoticed, Suspended}, To: Withdrawn, Rule: rules.A5,
				Due: &engine.Due[App]{Label: effectiveDayReached, Day: func(a *App) (notice.Date, bool) {
					if a.Withdrawal == nil {
						return notice.Date{}, false
					}
					return a.Withdrawal.Effective, true
				}}},
			{Event: "remove-app", From: []engine.State{Registered, JointTested, Production, Suspended, WithdrawalNoticed}, To: Removed, Rule: rules.A7},
		},
	}
}
