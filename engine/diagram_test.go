package engine

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/notice"
	"github.com/kantakit/kanta/rules"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata (go test ./engine -update)")

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
	require.NoError(t, err, "no golden file %s: run go test ./engine -update and review the diff", path)
	assert.Equal(t, string(want), got, "%s differs: if the change is intended, run go test ./engine -update and review the diff", path)
}

// A door, the diagrams' test machine: a guard whose words hold quotes, a
// self-transition and a Stay, a timed transition, a derived one, two
// events between the same states (one timed, one not), a final state, a
// hyphenated state, and words missing here and there, which the diagrams
// replace by identifiers.
type (
	openDoor    struct{}
	doorTimeout struct{}
	slamDoor    struct{}
	lockDoor    struct{}
	latchDoor   struct{}
	knockDoor   struct{}
)

func (openDoor) EventID() EventID    { return "open" }
func (doorTimeout) EventID() EventID { return "time-out" }
func (slamDoor) EventID() EventID    { return "slam" }
func (lockDoor) EventID() EventID    { return "lock" }
func (latchDoor) EventID() EventID   { return "latch" }
func (knockDoor) EventID() EventID   { return "knock" }

type door struct {
	State  State
	Opened notice.Date
}

type doorFacts struct{ LatchDown bool }

var (
	doorPerson    = Actor{ID: "person", Label: Label{En: "a person", Fi: "henkilö", Sv: "en person"}}
	doorKeyholder = Actor{ID: "keyholder"} // no words: drawn by its identifier
)

func doorMachine(t testing.TB) *Machine[door, doorFacts] {
	t.Helper()
	always := func(Step[door, doorFacts]) *Unmet { return nil }
	m, err := Define(Definition[door, doorFacts]{
		Name:    "door",
		Label:   Label{En: "the door", Fi: "ovi", Sv: "dörren"},
		StateOf: func(d *door) *State { return &d.State },
		States: []StateSpec{
			{ID: "half-open"}, // no words
			{ID: "closed", Label: Label{En: "shut", Fi: "kiinni", Sv: "stängd"}},
			{ID: "locked", Label: Label{En: "locked for good", Fi: "lukittu", Sv: "låst"}, Final: true},
		},
		Events: []EventSpec[door]{
			On(Label{En: "open the door"}, doorPerson, func(d *door, on notice.Date, _ openDoor) { d.Opened = on }), // English only
			On[door, doorTimeout](Label{En: "closes by itself", Fi: "sulkeutuu itsestään", Sv: "stängs av sig själv"}, Actor{}, nil),
			On[door, slamDoor](Label{En: "slam", Fi: "paiskaa", Sv: "smäll"}, doorPerson, nil),
			On[door, lockDoor](Label{}, doorKeyholder, nil), // no words
			On[door, latchDoor](Label{En: "latches", Fi: "salpautuu", Sv: "reglas"}, Actor{}, nil),
			On[door, knockDoor](Label{En: "knock", Fi: "koputus", Sv: "knackning"}, doorPerson, nil),
		},
		Transitions: []Transition[door, doorFacts]{
			{Event: "open", From: []State{None, "closed", "half-open"}, To: "half-open", Rule: rules.C1, Guards: []Guard[door, doorFacts]{
				{Rule: rules.C4, Label: Label{En: `a "key" holder`, Fi: `"avaimen" haltija`, Sv: `en "nyckel"-innehavare`}, Check: always},
			}},
			{Event: "time-out", From: []State{"half-open"}, To: "closed", Rule: rules.S5b,
				Due: &Due[door]{Label: Label{En: "nobody in the way", Fi: "kukaan ei ole tiellä", Sv: "ingen är i vägen"},
					Day: func(d *door) (notice.Date, bool) { return d.Opened.AddDays(1), !d.Opened.IsZero() }}},
			{Event: "slam", From: []State{"half-open"}, To: "closed", Rule: rules.C3},
			{Event: "lock", From: []State{"closed"}, To: "locked", Rule: rules.C8},
			{Event: "latch", From: []State{"closed"}, To: "locked", Rule: rules.C9, Derived: true,
				When: &Branch[door, doorFacts]{Label: Label{En: "the latch falls", Fi: "salpa putoaa", Sv: "regeln faller"},
					Holds: func(c Step[door, doorFacts]) bool { return c.Facts.LatchDown }}},
			{Event: "knock", From: []State{"closed"}, Stay: true, Rule: rules.C13},
		},
	})
	require.NoError(t, err)
	return m
}

