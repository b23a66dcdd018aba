package roster

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"golang.org/x/text/width"

	"healthcheck/creditcode"
	"healthcheck/decimal"
)

// footers are the first words of rows that close a statistics office's
// table: totals, notes, the signature line. Such a row holds no firm.
var footers = []struct{ prefix, reason string }{
	{"合计", "合计行"}, {"总计", "合计行"}, {"共计", "合计行"}, {"小计", "小计行"}, {"其中", "“其中”分项行"},
	{"单位负责人", "签章栏"}, {"统计负责人", "签章栏"}, {"填表人", "签章栏"}, {"制表人", "签章栏"},
	{"报出日期", "签章栏"}, {"填报日期", "签章栏"},
}

// notes are the first words of a note line; unlike a total they must stand
// alone or be followed by a colon or a number ("注：", "注1."), since firms'
// names may begin with them (注塑, 说明书印刷).
var notes = []string{"注", "说明", "备注", "填表说明", "数据来源", "资料来源"}

// footer says why a data row is no firm ("合计行", "注释行"), or "" when it
// may be one. A row whose code cell holds a valid credit code is always a
// firm.
func (p *parser) footer(cells []string) string {
	if creditcode.Valid(creditcode.Normalize(p.l.cell(cells, CreditCode))) {
		return ""
	}
	first := ""
	for _, c := range cells {
		if c = strings.TrimSpace(c); c != "" {
			first = strings.Join(strings.Fields(width.Narrow.String(c)), "")
			break
		}
	}
	for _, f := range footers {
		if strings.HasPrefix(first, f.prefix) {
			return f.reason
		}
	}
	for _, n := range notes {
		rest, ok := strings.CutPrefix(first, n)
		if ok && (rest == "" || strings.ContainsRune(":：、.．(（0123456789", []rune(rest)[0])) {
			return "注释行"
		}
	}
	return ""
}

// implausibleWan is a revenue no manufacturing firm's median reaches:
// 1,000亿元, in 万元.
const implausibleWan = 10_000_000

// unitsToWan are the revenue units a suggestion may name, with what one of
// them is in 万元.
var unitsToWan = []struct {
	name string
	wan  float64
}{{"元", 1e-4}, {"千元", 1e-1}, {"万元", 1}, {"亿元", 1e4}}

// checkUnit holds the file when its revenue unit makes the median firm
// implausible — above 1,000亿元, or a hundred times below the campaign's
// roster rule — and suggests the unit under which most firms meet the rule.
func (p *parser) checkUnit(res *Result) {
	if len(p.amounts) == 0 {
		return
	}
	vals := slices.Clone(p.amounts)
	slices.Sort(vals)
	median := float64(vals[len(vals)/2]) / 100
	rule := float64(p.rules.MinRevenueWan) / 100
	if median <= implausibleWan && (rule == 0 || median >= rule/100) {
		return
	}
	cur := p.l.unitName
	if cur == "" {
		cur = "万元"
	}
	h := Held{Column: p.l.name(Revenue), Reason: fmt.Sprintf("按表头的单位（%s）读取，营业收入的中位数是 %s，不像规上工业企业的年营业收入", cur, wanText(median))}
	best, bestN := "", 0
	for _, u := range unitsToWan {
		if u.name == cur {
			continue
		}
		scale := u.wan / unitWan(cur)
		if m := median * scale; m > implausibleWan || (rule > 0 && m < rule/10) {
			continue
		}
		n := 0
		for _, v := range vals {
			if w := float64(v) / 100 * scale; w >= rule && w <= implausibleWan {
				n++
			}
		}
		if n > bestN {
			best, bestN = u.name, n
		}
	}
	if best == "" {
		h.Suggestion = "请核对营业收入的数值和单位"
	} else {
		h.Unit = best
		h.Suggestion = fmt.Sprintf("是否应为%s？按%s读取，中位数是 %s，%d 家达到本年度名录下限", best, best, wanText(median*unitWan(best)/unitWan(cur)), bestN)
	}
	res.Hold(h)
}

func unitWan(name string) float64 {
	for _, u := range unitsToWan {
		if u.name == name {
			return u.wan
		}
	}
	return 1
}

// wanText writes an amount of 万元 as people say it: 2.3万亿元, 5.2亿元, 860万元.
func wanText(wan float64) string {
	switch {
	case wan >= 1e8:
		return trimZero(wan/1e8) + "万亿元"
	case wan >= 1e4:
		return trimZero(wan/1e4) + "亿元"
	}
	return trimZero(wan) + "万元"
}

func trimZero(f float64) string {
	if f >= 100 {
		return fmt.Sprintf("%.0f", math.Round(f))
	}
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", f), "0"), ".")
}

// YearOnYear holds the rows whose revenue is ten times last year's or a
// tenth of it, for the same firm: a unit slip in one row.
func YearOnYear(res *Result, last map[string]decimal.Fixed2, lastYear int) {
	for _, r := range res.Rows {
		prev, ok := last[r.CreditCode]
		if !ok || prev <= 0 || r.RevenueWan <= 0 {
			continue
		}
		ratio := float64(r.RevenueWan) / float64(prev)
		if ratio < 10 && ratio > 0.1 {
			continue
		}
		shift := math.Pow(10, math.Round(math.Log10(ratio)))
		guess := decimal.Fixed2(math.Round(float64(r.RevenueWan) / shift))
		how := fmt.Sprintf("%.1f 倍", ratio)
		if ratio < 1 {
			how = fmt.Sprintf("%.1f 分之一", 1/ratio)
		}
		res.Hold(Held{Line: r.Line, Column: res.RevenueColumn,
			Reason:     fmt.Sprintf("%s 万元是上年（%d 年度 %s 万元）的 %s", r.RevenueWan, lastYear, prev, how),
			Suggestion: fmt.Sprintf("是否应为 %s 万元？", guess)})
	}
}
