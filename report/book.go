package report

import (
	"context"
	"io"
	"strconv"

	"healthcheck/analysis"
	"healthcheck/clock"
	"healthcheck/export"
	"healthcheck/figures"
	"healthcheck/findings"
	"healthcheck/questionnaires"
)

// Sheet names of the data book.
const (
	SheetSummary    = "汇总"
	SheetBands      = "规模档"
	SheetDistricts  = "区县"
	SheetIndustries = "行业"
	SheetIndicators = "指标"
	SheetFirms      = "企业明细"
	SheetLowInvest  = "低投入企业"
	SheetNeeds      = "服务需求"
	// SheetPolicy and SheetPolicyFirms are the 政策测算 chapter's totals and
	// each firm's estimate (policy.go).
	SheetPolicy      = "政策测算"
	SheetPolicyFirms = "政策测算明细"
)

// FigureSheet names the book's sheet of the report's figure n: "图13".
func FigureSheet(n int) string { return "图" + strconv.Itoa(n) }

// writeBook gathers the statistics and writes the data book. The firm sheet
// is written during the statistics pass, from the same decoded rows; then
// ready is told the statistics, and the work list streams; both sheets go
// through excelize's stream writer.
func (g *gen) writeBook(ctx context.Context, w io.Writer, pp *policyPass, ready func(*Data)) error {
	defer pp.open(nil) // a book failing early must not keep the answers waiting
	d := g.newData()
	v := newVocab(d)
	book, err := export.NewBook(SheetFindings, SheetSummary, SheetReference, SheetBands, SheetDistricts, SheetIndustries, SheetIndicators,
		SheetFirms, SheetLowInvest, SheetNeeds, SheetSupply, SheetPolicy, SheetPolicyFirms)
	if err != nil {
		return err
	}
	defer book.Close()
	defer pp.abandon() // before the book closes: the answers pass writes no more into it
	if err := pp.openSheet(book, g.campaign.Year); err != nil {
		return err
	}
	firms, err := book.Open(v.firmTable())
	if err != nil {
		return err
	}
	low := newWorkList()
	err = g.gather(ctx, d, func(f *analysis.Firm) error {
		if err := v.takeLowInvest(low, f); err != nil {
			return err
		}
		return firms.Add(v.firmRow(f))
	})
	if err != nil {
		return err
	}
	low.sort()
	if err := firms.Close(); err != nil {
		return err
	}
	if err := pp.close(ctx, d); err != nil { // fills d.Budget
		return err
	}
	if err := g.gatherSupply(ctx, d); err != nil {
		return err
	}
	d.Findings = findings.Compute(findings.Default(), v.findingsInput())
	ready(d)
	for _, t := range []export.Table{
		v.summarySheet(),
		newRefPanel(v).referenceSheet(),
		v.groupSheet(SheetBands, "规模档", v.s.ByBand, nil),
		v.groupSheet(SheetDistricts, "区县代码", v.s.ByDistrict, v.district),
		v.groupSheet(SheetIndustries, "行业代码", v.s.ByIndustry, d.Names.Industry),
		v.indicatorSheet(),
		g.lowInvestSheet(v, low),
		v.needSheet(),
		v.supplySheet(),
		v.policySheet(),
	} {
		if err := book.Write(t); err != nil {
			return err
		}
	}
	// The figures are drawn once, for the HTML (on its own goroutine, meanwhile)
	// and for the sheets that follow: the findings, which cite them by number
	// and title, and the data of each numbered figure, one sheet a figure
	// ("图13"), from the same catalogue entries.
	fs, err := d.figures()
	if err != nil {
		return err
	}
	if err := book.Write(v.findingsSheet(fs.byID)); err != nil {
		return err
	}
	for _, f := range fs.list {
		if err := book.Write(figures.Sheet(FigureSheet(f.N), f.Table)); err != nil {
			return err
		}
	}
	g.enter("打包数据手册")
	return book.Save(w)
}

// num is a figure for a cell: a number, or an empty cell for no data.
func num(v *fixed) any { return figures.Num(v) }

func widths(first []float64, n int, w float64) []float64 {
	out := append([]float64(nil), first...)
	for len(out) < n {
		out = append(out, w)
	}
	return out
}

// formats gives "0.00" to columns from from on, "" before.
func formats(n, from int) []string {
	out := make([]string, n)
	for i := from; i < n; i++ {
		out[i] = "0.00"
	}
	return out
}

