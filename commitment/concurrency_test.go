package commitment_test

// The concurrency contract of Commitment and Register (run with -race):
// Execute, Advance and Apply are serialised and atomic, so acts apply in
// some serial order; Check, Explain, Decide and the queries share a lock,
// so they never block one another and never see an act half done; nothing
// accepted is lost. The tests hold no sleeps and assert no timing: a
// broken lock shows as a data race, a wrong count, a snapshot that does not
// restore, or, for the tests of shared locks, a deadlock that go test's
// -timeout reports.

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// eventTally counts what accepted acts recorded, by kind of event.
type eventTally struct {
	events, transitions, acted, accepted atomic.Int64
}

// add counts the events of one accepted act.
func (t *eventTally) add(events []commitment.Event) {
	t.accepted.Add(1)
	t.events.Add(int64(len(events)))
	for _, e := range events {
		switch e.(type) {
		case commitment.Transitioned:
			t.transitions.Add(1)
		case commitment.Acted:
			t.acted.Add(1)
		}
	}
}

// countRecorded counts transitions and acts on records in a history.
func countRecorded(h []commitment.Event) (transitions, acted int64) {
	for _, e := range h {
		switch e.(type) {
		case commitment.Transitioned:
			transitions++
		case commitment.Acted:
			acted++
		}
	}
	return
}

// runConcurrently runs writers, each once, while readers run in a loop, all
// starting together; it returns when every writer is done and the readers
// have stopped, with the number of reader rounds.
func runConcurrently(writers []func(), readers []func(round int)) int64 {
	var w, r sync.WaitGroup
	begin, done := make(chan struct{}), make(chan struct{})
	var rounds atomic.Int64
	for _, f := range writers {
		w.Add(1)
		go func() { defer w.Done(); <-begin; f() }()
	}
	for _, f := range readers {
		r.Add(1)
		go func() {
			defer r.Done()
			<-begin
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				f(i)
				rounds.Add(1)
				// Readers busy on both processors would keep a woken writer
				// waiting for its time slice: let it run.
				runtime.Gosched()
			}
		}()
	}
	close(begin)
	w.Wait()
	close(done)
	r.Wait()
	return rounds.Load()
}

