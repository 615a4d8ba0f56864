package scenario

import (
	"errors"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// catalogue reads a scenario's catalogue entries: each replaces the default
// catalogue's entry of its service, or adds a service of its own, which the
// steps may then name.
//
//	catalogue:
//	  - service: patient-data-repository
//	    statutory: [public-health-care-provider]   # C10 applies to these kinds
//	    eligible: [public-health-care-provider]    # only these kinds may use it (K1)
//	    joint_testing: true                         # approval waits for joint testing (S2)
//	    activation_test: true                       # and for the activation test
//	    termination: P3M                            # notice before the end of use (S5b)
func (p *parser) catalogue(n *yaml.Node) (*commitment.Catalogue, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n.Line, "catalogue must be a list of entries, not %s", describe(n))
	}
	cat := commitment.DefaultCatalogue()
	for _, item := range n.Content {
		entry, err := p.entry(item, cat)
		if err != nil {
			return nil, err
		}
		if cat, err = cat.With(entry); err != nil {
			var ie *lifecycle.InputError
			if errors.As(err, &ie) {
				return nil, p.errorf(item.Line, "catalogue: %s", ie.Error())
			}
			return nil, p.errorf(item.Line, "catalogue: %v", err)
		}
		p.services = append(p.services, entry.Service)
	}
	return cat, nil
}

// entryKeys are the keys of a catalogue entry.
var entryKeys = []string{"service", "eligible", "statutory", "joint_testing", "activation_test", "termination"}

func (p *parser) entry(n *yaml.Node, cat *commitment.Catalogue) (commitment.Entry, error) {
	entries, err := p.mapping(n, "a catalogue entry")
	if err != nil {
		return commitment.Entry{}, err
	}
	var e commitment.Entry
	var hasService bool
	for _, kv := range entries {
		switch kv.key.Value {
		case "service":
			id, err := p.token(kv.val, "service")
			if err != nil {
				return commitment.Entry{}, err
			}
			if slices.Contains(p.services, lifecycle.ServiceID(id)) {
				return commitment.Entry{}, p.errorf(kv.val.Line, "catalogue: service %q has two entries", id)
			}
			e.Service, hasService = lifecycle.ServiceID(id), true
			if old, ok := cat.Entry(e.Service); ok {
				e.Descriptions = old.Descriptions
			}
		case "eligible", "statutory":
			kinds, err := p.kinds(kv.val, kv.key.Value)
			if err != nil {
				return commitment.Entry{}, err
			}
			if kv.key.Value == "eligible" {
				e.Terms.Eligible = kinds
			} else {
				e.Terms.Statutory = kinds
			}
		case "joint_testing":
			if e.Terms.JointTesting, err = p.boolean(kv.val, "joint_testing"); err != nil {
				return commitment.Entry{}, err
			}
		case "activation_test":
			if e.Terms.ActivationTest, err = p.boolean(kv.val, "activation_test"); err != nil {
				return commitment.Entry{}, err
			}
		case "termination":
			per, err := p.period(kv.val, "termination")
			if err != nil {
				return commitment.Entry{}, err
			}
			e.Terms.Termination = notice.Term{Period: per, Direction: notice.BeforeEffect}
		default:
			return commitment.Entry{}, p.errorf(kv.key.Line, "unknown key %s in a catalogue entry (known: %s)", notice.Excerpt(kv.key.Value), strings.Join(entryKeys, ", "))
		}
	}
	if !hasService {
		return commitment.Entry{}, p.errorf(n.Line, "a catalogue entry names its service")
	}
	// The rules that the service's own terms are cited by (SAT's S3 and S5
	// for the social welfare client data repository), and the notice an
	// entry without a period of its own takes, are the catalogue's.
	if old, ok := cat.Entry(e.Service); ok {
		e.Terms.TerminationRule, e.Terms.EligibilityRule = old.Terms.TerminationRule, old.Terms.EligibilityRule
		if e.Terms.Termination.Period.IsZero() {
			e.Terms.Termination = old.Terms.Termination
		}
	}
	return e, nil
}

func (p *parser) kinds(n *yaml.Node, what string) ([]lifecycle.Kind, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n.Line, "%s must be a list of customer kinds, like [a, b], not %s", what, describe(n))
	}
	var out []lifecycle.Kind
	for _, item := range n.Content {
		k, err := enum(p, item, what, lifecycle.ParseKind)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	return out, nil
}
