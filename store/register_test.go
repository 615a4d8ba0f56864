package store_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/storetest"
)

// The Register kept in a store: Execute, idempotency, several writers on
// one memory store, the due index and reading as known at a time. The same
// on SQLite and PostgreSQL, with writers on connections of their own, is in
// package sqlstore's register_test.go.

// Short names for the services the tests use.
const (
	prescription = lifecycle.Prescription
	patientData  = lifecycle.PatientDataRepository
	kelain       = lifecycle.Kelain
)

// The parties of the tests, all private health care providers.
const (
	mainConnector = "laakarikeskus"  // the main connector of the agreements
	tenantClinic  = "pieniklinikka"  // a tenant
	otherClinic   = "hammasklinikka" // another tenant, or a customer of its own
	receiver      = "uusiyhtio"      // holds no commitment of its own, so it may receive one
)

// testClock is a clock the tests set: the recording time of every append.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock {
	return &testClock{now: time.Date(2025, 1, 2, 9, 0, 0, 0, time.UTC)}
}

// Now returns the time set last.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set makes t the time of the appends that follow.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// keyed is req with idempotency key key.
func keyed(req store.Request, key string) store.Request {
	req.Key = key
	return req
}

// refuse executes req and fails the test at once unless it was refused
// citing rule. It returns the outcome.
func refuse(t testing.TB, r *store.Register, req store.Request, rule rules.Rule) store.Outcome {
	t.Helper()
	out, err := r.Execute(storetest.Context(t), req)
	require.NoError(t, err, "%s for %s on %s", req.Act.EventID(), req.Party, req.On)
	require.NotNil(t, out.Refusal, "%s for %s on %s was accepted", req.Act.EventID(), req.Party, req.On)
	assert.ErrorIs(t, out.Refusal, rule)
	assert.Empty(t, out.Events)
	assert.Empty(t, out.Versions)
	return out
}

// registerJSON returns the JSON of r's register, brought up to date with
// its store.
func registerJSON(t testing.TB, r *store.Register) string {
	t.Helper()
	var b []byte
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error {
		var err error
		b, err = json.Marshal(reg)
		return err
	}))
	return string(b)
}

// streamsJSON returns the JSON of every stream's state in r's register,
// brought up to date with its store, by stream: each party's commitment
// and each agreement with its history. Unlike the register's JSON it does
// not depend on the order the register learnt of its streams.
func streamsJSON(t testing.TB, r *store.Register) map[string]string {
	t.Helper()
	out := map[string]string{}
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error {
		for _, id := range reg.Parties() {
			c, _ := reg.Commitment(id)
			b, err := json.Marshal(c)
			if err != nil {
				return err
			}
			out[commitment.PartyStream(id)] = string(b)
		}
		for _, a := range reg.Agreements() {
			b, err := json.Marshal(struct {
				Agreement lifecycle.JointAgreement `json:"agreement"`
				History   []commitment.Event       `json:"history"`
			}{a, reg.AgreementHistory(a.ID)})
			if err != nil {
				return err
			}
			out[commitment.AgreementStream(a.ID)] = string(b)
		}
		return nil
	}))
	return out
}

// assertSameStreams asserts that every Register in rs holds what a Register
// newly opened on s holds, stream by stream.
func assertSameStreams(t testing.TB, s store.Store, rs ...*store.Register) {
	t.Helper()
	want := streamsJSON(t, storetest.OpenRegister(t, s, newTestClock().Now))
	for i, r := range rs {
		assert.Equal(t, want, streamsJSON(t, r), "writer %d holds what the store holds", i)
	}
}

// assertSameJSON asserts that got is want, byte for byte, and shows where
// they first differ rather than both whole.
func assertSameJSON(t testing.TB, want, got string) bool {
	t.Helper()
	if want == got {
		return true
	}
	i := 0
	for i < len(want) && i < len(got) && want[i] == got[i] {
		i++
	}
	excerpt := func(s string) string {
		from, to := max(0, i-150), min(len(s), i+150)
		return s[from:to]
	}
	return assert.Fail(t, "the JSON differs", "first difference at byte %d of %d (want) and %d (got):\nwant …%s…\ngot  …%s…",
		i, len(want), len(got), excerpt(want), excerpt(got))
}

// stored returns every event of s, by stream.
func stored(t testing.TB, s store.Store) map[string][]store.Record {
	t.Helper()
	out := map[string][]store.Record{}
	require.NoError(t, s.Scan(storetest.Context(t), "", time.Time{}, func(rec store.Record) error {
		out[rec.Stream] = append(out[rec.Stream], rec)
		return nil
	}))
	return out
}

// storedData returns the data of records, in order.
func storedData(records []store.Record) []string {
	out := make([]string, len(records))
	for i, rec := range records {
		out[i] = string(rec.Data)
	}
	return out
}

// versionsOf returns the version of every stream of s.
func versionsOf(t testing.TB, s store.Store) map[string]int64 {
	t.Helper()
	v, err := s.Versions(storetest.Context(t), "")
	require.NoError(t, err)
	return v
}

// appendedSince returns the data of the events of s appended after the
// versions in before, of every stream.
func appendedSince(t testing.TB, s store.Store, before map[string]int64) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for stream, recs := range stored(t, s) {
		if n := before[stream]; int64(len(recs)) > n {
			out[stream] = storedData(recs[n:])
		}
	}
	return out
}

