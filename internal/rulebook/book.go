package main

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/rules"
)

// Book is what the rule book says of every rule.
type Book struct {
	Places    map[rules.Rule][]string // where the code enforces or records it
	Breakable map[rules.Rule]bool     // a command can break it
	Tests     map[rules.Rule][]string
	Scenarios map[rules.Rule][]string
}

// sourcePackages are the library's packages whose Go sources cite rules.
var sourcePackages = []string{"lifecycle", "commitment", "fees", "notice"}

// Find reads the repository at root.
func Find(root string) (*Book, error) {
	b := &Book{Places: map[rules.Rule][]string{}, Breakable: map[rules.Rule]bool{}, Tests: map[rules.Rule][]string{}, Scenarios: map[rules.Rule][]string{}}
	b.machines()
	names, err := constants(filepath.Join(root, "rules", "table.go"))
	if err != nil {
		return nil, err
	}
	for _, pkg := range sourcePackages {
		if err := b.sources(filepath.Join(root, pkg), pkg, names); err != nil {
			return nil, err
		}
	}
	if err := b.tests(root); err != nil {
		return nil, err
	}
	if err := b.scenarios(filepath.Join(root, "testdata", "scenarios")); err != nil {
		return nil, err
	}
	for r := range b.Places {
		b.Places[r] = unique(b.Places[r])
	}
	return b, nil
}

// machines records the guards, transitions and states of the Kanta
// machines that cite each rule; every such rule can refuse an act.
func (b *Book) machines() {
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, s := range d.States {
			if s.Rule != "" {
				b.add(s.Rule, fmt.Sprintf("%s machine, state %s", d.Name, s.ID), true)
			}
		}
		for _, t := range d.Transitions {
			timed := t.Timed || t.Derived
			b.add(t.Rule, fmt.Sprintf("%s machine, %s", d.Name, t.Event), !timed)
			for _, g := range t.Guards {
				b.add(g.Rule, fmt.Sprintf("%s machine, %s: guard “%s”", d.Name, t.Event, g.Label.En), true)
			}
		}
	}
}

func (b *Book) add(r rules.Rule, place string, breakable bool) {
	b.Places[r] = append(b.Places[r], place)
	if breakable {
		b.Breakable[r] = true
	}
}

// constants returns the value of each rule constant of the rules package,
// by its Go name.
func constants(file string) (map[string]rules.Rule, error) {
	f, err := parser.ParseFile(token.NewFileSet(), file, nil, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]rules.Rule{}
	for _, d := range f.Decls {
		g, ok := d.(*ast.GenDecl)
		if !ok || g.Tok != token.CONST {
			continue
		}
		for _, spec := range g.Specs {
			v := spec.(*ast.ValueSpec)
			for i, n := range v.Names {
				if i < len(v.Values) {
					if lit, ok := v.Values[i].(*ast.BasicLit); ok {
						out[n.Name] = rules.Rule(strings.Trim(lit.Value, `"`))
					}
				}
			}
		}
	}
	return out, nil
}

// sources records every function of package pkg (in dir) that names a rule.
// The machine definitions of package lifecycle are left to machines, which
// reads them as the machines describe themselves. A rule named by the
// commitment's own checks can refuse an act.
func (b *Book) sources(dir, pkg string, names map[string]rules.Rule) error {
	fset := token.NewFileSet()
	pkgs, err := parser.ParseDir(fset, dir, func(fi fs.FileInfo) bool { return !strings.HasSuffix(fi.Name(), "_test.go") }, parser.ParseComments)
	if err != nil {
		return err
	}
	for _, p := range pkgs {
		for file, f := range p.Files {
			for _, d := range f.Decls {
				fn, ok := d.(*ast.FuncDecl)
				if !ok {
					continue
				}
				name := funcName(fn)
				if pkg == "lifecycle" && strings.HasSuffix(fn.Name.Name, "Definition") {
					continue
				}
				refusal := pkg == "commitment" && !slices.Contains([]string{"obligations.go", "billing.go"}, filepath.Base(file))
				referenced := map[rules.Rule]bool{}
				ast.Inspect(fn, func(n ast.Node) bool {
					sel, ok := n.(*ast.SelectorExpr)
					if !ok {
						return true
					}
					if x, ok := sel.X.(*ast.Ident); ok && x.Name == "rules" {
						if r, ok := names[sel.Sel.Name]; ok {
							b.add(r, pkg+"."+name, refusal)
							referenced[r] = true
						}
					}
					return true
				})
				if fn.Doc != nil && fn.Name.IsExported() {
					for _, r := range cited(fn.Doc.Text()) {
						if !referenced[r] {
							b.add(r, pkg+"."+name+" (records it)", false)
						}
					}
				}
			}
		}
	}
	return nil
}

