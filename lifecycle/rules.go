package lifecycle

import "strings"

// Rule identifies a rule of the terms as SPEC.md numbers it (C1–C14 for the
// customership, S1–S7 for the use of a service, J1–J10 for the joint
// agreement, A1–A8 for the wellbeing application) or as this library numbers
// the rules that SPEC states without a number (K1, P1, R1–R10). Each rule is
// enforced at exactly one place in the library, and that place names the
// rule; Clause says where the source documents say it.
//
// A Rule is also an error value, so a refusal can be tested with errors.Is:
//
//	if errors.Is(err, lifecycle.C4) { … the signatory lacked the signing right … }
type Rule string

// The customership (asiakkuus), SPEC §3.
const (
	C1  Rule = "C1"  // The first service's request carries the commitment, the general terms and its description.
	C2  Rule = "C2"  // Later services need only their own service description.
	C3  Rule = "C3"  // Obligations take effect when Kela approves the first service; until then the customership is applied.
	C4  Rule = "C4"  // The signatory holds the signing right or is authorised by someone who does.
	C5  Rule = "C5"  // The commitment is not transferred to a third party without Kela's consent.
	C6  Rule = "C6"  // A pharmacist's commitment covers every pharmacy the pharmacist holds.
	C7  Rule = "C7"  // The customership is valid until further notice.
	C8  Rule = "C8"  // Giving up the last service ends the customership.
	C9  Rule = "C9"  // The customer terminates one service or all of them, in writing, on a change.
	C10 Rule = "C10" // Statutory services are given up only when the obligation lapses or the connection model changes.
	C11 Rule = "C11" // Kanta terminates a service or the customership on an authority's notice.
	C12 Rule = "C12" // An application abandoned or cancelled before approval is withdrawn.
	C13 Rule = "C13" // In phased activation the conditions hold in each part of the organisation.
	C14 Rule = "C14" // Amended documents apply to earlier commitments from their date.
)

// The use of one service, SPEC §4.
const (
	S1  Rule = "S1"  // A request carries the accepted service description.
	S2  Rule = "S2"  // Activation preconditions: joint testing and the activation test where the entry requires them.
	S2b Rule = "S2b" // The customer verifies its system against the repository on changes and problems.
	S3  Rule = "S3"  // The social welfare client data repository is for social welfare providers.
	S4  Rule = "S4"  // Kela or Valvira closes the connection until the customer demonstrates correction.
	S5  Rule = "S5"  // The social welfare client data repository is terminated one month before the end of use.
	S5b Rule = "S5b" // Other services take their notice period from the catalogue; default one month.
	S6  Rule = "S6"  // A terminated service is taken into use again only by a new request.
	S7  Rule = "S7"  // Termination by Kanta on an authority's notice takes effect on the stated day; default at once.
)

// The joint-connection agreement, SPEC §6.
const (
	J1  Rule = "J1"  // The tenant becomes a user through the main connector's commitment.
	J1b Rule = "J1b" // The main connector is a private provider with an active customership.
	J2  Rule = "J2"  // Both parties are registered in Soteri.
	J3  Rule = "J3"  // A tenant uses only services the main connector has in use.
	J4  Rule = "J4"  // In force from signing until further notice; replaces an earlier agreement.
	J5  Rule = "J5"  // Either party terminates with one month's notice or the production agreement's period.
	J6  Rule = "J6"  // It ends automatically with the production agreement.
	J7  Rule = "J7"  // The main connector may rescind it at once on a serious breach.
	J8  Rule = "J8"  // The main connector is liable for the tenant's usage fees.
	J9  Rule = "J9"  // The main connector does not guarantee availability and is not liable for interruptions.
	J10 Rule = "J10" // When the agreement ends, the tenant's use under it ends the same day.
)

