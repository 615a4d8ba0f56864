package commitment

import (
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// Customer is the organisation that holds the commitment (asiakas, YTE 1,
// REK): its stable identifier (a business ID or another token of the
// caller's), its name, its kind and whether it is registered in the Soteri
// register of service providers (YLS 1).
type Customer struct {
	ID     lifecycle.PartyID `json:"id"`
	Name   string            `json:"name,omitempty"`
	Kind   lifecycle.Kind    `json:"kind"`
	Soteri bool              `json:"soteri,omitempty"`
}

// MaxIDLength bounds the identifiers of parties, apps and agreements.
const MaxIDLength = 128

// ValidID reports an identifier that is empty, longer than MaxIDLength, not
// UTF-8, or holds a control character or a space, as an *InputError naming
// field.
func ValidID(field, id string) error {
	switch {
	case id == "":
		return &lifecycle.InputError{Field: field, Reason: "an identifier is needed"}
	case len(id) > MaxIDLength:
		return &lifecycle.InputError{Field: field, Value: id, Reason: fmt.Sprintf("an identifier has at most %d bytes", MaxIDLength)}
	case !utf8.ValidString(id):
		return &lifecycle.InputError{Field: field, Value: id, Reason: "an identifier is UTF-8 text"}
	}
	for _, r := range id {
		if unicode.IsControl(r) || unicode.IsSpace(r) || r == '/' {
			return &lifecycle.InputError{Field: field, Value: id, Reason: "an identifier has no spaces, control characters or slashes"}
		}
	}
	return nil
}

func (c Customer) validate() error {
	if err := ValidID("customer.id", string(c.ID)); err != nil {
		return err
	}
	if c.ID == Kela {
		return &lifecycle.InputError{Field: "customer.id", Value: string(c.ID), Reason: "the name of the register's keeper, under which Kela's own duties are listed"}
	}
	if !c.Kind.Valid() {
		_, err := lifecycle.ParseKind(string(c.Kind))
		return &lifecycle.InputError{Field: "customer.kind", Value: string(c.Kind), Reason: err.Error()}
	}
	return nil
}

// roleAllowed returns nil when a customer of kind, with the given uses, may
// name a contact in role (P1, REK): anyone may name disruption-notice and
// communications contacts; a system vendor (and an app vendor, OTV 3.3.1)
// its development, maintenance and joint-testing contacts; a Kanta
// intermediary its connection-point contacts; a customer taking services
// into use its administrative, technical, data protection and billing
// contacts, and the archivist or imaging contact of the repository it uses.
// A customer may have several contacts in a role, including several
// archivists, and one person may be the archivist of several customers
// (SAT).
func roleAllowed(role lifecycle.ContactRole, kind lifecycle.Kind, uses []lifecycle.ServiceUse) *engine.Unmet {
	hasService := func(id lifecycle.ServiceID) bool {
		for i := range uses {
			u := &uses[i]
			if (id == "" || u.Service == id) && (u.Applying() || u.InUse()) {
				return true
			}
		}
		return false
	}
	var ok bool
	var needs string
	switch role {
	case lifecycle.DisruptionNotice, lifecycle.Communications:
		ok = true
	case lifecycle.Development, lifecycle.Maintenance, lifecycle.JointTestingContact:
		ok, needs = kind == lifecycle.SystemVendor || kind == lifecycle.AppVendor, "a system or app vendor"
	case lifecycle.ConnectionPoint:
		ok, needs = kind == lifecycle.KantaIntermediary, "a Kanta intermediary"
	case lifecycle.Administrative, lifecycle.Technical, lifecycle.DataProtectionOfficer, lifecycle.Billing:
		ok, needs = hasService("") || kind == lifecycle.AppVendor, "a customer taking a service into use"
	case lifecycle.PatientDataArchivist:
		ok, needs = hasService(lifecycle.PatientDataRepository), "a customer using the patient data repository"
	case lifecycle.SocialWelfareArchivist:
		ok, needs = hasService(lifecycle.SocialWelfareClientDataRepository), "a customer using the social welfare client data repository"
	case lifecycle.ImagingTechnical:
		ok, needs = hasService(lifecycle.ImagingDataRepository), "a customer using the imaging data repository"
	default:
		return &engine.Unmet{Rule: rules.P1, Reason: "unknown contact role", Input: string(role)}
	}
	if ok {
		return nil
	}
	return &engine.Unmet{Rule: rules.P1, Reason: fmt.Sprintf("a %s contact is named by %s", role, needs), Input: string(role)}
}
