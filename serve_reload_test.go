package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/testutil/syncbuf"
)

// TestServeTakesUpFilesStoredWhileItRuns: reference figures added on the
// command line while the server runs are taken up by the running server
// within its look interval, without a restart (app.WatchBureauData).
func TestServeTakesUpFilesStoredWhileItRuns(t *testing.T) {
	db, _, srv := startLiveFirms(t, "reload.db", 1)
	addReference2021(t, db)
	time.Sleep(bureauDataInterval + 2*time.Second)
	srv.stop()
	if !strings.Contains(srv.logs.String(), "bureau data files reloaded") {
		t.Fatalf("the running server did not take up the stored file:\n%s", srv.logs.String())
	}
}

// TestWatchStartsFromWhatWasLoaded: the server's watcher compares the
// stored files with the digests its registries were loaded at. It once
// started from none, so every start reloaded everything at the first look
// and logged a reload of files nobody had stored.
func TestWatchStartsFromWhatWasLoaded(t *testing.T) {
	db := filepath.Join(t.TempDir(), "watch.db")
	e, err := openEnv(t.Context(), db, "", models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	var logs syncbuf.Buffer
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		defer close(done)
		e.watch(ctx, 5*time.Millisecond, slog.New(slog.NewTextHandler(&logs, nil)))
	}()
	defer func() { cancel(); <-done }()
	time.Sleep(100 * time.Millisecond) // twenty looks
	if strings.Contains(logs.String(), "reloaded") {
		t.Fatalf("nothing was stored, but the watcher reloaded:\n%s", logs.String())
	}

	addReference2021(t, db)
	for deadline := time.Now().Add(10 * time.Second); e.data.Reference.For("330400", 2021) == nil; time.Sleep(5 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("the stored 2021 figures were not taken up:\n%s", logs.String())
		}
	}
}

// addReference2021 stores 2021 reference figures on the command line.
func addReference2021(t *testing.T, db string) {
	t.Helper()
	file := filepath.Join(t.TempDir(), "2021.yaml")
	ref := "city: \"330400\"\nyear: 2021\nfigures:\n  - {name: 企业上云累计, value: \"40000\", unit: 家, source: 市经信局}\n"
	if err := os.WriteFile(file, []byte(ref), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cli(t, "reference", "add", "--db", db, file); err != nil {
		t.Fatal(err)
	}
}