// The wellbeing application, SPEC §7.
const (
	A1  Rule = "A1"  // The vendor signs the commitment and accepts the terms before production.
	A2  Rule = "A2"  // Production connection requires certification, the Valvira register and a valid audit certificate.
	A3  Rule = "A3"  // The vendor's commitment is signed by a person with the signing right itself.
	A4  Rule = "A4"  // Kela may suspend the connection until the vendor demonstrates correction.
	A5  Rule = "A5"  // Withdrawing the app needs one month's notice before effect.
	A6  Rule = "A6"  // An app whose audit certificate expired is suspended until it is renewed.
	A6b Rule = "A6b" // Significant changes and deviations are reported.
	A7  Rule = "A7"  // Kela may remove the app when the vendor's operations ended or it breached the terms.
	A8  Rule = "A8"  // Omatietovaranto is free of charge for now.
)

// Rules that SPEC states without a number.
const (
	K1 Rule = "K1" // A catalogue entry may restrict which customer kinds may request its service.
	P1 Rule = "P1" // Contacts are named in the roles that the customer's kind and services call for.
)

// Retention, SPEC §8: one rule per row.
const (
	R1  Rule = "R1"  // Signed applications, the commitment and acceptances are kept permanently.
	R2  Rule = "R2"  // When the customer joined and left is kept permanently.
	R3  Rule = "R3"  // Contacts, addresses and technical data are destroyed 10 years after the relationship ends.
	R4  Rule = "R4"  // An abandoned or cancelled application's data is deleted 6 months later.
	R5  Rule = "R5"  // A non-customer's contacts are deleted on request.
	R6  Rule = "R6"  // An app vendor's register data and signed forms are destroyed 10 years after the relationship ends.
	R7  Rule = "R7"  // Omatietovaranto log data is kept 12 years from creation.
	R8  Rule = "R8"  // Wellbeing data not deleted by the user is deleted 5 years after the person's death.
	R9  Rule = "R9"  // Billing contacts move to Kela's sales-invoice customer register.
	R10 Rule = "R10" // A contact found no longer valid may be deleted at once.
)

type ruleInfo struct {
	clause  string // where the sources say it; for design rules the nearest clause
	design  bool   // the library's choice where the sources are silent or ambiguous
	summary string
}