func (v *vocab) summarySheet() export.Table {
	s, a, d := v.s, v.a, v.d
	t := s.All.Total
	rows := [][]any{{"年度体检", d.Campaign.Title}, {"问卷", d.Def.Title}, {"数据截至", clock.Local(d.DataAt)}, {"生成于", clock.Local(d.At)}}
	rows = append(rows, catalogue(d).Summary(s)...)
	rows = append(rows, []any{"最低分", num(t.Min)}, []any{"下四分位数", num(t.Q1)}, []any{"中位数", num(t.Median)},
		[]any{"上四分位数", num(t.Q3)}, []any{"最高分", num(t.Max)})
	for _, l := range d.Def.Levels {
		rows = append(rows, []any{l.Label + "（家）", s.All.Levels[l.Label]})
	}
	for _, k := range v.dims {
		rows = append(rows, []any{k + "平均得分率（%）", num(s.All.Dimensions[k].Mean)})
	}
	line := yi(a.Line.RevenueWan)
	rows = append(rows,
		[]any{line + "以下已提交（家）", a.Line.Under.Submitted},
		[]any{"投入不足占" + line + "以下已提交企业（%）", num(a.Line.Under.LowInvestmentShare)},
		[]any{line + "以下投入强度（Σ投入÷Σ营业收入，%）", num(a.Line.Under.Intensity)},
		[]any{line + "以下投入强度企业中位数（%）", num(a.Line.Under.MedianIntensity)},
		[]any{line + "及以上投入强度（Σ投入÷Σ营业收入，%）", num(a.Line.Over.Intensity)},
		[]any{line + "及以上投入强度企业中位数（%）", num(a.Line.Over.MedianIntensity)},
		[]any{"意识不足，" + line + "以下（家）", a.Line.Under.LowAwareness},
		[]any{"意识不足，" + line + "及以上（家）", a.Line.Over.LowAwareness},
		[]any{"说明", figures.SummaryNote},
	)
	return export.Table{Sheet: SheetSummary, Header: []string{"项目", "数值"}, Rows: rows, Widths: []float64{44, 70},
		Wrap: []bool{true, true}, Print: &export.Print{}}
}

// groupSheet is one row per slice: progress, scores, dimensions, levels and flags.
func (v *vocab) groupSheet(sheet, keyHeader string, groups []analysis.Group, name func(string) string) export.Table {
	header := []string{keyHeader}
	if name != nil {
		header = append(header, "名称")
	}
	lead := len(header)
	header = append(header, "名录企业", "已提交", "填报中", "未开始", "填报率（%）", "平均总分", "最低分", "下四分位数", "中位数", "上四分位数", "最高分")
	for _, k := range v.dims {
		header = append(header, k+"（%）")
	}
	for _, l := range v.d.Def.Levels {
		header = append(header, l.Label+"（家）")
	}
	header = append(header, v.flagLabel(analysis.FlagLowInvestment)+"（家）", v.flagLabel(analysis.FlagLowAwareness)+"（家）")
	t := export.Table{Sheet: sheet, Header: header, Widths: widths([]float64{12, 28}[:lead], len(header), 11),
		Formats: formats(len(header), lead+4)}
	for _, g := range groups {
		row := []any{g.Key}
		if name != nil {
			row = append(row, name(g.Key))
		}
		s := g.Total
		row = append(row, g.Firms, g.Submitted, g.Drafts, g.NotStarted, num(g.ResponseRate()),
			num(s.Mean), num(s.Min), num(s.Q1), num(s.Median), num(s.Q3), num(s.Max))
		for _, k := range v.dims {
			row = append(row, num(g.Dimensions[k].Mean))
		}
		for _, l := range v.d.Def.Levels {
			row = append(row, g.Levels[l.Label])
		}
		row = append(row, g.Flags[analysis.FlagLowInvestment], g.Flags[analysis.FlagLowAwareness])
		t.Rows = append(t.Rows, row)
	}
	for i := lead + 11 + len(v.dims); i < len(header); i++ {
		t.Formats[i] = "" // counts
	}
	return t
}

