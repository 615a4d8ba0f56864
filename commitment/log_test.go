package commitment

import (
	"testing"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The history is kept in chunks; added one by one or many at once, read back
// at any length, it is whole, in order, and the chunks before the last are
// full.
func TestEventLog_KeepsEveryEventInOrderAcrossChunks(t *testing.T) {
	var l eventLog
	var want []Event
	day := notice.MustDate(2025, 1, 1)
	for b, batch := range []int{1, 3, chunkSize - 5, 1, chunkSize, 2*chunkSize + 7, 0, 2} {
		events := make([]Event, batch)
		for k := range events {
			events[k] = ChangeNotified{On: day.AddDays(len(want) + k)}
		}
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
	}
	assert.Equal(t, want, l.all())
	for i, c := range l.chunks {
		assert.LessOrEqual(t, len(c), chunkSize, "chunk %d overflows", i)
		if i < len(l.chunks)-1 {
			assert.Len(t, c, chunkSize, "chunk %d is not full but a later one exists", i)
		}
	}

	var seen []Event
	l.each(func(e Event) bool { seen = append(seen, e); return len(seen) < chunkSize+3 })
	assert.Equal(t, want[:chunkSize+3], seen, "each stops when asked")
}

// A refused command's events are taken out again, however many chunks they
// span, and the log goes on as if they had never been added; since returns
// exactly the events after a mark.
func TestEventLog_TruncateAndSince(t *testing.T) {
	day := notice.MustDate(2025, 1, 1)
	mk := func(from, n int) []Event {
		out := make([]Event, n)
		for k := range out {
			out[k] = ChangeNotified{On: day.AddDays(from + k)}
		}
		return out
	}
	for _, tc := range []struct{ keep, drop int }{
		{0, 1}, {5, 3}, {chunkSize - 1, 2}, {chunkSize, 1}, {chunkSize, chunkSize}, {chunkSize + 3, 3*chunkSize + 1}, {10, 0},
	} {
		var l eventLog
		addAll(&l, mk(0, tc.keep))
		addAll(&l, mk(tc.keep, tc.drop))
		assert.Equal(t, mk(tc.keep, tc.drop), append([]Event{}, l.since(tc.keep)...), "since %d of %d", tc.keep, tc.keep+tc.drop)
		l.truncate(tc.keep)
		require.Equal(t, tc.keep, l.len())
		assert.Nil(t, l.since(tc.keep), "nothing after the mark")
		addAll(&l, mk(1000, 2*chunkSize))
		assert.Equal(t, append(mk(0, tc.keep), mk(1000, 2*chunkSize)...), l.all(), "keep %d, drop %d", tc.keep, tc.drop)
		for i, c := range l.chunks[:len(l.chunks)-1] {
			assert.Len(t, c, chunkSize, "chunk %d is not full but a later one exists", i)
		}
	}
}

// all is a copy: changing it leaves the history as it was.
func TestEventLog_AllIsACopy(t *testing.T) {
	var l eventLog
	l.add(ChangeNotified{On: notice.MustDate(2025, 1, 1)})
	out := l.all()
	out[0] = nil
	assert.NotNil(t, l.all()[0])
}

// A history longer than a chunk survives every way out and back in: History
// and Replay, MarshalJSON and Restore.
func TestEventLog_LongHistoryRoundTrips(t *testing.T) {
	c, err := New(Customer{ID: "long", Kind: lifecycle.PrivateHealthCareProvider})
	require.NoError(t, err)
	day := notice.MustDate(2025, 1, 10)
	all := []lifecycle.Document{lifecycle.CommitmentDocument, lifecycle.GeneralTerms, lifecycle.ServiceDescription}
	_, err = c.Execute(day, RequestService{Service: lifecycle.Prescription, Signatory: lifecycle.TradeRegister, Accepts: all})
	require.NoError(t, err)
	_, err = c.Execute(day, ApproveService{Service: lifecycle.Prescription})
	require.NoError(t, err)
	for i := 0; i < 2*chunkSize; i++ {
		day = day.AddDays(1)
		_, err = c.Execute(day, SuspendService{Service: lifecycle.Prescription, Reason: lifecycle.Endangers})
		require.NoError(t, err)
		_, err = c.Execute(day, DemonstrateCorrection{Service: lifecycle.Prescription})
		require.NoError(t, err)
	}
	history := c.History()
	require.Greater(t, len(history), 4*chunkSize)
	want, err := c.MarshalJSON()
	require.NoError(t, err)

	replayed, err := Replay(history)
	require.NoError(t, err)
	got, err := replayed.MarshalJSON()
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))

	restored, err := Restore(want)
	require.NoError(t, err)
	assert.Equal(t, history, restored.History())
}

func addAll(l *eventLog, events []Event) {
	for _, e := range events {
		l.add(e)
	}
}
