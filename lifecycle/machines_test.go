package lifecycle

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMachines_AreTheRunningDefinitionsInAFixedOrder(t *testing.T) {
	assert.Equal(t, []string{"customership", "service", "joint-agreement", "app"}, MachineNames(),
		"the customership first, then the service, the joint agreement and the app")
	for _, m := range Machines() {
		got, err := MachineNamed(m.Describe().Name)
		require.NoError(t, err)
		assert.Same(t, m, got, "the registry hands out the definition that runs")
	}
	s, err := MachineNamed("service")
	require.NoError(t, err)
	assert.Same(t, ServiceMachine(), s)
	a, err := MachineNamed("joint-agreement")
	require.NoError(t, err)
	assert.Same(t, AgreementMachine(), a)
	app, err := MachineNamed("app")
	require.NoError(t, err)
	assert.Same(t, AppMachine(), app)
}

// Every machine this package defines is registered, so none is left out of
// the diagrams, the command line or the model-based paths.
func TestMachines_RegisterEveryDefinedMachine(t *testing.T) {
	defined, registered := definedMachines(), Machines()
	require.Len(t, registered, len(defined))
	for i, m := range defined {
		assert.Same(t, m, registered[i], "%s", m.Describe().Name)
	}
}

func TestMachineNamed_UnknownNameListsTheKnownOnes(t *testing.T) {
	_, err := MachineNamed("lamp")
	var u *UnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "machine", u.What)
	assert.Equal(t, "lamp", u.Value)
	assert.Equal(t, MachineNames(), u.Known)
	assert.Contains(t, err.Error(), `unknown machine "lamp" (known: customership, service, joint-agreement, app)`)
}

func TestMachines_HaveDistinctNames(t *testing.T) {
	seen := map[string]bool{}
	for _, n := range MachineNames() {
		assert.False(t, seen[n], n)
		seen[n] = true
	}
}

func ExampleMachineNamed() {
	m, _ := MachineNamed("service")
	d := m.Describe()
	fmt.Println(d.Name, len(d.States), "states,", len(d.Transitions), "transitions")
	_, err := MachineNamed("lamp")
	var u *UnknownError
	fmt.Println(errors.As(err, &u), u.Value)
	// Output:
	// service 8 states, 15 transitions
	// true lamp
}
