package commitment_test

// The benchmarks of BENCHMARKS.md. They live in one package so that the
// baseline and the aggregate run side by side, in the same process:
//
//	go test -run '^$' -bench . -benchmem -count 5 ./commitment
//
// The targets they answer: a command through the aggregate
// costs at most 1.5× a raw looplab/fsm transition; replaying a history is at
// least 4× faster per event than executing the commands that made it; a
// commitment with four services holds at most 4 KiB of heap; scanning 100 000
// commitments for the obligations due in a quarter takes at most 100 ms.

import (
	"context"
	"fmt"
	"runtime"
	"testing"

	"github.com/looplab/fsm"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

var (
	bxAccepts  = []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	bxServices = []lifecycle.ServiceID{lifecycle.Prescription, lifecycle.PatientDataRepository, lifecycle.ImagingDataRepository, lifecycle.Kelain}
	bxDay      = notice.MustDate(2025, 1, 10)
)

// bxFourServices returns a commitment with four services approved: the
// first request carries the commitment and the general terms (C1), the later
// ones only their service description (C2).
func bxFourServices(tb testing.TB, id string) *commitment.Commitment {
	c, err := commitment.New(commitment.Customer{ID: lifecycle.PartyID(id), Kind: lifecycle.PrivateHealthCareProvider})
	if err != nil {
		tb.Fatal(err)
	}
	for i, s := range bxServices {
		accepts := bxAccepts
		if i > 0 {
			accepts = bxAccepts[2:]
		}
		bxMust(tb, c, bxDay, lifecycle.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: accepts})
		bxMust(tb, c, bxDay, lifecycle.ApproveService{Service: s})
	}
	return c
}

func bxMust(tb testing.TB, c *commitment.Commitment, on notice.Date, act lifecycle.Act) {
	if _, err := c.Execute(on, act); err != nil {
		tb.Fatal(err)
	}
}

