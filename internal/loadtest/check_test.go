package loadtest_test

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kantakit/kanta/internal/loadtest"
)

// Check is what the end-to-end test's exactly-once verdict rests on, so
// each way a command can be lost or doubled must make it fail.
func TestCheck_FindsEveryLostDoubledOrUnacknowledgedEvent(t *testing.T) {
	answer := func(party, key string, status int, events ...string) loadtest.Answer {
		raw := make([]json.RawMessage, len(events))
		for i, e := range events {
			raw[i] = json.RawMessage(e)
		}
		body, _ := json.Marshal(map[string]any{"events": raw})
		return loadtest.Answer{Party: party, Key: key, Status: status, Body: body}
	}
	stored := func(events ...string) []json.RawMessage {
		out := make([]json.RawMessage, len(events))
		for i, e := range events {
			out[i] = json.RawMessage(e[:len(e)-1] + `,"seq":` + string(rune('1'+i)) + `,"recorded_at":"2025-01-10T09:00:00Z"}`)
		}
		return out
	}
	const (
		registered = `{"type":"registered"}`
		e1         = `{"type":"transition","on":"2025-01-10","n":1}`
		e2         = `{"type":"transition","on":"2025-01-11","n":2}`
	)
	answers := []loadtest.Answer{
		answer("p", "k1", http.StatusOK, e1),
		answer("p", "k2", http.StatusOK, e2),
		answer("p", "k2", http.StatusOK, e2), // a key sent again gets the first answer again
		answer("p", "k3", http.StatusConflict),
	}
	before := map[string]int{"p": 1}

	assert.NoError(t, loadtest.Check(answers, before, map[string][]json.RawMessage{"p": stored(registered, e1, e2)}))
	for name, history := range map[string][]json.RawMessage{
		"an acknowledged event lost":  stored(registered, e1),
		"an event stored twice":       stored(registered, e1, e2, e2),
		"an event never acknowledged": stored(registered, e1, e2, `{"type":"transition","on":"2025-01-12","n":3}`),
		"fewer events than before":    stored(),
	} {
		assert.Error(t, loadtest.Check(answers, before, map[string][]json.RawMessage{"p": history}), name)
	}
	assert.Error(t, loadtest.Check(answers, before, map[string][]json.RawMessage{"p": stored(registered, e1, e2), "q": stored(e1)}),
		"an event stored for a party it was not acknowledged for")
}
