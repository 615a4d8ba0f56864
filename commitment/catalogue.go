package commitment

import (
	"fmt"
	"sort"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Version is one version of a customer document (general terms, a service
// description), in force from Date: "the effective date is the document's
// date" (YTE 9). ID is how the document names the version ("2.1"), or for
// a version named by its date, that date in ISO 8601 ("2024-12-30").
type Version struct {
	ID   string      `json:"id"`
	Date notice.Date `json:"date"`
}

// Entry is a service's catalogue entry: the terms its use follows (who may
// request it, which tests activation requires, for whom it is statutory, its
// notice period) and the known versions of its service description, oldest
// first.
type Entry struct {
	Service      lifecycle.ServiceID    `json:"service"`
	Terms        lifecycle.ServiceTerms `json:"terms"`
	Descriptions []Version              `json:"descriptions,omitempty"`
}

// Catalogue is the set of services a commitment can include, with the
// versions of the general terms. It is an immutable value: With returns a new
// catalogue and never changes the one it was called on, so one catalogue can
// serve many commitments at once.
type Catalogue struct {
	generalTerms []Version
	entries      []Entry
	// terms[i] is entries[i].Terms, made once and shared by every request
	// of the service, so that a use does not carry its own copy.
	terms []*lifecycle.ServiceTerms
}

// serviceTermination is the term of the service-termination notice rule
// (one month, before the effect): SAT's, and the default of other services.
func serviceTermination() notice.Term {
	r, _ := notice.LookupRule(notice.ServiceTermination)
	return r.Term
}

// DefaultCatalogue returns the library's default catalogue. Only the social
// welfare client data repository has conditions of its own (SAT): it is for
// social welfare providers (S3), its activation waits for joint testing and
// the activation test (S2), and its termination needs one month's notice
// before the end of use (S5). The seeds set no such conditions for the other
// services, so their entries restrict nobody, require no test and take the
// default notice of one month (S5b, design). No entry is statutory (C10).
// The general terms are the version of 30 December 2024 (YTE) and the
// Omatietovaranto terms version 2.1 of 12 February 2024 (OTV); other service
// descriptions carry no version the seeds name.
func DefaultCatalogue() *Catalogue {
	entries := make([]Entry, 0, len(lifecycle.Services()))
	for _, id := range lifecycle.Services() {
		e := Entry{Service: id, Terms: lifecycle.ServiceTerms{Termination: serviceTermination(), TerminationRule: rules.S5b}}
		switch id {
		case lifecycle.SocialWelfareClientDataRepository:
			e.Terms = lifecycle.ServiceTerms{
				Eligible: []lifecycle.Kind{
					lifecycle.PublicSocialWelfareProvider, lifecycle.PrivateSocialWelfareProvider,
					lifecycle.AlandProvider, lifecycle.OtherActor,
				},
				EligibilityRule: rules.S3,
				JointTesting:    true,
				ActivationTest:  true,
				Termination:     serviceTermination(),
				TerminationRule: rules.S5,
			}
		case lifecycle.MyDataRepository:
			e.Descriptions = []Version{{ID: "2.1", Date: notice.MustDate(2024, 2, 12)}}
		}
		entries = append(entries, e)
	}
	return (&Catalogue{
		generalTerms: []Version{{ID: "2024-12-30", Date: notice.MustDate(2024, 12, 30)}},
		entries:      entries,
	}).indexed()
}

// indexed makes the shared terms of c's entries and returns c.
func (c *Catalogue) indexed() *Catalogue {
	c.terms = make([]*lifecycle.ServiceTerms, len(c.entries))
	for i := range c.entries {
		t := c.entries[i].copied().Terms
		c.terms[i] = &t
	}
	return c
}

// requestTerms returns the terms a request of service is made under,
// shared by every use requested from this catalogue.
func (c *Catalogue) requestTerms(service lifecycle.ServiceID) *lifecycle.ServiceTerms {
	for i := range c.entries {
		if c.entries[i].Service == service {
			return c.terms[i]
		}
	}
	return nil
}

// With returns a catalogue with entries added, replacing any entry for the
// same service. An entry without a termination rule gets S5b; an entry that
// restricts kinds without naming a rule cites K1.
func (c *Catalogue) With(entries ...Entry) (*Catalogue, error) {
	n := c.clone()
	for _, e := range entries {
		if err := e.validate(); err != nil {
			return nil, err
		}
		e = e.copied().normalised()
		replaced := false
		for i := range n.entries {
			if n.entries[i].Service == e.Service {
				n.entries[i], replaced = e, true
			}
		}
		if !replaced {
			n.entries = append(n.entries, e)
		}
	}
	return n.indexed(), nil
}

// WithGeneralTerms returns a catalogue that also knows the given versions of
// the general terms (YTE 9: an amendment applies from its date, also to
// earlier commitments).
func (c *Catalogue) WithGeneralTerms(versions ...Version) (*Catalogue, error) {
	n := c.clone()
	all, err := mergeVersions(n.generalTerms, versions, "general terms")
	if err != nil {
		return nil, err
	}
	n.generalTerms = all
	return n.indexed(), nil
}

// WithDescription returns a catalogue in which service's description also
// has the given versions.
func (c *Catalogue) WithDescription(service lifecycle.ServiceID, versions ...Version) (*Catalogue, error) {
	n := c.clone()
	for i := range n.entries {
		if n.entries[i].Service == service {
			all, err := mergeVersions(n.entries[i].Descriptions, versions, string(service)+" service description")
			if err != nil {
				return nil, err
			}
			n.entries[i].Descriptions = all
			return n.indexed(), nil
		}
	}
	return nil, &lifecycle.InputError{Field: "service", Value: string(service), Reason: "the catalogue has no such service"}
}

func (c *Catalogue) clone() *Catalogue {
	n := &Catalogue{
		generalTerms: append([]Version(nil), c.generalTerms...),
		entries:      make([]Entry, len(c.entries)),
	}
	copy(n.entries, c.entries)
	for i := range n.entries {
		n.entries[i].Descriptions = append([]Version(nil), n.entries[i].Descriptions...)
	}
	return n
}

func mergeVersions(have, add []Version, what string) ([]Version, error) {
	all := append(append([]Version(nil), have...), add...)
	for _, v := range add {
		if v.ID == "" || v.Date.IsZero() {
			return nil, &lifecycle.InputError{Field: "version", Value: v.ID, Reason: what + ": a version needs an identifier and a date"}
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Date.Before(all[j].Date) })
	ids := map[string]bool{}
	for i, v := range all {
		if ids[v.ID] || i > 0 && v.Date == all[i-1].Date {
			return nil, &lifecycle.InputError{Field: "version", Value: v.ID, Reason: fmt.Sprintf("%s: two versions share a date or an identifier", what)}
		}
		ids[v.ID] = true
	}
	return all, nil
}

func (e Entry) validate() error {
	if e.Service == "" {
		return &lifecycle.InputError{Field: "entry.service", Reason: "a catalogue entry needs a service identifier"}
	}
	for _, k := range append(append([]lifecycle.Kind(nil), e.Terms.Eligible...), e.Terms.Statutory...) {
		if !k.Valid() {
			return &lifecycle.InputError{Field: "entry.terms", Value: string(k), Reason: "unknown customer kind"}
		}
	}
	if d := e.Terms.Termination.Direction; d != 0 && d != notice.BeforeEffect {
		return &lifecycle.InputError{Field: "entry.terms.termination", Value: e.Terms.Termination.String(),
			Reason: "a customer's termination of a service is counted before the effect"}
	}
	if e.Terms.TerminationRule != "" && !e.Terms.TerminationRule.Known() {
		return &lifecycle.InputError{Field: "entry.terms.termination_rule", Value: string(e.Terms.TerminationRule), Reason: "unknown rule"}
	}
	if _, err := mergeVersions(nil, e.Descriptions, string(e.Service)+" service description"); err != nil {
		return err
	}
	return nil
}

func (e Entry) normalised() Entry {
	if e.Terms.TerminationRule == "" {
		e.Terms.TerminationRule = rules.S5b
	}
	if e.Terms.Termination.Direction == 0 {
		e.Terms.Termination.Direction = notice.BeforeEffect
	}
	if len(e.Terms.Eligible) > 0 && e.Terms.EligibilityRule == "" {
		e.Terms.EligibilityRule = rules.K1
	}
	e.Descriptions, _ = mergeVersions(nil, e.Descriptions, "")
	return e
}

// Entry returns the entry of service.
func (c *Catalogue) Entry(service lifecycle.ServiceID) (Entry, bool) {
	for _, e := range c.entries {
		if e.Service == service {
			return e.copied(), true
		}
	}
	return Entry{}, false
}

// has reports whether the catalogue has an entry for service, without
// copying it as Entry does.
func (c *Catalogue) has(service lifecycle.ServiceID) bool {
	for i := range c.entries {
		if c.entries[i].Service == service {
			return true
		}
	}
	return false
}

// copied returns e with slices of its own, so that neither the caller of
// With nor the caller of Entry can change a catalogue through them.
func (e Entry) copied() Entry {
	e.Descriptions = append([]Version(nil), e.Descriptions...)
	e.Terms.Eligible = append([]lifecycle.Kind(nil), e.Terms.Eligible...)
	e.Terms.Statutory = append([]lifecycle.Kind(nil), e.Terms.Statutory...)
	return e
}

// Services returns the services the catalogue knows, in its order.
func (c *Catalogue) Services() []lifecycle.ServiceID {
	out := make([]lifecycle.ServiceID, len(c.entries))
	for i, e := range c.entries {
		out[i] = e.Service
	}
	return out
}

// InForce returns the version of doc in force on day on: the latest version
// dated on or before it (YTE 9, OTV 3.1; C14). For the service description,
// service names the service; it is ignored for the general terms. ok is false
// when the catalogue knows no version that early, and for the commitment form
// itself, which has no versions.
func (c *Catalogue) InForce(doc lifecycle.Document, service lifecycle.ServiceID, on notice.Date) (Version, bool) {
	var versions []Version
	switch doc {
	case lifecycle.GeneralTerms:
		versions = c.generalTerms
	case lifecycle.ServiceDescription:
		e, ok := c.Entry(service)
		if !ok {
			return Version{}, false
		}
		versions = e.Descriptions
	}
	var found Version
	ok := false
	for _, v := range versions {
		if !v.Date.After(on) {
			found, ok = v, true
		}
	}
	return found, ok
}
