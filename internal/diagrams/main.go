// Command diagrams writes the lifecycle diagrams that docs/diagrams holds and
// the README shows: for every machine of lifecycle.Machines, every format,
// every language and both styles, the file <machine>.<lang>.<ext>
// (service.en.mmd, service.fi.dot) in the full style and
// <machine>.<lang>.compact.<ext> in the compact one, with exactly what
// `kanta diagram` prints. With -readme it
// also refreshes the Mermaid blocks of the README that are marked as copies
// of a generated file, so the README cannot drift from the definitions.
//
// It runs from lifecycle's go:generate directive:
//
//	go generate ./...
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"regexp"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

func main() {
	dir := flag.String("dir", "docs/diagrams", "the directory to write the diagrams to")
	readme := flag.String("readme", "", "a README whose marked Mermaid blocks are refreshed")
	flag.Parse()
	if err := run(*dir, *readme); err != nil {
		fmt.Fprintln(os.Stderr, "diagrams:", err)
		os.Exit(1)
	}
}

func run(dir, readme string) error {
	files, err := Files()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for name, content := range files {
		if err := writeIfChanged(filepath.Join(dir, name), []byte(content)); err != nil {
			return err
		}
	}
	if readme == "" {
		return nil
	}
	old, err := os.ReadFile(readme)
	if err != nil {
		return err
	}
	updated, err := RefreshReadme(old, files)
	if err != nil {
		return fmt.Errorf("%s: %w", readme, err)
	}
	return writeIfChanged(readme, updated)
}

func writeIfChanged(path string, content []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, content) {
		return nil
	}
	return os.WriteFile(path, content, 0o644)
}

// FileName returns the name of the file that holds machine's diagram in
// format f, language lang and style s: "service.en.mmd",
// "service.en.compact.mmd".
func FileName(machine string, f engine.Format, lang engine.Lang, s engine.Style) string {
	name := machine + "." + string(lang) + "."
	if s != engine.Full {
		name += string(s) + "."
	}
	return name + f.Ext()
}

// Files returns every generated diagram by file name.
func Files() (map[string]string, error) {
	out := map[string]string{}
	for _, m := range lifecycle.Machines() {
		d := m.Describe()
		for _, f := range engine.Formats() {
			for _, l := range engine.Langs() {
				for _, st := range engine.Styles() {
					s, err := engine.Diagram(d, f, l, st)
					if err != nil {
						return nil, err
					}
					out[FileName(d.Name, f, l, st)] = s
				}
			}
		}
	}
	return out, nil
}

// readmeBlock matches a marker line naming a generated file and the fenced
// block right after it.
var readmeBlock = regexp.MustCompile("(?m)^<!-- generated from docs/diagrams/([a-z0-9.-]+) -->\n```[a-z]*\n((?s:.*?))```\n")

// RefreshReadme returns readme with every block that follows a marker
// "<!-- generated from docs/diagrams/NAME -->" replaced by the content of the
// generated file NAME. A marker naming no generated file is an error.
func RefreshReadme(readme []byte, files map[string]string) ([]byte, error) {
	var errs []error
	out := readmeBlock.ReplaceAllFunc(readme, func(block []byte) []byte {
		m := readmeBlock.FindSubmatch(block)
		name := string(m[1])
		content, ok := files[name]
		if !ok {
			errs = append(errs, fmt.Errorf("marker names docs/diagrams/%s, which is not generated", name))
			return block
		}
		// Keep the marker line and the opening fence; replace the rest.
		marker := bytes.IndexByte(block, '\n') + 1
		fence := marker + bytes.IndexByte(block[marker:], '\n') + 1
		return append(append([]byte(nil), block[:fence]...), content+"```\n"...)
	})
	return out, errors.Join(errs...)
}

// ReadmeBlocks returns the file name and content of every marked block of
// readme, in order.
func ReadmeBlocks(readme []byte) (names, contents []string) {
	for _, m := range readmeBlock.FindAllSubmatch(readme, -1) {
		names = append(names, string(m[1]))
		contents = append(contents, string(m[2]))
	}
	return names, contents
}
