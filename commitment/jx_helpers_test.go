package commitment_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
)

// The helpers of the joint-agreement, app and obligation tests, on top of
// those of helpers_test.go (day, mustExec, refusedBy, inputError, freeze).
// Their identifiers start with jx.

// Parties of the joint-connection tests: a private health care provider as
// the main connector, two small clinics as its tenants, and an app vendor.
const (
	jxMain    = "laakarikeskus"
	jxTenant  = "pieniklinikka"
	jxTenant2 = "hammasklinikka"
	jxVendor  = "hyvinvointisovellus-oy"
)

// jxWorld is a register under test with shorthand for running commands that
// must be accepted.
type jxWorld struct {
	t *testing.T
	r *commitment.Register
}

func jxNewWorld(t *testing.T) *jxWorld {
	t.Helper()
	return &jxWorld{t: t, r: commitment.NewRegister()}
}

// add registers a customer.
func (w *jxWorld) add(id string, kind lifecycle.Kind, soteri bool) *commitment.Commitment {
	w.t.Helper()
	c, err := w.r.Add(commitment.Customer{ID: id, Name: id, Kind: kind, Soteri: soteri})
	require.NoError(w.t, err)
	return c
}

// c returns party's commitment.
func (w *jxWorld) c(party string) *commitment.Commitment {
	w.t.Helper()
	c, ok := w.r.Commitment(party)
	require.True(w.t, ok, "no party %s", party)
	return c
}

// exec runs cmd for party on day on and requires it to be accepted.
func (w *jxWorld) exec(on, party string, cmd commitment.Command) []commitment.Event {
	w.t.Helper()
	events, err := w.r.Execute(day(on), party, cmd)
	require.NoError(w.t, err, "%s %s on %s", party, cmd.Name(), on)
	return events
}

// try runs cmd for party on day on and returns its error.
func (w *jxWorld) try(on, party string, cmd commitment.Command) error {
	_, err := w.r.Execute(day(on), party, cmd)
	return err
}

// advance lets time pass to day to.
func (w *jxWorld) advance(to string) {
	w.t.Helper()
	require.NoError(w.t, w.r.Advance(day(to)))
}

// activate takes services into use for party on day on: requests each (the
// first with the commitment and the general terms), passes the tests its
// entry requires and approves it.
func (w *jxWorld) activate(on, party string, services ...lifecycle.ServiceID) {
	w.t.Helper()
	c := w.c(party)
	for _, s := range services {
		accepts := allDocs
		if lifecycle.Committed(c.Customership()) {
			accepts = descOnly
		}
		w.exec(on, party, commitment.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: accepts})
		entry, ok := c.Catalogue().Entry(s)
		require.True(w.t, ok)
		if entry.Terms.JointTesting {
			w.exec(on, party, commitment.PassJointTesting{Service: s})
		}
		if entry.Terms.ActivationTest {
			w.exec(on, party, commitment.PassActivationTest{Service: s})
		}
		w.exec(on, party, commitment.ApproveService{Service: s})
		require.Equal(w.t, lifecycle.Active, c.State(s))
	}
}

// sign signs agreement id between main and tenant for services on day on.
func (w *jxWorld) sign(on, id, main, tenant string, services ...lifecycle.ServiceID) {
	w.t.Helper()
	w.exec(on, "", commitment.SignJointAgreement{ID: id, Main: main, Tenant: tenant, Services: services})
}

// agreement returns agreement id, which must exist.
func (w *jxWorld) agreement(id string) lifecycle.JointAgreement {
	w.t.Helper()
	a, ok := w.r.Agreement(id)
	require.True(w.t, ok, "no agreement %s", id)
	return a
}

// tenantState returns the state of tenant's use of service under agreement
// (None when TenantUses does not list it).
func (w *jxWorld) tenantState(tenant, agreement string, service lifecycle.ServiceID) lifecycle.State {
	for _, u := range w.r.TenantUses(tenant) {
		if u.Agreement == agreement && u.Service == service {
			return u.State
		}
	}
	return lifecycle.None
}

// json returns the register's JSON form.
func (w *jxWorld) json() string {
	w.t.Helper()
	b, err := json.Marshal(w.r)
	require.NoError(w.t, err)
	return string(b)
}

// jxStandardWorld is the usual joint connection: the main connector has the
// prescription service and the patient data repository in use from
// 2025-01-10; two tenants are registered, neither with a customership of its
// own.
func jxStandardWorld(t *testing.T) *jxWorld {
	t.Helper()
	w := jxNewWorld(t)
	w.add(jxMain, lifecycle.PrivateHealthCareProvider, true)
	w.add(jxTenant, lifecycle.PrivateHealthCareProvider, true)
	w.add(jxTenant2, lifecycle.PrivateSocialWelfareProvider, true)
	w.activate("2025-01-10", jxMain, lifecycle.Prescription, lifecycle.PatientDataRepository)
	return w
}

// jxOnly returns the obligations of rule among obs.
func jxOnly(obs []commitment.Obligation, rule lifecycle.Rule) []commitment.Obligation {
	var out []commitment.Obligation
	for _, o := range obs {
		if o.Rule == string(rule) {
			out = append(out, o)
		}
	}
	return out
}

// jxRules returns the rules of obs, in order.
func jxRules(obs []commitment.Obligation) []string {
	out := make([]string, len(obs))
	for i, o := range obs {
		out[i] = o.Rule
	}
	return out
}
