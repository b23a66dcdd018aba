package app

import (
	"bytes"
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/testutil/edition"
	"healthcheck/testutil/syncbuf"
)

// bureauFiles are the 2021 files the bureau stores from the command line
// while the server runs: an edition, the year's policies and its figures.
func bureauFiles(t *testing.T, cityCode string) (editionFile, policyFile, referenceFile []byte) {
	t.Helper()
	editionFile = edition.Modified(t, edition.Base2020(t), func(d edition.Doc) { d["id"] = "jiaxing-2021" })
	b, err := os.ReadFile(filepath.Join("..", "policies", "2020.yaml"))
	must(t, err)
	policyFile = bytes.Replace(b, []byte("\nyear: 2020\n"), []byte("\nyear: 2021\n"), 1)
	if bytes.Equal(policyFile, b) {
		t.Fatal("the 2020 policy file has no year line to change")
	}
	referenceFile = []byte("city: \"" + cityCode + "\"\nyear: 2021\nfigures:\n  - {name: 企业上云累计, value: \"40000\", unit: 家, source: 市经信局}\n")
	return editionFile, policyFile, referenceFile
}

// TestFilesStoredElsewhereAreTakenUp: an instance takes up the editions,
// policies and reference figures stored after it started — by a command or
// through another instance — on its next look at the stored files' digests,
// without a restart; until they change it loads nothing again.
func TestFilesStoredElsewhereAreTakenUp(t *testing.T) {
	f := newFixture(t)
	live, err := LoadBureauData(f.ctx, f.store)
	must(t, err)
	seen := live.stamp
	if got, err := RefreshBureauData(f.ctx, f.store, live, seen); err != nil || got != seen {
		t.Fatalf("nothing stored, yet the digests moved: %v", err)
	}

	ed, pol, ref := bureauFiles(t, f.app.City.Code)
	must(t, f.store.PutQuestionnaireFile(f.ctx, models.QuestionnaireFile{ID: "jiaxing-2021", BureauFile: models.NewBureauFile(ed, "cli")}, false))
	must(t, f.store.PutPolicyFile(f.ctx, models.PolicyFile{Year: 2021, BureauFile: models.NewBureauFile(pol, "cli")}, false))
	other := New(Config{Store: f.store, Defs: f.app.Defs, City: f.app.City, Reference: f.app.DataFiles.Reference()})
	if _, err := other.DataFiles.AddReference(f.ctx, "user:bureau", ref, false); err != nil {
		t.Fatal(err)
	}
	holder := live.Defs // as a use case holds it
	if _, ok := holder.Get("jiaxing-2021"); ok || live.Policies.For(2021) != nil || live.Reference.For(f.app.City.Code, 2021) != nil {
		t.Fatal("the files were in use before the instance looked")
	}

	now, err := RefreshBureauData(f.ctx, f.store, live, seen)
	must(t, err)
	if now == seen {
		t.Fatal("three files stored and the digests did not change")
	}
	if _, ok := holder.Get("jiaxing-2021"); !ok {
		t.Error("the stored 2021 edition is not in use")
	}
	if s := live.Policies.For(2021); s == nil || s.Year != 2021 {
		t.Errorf("the stored 2021 policies are not in use: %+v", s)
	}
	if s := live.Reference.For(f.app.City.Code, 2021); s == nil || s.Figures[0].Value != "40000" {
		t.Errorf("the 2021 figures stored through another instance are not quoted: %+v", s)
	}
	if _, ok := holder.Get("jiaxing-2020"); !ok {
		t.Error("the built-in edition is gone after the reload")
	}
}

// TestBrokenStoredFileKeepsWhatIsInUse: a stored file that no longer
// passes its check (changed in the database by hand) is not taken up, the
// registries keep what they held, and the watcher says why in the log.
func TestBrokenStoredFileKeepsWhatIsInUse(t *testing.T) {
	f := newFixture(t)
	live, err := LoadBureauData(f.ctx, f.store)
	must(t, err)
	_, pol, _ := bureauFiles(t, f.app.City.Code)
	broken := bytes.Replace(pol, []byte("cap_yuan:"), []byte("cap_yuan: x\n  nonsense:"), 1)
	must(t, f.store.PutPolicyFile(f.ctx, models.PolicyFile{Year: 2021, BureauFile: models.NewBureauFile(broken, "psql")}, false))

	var log syncbuf.Buffer // the watcher writes it while the test reads it
	ctx, cancel := context.WithCancel(f.ctx)
	done := make(chan struct{})
	go func() {
		WatchBureauData(ctx, f.store, live, time.Millisecond, slog.New(slog.NewTextHandler(&log, nil)))
		close(done)
	}()
	// Until the watcher has looked and logged, or long enough for a loaded
	// machine under the race detector.
	for deadline := time.Now().Add(20 * time.Second); !strings.Contains(log.String(), "not reloaded") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	cancel()
	<-done
	if live.Policies.For(2021) != nil {
		t.Error("a broken stored file was taken up")
	}
	if live.Policies.For(2020) == nil {
		t.Error("the built-in 2020 policies were dropped")
	}
	if !strings.Contains(log.String(), "not reloaded") || !strings.Contains(log.String(), "2021 年度扶持政策无法使用") {
		t.Errorf("the log does not say why: %s", log.String())
	}
}
