package commitment_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

// Short names for the services the tests use most.
const (
	sat          = lifecycle.SocialWelfareClientDataRepository // SAT: the one service with conditions of its own
	prescription = lifecycle.Prescription
	patientData  = lifecycle.PatientDataRepository
	imaging      = lifecycle.ImagingDataRepository
	kelain       = lifecycle.Kelain
)

// day parses a YYYY-MM-DD date; the tests' dates are literals, so a bad one
// is a bug in the test.
func day(s string) notice.Date {
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// allDocs is what the first request of a customership accepts (C1).
var allDocs = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}

// descOnly is what a later request accepts (C2).
var descOnly = []lifecycle.Document{lifecycle.ServiceDescription}

// firstRequest is a valid first request of a customership for service.
func firstRequest(service lifecycle.ServiceID) lifecycle.RequestService {
	return lifecycle.RequestService{Service: service, Signatory: lifecycle.TradeRegister, Accepts: allDocs}
}

// laterRequest is a valid request for service while a commitment is in force.
func laterRequest(service lifecycle.ServiceID) lifecycle.RequestService {
	return lifecycle.RequestService{Service: service, Signatory: lifecycle.TradeRegister, Accepts: descOnly}
}

// newCustomer returns the commitment of a new customer of kind.
func newCustomer(t *testing.T, kind lifecycle.Kind, opts ...commitment.Option) *commitment.Commitment {
	t.Helper()
	c, err := commitment.New(commitment.Customer{ID: lifecycle.PartyID("y-" + string(kind)), Name: "Asiakas Oy", Kind: kind, Soteri: true}, opts...)
	require.NoError(t, err)
	return c
}

// mustExec runs act on day on and fails the test at once if it is not
// accepted.
func mustExec(t *testing.T, c *commitment.Commitment, on string, act lifecycle.Act) []commitment.Event {
	t.Helper()
	events, err := c.Execute(day(on), act)
	require.NoError(t, err, "%s on %s", act.EventID(), on)
	return events
}

// mustAdvance lets time pass to day to.
func mustAdvance(t *testing.T, c *commitment.Commitment, to string) []commitment.Event {
	t.Helper()
	events, err := c.Advance(day(to))
	require.NoError(t, err)
	return events
}

// activation returns the acts that take service into use on c: its request
// (the first of a customership when no commitment is in force yet, with
// the commitment and the general terms), the tests its entry requires and
// its approval.
func activation(t *testing.T, c *commitment.Commitment, service lifecycle.ServiceID) []lifecycle.Act {
	t.Helper()
	req := laterRequest(service)
	if cs := c.CustomershipRecord(); !cs.IsCommitted() {
		req = firstRequest(service)
	}
	acts := []lifecycle.Act{req}
	entry, ok := c.Catalogue().Entry(service)
	require.True(t, ok)
	if entry.Terms.JointTesting {
		acts = append(acts, lifecycle.PassJointTesting{Service: service})
	}
	if entry.Terms.ActivationTest {
		acts = append(acts, lifecycle.PassActivationTest{Service: service})
	}
	return append(acts, lifecycle.ApproveService{Service: service})
}

// activate takes service into use on c, all on day on.
func activate(t *testing.T, c *commitment.Commitment, on string, service lifecycle.ServiceID) {
	t.Helper()
	for _, act := range activation(t, c, service) {
		mustExec(t, c, on, act)
	}
	require.Equal(t, lifecycle.Active, c.State(service))
}

// activateIn takes services into use for party in r, all on day on.
func activateIn(t *testing.T, r *commitment.Register, on, party string, services ...lifecycle.ServiceID) {
	t.Helper()
	c := commitmentIn(t, r, party)
	for _, s := range services {
		for _, act := range activation(t, c, s) {
			mustRun(t, r, on, party, act)
		}
		require.Equal(t, lifecycle.Active, c.State(s))
	}
}

// commitmentIn returns party's commitment in r.
func commitmentIn(t *testing.T, r *commitment.Register, party string) *commitment.Commitment {
	t.Helper()
	c, ok := r.Commitment(lifecycle.PartyID(party))
	require.True(t, ok, "no party %s", party)
	return c
}

// customerWith returns a customer of kind with services in use, all taken
// into use on day on.
func customerWith(t *testing.T, kind lifecycle.Kind, on string, services ...lifecycle.ServiceID) *commitment.Commitment {
	t.Helper()
	return customerWithCatalogue(t, kind, nil, on, services...)
}

// customerWithCatalogue is customerWith for a commitment that uses cat (nil:
// the default catalogue).
func customerWithCatalogue(t *testing.T, kind lifecycle.Kind, cat *commitment.Catalogue, on string, services ...lifecycle.ServiceID) *commitment.Commitment {
	t.Helper()
	c := newCustomer(t, kind, commitment.WithCatalogue(cat))
	for _, s := range services {
		activate(t, c, on, s)
	}
	require.Equal(t, lifecycle.Active, c.Customership())
	return c
}

// refusedBy asserts that err is an *engine.Refusal among whose reasons is
// rule, and that its citations include clause. It returns the refusal.
func refusedBy(t *testing.T, err error, rule rules.Rule, clause string) *engine.Refusal {
	t.Helper()
	require.Error(t, err, "expected a refusal citing %s", rule)
	var r *engine.Refusal
	require.True(t, errors.As(err, &r), "expected an *engine.Refusal, got %T: %v", err, err)
	assert.ErrorIs(t, err, rule, "refusal: %v", err)
	assert.Contains(t, r.Citations(), clause, "refusal: %v", err)
	assert.NotEmpty(t, r.Blockers)
	for _, b := range r.Blockers {
		assert.NotEmpty(t, b.Rule.Clause(), "every blocker cites a clause: %v", b)
	}
	return r
}

