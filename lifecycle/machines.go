package lifecycle

// Machines returns the machines that diagrams, test paths and the command
// line know, in a fixed order: the customership first, then the use of one
// service, the joint-connection agreement (SPEC §6) and the wellbeing
// application (SPEC §7). Each is the same definition that runs.
func Machines() []Describer {
	return []Describer{CustomershipMachine(), ServiceMachine(), AgreementMachine(), AppMachine()}
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
