package main

import (
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// BenchmarkStartup measures, from outside, how long `healthcheck serve` takes
// from exec to its first 200 on /healthz, on the 1,750-firm demo city (two
// campaigns), beside two baselines started and polled the same way in the
// same run: a bare Fiber program with one route, and the bare stack (the
// same route in a binary that links the required libraries as healthcheck
// does and opens the same database with GORM: the floor of any program
// built on them). Both binaries are built once; each iteration
// starts the program on a free port, polls every 200 µs, and kills it (the
// kill and the wait are not timed). cpu-ms/start is the program's CPU time,
// which the machine's other work moves less than the wall time.
//
//	go test -run '^$' -bench Startup -benchtime 20x -count 3 .
func BenchmarkStartup(b *testing.B) {
	dir := b.TempDir()
	app := buildBinary(b, dir, "healthcheck", ".")
	bare := buildBinary(b, dir, "barefiber", "./testdata/barefiber")
	stack := buildBinary(b, dir, "barestack", "./testdata/barestack")
	db := filepath.Join(dir, "city.db")
	if out, err := exec.Command(app, "demo", "--db", db, "--firms", "1750", "--years", "2019,2020").CombinedOutput(); err != nil {
		b.Fatalf("demo: %v\n%s", err, out)
	}
	var appNs, bareNs, stackNs float64
	b.Run("serve", func(b *testing.B) {
		appNs = benchStart(b, func(addr string) *exec.Cmd { return exec.Command(app, "serve", "--addr", addr, "--db", db) })
	})
	b.Run("bare_fiber", func(b *testing.B) {
		bareNs = benchStart(b, func(addr string) *exec.Cmd { return exec.Command(bare, "--addr", addr) })
	})
	b.Run("bare_stack", func(b *testing.B) {
		stackNs = benchStart(b, func(addr string) *exec.Cmd { return exec.Command(stack, "--addr", addr, "--db", db) })
	})
	if bareNs > 0 && stackNs > 0 {
		b.Logf("serve %.1f ms, bare Fiber %.1f ms (%.2f×), bare stack %.1f ms (%.2f×)",
			appNs/1e6, bareNs/1e6, appNs/bareNs, stackNs/1e6, appNs/stackNs)
	}
}

// buildBinary builds pkg into dir/name.
func buildBinary(b *testing.B, dir, name, pkg string) string {
	b.Helper()
	out := filepath.Join(dir, name)
	if msg, err := exec.Command("go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, msg)
	}
	return out
}

// benchStart times starting a program until it answers /healthz and
// returns the mean in nanoseconds (also reported as ms/start).
func benchStart(b *testing.B, command func(addr string) *exec.Cmd) float64 {
	var total, cpu time.Duration
	for b.Loop() {
		addr := freeAddr(b)
		cmd := command(addr)
		cmd.Stdout, cmd.Stderr = nil, nil
		start := time.Now()
		if err := cmd.Start(); err != nil {
			b.Fatal(err)
		}
		err := pollHealthz(addr, 10*time.Second)
		total += time.Since(start)
		_ = cmd.Process.Signal(syscall.SIGKILL)
		_ = cmd.Wait()
		if err != nil {
			b.Fatal(err)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	ns := float64(total.Nanoseconds()) / float64(b.N)
	b.ReportMetric(ns/1e6, "ms/start")
	// CPU time of the started program to the kill (it is idle once it has
	// answered): moved less than the wall time by the machine's other work.
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/1e6, "cpu-ms/start")
	return ns
}

// freeAddr is a loopback address whose port nothing listens on now.
func freeAddr(b *testing.B) string {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}

// pollHealthz asks GET /healthz every 200 µs until it answers 200.
func pollHealthz(addr string, limit time.Duration) error {
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: time.Second}
	url := "http://" + addr + "/healthz"
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		time.Sleep(200 * time.Microsecond)
	}
	return fmt.Errorf("no 200 from %s within %v", url, limit)
}
