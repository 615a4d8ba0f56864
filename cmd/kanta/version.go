package main

import (
	"flag"
	"fmt"
	"io"
	"runtime/debug"
)

// versionCommand is `kanta version`: the module version this binary was
// built from.
func versionCommand() command {
	return command{
		name:    "version",
		summary: "the module version kanta was built from, (devel) when built from a checkout",
		setup: func(*flag.FlagSet) func([]string, io.Writer, io.Writer) int {
			return func(_ []string, stdout, _ io.Writer) int {
				fmt.Fprintln(stdout, "kanta "+version(debug.ReadBuildInfo()))
				return exitOK
			}
		},
	}
}

// version describes the build: the main module's version, which `go
// install …@version` records, or "(devel)" when the binary was built from a
// checkout, then the commit when the build recorded one, and the Go
// version.
func version(info *debug.BuildInfo, ok bool) string {
	if !ok {
		return "(unknown: the binary carries no build information)"
	}
	v := info.Main.Version
	if v == "" {
		v = "(devel)"
	}
	var revision, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			revision = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if revision != "" && v == "(devel)" {
		v += " commit " + revision
		if modified == "true" {
			v += " with local changes"
		}
	}
	return v + " " + info.GoVersion
}
