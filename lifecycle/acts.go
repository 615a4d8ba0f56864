package lifecycle

import (
	"errors"
	"fmt"
	"strings"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
)

// Act is something a party does that the terms govern: a command. Each act
// is its own Go type, and the same value is the typed event that its
// machine records: EventID returns its stable identifier, the `do` of a
// scenario step and of a command sent to the service. Validate reports an
// act that is malformed whatever the state it meets (a missing field, an
// effective day before the day of the act) as an *InputError.
type Act interface {
	engine.Event
	Validate(on notice.Date) error
}

// The actors of the terms: who performs an act. Each act's definition names
// its actor, the diagrams show it, and the service lets a party perform
// only the acts whose actor it is.
const (
	ActorKela           = "kela"            // Kela, the register keeper
	ActorCustomer       = "customer"        // the customer whose commitment it is
	ActorAgreementParty = "agreement-party" // either party of a joint-connection agreement
	ActorMainConnector  = "main-connector"  // the main connector of a joint-connection agreement
	ActorAppVendor      = "app-vendor"      // the vendor of a wellbeing application
)

var (
	kela = engine.Actor{ID: ActorKela,
		// sv YLS "FPA".
		Label: engine.Label{En: "Kela", Fi: "Kela", Sv: "FPA"}}
	customer = engine.Actor{ID: ActorCustomer,
		// fi YTE 1 "asiakas"; sv YLS "kund".
		Label: engine.Label{En: "the customer", Fi: "asiakas", Sv: "kunden"}}
	agreementParty = engine.Actor{ID: ActorAgreementParty,
		// sv YLS 20 "vardera parten"; fi translation.
		Label: engine.Label{En: "either party", Fi: "kumpi tahansa osapuoli", Sv: "vardera parten"}}
	mainConnector = engine.Actor{ID: ActorMainConnector,
		// fi YTE 7 "pääliittyjä"; sv YLS "huvudanslutaren".
		Label: engine.Label{En: "the main connector", Fi: "pääliittyjä", Sv: "huvudanslutaren"}}
	appVendor = engine.Actor{ID: ActorAppVendor,
		// fi OTV 1.1 "sovellustoimittaja"; sv translation.
		Label: engine.Label{En: "the app vendor", Fi: "sovellustoimittaja", Sv: "applikationsleverantören"}}
	nobody = engine.Actor{}
)

// ActInfo describes an act: its identifier, its words, who performs it,
// the machine it runs on ("" for an act on the commitment's own records),
// and a zero value of its Go type.
type ActInfo struct {
	ID      engine.EventID
	Label   engine.Label
	Actor   engine.Actor
	Machine string
	Proto   Act
}

// Acts returns every act of the terms: those of the service, app and
// joint-agreement machines, in their order, then those on the commitment's
// own records.
func Acts() []ActInfo {
	var out []ActInfo
	for _, d := range []engine.Description{ServiceMachine().Describe(), AppMachine().Describe(), AgreementMachine().Describe()} {
		for _, e := range d.Events {
			if e.Actor.ID == "" {
				continue // time or the other machines bring it
			}
			out = append(out, ActInfo{ID: e.ID, Label: e.Label, Actor: e.Actor, Machine: d.Name, Proto: actPrototype(d.Name, e.ID)})
		}
	}
	for _, a := range customerActs {
		out = append(out, ActInfo{ID: a.proto.EventID(), Label: a.label, Actor: a.actor, Proto: a.proto})
	}
	return out
}

// ActNamed returns a zero value of the act with identifier id, or an
// *engine.UnknownError listing the acts.
func ActNamed(id string) (Act, error) {
	acts := Acts()
	for _, a := range acts {
		if string(a.ID) == id {
			return a.Proto, nil
		}
	}
	ids := make([]engine.EventID, len(acts))
	for i, a := range acts {
		ids[i] = a.ID
	}
	_, err := engine.ParseEnum("act", id, ids)
	return nil, err
}

func actPrototype(machine string, id engine.EventID) Act {
	var e engine.Event
	switch machine {
	case ServiceMachine().Name():
		e, _ = ServiceMachine().Prototype(id)
	case AppMachine().Name():
		e, _ = AppMachine().Prototype(id)
	case AgreementMachine().Name():
		e, _ = AgreementMachine().Prototype(id)
	}
	a, _ := e.(Act)
	return a
}

// InputError reports an act or a value that is malformed rather than
// refused by the terms: an unknown service, a missing field, a day out of
// order. Nothing was changed.
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error says which field was malformed, with the offending value shortened
// if it is long.
func (e *InputError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("%s %s: %s", e.Field, notice.Excerpt(e.Value), e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Field, e.Reason)
}

// missing returns the *InputError of a field an act needs and lacks.
func missing(field, what string) error {
	return &InputError{Field: field, Reason: what}
}

// known returns an *InputError unless value parses with parse.
func known[T ~string](field string, value T, parse func(string) (T, error)) error {
	_, err := parse(string(value))
	if err == nil {
		return nil
	}
	var u *engine.UnknownError
	switch {
	case errors.As(err, &u):
		return &InputError{Field: field, Value: string(value), Reason: fmt.Sprintf("unknown %s (known: %s)", u.What, strings.Join(u.Known, ", "))}
	case err != nil:
		return &InputError{Field: field, Value: string(value), Reason: err.Error()}
	}
	return nil
}

// oneOrAll checks the service or all of an act that can name either.
func oneOrAll(service ServiceID, all bool) error {
	switch {
	case all && service != "":
		return &InputError{Field: "service", Value: string(service), Reason: "name one service or all, not both"}
	case !all && service == "":
		return missing("service", "the act names a service (or all)")
	}
	return nil
}
