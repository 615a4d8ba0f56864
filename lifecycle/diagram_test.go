package lifecycle

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (go test ./lifecycle -update)")

// golden compares got with testdata/name.golden, or rewrites the file with
// -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file %s: run go test ./lifecycle -update and review the diff", path)
	assert.Equal(t, string(want), got, "%s differs: if the change is intended, run go test ./lifecycle -update and review the diff", path)
}

// Every registered machine, in every format and language, byte for byte.
func TestDiagram_MatchesTheGoldenFiles(t *testing.T) {
	for _, m := range Machines() {
		d := m.Describe()
		for _, f := range Formats() {
			for _, l := range Langs() {
				name := fmt.Sprintf("%s.%s.%s", d.Name, l, f.Ext())
				t.Run(name, func(t *testing.T) {
					got, err := Diagram(d, f, l)
					require.NoError(t, err)
					golden(t, name, got)
				})
			}
		}
	}
}

// A door that closes by itself: a timed transition, a branch, a guard, a
// self-transition, a final state, a hyphenated state and no labels (the
// identifiers are drawn alone).
type (
	openDoor  struct{}
	doorTimer struct{}
	lockDoor  struct{}
)

func (openDoor) EventID() EventID  { return "open" }
func (doorTimer) EventID() EventID { return "time-out" }
func (lockDoor) EventID() EventID  { return "lock" }

type doorContext struct{ ev Event }

func (c doorContext) Trigger() Event { return c.ev }

func doorDescription(t *testing.T) Description {
	t.Helper()
	m, err := Define("door",
		[]StateInfo{{ID: "half-open"}, {ID: "closed"}, {ID: "locked", Final: true}},
		[]Event{openDoor{}, doorTimer{}, lockDoor{}},
		[]Transition[doorContext]{
			{Event: "open", From: []State{None, "closed", "half-open"}, To: "half-open", Rule: C1, Guards: []Guard[doorContext]{
				{Rule: C4, Label: `a "key" holder`, Check: func(doorContext) *Unmet { return nil }},
			}},
			{Event: "time-out", From: []State{"half-open"}, To: "closed", Rule: S5b, Timed: true,
				When: &Branch[doorContext]{Label: "nobody in the way", Holds: func(doorContext) bool { return true }}},
			{Event: "lock", From: []State{"closed"}, To: "locked", Rule: C8},
		})
	require.NoError(t, err)
	return m.Describe()
}

func TestDiagram_DrawsTimedTransitionsBranchesGuardsAndFinalStates(t *testing.T) {
	d := doorDescription(t)
	for _, f := range Formats() {
		t.Run(string(f), func(t *testing.T) {
			got, err := Diagram(d, f, English)
			require.NoError(t, err)
			golden(t, "door."+f.Ext(), got)
		})
	}
}

func TestDiagram_Mermaid(t *testing.T) {
	got, err := Diagram(doorDescription(t), Mermaid, Finnish)
	require.NoError(t, err)
	assert.Contains(t, got, "\nstateDiagram-v2\n")
	assert.Contains(t, got, `state "half-open" as half_open`, "Mermaid ids have no hyphens; the identifier stays in the text")
	assert.Contains(t, got, "    [*] --> half_open: open<br/>C1 (YTE 7)<br/>guard C4 (YTE 7) — a 'key' holder\n", "from None; quotes cannot break the label")
	assert.Contains(t, got, "    half_open --> half_open: open", "a self-transition")
	assert.Contains(t, got, "    half_open --> closed: "+TimedMarker+" time-out<br/>S5b (design, nearest YTE 7.1)<br/>[when nobody in the way]\n")
	assert.Contains(t, got, "    locked --> [*]\n", "a final state")
	for _, line := range strings.Split(got, "\n") {
		if strings.HasPrefix(line, "    ") {
			assert.NotContains(t, line, "-->"+" [*]:", "no edge into None")
		}
	}
}

func TestDiagram_DOT(t *testing.T) {
	got, err := Diagram(doorDescription(t), DOT, Swedish)
	require.NoError(t, err)
	assert.Contains(t, got, "\ndigraph \"door\" {\n")
	assert.Contains(t, got, `    "[*]" -> "half-open" [label="open\nC1 (YTE 7)\nguard C4 (YTE 7) — a \"key\" holder"];`)
	assert.Contains(t, got, `    "half-open" -> "closed" [label="time-out\nS5b (design, nearest YTE 7.1)\n[when nobody in the way]", style=dashed];`, "timed: dashed")
	assert.Contains(t, got, `    "locked" [label="locked", peripheries=2];`, "final: double border")
	assert.True(t, strings.HasSuffix(got, "}\n"))
}

// SPEC §10: every state under its stable identifier and its label in the
// chosen language; every transition with its event and its clause.
func TestSPEC10_DiagramShowsIdentifiersLabelsEventsAndClauses(t *testing.T) {
	for _, m := range Machines() {
		d := m.Describe()
		for _, f := range Formats() {
			for _, l := range Langs() {
				got, err := Diagram(d, f, l)
				require.NoError(t, err)
				for _, s := range d.States {
					label, ok := StateLabel(d.Name, s.ID)
					require.True(t, ok)
					assert.Contains(t, got, string(s.ID), "%s %s %s", d.Name, f, l)
					assert.Contains(t, got, label.In(l), "%s %s %s: label of %s", d.Name, f, l, s.ID)
				}
				for _, tr := range d.Transitions {
					assert.Contains(t, got, string(tr.Event))
					assert.Contains(t, got, tr.Rule.Cite())
					if tr.When != "" {
						assert.Contains(t, got, "[when "+tr.When+"]")
					}
					for _, g := range tr.Guards {
						assert.Contains(t, got, g.Label)
					}
				}
				if f == Mermaid {
					assert.Equal(t, len(d.Edges()), strings.Count(got, "\n    ")-len(d.States)-countFinal(d), "one Mermaid edge for each (from, event, to)")
				} else {
					assert.Equal(t, len(d.Edges()), strings.Count(got, " -> "), "one Graphviz edge for each (from, event, to)")
				}
			}
		}
	}
}

