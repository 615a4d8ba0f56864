package rules

// The customership (asiakkuus).
const (
	C1  Rule = "C1"
	C2  Rule = "C2"
	C3  Rule = "C3"
	C4  Rule = "C4"
	C5  Rule = "C5"
	C6  Rule = "C6"
	C7  Rule = "C7"
	C8  Rule = "C8"
	C9  Rule = "C9"
	C10 Rule = "C10"
	C11 Rule = "C11"
	C12 Rule = "C12"
	C13 Rule = "C13"
	C14 Rule = "C14"
)

// The use of one service.
const (
	S1  Rule = "S1"
	S2  Rule = "S2"
	S2b Rule = "S2b"
	S3  Rule = "S3"
	S4  Rule = "S4"
	S5  Rule = "S5"
	S5b Rule = "S5b"
	S6  Rule = "S6"
	S7  Rule = "S7"
)

// The joint-connection agreement (yhteisliittymismalli).
const (
	J1  Rule = "J1"
	J1b Rule = "J1b"
	J2  Rule = "J2"
	J3  Rule = "J3"
	J4  Rule = "J4"
	J5  Rule = "J5"
	J6  Rule = "J6"
	J7  Rule = "J7"
	J8  Rule = "J8"
	J9  Rule = "J9"
	J10 Rule = "J10"
)

// The wellbeing application connected to Omatietovaranto.
const (
	A1  Rule = "A1"
	A2  Rule = "A2"
	A3  Rule = "A3"
	A4  Rule = "A4"
	A5  Rule = "A5"
	A6  Rule = "A6"
	A6b Rule = "A6b"
	A7  Rule = "A7"
	A8  Rule = "A8"
)

// The notice rules, by the identifiers the notice calculator takes.
const (
	TechnicalChange           Rule = "technical-change"
	CessationOfOperations     Rule = "cessation-of-operations"
	ServiceTermination        Rule = "service-termination"
	AppWithdrawal             Rule = "app-withdrawal"
	MaintenanceBreak          Rule = "maintenance-break"
	JointAgreementTermination Rule = "joint-agreement-termination"
	LargeDisruption           Rule = "large-disruption"
	ContactChange             Rule = "contact-change"
	DataBreach                Rule = "data-breach"
)

// Fees and liability.
const (
	F1 Rule = "F1"
	F2 Rule = "F2"
	F3 Rule = "F3"
	F4 Rule = "F4"
	F5 Rule = "F5"
	F6 Rule = "F6"
	L1 Rule = "L1"
	L2 Rule = "L2"
	L3 Rule = "L3"
	L4 Rule = "L4"
	L5 Rule = "L5"
)

// Retention of the register's records: one rule per kind of record.
const (
	R1  Rule = "R1"
	R2  Rule = "R2"
	R3  Rule = "R3"
	R4  Rule = "R4"
	R5  Rule = "R5"
	R6  Rule = "R6"
	R7  Rule = "R7"
	R8  Rule = "R8"
	R9  Rule = "R9"
	R10 Rule = "R10"
)

// Rules the sources state without a number of their own.
const (
	K1 Rule = "K1"
	P1 Rule = "P1"
)

