package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/reference"
	"healthcheck/testutil/browser"
	"healthcheck/testutil/testdb"
	_ "healthcheck/testutil/testdb/migrated" // each test's PostgreSQL database is a copy of one migrated once
)

// The demo city of 1,750 firms in two campaigns (2019, 2020), generated once
// for the package's tests and reported once.
var (
	fixtureOnce sync.Once
	fixture     *demoCity
	fixtureErr  error
	fixtureRoot string
	// dropAtExit removes the PostgreSQL databases the demo cities were made
	// in (testdb), once every test is done with them.
	dropAtExit []func() error
)

type demoCity struct {
	src  Source
	dir  string // the 2020 report
	opts Options
}

func TestMain(m *testing.M) {
	code := browser.RunTests(m)
	if fixture != nil {
		fixture.src.Store.Close()
	}
	if fixtureRoot != "" {
		os.RemoveAll(fixtureRoot)
	}
	for _, drop := range dropAtExit {
		if err := drop(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	os.Exit(code)
}

// fixedNow is the generation time the tests print, so the files are stable.
func fixedNow() time.Time { return time.Date(2020, 12, 31, 16, 0, 0, 0, time.UTC) }

// openSource opens a database file with the built-in editions and city.
func openSource(path string, o models.Options) (Source, error) {
	store, err := models.Open(context.Background(), path, o)
	if err != nil {
		return Source{}, err
	}
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		store.Close()
		return Source{}, err
	}
	ref, err := reference.LoadEmbedded()
	if err != nil {
		store.Close()
		return Source{}, err
	}
	pol, err := policies.LoadEmbedded(defs)
	if err != nil {
		store.Close()
		return Source{}, err
	}
	return Source{Store: store, Defs: defs, City: city.Default(), Reference: ref, Policies: pol}, nil
}

// openDemo makes a demo city in dir (NORMAL sync only makes it faster).
func openDemo(dir string, o demo.Options) (Source, error) {
	dsn, drop, err := testdb.New(dir, "demo.db")
	if err != nil {
		return Source{}, err
	}
	dropAtExit = append(dropAtExit, drop)
	src, err := openSource(dsn, models.Options{Synchronous: "NORMAL"})
	if err != nil {
		return Source{}, err
	}
	if _, err := demo.Generate(context.Background(), src.Store, src.Defs, src.City, o); err != nil {
		src.Store.Close()
		return Source{}, err
	}
	return src, nil
}

// demoReport returns the 1,750-firm demo city and its 2020 report.
func demoReport(t testing.TB) *demoCity {
	t.Helper()
	fixtureOnce.Do(func() {
		fixtureRoot, fixtureErr = os.MkdirTemp("", "report-test-")
		if fixtureErr != nil {
			return
		}
		src, err := openDemo(fixtureRoot, demo.Options{Firms: 1750, Seed: 1, Years: []int{2019, 2020}})
		if err != nil {
			fixtureErr = err
			return
		}
		d := &demoCity{src: src, dir: filepath.Join(fixtureRoot, "out"), opts: Options{Year: 2020, Now: fixedNow}}
		fixtureErr = Generate(context.Background(), src, d.opts, d.dir)
		fixture = d
	})
	if fixtureErr != nil {
		t.Fatal(fixtureErr)
	}
	return fixture
}

func (d *demoCity) read(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(d.dir, name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}
