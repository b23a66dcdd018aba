package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// TestMain lets the test binary play the server: the durability test starts
// it as a child process it can kill with SIGKILL.
func TestMain(m *testing.M) {
	if args := os.Getenv("HC_CHILD_ARGS"); args != "" {
		// As main does: SIGTERM and SIGINT end the context.
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		if err := dispatch(ctx, strings.Fields(args), os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// ack is the last save a server acknowledged for one firm, and the save in
// flight when the server died (which it may or may not have committed).
type ack struct {
	version  int
	answers  string
	inflight string
}

// TestAcknowledgedSavesSurviveSIGKILL kills the server while firms are saving
// and checks, after a restart, that every acknowledged save is there.
func TestAcknowledgedSavesSurviveSIGKILL(t *testing.T) {
	db, logins, srv := startLive(t, "durable.db")
	acks := make([]ack, len(logins))
	var wg sync.WaitGroup
	var acked atomic.Int64
	stop := make(chan struct{})
	for i, lg := range logins {
		wg.Add(1)
		go func(i int, lg demo.FirmLogin) {
			defer wg.Done()
			saveUntilStopped(t, srv.url, lg, &acks[i], stop, &acked)
		}(i, lg)
	}
	// Kill while saves are flowing: after every firm's first few have been
	// acknowledged (a fixed sleep gave none on a loaded machine), or after
	// 30 s, when the count below says what was reached.
	for deadline := time.Now().Add(30 * time.Second); acked.Load() < int64(4*len(logins)) && time.Now().Before(deadline); {
		time.Sleep(20 * time.Millisecond)
	}
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = srv.cmd.Wait()
	close(stop)
	wg.Wait()

	saves := 0
	for _, a := range acks {
		saves += a.version
	}
	if saves < len(logins) {
		t.Fatalf("only %d saves were acknowledged before the kill; the test proves nothing", saves)
	}
	srv = startChild(t, db)
	defer srv.stop()
	for i, lg := range logins {
		checkSurvived(t, srv.url, lg, acks[i])
	}
	t.Logf("%d acknowledged saves by %d firms survived SIGKILL", saves, len(logins))
}

// startLive starts a server process on a new database of invited firms.
func startLive(t *testing.T, name string) (db string, logins []demo.FirmLogin, srv *child) {
	return startLiveFirms(t, name, 8)
}

// startLiveFirms starts a server process on a new database of n invited firms.
func startLiveFirms(t *testing.T, name string, n int) (db string, logins []demo.FirmLogin, srv *child) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts server processes")
	}
	db = testdb.DSN(t, name)
	logins = prepareDurabilityDB(t, db, n)
	return db, logins, startChild(t, db)
}

// prepareDurabilityDB creates a campaign of n firms with invitation codes.
func prepareDurabilityDB(t *testing.T, path string, n int) []demo.FirmLogin {
	ctx := context.Background()
	e, err := openEnv(ctx, path, "", models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	if _, err := demo.Generate(ctx, e.store, e.data.Defs, e.city, demo.Options{Firms: n, Seed: 7, Responded: -1, DraftShare: -1}); err != nil {
		t.Fatal(err)
	}
	c, err := e.store.LatestCampaign(ctx)
	if err != nil {
		t.Fatal(err)
	}
	issued, err := e.store.IssueInvites(ctx, models.CityScope(), c.ID, true)
	if err != nil {
		t.Fatal(err)
	}
	var out []demo.FirmLogin
	for _, iv := range issued {
		out = append(out, demo.FirmLogin{CreditCode: iv.CreditCode, InviteCode: iv.Code})
	}
	return out
}

type child struct {
	cmd  *exec.Cmd
	url  string
	logs *bytes.Buffer // stdout and stderr; read only once the process has ended
}

func (c *child) stop() {
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	_ = c.cmd.Wait()
}

// startChild runs "serve" in a child process and waits until it answers.
func startChild(t *testing.T, db string, extra ...string) *child {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), "HC_CHILD_ARGS=serve --addr "+addr+" --db "+db+" "+strings.Join(extra, " "))
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	url := "http://" + addr
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(url + "/healthz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return &child{cmd: cmd, url: url, logs: &logs}
			}
		}
	}
	_ = cmd.Process.Kill()
	t.Fatalf("server did not start:\n%s", logs.String())
	return nil
}

func firmClient(t *testing.T, base string, lg demo.FirmLogin) *http.Client {
	cl, _ := firmClientAcross(t, []string{base}, lg)
	return cl
}

