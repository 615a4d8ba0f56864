package engine

import (
	"fmt"
	"slices"
	"strings"
)

// Diagrams are drawn from a machine's Description, never from a running
// looplab instance: looplab's visualisers draw the instance's current state
// as the initial one and read it without a lock. The output is a function of
// the description, the language and the style alone, so it is stable byte
// for byte and can be checked in.

// Format is a diagram format: "mermaid" or "dot".
type Format string

// Diagram formats.
const (
	// Mermaid is a Mermaid stateDiagram-v2, which GitHub renders in a
	// ```mermaid block. Timed transitions are marked ⏱.
	Mermaid Format = "mermaid"
	// DOT is a Graphviz digraph. Timed transitions are dashed; final states
	// have a double border.
	DOT Format = "dot"
)

// Formats returns every diagram format, Mermaid first.
func Formats() []Format { return []Format{Mermaid, DOT} }

// ParseFormat returns the diagram format with identifier s.
func ParseFormat(s string) (Format, error) { return ParseEnum("format", s, Formats()) }

// Ext returns the file extension of the format, without the dot: "mmd" or
// "dot".
func (f Format) Ext() string {
	if f == Mermaid {
		return "mmd"
	}
	return string(f)
}

// Style is how much a diagram shows on its edges.
type Style string

// Diagram styles.
const (
	// Full shows on each edge its event with its words, the rule with its
	// clause, who performs it, its condition and every guard.
	Full Style = "full"
	// Compact merges the edges between the same two states into one and
	// shows on it each event with its rule only: a diagram to read at a
	// glance.
	Compact Style = "compact"
)

// Styles returns every diagram style, Full first.
func Styles() []Style { return []Style{Full, Compact} }

// ParseStyle returns the diagram style with identifier s.
func ParseStyle(s string) (Style, error) { return ParseEnum("style", s, Styles()) }

// TimedMarker marks a transition that happens by the passage of time (a
// notice period elapsed, a certificate expired) rather than by anyone's
// command. Graphviz also dashes such an edge.
const TimedMarker = "⏱"

// words are the few words a diagram writes around the labels.
var words = map[Lang]struct{ when, guard, by, derived string }{
	English: {"when", "guard", "by", "follows by itself"},
	Finnish: {"kun", "ehto", "tekijänä", "seuraa itsestään"},
	Swedish: {"när", "villkor", "utförs av", "följer av sig själv"},
}

// Diagram draws the machine d in format f, with its words in lang, in style
// s. Every state appears under its stable identifier and its label; every
// edge carries its event and the rule that governs it with its clause. A
// state or event without a label in lang is shown by its identifier alone.
// The error reports an unknown format, language or style.
func Diagram(d Description, f Format, lang Lang, s Style) (string, error) {
	if _, err := ParseLang(string(lang)); err != nil {
		return "", err
	}
	if _, err := ParseStyle(string(s)); err != nil {
		return "", err
	}
	edges := diagramEdges(d, lang, s)
	switch f {
	case Mermaid:
		return mermaid(d, lang, s, edges), nil
	case DOT:
		return dot(d, lang, s, edges), nil
	}
	_, err := ParseFormat(string(f))
	return "", err
}

// edge is one arrow as drawn: its ends, its lines of text (the first line
// without the timed marker), and whether it is timed.
type edge struct {
	from, to State
	lines    []string
	timed    bool
}

func diagramEdges(d Description, lang Lang, s Style) []edge {
	var out []edge
	for _, e := range d.Edges() {
		t := d.Transitions[e.Transition]
		if s == Compact {
			line := string(t.Event) + " (" + string(t.Rule) + ")"
			if t.Timed {
				line = TimedMarker + " " + line
			}
			merged := false
			for i := range out {
				if out[i].from == e.From && out[i].to == e.To {
					if !slices.Contains(out[i].lines, line) {
						out[i].lines = append(out[i].lines, line)
					}
					out[i].timed = out[i].timed && t.Timed
					merged = true
					break
				}
			}
			if !merged {
				out = append(out, edge{from: e.From, to: e.To, lines: []string{line}, timed: t.Timed})
			}
			continue
		}
		out = append(out, edge{from: e.From, to: e.To, lines: fullEdgeText(d, t, lang), timed: t.Timed})
	}
	return out
}

// stateText returns the lines that show state s: its identifier and, when
// it differs, its label.
func stateText(st StateInfo, lang Lang) []string {
	lines := []string{string(st.ID)}
	if w := st.Label.In(lang); w != "" && w != string(st.ID) {
		lines = append(lines, w)
	}
	return lines
}