// jointSetup is the usual joint connection on a fresh memory store: the
// main connector has the prescription service and the patient data
// repository in use from 2025-01-10; the tenant and another clinic are
// registered, neither with a customership.
func jointSetup(t testing.TB, clock func() time.Time) (store.Store, *store.Register) {
	t.Helper()
	s := store.NewMemory()
	r := storetest.OpenRegister(t, s, clock)
	storetest.AddParty(t, r, mainConnector)
	storetest.AddParty(t, r, tenantClinic)
	storetest.AddParty(t, r, otherClinic)
	storetest.TakeIntoUse(t, r, "2025-01-10", mainConnector, prescription, patientData)
	return s, r
}

// An act on a registered app that names no party runs on the app's
// holder; register-app without a party has none to run on.
func TestExecute_AppActWithoutAPartyRunsOnTheAppsHolder(t *testing.T) {
	s := store.NewMemory()
	r := storetest.OpenRegister(t, s, newTestClock().Now)
	require.NoError(t, r.AddParty(storetest.Context(t), commitment.Customer{ID: "sovellus", Kind: lifecycle.AppVendor}))
	_, err := r.Execute(storetest.Context(t), storetest.Request("2025-01-10", "", lifecycle.RegisterApp{App: "uniapp", Signatory: lifecycle.TradeRegister}))
	var ie *lifecycle.InputError
	require.ErrorAs(t, err, &ie, "a new app names its vendor")
	storetest.Accept(t, r, storetest.Request("2025-01-10", "sovellus", lifecycle.RegisterApp{App: "uniapp", Signatory: lifecycle.TradeRegister}))

	out := storetest.Accept(t, r, storetest.Request("2025-01-20", "", lifecycle.PassAppJointTesting{App: "uniapp"}))
	assert.Equal(t, []string{"party/sovellus"}, keys(out.Versions))
}

// Execute appends every stream an accepted act touches, once, in one
// append, and tells the caller each stream's new version: a request
// touches its party, a signing both parties and the new agreement, a
// transfer the giver and the receiver.
func TestExecute_AcceptedActAppendsEveryTouchedStreamOnce(t *testing.T) {
	cases := []struct {
		name    string
		req     store.Request
		streams []string
	}{
		{"a request", storetest.Request("2025-02-03", otherClinic, storetest.FirstRequest(kelain)),
			[]string{"party/" + otherClinic}},
		{"a signing", storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)),
			[]string{"party/" + mainConnector, "party/" + tenantClinic, "agreement/a1"}},
		{"a transfer", storetest.Request("2025-02-03", mainConnector, lifecycle.TransferCommitment{To: receiver, KelaConsent: true}),
			[]string{"party/" + mainConnector, "party/" + receiver}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, r := jointSetup(t, newTestClock().Now)
			storetest.AddParty(t, r, receiver)
			before := versionsOf(t, s)

			out := storetest.Accept(t, r, tc.req)

			after := versionsOf(t, s)
			appended := appendedSince(t, s, before)
			want := map[string]int64{}
			var all []string
			for _, stream := range tc.streams {
				require.Contains(t, appended, stream, "nothing appended to %s", stream)
				want[stream] = before[stream] + int64(len(appended[stream]))
				assert.Equal(t, after[stream], want[stream])
				all = append(all, appended[stream]...)
			}
			assert.Len(t, appended, len(tc.streams), "streams appended to: %v", keys(appended))
			assert.Equal(t, want, out.Versions, "the outcome gives every touched stream's new version")
			assert.ElementsMatch(t, all, storetest.EventsOf(out), "the outcome's events are those stored, each once")
			assert.False(t, out.Replayed)
		})
	}
}

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// The parties of richHistory, by name.
const (
	giver = "aaa-siirtyva"      // transfers its commitment
	taker = "zzz-vastaanottaja" // receives it
)

