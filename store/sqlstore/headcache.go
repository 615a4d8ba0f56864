package sqlstore

import "sync"

// headCache remembers the chain hash at the latest version this process saw
// of recently used streams, so that the usual load, decide, append needs no
// extra read to chain the new events. A stored event never changes, so an
// entry stays true; should it not (a database restored behind the
// process's back), the append's UPDATE, which also requires the stored
// head, fails as a conflict and the entry is dropped.
type headCache struct {
	mu sync.Mutex
	m  map[string]cachedHead
}

type cachedHead struct {
	version int64
	head    string
}

// headCacheSize bounds the streams remembered; past it, an arbitrary
// quarter is forgotten.
const headCacheSize = 8192

func (c *headCache) init() { c.m = make(map[string]cachedHead) }

// get returns the head of stream at version, if remembered.
func (c *headCache) get(stream string, version int64) (string, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[stream]
	if !ok || e.version != version {
		return "", false
	}
	return e.head, true
}

// put remembers the head of stream at version, unless a later one is known.
func (c *headCache) put(stream string, version int64, head string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.m[stream]; ok && e.version > version {
		return
	}
	if len(c.m) >= headCacheSize {
		drop := headCacheSize / 4
		for k := range c.m {
			delete(c.m, k)
			if drop--; drop == 0 {
				break
			}
		}
	}
	c.m[stream] = cachedHead{version, head}
}

// forget drops what is remembered of stream.
func (c *headCache) forget(stream string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, stream)
}
