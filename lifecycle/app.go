package lifecycle

import (
	"fmt"

	"github.com/kantakit/kanta/notice"
)

// States of a wellbeing application connected to Omatietovaranto (SPEC §7).
// JointTested, Suspended and Withdrawn are the words the service machine
// uses too.
const (
	Registered        State = "registered"         // the vendor's commitment is signed
	Production        State = "production"         // connected to the production environment (OTV 8)
	WithdrawalNoticed State = "withdrawal-noticed" // in production, withdrawal from the market notified
	Removed           State = "removed"            // removed unilaterally by Kela (OTV 8)
)

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
	return parseEnum("removal reason", s, RemovalReasons())
}

// App is a wellbeing application (hyvinvointisovellus) of an app vendor and
// its connection to Omatietovaranto: the app machine's state and the facts
// its guards read. Apply returns a new value.
type App struct {
	ID         string      `json:"id"`
	State      State       `json:"state"`
	Registered notice.Date `json:"registered"`
	Signatory  Signatory   `json:"signatory"`
	// Certification facts, recorded with certify-app (A2): the
	// certification requirements met, the entry in Valvira's information
	// system register and the security audit certificate's last valid day.
	JointTested       notice.Date `json:"joint_tested"`
	Certified         notice.Date `json:"certified"`
	ValviraRegistered bool        `json:"valvira_registered"`
	AuditValidUntil   notice.Date `json:"audit_valid_until"`
	Connected         notice.Date `json:"connected"`
	// KelaSuspension is Kela's reason for closing the connection (A4); empty
	// when Kela has not. An app can also be suspended only because its audit
	// certificate expired (A6).
	KelaSuspension string        `json:"kela_suspension,omitempty"`
	Withdrawal     *Notice       `json:"withdrawal,omitempty"`
	Ended          notice.Date   `json:"ended"`
	Removal        RemovalReason `json:"removal,omitempty"`
}

// AuditValid reports whether the app's security audit certificate is valid
// on day on.
func (a App) AuditValid(on notice.Date) bool {
	return !a.AuditValidUntil.IsZero() && !on.After(a.AuditValidUntil)
}

// WithdrawalPending reports whether a withdrawal from the market is notified
// and has not yet taken effect.
func (a App) WithdrawalPending() bool {
	return a.Withdrawal != nil && a.State != Withdrawn && a.State != Removed
}

// Live reports whether the app is registered and neither withdrawn nor
// removed.
func (a App) Live() bool { return a.State != None && a.State != Withdrawn && a.State != Removed }

// Typed events of the app machine.
type (
	// RegisterApp: the vendor signs its commitment, accepting the terms and
	// the service description (A1), signed by Signatory (A3).
	RegisterApp struct {
		Signatory Signatory `json:"signatory"`
	}
	// PassAppJointTesting: the app passed Omatietovaranto's joint testing.
	PassAppJointTesting struct{}
	// ConnectApp: Kela connects the app to production (A2); the production
	// data count as delivered with it.
	ConnectApp struct{}
	// SuspendApp: Kela closes or suspends the app's connection for Reason
	// (A4).
	SuspendApp struct {
		Reason string `json:"reason"`
	}
	// AuditCertificateExpired: the day after the audit certificate's last
	// valid day came (A6).
	AuditCertificateExpired struct{}
	// DemonstrateAppCorrection: the vendor reliably demonstrated that the
	// situation is corrected, ending Kela's suspension (A4).
	DemonstrateAppCorrection struct{}
	// RenewAuditCertificate: a renewed security audit certificate, valid
	// until ValidUntil (A6).
	RenewAuditCertificate struct {
		ValidUntil notice.Date `json:"valid_until"`
	}
	// GiveAppWithdrawalNotice: the vendor notifies Kela, on the event's day,
	// that the app is withdrawn from the market from Effective (A5).
	GiveAppWithdrawalNotice struct {
		Effective notice.Date `json:"effective"`
	}
	// RemoveApp: Kela removes the app unilaterally (A7).
	RemoveApp struct {
		Reason RemovalReason `json:"reason"`
	}
)

// EventID returns "register-app".
func (RegisterApp) EventID() EventID { return "register-app" }

// EventID returns "pass-app-joint-testing".
func (PassAppJointTesting) EventID() EventID { return "pass-app-joint-testing" }

// EventID returns "connect-app".
func (ConnectApp) EventID() EventID { return "connect-app" }

// EventID returns "suspend-app".
func (SuspendApp) EventID() EventID { return "suspend-app" }

// EventID returns "audit-certificate-expired".
func (AuditCertificateExpired) EventID() EventID { return "audit-certificate-expired" }

// EventID returns "demonstrate-app-correction".
func (DemonstrateAppCorrection) EventID() EventID { return "demonstrate-app-correction" }

// EventID returns "renew-audit-certificate".
func (RenewAuditCertificate) EventID() EventID { return "renew-audit-certificate" }

