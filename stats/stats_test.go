package stats

import (
	"reflect"
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
