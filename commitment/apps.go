package commitment

import (
	"context"
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// RegisterApp registers the vendor's wellbeing application App: the vendor
// signs its commitment, signed by Signatory, which must hold the signing
// right itself (A3), and accepts the terms and the service description of
// Omatietovaranto (A1). Only an app vendor registers apps.
type RegisterApp struct {
	App       string
	Signatory lifecycle.Signatory
}

// PassAppJointTesting records that App passed Omatietovaranto's joint
// testing (A2).
type PassAppJointTesting struct{ App string }

// CertifyApp records App's certification (A2): the certification
// requirements are met, the app is (or is not) entered in Valvira's
// information system register, and its security audit certificate is valid
// until AuditValidUntil. It changes no state.
type CertifyApp struct {
	App               string
	ValviraRegistered bool
	AuditValidUntil   notice.Date
}

// ConnectApp connects App to Omatietovaranto's production environment when
// every precondition of A2 holds. The production data count as delivered.
type ConnectApp struct{ App string }

// SuspendApp closes or suspends App's connection for Reason (A4).
type SuspendApp struct {
	App    string
	Reason string
}

// DemonstrateAppCorrection is the vendor's reliable demonstration that the
// situation behind Kela's suspension of App is corrected (A4).
type DemonstrateAppCorrection struct{ App string }

// RenewAuditCertificate records App's renewed security audit certificate,
// valid until ValidUntil, which must be later than the command's day; an app
// suspended only because its certificate expired returns to production (A6).
type RenewAuditCertificate struct {
	App        string
	ValidUntil notice.Date
}

// GiveAppWithdrawalNotice notifies Kela that App is withdrawn from the market
// from Effective; it needs one month's notice (A5).
type GiveAppWithdrawalNotice struct {
	App       string
	Effective notice.Date
}

// RemoveApp is Kela's unilateral removal of App (A7).
type RemoveApp struct {
	App    string
	Reason lifecycle.RemovalReason
}

// Name returns "register-app".
func (RegisterApp) Name() string { return "register-app" }

// Name returns "pass-app-joint-testing".
func (PassAppJointTesting) Name() string { return "pass-app-joint-testing" }

// Name returns "certify-app".
func (CertifyApp) Name() string { return "certify-app" }

// Name returns "connect-app".
func (ConnectApp) Name() string { return "connect-app" }

// Name returns "suspend-app".
func (SuspendApp) Name() string { return "suspend-app" }

// Name returns "demonstrate-app-correction".
func (DemonstrateAppCorrection) Name() string { return "demonstrate-app-correction" }

// Name returns "renew-audit-certificate".
func (RenewAuditCertificate) Name() string { return "renew-audit-certificate" }

// Name returns "give-app-withdrawal-notice".
func (GiveAppWithdrawalNotice) Name() string { return "give-app-withdrawal-notice" }

// Name returns "remove-app".
func (RemoveApp) Name() string { return "remove-app" }

// AppCertified records the certification facts of an app (A2).
type AppCertified struct {
	On                notice.Date `json:"on"`
	App               string      `json:"app"`
	ValviraRegistered bool        `json:"valvira_registered"`
	AuditValidUntil   notice.Date `json:"audit_valid_until"`
}

// Type returns "app-certified".
func (AppCertified) Type() string { return "app-certified" }

// Date returns the day of certification.
func (e AppCertified) Date() notice.Date { return e.On }

func (s *state) appIndex(id string) int {
	for i := range s.apps {
		if s.apps[i].ID == id {
			return i
		}
	}
	return -1
}

func (s *state) app(id string) lifecycle.App {
	if i := s.appIndex(id); i >= 0 {
		return s.apps[i]
	}
	return lifecycle.App{ID: id}
}

// runApp executes an app command.
func (s *state) runApp(cat *Catalogue, on notice.Date, cmd Command) error {
	var id string
	var ev lifecycle.Event
	switch c := cmd.(type) {
	case RegisterApp:
		id, ev = c.App, lifecycle.RegisterApp{Signatory: c.Signatory}
		if c.Signatory != "" {
			if _, err := lifecycle.ParseSignatory(string(c.Signatory)); err != nil {
				return &InputError{Field: "signatory", Value: string(c.Signatory), Reason: err.Error()}
			}
		}
	case PassAppJointTesting:
		id, ev = c.App, lifecycle.PassAppJointTesting{}
	case ConnectApp:
		id, ev = c.App, lifecycle.ConnectApp{}
	case SuspendApp:
		if c.Reason == "" {
			return &InputError{Field: "reason", Reason: "a suspension states its reason"}
		}
		id, ev = c.App, lifecycle.SuspendApp{Reason: c.Reason}
	case DemonstrateAppCorrection:
		id, ev = c.App, lifecycle.DemonstrateAppCorrection{}
	case RenewAuditCertificate:
		if c.ValidUntil.IsZero() {
			return &InputError{Field: "valid_until", Reason: "a renewed certificate states its last valid day"}
		}
		id, ev = c.App, lifecycle.RenewAuditCertificate{ValidUntil: c.ValidUntil}
	case GiveAppWithdrawalNotice:
		id, ev = c.App, lifecycle.GiveAppWithdrawalNotice{Effective: c.Effective}
	case RemoveApp:
		if _, err := lifecycle.ParseRemovalReason(string(c.Reason)); err != nil {
			return &InputError{Field: "reason", Value: string(c.Reason), Reason: err.Error()}
		}
		id, ev = c.App, lifecycle.RemoveApp{Reason: c.Reason}
	case CertifyApp:
		return s.certifyApp(on, c)
	}
	if id == "" {
		return &InputError{Field: "app", Reason: "the command names no app"}
	}
	if _, ok := ev.(lifecycle.RegisterApp); !ok && s.appIndex(id) < 0 {
		return &InputError{Field: "app", Value: id, Reason: "no app of that identifier is registered"}
	}
	if err := s.fireApp(on, cmd.Name(), id, ev); err != nil {
		return err
	}
	if _, ok := ev.(lifecycle.RegisterApp); ok {
		// The signed commitment accepts the Omatietovaranto terms and service
		// description, which the catalogue keeps as the service's description
		// (A1, C14); signed documents are kept permanently (R1).
		rs := RequestService{Service: lifecycle.MyDataRepository, Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.ServiceDescription}}
		s.recordAcceptances(cat, on, rs)
	}
	return nil
}