// The door in every format, language and style, byte for byte.
func TestDiagram_MatchesTheGoldenFiles(t *testing.T) {
	d := doorMachine(t).Describe()
	for _, f := range Formats() {
		for _, l := range Langs() {
			for _, s := range Styles() {
				name := fmt.Sprintf("door.%s.%s.%s", l, s, f.Ext())
				t.Run(name, func(t *testing.T) {
					got, err := Diagram(d, f, l, s)
					require.NoError(t, err)
					golden(t, name, got)
				})
			}
		}
	}
}

func TestDiagram_MermaidFull(t *testing.T) {
	got, err := Diagram(doorMachine(t).Describe(), Mermaid, Finnish, Full)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, "%% The door lifecycle, labels in Finnish, full style.\n"), got)
	assert.Contains(t, got, "\nstateDiagram-v2\n")
	assert.Contains(t, got, `    state "half-open" as half_open`+"\n", "Mermaid ids have no hyphens; a state without words is its identifier")
	assert.Contains(t, got, `    state "closed<br/>kiinni" as closed`+"\n")
	assert.Contains(t, got, "    [*] --> half_open: open<br/>C1 (YTE 7)<br/>tekijänä henkilö<br/>ehto C4 (YTE 7) — 'avaimen' haltija\n",
		"from None; an event without Finnish words is its identifier; quotes cannot break the label")
	assert.Contains(t, got, "    half_open --> half_open: open<br/>", "a self-transition")
	assert.Contains(t, got, "    closed --> closed: knock — koputus<br/>C13 (YTE 7)<br/>tekijänä henkilö\n", "a Stay transition")
	assert.Contains(t, got, "    half_open --> closed: "+TimedMarker+" time-out — sulkeutuu itsestään<br/>S5b (design, nearest YTE 7.1)<br/>[kun kukaan ei ole tiellä]\n")
	assert.Contains(t, got, "    closed --> locked: lock<br/>C8 (YTE 7.1)<br/>tekijänä keyholder\n", "an actor without words is its identifier")
	assert.Contains(t, got, "    closed --> locked: latch — salpautuu<br/>C9 (YTE 7.1)<br/>(seuraa itsestään)<br/>[kun salpa putoaa]\n")
	assert.Contains(t, got, "    locked --> [*]\n", "a final state")
	assert.NotContains(t, got, "closed --> [*]")
	for _, line := range strings.Split(got, "\n") {
		assert.False(t, strings.Contains(line, "--> [*]:"), "no edge into None: %s", line)
	}
}

func TestDiagram_DOTFull(t *testing.T) {
	got, err := Diagram(doorMachine(t).Describe(), DOT, Swedish, Full)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(got, "// The door lifecycle, labels in Swedish, full style.\n"), got)
	assert.Contains(t, got, "// "+TimedMarker+" marks a transition made by the passage of time. Its edge is dashed.\n")
	assert.Contains(t, got, "\ndigraph \"door\" {\n    label=\"door (sv)\";\n")
	assert.Contains(t, got, `    "[*]" -> "half-open" [label="open\nC1 (YTE 7)\nutförs av en person\nvillkor C4 (YTE 7) — en \"nyckel\"-innehavare"];`)
	assert.Contains(t, got, `    "half-open" -> "closed" [label="`+TimedMarker+` time-out — stängs av sig själv\nS5b (design, nearest YTE 7.1)\n[när ingen är i vägen]", style=dashed];`, "timed: dashed")
	assert.Contains(t, got, `    "half-open" -> "closed" [label="slam — smäll\nC3 (YTE 7)\nutförs av en person"];`, "not timed: solid")
	assert.Contains(t, got, `    "half-open" -> "half-open" [xlabel=`, "a self-loop's label beside the loop")
	assert.Contains(t, got, `    "closed" -> "closed" [xlabel="knock — knackning\nC13 (YTE 7)\nutförs av en person"];`)
	assert.Contains(t, got, `    "locked" [label="locked\nlåst", peripheries=2];`, "final: double border")
	assert.Contains(t, got, `    "half-open" [label="half-open"];`)
	assert.True(t, strings.HasSuffix(got, "}\n"))
}