func (r Rule) info() ruleInfo {
	switch r {
	case C1:
		return ruleInfo{"YTE 7", false, "the customership begins with the first service: the customer commits and accepts the general terms and that service's description"}
	case C2:
		return ruleInfo{"YTE 7", false, "later services need only their own service description accepted"}
	case C3:
		return ruleInfo{"YTE 7", false, "obligations take effect when the commitment is signed and delivered and Kela has approved the first service"}
	case C4:
		return ruleInfo{"YTE 7", false, "the signatory holds the signing right by a register extract or minutes, or is authorised by someone who does"}
	case C5:
		return ruleInfo{"YTE 7", false, "the commitment cannot be transferred to a third party without Kela's consent"}
	case C6:
		return ruleInfo{"YTE 7", false, "a pharmacist's commitment covers every pharmacy the pharmacist holds"}
	case C7:
		return ruleInfo{"YTE 7", false, "the customership is valid until further notice"}
	case C8:
		return ruleInfo{"YTE 7.1", false, "the customership requires at least one service in use; giving up the last ends it"}
	case C9:
		return ruleInfo{"YTE 7.1", false, "the customer terminates one service or all services, in writing, on ceasing operations, reorganisation, a business acquisition or another change"}
	case C10:
		return ruleInfo{"YTE 7.1", false, "a statutory service is given up only when the obligation no longer applies or the customer moves to another connection model"}
	case C11:
		return ruleInfo{"YTE 7.1", false, "Kanta terminates a service or the customership on an authority's notice that prevents the use"}
	case C12:
		return ruleInfo{"REK", false, "an application abandoned or cancelled before approval is withdrawn"}
	case C13:
		return ruleInfo{"YTE 7", false, "when activation is phased, the general terms and the service description must hold in each part of the organisation"}
	case C14:
		return ruleInfo{"YTE 9, OTV 3.1", false, "amended terms and descriptions apply to earlier commitments from the document's date"}
	case S1:
		return ruleInfo{"YTE 7", false, "a service request carries the accepted service description"}
	case S2:
		return ruleInfo{"SAT, YTE 2.5", false, "activation requires the joint testing and the activation test that the service requires; approval is notified to the code service"}
	case S2b:
		return ruleInfo{"SAT", false, "the customer verifies its system with the repository at the activation test, version changes, new functionality and problems"}
	case S3:
		return ruleInfo{"SAT", false, "the social welfare client data repository is used by public and private social welfare providers and equivalent providers"}
	case S4:
		return ruleInfo{"YTE 5", false, "the connection stays closed until the customer reliably demonstrates that the situation is corrected"}
	case S5:
		return ruleInfo{"SAT", false, "use of the social welfare client data repository ends by a written notice one month before the end of use"}
	case S5b:
		return ruleInfo{"YTE 7.1", true, "other services take their notice period from the catalogue; the default is one month"}
	case S6:
		return ruleInfo{"YTE 7", true, "a terminated service is taken into use again only by a new request"}
	case S7:
		return ruleInfo{"YTE 7.1", true, "a termination on an authority's notice takes effect on the day stated, by default at once, from any state"}
	case J1:
		return ruleInfo{"YTE 7, YLS 2", false, "the tenant becomes a Kanta user through the main connector's commitment and makes no application of its own"}
	case J1b:
		return ruleInfo{"YTE 7, YLS 1", false, "the main connector is a private social or health care provider with an active customership"}
	case J2:
		return ruleInfo{"YLS 1", false, "both parties are registered in the Soteri register of service providers"}
	case J3:
		return ruleInfo{"YLS 1, 2, 13", true, "a tenant uses only services that the main connector has in use"}
	case J4:
		return ruleInfo{"YLS 20, 21", false, "the agreement is in force from signing until further notice and replaces an earlier one between the parties"}
	case J5:
		return ruleInfo{"YLS 20", false, "either party terminates with one month's written notice, or the production agreement's notice period"}
	case J6:
		return ruleInfo{"YLS 20", false, "the agreement ends automatically when the production agreement ends"}
	case J7:
		return ruleInfo{"YLS 20", false, "the main connector may rescind at once when the tenant seriously breaches the agreement"}
	case J8:
		return ruleInfo{"YLS 18", false, "the main connector is liable for the tenant's usage fees"}
	case J9:
		return ruleInfo{"YLS 19", false, "the main connector does not guarantee availability and is not liable for interruptions, errors or omissions"}
	case J10:
		return ruleInfo{"YTE 7.1", true, "when the agreement ends, the tenant's use of the services under it ends the same day"}
	case A1:
		return ruleInfo{"OTV 2, 8", false, "the vendor signs a commitment accepting the terms and the service description before production"}
	case A2:
		return ruleInfo{"OTV 3.1, 4.1, 8", false, "production requires certification (joint testing, security audit), the Valvira register entry, a valid audit certificate and the signed commitment"}
	case A3:
		return ruleInfo{"OTV 8", false, "the vendor's commitment is signed by a person who holds the signing right"}
	case A4:
		return ruleInfo{"OTV 3.1, 6", false, "Kela may close or suspend the app's connection until the vendor reliably demonstrates correction"}
	case A5:
		return ruleInfo{"OTV 4.5", false, "withdrawing the app or ceasing operations needs at least one month's notice"}
	case A6:
		return ruleInfo{"OTV 4.1, 8", true, "an app whose audit certificate has expired is suspended from the next day until the certificate is renewed"}
	case A6b:
		return ruleInfo{"OTV 4.1, 4.6", false, "significant changes are reported to Kela and the assessment body; significant deviations to users, Kela and Valvira"}
	case A7:
		return ruleInfo{"OTV 8", false, "Kela may remove the app when the vendor's operations ended or it did not comply with the terms"}
	case A8:
		return ruleInfo{"OTV 7", false, "Omatietovaranto is free of charge to users and vendors for now"}
	case K1:
		return ruleInfo{"YTE 1, 7", true, "a service's catalogue entry may restrict which customer kinds may request it"}
	case P1:
		return ruleInfo{"REK, SAT", false, "contacts are named in the roles that the customer's kind and services call for"}
	case R1:
		return ruleInfo{"REK", false, "signed applications, the commitment and the acceptances of service descriptions are kept permanently"}
	case R2:
		return ruleInfo{"REK", false, "when the customer joined and left is kept permanently"}
	case R3:
		return ruleInfo{"REK", false, "contacts, addresses and technical connection data are destroyed 10 years after the customer relationship ends"}
	case R4:
		return ruleInfo{"REK", false, "the data of an abandoned or cancelled application is deleted 6 months after it was abandoned or cancelled"}
	case R5:
		return ruleInfo{"REK", false, "contacts of a non-customer are deleted on request"}
	case R6:
		return ruleInfo{"OTV 3.3.1", false, "an app vendor's register data and original signed commitment forms are destroyed 10 years after the customer relationship ends"}
	case R7:
		return ruleInfo{"OTV 3.4", false, "Omatietovaranto log data is kept 12 years from its creation"}
	case R8:
		return ruleInfo{"OTV 3.1", false, "wellbeing data not deleted by the user is deleted 5 years after the person's death"}
	case R9:
		return ruleInfo{"REK", false, "billing contacts and addresses move to Kela's sales-invoice customer register"}
	case R10:
		return ruleInfo{"REK", false, "a contact found to be no longer valid may be deleted at once"}
	}
	return ruleInfo{}
}