func countFinal(d Description) int {
	n := 0
	for _, s := range d.States {
		if s.Final {
			n++
		}
	}
	return n
}

func TestDiagram_TimedTransitionsAreDistinguishable(t *testing.T) {
	d := ServiceMachine().Describe()
	m, err := Diagram(d, Mermaid, English)
	require.NoError(t, err)
	g, err := Diagram(d, DOT, English)
	require.NoError(t, err)
	for _, e := range d.Edges() {
		timed := d.Transitions[e.Transition].Timed
		mermaidEdge := fmt.Sprintf("    %s --> %s: %s", mermaidID(e.From), mermaidID(e.To), TimedMarker+" "+string(e.Event))
		assert.Equal(t, timed, strings.Contains(m, mermaidEdge), "%s: Mermaid marks it %s exactly when timed", e, TimedMarker)
		dotEdge := fmt.Sprintf("%s -> %s [label=%s, style=dashed]", dotID(e.From), dotID(e.To), dotString(edgeText(d.Name, d.Transitions[e.Transition], English, false)))
		assert.Equal(t, timed, strings.Contains(g, dotEdge), "%s: Graphviz dashes it exactly when timed", e)
	}
}

func TestDiagram_IsDeterministic(t *testing.T) {
	for _, m := range Machines() {
		first, err := Diagram(m.Describe(), Mermaid, Finnish)
		require.NoError(t, err)
		for i := 0; i < 20; i++ {
			again, err := Diagram(m.Describe(), Mermaid, Finnish)
			require.NoError(t, err)
			require.Equal(t, first, again)
		}
	}
}

func TestDiagram_RefusesUnknownFormatAndLanguage(t *testing.T) {
	d := CustomershipMachine().Describe()
	_, err := Diagram(d, "svg", English)
	assert.EqualError(t, err, `unknown format "svg" (known: mermaid, dot)`)
	_, err = Diagram(d, Mermaid, "de")
	assert.EqualError(t, err, `unknown language "de" (known: en, fi, sv)`)
}

// A state or event without words is drawn by its identifier: the command
// line keeps working, and TestLabels_EveryStateAndEventOfEveryMachineHasWordsInEnFiSv
// fails instead.
func TestDiagram_MissingLabelsFallBackToIdentifiers(t *testing.T) {
	d := CustomershipMachine().Describe()
	d.States = append(d.States, StateInfo{ID: "dormant"})
	d.Transitions = append(d.Transitions, TransitionInfo{Event: "fall-asleep", From: []State{Active}, To: "dormant", Rule: C7})
	got, err := Diagram(d, Mermaid, Swedish)
	require.NoError(t, err)
	assert.Contains(t, got, `state "dormant" as dormant`)
	assert.Contains(t, got, "    active --> dormant: fall-asleep<br/>C7 (YTE 7)\n")
}

func ExampleDiagram() {
	d := CustomershipMachine().Describe()
	out, _ := Diagram(d, Mermaid, Finnish)
	fmt.Print(out)
	// Output:
	// %% The customership lifecycle, labels in Finnish: kanta diagram --machine customership --format mermaid --lang fi
	// %% Drawn from the definition that runs (package lifecycle); do not edit by hand.
	// %% Each edge: event — label, rule (clause), [when branch], guard rule (clause) — condition.
	// %% ⏱ marks a transition made by the passage of time.
	// stateDiagram-v2
	//     state "applied<br/>hakemus tehty" as applied
	//     state "active<br/>voimassa" as active
	//     state "terminating<br/>irtisanomisprosessi käynnissä" as terminating
	//     state "ended<br/>päättynyt" as ended
	//     state "withdrawn<br/>hakemus peruttu" as withdrawn
	//     [*] --> applied: commitment-signed — sitoumus allekirjoitettu<br/>C1 (YTE 7)
	//     ended --> applied: commitment-signed — sitoumus allekirjoitettu<br/>C1 (YTE 7)
	//     withdrawn --> applied: commitment-signed — sitoumus allekirjoitettu<br/>C1 (YTE 7)
	//     applied --> active: first-service-approved — ensimmäinen palvelu hyväksytty<br/>C3 (YTE 7)
	//     applied --> withdrawn: applications-withdrawn — hakemukset peruttu<br/>C12 (REK)
	//     active --> terminating: all-services-under-notice — kaikki palvelut irtisanottu<br/>C9 (YTE 7.1)
	//     terminating --> active: service-taken-into-use — palvelu otettu käyttöön<br/>C9 (YTE 7.1)
	//     active --> ended: last-service-ended — viimeisen palvelun käyttö päättynyt<br/>C8 (YTE 7.1)
	//     terminating --> ended: last-service-ended — viimeisen palvelun käyttö päättynyt<br/>C8 (YTE 7.1)
	//     ended --> [*]
	//     withdrawn --> [*]
}
