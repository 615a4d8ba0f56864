package lifecycle

import (
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMachines_AreTheRunningDefinitionsInAFixedOrder(t *testing.T) {
	assert.Equal(t, []string{"customership", "service"}, MachineNames()[:2], "the customership first, then the service")
	for _, m := range Machines() {
		got, err := MachineNamed(m.Describe().Name)
		require.NoError(t, err)
		assert.Same(t, m, got, "the registry hands out the definition that runs")
	}
	s, err := MachineNamed("service")
	require.NoError(t, err)
	assert.Same(t, ServiceMachine(), s)
}

func TestMachineNamed_UnknownNameListsTheKnownOnes(t *testing.T) {
	_, err := MachineNamed("lamp")
	var u *UnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "machine", u.What)
	assert.Equal(t, "lamp", u.Value)
	assert.Equal(t, MachineNames(), u.Known)
	assert.Contains(t, err.Error(), `unknown machine "lamp" (known: customership, service`)
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
