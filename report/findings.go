package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"strings"

	"healthcheck/export"
	"healthcheck/findings"
)

// The 主要发现 at the front of the report and the 发现 sheet: the findings
// package's statements, each linked to the figure or table it cites.

//go:embed chapter_findings.tmpl
var findingsChapterSource string

func init() {
	template.Must(pageTpl.New("chapter_findings").Parse(findingsChapterSource))
}

// SheetFindings is the data book's sheet of the findings.
const SheetFindings = "发现"

// findingsInput hands the year's figures to the rules.
func (v *vocab) findingsInput() findings.Input {
	in := findings.Input{Def: v.d.Def, Annual: v.a, Names: v.d.Names, Line: yi(v.a.Line.RevenueWan),
		Budget: v.d.Budget, Supply: v.d.Supply}
	if v.d.Before != nil {
		in.BeforeYear = v.d.Before.Year
	}
	return in
}

// findingLine is a finding with the words of its reference (图3, 表9-1).
type findingLine struct {
	findings.Finding
	Ref string
}

// FindingLines are the findings as the page shows them.
func (p *page) FindingLines() []findingLine {
	out := make([]findingLine, 0, len(p.d.Findings))
	for _, f := range p.d.Findings {
		out = append(out, findingLine{Finding: f, Ref: p.refOf(f.Figure)})
	}
	return out
}

// refOf names the figure or table an anchor points to.
func (p *page) refOf(anchor string) string {
	if fig, ok := p.Fig[strings.TrimPrefix(anchor, "fig-")]; ok {
		return fmt.Sprintf("图%d", fig.N)
	}
	switch anchor {
	case "policy-lines":
		return fmt.Sprintf("表%d-1", p.PolicyChapter().N)
	case "supply-districts":
		return fmt.Sprintf("表%d-2", p.SupplyChapter().N)
	}
	return "详见正文"
}

// findingsSheet lists the findings with the values they cite.
func (v *vocab) findingsSheet() export.Table {
	t := export.Table{Sheet: SheetFindings, Header: []string{"序号", "方面", "发现", "依据（report.html 中的图表）"},
		Widths: []float64{6, 12, 90, 32}}
	for i, f := range v.d.Findings {
		t.Rows = append(t.Rows, []any{i + 1, f.Title, f.Text, HTMLFile + "#" + f.Figure})
	}
	return t
}