// fireApp runs ev on app id's machine and records the transition.
func (s *state) fireApp(on notice.Date, cmd, id string, ev lifecycle.Event) error {
	app := s.app(id)
	to, err := lifecycle.AppMachine().Fire(context.Background(), app.State,
		lifecycle.AppContext{On: on, Event: ev, Kind: s.customer.Kind, App: app})
	if err != nil {
		return about(err, cmd, id)
	}
	s.record(Transitioned{On: on, Machine: lifecycle.AppMachine().Name(), Subject: id, Event: ev, From: app.State, To: to})
	return nil
}

func (s *state) certifyApp(on notice.Date, c CertifyApp) error {
	if c.App == "" {
		return &InputError{Field: "app", Reason: "the command names no app"}
	}
	if c.AuditValidUntil.IsZero() {
		return &InputError{Field: "audit_valid_until", Reason: "the certification states the audit certificate's last valid day"}
	}
	i := s.appIndex(c.App)
	if i < 0 {
		return &InputError{Field: "app", Value: c.App, Reason: "no app of that identifier is registered"}
	}
	if !s.apps[i].Live() {
		return &lifecycle.Refusal{Command: c.Name(), Subject: c.App, State: s.apps[i].State, Blockers: []lifecycle.Blocker{{
			Rule: lifecycle.A2, Subject: c.App, Reason: fmt.Sprintf("the app is %s; there is nothing to certify", s.apps[i].State)}}}
	}
	s.record(AppCertified{On: on, App: c.App, ValviraRegistered: c.ValviraRegistered, AuditValidUntil: c.AuditValidUntil})
	return nil
}

// App returns the vendor's app id, and false when no such app is registered.
func (c *Commitment) App(id string) (lifecycle.App, bool) {
	c.mu.RLock()
	defer c.mu.RUnlock()
	if i := c.st.appIndex(id); i >= 0 {
		return c.st.apps[i], true
	}
	return lifecycle.App{ID: id}, false
}

// Apps returns the vendor's apps in the order they were registered.
func (c *Commitment) Apps() []lifecycle.App {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return append([]lifecycle.App(nil), c.st.apps...)
}