// EventID returns "give-app-withdrawal-notice".
func (GiveAppWithdrawalNotice) EventID() EventID { return "give-app-withdrawal-notice" }

// EventID returns "remove-app".
func (RemoveApp) EventID() EventID { return "remove-app" }

// AppContext is what the app machine's guards see: the vendor's kind and the
// app.
type AppContext struct {
	On    notice.Date
	Event Event
	Kind  Kind
	App   App
}

// Trigger returns the event being fired.
func (c AppContext) Trigger() Event { return c.Event }

// AppMachine is the lifecycle of a wellbeing application (SPEC §7).
func AppMachine() *Machine[AppContext] { return appMachine }

// appWithdrawal is the term of the app-withdrawal rule of SPEC §5.
func appWithdrawal() notice.Term {
	r, _ := notice.LookupRule(notice.AppWithdrawal)
	return r.Term
}

var (
	byKela          = func(c AppContext) bool { return c.App.KelaSuspension != "" }
	auditExpired    = func(c AppContext) bool { return !c.App.AuditValid(c.On) }
	withdrawalDue   = func(c AppContext) bool { return c.App.WithdrawalPending() }
	suspendedByKela = Guard[AppContext]{Rule: A6, Label: "suspended by Kela, not only for the certificate", Check: func(c AppContext) *Unmet {
		if c.App.KelaSuspension != "" {
			return nil
		}
		return &Unmet{Reason: "the app is suspended because its audit certificate expired; renewing the certificate ends that suspension"}
	}}
	validFutureCertificate = Guard[AppContext]{Rule: A6, Label: "renewed certificate valid after today", Check: func(c AppContext) *Unmet {
		v := c.Event.(RenewAuditCertificate).ValidUntil
		if v.After(c.On) {
			return nil
		}
		return &Unmet{Reason: fmt.Sprintf("a renewed audit certificate must be valid after %s", c.On), Input: v.String()}
	}}
)

var appMachine = mustDefine("app",
	[]StateInfo{{ID: Registered}, {ID: JointTested}, {ID: Production}, {ID: Suspended},
		{ID: WithdrawalNoticed}, {ID: Withdrawn, Final: true}, {ID: Removed, Final: true}},
	[]Event{RegisterApp{}, PassAppJointTesting{}, ConnectApp{}, SuspendApp{}, AuditCertificateExpired{},
		DemonstrateAppCorrection{}, RenewAuditCertificate{}, GiveAppWithdrawalNotice{}, NoticeElapsed{}, RemoveApp{}},
	[]Transition[AppContext]{
		{Event: "register-app", From: []State{None}, To: Registered, Rule: A1, Guards: []Guard[AppContext]{
			{Rule: A1, Label: "an app vendor", Check: func(c AppContext) *Unmet {
				if c.Kind == AppVendor {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("apps are registered by a wellbeing application vendor (%s), not a %s", AppVendor, c.Kind), Input: string(c.Kind)}
			}},
			{Rule: A3, Label: "signed with the signing right", Check: func(c AppContext) *Unmet {
				return SigningRight(AppVendor, c.Event.(RegisterApp).Signatory)
			}},
		}},
		{Event: "pass-app-joint-testing", From: []State{Registered}, To: JointTested, Rule: A2},
		{Event: "connect-app", From: []State{JointTested}, To: Production, Rule: A2, Guards: []Guard[AppContext]{
			{Rule: A2, Label: "certification requirements met", Check: func(c AppContext) *Unmet {
				if !c.App.Certified.IsZero() {
					return nil
				}
				return &Unmet{Reason: "the app's certification (including the security audit) is not recorded"}
			}},
			{Rule: A2, Label: "in Valvira's register", Check: func(c AppContext) *Unmet {
				if c.App.ValviraRegistered {
					return nil
				}
				return &Unmet{Reason: "the app is not entered in Valvira's information system register"}
			}},
			{Rule: A2, Label: "audit certificate valid", Check: func(c AppContext) *Unmet {
				if c.App.AuditValid(c.On) {
					return nil
				}
				return &Unmet{Reason: fmt.Sprintf("the security audit certificate is not valid on %s", c.On), Input: c.App.AuditValidUntil.String()}
			}},
		}},
		{Event: "suspend-app", From: []State{Production, WithdrawalNoticed, Suspended}, To: Suspended, Rule: A4},
		{Event: "audit-certificate-expired", From: []State{Production, WithdrawalNoticed}, To: Suspended, Rule: A6, Timed: true,
			When: &Branch[AppContext]{Label: "audit certificate no longer valid", Holds: auditExpired}},
		{Event: "demonstrate-app-correction", From: []State{Suspended}, To: Suspended, Rule: A4, Guards: []Guard[AppContext]{suspendedByKela},
			When: &Branch[AppContext]{Label: "audit certificate expired", Holds: auditExpired}},
		{Event: "demonstrate-app-correction", From: []State{Suspended}, To: WithdrawalNoticed, Rule: A4, Guards: []Guard[AppContext]{suspendedByKela},
			When: &Branch[AppContext]{Label: "withdrawal pending", Holds: withdrawalDue}},
		{Event: "demonstrate-app-correction", From: []State{Suspended}, To: Production, Rule: A4, Guards: []Guard[AppContext]{suspendedByKela}},
		{Event: "renew-audit-certificate", From: []State{Suspended}, To: Suspended, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate},
			When: &Branch[AppContext]{Label: "suspended by Kela", Holds: byKela}},
		{Event: "renew-audit-certificate", From: []State{Suspended}, To: WithdrawalNoticed, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate},
			When: &Branch[AppContext]{Label: "withdrawal pending", Holds: withdrawalDue}},
		{Event: "renew-audit-certificate", From: []State{Suspended}, To: Production, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate}},
		{Event: "renew-audit-certificate", From: []State{Registered}, To: Registered, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate}},
		{Event: "renew-audit-certificate", From: []State{JointTested}, To: JointTested, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate}},
		{Event: "renew-audit-certificate", From: []State{Production}, To: Production, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate}},
		{Event: "renew-audit-certificate", From: []State{WithdrawalNoticed}, To: WithdrawalNoticed, Rule: A6, Guards: []Guard[AppContext]{validFutureCertificate}},
		{Event: "give-app-withdrawal-notice", From: []State{Production}, To: WithdrawalNoticed, Rule: A5, Guards: appWithdrawalGuards},
		{Event: "give-app-withdrawal-notice", From: []State{Suspended}, To: Suspended, Rule: A5, Guards: appWithdrawalGuards,
			When: &Branch[AppContext]{Label: "no withdrawal pending", Holds: func(c AppContext) bool { return !c.App.WithdrawalPending() }}},
		{Event: "notice-elapsed", From: []State{WithdrawalNoticed, Suspended}, To: Withdrawn, Rule: A5, Timed: true,
			When: &Branch[AppContext]{Label: "effective day reached", Holds: func(c AppContext) bool {
				return c.App.WithdrawalPending() && !c.App.Withdrawal.Effective.After(c.On)
			}}},
		{Event: "remove-app", From: []State{Registered, JointTested, Production, Suspended, WithdrawalNoticed}, To: Removed, Rule: A7},
	},
)

