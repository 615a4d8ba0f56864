package scenario

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"gopkg.in/yaml.v3"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Parse reads the scenario file data, naming it name in errors, and
// validates all of it before anything runs (see the package documentation).
// A malformed file gives an *Error with the file and line of the first
// problem, quoting the file's text only as an excerpt (notice.Excerpt).
// Parse never panics, whatever data holds; Load bounds the data it reads.
func Parse(name string, data []byte) (*Scenario, error) {
	p := &parser{file: name, apps: map[string]string{}, agreements: map[string]bool{}, declared: map[string]bool{}, acts: acts()}
	root, err := p.decode(data)
	if err != nil {
		return nil, err
	}
	return p.scenario(root)
}

// parser holds what validation has learnt so far: the declared parties, and
// the apps and agreements that earlier steps register and sign.
type parser struct {
	file       string
	declared   map[string]bool
	apps       map[string]string // app id → the party that registered it
	agreements map[string]bool
	acts       map[string]actSpec
	services   []lifecycle.ServiceID // the services the scenario's catalogue declares
	// open takes every party, app and agreement a command names as it is,
	// for a register that says itself which exist (DecodeCommand).
	open bool
}

// errorf returns an *Error at line (at least 1: a parse error always names
// a line).
func (p *parser) errorf(line int, format string, args ...any) error {
	if line < 1 {
		line = 1
	}
	return &Error{File: p.file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// decode reads the one YAML document of data and returns its root node.
func (p *parser) decode(data []byte) (root *yaml.Node, err error) {
	if !utf8.Valid(data) {
		return nil, p.errorf(lineOf(data, firstInvalidUTF8(data)), "the file is not UTF-8 text")
	}
	// The YAML package reports its errors by panicking internally and
	// recovering; should any escape, it is still a malformed file.
	defer func() {
		if v := recover(); v != nil {
			root, err = nil, p.errorf(1, "cannot read the YAML: %v", v)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, p.errorf(1, "the file is empty: a scenario has a name, parties and steps")
		}
		return nil, p.yamlError(data, err)
	}
	var extra yaml.Node
	switch err := dec.Decode(&extra); {
	case errors.Is(err, io.EOF):
	case err != nil:
		return nil, p.yamlError(data, err)
	default:
		return nil, p.errorf(firstLine(&extra), "a scenario file holds one YAML document; a second one starts here")
	}
	if err := p.noAliases(&doc); err != nil {
		return nil, err
	}
	if doc.Kind != yaml.DocumentNode || len(doc.Content) != 1 {
		return nil, p.errorf(doc.Line, "the file is not a YAML document")
	}
	return doc.Content[0], nil
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): `)

// yamlError turns an error of the YAML package into an *Error with its line.
func (p *parser) yamlError(data []byte, err error) error {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ := strconv.Atoi(m[1])
		msg = msg[len(m[0]):]
		if parserError(msg) {
			line++
		}
		return p.errorf(line, "malformed YAML: %s", msg)
	}
	msg = strings.TrimPrefix(msg, "yaml: ")
	if parserError(msg) {
		return p.errorf(1, "malformed YAML: %s", msg)
	}
	// The few messages without a line are about characters: find the first
	// one YAML does not allow.
	return p.errorf(lineOf(data, firstControl(data)), "malformed YAML: %s", msg)
}

// parserErrors are the messages of the YAML package's parser, as opposed to
// its scanner. The package numbers the lines of parser errors from 0 (and
// leaves out line 0), those of scanner errors from 1.
var parserErrors = []string{
	"did not find expected <stream-start>", "did not find expected <document start>",
	"did not find expected node content",
	"did not find expected key", "did not find expected '-' indicator",
	"did not find expected ',' or ']'", "did not find expected ',' or '}'",
	"found duplicate %YAML directive", "found incompatible YAML document",
	"found undefined tag handle", "found duplicate %TAG directive",
}

func parserError(msg string) bool {
	for _, e := range parserErrors {
		if strings.HasPrefix(msg, e) {
			return true
		}
	}
	return false
}

func firstInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		r, n := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return 0
}

func firstControl(data []byte) int {
	for i, r := range string(data) {
		if r != '\t' && r != '\n' && r != '\r' && (unicode.IsControl(r) || r == '\uFEFF' && i > 0) {
			return i
		}
	}
	return 0
}

// lineOf returns the line (from 1) of byte offset off in data.
func lineOf(data []byte, off int) int {
	if off > len(data) {
		off = len(data)
	}
	return bytes.Count(data[:off], []byte("\n")) + 1
}

func firstLine(n *yaml.Node) int {
	if n.Line > 0 {
		return n.Line
	}
	for _, c := range n.Content {
		if l := firstLine(c); l > 0 {
			return l
		}
	}
	return 0
}

// noAliases refuses YAML aliases: the format has no use for them, and
// following them would let a small file describe a huge one.
func (p *parser) noAliases(n *yaml.Node) error {
	if n.Kind == yaml.AliasNode {
		return p.errorf(n.Line, "YAML aliases (%s) are not used in scenario files; write the value out", notice.Excerpt("*"+n.Value))
	}
	for _, c := range n.Content {
		if err := p.noAliases(c); err != nil {
			return err
		}
	}
	return nil
}

// entry is one key and value of a mapping.
type entry struct {
	key, val *yaml.Node
}

// mapping returns the entries of n, which must be a mapping with plain,
// distinct keys. what names n in errors.
func (p *parser) mapping(n *yaml.Node, what string) ([]entry, error) {
	if n.Kind != yaml.MappingNode {
		return nil, p.errorf(n.Line, "%s must be a mapping of keys to values, not %s", what, describe(n))
	}
	var out []entry
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!null" {
			return nil, p.errorf(k.Line, "%s: a key must be a plain word, not %s", what, describe(k))
		}
		if seen[k.Value] {
			return nil, p.errorf(k.Line, "%s: %s is given twice", what, notice.Excerpt(k.Value))
		}
		seen[k.Value] = true
		out = append(out, entry{k, v})
	}
	return out, nil
}

// describe names the kind of a node for error messages.
func describe(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "an empty value"
		}
		return notice.Excerpt(n.Value)
	}
	return "this"
}

// scalar returns the text of n, which must be a single value. The value may
// be empty only when it is written as such (`""`); a key with no value at
// all is an error.
func (p *parser) scalar(n *yaml.Node, what string) (string, error) {
	if n.Kind != yaml.ScalarNode {
		return "", p.errorf(n.Line, "%s must be a single value, not %s", what, describe(n))
	}
	if n.ShortTag() == "!!null" {
		return "", p.errorf(n.Line, "%s has no value", what)
	}
	return n.Value, nil
}

// token returns n as an identifier: one word without spaces.
func (p *parser) token(n *yaml.Node, what string) (string, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return "", err
	}
	if s == "" {
		return "", p.errorf(n.Line, "%s is empty", what)
	}
	for _, r := range s {
		if unicode.IsSpace(r) || !unicode.IsPrint(r) {
			return "", p.errorf(n.Line, "%s %s must be one word, without spaces", what, notice.Excerpt(s))
		}
	}
	return s, nil
}

func (p *parser) boolean(n *yaml.Node, what string) (bool, error) {
	if n.Kind == yaml.ScalarNode && n.ShortTag() == "!!bool" {
		switch strings.ToLower(n.Value) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	return false, p.errorf(n.Line, "%s must be true or false, not %s", what, describe(n))
}

func (p *parser) date(n *yaml.Node, what string) (notice.Date, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return notice.Date{}, err
	}
	d, err := notice.Parse(s)
	if err != nil {
		return notice.Date{}, p.errorf(n.Line, "%s: malformed date %s: write it YYYY-MM-DD, a day that exists", what, notice.Excerpt(s))
	}
	return d, nil
}

func (p *parser) period(n *yaml.Node, what string) (notice.Period, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return notice.Period{}, err
	}
	per, err := notice.ParsePeriod(s)
	if err != nil {
		return notice.Period{}, p.errorf(n.Line, "%s: malformed period %s: write it as an ISO 8601 period like P1M, P2W, P14D or P1Y", what, notice.Excerpt(s))
	}
	return per, nil
}

// enum reads an identifier of one of the library's vocabularies with parse
// (lifecycle.ParseService and the like), whose error lists what is known.
func enum[T ~string](p *parser, n *yaml.Node, what string, parse func(string) (T, error)) (T, error) {
	s, err := p.vocabulary(n, what, parseAs(parse))
	return T(s), err
}

// vocabulary reads an identifier with parse, whose error lists what is
// known.
func (p *parser) vocabulary(n *yaml.Node, what string, parse func(string) (string, error)) (string, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return "", err
	}
	v, err := parse(s)
	if err != nil {
		var u *engine.UnknownError
		if errors.As(err, &u) {
			return "", p.errorf(n.Line, "%s: unknown %s %s (known: %s)", what, u.What, notice.Excerpt(s), strings.Join(u.Known, ", "))
		}
		return "", p.errorf(n.Line, "%s: %v", what, err)
	}
	return v, nil
}

// party reads a party id, which must be declared.
func (p *parser) party(n *yaml.Node, what string) (string, error) {
	id, err := p.token(n, what)
	if err != nil {
		return "", err
	}
	if !p.declared[id] && !p.open {
		return "", p.errorf(n.Line, "%s: party %s is not declared under parties", what, notice.Excerpt(id))
	}
	return id, nil
}

// scenario reads the root mapping: name, catalogue, parties and steps.
func (p *parser) scenario(root *yaml.Node) (*Scenario, error) {
	entries, err := p.mapping(root, "a scenario")
	if err != nil {
		return nil, err
	}
	sc := &Scenario{File: p.file}
	var parties, steps, catalogue *yaml.Node
	var name *yaml.Node
	for _, e := range entries {
		switch e.key.Value {
		case "name":
			name = e.val
		case "parties":
			parties = e.val
		case "catalogue":
			catalogue = e.val
		case "steps":
			steps = e.val
		default:
			return nil, p.errorf(e.key.Line, "unknown key %s: a scenario has name, catalogue, parties and steps", notice.Excerpt(e.key.Value))
		}
	}
	if name != nil {
		if sc.Name, err = p.scalar(name, "name"); err != nil {
			return nil, err
		}
		if strings.TrimSpace(sc.Name) == "" {
			return nil, p.errorf(name.Line, "the name is empty")
		}
	}
	if catalogue != nil {
		if sc.Catalogue, err = p.catalogue(catalogue); err != nil {
			return nil, err
		}
	}
	if parties != nil {
		if sc.Parties, err = p.partyList(parties); err != nil {
			return nil, err
		}
	}
	switch {
	case name == nil:
		return nil, p.errorf(root.Line, "the scenario has no name")
	case parties == nil:
		return nil, p.errorf(root.Line, "the scenario declares no parties")
	case steps == nil:
		return nil, p.errorf(root.Line, "the scenario has no steps")
	}
	if sc.Steps, err = p.steps(steps); err != nil {
		return nil, err
	}
	return sc, nil
}

func (p *parser) partyList(n *yaml.Node) ([]Party, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n.Line, "parties must be a list, not %s", describe(n))
	}
	var out []Party
	for _, item := range n.Content {
		entries, err := p.mapping(item, "a party")
		if err != nil {
			return nil, err
		}
		party := Party{Line: item.Line}
		var hasKind bool
		for _, e := range entries {
			switch e.key.Value {
			case "id":
				if party.ID, err = p.token(e.val, "id"); err != nil {
					return nil, err
				}
				if p.declared[party.ID] {
					return nil, p.errorf(e.val.Line, "party %s is declared twice", notice.Excerpt(party.ID))
				}
			case "kind":
				if party.Kind, err = enum(p, e.val, "kind", lifecycle.ParseKind); err != nil {
					return nil, err
				}
				hasKind = true
			case "soteri":
				if party.Soteri, err = p.boolean(e.val, "soteri"); err != nil {
					return nil, err
				}
			default:
				return nil, p.errorf(e.key.Line, "unknown key %s: a party has id, kind and soteri", notice.Excerpt(e.key.Value))
			}
		}
		switch {
		case party.ID == "":
			return nil, p.errorf(item.Line, "the party has no id")
		case !hasKind:
			return nil, p.errorf(item.Line, "party %s has no kind", party.ID)
		}
		p.declared[party.ID] = true
		out = append(out, party)
	}
	return out, nil
}

func (p *parser) steps(n *yaml.Node) ([]Step, error) {
	if n.Kind != yaml.SequenceNode {
		return nil, p.errorf(n.Line, "steps must be a list, not %s", describe(n))
	}
	if len(n.Content) == 0 {
		return nil, p.errorf(n.Line, "the scenario has no steps")
	}
	var out []Step
	var last notice.Date
	for i, item := range n.Content {
		st, onLine, err := p.step(item)
		if err != nil {
			return nil, err
		}
		if i > 0 && st.On.Before(last) {
			return nil, p.errorf(onLine, "step dated %s comes after a step dated %s: steps are in date order", st.On, last)
		}
		last = st.On
		out = append(out, st)
	}
	return out, nil
}

// step reads one step; it also returns the line of its date.
func (p *parser) step(n *yaml.Node) (Step, int, error) {
	entries, err := p.mapping(n, "a step")
	if err != nil {
		return Step{}, 0, err
	}
	st := Step{Line: n.Line}
	var on, party, do, expect *yaml.Node
	fields := map[string]entry{}
	for _, e := range entries {
		switch e.key.Value {
		case "on":
			on = e.val
		case "party":
			party = e.val
		case "do":
			do = e.val
		case "expect":
			expect = e.val
		default:
			fields[e.key.Value] = e
		}
	}
	if on == nil {
		return Step{}, 0, p.errorf(n.Line, "the step has no date (on)")
	}
	if st.On, err = p.date(on, "on"); err != nil {
		return Step{}, 0, err
	}
	if party != nil {
		if st.Party, err = p.party(party, "party"); err != nil {
			return Step{}, 0, err
		}
	}
	if do == nil {
		for _, e := range entries {
			if _, ok := fields[e.key.Value]; ok {
				return Step{}, 0, p.errorf(e.key.Line, "unknown key %s: a step without do has only on, party and expect", notice.Excerpt(e.key.Value))
			}
		}
	} else if err := p.command(&st, do, entries, fields, party != nil); err != nil {
		return Step{}, 0, err
	}
	if expect != nil {
		if st.Expect, err = p.expect(expect, st); err != nil {
			return Step{}, 0, err
		}
	} else {
		st.Expect.Party = st.Party
	}
	return st, on.Line, nil
}

// The states each machine declares, and the word for "no state".
const noState = "none"

var (
	customershipStates = machineStates(lifecycle.CustomershipMachine().Describe())
	serviceStates      = machineStates(lifecycle.ServiceMachine().Describe())
	agreementStates    = machineStates(lifecycle.AgreementMachine().Describe())
	appStates          = machineStates(lifecycle.AppMachine().Describe())
)

func machineStates(d engine.Description) []string {
	out := make([]string, 0, len(d.States)+1)
	for _, s := range d.States {
		out = append(out, string(s.ID))
	}
	return append(out, noState)
}

// state reads a state identifier of a machine (or `none`).
func (p *parser) state(n *yaml.Node, what string, known []string) (engine.State, error) {
	s, err := p.scalar(n, what)
	if err != nil {
		return "", err
	}
	for _, k := range known {
		if s == k {
			if s == noState {
				return engine.None, nil
			}
			return engine.State(s), nil
		}
	}
	return "", p.errorf(n.Line, "%s: unknown state %s (known: %s)", what, notice.Excerpt(s), strings.Join(known, ", "))
}

// expect reads a step's expectations.
func (p *parser) expect(n *yaml.Node, st Step) (Expect, error) {
	entries, err := p.mapping(n, "expect")
	if err != nil {
		return Expect{}, err
	}
	ex := Expect{Party: st.Party}
	var refusedKey, clauseKey, needsParty *yaml.Node
	for _, e := range entries {
		switch e.key.Value {
		case "party":
			if ex.Party, err = p.party(e.val, "expect.party"); err != nil {
				return Expect{}, err
			}
		case "customership":
			s, err := p.state(e.val, "expect.customership", customershipStates)
			if err != nil {
				return Expect{}, err
			}
			ex.Customership = &StateCheck{State: s, Line: e.val.Line}
			needsParty = e.key
		case "services":
			ex.Services, err = p.stateMap(e.val, "expect.services", serviceStates, func(k *yaml.Node) (string, error) {
				return p.vocabulary(k, "expect.services", p.service)
			})
			if err != nil {
				return Expect{}, err
			}
			needsParty = e.key
		case "agreements":
			ex.Agreements, err = p.stateMap(e.val, "expect.agreements", agreementStates, func(k *yaml.Node) (string, error) {
				return p.knownAgreement(k, "expect.agreements")
			})
			if err != nil {
				return Expect{}, err
			}
		case "apps":
			ex.Apps, err = p.stateMap(e.val, "expect.apps", appStates, func(k *yaml.Node) (string, error) {
				id, _, err := p.knownApp(k, "expect.apps")
				return id, err
			})
			if err != nil {
				return Expect{}, err
			}
		case "refused":
			if ex.Refused, err = p.boolean(e.val, "expect.refused"); err != nil {
				return Expect{}, err
			}
			refusedKey = e.key
		case "clause":
			if ex.Clause, err = p.scalar(e.val, "expect.clause"); err != nil {
				return Expect{}, err
			}
			if strings.TrimSpace(ex.Clause) == "" {
				return Expect{}, p.errorf(e.val.Line, "expect.clause is empty")
			}
			clauseKey = e.key
		default:
			return Expect{}, p.errorf(e.key.Line, "unknown key %s in expect (known: party, customership, services, agreements, apps, refused, clause)", notice.Excerpt(e.key.Value))
		}
	}
	switch {
	case refusedKey != nil && st.Act == nil:
		return Expect{}, p.errorf(refusedKey.Line, "expect.refused needs a command (do) to refuse")
	case clauseKey != nil && !ex.Refused:
		return Expect{}, p.errorf(clauseKey.Line, "expect.clause is the clause a refusal cites: it needs refused: true")
	case needsParty != nil && ex.Party == "":
		return Expect{}, p.errorf(needsParty.Line, "expect.%s needs a party: give the step or the expect a party", needsParty.Value)
	}
	return ex, nil
}

// stateMap reads a mapping of subjects (read by key) to states of a machine.
func (p *parser) stateMap(n *yaml.Node, what string, known []string, key func(*yaml.Node) (string, error)) ([]StateCheck, error) {
	entries, err := p.mapping(n, what)
	if err != nil {
		return nil, err
	}
	out := make([]StateCheck, 0, len(entries))
	for _, e := range entries {
		subject, err := key(e.key)
		if err != nil {
			return nil, err
		}
		s, err := p.state(e.val, what+"."+subject, known)
		if err != nil {
			return nil, err
		}
		out = append(out, StateCheck{Subject: subject, State: s, Line: e.val.Line})
	}
	return out, nil
}

// knownApp reads an app id that an earlier (or this) register-app step
// registers, and returns the party that registered it.
func (p *parser) knownApp(n *yaml.Node, what string) (string, string, error) {
	id, err := p.token(n, what)
	if err != nil {
		return "", "", err
	}
	owner, ok := p.apps[id]
	if !ok && !p.open {
		return "", "", p.errorf(n.Line, "%s: app %s is not registered by an earlier register-app step", what, notice.Excerpt(id))
	}
	return id, owner, nil
}

// knownAgreement reads an agreement id that an earlier (or this)
// sign-joint-agreement step signs.
func (p *parser) knownAgreement(n *yaml.Node, what string) (string, error) {
	id, err := p.token(n, what)
	if err != nil {
		return "", err
	}
	if !p.agreements[id] && !p.open {
		return "", p.errorf(n.Line, "%s: agreement %s is not signed by an earlier sign-joint-agreement step", what, notice.Excerpt(id))
	}
	return id, nil
}
