package report

import (
	"strings"
	"testing"

	"healthcheck/testutil/smallgroups"
)

// TestReferencePanelSetsPublishedBesideSurvey: near the front of the report
// and on the book's 参考 sheet, each figure the city published for 2020
// stands with its year and source beside the survey's own indicators that
// measure the same thing, with the very numbers of summary.json.
func TestReferencePanelSetsPublishedBesideSurvey(t *testing.T) {
	d := demoReport(t)
	sum := d.summary(t)
	html := string(d.read(t, HTMLFile))
	panel := html[strings.Index(html, `id="reference"`):]
	panel = panel[:strings.Index(panel, "</div>")]
	if strings.Index(html, `id="reference"`) > strings.Index(html, `id="s2"`) {
		t.Error("the panel is not in the first chapter")
	}
	cells := smallgroups.Cells(panel)
	row := func(name string) (published, survey string) {
		for _, c := range cells {
			if c.Row == name && strings.HasPrefix(c.Col, "全市公开发布（2020年）") {
				published = c.Text
			}
			if c.Row == name && strings.HasPrefix(c.Col, "本次体检") {
				survey = c.Text
			}
		}
		return published, survey
	}
	pub, own := row("企业上云累计")
	if pub != "35,861家 截至2020年[1]" || own != "上云率 "+sum.Indicators["上云率"].String()+"%" {
		t.Errorf("企业上云累计: %q beside %q", pub, own)
	}
	pub, own = row("居全省第一的三级指标")
	for _, k := range []string{"设备联网率", "关键工序数控化率", "SCM普及率", "MES普及率"} {
		if !strings.Contains(own, k+" "+sum.Indicators[k].String()+"%") {
			t.Errorf("居全省第一的三级指标 (%q) lacks %s %s%%: %q", pub, k, sum.Indicators[k], own)
		}
	}
	if _, own := row("两化融合发展水平总指数"); own != "问卷无对应口径" {
		t.Errorf("两化融合发展水平总指数 has no counterpart, the panel says %q", own)
	}
	if !strings.Contains(panel, "[1] 嘉兴市经信局《对市八届人大六次会议第156号建议的答复》（2021年10月）") {
		t.Error("the panel does not name its source")
	}

	recs := sheet(t, d.book(t), SheetReference)
	found := 0
	for _, r := range recs {
		if r["年份"] != "2020" || !strings.Contains(r["来源"], "第156号建议的答复") {
			t.Errorf("row %v: want the year and the source", r)
		}
		if r["项目"] == "企业上云累计" {
			found++
			if r["全市公开数值"] != "35861" || r["单位"] != "家" || r["本次体检对应指标"] != "上云率" ||
				hundredths(t, r["本次体检（%）"]) != int64(*sum.Indicators["上云率"]) {
				t.Errorf("企业上云累计 row %v", r)
			}
		}
	}
	if found != 1 || len(recs) != 5+6 {
		t.Errorf("%d rows (%d for 企业上云累计), want one per figure and indicator beside it: 11", len(recs), found)
	}
}
