package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	kanta "github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/store"
	"github.com/kantakit/kanta/store/sqlstore"
	"github.com/kantakit/kanta/store/storetest"
)

// The Register (package store) kept in SQLite and PostgreSQL, with each
// writer on a *sql.DB of its own, as in another process: reopening gives
// the same register, stale writers decide again, commands over several
// streams stay whole, a crowd of writers loses and doubles nothing, the
// due index is raced, parties are read as known at a time, and a history
// changed behind the store's back is not loaded. The same behaviour on
// the memory store is in package store's register_test.go.

// Short names for the services and parties of these tests.
const (
	prescription  = lifecycle.Prescription
	patientData   = lifecycle.PatientDataRepository
	kelain        = lifecycle.Kelain
	mainConnector = "laakarikeskus"
	tenantClinic  = "pieniklinikka"
	receiver      = "uusiyhtio"
)

// writerOn opens a Register on the database at dsn through a *sql.DB and a
// store of its own, as another process would: it shares nothing with the
// other writers but the database.
func writerOn(t testing.TB, e engine, dsn string, clock func() time.Time) (*store.Register, *sqlstore.Store) {
	t.Helper()
	s, err := sqlstore.Open(storetest.Context(t), openDB(t, e, dsn), e.dialect)
	require.NoError(t, err)
	t.Cleanup(func() { s.Close() })
	return storetest.OpenRegister(t, s, clock), s
}

// jointParties registers the main connector, the tenant and the receiver
// (in the order of their names) and takes the main connector's services
// into use on 2025-01-10.
func jointParties(t testing.TB, r *store.Register) {
	t.Helper()
	for _, p := range []string{mainConnector, tenantClinic, receiver} {
		storetest.AddParty(t, r, p)
	}
	storetest.TakeIntoUse(t, r, "2025-01-10", mainConnector, prescription, patientData)
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

// streamsJSON returns the JSON of every stream's state in reg, by stream:
// each party's commitment and each agreement with its history, whatever
// the order reg learnt of them.
func streamsJSON(t testing.TB, reg *commitment.Register) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, id := range reg.Parties() {
		c, _ := reg.Commitment(id)
		b, err := json.Marshal(c)
		require.NoError(t, err)
		out[commitment.PartyStream(id)] = string(b)
	}
	for _, a := range reg.Agreements() {
		b, err := json.Marshal(struct {
			Agreement lifecycle.JointAgreement `json:"agreement"`
			History   []commitment.Event       `json:"history"`
		}{a, reg.AgreementHistory(a.ID)})
		require.NoError(t, err)
		out[commitment.AgreementStream(a.ID)] = string(b)
	}
	return out
}

// streamsOf is streamsJSON of r's register brought up to date with its
// store.
func streamsOf(t testing.TB, r *store.Register) map[string]string {
	t.Helper()
	var out map[string]string
	require.NoError(t, r.Read(storetest.Context(t), func(reg *commitment.Register) error {
		out = streamsJSON(t, reg)
		return nil
	}))
	return out
}

// assertSameStreams asserts that every Register in rs holds what a
// Register newly opened on the database holds, stream by stream.
func assertSameStreams(t testing.TB, fresh *store.Register, rs ...*store.Register) {
	t.Helper()
	want := streamsOf(t, fresh)
	for i, r := range rs {
		assert.Equal(t, want, streamsOf(t, r), "writer %d holds what the store holds", i)
	}
}

// storedData returns the data of every event of s, by stream.
func storedData(t testing.TB, s store.Store) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	require.NoError(t, s.Scan(storetest.Context(t), "", time.Time{}, func(rec store.Record) error {
		out[rec.Stream] = append(out[rec.Stream], string(rec.Data))
		return nil
	}))
	return out
}

