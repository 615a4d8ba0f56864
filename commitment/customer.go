package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
)

// Customer is the organisation that holds the commitment (asiakas, YTE 1,
// REK): its stable identifier (a business ID or another token of the
// caller's), its name, its kind (SPEC §1) and whether it is registered in the
// Soteri register of service providers (YLS 1).
type Customer struct {
	ID     string         `json:"id"`
	Name   string         `json:"name,omitempty"`
	Kind   lifecycle.Kind `json:"kind"`
	Soteri bool           `json:"soteri,omitempty"`
}

func (c Customer) validate() error {
	if c.ID == "" {
		return &InputError{Field: "customer.id", Reason: "a customer needs an identifier"}
	}
	if !c.Kind.Valid() {
		_, err := lifecycle.ParseKind(string(c.Kind))
		return &InputError{Field: "customer.kind", Value: string(c.Kind), Reason: err.Error()}
	}
	return nil
}

// ContactRole is the role in which a customer names a contact person or
// point (yhteyshenkilön rooli, REK).
type ContactRole string

// Contact roles of REK.
const (
	Administrative         ContactRole = "administrative"           // hallinnollinen yhteyshenkilö
	Technical              ContactRole = "technical"                // tekninen yhteyshenkilö tai -organisaatio
	DataProtectionOfficer  ContactRole = "data-protection-officer"  // tietosuojavastaava
	PatientDataArchivist   ContactRole = "patient-data-archivist"   // Potilastietovarannon arkistonhoitaja
	SocialWelfareArchivist ContactRole = "social-welfare-archivist" // Sosiaalihuollon asiakastietovarannon arkistonhoitaja
	Billing                ContactRole = "billing"                  // laskutuksen yhteyshenkilö
	DisruptionNotice       ContactRole = "disruption-notice"        // häiriötiedotteen vastaanottaja
	ImagingTechnical       ContactRole = "imaging-technical"        // Kuva-aineistojen tietovarannon tekninen yhteystaho
	Development            ContactRole = "development"              // system vendor: development
	Maintenance            ContactRole = "maintenance"              // system vendor: maintenance
	JointTestingContact    ContactRole = "joint-testing"            // system vendor: joint testing
	ConnectionPoint        ContactRole = "connection-point"         // Kanta intermediary: connection points
	Communications         ContactRole = "communications"           // anyone: communications
)

// ContactRoles returns every contact role.
func ContactRoles() []ContactRole {
	return []ContactRole{
		Administrative, Technical, DataProtectionOfficer, PatientDataArchivist, SocialWelfareArchivist,
		Billing, DisruptionNotice, ImagingTechnical, Development, Maintenance, JointTestingContact,
		ConnectionPoint, Communications,
	}
}

// Contact is a contact person or point named in a role.
type Contact struct {
	Role  ContactRole `json:"role"`
	Name  string      `json:"name"`
	Email string      `json:"email,omitempty"`
	Phone string      `json:"phone,omitempty"`
}

// roleAllowed returns nil when a customer of kind, with the given uses, may
// name a contact in role (P1, REK): anyone may name disruption-notice and
// communications contacts; a system vendor (and an app vendor, OTV 3.3.1)
// its development, maintenance and joint-testing contacts; a Kanta
// intermediary its connection-point contacts; a customer taking services
// into use its administrative, technical, data protection and billing
// contacts, and the archivist or imaging contact of the repository it uses.
// A customer may have several contacts in a role, including several
// archivists, and one person may be the archivist of several customers (SAT).
func roleAllowed(role ContactRole, kind lifecycle.Kind, uses []lifecycle.ServiceUse) *lifecycle.Unmet {
	hasService := func(id lifecycle.ServiceID) bool {
		for _, u := range uses {
			if u.Service == id && (u.Applying() || u.InUse()) {
				return true
			}
		}
		return id == "" && anyService(uses)
	}
	var ok bool
	var needs string
	switch role {
	case DisruptionNotice, Communications:
		ok = true
	case Development, Maintenance, JointTestingContact:
		ok, needs = kind == lifecycle.SystemVendor || kind == lifecycle.AppVendor, "a system or app vendor"
	case ConnectionPoint:
		ok, needs = kind == lifecycle.KantaIntermediary, "a Kanta intermediary"
	case Administrative, Technical, DataProtectionOfficer, Billing:
		ok, needs = hasService("") || kind == lifecycle.AppVendor, "a customer taking a service into use"
	case PatientDataArchivist:
		ok, needs = hasService(lifecycle.PatientDataRepository), "a customer using the patient data repository"
	case SocialWelfareArchivist:
		ok, needs = hasService(lifecycle.SocialWelfareClientDataRepository), "a customer using the social welfare client data repository"
	case ImagingTechnical:
		ok, needs = hasService(lifecycle.ImagingDataRepository), "a customer using the imaging data repository"
	default:
		return &lifecycle.Unmet{Reason: "unknown contact role", Input: string(role)}
	}
	if ok {
		return nil
	}
	return &lifecycle.Unmet{Reason: fmt.Sprintf("a %s contact is named by %s", role, needs), Input: string(role)}
}

func anyService(uses []lifecycle.ServiceUse) bool {
	for _, u := range uses {
		if u.Applying() || u.InUse() {
			return true
		}
	}
	return false
}
