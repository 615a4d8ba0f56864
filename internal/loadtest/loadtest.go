// Package loadtest drives the register's HTTP service as many clients at
// once would, and checks afterwards that nothing acknowledged was lost and
// nothing was stored twice. The end-to-end tests of kanta serve run it
// against replicas sharing one PostgreSQL database; its benchmark runs the
// same load against one replica and against the store directly.
package loadtest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sort"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kantakit/kanta/scenario"
	"github.com/kantakit/kanta/store"
)

// Config is a load: how many clients send how many commands in all to
// which replicas, with which token.
type Config struct {
	Replicas []string // base URLs, such as http://127.0.0.1:8080
	Token    string   // a Kela token; empty in development mode
	Clients  int
	Commands int
	Parties  int // the parties the commands spread over; some are shared by every client
	Seed     uint64
	// Retries is how often a client sends a command again, with the same
	// idempotency key, when it gets no answer (a replica killed) or 503.
	Retries int
	// During, when set, is called once about halfway through.
	During func()
}

// Answer is one acknowledged command: its party, its idempotency key, its
// status and its body.
type Answer struct {
	Party  string
	Key    string
	Status int
	Body   []byte
}

// Report is what a load came to.
type Report struct {
	Sent      int64
	Answers   []Answer
	ByStatus  map[int]int
	Latencies []time.Duration // of every answered request, sorted
	Elapsed   time.Duration
	Retried   int64
}

// Percentile returns the latency at fraction q (0.5, 0.99) of the answers.
func (r Report) Percentile(q float64) time.Duration {
	if len(r.Latencies) == 0 {
		return 0
	}
	i := int(q * float64(len(r.Latencies)-1))
	return r.Latencies[i]
}

// PerSecond returns the answered commands per second.
func (r Report) PerSecond() float64 {
	return float64(len(r.Answers)) / r.Elapsed.Seconds()
}

// Step is one command of a load: the party it runs on and its JSON body,
// sent with an idempotency key.
type Step struct {
	Party string
	Body  []byte
	Key   string
}

// Party returns the identifier of load party i.
func Party(i int) string { return fmt.Sprintf("load-%04d", i) }

// Setup registers cfg.Parties parties through the first replica and takes
// each's first service into use, so that the load's commands find them.
func Setup(ctx context.Context, cfg Config) error {
	c := client{cfg: cfg, http: &http.Client{Timeout: 30 * time.Second}}
	for i := range cfg.Parties {
		body, _ := json.Marshal(map[string]any{"id": Party(i), "kind": "private-health-care-provider", "soteri": true})
		if st, b, err := c.post(ctx, cfg.Replicas[0], "/v1/parties", body, ""); err != nil || st != http.StatusCreated {
			return fmt.Errorf("registering %s: %d %s %v", Party(i), st, b, err)
		}
		for _, do := range []string{
			`{"on":"2025-01-10","party":%q,"do":"request-service","service":"prescription","signatory":"trade-register","accepts":["commitment","general-terms","service-description"]}`,
			`{"on":"2025-01-10","party":%q,"do":"approve-service","service":"prescription"}`,
			`{"on":"2025-01-10","party":%q,"do":"request-service","service":"patient-data-repository","signatory":"trade-register","accepts":["service-description"]}`,
			`{"on":"2025-01-10","party":%q,"do":"approve-service","service":"patient-data-repository"}`,
		} {
			if st, b, err := c.post(ctx, cfg.Replicas[0], "/v1/commands", fmt.Appendf(nil, do, Party(i)), ""); err != nil || st != http.StatusOK {
				return fmt.Errorf("setting up %s: %d %s %v", Party(i), st, b, err)
			}
		}
	}
	return nil
}

