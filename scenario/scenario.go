package scenario

import (
	"fmt"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/internal/inputfile"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Scenario is one scenario file, parsed and validated: its parties and its
// steps in date order. Run it with Run, or from a Go test with
// scenariotest.Run.
type Scenario struct {
	File    string // the name the file was parsed under, as error messages print it
	Name    string
	Parties []Party
	Steps   []Step
	// Catalogue is the catalogue the scenario's register uses: the default
	// one with the scenario's own entries, or nil when the file declares
	// none and the register uses the default one as it is.
	Catalogue *commitment.Catalogue
}

// Party is a declared party: it becomes a customer of the register.
type Party struct {
	ID     string
	Kind   lifecycle.Kind
	Soteri bool // registered in the Soteri register of service providers (YLS 1)
	Line   int
}

// Step is one dated step of a scenario.
type Step struct {
	Line int
	On   notice.Date
	// Party is the party the step is about: the act runs on it. For an app
	// act that names only the app it is the party that registered the app;
	// for an agreement act it is the step's party, if any.
	Party string
	// Do is the act's stable identifier, empty when the step only lets time
	// pass; Act is the act itself.
	Do     string
	Act    lifecycle.Act
	Expect Expect

	app   string // the registered app an app act names (not register-app's new one)
	owner string // the party that registered it
}

// Expect is what must hold after a step.
type Expect struct {
	// Party is whose customership and services are checked: the expect's
	// own party, or the step's.
	Party        string
	Customership *StateCheck
	Services     []StateCheck // Subject is the service
	Agreements   []StateCheck // Subject is the agreement id
	Apps         []StateCheck // Subject is the app id
	// Refused says the act must be refused and change nothing; Clause,
	// when set, is text one of the refusal's citations must contain.
	Refused bool
	Clause  string
}

// StateCheck expects Subject to be in State; lifecycle.None (written `none`)
// expects no state at all.
type StateCheck struct {
	Subject string
	State   engine.State
	Line    int
}

// Error is a malformed or unreadable scenario file: the file, the line of the
// first problem (0 when the file could not be read at all) and what is wrong.
type Error struct {
	File string
	Line int
	Msg  string
}

// Error returns "file:line: message".
func (e *Error) Error() string {
	if e.Line <= 0 {
		return fmt.Sprintf("%s: %s", e.File, e.Msg)
	}
	return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
}

// MaxFileSize is the largest scenario file Load reads: 256 KiB, some sixty
// times the largest scenario of this repository. Parsing YAML can take a
// hundred times a file's size in memory, so the bound keeps the worst file
// near 30 MB.
const MaxFileSize = 256 << 10

// Load reads and parses the scenario file at path (see Parse). It reads only
// a regular file of at most MaxFileSize bytes: a directory, a device such as
// /dev/zero, a FIFO or a larger file is refused with an *Error, unread.
func Load(path string) (*Scenario, error) {
	data, err := inputfile.ReadAll(path, MaxFileSize, "a scenario file may have")
	if err != nil {
		return nil, &Error{File: path, Msg: "cannot read the scenario: " + err.Error()}
	}
	return Parse(path, data)
}
