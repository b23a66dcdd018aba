package report

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"healthcheck/analysis"
	"healthcheck/clock"
	"healthcheck/questionnaires"
)

// text holds the report's sentences. Every number in them is read from the
// statistics; the words around them are fixed.
type text struct {
	Survey, Review                  string
	Overall, Levels, Dims           string
	Indicators                      []string
	Bands, Under, Awareness         string
	Districts                       string
	Industries                      string
	Invest, WorkList                string
	Needs                           string
	Change, Moves                   string
	ChangeDims                      []string
	BeforeYear, NowYear, IssuerLine string
}

func newText(v *vocab) *text {
	s, a, d := v.s, v.a, v.d
	t := &text{NowYear: strconv.Itoa(d.Campaign.Year)}
	t.Survey = fmt.Sprintf("本次体检面向全市营业收入%s以上的制造业企业，名录企业 %d 家。截至 %s，已提交 %d 家，填报率 %s；"+
		"填报中 %d 家（其中退回修改 %d 家）；未开始 %d 家。", yi(fixed(d.Campaign.MinRevenueWan)), s.Firms,
		clock.Local(d.DataAt).Format("2006年1月2日"), s.Submitted, pct(analysis.Share(s.Submitted, s.Firms)), s.Drafts, s.Returned, s.NotStarted)
	t.Review = fmt.Sprintf("已提交的问卷由各县（市、区）经信部门初审：审核通过 %d 家，待审核 %d 家。以下统计均以已提交的 %d 家企业为准。",
		s.Approved, s.Pending, s.Submitted)
	all := s.All.Total
	t.Overall = fmt.Sprintf("已提交企业平均总分 %s 分（满分 100），中位数 %s 分，一半企业的总分在 %s 分至 %s 分之间（四分位数），"+
		"最低 %s 分，最高 %s 分。", orDash(all.Mean), orDash(all.Median), orDash(all.Q1), orDash(all.Q3), orDash(all.Min), orDash(all.Max))
	var parts []string
	for _, l := range d.Def.Levels {
		n := s.All.Levels[l.Label]
		parts = append(parts, fmt.Sprintf("%s %d 家（%s）", l.Label, n, pct(s.All.ShareOf(n))))
	}
	t.Levels = questionnaires.LevelName + "分布：" + strings.Join(parts, "，") + "。"
	t.Dims = v.dimSentence()
	t.Indicators = v.indicatorSentences()
	t.Bands = v.bandSentence()
	under, over := a.Line.Under, a.Line.Over
	line := yi(a.Line.RevenueWan)
	t.Under = fmt.Sprintf("%s以下企业中 %d 家（%s）数字化投入强度低于%s%%。按近三年年均数字化投入合计除以营业收入合计，%s以下企业的投入强度为 %s（企业中位数 %s）；%s及以上的 %d 家企业为 %s（企业中位数 %s）。",
		line, under.LowInvestment, pct(under.LowInvestmentShare), short(a.Line.IntensityBelow),
		line, pct(under.Intensity), pct(under.MedianIntensity), line, over.Submitted, pct(over.Intensity), pct(over.MedianIntensity))
	t.Awareness = fmt.Sprintf("意识不足（规划停留在“无”或“主动了解”、且未设数字化岗位或部门）的企业，%s以下 %d 家（占该部分已提交企业的 %s），%s及以上 %d 家（%s）。",
		line, under.LowAwareness, pct(under.LowAwarenessShare), line, over.LowAwareness, pct(over.LowAwarenessShare))
	t.Districts = v.rangeSentence("区县", s.ByDistrict, v.district)
	t.Industries = v.industrySentence()
	t.Invest = fmt.Sprintf("全市投入不足企业（营业收入%s以下且数字化投入强度低于%s%%）共 %d 家，是“数字赋智工程”优先服务的对象。",
		line, short(a.Line.IntensityBelow), s.LowInvestmentUnder1B)
	t.WorkList = v.workListSentence()
	t.Needs = v.needSentence()
	if c := a.Change; c != nil {
		t.BeforeYear = strconv.Itoa(d.Before.Year)
		t.Change = fmt.Sprintf("与%s年度相比（当年已提交 %d 家，本年度 %d 家），全市平均总分由 %s 分变为 %s 分（%s 分）。",
			t.BeforeYear, c.SubmittedBefore, c.SubmittedNow, orDash(c.Total.Before), orDash(c.Total.Now), signed(c.Total.Change))
		for _, dl := range c.Dimensions {
			t.ChangeDims = append(t.ChangeDims, fmt.Sprintf("%s平均得分率 %s → %s（%s 个百分点）", dl.Key, pct(dl.Before), pct(dl.Now), signed(dl.Change)))
		}
		m := c.Moves
		t.Moves = fmt.Sprintf("两个年度均提交的 %d 家企业中，"+questionnaires.LevelName+"上升 %d 家（%s），持平 %d 家，下降 %d 家（%s）。",
			m.Both, m.Up, pct(m.UpShare), m.Same, m.Down, pct(m.DownShare))
	}
	return t
}

