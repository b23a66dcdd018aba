package roster

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Field is one piece of a firm's roster facts.
type Field int

// The roster's fields, in the contract's column order.
const (
	CreditCode Field = iota
	Name
	District
	Industry
	Revenue
	Employees
	ContactName
	ContactPhone
	ContactEmail
	numFields
)

// column describes how a field appears in a file.
type column struct {
	label    string   // the contract's header, used in messages
	aliases  []string // normalised header names, best first
	required bool
}

// columns lists, per field, the headers statistics offices and bureaus use.
// Aliases are compared after normalise (full-width folded, spaces and marks
// removed, a bracketed unit split off), so "营业收入（万元）" is "营业收入"
// with the unit 万元.
var columns = [numFields]column{
	CreditCode:   {"统一社会信用代码", []string{"统一社会信用代码", "社会信用代码", "信用代码", "统一代码", "统一社会信用代码证号"}, true},
	Name:         {"企业名称", []string{"企业名称", "单位名称", "单位详细名称", "企业(单位)名称", "法人单位名称", "名称"}, true},
	District:     {"所属区县", []string{"所属区县", "区县", "所属县(市、区)", "县(市、区)", "县(市、区)名称", "县市区", "所在区县", "所在县(市、区)", "所属地区", "行政区划代码", "行政区划", "区划代码", "所在地行政区划代码"}, true},
	Industry:     {"行业代码", []string{"行业代码", "国民经济行业代码", "行业大类代码", "行业类别代码", "行业小类代码", "国民经济行业分类代码", "行业", "所属行业", "行业大类", "国民经济行业"}, true},
	Revenue:      {"营业收入(万元)", []string{"营业收入", "主营业务收入", "营业收入合计", "本年营业收入", "上年营业收入", "上年度营业收入", "营业收入上年"}, true},
	Employees:    {"从业人员", []string{"从业人员", "从业人数", "从业人员期末人数", "从业人员平均人数", "年末从业人员", "年末从业人员数", "平均从业人员", "职工人数"}, true},
	ContactName:  {"联系人", []string{"联系人", "联系人姓名", "填报联系人"}, false},
	ContactPhone: {"联系电话", []string{"联系电话", "电话", "联系方式", "手机", "手机号码", "联系人电话"}, false},
	ContactEmail: {"电子邮箱", []string{"电子邮箱", "邮箱", "电子邮件", "email", "e-mail", "邮件地址"}, false},
}

// Label is the contract's header of a field.
func (f Field) Label() string { return columns[f].label }

// aliasRank maps a normalised header to its field and how good a match it is
// (0 is the contract's own name).
var aliasRank = func() map[string]struct {
	field Field
	rank  int
} {
	m := map[string]struct {
		field Field
		rank  int
	}{}
	for f, c := range columns {
		for r, a := range c.aliases {
			m[normalise(a)] = struct {
				field Field
				rank  int
			}{Field(f), r}
		}
	}
	return m
}()

// normalise folds a header cell to compare it: full-width brackets and
// letters to ASCII, no spaces, no required-field marks, lower case.
func normalise(s string) string {
	s = width.Narrow.String(s)
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r), r == '*', r == '\ufeff', r == ':', r == '：':
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// splitUnit separates "营业收入(万元)" into "营业收入" and "万元"; a unit
// written without brackets ("营业收入万元") is recognised too. A header that
// is an alias as it stands ("县(市、区)") has no unit: its brackets are part
// of the name.
func splitUnit(h string) (base, unit string) {
	if _, known := aliasRank[h]; known {
		return h, ""
	}
	if strings.HasSuffix(h, ")") {
		if i := strings.LastIndex(h, "("); i > 0 {
			return h[:i], h[i+1 : len(h)-1]
		}
	}
	for _, u := range []string{"亿元", "万元", "千元", "元", "人"} {
		if b, ok := strings.CutSuffix(h, u); ok && b != "" {
			if _, known := aliasRank[b]; known {
				return b, u
			}
		}
	}
	return h, ""
}

// revenueUnits are the units a revenue column may be given in, as the
// multiplier to 万元: numerator and denominator.
var revenueUnits = map[string][2]int64{
	"": {1, 1}, "万元": {1, 1}, "千元": {1, 10}, "元": {1, 10000}, "亿元": {10000, 1},
}

// layout is where each field stands in a file's header row.
type layout struct {
	index [numFields]int // column index, -1 when absent
	names [numFields]string
	unit  [2]int64 // revenue multiplier to 万元
	// unitName is the revenue's unit as the header (or the override) gives
	// it, "" when none.
	unitName string
	found    int // required fields found
	width    int
}

// matchHeader reads a header row. It returns the layout and, when a required
// column is missing or a column is ambiguous, the problem.
// A column's bracket other than the revenue's is a qualifier ("行业代码(GB/T
// 4754)", "从业人员(人)") and is ignored. override, when set, is the revenue
// unit the person confirmed, whatever the header says.
func matchHeader(cells []string, override string) (*layout, error) {
	l := &layout{unit: revenueUnits[""], width: len(cells)}
	ranks := [numFields]int{}
	for f := range l.index {
		l.index[f], ranks[f] = -1, len(columns[f].aliases)
	}
	for i, cell := range cells {
		base, unit := splitUnit(normalise(cell))
		m, ok := aliasRank[base]
		if !ok {
			continue
		}
		switch {
		case m.rank < ranks[m.field]:
		case m.rank == ranks[m.field]:
			return nil, fmt.Errorf("“%s”列出现了两次（第 %d 列和第 %d 列），请删去多余的一列", strings.TrimSpace(cell), l.index[m.field]+1, i+1)
		default:
			continue // a better-named column for the field is already there
		}
		if m.field == Revenue && override != "" {
			unit = override
		}
		if m.field == Revenue {
			u, ok := revenueUnits[unit]
			if !ok {
				return nil, fmt.Errorf("“%s”列的单位“%s”无法识别，应为万元、千元、元或亿元", strings.TrimSpace(cell), unit)
			}
			l.unit, l.unitName = u, unit
		}
		l.index[m.field], ranks[m.field], l.names[m.field] = i, m.rank, strings.TrimSpace(cell)
	}
	var missing []string
	for f, c := range columns {
		if !c.required {
			continue
		}
		if l.index[f] < 0 {
			missing = append(missing, c.label)
		} else {
			l.found++
		}
	}
	if len(missing) > 0 {
		return l, fmt.Errorf("缺少必需的列：%s", strings.Join(missing, "、"))
	}
	return l, nil
}

// name is how a field's column is called in this file, for messages.
func (l *layout) name(f Field) string {
	if l.names[f] != "" {
		return l.names[f]
	}
	return columns[f].label
}

// cell returns a row's value for a field, "" when the row is short or the
// column absent.
func (l *layout) cell(row []string, f Field) string {
	i := l.index[f]
	if i < 0 || i >= len(row) {
		return ""
	}
	return row[i]
}
