package lifecycle

// Machines returns the machines that diagrams, test paths and the command
// line know, in a fixed order: the customership first, then the use of one
// service. Each is the same definition that runs.
func Machines() []Describer {
	return []Describer{CustomershipMachine(), ServiceMachine()}
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
// any other name the error is an *UnknownError that lists the known names.
func MachineNamed(name string) (Describer, error) {
	for _, m := range Machines() {
		if m.Describe().Name == name {
			return m, nil
		}
	}
	return nil, &UnknownError{What: "machine", Value: name, Known: MachineNames()}
}
