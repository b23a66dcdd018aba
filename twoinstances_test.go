package main

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/testutil/answerset"
	"healthcheck/testutil/testdb"
)

// TestTwoInstancesOnOnePostgres is issue 18's two-instance deployment: two
// serve processes on one PostgreSQL database and one shared jobs
// directory, behind a proxy on 127.0.0.1. Nothing a user does may depend on
// which instance answers, and killing one loses no acknowledged save.
func TestTwoInstancesOnOnePostgres(t *testing.T) {
	if !testdb.Postgres() {
		t.Skip("needs HC_TEST_DB=postgres://…: two serve processes share one PostgreSQL database " +
			"(two on one SQLite file is not a supported deployment)")
	}
	if testing.Short() {
		t.Skip("starts server processes")
	}
	db := testdb.DSN(t, "two.db")
	logins := prepareDurabilityDB(t, db, 102)
	store, camp := openTwoStore(t, db)
	jobs := t.TempDir()
	flags := []string{"--jobs-dir", jobs, "--trusted-proxies", "127.0.0.1/32"}
	a, b := startChild(t, db, flags...), startChild(t, db, flags...)
	t.Cleanup(a.stop)
	t.Cleanup(b.stop)

	t.Run("a firm moves between instances", func(t *testing.T) {
		firmAcross(t, store, camp, a.url, b.url, logins[0])
	})
	t.Run("a report job started on A is B's", func(t *testing.T) {
		reportAcross(t, store, camp.Year, a, b.url)
	})
	t.Run("wrong logins over both evaluate at most the limit", func(t *testing.T) {
		wrongLoginsAcross(t, store, logins[101], a.url, b.url)
	})
	t.Run("kill -9 of A under 100 saving firms", func(t *testing.T) {
		killUnderSaves(t, store, camp, a, b, logins[1:101])
	})
}

func openTwoStore(t *testing.T, db string) (*models.Store, *models.Campaign) {
	t.Helper()
	e, err := openEnv(t.Context(), db, "", models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { e.store.Close() })
	camp, err := e.store.LatestCampaign(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	_, err = e.store.CreateUser(t.Context(), models.NewUser{Username: "chief", Password: twoPassword, Role: models.RoleBureau})
	if err != nil {
		t.Fatal(err)
	}
	return e.store, camp
}

const twoPassword = "chief-password-2020"

// call sends a JSON request and returns the status and body.
func call(t *testing.T, cl *http.Client, method, url string, body any) (int, []byte) {
	t.Helper()
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, url, r)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := cl.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, b
}

// firmAcross: the firm logs in on A, saves on B, submits on A (the cookie
// works on both, the answers are what was typed); submitting again on B
// applies nothing twice.
func firmAcross(t *testing.T, store *models.Store, camp *models.Campaign, a, b string, lg demo.FirmLogin) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := defs.Get(camp.QuestionnaireID)
	cl := firmClient(t, a, lg)
	if cl == nil {
		t.FailNow()
	}
	typed := answerset.Full(def, 3)
	if st, body := call(t, cl, "PUT", b+"/api/v1/survey/answers", map[string]any{"answers": typed, "version": 0}); st != http.StatusOK {
		t.Fatalf("save on B: %d %s", st, body)
	}
	version, stored, err := draftOf(cl, a)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := json.Marshal(typed)
	if version != 1 || stored != canonical(t, string(want)) {
		t.Fatalf("A reads version %d %s, want 1 %s", version, stored, want)
	}
	for _, base := range []string{a, b} {
		if st, body := call(t, cl, "POST", base+"/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}); st != http.StatusOK {
			t.Fatalf("submit on %s: %d %s", base, st, body)
		}
	}
	lines, n, err := store.AuditLog(t.Context(), models.AuditFilter{Action: "survey_submitted", Actor: "firm:" + lg.CreditCode}, 5, 0)
	if err != nil || n != 1 {
		t.Fatalf("submitted twice (A, then B) is in the log %d times: %+v (%v)", n, lines, err)
	}
}

// officialClient is the bureau's chief logged in on base.
func officialClient(t *testing.T, base string) *http.Client {
	jar, _ := cookiejar.New(nil)
	cl := &http.Client{Jar: jar, Timeout: 10 * time.Second}
	st, body := call(t, cl, "POST", base+"/api/v1/session", map[string]string{"username": "chief", "password": twoPassword})
	if st != http.StatusOK {
		t.Fatalf("official login: %d %s", st, body)
	}
	return cl
}

// reportAcross: the report started on A is seen on B, done, and its zip,
// downloaded from B, holds report.html.
func reportAcross(t *testing.T, store *models.Store, year int, a *child, b string) {
	cl := officialClient(t, a.url)
	if st, body := call(t, cl, "POST", a.url+"/api/v1/reports", map[string]int{"campaign": year}); st != http.StatusAccepted {
		t.Fatalf("start on A: %d %s", st, body)
	}
	var job struct {
		State       string `json:"state"`
		DownloadURL string `json:"download_url"`
	}
	seen := map[string]bool{}
	for deadline := time.Now().Add(3 * time.Minute); job.State != "done" && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		st, body := call(t, cl, "GET", fmt.Sprintf("%s/api/v1/reports?campaign=%d", b, year), nil)
		if st != http.StatusOK || json.Unmarshal(body, &job) != nil {
			t.Fatalf("status on B: %d %s", st, body)
		}
		seen[job.State] = true
		if job.State != "running" && job.State != "done" {
			t.Fatalf("B sees the job %s: %s", job.State, body)
		}
	}
	row, err := store.ReportJob(t.Context(), year)
	if err != nil || row == nil || !strings.HasSuffix(row.Instance, fmt.Sprintf(":%d", a.cmd.Process.Pid)) || row.State != "done" {
		t.Fatalf("the job's row: %+v (%v)", row, err)
	}
	st, zipped := call(t, cl, "GET", b+job.DownloadURL, nil)
	if st != http.StatusOK {
		t.Fatalf("download from B: %d %s", st, zipped)
	}
	zr, err := zip.NewReader(bytes.NewReader(zipped), int64(len(zipped)))
	if err != nil {
		t.Fatalf("B's download is no zip: %v", err)
	}
	html := false
	for _, f := range zr.File {
		html = html || f.Name == "report.html" && f.UncompressedSize64 > 0
	}
	if !html {
		t.Fatal("B's zip holds no report.html")
	}
	t.Logf("B saw the job %v; run by %s", seen, row.Instance)
}