// BenchmarkLooplabBaseline toggles a raw looplab/fsm machine between two
// states: the cost of the engine alone.
func BenchmarkLooplabBaseline(b *testing.B) {
	f := fsm.NewFSM("active", fsm.Events{
		{Name: "suspend-service", Src: []string{"active"}, Dst: "suspended"},
		{Name: "demonstrate-correction", Src: []string{"suspended"}, Dst: "active"},
	}, nil)
	events := [2]string{"suspend-service", "demonstrate-correction"}
	ctx := context.Background()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		if err := f.Event(ctx, events[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLooplabBaselineKeeping is the baseline that also keeps what
// each step did, as a commitment keeps its history: a record of the size of
// a Transitioned event, boxed, in chunks of 256 (as the history keeps
// them). For millions of steps it shows what keeping an ever larger record
// costs by itself, apart from any machine: BenchmarkCommandTransition keeps
// the same per command.
func BenchmarkLooplabBaselineKeeping(b *testing.B) {
	type record struct {
		on              notice.Date
		machine, detail string
		event           any
		from, to        string
	}
	f := fsm.NewFSM("active", fsm.Events{
		{Name: "suspend-service", Src: []string{"active"}, Dst: "suspended"},
		{Name: "demonstrate-correction", Src: []string{"suspended"}, Dst: "active"},
	}, nil)
	events := [2]string{"suspend-service", "demonstrate-correction"}
	acts := [2]any{events[0], events[1]} // boxed once, as the benchmarks' acts are
	ctx := context.Background()
	var kept [][]any
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		from := f.Current()
		if err := f.Event(ctx, events[i%2]); err != nil {
			b.Fatal(err)
		}
		if i%256 == 0 {
			kept = append(kept, make([]any, 0, 256))
		}
		k := len(kept) - 1
		kept[k] = append(kept[k], record{on: bxDay, machine: "service", detail: "prescription", event: acts[i%2], from: from, to: f.Current()})
	}
	runtime.KeepAlive(kept)
}

// BenchmarkCommandTransition makes the same toggle as typed commands
// through the aggregate: suspend-service and demonstrate-correction on an
// active service of a commitment with four services. Each command decides
// (the guards, the step on a looplab engine, the customership, what falls
// due) and keeps what it decided: a typed event in the history. The
// history grows by one event per command for millions of commands, so the
// figure also carries what keeping that record costs; compare it with
// BenchmarkLooplabBaselineKeeping.
func BenchmarkCommandTransition(b *testing.B) {
	c := bxFourServices(b, "bench")
	cmds := [2]lifecycle.Act{
		lifecycle.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers},
		lifecycle.DemonstrateCorrection{Service: lifecycle.Prescription},
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := c.Execute(bxDay, cmds[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// bxLongHistory executes a long history: four services taken into use, then
// n suspensions and corrections, a termination and its taking effect.
func bxLongHistory(tb testing.TB, n int) *commitment.Commitment {
	c := bxFourServices(tb, "long")
	on := bxDay
	for i := 0; i < n; i++ {
		on = on.AddDays(1)
		s := bxServices[i%len(bxServices)]
		bxMust(tb, c, on, lifecycle.SuspendService{Service: s, Reason: lifecycle.Endangers})
		bxMust(tb, c, on, lifecycle.DemonstrateCorrection{Service: s})
	}
	bxMust(tb, c, on, lifecycle.GiveTerminationNotice{All: true, Effective: on.Add(notice.Months(2)), Reason: lifecycle.CeasingOperations})
	if _, err := c.Advance(on.Add(notice.Months(3))); err != nil {
		tb.Fatal(err)
	}
	return c
}

// BenchmarkExecuteLongHistory executes the commands of a long history; the
// ns/event metric is the time per recorded event.
func BenchmarkExecuteLongHistory(b *testing.B) {
	events := len(bxLongHistory(b, 1000).History())
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		bxLongHistory(b, 1000)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*events), "ns/event")
}

// BenchmarkReplayLongHistory rebuilds the same commitment from its history;
// compare its ns/event with BenchmarkExecuteLongHistory's.
func BenchmarkReplayLongHistory(b *testing.B) {
	history := bxLongHistory(b, 1000).History()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := commitment.Replay(history); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(history)), "ns/event")
	b.ReportMetric(float64(b.N*len(history))/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkHeapPerCommitment measures the live heap that one commitment with
// four services approved holds, history included (metric B/commitment).
func BenchmarkHeapPerCommitment(b *testing.B) {
	const n = 10000
	var perCommitment uint64
	for i := 0; i < b.N; i++ {
		keep := make([]*commitment.Commitment, n)
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		for k := range keep {
			keep[k] = bxFourServices(b, fmt.Sprintf("c%06d", k))
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		perCommitment = (after.HeapAlloc - before.HeapAlloc - uint64(n*8)) / n
		runtime.KeepAlive(keep)
	}
	b.ReportMetric(float64(perCommitment), "B/commitment")
}

// bxScanFixture builds 100 000 commitments, each with two services:
// every tenth has a termination pending in the second quarter of 2025, every
// hundredth ended in 2015 (its contact data falls due for destruction in
// 2025). Three template histories are executed once and replayed for each
// customer, which is much faster than executing their commands. The
// fixture is built for each run of the benchmark and not kept after it, so
// that its heap does not weigh on the benchmarks that run later.
func bxScanFixture(tb testing.TB) []*commitment.Commitment {
	template := func(variant int) []commitment.Event {
		c, err := commitment.New(commitment.Customer{ID: "template", Kind: lifecycle.PrivateHealthCareProvider})
		if err != nil {
			tb.Fatal(err)
		}
		start := bxDay
		if variant == 2 {
			start = notice.MustDate(2014, 1, 10)
		}
		for _, s := range bxServices[:2] {
			bxMust(tb, c, start, lifecycle.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: bxAccepts})
			bxMust(tb, c, start, lifecycle.ApproveService{Service: s})
		}
		switch variant {
		case 1:
			bxMust(tb, c, notice.MustDate(2025, 2, 1), lifecycle.GiveTerminationNotice{Service: lifecycle.Prescription, Effective: notice.MustDate(2025, 5, 1), Reason: lifecycle.Reorganisation})
		case 2:
			bxMust(tb, c, start, lifecycle.GiveTerminationNotice{All: true, Effective: notice.MustDate(2015, 5, 1), Reason: lifecycle.CeasingOperations})
			if _, err := c.Advance(notice.MustDate(2015, 6, 1)); err != nil {
				tb.Fatal(err)
			}
		}
		return c.History()
	}
	templates := [3][]commitment.Event{template(0), template(1), template(2)}
	out := make([]*commitment.Commitment, 100000)
	for i := range out {
		variant := 0
		switch {
		case i%100 == 0:
			variant = 2
		case i%10 == 0:
			variant = 1
		}
		h := append([]commitment.Event(nil), templates[variant]...)
		h[0] = commitment.Registered{Customer: commitment.Customer{ID: lifecycle.PartyID(fmt.Sprintf("c%06d", i)), Kind: lifecycle.PrivateHealthCareProvider}}
		c, err := commitment.Replay(h)
		if err != nil {
			tb.Fatal(err)
		}
		out[i] = c
	}
	return out
}

// BenchmarkObligationsScan100k asks 100 000 commitments which obligations
// fall due in the second quarter of 2025.
func BenchmarkObligationsScan100k(b *testing.B) {
	cs := bxScanFixture(b)
	from, to := notice.MustDate(2025, 4, 1), notice.MustDate(2025, 6, 30)
	var n int
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n = 0
		for _, c := range cs {
			n += len(c.ObligationsDue(from, to))
		}
	}
	b.StopTimer()
	if n != 9000+1000 { // terminations pending (every tenth but the hundredths) and contact data due (every hundredth)
		b.Fatalf("found %d obligations, want %d", n, 10000)
	}
	b.ReportMetric(float64(n), "obligations")
}

// BenchmarkLooplabCan makes the looplab call a command makes to decide its
// step (engine.Machine.Decide): ask an engine standing in the current state
// whether the transition is allowed. It shows how much of
// BenchmarkCommandTransition is looplab's.
func BenchmarkLooplabCan(b *testing.B) {
	events := fsm.Events{
		{Name: "suspend-service", Src: []string{"active"}, Dst: "suspended"},
		{Name: "demonstrate-correction", Src: []string{"suspended"}, Dst: "active"},
	}
	steps := [2]struct {
		engine *fsm.FSM
		event  string
	}{
		{fsm.NewFSM("active", events, nil), "suspend-service"},
		{fsm.NewFSM("suspended", events, nil), "demonstrate-correction"},
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		s := steps[i%2]
		if !s.engine.Can(s.event) {
			b.Fatal("refused")
		}
	}
}

// BenchmarkCommandTransitionSteady makes the toggle of
// BenchmarkCommandTransition on commitments whose histories stay below 4 096
// events: every 4 096 commands the commitment is replaced by a fresh one
// replayed from its 25-event start, inside the timing (about 1 ns per
// command). BenchmarkCommandTransition's single commitment gains millions of
// events, so its figure also carries the growth of the process's heap by
// about 110 bytes per command; this one shows the command in a heap that
// reuses its memory, as a service's does.
func BenchmarkCommandTransitionSteady(b *testing.B) {
	const span = 4096
	start := bxFourServices(b, "bench").History()
	cmds := [2]lifecycle.Act{
		lifecycle.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers},
		lifecycle.DemonstrateCorrection{Service: lifecycle.Prescription},
	}
	b.ReportAllocs()
	b.ResetTimer()
	var c *commitment.Commitment
	for i := 0; i < b.N; i++ {
		if i%span == 0 {
			var err error
			if c, err = commitment.Replay(start); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := c.Execute(bxDay, cmds[i%2]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkCheck decides the suspension of BenchmarkCommandTransition without
// executing it: Check is Execute's decision alone, under a shared lock, so it
// costs less than Execute.
func BenchmarkCheck(b *testing.B) {
	c := bxFourServices(b, "bench")
	act := lifecycle.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := c.Check(bxDay, act); err != nil {
			b.Fatal(err)
		}
	}
}
