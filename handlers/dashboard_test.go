package handlers

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"healthcheck/analysis"
	"healthcheck/city"
)

// TestDashboardExportIsTheView: the Excel export of a filtered view holds a
// sheet per table of the page with the same figures as /api/v1/stats for
// the same filters, and the chase sheet lists exactly the firms that have not
// submitted.
func TestDashboardExportIsTheView(t *testing.T) {
	env := sharedDemoEnv(t)
	app := env.app(t, 0)
	cookie := env.login(t, app, "bureau")
	q := "district=330481&band=" + url.QueryEscape("1-2亿")
	var st analysis.StatsJSON
	if s := getJSON(t, app, cookie, "/api/v1/stats?"+q, &st); s != http.StatusOK {
		t.Fatalf("stats: %d", s)
	}
	req := httptest.NewRequest("GET", "/dashboard/export.xlsx?"+q, nil)
	req.AddCookie(&http.Cookie{Name: sessionCookie, Value: cookie})
	res, err := app.Test(req, -1)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("export: %v %v", res.StatusCode, err)
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.Contains(cd, url.PathEscape("海宁市")) {
		t.Errorf("file name %q should name the district", cd)
	}
	body, _ := io.ReadAll(res.Body)
	f, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"概况", "填报进度", "填报率", "总分分布", "体检等级分布", "维度得分率", "两化融合指标", "行业对比", "服务需求", "投入不足企业", "待催报企业"}
	if got := f.GetSheetList(); strings.Join(got, ",") != strings.Join(want, ",") {
		t.Errorf("sheets %v, want %v", got, want)
	}
	summary := map[string]string{}
	rows, _ := f.GetRows("概况")
	for _, r := range rows[1:] {
		summary[r[0]] = r[1]
	}
	if summary["范围"] != "海宁市" || summary["规模档"] != "1-2亿" || summary["名录企业（家）"] != strconv.Itoa(st.Firms) ||
		summary["已提交（家）"] != strconv.Itoa(st.Submitted) || summary["平均总分（分）"] != fixedOr(st.MeanTotal) {
		t.Errorf("概况 %v does not match the stats %+v", summary, st)
	}
	chase, _ := f.GetRows("待催报企业")
	if len(chase)-1 != st.Drafts+st.NotStarted {
		t.Errorf("%d firms to chase, want %d drafts + not started", len(chase)-1, st.Drafts+st.NotStarted)
	}
	for _, r := range chase[1:] {
		if r[2] != "海宁市" || r[4] != "1-2亿" || r[5] == "已提交" {
			t.Errorf("chase row outside the view: %v", r)
		}
	}
	levels, _ := f.GetRows("体检等级分布")
	for _, r := range levels[1 : len(levels)-1] {
		if n, _ := strconv.Atoi(r[1]); n != st.Levels[r[0]] {
			t.Errorf("level %s: %s in the book, %d in the API", r[0], r[1], st.Levels[r[0]])
		}
	}
}

// TestCachedDashboardIsEachViewersOwn: the dashboard's tables are rendered
// once per statistics snapshot and view, so with snapshots kept (as serve
// keeps them for 30 s) each official still gets their own page: a district
// official their district's figures and name with their own name and
// tokens in the header, never the bureau's or another district's page.
func TestCachedDashboardIsEachViewersOwn(t *testing.T) {
	env := sharedDemoEnv(t)
	web := env.app(t, time.Minute)
	page := func(cookie, path string) string {
		t.Helper()
		return dashboardPage(t, web, cookie, path)
	}
	bureau := env.login(t, web, "bureau")
	cityPage := page(bureau, "/dashboard")
	if page(bureau, "/dashboard") != cityPage {
		t.Fatal("two requests within a snapshot differ")
	}
	seen := map[string]string{}
	for _, d := range []string{"330481", "330421"} {
		name := city.Default().DistrictName(d)
		cookie := env.login(t, web, "district-"+d)
		for range 2 {
			p := page(cookie, "/dashboard")
			if !strings.Contains(p, name+"总览") || strings.Contains(p, "嘉兴市总览") || strings.Contains(p, `id="report-job"`) {
				t.Errorf("district %s's dashboard is not its own", d)
			}
			seen[d] = p
		}
		if via := page(bureau, "/dashboard?district="+d); !strings.Contains(via, name+"总览") || !strings.Contains(via, `name="district"`) {
			t.Errorf("the bureau's view of %s is not the bureau's filter bar over %s", d, name)
		}
	}
	if seen["330481"] == seen["330421"] {
		t.Error("two districts got the same page")
	}
	if p := page(bureau, "/dashboard"); !strings.Contains(p, "嘉兴市总览") || !strings.Contains(p, `id="report-job"`) {
		t.Error("the bureau's city page changed after the districts' views were cached")
	}
}
