package report

import (
	_ "embed"
	"fmt"
	"strings"

	"healthcheck/export"
	"healthcheck/findings"
)

// The 主要发现 at the front of the report and the 发现 sheet: the findings
// package's statements, each linked to the figure or table it cites.

//go:embed chapter_findings.tmpl
var findingsChapterSource string

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
		ref, _ := p.citation(p.Fig, f.Figure)
		out = append(out, findingLine{Finding: f, Ref: ref})
	}
	return out
}

// citation names the figure or table an anchor of the page points to: its
// number (图3, 表9-1) and its title.
func (v *vocab) citation(figs map[string]figure, anchor string) (ref, title string) {
	if fig, ok := figs[strings.TrimPrefix(anchor, "fig-")]; ok {
		return fmt.Sprintf("图%d", fig.N), fig.Title
	}
	if t, err := v.Table(anchor); err == nil {
		ref, title, _ = strings.Cut(t.Caption, " ")
		return ref, title
	}
	return "详见正文", ""
}

// findingsSheet lists the findings with the values they cite, each with
// the figure or table it cites by number and title, and prints on A4 as
// wide as the page, its long sentences wrapped.
func (v *vocab) findingsSheet(figs map[string]figure) export.Table {
	t := export.Table{Sheet: SheetFindings, Header: []string{"序号", "方面", "发现", "依据（report.html 中的图表）"},
		Widths: []float64{6, 12, 90, 32}, Wrap: []bool{false, true, true, true}, Print: &export.Print{Landscape: true}}
	for i, f := range v.d.Findings {
		ref, title := v.citation(figs, f.Figure)
		t.Rows = append(t.Rows, []any{i + 1, f.Title, f.Text, strings.TrimSpace(ref + " " + title)})
	}
	return t
}
