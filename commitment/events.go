package commitment

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Event is one dated fact in a commitment's history. Every accepted command
// appends one or more events; replaying them reproduces the commitment.
// Type returns the stable name that identifies the event in JSON.
type Event interface {
	Type() string
	Date() notice.Date
}

// Registered opens a history: the customer as it was when the commitment was
// created. It has no date.
type Registered struct {
	Customer Customer `json:"customer"`
}

// Transitioned records that a machine moved: the customership or one
// service's use (Subject is the service), on its event, from one state to
// another.
type Transitioned struct {
	On      notice.Date
	Machine string
	Subject string
	Event   lifecycle.Event
	From    lifecycle.State
	To      lifecycle.State
}

// DocumentAccepted records an accepted document and the version in force on
// the day of acceptance, if the catalogue knows it (C14). Service is set for
// a service description; OrgUnit for an acceptance in one part of the
// organisation (C13). Signed documents are kept permanently (R1).
type DocumentAccepted struct {
	On       notice.Date         `json:"on"`
	Document lifecycle.Document  `json:"document"`
	Service  lifecycle.ServiceID `json:"service,omitempty"`
	Version  string              `json:"version,omitempty"`
	OrgUnit  string              `json:"org_unit,omitempty"`
}

// CodeServiceInformed records that Kela informed THL's national code service
// (or Fimea, for a pharmacy) that the customer took a service into use, at
// the same time as it notified approval (S2, YTE 2.5).
type CodeServiceInformed struct {
	On        notice.Date         `json:"on"`
	Service   lifecycle.ServiceID `json:"service"`
	Recipient string              `json:"recipient"`
}

// OrgUnitAdded records that a service's use was extended to a part of the
// organisation (C13).
type OrgUnitAdded struct {
	On      notice.Date         `json:"on"`
	Service lifecycle.ServiceID `json:"service"`
	OrgUnit string              `json:"org_unit"`
}

// CommitmentTransferred records a transfer with Kela's consent (C5).
type CommitmentTransferred struct {
	On   notice.Date `json:"on"`
	From Customer    `json:"from"`
	To   Customer    `json:"to"`
}

// PharmacyAdded records a pharmacy that the pharmacist's commitment now
// covers (C6).
type PharmacyAdded struct {
	On       notice.Date `json:"on"`
	Pharmacy string      `json:"pharmacy"`
}

// ContactNamed records a contact named in a role (P1).
type ContactNamed struct {
	On      notice.Date `json:"on"`
	Contact Contact     `json:"contact"`
}

// ContactRemoved records a contact removed from a role (R10).
type ContactRemoved struct {
	On   notice.Date `json:"on"`
	Role ContactRole `json:"role"`
	Name string      `json:"name"`
}

// Type returns "registered".
func (Registered) Type() string { return "registered" }

// Date returns the zero Date: registration has no date of its own.
func (Registered) Date() notice.Date { return notice.Date{} }

// Type returns "transition".
func (Transitioned) Type() string { return "transition" }

// Date returns the day of the transition.
func (e Transitioned) Date() notice.Date { return e.On }

// Type returns "document-accepted".
func (DocumentAccepted) Type() string { return "document-accepted" }

// Date returns the day of acceptance.
func (e DocumentAccepted) Date() notice.Date { return e.On }

// Type returns "code-service-informed".
func (CodeServiceInformed) Type() string { return "code-service-informed" }

// Date returns the day the code service was informed.
func (e CodeServiceInformed) Date() notice.Date { return e.On }

// Type returns "org-unit-added".
func (OrgUnitAdded) Type() string { return "org-unit-added" }

// Date returns the day of the extension.
func (e OrgUnitAdded) Date() notice.Date { return e.On }

// Type returns "commitment-transferred".
func (CommitmentTransferred) Type() string { return "commitment-transferred" }

// Date returns the day of the transfer.
func (e CommitmentTransferred) Date() notice.Date { return e.On }

// Type returns "pharmacy-added".
func (PharmacyAdded) Type() string { return "pharmacy-added" }

// Date returns the day the pharmacy was added.
func (e PharmacyAdded) Date() notice.Date { return e.On }

// Type returns "contact-named".
func (ContactNamed) Type() string { return "contact-named" }

// Date returns the day the contact was named.
func (e ContactNamed) Date() notice.Date { return e.On }

// Type returns "contact-removed".
func (ContactRemoved) Type() string { return "contact-removed" }