// Many goroutines act on one commitment and query it. Each writer suspends
// and reinstates its own service; one names and removes contacts; one
// takes apps through their lifecycle; readers call every query, Check,
// Explain and Advance, and restore snapshots. Every act is recorded once
// and atomically, and the history replays to the same commitment.
func TestConcurrency_ActsAndQueriesOnOneCommitment(t *testing.T) {
	const ops = 120
	services := []lifecycle.ServiceID{prescription, patientData, imaging, lifecycle.ConsentService, kelain, lifecycle.MedicinesDatabase}
	// An app vendor may use services too.
	c := customerWith(t, lifecycle.AppVendor, "2025-01-10", services...)
	on := day("2025-01-11")
	start := c.Version()
	startTransitions, startActed := countRecorded(c.History())
	var tally eventTally

	exec := func(act lifecycle.Act) {
		events, err := c.Execute(on, act)
		if assert.NoError(t, err, "%s", act.EventID()) {
			assert.NotEmpty(t, events)
			tally.add(events)
		}
	}
	var writers []func()
	for _, s := range services {
		writers = append(writers, func() {
			reasons := lifecycle.SuspensionReasons()
			for i := range ops {
				if i%2 == 0 {
					exec(lifecycle.SuspendService{Service: s, Reason: reasons[i/2%len(reasons)]})
				} else {
					exec(lifecycle.DemonstrateCorrection{Service: s})
				}
			}
		})
	}
	writers = append(writers, func() {
		for i := range ops {
			name := fmt.Sprintf("Henkilö %d", i/2)
			if i%2 == 0 {
				exec(lifecycle.NameContact{Role: lifecycle.Technical, Name: name})
			} else {
				exec(lifecycle.RemoveContact{Role: lifecycle.Technical, Name: name})
			}
		}
	}, func() {
		for i := range ops / 6 {
			app := lifecycle.AppID(fmt.Sprintf("sovellus-%d", i))
			for _, act := range []lifecycle.Act{
				lifecycle.RegisterApp{App: app, Signatory: lifecycle.TradeRegister},
				lifecycle.PassAppJointTesting{App: app},
				lifecycle.CertifyApp{App: app, ValviraRegistered: true, AuditValidUntil: on.AddDays(365)},
				lifecycle.ConnectApp{App: app},
				lifecycle.SuspendApp{App: app, Reason: "breach"},
				lifecycle.DemonstrateAppCorrection{App: app},
			} {
				exec(act)
			}
		}
	})

	var last atomic.Int64
	readers := []func(int){
		func(int) {
			v := int64(c.Version())
			assert.GreaterOrEqual(t, v, last.Load(), "the history only grows")
			last.Store(v)
			assert.Equal(t, lifecycle.Active, c.Customership())
			for _, u := range c.Services() {
				// Never between an act's effects: the state and the
				// suspension reasons agree.
				assert.Equal(t, u.State == lifecycle.Suspended, u.Suspensions.Len() > 0, "%s", u.Service)
			}
			for _, a := range c.Apps() {
				assert.Equal(t, a.State == lifecycle.Suspended, a.KelaSuspension != "", "%s", a.ID)
			}
			assert.Len(t, c.Services(), len(services))
			_, _ = c.Service(kelain)
			_ = c.State(kelain)
			_, _ = c.App("sovellus-0")
			_ = c.Contacts()
			_ = c.Pharmacies()
			_ = c.Acceptances()
			_ = c.Agreements()
			_ = c.Customer()
			_ = c.CustomershipRecord()
			_ = c.Today()
			_, _ = c.NextDue()
			_ = c.ObligationsDue(on, on.AddDays(400))
			_ = c.StandingObligations()
			_ = c.Usage(commitment.UsagePolicy{BillSuspended: true})
		},
		func(int) {
			assert.NoError(t, c.Check(on, lifecycle.SuspendService{All: true, Reason: lifecycle.Endangers}))
			blockers, err := c.Explain(on, lifecycle.ApproveService{Service: kelain})
			assert.NoError(t, err)
			assert.NotEmpty(t, blockers, "a service in use is not approved again")
			events, err := c.Advance(on)
			assert.NoError(t, err)
			assert.Empty(t, events, "nothing falls due on the day itself")
		},
		// A snapshot taken during the writes restores: its state is what
		// its history produces, so no act was seen half done.
		func(i int) {
			if i%4 != 0 {
				_ = c.History()
				return
			}
			data := marshal(t, c)
			back, err := commitment.Restore(data)
			if assert.NoError(t, err, "a snapshot taken during the writes does not restore") {
				assert.Equal(t, string(data), string(marshal(t, back)))
			}
		},
	}
	rounds := runConcurrently(writers, readers)
	t.Logf("%d rounds of queries while %d acts recorded %d events", rounds, tally.accepted.Load(), tally.events.Load())

	h := c.History()
	assert.Len(t, h, start+int(tally.events.Load()), "the history grew by exactly the events returned")
	transitions, acted := countRecorded(h)
	assert.Equal(t, tally.transitions.Load(), transitions-startTransitions, "every accepted transition recorded once")
	assert.Equal(t, tally.acted.Load(), acted-startActed, "every accepted act on the records recorded once")
	assert.Equal(t, int64(len(services)*ops+ops/6*6), tally.transitions.Load(), "one transition for each suspension, correction and app step")
	assert.Equal(t, int64(ops), tally.acted.Load())
	assert.Empty(t, c.Contacts())
	for _, s := range services {
		assert.Equal(t, lifecycle.Active, c.State(s), s)
	}
	replayed, err := commitment.Replay(h)
	require.NoError(t, err)
	assert.Equal(t, string(marshal(t, c)), string(marshal(t, replayed)))
}

