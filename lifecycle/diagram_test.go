package lifecycle_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
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

// goldenName is the golden file of a machine's diagram: service.fi.full.mmd.
func goldenName(machine string, l engine.Lang, s engine.Style, f engine.Format) string {
	return fmt.Sprintf("%s.%s.%s.%s", machine, l, s, f.Ext())
}

// Every machine, in every format, language and style, byte for byte.
func TestDiagram_MatchesTheGoldenFiles(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				for _, s := range engine.Styles() {
					name := goldenName(d.Name, l, s, f)
					t.Run(name, func(t *testing.T) {
						got, err := engine.Diagram(d, f, l, s)
						require.NoError(t, err)
						golden(t, name, got)
					})
				}
			}
		}
	}
}

// testdata holds the golden files of the diagrams and nothing else: a file
// left from a renamed machine or an older format is noticed here.
func TestDiagram_NoStaleGoldenFiles(t *testing.T) {
	want := map[string]bool{}
	for _, m := range lifecycle.Machines() {
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				for _, s := range engine.Styles() {
					want[goldenName(m.Describe().Name, l, s, f)+".golden"] = true
				}
			}
		}
	}
	entries, err := os.ReadDir("testdata")
	require.NoError(t, err)
	for _, e := range entries {
		assert.True(t, want[e.Name()], "testdata/%s is no diagram of a machine", e.Name())
	}
}

// Every state appears under its stable identifier and its words in the
// chosen language; every edge with its event, its rule and clause; the full
// style also with its words, its condition and its guards.
func TestDiagram_ShowsIdentifiersLabelsEventsAndClauses(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				t.Run(fmt.Sprintf("%s %s %s", d.Name, f, l), func(t *testing.T) {
					full, err := engine.Diagram(d, f, l, engine.Full)
					require.NoError(t, err)
					compact, err := engine.Diagram(d, f, l, engine.Compact)
					require.NoError(t, err)
					for _, s := range d.States {
						for _, got := range []string{full, compact} {
							assert.Contains(t, got, string(s.ID))
							assert.Contains(t, got, s.Label.In(l), "the words of %s", s.ID)
						}
					}
					for _, tr := range d.Transitions {
						assert.Contains(t, full, string(tr.Event))
						assert.Contains(t, full, tr.Rule.Cite())
						assert.Contains(t, compact, string(tr.Event)+" ("+string(tr.Rule)+")")
						if w := tr.When.In(l); w != "" {
							assert.Contains(t, full, w)
						}
						for _, g := range tr.Guards {
							assert.Contains(t, full, g.Rule.Cite()+" — "+g.Label.In(l))
						}
					}
					for _, e := range d.Events {
						assert.Contains(t, full, string(e.ID)+" — "+e.Label.In(l))
					}
				})
			}
		}
	}
}

// One full-style edge for each (from, event, to); ⏱ and a dashed edge
// exactly on the timed transitions.
func TestDiagram_DrawsEveryEdgeAndMarksTheTimedOnes(t *testing.T) {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		t.Run(d.Name, func(t *testing.T) {
			mmd, err := engine.Diagram(d, engine.Mermaid, engine.English, engine.Full)
			require.NoError(t, err)
			dot, err := engine.Diagram(d, engine.DOT, engine.English, engine.Full)
			require.NoError(t, err)
			var mmdEdges, dotEdges []string
			for _, line := range strings.Split(mmd, "\n") {
				if strings.HasPrefix(line, "    ") && strings.Contains(line, " --> ") && strings.Contains(line, ": ") {
					mmdEdges = append(mmdEdges, line)
				}
			}
			for _, line := range strings.Split(dot, "\n") {
				if strings.Contains(line, " -> ") {
					dotEdges = append(dotEdges, line)
				}
			}
			edges := d.Edges()
			require.Len(t, mmdEdges, len(edges))
			require.Len(t, dotEdges, len(edges))
			for i, e := range edges {
				timed := d.Transitions[e.Transition].Timed
				assert.Equal(t, timed, strings.Contains(mmdEdges[i], ": "+engine.TimedMarker+" "+string(e.Event)+" — "), "%s: Mermaid marks it exactly when timed", e)
				assert.Equal(t, timed, strings.HasSuffix(dotEdges[i], ", style=dashed];"), "%s: Graphviz dashes it exactly when timed", e)
				assert.Contains(t, dotEdges[i], string(e.Event), e)
			}
		})
	}
}

func TestDiagram_TheServiceMachineInFinnish(t *testing.T) {
	got, err := engine.Diagram(lifecycle.ServiceMachine().Describe(), engine.Mermaid, engine.Finnish, engine.Full)
	require.NoError(t, err)
	assert.Contains(t, got, `    state "notice-given<br/>irtisanottu" as notice_given`+"\n")
	assert.Contains(t, got, "    [*] --> requested: request-service — käyttöönoton hakemus<br/>S1 (YTE 7)<br/>tekijänä asiakas<br/>"+
		"[kun ei voimassa olevaa sitoumusta]<br/>ehto S1 (YTE 7) — palvelukuvaus hyväksytty<br/>ehto C1 (YTE 7) — ensimmäinen palvelu: sitoumus ja yleiset toimitusehdot<br/>"+
		"ehto C4 (YTE 7) — nimenkirjoitusoikeus<br/>ehto K1 (design, nearest YTE 1, 7) — asiakastyyppi sallittu\n")
	assert.Contains(t, got, "    terminated --> requested: request-service — käyttöönoton hakemus<br/>S6 (design, nearest YTE 7)<br/>", "S6 governs a request after a termination")
	assert.Contains(t, got, "    notice_given --> terminated: "+engine.TimedMarker+" notice-elapsed — irtisanomisaika kulunut<br/>C9 (YTE 7.1)<br/>[kun voimaantulopäivä koittanut]\n")
	assert.Contains(t, got, "    terminated --> [*]\n    withdrawn --> [*]\n")
}

func TestDiagram_TheCustomershipCompact(t *testing.T) {
	got, err := engine.Diagram(lifecycle.CustomershipMachine().Describe(), engine.DOT, engine.Swedish, engine.Compact)
	require.NoError(t, err)
	assert.Contains(t, got, `    "active" -> "terminating" [label="all-services-under-notice (C9)"];`)
	assert.Contains(t, got, `    "active" [label="active\ni kraft"];`)
	assert.Contains(t, got, `    "ended" [label="ended\nupphört", peripheries=2];`)
}