// Plan returns each client's commands: suspensions and corrections of the
// two services (accepted or refused, as the order in which they arrive
// decides), contacts named, change notifications, requests of a service
// never meant to be approved; every client works on the first parties,
// shared, and on parties of its own. Every command has an idempotency key;
// some keys are sent twice on purpose, as a client would retry.
func Plan(cfg Config) [][]Step {
	r := rand.New(rand.NewPCG(cfg.Seed, 1))
	shared := max(1, cfg.Parties/4)
	plans := make([][]Step, cfg.Clients)
	for n := range cfg.Commands {
		c := n % cfg.Clients
		var p int
		if r.IntN(3) == 0 {
			p = r.IntN(shared)
		} else {
			p = shared + (c+cfg.Clients*r.IntN(max(1, (cfg.Parties-shared)/cfg.Clients+1)))%(max(1, cfg.Parties-shared))
		}
		party := Party(p)
		service := []string{"prescription", "patient-data-repository"}[r.IntN(2)]
		var body string
		switch k := r.IntN(10); {
		case k < 4:
			body = fmt.Sprintf(`{"on":"2025-01-10","party":%q,"do":"suspend-service","service":%q,"reason":"endangers"}`, party, service)
		case k < 8:
			body = fmt.Sprintf(`{"on":"2025-01-10","party":%q,"do":"demonstrate-correction","service":%q}`, party, service)
		case k < 9:
			body = fmt.Sprintf(`{"on":"2025-01-10","party":%q,"do":"name-contact","role":"communications","name":"contact-%d"}`, party, n)
		default:
			body = fmt.Sprintf(`{"on":"2025-01-10","party":%q,"do":"notify-change","rule":"contact-change","details":"change %d"}`, party, n)
		}
		step := Step{Party: party, Body: []byte(body), Key: fmt.Sprintf("load-%d-%d", cfg.Seed, n)}
		plans[c] = append(plans[c], step)
		if r.IntN(20) == 0 { // a retry of the same command
			plans[c] = append(plans[c], step)
		}
	}
	return plans
}

// Send delivers one step to replica n (an index into Config.Replicas, or
// any number when there are none) and returns the answer's status and body.
type Send func(ctx context.Context, replica int, step Step) (int, []byte, error)

// HTTP sends steps to the replicas of cfg as POST /v1/commands, with the
// step's idempotency key.
func HTTP(cfg Config) Send {
	cl := client{cfg: cfg, http: &http.Client{
		Timeout:   30 * time.Second,
		Transport: &http.Transport{MaxIdleConnsPerHost: max(2, cfg.Clients)},
	}}
	return func(ctx context.Context, replica int, step Step) (int, []byte, error) {
		return cl.post(ctx, cfg.Replicas[replica%len(cfg.Replicas)], "/v1/commands", step.Body, step.Key)
	}
}

// Direct sends steps to reg itself, as a Go program embedding the store
// would: the body decoded as a scenario step, executed with its key; an
// accepted command answers 200 with its events, a refusal 409.
func Direct(reg *store.Register) Send {
	return func(ctx context.Context, _ int, step Step) (int, []byte, error) {
		cmd, err := scenario.DecodeCommand("step", step.Body)
		if err != nil {
			return 0, nil, err
		}
		out, err := reg.Execute(ctx, store.Request{On: cmd.On, Party: cmd.Party, Act: cmd.Act, Key: step.Key})
		if err != nil {
			return 0, nil, err
		}
		if out.Refusal != nil {
			return http.StatusConflict, nil, nil
		}
		b, err := json.Marshal(struct {
			Events []json.RawMessage `json:"events"`
		}{out.Events})
		return http.StatusOK, b, err
	}
}

// Run sends the plan's commands from cfg.Clients clients at once, spread
// over the replicas, and returns every answer. A command that gets no
// answer, or 503, is sent again with the same key, to another replica,
// up to cfg.Retries times; one that never gets an answer is not
// acknowledged.
func Run(ctx context.Context, cfg Config, plans [][]Step, send Send) Report {
	rep := Report{ByStatus: map[int]int{}}
	var mu sync.Mutex
	var sent, retried atomic.Int64
	var halfway sync.Once
	half := int64(cfg.Commands / 2)
	start := time.Now()
	var wg sync.WaitGroup
	for c, plan := range plans {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i, step := range plan {
				for try := 0; try <= cfg.Retries; try++ {
					if sent.Add(1) == half && cfg.During != nil {
						halfway.Do(cfg.During)
					}
					t0 := time.Now()
					st, body, err := send(ctx, c+i+try, step)
					took := time.Since(t0)
					if err != nil || st == http.StatusServiceUnavailable {
						retried.Add(1)
						continue
					}
					mu.Lock()
					rep.Answers = append(rep.Answers, Answer{Party: step.Party, Key: step.Key, Status: st, Body: body})
					rep.ByStatus[st]++
					rep.Latencies = append(rep.Latencies, took)
					mu.Unlock()
					break
				}
			}
		}()
	}
	wg.Wait()
	rep.Elapsed = time.Since(start)
	rep.Sent, rep.Retried = sent.Load(), retried.Load()
	slices.Sort(rep.Latencies)
	return rep
}