// firmClientAcross logs the firm in on the first of bases that answers, as
// a load balancer would send it, and returns the client with the bases
// from that one on.
func firmClientAcross(t *testing.T, bases []string, lg demo.FirmLogin) (*http.Client, []string) {
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	body, _ := json.Marshal(map[string]string{"credit_code": lg.CreditCode, "invite_code": lg.InviteCode})
	var res *http.Response
	var err error
	// Many firms logging in at once from one address are asked to come back
	// in a second (at most 30 logins are checked at once per address), as a
	// person would.
	for try := 0; try < 30; try++ {
		res, err = cl.Post(bases[0]+"/api/v1/session", "application/json", bytes.NewReader(body))
		for err != nil && len(bases) > 1 {
			bases = bases[1:]
			res, err = cl.Post(bases[0]+"/api/v1/session", "application/json", bytes.NewReader(body))
		}
		if err != nil {
			t.Error(err)
			return nil, nil
		}
		res.Body.Close()
		if res.StatusCode != http.StatusTooManyRequests || res.Header.Get("Retry-After") != "1" {
			break
		}
		time.Sleep(time.Second)
	}
	if res.StatusCode != 200 {
		t.Errorf("login %s: %d", lg.CreditCode, res.StatusCode)
		return nil, nil
	}
	return cl, bases
}

// saveUntilStopped saves ever-changing drafts, recording what was acknowledged.
// saveUntilStopped saves as one firm until stop, keeping its last
// acknowledged save in a and counting acknowledgements in acked.
func saveUntilStopped(t *testing.T, base string, lg demo.FirmLogin, a *ack, stop <-chan struct{}, acked *atomic.Int64) {
	saveLoop(t, base, lg, stop, saveHooks{
		sending: func(answers string) { a.inflight = answers },
		acked: func(version int, answers string) {
			a.version, a.answers, a.inflight = version, answers, ""
			acked.Add(1)
		},
	})
}

// saveHooks hear of each save: before it is sent and once it is acknowledged.
type saveHooks struct {
	sending func(answers string)
	acked   func(version int, answers string)
}

// saveLoop logs a firm in and saves a new draft after another until stop or
// until the server is gone.
func saveLoop(t *testing.T, base string, lg demo.FirmLogin, stop <-chan struct{}, h saveHooks) {
	saveAcross(t, []string{base}, lg, stop, h)
}

// saveAcross is saveLoop behind a load balancer over several instances:
// the firm logs in on the first, and when one is gone its save is sent
// again to the next (the session is in the database). A save the dead
// instance committed without answering is found there by its version; the
// loop ends when the last instance is gone.
func saveAcross(t *testing.T, bases []string, lg demo.FirmLogin, stop <-chan struct{}, h saveHooks) {
	cl, bases := firmClientAcross(t, bases, lg)
	if cl == nil {
		return
	}
	version := 0
	for n := 1; ; n++ {
		select {
		case <-stop:
			return
		default:
		}
		answers := fmt.Sprintf(`{"p_employees":%d,"n_note":"第%d次保存"}`, n, n)
		h.sending(answers)
		body := fmt.Sprintf(`{"answers":%s,"version":%d}`, answers, version)
		status, b, err := putAnswers(cl, bases[0], body)
		retried := false
		for err != nil && len(bases) > 1 {
			bases, retried = bases[1:], true
			status, b, err = putAnswers(cl, bases[0], body)
		}
		if err != nil {
			return // the server is gone; this save may or may not have landed
		}
		if retried && status == http.StatusConflict {
			// The dead instance committed it: the draft is one version on.
			status, b = landed(t, cl, bases[0], version+1, answers)
		}
		if status != http.StatusOK {
			t.Errorf("save %s: %d %s", lg.CreditCode, status, b)
			return
		}
		var got struct{ Version int }
		_ = json.Unmarshal(b, &got)
		version = got.Version
		h.acked(version, answers)
	}
}