func (v *vocab) indicatorSheet() export.Table {
	header := []string{"指标", "口径", "全市（%）", "全国2025年目标（%）", "企业中位数（%）"}
	for _, g := range v.s.ByBand {
		header = append(header, g.Key+"（%）")
	}
	for _, g := range v.s.ByDistrict {
		header = append(header, v.district(g.Key)+"（%）")
	}
	t := export.Table{Sheet: SheetIndicators, Header: header, Widths: widths([]float64{24, 12}, len(header), 12),
		Formats: formats(len(header), 2)}
	for _, ind := range v.d.Def.Indicators {
		kind := "普及率（企业占比）"
		if ind.Kind == "ratio" {
			kind = "比率（Σ分子/Σ分母）"
		}
		row := []any{ind.Key, kind, num(v.s.All.Indicators[ind.Key]), num(target(ind)), num(v.s.IndicatorMedians[ind.Key])}
		for _, g := range v.s.ByBand {
			row = append(row, num(g.Indicators[ind.Key]))
		}
		for _, g := range v.s.ByDistrict {
			row = append(row, num(g.Indicators[ind.Key]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func (v *vocab) needSheet() export.Table {
	header := []string{"服务", "全市（家）", "全市（%）"}
	for _, n := range v.a.NeedsByBand {
		header = append(header, n.Key+"（家）", n.Key+"（%）")
	}
	for _, n := range v.a.NeedsByDistrict {
		header = append(header, v.district(n.Key)+"（家）", v.district(n.Key)+"（%）")
	}
	t := export.Table{Sheet: SheetNeeds, Header: header, Widths: widths([]float64{24}, len(header), 11),
		Formats: make([]string, len(header))}
	for i := 2; i < len(header); i += 2 {
		t.Formats[i] = "0.00"
	}
	for i, n := range v.s.NeedsByKind {
		row := []any{n.Label, n.Firms, num(n.Share)}
		for _, tables := range [][]analysis.NeedTable{v.a.NeedsByBand, v.a.NeedsByDistrict} {
			for _, nt := range tables {
				row = append(row, nt.Needs[i].Firms, num(nt.Needs[i].Share))
			}
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

// investHeader heads the numerator of the investment intensity: the flag
// tests the exact ratio, which the rounded percent cannot always show.
const investHeader = "近三年年均数字化投入（万元/年）"

// firmHeader is the 企业明细 sheet's header.
func (v *vocab) firmHeader() []string {
	h := []string{"统一社会信用代码", "企业名称", "区县代码", "区县", "行业代码", "行业", "营业收入（万元）", investHeader, "从业人员",
		"规模档", "填报状态", "审核状态", "总分", questionnaires.LevelName}
	for _, k := range v.dims {
		h = append(h, k+"（%）")
	}
	for _, ind := range v.d.Def.Indicators {
		h = append(h, ind.Key+"（%）")
	}
	return append(h, v.flagLabel(analysis.FlagLowInvestment), v.flagLabel(analysis.FlagLowAwareness))
}

func yesNo(flags []string, code string) string {
	for _, f := range flags {
		if f == code {
			return "是"
		}
	}
	return "否"
}

// firmTable is the 企业明细 sheet's layout; its rows come from the statistics
// pass, one per firm of the campaign in the order the database reads them.
func (v *vocab) firmTable() export.Table {
	header := v.firmHeader()
	f := formats(len(header), 12)
	f[6], f[7] = "0.00", "0.00"
	f[len(header)-1], f[len(header)-2] = "", ""
	return export.Table{Sheet: SheetFirms, Header: header, Formats: f,
		Widths: widths([]float64{22, 30, 10, 8, 8, 26, 14, 14, 9, 9, 8, 9, 8, 8}, len(header), 11)}
}

func (v *vocab) firmRow(f *analysis.Firm) []any {
	review := ""
	if f.Status == analysis.StatusSubmitted || f.ReviewStatus == analysis.ReviewReturned {
		review = figures.ReviewWord(f.ReviewStatus)
	}
	r := f.Result
	var invest any
	if r != nil {
		invest = num(r.Indicators[v.d.intensity].Num)
	}
	out := []any{f.CreditCode, f.Name, f.District, v.district(f.District), f.Industry, v.d.Names.Industry(f.Industry),
		f.RevenueWan.Float64(), invest, f.Employees, f.Band, figures.StatusWord(f.Status), review}
	if r == nil {
		return out // the scores stay empty
	}
	out = append(out, r.Total.Float64(), r.Level)
	for _, k := range v.dims {
		d := r.Dimensions[k]
		out = append(out, num(&d))
	}
	for _, ind := range v.d.Def.Indicators {
		out = append(out, num(r.Indicators[ind.Key].Value))
	}
	return append(out, yesNo(r.Flags, analysis.FlagLowInvestment), yesNo(r.Flags, analysis.FlagLowAwareness))
}

// takeLowInvest keeps a firm of the statistics pass for the 低投入企业 sheet
// when it was submitted and its stored result carries the low-investment
// flag.
func (v *vocab) takeLowInvest(l *workList, f *analysis.Firm) error {
	if f.Status != analysis.StatusSubmitted || f.Result == nil || yesNo(f.Result.Flags, analysis.FlagLowInvestment) != "是" {
		return nil
	}
	return l.add(v.d.builder.Flagged(f), f.Result.Indicators[v.d.intensity].Num)
}

// lowInvestSheet writes the full work list, by district, industry and
// credit code, with each firm's weakest dimension (analysis' FlaggedFirm).
func (g *gen) lowInvestSheet(v *vocab, low *workList) export.Table {
	t := export.Table{Sheet: SheetLowInvest,
		Header: []string{"统一社会信用代码", "企业名称", "区县", "行业代码", "行业", "规模档", "营业收入（万元）",
			investHeader, "数字化投入强度（%）", "总分", questionnaires.LevelName, "最弱维度", "最弱维度得分率（%）"},
		Widths:  []float64{22, 30, 10, 8, 26, 10, 14, 14, 14, 8, 8, 12, 14},
		Formats: []string{"", "", "", "", "", "", "0.00", "0.00", "0.00", "0.00", "", "", "0.00"}}
	t.Source = func(emit func([]any) error) error {
		return low.each(func(ff analysis.FlaggedFirm, invest *fixed) error {
			g.step("写入低投入企业")
			return emit([]any{ff.CreditCode, ff.Name, v.district(ff.District), ff.Industry, v.d.Names.Industry(ff.Industry),
				ff.Band, ff.RevenueWan.Float64(), num(invest), num(ff.Indicator), ff.Total.Float64(), ff.Level, ff.Weakest,
				ff.WeakestPercent.Float64()})
		})
	}
	return t
}