// richHistory makes a rich history on r, whose parties are registered and
// whose main connector has its services in use: services suspended and
// corrected, a termination notice taking effect, a contact, agreements
// first and second (the first noticed and ended by time) and a transfer.
func richHistory(t *testing.T, r *store.Register, first, second string) {
	t.Helper()
	ctx := storetest.Context(t)
	storetest.Accept(t, r, storetest.Request("2025-01-15", mainConnector, lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tuki", Email: "tuki@example.fi"}))
	storetest.Accept(t, r, storetest.Request("2025-01-20", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}))
	storetest.Accept(t, r, storetest.Request("2025-01-25", mainConnector, lifecycle.DemonstrateCorrection{Service: patientData}))
	storetest.Accept(t, r, storetest.Request("2025-02-03", "", storetest.Signing(first, mainConnector, tenantClinic, prescription)))
	storetest.Accept(t, r, storetest.Request("2025-02-04", "", storetest.Signing(second, mainConnector, otherClinic, prescription, patientData)))
	storetest.Accept(t, r, storetest.Request("2025-02-05", "", lifecycle.GiveJointAgreementNotice{Agreement: lifecycle.AgreementID(first), By: tenantClinic, Effective: storetest.Day("2025-04-01")}))
	storetest.Accept(t, r, storetest.Request("2025-02-10", receiver, storetest.FirstRequest(kelain)))
	storetest.Accept(t, r, storetest.Request("2025-02-10", receiver, lifecycle.ApproveService{Service: kelain}))
	storetest.Accept(t, r, storetest.Request("2025-02-11", receiver, lifecycle.GiveTerminationNotice{Service: kelain, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}))
	n, err := r.Advance(ctx, storetest.Day("2025-04-02"))
	require.NoError(t, err)
	require.Equal(t, 2, n, "the agreement and the receiver's service end")
	storetest.TakeIntoUse(t, r, "2025-04-03", giver, kelain)
	storetest.Accept(t, r, storetest.Request("2025-04-04", giver, lifecycle.TransferCommitment{To: taker, KelaConsent: true}))
}

// A new Register opened on the store is the same register, byte for byte:
// every stream is read back and replayed into the state the writer holds.
// The parties are added and the agreements signed in the order of their
// names here; the next test uses another order.
func TestOpen_ReproducesTheRegisterByteForByte(t *testing.T) {
	s := store.NewMemory()
	r := storetest.OpenRegister(t, s, newTestClock().Now)
	for _, p := range []string{giver, otherClinic, mainConnector, tenantClinic, receiver, taker} {
		storetest.AddParty(t, r, p)
	}
	storetest.TakeIntoUse(t, r, "2025-01-10", mainConnector, prescription, patientData)
	richHistory(t, r, "a1", "a2")
	want := registerJSON(t, r)

	again := storetest.OpenRegister(t, s, newTestClock().Now)
	assertSameJSON(t, want, registerJSON(t, again))
}

// The register's JSON lists parties in the order they were added and
// agreements in the order they were signed (commitment.Register). A
// Register opened on the store must give the same bytes as the writer
// that made the history whatever that order was: two replicas of one
// store must not marshal one register differently.
func TestOpen_ReproducesTheRegisterWhateverTheOrderOfItsStreams(t *testing.T) {
	s := store.NewMemory()
	r := storetest.OpenRegister(t, s, newTestClock().Now)
	for _, p := range []string{receiver, tenantClinic, mainConnector, otherClinic, taker, giver} {
		storetest.AddParty(t, r, p)
	}
	storetest.TakeIntoUse(t, r, "2025-01-10", mainConnector, prescription, patientData)
	richHistory(t, r, "b1", "a2")
	want := registerJSON(t, r)

	again := storetest.OpenRegister(t, s, newTestClock().Now)
	assertSameJSON(t, want, registerJSON(t, again))
	assert.Equal(t, partiesOf(t, r), partiesOf(t, again), "Parties lists the parties in the order they were added")
	assert.Equal(t, agreementsOf(t, r), agreementsOf(t, again), "Agreements lists the agreements in the order they were signed")
}

// partiesOf returns r's parties, in the order its register lists them.
func partiesOf(t testing.TB, r *store.Register) []lifecycle.PartyID {
	t.Helper()
	var out []lifecycle.PartyID
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error { out = reg.Parties(); return nil }))
	return out
}

// agreementsOf returns the identifiers of r's agreements, in the order its
// register lists them.
func agreementsOf(t testing.TB, r *store.Register) []lifecycle.AgreementID {
	t.Helper()
	var out []lifecycle.AgreementID
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error {
		for _, a := range reg.Agreements() {
			out = append(out, a.ID)
		}
		return nil
	}))
	return out
}

// A refused act appends nothing: no event, no version. With a key, only
// its answer is kept, so that the same key gets the same refusal.
func TestExecute_RefusalAppendsNothing(t *testing.T) {
	for _, key := range []string{"", "refused-1"} {
		t.Run("key "+key, func(t *testing.T) {
			s, r := jointSetup(t, newTestClock().Now)
			before := stored(t, s)

			refuse(t, r, keyed(storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain}), key), rules.C3)

			assert.Equal(t, before, stored(t, s), "a refusal appends no event")
			if key != "" {
				_, ok, err := s.Remembered(storetest.Context(t), key)
				require.NoError(t, err)
				assert.True(t, ok, "a keyed refusal keeps its answer")
			}
		})
	}
}

// A malformed act is a *lifecycle.InputError, not a refusal, and nothing
// is stored, not even its key: the caller corrects it and sends it again.
func TestExecute_MalformedActIsAnInputErrorAndStoresNothing(t *testing.T) {
	cases := []struct {
		name string
		req  store.Request
	}{
		{"no act", store.Request{On: storetest.Day("2025-02-03"), Party: mainConnector}},
		{"no service", storetest.Request("2025-02-03", mainConnector, lifecycle.ApproveService{})},
		{"an unknown service", storetest.Request("2025-02-03", mainConnector, storetest.LaterRequest("no-such-service"))},
		{"an unknown party", storetest.Request("2025-02-03", "nobody", storetest.FirstRequest(kelain))},
		{"no party", storetest.Request("2025-02-03", "", storetest.FirstRequest(kelain))},
		{"no day", storetest.Request("", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})},
		{"a day before the party's history", storetest.Request("2025-01-09", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})},
		{"effective before it was given", storetest.Request("2025-02-03", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-02-01"), Reason: lifecycle.Reorganisation})},
		{"a signing with one party twice", storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, mainConnector, prescription))},
		{"an unknown agreement", storetest.Request("2025-02-03", "", lifecycle.EndProductionAgreement{Agreement: "no-such"})},
		{"a transfer to nobody", storetest.Request("2025-02-03", mainConnector, lifecycle.TransferCommitment{KelaConsent: true})},
	}
	for _, tc := range cases {
		for _, key := range []string{"", "malformed"} {
			t.Run(tc.name+" key "+key, func(t *testing.T) {
				s, r := jointSetup(t, newTestClock().Now)
				before := stored(t, s)
				tc.req.Key = key

				out, err := r.Execute(storetest.Context(t), tc.req)

				var ie *lifecycle.InputError
				require.ErrorAs(t, err, &ie)
				var refusal *engine.Refusal
				assert.False(t, errors.As(err, &refusal), "a malformed act is not a refusal")
				assert.Equal(t, store.Outcome{}, out)
				assert.Equal(t, before, stored(t, s))
				if key != "" {
					_, ok, err := s.Remembered(storetest.Context(t), key)
					require.NoError(t, err)
					assert.False(t, ok, "a malformed act's key is not kept")
				}
			})
		}
	}
}