var appWithdrawalGuards = []Guard[AppContext]{
	{Rule: A5, Label: "one month before the withdrawal", Check: func(c AppContext) *Unmet {
		e := c.Event.(GiveAppWithdrawalNotice).Effective
		if e.IsZero() {
			return &Unmet{Reason: "a withdrawal names the day it takes effect"}
		}
		return lateNotice(appWithdrawal(), c.On, e, "withdrawing an app needs")
	}},
}

// Apply returns the app after the transition of ev on day on to state to.
// It is the only place where an app changes (besides WithCertification for
// the facts certify-app records).
func (a App) Apply(on notice.Date, ev Event, to State) App {
	switch e := ev.(type) {
	case RegisterApp:
		a = App{ID: a.ID, Registered: on, Signatory: e.Signatory}
	case PassAppJointTesting:
		a.JointTested = on
	case ConnectApp:
		a.Connected = on
	case SuspendApp:
		a.KelaSuspension = e.Reason
	case DemonstrateAppCorrection:
		a.KelaSuspension = ""
	case RenewAuditCertificate:
		a.AuditValidUntil = e.ValidUntil
	case GiveAppWithdrawalNotice:
		a.Withdrawal = &Notice{Given: on, Effective: e.Effective}
	case NoticeElapsed:
		a.Ended = a.Withdrawal.Effective
	case RemoveApp:
		a.Ended, a.Removal = on, e.Reason
	}
	a.State = to
	return a
}

// WithCertification returns the app with the certification facts that
// certify-app records (A2): the requirements met on day on, the Valvira
// register entry and the audit certificate's last valid day. They change no
// state: connect-app reads them.
func (a App) WithCertification(on notice.Date, valviraRegistered bool, auditValidUntil notice.Date) App {
	a.Certified = on
	a.ValviraRegistered = valviraRegistered
	a.AuditValidUntil = auditValidUntil
	return a
}

// NextDue returns the next day on which time alone changes the app, and the
// event it brings: the day after the audit certificate's last valid day for
// an app in production (A6), or the day a notified withdrawal takes effect
// (A5), whichever comes first.
func (a App) NextDue() (notice.Date, Event, bool) {
	var day notice.Date
	var ev Event
	if (a.State == Production || a.State == WithdrawalNoticed) && !a.AuditValidUntil.IsZero() {
		day, ev = a.AuditValidUntil.AddDays(1), AuditCertificateExpired{}
	}
	if a.WithdrawalPending() && (a.State == WithdrawalNoticed || a.State == Suspended) {
		if ev == nil || a.Withdrawal.Effective.Before(day) {
			day, ev = a.Withdrawal.Effective, NoticeElapsed{}
		}
	}
	return day, ev, ev != nil
}