// AllRules returns every rule of this package, in the order of SPEC.md.
func AllRules() []Rule {
	return []Rule{
		C1, C2, C3, C4, C5, C6, C7, C8, C9, C10, C11, C12, C13, C14,
		S1, S2, S2b, S3, S4, S5, S5b, S6, S7,
		J1, J1b, J2, J3, J4, J5, J6, J7, J8, J9, J10,
		A1, A2, A3, A4, A5, A6, A6b, A7, A8,
		K1, P1,
		R1, R2, R3, R4, R5, R6, R7, R8, R9, R10,
	}
}

// Known reports whether r is one of the rules of AllRules.
func (r Rule) Known() bool { return r.info().clause != "" }

// Clause returns where the source documents state the rule, as SPEC.md cites
// it ("YTE 7.1", "OTV 3.1, 4.1, 8"). For a design rule it is the nearest clause.
func (r Rule) Clause() string { return r.info().clause }

// Design reports whether the rule is this library's choice where the sources
// are silent or ambiguous (SPEC marks them "design"). A design rule is never
// presented as the source's own words.
func (r Rule) Design() bool { return r.info().design }

// Summary states the rule in one sentence.
func (r Rule) Summary() string { return r.info().summary }

// Citations returns the rule's clause references one by one, each with its
// document code ("OTV 3.1, 4.1, 8" gives "OTV 3.1", "OTV 4.1", "OTV 8"), and
// "design" last for a design rule.
func (r Rule) Citations() []string {
	info := r.info()
	var out []string
	doc := ""
	for _, part := range strings.Split(info.clause, ", ") {
		if part == "" {
			continue
		}
		if part[0] >= '0' && part[0] <= '9' && doc != "" {
			part = doc + " " + part
		} else if i := strings.IndexByte(part, ' '); i > 0 {
			doc = part[:i]
		} else {
			doc = part
		}
		out = append(out, part)
	}
	if info.design {
		out = append(out, "design")
	}
	return out
}

// Cite returns the rule with its clause as the library prints it in errors
// and diagrams: "C4 (YTE 7)", or "S5b (design, nearest YTE 7.1)".
func (r Rule) Cite() string {
	info := r.info()
	if info.design {
		return string(r) + " (design, nearest " + info.clause + ")"
	}
	return string(r) + " (" + info.clause + ")"
}

// Error makes a Rule usable as the target of errors.Is.
func (r Rule) Error() string { return r.Cite() + ": " + r.Summary() }