// A context that has ended stops the command before anything is stored,
// and the Register that was asked holds what the store holds.
func TestExecute_CancelledContextStoresNothing(t *testing.T) {
	for _, key := range []string{"", "cancelled"} {
		t.Run("key "+key, func(t *testing.T) {
			s, r := jointSetup(t, newTestClock().Now)
			before, beforeJSON := stored(t, s), registerJSON(t, r)
			ctx, cancel := context.WithCancel(storetest.Context(t))
			cancel()

			_, err := r.Execute(ctx, keyed(storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}), key))

			require.ErrorIs(t, err, context.Canceled)
			assert.Equal(t, before, stored(t, s))
			assert.Equal(t, beforeJSON, registerJSON(t, r))
			if key != "" {
				_, ok, err := s.Remembered(storetest.Context(t), key)
				require.NoError(t, err)
				assert.False(t, ok)
			}
			// The same command with a live context is decided as if the
			// first had never been sent.
			storetest.Accept(t, r, keyed(storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}), key))
		})
	}
}

// The same key with the same content gives back the first outcome, accepted
// or refused, marked Replayed, and appends nothing more: even when the act
// would now be decided otherwise, and when another writer is asked.
func TestIdempotency_SameKeyAndContentGivesTheFirstOutcome(t *testing.T) {
	cases := []struct {
		name string
		req  store.Request
		// then changes the register so that req, decided again, would be
		// decided otherwise.
		then     store.Request
		accepted bool
	}{
		{"accepted", storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}),
			storetest.Request("2025-02-04", mainConnector, lifecycle.DemonstrateCorrection{Service: prescription}), true},
		{"refused", storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain}),
			storetest.Request("2025-02-03", otherClinic, storetest.FirstRequest(kelain)), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, r := jointSetup(t, newTestClock().Now)
			req := keyed(tc.req, "key-1")
			first, err := r.Execute(storetest.Context(t), req)
			require.NoError(t, err)
			require.Equal(t, tc.accepted, first.Refusal == nil, "%+v", first.Refusal)
			require.False(t, first.Replayed)
			afterFirst := stored(t, s)

			again, err := r.Execute(storetest.Context(t), req)
			require.NoError(t, err)
			assert.True(t, again.Replayed)
			assertSameOutcome(t, first, again)
			assert.Equal(t, afterFirst, stored(t, s), "a replayed command appends nothing")

			storetest.Accept(t, r, tc.then)
			afterThen := stored(t, s)
			other := storetest.OpenRegister(t, s, newTestClock().Now)
			for name, w := range map[string]*store.Register{"the first writer": r, "another writer": other} {
				again, err := w.Execute(storetest.Context(t), req)
				require.NoError(t, err, name)
				assert.True(t, again.Replayed, name)
				assertSameOutcome(t, first, again)
			}
			assert.Equal(t, afterThen, stored(t, s), "a replayed command appends nothing")
		})
	}
}

// assertSameOutcome asserts that a replayed outcome is the first one.
func assertSameOutcome(t testing.TB, first, replayed store.Outcome) {
	t.Helper()
	replayed.Replayed = false
	assert.Equal(t, storetest.EventsOf(first), storetest.EventsOf(replayed))
	assert.Equal(t, first.Versions, replayed.Versions)
	assert.Equal(t, first.Refusal, replayed.Refusal)
}

// The same key with other content is ErrKeyReused, whatever differs and
// whichever writer is asked, and nothing is appended.
func TestIdempotency_SameKeyWithOtherContentIsErrKeyReused(t *testing.T) {
	suspend := storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
	refused := storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain})
	cases := []struct {
		name         string
		first, other store.Request
	}{
		{"another act", suspend, storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers})},
		{"another reason", suspend, storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.LicenceRevoked})},
		{"another day", suspend, storetest.Request("2025-02-04", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})},
		{"another party", refused, storetest.Request("2025-02-03", tenantClinic, lifecycle.ApproveService{Service: kelain})},
		{"another kind of act", refused, storetest.Request("2025-02-03", otherClinic, storetest.FirstRequest(kelain))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, r := jointSetup(t, newTestClock().Now)
			_, err := r.Execute(storetest.Context(t), keyed(tc.first, "key-1"))
			require.NoError(t, err)
			before := stored(t, s)
			other := storetest.OpenRegister(t, s, newTestClock().Now)

			for name, w := range map[string]*store.Register{"the first writer": r, "another writer": other} {
				out, err := w.Execute(storetest.Context(t), keyed(tc.other, "key-1"))
				assert.ErrorIs(t, err, store.ErrKeyReused, name)
				var reused *store.KeyReusedError
				if assert.ErrorAs(t, err, &reused, name) {
					assert.Equal(t, "key-1", reused.Key, name)
				}
				assert.Equal(t, store.Outcome{}, out, name)
			}
			assert.Equal(t, before, stored(t, s))
		})
	}
}

