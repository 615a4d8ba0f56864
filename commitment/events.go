package commitment

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Event is one dated fact in a stream: a commitment's history or an
// agreement's. Every accepted act appends one or more events; replaying them
// reproduces the state. Type returns the stable name that identifies the
// event in JSON.
type Event interface {
	Type() string
	Date() notice.Date
}

// Registered opens a commitment's history: the customer as it was when the
// commitment was created. It has no date.
type Registered struct {
	Customer Customer `json:"customer"`
}

// Transitioned records that a machine moved: the customership, one
// service's use, one app or one agreement (Subject names it), on its event,
// from one state to another. For an act, Event is the act itself.
type Transitioned struct {
	On      notice.Date
	Machine string
	Subject string
	Event   engine.Event
	From    engine.State
	To      engine.State
}

// Acted records an act on the commitment's own records (a pharmacy added, a
// contact named, a change notified, the commitment transferred away): the
// act itself, on its day.
type Acted struct {
	On  notice.Date
	Act lifecycle.Act
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

// CommitmentReceived records that the customer received another party's
// commitment with Kela's consent (C5): History is that commitment's history
// up to the transfer, from which its customership, services and apps carry
// over to this customer.
type CommitmentReceived struct {
	On      notice.Date       `json:"on"`
	From    lifecycle.PartyID `json:"from"`
	History []Event           `json:"-"`
}

// JointAgreementSigned records, in each party's history, that it signed a
// joint-connection agreement (YLS 1) in Role ("main" or "tenant") with the
// other party With.
type JointAgreementSigned struct {
	On        notice.Date           `json:"on"`
	Agreement lifecycle.AgreementID `json:"agreement"`
	Role      string                `json:"role"`
	With      lifecycle.PartyID     `json:"with"`
}

// The roles of a party of a joint agreement.
const (
	RoleMain   = "main"
	RoleTenant = "tenant"
)

// Type returns "registered".
func (Registered) Type() string { return "registered" }

// Date returns the zero Date: registration has no date of its own.
func (Registered) Date() notice.Date { return notice.Date{} }

// Type returns "transition".
func (Transitioned) Type() string { return "transition" }

// Date returns the day of the transition.
func (e Transitioned) Date() notice.Date { return e.On }

// Type returns the act's identifier ("add-pharmacy").
func (e Acted) Type() string { return string(e.Act.EventID()) }

// Date returns the day of the act.
func (e Acted) Date() notice.Date { return e.On }

// Type returns "document-accepted".
func (DocumentAccepted) Type() string { return "document-accepted" }

// Date returns the day of acceptance.
func (e DocumentAccepted) Date() notice.Date { return e.On }

// Type returns "code-service-informed".
func (CodeServiceInformed) Type() string { return "code-service-informed" }

// Date returns the day the code service was informed.
func (e CodeServiceInformed) Date() notice.Date { return e.On }

// Type returns "commitment-received".
func (CommitmentReceived) Type() string { return "commitment-received" }

// Date returns the day of the transfer.
func (e CommitmentReceived) Date() notice.Date { return e.On }

// Type returns "joint-agreement-signed".
func (JointAgreementSigned) Type() string { return "joint-agreement-signed" }

// Date returns the day of signing.
func (e JointAgreementSigned) Date() notice.Date { return e.On }

type transitionJSON struct {
	On      notice.Date     `json:"on"`
	Machine string          `json:"machine"`
	Subject string          `json:"subject,omitempty"`
	Event   engine.EventID  `json:"event"`
	From    engine.State    `json:"from"`
	To      engine.State    `json:"to"`
	Data    json.RawMessage `json:"data,omitempty"`
}

// MarshalJSON writes the transition with its typed event's identifier and
// fields.
func (e Transitioned) MarshalJSON() ([]byte, error) {
	if e.Event == nil {
		return nil, fmt.Errorf("commitment: a transition without its event")
	}
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
	m, ok := decoders[t.Machine]
	if !ok {
		return fmt.Errorf("unknown machine %s", notice.Excerpt(t.Machine))
	}
	ev, err := m.DecodeEvent(t.Event, t.Data)
	if err != nil {
		return err
	}
	*e = Transitioned{On: t.On, Machine: t.Machine, Subject: t.Subject, Event: ev, From: t.From, To: t.To}
	return nil
}

// MarshalJSON writes the act's fields beside its day.
func (e Acted) MarshalJSON() ([]byte, error) {
	return withFields(map[string]any{"on": e.On}, e.Act)
}

// MarshalJSON writes the receiving day, the giving party and the history
// received.
func (e CommitmentReceived) MarshalJSON() ([]byte, error) {
	history, err := marshalHistory(e.History)
	if err != nil {
		return nil, err
	}
	return json.Marshal(struct {
		On      notice.Date       `json:"on"`
		From    lifecycle.PartyID `json:"from"`
		History []json.RawMessage `json:"history"`
	}{e.On, e.From, history})
}

// UnmarshalJSON reads what MarshalJSON wrote.
func (e *CommitmentReceived) UnmarshalJSON(b []byte) error {
	var v struct {
		On      notice.Date       `json:"on"`
		From    lifecycle.PartyID `json:"from"`
		History []json.RawMessage `json:"history"`
	}
	if err := strictJSON(b, &v); err != nil {
		return err
	}
	history, err := unmarshalHistory(v.History)
	if err != nil {
		return err
	}
	*e = CommitmentReceived{On: v.On, From: v.From, History: history}
	return nil
}

// withFields writes head's keys and then v's fields as one JSON object.
func withFields(head map[string]any, v any) ([]byte, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	for k, x := range head {
		b, err := json.Marshal(x)
		if err != nil {
			return nil, err
		}
		fields[k] = b
	}
	return json.Marshal(fields)
}

// decoders are the machines whose events a transition may hold, by name.
var decoders = map[string]interface {
	DecodeEvent(engine.EventID, json.RawMessage) (engine.Event, error)
}{
	lifecycle.ServiceMachine().Name():      lifecycle.ServiceMachine(),
	lifecycle.CustomershipMachine().Name(): lifecycle.CustomershipMachine(),
	lifecycle.AppMachine().Name():          lifecycle.AppMachine(),
	lifecycle.AgreementMachine().Name():    lifecycle.AgreementMachine(),
}

// MarshalEvent writes e as one JSON object whose "type" key, first, holds
// its stable type name.
func MarshalEvent(e Event) ([]byte, error) {
	if e == nil {
		return nil, fmt.Errorf("commitment: no event")
	}
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

// UnmarshalEvent reads an event written by MarshalEvent. Unknown types and
// unknown fields are refused.
func UnmarshalEvent(data []byte) (Event, error) {
	var head struct {
		Type string `json:"type"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	body, err := withoutType(data)
	if err != nil {
		return nil, fmt.Errorf("event: %w", err)
	}
	var e Event
	switch head.Type {
	case "registered":
		var v Registered
		err = strictJSON(body, &v)
		e = v
	case "transition":
		var v Transitioned
		err = v.UnmarshalJSON(body)
		e = v
	case "document-accepted":
		var v DocumentAccepted
		err = strictJSON(body, &v)
		e = v
	case "code-service-informed":
		var v CodeServiceInformed
		err = strictJSON(body, &v)
		e = v
	case "commitment-received":
		var v CommitmentReceived
		err = v.UnmarshalJSON(body)
		e = v
	case "joint-agreement-signed":
		var v JointAgreementSigned
		err = strictJSON(body, &v)
		e = v
	default:
		e, err = unmarshalActed(head.Type, body)
	}
	if err != nil {
		return nil, fmt.Errorf("event %s: %w", notice.Excerpt(head.Type), err)
	}
	return e, nil
}

// unmarshalActed reads an act on the commitment's own records, recorded
// under its identifier.
func unmarshalActed(typ string, body []byte) (Event, error) {
	proto, err := lifecycle.ActNamed(typ)
	if err != nil {
		return nil, fmt.Errorf("unknown event type")
	}
	if _, ok := lifecycle.CustomerActRule(proto.EventID()); !ok {
		return nil, fmt.Errorf("the act %s is recorded as a transition, not on its own", typ)
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		return nil, err
	}
	var on notice.Date
	if raw, ok := fields["on"]; ok {
		if err := json.Unmarshal(raw, &on); err != nil {
			return nil, err
		}
		delete(fields, "on")
	}
	rest, _ := json.Marshal(fields)
	act, err := decodeAct(proto, rest)
	if err != nil {
		return nil, err
	}
	return Acted{On: on, Act: act}, nil
}

// decodeAct decodes the fields of an act of proto's type.
func decodeAct(proto lifecycle.Act, data []byte) (lifecycle.Act, error) {
	p := reflect.New(reflect.TypeOf(proto))
	if err := strictJSON(data, p.Interface()); err != nil {
		return nil, err
	}
	return p.Elem().Interface().(lifecycle.Act), nil
}

// withoutType returns the object data without its "type" key.
func withoutType(data []byte) ([]byte, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	delete(fields, "type")
	return json.Marshal(fields)
}

// strictJSON decodes data into v, refusing unknown fields and trailing data.
func strictJSON(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("trailing data after the JSON value")
	}
	return nil
}

func marshalHistory(events []Event) ([]json.RawMessage, error) {
	out := make([]json.RawMessage, 0, len(events))
	for _, e := range events {
		b, err := MarshalEvent(e)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func unmarshalHistory(raw []json.RawMessage) ([]Event, error) {
	out := make([]Event, len(raw))
	for i, r := range raw {
		e, err := UnmarshalEvent(r)
		if err != nil {
			return nil, fmt.Errorf("history[%d]: %w", i, err)
		}
		out[i] = e
	}
	return out, nil
}
