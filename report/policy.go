package report

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"slices"
	"sync"

	"healthcheck/analysis"
	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
)

// The 政策测算 chapter: what the year's support policies would cost if every
// submitted firm claimed what its answers earn. Each firm goes through
// policies.Set.Estimate, the function of its own report, so the chapter's
// totals are the sum of the firms' own estimates.

//go:embed chapter_policy.tmpl
var policyChapterSource string

// policyPass is the 政策测算's estimates, made in the answers pass: each
// submitted firm's answers are read once, for answers.csv, answers.xlsx and
// its estimate alike. The book opens the 政策测算明细 sheet before its own
// pass and hands it over (open); the answers pass adds each firm that earns
// something to it and every firm to the budget (add), and says when it is
// done (finish); the book then closes the sheet and takes the budget (wait).
type policyPass struct {
	set     *policies.Set
	def     *questionnaires.Definition
	matcher *policies.Matcher // set against def, prepared once
	// stored is one submitted firm's asked answers (note), its values
	// copied into asked's buffers: both are reused firm after firm.
	stored   map[string][]byte
	line     fixed             // the low-investment flag's revenue line
	asked    map[string][]byte // the questions the policies read, each with its buffer
	district func(string) string
	lead     int // the columns before the policies'
	budget   *policies.BudgetBuilder

	sheet    *export.Sheet
	once     sync.Once // open
	finished sync.Once
	// mu guards gone: a book that stops early closes its files, and the
	// answers pass must not write into its sheet after that.
	mu     sync.Mutex
	gone   bool
	opened chan struct{} // closed once sheet is set (nil by a failed book)
	done   chan struct{} // closed once every firm is added or the pass stopped
	err    error         // why the pass stopped, read after done
}

// newPolicyPass prepares the estimates of the campaign's year, or nil when
// the year has no policies.
func (g *gen) newPolicyPass() *policyPass {
	var set *policies.Set
	if g.src.Policies != nil {
		set = g.src.Policies.For(g.campaign.Year)
	}
	if set == nil {
		return nil
	}
	// Only the answers the policies read (and those deciding whether they
	// apply) are decoded: the estimates are the same, and decoding whole
	// questionnaires cost the report a third of its time.
	asked := map[string][]byte{}
	for _, id := range set.Questions(g.def) {
		asked[id] = nil
	}
	return &policyPass{set: set, def: g.def, matcher: set.Matcher(g.def), stored: map[string][]byte{},
		line: analysis.LowInvestmentLine(g.def).RevenueWan, asked: asked,
		district: Names(g.src.City).District, budget: policies.NewBudget(set, bandLabels(g.def)),
		opened: make(chan struct{}), done: make(chan struct{})}
}

// table is the 政策测算明细 sheet: every submitted firm that earns
// something, with its estimate per policy (元, exact) and its sums. Without
// the year's policies (p nil) the sheet says so.
func (p *policyPass) table(year int) export.Table {
	t := export.Table{Sheet: SheetPolicyFirms}
	if p == nil {
		t.Header = []string{"说明"}
		t.Rows = [][]any{{noPolicies(year)}}
		return t
	}
	t.Header = []string{"统一社会信用代码", "企业名称", "区县", "规模档", "行业代码", "营业收入" + yi(p.line) + "以下", "投入不足"}
	p.lead = len(t.Header)
	for _, pol := range p.set.Policies {
		t.Header = append(t.Header, pol.Name+"（元）")
	}
	t.Header = append(t.Header, "企业可申请合计（元）", "企业可申请合计上限（元）", "人才补贴（另列，元）", "人才补贴上限（元）")
	t.Widths = widths([]float64{22, 30, 10, 10, 8, 12, 8}, len(t.Header), 14)
	t.Formats = make([]string, len(t.Header))
	for i := p.lead; i < len(t.Header); i++ {
		t.Formats[i] = "#,##0"
	}
	return t
}

// openSheet opens the 政策测算明细 sheet for the answers pass, or writes
// the sheet that says the year has no policies (p nil).
func (p *policyPass) openSheet(book *export.Book, year int) error {
	if p == nil {
		return book.Write(p.table(year))
	}
	s, err := book.Open(p.table(year))
	if err != nil {
		return err
	}
	p.open(s)
	return nil
}