// twoWriters is jointSetup with a second writer, b, that writes through
// the returned interposed store to the first writer's store.
func twoWriters(t *testing.T) (s store.Store, a *store.Register, via *storetest.Interposed, b *store.Register) {
	t.Helper()
	s, a = jointSetup(t, newTestClock().Now)
	via = &storetest.Interposed{Store: s}
	return s, a, via, storetest.OpenRegister(t, via, newTestClock().Now)
}

// A command decided on streams that another writer changed before it was
// appended is refused by the store and decided again on the fresh
// streams: nothing of either writer is lost or doubled, and the second
// decision is the one a register holding both would make, refusal
// included.
func TestWriters_StaleCommandIsDecidedAgainOnFreshStreams(t *testing.T) {
	cases := []struct {
		name string
		a    store.Request // lands between b's reading and its append
		b    store.Request
		// refused, when b's command is refused on the fresh streams.
		refused rules.Rule
		// from is the state b's transition of patient data leaves, when
		// it is accepted: the state after a's command.
		from engine.State
	}{
		{"a notice given to a service suspended meanwhile",
			storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}),
			storetest.Request("2025-02-03", mainConnector, lifecycle.GiveTerminationNotice{Service: patientData, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}),
			"", lifecycle.Suspended},
		{"an approval of an application withdrawn meanwhile",
			storetest.Request("2025-02-03", otherClinic, lifecycle.WithdrawApplication{Service: kelain}),
			storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain}),
			rules.C3, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, a, via, b := twoWriters(t)
			storetest.Accept(t, a, storetest.Request("2025-02-01", otherClinic, storetest.FirstRequest(kelain)))
			require.NoError(t, b.Sync(storetest.Context(t)))
			stream := commitment.PartyStream(tc.b.Party)
			before := versionsOf(t, s)[stream]
			var first store.Outcome
			via.Interpose(1, func() { first = storetest.Accept(t, a, tc.a) })

			out, err := b.Execute(storetest.Context(t), tc.b)

			require.NoError(t, err)
			require.NotEmpty(t, first.Events, "a's command landed first")
			history := storedData(stored(t, s)[stream])
			if tc.refused != "" {
				require.NotNil(t, out.Refusal, "decided again on the fresh stream")
				assert.ErrorIs(t, out.Refusal, tc.refused)
				assert.Equal(t, storetest.EventsOf(first), history[before:], "only a's events are stored")
			} else {
				require.Nil(t, out.Refusal)
				require.Len(t, history, int(before)+len(first.Events)+len(out.Events))
				assert.Equal(t, storetest.EventsOf(first), history[before:before+int64(len(first.Events))], "a's events once, first")
				assert.Equal(t, storetest.EventsOf(out), history[before+int64(len(first.Events)):], "b's events once, after a's")
				assert.Equal(t, map[string]int64{stream: int64(len(history))}, out.Versions)
				var tr commitment.Transitioned
				require.NoError(t, json.Unmarshal(out.Events[0], &tr))
				assert.Equal(t, tc.from, tr.From, "b's act was decided on the state a left")
			}
			assertSameStreams(t, s, a, b)
		})
	}
}

// A writer decides on the streams as the store holds them, not as it last
// read them: an act another writer made possible meanwhile is accepted,
// and one it made impossible is refused.
func TestWriters_StaleViewIsRefreshedBeforeDeciding(t *testing.T) {
	cases := []struct {
		name    string
		a       []store.Request
		b       store.Request
		refused rules.Rule // "" when accepted
	}{
		{"a suspension of a service approved meanwhile", []store.Request{
			storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain}),
		}, storetest.Request("2025-02-04", otherClinic, lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers}), ""},
		{"a later request once the first made the commitment", []store.Request{
			storetest.Request("2025-02-03", otherClinic, lifecycle.ApproveService{Service: kelain}),
		}, storetest.Request("2025-02-04", otherClinic, storetest.LaterRequest(prescription)), ""},
		{"an approval of an application withdrawn meanwhile", []store.Request{
			storetest.Request("2025-02-03", otherClinic, lifecycle.WithdrawApplication{Service: kelain}),
		}, storetest.Request("2025-02-04", otherClinic, lifecycle.ApproveService{Service: kelain}), rules.C3},
		{"a second notice", []store.Request{
			storetest.Request("2025-02-03", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}),
		}, storetest.Request("2025-02-04", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-05-01"), Reason: lifecycle.Reorganisation}), rules.C9},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s, a, _, b := twoWriters(t)
			storetest.Accept(t, a, storetest.Request("2025-02-01", otherClinic, storetest.FirstRequest(kelain)))
			require.NoError(t, b.Sync(storetest.Context(t)))
			for _, req := range tc.a {
				storetest.Accept(t, a, req)
			}
			if tc.refused == "" {
				storetest.Accept(t, b, tc.b)
			} else {
				refuse(t, b, tc.b, tc.refused)
			}
			assertSameStreams(t, s, a, b)
		})
	}
}