// A Register opened on the database on a new connection is the writer's
// register, byte for byte: every event goes through the database's types
// and back unchanged.
func TestRegister_ReopenedOnTheDatabaseIsTheSameRegister(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		w, _ := writerOn(t, e, dsn, time.Now)
		jointParties(t, w)
		storetest.Accept(t, w, storetest.Request("2025-01-15", mainConnector, lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tuki", Email: "tuki@example.fi", Phone: "+358 40 123 4567"}))
		storetest.Accept(t, w, storetest.Request("2025-01-20", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}))
		storetest.Accept(t, w, storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)))
		storetest.Accept(t, w, storetest.Request("2025-02-05", "", lifecycle.GiveJointAgreementNotice{Agreement: "a1", By: tenantClinic, Effective: storetest.Day("2025-04-01")}))
		storetest.Accept(t, w, storetest.Request("2025-02-10", mainConnector, lifecycle.GiveTerminationNotice{Service: patientData, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}))
		n, err := w.Advance(storetest.Context(t), storetest.Day("2025-04-01"))
		require.NoError(t, err)
		require.Equal(t, 2, n)
		storetest.Accept(t, w, storetest.Request("2025-04-02", mainConnector, lifecycle.TransferCommitment{To: receiver, KelaConsent: true}))
		want := registerJSON(t, w)
		require.Contains(t, want, "+358 40 123 4567")

		again, _ := writerOn(t, e, dsn, time.Now)
		assert.Equal(t, want, registerJSON(t, again))
	})
}

// twoWriters sets up the joint parties in a new database and opens two
// writers on it, each on its own connections; b writes through the
// returned interposed store.
func twoWriters(t *testing.T, e engine) (dsn string, a *store.Register, via *storetest.Interposed, b *store.Register) {
	t.Helper()
	dsn = e.fresh(t)
	a, _ = writerOn(t, e, dsn, time.Now)
	jointParties(t, a)
	_, sb := writerOn(t, e, dsn, time.Now)
	via = &storetest.Interposed{Store: sb}
	return dsn, a, via, storetest.OpenRegister(t, via, time.Now)
}

// A writer on its own connections that decided on a stream another writer
// changed before its append is refused by the database and decides again
// on the fresh stream; a writer that last read a stream before another
// changed it decides on the stream as the database holds it.
func TestRegister_StaleWriterDecidesOnTheStreamsTheDatabaseHolds(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		t.Run("conflict", func(t *testing.T) {
			dsn, a, via, b := twoWriters(t, e)
			stream := commitment.PartyStream(mainConnector)
			before := len(storedData(t, via)[stream])
			var first store.Outcome
			via.Interpose(1, func() {
				first = storetest.Accept(t, a, storetest.Request("2025-02-03", mainConnector, lifecycle.SuspendService{Service: patientData, Reason: lifecycle.Endangers}))
			})

			out := storetest.Accept(t, b, storetest.Request("2025-02-03", mainConnector, lifecycle.GiveTerminationNotice{Service: patientData, Effective: storetest.Day("2025-04-01"), Reason: lifecycle.Reorganisation}))

			history := storedData(t, via)[stream]
			require.Len(t, history, before+len(first.Events)+len(out.Events), "each command once")
			assert.Equal(t, storetest.EventsOf(first), history[before:before+len(first.Events)])
			assert.Equal(t, storetest.EventsOf(out), history[before+len(first.Events):])
			assert.Equal(t, map[string]int64{stream: int64(len(history))}, out.Versions)
			var tr commitment.Transitioned
			require.NoError(t, json.Unmarshal(out.Events[0], &tr))
			assert.Equal(t, lifecycle.Suspended, tr.From, "decided on the suspension")
			fresh, _ := writerOn(t, e, dsn, time.Now)
			assertSameStreams(t, fresh, a, b)
		})
		t.Run("stale view", func(t *testing.T) {
			dsn, a, _, b := twoWriters(t, e)
			storetest.Accept(t, a, storetest.Request("2025-02-01", receiver, storetest.FirstRequest(kelain)))
			require.NoError(t, b.Sync(storetest.Context(t)))
			storetest.Accept(t, a, storetest.Request("2025-02-03", receiver, lifecycle.ApproveService{Service: kelain}))

			storetest.Accept(t, b, storetest.Request("2025-02-04", receiver, lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers}))

			fresh, _ := writerOn(t, e, dsn, time.Now)
			assertSameStreams(t, fresh, a, b)
		})
	})
}