func funcName(fn *ast.FuncDecl) string {
	if fn.Recv == nil || len(fn.Recv.List) == 0 {
		return fn.Name.Name
	}
	t := fn.Recv.List[0].Type
	star := ""
	if s, ok := t.(*ast.StarExpr); ok {
		star, t = "*", s.X
	}
	if ix, ok := t.(*ast.IndexExpr); ok {
		t = ix.X
	}
	if ix, ok := t.(*ast.IndexListExpr); ok {
		t = ix.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return "(" + star + id.Name + ")." + fn.Name.Name
	}
	return fn.Name.Name
}

// cited returns the rules that a doc comment cites in parentheses, as in
// "(C14)" or "(S2, YTE 2.5)": the convention by which a function that
// records a rule, rather than refusing by it, says so.
func cited(doc string) []rules.Rule {
	var out []rules.Rule
	for _, m := range parenthesised.FindAllStringSubmatch(doc, -1) {
		for _, tok := range strings.FieldsFunc(m[1], func(r rune) bool { return r == ',' || r == ' ' || r == ';' }) {
			if r, ok := ruleOf(tok); ok && len(tok) <= 4 {
				out = append(out, r)
			}
		}
	}
	return out
}

var parenthesised = regexp.MustCompile(`\(([^()]*)\)`)

// ruleOf returns the rule a name's token stands for: a rule's identifier
// ("S2", "J1b") or, for a notice rule, its identifier in CamelCase
// ("ServiceTermination").
func ruleOf(token string) (rules.Rule, bool) {
	for _, r := range rules.All() {
		if string(r) == token || camel(string(r)) == token {
			return r, true
		}
	}
	return "", false
}

func camel(id string) string {
	var sb strings.Builder
	for _, part := range strings.Split(id, "-") {
		if part == "" {
			continue
		}
		rs := []rune(part)
		rs[0] = unicode.ToUpper(rs[0])
		sb.WriteString(string(rs))
	}
	return sb.String()
}

// tests records every Go test whose name begins with rules:
// TestS2_ApprovalWaits, TestJ1b_J2_Signing.
func (b *Book) tests(root string) error {
	return filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (strings.HasPrefix(d.Name(), ".") || d.Name() == "testdata") && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, nil, 0)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, filepath.Dir(path))
		for _, decl := range f.Decls {
			fn, ok := decl.(*ast.FuncDecl)
			if !ok || fn.Recv != nil || !strings.HasPrefix(fn.Name.Name, "Test") {
				continue
			}
			for _, tok := range strings.Split(strings.TrimPrefix(fn.Name.Name, "Test"), "_") {
				r, ok := ruleOf(tok)
				if !ok {
					break
				}
				b.Tests[r] = append(b.Tests[r], filepath.ToSlash(rel)+"."+fn.Name.Name)
			}
		}
		return nil
	})
}

// scenarios records every scenario file whose name begins with rules:
// C1-C2-C3-first-and-later-services.yaml.
func (b *Book) scenarios(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		return err
	}
	for _, file := range files {
		name := strings.TrimSuffix(filepath.Base(file), ".yaml")
		for _, tok := range strings.Split(name, "-") {
			r, ok := ruleOf(tok)
			if !ok {
				break
			}
			b.Scenarios[r] = append(b.Scenarios[r], filepath.Base(file))
		}
	}
	return nil
}

func unique(xs []string) []string {
	sort.Strings(xs)
	return slices.Compact(xs)
}

var groupTitles = map[rules.Group]string{
	rules.Customership: "The customership (asiakkuus)",
	rules.Service:      "The use of one service",
	rules.Agreement:    "The joint-connection agreement (yhteisliittymismalli)",
	rules.App:          "The wellbeing application (Omatietovaranto)",
	rules.Notices:      "Notices and their periods",
	rules.Fees:         "Fees",
	rules.Liability:    "Liability",
	rules.Retention:    "Retention of the register's data",
	rules.Other:        "Catalogue and contacts",
}

