package lifecycle

import (
	"slices"

	"github.com/kantakit/kanta/engine"
)

// The identifiers in this file are stable: the same strings appear in code,
// JSON, scenario files, diagrams and the command line. Each enumeration has a
// constructor that lists its values and a Parse function that refuses
// anything else with an *engine.UnknownError.

// PartyID identifies a party of Kela's customer register: a customer, by a
// business ID or another token of the caller's.
type PartyID string

// AppID identifies a wellbeing application of an app vendor.
type AppID string

// AgreementID identifies a joint-connection agreement.
type AgreementID string

// ServiceID identifies a Kanta service. The nine built-in services
// have constants; a catalogue may add services of its own.
type ServiceID string

// The Kanta services.
const (
	Prescription                      ServiceID = "prescription"                          // Resepti
	PatientDataRepository             ServiceID = "patient-data-repository"               // Potilastietovaranto
	SocialWelfareClientDataRepository ServiceID = "social-welfare-client-data-repository" // Sosiaalihuollon asiakastietovaranto (SAT)
	ImagingDataRepository             ServiceID = "imaging-data-repository"               // Kuva-aineistojen tietovaranto
	ConsentService                    ServiceID = "consent-service"                       // Tahdonilmaisupalvelu
	Kelain                            ServiceID = "kelain"                                // Kelain
	MyDataRepository                  ServiceID = "my-data-repository"                    // Omatietovaranto (OTV)
	MedicinesDatabase                 ServiceID = "medicines-database"                    // Lääketietokanta
	CustomerTestService               ServiceID = "customer-test-service"                 // Kanta-asiakastestipalvelu
)

// Services returns the built-in Kanta services, in a fixed order.
func Services() []ServiceID {
	return []ServiceID{
		Prescription, PatientDataRepository, SocialWelfareClientDataRepository,
		ImagingDataRepository, ConsentService, Kelain, MyDataRepository,
		MedicinesDatabase, CustomerTestService,
	}
}

// ParseService returns the built-in service with identifier s.
func ParseService(s string) (ServiceID, error) { return engine.ParseEnum("service", s, Services()) }

// Valid reports whether id is a built-in service.
func (id ServiceID) Valid() bool { return slices.Contains(Services(), id) }

// Kind is the kind of a customer (YTE 1, REK). It decides which
// services the customer may use and which rules apply to it.
type Kind string

// Customer kinds.
const (
	PublicHealthCareProvider      Kind = "public-health-care-provider"     // YTE 1
	PrivateHealthCareProvider     Kind = "private-health-care-provider"    // YTE 1
	PublicSocialWelfareProvider   Kind = "public-social-welfare-provider"  // YTE 1, SAT
	PrivateSocialWelfareProvider  Kind = "private-social-welfare-provider" // YTE 1, SAT
	Pharmacist                    Kind = "pharmacist"                      // YTE 1, YTE 7: one commitment covers all pharmacies held
	HospitalPharmacy              Kind = "hospital-pharmacy"               // YTE 1
	AlandProvider                 Kind = "aland-provider"                  // YTE 1: social or health care provider in Åland
	IndependentPractitioner       Kind = "independent-practitioner"        // REK: doctor or dentist using Kelain
	SystemVendor                  Kind = "system-vendor"                   // REK: customer test service, joint testing
	AppVendor                     Kind = "app-vendor"                      // REK, OTV: wellbeing application vendor
	KantaIntermediary             Kind = "kanta-intermediary"              // REK, YTE 3.8: Kanta-välittäjä
	MedicinesDatabaseIntermediary Kind = "medicines-database-intermediary" // REK: Lääketietokannan välittäjä
	OtherActor                    Kind = "other"                           // YTE 1, REK
)

// Kinds returns every customer kind, health care providers first.
func Kinds() []Kind {
	return []Kind{
		PublicHealthCareProvider, PrivateHealthCareProvider, PublicSocialWelfareProvider,
		PrivateSocialWelfareProvider, Pharmacist, HospitalPharmacy, AlandProvider,
		IndependentPractitioner, SystemVendor, AppVendor, KantaIntermediary,
		MedicinesDatabaseIntermediary, OtherActor,
	}
}

// ParseKind returns the customer kind with identifier s.
func ParseKind(s string) (Kind, error) { return engine.ParseEnum("customer kind", s, Kinds()) }

// Valid reports whether k is one of Kinds.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Signatory says on what authority the person who signed a commitment signs
// it (YTE 7, OTV 8).
type Signatory string

