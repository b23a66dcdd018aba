package report

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	htmlpkg "html"
	"math/big"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/stats"
)

// book opens the demo report's data book.
func (d *demoCity) book(t *testing.T) *excelize.File {
	t.Helper()
	return openBook(t, filepath.Join(d.dir, BookFile))
}

func openBook(t *testing.T, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("the book does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// sheet reads a sheet as records keyed by the header row, raw values.
func sheet(t *testing.T, f *excelize.File, name string) []map[string]string {
	t.Helper()
	rows, err := f.GetRows(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("sheet %s: %v", name, err)
	}
	if len(rows) == 0 {
		t.Fatalf("sheet %s is empty", name)
	}
	var out []map[string]string
	for _, r := range rows[1:] {
		rec := map[string]string{}
		for i, h := range rows[0] {
			if i < len(r) {
				rec[h] = r[i]
			}
		}
		out = append(out, rec)
	}
	return out
}

func (d *demoCity) summary(t *testing.T) analysis.StatsJSON {
	t.Helper()
	var s analysis.StatsJSON
	if err := json.Unmarshal(d.read(t, SummaryFile), &s); err != nil {
		t.Fatal(err)
	}
	return s
}

func hundredths(t *testing.T, s string) int64 {
	t.Helper()
	v, err := decimal.ParseFixed2(s)
	if err != nil {
		t.Fatalf("%q is not a two-decimal figure: %v", s, err)
	}
	return int64(v)
}

// meanText is Σ/n of hundredths, rounded half up to two decimals, computed
// here with math/big independently of analysis.
func meanText(sum, n int64) string {
	r := new(big.Rat).SetFrac(big.NewInt(sum), big.NewInt(n*100))
	return roundText(r)
}

func shareText(k, n int64) string {
	return roundText(new(big.Rat).SetFrac(big.NewInt(k*100), big.NewInt(n)))
}

func roundText(r *big.Rat) string {
	scaled := new(big.Rat).Mul(r, big.NewRat(100, 1))
	scaled.Add(scaled, big.NewRat(1, 2))
	q := new(big.Int).Quo(scaled.Num(), scaled.Denom()) // floor for positives
	return fmt.Sprintf("%d.%02d", q.Int64()/100, q.Int64()%100)
}

// TestCountsReconcile checks the report's counts against each other and
// against the firm sheet: statuses add up to the roster, bands to the
// submitted firms, and the low-investment list is exactly the firms that
// meet the rule.
func TestCountsReconcile(t *testing.T) {
	d := demoReport(t)
	s := d.summary(t)
	if s.Firms != 1750 {
		t.Fatalf("firms = %d, want the demo's 1750", s.Firms)
	}
	if s.Submitted+s.Drafts+s.NotStarted != s.Firms {
		t.Errorf("submitted %d + drafts %d + not started %d ≠ firms %d", s.Submitted, s.Drafts, s.NotStarted, s.Firms)
	}
	bandSum := 0
	for _, b := range s.ByBand {
		bandSum += b.N
	}
	if bandSum != s.Submitted {
		t.Errorf("bands add up to %d, submitted %d", bandSum, s.Submitted)
	}

	f := d.book(t)
	want := []string{SheetFindings, SheetSummary, SheetReference, SheetBands, SheetDistricts, SheetIndustries, SheetIndicators,
		SheetFirms, SheetLowInvest, SheetNeeds, SheetSupply, SheetPolicy, SheetPolicyFirms}
	for n := 1; n <= 23; n++ { // the report's figures, with the year-on-year chapter
		want = append(want, FigureSheet(n))
	}
	if got := f.GetSheetList(); !slices.Equal(got, want) {
		t.Fatalf("sheets %v, want %v", got, want)
	}
	firms := sheet(t, f, SheetFirms)
	if len(firms) != s.Firms {
		t.Fatalf("企业明细 has %d rows, want %d", len(firms), s.Firms)
	}
	status := map[string]int{}
	flagged := map[string]bool{}
	for _, r := range firms {
		status[r["填报状态"]]++
		if r["填报状态"] != "已提交" {
			if r["总分"] != "" || r["投入不足"] != "" {
				t.Errorf("%s is not submitted but has scores", r["统一社会信用代码"])
			}
			continue
		}
		rule := lowInvestment(t, r)
		if rule != (r["投入不足"] == "是") {
			t.Errorf("%s: revenue %s, intensity %s, but 投入不足 = %s", r["统一社会信用代码"], r["营业收入（万元）"],
				r["数字化投入强度（%）"], r["投入不足"])
		}
		if rule {
			flagged[r["统一社会信用代码"]] = true
		}
	}
	if status["已提交"] != s.Submitted || status["填报中"] != s.Drafts || status["未开始"] != s.NotStarted {
		t.Errorf("statuses in 企业明细 %v, summary %d/%d/%d", status, s.Submitted, s.Drafts, s.NotStarted)
	}
	list := sheet(t, f, SheetLowInvest)
	if len(list) != s.LowInvestmentUnder1B || len(list) != len(flagged) {
		t.Errorf("低投入企业 lists %d, summary counts %d, the rule finds %d", len(list), s.LowInvestmentUnder1B, len(flagged))
	}
	district := map[string]string{}
	for _, r := range firms {
		district[r["统一社会信用代码"]] = r["区县代码"]
	}
	var last []string
	for _, r := range list {
		code := r["统一社会信用代码"]
		// a work list: by district (code), industry, then credit code
		if key := []string{district[code], r["行业代码"], code}; slices.Compare(last, key) >= 0 {
			t.Errorf("低投入企业 lists %v after %v", key, last)
		} else {
			last = key
		}
		if !flagged[code] {
			t.Errorf("%s is on the work list but does not meet the rule", code)
		}
		if !lowInvestment(t, r) || hundredths(t, r["数字化投入强度（%）"]) > 100 {
			t.Errorf("%s on the work list: revenue %s, intensity %s", code, r["营业收入（万元）"], r["数字化投入强度（%）"])
		}
	}
	if len(list) == 0 {
		t.Fatal("the demo should have low-investment firms")
	}
}

// TestNumbersRecomputedFromTheFirmSheet recomputes several of the report's
// figures from the 企业明细 sheet alone, with arithmetic of its own, and
// finds them in summary.json, the sheets and the sentences of report.html.
func TestNumbersRecomputedFromTheFirmSheet(t *testing.T) {
	d := demoReport(t)
	s := d.summary(t)
	html := string(d.read(t, HTMLFile))
	f := d.book(t)
	firms := sheet(t, f, SheetFirms)

	var n, sum, under, underLow int64
	bandSum, bandN := map[string]int64{}, map[string]int64{}
	levels := map[string]int{}
	for _, r := range firms {
		if r["填报状态"] != "已提交" {
			continue
		}
		total := hundredths(t, r["总分"])
		n++
		sum += total
		bandSum[r["规模档"]] += total
		bandN[r["规模档"]]++
		levels[r["体检等级"]]++
		if hundredths(t, r["营业收入（万元）"]) < 100000*100 {
			under++
			if r["投入不足"] == "是" {
				underLow++
			}
		}
	}
	mean := meanText(sum, n)
	if s.MeanTotal == nil || s.MeanTotal.String() != mean {
		t.Errorf("mean total: summary %v, recomputed %s", s.MeanTotal, mean)
	}
	if !strings.Contains(html, "已提交企业平均总分 "+mean+" 分") {
		t.Errorf("report.html does not state the mean total %s", mean)
	}
	if !reflect.DeepEqual(levels, nonZero(s.Levels)) {
		t.Errorf("levels: summary %v, recomputed %v", s.Levels, levels)
	}
	sentence := fmt.Sprintf("10亿元以下企业中 %d 家（%s%%）数字化投入强度低于1%%", underLow, shareText(underLow, under))
	if !strings.Contains(html, sentence) {
		t.Errorf("report.html lacks %q", sentence)
	}
	bands := sheet(t, f, SheetBands)
	for _, b := range bands {
		k := b["规模档"]
		if bandN[k] < analysis.MinGroup {
			continue
		}
		if want := meanText(bandSum[k], bandN[k]); b["平均总分"] != strings.TrimRight(strings.TrimRight(want, "0"), ".") {
			t.Errorf("band %s: sheet mean %s, recomputed %s", k, b["平均总分"], want)
		}
	}
	if !strings.Contains(html, fmt.Sprintf("名录企业 %d 家", len(firms))) {
		t.Errorf("report.html does not state the roster of %d firms", len(firms))
	}
	under1b := intensityUnder(t, firms, 100000*100)
	sentence = fmt.Sprintf("10亿元以下企业的投入强度为 %s%%（企业中位数 %s%%）", under1b.ratio, under1b.median)
	if !strings.Contains(html, sentence) {
		t.Errorf("report.html lacks %q", sentence)
	}
	for _, r := range sheet(t, f, SheetSummary) {
		want := map[string]string{"10亿元以下投入强度（Σ投入÷Σ营业收入，%）": under1b.ratio,
			"10亿元以下投入强度企业中位数（%）": under1b.median}[r["项目"]]
		if want != "" && hundredths(t, r["数值"]) != hundredths(t, want) {
			t.Errorf("汇总 %s = %s, recomputed %s", r["项目"], r["数值"], want)
		}
	}
}

// intensity is the investment intensity of a set of firms as the method
// aggregates it, recomputed from the firm sheet: Σ investment ÷ Σ revenue,
// and the median (QUARTILE.INC) of the firms' own printed intensities.
type intensity struct{ ratio, median string }

// intensityUnder recomputes the intensity of the submitted firms with
// revenue under line (hundredths of 万元).
func intensityUnder(t *testing.T, firms []map[string]string, line int64) intensity {
	t.Helper()
	var inv, rev int64
	var own []int64
	for _, r := range firms {
		rv := hundredths(t, r["营业收入（万元）"])
		if r["填报状态"] != "已提交" || r[investHeader] == "" || rv >= line || rv == 0 {
			continue
		}
		inv += hundredths(t, r[investHeader])
		rev += rv
		own = append(own, hundredths(t, r["数字化投入强度（%）"]))
	}
	slices.Sort(own)
	n := len(own)
	mid := new(big.Rat).SetFrac64(own[(n-1)/2]+own[n/2], 200) // one middle twice when n is odd
	return intensity{ratio: roundText(new(big.Rat).SetFrac64(inv*100, rev)), median: roundText(mid)}
}

// lowInvestment is the rule of the 投入不足 flag, tested here on the exact
// ratio of the sheet's two columns: revenue under 10亿 (100,000 万元) and
// investment under 1% of it.
func lowInvestment(t *testing.T, r map[string]string) bool {
	rev := hundredths(t, r["营业收入（万元）"])
	if r[investHeader] == "" {
		return false
	}
	return rev < 100000*100 && hundredths(t, r[investHeader])*100 < rev
}

func nonZero(m map[string]int) map[string]int {
	out := map[string]int{}
	for k, v := range m {
		if v != 0 {
			out[k] = v
		}
	}
	return out
}

// TestSummaryIsTheBureausStats: summary.json holds what /api/v1/stats gives
// the bureau for the campaign without filters (the handlers' test compares
// it through HTTP; this one through the same service the API reads).
func TestSummaryIsTheBureausStats(t *testing.T) {
	d := demoReport(t)
	ctx := context.Background()
	c, err := d.src.Store.CampaignByYear(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	snap, err := stats.New(d.src.Store, d.src.Defs, 0).Of(ctx, models.CityScope(), c, models.FirmFilter{})
	if err != nil {
		t.Fatal(err)
	}
	want, err := json.MarshalIndent(snap.Stats.JSON(Names(d.src.City)), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	if got := bytes.TrimSpace(d.read(t, SummaryFile)); !bytes.Equal(got, want) {
		t.Errorf("summary.json differs from the API's figures:\n%s\nwant\n%s", got, want)
	}
}

// TestAnswersFile: one row per firm, a column per question, labels for
// choices, plain numbers.
func TestAnswersFile(t *testing.T) {
	d := demoReport(t)
	b := d.read(t, AnswersFile)
	if !bytes.HasPrefix(b, []byte("\ufeff")) {
		t.Fatal("answers.csv has no BOM")
	}
	recs, err := csv.NewReader(bytes.NewReader(b[3:])).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := d.src.Defs.Get("jiaxing-2020")
	if len(recs) != 1751 || len(recs[0]) != 8+len(def.Questions()) {
		t.Fatalf("%d rows of %d columns, want 1751 of %d", len(recs), len(recs[0]), 8+len(def.Questions()))
	}
	col := slices.Index(recs[0], "p_revenue 上年营业收入（企业填报）（万元）")
	plan := slices.Index(recs[0], "m_plan "+mustQ(t, def, "m_plan").Title)
	if col < 0 || plan < 0 {
		t.Fatalf("header lacks p_revenue or m_plan: %v", recs[0][:12])
	}
	labels := map[string]bool{}
	for _, o := range mustQ(t, def, "m_plan").Options {
		labels[o.Label] = true
	}
	submitted := 0
	for _, r := range recs[1:] {
		if r[7] != "已提交" {
			continue
		}
		submitted++
		if _, err := questionnaires.ParseDec(r[col]); err != nil {
			t.Fatalf("p_revenue %q is not a plain number", r[col])
		}
		if !labels[r[plan]] {
			t.Fatalf("m_plan %q is not an option label", r[plan])
		}
	}
	if submitted != d.summary(t).Submitted {
		t.Errorf("%d submitted rows, summary %d", submitted, d.summary(t).Submitted)
	}
	// Every cell of some firms against the answers decoded and validated
	// the way the survey reads them.
	ctx := context.Background()
	c, err := d.src.Store.CampaignByYear(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range recs[1:40] {
		e, err := d.src.Store.EntryByCreditCode(ctx, models.CityScope(), c.ID, r[0])
		if err != nil {
			t.Fatal(err)
		}
		stored, err := d.src.Store.Answers(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		answers := def.DecodeStored(stored).Answers
		for i, q := range def.Questions() {
			want := ""
			if v, ok := answers[q.ID]; ok {
				want = displayForCSV(q, v)
			}
			if got := r[8+i]; got != want {
				t.Errorf("%s %s: %q, want %q", r[0], q.ID, got, want)
			}
		}
	}
}

// displayForCSV is what answers.csv should show for a decoded answer.
func displayForCSV(q *questionnaires.Question, v questionnaires.Value) string {
	switch q.Type {
	case questionnaires.TypeSingle:
		return q.OptionLabel(v.Str)
	case questionnaires.TypeMulti:
		var labels []string
		for _, s := range v.Strs {
			labels = append(labels, q.OptionLabel(s))
		}
		return strings.Join(labels, "；")
	case questionnaires.TypeNumber, questionnaires.TypePercent:
		return questionnaires.DecFromRat(v.Num.Rat()).String()
	case questionnaires.TypeScene:
		return fmt.Sprint(v.Level)
	}
	return v.Str
}

func mustQ(t *testing.T, def *questionnaires.Definition, id string) *questionnaires.Question {
	q, ok := def.Question(id)
	if !ok {
		t.Fatalf("no question %s", id)
	}
	return q
}

// TestAnswersFileLeavesDraftsInvalidAnswersOut: a draft keeps what the firm
// typed, rule-breaking values included; answers.csv shows its valid answers
// and leaves the invalid ones empty, so "1,000" never lands in a number
// column and a part larger than its whole is never read as an answer.
func TestAnswersFileLeavesDraftsInvalidAnswersOut(t *testing.T) {
	ctx := context.Background()
	src, err := openDemo(t.TempDir(), demo.Options{Firms: 12, Seed: 2, Responded: 0.5})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Store.Close()
	c, err := src.Store.CampaignByYear(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	def, _ := src.Defs.Get(c.QuestionnaireID)
	var draft *models.FirmRow
	err = src.Store.EachAnswerSet(ctx, models.CityScope(), c.ID, func(r *models.FirmRow, _ models.AnswerSet) error {
		if draft == nil && r.Status != models.StatusSubmitted {
			cp := *r
			draft = &cp
		}
		return nil
	})
	if err != nil || draft == nil {
		t.Fatalf("no firm left to draft: %v", err)
	}
	e, err := src.Store.EntryByCreditCode(ctx, models.CityScope(), c.ID, draft.CreditCode)
	if err != nil {
		t.Fatal(err)
	}
	dr, bad := def.ParseAnswers(map[string]json.RawMessage{
		"p_revenue": json.RawMessage(`"1,000"`), "p_employees": json.RawMessage(`"12"`),
		"f_eq_total": json.RawMessage(`100`), "f_eq_digital": json.RawMessage(`120`),
		"p_contact_phone": json.RawMessage(`"123"`), "p_contact_name": json.RawMessage(`"=HYPERLINK(1)"`),
	})
	if bad != nil || len(dr.Invalid) != 3 {
		t.Fatalf("draft: %v %v", bad, dr)
	}
	if _, _, err := src.Store.SaveAnswers(ctx, models.CityScope(), models.Save{EntryID: e.ID, Version: e.Version,
		Answers: dr.Stored(def)}); err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	if err := Generate(ctx, src, Options{Year: 2020, Now: fixedNow}, dir); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, AnswersFile))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(b, []byte("\ufeff")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	cell := func(row []string, id string) string {
		for i, q := range def.Questions() {
			if q.ID == id {
				return row[8+i]
			}
		}
		t.Fatalf("no column %s", id)
		return ""
	}
	for _, r := range recs[1:] {
		if r[0] != draft.CreditCode {
			continue
		}
		if r[7] != "填报中" {
			t.Errorf("status %q", r[7])
		}
		for id, want := range map[string]string{"p_revenue": "", "f_eq_digital": "", "p_contact_phone": "",
			"p_employees": "12", "f_eq_total": "100", "p_contact_name": "'=HYPERLINK(1)"} {
			if got := cell(r, id); got != want {
				t.Errorf("%s = %q, want %q", id, got, want)
			}
		}
		return
	}
	t.Fatalf("no row for %s", draft.CreditCode)
}

// TestBookHoldsEveryFigure: each numbered figure of report.html has its
// sheet in the book ("图13"), drawn from the same catalogue entry: the same
// rows in the same order, the same figures in its first data column.
func TestBookHoldsEveryFigure(t *testing.T) {
	d := demoReport(t)
	page, err := os.ReadFile(filepath.Join(d.dir, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	tables := regexp.MustCompile(`(?s)<table class="data" id="tbl-[a-z_]+"><caption[^>]*>图(\d+) .*?<tbody>(.*?)</tbody>`).FindAllStringSubmatch(string(page), -1)
	if len(tables) != 23 {
		t.Fatalf("%d numbered figures in report.html, want 23", len(tables))
	}
	rowRe := regexp.MustCompile(`(?s)<tr><th scope="row">(.*?)</th><td class="num">(.*?)</td>`)
	f := d.book(t)
	for _, m := range tables {
		n, _ := strconv.Atoi(m[1])
		rows, err := f.GetRows(FigureSheet(n))
		if err != nil {
			t.Fatalf("图%s: %v", m[1], err)
		}
		html := rowRe.FindAllStringSubmatch(m[2], -1)
		if len(rows)-1 != len(html) {
			t.Errorf("图%d: %d rows in the book, %d in the report", n, len(rows)-1, len(html))
			continue
		}
		for i, r := range html {
			book := rows[i+1]
			label := strings.SplitN(htmlpkg.UnescapeString(r[1]), " n=", 2)[0]
			if book[0] != label {
				t.Errorf("图%d row %d: book %q, report %q", n, i+1, book[0], label)
			}
			at := 1 // the first figure; after the count column a " n=16" label gets
			if strings.Contains(r[1], " n=") {
				at = 2
			}
			cell := ""
			if at < len(book) {
				cell = book[at]
			}
			want, err := strconv.ParseFloat(r[2], 64)
			if err != nil { // "—": an empty cell
				if cell != "" {
					t.Errorf("图%d row %d: book %q for no data", n, i+1, cell)
				}
				continue
			}
			if got, err := strconv.ParseFloat(cell, 64); err != nil || got != want {
				t.Errorf("图%d row %d: book %q, report %s", n, i+1, cell, r[2])
			}
		}
	}
}