// Goroutines that race for the same service apply in some serial order:
// each act is accepted or refused as the state it met allows, the accepted
// ones are all in the history, and the history replays, so it is a serial
// history that the terms allow.
func TestConcurrency_RacingActsApplyInASerialOrder(t *testing.T) {
	const workers, ops = 8, 150
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription, kelain)
	on := day("2025-01-11")
	start := c.Version()
	var tally eventTally
	var refused atomic.Int64
	var writers []func()
	for w := range workers {
		writers = append(writers, func() {
			for i := range ops {
				var act lifecycle.Act
				switch (w + i) % 4 {
				case 0:
					act = lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}
				case 1:
					act = lifecycle.DemonstrateCorrection{Service: prescription}
				case 2:
					act = lifecycle.NameContact{Role: lifecycle.Communications, Name: "Viestintä"}
				case 3:
					act = lifecycle.RemoveContact{Role: lifecycle.Communications, Name: "Viestintä"}
				}
				_ = c.Check(on, act) // another goroutine may act before Execute
				events, err := c.Execute(on, act)
				if err != nil {
					assert.Nil(t, events, "never events together with an error")
					var r *engine.Refusal
					var ie *lifecycle.InputError
					assert.True(t, errors.As(err, &r) || errors.As(err, &ie), "%T %v", err, err)
					refused.Add(1)
					continue
				}
				tally.add(events)
			}
		})
	}
	runConcurrently(writers, []func(int){func(int) {
		for _, u := range c.Services() {
			assert.Equal(t, u.State == lifecycle.Suspended, u.Suspensions.Len() > 0, "%s", u.Service)
		}
	}})
	t.Logf("%d acts accepted, %d refused", tally.accepted.Load(), refused.Load())
	assert.Equal(t, int64(workers*ops), tally.accepted.Load()+refused.Load())
	assert.Positive(t, tally.accepted.Load())
	h := c.History()
	assert.Len(t, h, start+int(tally.events.Load()), "no accepted act lost")
	replayed, err := commitment.Replay(h)
	require.NoError(t, err, "the history is a serial history the terms allow")
	assert.Equal(t, string(marshal(t, c)), string(marshal(t, replayed)))
}