// A signing writes three streams and a transfer two, in one transaction,
// in the order of their names. A conflict on the last of them rolls back
// the writes to the others: given up (ErrBusy), nothing of the command is
// stored; decided again, it is stored once, whole.
func TestRegister_CommandOnSeveralStreamsIsOneTransaction(t *testing.T) {
	cases := []struct {
		name     string
		req      store.Request
		conflict string // the party another writer changes meanwhile, last by name
		streams  []string
	}{
		{"signing", storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)), tenantClinic,
			[]string{"agreement/a1", "party/" + mainConnector, "party/" + tenantClinic}},
		{"transfer", storetest.Request("2025-02-03", mainConnector, lifecycle.TransferCommitment{To: receiver, KelaConsent: true}), receiver,
			[]string{"party/" + mainConnector, "party/" + receiver}},
	}
	forEachEngine(t, func(t *testing.T, e engine) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				require.Equal(t, tc.streams[len(tc.streams)-1], "party/"+tc.conflict, "the conflict is on the stream written last")
				dsn, a, via, b := twoWriters(t, e)
				before := storedData(t, via)
				n := 0
				contact := func() {
					n++
					storetest.Accept(t, a, storetest.Request("2025-02-03", tc.conflict, lifecycle.NameContact{Role: lifecycle.Communications, Name: fmt.Sprintf("Viestintä %d", n)}))
				}

				b.Retries = 0
				via.Interpose(1, contact)
				_, err := b.Execute(storetest.Context(t), tc.req)
				require.ErrorIs(t, err, store.ErrBusy)
				after := storedData(t, via)
				for _, stream := range tc.streams {
					want := len(before[stream])
					if stream == "party/"+tc.conflict {
						want++
					}
					assert.Len(t, after[stream], want, "%s: nothing of the command given up", stream)
				}

				b.Retries = 8
				via.Interpose(1, contact)
				out := storetest.Accept(t, b, tc.req)
				final := storedData(t, via)
				var all []string
				for _, stream := range tc.streams {
					from := len(after[stream])
					if stream == "party/"+tc.conflict {
						from++
					}
					all = append(all, final[stream][from:]...)
					assert.Equal(t, int64(len(final[stream])), out.Versions[stream], stream)
				}
				assert.ElementsMatch(t, storetest.EventsOf(out), all, "the command stored once, whole")
				fresh, _ := writerOn(t, e, dsn, time.Now)
				assertSameStreams(t, fresh, a, b)
			})
		}
	})
}

// Shape of the crowd of writers: writers Registers, each on its own
// *sql.DB, each with workers goroutines sending commands; the parties
// every writer works on, besides one of its own per worker.
const (
	crowdWriters  = 3
	crowdWorkers  = 2
	crowdCommands = 30
	crowdShared   = 2
)

// sent is a command a worker sent and what it was told.
type sent struct {
	req store.Request
	out store.Outcome
}

// crowdAct returns a random act on party's services, accepted or refused
// depending on what the others did; n makes contact names unique.
func crowdAct(rng *rand.Rand, n string) lifecycle.Act {
	s := []lifecycle.ServiceID{prescription, patientData, kelain}[rng.IntN(3)]
	switch rng.IntN(9) {
	case 0:
		return storetest.FirstRequest(s)
	case 1:
		return storetest.LaterRequest(s)
	case 2, 3:
		return lifecycle.ApproveService{Service: s}
	case 4:
		return lifecycle.SuspendService{Service: s, Reason: lifecycle.Endangers}
	case 5:
		return lifecycle.DemonstrateCorrection{Service: s}
	case 6:
		return lifecycle.WithdrawApplication{Service: s}
	case 7:
		return lifecycle.GiveTerminationNotice{Service: s, Effective: storetest.Day("2025-09-01"), Reason: lifecycle.Reorganisation}
	}
	return lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä " + n}
}

// conflictCounter is a Store that counts the appends refused with
// ErrConflict.
type conflictCounter struct {
	store.Store
	n *atomic.Int64
}

func (s *conflictCounter) Append(ctx context.Context, cmd store.Command) (store.Appended, error) {
	got, err := s.Store.Append(ctx, cmd)
	if errors.Is(err, store.ErrConflict) {
		s.n.Add(1)
	}
	return got, err
}