// inputError asserts that err is a *lifecycle.InputError and returns it.
func inputError(t *testing.T, err error) *lifecycle.InputError {
	t.Helper()
	require.Error(t, err)
	var ie *lifecycle.InputError
	require.True(t, errors.As(err, &ie), "expected a *lifecycle.InputError, got %T: %v", err, err)
	var r *engine.Refusal
	assert.False(t, errors.As(err, &r), "a malformed command is not a refusal")
	return ie
}

// marshal returns c's JSON form.
func marshal(t *testing.T, c *commitment.Commitment) []byte {
	t.Helper()
	b, err := json.Marshal(c)
	require.NoError(t, err)
	return b
}

// frozen records a commitment's JSON and history length, to show later that
// nothing changed.
type frozen struct {
	json    []byte
	history int
	today   notice.Date
}

func freeze(t *testing.T, c *commitment.Commitment) frozen {
	t.Helper()
	return frozen{json: marshal(t, c), history: len(c.History()), today: c.Today()}
}

// assertUnchanged asserts that c is exactly as it was when f was taken.
func (f frozen) assertUnchanged(t *testing.T, c *commitment.Commitment) {
	t.Helper()
	assert.Equal(t, string(f.json), string(marshal(t, c)), "the commitment changed")
	assert.Len(t, c.History(), f.history, "the history changed")
	assert.Equal(t, f.today, c.Today())
}

// transitions returns the transitions of subject (or, with subject "", of
// the customership) among events.
func transitions(events []commitment.Event, machine string, subject string) []commitment.Transitioned {
	var out []commitment.Transitioned
	for _, e := range events {
		if tr, ok := e.(commitment.Transitioned); ok && tr.Machine == machine && tr.Subject == subject {
			out = append(out, tr)
		}
	}
	return out
}

// serviceTransitions returns the transitions of service's use among events.
func serviceTransitions(events []commitment.Event, service lifecycle.ServiceID) []commitment.Transitioned {
	return transitions(events, lifecycle.ServiceMachine().Name(), string(service))
}

// customershipTransitions returns the customership's transitions among events.
func customershipTransitions(events []commitment.Event) []commitment.Transitioned {
	return transitions(events, lifecycle.CustomershipMachine().Name(), "")
}

// eventsOf returns the events of type E among events.
func eventsOf[E commitment.Event](events []commitment.Event) []E {
	var out []E
	for _, e := range events {
		if x, ok := e.(E); ok {
			out = append(out, x)
		}
	}
	return out
}

// use returns the customer's use of service, which must have been requested.
func use(t *testing.T, c *commitment.Commitment, service lifecycle.ServiceID) lifecycle.ServiceUse {
	t.Helper()
	u, ok := c.Service(service)
	require.True(t, ok, "%s was never requested", service)
	return u
}

// catalogueWith returns the default catalogue with entries added.
func catalogueWith(t *testing.T, entries ...commitment.Entry) *commitment.Catalogue {
	t.Helper()
	cat, err := commitment.DefaultCatalogue().With(entries...)
	require.NoError(t, err)
	return cat
}

// oneMonth and twoWeeks are termination terms counted before the effect.
var (
	oneMonth = notice.Term{Period: notice.Months(1), Direction: notice.BeforeEffect}
	twoWeeks = notice.Term{Period: notice.Weeks(2), Direction: notice.BeforeEffect}
)

// register returns a register holding the given customers, each registered
// in Soteri.
func register(t *testing.T, customers ...commitment.Customer) *commitment.Register {
	t.Helper()
	r := commitment.NewRegister()
	for _, c := range customers {
		_, err := r.Add(c)
		require.NoError(t, err)
	}
	return r
}

// party is a customer of kind called id, registered in Soteri.
func party(id string, kind lifecycle.Kind) commitment.Customer {
	return commitment.Customer{ID: lifecycle.PartyID(id), Kind: kind, Soteri: true}
}

// mustRun runs act for party on day on in r and fails the test at once if
// it is not accepted. It returns the changes.
func mustRun(t *testing.T, r *commitment.Register, on string, party string, act lifecycle.Act) []commitment.Change {
	t.Helper()
	changes, err := r.Execute(day(on), lifecycle.PartyID(party), act)
	require.NoError(t, err, "%s for %s on %s", act.EventID(), party, on)
	return changes
}

// marshalRegister returns r's JSON form.
func marshalRegister(t *testing.T, r *commitment.Register) []byte {
	t.Helper()
	b, err := json.Marshal(r)
	require.NoError(t, err)
	return b
}

// registerFrozen is a register's JSON and versions, to show later that
// nothing changed.
type registerFrozen struct {
	json     string
	versions map[string]int
}

func freezeRegister(t *testing.T, r *commitment.Register) registerFrozen {
	t.Helper()
	return registerFrozen{json: string(marshalRegister(t, r)), versions: versions(r)}
}

func (f registerFrozen) assertUnchanged(t *testing.T, r *commitment.Register) {
	t.Helper()
	assert.Equal(t, f.json, string(marshalRegister(t, r)), "the register changed")
	assert.Equal(t, f.versions, versions(r), "a stream's version changed")
}

// versions returns the version of every stream of r.
func versions(r *commitment.Register) map[string]int {
	out := map[string]int{}
	for _, s := range r.Streams() {
		out[s] = r.Version(s)
	}
	return out
}
