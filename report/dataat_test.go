package report

import (
	"context"
	"strings"
	"testing"

	"healthcheck/clock"
	"healthcheck/models"
)

// TestFiguresAreDatedByTheirLastChange: the demo's 2020 campaign ran from
// April to June 2020, so the report made on 31 December says its figures
// stand at the last submission or save of June, not at the day it was
// made; the book says both.
func TestFiguresAreDatedByTheirLastChange(t *testing.T) {
	d := demoReport(t)
	ctx := context.Background()
	c, err := d.src.Store.CampaignByYear(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	last, ok, err := d.src.Store.LastActivity(ctx, models.CityScope(), c.ID)
	if err != nil || !ok {
		t.Fatalf("last activity: %v %t", err, ok)
	}
	day := clock.Local(last).Format("2006年1月2日")
	if !strings.HasPrefix(day, "2020年6月") {
		t.Errorf("the demo's 2020 campaign last changed on %s, want in June 2020", day)
	}
	html := string(d.read(t, HTMLFile))
	for _, want := range []string{"数据截至 " + day + " · 生成于 2021年1月1日 00:00", "截至 " + day + "，已提交"} {
		if !strings.Contains(html, want) {
			t.Errorf("report.html lacks %q", want)
		}
	}
	rows, err := d.book(t).GetRows(SheetSummary)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, r := range rows {
		if len(r) > 1 {
			got[r[0]] = r[1]
		}
	}
	if !strings.HasPrefix(got["数据截至"], clock.Local(last).Format("2006-01-02")) || !strings.HasPrefix(got["生成于"], "2021-01-01") {
		t.Errorf("the book's dates: 数据截至 %q, 生成于 %q", got["数据截至"], got["生成于"])
	}
}
