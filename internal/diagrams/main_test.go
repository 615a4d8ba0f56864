package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

const regenerate = "run go generate ./... and commit the result"

// docs/diagrams holds exactly what the definitions draw today.
func TestDocsDiagrams_AreTheGeneratedOnes(t *testing.T) {
	files, err := Files()
	require.NoError(t, err)
	dir := filepath.Join("..", "..", "docs", "diagrams")
	for name, want := range files {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if assert.NoError(t, err, "docs/diagrams/%s is missing: %s", name, regenerate) {
			assert.Equal(t, want, string(got), "docs/diagrams/%s is stale: %s", name, regenerate)
		}
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	for _, e := range entries {
		_, ok := files[e.Name()]
		assert.True(t, ok, "docs/diagrams/%s is not generated from any machine: remove it", e.Name())
	}
}

// The README shows the customership and the service as compact Mermaid
// blocks that GitHub renders; they are the generated diagrams, so they
// cannot drift.
func TestReadme_LifecycleBlocksAreTheGeneratedDiagrams(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	files, err := Files()
	require.NoError(t, err)
	names, contents := ReadmeBlocks(readme)
	assert.Equal(t, []string{"customership.en.compact.mmd", "service.en.compact.mmd"}, names, "the README shows the customership and the service, compact")
	for i, name := range names {
		assert.Equal(t, files[name], contents[i], "README block of %s is stale: %s", name, regenerate)
	}
	at := strings.Index(string(readme), "\n## Lifecycles\n")
	require.GreaterOrEqual(t, at, 0, "the README has a Lifecycles section")
	section := string(readme)[at:]
	assert.Equal(t, 2, strings.Count(section, "```mermaid\n"), "the blocks are Mermaid blocks in the Lifecycles section")
}

func TestFileName_MachineLanguageStyleFormat(t *testing.T) {
	tests := []struct {
		machine string
		format  engine.Format
		lang    engine.Lang
		style   engine.Style
		want    string
	}{
		{"service", engine.Mermaid, engine.English, engine.Full, "service.en.mmd"},
		{"customership", engine.DOT, engine.Swedish, engine.Full, "customership.sv.dot"},
		{"service", engine.Mermaid, engine.English, engine.Compact, "service.en.compact.mmd"},
		{"joint-agreement", engine.DOT, engine.Finnish, engine.Compact, "joint-agreement.fi.compact.dot"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, FileName(tt.machine, tt.format, tt.lang, tt.style))
	}
}

// A file for every machine, format, language and style, and each is what
// engine.Diagram draws for it (what `kanta diagram` prints).
func TestFiles_EveryMachineFormatLanguageAndStyle(t *testing.T) {
	files, err := Files()
	require.NoError(t, err)
	assert.Len(t, files, len(lifecycle.Machines())*len(engine.Formats())*len(engine.Langs())*len(engine.Styles()))
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				for _, st := range engine.Styles() {
					name := FileName(d.Name, f, l, st)
					want, err := engine.Diagram(d, f, l, st)
					require.NoError(t, err)
					assert.Equal(t, want, files[name], name)
				}
				assert.NotEqual(t, files[FileName(d.Name, f, l, engine.Full)], files[FileName(d.Name, f, l, engine.Compact)],
					"%s %s %s: the styles differ", d.Name, f, l)
			}
		}
	}
}

func TestRefreshReadme_ReplacesOnlyMarkedBlocks(t *testing.T) {
	files := map[string]string{"a.en.compact.mmd": "stateDiagram-v2\n    [*] --> a\n"}
	readme := "# x\n\n```mermaid\nuntouched\n```\n\n<!-- generated from docs/diagrams/a.en.compact.mmd -->\n```mermaid\nold\nlines\n```\ntail\n"
	got, err := RefreshReadme([]byte(readme), files)
	require.NoError(t, err)
	assert.Equal(t, "# x\n\n```mermaid\nuntouched\n```\n\n<!-- generated from docs/diagrams/a.en.compact.mmd -->\n```mermaid\nstateDiagram-v2\n    [*] --> a\n```\ntail\n", string(got))
	again, err := RefreshReadme(got, files)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(again), "refreshing twice changes nothing")

	_, err = RefreshReadme([]byte("<!-- generated from docs/diagrams/b.en.mmd -->\n```mermaid\n```\n"), files)
	assert.ErrorContains(t, err, "docs/diagrams/b.en.mmd, which is not generated")
}

func TestRun_WritesEveryDiagram(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(readme, []byte("<!-- generated from docs/diagrams/service.fi.compact.mmd -->\n```mermaid\n```\n"), 0o644))
	require.NoError(t, run(filepath.Join(dir, "out"), readme))
	entries, err := os.ReadDir(filepath.Join(dir, "out"))
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	files, err := Files()
	require.NoError(t, err)
	var want []string
	for n := range files {
		want = append(want, n)
	}
	sort.Strings(want)
	assert.Equal(t, want, names)
	got, err := os.ReadFile(readme)
	require.NoError(t, err)
	assert.Equal(t, "<!-- generated from docs/diagrams/service.fi.compact.mmd -->\n```mermaid\n"+files["service.fi.compact.mmd"]+"```\n", string(got))

	// A second run over unchanged files leaves them alone.
	path := filepath.Join(dir, "out", "service.en.mmd")
	old := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	require.NoError(t, os.Chtimes(path, old, old))
	require.NoError(t, run(filepath.Join(dir, "out"), readme))
	info, err := os.Stat(path)
	require.NoError(t, err)
	assert.True(t, info.ModTime().Equal(old), "an unchanged file is not rewritten")
}

func TestRun_AMarkerNamingNoFileIsAnError(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(readme, []byte("<!-- generated from docs/diagrams/lamp.en.mmd -->\n```mermaid\n```\n"), 0o644))
	err := run(filepath.Join(dir, "out"), readme)
	assert.ErrorContains(t, err, "lamp.en.mmd, which is not generated")
}
