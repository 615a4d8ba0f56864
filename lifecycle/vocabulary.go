package lifecycle

import (
	"fmt"
	"slices"
	"strings"
)

// The identifiers in this file are stable: the same strings appear in code,
// JSON, scenario files, diagrams and the command line (SPEC §1, §2, §10).
// Each enumeration has a constructor that lists its values, a Parse function
// that refuses anything else with an *UnknownError, and a Valid method.

// ServiceID identifies a Kanta service (SPEC §2). The nine built-in services
// have constants; a catalogue may add services of its own.
type ServiceID string

// The Kanta services of SPEC §2.
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

// Services returns the built-in services in the order of SPEC §2.
func Services() []ServiceID {
	return []ServiceID{
		Prescription, PatientDataRepository, SocialWelfareClientDataRepository,
		ImagingDataRepository, ConsentService, Kelain, MyDataRepository,
		MedicinesDatabase, CustomerTestService,
	}
}

// ParseService returns the built-in service with identifier s.
func ParseService(s string) (ServiceID, error) { return parseEnum("service", s, Services()) }

// Valid reports whether id is a built-in service.
func (id ServiceID) Valid() bool { return slices.Contains(Services(), id) }

// Kind is the kind of a customer (SPEC §1, YTE 1, REK). It decides which
// services the customer may use and which rules apply to it.
type Kind string

// Customer kinds of SPEC §1.
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

// Kinds returns every customer kind in the order of SPEC §1.
func Kinds() []Kind {
	return []Kind{
		PublicHealthCareProvider, PrivateHealthCareProvider, PublicSocialWelfareProvider,
		PrivateSocialWelfareProvider, Pharmacist, HospitalPharmacy, AlandProvider,
		IndependentPractitioner, SystemVendor, AppVendor, KantaIntermediary,
		MedicinesDatabaseIntermediary, OtherActor,
	}
}

// ParseKind returns the customer kind with identifier s.
func ParseKind(s string) (Kind, error) { return parseEnum("customer kind", s, Kinds()) }

// Valid reports whether k is a customer kind of SPEC §1.
func (k Kind) Valid() bool { return slices.Contains(Kinds(), k) }

// Signatory says on what authority the person who signed a commitment signs
// it (YTE 7, OTV 8).
type Signatory string

// Signing authorities. The first four hold the signing right themselves; an
// Authorised signatory was authorised by someone who does; None records a
// commitment without a valid signature.
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
func ParseSignatory(s string) (Signatory, error) { return parseEnum("signatory", s, Signatories()) }

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
func ParseDocument(s string) (Document, error) { return parseEnum("document", s, Documents()) }

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
	return parseEnum("suspension reason", s, suspensionReasons[:])
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
	return parseEnum("termination reason", s, TerminationReasons())
}

// UnknownError reports an identifier that is not one of the stable values of
// its enumeration. Value is the offending input; Known lists what is accepted.
type UnknownError struct {
	What  string
	Value string
	Known []string
}

// Error names the unknown value and lists the known ones.
func (e *UnknownError) Error() string {
	return fmt.Sprintf("unknown %s %q (known: %s)", e.What, e.Value, strings.Join(e.Known, ", "))
}

func parseEnum[T ~string](what, s string, known []T) (T, error) {
	for _, k := range known {
		if string(k) == s {
			return k, nil
		}
	}
	names := make([]string, len(known))
	for i, k := range known {
		names[i] = string(k)
	}
	return "", &UnknownError{What: what, Value: s, Known: names}
}
