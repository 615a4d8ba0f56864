package inputfile

import (
	"os"
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOpen_AFileThatGrowsWhileReadIsCutAtTheLimit(t *testing.T) {
	p := filepath.Join(t.TempDir(), "growing")
	require.NoError(t, os.WriteFile(p, []byte("0123456789"), 0o600))
	r, err := Open(p, 10, "allowed")
	require.NoError(t, err)
	defer r.Close()
	f, err := os.OpenFile(p, os.O_APPEND|os.O_WRONLY, 0)
	require.NoError(t, err)
	_, err = f.WriteString("more")
	require.NoError(t, err)
	require.NoError(t, f.Close())
	buf := make([]byte, 64)
	total := 0
	for err == nil {
		var n int
		n, err = r.Read(buf)
		total += n
	}
	require.ErrorContains(t, err, "grew past its limit")
	require.LessOrEqual(t, total, 10)
}

func TestOpen_RefusesWhatIsNotARegularFileUnopened(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	for path, want := range map[string]string{
		"/dev/zero":   "it is a device, not a regular file",
		fifo:          "it is a FIFO, not a regular file", // opening it would block
		t.TempDir():   "it is a directory, not a regular file",
		"/no/such/fi": "no such file or directory",
	} {
		_, err := Open(path, 1<<20, "allowed")
		require.Error(t, err, path)
		assert.Equal(t, want, err.Error(), path)
	}
}

func TestReadAll_ReadsUpToTheLimitAndRefusesMore(t *testing.T) {
	dir := t.TempDir()
	at, over := filepath.Join(dir, "at"), filepath.Join(dir, "over")
	require.NoError(t, os.WriteFile(at, make([]byte, 2048), 0o600))
	require.NoError(t, os.WriteFile(over, make([]byte, 2049), 0o600))
	data, err := ReadAll(at, 2048, "a test file may have")
	require.NoError(t, err)
	assert.Len(t, data, 2048)
	_, err = ReadAll(over, 2048, "a test file may have")
	assert.EqualError(t, err, "it has 2049 bytes, more than the 2 KiB a test file may have")
}

func TestSize_WritesLimitsAsTheDocsDo(t *testing.T) {
	assert.Equal(t, "64 MiB", Size(64<<20))
	assert.Equal(t, "256 KiB", Size(256<<10))
	assert.Equal(t, "1000 bytes", Size(1000))
}
