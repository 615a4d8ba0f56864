package scenario

import (
	"slices"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// partyRule says what a command needs of the step's party.
type partyRule int

const (
	partyRequired partyRule = iota // a command of one party's commitment (SPEC §10 lists party)
	partyOfApp                     // an app command that names only the app: it runs on the app's party
	partyOptional                  // an agreement command: it names its parties in its own fields
)

// commandSpec is one command of SPEC §10's table: its fields besides party,
// in the table's order, and how the library's command is built from them.
type commandSpec struct {
	fields []string
	party  partyRule
	build  func(f *fieldReader) commitment.Command
}

// commands is SPEC §10's table of commands and their fields.
var commands = map[string]commandSpec{
	"request-service": {[]string{"service", "signatory", "accepts", "org_unit"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.RequestService{Service: f.service("service"), Signatory: f.signatory("signatory"),
			Accepts: f.documents("accepts"), OrgUnit: f.optText("org_unit")}
	}},
	"pass-joint-testing": {[]string{"service"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.PassJointTesting{Service: f.service("service")}
	}},
	"pass-activation-test": {[]string{"service"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.PassActivationTest{Service: f.service("service")}
	}},
	"approve-service": {[]string{"service"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.ApproveService{Service: f.service("service")}
	}},
	"withdraw-application": {[]string{"service"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.WithdrawApplication{Service: f.service("service")}
	}},
	"suspend-service": {[]string{"service", "all", "reason"}, partyRequired, func(f *fieldReader) commitment.Command {
		s, all := f.serviceOrAll()
		return commitment.SuspendService{Service: s, All: all, Reason: enumField(f, "reason", lifecycle.ParseSuspensionReason)}
	}},
	"demonstrate-correction": {[]string{"service", "all"}, partyRequired, func(f *fieldReader) commitment.Command {
		s, all := f.serviceOrAll()
		return commitment.DemonstrateCorrection{Service: s, All: all}
	}},
	"give-termination-notice": {[]string{"service", "all", "effective", "reason"}, partyRequired, func(f *fieldReader) commitment.Command {
		s, all := f.serviceOrAll()
		return commitment.GiveTerminationNotice{Service: s, All: all, Effective: f.date("effective"),
			Reason: enumField(f, "reason", lifecycle.ParseTerminationReason)}
	}},
	"terminate-by-authority": {[]string{"service", "all"}, partyRequired, func(f *fieldReader) commitment.Command {
		s, all := f.serviceOrAll()
		return commitment.TerminateByAuthority{Service: s, All: all}
	}},
	"transfer-commitment": {[]string{"to", "kela_consent"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.TransferCommitment{To: commitment.Customer{ID: f.party("to")}, KelaConsent: f.boolean("kela_consent")}
	}},
	"add-pharmacy": {[]string{"pharmacy"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.AddPharmacy{Pharmacy: f.text("pharmacy")}
	}},
	"sign-joint-agreement": {[]string{"agreement", "main", "tenant", "services", "production_notice"}, partyOptional, func(f *fieldReader) commitment.Command {
		return commitment.SignJointAgreement{ID: f.newAgreement("agreement"), Main: f.party("main"), Tenant: f.party("tenant"),
			Services: f.services("services"), ProductionNotice: f.optPeriod("production_notice")}
	}},
	"give-joint-agreement-notice": {[]string{"agreement", "by", "effective"}, partyOptional, func(f *fieldReader) commitment.Command {
		return commitment.GiveJointAgreementNotice{Agreement: f.agreement("agreement"), By: f.party("by"), Effective: f.date("effective")}
	}},
	"end-production-agreement": {[]string{"agreement"}, partyOptional, func(f *fieldReader) commitment.Command {
		return commitment.EndProductionAgreement{Agreement: f.agreement("agreement")}
	}},
	"rescind-joint-agreement": {[]string{"agreement", "reason"}, partyOptional, func(f *fieldReader) commitment.Command {
		return commitment.RescindJointAgreement{Agreement: f.agreement("agreement"), Reason: f.text("reason")}
	}},
	"register-app": {[]string{"app", "signatory"}, partyRequired, func(f *fieldReader) commitment.Command {
		return commitment.RegisterApp{App: f.newApp("app"), Signatory: f.signatory("signatory")}
	}},
	"pass-app-joint-testing": {[]string{"app"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.PassAppJointTesting{App: f.app("app")}
	}},
	"connect-app": {[]string{"app"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.ConnectApp{App: f.app("app")}
	}},
	"demonstrate-app-correction": {[]string{"app"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.DemonstrateAppCorrection{App: f.app("app")}
	}},
	"certify-app": {[]string{"app", "valvira_registered", "audit_valid_until"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.CertifyApp{App: f.app("app"), ValviraRegistered: f.boolean("valvira_registered"), AuditValidUntil: f.date("audit_valid_until")}
	}},
	"suspend-app": {[]string{"app", "reason"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.SuspendApp{App: f.app("app"), Reason: f.text("reason")}
	}},
	"give-app-withdrawal-notice": {[]string{"app", "effective"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.GiveAppWithdrawalNotice{App: f.app("app"), Effective: f.date("effective")}
	}},
	"remove-app": {[]string{"app", "reason"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.RemoveApp{App: f.app("app"), Reason: enumField(f, "reason", lifecycle.ParseRemovalReason)}
	}},
	"renew-audit-certificate": {[]string{"app", "valid_until"}, partyOfApp, func(f *fieldReader) commitment.Command {
		return commitment.RenewAuditCertificate{App: f.app("app"), ValidUntil: f.date("valid_until")}
	}},
}

// Commands returns the identifiers of the commands a step may `do`, sorted.
func Commands() []string {
	out := make([]string, 0, len(commands))
	for name := range commands {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// command reads the command of step n (do and its fields) into st.
func (p *parser) command(st *Step, n, do *yaml.Node, entries []entry, fields map[string]entry, hasParty bool) error {
	name, err := p.scalar(do, "do")
	if err != nil {
		return err
	}
	spec, ok := commands[name]
	if !ok {
		return p.errorf(do.Line, "unknown command %q (known: %s)", name, strings.Join(Commands(), ", "))
	}
	for _, e := range entries {
		if _, ok := fields[e.key.Value]; ok && !slices.Contains(spec.fields, e.key.Value) {
			return p.errorf(e.key.Line, "unknown field %q for %s (its fields: %s)", e.key.Value, name, strings.Join(fieldList(spec), ", "))
		}
	}
	if spec.party == partyRequired && !hasParty {
		return p.errorf(do.Line, "%s needs a party", name)
	}
	f := &fieldReader{p: p, do: name, line: do.Line, fields: fields, stepParty: st.Party}
	cmd := spec.build(f)
	if f.err != nil {
		return f.err
	}
	st.Do, st.Command = name, cmd
	if spec.party == partyOfApp {
		st.app = f.appID
		if st.Party == "" {
			st.Party = f.owner
		}
	}
	return nil
}

func fieldList(spec commandSpec) []string {
	switch spec.party {
	case partyRequired:
		return append([]string{"party"}, spec.fields...)
	}
	return spec.fields
}

// fieldReader reads a command's fields. It keeps the first error and then
// reads nothing more, so a command is built in one expression and the error
// names the first bad field in the table's order.
type fieldReader struct {
	p         *parser
	do        string
	line      int // the line of do: where a missing field is reported
	fields    map[string]entry
	stepParty string // the step's party
	appID     string // the app an app command names
	owner     string // the party that registered it
	err       error
}

func (f *fieldReader) fail(err error) {
	if f.err == nil {
		f.err = err
	}
}

// get returns field name's value, which must be given.
func (f *fieldReader) get(name string) *yaml.Node {
	if f.err != nil {
		return nil
	}
	e, ok := f.fields[name]
	if !ok {
		f.fail(f.p.errorf(f.line, "%s needs the field %s", f.do, name))
		return nil
	}
	return e.val
}

// opt returns field name's value, or nil when it is not given.
func (f *fieldReader) opt(name string) *yaml.Node {
	if f.err != nil {
		return nil
	}
	if e, ok := f.fields[name]; ok {
		return e.val
	}
	return nil
}

// text reads free text, which may be empty when written `""`.
func (f *fieldReader) text(name string) string {
	return f.textOf(f.get(name), name)
}

func (f *fieldReader) optText(name string) string {
	return f.textOf(f.opt(name), name)
}

func (f *fieldReader) textOf(n *yaml.Node, name string) string {
	if n == nil {
		return ""
	}
	s, err := f.p.scalar(n, name)
	f.fail(err)
	return s
}

func (f *fieldReader) party(name string) string {
	n := f.get(name)
	if n == nil {
		return ""
	}
	id, err := f.p.party(n, name)
	f.fail(err)
	return id
}

func (f *fieldReader) boolean(name string) bool {
	n := f.get(name)
	if n == nil {
		return false
	}
	b, err := f.p.boolean(n, name)
	f.fail(err)
	return b
}

func (f *fieldReader) date(name string) notice.Date {
	n := f.get(name)
	if n == nil {
		return notice.Date{}
	}
	d, err := f.p.date(n, name)
	f.fail(err)
	return d
}

func (f *fieldReader) optPeriod(name string) notice.Period {
	n := f.opt(name)
	if n == nil {
		return notice.Period{}
	}
	d, err := f.p.period(n, name)
	f.fail(err)
	return d
}

// enumField reads a value of one of the library's vocabularies.
func enumField[T ~string](f *fieldReader, name string, parse func(string) (T, error)) T {
	n := f.get(name)
	if n == nil {
		return ""
	}
	v, err := enum(f.p, n, name, parse)
	f.fail(err)
	return v
}

func (f *fieldReader) service(name string) lifecycle.ServiceID {
	return enumField(f, name, lifecycle.ParseService)
}

func (f *fieldReader) signatory(name string) lifecycle.Signatory {
	return enumField(f, name, lifecycle.ParseSignatory)
}

// list returns the items of a list field.
func (f *fieldReader) list(name string) []*yaml.Node {
	n := f.get(name)
	if n == nil {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		f.fail(f.p.errorf(n.Line, "%s must be a list, like [a, b], not %s", name, describe(n)))
		return nil
	}
	return n.Content
}

func (f *fieldReader) documents(name string) []lifecycle.Document {
	var out []lifecycle.Document
	for _, n := range f.list(name) {
		d, err := enum(f.p, n, name, lifecycle.ParseDocument)
		if err != nil {
			f.fail(err)
			return nil
		}
		out = append(out, d)
	}
	return out
}

func (f *fieldReader) services(name string) []lifecycle.ServiceID {
	var out []lifecycle.ServiceID
	for _, n := range f.list(name) {
		s, err := enum(f.p, n, name, lifecycle.ParseService)
		if err != nil {
			f.fail(err)
			return nil
		}
		out = append(out, s)
	}
	return out
}

// serviceOrAll reads `service` or `all: true`: exactly one of them.
func (f *fieldReader) serviceOrAll() (lifecycle.ServiceID, bool) {
	svc, all := f.opt("service"), f.opt("all")
	if f.err != nil {
		return "", false
	}
	var isAll bool
	if all != nil {
		b, err := f.p.boolean(all, "all")
		if err != nil {
			f.fail(err)
			return "", false
		}
		isAll = b
	}
	switch {
	case isAll && svc != nil:
		f.fail(f.p.errorf(all.Line, "%s names one service or all: true, not both", f.do))
		return "", false
	case isAll:
		return "", true
	case svc == nil:
		f.fail(f.p.errorf(f.line, "%s needs the field service (or all: true)", f.do))
		return "", false
	}
	return f.service("service"), false
}

// app reads the app of an app command: one that an earlier register-app
// step registers.
func (f *fieldReader) app(name string) string {
	n := f.get(name)
	if n == nil {
		return ""
	}
	id, owner, err := f.p.knownApp(n, name)
	f.fail(err)
	f.appID, f.owner = id, owner
	return id
}

// newApp reads the app a register-app step registers, for the step's party.
func (f *fieldReader) newApp(name string) string {
	n := f.get(name)
	if n == nil {
		return ""
	}
	id, err := f.p.token(n, name)
	if err != nil {
		f.fail(err)
		return ""
	}
	if owner, ok := f.p.apps[id]; ok && owner != f.stepParty {
		f.fail(f.p.errorf(n.Line, "app %q is registered by party %s; an app belongs to one vendor", id, owner))
		return ""
	}
	f.p.apps[id] = f.stepParty
	return id
}

// newAgreement reads the agreement a sign-joint-agreement step signs.
func (f *fieldReader) newAgreement(name string) string {
	n := f.get(name)
	if n == nil {
		return ""
	}
	id, err := f.p.token(n, name)
	if err != nil {
		f.fail(err)
		return ""
	}
	f.p.agreements[id] = true
	return id
}

// agreement reads the agreement of an agreement command: one that an earlier
// sign-joint-agreement step signs.
func (f *fieldReader) agreement(name string) string {
	n := f.get(name)
	if n == nil {
		return ""
	}
	id, err := f.p.knownAgreement(n, name)
	f.fail(err)
	return id
}
