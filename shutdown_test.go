package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"healthcheck/testutil/testdb"
)

// TestServeOnABusyPortFailsCleanly: the port is taken, so serve says so and
// never claims to have started.
func TestServeOnABusyPortFailsCleanly(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	var out bytes.Buffer
	db := testdb.DSN(t, "busy.db")
	err = runServe(t.Context(), []string{"--addr", ln.Addr().String(), "--db", db}, &out)
	if err == nil || !strings.Contains(err.Error(), "无法监听 "+ln.Addr().String()) {
		t.Fatalf("serve on a busy port: %v", err)
	}
	if strings.Contains(out.String(), "已启动") {
		t.Fatalf("serve claimed to have started:\n%s", out.String())
	}
}

// startedProbe is serve's output: when 已启动 is written, it connects to the
// address at once, which must already accept.
type startedProbe struct {
	addr string
	mu   sync.Mutex
	out  bytes.Buffer
	dial chan error
}

func (p *startedProbe) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if bytes.Contains(b, []byte("已启动")) {
		c, err := net.DialTimeout("tcp4", p.addr, time.Second)
		if err == nil {
			c.Close()
		}
		p.dial <- err
	}
	return p.out.Write(b)
}

// TestServePrintsStartedOnceListening, and stops cleanly when its context
// ends (as on SIGTERM).
func TestServePrintsStartedOnceListening(t *testing.T) {
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	probe := &startedProbe{addr: addr, dial: make(chan error, 1)}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--addr", addr, "--db", testdb.DSN(t, "free.db")}, probe)
	}()
	select {
	case err := <-probe.dial:
		if err != nil {
			t.Fatalf("已启动 printed before the port accepted: %v", err)
		}
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("stopping: %v", err)
	}
}

// TestSIGTERMLetsALongRequestFinish sends SIGTERM while a save is still
// arriving: the server stops accepting, answers the save, keeps it and
// exits 0.
func TestSIGTERMLetsALongRequestFinish(t *testing.T) {
	t0 := time.Now()
	db, logins, srv := startLive(t, "term.db")
	t.Logf("started in %s", time.Since(t0))
	cl := firmClient(t, srv.url, logins[0])
	if cl == nil {
		t.FailNow()
	}
	u := strings.TrimPrefix(srv.url, "http://")
	var cookies []string
	for _, ck := range cl.Jar.Cookies(mustURL(t, srv.url)) {
		cookies = append(cookies, ck.Name+"="+ck.Value)
	}
	body := `{"answers":{"p_employees":321,"n_note":"收到 SIGTERM 时仍在上传"},"version":0}`
	conn, err := net.Dial("tcp4", u)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "PUT /api/v1/survey/answers HTTP/1.1\r\nHost: %s\r\nContent-Type: application/json\r\nCookie: %s\r\nContent-Length: %d\r\n\r\n",
		u, strings.Join(cookies, "; "), len(body))
	half := len(body) / 2
	if _, err := conn.Write([]byte(body[:half])); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The server stops accepting while the request is still arriving.
	refused := false
	for deadline := time.Now().Add(15 * time.Second); !refused && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		c, err := net.DialTimeout("tcp4", u, time.Second)
		if refused = err != nil; !refused {
			c.Close()
		}
	}
	if !refused {
		t.Error("the server still accepts connections 15 s after SIGTERM")
	}
	if _, err := conn.Write([]byte(body[half:])); err != nil {
		t.Fatal(err)
	}
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer to the request in flight: %v", err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the save in flight got %d", res.StatusCode)
	}
	t0 = time.Now()
	if err := srv.cmd.Wait(); err != nil {
		t.Fatalf("serve exited with %v after SIGTERM:\n%s", err, srv.logs)
	}
	t.Logf("exited %s after the answer:\n%s", time.Since(t0), srv.logs)
	srv = startChild(t, db)
	defer srv.stop()
	checkSurvived(t, srv.url, logins[0], ack{version: 1, answers: `{"p_employees":321,"n_note":"收到 SIGTERM 时仍在上传"}`})
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func TestProxyHeaderAloneIsRefused(t *testing.T) {
	if _, err := parseProxies("", "X-Forwarded-For"); err == nil || !strings.Contains(err.Error(), "--trusted-proxies") {
		t.Fatalf("--proxy-header alone: %v", err)
	}
	r, err := parseProxies("127.0.0.1/32", "X-Real-IP")
	if err != nil || r.Header != "X-Real-IP" {
		t.Fatalf("with trusted proxies: %+v %v", r, err)
	}
	if _, err := parseProxies("localhost", ""); err == nil {
		t.Fatal("a host name accepted as a trusted proxy")
	}
}
