package figures

import (
	"strconv"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

// The words of stored states, as every page and book writes them.
var (
	statusWords = map[string]string{analysis.StatusNotStarted: "未开始", analysis.StatusDraft: "填报中",
		analysis.StatusSubmitted: "已提交"}
	reviewWords = map[string]string{analysis.ReviewPending: "待审核", analysis.ReviewApproved: "审核通过",
		analysis.ReviewReturned: "已退回"}
)

// StatusWord is a survey status in words ("已提交"); an unknown one is
// returned as it is.
func StatusWord(status string) string { return wordOr(statusWords, status) }

// ReviewWord is a review status in words ("审核通过").
func ReviewWord(status string) string { return wordOr(reviewWords, status) }

func wordOr(words map[string]string, key string) string {
	if w, ok := words[key]; ok {
		return w
	}
	return key
}

// FlagLabel is a flag's label in the edition ("投入不足"), or its code.
func FlagLabel(def *questionnaires.Definition, code string) string {
	for _, f := range def.Flags {
		if f.Code == code {
			return f.Label
		}
	}
	return code
}

// LowInvestmentRule is the low-investment flag's rule in words, read from
// the edition: "营业收入10亿元以下、投入强度低于1%".
func LowInvestmentRule(def *questionnaires.Definition) string {
	l := analysis.LowInvestmentLine(def)
	return "营业收入" + Yi(l.RevenueWan) + "以下、投入强度低于" + Short(l.IntensityBelow) + "%"
}

// Yi writes an amount of 万元 in 亿元 when it is a whole number of 亿
// (100000 万元 → "10亿元"), otherwise in 万元.
func Yi(wan fixed) string {
	if wan%1000000 == 0 {
		return strconv.FormatInt(int64(wan)/1000000, 10) + "亿元"
	}
	return wan.String() + "万元"
}

// Short writes a threshold without trailing zeros: 1.00 → "1", 0.50 → "0.5".
func Short(v fixed) string { return questionnaires.DecFromRat(v.Rat()).String() }

// Text is a figure for a sentence or a table cell: "—" for no data.
func Text(v *decimal.Fixed2) string {
	if v == nil {
		return "—"
	}
	return v.String()
}

// Percent is Text with a percent sign.
func Percent(v *decimal.Fixed2) string {
	if v == nil {
		return "—"
	}
	return v.String() + "%"
}

// Num is a figure for a spreadsheet cell: a number, or an empty cell.
func Num(v *decimal.Fixed2) any {
	if v == nil {
		return nil
	}
	return v.Float64()
}
