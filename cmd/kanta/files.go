package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// maxLedgerSize is the largest payments ledger kanta cap reads: 64 MiB,
// some two million payments, where a customer's real ledger for a service
// has a line a month. The ledger is read one line at a time, so the bound
// limits the time a run takes rather than its memory.
const maxLedgerSize = 64 << 20

// openInput opens the file at path for reading when it is a regular file of
// at most limit bytes. The returned reader fails should the file grow past
// limit while it is read. Its errors do not repeat the path.
func openInput(path string, limit int64) (io.ReadCloser, error) {
	// Stat before Open: opening a FIFO blocks until something writes to it.
	info, err := os.Stat(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("it is %s, not a regular file", fileKind(info.Mode()))
	}
	if info.Size() > limit {
		return nil, fmt.Errorf("it has %d bytes, more than the %s this command reads", info.Size(), size(limit))
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, withoutPath(err)
	}
	return &boundedFile{f: f, left: limit}, nil
}

// boundedFile reads a file and fails once more than its limit has been read.
type boundedFile struct {
	f    *os.File
	left int64
}

func (b *boundedFile) Read(p []byte) (int, error) {
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

func (b *boundedFile) Close() error { return b.f.Close() }

// withoutPath returns the reason of a *fs.PathError, whose path the message
// names already.
func withoutPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
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

// size writes a limit in bytes as the documentation gives it.
func size(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
