//go:build unix

package main

// Devices and FIFOs as input: they exist only on Unix-like systems.

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"
)

// fifo creates a named pipe that nothing writes to: opening it to read
// would block for ever.
func fifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "pipe")
	require.NoError(t, syscall.Mkfifo(p, 0o600))
	return p
}

func TestAttack_PaymentsFromADeviceOrFIFOAreRefusedUnread(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"/dev/zero", "/dev/zero", "it is a device, not a regular file"},
		{"a FIFO", fifo(t), "it is a FIFO, not a regular file"},
		{"a directory", t.TempDir(), "it is a directory, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runProcess(t, capArgs(tc.file)...)
			requireOneErrorLine(t, out, errs, code, "kanta: cap: --payments "+tc.file+": cannot read the payments: "+tc.want)
		})
	}
}

func TestAttack_ScenarioFromADeviceOrFIFOIsRefusedUnread(t *testing.T) {
	for _, tc := range []struct {
		name, file, want string
	}{
		{"/dev/zero", "/dev/zero", "it is a device, not a regular file"},
		{"a FIFO", fifo(t), "it is a FIFO, not a regular file"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, errs, code := runProcess(t, "check", tc.file)
			requireOneErrorLine(t, out, errs, code, "kanta: check: "+tc.file+": cannot read the scenario: "+tc.want)
		})
	}
}
