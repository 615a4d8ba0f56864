package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// asCommand, set in a child's environment, makes the test binary run the
// command line instead of the tests: the tests whose input is a real FIFO or
// device run kanta as a process they can kill.
const asCommand = "KANTA_TEST_AS_COMMAND"

func TestMain(m *testing.M) {
	if os.Getenv(asCommand) == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// generous is how long any run may take before it counts as hanging; a
// bounded run takes well under a second.
const generous = 30 * time.Second

// runProcess runs kanta with args as a child process and kills it after
// generous, which fails the test.
func runProcess(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), generous)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], args...)
	cmd.Env = append(os.Environ(), asCommand+"=1")
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	require.NoError(t, ctx.Err(), "kanta %s did not finish within %s", strings.Join(args, " "), generous)
	var exit *exec.ExitError
	if errors.As(err, &exit) {
		return out.String(), errb.String(), exit.ExitCode()
	}
	require.NoError(t, err)
	return out.String(), errb.String(), 0
}

// runInProcess runs kanta with args through run, failing the test when it
// does not return within generous.
func runInProcess(t *testing.T, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	type result struct {
		out, err string
		code     int
	}
	done := make(chan result, 1)
	go func() {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		done <- result{out.String(), errb.String(), code}
	}()
	select {
	case r := <-done:
		return r.out, r.err, r.code
	case <-time.After(generous):
		t.Fatalf("kanta %.80s did not finish within %s", strings.Join(args, " "), generous)
		return "", "", 0
	}
}

// requireOneErrorLine asserts the command line's answer to bad input
// (docs/cli.md): exit 2, nothing on stdout, and one line of at most
// maxErrorLine bytes on stderr that contains want.
func requireOneErrorLine(t *testing.T, stdout, stderr string, code int, want string) {
	t.Helper()
	require.Equal(t, exitBadInput, code, "stderr: %.300q", stderr)
	require.Empty(t, stdout)
	require.True(t, strings.HasSuffix(stderr, "\n"), "stderr: %.300q", stderr)
	line := strings.TrimSuffix(stderr, "\n")
	require.NotContains(t, line, "\n", "one line")
	require.LessOrEqual(t, len(line), maxErrorLine, "%.300q", line)
	require.True(t, strings.HasPrefix(line, "kanta: "), line)
	require.Contains(t, line, want)
}
