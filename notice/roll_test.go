package notice

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRoll_StableIdentifiers(t *testing.T) {
	for _, tc := range []struct {
		roll Roll
		id   string
	}{{RollNone, "none"}, {RollForward, "forward"}, {RollBackward, "backward"}} {
		assert.Equal(t, tc.id, tc.roll.String())
		got, err := ParseRoll(tc.id)
		require.NoError(t, err)
		assert.Equal(t, tc.roll, got)
		b, err := json.Marshal(tc.roll)
		require.NoError(t, err)
		assert.Equal(t, `"`+tc.id+`"`, string(b))
	}
	var zero Roll
	assert.Equal(t, RollNone, zero, "the plain calendar is the default")
}

func TestRoll_ParseRefusesOthers(t *testing.T) {
	for _, in := range []string{"", "None", "next", "forwards", "back", " forward"} {
		_, err := ParseRoll(in)
		var pe *ParseError
		require.True(t, errors.As(err, &pe), "%q", in)
		assert.Equal(t, in, pe.Value)
	}
}

func TestAct150_1930_S5_RollMovesOffNonWorkingDays(t *testing.T) {
	c := Finland()
	tests := []struct {
		name              string
		day               string
		forward, backward string
	}{
		{"a Saturday", "2025-03-01", "2025-03-03", "2025-02-28"},
		{"a Sunday", "2025-03-02", "2025-03-03", "2025-02-28"},
		{"a working day stays", "2025-03-04", "2025-03-04", "2025-03-04"},
		{"Christmas Eve to Sunday 2025", "2025-12-24", "2025-12-29", "2025-12-23"},
		{"Easter 2025, Good Friday to Easter Monday", "2025-04-18", "2025-04-22", "2025-04-17"},
		{"Easter Monday", "2025-04-21", "2025-04-22", "2025-04-17"},
		{"Midsummer Eve 2025", "2025-06-20", "2025-06-23", "2025-06-19"},
		{"Independence Day 2024, a Friday", "2024-12-06", "2024-12-09", "2024-12-05"},
		{"May Day 2025, a Thursday", "2025-05-01", "2025-05-02", "2025-04-30"},
		{"New Year's Day across the year end", "2023-01-01", "2023-01-02", "2022-12-30"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			x := d(tc.day)
			assert.Equal(t, d(tc.forward), RollForward.Apply(c, x))
			assert.Equal(t, d(tc.backward), RollBackward.Apply(c, x))
			assert.Equal(t, x, RollNone.Apply(c, x), "none keeps the plain calendar")
		})
	}
}
