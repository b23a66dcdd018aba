package figures

import (
	"healthcheck/analysis"
)

// Summary is the rows of progress, review and score that the dashboard's
// 概况 sheet and the annual book's 汇总 sheet share, as (项目, 数值) pairs:
// one list, so the two books name and count them alike.
func (c *Catalogue) Summary(s *analysis.Stats) [][]any {
	return [][]any{
		{"名录企业（家）", s.Firms}, {"已提交（家）", s.Submitted}, {"填报率（%）", Num(s.All.ResponseRate())},
		{"填报中（家）", s.Drafts}, {"其中退回修改（家）", s.Returned}, {"未开始（家）", s.NotStarted},
		{ReviewWord(analysis.ReviewPending) + "（家）", s.Pending}, {ReviewWord(analysis.ReviewApproved) + "（家）", s.Approved},
		{"平均总分（分）", Num(s.All.Total.Mean)},
		{FlagLabel(c.Def, analysis.FlagLowInvestment) + "（" + LowInvestmentRule(c.Def) + "，家）", s.LowInvestmentUnder1B},
	}
}

// SummaryNote is the 说明 row of both summary sheets.
const SummaryNote = "已提交企业不足3家的分组只给出家数，不给出平均数、分位数、比率和占比（填报率除外）；分位数按 QUARTILE.INC；" +
	"比率类指标（含投入强度）为各企业分子之和除以分母之和，普及率为企业占比。口径见《评价方法》第十二部分。"
