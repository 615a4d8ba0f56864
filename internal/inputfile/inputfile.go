// Package inputfile opens the files a user hands the library's tools (a
// payments ledger, a scenario, a token file) so that hostile input stays
// bounded: only a regular file is opened, never a FIFO that blocks or a
// device such as /dev/zero that never ends, and never more than a limit is
// read, even from a file that grows while it is read. Its errors do not
// repeat the path, which the caller names once.
package inputfile

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// Open opens the file at path for reading when it is a regular file of at
// most limit bytes. The returned reader fails should the file grow past
// limit while it is read. what ends the message for a file that is too
// large: "it has N bytes, more than the LIMIT what".
func Open(path string, limit int64, what string) (io.ReadCloser, error) {
	// Stat before Open: opening a FIFO blocks until something writes to it.
	info, err := os.Stat(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("it is %s, not a regular file", kind(info.Mode()))
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("it has %d bytes, more than the %s %s", info.Size(), Size(limit), what)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	return &bounded{f: f, left: limit}, nil
}

// ReadAll reads the whole file at path under the bounds of Open.
func ReadAll(path string, limit int64, what string) ([]byte, error) {
	f, err := Open(path, limit, what)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(f)
	if err != nil {
		return nil, withoutPath(err)
	}
	return data, nil
}

// bounded reads a file and fails once more than its limit has been read.
type bounded struct {
	f    *os.File
	left int64
}

func (b *bounded) Read(p []byte) (int, error) {
	if int64(len(p)) > b.left+1 {
		p = p[:b.left+1]
	}
	n, err := b.f.Read(p)
	if int64(n) > b.left {
		return 0, errors.New("the file grew past its limit while it was read")
	}
	b.left -= int64(n)
	return n, err
}

func (b *bounded) Close() error { return b.f.Close() }

// withoutPath returns the reason of a *fs.PathError, whose path the caller
// names already.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// kind names what a file that is not a regular file is.
func kind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSocket != 0:
		return "a socket"
	}
	return "a special file"
}

// Size writes a limit in bytes as the documentation gives it: 64 MiB,
// 256 KiB, 1000 bytes.
func Size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
