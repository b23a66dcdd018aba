package report

import (
	"context"
	"html"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"healthcheck/decimal"
	"healthcheck/findings"
	"healthcheck/models"
)

// TestFindingsCiteTheirFigures recomputes each 主要发现 of the demo report
// from the data book's sheets (and, for the year's change, the earlier
// campaign's stored totals) with arithmetic of its own, fills the rule's
// text with the numbers, and finds the sentence in report.html and in the
// 发现 sheet; each finding links to a figure or table the page has, named
// with the number the contents give it.
func TestFindingsCiteTheirFigures(t *testing.T) {
	d := demoReport(t)
	book := d.book(t)
	page := string(d.read(t, HTMLFile))
	start, end := strings.Index(page, `id="findings"`), strings.Index(page, `id="s1"`)
	if start < 0 || end < start {
		t.Fatal("report.html has no 主要发现 before chapter 1")
	}
	section := html.UnescapeString(regexp.MustCompile(`<[^>]+>`).ReplaceAllString(page[start:end], ""))

	want := map[string]map[string]string{} // by kind (and by)
	summary := map[string]string{}
	for _, r := range sheet(t, book, SheetSummary) {
		summary[r["项目"]] = r["数值"]
	}
	city := hundredths(t, summary["平均总分（分）"])
	for by, sh := range map[string]string{"band": SheetBands, "district": SheetDistricts, "industry": SheetIndustries} {
		var low map[string]string
		for _, r := range sheet(t, book, sh) {
			if r["平均总分"] != "" && (low == nil || hundredths(t, r["平均总分"]) < hundredths(t, low["平均总分"])) {
				low = r
			}
		}
		name := low["规模档"]
		if by != "band" {
			name = low["名称"]
		}
		mean := hundredths(t, low["平均总分"])
		want["lagging/"+by] = map[string]string{"group": name, "mean": fixedText(mean), "city": fixedText(city),
			"gap": fixedText(city - mean), "n": low["已提交"]}
	}
	var under, lowInv, lowAw, both int64
	for _, r := range sheet(t, book, SheetFirms) {
		if r["填报状态"] != "已提交" || hundredths(t, r["营业收入（万元）"]) >= 100000*100 {
			continue
		}
		under++
		li, la := r["投入不足"] == "是", r["意识不足"] == "是"
		lowInv, lowAw = lowInv+b2i(li), lowAw+b2i(la)
		both += b2i(li && la)
	}
	want["under_line"] = map[string]string{"line": "10亿元", "submitted": itoa64(under), "low_investment": itoa64(lowInv),
		"low_investment_share": shareText(lowInv, under) + "%", "low_awareness": itoa64(lowAw),
		"low_awareness_share": shareText(lowAw, under) + "%", "both": itoa64(both)}
	dim, dimMean := "", int64(1<<62)
	for _, k := range []string{"数字化基础", "数字化经营", "数字化管理", "数字化成效"} {
		if v := hundredths(t, summary[k+"平均得分率（%）"]); v < dimMean {
			dim, dimMean = k, v
		}
	}
	want["weakest_dimension"] = map[string]string{"dimension": dim, "mean": fixedText(dimMean) + "%"}
	var rates []struct {
		key string
		v   int64
	}
	for _, r := range sheet(t, book, SheetIndicators) {
		if strings.HasPrefix(r["口径"], "普及率") && r["全市（%）"] != "" {
			rates = append(rates, struct {
				key string
				v   int64
			}{r["指标"], hundredths(t, r["全市（%）"])})
		}
	}
	sort.SliceStable(rates, func(i, j int) bool { return rates[i].v < rates[j].v })
	var list []string
	for _, r := range rates[:3] {
		list = append(list, r.key+" "+fixedText(r.v)+"%")
	}
	want["weakest_indicators"] = map[string]string{"list": strings.Join(list, "、")}
	before := earlierMean(t, d)
	want["change"] = map[string]string{"before_year": "2019", "before": before, "now": fixedText(city),
		"change": signedText(city - hundredths(t, before))}
	pol := map[string]map[string]string{}
	for _, r := range sheet(t, book, SheetPolicy) {
		pol[r["项目"]] = r
	}
	firm := pol["企业可申请合计"]
	total, _ := strconv.ParseInt(firm["估算金额（元）"], 10, 64)
	underYuan, _ := strconv.ParseInt(pol["营业收入10亿元以下企业"]["估算金额（元）"], 10, 64)
	lowYuan, _ := strconv.ParseInt(pol["投入不足企业"]["估算金额（元）"], 10, 64)
	staff, _ := strconv.ParseInt(pol["人才补贴（另列，不计入企业合计）"]["估算金额（元）"], 10, 64)
	want["policy_budget"] = map[string]string{"year": "2020", "firms": firm["符合条件企业（家）"], "total": wanText(total),
		"line": "10亿元", "under_share": shareText(underYuan, total) + "%", "low_share": shareText(lowYuan, total) + "%",
		"staff": wanText(staff)}
	gaps, top := 0, map[string]string(nil)
	for _, r := range sheet(t, book, SheetSupply) {
		if r["区县代码"] == "" || r["有需求而无服务商"] != "是" {
			continue
		}
		gaps++
		if top == nil || atoi(t, r["有需求的企业（家）"]) > atoi(t, top["有需求的企业（家）"]) {
			top = r
		}
	}
	want["service_gap"] = map[string]string{"gaps": strconv.Itoa(gaps), "top": top["区县"] + "的" + top["服务"],
		"top_firms": top["有需求的企业（家）"]}

	sheetTexts := map[string]bool{}
	for _, r := range sheet(t, book, SheetFindings) {
		sheetTexts[r["发现"]] = true
	}
	fill := regexp.MustCompile(`\{([a-z_]+)\}`)
	for _, rule := range findings.Default() {
		key := rule.Kind
		if rule.By != "" {
			key += "/" + rule.By
		}
		values, ok := want[key]
		if !ok {
			t.Fatalf("no recomputation for the rule %s", key)
		}
		text := fill.ReplaceAllStringFunc(rule.Text, func(m string) string { return values[m[1:len(m)-1]] })
		if !strings.Contains(section, rule.Title+"："+text) {
			t.Errorf("主要发现 lacks, recomputed: %s：%s\nit reads:\n%s", rule.Title, text, section)
		}
		if !sheetTexts[text] {
			t.Errorf("发现 sheet lacks %q", text)
		}
		if !strings.Contains(page, `id="`+rule.Figure+`"`) {
			t.Errorf("%s cites #%s, which report.html does not have", key, rule.Figure)
		}
		if id, ok := strings.CutPrefix(rule.Figure, "fig-"); ok {
			n := regexp.MustCompile(`<a href="#fig-` + id + `">图(\d+) `).FindStringSubmatch(page)
			if n == nil || !strings.Contains(page, `href="#`+rule.Figure+`">（见图`+n[1]+`）</a>`) {
				t.Errorf("%s: its link does not name the figure's number in the contents", key)
			}
		}
	}
}

