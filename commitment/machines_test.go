package commitment

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kantakit/kanta/lifecycle"
)

// A recorded transition names its machine by the name its definition
// gives; the commitment compares it with constants, which must be those
// names.
func TestMachineNames_AreTheDefinitionsNames(t *testing.T) {
	assert.Equal(t, lifecycle.ServiceMachine().Name(), serviceName)
	assert.Equal(t, lifecycle.CustomershipMachine().Name(), customershipName)
	assert.Equal(t, lifecycle.AppMachine().Name(), appName)
	assert.Equal(t, lifecycle.AgreementMachine().Name(), agreementName)
}
