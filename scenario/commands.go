package scenario

import (
	"reflect"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// A step's `do` is an act's identifier and its other keys are the act's
// fields, named as the act's JSON names them: the scenario format, the
// library's events and the service's commands speak one vocabulary, read
// here from the act types themselves (lifecycle.Acts). A field is required
// unless its JSON tag says omitempty or omitzero; an act with both a service
// and `all` needs exactly one of them. A field's Go type says how it is
// read: a date, a period, a boolean, an identifier of the library's
// vocabulary, a party (declared under parties), an app (registered by an
// earlier register-app step), an agreement (signed by an earlier
// sign-joint-agreement step), or free text.

// partyRule says what an act needs of the step's party.
type partyRule int

const (
	partyRequired partyRule = iota // an act on one party's commitment
	partyOfApp                     // an app act that names only the app: it runs on the app's party
	partyOptional                  // an agreement's act: it names its parties in its own fields
)

// actSpec is what decoding one act needs: a zero value of its type, its
// fields in order, and what it needs of the step's party.
type actSpec struct {
	proto  lifecycle.Act
	fields []fieldSpec
	party  partyRule
}

// fieldSpec is one field of an act: its name in the format, its index in
// the struct, and whether it may be left out.
type fieldSpec struct {
	name     string
	index    int
	optional bool
}

// acts returns the spec of every act, by identifier.
func acts() map[string]actSpec {
	out := map[string]actSpec{}
	for _, a := range lifecycle.Acts() {
		spec := actSpec{proto: a.Proto, party: partyRequired}
		switch {
		case a.Machine == lifecycle.AgreementMachine().Name():
			spec.party = partyOptional
		case a.Machine == lifecycle.AppMachine().Name() && a.ID != (lifecycle.RegisterApp{}).EventID():
			spec.party = partyOfApp
		}
		t := reflect.TypeOf(a.Proto)
		for i := range t.NumField() {
			f := t.Field(i)
			tag := f.Tag.Get("json")
			if tag == "-" || f.Tag.Get("kanta") == "derived" {
				continue
			}
			name, opts, _ := strings.Cut(tag, ",")
			spec.fields = append(spec.fields, fieldSpec{name: name, index: i, optional: strings.Contains(opts, "omit")})
		}
		out[string(a.ID)] = spec
	}
	return out
}

// Commands returns the identifiers of the acts a step may `do`, sorted.
func Commands() []string {
	var out []string
	for id := range acts() {
		out = append(out, id)
	}
	slices.Sort(out)
	return out
}

func (spec actSpec) has(name string) bool {
	return slices.ContainsFunc(spec.fields, func(f fieldSpec) bool { return f.name == name })
}

func (spec actSpec) fieldNames() []string {
	var out []string
	if spec.party == partyRequired {
		out = append(out, "party")
	}
	for _, f := range spec.fields {
		out = append(out, f.name)
	}
	return out
}

// command reads a step's act (do and its fields) into st.
func (p *parser) command(st *Step, do *yaml.Node, entries []entry, fields map[string]entry, hasParty bool) error {
	name, err := p.scalar(do, "do")
	if err != nil {
		return err
	}
	spec, ok := p.acts[name]
	if !ok {
		return p.errorf(do.Line, "unknown command %s (known: %s)", notice.Excerpt(name), strings.Join(Commands(), ", "))
	}
	for _, e := range entries {
		if _, ok := fields[e.key.Value]; ok && !spec.has(e.key.Value) {
			return p.errorf(e.key.Line, "unknown field %s for %s (its fields: %s)", notice.Excerpt(e.key.Value), name, strings.Join(spec.fieldNames(), ", "))
		}
	}
	if spec.party == partyRequired && !hasParty {
		return p.errorf(do.Line, "%s needs a party", name)
	}
	if spec.has("service") && spec.has("all") {
		_, svc := fields["service"]
		all, hasAll := fields["all"]
		isAll := false
		if hasAll {
			if isAll, err = p.boolean(all.val, "all"); err != nil {
				return err
			}
		}
		switch {
		case isAll && svc:
			return p.errorf(all.key.Line, "%s names one service or all: true, not both", name)
		case !isAll && !svc:
			return p.errorf(do.Line, "%s needs the field service (or all: true)", name)
		}
	}
	v := reflect.New(reflect.TypeOf(spec.proto)).Elem()
	for _, f := range spec.fields {
		e, given := fields[f.name]
		if !given {
			if !f.optional && !(f.name == "service" && spec.has("all")) {
				return p.errorf(do.Line, "%s needs the field %s", name, f.name)
			}
			continue
		}
		if err := p.field(v.Field(f.index), name, f.name, e.val, st); err != nil {
			return err
		}
	}
	st.Do, st.Act = name, v.Interface().(lifecycle.Act)
	if spec.party == partyOfApp && st.Party == "" {
		st.Party = st.owner
	}
	return nil
}

// Field types read by their own rule rather than by their kind.
var (
	dateType      = reflect.TypeFor[notice.Date]()
	periodType    = reflect.TypeFor[notice.Period]()
	partyType     = reflect.TypeFor[lifecycle.PartyID]()
	appType       = reflect.TypeFor[lifecycle.AppID]()
	agreementType = reflect.TypeFor[lifecycle.AgreementID]()
	ruleType      = reflect.TypeFor[rules.Rule]()
	serviceType   = reflect.TypeFor[lifecycle.ServiceID]()
)

// service reads a service: a built-in one, or one the scenario's catalogue
// declares.
func (p *parser) service(s string) (string, error) {
	if slices.Contains(p.services, lifecycle.ServiceID(s)) {
		return s, nil
	}
	id, err := lifecycle.ParseService(s)
	return string(id), err
}

// vocabularies are the identifier types of the library's vocabulary, each
// with the parser that refuses anything else.
var vocabularies = map[reflect.Type]func(string) (string, error){
	reflect.TypeFor[lifecycle.Signatory]():         parseAs(lifecycle.ParseSignatory),
	reflect.TypeFor[lifecycle.Document]():          parseAs(lifecycle.ParseDocument),
	reflect.TypeFor[lifecycle.SuspensionReason]():  parseAs(lifecycle.ParseSuspensionReason),
	reflect.TypeFor[lifecycle.TerminationReason](): parseAs(lifecycle.ParseTerminationReason),
	reflect.TypeFor[lifecycle.RemovalReason]():     parseAs(lifecycle.ParseRemovalReason),
	reflect.TypeFor[lifecycle.ContactRole]():       parseAs(lifecycle.ParseContactRole),
	ruleType: func(s string) (string, error) {
		r, err := notice.LookupRule(rules.Rule(s))
		return string(r.ID), err
	},
}

func parseAs[T ~string](parse func(string) (T, error)) func(string) (string, error) {
	return func(s string) (string, error) {
		v, err := parse(s)
		return string(v), err
	}
}

// field reads the value n of field name of act do into v.
func (p *parser) field(v reflect.Value, do, name string, n *yaml.Node, st *Step) error {
	t := v.Type()
	switch {
	case t == dateType:
		d, err := p.date(n, name)
		v.Set(reflect.ValueOf(d))
		return err
	case t == periodType:
		per, err := p.period(n, name)
		v.Set(reflect.ValueOf(per))
		return err
	case t == partyType:
		id, err := p.party(n, name)
		v.SetString(id)
		return err
	case t == appType:
		var id string
		var err error
		if do == string((lifecycle.RegisterApp{}).EventID()) {
			id, err = p.newApp(n, name, st.Party)
		} else {
			id, st.owner, err = p.knownApp(n, name)
			st.app = id
		}
		v.SetString(id)
		return err
	case t == agreementType:
		var id string
		var err error
		if do == string((lifecycle.SignJointAgreement{}).EventID()) {
			id, err = p.newAgreement(n, name)
		} else {
			id, err = p.knownAgreement(n, name)
		}
		v.SetString(id)
		return err
	case t.Kind() == reflect.Bool:
		b, err := p.boolean(n, name)
		v.SetBool(b)
		return err
	case t.Kind() == reflect.Slice:
		if n.Kind != yaml.SequenceNode {
			return p.errorf(n.Line, "%s must be a list, like [a, b], not %s", name, describe(n))
		}
		list := reflect.MakeSlice(t, len(n.Content), len(n.Content))
		for i, item := range n.Content {
			if err := p.field(list.Index(i), do, name, item, st); err != nil {
				return err
			}
		}
		v.Set(list)
		return nil
	case t == serviceType:
		s, err := p.vocabulary(n, name, p.service)
		v.SetString(s)
		return err
	case t.Kind() == reflect.String:
		if parse, ok := vocabularies[t]; ok {
			s, err := p.vocabulary(n, name, parse)
			v.SetString(s)
			return err
		}
		s, err := p.scalar(n, name)
		v.SetString(s)
		return err
	}
	return p.errorf(n.Line, "%s: the format has no way to write a %s", name, t)
}

// newApp reads the app a register-app step registers, for the step's
// party.
func (p *parser) newApp(n *yaml.Node, what, party string) (string, error) {
	id, err := p.token(n, what)
	if err != nil {
		return "", err
	}
	// The library refuses a second vendor's registration when the step
	// runs; the first registrant is whom a later app step belongs to.
	if _, ok := p.apps[id]; !ok {
		p.apps[id] = party
	}
	return id, nil
}

// newAgreement reads the agreement a sign-joint-agreement step signs.
func (p *parser) newAgreement(n *yaml.Node, what string) (string, error) {
	id, err := p.token(n, what)
	if err != nil {
		return "", err
	}
	p.agreements[id] = true
	return id, nil
}
