package main

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"healthcheck/demo"
	"healthcheck/testutil/testdb"
)

// firmSaves is what the server acknowledged to one firm: each version's
// answers, and the newest version.
type firmSaves struct {
	mu     sync.Mutex
	byVer  map[int]string
	latest int
}

// TestBackupWhileFirmsSave takes a backup with the backup command while a
// running server acknowledges saves, then starts a new server on the copy
// and finds every save that was acknowledged before the backup began — the
// same version or a later one, each with exactly the answers acknowledged
// for it.
func TestBackupWhileFirmsSave(t *testing.T) {
	t.Parallel()
	testdb.SkipOnPostgres(t, "the backup command copies SQLite (VACUUM INTO); PostgreSQL is backed up with pg_dump")
	db, logins, srv := startLive(t, "live.db")
	defer srv.stop()

	saves := make([]firmSaves, len(logins))
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for i, lg := range logins {
		s := &saves[i]
		s.byVer = map[int]string{}
		wg.Add(1)
		go func(lg demo.FirmLogin) {
			defer wg.Done()
			saveLoop(t, srv.url, lg, stop, saveHooks{
				sending: func(string) {},
				acked: func(v int, answers string) {
					s.mu.Lock()
					s.byVer[v], s.latest = answers, v
					s.mu.Unlock()
				},
			})
		}(lg)
	}
	// Wait for saves to be acknowledged rather than for a fixed time: on a
	// loaded machine the first saves take longer than a second.
	var before []int
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		before = latestVersions(saves)
		if sum(before) >= 2*len(logins) || time.Now().After(deadline) {
			break
		}
	}
	copyPath := filepath.Join(t.TempDir(), "backup", "copy.db")
	out, err := cli(t, "backup", "--db", db, "--out", copyPath)
	time.Sleep(300 * time.Millisecond) // firms keep saving after the copy
	close(stop)
	wg.Wait()
	if err != nil {
		t.Fatalf("backup: %v", err)
	}
	if !strings.Contains(out, "已备份到") {
		t.Fatalf("backup said %q", out)
	}
	if total := sum(before); total < len(logins) {
		t.Fatalf("only %d saves acknowledged before the backup; the test proves nothing", total)
	}

	restored := startChild(t, copyPath)
	defer restored.stop()
	for i, lg := range logins {
		v, answers := readDraft(t, restored.url, lg)
		saves[i].mu.Lock()
		want, known := saves[i].byVer[v]
		saves[i].mu.Unlock()
		switch {
		case v < before[i]:
			t.Errorf("%s: version %d acknowledged before the backup, the copy has %d", lg.CreditCode, before[i], v)
		case v > 0 && (!known || answers != canonical(t, want)):
			t.Errorf("%s: the copy's version %d holds %s, acknowledged %s", lg.CreditCode, v, answers, want)
		}
	}
	if !t.Failed() {
		t.Logf("%d saves acknowledged before the backup were all in the copy", sum(before))
	}
}

// readDraft reads a firm's saved version and answers.
func readDraft(t *testing.T, base string, lg demo.FirmLogin) (int, string) {
	t.Helper()
	cl := firmClient(t, base, lg)
	if cl == nil {
		t.FailNow()
	}
	res, err := cl.Get(base + "/api/v1/survey")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("survey of %s: %d", lg.CreditCode, res.StatusCode)
	}
	var got struct {
		Version int                        `json:"version"`
		Answers map[string]json.RawMessage `json:"answers"`
	}
	if err := json.NewDecoder(res.Body).Decode(&got); err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(got.Answers)
	return got.Version, string(b)
}

// latestVersions is each firm's last acknowledged version.
func latestVersions(saves []firmSaves) []int {
	out := make([]int, len(saves))
	for i := range saves {
		saves[i].mu.Lock()
		out[i] = saves[i].latest
		saves[i].mu.Unlock()
	}
	return out
}

func sum(xs []int) int {
	total := 0
	for _, x := range xs {
		total += x
	}
	return total
}