// close closes the sheet once the answers pass is done and gives d its
// budget (nil without policies).
func (p *policyPass) close(ctx context.Context, d *Data) error {
	if p == nil {
		return nil
	}
	b, err := p.wait(ctx)
	if err != nil {
		return err
	}
	d.Budget = b
	return p.sheet.Close()
}

// open hands the opened sheet to the answers pass; a book that fails before
// opening it calls open(nil), so the pass never waits in vain.
func (p *policyPass) open(s *export.Sheet) {
	if p != nil {
		p.once.Do(func() {
			p.sheet = s
			close(p.opened)
		})
	}
}

// start waits for the book's sheet (nothing to wait for without policies).
func (p *policyPass) start(ctx context.Context) error {
	if p == nil {
		return nil
	}
	select {
	case <-p.opened:
	case <-ctx.Done():
		return ctx.Err()
	}
	if p.sheet == nil {
		return errors.New("report: the data book stopped before its 政策测算明细 sheet")
	}
	return nil
}

// begin starts a firm of the answers pass, which then notes each of its
// answers and adds it. The answers pass calls them from one goroutine, and
// reads each firm's answers once for its row and its estimate.
func (p *policyPass) begin() {
	if p != nil {
		clear(p.stored)
	}
}

// note keeps one answer of the firm begun, r, if it is submitted and the
// policies read the question.
func (p *policyPass) note(r *models.FirmRow, id, value string) {
	if p == nil || r.Status != analysis.StatusSubmitted {
		return
	}
	if buf, ok := p.asked[id]; ok {
		buf = append(buf[:0], value...)
		p.asked[id], p.stored[id] = buf, buf
	}
}

// add estimates the firm begun, exactly as its own report does (its
// stored answers decoded, then Set.Amounts: Set.Estimate without the
// sentences the annual report never prints): a submitted firm goes into
// the budget, and onto the sheet if it earns something.
func (p *policyPass) add(r *models.FirmRow) error {
	if p == nil || r.Status != analysis.StatusSubmitted {
		return nil
	}
	e := p.matcher.Amounts(p.def.DecodeStored(p.stored).Answers, questionnaires.Facts{RevenueWan: r.RevenueWan})
	h := policies.Holder{District: r.District, Band: r.Band, Industry: r.Industry,
		Under1B: p.line > 0 && r.RevenueWan < p.line, LowInvestment: slices.Contains(r.Flags, analysis.FlagLowInvestment)}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.gone {
		return errors.New("report: the data book stopped before the 政策测算 was done")
	}
	p.budget.Add(h, e)
	if len(e.Matches) == 0 {
		return nil
	}
	row := make([]any, p.lead+len(p.set.Policies), p.lead+len(p.set.Policies)+4)
	copy(row, []any{r.CreditCode, r.Name, p.district(r.District), r.Band, r.Industry, yesNoOf(h.Under1B), yesNoOf(h.LowInvestment)})
	for _, m := range e.Matches {
		row[p.lead+slices.IndexFunc(p.set.Policies, func(pol policies.Policy) bool { return pol.ID == m.ID })] = m.AmountYuan
	}
	return p.sheet.Add(append(row, e.FirmYuan, e.FirmMaxYuan, e.StaffYuan, e.StaffMaxYuan))
}

// abandon tells the answers pass the book is closing: it adds no more.
func (p *policyPass) abandon() {
	if p != nil {
		p.mu.Lock()
		p.gone = true
		p.mu.Unlock()
	}
}

// finish ends the pass, with the error that stopped it if any; only its
// first call counts.
func (p *policyPass) finish(err error) {
	if p != nil {
		p.finished.Do(func() {
			p.err = err
			close(p.done)
		})
	}
}