// A command that meets a conflict on every attempt gives up with ErrBusy
// after Retries decisions again, and nothing of it is stored, not even its
// key.
func TestWriters_ConflictOnEveryAttemptIsErrBusy(t *testing.T) {
	s, a, via, b := twoWriters(t)
	b.Retries = 2
	n := 0
	via.Interpose(b.Retries+1, func() {
		n++
		storetest.Accept(t, a, storetest.Request("2025-02-03", mainConnector, lifecycle.NameContact{Role: lifecycle.Technical, Name: fmt.Sprintf("Tuki %d", n)}))
	})
	req := keyed(storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}), "busy")
	before := versionsOf(t, s)[commitment.PartyStream(mainConnector)]

	_, err := b.Execute(storetest.Context(t), req)

	require.ErrorIs(t, err, store.ErrBusy)
	assert.Equal(t, b.Retries+1, n, "decided once and again Retries times")
	after := stored(t, s)[commitment.PartyStream(mainConnector)]
	assert.Len(t, after, int(before)+n, "only a's contacts were stored")
	for _, rec := range after[before:] {
		assert.Equal(t, "name-contact", rec.Type)
	}
	_, kept, err := s.Remembered(storetest.Context(t), "busy")
	require.NoError(t, err)
	assert.False(t, kept)
	// Sent again once the others stop, it is decided on what they did.
	out := storetest.Accept(t, b, req)
	assert.False(t, out.Replayed)
}

// A signing (both parties and the new agreement) and a transfer (the giver
// and the receiver) are one append: a conflict on the last stream written
// stores nothing of the others, and the command decided again is stored
// once, whole; given up, it leaves no trace.
func TestWriters_CommandOnSeveralStreamsStaysAtomic(t *testing.T) {
	cases := []struct {
		name     string
		req      store.Request
		conflict string // the party a's command changes meanwhile
		streams  []string
	}{
		{"a signing", storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)), tenantClinic,
			[]string{"agreement/a1", "party/" + mainConnector, "party/" + tenantClinic}},
		{"a transfer", storetest.Request("2025-02-03", mainConnector, lifecycle.TransferCommitment{To: receiver, KelaConsent: true}), receiver,
			[]string{"party/" + mainConnector, "party/" + receiver}},
	}
	for _, tc := range cases {
		for _, busy := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s busy %t", tc.name, busy), func(t *testing.T) {
				s, a, via, b := twoWriters(t)
				storetest.AddParty(t, a, receiver)
				require.NoError(t, b.Sync(storetest.Context(t)))
				before := versionsOf(t, s)
				contact := lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}
				via.Interpose(1, func() { storetest.Accept(t, a, storetest.Request("2025-02-03", tc.conflict, contact)) })
				if busy {
					b.Retries = 0
				}

				out, err := b.Execute(storetest.Context(t), tc.req)

				appended := appendedSince(t, s, before)
				conflict := commitment.PartyStream(lifecycle.PartyID(tc.conflict))
				if busy {
					require.ErrorIs(t, err, store.ErrBusy)
					assert.Equal(t, []string{conflict}, keys(appended), "only a's command is stored")
					assert.Len(t, appended[conflict], 1)
					return
				}
				require.NoError(t, err)
				require.Nil(t, out.Refusal)
				assert.Equal(t, tc.streams, keys(appended))
				var all []string
				for _, stream := range tc.streams {
					recs := appended[stream]
					if stream == conflict {
						require.NotEmpty(t, recs)
						assert.Contains(t, recs[0], `"name-contact"`, "a's contact first")
						recs = recs[1:]
					}
					all = append(all, recs...)
					assert.Equal(t, versionsOf(t, s)[stream], out.Versions[stream])
				}
				assert.ElementsMatch(t, storetest.EventsOf(out), all, "b's command stored once, whole")
				assertSameStreams(t, s, a, b)
			})
		}
	}
}

// A writer that has not read an agreement another writer signed decides
// what a fresh register decides: the tenant's own request for a service
// the agreement covers is refused (J1), a new signing between the same
// parties replaces the earlier agreement (J4), an act on the agreement is
// decided on it, and time ends it. Each command reads the agreements of
// the parties it involves as the store holds them, not as the writer last
// read its parties.
func TestWriters_AgreementSignedByAnotherWriter(t *testing.T) {
	cases := []struct {
		name  string
		check func(t *testing.T, b *store.Register)
	}{
		{"J1: the tenant's own request for a covered service", func(t *testing.T, b *store.Register) {
			refuse(t, b, storetest.Request("2025-02-10", tenantClinic, storetest.FirstRequest(prescription)), rules.J1)
		}},
		{"J4: a new signing replaces it", func(t *testing.T, b *store.Register) {
			storetest.Accept(t, b, storetest.Request("2025-02-10", "", storetest.Signing("a2", mainConnector, tenantClinic, prescription, patientData)))
			a1 := agreementIn(t, b, "a1")
			assert.Equal(t, lifecycle.Ended, a1.State)
			assert.Equal(t, engine.EventID("agreement-replaced"), a1.EndedBy)
		}},
		{"J5: a notice on it", func(t *testing.T, b *store.Register) {
			storetest.Accept(t, b, storetest.Request("2025-02-10", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: storetest.Day("2025-04-01")}))
			assert.Equal(t, lifecycle.NoticeGiven, agreementIn(t, b, "a1").State)
		}},
	}
	for _, tc := range cases {
		// A writer opened after the signing shows what the rules decide;
		// one opened before it must decide the same.
		for _, opened := range []string{"after", "before"} {
			t.Run(tc.name+" opened "+opened, func(t *testing.T) {
				s, a, _, b := twoWriters(t)
				storetest.Accept(t, a, storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)))
				if opened == "after" {
					b = storetest.OpenRegister(t, s, newTestClock().Now)
				}

				tc.check(t, b)

				assertSameStreams(t, s, a, b)
			})
		}
	}
}