// Several writers, each on its own connections with a pool of goroutines,
// send a mix of acts, accepted and refused, to parties they share and to
// parties of their own; some commands carry a key and are sent again, to
// the same writer or another. Afterwards every acknowledged event is
// stored exactly once, at the version its writer was told, and nothing
// else is stored; the register opened on the database equals the one
// built by applying the acknowledged outcomes in the order the database
// holds them; every writer holds it too; and a command sent again was
// answered with its first outcome and applied once.
func TestRegister_CrowdOfWritersLosesAndDoublesNothing(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		setup, _ := writerOn(t, e, dsn, time.Now)
		var parties []string
		for i := range crowdShared {
			parties = append(parties, fmt.Sprintf("jaettu-%d", i))
		}
		for w := range crowdWriters {
			for g := range crowdWorkers {
				parties = append(parties, fmt.Sprintf("oma-%d-%d", w, g))
			}
		}
		sort.Strings(parties)
		for _, p := range parties {
			storetest.AddParty(t, setup, p)
		}
		writers := make([]*store.Register, crowdWriters)
		var conflicts atomic.Int64
		for w := range writers {
			s, err := sqlstore.Open(storetest.Context(t), openDB(t, e, dsn), e.dialect)
			require.NoError(t, err)
			writers[w] = storetest.OpenRegister(t, &conflictCounter{Store: s, n: &conflicts}, time.Now)
			writers[w].Retries = 50
		}

		var (
			mu     sync.Mutex
			acked  []sent
			resent []sent // the answers to commands sent again
			busy   int
			wg     sync.WaitGroup
		)
		start := make(chan struct{})
		for w := range crowdWriters {
			for g := range crowdWorkers {
				wg.Add(1)
				go func() {
					defer wg.Done()
					rng := rand.New(rand.NewPCG(uint64(w), uint64(g)))
					ctx := storetest.Context(t)
					<-start
					for c := range crowdCommands {
						party := fmt.Sprintf("oma-%d-%d", w, g)
						if rng.IntN(2) == 0 {
							party = fmt.Sprintf("jaettu-%d", rng.IntN(crowdShared))
						}
						n := fmt.Sprintf("w%d-g%d-c%d", w, g, c)
						req := storetest.Request("2025-03-03", party, crowdAct(rng, n))
						if rng.IntN(3) == 0 {
							req.Key = n
						}
						out, err := writers[w].Execute(ctx, req)
						if errors.Is(err, store.ErrBusy) {
							mu.Lock()
							busy++
							mu.Unlock()
							continue
						}
						if err != nil {
							t.Errorf("%s: %v", n, err)
							return
						}
						mu.Lock()
						acked = append(acked, sent{req, out})
						mu.Unlock()
						if req.Key == "" {
							continue
						}
						// The client lost the answer and sends it again, to
						// its writer or to another.
						again, err := writers[(w+rng.IntN(crowdWriters))%crowdWriters].Execute(ctx, req)
						if err != nil {
							t.Errorf("%s sent again: %v", n, err)
							return
						}
						mu.Lock()
						resent = append(resent, sent{req, again})
						mu.Unlock()
					}
				}()
			}
		}
		close(start)
		wg.Wait()
		if t.Failed() {
			return
		}
		t.Logf("%d commands acknowledged, %d sent again, %d given up busy, %d appends refused by the database as stale",
			len(acked), len(resent), busy, conflicts.Load())

		firsts := map[string]store.Outcome{}
		accepted, refused := 0, 0
		for _, a := range acked {
			require.False(t, a.out.Replayed, "%s: the first answer is no replay", a.req.Key)
			if a.req.Key != "" {
				firsts[a.req.Key] = a.out
			}
			if a.out.Refusal != nil {
				refused++
			} else {
				accepted++
			}
		}
		require.NotZero(t, accepted, "the mix has accepted acts")
		require.NotZero(t, refused, "the mix has refused acts")
		require.NotEmpty(t, resent, "some commands were sent again")
		for _, r := range resent {
			assert.True(t, r.out.Replayed, "%s sent again is replayed", r.req.Key)
			first := firsts[r.req.Key]
			assert.Equal(t, storetest.EventsOf(first), storetest.EventsOf(r.out), "%s sent again: the first outcome", r.req.Key)
			assert.Equal(t, first.Versions, r.out.Versions, r.req.Key)
			assert.Equal(t, first.Refusal, r.out.Refusal, r.req.Key)
		}

		// Every stored event is the registration or belongs to exactly one
		// acknowledged outcome, at the versions it was told.
		reader, rs := writerOn(t, e, dsn, time.Now)
		stored := storedData(t, rs)
		type at struct {
			stream string
			seq    int
		}
		owner := map[at]string{}
		var applied []commitment.Change
		for _, a := range acked {
			if a.out.Refusal != nil {
				continue
			}
			require.Len(t, a.out.Versions, 1, "an act on a party without agreements touches its stream only")
			for stream, v := range a.out.Versions {
				from := int(v) - len(a.out.Events)
				var events []commitment.Event
				for i, data := range storetest.EventsOf(a.out) {
					pos := at{stream, from + i + 1}
					if prev, twice := owner[pos]; twice {
						t.Errorf("%s event %d is told to both %q and %s", stream, pos.seq, prev, a.req.Act.EventID())
					}
					owner[pos] = string(a.req.Act.EventID())
					if assert.Greater(t, len(stored[stream]), from+i, "%s event %d is stored", stream, pos.seq) {
						assert.Equal(t, stored[stream][from+i], data, "%s event %d is what was told", stream, pos.seq)
					}
					ev, err := commitment.UnmarshalEvent(a.out.Events[i])
					require.NoError(t, err)
					events = append(events, ev)
				}
				applied = append(applied, commitment.Change{Stream: stream, Version: from, Events: events})
			}
		}
		for stream, data := range stored {
			for seq := 2; seq <= len(data); seq++ {
				_, ok := owner[at{stream, seq}]
				assert.True(t, ok, "%s event %d was acknowledged to nobody", stream, seq)
			}
		}

		// The register built from the acknowledged outcomes in the order
		// the database holds them is the register opened on it.
		sort.Slice(applied, func(i, j int) bool {
			if applied[i].Stream != applied[j].Stream {
				return applied[i].Stream < applied[j].Stream
			}
			return applied[i].Version < applied[j].Version
		})
		built := commitment.NewRegister()
		for _, p := range parties {
			require.NoError(t, built.Apply([]commitment.Change{{Stream: commitment.PartyStream(lifecycle.PartyID(p)), Events: []commitment.Event{commitment.Registered{Customer: storetest.Customer(p)}}}}))
		}
		for _, ch := range applied {
			require.NoError(t, built.Apply([]commitment.Change{ch}), "%s at %d", ch.Stream, ch.Version)
		}
		assert.Equal(t, streamsJSON(t, built), streamsOf(t, reader))
		assertSameStreams(t, reader, writers...)
		for _, p := range parties {
			_, v, err := reader.Party(storetest.Context(t), lifecycle.PartyID(p), time.Time{})
			require.NoError(t, err)
			assert.Equal(t, int64(built.Version(commitment.PartyStream(lifecycle.PartyID(p)))), v, p)
		}
	})
}