// The default limits check at most this many wrong credentials of one
// account from one address before refusing (handlers'
// TestParallelWrongLoginsEvaluateAtMostTheLimit counts the same).
const loginLimit = 10

// wrongLoginsAcross: 200 parallel wrong logins for one account from one
// address, half on each instance, check at most the limit's credentials,
// counted in the database; the rest are refused with 429.
func wrongLoginsAcross(t *testing.T, store *models.Store, lg demo.FirmLogin, a, b string) {
	start := time.Now()
	statuses := map[int]int{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	body, _ := json.Marshal(map[string]string{"credit_code": lg.CreditCode, "invite_code": "WRONG-WRONG-WRNG"})
	for i := range 200 {
		base := []string{a, b}[i%2]
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest("POST", base+"/api/v1/session", bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("X-Forwarded-For", "203.0.113.5")
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			mu.Lock()
			statuses[res.StatusCode]++
			mu.Unlock()
		}()
	}
	wg.Wait()
	checked, err := store.LoginFailures(t.Context(), "firm:"+lg.CreditCode, start.Add(-time.Second))
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("200 parallel wrong logins over two instances: %d checked, statuses %v", checked, statuses)
	if checked < 1 || checked > loginLimit || statuses[http.StatusUnauthorized] != int(checked) ||
		statuses[http.StatusTooManyRequests] != 200-int(checked) {
		t.Errorf("%d credentials checked, statuses %v; want at most %d checked (401), the rest 429", checked, statuses, loginLimit)
	}
}

// killUnderSaves: 100 firms save, half through each instance; A is killed
// with SIGKILL and its firms go on through B, as a load balancer sends
// them. Every firm's last acknowledged save is in the database, and B
// keeps answering.
func killUnderSaves(t *testing.T, store *models.Store, camp *models.Campaign, a, b *child, logins []demo.FirmLogin) {
	acks := make([]ack, len(logins))
	var mu sync.Mutex
	var afterKill, saving int
	movedOver := map[int]bool{} // firms of A's acknowledged by B after the kill
	killed := make(chan struct{})
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, lg := range logins {
		bases := []string{a.url, b.url}
		if i%2 == 1 {
			bases = []string{b.url}
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			saveAcross(t, bases, lg, stop, saveHooks{
				sending: func(answers string) { acks[i].inflight = answers },
				acked: func(version int, answers string) {
					acks[i] = ack{version: version, answers: answers}
					if version == 1 {
						mu.Lock()
						saving++
						mu.Unlock()
					}
					select {
					case <-killed:
						mu.Lock()
						afterKill++
						movedOver[i] = i%2 == 0 || movedOver[i]
						mu.Unlock()
					default:
					}
				},
			})
		}()
	}
	// A dies once every firm has saved (they all log in first, 30 at a
	// time per address), and a second later.
	for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		mu.Lock()
		n := saving
		mu.Unlock()
		if n == len(logins) {
			break
		}
	}
	time.Sleep(time.Second)
	if err := a.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	_ = a.cmd.Wait()
	close(killed)
	time.Sleep(2 * time.Second)
	close(stop)
	wg.Wait()
	if res, err := http.Get(b.url + "/healthz"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("B after A's death: %v %v", res, err)
	} else {
		res.Body.Close()
	}
	moved := 0
	for i := range movedOver {
		if movedOver[i] {
			moved++
		}
	}
	if moved == 0 {
		t.Fatal("no firm of A's saved through B after A was killed")
	}
	saves := 0
	for i, lg := range logins {
		saves += acks[i].version
		if lost := storedAck(t, store, camp, lg, acks[i]); lost != "" {
			t.Error(lost)
		}
	}
	t.Logf("%d saves by %d firms acknowledged (%d after A was killed; %d of A's %d firms went on through B), none lost",
		saves, len(logins), afterKill, moved, len(logins)/2)
}

// storedAck compares the firm's draft in the database with its last
// acknowledged save; "" when they agree.
func storedAck(t *testing.T, store *models.Store, camp *models.Campaign, lg demo.FirmLogin, a ack) string {
	ctx := context.Background()
	e, err := store.EntryByCreditCode(ctx, models.CityScope(), camp.ID, lg.CreditCode)
	if err != nil {
		t.Fatal(err)
	}
	stored, err := store.Answers(ctx, e.ID)
	if err != nil {
		t.Fatal(err)
	}
	raw := map[string]json.RawMessage{}
	for k, v := range stored {
		raw[k] = v
	}
	got, _ := json.Marshal(raw)
	if e.Version != a.version || a.version > 0 && string(got) != canonical(t, a.answers) {
		return fmt.Sprintf("%s: acknowledged version %d %s, stored version %d %s", lg.CreditCode, a.version, a.answers, e.Version, got)
	}
	return ""
}
