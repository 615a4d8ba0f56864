package commitment_test

import (
	"encoding/json"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Generated command sequences against a register of three parties and their
// joint agreements. Each sequence is reproducible from its seed (its index):
// a failure names the seed and prints the steps that led to it.

const (
	jxSequences = 200
	jxSteps     = 60
	// Under the race detector the same seeds run, fewer of them, to keep the
	// test to a few seconds: what the detector adds is data races, which
	// need concurrency, not more sequences.
	jxSequencesUnderRace = 20
)

var (
	jxPropParties = []struct {
		id   string
		kind lifecycle.Kind
	}{
		{"p0", lifecycle.PrivateHealthCareProvider},
		{"p1", lifecycle.PrivateSocialWelfareProvider},
		{"p2", lifecycle.PublicHealthCareProvider}, // may be a tenant, never a main connector (J1b)
	}
	jxPropServices = []lifecycle.ServiceID{
		lifecycle.Prescription, lifecycle.PatientDataRepository,
		lifecycle.SocialWelfareClientDataRepository, lifecycle.Kelain,
	}
)

// jxGen draws the commands of one sequence.
type jxGen struct {
	rng *rand.Rand
	day notice.Date
}

func (g *jxGen) party() string { return jxPropParties[g.rng.Intn(len(jxPropParties))].id }

func (g *jxGen) service() lifecycle.ServiceID { return jxPropServices[g.rng.Intn(len(jxPropServices))] }

func (g *jxGen) later(maxDays int) notice.Date { return g.day.AddDays(g.rng.Intn(maxDays + 1)) }

func (g *jxGen) services() []lifecycle.ServiceID {
	perm := g.rng.Perm(len(jxPropServices))
	out := make([]lifecycle.ServiceID, 1+g.rng.Intn(3))
	for i := range out {
		out[i] = jxPropServices[perm[i]]
	}
	return out
}

// command returns the next step: a party and a command, or advance. Most
// commands are the ones the party's state calls for (so that services get
// into use and agreements get signed); the rest are drawn blindly, to be
// refused.
func (g *jxGen) command(r *commitment.Register) (party string, cmd commitment.Command, advance bool) {
	p := g.party()
	c, _ := r.Commitment(p)
	s := g.service()
	if s == lifecycle.SocialWelfareClientDataRepository && p != "p1" && g.rng.Intn(4) != 0 {
		s = lifecycle.PatientDataRepository // the social welfare repository is for p1's kind (S3)
	}
	n := g.rng.Intn(100)
	switch {
	case n < 6:
		return "", nil, true
	case n < 50:
		return p, g.serviceCommand(c, s, g.rng.Intn(5) != 0), false
	case n < 70 || len(r.Agreements()) == 0:
		return "", g.sign(r), false
	}
	id := g.agreement(r, true)
	switch {
	case n < 86:
		by := g.party()
		if a, ok := r.Agreement(id); ok && g.rng.Intn(4) != 0 {
			by = a.Main
			if g.rng.Intn(2) == 0 {
				by = a.Tenant
			}
		}
		return "", commitment.GiveJointAgreementNotice{Agreement: id, By: by, Effective: g.later(120)}, false
	case n < 93:
		return "", commitment.EndProductionAgreement{Agreement: id}, false
	}
	reason := "serious breach"
	if g.rng.Intn(4) == 0 {
		reason = ""
	}
	return "", commitment.RescindJointAgreement{Agreement: id, Reason: reason}, false
}

// agreement returns an agreement identifier: mostly one that exists
// (existing) or a new one (!existing), sometimes one at random.
func (g *jxGen) agreement(r *commitment.Register, existing bool) string {
	all := r.Agreements()
	switch {
	case len(all) > 0 && (existing || g.rng.Intn(8) == 0):
		if g.rng.Intn(10) == 0 {
			return "nope"
		}
		return all[g.rng.Intn(len(all))].ID
	case g.rng.Intn(10) == 0:
		return ""
	}
	return fmt.Sprintf("a%d", len(all))
}

// serviceCommand returns a command on party c's use of service s: with
// fitting, the one its state calls for, otherwise any.
func (g *jxGen) serviceCommand(c *commitment.Commitment, s lifecycle.ServiceID, fitting bool) commitment.Command {
	state := c.State(s)
	accepts := descOnly
	if !lifecycle.Committed(c.Customership()) {
		accepts = allDocs
	}
	request := commitment.RequestService{Service: s, Signatory: lifecycle.TradeRegister, Accepts: accepts}
	notice := commitment.GiveTerminationNotice{Service: s, Effective: g.later(70), Reason: lifecycle.OtherChange}
	if !fitting {
		state = []lifecycle.State{lifecycle.None, lifecycle.Requested, lifecycle.JointTested, lifecycle.ActivationTested,
			lifecycle.Active, lifecycle.Suspended, lifecycle.NoticeGiven}[g.rng.Intn(7)]
	}
	switch state {
	case lifecycle.None, lifecycle.Terminated, lifecycle.Withdrawn:
		return request
	case lifecycle.Requested:
		if g.rng.Intn(8) == 0 {
			return commitment.WithdrawApplication{Service: s}
		}
		if s == lifecycle.SocialWelfareClientDataRepository {
			return commitment.PassJointTesting{Service: s}
		}
		return commitment.ApproveService{Service: s}
	case lifecycle.JointTested:
		return commitment.PassActivationTest{Service: s}
	case lifecycle.ActivationTested:
		return commitment.ApproveService{Service: s}
	case lifecycle.Suspended:
		if g.rng.Intn(3) == 0 {
			return notice
		}
		return commitment.DemonstrateCorrection{Service: s}
	}
	switch g.rng.Intn(6) {
	case 0, 1:
		return commitment.SuspendService{Service: s, Reason: lifecycle.Endangers}
	case 2, 3:
		return notice
	case 4:
		return commitment.TerminateByAuthority{Service: s, Effective: g.later(40)}
	}
	return commitment.TerminateByAuthority{Service: s}
}

// sign returns a signing, mostly of services the main connector has in use,
// mostly between two different parties.
func (g *jxGen) sign(r *commitment.Register) commitment.SignJointAgreement {
	main, tenant := g.party(), g.party()
	if g.rng.Intn(5) != 0 {
		main = jxPropParties[g.rng.Intn(2)].id // a private provider (J1b)
	}
	for tenant == main && g.rng.Intn(10) != 0 {
		tenant = g.party()
	}
	services := g.services()
	if c, _ := r.Commitment(main); g.rng.Intn(4) != 0 {
		var inUse []lifecycle.ServiceID
		for _, u := range c.Services() {
			if u.InUse() {
				inUse = append(inUse, u.Service)
			}
		}
		if len(inUse) > 0 {
			g.rng.Shuffle(len(inUse), func(i, j int) { inUse[i], inUse[j] = inUse[j], inUse[i] })
			services = inUse[:1+g.rng.Intn(len(inUse))]
		}
	}
	var production notice.Period
	switch g.rng.Intn(4) {
	case 0:
		production = notice.Months(1 + g.rng.Intn(3))
	case 1:
		production = notice.Weeks(2)
	}
	return commitment.SignJointAgreement{ID: g.agreement(r, false),
		Main: main, Tenant: tenant, Services: services, ProductionNotice: production}
}

// jxTenantInvariant returns a description of the first tenant use that is in
// use while its main connector's own use of the service is not, or while its
// agreement is not in force (J3, J10); "" when there is none.
func jxTenantInvariant(r *commitment.Register) string {
	for _, p := range jxPropParties {
		for _, u := range r.TenantUses(p.id) {
			if !(lifecycle.ServiceUse{State: u.State}).InUse() {
				continue
			}
			main, ok := r.Commitment(u.Main)
			if !ok {
				return fmt.Sprintf("%s uses %s through unknown main connector %s", p.id, u.Service, u.Main)
			}
			if mu, _ := main.Service(u.Service); !mu.InUse() {
				return fmt.Sprintf("%s's use of %s under %s is %s, but main connector %s's own use is %q", p.id, u.Service, u.Agreement, u.State, u.Main, mu.State)
			}
			if a, _ := r.Agreement(u.Agreement); !a.InForce() {
				return fmt.Sprintf("%s's use of %s is %s, but agreement %s is %s", p.id, u.Service, u.State, u.Agreement, a.State)
			}
		}
	}
	return ""
}

// After every step of every sequence: a tenant uses a service only while its
// main connector uses it and the agreement is in force (J3, J10); a refused
// or malformed command leaves the register byte-for-byte as it was. At the
// end, the register restored from its JSON writes the same JSON.
func TestProperty_J3_J10_TenantNeverUsesWhatTheMainConnectorDoesNot(t *testing.T) {
	var accepted, refused int
	outcomes := map[string]int{} // accepted commands by name
	sequences := jxSequences
	if jxRaceDetector {
		sequences = jxSequencesUnderRace
	}
	for seed := 0; seed < sequences; seed++ {
		g := &jxGen{rng: rand.New(rand.NewSource(int64(seed))), day: day("2025-01-01")}
		r := commitment.NewRegister()
		for _, p := range jxPropParties {
			_, err := r.Add(commitment.Customer{ID: p.id, Kind: p.kind, Soteri: g.rng.Intn(8) != 0})
			require.NoError(t, err)
		}
		var log []string
		fail := func(format string, args ...any) {
			t.Helper()
			t.Fatalf("seed %d, step %d: %s\nsteps:\n  %s", seed, len(log), fmt.Sprintf(format, args...), strings.Join(log, "\n  "))
		}
		before, err := r.MarshalJSON()
		require.NoError(t, err)
		for step := 0; step < jxSteps; step++ {
			g.day = g.later(3)
			party, cmd, advance := g.command(r)
			if advance {
				g.day = g.later(40)
				err = r.Advance(g.day)
				log = append(log, fmt.Sprintf("%s advance -> %v", g.day, err))
			} else {
				_, err = r.Execute(g.day, party, cmd)
				log = append(log, fmt.Sprintf("%s %s %s %+v -> %v", g.day, party, cmd.Name(), cmd, err))
			}
			after, merr := r.MarshalJSON() // the bytes json.Marshal(r) writes, without compacting them again
			require.NoError(t, merr)
			if err != nil {
				refused++
				if string(after) != string(before) {
					fail("a refused command changed the register: %v", err)
				}
			} else {
				accepted++
				if cmd != nil {
					outcomes[cmd.Name()]++
				}
			}
			if msg := jxTenantInvariant(r); msg != "" {
				fail("%s", msg)
			}
			before = after
		}
		restored, err := commitment.RestoreRegister(before)
		if err != nil {
			fail("restore: %v", err)
		}
		again, err := json.Marshal(restored)
		require.NoError(t, err)
		if string(again) != string(before) {
			fail("the restored register writes different JSON")
		}
		for _, p := range jxPropParties {
			require.Equal(t, r.TenantUses(p.id), restored.TenantUses(p.id), "seed %d", seed)
		}
	}
	t.Logf("%d steps accepted, %d refused; accepted by command: %v", accepted, refused, outcomes)
	for _, name := range []string{"sign-joint-agreement", "give-joint-agreement-notice", "end-production-agreement",
		"rescind-joint-agreement", "give-termination-notice", "terminate-by-authority", "suspend-service"} {
		require.NotZero(t, outcomes[name], "the generator must reach %s to test anything", name)
	}
}
