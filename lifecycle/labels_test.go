package lifecycle_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

// labelled is one label of a machine with what it names.
type labelled struct {
	what  string
	label engine.Label
}

// machineLabels returns every label of d: the machine's, each state's, each
// event's and its actor's, each transition's condition and each guard's.
func machineLabels(d engine.Description) []labelled {
	out := []labelled{{"machine " + d.Name, d.Label}}
	for _, s := range d.States {
		out = append(out, labelled{"state " + string(s.ID), s.Label})
	}
	for _, e := range d.Events {
		out = append(out, labelled{"event " + string(e.ID), e.Label})
		if e.Actor.ID != "" {
			out = append(out, labelled{"actor of " + string(e.ID), e.Actor.Label})
		}
	}
	for i, tr := range d.Transitions {
		if tr.When != (engine.Label{}) {
			out = append(out, labelled{fmt.Sprintf("condition of transition %d (%s)", i, tr.Event), tr.When})
		}
		for _, g := range tr.Guards {
			out = append(out, labelled{fmt.Sprintf("guard %s of transition %d (%s)", g.Rule, i, tr.Event), g.Label})
		}
	}
	return out
}

// A state, event, guard or condition without words would be drawn by its
// identifier alone, or not at all: this test is where a new one is noticed.
func TestLabels_EveryLabelOfEveryMachineIsInEnFiSv(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			for _, l := range machineLabels(d) {
				assert.True(t, l.label.Complete(), "%s lacks a language: %+v", l.what, l.label)
			}
		})
	}
}

// Every branch has words: a timed or derived step, and every transition
// that shares its event and source with a later one, says when it is taken.
func TestLabels_EveryBranchSaysWhenItIsTaken(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			for i, tr := range d.Transitions {
				branched := tr.Timed || tr.Derived
				for _, later := range d.Transitions[i+1:] {
					for _, f := range tr.From {
						for _, g := range later.From {
							branched = branched || (later.Event == tr.Event && f == g)
						}
					}
				}
				if branched {
					assert.True(t, tr.When.Complete(), "transition %d (%s) is taken on a condition without words in every language: %+v", i, tr.Event, tr.When)
				}
			}
		})
	}
}

// Labels end up inside Mermaid and Graphviz strings and on one terminal
// line: no quotes, markup or line breaks.
func TestLabels_AreSafeInDiagrams(t *testing.T) {
	var all []labelled
	for _, m := range lifecycle.Machines() {
		all = append(all, machineLabels(m.Describe())...)
	}
	for _, a := range lifecycle.Acts() {
		all = append(all, labelled{"act " + string(a.ID), a.Label}, labelled{"actor of act " + string(a.ID), a.Actor.Label})
	}
	require.NotEmpty(t, all)
	for _, l := range all {
		for _, lang := range engine.Langs() {
			w := l.label.In(lang)
			assert.Equal(t, strings.TrimSpace(w), w, "%s: %q", l.what, w)
			assert.False(t, strings.ContainsAny(w, "\"<>\n\r;#`"), "%s: %q", l.what, w)
		}
	}
}

// The same identifier means different things in different machines: an
// active customership is in force, an active service is in use.
func TestLabels_ArePerMachine(t *testing.T) {
	c, ok := lifecycle.CustomershipMachine().Describe().State(lifecycle.Active)
	require.True(t, ok)
	s, ok := lifecycle.ServiceMachine().Describe().State(lifecycle.Active)
	require.True(t, ok)
	assert.Equal(t, "voimassa", c.Label.In(engine.Finnish), "YTE 7: asiakkuus on voimassa")
	assert.Equal(t, "käytössä", s.Label.In(engine.Finnish), "YTE 7.1: käytössään olevat palvelut")
	ng, _ := lifecycle.ServiceMachine().Describe().State(lifecycle.NoticeGiven)
	assert.Equal(t, engine.Label{En: "under notice", Fi: "irtisanottu", Sv: "uppsagd"}, ng.Label)
	kela, _ := lifecycle.ServiceMachine().Actor("approve-service")
	assert.Equal(t, "FPA", kela.Label.In(engine.Swedish), "YLS's name for Kela")
}