// earlierMean is the 2019 campaign's mean total, from its stored totals.
func earlierMean(t *testing.T, d *demoCity) string {
	t.Helper()
	ctx := context.Background()
	c, err := d.src.Store.CampaignByYear(ctx, 2019)
	if err != nil {
		t.Fatal(err)
	}
	var sum, n int64
	err = d.src.Store.EachFirm(ctx, models.CityScope(), c.ID, models.FirmFilter{Status: models.StatusSubmitted},
		func(r *models.FirmRow) error { sum += int64(*r.Total); n++; return nil })
	if err != nil || n == 0 {
		t.Fatalf("2019: %d firms, %v", n, err)
	}
	return meanText(sum, n)
}

func fixedText(h int64) string { return decimal.Fixed2(h).String() }

func signedText(h int64) string {
	switch {
	case h > 0:
		return "+" + fixedText(h)
	case h < 0:
		return "−" + fixedText(-h)
	}
	return fixedText(0)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }

func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("%q: %v", s, err)
	}
	return n
}

// TestFindingsSheetNamesWhatItCites: the 依据 of each row of the 发现 sheet
// is the figure or table the page's finding links to, by its number and
// title as the page gives them (图6 各规模档总分分布（分）), not an anchor.
func TestFindingsSheetNamesWhatItCites(t *testing.T) {
	d := demoReport(t)
	page := string(d.read(t, HTMLFile))
	tag := regexp.MustCompile(`<[^>]+>`)
	named := func(pattern string) string {
		m := regexp.MustCompile(pattern).FindStringSubmatch(page)
		if m == nil {
			return ""
		}
		return html.UnescapeString(tag.ReplaceAllString(m[1], ""))
	}
	var want []string
	for _, m := range regexp.MustCompile(`<a class="cite" href="#([^"]+)">`).FindAllStringSubmatch(page, -1) {
		anchor := regexp.QuoteMeta(m[1])
		name := named(`<li><a href="#` + anchor + `">([^<]+)</a>`) // the list of figures
		if name == "" {
			name = named(`id="` + anchor + `">\s*<caption>(.+?)</caption>`)
		}
		if name == "" {
			t.Fatalf("the page's finding cites #%s, which it neither lists nor captions", m[1])
		}
		want = append(want, name)
	}
	rows := sheet(t, d.book(t), SheetFindings)
	if len(rows) != len(want) || len(want) == 0 {
		t.Fatalf("发现 has %d rows, the page %d findings", len(rows), len(want))
	}
	for i, r := range rows {
		if got := r["依据（report.html 中的图表）"]; got != want[i] {
			t.Errorf("finding %d cites %q, want %q", i+1, got, want[i])
		}
	}
}

// TestBookSheetsPrintOnA4: the sheets a clerk prints (发现, 汇总, 政策测算,
// 服务供需) print on A4 one page wide, with the header row on every page and
// their long text wrapped; the long lists (企业明细) keep the defaults.
func TestBookSheetsPrintOnA4(t *testing.T) {
	book := demoReport(t).book(t)
	long := map[string]string{SheetFindings: "C2", SheetSummary: "B2", SheetPolicy: "B2", SheetSupply: "A2"}
	for name, cell := range long {
		l, err := book.GetPageLayout(name)
		if err != nil {
			t.Fatal(err)
		}
		if l.Size == nil || *l.Size != 9 || l.FitToWidth == nil || *l.FitToWidth != 1 || l.FitToHeight == nil || *l.FitToHeight != 0 {
			t.Errorf("%s does not print on A4 one page wide: %+v", name, l)
		}
		if p, _ := book.GetSheetProps(name); p.FitToPage == nil || !*p.FitToPage {
			t.Errorf("%s is not scaled to its page", name)
		}
		id, err := book.GetCellStyle(name, cell)
		if err != nil {
			t.Fatal(err)
		}
		if st, err := book.GetStyle(id); err != nil || st.Alignment == nil || !st.Alignment.WrapText {
			t.Errorf("%s!%s does not wrap its text", name, cell)
		}
	}
	titles := map[string]string{}
	for _, n := range book.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	for name := range long {
		if titles[name] != "'"+name+"'!$1:$1" {
			t.Errorf("%s does not repeat its header row on every page: %q", name, titles[name])
		}
	}
	if p, _ := book.GetSheetProps(SheetFirms); p.FitToPage != nil && *p.FitToPage {
		t.Errorf("%s, wide and long, is squeezed onto its page", SheetFirms)
	}
}