// Many goroutines share a register: writers act for the main connector,
// the vendor and the pharmacists, sign agreements and give notices (some
// late, refused), decide and apply changes of their own; readers call the
// register's queries, Decide, DecideAdvance and Advance, query the parties'
// commitments directly, and restore snapshots. Every stream grows by
// exactly the events of the changes applied to it, stale changes are
// refused whole, and the register's JSON restores to the same bytes.
func TestConcurrency_RegisterServesManyGoroutines(t *testing.T) {
	const ops = 60
	on := day("2025-01-10")
	const (
		main, tenant, vendor = lifecycle.PartyID("paaliittyja"), lifecycle.PartyID("mukana"), lifecycle.PartyID("sovellukset")
	)
	r := register(t,
		party(string(main), lifecycle.PrivateHealthCareProvider),
		party(string(tenant), lifecycle.PrivateHealthCareProvider),
		commitment.Customer{ID: vendor, Kind: lifecycle.AppVendor})
	for i := range ops / 6 {
		_, err := r.Add(party(fmt.Sprintf("apteekki-%d", i), lifecycle.Pharmacist))
		require.NoError(t, err)
		_, err = r.Add(party(fmt.Sprintf("seuraaja-%d", i), lifecycle.Pharmacist))
		require.NoError(t, err)
	}
	mustRun(t, r, "2025-01-10", string(main), firstRequest(prescription))
	mustRun(t, r, "2025-01-10", string(main), lifecycle.ApproveService{Service: prescription})
	mustRun(t, r, "2025-01-10", string(main), laterRequest(kelain))
	mustRun(t, r, "2025-01-10", string(main), lifecycle.ApproveService{Service: kelain})
	versions := map[string]int{}
	for _, s := range r.Streams() {
		versions[s] = r.Version(s)
	}

	var mu sync.Mutex
	grown := map[string]int{} // events applied to each stream
	var applied, stale, refused atomic.Int64
	keep := func(changes []commitment.Change) {
		mu.Lock()
		defer mu.Unlock()
		for _, ch := range changes {
			grown[ch.Stream] += len(ch.Events)
		}
		applied.Add(1)
	}
	run := func(p lifecycle.PartyID, act lifecycle.Act) {
		changes, err := r.Execute(on, p, act)
		if assert.NoError(t, err, "%s for %s", act.EventID(), p) {
			keep(changes)
		}
	}
	writers := []func(){
		func() { // the main connector's kelain, suspended and reinstated
			for i := range ops {
				if i%2 == 0 {
					run(main, lifecycle.SuspendService{Service: kelain, Reason: lifecycle.Endangers})
				} else {
					run(main, lifecycle.DemonstrateCorrection{Service: kelain})
				}
			}
		},
		func() { // the vendor's apps
			for i := range ops / 6 {
				app := lifecycle.AppID(fmt.Sprintf("r-%d", i))
				for _, act := range []lifecycle.Act{
					lifecycle.RegisterApp{App: app, Signatory: lifecycle.TradeRegister},
					lifecycle.PassAppJointTesting{App: app},
					lifecycle.CertifyApp{App: app, ValviraRegistered: true, AuditValidUntil: on.AddDays(365)},
					lifecycle.ConnectApp{App: app},
					lifecycle.GiveAppWithdrawalNotice{App: app, Effective: on.AddDays(60)},
				} {
					run(vendor, act)
				}
			}
		},
		func() { // agreements, each replacing the one before, with notices
			for i := range ops / 3 {
				id := lifecycle.AgreementID(fmt.Sprintf("yl-%d", i))
				run("", lifecycle.SignJointAgreement{Agreement: id, Main: main, Tenant: tenant, Services: []lifecycle.ServiceID{prescription}})
				run("", lifecycle.GiveJointAgreementNotice{Agreement: id, By: tenant, Effective: on.AddDays(60)})
				// Late, refused: nothing may change.
				_, err := r.Execute(on, "", lifecycle.GiveJointAgreementNotice{Agreement: id, By: tenant, Effective: on.AddDays(1)})
				if assert.Error(t, err) {
					refused.Add(1)
				}
			}
		},
		func() { // pharmacists taking up commitments and transferring them (C5)
			for i := range ops / 6 {
				from, to := lifecycle.PartyID(fmt.Sprintf("apteekki-%d", i)), lifecycle.PartyID(fmt.Sprintf("seuraaja-%d", i))
				run(from, firstRequest(prescription))
				run(from, lifecycle.ApproveService{Service: prescription})
				run(from, lifecycle.AddPharmacy{Pharmacy: "Apteekki"})
				run(from, lifecycle.TransferCommitment{To: to, KelaConsent: true})
			}
		},
	}
	// Two runConcurrently decide changes to the main connector's stream and
	// apply them; a decision made on a version that changed since is stale
	// and applies nothing.
	for w := range 2 {
		writers = append(writers, func() {
			for i := range ops {
				changes, err := r.Decide(on, main, lifecycle.NotifyChange{Rule: notice.LargeDisruption, Details: fmt.Sprintf("%d-%d", w, i)})
				if !assert.NoError(t, err) {
					continue
				}
				switch err := r.Apply(changes); {
				case err == nil:
					keep(changes)
				case errors.Is(err, commitment.ErrStale):
					stale.Add(1)
				default:
					assert.NoError(t, err)
				}
			}
		})
	}

	mainC, _ := r.Commitment(main)
	vendorC, _ := r.Commitment(vendor)
	readers := []func(int){
		func(int) {
			assert.Len(t, r.Parties(), 3+ops/3)
			for _, a := range r.Agreements() {
				got, ok := r.Agreement(a.ID)
				assert.True(t, ok)
				assert.Equal(t, a.ID, got.ID)
				assert.NotEmpty(t, r.AgreementHistory(a.ID))
			}
			for _, tu := range r.TenantUses(tenant) {
				if tu.State != lifecycle.Terminated {
					u, _ := mainC.Service(tu.Service)
					assert.True(t, u.InUse(), "J3: %+v", tu)
				}
			}
			for _, s := range r.Streams() {
				_ = r.Version(s)
				_, _ = r.NextDue(s)
			}
		},
		func(i int) {
			if i%16 == 0 {
				_ = r.ObligationsDue(on, on.AddDays(400))
				_ = r.StandingObligations()
				_ = r.Usage(commitment.UsagePolicy{})
			}
		},
		func(int) {
			_, err := r.Decide(on, main, lifecycle.ApproveService{Service: kelain})
			var refusal *engine.Refusal
			assert.True(t, errors.As(err, &refusal), "a service in use is not approved again: %v", err)
			changes, err := r.DecideAdvance(on)
			assert.NoError(t, err)
			assert.Empty(t, changes, "nothing falls due on the day itself")
			changes, err = r.Advance(on)
			assert.NoError(t, err)
			assert.Empty(t, changes)
		},
		func(i int) {
			if i%32 != 0 {
				_ = r.Streams()
				return
			}
			data := marshalRegister(t, r)
			back, err := commitment.RestoreRegister(data)
			if assert.NoError(t, err, "a register snapshot taken during the writes does not restore") {
				assert.Equal(t, string(data), string(marshalRegister(t, back)))
			}
		},
	}
	// The register's commitments may be queried directly while it works.
	for _, p := range []*commitment.Commitment{mainC, vendorC} {
		readers = append(readers, func(int) {
			_ = p.Services()
			_ = p.Apps()
			_ = p.History()
			_ = p.Agreements()
			assert.NoError(t, p.Check(on, lifecycle.NotifyChange{Rule: notice.LargeDisruption}))
		})
	}
	rounds := runConcurrently(writers, readers)
	t.Logf("%d rounds of queries; %d decisions applied, %d stale, %d refused", rounds, applied.Load(), stale.Load(), refused.Load())

	assert.Equal(t, int64(ops/3), refused.Load())
	for _, s := range r.Streams() {
		assert.Equal(t, versions[s]+grown[s], r.Version(s), "%s grew by exactly the events applied to it", s)
	}
	_, acted := countRecorded(mainC.History())
	assert.Equal(t, int64(2*ops), acted+stale.Load(), "every notification decided was applied once or refused as stale")
	assert.Len(t, r.Agreements(), ops/3)
	last := lifecycle.AgreementID(fmt.Sprintf("yl-%d", ops/3-1))
	for _, a := range r.Agreements() {
		want := lifecycle.Ended // replaced by the next one (J4)
		if a.ID == last {
			want = lifecycle.NoticeGiven
		}
		assert.Equal(t, want, a.State, a.ID)
	}

	data := marshalRegister(t, r)
	back, err := commitment.RestoreRegister(data)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(marshalRegister(t, back)))
	for _, p := range r.Parties() {
		c, _ := r.Commitment(p)
		replayed, err := commitment.Replay(c.History())
		require.NoError(t, err, p)
		assert.Equal(t, string(marshal(t, c)), string(marshal(t, replayed)), p)
	}
}