// table is the rule book. Clauses are as the documents number them;
// Statement is the library's own one-line wording.
var table = []Info{
	{C1, Customership, "YTE 7", false, "the customership begins with the first service: the customer commits and accepts the general terms and that service's description", ""},
	{C2, Customership, "YTE 7", false, "later services need only their own service description accepted", ""},
	{C3, Customership, "YTE 7", false, "obligations take effect when the commitment is signed and delivered and Kela has approved the first service; until then the customership is applied", ""},
	{C4, Customership, "YTE 7", false, "the signatory holds the signing right by a register extract or minutes, or is authorised by someone who does", ""},
	{C5, Customership, "YTE 7", false, "the commitment cannot be transferred to a third party without Kela's consent", ""},
	{C6, Customership, "YTE 7", false, "a pharmacist's commitment covers every pharmacy the pharmacist holds, without a new commitment", ""},
	{C7, Customership, "YTE 7", false, "the customership is valid until further notice: it has no end date", ""},
	{C8, Customership, "YTE 7.1", false, "the customership requires at least one service in use; giving up the last ends it", "applications still pending when it ends are withdrawn with it"},
	{C9, Customership, "YTE 7.1", false, "the customer terminates one service or all services, in writing, on ceasing operations, reorganisation, a business acquisition or another change", ""},
	{C10, Customership, "YTE 7.1", false, "a statutory service is given up only when the obligation no longer applies or the customer moves to another connection model", "ceasing operations ends the obligation"},
	{C11, Customership, "YTE 7.1", false, "Kanta terminates a service or the customership on an authority's notice that prevents the use", ""},
	{C12, Customership, "REK", false, "an application abandoned or cancelled before approval is withdrawn", ""},
	{C13, Customership, "YTE 7", false, "when activation is phased, the general terms and the service description must hold in each part of the organisation", ""},
	{C14, Customership, "YTE 9, OTV 3.1", false, "amended terms and descriptions apply to earlier commitments from the document's date", ""},

	{S1, Service, "YTE 7", false, "a service request carries the accepted service description", ""},
	{S2, Service, "SAT, YTE 2.5", false, "activation requires the joint testing and the activation test that the service requires; approval is notified to the code service", "Kela's approval waits for the tests the catalogue entry requires"},
	{S2b, Service, "SAT", false, "the customer verifies its system with the repository at the activation test, version changes, new functionality and problems", ""},
	{S3, Service, "SAT", false, "the social welfare client data repository is used by public and private social welfare providers and equivalent providers, also as a tenant through a joint-connection agreement", "Åland providers and other actors count as equivalent providers"},
	{S4, Service, "YTE 5", false, "the connection stays closed until the customer reliably demonstrates that the situation is corrected", ""},
	{S5, Service, "SAT", false, "use of the social welfare client data repository ends by a written notice one month before the end of use", ""},
	{S5b, Service, "YTE 7.1", true, "other services take their notice period from the catalogue; the default is one month", ""},
	{S6, Service, "YTE 7", true, "a terminated service is taken into use again only by a new request", ""},
	{S7, Service, "YTE 7.1", true, "a termination on an authority's notice takes effect on the day stated, by default at once, from any state", ""},

	{J1, Agreement, "YTE 7, YLS 2", false, "the tenant becomes a Kanta user through the main connector's commitment and makes no application of its own", ""},
	{J1b, Agreement, "YTE 7, YLS 1", false, "the main connector is a private social or health care provider with an active customership", ""},
	{J2, Agreement, "YLS 1", false, "both parties are registered in the Soteri register of service providers", ""},
	{J3, Agreement, "YLS 1, 2, 13", true, "a tenant uses only the Annex 1 services that the main connector has in use", ""},
	{J4, Agreement, "YLS 20, 21", false, "the agreement is in force from signing until further notice and replaces an earlier one between the parties", ""},
	{J5, Agreement, "YLS 20", false, "either party terminates with one month's written notice, or the production agreement's notice period", ""},
	{J6, Agreement, "YLS 20", false, "the agreement ends automatically when the production agreement ends", ""},
	{J7, Agreement, "YLS 20", false, "the main connector may rescind at once when the tenant seriously breaches the agreement", ""},
	{J8, Agreement, "YLS 18", false, "the main connector is liable for the tenant's usage fees", ""},
	{J9, Agreement, "YLS 19", false, "the main connector does not guarantee availability and is not liable to the tenant for interruptions, errors or omissions", ""},
	{J10, Agreement, "YTE 7.1", true, "when the agreement ends, the tenant's use of the services under it ends the same day", ""},

	{A1, App, "OTV 2, 8", false, "the vendor signs a commitment accepting the terms and the service description before production", ""},
	{A2, App, "OTV 3.1, 4.1, 8", false, "production requires certification (joint testing, security audit), the Valvira register entry, a valid audit certificate and the signed commitment", ""},
	{A3, App, "OTV 8", false, "the vendor's commitment is signed by a person who holds the signing right", ""},
	{A4, App, "OTV 3.1, 6", false, "Kela may close or suspend the app's connection until the vendor reliably demonstrates correction", ""},
	{A5, App, "OTV 4.5", false, "withdrawing the app or ceasing operations needs at least one month's notice", ""},
	{A6, App, "OTV 4.1, 8", true, "an app whose audit certificate has expired is suspended from the next day until the certificate is renewed", "a renewed certificate must be valid after the day it is recorded"},
	{A6b, App, "OTV 4.1, 4.6", false, "significant changes are reported to Kela and the assessment body; significant deviations to users, Kela and Valvira", ""},
	{A7, App, "OTV 8", false, "Kela may remove the app when the vendor's operations ended or it did not comply with the terms", ""},
	{A8, App, "OTV 7", false, "Omatietovaranto is free of charge to users and vendors for now", ""},

	{TechnicalChange, Notices, "YTE 3.8, OTV 4.5", false, "a change of the technical connection points is notified at least two weeks before it takes effect", "a late notification is accepted and recorded as a breach of the duty to notify"},
	{CessationOfOperations, Notices, "YTE 3.8, OTV 4.5", false, "a customer or vendor ceasing operations notifies it at least one month before", "a late notification is accepted and recorded as a breach of the duty to notify"},
	{ServiceTermination, Notices, "SAT", false, "a service's use is terminated in writing one month before it ends", "a late termination is refused and changes nothing"},
	{AppWithdrawal, Notices, "OTV 4.5", false, "a wellbeing application is discontinued or withdrawn with at least one month's notice", "a late withdrawal is refused and changes nothing"},
	{MaintenanceBreak, Notices, "OTV 4.5", false, "a pre-agreed maintenance break of an app with significant effect is notified at least one week before", "a late notification is accepted and recorded as a breach of the duty to notify"},
	{JointAgreementTermination, Notices, "YLS 20", false, "either party terminates the joint-connection agreement with one month's notice, or the production agreement's period", "a late termination is refused and changes nothing"},
	{LargeDisruption, Notices, "OTV 4.5", false, "a large disruption of an app causing a long outage is notified without delay", ""},
	{ContactChange, Notices, "YTE 3.8, OTV 4.5", false, "contact persons and the billing address are kept current", ""},
	{DataBreach, Notices, "YLS 4.2, YTE 3.9", false, "a personal data breach is reported to the controller without delay, and by the controller to the supervisory authority within 72 hours where its risk assessment requires", ""},

	{F1, Fees, "YTE 6, OTV 7", false, "usage fees and due dates for the statutory Kanta services are set by the social and health ministry's decree in force at the time", "a billable day without a tariff value in force is refused, never priced by a default"},
	{F2, Fees, "YTE 6, OTV 7", true, "money is exact decimal euros, never floating point; input amounts have at most two decimals and rounding to cents is explicit", "rounding is half away from zero, in one function (RoundCents)"},
	{F3, Fees, "YLS 18", false, "the main connector is liable for the usage fees of its tenants' use", "the tenant's lines are billed to the main connector"},
	{F4, Fees, "OTV 7", false, "Omatietovaranto is free of charge to users and vendors for now: a zero tariff value with its own validity, not a constant", ""},
	{F5, Fees, "YTE 6, OTV 7", true, "access and billing are separate facts, and proration at activation and termination is an explicit policy of the tariff", "a usage interval says whether it is billable; the tariff's proration policy has no default"},
	{F6, Fees, "YTE 6, OTV 7, YLS 18", false, "each tariff value carries its validity dates and its legal reference; a lookup on a date returns the value in force that day", "values for the same service, customer kind and fee kind may not overlap; a kind-specific value beats a general one"},
	{L1, Liability, "YTE 5, OTV 6", false, "Kela is not liable for any direct or indirect damage caused by the use of Kanta or by an error, defect or disruption in it, unless mandatory law provides otherwise", ""},
	{L2, Liability, "YTE 5", false, "Kela's liability is in every case capped at what the customer paid for that Kanta service during the month preceding the damage, or at the computed monthly usage fee", "by default the calendar month before the damage's month; the paid amount when any payment falls in the window, else the monthly fee when known, else zero; the cap also limits liability under mandatory law"},
	{L3, Liability, "YTE 5, OTV 6", false, "the customer is liable for the extra costs its systems' faults cause Kela (investigation, correction); Kela may claim them after notifying the customer in advance", "the advance notice must be given on a day before the claim"},
	{L4, Liability, "YTE 5, OTV 6", false, "where the customer or a third party acting for it caused the fault intentionally, by gross negligence or criminally, the customer compensates Kela's damage and extra costs in full", ""},
	{L5, Liability, "YTE 3.1, OTV 4.7", false, "the customer answers for its subcontractors and for others who use Kanta through it as for itself; an app vendor for its partners and subcontractors", ""},

	{R1, Retention, "REK", false, "signed applications, the commitment and the acceptances of service descriptions are kept permanently", ""},
	{R2, Retention, "REK", false, "when the customer joined and left is kept permanently", ""},
	{R3, Retention, "REK", false, "contacts, addresses and technical connection data are destroyed 10 years after the customer relationship ends", ""},
	{R4, Retention, "REK", false, "the data of an abandoned or cancelled application is deleted 6 months after it was abandoned or cancelled", ""},
	{R5, Retention, "REK", false, "contacts of a non-customer are deleted on request", ""},
	{R6, Retention, "OTV 3.3.1", false, "an app vendor's register data and original signed commitment forms are destroyed 10 years after the customer relationship ends", ""},
	{R7, Retention, "OTV 3.4", false, "Omatietovaranto log data is kept 12 years from its creation", ""},
	{R8, Retention, "OTV 3.1", false, "wellbeing data not deleted by the user is deleted 5 years after the person's death", ""},
	{R9, Retention, "REK", false, "billing contacts and addresses move to Kela's sales-invoice customer register", ""},
	{R10, Retention, "REK", false, "a contact found to be no longer valid may be deleted at once", ""},

	{K1, Other, "YTE 1, 7", true, "a service's catalogue entry may restrict which customer kinds may request it", ""},
	{P1, Other, "REK, SAT", false, "contacts are named in the roles that the customer's kind and services call for", ""},
}
