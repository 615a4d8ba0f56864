package store

// RewriteHead changes the chain hash kept for event seq of a memory store's
// stream, as a restore from another backup would, so that the tests can
// show a snapshot of it is no longer returned.
func RewriteHead(s Store, stream string, seq int64) {
	m := s.(*memory)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.streams[stream].records[seq-1].Head = "rewritten"
}