// Date returns the day the contact was removed.
func (e ContactRemoved) Date() notice.Date { return e.On }

type transitionJSON struct {
	On      notice.Date       `json:"on"`
	Machine string            `json:"machine"`
	Subject string            `json:"subject,omitempty"`
	Event   lifecycle.EventID `json:"event"`
	From    lifecycle.State   `json:"from"`
	To      lifecycle.State   `json:"to"`
	Data    json.RawMessage   `json:"data,omitempty"`
}

// MarshalJSON writes the transition with its typed event's identifier and
// fields.
func (e Transitioned) MarshalJSON() ([]byte, error) {
	data, err := json.Marshal(e.Event)
	if err != nil {
		return nil, err
	}
	if bytes.Equal(data, []byte("{}")) {
		data = nil
	}
	return json.Marshal(transitionJSON{On: e.On, Machine: e.Machine, Subject: e.Subject, Event: e.Event.EventID(), From: e.From, To: e.To, Data: data})
}

// UnmarshalJSON reads a transition and decodes its typed event with the
// machine it names.
func (e *Transitioned) UnmarshalJSON(b []byte) error {
	var t transitionJSON
	if err := json.Unmarshal(b, &t); err != nil {
		return err
	}
	m, err := machineNamed(t.Machine)
	if err != nil {
		return err
	}
	ev, err := m.DecodeEvent(t.Event, t.Data)
	if err != nil {
		return err
	}
	*e = Transitioned{On: t.On, Machine: t.Machine, Subject: t.Subject, Event: ev, From: t.From, To: t.To}
	return nil
}

// eventDecoder is what a machine offers for reading its events from JSON.
type eventDecoder interface {
	DecodeEvent(lifecycle.EventID, json.RawMessage) (lifecycle.Event, error)
}

func machineNamed(name string) (eventDecoder, error) {
	switch name {
	case lifecycle.ServiceMachine().Name():
		return lifecycle.ServiceMachine(), nil
	case lifecycle.CustomershipMachine().Name():
		return lifecycle.CustomershipMachine(), nil
	case lifecycle.AppMachine().Name():
		return lifecycle.AppMachine(), nil
	case lifecycle.AgreementMachine().Name():
		return lifecycle.AgreementMachine(), nil
	}
	return nil, fmt.Errorf("commitment: unknown machine %q", name)
}

// MarshalEvent writes e as one JSON object whose "type" key, first, holds its
// stable type name.
func MarshalEvent(e Event) ([]byte, error) {
	body, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	if len(body) < 2 || body[0] != '{' {
		return nil, fmt.Errorf("commitment: event %s does not encode as an object", e.Type())
	}
	var b bytes.Buffer
	b.WriteString(`{"type":`)
	t, _ := json.Marshal(e.Type())
	b.Write(t)
	if len(body) > 2 {
		b.WriteByte(',')
	}
	b.Write(body[1:])
	return b.Bytes(), nil
}

// UnmarshalEvent reads an event written by MarshalEvent.
func UnmarshalEvent(data []byte) (Event, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("commitment: event: %w", err)
	}
	var err error
	decode := func(v any) { err = json.Unmarshal(data, v) }
	var e Event
	switch head.Type {
	case "registered":
		var v Registered
		decode(&v)
		e = v
	case "transition":
		var v Transitioned
		decode(&v)
		e = v
	case "document-accepted":
		var v DocumentAccepted
		decode(&v)
		e = v
	case "code-service-informed":
		var v CodeServiceInformed
		decode(&v)
		e = v
	case "org-unit-added":
		var v OrgUnitAdded
		decode(&v)
		e = v
	case "commitment-transferred":
		var v CommitmentTransferred
		decode(&v)
		e = v
	case "pharmacy-added":
		var v PharmacyAdded
		decode(&v)
		e = v
	case "contact-named":
		var v ContactNamed
		decode(&v)
		e = v
	case "contact-removed":
		var v ContactRemoved
		decode(&v)
		e = v
	case "change-notified":
		var v ChangeNotified
		decode(&v)
		e = v
	case "app-certified":
		var v AppCertified
		decode(&v)
		e = v
	default:
		return nil, fmt.Errorf("commitment: unknown event type %q", head.Type)
	}
	if err != nil {
		return nil, fmt.Errorf("commitment: event %s: %w", head.Type, err)
	}
	return e, nil
}
