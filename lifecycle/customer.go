package lifecycle

import (
	"fmt"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Acts on the commitment's own records: they move no machine, and the
// commitment records each as it is.
type (
	// TransferCommitment transfers the commitment, with its customership and
	// services, to the party To. Kela's consent is required (C5).
	TransferCommitment struct {
		To          PartyID `json:"to"`
		KelaConsent bool    `json:"kela_consent"`
	}
	// AddPharmacy adds a pharmacy (or branch pharmacy) to those a
	// pharmacist's commitment covers; no new commitment is needed (C6).
	AddPharmacy struct {
		Pharmacy string `json:"pharmacy"`
	}
	// NameContact names a contact person or point in a role (P1, REK).
	NameContact struct {
		Role  ContactRole `json:"role"`
		Name  string      `json:"name"`
		Email string      `json:"email,omitempty"`
		Phone string      `json:"phone,omitempty"`
	}
	// RemoveContact removes the contact named Name from Role, for example
	// because it is no longer valid (R10: it may be deleted at once).
	RemoveContact struct {
		Role ContactRole `json:"role"`
		Name string      `json:"name"`
	}
	// NotifyChange notifies Kela of a change under one of the notice rules
	// that have no act of their own: technical-change,
	// cessation-of-operations and maintenance-break (with their periods),
	// and large-disruption, contact-change and data-breach (without one).
	// The act's day is the day the notice reached Kela; Effective is the day
	// the change takes effect, required for the rules with a period. A late
	// notification is not an invalid act but a breach of the duty to
	// notify: it is accepted and recorded as late.
	NotifyChange struct {
		Rule      rules.Rule  `json:"rule"`
		Effective notice.Date `json:"effective,omitzero"`
		Details   string      `json:"details,omitempty"`
	}
)

// EventID returns "transfer-commitment".
func (TransferCommitment) EventID() engine.EventID { return "transfer-commitment" }

// EventID returns "add-pharmacy".
func (AddPharmacy) EventID() engine.EventID { return "add-pharmacy" }

// EventID returns "name-contact".
func (NameContact) EventID() engine.EventID { return "name-contact" }

// EventID returns "remove-contact".
func (RemoveContact) EventID() engine.EventID { return "remove-contact" }

// EventID returns "notify-change".
func (NotifyChange) EventID() engine.EventID { return "notify-change" }

// Contact returns the contact the act names.
func (a NameContact) Contact() Contact {
	return Contact{Role: a.Role, Name: a.Name, Email: a.Email, Phone: a.Phone}
}

// Validate checks that the transfer names the receiving party.
func (a TransferCommitment) Validate(notice.Date) error {
	if a.To == "" {
		return missing("to", "a transfer names the party that receives the commitment")
	}
	return nil
}

// Validate checks that the pharmacy has a name.
func (a AddPharmacy) Validate(notice.Date) error {
	if a.Pharmacy == "" {
		return missing("pharmacy", "the pharmacy needs a name")
	}
	return nil
}

// Validate checks the role and the name.
func (a NameContact) Validate(notice.Date) error {
	if err := known("role", a.Role, ParseContactRole); err != nil {
		return err
	}
	if a.Name == "" {
		return missing("name", "a contact needs a name")
	}
	return nil
}

// Validate checks the role and the name.
func (a RemoveContact) Validate(notice.Date) error {
	if err := known("role", a.Role, ParseContactRole); err != nil {
		return err
	}
	if a.Name == "" {
		return missing("name", "the act names the contact to remove")
	}
	return nil
}

// Validate checks the notice rule: one of the rules without an act of its
// own, with the effective day its period needs.
func (a NotifyChange) Validate(notice.Date) error {
	r, err := notice.LookupRule(a.Rule)
	if err != nil {
		return &InputError{Field: "rule", Value: string(a.Rule), Reason: err.Error()}
	}
	if r.Late == notice.LateRefused {
		return &InputError{Field: "rule", Value: string(a.Rule),
			Reason: "a termination or withdrawal has its own act (give-termination-notice, give-app-withdrawal-notice, give-joint-agreement-notice)"}
	}
	if r.HasPeriod() && a.Effective.IsZero() {
		return &InputError{Field: "effective", Reason: fmt.Sprintf("a %s notice names the day the change takes effect", r.ID)}
	}
	return nil
}

// customerAct declares an act on the commitment's own records: its words,
// who performs it and the rule that governs it.
type customerAct struct {
	proto Act
	label engine.Label
	actor engine.Actor
	rule  rules.Rule
}

// customerActs are the acts on the commitment's own records.
var customerActs = []customerAct{
	// fi YTE 7 "sitoumusta ei voi siirtää kolmannelle osapuolelle ilman
	// Kelan suostumusta"; sv translation.
	{TransferCommitment{}, engine.Label{En: "commitment transferred", Fi: "sitoumuksen siirto", Sv: "överlåtelse av förbindelsen"}, customer, rules.C5},
	// fi YTE 7 "apteekkarin hallussa olevat apteekit"; sv translation.
	{AddPharmacy{}, engine.Label{En: "pharmacy added", Fi: "apteekki lisätty", Sv: "apotek tillagt"}, customer, rules.C6},
	// fi REK "yhteyshenkilö"; sv translation.
	{NameContact{}, engine.Label{En: "contact named", Fi: "yhteyshenkilö nimetty", Sv: "kontaktperson utsedd"}, customer, rules.P1},
	{RemoveContact{}, engine.Label{En: "contact removed", Fi: "yhteyshenkilö poistettu", Sv: "kontaktperson borttagen"}, customer, rules.R10},
	// fi YTE 3.8 "ilmoittaa muutoksista"; sv translation.
	{NotifyChange{}, engine.Label{En: "change notified", Fi: "muutoksesta ilmoitettu", Sv: "ändring anmäld"}, customer, rules.ContactChange},
}

// CustomerActRule returns the rule that governs an act on the commitment's
// own records, and false for any other act.
func CustomerActRule(id engine.EventID) (rules.Rule, bool) {
	for _, a := range customerActs {
		if a.proto.EventID() == id {
			return a.rule, true
		}
	}
	return "", false
}
