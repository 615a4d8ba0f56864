package notice

import (
	"testing"
	"time"
)

// The benchmarks keep a running result in sink so the compiler cannot drop
// the work; date arithmetic must report 0 allocs/op.
var (
	sinkDate Date
	sinkBool bool
)

func BenchmarkDate_AddDays(b *testing.B) {
	x := MustDate(2025, time.January, 31)
	for i := 0; i < b.N; i++ {
		sinkDate = x.AddDays(i % 400)
	}
}

func BenchmarkDate_AddMonths(b *testing.B) {
	x := MustDate(2025, time.January, 31)
	p := Months(1)
	for i := 0; i < b.N; i++ {
		sinkDate = x.AddDays(i % 400).Add(p)
	}
}

func BenchmarkDate_Sub(b *testing.B) {
	x := MustDate(2025, time.March, 31)
	p := Months(1)
	for i := 0; i < b.N; i++ {
		sinkDate = x.AddDays(i % 400).Sub(p)
	}
}

func BenchmarkTerm_LatestNotice(b *testing.B) {
	for _, term := range []Term{
		{Period: Months(1), Direction: BeforeEffect},
		{Period: Months(1), Direction: NoticePeriod},
	} {
		b.Run(term.Direction.String(), func(b *testing.B) {
			x := MustDate(2025, time.March, 1)
			for i := 0; i < b.N; i++ {
				sinkDate = term.LatestNotice(x.AddDays(i % 400))
			}
		})
	}
}

func BenchmarkTerm_EarliestEffective(b *testing.B) {
	for _, term := range []Term{
		{Period: Months(1), Direction: BeforeEffect},
		{Period: Months(1), Direction: NoticePeriod},
	} {
		b.Run(term.Direction.String(), func(b *testing.B) {
			x := MustDate(2025, time.January, 31)
			for i := 0; i < b.N; i++ {
				sinkDate = term.EarliestEffective(x.AddDays(i % 400))
			}
		})
	}
}

func BenchmarkParse(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkDate, _ = Parse("2024-02-29")
	}
}

func BenchmarkCalendar_IsWorkingDay(b *testing.B) {
	c := Finland()
	x := MustDate(2025, time.January, 1)
	for i := 0; i < b.N; i++ {
		sinkBool = c.IsWorkingDay(x.AddDays(i % 400))
	}
}

func BenchmarkRoll_Apply(b *testing.B) {
	c := Finland()
	x := MustDate(2025, time.January, 1)
	for i := 0; i < b.N; i++ {
		sinkDate = RollForward.Apply(c, x.AddDays(i%400))
	}
}

func BenchmarkRule_Calculate(b *testing.B) {
	c := Finland()
	r, err := LookupRule(ServiceTermination)
	if err != nil {
		b.Fatal(err)
	}
	g, e := MustDate(2025, time.February, 3), MustDate(2025, time.March, 1)
	for i := 0; i < b.N; i++ {
		calc, _ := r.Calculate(g.AddDays(i%400), e.AddDays(i%400), RollBackward, c)
		sinkDate = calc.EarliestEffective
	}
}

func BenchmarkFinland(b *testing.B) {
	for i := 0; i < b.N; i++ {
		sinkBool = Finland().IsWorkingDay(MustDate(2025, time.December, 24))
	}
}