// Generate returns the text of docs/rules.md for the repository at root.
func Generate(root string) (string, error) {
	b, err := Find(root)
	if err != nil {
		return "", err
	}
	var sb strings.Builder
	sb.WriteString(intro)
	for _, g := range rules.Groups() {
		fmt.Fprintf(&sb, "\n## %s\n\n", groupTitles[g])
		sb.WriteString("| rule | clauses | the rule | design | enforced in | Go tests | scenarios |\n|---|---|---|---|---|---|---|\n")
		for _, r := range rules.In(g) {
			info, _ := rules.Lookup(r)
			design := ""
			if info.Design {
				design = "design"
			}
			statement := info.Statement
			if info.Reading != "" {
				statement += ". *Reading:* " + info.Reading
			}
			fmt.Fprintf(&sb, "| %s | %s | %s | %s | %s | %s | %s |\n", string(r), info.Clauses, cell(statement), design,
				list(b.Places[r]), list(b.Tests[r]), list(b.Scenarios[r]))
		}
	}
	sb.WriteString(b.summary())
	return sb.String(), nil
}

// summary counts the rules that are enforced, tested and covered by a
// scenario, for every rule and for the rules a command can break, and names
// what is missing.
func (b *Book) summary() string {
	type count struct{ rules, enforced, tested, scenario int }
	var all, breakable count
	var missing, unscenarioed []string
	for _, r := range rules.All() {
		c := []*count{&all}
		if b.Breakable[r] {
			c = append(c, &breakable)
		}
		for _, x := range c {
			x.rules++
			if len(b.Places[r]) > 0 {
				x.enforced++
			}
			if len(b.Tests[r]) > 0 {
				x.tested++
			}
			if len(b.Scenarios[r]) > 0 {
				x.scenario++
			}
		}
		if !b.Breakable[r] && len(b.Scenarios[r]) == 0 {
			unscenarioed = append(unscenarioed, b.noScenarioReason(r))
		}
		if b.Breakable[r] {
			var lacks []string
			if len(b.Places[r]) == 0 {
				lacks = append(lacks, "enforcement")
			}
			if len(b.Tests[r]) == 0 {
				lacks = append(lacks, "a Go test")
			}
			if len(b.Scenarios[r]) == 0 {
				lacks = append(lacks, "a scenario")
			}
			if len(lacks) > 0 {
				missing = append(missing, fmt.Sprintf("- %s lacks %s", string(r), strings.Join(lacks, " and ")))
			}
		}
	}
	pct := func(n, of int) string {
		if of == 0 {
			return "–"
		}
		return fmt.Sprintf("%d (%d%%)", n, 100*n/of)
	}
	var sb strings.Builder
	sb.WriteString("\n## Summary\n\n| rules | count | enforced | with a Go test | with a scenario |\n|---|---|---|---|---|\n")
	fmt.Fprintf(&sb, "| every rule | %d | %s | %s | %s |\n", all.rules, pct(all.enforced, all.rules), pct(all.tested, all.rules), pct(all.scenario, all.rules))
	fmt.Fprintf(&sb, "| rules a command can break | %d | %s | %s | %s |\n", breakable.rules, pct(breakable.enforced, breakable.rules), pct(breakable.tested, breakable.rules), pct(breakable.scenario, breakable.rules))
	if len(missing) == 0 {
		sb.WriteString("\nEvery rule a command can break is enforced, tested by a Go test and covered by a scenario.\n")
	} else {
		sb.WriteString("\nRules a command can break that still lack something:\n\n" + strings.Join(missing, "\n") + "\n")
	}
	if len(unscenarioed) > 0 {
		sb.WriteString("\nRules without a scenario, and why: a scenario runs commands and expects them accepted or " +
			"refused, and no command is refused by these.\n\n" + strings.Join(unscenarioed, "\n") + "\n")
	}
	return sb.String()
}

// noScenarioReason says why rule r, which no command can break, has no
// scenario: what it is instead of a refusal.
func (b *Book) noScenarioReason(r rules.Rule) string {
	if info, _ := rules.Lookup(r); info.Group == rules.Notices {
		return fmt.Sprintf("- %s: a period in package notice's table (notice.LookupRule); commands meet it through the rules that use the period, and its Go tests check the period", string(r))
	}
	if places := b.Places[r]; len(places) > 0 {
		return fmt.Sprintf("- %s: applied, not refused, by %s; its Go tests check the result", string(r), strings.Join(places, ", "))
	}
	return fmt.Sprintf("- %s: a statement of the terms that no code decides; its Go tests check what follows from it", string(r))
}

func cell(s string) string { return strings.ReplaceAll(s, "|", "\\|") }

func list(xs []string) string {
	if len(xs) == 0 {
		return "–"
	}
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = "`" + x + "`"
	}
	return strings.Join(out, "<br>")
}