// Two writers on their own connections advancing to the same day apply
// each due step once between them, and the streams leave the due index.
func TestRegister_AdvanceRacedByTwoWritersAppliesEachStepOnce(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		setup, s := writerOn(t, e, dsn, time.Now)
		var parties []string
		for i := range 6 {
			p := fmt.Sprintf("klinikka-%d", i)
			parties = append(parties, p)
			storetest.AddParty(t, setup, p)
			storetest.TakeIntoUse(t, setup, "2025-01-10", p, prescription)
			storetest.Accept(t, setup, storetest.Request("2025-01-20", p, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-03-01"), Reason: lifecycle.Reorganisation}))
		}
		due, err := s.Due(storetest.Context(t), storetest.Day("2025-03-01"))
		require.NoError(t, err)
		require.Len(t, due, len(parties))
		a, _ := writerOn(t, e, dsn, time.Now)
		b, _ := writerOn(t, e, dsn, time.Now)

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
		assert.Equal(t, len(parties), counts[0]+counts[1])
		for _, p := range parties {
			n := 0
			for _, data := range storedData(t, s)[commitment.PartyStream(lifecycle.PartyID(p))] {
				if strings.Contains(data, `"event":"notice-elapsed"`) {
					n++
				}
			}
			assert.Equal(t, 1, n, "%s's notice elapsed once", p)
		}
		due, err = s.Due(storetest.Context(t), storetest.Day("2030-01-01"))
		require.NoError(t, err)
		assert.Empty(t, due)
		assertSameStreams(t, setup, a, b)
	})
}

