package stats

import (
	"errors"
	"reflect"
	"sync"
	"sync/atomic"
	"testing"

	"healthcheck/analysis"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// FirmOf hands statistics a submitted firm's typed result as the store read
// it, and none for a draft (a returned survey) even if a row carried one.
func TestFirmOfKeepsResultsOfSubmittedFirmsOnly(t *testing.T) {
	res := &questionnaires.Result{Total: 6105, LevelCode: 3, Level: "三级", Band: "4-10亿"}
	row := &models.FirmRow{CreditCode: "X", Name: "甲", District: "330402", Industry: "C17", Band: "4-10亿",
		RevenueWan: 50000, Employees: 120, Status: models.StatusSubmitted, ReviewStatus: models.ReviewApproved, Result: res}
	f := FirmOf(row)
	want := &analysis.Firm{CreditCode: "X", Name: "甲", District: "330402", Industry: "C17", Band: "4-10亿",
		RevenueWan: 50000, Employees: 120, Status: models.StatusSubmitted, ReviewStatus: models.ReviewApproved, Result: res}
	if !reflect.DeepEqual(f, want) {
		t.Fatalf("FirmOf gave %+v, want %+v", f, want)
	}
	row.Status = models.StatusDraft
	if FirmOf(row).Result != nil {
		t.Fatal("a draft has no result for statistics")
	}
}

func TestMemoBuildsOncePerSnapshot(t *testing.T) {
	s := &Snapshot{}
	n := 0
	build := func() (any, error) { n++; return n, nil }
	a, _ := s.Memo("k", build)
	b, _ := s.Memo("k", build)
	c, _ := s.Memo("other", build)
	if a != 1 || b != 1 || c != 2 {
		t.Fatalf("memo gave %v %v %v", a, b, c)
	}
	if _, err := (&Snapshot{}).Memo("k", func() (any, error) { return nil, errBoom }); err != errBoom {
		t.Fatalf("the build's error: %v", err)
	}
}

type boom struct{}

func (boom) Error() string { return "boom" }

var errBoom error = boom{}

// TestMemoBuildsOnceAndNests: a derived view is built once however many
// ask for it at once, a build may derive another view of the same snapshot
// (a page and its charts), and a failed build is tried again.
func TestMemoBuildsOnceAndNests(t *testing.T) {
	var s Snapshot
	var builds atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			v, err := s.Memo("page", func() (any, error) {
				builds.Add(1)
				charts, err := s.Memo("charts", func() (any, error) { return "charts", nil })
				return "page with " + charts.(string), err
			})
			if err != nil || v != "page with charts" {
				t.Errorf("page: %v %v", v, err)
			}
		}()
	}
	wg.Wait()
	if n := builds.Load(); n != 1 {
		t.Errorf("the page was built %d times", n)
	}
	fail := true
	build := func() (any, error) {
		if fail {
			return nil, errors.New("no database")
		}
		return "ok", nil
	}
	if _, err := s.Memo("flaky", build); err == nil {
		t.Fatal("the failure was not returned")
	}
	fail = false
	if v, err := s.Memo("flaky", build); err != nil || v != "ok" {
		t.Errorf("after a failure: %v %v", v, err)
	}
}