// fullEdgeText returns the lines of transition t's label in the full style:
// the event with its words (after the timed marker), the rule with its
// clause, who performs it, the condition and the guards.
func fullEdgeText(d Description, t TransitionInfo, lang Lang) []string {
	w := words[lang]
	ev := string(t.Event)
	info, _ := d.Event(t.Event)
	if l := info.Label.In(lang); l != "" && l != ev {
		ev += " — " + l
	}
	if t.Timed {
		ev = TimedMarker + " " + ev
	}
	lines := []string{ev, t.Rule.Cite()}
	if info.Actor.ID != "" {
		by := info.Actor.ID
		if l := info.Actor.Label.In(lang); l != "" && l != by {
			by = l
		}
		lines = append(lines, w.by+" "+by)
	}
	if t.Derived {
		lines = append(lines, "("+w.derived+")")
	}
	if c := t.When.In(lang); c != "" {
		lines = append(lines, "["+w.when+" "+c+"]")
	}
	for _, g := range t.Guards {
		lines = append(lines, w.guard+" "+g.Rule.Cite()+" — "+g.Label.In(lang))
	}
	return lines
}

func header(d Description, f Format, lang Lang, s Style) []string {
	timed := TimedMarker + " marks a transition made by the passage of time."
	if f == DOT {
		timed += " Its edge is dashed."
	}
	what := "Each edge: event — label, rule (clause), who performs it, [condition], guard rule (clause) — condition."
	if s == Compact {
		what = "Each edge: the events that lead between the two states, each with its rule; guards are left out."
	}
	return []string{
		fmt.Sprintf("The %s lifecycle, labels in %s, %s style.", d.Name, langName(lang), s),
		"Drawn from the definition that runs; do not edit by hand.",
		what,
		timed,
	}
}

func langName(l Lang) string {
	switch l {
	case Finnish:
		return "Finnish"
	case Swedish:
		return "Swedish"
	}
	return "English"
}

// mermaidID turns a state identifier into a Mermaid state id: Mermaid does
// not accept "-" in ids, so notice-given is drawn as notice_given (with
// "notice-given" in its description).
func mermaidID(s State) string {
	if s == None {
		return "[*]"
	}
	return strings.ReplaceAll(string(s), "-", "_")
}

// mermaidText makes text safe inside a Mermaid description.
func mermaidText(lines []string) string {
	r := strings.NewReplacer(`"`, "'", "\n", " ", "\r", " ", ";", ",")
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = r.Replace(l)
	}
	return strings.Join(out, "<br/>")
}

func mermaid(d Description, lang Lang, s Style, edges []edge) string {
	var b strings.Builder
	for _, h := range header(d, Mermaid, lang, s) {
		b.WriteString("%% " + h + "\n")
	}
	b.WriteString("stateDiagram-v2\n")
	for _, st := range d.States {
		fmt.Fprintf(&b, "    state \"%s\" as %s\n", mermaidText(stateText(st, lang)), mermaidID(st.ID))
	}
	for _, e := range edges {
		fmt.Fprintf(&b, "    %s --> %s: %s\n", mermaidID(e.from), mermaidID(e.to), mermaidText(e.lines))
	}
	for _, st := range d.States {
		if st.Final {
			fmt.Fprintf(&b, "    %s --> [*]\n", mermaidID(st.ID))
		}
	}
	return b.String()
}

// dotString quotes lines as one Graphviz string, with lines separated by \n.
func dotString(lines []string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", " ", "\r", " ")
	out := make([]string, len(lines))
	for i, l := range lines {
		out[i] = r.Replace(l)
	}
	return `"` + strings.Join(out, `\n`) + `"`
}

func dotID(s State) string {
	if s == None {
		return `"[*]"`
	}
	return dotString([]string{string(s)})
}

func dot(d Description, lang Lang, s Style, edges []edge) string {
	var b strings.Builder
	for _, h := range header(d, DOT, lang, s) {
		b.WriteString("// " + h + "\n")
	}
	fmt.Fprintf(&b, "digraph %s {\n", dotString([]string{d.Name}))
	fmt.Fprintf(&b, "    label=%s;\n    labelloc=t;\n", dotString([]string{d.Name + " (" + string(lang) + ")"}))
	b.WriteString("    node [shape=box, style=rounded, fontname=\"Helvetica\"];\n")
	b.WriteString("    edge [fontname=\"Helvetica\", fontsize=10];\n")
	b.WriteString("    \"[*]\" [shape=point, width=0.2, label=\"\"];\n")
	for _, st := range d.States {
		attrs := "label=" + dotString(stateText(st, lang))
		if st.Final {
			attrs += ", peripheries=2"
		}
		fmt.Fprintf(&b, "    %s [%s];\n", dotID(st.ID), attrs)
	}
	for _, e := range edges {
		attrs := "label=" + dotString(e.lines)
		if e.from == e.to {
			attrs = "xlabel=" + dotString(e.lines) // a self-loop's label beside the loop, not across it
		}
		if e.timed {
			attrs += ", style=dashed"
		}
		fmt.Fprintf(&b, "    %s -> %s [%s];\n", dotID(e.from), dotID(e.to), attrs)
	}
	b.WriteString("}\n")
	return b.String()
}