// Signing authorities. The first four hold the signing right themselves; an
// Authorised signatory was authorised by someone who does; NoSignatory
// records a commitment without a valid signature.
const (
	TradeRegister        Signatory = "trade-register"         // kaupparekisteriote
	FoundationRegister   Signatory = "foundation-register"    // säätiörekisteriote
	AssociationRegister  Signatory = "association-register"   // yhdistysrekisteriote
	GoverningBodyMinutes Signatory = "governing-body-minutes" // hallintoelimen pöytäkirjanote
	Authorised           Signatory = "authorised"             // nimenkirjoitusoikeudellisen valtuuttama
	NoSignatory          Signatory = "none"
)

// Signatories returns every signing authority.
func Signatories() []Signatory {
	return []Signatory{TradeRegister, FoundationRegister, AssociationRegister, GoverningBodyMinutes, Authorised, NoSignatory}
}

// ParseSignatory returns the signing authority with identifier s.
func ParseSignatory(s string) (Signatory, error) {
	return engine.ParseEnum("signatory", s, Signatories())
}

// HoldsSigningRight reports whether the signatory holds the signing right by a
// register extract or minutes, rather than by authorisation (YTE 7, OTV 8).
func (s Signatory) HoldsSigningRight() bool {
	switch s {
	case TradeRegister, FoundationRegister, AssociationRegister, GoverningBodyMinutes:
		return true
	}
	return false
}

// Document is a customer document that a customer accepts (YTE 7, YTE 8).
type Document string

// Customer documents.
const (
	CommitmentDocument Document = "commitment"          // sitoumus Kanta-palvelujen asiakkuuteen
	GeneralTerms       Document = "general-terms"       // yleiset toimitusehdot (YTE)
	ServiceDescription Document = "service-description" // palvelukuvaus
)

// Documents returns the documents a customer can accept.
func Documents() []Document { return []Document{CommitmentDocument, GeneralTerms, ServiceDescription} }

// ParseDocument returns the document with identifier s.
func ParseDocument(s string) (Document, error) { return engine.ParseEnum("document", s, Documents()) }

// SuspensionReason is why a service's connection was closed (S4, YTE 5).
type SuspensionReason string

// Suspension reasons of YTE 5.
const (
	Endangers           SuspensionReason = "endangers"            // the system or organisation endangers the national services
	LicenceRevoked      SuspensionReason = "licence-revoked"      // toimilupa poistettu
	OperationProhibited SuspensionReason = "operation-prohibited" // toiminta kielletty tai määrätty keskeytettäväksi
	ValviraProhibition  SuspensionReason = "valvira-prohibition"  // Valvira prohibits the system's use
)

// suspensionReasons is the one list of the reasons, in YTE 5's order; the
// package reads it without copying it, and never writes it.
var suspensionReasons = [...]SuspensionReason{Endangers, LicenceRevoked, OperationProhibited, ValviraProhibition}

// SuspensionReasons returns every suspension reason.
func SuspensionReasons() []SuspensionReason {
	return append([]SuspensionReason(nil), suspensionReasons[:]...)
}

// ParseSuspensionReason returns the suspension reason with identifier s.
func ParseSuspensionReason(s string) (SuspensionReason, error) {
	return engine.ParseEnum("suspension reason", s, suspensionReasons[:])
}

// TerminationReason is the change on which a customer terminates the use of
// services (C9, C10, YTE 7.1).
type TerminationReason string

// Termination reasons. The first four are the changes YTE 7.1 names; the
// last two are the grounds on which a statutory service may be given up (C10).
const (
	CeasingOperations     TerminationReason = "ceasing-operations"      // toiminnan lopettaminen
	Reorganisation        TerminationReason = "reorganisation"          // uudelleenjärjestäminen
	BusinessAcquisition   TerminationReason = "business-acquisition"    // yrityskauppa
	OtherChange           TerminationReason = "other-change"            // muu muutostilanne
	ObligationLapsed      TerminationReason = "obligation-lapsed"       // the statutory obligation no longer applies
	ConnectionModelChange TerminationReason = "connection-model-change" // moves to another connection model
)

// TerminationReasons returns every termination reason.
func TerminationReasons() []TerminationReason {
	return []TerminationReason{CeasingOperations, Reorganisation, BusinessAcquisition, OtherChange, ObligationLapsed, ConnectionModelChange}
}

// ParseTerminationReason returns the termination reason with identifier s.
func ParseTerminationReason(s string) (TerminationReason, error) {
	return engine.ParseEnum("termination reason", s, TerminationReasons())
}

// Contacts, REK: the roles in which a customer names its contact persons
// and points.

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

// ParseContactRole returns the contact role with identifier s.
func ParseContactRole(s string) (ContactRole, error) {
	return engine.ParseEnum("contact role", s, ContactRoles())
}

// Contact is a contact person or point named in a role.
type Contact struct {
	Role  ContactRole `json:"role"`
	Name  string      `json:"name"`
	Email string      `json:"email,omitempty"`
	Phone string      `json:"phone,omitempty"`
}