// client sends requests with the load's token.
type client struct {
	cfg  Config
	http *http.Client
}

func (c client) post(ctx context.Context, base, path string, body []byte, key string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+path, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if key != "" {
		req.Header.Set("Idempotency-Key", key)
	}
	return c.do(req)
}

func (c client) get(ctx context.Context, url string) (int, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, nil, err
	}
	return c.do(req)
}

func (c client) do(req *http.Request) (int, []byte, error) {
	if c.cfg.Token != "" {
		req.Header.Set("Authorization", "Bearer "+c.cfg.Token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 64<<20))
	return resp.StatusCode, b, err
}

// Stored is what the replica at base holds for the load's parties: each
// party's history, with its events as the service wrote them.
func Stored(ctx context.Context, cfg Config, base string) (map[string][]json.RawMessage, error) {
	c := client{cfg: cfg, http: &http.Client{Timeout: time.Minute}}
	out := map[string][]json.RawMessage{}
	for i := range cfg.Parties {
		st, b, err := c.get(ctx, base+"/v1/parties/"+Party(i)+"/history")
		if err != nil || st != http.StatusOK {
			return nil, fmt.Errorf("history of %s: %d %s %v", Party(i), st, b, err)
		}
		var events []json.RawMessage
		if err := json.Unmarshal(b, &events); err != nil {
			return nil, err
		}
		out[Party(i)] = events
	}
	return out, nil
}

// Check compares what was acknowledged with what is stored: every event of
// every accepted answer (once per key, since a retry gives the first answer
// again) is in its party's stored history exactly once, and the histories
// hold nothing else after the first before[party] events, which were there
// when the load began.
func Check(answers []Answer, before map[string]int, stored map[string][]json.RawMessage) error {
	type event struct{ party, json string }
	want := map[event]int{}
	seen := map[string]bool{}
	for _, a := range answers {
		if a.Status != http.StatusOK || seen[a.Key] {
			continue
		}
		seen[a.Key] = true
		var body struct {
			Events []json.RawMessage `json:"events"`
		}
		if err := json.Unmarshal(a.Body, &body); err != nil {
			return fmt.Errorf("answer to %s: %w", a.Key, err)
		}
		for _, e := range body.Events {
			want[event{a.Party, string(e)}]++
		}
	}
	have := map[event]int{}
	for party, events := range stored {
		if len(events) < before[party] {
			return fmt.Errorf("%s holds %d events, fewer than the %d it held before the load", party, len(events), before[party])
		}
		for _, e := range events[before[party]:] {
			plain, err := withoutRecord(e)
			if err != nil {
				return err
			}
			have[event{party, string(plain)}]++
		}
	}
	var diffs []string
	for e, n := range want {
		if have[e] != n {
			diffs = append(diffs, fmt.Sprintf("%s: acknowledged %d×, stored %d×: %s", e.party, n, have[e], e.json))
		}
	}
	for e, n := range have {
		if want[e] == 0 {
			diffs = append(diffs, fmt.Sprintf("%s: stored %d×, never acknowledged: %s", e.party, n, e.json))
		}
	}
	if len(diffs) > 0 {
		sort.Strings(diffs)
		return fmt.Errorf("%d differences, the first: %s", len(diffs), diffs[0])
	}
	return nil
}

// withoutRecord returns a history event without the seq and recorded_at
// the service added at its end.
func withoutRecord(e json.RawMessage) ([]byte, error) {
	i := bytes.LastIndex(e, []byte(`,"seq":`))
	if i < 0 {
		return nil, errors.New("a history event without its seq")
	}
	return append(bytes.Clone(e[:i]), '}'), nil
}
