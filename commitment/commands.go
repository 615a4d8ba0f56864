package commitment

import (
	"fmt"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Command is a typed command to a Commitment. Name returns its stable
// identifier, the `do` of a scenario step (SPEC §10).
type Command interface {
	Name() string
}

// RequestService applies to take Service into use (S1): signed by Signatory,
// accepting the documents in Accepts. The first request of a customership
// carries the commitment and accepts the general terms too (C1); later ones
// need only the service description (C2). It delivers the data the service
// needs (S2). With OrgUnit set for a service already requested or in use, it
// extends the use to that part of the organisation, where the general terms
// and the service description must be accepted again (C13).
type RequestService struct {
	Service   lifecycle.ServiceID
	Signatory lifecycle.Signatory
	Accepts   []lifecycle.Document
	OrgUnit   string
}

// PassJointTesting records that the customer's system passed Kela's joint
// testing of Service and meets the requirements for social and health care
// information systems (S2).
type PassJointTesting struct{ Service lifecycle.ServiceID }

// PassActivationTest records a successful activation test of Service (S2).
type PassActivationTest struct{ Service lifecycle.ServiceID }

// ApproveService is Kela's notice that the customer is approved as a user of
// Service (C3). Approval also informs THL's code service, or Fimea for a
// pharmacy (S2, YTE 2.5).
type ApproveService struct{ Service lifecycle.ServiceID }

// WithdrawApplication withdraws the application for Service before its
// approval (C12).
type WithdrawApplication struct{ Service lifecycle.ServiceID }

// SuspendService closes the connection to Service, or with All to every
// service in use, for Reason (S4).
type SuspendService struct {
	Service lifecycle.ServiceID
	All     bool
	Reason  lifecycle.SuspensionReason
}

// DemonstrateCorrection is the customer's reliable demonstration that the
// situation behind the suspension of Service (or with All, of every suspended
// service) is corrected (S4).
type DemonstrateCorrection struct {
	Service lifecycle.ServiceID
	All     bool
}

// GiveTerminationNotice is the customer's written termination of Service, or
// with All of every service in use and with them the customership (C9). The
// command's day is the day the notice reached Kela; Effective is the first day
// without the service. It is refused, changing nothing, when the notice is
// late for any service it covers (S5, S5b).
type GiveTerminationNotice struct {
	Service   lifecycle.ServiceID
	All       bool
	Effective notice.Date
	Reason    lifecycle.TerminationReason
}

// TerminateByAuthority is Kanta's termination of Service, or with All of the
// whole customership, on an authority's notice that prevents the use (C11).
// It takes effect on Effective when that is later than the command's day,
// otherwise at once (S7).
type TerminateByAuthority struct {
	Service   lifecycle.ServiceID
	All       bool
	Effective notice.Date
}

// TransferCommitment transfers the commitment, with its customership and
// services, to To. Kela's consent is required (C5).
type TransferCommitment struct {
	To          Customer
	KelaConsent bool
}

// AddPharmacy adds a pharmacy (or branch pharmacy) to those a pharmacist's
// commitment covers; no new commitment is needed (C6).
type AddPharmacy struct{ Pharmacy string }

// NameContact names a contact in a role (P1, REK).
type NameContact struct{ Contact Contact }

// RemoveContact removes the contact named Person from Role, for example
// because it is no longer valid (R10: it may be deleted at once).
type RemoveContact struct {
	Role   ContactRole
	Person string
}

// Name returns "request-service".
func (RequestService) Name() string { return "request-service" }

// Name returns "pass-joint-testing".
func (PassJointTesting) Name() string { return "pass-joint-testing" }

// Name returns "pass-activation-test".
func (PassActivationTest) Name() string { return "pass-activation-test" }

// Name returns "approve-service".
func (ApproveService) Name() string { return "approve-service" }

// Name returns "withdraw-application".
func (WithdrawApplication) Name() string { return "withdraw-application" }

// Name returns "suspend-service".
func (SuspendService) Name() string { return "suspend-service" }

// Name returns "demonstrate-correction".
func (DemonstrateCorrection) Name() string { return "demonstrate-correction" }

// Name returns "give-termination-notice".
func (GiveTerminationNotice) Name() string { return "give-termination-notice" }

// Name returns "terminate-by-authority".
func (TerminateByAuthority) Name() string { return "terminate-by-authority" }

// Name returns "transfer-commitment".
func (TransferCommitment) Name() string { return "transfer-commitment" }

// Name returns "add-pharmacy".
func (AddPharmacy) Name() string { return "add-pharmacy" }

// Name returns "name-contact".
func (NameContact) Name() string { return "name-contact" }

// Name returns "remove-contact".
func (RemoveContact) Name() string { return "remove-contact" }

// InputError reports a command or value that is malformed rather than
// refused by the terms: an unknown service, a missing field, a date before the
// commitment's last event. Nothing was changed.
type InputError struct {
	Field  string
	Value  string
	Reason string
}

// Error says which field was malformed, with the offending value.
func (e *InputError) Error() string {
	if e.Value != "" {
		return fmt.Sprintf("commitment: %s %q: %s", e.Field, e.Value, e.Reason)
	}
	return fmt.Sprintf("commitment: %s: %s", e.Field, e.Reason)
}