// The database keeps recording times to the microsecond, rounded down: a
// party as known at the very time of a recording (to the nanosecond the
// clock gave) includes it, as known a microsecond earlier does not.
func TestRegister_PartyAsKnownAtTheMicrosecond(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		var mu sync.Mutex
		now := time.Date(2025, 2, 1, 9, 0, 0, 0, time.FixedZone("EET", 2*3600))
		clock := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
		set := func(t time.Time) { mu.Lock(); defer mu.Unlock(); now = t }
		registered := now.Add(700 * time.Nanosecond)
		requested := registered.Add(time.Second + 300*time.Nanosecond)
		w, _ := writerOn(t, e, e.fresh(t), clock)
		set(registered)
		storetest.AddParty(t, w, receiver)
		set(requested)
		storetest.Accept(t, w, storetest.Request("2025-01-10", receiver, storetest.FirstRequest(kelain)))

		cases := []struct {
			name    string
			knownAt time.Time
			state   kanta.State // None: registered only
		}{
			{"at the registration", registered, lifecycle.None},
			{"at its microsecond", registered.Truncate(time.Microsecond), lifecycle.None},
			{"at the request", requested, lifecycle.Requested},
			{"a microsecond before the request", requested.Truncate(time.Microsecond).Add(-time.Nanosecond), lifecycle.None},
			{"in UTC", requested.UTC(), lifecycle.Requested},
		}
		for _, tc := range cases {
			c, v, err := w.Party(storetest.Context(t), receiver, tc.knownAt)
			require.NoError(t, err, tc.name)
			assert.Equal(t, tc.state, c.State(kelain), tc.name)
			if tc.state == lifecycle.None {
				assert.Equal(t, int64(1), v, tc.name)
			}
		}
		_, _, err := w.Party(storetest.Context(t), receiver, registered.Truncate(time.Microsecond).Add(-time.Nanosecond))
		assert.ErrorIs(t, err, store.ErrNotFound)
	})
}

// An event changed in the database behind the store's back makes Open
// fail with an error naming its stream, rather than load a state the
// writers never decided: whether the change breaks the history's rules or
// leaves a history that would replay. The store keeps a chain hash of
// every event, which a changed event no longer matches.
func TestRegister_TamperedEventFailsOpenNamingTheStream(t *testing.T) {
	cases := []struct {
		name   string
		stream string
		seq    int
		change func(data string) string
	}{
		{"a transition's target state", "party/" + mainConnector, 7, func(d string) string {
			return strings.Replace(d, `"to":"active"`, `"to":"suspended"`, 1)
		}},
		{"an unreadable event", "party/" + mainConnector, 7, func(string) string { return `{"type":"no-such-event"}` }},
		{"the customer's name", "party/" + mainConnector, 1, func(d string) string {
			return strings.Replace(d, `"id":"laakarikeskus"`, `"id":"laakarikeskus","name":"Väärä Oy"`, 1)
		}},
		{"a contact's email", "party/" + mainConnector, 0, func(d string) string {
			return strings.Replace(d, "tuki@example.fi", "huijari@example.com", 1)
		}},
		{"a termination's effective day", "party/" + mainConnector, 0, func(d string) string {
			return strings.Replace(d, `"effective":"2025-06-01"`, `"effective":"2025-09-01"`, 1)
		}},
		{"an agreement's services", "agreement/a1", 2, func(d string) string {
			return strings.Replace(d, `"services":["prescription"]`, `"services":["prescription","patient-data-repository"]`, 1)
		}},
	}
	forEachEngine(t, func(t *testing.T, e engine) {
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				dsn := e.fresh(t)
				w, _ := writerOn(t, e, dsn, time.Now)
				jointParties(t, w)
				storetest.Accept(t, w, storetest.Request("2025-01-15", mainConnector, lifecycle.NameContact{Role: lifecycle.Technical, Name: "Tekninen Tuki", Email: "tuki@example.fi"}))
				storetest.Accept(t, w, storetest.Request("2025-01-20", mainConnector, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-06-01"), Reason: lifecycle.Reorganisation}))
				storetest.Accept(t, w, storetest.Request("2025-02-03", "", storetest.Signing("a1", mainConnector, tenantClinic, prescription)))
				db := openDB(t, e, dsn)
				tamper(t, db, tc.stream, tc.seq, tc.change)

				s, err := sqlstore.Open(storetest.Context(t), db, e.dialect)
				require.NoError(t, err)
				_, err = store.Open(storetest.Context(t), s, time.Now)

				require.Error(t, err, "a changed event is not loaded")
				assert.Contains(t, err.Error(), tc.stream)
			})
		}
	})
}

