package fees

import (
	"fmt"
	"slices"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Assessment is the result of assessing a claim: what was claimed, what the
// party is liable for under the terms, how it was computed and which rules
// decided it.
type Assessment struct {
	Claimed Amount       `json:"claimed"`
	Liable  Amount       `json:"liable"`
	Trace   []string     `json:"trace"`
	Rules   []rules.Rule `json:"rules"`
}

// Clauses returns the clauses of the rules that decided the assessment.
func (a Assessment) Clauses() []string { return rules.Citations(a.Rules...) }

// ClaimAgainstKela is a customer's claim for damage caused by the use of
// Kanta or by an error, defect or disruption in it.
type ClaimAgainstKela struct {
	Amount Amount // the damage claimed
	// MandatoryLaw records that mandatory law (pakottava lainsäädäntö) makes
	// Kela liable for this damage despite the terms (L1). Whether it does is a
	// legal judgement made outside this library.
	MandatoryLaw bool
	Cap          Cap // the cap for the damaged service, from LiabilityCap (L2)
}

// AssessKela assesses a claim against Kela: zero unless mandatory law
// provides otherwise (L1), and then the claim limited to the cap (L2).
func AssessKela(c ClaimAgainstKela) (Assessment, error) {
	if c.Amount.IsNegative() {
		return Assessment{}, refuse(rules.F2, c.Amount.String(), "negative claim")
	}
	a := Assessment{Claimed: c.Amount}
	// L1 is applied here: no liability unless mandatory law provides otherwise.
	if !c.MandatoryLaw {
		a.Trace = []string{
			fmt.Sprintf("claim %s against Kela for damage to %s on %s", c.Amount, c.Cap.Service, c.Cap.Damage),
			fmt.Sprintf("Kela is not liable for direct or indirect damage unless mandatory law provides otherwise; none is invoked: liable 0.00 [%s]", rules.L1.Cite()),
		}
		a.Rules = []rules.Rule{rules.L1}
		return a, nil
	}
	a.Liable = c.Cap.Limit(c.Amount)
	a.Trace = append([]string{
		fmt.Sprintf("claim %s against Kela for damage to %s on %s", c.Amount, c.Cap.Service, c.Cap.Damage),
		fmt.Sprintf("mandatory law provides for Kela's liability [%s]", rules.L1.Cite()),
	}, c.Cap.Trace...)
	a.Trace = append(a.Trace, fmt.Sprintf("liability limited to the cap in every case: min(%s, %s) = %s [%s]", c.Amount, c.Cap.Amount, a.Liable, rules.L2.Cite()))
	a.Rules = []rules.Rule{rules.L1, rules.L2}
	return a, nil
}

// Actor is who caused a fault, as L4 and L5 distinguish them: whose system or
// whose act it was.
type Actor string

// Actors.
const (
	TheCustomer   Actor = "customer"      // the customer itself, its systems and staff
	Subcontractor Actor = "subcontractor" // a subcontractor of the customer (YTE 3.1) or of an app vendor (OTV 4.7)
	Partner       Actor = "partner"       // an app vendor's partner (yhteistyökumppani, OTV 4.7)
	Tenant        Actor = "tenant"        // another who uses Kanta through the customer, such as a joint-connection tenant (YTE 3.1)
	ActingFor     Actor = "acting-for"    // another third party acting for the customer (asiakkaan lukuun toimiva, YTE 5, OTV 6)
	Outsider      Actor = "outsider"      // someone the customer does not answer for
)

// Actors returns every actor.
func Actors() []Actor {
	return []Actor{TheCustomer, Subcontractor, Partner, Tenant, ActingFor, Outsider}
}

// Conduct is how a fault was caused.
type Conduct string

// Conducts. Only the last three make the customer liable in full (L4).
const (
	Ordinary        Conduct = "ordinary"         // a fault, error or defect without intent or gross negligence
	Intentional     Conduct = "intentional"      // tahallisesti
	GrossNegligence Conduct = "gross-negligence" // törkeän huolimattomalla menettelyllä
	Criminal        Conduct = "criminal"         // rikollisella menettelyllä, e.g. a denial-of-service attack
)

// Conducts returns every conduct.
func Conducts() []Conduct { return []Conduct{Ordinary, Intentional, GrossNegligence, Criminal} }

// ClaimAgainstCustomer is Kela's claim on a customer (or app vendor) for a
// fault that affected Kanta.
type ClaimAgainstCustomer struct {
	// CustomerKind is the customer's kind, a lifecycle.Kind identifier;
	// "app-vendor" answers for its partners and subcontractors under OTV 4.7,
	// other kinds for their subcontractors and tenants under YTE 3.1.
	CustomerKind string
	CausedBy     Actor
	Conduct      Conduct
	ExtraCosts   Amount // Kela's extra costs and expenses: investigation, correction (L3)
	Damage       Amount // Kela's damage beyond the extra costs, owed only in full liability [L4]
	// Notified is the day Kela notified the customer of the costs in advance;
	// zero when it has not (L3).
	Notified notice.Date
	Claimed  notice.Date // the day Kela claims
}

// answersFor is where L5 is applied: whether the customer answers for actor's
// acts as for its own. An app vendor answers for its partners and
// subcontractors (OTV 4.7); any other customer for its subcontractors and for
// others using Kanta through it, such as tenants (YTE 3.1).
func answersFor(customerKind string, actor Actor) bool {
	switch actor {
	case TheCustomer:
		return true
	case Subcontractor:
		return true
	case Partner:
		return customerKind == "app-vendor"
	case Tenant:
		return customerKind != "app-vendor"
	}
	return false
}

// AssessCustomer assesses Kela's claim on a customer:
//
//   - L4: when the customer, someone it answers for (L5) or a third party
//     acting for it caused the fault intentionally, by gross negligence or
//     criminally, it is liable for the damage and the extra costs in full;
//   - L3: otherwise, for a fault of its own systems or of someone it answers
//     for (L5), it is liable for the extra costs, provided Kela notified it in
//     advance, on a day before the claim; not for the damage;
//   - otherwise it is not liable under the terms.
func AssessCustomer(c ClaimAgainstCustomer) (Assessment, error) {
	switch {
	case !validActor(c.CausedBy):
		return Assessment{}, refuse(rules.L5, string(c.CausedBy), "unknown actor: expected customer, subcontractor, partner, tenant, acting-for or outsider")
	case !validConduct(c.Conduct):
		return Assessment{}, refuse(rules.L4, string(c.Conduct), "unknown conduct: expected ordinary, intentional, gross-negligence or criminal")
	case c.ExtraCosts.IsNegative():
		return Assessment{}, refuse(rules.F2, c.ExtraCosts.String(), "negative extra costs")
	case c.Damage.IsNegative():
		return Assessment{}, refuse(rules.F2, c.Damage.String(), "negative damage")
	case c.Claimed.IsZero():
		return Assessment{}, refuse(rules.L3, "", "no claim date")
	}
	a := Assessment{Claimed: c.ExtraCosts.Add(c.Damage)}
	a.Trace = []string{fmt.Sprintf("Kela claims %s (extra costs %s, damage %s) on %s for a fault caused by %s, conduct %s", a.Claimed, c.ExtraCosts, c.Damage, c.Claimed, c.CausedBy, c.Conduct)}

	own := answersFor(c.CustomerKind, c.CausedBy)
	if own && c.CausedBy != TheCustomer {
		a.Trace = append(a.Trace, fmt.Sprintf("the customer answers for its %s as for itself [%s]", c.CausedBy, rules.L5.Cite()))
		a.Rules = append(a.Rules, rules.L5)
	}
	serious := c.Conduct == Intentional || c.Conduct == GrossNegligence || c.Conduct == Criminal

	// L4 is applied here: full liability for serious conduct.
	if serious && (own || c.CausedBy == ActingFor) {
		a.Liable = a.Claimed
		a.Trace = append(a.Trace, fmt.Sprintf("caused %s by the customer or a third party acting for it: damage and extra costs in full, %s [%s]", c.Conduct, a.Liable, rules.L4.Cite()))
		a.Rules = append(a.Rules, rules.L4)
		return a, nil
	}
	if !own {
		a.Trace = append(a.Trace, fmt.Sprintf("caused by %s, whom the customer does not answer for [%s]: liable 0.00", c.CausedBy, rules.L5.Cite()))
		a.Rules = append(a.Rules, rules.L5)
		return a, nil
	}
	// L3 is applied here: extra costs only, and only after advance notice.
	a.Rules = append(a.Rules, rules.L3)
	if c.Notified.IsZero() || !c.Notified.Before(c.Claimed) {
		when := "never"
		if !c.Notified.IsZero() {
			when = "on " + c.Notified.String()
		}
		a.Trace = append(a.Trace, fmt.Sprintf("Kela may claim the extra costs only after notifying the customer in advance; notified %s, claimed on %s: liable 0.00 now [%s]", when, c.Claimed, rules.L3.Cite()))
		return a, nil
	}
	a.Liable = c.ExtraCosts
	a.Trace = append(a.Trace, fmt.Sprintf("a fault of the customer's systems or of those it answers for, notified in advance on %s: the extra costs %s [%s]; the damage %s is owed only in full liability [L4]", c.Notified, c.ExtraCosts, rules.L3.Cite(), c.Damage))
	return a, nil
}

func validActor(a Actor) bool {
	for _, x := range Actors() {
		if a == x {
			return true
		}
	}
	return false
}

func validConduct(c Conduct) bool {
	for _, x := range Conducts() {
		if c == x {
			return true
		}
	}
	return false
}

// TenantCause is why a joint-connection tenant suffered damage that it
// claims from its main connector, as YLS 19 names the causes.
type TenantCause string

// The causes of YLS 19.
const (
	Interruption    TenantCause = "interruption"     // a break in the connection or the services (avbrott)
	Fault           TenantCause = "fault"            // an error in them (fel)
	Omission        TenantCause = "omission"         // something left undone (försummelse)
	NotAttributable TenantCause = "not-attributable" // a cause the main connector cannot be held to (orsaker som inte beror på huvudanslutaren)
)

// TenantCauses returns every cause of YLS 19.
func TenantCauses() []TenantCause {
	return []TenantCause{Interruption, Fault, Omission, NotAttributable}
}

// ClaimAgainstMainConnector is a joint-connection tenant's claim on its main
// connector for damage it suffered using Kanta through the main connector.
type ClaimAgainstMainConnector struct {
	Amount Amount
	Cause  TenantCause
}

// AssessMainConnector assesses a tenant's claim on its main connector: the
// main connector strives to fulfil the agreement but does not guarantee
// that the services are available and free of errors, and is not liable
// for damage from interruptions, errors or omissions, nor from causes not
// attributable to it (J9). It is liable for nothing under such a claim. A
// claim on other grounds is outside the agreement's terms, which this
// library computes, and is refused as malformed.
func AssessMainConnector(c ClaimAgainstMainConnector) (Assessment, error) {
	if c.Amount.IsNegative() {
		return Assessment{}, malformed(rules.F2, c.Amount.String(), "negative claim")
	}
	if !slices.Contains(TenantCauses(), c.Cause) {
		return Assessment{}, malformed(rules.J9, string(c.Cause), "the joint-connection agreement says nothing of a tenant's claim on this ground (known causes: interruption, fault, omission, not-attributable)")
	}
	// J9 is applied here: the main connector is not liable to its tenant
	// for interruptions, errors, omissions or causes not attributable to it.
	return Assessment{
		Claimed: c.Amount,
		Trace: []string{
			fmt.Sprintf("tenant's claim %s on its main connector for damage from %s", c.Amount, c.Cause),
			fmt.Sprintf("the main connector does not guarantee availability or freedom from errors and is not liable for interruptions, errors, omissions or causes not attributable to it: liable 0.00 [%s]", rules.J9.Cite()),
		},
		Rules: []rules.Rule{rules.J9},
	}, nil
}
