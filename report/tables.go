package report

import (
	"fmt"
	"strings"

	"healthcheck/figures"
	"healthcheck/questionnaires"
)

// reportTable is one table of report.html (the figures' own data tables
// aside): its caption, and the 注 and 资料来源 printed under it as under a
// figure. Every table's words come from tables, so the page, the findings
// that cite a table and the data book's 发现 sheet name it alike.
type reportTable struct {
	ID, Caption string
	// Note is what a reader needs to read the table, or "".
	Note string
	// Source is where its numbers come from (资料来源).
	Source string
}

// Table is the report's table id, for the template; an id not in tables is
// an error, which stops the page being laid out.
func (v *vocab) Table(id string) (reportTable, error) {
	if v.tableList == nil {
		v.tableList = v.tables() // once the statistics and the budget are in
	}
	for _, t := range v.tableList {
		if t.ID == id {
			return t, nil
		}
	}
	return reportTable{}, fmt.Errorf("report: no table %q", id)
}

// tables lists every table the report can show, in the order it shows
// them; a chapter that is left out (no earlier year, no policies) leaves its
// tables unused.
func (v *vocab) tables() []reportTable {
	d := v.d
	survey := catalogue(d).Source
	method := "《" + d.Def.Title + "》评分方法"
	out := []reportTable{
		{ID: "reference", Caption: fmt.Sprintf("参考表 全市公开发布的数据（左）与本次体检已提交 %d 家企业的统计（右）", v.s.Submitted),
			Note: "左栏照录公开发布的数据，不是本次体检的统计结果；两者口径不同：公开数据出自两化融合发展水平评估和上云等工作的统计，覆盖面各不相同，本次体检是营业收入" +
				yi(fixed(d.Campaign.MinRevenueWan)) + "以上制造业企业自报答卷的汇总（比率为各企业分子之和除以分母之和，普及率为企业占比），只作对照。",
			Source: v.referenceSource(survey)},
		{ID: "progress", Caption: "表1 各区县填报进度", Note: "填报率为已提交企业占名录企业的比例。", Source: survey},
		{ID: "dimensions", Caption: "表2 评分维度", Source: method},
		{ID: "levels", Caption: "表3 " + questionnaires.LevelName + "划分（本市按总分划定，含下限）", Source: method},
		{ID: "small-industries", Caption: "表4 已提交企业不足3家的行业（只列家数）",
			Note: "已提交企业不足3家的分组只给出家数，不给出平均数、分位数、比率和占比。", Source: survey},
		{ID: "worklist", Caption: "表5 各区县分行业投入不足企业（家）",
			Note:   fmt.Sprintf("投入不足指营业收入%s以下且数字化投入强度低于%s%%，按精确比值判断；逐家名单见数据手册“低投入企业”工作表。", yi(v.a.Line.RevenueWan), short(v.a.Line.IntensityBelow)),
			Source: survey},
	}
	if d.Before != nil {
		both := figures.SourceLine(d.City.Bureau, d.Before.Year) + "；" + survey
		out = append(out,
			reportTable{ID: "level-moves", Caption: fmt.Sprintf("表6 %s变化明细（行：%d年度；列：%d年度；家）", questionnaires.LevelName, d.Before.Year, d.Campaign.Year),
				Note: "只计两个年度都提交的企业，按统一社会信用代码对应。", Source: both},
			reportTable{ID: "indicator-change", Caption: "表7 两化融合指标变化（%；变化为百分点）", Source: both})
	}
	n := v.policyN()
	policy := survey
	if d.Budget != nil {
		policy += "；扶持政策：《" + d.Budget.Title + "》"
	}
	out = append(out, reportTable{ID: "policy-lines", Caption: fmt.Sprintf("表%d-1 各项政策估算（万元）", n), Source: policy})
	for i, g := range policyGroups {
		out = append(out, reportTable{ID: g.id, Caption: fmt.Sprintf("表%d-%d 企业可申请资金按%s（万元）", n, i+2, g.col), Source: policy})
	}
	supply := survey + "；服务商名录（" + d.City.Bureau + "，平台“服务商名录”）"
	return append(out,
		reportTable{ID: "supply-city", Caption: fmt.Sprintf("表%d-1 各项服务的需求与供给（全市）", n+1), Source: supply},
		reportTable{ID: "supply-districts", Caption: fmt.Sprintf("表%d-2 各区县的需求与供给（有需求的企业家数 / 提供该服务的服务商家数；标色为有需求而无服务商）", n+1),
			Source: supply})
}

// referenceSource is the 参考表's 资料来源: the publications of its left
// column, numbered as its cells cite them, and the survey on the right.
func (v *vocab) referenceSource(survey string) string {
	p := newRefPanel(v)
	if p == nil {
		return survey // no panel: the table is not shown
	}
	return "左栏：" + strings.Join(p.Notes(), "；") + "；右栏：" + survey
}

// policyGroups are the 政策测算 chapter's tables after its first, by the
// column they group by.
var policyGroups = []struct{ id, col string }{
	{"policy-districts", "区县"}, {"policy-bands", "规模档"}, {"policy-industries", "行业"},
}

// policyN is the 政策测算 chapter's number, which numbers its tables; the
// 服务供给与需求 chapter follows it.
func (v *vocab) policyN() int {
	if v.a.Change != nil {
		return 9
	}
	return 8
}
