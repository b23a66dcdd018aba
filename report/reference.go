package report

import (
	"strconv"

	"healthcheck/export"
	"healthcheck/reference"
)

// SheetReference is the book's copy of the reference panel.
const SheetReference = "参考"

// refPanel is the reference panel near the front of the report: each figure
// the city published for the campaign's year, with its source, beside the
// survey's own figures that measure the same thing (the figure's compare
// list). The published figures are quoted, never computed or mixed in.
type refPanel struct {
	Year      int
	Submitted int
	Rows      []refRow
	Sources   []string
}

// refRow is one published figure and the survey's counterparts.
type refRow struct {
	reference.Figure
	// SourceNo is the number of the figure's source in refPanel.Sources.
	SourceNo int
	Survey   []refIndicator
}

// refIndicator is one of the survey's indicators beside a published figure;
// Asked is false when the campaign's edition has no such indicator.
type refIndicator struct {
	Key   string
	Value *fixed
	Asked bool
}

// newRefPanel lays the campaign year's published figures beside the
// survey's; nil when the bureau has published none for the year.
func newRefPanel(v *vocab) *refPanel {
	set := v.d.Reference
	if set == nil {
		return nil
	}
	p := &refPanel{Year: set.Year, Submitted: v.s.Submitted, Sources: set.Sources()}
	asked := map[string]bool{}
	for _, ind := range v.d.Def.Indicators {
		asked[ind.Key] = true
	}
	for _, f := range set.Figures {
		row := refRow{Figure: f, SourceNo: sourceNumber(p.Sources, f)}
		for _, k := range f.Compare {
			row.Survey = append(row.Survey, refIndicator{Key: k, Value: v.s.All.Indicators[k], Asked: asked[k]})
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}

// Notes are the sources as the panel's footnotes: "[1] 嘉兴市经信局…".
func (p *refPanel) Notes() []string {
	out := make([]string, len(p.Sources))
	for i, s := range p.Sources {
		out[i] = "[" + strconv.Itoa(i+1) + "] " + s
	}
	return out
}

func sourceNumber(sources []string, f reference.Figure) int {
	for i, s := range sources {
		if s == f.Source {
			return i + 1
		}
	}
	return 0
}

// surveyText is the survey's side of a row for the book.
func (x refIndicator) surveyText() string {
	if !x.Asked {
		return x.Key + "（本年度问卷无此指标）"
	}
	return x.Key
}

// referenceSheet is the panel as a sheet: one row per published figure and
// survey indicator beside it (a figure without one has one row), the
// published value as a number where it has one.
func (p *refPanel) referenceSheet() export.Table {
	t := export.Table{Sheet: SheetReference,
		Header: []string{"项目", "全市公开数值", "单位", "说明", "年份", "来源", "本次体检对应指标", "本次体检（%）"},
		Widths: []float64{24, 14, 8, 40, 8, 50, 24, 14}, Formats: []string{"", "", "", "", "", "", "", "0.00"}}
	if p == nil {
		return t
	}
	for _, r := range p.Rows {
		var value any
		if v, err := strconv.ParseFloat(r.Value, 64); err == nil {
			value = v // a plain decimal, as reference.Parse checked
		}
		lead := []any{r.Name, value, r.Unit, r.Note, p.Year, r.Source}
		if len(r.Survey) == 0 {
			t.Rows = append(t.Rows, append(lead, "问卷无对应口径", nil))
		}
		for _, x := range r.Survey {
			t.Rows = append(t.Rows, append(append([]any(nil), lead...), x.surveyText(), num(x.Value)))
		}
	}
	return t
}
