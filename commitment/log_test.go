package commitment

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// dated returns n distinct events dated from day from on.
func dated(from, n int) []Event {
	start := notice.MustDate(2025, 1, 1)
	out := make([]Event, n)
	for k := range out {
		out[k] = DocumentAccepted{On: start.AddDays(from + k), Document: lifecycle.ServiceDescription}
	}
	return out
}

// assertChunked asserts that every chunk but the last is full and none
// overflows.
func assertChunked(t *testing.T, l *eventLog) {
	t.Helper()
	for i, c := range l.chunks {
		assert.LessOrEqual(t, len(c), chunkSize, "chunk %d overflows", i)
		if i < len(l.chunks)-1 {
			assert.Len(t, c, chunkSize, "chunk %d is not full but a later one exists", i)
		}
	}
}

// The history is kept in chunks; added one by one or many at once, read back
// at any length, it is whole, in order, and the chunks before the last are
// full.
func TestEventLog_KeepsEveryEventInOrderAcrossChunks(t *testing.T) {
	var l eventLog
	var want []Event
	for b, batch := range []int{1, 3, chunkSize - 5, 1, chunkSize, 2*chunkSize + 7, 0, 2} {
		events := dated(len(want), batch)
		want = append(want, events...)
		if b%2 == 1 {
			l.addAll(events)
			clear(events) // the log keeps none of the caller's slice
		} else {
			for _, e := range events {
				l.add(e)
			}
		}
		require.Equal(t, len(want), l.len())
		assertChunked(t, &l)
	}
	assert.Equal(t, want, l.all())

	var seen []Event
	l.each(func(e Event) bool { seen = append(seen, e); return len(seen) < chunkSize+3 })
	assert.Equal(t, want[:chunkSize+3], seen, "each stops when asked")
}

// A short history added at once lives in one chunk made to fit; one added
// at once after events added one by one fills the open chunk first.
func TestEventLog_AddAllFillsTheOpenChunkFirst(t *testing.T) {
	for _, tc := range []struct{ first, then int }{
		{0, 3}, {0, chunkSize}, {0, chunkSize + 1}, {5, chunkSize - 5}, {5, chunkSize}, {chunkSize, 1},
	} {
		var l eventLog
		for _, e := range dated(0, tc.first) {
			l.add(e)
		}
		l.addAll(dated(tc.first, tc.then))
		assert.Equal(t, dated(0, tc.first+tc.then), l.all(), "%d then %d", tc.first, tc.then)
		assertChunked(t, &l)
		if tc.first == 0 && tc.then <= chunkSize {
			require.Len(t, l.chunks, 1)
			assert.Equal(t, tc.then, cap(l.chunks[0]), "a short history's chunk is made to fit")
		}
	}
}

// all is a copy: changing it leaves the history as it was.
func TestEventLog_AllIsACopy(t *testing.T) {
	var l eventLog
	l.add(dated(0, 1)[0])
	out := l.all()
	out[0] = nil
	assert.NotNil(t, l.all()[0])
}

// A history longer than a chunk survives every way out and back in: History
// and Replay, MarshalJSON and Restore; a query's copy of it is the caller's.
func TestEventLog_LongHistoryRoundTrips(t *testing.T) {
	c, err := New(Customer{ID: "long", Kind: lifecycle.PrivateHealthCareProvider})
	require.NoError(t, err)
	on := notice.MustDate(2025, 1, 10)
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	_, err = c.Execute(on, lifecycle.RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: all})
	require.NoError(t, err)
	_, err = c.Execute(on, lifecycle.ApproveService{Service: lifecycle.Prescription})
	require.NoError(t, err)
	for i := 0; i < 2*chunkSize; i++ {
		on = on.AddDays(1)
		_, err = c.Execute(on, lifecycle.SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers})
		require.NoError(t, err)
		_, err = c.Execute(on, lifecycle.DemonstrateCorrection{Service: lifecycle.Prescription})
		require.NoError(t, err)
	}
	history := c.History()
	require.Greater(t, len(history), 4*chunkSize)
	assert.Equal(t, len(history), c.Version())
	assertChunked(t, &c.st.history)
	want, err := c.MarshalJSON()
	require.NoError(t, err)

	history[0] = nil
	assert.NotNil(t, c.History()[0], "History returns a copy")
	history = c.History()

	replayed, err := Replay(history)
	require.NoError(t, err)
	got, err := replayed.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	assertChunked(t, &replayed.st.history)

	restored, err := Restore(want)
	require.NoError(t, err)
	assert.Equal(t, history, restored.History())
}
