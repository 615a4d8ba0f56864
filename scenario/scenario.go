package scenario

import (
	"fmt"
	"os"

	"github.com/kantakit/kanta/commitment"
	"github.com/kantakit/kanta/lifecycle"
	"github.com/kantakit/kanta/notice"
)

// Scenario is one scenario file, parsed and validated: its parties and its
// steps in date order. Run it with Run, or from a Go test with RunTest.
type Scenario struct {
	File    string // the name the file was parsed under, as error messages print it
	Name    string
	Parties []Party
	Steps   []Step
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
	// Party is the party the step is about: the command runs on it. For an
	// app command that names only the app it is the party that registered the
	// app; for an agreement command it is the step's party, if any.
	Party string
	// Do is the command's stable identifier (SPEC §10), empty when the step
	// only lets time pass; Command is the command itself.
	Do      string
	Command commitment.Command
	Expect  Expect

	app string // the app an app command names, found at run time
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
	// Refused says the command must be refused and change nothing; Clause,
	// when set, is text one of the refusal's citations must contain.
	Refused bool
	Clause  string
}

// StateCheck expects Subject to be in State; lifecycle.None (written `none`)
// expects no state at all.
type StateCheck struct {
	Subject string
	State   lifecycle.State
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

// Load reads and parses the scenario file at path (see Parse).
func Load(path string) (*Scenario, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, &Error{File: path, Msg: fmt.Sprintf("cannot read the scenario: %v", err)}
	}
	return Parse(path, data)
}