func putAnswers(cl *http.Client, base, body string) (int, []byte, error) {
	req, _ := http.NewRequest("PUT", base+"/api/v1/survey/answers", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := cl.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

// landed reads the firm's draft: 200 with its version when it is version
// holding answers, 409 with what it holds otherwise.
func landed(t *testing.T, cl *http.Client, base string, version int, answers string) (int, []byte) {
	got, stored, err := draftOf(cl, base)
	if err != nil {
		return 0, []byte(err.Error())
	}
	if got != version || stored != canonical(t, answers) {
		return http.StatusConflict, []byte(stored)
	}
	return http.StatusOK, []byte(fmt.Sprintf(`{"version":%d}`, version))
}

// draftOf is the firm's draft as the server gives it: its version and its
// answers as canonical JSON.
func draftOf(cl *http.Client, base string) (int, string, error) {
	res, err := cl.Get(base + "/api/v1/survey")
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	var got struct {
		Version int                        `json:"version"`
		Answers map[string]json.RawMessage `json:"answers"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		return 0, "", fmt.Errorf("survey of %s: %d: %w", base, res.StatusCode, err)
	}
	stored, err := json.Marshal(got.Answers)
	return got.Version, string(stored), err
}

// checkSurvived reads the firm's draft after the restart: it is the last
// acknowledged save, or the one in flight if the server committed it just
// before dying (then the version is one more).
func checkSurvived(t *testing.T, base string, lg demo.FirmLogin, a ack) {
	if lost := survived(t, base, lg, a); lost != "" {
		t.Error(lost)
	}
}

// survived describes how the firm's acknowledged save was lost, "" when
// it was not.
func survived(t *testing.T, base string, lg demo.FirmLogin, a ack) string {
	cl := firmClient(t, base, lg)
	if cl == nil {
		return lg.CreditCode + ": cannot log in after the restart"
	}
	version, stored, err := draftOf(cl, base)
	if err != nil {
		t.Fatal(err)
	}
	want := canonical(t, a.answers)
	switch {
	case version == a.version && (a.version == 0 || stored == want):
	case version == a.version+1 && a.inflight != "" && stored == canonical(t, a.inflight):
	default:
		return fmt.Sprintf("%s: acknowledged version %d %s, found version %d %s", lg.CreditCode, a.version, want, version, stored)
	}
	return ""
}

func canonical(t *testing.T, s string) string {
	if s == "" {
		return "{}"
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// TestSoakSavesSurviveSIGKILL is the soak: 100 firms save as fast as they
// can for HC_SOAK (e.g. 30s; CI sets it, the README's test command skips
// this) against a real serve process on loopback, which is then killed with
// SIGKILL and restarted; every acknowledged save must be there. It prints
// requests/s, p50, p99 and the number lost (run with -v).
func TestSoakSavesSurviveSIGKILL(t *testing.T) {
	soak, err := time.ParseDuration(os.Getenv("HC_SOAK"))
	if err != nil || soak <= 0 {
		t.Skip("set HC_SOAK=30s to run the soak")
	}
	const firms = 100
	db, logins, srv := startLiveFirms(t, "soak.db", firms)
	acks := make([]ack, len(logins))
	latencies := make([][]time.Duration, len(logins))
	var wg sync.WaitGroup
	stop := make(chan struct{})
	start := time.Now()
	for i, lg := range logins {
		wg.Add(1)
		go func(i int, lg demo.FirmLogin) {
			defer wg.Done()
			var sent time.Time
			saveLoop(t, srv.url, lg, stop, saveHooks{
				sending: func(answers string) { acks[i].inflight, sent = answers, time.Now() },
				acked: func(version int, answers string) {
					acks[i].version, acks[i].answers, acks[i].inflight = version, answers, ""
					latencies[i] = append(latencies[i], time.Since(sent))
				},
			})
		}(i, lg)
	}
	time.Sleep(soak)
	if err := srv.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	_ = srv.cmd.Wait()
	close(stop)
	wg.Wait()

	var all []time.Duration
	for _, l := range latencies {
		all = append(all, l...)
	}
	if len(all) < firms {
		t.Fatalf("only %d saves were acknowledged; the soak proves nothing", len(all))
	}
	srv = startChild(t, db)
	defer srv.stop()
	lost := 0
	for i, lg := range logins {
		if msg := survived(t, srv.url, lg, acks[i]); msg != "" {
			lost++
			t.Error(msg)
		}
	}
	slices.Sort(all)
	t.Logf("soak: %d firms, %s, %d acknowledged saves, %.0f requests/s, p50 %s, p99 %s, lost %d after SIGKILL and restart",
		firms, soak, len(all), float64(len(all))/elapsed.Seconds(), quantile(all, 0.50), quantile(all, 0.99), lost)
}

// quantile of sorted durations, rounded for reading.
func quantile(sorted []time.Duration, q float64) time.Duration {
	return sorted[int(q*float64(len(sorted)-1))].Round(100 * time.Microsecond)
}