// tamper changes the data of event seq of stream in the database with
// change, or, with seq 0, of the first event change alters. It fails the
// test unless exactly one event changed.
func tamper(t *testing.T, db execQuerier, stream string, seq int, change func(string) string) {
	t.Helper()
	ctx := storetest.Context(t)
	rows, err := db.QueryContext(ctx, `SELECT seq, data FROM events WHERE stream = $1 ORDER BY seq`, stream)
	require.NoError(t, err)
	var found int64
	var changed string
	for rows.Next() {
		var s int64
		var data []byte
		require.NoError(t, rows.Scan(&s, &data))
		if found != 0 || (seq != 0 && s != int64(seq)) {
			continue
		}
		if c := change(string(data)); c != string(data) {
			found, changed = s, c
		}
	}
	require.NoError(t, rows.Err())
	require.NoError(t, rows.Close())
	require.NotZero(t, found, "no event of %s to change", stream)
	res, err := db.ExecContext(ctx, `UPDATE events SET data = $1 WHERE stream = $2 AND seq = $3`, []byte(changed), stream, found)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	require.Equal(t, int64(1), n)
}

// execQuerier is what tamper reads and writes the database with.
type execQuerier interface {
	execer
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// One stream that cannot advance holds back no other: Advance reports it,
// naming it, and advances the rest.
func TestAdvance_AStreamThatFailsHoldsBackNoOther(t *testing.T) {
	forEachEngine(t, func(t *testing.T, e engine) {
		dsn := e.fresh(t)
		w, _ := writerOn(t, e, dsn, time.Now)
		storetest.AddParty(t, w, mainConnector)
		storetest.AddParty(t, w, tenantClinic)
		// A second writer, opened now, reads the notices below only when it
		// advances, and finds the main connector's changed in the database.
		second, _ := writerOn(t, e, dsn, time.Now)
		for _, p := range []string{mainConnector, tenantClinic} {
			storetest.TakeIntoUse(t, w, "2025-01-10", p, prescription)
			storetest.Accept(t, w, storetest.Request("2025-01-20", p, lifecycle.GiveTerminationNotice{Service: prescription, Effective: storetest.Day("2025-06-01"), Reason: lifecycle.Reorganisation}))
		}
		tamper(t, openDB(t, e, dsn), "party/"+mainConnector, 0, func(d string) string {
			return strings.Replace(d, `"effective":"2025-06-01"`, `"effective":"2025-06-02"`, 1)
		})

		n, err := second.Advance(storetest.Context(t), storetest.Day("2025-07-01"))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "party/"+mainConnector)
		assert.Equal(t, 1, n, "the tenant's stream advanced all the same")
		c, _, err := second.Party(storetest.Context(t), tenantClinic, time.Time{})
		require.NoError(t, err)
		assert.Equal(t, lifecycle.Terminated, c.State(prescription))
	})
}