// wait is the budget once the answers pass is done; the book then closes
// the sheet.
func (p *policyPass) wait(ctx context.Context) (*policies.Budget, error) {
	select {
	case <-p.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	if p.err != nil {
		return nil, p.err
	}
	return p.budget.Budget(), nil
}

// policySheet is the 政策测算 sheet: the chapter's tables in one list.
// Amounts over fewer than 3 firms are left empty, as in the chapter.
func (v *vocab) policySheet() export.Table {
	t := export.Table{Sheet: SheetPolicy, Header: []string{"分类", "项目", "符合条件企业（家）", "估算金额（元）", "区间上限（元）"},
		Widths: []float64{12, 36, 16, 18, 18}, Formats: []string{"", "", "", "#,##0", "#,##0"},
		Wrap: []bool{true, true}, Print: &export.Print{}}
	b := v.d.Budget
	if b == nil {
		t.Rows = [][]any{{"说明", noPolicies(v.d.Campaign.Year)}}
		return t
	}
	row := func(kind, name string, s policies.Sum) {
		r := []any{kind, name, s.Firms, nil, nil}
		if s.Shown() {
			r[3], r[4] = s.Yuan, s.MaxYuan
		}
		t.Rows = append(t.Rows, r)
	}
	for _, l := range b.Policies {
		kind := "政策（企业）"
		if !l.ForFirm() {
			kind = "政策（人才个人）"
		}
		row(kind, l.Name, l.Sum)
	}
	row("合计", "企业可申请合计", b.Firm)
	row("合计", "人才补贴（另列，不计入企业合计）", b.Staff)
	line := yi(v.a.Line.RevenueWan)
	row("其中", "营业收入"+line+"以下企业", b.Under1B)
	row("其中", "投入不足企业", b.LowInvestment)
	for _, g := range b.ByDistrict {
		row("区县", v.district(g.Key), g.Sum)
	}
	for _, g := range b.ByBand {
		row("规模档", g.Key, g.Sum)
	}
	for _, g := range b.ByIndustry {
		row("行业", v.Industry(g.Key), g.Sum)
	}
	t.Rows = append(t.Rows, []any{"说明", b.Note + " 符合条件的企业不足3家的项目不列金额。人才补贴发给个人，不计入企业合计。"})
	return t
}

func noPolicies(year int) string {
	return fmt.Sprintf("%d年度的扶持政策尚未录入（policies add），暂不测算。", year)
}

func yesNoOf(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func bandLabels(def *questionnaires.Definition) []string {
	out := make([]string, 0, len(def.SizeBands))
	for _, b := range def.SizeBands {
		out = append(out, b.Label)
	}
	return out
}

// policyChapter is what chapter_policy.tmpl lays out.
type policyChapter struct {
	ID, Heading string
	N           int // the chapter's number, which numbers its tables
	// Year is the campaign's year; B is nil when it has no policy file.
	Year int
	B    *policies.Budget
	// Groups are the tables by district, band and industry.
	Groups []policyGroupTable
	// Line is the low-investment flag's revenue line, as words (10亿元).
	Line string
}

type policyGroupTable struct {
	T    reportTable // its caption and source
	Col  string
	Rows []policyGroupRow
}

type policyGroupRow struct {
	Name string
	policies.Sum
}

// PolicyChapter lays out the budget for the template.
func (v *vocab) PolicyChapter() *policyChapter {
	n := v.policyN()
	c := &policyChapter{ID: "policy", N: n, Heading: chineseNumeral(n) + "、政策测算", Year: v.d.Campaign.Year, B: v.d.Budget,
		Line: yi(v.a.Line.RevenueWan)}
	if c.B == nil {
		return c
	}
	for i, gs := range [][]policies.GroupSum{c.B.ByDistrict, c.B.ByBand, c.B.ByIndustry} {
		name := []func(string) string{v.district, func(k string) string { return k }, v.Industry}[i]
		table, _ := v.Table(policyGroups[i].id) // tables lists every id of policyGroups
		t := policyGroupTable{T: table, Col: policyGroups[i].col}
		for _, g := range gs {
			t.Rows = append(t.Rows, policyGroupRow{Name: name(g.Key), Sum: g.Sum})
		}
		c.Groups = append(c.Groups, t)
	}
	return c
}

// chineseNumeral writes 1–99 as a chapter number: 九, 十, 十一.
func chineseNumeral(n int) string {
	digits := []string{"", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	switch {
	case n < 10:
		return digits[n]
	case n < 20:
		return "十" + digits[n%10]
	}
	return digits[n/10] + "十" + digits[n%10]
}

// chapterEntries are the table of contents' lines of the chapters after
// 年度变化.
func (p *page) chapterEntries() []tocEntry {
	c, s := p.PolicyChapter(), p.SupplyChapter()
	return []tocEntry{{c.ID, c.Heading}, {s.ID, s.Heading}}
}
