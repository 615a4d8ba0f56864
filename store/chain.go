package store

import (
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"
)

// ChainHead returns the chain hash of an event at position seq of its stream
// whose predecessor's chain hash is prev ("" for the first event): the
// lowercase hex SHA-256 of prev, seq in decimal, the effective day as
// YYYY-MM-DD ("" when undated), the type and the data, joined by newlines.
//
// Every store computes heads with this function, so a head read from one
// store verifies against another, and a snapshot is checked against its
// stream by comparing one hash instead of reading every event.
func ChainHead(prev string, seq int64, e Event) string {
	// The fields before the data are short; writing them from one stack
	// buffer keeps hashing a few hundred thousand events allocation-light.
	var buf [192]byte
	b := append(buf[:0], prev...)
	b = append(b, '\n')
	b = strconv.AppendInt(b, seq, 10)
	b = append(b, '\n')
	if !e.On.IsZero() {
		b = append(b, e.On.String()...)
	}
	b = append(b, '\n')
	b = append(b, e.Type...)
	b = append(b, '\n')
	h := sha256.New()
	h.Write(b)
	h.Write(e.Data)
	var sum [sha256.Size]byte
	return hex.EncodeToString(h.Sum(sum[:0]))
}

// RecordedTime is the recording time a store keeps for t: in UTC, to the
// microsecond (what PostgreSQL's timestamptz holds), rounded down. Loading
// as known at T compares it with T.
func RecordedTime(t time.Time) time.Time {
	return time.UnixMicro(t.UnixMicro()).UTC()
}