// The compact style merges the edges between the same two states and shows
// each event with its rule only; a merged edge is dashed only when every
// event on it is timed.
func TestDiagram_CompactMergesEdgesBetweenTheSameStates(t *testing.T) {
	d := doorMachine(t).Describe()
	m, err := Diagram(d, Mermaid, English, Compact)
	require.NoError(t, err)
	assert.Contains(t, m, "%% Each edge: the events that lead between the two states, each with its rule; guards are left out.\n")
	assert.Contains(t, m, "    half_open --> closed: "+TimedMarker+" time-out (S5b)<br/>slam (C3)\n")
	assert.Contains(t, m, "    closed --> locked: lock (C8)<br/>latch (C9)\n")
	assert.Contains(t, m, "    [*] --> half_open: open (C1)\n")
	assert.Equal(t, 1, strings.Count(m, "--> locked:"), "one edge for both events")
	assert.NotContains(t, m, "C4", "the guard is left out")

	g, err := Diagram(d, DOT, English, Compact)
	require.NoError(t, err)
	assert.Contains(t, g, `    "half-open" -> "closed" [label="`+TimedMarker+` time-out (S5b)\nslam (C3)"];`, "not every event timed: solid")
	assert.Equal(t, 6, strings.Count(g, " -> "), "an edge for each pair of states")

	timed := d
	timed.Transitions = timed.Transitions[:2] // open and time-out only
	g, err = Diagram(timed, DOT, English, Compact)
	require.NoError(t, err)
	assert.Contains(t, g, `    "half-open" -> "closed" [label="`+TimedMarker+` time-out (S5b)", style=dashed];`)
}

// Every edge of the full style is one (from, event, to) of Edges; the
// compact style has one edge per pair of states.
func TestDiagram_DrawsEveryEdge(t *testing.T) {
	d := doorMachine(t).Describe()
	for _, l := range Langs() {
		m, err := Diagram(d, Mermaid, l, Full)
		require.NoError(t, err)
		assert.Equal(t, len(d.Edges()), mermaidEdges(m), l)
		g, err := Diagram(d, DOT, l, Full)
		require.NoError(t, err)
		assert.Equal(t, len(d.Edges()), strings.Count(g, " -> "), l)
	}
}

// mermaidEdges counts the edges of a Mermaid diagram: the lines "a --> b:
// text", not the final states' "a --> [*]".
func mermaidEdges(diagram string) int {
	n := 0
	for _, line := range strings.Split(diagram, "\n") {
		if strings.HasPrefix(line, "    ") && strings.Contains(line, " --> ") && strings.Contains(line, ": ") {
			n++
		}
	}
	return n
}

// Labels end up inside Mermaid and Graphviz strings: a quote, a line break
// or a semicolon in one cannot break the markup.
func TestDiagram_TextCannotBreakTheMarkup(t *testing.T) {
	d := Description{
		Name:   "trap",
		States: []StateInfo{{ID: "a", Label: Label{En: "one\ntwo; \"three\"\r"}}},
		Events: []EventInfo{{ID: "go", Label: Label{En: `back\slash "quoted"`}}},
		Transitions: []TransitionInfo{
			{Event: "go", From: []State{None}, To: "a", Rule: rules.C1},
		},
	}
	m, err := Diagram(d, Mermaid, English, Full)
	require.NoError(t, err)
	assert.Contains(t, m, `    state "a<br/>one two, 'three' " as a`+"\n")
	assert.Contains(t, m, `    [*] --> a: go — back\slash 'quoted'<br/>C1 (YTE 7)`+"\n")
	g, err := Diagram(d, DOT, English, Full)
	require.NoError(t, err)
	assert.Contains(t, g, `    "a" [label="a\none two; \"three\" "];`)
	assert.Contains(t, g, `    "[*]" -> "a" [label="go — back\\slash \"quoted\"\nC1 (YTE 7)"];`)
}

func TestDiagram_RefusesUnknownFormatLanguageAndStyle(t *testing.T) {
	d := doorMachine(t).Describe()
	_, err := Diagram(d, "svg", English, Full)
	assert.EqualError(t, err, `unknown format "svg" (known: mermaid, dot)`)
	_, err = Diagram(d, Mermaid, "de", Full)
	assert.EqualError(t, err, `unknown language "de" (known: en, fi, sv)`)
	_, err = Diagram(d, DOT, English, "tiny")
	assert.EqualError(t, err, `unknown style "tiny" (known: full, compact)`)
	var u *UnknownError
	assert.ErrorAs(t, err, &u)
}

func TestFormatAndStyle_ParseTheirIdentifiers(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(string(f))
		require.NoError(t, err)
		assert.Equal(t, f, got)
	}
	for _, s := range Styles() {
		got, err := ParseStyle(string(s))
		require.NoError(t, err)
		assert.Equal(t, s, got)
	}
	assert.Equal(t, "mmd", Mermaid.Ext())
	assert.Equal(t, "dot", DOT.Ext())
	_, err := ParseFormat("mmd")
	assert.Error(t, err, "the extension is not the format's identifier")
	_, err = ParseStyle("Full")
	assert.Error(t, err)
}
