package lifecycle_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kantakit/kanta/engine"
	"github.com/kantakit/kanta/lifecycle"
)

// The machines that diagrams, test paths and the command line know are the
// definitions that run, in a fixed order.
func TestMachines_AreTheRunningDefinitionsInAFixedOrder(t *testing.T) {
	assert.Equal(t, []string{"customership", "service", "joint-agreement", "app"}, lifecycle.MachineNames(),
		"the customership first, then the service, the joint agreement and the app")
	running := []engine.Describer{lifecycle.CustomershipMachine(), lifecycle.ServiceMachine(), lifecycle.AgreementMachine(), lifecycle.AppMachine()}
	ms := lifecycle.Machines()
	require.Len(t, ms, len(running))
	for i, m := range ms {
		assert.Same(t, running[i], m, "%s", m.Describe().Name)
		got, err := lifecycle.MachineNamed(m.Describe().Name)
		require.NoError(t, err)
		assert.Same(t, m, got, "the registry hands out the definition that runs")
	}
}

func TestMachineNamed_UnknownNameListsTheKnownOnes(t *testing.T) {
	_, err := lifecycle.MachineNamed("lamp")
	var u *engine.UnknownError
	require.ErrorAs(t, err, &u)
	assert.Equal(t, "machine", u.What)
	assert.Equal(t, "lamp", u.Value)
	assert.Equal(t, lifecycle.MachineNames(), u.Known)
	assert.EqualError(t, err, `unknown machine "lamp" (known: customership, service, joint-agreement, app)`)
}
