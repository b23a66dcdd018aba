package roster

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"healthcheck/city"
	"healthcheck/contact"
	"healthcheck/creditcode"
	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// Rules are what a row is checked against: the city's districts and the
// campaign's roster rule.
type Rules struct {
	City *city.Config
	// MinRevenueWan is the campaign's roster rule (10000 万元 = 1亿 by default).
	MinRevenueWan decimal.Fixed2
	// BandOf gives the size band of a revenue (the campaign's questionnaire).
	BandOf func(decimal.Fixed2) string
	// Limits bound the read; unset, the upload page's apply.
	Limits Limits
	// RevenueUnit, when set, is the revenue's unit a person confirmed
	// (元, 千元, 万元 or 亿元), read whatever the header says.
	RevenueUnit string
}

// Problem is what is wrong with one cell.
type Problem struct {
	Column string // the column's header as the file names it
	Reason string // Chinese, for the person fixing the file
}

// parser reads data rows of one file.
type parser struct {
	rules Rules
	l     *layout
	// spreadsheet cells hold binary floating point numbers: 1234.56 may come
	// back as 1234.5599999999999 and is read as the shortest decimal.
	spreadsheet bool
	// merges fills merged cells down (spreadsheets only).
	merges *mergeFill
	// amounts are the revenues read (in 万元, by the header's unit), before
	// the roster rule, for the plausibility of the unit.
	amounts []decimal.Fixed2
	// countOnly is set once the result keeps no more refused rows: a row
	// whose credit code is wrong is then refused on that alone, since its
	// other reasons would not be listed anyway.
	countOnly bool
}

func newParser(rules Rules, spreadsheet bool, spans []span) *parser {
	p := &parser{rules: rules, spreadsheet: spreadsheet}
	if len(spans) > 0 {
		p.merges = &mergeFill{waiting: spans}
	}
	return p
}

// row checks one data row and returns the firm or what is wrong, cell by cell.
func (p *parser) row(cells []string) (models.RosterInput, []Problem) {
	var in models.RosterInput
	var probs []Problem
	bad := func(f Field, format string, args ...any) {
		probs = append(probs, Problem{Column: p.l.name(f), Reason: fmt.Sprintf(format, args...)})
	}
	get := func(f Field) string { return strings.TrimSpace(p.l.cell(cells, f)) }

	if err := creditcode.Check(get(CreditCode)); err != nil {
		bad(CreditCode, "%s", err.Error())
		if p.countOnly {
			return in, probs
		}
	} else {
		in.CreditCode = creditcode.Normalize(get(CreditCode))
	}
	if v, reason := Text(get(Name), 100, true); reason != "" {
		bad(Name, "%s", reason)
	} else {
		in.Name = v
	}
	if code, reason := p.district(get(District)); reason != "" {
		bad(District, "%s", reason)
	} else {
		in.District = code
	}
	if code, reason := industry(get(Industry)); reason != "" {
		bad(Industry, "%s", reason)
	} else {
		in.Industry = code
	}
	v, reason := p.amount(get(Revenue))
	if reason == "" {
		p.amounts = append(p.amounts, v)
		v, reason = p.atLeastRule(v)
	}
	if reason != "" {
		bad(Revenue, "%s", reason)
	} else {
		in.RevenueWan = v
		if p.rules.BandOf != nil {
			in.Band = p.rules.BandOf(v)
		}
	}
	if n, reason := p.employees(get(Employees)); reason != "" {
		bad(Employees, "%s", reason)
	} else {
		in.Employees = n
	}
	if in.ContactName, reason = Text(get(ContactName), 50, false); reason != "" {
		bad(ContactName, "%s", reason)
	}
	if in.ContactPhone, reason = phone(get(ContactPhone)); reason != "" {
		bad(ContactPhone, "%s", reason)
	}
	if in.ContactEmail, reason = email(get(ContactEmail)); reason != "" {
		bad(ContactEmail, "%s", reason)
	}
	return in, probs
}

// Text checks a free-text cell: printable, not too long, present if required.
func Text(s string, max int, required bool) (string, string) {
	s = strings.Join(strings.Fields(s), " ")
	switch {
	case s == "" && required:
		return "", "不能为空"
	case strings.ContainsRune(s, utf8.RuneError):
		return "", "含有无法识别的字符（文件编码可能不对，请另存为 UTF-8 或 GBK 编码的 CSV）"
	case strings.IndexFunc(s, unicode.IsControl) >= 0:
		return "", "含有控制字符"
	case utf8.RuneCountInString(s) > max:
		return "", fmt.Sprintf("过长（最多 %d 个字）", max)
	}
	return s, ""
}

func (p *parser) district(s string) (string, string) { return ResolveDistrict(p.rules.City, s) }

// ResolveDistrict reads a district cell: a GB/T 2260 code (also as the 9- or
// 12-digit division code), a district's name, or the name with the city's
// or without its 区/县/市 suffix. It returns the code, or why not.
func ResolveDistrict(cfg *city.Config, s string) (string, string) {
	if s == "" {
		return "", "不能为空"
	}
	if code, ok := cfg.ResolveDistrict(s); ok {
		return code, ""
	}
	if isDigits(s) && (len(s) == 9 || len(s) == 12) && strings.Trim(s[6:], "0") == "" {
		if code, ok := cfg.ResolveDistrict(s[:6]); ok {
			return code, ""
		}
	}
	short := strings.TrimPrefix(s, cfg.Name)
	for _, d := range cfg.Districts {
		if short == d.Name || short == strings.TrimRight(d.Name, "区县市") {
			return d.Code, ""
		}
	}
	names := make([]string, len(cfg.Districts))
	for i, d := range cfg.Districts {
		names[i] = d.Name
	}
	return "", fmt.Sprintf("“%s”不是%s的区县（应为 %s 之一，或其 6 位代码）", s, cfg.Name, strings.Join(names, "、"))
}

