package browser

import (
	"net"
	"sync"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Serve runs app on a random loopback port until the test ends and returns
// its base URL, e.g. "http://127.0.0.1:41234". Browsers and clients that need
// a real socket (oversized bodies, cookies across requests) talk to it.
func Serve(t testing.TB, app *fiber.App) string {
	t.Helper()
	return ServeRestartable(t, func() *fiber.App { return app }).URL()
}

// Server is an app on a fixed loopback address that a test can stop and
// start again, as when the server goes away while a page is open and comes
// back: the page keeps its URL, and sessions in the database still hold.
type Server struct {
	t    testing.TB
	addr string
	mk   func() *fiber.App
	app  *fiber.App
	ln   *trackingListener
}

// ServeRestartable serves mk() on a free loopback port until the test ends.
func ServeRestartable(t testing.TB, mk func() *fiber.App) *Server {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{t: t, addr: ln.Addr().String(), mk: mk}
	s.listen(ln)
	t.Cleanup(s.Stop)
	return s
}

// URL is the server's base URL, the same across restarts.
func (s *Server) URL() string { return "http://" + s.addr }

// Stop takes the server away at once, as a crash or a pulled cable would:
// the listener and every open connection (a browser's keep-alive ones
// included, which a graceful shutdown would go on serving) are closed, and
// new connections are refused until Start.
func (s *Server) Stop() {
	if s.app == nil {
		return
	}
	s.ln.closeAll()
	_ = s.app.ShutdownWithTimeout(5 * time.Second)
	s.app, s.ln = nil, nil
}

// Start serves a fresh app from mk on the same address.
func (s *Server) Start() {
	s.t.Helper()
	if s.app != nil {
		return
	}
	ln, err := net.Listen("tcp4", s.addr)
	if err != nil {
		s.t.Fatalf("listen again on %s: %v", s.addr, err)
	}
	s.listen(ln)
}

func (s *Server) listen(ln net.Listener) {
	s.app, s.ln = s.mk(), &trackingListener{Listener: ln}
	go s.app.Listener(s.ln) //nolint:errcheck // returns when the app shuts down
}

// trackingListener remembers the open connections it accepted, so that Stop
// can close them.
type trackingListener struct {
	net.Listener
	mu    sync.Mutex
	conns map[net.Conn]bool
}

func (l *trackingListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	tc := &trackedConn{Conn: c, l: l}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conns == nil {
		l.conns = map[net.Conn]bool{}
	}
	l.conns[tc] = true
	return tc, nil
}

func (l *trackingListener) closeAll() {
	_ = l.Listener.Close()
	l.mu.Lock()
	open := l.conns
	l.conns = nil
	l.mu.Unlock()
	for c := range open {
		_ = c.Close()
	}
}

// trackedConn leaves its listener's set when closed.
type trackedConn struct {
	net.Conn
	l *trackingListener
}

func (c *trackedConn) Close() error {
	c.l.mu.Lock()
	delete(c.l.conns, c)
	c.l.mu.Unlock()
	return c.Conn.Close()
}
