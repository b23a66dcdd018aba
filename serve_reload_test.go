package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeTakesUpFilesStoredWhileItRuns: reference figures added on the
// command line while the server runs are taken up by the running server
// within its look interval, without a restart (app.WatchBureauData).
func TestServeTakesUpFilesStoredWhileItRuns(t *testing.T) {
	db, _, srv := startLiveFirms(t, "reload.db", 1)
	file := filepath.Join(t.TempDir(), "2021.yaml")
	ref := "city: \"330400\"\nyear: 2021\nfigures:\n  - {name: 企业上云累计, value: \"40000\", unit: 家, source: 市经信局}\n"
	if err := os.WriteFile(file, []byte(ref), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := cli(t, "reference", "add", "--db", db, file); err != nil {
		t.Fatal(err)
	}
	time.Sleep(bureauDataInterval + 2*time.Second)
	srv.stop()
	if !strings.Contains(srv.logs.String(), "bureau data files reloaded") {
		t.Fatalf("the running server did not take up the stored file:\n%s", srv.logs.String())
	}
}
