// Package providers reads the register of third-party digital-transformation
// service providers (服务商名录) the bureau keeps in a spreadsheet: name,
// the kinds of service offered (the options of the questionnaire's 服务需求
// question, so supply and demand are counted in the same words), the
// districts served and whether the provider is certified (认定). Files are
// opened with the roster import's machinery (roster.ReadTable: .xlsx, CSV in
// UTF-8, GBK or UTF-16) and checked row by row the same way: every rejected
// row is named "第N行" with its column and reason, and a file with any
// rejected row imports nothing.
package providers

import (
	"fmt"
	"io"
	"regexp"
	"strings"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/roster"
)

// Kind is a kind of service: an option of the 服务需求 question.
type Kind struct{ Value, Label string }

// Kinds are the 服务需求 options of def, without the exclusive one (暂无需求).
func Kinds(def *questionnaires.Definition) []Kind {
	q, ok := def.Question(def.NeedsQuestion)
	if !ok {
		return nil
	}
	var out []Kind
	for _, o := range q.Options {
		if !o.Exclusive {
			out = append(out, Kind{Value: o.Value, Label: o.Label})
		}
	}
	return out
}

// Columns of the register, by their headers; each accepts a few names.
const (
	ColName       = "服务商名称"
	ColServices   = "服务内容"
	ColDistricts  = "服务区县"
	ColCertified  = "是否认定"
	ColCreditCode = "统一社会信用代码"
)

// columnNames are the headers each column is known by.
var columnNames = map[string][]string{
	ColName:       {"服务商名称", "服务商", "单位名称", "企业名称", "名称"},
	ColServices:   {"服务内容", "服务类型", "服务领域", "服务类别"},
	ColDistricts:  {"服务区县", "服务区域", "服务范围", "覆盖区县"},
	ColCertified:  {"是否认定", "认定服务商", "是否为认定服务商", "认定"},
	ColCreditCode: {"统一社会信用代码", "信用代码"},
}

var required = []string{ColName, ColServices, ColDistricts}

// AllDistricts is the cell value meaning every district of the city.
const AllDistricts = "全市"

// Result is a register file read and checked.
type Result struct {
	Format    string
	Sheet     string
	Providers []models.Provider
	// Rejected are the first roster.KeptRejected refused rows; RejectedCount
	// counts them all. Any refused row means nothing is imported.
	Rejected      []roster.Rejected
	RejectedCount int
}

// Rules are what a register is checked against.
type Rules struct {
	Kinds  []Kind
	City   *city.Config
	Limits roster.Limits
}

// headerSearch is how many leading rows may hold a title above the header.
const headerSearch = 10

// Read reads and checks a register file. A file that cannot be read (format,
// no header, over a limit) is an apperr Invalid error; bad rows are in
// Result.Rejected.
func Read(data []byte, rules Rules) (*Result, error) {
	var res *Result
	err := roster.ReadTable(data, rules.Limits, func(t *roster.Table) error {
		r := &Result{Format: t.Format, Sheet: t.Sheet}
		if err := r.read(t, rules); err != nil {
			return err
		}
		res = r
		return nil
	})
	return res, err
}

func (r *Result) read(t *roster.Table, rules Rules) error {
	cols, err := findHeader(t)
	if err != nil {
		return err
	}
	max := rules.Limits.MaxRows
	if max <= 0 {
		max = roster.UploadLimits.MaxRows
	}
	seen := map[string]int{}
	for n := 0; ; {
		cells, line, err := t.Next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if roster.Blank(cells) {
			continue
		}
		if n++; n > max {
			return apperr.New(apperr.Invalid, "名录超过 %d 行的上限（读到第%d行时停止），未导入任何数据", max, line)
		}
		p, probs := rules.row(cols, cells)
		if first, dup := seen[p.Name]; dup && p.Name != "" {
			probs = append(probs, roster.Problem{Column: ColName, Reason: fmt.Sprintf("与第%d行重复", first)})
		} else if p.Name != "" {
			seen[p.Name] = line
		}
		if len(probs) > 0 {
			if len(r.Rejected) < roster.KeptRejected {
				r.Rejected = append(r.Rejected, roster.Rejected{Line: line, Problems: probs})
			}
			r.RejectedCount++
			continue
		}
		r.Providers = append(r.Providers, p)
	}
}

