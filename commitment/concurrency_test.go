package commitment_test

import (
	"encoding/json"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
)

// Many goroutines command and query one Commitment: every command is
// applied once and atomically, readers never see a command half done (run
// with -race), and the history afterwards replays to the same commitment.
func TestConcurrency_CommandsAndQueriesOnOneCommitment(t *testing.T) {
	const writers, ops, readers = 8, 200, 4

	var services []lifecycle.ServiceID
	for _, s := range lifecycle.Services() {
		if s != sat {
			services = append(services, s)
		}
	}
	require.Len(t, services, writers, "one service per writer")
	c := customerWith(t, lifecycle.PrivateHealthCareProvider, "2025-01-10", services...)
	start := len(c.History())
	on := day("2025-01-11")

	var wg sync.WaitGroup
	done := make(chan struct{})
	for r := 0; r < readers; r++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ; i++ {
				select {
				case <-done:
					return
				default:
				}
				for _, u := range c.Services() {
					// A use is never seen between a command's events: its state
					// and its suspension reasons agree.
					assert.Equal(t, u.State == lifecycle.Suspended, u.Suspensions.Len() > 0, "%s", u.Service)
				}
				h := c.History()
				assert.GreaterOrEqual(t, len(h), start)
				if i%16 == 0 { // the whole history: keep the readers from starving the writers
					data, err := json.Marshal(c)
					assert.NoError(t, err)
					assert.True(t, json.Valid(data))
				}
				assert.Equal(t, lifecycle.Active, c.Customership())
				assert.NoError(t, c.Check(on, commitment.SuspendService{All: true, Reason: lifecycle.Endangers}))
			}
		}()
	}

	var writersDone sync.WaitGroup
	for w := 0; w < writers; w++ {
		writersDone.Add(1)
		go func(service lifecycle.ServiceID) {
			defer writersDone.Done()
			reasons := lifecycle.SuspensionReasons()
			for i := 0; i < ops; i++ {
				var cmd commitment.Command = commitment.DemonstrateCorrection{Service: service}
				if i%2 == 0 {
					cmd = commitment.SuspendService{Service: service, Reason: reasons[i/2%len(reasons)]}
				}
				events, err := c.Execute(on, cmd)
				if !assert.NoError(t, err, "%s #%d", service, i) {
					return
				}
				assert.Len(t, events, 1)
				_ = c.State(service)
			}
		}(services[w])
	}
	writersDone.Wait()
	close(done)
	wg.Wait()

	assert.Len(t, c.History(), start+writers*ops, "every command recorded once")
	for _, s := range services {
		assert.Equal(t, lifecycle.Active, c.State(s), s)
	}
	replayed, err := commitment.Replay(c.History())
	require.NoError(t, err)
	assert.Equal(t, string(marshal(t, c)), string(marshal(t, replayed)))
}