// rendezvous is an act whose validation runs meet while the act is being
// decided: Check, Explain and Decide validate an act under the read lock
// they share, so meet runs while that lock is held. It is refused as
// malformed, so it never changes anything.
type rendezvous struct{ meet func() }

func (rendezvous) EventID() engine.EventID { return "rendezvous" }

func (a rendezvous) Validate(notice.Date) error {
	a.meet()
	return &lifecycle.InputError{Field: "act", Reason: "a test's rendezvous"}
}

// Check does not block Check: while one Check holds the commitment's read
// lock, another goroutine's Check, Explain and queries complete. Were the
// lock exclusive, the second goroutine would wait for the first, which
// waits for it: go test -timeout would report the deadlock.
func TestConcurrency_CheckDoesNotBlockCheck(t *testing.T) {
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", prescription)
	on := day("2025-01-11")
	before := freeze(t, c)
	met := false
	err := c.Check(on, rendezvous{meet: func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			assert.NoError(t, c.Check(on, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}))
			blockers, err := c.Explain(on, lifecycle.ApproveService{Service: prescription})
			assert.NoError(t, err)
			assert.NotEmpty(t, blockers)
			_, err = c.Explain(on, rendezvous{meet: func() {}})
			assert.Error(t, err)
			assert.Len(t, c.History(), before.history)
			_ = c.Services()
			_ = marshal(t, c)
		}()
		<-done
		met = true
	}})
	inputError(t, err)
	assert.True(t, met)
	before.assertUnchanged(t, c)
}

// Register.Decide does not block Decide, nor the register's queries, nor a
// party's Check: they share the register's and the party's read locks.
func TestConcurrency_DecideDoesNotBlockDecide(t *testing.T) {
	r := register(t, party("main", lifecycle.PrivateHealthCareProvider), party("tenant", lifecycle.PrivateHealthCareProvider))
	mustRun(t, r, "2025-01-10", "main", firstRequest(prescription))
	mustRun(t, r, "2025-01-10", "main", lifecycle.ApproveService{Service: prescription})
	before := marshalRegister(t, r)
	on := day("2025-01-11")
	met := false
	_, err := r.Decide(on, "main", rendezvous{meet: func() {
		done := make(chan struct{})
		go func() {
			defer close(done)
			changes, err := r.Decide(on, "", lifecycle.SignJointAgreement{Agreement: "a1", Main: "main", Tenant: "tenant", Services: []lifecycle.ServiceID{prescription}})
			assert.NoError(t, err)
			assert.Len(t, changes, 3)
			_, err = r.Decide(on, "main", lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers})
			assert.NoError(t, err)
			_, err = r.DecideAdvance(on)
			assert.NoError(t, err)
			c, _ := r.Commitment("main")
			assert.NoError(t, c.Check(on, lifecycle.SuspendService{Service: prescription, Reason: lifecycle.Endangers}))
			_ = r.Parties()
			_ = r.Streams()
			_ = r.TenantUses("tenant")
			_ = marshalRegister(t, r)
		}()
		<-done
		met = true
	}})
	inputError(t, err)
	assert.True(t, met)
	assert.Equal(t, string(before), string(marshalRegister(t, r)), "deciding changed nothing")
}