// agreementIn returns agreement id as r's register holds it after reading
// the store.
func agreementIn(t testing.TB, r *store.Register, id string) lifecycle.JointAgreement {
	t.Helper()
	var a lifecycle.JointAgreement
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error {
		var ok bool
		a, ok = reg.Agreement(lifecycle.AgreementID(id))
		require.True(t, ok, "no agreement %s", id)
		return nil
	}))
	return a
}

// noticeOn gives notice on party's prescription service on 2025-01-20,
// taking effect on 2025-03-01: its stream falls due then.
func noticeOn(t testing.TB, r *store.Register, party string) {
	t.Helper()
	storetest.Accept(t, r, storetest.Request("2025-01-20", party, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-03-01"), Reason: lifecycle.Reorganisation}))
}

// due returns the streams of s due by day d.
func due(t testing.TB, s store.Store, d string) []string {
	t.Helper()
	out, err := s.Due(storetest.Context(t), storetest.Day(d))
	require.NoError(t, err)
	return out
}

// transitionsBy returns the transitions among recs made by event id.
func transitionsBy(t testing.TB, recs []store.Record, id engine.EventID) []commitment.Transitioned {
	t.Helper()
	var out []commitment.Transitioned
	for _, rec := range recs {
		e, err := commitment.UnmarshalEvent(rec.Data)
		require.NoError(t, err)
		if tr, ok := e.(commitment.Transitioned); ok && tr.Event.EventID() == id {
			out = append(out, tr)
		}
	}
	return out
}

// A termination notice puts its party's stream in the due index on its
// effective day; Advance applies it on that day, once, and the stream
// leaves the index.
func TestAdvance_AppliesADueTerminationOnceAndTakesItOffTheIndex(t *testing.T) {
	s, r := jointSetup(t, newTestClock().Now)
	stream := commitment.PartyStream(mainConnector)
	require.Empty(t, due(t, s, "2030-01-01"), "nothing pending yet")
	noticeOn(t, r, mainConnector)

	assert.Empty(t, due(t, s, "2025-02-28"))
	assert.Equal(t, []string{stream}, due(t, s, "2025-03-01"))
	n, err := r.Advance(storetest.Context(t), storetest.Day("2025-02-28"))
	require.NoError(t, err)
	assert.Zero(t, n, "not due yet")

	n, err = r.Advance(storetest.Context(t), storetest.Day("2025-03-01"))
	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Empty(t, due(t, s, "2030-01-01"), "the stream left the index")
	ended := transitionsBy(t, stored(t, s)[stream], "notice-elapsed")
	require.Len(t, ended, 1)
	assert.Equal(t, storetest.Day("2025-03-01"), ended[0].On)
	assert.Equal(t, string(prescription), ended[0].Subject)

	before := stored(t, s)
	n, err = r.Advance(storetest.Context(t), storetest.Day("2025-03-02"))
	require.NoError(t, err)
	assert.Zero(t, n)
	assert.Equal(t, before, stored(t, s), "nothing is applied twice")
	assertSameStreams(t, s, r)
}

// Advance counts the streams that changed: those due by the day, not
// those due later or not at all.
func TestAdvance_CountsTheStreamsThatChanged(t *testing.T) {
	s, r := jointSetup(t, newTestClock().Now)
	for _, p := range []string{tenantClinic, otherClinic, receiver} {
		if p == receiver {
			storetest.AddParty(t, r, p)
		}
		storetest.TakeIntoUse(t, r, "2025-01-10", p, prescription)
	}
	noticeOn(t, r, mainConnector)
	noticeOn(t, r, tenantClinic)
	storetest.Accept(t, r, storetest.Request("2025-01-20", otherClinic, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}))

	n, err := r.Advance(storetest.Context(t), storetest.Day("2025-03-15"))

	require.NoError(t, err)
	assert.Equal(t, 2, n, "the main connector and the tenant; the other clinic later; the receiver never")
	assert.Equal(t, []string{commitment.PartyStream(otherClinic)}, due(t, s, "2030-01-01"))
}

// Two writers advancing at once apply each due step once: the second to
// append finds the stream changed, reads it again and leaves it.
func TestAdvance_TwoWritersRacingApplyEachStepOnce(t *testing.T) {
	s := store.NewMemory()
	setup := storetest.OpenRegister(t, s, time.Now)
	var parties []string
	for i := range 8 {
		p := fmt.Sprintf("klinikka-%d", i)
		parties = append(parties, p)
		storetest.AddParty(t, setup, p)
		storetest.TakeIntoUse(t, setup, "2025-01-10", p, prescription)
		noticeOn(t, setup, p)
	}
	a, b := storetest.OpenRegister(t, s, time.Now), storetest.OpenRegister(t, s, time.Now)

	var counts [2]int
	var errs [2]error
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, w := range []*store.Register{a, b} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			counts[i], errs[i] = w.Advance(storetest.Context(t), storetest.Day("2025-03-01"))
		}()
	}
	close(start)
	wg.Wait()

	require.NoError(t, errs[0])
	require.NoError(t, errs[1])
	assert.Equal(t, len(parties), counts[0]+counts[1], "each stream changed once, by one writer")
	all := stored(t, s)
	for _, p := range parties {
		assert.Len(t, transitionsBy(t, all[commitment.PartyStream(lifecycle.PartyID(p))], "notice-elapsed"), 1, p)
	}
	assert.Empty(t, due(t, s, "2030-01-01"))
	assertSameStreams(t, s, a, b)
}

