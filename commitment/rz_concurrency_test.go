package commitment_test

// Race-free concurrent use of one Commitment and one Register (run with
// -race). Sixteen goroutines share them: writers suspend and reinstate
// distinct services, notify changes, take apps through their lifecycle, and
// sign and terminate joint agreements through the register, while readers
// call every query, Check, Explain and Advance. It defends the promise of
// Commitment's and Register's documentation:
//
//   - no data race, no deadlock between the register's lock and its
//     commitments' locks;
//   - every command is atomic: any JSON a reader takes restores (its state
//     matches its history, so no reader saw a command half done), and the
//     history only grows;
//   - every accepted command is recorded once: the transitions, change
//     notices and certifications in the history are exactly as many as the
//     accepted commands that make them, and the events returned add up to the
//     history's growth;
//   - afterwards the history replays to the same JSON, and the register's
//     JSON restores to the same bytes.

import (
	"bytes"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// rzTally counts what accepted commands recorded, by kind of event.
type rzTally struct {
	transitions, notices, certifications, events atomic.Int64
}

// add counts the events an accepted command returned.
func (t *rzTally) add(events []commitment.Event) {
	t.events.Add(int64(len(events)))
	for _, e := range events {
		switch e.(type) {
		case commitment.Transitioned:
			t.transitions.Add(1)
		case commitment.ChangeNotified:
			t.notices.Add(1)
		case commitment.AppCertified:
			t.certifications.Add(1)
		}
	}
}

// rzCountEvents counts the same kinds of event in a history.
func rzCountEvents(h []commitment.Event) (transitions, notices, certifications int64) {
	for _, e := range h {
		switch e.(type) {
		case commitment.Transitioned:
			transitions++
		case commitment.ChangeNotified:
			notices++
		case commitment.AppCertified:
			certifications++
		}
	}
	return
}

func TestConcurrency_SixteenGoroutinesShareACommitmentAndARegister(t *testing.T) {
	const ops = 90
	on := notice.MustDate(2025, 1, 10)
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	desc := []lifecycle.Document{lifecycle.ServiceDescription}

	// An app vendor may use services too: one commitment with six services
	// in use and room for apps.
	services := []lifecycle.ServiceID{
		lifecycle.Prescription, lifecycle.PatientDataRepository, lifecycle.ImagingDataRepository,
		lifecycle.ConsentService, lifecycle.Kelain, lifecycle.MedicinesDatabase,
	}
	c, err := commitment.New(commitment.Customer{ID: "toimittaja", Kind: lifecycle.AppVendor, Soteri: true})
	require.NoError(t, err)
	for i, s := range services {
		accepts := desc
		if i == 0 {
			accepts = all
		}
		_, err := c.Execute(on, commitment.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: accepts})
		require.NoError(t, err)
		_, err = c.Execute(on, commitment.ApproveService{Service: s})
		require.NoError(t, err)
	}

	r := commitment.NewRegister()
	for _, cu := range []commitment.Customer{
		{ID: "pääliittyjä", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: "mukanaliittyjä", Kind: lifecycle.PrivateHealthCareProvider, Soteri: true},
		{ID: "sovellukset", Kind: lifecycle.AppVendor},
	} {
		_, err := r.Add(cu)
		require.NoError(t, err)
	}
	for i, s := range []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.Kelain} {
		accepts := desc
		if i == 0 {
			accepts = all
		}
		_, err := r.Execute(on, "pääliittyjä", commitment.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: accepts})
		require.NoError(t, err)
		_, err = r.Execute(on, "pääliittyjä", commitment.ApproveService{Service: s})
		require.NoError(t, err)
	}
	main, _ := r.Commitment("pääliittyjä")
	vendor, _ := r.Commitment("sovellukset")

	start := len(c.History())
	startT, startN, startC := rzCountEvents(c.History())
	mainStart, vendorStart := len(main.History()), len(vendor.History())
	var tally, mainTally, vendorTally, agreementTally rzTally
	var refused atomic.Int64

	var writers, readers sync.WaitGroup
	done := make(chan struct{})
	begin := make(chan struct{}) // the writers start together, once every goroutine is launched
	var reads atomic.Int64
	write := func(f func()) {
		writers.Add(1)
		go func() { defer writers.Done(); <-begin; f() }()
	}
	read := func(f func(i int)) {
		readers.Add(1)
		go func() {
			defer readers.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				f(i)
				reads.Add(1)
			}
		}()
	}
	// Six writers: each suspends and reinstates its own service.
	for _, s := range services {
		s := s
		write(func() {
			reasons := lifecycle.SuspensionReasons()
			for i := 0; i < ops; i++ {
				var cmd commitment.Command = commitment.DemonstrateCorrection{Service: s}
				if i%2 == 0 {
					cmd = commitment.SuspendService{Service: s, Reason: reasons[i/2%len(reasons)]}
				}
				events, err := c.Execute(on, cmd)
				if assert.NoError(t, err, "%s #%d", s, i) {
					tally.add(events)
				}
			}
		})
	}
	// One writer notifies changes, late and timely.
	write(func() {
		for i := 0; i < ops; i++ {
			cmd := commitment.NotifyChange{Rule: notice.TechnicalChange, Effective: on.AddDays(i), Details: fmt.Sprint(i)}
			if i%3 == 0 {
				cmd = commitment.NotifyChange{Rule: notice.LargeDisruption, Details: fmt.Sprint(i)}
			}
			events, err := c.Execute(on, cmd)
			if assert.NoError(t, err) {
				tally.add(events)
			}
		}
	})
	// One writer takes apps from registration to production and back.
	appSteps := func(target *commitment.Commitment, tl *rzTally, prefix string, n int) {
		for i := 0; i < n; i++ {
			id := fmt.Sprintf("%s-%d", prefix, i)
			for _, cmd := range []commitment.Command{
				commitment.RegisterApp{App: id, Signatory: lifecycle.TradeRegister},
				commitment.PassAppJointTesting{App: id},
				commitment.CertifyApp{App: id, ValviraRegistered: true, AuditValidUntil: on.AddDays(365)},
				commitment.ConnectApp{App: id},
				commitment.SuspendApp{App: id, Reason: "breach"},
				commitment.DemonstrateAppCorrection{App: id},
			} {
				events, err := target.Execute(on, cmd)
				if assert.NoError(t, err, "%s %s", id, cmd.Name()) {
					tl.add(events)
				}
			}
		}
	}
	write(func() { appSteps(c, &tally, "sovellus", ops/6) })
	// Through the register: the main connector's kelain, suspended and
	// reinstated; the vendor's apps, commanded directly on its commitment;
	// and joint agreements, each replacing the one before.
	write(func() {
		for i := 0; i < ops; i++ {
			var cmd commitment.Command = commitment.DemonstrateCorrection{Service: lifecycle.Kelain}
			if i%2 == 0 {
				cmd = commitment.SuspendService{Service: lifecycle.Kelain, Reason: lifecycle.Endangers}
			}
			events, err := r.Execute(on, "pääliittyjä", cmd)
			if assert.NoError(t, err) {
				mainTally.add(events)
			}
		}
	})
	write(func() { appSteps(vendor, &vendorTally, "r", ops/6) })
	write(func() {
		for i := 0; i < ops/3; i++ {
			id := fmt.Sprintf("yl-%d", i)
			events, err := r.Execute(on, "", commitment.SignJointAgreement{ID: id, Main: "pääliittyjä", Tenant: "mukanaliittyjä",
				Services: []lifecycle.ServiceID{lifecycle.Prescription}})
			if assert.NoError(t, err) {
				agreementTally.add(events)
			}
			events, err = r.Execute(on, "", commitment.GiveJointAgreementNotice{Agreement: id, By: "mukanaliittyjä", Effective: on.AddDays(60)})
			if assert.NoError(t, err) {
				agreementTally.add(events)
			}
			// Refused: the notice is late. Nothing may change.
			_, err = r.Execute(on, "", commitment.GiveJointAgreementNotice{Agreement: id, By: "mukanaliittyjä", Effective: on.AddDays(1)})
			if assert.Error(t, err) {
				refused.Add(1)
			}
		}
	})

	// Readers: every query of the commitment, Check, Explain and Advance.
	last := 0
	read(func(i int) {
		h := c.History()
		assert.GreaterOrEqual(t, len(h), last, "the history only grows")
		last = len(h)
		assert.Equal(t, lifecycle.Active, c.Customership())
		for _, s := range services {
			st := c.State(s)
			assert.True(t, st == lifecycle.Active || st == lifecycle.Suspended, "%s is %s", s, st)
			u, ok := c.Service(s)
			assert.True(t, ok)
			assert.Equal(t, s, u.Service)
		}
		assert.Len(t, c.Services(), len(services))
		_ = c.Apps()
		_, _ = c.App("sovellus-0")
		_ = c.Contacts()
		_ = c.Pharmacies()
		_ = c.Acceptances()
		_ = c.Customer()
		_ = c.Today()
		_ = c.ObligationsDue(on, on.AddDays(400))
		_ = c.StandingObligations()
		_ = c.Usage(commitment.UsagePolicy{BillSuspended: i%2 == 0})
		assert.NoError(t, c.Check(on, commitment.SuspendService{All: true, Reason: lifecycle.Endangers}))
		blockers, err := c.Explain(on, commitment.ApproveService{Service: lifecycle.Prescription})
		assert.NoError(t, err)
		assert.NotEmpty(t, blockers, "an active service is not approved again")
		events, err := c.Advance(on)
		assert.NoError(t, err)
		assert.Empty(t, events, "nothing is due on the day itself")
	})
	// A reader proves the snapshots consistent: each restores, so its state
	// is what its history produces.
	read(func(i int) {
		data := rzMarshal(t, c)
		if i%4 == 0 {
			back, err := commitment.Restore(data)
			if assert.NoError(t, err, "a snapshot taken during writes does not restore") {
				assert.True(t, bytes.Equal(data, rzMarshal(t, back)))
			}
		}
	})
	// The register's queries and Advance.
	read(func(i int) {
		assert.Len(t, r.Parties(), 3)
		for _, a := range r.Agreements() {
			got, ok := r.Agreement(a.ID)
			assert.True(t, ok)
			assert.Equal(t, a.ID, got.ID)
			assert.NotEmpty(t, r.AgreementHistory(a.ID))
		}
		for _, tu := range r.TenantUses("mukanaliittyjä") {
			if rzInUse(tu.State) {
				assert.True(t, rzInUse(main.State(tu.Service)), "J3: %+v", tu)
			}
		}
		_ = r.ObligationsDue(on, on.AddDays(400))
		_ = r.StandingObligations()
		_ = r.Usage(commitment.UsagePolicy{})
		assert.NoError(t, r.Advance(on))
		if i%8 == 0 {
			data := rzMarshal(t, r)
			back, err := commitment.RestoreRegister(data)
			if assert.NoError(t, err, "a register snapshot taken during writes does not restore") {
				assert.True(t, bytes.Equal(data, rzMarshal(t, back)))
			}
		}
	})
	// Readers of the register's commitments, directly.
	for _, p := range []*commitment.Commitment{main, vendor} {
		p := p
		read(func(int) {
			_ = p.Services()
			_ = p.Apps()
			_ = p.History()
			_ = p.ObligationsDue(on, on.AddDays(400))
			_, _ = p.Advance(on)
		})
	}

	close(begin)
	writers.Wait()
	close(done)
	readers.Wait()
	t.Logf("%d rounds of queries while commands recorded %d events", reads.Load(),
		tally.events.Load()+mainTally.events.Load()+vendorTally.events.Load()+agreementTally.events.Load())

	// Sixteen goroutines: 6 + 1 + 1 + 3 writers, 1 + 1 + 1 + 2 readers.
	h := c.History()
	assert.Len(t, h, start+int(tally.events.Load()), "the history grew by exactly the events returned")
	tr, nt, ce := rzCountEvents(h)
	assert.Equal(t, tally.transitions.Load(), tr-startT, "every accepted transition recorded once")
	assert.Equal(t, tally.notices.Load(), nt-startN)
	assert.Equal(t, tally.certifications.Load(), ce-startC)
	assert.Equal(t, int64(len(services)*ops+ops/6*5), tally.transitions.Load(),
		"one transition for each accepted suspension, reinstatement and app step")
	assert.Equal(t, int64(ops), tally.notices.Load())
	assert.Equal(t, int64(ops/6), tally.certifications.Load())

	assert.Len(t, main.History(), mainStart+int(mainTally.events.Load()))
	assert.Equal(t, int64(ops), mainTally.transitions.Load())
	assert.Len(t, vendor.History(), vendorStart+int(vendorTally.events.Load()))
	var agreementEvents int
	for _, a := range r.Agreements() {
		agreementEvents += len(r.AgreementHistory(a.ID))
	}
	assert.Equal(t, int(agreementTally.events.Load()), agreementEvents, "every agreement transition recorded once")
	assert.Equal(t, int64(ops/3), refused.Load())

	replayed, err := commitment.Replay(h)
	require.NoError(t, err)
	assert.Equal(t, string(rzMarshal(t, c)), string(rzMarshal(t, replayed)))
	data := rzMarshal(t, r)
	back, err := commitment.RestoreRegister(data)
	require.NoError(t, err)
	assert.Equal(t, string(data), string(rzMarshal(t, back)))
}
