package lifecycle

import "github.com/kantakit/kanta/engine"

// The diagrams in docs/diagrams and the README are drawn from these
// machines; go generate draws them again.
//go:generate go run ../internal/diagrams -dir ../docs/diagrams -readme ../README.md

// None is the state of a machine that has not started: a service never
// requested, an app never registered.
const None = engine.None

// Machines returns the machines that diagrams, test paths and the command
// line know, in a fixed order: the customership first, then the use of one
// service, the joint-connection agreement and the wellbeing application.
// Each is the same definition that runs.
func Machines() []engine.Describer {
	return []engine.Describer{CustomershipMachine(), ServiceMachine(), AgreementMachine(), AppMachine()}
}

// MachineNames returns the names of Machines, in the same order.
func MachineNames() []string {
	ms := Machines()
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Describe().Name
	}
	return names
}

// MachineNamed returns the machine of Machines called name ("service"). For
// any other name the error is an *engine.UnknownError that lists the known
// names.
func MachineNamed(name string) (engine.Describer, error) {
	for _, m := range Machines() {
		if m.Describe().Name == name {
			return m, nil
		}
	}
	_, err := engine.ParseEnum("machine", name, MachineNames())
	return nil, err
}