// A writer whose append of a due step meets the same step appended by
// another writer reads the stream again and leaves it: it is not counted
// and not applied twice.
func TestAdvance_StepAnotherWriterAppliedFirstIsLeft(t *testing.T) {
	s, a, via, b := twoWriters(t)
	noticeOn(t, a, mainConnector)
	require.NoError(t, b.Sync(storetest.Context(t)))
	var first int
	via.Interpose(1, func() {
		var err error
		first, err = a.Advance(storetest.Context(t), storetest.Day("2025-03-01"))
		require.NoError(t, err)
	})

	n, err := b.Advance(storetest.Context(t), storetest.Day("2025-03-01"))

	require.NoError(t, err)
	assert.Equal(t, 1, first)
	assert.Zero(t, n, "the other writer changed the stream")
	assert.Len(t, transitionsBy(t, stored(t, s)[commitment.PartyStream(mainConnector)], "notice-elapsed"), 1)
	assertSameStreams(t, s, a, b)
}

// An agreement under notice is in the due index too, and a writer that
// did not see it signed ends it on its day.
func TestAdvance_EndsAnAgreementAnotherWriterSigned(t *testing.T) {
	s, a, _, b := twoWriters(t)
	storetest.Accept(t, a, storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)))
	storetest.Accept(t, a, storetest.Request("2025-02-05", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: storetest.Day("2025-04-01")}))
	require.Equal(t, []string{"agreement/a1"}, due(t, s, "2025-04-01"))

	n, err := b.Advance(storetest.Context(t), storetest.Day("2025-04-01"))

	require.NoError(t, err)
	assert.Equal(t, 1, n)
	assert.Equal(t, lifecycle.Ended, agreementIn(t, b, "a1").State)
	assert.Empty(t, due(t, s, "2030-01-01"))
	assertSameStreams(t, s, a, b)
}

// Party as known at a time replays only the events recorded at or before
// it, whatever their effective days; before the party was registered it
// is ErrNotFound.
func TestParty_AsKnownAtReplaysOnlyEventsRecordedByThen(t *testing.T) {
	clock := newTestClock()
	s := store.NewMemory()
	r := storetest.OpenRegister(t, s, clock.Now)
	at := func(h int) time.Time { return time.Date(2025, 2, 1, h, 0, 0, 0, time.UTC) }
	clock.Set(at(9))
	storetest.AddParty(t, r, otherClinic)
	clock.Set(at(10))
	requested := storetest.Accept(t, r, storetest.Request("2025-01-10", otherClinic, storetest.FirstRequest(kelain)))
	clock.Set(at(11))
	storetest.Accept(t, r, storetest.Request("2025-01-10", otherClinic, lifecycle.ApproveService{Service: kelain}))
	clock.Set(at(12))
	// Recorded after the others, effective on the same day as them.
	storetest.Accept(t, r, storetest.Request("2025-01-10", otherClinic, lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers}))

	cases := []struct {
		name    string
		knownAt time.Time
		version int64
		state   engine.State
	}{
		{"when registered", at(9), 1, lifecycle.None},
		{"between two recordings", at(10).Add(30 * time.Minute), requested.Versions[commitment.PartyStream(otherClinic)], lifecycle.Requested},
		{"at a recording", at(11), 0, lifecycle.Active},
		{"a microsecond before one", at(12).Add(-time.Microsecond), 0, lifecycle.Active},
		{"now", time.Time{}, int64(len(stored(t, s)[commitment.PartyStream(otherClinic)])), lifecycle.Suspended},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, v, err := r.Party(storetest.Context(t), otherClinic, tc.knownAt)
			require.NoError(t, err)
			if tc.version != 0 {
				assert.Equal(t, tc.version, v)
			}
			assert.Equal(t, int(v), c.Version())
			assert.Equal(t, tc.state, c.State(kelain))
		})
	}
	_, _, err := r.Party(storetest.Context(t), otherClinic, at(9).Add(-time.Microsecond))
	assert.ErrorIs(t, err, store.ErrNotFound, "before it was registered")
	_, _, err = r.Party(storetest.Context(t), "nobody", time.Time{})
	assert.ErrorIs(t, err, store.ErrNotFound, "never registered")
}