func (v *vocab) dimSentence() string {
	type dm struct {
		key  string
		mean *fixed
	}
	var ds []dm
	for _, k := range v.dims {
		if m := v.s.All.Dimensions[k].Mean; m != nil {
			ds = append(ds, dm{k, m})
		}
	}
	if len(ds) == 0 {
		return "已提交企业不足3家，不计算维度平均得分率。"
	}
	sort.SliceStable(ds, func(i, j int) bool { return *ds[i].mean > *ds[j].mean })
	hi, lo := ds[0], ds[len(ds)-1]
	return fmt.Sprintf("四个维度中平均得分率最高的是%s（%s），最低的是%s（%s）：得分率是该维度得分占其满分的百分比，便于维度之间比较。",
		hi.key, pct(hi.mean), lo.key, pct(lo.mean))
}

func (v *vocab) indicatorSentences() []string {
	var out []string
	for _, ind := range v.d.Def.Indicators {
		if ind.Target == nil {
			continue
		}
		out = append(out, fmt.Sprintf("%s %s，全国2025年目标 %s%%", ind.Key, pct(v.s.All.Indicators[ind.Key]), short(*target(ind))))
	}
	return out
}

func (v *vocab) bandSentence() string {
	var parts []string
	for _, g := range v.s.ByBand {
		parts = append(parts, fmt.Sprintf("%s %d 家、平均 %s 分", g.Key, g.Total.N, orDash(g.Total.Mean)))
	}
	return "各规模档已提交企业及平均总分：" + strings.Join(parts, "；") + "。"
}

// rangeSentence names the slices with the highest and lowest mean total.
func (v *vocab) rangeSentence(what string, groups []analysis.Group, name func(string) string) string {
	var hi, lo *analysis.Group
	for i := range groups {
		g := &groups[i]
		if g.Total.Mean == nil {
			continue
		}
		if hi == nil || *g.Total.Mean > *hi.Total.Mean {
			hi = g
		}
		if lo == nil || *g.Total.Mean < *lo.Total.Mean {
			lo = g
		}
	}
	if hi == nil {
		return "各" + what + "已提交企业均不足3家，不计算平均总分。"
	}
	return fmt.Sprintf("平均总分最高的%s是%s（%s 分，%d 家），最低的是%s（%s 分，%d 家）。", what,
		name(hi.Key), orDash(hi.Total.Mean), hi.Total.N, name(lo.Key), orDash(lo.Total.Mean), lo.Total.N)
}

func (v *vocab) industrySentence() string {
	shown, small := v.industries()
	s := fmt.Sprintf("名录企业分布在 %d 个行业大类，其中 %d 个行业有不少于3家企业提交，给出平均数和分布。",
		len(v.s.ByIndustry), len(shown))
	if len(small) > 0 {
		s += fmt.Sprintf("其余 %d 个行业提交企业不足3家，只给出家数（表4）。", len(small))
	}
	return s + v.rangeSentence("行业", shown, v.Industry)
}

func (v *vocab) workListSentence() string {
	return fmt.Sprintf("投入不足企业共 %d 家，是“数字赋智工程”的工作对象。下表按区县、行业给出家数；"+
		"逐家名单（含各企业得分率最低的维度）见随本报告提供的数据手册“低投入企业”工作表，供区县跟进，不在报告正文中列出。",
		v.s.LowInvestmentUnder1B)
}

func (v *vocab) needSentence() string {
	needs := append([]analysis.NeedCount(nil), v.s.NeedsByKind...)
	sort.SliceStable(needs, func(i, j int) bool { return needs[i].Firms > needs[j].Firms })
	var parts []string
	for _, n := range needs[:min(3, len(needs))] {
		parts = append(parts, fmt.Sprintf("%s（%d 家，%s）", n.Label, n.Firms, pct(n.Share)))
	}
	if len(parts) == 0 {
		return "尚无企业提交服务需求。"
	}
	return "企业最需要的服务是" + strings.Join(parts, "、") + "。这是全市数字化服务商需要满足的需求。"
}
