package storetest

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/store"
)

// The helpers below are for tests of a store.Register on any store: the
// memory store's tests in package store and the database stores' in
// package sqlstore drive their registers with the same acts.

// Day parses a YYYY-MM-DD literal of a test; "" is no day. A malformed
// literal is a mistake in the test and panics.
func Day(s string) notice.Date {
	if s == "" {
		return notice.Date{}
	}
	d, err := notice.Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// Context bounds a test's calls generously, for the conformance suite and
// for tests of a Register alike: a store that hangs fails the test, and
// nothing is timed.
func Context(t testing.TB) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	t.Cleanup(cancel)
	return ctx
}

// OpenRegister opens a Register on s with clock.
func OpenRegister(t testing.TB, s store.Store, clock func() time.Time) *store.Register {
	t.Helper()
	r, err := store.Open(Context(t), s, clock)
	require.NoError(t, err)
	return r
}

// Customer is a private health care provider called id, in Soteri.
func Customer(id string) commitment.Customer {
	return commitment.Customer{ID: lifecycle.PartyID(id), Kind: lifecycle.PrivateHealthCareProvider, Soteri: true}
}

// AddParty registers Customer(id) on r.
func AddParty(t testing.TB, r *store.Register, id string) {
	t.Helper()
	require.NoError(t, r.AddParty(Context(t), Customer(id)))
}

// Request is the request of act by party on day on, without a key.
func Request(on, party string, act lifecycle.Act) store.Request {
	return store.Request{On: Day(on), Party: lifecycle.PartyID(party), Act: act}
}

// Accept executes req and fails the test at once unless it was accepted
// with events.
func Accept(t testing.TB, r *store.Register, req store.Request) store.Outcome {
	t.Helper()
	out, err := r.Execute(Context(t), req)
	require.NoError(t, err, "%s for %s on %s", req.Act.EventID(), req.Party, req.On)
	require.Nil(t, out.Refusal, "%s for %s on %s", req.Act.EventID(), req.Party, req.On)
	require.NotEmpty(t, out.Events)
	return out
}

// FirstRequest requests service s with the commitment, the general terms
// and the service description, as a customership's first request does.
func FirstRequest(s lifecycle.ServiceID) lifecycle.RequestService {
	return lifecycle.RequestService{Service: s, Signatory: lifecycle.TradeRegister,
		Accepts: []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}}
}

// LaterRequest requests service s with its service description only, as a
// request of a committed customer does.
func LaterRequest(s lifecycle.ServiceID) lifecycle.RequestService {
	return lifecycle.RequestService{Service: s, Signatory: lifecycle.TradeRegister,
		Accepts: []lifecycle.Document{lifecycle.ServiceDescription}}
}

// Signing is the signing of joint-connection agreement id between main
// and tenant for services.
func Signing(id, main, tenant string, services ...lifecycle.ServiceID) lifecycle.SignJointAgreement {
	return lifecycle.SignJointAgreement{Agreement: lifecycle.AgreementID(id), Main: lifecycle.PartyID(main), Tenant: lifecycle.PartyID(tenant), Services: services}
}

// TakeIntoUse requests services for party on day on (the first with the
// commitment and the general terms, unless the party is committed already)
// and approves each; none of the tests' services needs a test first.
func TakeIntoUse(t testing.TB, r *store.Register, on, party string, services ...lifecycle.ServiceID) {
	t.Helper()
	c, _, err := r.Party(Context(t), lifecycle.PartyID(party), time.Time{})
	require.NoError(t, err)
	cs := c.CustomershipRecord()
	first := !cs.IsCommitted()
	for _, s := range services {
		req := LaterRequest(s)
		if first {
			req, first = FirstRequest(s), false
		}
		Accept(t, r, Request(on, party, req))
		Accept(t, r, Request(on, party, lifecycle.ApproveService{Service: s}))
	}
}

// EventsOf returns an outcome's events as strings.
func EventsOf(out store.Outcome) []string {
	s := make([]string, len(out.Events))
	for i, e := range out.Events {
		s[i] = string(e)
	}
	return s
}

// Interposed is a Store through which a Register writes while another
// writer's commands land between its reading and its append: each of its
// next appends first runs the function given to Interpose, as many times
// as asked.
type Interposed struct {
	store.Store
	mu     sync.Mutex
	times  int
	before func()
}

// Interpose makes the next n appends through s run before first.
func (s *Interposed) Interpose(n int, before func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.times, s.before = n, before
}

// Append runs the interposed function, if one is due, then appends cmd to
// the store underneath.
func (s *Interposed) Append(ctx context.Context, cmd store.Command) (store.Appended, error) {
	s.mu.Lock()
	var before func()
	if s.times > 0 {
		s.times--
		before = s.before
	}
	s.mu.Unlock()
	if before != nil {
		before()
	}
	return s.Store.Append(ctx, cmd)
}
