package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOnboardingShowsEachStateAndEachRefusalWithItsClause(t *testing.T) {
	var out strings.Builder
	require.NoError(t, run(&out))
	text := out.String()
	for _, want := range []string{
		"2025-01-10  request-service          customership applied     repository requested",
		"S2 (SAT, YTE 2.5): the customer's system has not passed Kela's joint testing",
		"2025-02-03  approve-service          customership active      repository active",
		"Kela informed the THL national code service at approval",
		"S5 (SAT): a notice received on 2025-09-15 is late for 2025-10-01",
		"the latest notice day is 2025-09-01",
		"2025-10-31  (time passes)            customership terminating repository notice-given",
		"2025-11-01  (time passes)            customership ended       repository terminated",
	} {
		assert.Contains(t, text, want)
	}
}