// industry accepts a division code ("C17", "17"), a finer GB/T 4754 code
// whose first two digits are the division ("1711", "C171"), or the
// division's name ("纺织业"), or the template's "C17 纺织业".
func industry(s string) (string, string) {
	if s == "" {
		return "", "不能为空"
	}
	head, _, _ := strings.Cut(s, " ") // the template's "C17 纺织业"
	code := strings.TrimPrefix(strings.ToUpper(head), "C")
	if isDigits(code) && len(code) >= 2 && len(code) <= 4 {
		if c, ok := city.ResolveIndustry(code[:2]); ok {
			return c, ""
		}
	}
	if c, ok := industryByName[s]; ok {
		return c, ""
	}
	return "", fmt.Sprintf("“%s”不是制造业行业大类（应为 C13–C43 或 13–43）", s)
}

// industryByName finds a division by its name ("纺织业" → "C17").
var industryByName = func() map[string]string {
	m := map[string]string{}
	for _, c := range city.Industries() {
		m[city.IndustryName(c)] = c
	}
	return m
}()

// maxRevenueWan bounds revenue at 1,000,000亿元 in 万元: anything larger is a
// unit mistake, not a firm.
var maxRevenueWan = big.NewRat(10_000_000_000, 1)

// revenue reads an amount in the column's unit and returns 万元 if it meets
// the campaign's roster rule.
func (p *parser) revenue(s string) (decimal.Fixed2, string) {
	v, reason := p.amount(s)
	if reason != "" {
		return 0, reason
	}
	return p.atLeastRule(v)
}

// amount reads an amount in the column's unit and returns 万元. In 万元 it
// takes at most two decimals; from 千元 or 元 it rounds half up to 0.01 万元.
func (p *parser) amount(s string) (decimal.Fixed2, string) {
	if v, ok := hundredths(s); ok && p.l.unit == revenueUnits[""] {
		return v, ""
	}
	d, reason := p.number(s)
	if reason != "" {
		return 0, reason
	}
	r := d.Rat()
	if r.Sign() < 0 {
		return 0, "不能为负数"
	}
	r.Mul(r, big.NewRat(p.l.unit[0], p.l.unit[1]))
	if r.Cmp(maxRevenueWan) > 0 {
		return 0, fmt.Sprintf("“%s”过大，请检查单位（表头单位为%s）", s, p.unitName())
	}
	v := decimal.RoundHalfUp(r)
	if p.l.unit == revenueUnits[""] && v.Rat().Cmp(r) != 0 {
		return 0, fmt.Sprintf("“%s”最多两位小数", s)
	}
	return v, ""
}

// atLeastRule applies the campaign's roster rule to a revenue.
func (p *parser) atLeastRule(v decimal.Fixed2) (decimal.Fixed2, string) {
	if v < p.rules.MinRevenueWan {
		return 0, fmt.Sprintf("%s 万元低于本年度名录下限 %s 万元", v, p.rules.MinRevenueWan)
	}
	return v, ""
}

// hundredths reads the common case fast: digits with at most two decimals
// ("52000", "52000.5"), as hundredths. Anything else takes the exact path.
func hundredths(s string) (decimal.Fixed2, bool) {
	whole, frac, dot := strings.Cut(s, ".")
	if !isDigits(whole) || len(whole) > 12 || (dot && (len(frac) == 0 || len(frac) > 2 || !isDigits(frac))) {
		return 0, false
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f := int64(0)
	if dot {
		f, _ = strconv.ParseInt(frac, 10, 64)
		if len(frac) == 1 {
			f *= 10
		}
	}
	return decimal.Fixed2(w*100 + f), true
}

func (p *parser) unitName() string {
	for name, u := range revenueUnits {
		if u == p.l.unit && name != "" {
			return name
		}
	}
	return "万元"
}

// employees reads a whole number of people.
func (p *parser) employees(s string) (int, string) {
	if isDigits(s) && len(s) <= 8 {
		n, _ := strconv.Atoi(s)
		return n, ""
	}
	d, reason := p.number(s)
	if reason != "" {
		return 0, reason
	}
	r := d.Rat()
	if !r.IsInt() || r.Sign() < 0 {
		return 0, fmt.Sprintf("“%s”应为不小于 0 的整数", s)
	}
	if !r.Num().IsInt64() || r.Num().Int64() > 10_000_000 {
		return 0, fmt.Sprintf("“%s”过大", s)
	}
	return int(r.Num().Int64()), ""
}

// thousands matches a number written with thousands separators.
var thousands = regexp.MustCompile(`^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$`)

// number reads a plain decimal, allowing thousands separators, and for
// spreadsheet cells the binary float Excel stored.
func (p *parser) number(s string) (questionnaires.Dec, string) {
	if s == "" {
		return questionnaires.Dec{}, "不能为空"
	}
	t := strings.ReplaceAll(width.Narrow.String(s), "，", ",")
	if thousands.MatchString(t) {
		t = strings.ReplaceAll(t, ",", "")
	}
	if p.spreadsheet {
		if f, err := strconv.ParseFloat(t, 64); err == nil && !strings.ContainsAny(t, "xXpP_") {
			t = strconv.FormatFloat(f, 'f', -1, 64)
		}
	}
	d, err := questionnaires.ParseDec(t)
	if err != nil {
		return questionnaires.Dec{}, fmt.Sprintf("“%s”不是数字（只填数字，单位见表头）", s)
	}
	return d, ""
}

// phone and email are the contact package's checks, shared with the
// questionnaire's contact fields.
func phone(s string) (string, string) { return contact.Phone(s) }

func email(s string) (string, string) { return contact.Email(s) }

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
