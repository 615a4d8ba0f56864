package fees_test

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"

	"github.com/kantakit/kanta/fees"
)

// BenchmarkReadLiabilityCap reads a ledger of 100 000 payments (about 3 MB)
// per operation. heap-sys-MiB is the heap the process holds after the run:
// nothing is kept per payment, so it stays a few times the ledger's own size
// however many payments are read.
func BenchmarkReadLiabilityCap(b *testing.B) {
	var ledger bytes.Buffer
	ledger.WriteString(fees.PaymentsHeader + "\n")
	for i := 0; i < 100_000; i++ {
		fmt.Fprintf(&ledger, "2025-02-%02d,prescription,%d.%02d\n", i%28+1, i%1000, i%100)
	}
	q := fees.CapQuery{Service: "prescription", Damage: day("2025-03-15")}
	b.SetBytes(int64(ledger.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := fees.ReadLiabilityCap(q, bytes.NewReader(ledger.Bytes()), nil); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.HeapSys)/(1<<20), "heap-sys-MiB")
}
