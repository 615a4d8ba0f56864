package scenario

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// StepResult is the outcome of one step.
type StepResult struct {
	File  string
	Line  int
	On    notice.Date
	Party string // the party the command ran on, or else the step's (or its expect's) party
	Do    string // empty when the step only let time pass
	// Refusal is the command's refusal, when it was refused (expected or
	// not).
	Refusal *engine.Refusal
	// Failures says why the step failed, one entry per expectation that did
	// not hold; empty when the step passed.
	Failures []string
}

// Passed reports whether every expectation of the step held.
func (r StepResult) Passed() bool { return len(r.Failures) == 0 }

// String returns the step as `kanta check` prints it, on one line:
// "file:line: date party command ok" or "… FAIL: why". A step without a
// party shows "-"; a step without a command shows "(time passes)".
func (r StepResult) String() string {
	party, do := r.Party, r.Do
	if party == "" {
		party = "-"
	}
	if do == "" {
		do = "(time passes)"
	}
	status := "ok"
	if !r.Passed() {
		status = "FAIL: " + oneLine(strings.Join(r.Failures, "; "))
	}
	return fmt.Sprintf("%s:%d: %s %s %s %s", r.File, r.Line, r.On, party, do, status)
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// Result counts the steps that passed and failed.
type Result struct {
	Passed, Failed int
}

// Add returns the sum of two results.
func (r Result) Add(o Result) Result { return Result{r.Passed + o.Passed, r.Failed + o.Failed} }

// OK reports whether no step failed.
func (r Result) OK() bool { return r.Failed == 0 }

// String returns the closing line of `kanta check`: "N passed, M failed".
func (r Result) String() string { return fmt.Sprintf("%d passed, %d failed", r.Passed, r.Failed) }

// Run runs the scenario on a new commitment.Register and calls report, when
// it is not nil, with each step's result in order. A failed step does not
// stop the run: later steps run on whatever state the library is in.
func (s *Scenario) Run(report func(StepResult)) Result {
	reg := commitment.NewRegister(commitment.WithCatalogue(s.Catalogue))
	var setup error
	for _, p := range s.Parties {
		if _, err := reg.Add(commitment.Customer{ID: lifecycle.PartyID(p.ID), Kind: p.Kind, Soteri: p.Soteri}); err != nil && setup == nil {
			setup = fmt.Errorf("%s:%d: party %s cannot be added: %w", s.File, p.Line, p.ID, err)
		}
	}
	var res Result
	for _, st := range s.Steps {
		r := s.runStep(reg, st, setup)
		if r.Passed() {
			res.Passed++
		} else {
			res.Failed++
		}
		if report != nil {
			report(r)
		}
	}
	return res
}

// runStep lets time pass to the step's day, runs its command and checks its
// expectations.
func (s *Scenario) runStep(reg *commitment.Register, st Step, setup error) (r StepResult) {
	r = StepResult{File: s.File, Line: st.Line, On: st.On, Party: st.Party, Do: st.Do}
	if r.Party == "" {
		r.Party = st.Expect.Party
	}
	fail := func(format string, args ...any) { r.Failures = append(r.Failures, fmt.Sprintf(format, args...)) }
	defer func() {
		if v := recover(); v != nil {
			fail("the library panicked: %v", v)
		}
	}()
	if setup != nil {
		fail("%v", setup)
		return r
	}
	if _, err := reg.Advance(st.On); err != nil {
		fail("time cannot pass to %s: %v", st.On, err)
		return r
	}
	if st.Act != nil {
		if st.app != "" {
			if holder, ok := reg.AppHolder(lifecycle.AppID(st.app)); ok {
				r.Party = string(holder) // the registrant, or who the commitment went to
			}
		}
		// A refused act changes nothing by construction; a step that expects
		// a refusal checks it, by the register's JSON before and after. The
		// other steps take no snapshot, so checking stays linear in steps.
		var before []byte
		if st.Expect.Refused {
			var err error
			if before, err = json.Marshal(reg); err != nil {
				fail("the register cannot be written as JSON: %v", err)
				return r
			}
		}
		_, err := reg.Execute(st.On, lifecycle.PartyID(r.Party), st.Act)
		var refusal *engine.Refusal
		switch {
		case errors.As(err, &refusal):
			r.Refusal = refusal
			if !st.Expect.Refused {
				fail("refused: %v", refusal)
				break
			}
			if c := st.Expect.Clause; c != "" && !cites(refusal, c) {
				fail("refused citing %s, not %q: %v", strings.Join(refusal.Citations(), ", "), c, refusal)
			}
			after, err := json.Marshal(reg)
			switch {
			case err != nil:
				fail("the register cannot be written as JSON: %v", err)
			case !bytes.Equal(before, after):
				fail("the refused act changed the register")
			}
		case err != nil:
			fail("%v", err)
		case st.Expect.Refused:
			fail("accepted, but the scenario expects a refusal")
		}
	}
	for _, msg := range checkStates(reg, st.Expect) {
		fail("%s", msg)
	}
	return r
}

// cites reports whether one of the refusal's citations contains clause.
func cites(r *engine.Refusal, clause string) bool {
	for _, c := range r.Citations() {
		if strings.Contains(c, clause) {
			return true
		}
	}
	return false
}

// checkStates returns a message for each state expectation that does not
// hold.
func checkStates(reg *commitment.Register, ex Expect) []string {
	var out []string
	check := func(what string, got, want engine.State) {
		if got != want {
			out = append(out, fmt.Sprintf("%s is %s, expected %s", what, stateWord(got), stateWord(want)))
		}
	}
	if ex.Customership != nil || len(ex.Services) > 0 {
		c, ok := reg.Commitment(lifecycle.PartyID(ex.Party))
		if !ok {
			return []string{fmt.Sprintf("party %s is not in the register", ex.Party)}
		}
		if ex.Customership != nil {
			check(ex.Party+"'s customership", c.Customership(), ex.Customership.State)
		}
		for _, sc := range ex.Services {
			check(fmt.Sprintf("%s's %s", ex.Party, sc.Subject), serviceState(reg, c, ex.Party, lifecycle.ServiceID(sc.Subject)), sc.State)
		}
	}
	for _, sc := range ex.Agreements {
		a, _ := reg.Agreement(lifecycle.AgreementID(sc.Subject))
		check("agreement "+sc.Subject, a.State, sc.State)
	}
	for _, sc := range ex.Apps {
		check("app "+sc.Subject, appState(reg, sc.Subject), sc.State)
	}
	return out
}

// serviceState is a party's state for a service: its own use's, or when it
// has none, its use as a tenant under the latest agreement listing the
// service.
func serviceState(reg *commitment.Register, c *commitment.Commitment, party string, svc lifecycle.ServiceID) engine.State {
	if s := c.State(svc); s != engine.None {
		return s
	}
	state := engine.None
	for _, u := range reg.TenantUses(lifecycle.PartyID(party)) {
		if u.Service == svc {
			state = u.State
		}
	}
	return state
}

// appState is the state of app in whichever commitment holds it.
func appState(reg *commitment.Register, app string) engine.State {
	if holder, ok := reg.AppHolder(lifecycle.AppID(app)); ok {
		if c, ok := reg.Commitment(holder); ok {
			a, _ := c.App(lifecycle.AppID(app))
			return a.State
		}
	}
	return engine.None
}

func stateWord(s engine.State) string {
	if s == engine.None {
		return noState
	}
	return string(s)
}
