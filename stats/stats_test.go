package stats

import (
	"encoding/json"
	"reflect"
	"testing"

	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

func fx(s string) *decimal.Fixed2 {
	v, err := decimal.ParseFixed2(s)
	if err != nil {
		panic(err)
	}
	return &v
}

// FirmOf decodes only what statistics read; what it decodes must be exactly
// what was stored.
func TestFirmOfKeepsWhatStatisticsRead(t *testing.T) {
	stored := questionnaires.Result{Total: *fx("61.05"), LevelCode: 3, Level: "三级", Band: "4-10亿",
		Dimensions:      map[string]decimal.Fixed2{"数字化基础": *fx("70.5"), "数字化经营": *fx("40")},
		DimensionPoints: map[string]decimal.Fixed2{"数字化基础": *fx("28.2")},
		DimensionBands:  map[string]int{"数字化基础": 3},
		Indicators: map[string]questionnaires.IndicatorValue{
			"设备联网率":    {Value: fx("37.5"), Num: fx("30"), Den: fx("80")},
			"MES普及率":   {Value: fx("100")},
			"关键工序数控化率": {},
		},
		Flags: []string{"low_awareness"}, Scenes: map[string]int{"s_quality": 2}, Needs: []string{"cloud"}}
	b, err := json.Marshal(stored)
	if err != nil {
		t.Fatal(err)
	}
	detail := string(b)
	row := &models.FirmRow{CreditCode: "X", Status: models.StatusSubmitted, Detail: &detail, Band: "4-10亿"}
	f, err := FirmOf(row)
	if err != nil {
		t.Fatal(err)
	}
	r := f.Result
	if r.Total != stored.Total || r.Level != stored.Level || r.LevelCode != 3 || r.Band != stored.Band ||
		!reflect.DeepEqual(r.Dimensions, stored.Dimensions) || !reflect.DeepEqual(r.Indicators, stored.Indicators) ||
		!reflect.DeepEqual(r.Flags, stored.Flags) || !reflect.DeepEqual(r.Needs, stored.Needs) {
		t.Fatalf("decoded %+v\nstored  %+v", r, stored)
	}
	// A returned survey keeps no result (a draft); a broken one is an error.
	row.Status = models.StatusDraft
	if f, _ := FirmOf(row); f.Result != nil {
		t.Fatal("a draft has no result for statistics")
	}
	broken := `{"total":"x"}`
	row.Status, row.Detail = models.StatusSubmitted, &broken
	if _, err := FirmOf(row); err == nil {
		t.Fatal("a broken stored result must be an error, not a zero")
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
