package main

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/kantakit/kanta/lifecycle"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
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

// The README shows the customership and the service as Mermaid blocks that
// GitHub renders; they are the generated diagrams, so they cannot drift.
func TestReadme_LifecycleBlocksAreTheGeneratedDiagrams(t *testing.T) {
	readme, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	require.NoError(t, err)
	files, err := Files()
	require.NoError(t, err)
	names, contents := ReadmeBlocks(readme)
	assert.Equal(t, []string{"customership.en.mmd", "service.en.mmd"}, names, "the README shows the customership and the service")
	for i, name := range names {
		assert.Equal(t, files[name], contents[i], "README block of %s is stale: %s", name, regenerate)
	}
	section := string(readme)[strings.Index(string(readme), "\n## Lifecycles\n"):]
	assert.Equal(t, 2, strings.Count(section, "```mermaid\n"), "the blocks are Mermaid blocks in the Lifecycles section")
}

func TestFileName_MachineLanguageFormat(t *testing.T) {
	assert.Equal(t, "service.en.mmd", FileName("service", lifecycle.Mermaid, lifecycle.English))
	assert.Equal(t, "customership.sv.dot", FileName("customership", lifecycle.DOT, lifecycle.Swedish))
	files, err := Files()
	require.NoError(t, err)
	assert.Len(t, files, len(lifecycle.Machines())*len(lifecycle.Formats())*len(lifecycle.Langs()))
}

func TestRefreshReadme_ReplacesOnlyMarkedBlocks(t *testing.T) {
	files := map[string]string{"a.en.mmd": "stateDiagram-v2\n    [*] --> a\n"}
	readme := "# x\n\n```mermaid\nuntouched\n```\n\n<!-- generated from docs/diagrams/a.en.mmd -->\n```mermaid\nold\nlines\n```\ntail\n"
	got, err := RefreshReadme([]byte(readme), files)
	require.NoError(t, err)
	assert.Equal(t, "# x\n\n```mermaid\nuntouched\n```\n\n<!-- generated from docs/diagrams/a.en.mmd -->\n```mermaid\nstateDiagram-v2\n    [*] --> a\n```\ntail\n", string(got))
	again, err := RefreshReadme(got, files)
	require.NoError(t, err)
	assert.Equal(t, string(got), string(again), "refreshing twice changes nothing")

	_, err = RefreshReadme([]byte("<!-- generated from docs/diagrams/b.en.mmd -->\n```mermaid\n```\n"), files)
	assert.ErrorContains(t, err, "docs/diagrams/b.en.mmd, which is not generated")
}

func TestRun_WritesEveryDiagram(t *testing.T) {
	dir := t.TempDir()
	readme := filepath.Join(dir, "README.md")
	require.NoError(t, os.WriteFile(readme, []byte("<!-- generated from docs/diagrams/service.fi.mmd -->\n```mermaid\n```\n"), 0o644))
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
	assert.Equal(t, "<!-- generated from docs/diagrams/service.fi.mmd -->\n```mermaid\n"+files["service.fi.mmd"]+"```\n", string(got))
}
