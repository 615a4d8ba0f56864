package sqlstore_test

import (
	"net"
	"net/url"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// proxy forwards TCP connections from a local address to a database
// server, and can take the database away: cut closes every connection and
// stops listening, as a server that went down; freeze keeps connections
// open but passes nothing on, as a network that drops packets.
type proxy struct {
	t      testing.TB
	target string
	addr   string

	mu     sync.Mutex
	ln     net.Listener
	conns  map[net.Conn]struct{}
	frozen chan struct{} // closed while not frozen
}

func startProxy(t testing.TB, target string) *proxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	thawed := make(chan struct{})
	close(thawed)
	p := &proxy{t: t, target: target, addr: ln.Addr().String(), conns: map[net.Conn]struct{}{}, frozen: thawed}
	p.serve(ln)
	t.Cleanup(p.cut)
	return p
}

// through returns dsn with its host and port replaced by the proxy's.
func (p *proxy) through(dsn string) string {
	u, err := url.Parse(dsn)
	require.NoError(p.t, err)
	u.Host = p.addr
	return u.String()
}

func (p *proxy) serve(ln net.Listener) {
	p.mu.Lock()
	p.ln = ln
	p.mu.Unlock()
	go func() {
		for {
			in, err := ln.Accept()
			if err != nil {
				return
			}
			go p.forward(in)
		}
	}()
}

func (p *proxy) forward(in net.Conn) {
	if !p.track(in) {
		return
	}
	p.mu.Lock()
	thawed := p.frozen
	p.mu.Unlock()
	<-thawed
	out, err := net.Dial("tcp", p.target)
	if err != nil {
		in.Close()
		return
	}
	if !p.track(out) {
		in.Close()
		return
	}
	go p.pipe(out, in)
	p.pipe(in, out)
}

// track adds c to the connections cut closes, unless the proxy is
// listening no more.
func (p *proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln == nil {
		c.Close()
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

// pipe copies from src to dst, holding each piece while the proxy is
// frozen, and closes both when either side ends.
func (p *proxy) pipe(dst, src net.Conn) {
	defer dst.Close()
	defer src.Close()
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			thawed := p.frozen
			p.mu.Unlock()
			<-thawed
			if _, werr := dst.Write(buf[:n]); werr != nil {
				return
			}
		}
		if err != nil {
			return
		}
	}
}

// cut stops listening and closes every connection.
func (p *proxy) cut() {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.ln != nil {
		p.ln.Close()
		p.ln = nil
	}
	for c := range p.conns {
		c.Close()
	}
	p.conns = map[net.Conn]struct{}{}
	select {
	case <-p.frozen:
	default:
		close(p.frozen)
	}
}

// restore listens again on the same address after cut.
func (p *proxy) restore() {
	ln, err := net.Listen("tcp", p.addr)
	require.NoError(p.t, err)
	p.serve(ln)
}

// freeze stops passing anything on, without closing a connection.
func (p *proxy) freeze() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.frozen = make(chan struct{})
}