// findHeader takes the first row, among the first headerSearch, naming every
// required column, and returns each column's position (-1: absent).
func findHeader(t *roster.Table) (map[string]int, error) {
	for {
		cells, line, err := t.Next()
		if err == io.EOF || (err == nil && line > headerSearch) {
			break
		}
		if err != nil {
			return nil, err
		}
		cols := map[string]int{}
		for col, names := range columnNames {
			cols[col] = -1
			for i, c := range cells {
				if containsName(names, strings.TrimSpace(c)) {
					cols[col] = i
					break
				}
			}
		}
		if cols[ColName] >= 0 && cols[ColServices] >= 0 && cols[ColDistricts] >= 0 {
			return cols, nil
		}
	}
	return nil, apperr.New(apperr.Invalid, "找不到表头：前 %d 行中没有同时含有“%s”“%s”“%s”的一行",
		headerSearch, required[0], required[1], required[2])
}

func containsName(names []string, s string) bool {
	for _, n := range names {
		if s == n {
			return true
		}
	}
	return false
}

// separators split a cell's list: 、，,；;/ and spaces.
var separators = regexp.MustCompile(`[、，,；;/\s]+`)

func split(s string) []string {
	var out []string
	for _, part := range separators.Split(strings.TrimSpace(s), -1) {
		if part != "" {
			out = append(out, part)
		}
	}
	return out
}

// row checks one data row.
func (rules Rules) row(cols map[string]int, cells []string) (models.Provider, []roster.Problem) {
	var p models.Provider
	var probs []roster.Problem
	bad := func(col, format string, args ...any) {
		probs = append(probs, roster.Problem{Column: col, Reason: fmt.Sprintf(format, args...)})
	}
	get := func(col string) string {
		if i := cols[col]; i >= 0 && i < len(cells) {
			return strings.TrimSpace(cells[i])
		}
		return ""
	}
	if name, reason := roster.Text(get(ColName), 100, true); reason != "" {
		bad(ColName, "%s", reason)
	} else {
		p.Name = name
	}
	if code := get(ColCreditCode); code != "" {
		if err := creditcode.Check(code); err != nil {
			bad(ColCreditCode, "%s", err.Error())
		} else {
			p.CreditCode = creditcode.Normalize(code)
		}
	}
	var reason string
	if p.Services, reason = rules.services(get(ColServices)); reason != "" {
		bad(ColServices, "%s", reason)
	}
	if p.Districts, reason = rules.districts(get(ColDistricts)); reason != "" {
		bad(ColDistricts, "%s", reason)
	}
	if p.Certified, reason = certified(get(ColCertified)); reason != "" {
		bad(ColCertified, "%s", reason)
	}
	return p, probs
}

// services reads the kinds offered, by label or value, in the
// questionnaire's order without repeats.
func (rules Rules) services(cell string) ([]string, string) {
	parts := split(cell)
	if len(parts) == 0 {
		return nil, "不能为空"
	}
	chosen := map[string]bool{}
	for _, part := range parts {
		k, ok := rules.kind(part)
		if !ok {
			labels := make([]string, len(rules.Kinds))
			for i, k := range rules.Kinds {
				labels[i] = k.Label
			}
			return nil, fmt.Sprintf("“%s”不是服务需求的选项（应为 %s 中的一项或几项，用顿号分隔）", part, strings.Join(labels, "、"))
		}
		chosen[k.Value] = true
	}
	var out []string
	for _, k := range rules.Kinds {
		if chosen[k.Value] {
			out = append(out, k.Value)
		}
	}
	return out, ""
}

func (rules Rules) kind(s string) (Kind, bool) {
	for _, k := range rules.Kinds {
		if s == k.Label || strings.EqualFold(s, k.Value) {
			return k, true
		}
	}
	return Kind{}, false
}

// districts reads the districts served: 全市, or names or codes, in the
// city's order without repeats.
func (rules Rules) districts(cell string) ([]string, string) {
	parts := split(cell)
	if len(parts) == 0 {
		return nil, "不能为空"
	}
	chosen := map[string]bool{}
	for _, part := range parts {
		if part == AllDistricts || part == rules.City.Name {
			for _, d := range rules.City.Districts {
				chosen[d.Code] = true
			}
			continue
		}
		code, reason := roster.ResolveDistrict(rules.City, part)
		if reason != "" {
			return nil, reason + "；服务全市的填“" + AllDistricts + "”"
		}
		chosen[code] = true
	}
	var out []string
	for _, d := range rules.City.Districts {
		if chosen[d.Code] {
			out = append(out, d.Code)
		}
	}
	return out, ""
}

// certified reads 是/否 (blank: 否).
func certified(s string) (bool, string) {
	switch strings.ToLower(s) {
	case "是", "已认定", "认定", "y", "yes", "true", "1", "√":
		return true, ""
	case "", "否", "未认定", "n", "no", "false", "0":
		return false, ""
	}
	return false, fmt.Sprintf("“%s”应为“是”或“否”", s)
}
