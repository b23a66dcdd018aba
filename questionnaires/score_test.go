package questionnaires

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// Golden scores, worked out by hand from DESIGN.md "Scoring, 2020 edition"
// and the option scores of defs/jiaxing-2020.yaml. Nothing here is computed
// by the code under test.
//
// The method, per dimension (raw points → points of 100):
//   数字化基础 40 of raw 50: points = raw × 0.8, percent = raw × 2
//     f_network 2 per option (8); 设备数字化率, 设备联网率 by bands
//     [0,10]→0 (10,20]→1.5 (20,40]→3 (40,60]→4.5 (60,100]→6; f_data_collection
//     0.7 per option, hr 0.9 (10); f_info_systems none 0/single 2.5/multiple 5/
//     most 7.5/all 10; f_net_security, f_data_security 1.25 per option (5 each)
//   数字化经营 30 of raw 104: Σ weight×level (weight 2 for the ten 约束性
//     scenes, 1 for the six others); points = 30×Σ/104, percent = Σ/104×100
//   数字化管理 15 of raw 30: points = raw × 0.5, percent = raw/30×100
//     m_plan none 0/aware 1.5/planned 3/started 4.5/effective 6/leading 7.5;
//     m_mechanism 1.875 per option; m_talent 1.5 per option; 资金保障 by
//     intensity p_invest_avg / roster revenue: <0.5%→0 [0.5,1)→1.875
//     [1,2)→3.75 [2,3)→5.625 ≥3→7.5
//   数字化成效 15 of raw 20: points = raw × 0.75, percent = raw × 5
//     o_energy increase 0/flat 3.5/decrease 7; o_quality decrease 0/flat 3.5/
//     increase 7; o_market decrease 0/flat 1.5/increase 3; o_cost increase 0/
//     flat 1.5/decrease 3
// Each figure is rounded once, half up; the total is the exact sum of the
// exact points, rounded once; the level is read from the rounded total.

type goldenCase struct {
	name    string
	answers set
	revenue string // roster revenue, 万元

	total     string
	level     string
	levelCode int
	band      string
	// 数字化基础, 数字化经营, 数字化管理, 数字化成效
	percents [4]string
	points   [4]string
	bands    [4]int
	flags    []string
	inds     map[string]string // indicator → value ("null" for none); others unchecked
}

var dimKeys = [4]string{"数字化基础", "数字化经营", "数字化管理", "数字化成效"}

var allIndicators100 = map[string]string{
	"设备数字化率": "100.00", "设备联网率": "100.00", "关键工序数控化率": "100.00",
	"ERP普及率": "100.00", "MES普及率": "100.00", "PLM普及率": "100.00", "SCM普及率": "100.00",
	"CRM普及率": "100.00", "WMS普及率": "100.00", "上云率": "100.00", "采购电子商务普及率": "100.00",
	"销售电子商务普及率": "100.00", "数字化研发设计工具普及率": "100.00", "数字化投入强度": "3.00",
}

var goldenCases = []goldenCase{
	{
		// 基础: network control+system 2+2=4; digital 100/200=50% → 4.5;
		//   networked 60/200=30% → 3; collection finance 0.7 + hr 0.9 = 1.6;
		//   info multiple 5; net security 2×1.25=2.5; data security 1.25
		//   raw 4+4.5+3+1.6+5+2.5+1.25 = 21.85 → points 17.48, 43.70% → band 2
		// 经营: Σ = 10×2×2 + 6×1×1 = 46 → 30×46/104 = 13.269230… → 13.27,
		//   46/104 = 44.230769…% → 44.23 → band 2
		// 管理: planned 3 + workflow 1.875 + parttime,dept 3 + 资金 600/50000
		//   = 1.2% → 3.75; raw 11.625 → 5.8125 → 5.81, 38.75% → band 1
		// 成效: flat 3.5 + increase 7 + flat 1.5 + flat 1.5 = 13.5 → 10.125 →
		//   10.13, 67.50% → band 3
		// total 17.48 + 13.269230… + 5.8125 + 10.125 = 46.686730… → 46.69 → 二级
		name: "baseline", answers: baseline, revenue: "50000",
		total: "46.69", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "38.75", "67.50"},
		points:   [4]string{"17.48", "13.27", "5.81", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{},
		inds: map[string]string{
			"设备数字化率": "50.00", "设备联网率": "30.00", "关键工序数控化率": "50.00",
			"ERP普及率": "100.00", "MES普及率": "0.00", "PLM普及率": "0.00", "SCM普及率": "0.00",
			"CRM普及率": "0.00", "WMS普及率": "0.00", "上云率": "100.00", "采购电子商务普及率": "100.00",
			"销售电子商务普及率": "0.00", "数字化研发设计工具普及率": "100.00", "数字化投入强度": "1.20",
		},
	},
	{
		// (a) every lowest answer: every raw score 0 (equipment 0/100 = 0% → 0,
		// investment 0 → 0% → 0) → total 0.00 → 未达一级. A firm of 1.5亿
		// (under 10亿) with intensity 0 < 1% → low_investment; m_plan none and
		// m_talent without dept → low_awareness.
		name: "(a) all lowest", answers: lowest.with(set{"p_revenue": `15000`}), revenue: "15000",
		total: "0.00", level: "未达一级", levelCode: 0, band: "1-2亿",
		percents: [4]string{"0.00", "0.00", "0.00", "0.00"},
		points:   [4]string{"0.00", "0.00", "0.00", "0.00"},
		bands:    [4]int{0, 0, 0, 0},
		flags:    []string{"low_investment", "low_awareness"},
		inds: map[string]string{
			"设备数字化率": "0.00", "设备联网率": "0.00", "关键工序数控化率": "0.00",
			"ERP普及率": "0.00", "MES普及率": "0.00", "PLM普及率": "0.00", "SCM普及率": "0.00",
			"CRM普及率": "0.00", "WMS普及率": "0.00", "上云率": "0.00", "采购电子商务普及率": "0.00",
			"销售电子商务普及率": "0.00", "数字化研发设计工具普及率": "0.00", "数字化投入强度": "0.00",
		},
	},
	{
		// (b) every highest answer: 基础 8+6+6+10+10+5+5 = 50 → 40.00;
		// 经营 Σ = 26×4 = 104 → 30.00; 管理 7.5+7.5+7.5 + 资金 1500/50000 = 3%
		// (lower bound included) → 7.5 = 30 → 15.00; 成效 7+7+3+3 = 20 → 15.00.
		// total 100.00 → 四级, every band 100/20 = 5, no flag.
		name: "(b) all highest", answers: highest, revenue: "50000",
		total: "100.00", level: "四级", levelCode: 4, band: "4-10亿",
		percents: [4]string{"100.00", "100.00", "100.00", "100.00"},
		points:   [4]string{"40.00", "30.00", "15.00", "15.00"},
		bands:    [4]int{5, 5, 5, 5},
		flags:    []string{},
		inds:     allIndicators100,
	},
	{
		// (c) exactly 20: lowest, but net security all four 4×1.25 = 5 and data
		// security ledger 1.25 → 基础 raw 6.25 → 5.00 points, 12.50%; 成效 all best
		// 20 → 15.00. total 5 + 15 = 20.00 → 一级 (lower bound included).
		name: "(c) exactly 20.00", answers: lowest.with(bestOutcome).with(set{
			"p_revenue": `15000`, "f_net_security": allSecurity, "f_data_security": `["ledger"]`,
		}), revenue: "15000",
		total: "20.00", level: "一级", levelCode: 1, band: "1-2亿",
		percents: [4]string{"12.50", "0.00", "0.00", "100.00"},
		points:   [4]string{"5.00", "0.00", "0.00", "15.00"},
		bands:    [4]int{0, 0, 0, 5},
		flags:    []string{"low_investment", "low_awareness"},
	},
	{
		// just below 20: as (c) without data security → 基础 raw 5 → 4.00, 10.00%;
		// total 4 + 15 = 19.00 → 未达一级.
		name: "(c') 19.00", answers: lowest.with(bestOutcome).with(set{
			"p_revenue": `15000`, "f_net_security": allSecurity,
		}), revenue: "15000",
		total: "19.00", level: "未达一级", levelCode: 0, band: "1-2亿",
		percents: [4]string{"10.00", "0.00", "0.00", "100.00"},
		points:   [4]string{"4.00", "0.00", "0.00", "15.00"},
		bands:    [4]int{0, 0, 0, 5},
		flags:    []string{"low_investment", "low_awareness"},
	},
	{
		// (d) exact total 39.995, rounded half up to 40.00 → 二级.
		// 基础: network all 8; digital 300/1000 = 30% → 3; networked 150/1000 =
		//   15% → 1.5; collection design+process 1.4; info all 10; net security
		//   all 5; data security none 0 → raw 28.9 → 23.12, 57.80%
		// 经营: every scene level 1, Σ = 10×2 + 6×1 = 26 → 30×26/104 = 7.50, 25.00%
		// 管理: plan none, mechanism none, talent none; 资金 500/50000 = 1% exactly
		//   → [1%,2%) → 3.75 → points 1.875 → 1.88, 12.50%
		// 成效: energy decrease 7 + cost decrease 3 = 10 → 7.50, 50.00%
		// total 23.12 + 7.5 + 1.875 + 7.5 = 39.995 exactly → 40.00 → 二级.
		// Intensity 1% is not under 1% → no low_investment; low_awareness.
		name: "(d) 39.995 rounds to 40.00", answers: lowest.with(scenes(1, 1)).with(set{
			"p_revenue": `50000`, "p_invest_avg": `500`,
			"f_network": allNetwork, "f_eq_total": `1000`, "f_eq_digital": `300`, "f_eq_networked": `150`,
			"f_data_collection": `["design","process"]`, "f_info_systems": `"all"`, "f_net_security": allSecurity,
			"o_energy": `"decrease"`, "o_cost": `"decrease"`,
		}), revenue: "50000",
		total: "40.00", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"57.80", "25.00", "12.50", "50.00"},
		points:   [4]string{"23.12", "7.50", "1.88", "7.50"},
		bands:    [4]int{2, 1, 0, 2},
		flags:    []string{"low_awareness"},
		inds:     map[string]string{"设备数字化率": "30.00", "设备联网率": "15.00", "数字化投入强度": "1.00"},
	},
	{
		// (d') exact total 39.998461…, with a 经营 share that is no decimal.
		// 基础: network all 8; digital 100/200 = 50% → 4.5; networked 50/200 =
		//   25% → 3; collection design 0.7; info all 10; net security 3×1.25 =
		//   3.75; data security none → raw 29.95 → 23.96, 59.90%
		// 经营: 约束性 scenes level 2, others 0: Σ = 10×2×2 = 40 → 30×40/104 =
		//   11.538461… → 11.54, 40/104 = 38.461538…% → 38.46
		// 管理 0. 成效: market increase 3 + cost decrease 3 = 6 → 4.50, 30.00%
		// total 23.96 + 11.538461… + 0 + 4.5 = 39.998461… → 40.00 → 二级.
		name: "(d') 39.998461… rounds to 40.00", answers: lowest.with(scenes(2, 0)).with(set{
			"p_revenue": `15000`,
			"f_network": allNetwork, "f_eq_total": `200`, "f_eq_digital": `100`, "f_eq_networked": `50`,
			"f_data_collection": `["design"]`, "f_info_systems": `"all"`,
			"f_net_security": `["policy","products","assessment"]`,
			"o_market":       `"increase"`, "o_cost": `"decrease"`,
		}), revenue: "15000",
		total: "40.00", level: "二级", levelCode: 2, band: "1-2亿",
		percents: [4]string{"59.90", "38.46", "0.00", "30.00"},
		points:   [4]string{"23.96", "11.54", "0.00", "4.50"},
		bands:    [4]int{2, 1, 0, 1},
		flags:    []string{"low_investment", "low_awareness"},
	},
	{
		// (e) exact total 59.994230…, which stays 59.99 → 二级, although the
		// rounded dimension points add up to 36.60 + 5.77 + 2.63 + 15.00 = 60.00.
		// 基础: network all 8; digital 10/10 = 100% → 6; networked 7/10 = 70% → 6;
		//   collection ten 0.7-options = 7; info all 10; net security all 5; data
		//   security 3×1.25 = 3.75 → raw 45.75 → 36.60, 91.50% → band 4
		// 经营: 约束性 scenes level 1, others 0: Σ = 20 → 30×20/104 = 75/13 =
		//   5.769230… → 5.77; 20/104 = 19.230769…% → 19.23 → band 0
		// 管理: aware 1.5 + workflow,systems 3.75 + talent none 0 + 资金 200/50000
		//   = 0.4% → 0 → raw 5.25 → 2.625 → 2.63 (half up), 17.50%
		// 成效: all best 20 → 15.00
		// total 36.6 + 5.769230… + 2.625 + 15 = 59.994230… → 59.99 → 二级.
		// Flags: 0.4% < 1% and 5亿 < 10亿 → low_investment; aware without dept →
		// low_awareness.
		name: "(e) 59.994230… stays 59.99", answers: lowest.with(scenes(1, 0)).with(bestOutcome).with(set{
			"p_revenue": `50000`, "p_invest_avg": `200`,
			"f_network": allNetwork, "f_eq_total": `10`, "f_eq_digital": `10`, "f_eq_networked": `7`,
			"f_data_collection": `["design","process","marketing","after_sales","planning","production","quality","equipment","safety","energy"]`,
			"f_info_systems":    `"all"`, "f_net_security": allSecurity, "f_data_security": `["policy","products","assessment"]`,
			"m_plan": `"aware"`, "m_mechanism": `["workflow","systems"]`,
		}), revenue: "50000",
		total: "59.99", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"91.50", "19.23", "17.50", "100.00"},
		points:   [4]string{"36.60", "5.77", "2.63", "15.00"},
		bands:    [4]int{4, 0, 0, 5},
		flags:    []string{"low_investment", "low_awareness"},
		inds:     map[string]string{"设备数字化率": "100.00", "设备联网率": "70.00", "数字化投入强度": "0.40"},
	},
	{
		// (f) exactly 80.00 → 四级, although the rounded points add up to 80.01.
		// 基础: network all 8; digital 10000/10000 → 6; networked 6001/10000 =
		//   60.01% → 6; collection all 10; info all 10; net security all 5; data
		//   security 2×1.25 = 2.5 → raw 47.5 → 38.00, 95.00% → band 4
		// 经营: every scene level 2: Σ = 52 → 15.00, 50.00% → band 2
		// 管理: leading 7.5 + mechanism all 7.5 + talent all 7.5 + 资金 1500/100000
		//   = 1.5% → 3.75 → raw 26.25 → 13.125 → 13.13, 87.50% → band 4
		// 成效: energy decrease 7 + quality increase 7 + market increase 3 + cost
		//   flat 1.5 = 18.5 → 13.875 → 13.88, 92.50% → band 4
		// total 38 + 15 + 13.125 + 13.875 = 80.00 → 四级. Revenue 10亿 is not under
		// 10亿 → band 10-50亿 and no low_investment.
		name: "(f) exactly 80.00", answers: highest.with(scenes(2, 2)).with(set{
			"p_revenue": `100000`, "p_invest_avg": `1500`,
			"f_eq_total": `10000`, "f_eq_digital": `10000`, "f_eq_networked": `6001`,
			"f_data_security": `["policy","products"]`, "o_cost": `"flat"`,
		}), revenue: "100000",
		total: "80.00", level: "四级", levelCode: 4, band: "10-50亿",
		percents: [4]string{"95.00", "50.00", "87.50", "92.50"},
		points:   [4]string{"38.00", "15.00", "13.13", "13.88"},
		bands:    [4]int{4, 2, 4, 4},
		flags:    []string{},
		inds:     map[string]string{"设备数字化率": "100.00", "设备联网率": "60.01", "数字化投入强度": "1.50"},
	},
	{
		// (f') as (f) with 999.99 万元/年 on 100000: 0.99999% → 1.875 → 管理
		// raw 24.375 → 12.1875 → 12.19, 81.25% → band 4; total 38 + 15 + 12.1875
		// + 13.875 = 79.0625 → 79.06 → 三级. A 10亿 firm under 1% is not flagged.
		name: "(f') 79.06", answers: highest.with(scenes(2, 2)).with(set{
			"p_revenue": `100000`, "p_invest_avg": `999.99`,
			"f_eq_total": `10000`, "f_eq_digital": `10000`, "f_eq_networked": `6001`,
			"f_data_security": `["policy","products"]`, "o_cost": `"flat"`,
		}), revenue: "100000",
		total: "79.06", level: "三级", levelCode: 3, band: "10-50亿",
		percents: [4]string{"95.00", "50.00", "81.25", "92.50"},
		points:   [4]string{"38.00", "15.00", "12.19", "13.88"},
		bands:    [4]int{4, 2, 4, 4},
		flags:    []string{},
		inds:     map[string]string{"数字化投入强度": "1.00"},
	},
	{
		// (g) intensity just under 1%: baseline with 499.99 on 50000 = 0.99998% →
		// [0.5%,1%) → 1.875; 管理 raw 3 + 1.875 + 3 + 1.875 = 9.75 → 4.875 → 4.88,
		// 32.50% → band 1; total 17.48 + 13.269230… + 4.875 + 10.125 = 45.749230…
		// → 45.75 → 二级. low_investment, although the published intensity
		// rounds to 1.00.
		name: "(g) 499.99 on 50000", answers: baseline.with(set{"p_invest_avg": `499.99`}), revenue: "50000",
		total: "45.75", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "32.50", "67.50"},
		points:   [4]string{"17.48", "13.27", "4.88", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{"low_investment"},
		inds:     map[string]string{"数字化投入强度": "1.00"},
	},
	{
		// (g) the same firm at exactly 1%: 500/50000 → 3.75 → the baseline's
		// 管理 11.625 → 5.81; total 46.69; no flag.
		name: "(g) 500 on 50000", answers: baseline.with(set{"p_invest_avg": `500`}), revenue: "50000",
		total: "46.69", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "38.75", "67.50"},
		points:   [4]string{"17.48", "13.27", "5.81", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{},
		inds:     map[string]string{"数字化投入强度": "1.00"},
	},
	{
		// (g) revenue exactly 100000 万元 (10亿) at 0.1%: 100/100000 → 0 → 管理 raw
		// 7.875 → 3.9375 → 3.94, 26.25%; total 17.48 + 13.269230… + 3.9375 +
		// 10.125 = 44.811730… → 44.81. Not under 10亿 → no low_investment.
		name: "(g) 10亿 at 0.1%", answers: baseline.with(set{"p_revenue": `100000`, "p_invest_avg": `100`}), revenue: "100000",
		total: "44.81", level: "二级", levelCode: 2, band: "10-50亿",
		percents: [4]string{"43.70", "44.23", "26.25", "67.50"},
		points:   [4]string{"17.48", "13.27", "3.94", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{},
		inds:     map[string]string{"数字化投入强度": "0.10"},
	},
	{
		// (h) m_plan aware, m_talent parttime+training (no dept): low_awareness.
		// 管理 raw 1.5 + 1.875 + 3 + 3.75 = 10.125 → 5.0625 → 5.06, 33.75%;
		// total 17.48 + 13.269230… + 5.0625 + 10.125 = 45.936730… → 45.94.
		name: "(h) aware without dept", answers: baseline.with(set{"m_plan": `"aware"`, "m_talent": `["parttime","training"]`}), revenue: "50000",
		total: "45.94", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "33.75", "67.50"},
		points:   [4]string{"17.48", "13.27", "5.06", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{"low_awareness"},
	},
	{
		// (h) aware with dept: no flag. 管理 raw 1.5 + 1.875 + 1.5 + 3.75 = 8.625
		// → 4.3125 → 4.31, 28.75%; total 30.749230… + 4.3125 + 10.125 =
		// 45.186730… → 45.19.
		name: "(h) aware with dept", answers: baseline.with(set{"m_plan": `"aware"`, "m_talent": `["dept"]`}), revenue: "50000",
		total: "45.19", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "28.75", "67.50"},
		points:   [4]string{"17.48", "13.27", "4.31", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{},
	},
	{
		// (h) planned without dept: no flag (planned is above the two lowest).
		// 管理 raw 3 + 1.875 + 1.5 + 3.75 = 10.125 → 5.06; total 45.94.
		name: "(h) planned without dept", answers: baseline.with(set{"m_plan": `"planned"`, "m_talent": `["parttime"]`}), revenue: "50000",
		total: "45.94", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "33.75", "67.50"},
		points:   [4]string{"17.48", "13.27", "5.06", "10.13"},
		bands:    [4]int{2, 2, 1, 3},
		flags:    []string{},
	},
	{
		// both flags, in the file's order: aware, talent none, 100/50000 = 0.2%.
		// 管理 raw 1.5 + 1.875 + 0 + 0 = 3.375 → 1.6875 → 1.69, 11.25% → band 0;
		// total 30.749230… + 1.6875 + 10.125 = 42.561730… → 42.56.
		name: "(h) both flags", answers: baseline.with(set{"m_plan": `"aware"`, "m_talent": `["none"]`, "p_invest_avg": `100`}), revenue: "50000",
		total: "42.56", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"43.70", "44.23", "11.25", "67.50"},
		points:   [4]string{"17.48", "13.27", "1.69", "10.13"},
		bands:    [4]int{2, 2, 0, 3},
		flags:    []string{"low_investment", "low_awareness"},
		inds:     map[string]string{"数字化投入强度": "0.20"},
	},
	{
		// No production equipment: both rates score 0 and their indicators are
		// null. 基础 raw 21.85 − 4.5 − 3 = 14.35 → 11.48, 28.70% → band 1;
		// total 11.48 + 13.269230… + 5.8125 + 10.125 = 40.686730… → 40.69.
		name: "no equipment", answers: baseline.with(set{"f_eq_total": `0`, "f_eq_digital": `0`, "f_eq_networked": `0`}), revenue: "50000",
		total: "40.69", level: "二级", levelCode: 2, band: "4-10亿",
		percents: [4]string{"28.70", "44.23", "38.75", "67.50"},
		points:   [4]string{"11.48", "13.27", "5.81", "10.13"},
		bands:    [4]int{1, 2, 1, 3},
		flags:    []string{},
		inds:     map[string]string{"设备数字化率": "null", "设备联网率": "null", "数字化投入强度": "1.20"},
	},
}

func TestScoreGolden(t *testing.T) {
	d := def2020(t)
	for _, c := range goldenCases {
		t.Run(c.name, func(t *testing.T) {
			a := c.answers.parse(t, d)
			if ids, _ := d.Missing(a); len(ids) != 0 {
				t.Fatalf("golden answers incomplete: %v", ids)
			}
			r := d.Score(a, Facts{RevenueWan: wan(c.revenue)})
			checkGolden(t, c, r)
		})
	}
}

func checkGolden(t *testing.T, c goldenCase, r Result) {
	t.Helper()
	if r.Total.String() != c.total {
		t.Errorf("total = %s, want %s", r.Total, c.total)
	}
	if r.Level != c.level || r.LevelCode != c.levelCode {
		t.Errorf("level = %s (%d), want %s (%d)", r.Level, r.LevelCode, c.level, c.levelCode)
	}
	if r.Band != c.band {
		t.Errorf("band = %s, want %s", r.Band, c.band)
	}
	if len(r.Dimensions) != 4 || len(r.DimensionPoints) != 4 || len(r.DimensionBands) != 4 {
		t.Errorf("dimension maps: %v %v %v", r.Dimensions, r.DimensionPoints, r.DimensionBands)
	}
	for i, k := range dimKeys {
		if got := r.Dimensions[k].String(); got != c.percents[i] {
			t.Errorf("%s percent = %s, want %s", k, got, c.percents[i])
		}
		if got := r.DimensionPoints[k].String(); got != c.points[i] {
			t.Errorf("%s points = %s, want %s", k, got, c.points[i])
		}
		if got := r.DimensionBands[k]; got != c.bands[i] {
			t.Errorf("%s band = %d, want %d", k, got, c.bands[i])
		}
	}
	if !reflect.DeepEqual(r.Flags, c.flags) {
		t.Errorf("flags = %#v, want %#v", r.Flags, c.flags)
	}
	if len(r.Indicators) != 14 {
		t.Errorf("%d indicators, want 14", len(r.Indicators))
	}
	for _, k := range sortedKeys(c.inds) {
		iv, ok := r.Indicators[k]
		if !ok {
			t.Errorf("indicator %s missing", k)
			continue
		}
		if got := fx(iv.Value); got != c.inds[k] {
			t.Errorf("indicator %s = %s, want %s", k, got, c.inds[k])
		}
	}
}

// Investment intensity bands (lower bound included) on the baseline firm
// (roster 50000 万元). 管理 raw without 资金 = planned 3 + workflow 1.875 +
// parttime,dept 3 = 7.875; points = (7.875 + 资金)/2; the other dimensions
// stay 17.48 + 13.269230… + 10.125 = 40.874230….
func TestScoreFundingBands(t *testing.T) {
	d := def2020(t)
	cases := []struct {
		invest, revenue string
		intensity       string // published, rounded
		points, pct     string // 数字化管理
		total           string
		band            string
		lowInvestment   bool
	}{
		// 249.99/50000 = 0.49998% → 0: 7.875/2 = 3.9375; 40.874230…+3.9375 = 44.811730…
		{"249.99", "50000", "0.50", "3.94", "26.25", "44.81", "4-10亿", true},
		// 250/50000 = 0.5% → 1.875: 9.75/2 = 4.875; total 45.749230…
		{"250", "50000", "0.50", "4.88", "32.50", "45.75", "4-10亿", true},
		// 499.99/50000 = 0.99998% → 1.875
		{"499.99", "50000", "1.00", "4.88", "32.50", "45.75", "4-10亿", true},
		// 500/50000 = 1% → 3.75: 11.625/2 = 5.8125; total 46.686730…
		{"500", "50000", "1.00", "5.81", "38.75", "46.69", "4-10亿", false},
		// 999.99/50000 = 1.99998% → 3.75
		{"999.99", "50000", "2.00", "5.81", "38.75", "46.69", "4-10亿", false},
		// 1000/50000 = 2% → 5.625: 13.5/2 = 6.75; total 47.624230…
		{"1000", "50000", "2.00", "6.75", "45.00", "47.62", "4-10亿", false},
		// 1499.99/50000 = 2.99998% → 5.625
		{"1499.99", "50000", "3.00", "6.75", "45.00", "47.62", "4-10亿", false},
		// 1500/50000 = 3% → 7.5: 15.375/2 = 7.6875; total 48.561730…
		{"1500", "50000", "3.00", "7.69", "51.25", "48.56", "4-10亿", false},
		// 40000/50000 = 80% → 7.5
		{"40000", "50000", "80.00", "7.69", "51.25", "48.56", "4-10亿", false},
		// 10亿 exactly is not under 10亿: no flag at 0.1%
		{"100", "100000", "0.10", "3.94", "26.25", "44.81", "10-50亿", false},
		// just under 10亿: 100/99999.99 = 0.1000000100…% → flagged
		{"100", "99999.99", "0.10", "3.94", "26.25", "44.81", "4-10亿", true},
		// 1.5 万元 on 1亿: 0.015% → 0.02 (half up) → 0
		{"1.5", "10000", "0.02", "3.94", "26.25", "44.81", "1-2亿", true},
	}
	for _, c := range cases {
		a := baseline.with(set{"p_invest_avg": c.invest, "p_revenue": c.revenue}).parse(t, d)
		r := d.Score(a, Facts{RevenueWan: wan(c.revenue)})
		name := c.invest + " on " + c.revenue
		iv := r.Indicators["数字化投入强度"]
		if got := fx(iv.Value); got != c.intensity {
			t.Errorf("%s: intensity %s, want %s", name, got, c.intensity)
		}
		if fx(iv.Num) != wan(c.invest).String() || fx(iv.Den) != wan(c.revenue).String() {
			t.Errorf("%s: num/den = %s/%s", name, fx(iv.Num), fx(iv.Den))
		}
		if got := r.DimensionPoints["数字化管理"].String(); got != c.points {
			t.Errorf("%s: 管理 points %s, want %s", name, got, c.points)
		}
		if got := r.Dimensions["数字化管理"].String(); got != c.pct {
			t.Errorf("%s: 管理 percent %s, want %s", name, got, c.pct)
		}
		if r.Total.String() != c.total || r.Band != c.band {
			t.Errorf("%s: total %s band %s, want %s %s", name, r.Total, r.Band, c.total, c.band)
		}
		if got := contains(r.Flags, "low_investment"); got != c.lowInvestment {
			t.Errorf("%s: low_investment %v, want %v (flags %v)", name, got, c.lowInvestment, r.Flags)
		}
	}
}

// Without the roster revenue, or without the firm's investment, there is no
// intensity: 资金保障 scores 0, the indicator is null and no flag is raised.
func TestScoreNoIntensity(t *testing.T) {
	d := def2020(t)
	for name, c := range map[string]struct {
		answers set
		revenue string
		num     string
	}{
		"roster revenue 0":   {baseline, "0", "600.00"},
		"investment missing": {baseline.with(set{"p_invest_avg": "-"}), "50000", "null"},
	} {
		r := d.Score(c.answers.parse(t, d), Facts{RevenueWan: wan(c.revenue)})
		iv := r.Indicators["数字化投入强度"]
		if iv.Value != nil || fx(iv.Num) != c.num {
			t.Errorf("%s: intensity %s num %s", name, fx(iv.Value), fx(iv.Num))
		}
		// 管理 raw 7.875 → 3.94
		if got := r.DimensionPoints["数字化管理"].String(); got != "3.94" {
			t.Errorf("%s: 管理 points %s, want 3.94", name, got)
		}
		if len(r.Flags) != 0 {
			t.Errorf("%s: flags %v", name, r.Flags)
		}
	}
}

// low_awareness: 规划实施 at none or aware, and no dept in 人才建设.
// 管理 points: raw (plan + 1.875 + talent + 3.75) / 2.
func TestScoreAwarenessFlag(t *testing.T) {
	d := def2020(t)
	cases := []struct {
		plan, talent string
		flag         bool
		points       string
	}{
		{`"none"`, `["none"]`, true, "2.81"},                 // (0+1.875+0+3.75)/2 = 2.8125
		{`"none"`, `["dept"]`, false, "3.56"},                // (0+1.875+1.5+3.75)/2 = 3.5625
		{`"aware"`, `["parttime","training"]`, true, "5.06"}, // (1.5+1.875+3+3.75)/2 = 5.0625
		{`"aware"`, `["dept"]`, false, "4.31"},               // (1.5+1.875+1.5+3.75)/2 = 4.3125
		{`"aware"`, allTalent, false, "7.31"},                // (1.5+1.875+7.5+3.75)/2 = 7.3125
		{`"planned"`, `["parttime"]`, false, "5.06"},         // (3+1.875+1.5+3.75)/2 = 5.0625
		{`"started"`, `["none"]`, false, "5.06"},             // (4.5+1.875+0+3.75)/2 = 5.0625
		{`"leading"`, `["none"]`, false, "6.56"},             // (7.5+1.875+0+3.75)/2 = 6.5625
		{`"aware"`, "-", true, "3.56"},                       // talent unanswered (draft): (1.5+1.875+0+3.75)/2
		{"-", `["none"]`, false, "2.81"},                     // plan unanswered: not at a low option
	}
	for _, c := range cases {
		a := baseline.with(set{"m_plan": c.plan, "m_talent": c.talent}).parse(t, d)
		r := d.Score(a, Facts{RevenueWan: wan("50000")})
		if got := contains(r.Flags, "low_awareness"); got != c.flag {
			t.Errorf("plan %s talent %s: low_awareness %v, want %v", c.plan, c.talent, got, c.flag)
		}
		if got := r.DimensionPoints["数字化管理"].String(); got != c.points {
			t.Errorf("plan %s talent %s: 管理 points %s, want %s", c.plan, c.talent, got, c.points)
		}
	}
}

// Equipment rates on the baseline firm: 基础 raw without them is
// 4 + 1.6 + 5 + 2.5 + 1.25 = 14.35; points = raw × 0.8.
func TestScoreEquipmentBands(t *testing.T) {
	d := def2020(t)
	cases := []struct {
		total, digital, networked string
		digitalRate, networkRate  string // indicators
		points                    string // 数字化基础
	}{
		{"0", "0", "0", "null", "null", "11.48"},                // no equipment: 14.35 × 0.8
		{"10000", "1000", "1000", "10.00", "10.00", "11.48"},    // 10% → 0 (upper bound included)
		{"10000", "1001", "1001", "10.01", "10.01", "13.88"},    // 10.01% → 1.5 each: 17.35 × 0.8
		{"10000", "2000", "2000", "20.00", "20.00", "13.88"},    // 20% → 1.5
		{"10000", "2001", "2001", "20.01", "20.01", "16.28"},    // 20.01% → 3 each: 20.35 × 0.8
		{"10000", "4000", "4000", "40.00", "40.00", "16.28"},    // 40% → 3
		{"10000", "4001", "4001", "40.01", "40.01", "18.68"},    // → 4.5 each: 23.35 × 0.8
		{"10000", "6000", "6000", "60.00", "60.00", "18.68"},    // 60% → 4.5
		{"10000", "6001", "6001", "60.01", "60.01", "21.08"},    // 60.01% → 6 each: 26.35 × 0.8
		{"10000", "10000", "0", "100.00", "0.00", "16.28"},      // 6 + 0: 20.35 × 0.8
		{"3", "1", "1", "33.33", "33.33", "16.28"},              // 33.3…% → 3 each
		{"3", "2", "2", "66.67", "66.67", "21.08"},              // 66.6…% → 6 each
		{"100000", "10001", "10000", "10.00", "10.00", "12.68"}, // 10.001% → 1.5 (exact, not the rounded 10.00) + 0: 15.85 × 0.8
		{"10000000", "1000001", "0", "10.00", "0.00", "12.68"},  // 10.00001% → 1.5
		{"200", "100", "-", "50.00", "null", "15.08"},           // networked unanswered: 14.35 + 4.5 = 18.85 × 0.8
		{"-", "100", "60", "null", "null", "11.48"},             // total unanswered
	}
	for _, c := range cases {
		a := baseline.with(set{"f_eq_total": c.total, "f_eq_digital": c.digital, "f_eq_networked": c.networked}).parse(t, d)
		r := d.Score(a, Facts{RevenueWan: wan("50000")})
		name := c.digital + "," + c.networked + " of " + c.total
		if got := fx(r.Indicators["设备数字化率"].Value); got != c.digitalRate {
			t.Errorf("%s: 设备数字化率 %s, want %s", name, got, c.digitalRate)
		}
		if got := fx(r.Indicators["设备联网率"].Value); got != c.networkRate {
			t.Errorf("%s: 设备联网率 %s, want %s", name, got, c.networkRate)
		}
		if got := r.DimensionPoints["数字化基础"].String(); got != c.points {
			t.Errorf("%s: 基础 points %s, want %s", name, got, c.points)
		}
	}
}

func TestScoreRatioNumDen(t *testing.T) {
	d := def2020(t)
	r := d.Score(baseline.parse(t, d), Facts{RevenueWan: wan("50000")})
	want := map[string][3]string{ // value, num, den
		"设备数字化率":   {"50.00", "100.00", "200.00"},
		"设备联网率":    {"30.00", "60.00", "200.00"},
		"关键工序数控化率": {"50.00", "10.00", "20.00"},
		"数字化投入强度":  {"1.20", "600.00", "50000.00"},
		"ERP普及率":   {"100.00", "null", "null"},
		"WMS普及率":   {"0.00", "null", "null"},
	}
	for k, w := range want {
		iv := r.Indicators[k]
		if got := [3]string{fx(iv.Value), fx(iv.Num), fx(iv.Den)}; got != w {
			t.Errorf("%s = %v, want %v", k, got, w)
		}
	}
	// With no equipment the zeros are kept, for Σnum/Σden, but the value is null.
	r = d.Score(baseline.with(set{"f_eq_total": `0`, "f_eq_digital": `0`, "f_eq_networked": `0`}).parse(t, d), Facts{RevenueWan: wan("50000")})
	iv := r.Indicators["设备联网率"]
	if iv.Value != nil || fx(iv.Num) != "0.00" || fx(iv.Den) != "0.00" {
		t.Errorf("设备联网率 without equipment = %s %s/%s", fx(iv.Value), fx(iv.Num), fx(iv.Den))
	}
	b, err := json.Marshal(iv)
	if err != nil || string(b) != `{"value":null,"num":0.00,"den":0.00}` {
		t.Errorf("JSON = %s, %v", b, err)
	}
	// Key processes 7 of 9 = 77.777…% → 77.78.
	r = d.Score(baseline.with(set{"u_key_processes": `9`, "u_key_processes_nc": `7`}).parse(t, d), Facts{RevenueWan: wan("50000")})
	if got := fx(r.Indicators["关键工序数控化率"].Value); got != "77.78" {
		t.Errorf("关键工序数控化率 7/9 = %s, want 77.78", got)
	}
	// Adoption is 0 or 100, one system at a time.
	r = d.Score(baseline.with(set{"u_systems": `["mes","wms"]`, "u_cloud": `"none"`, "u_ecommerce_sales": `"yes"`}).parse(t, d), Facts{RevenueWan: wan("50000")})
	for k, w := range map[string]string{"ERP普及率": "0.00", "MES普及率": "100.00", "WMS普及率": "100.00", "上云率": "0.00", "销售电子商务普及率": "100.00"} {
		if got := fx(r.Indicators[k].Value); got != w {
			t.Errorf("%s = %s, want %s", k, got, w)
		}
	}
	for _, cloud := range []string{"infra", "business", "platform"} {
		r = d.Score(baseline.with(set{"u_cloud": `"` + cloud + `"`}).parse(t, d), Facts{RevenueWan: wan("50000")})
		if got := fx(r.Indicators["上云率"].Value); got != "100.00" {
			t.Errorf("上云率 with %s = %s", cloud, got)
		}
	}
}

func TestBandOf(t *testing.T) {
	d := def2020(t)
	for in, want := range map[string]string{
		"0":         "1-2亿",
		"10000":     "1-2亿",
		"19999.99":  "1-2亿",
		"20000":     "2-4亿",
		"39999.99":  "2-4亿",
		"40000":     "4-10亿",
		"99999.99":  "4-10亿",
		"100000":    "10-50亿",
		"499999.99": "10-50亿",
		"500000":    "50亿以上",
		"9000000":   "50亿以上",
	} {
		if got := d.BandOf(wan(in)); got != want {
			t.Errorf("BandOf(%s) = %s, want %s", in, got, want)
		}
		if got := d.Score(baseline.parse(t, d), Facts{RevenueWan: wan(in)}).Band; got != want {
			t.Errorf("Score band for %s = %s, want %s", in, got, want)
		}
	}
}

func TestLevelOf(t *testing.T) {
	d := def2020(t)
	for in, want := range map[string]string{
		"0": "未达一级", "19.99": "未达一级", "20": "一级", "39.99": "一级", "40": "二级",
		"59.99": "二级", "60": "三级", "79.99": "三级", "80": "四级", "100": "四级",
	} {
		if got := d.LevelOf(wan(in)); got.Label != want {
			t.Errorf("LevelOf(%s) = %s, want %s", in, got.Label, want)
		}
	}
}

func TestDimensionBand(t *testing.T) {
	d := def2020(t)
	for in, want := range map[string]int{
		"100": 5, "99.99": 4, "80": 4, "79.99": 3, "60": 3, "40": 2, "39.99": 1, "20": 1, "19.99": 0, "0": 0,
	} {
		if got := d.dimensionBand(wan(in)); got != want {
			t.Errorf("dimensionBand(%s) = %d, want %d", in, got, want)
		}
	}
}

func TestBandTableLookup(t *testing.T) {
	upper := BandTable{Closed: "upper", Edges: []Dec{D("10"), D("20")}, Scores: []Dec{D("0"), D("1"), D("2")}}
	lower := BandTable{Closed: "lower", Edges: []Dec{D("10"), D("20")}, Scores: []Dec{D("0"), D("1"), D("2")}}
	for _, c := range []struct {
		v            string
		upper, lower string
	}{
		{"0", "0", "0"}, {"10", "0", "1"}, {"10.0001", "1", "1"}, {"20", "1", "2"}, {"20.5", "2", "2"}, {"999", "2", "2"},
	} {
		v := D(c.v).Rat()
		if got := upper.Lookup(v).RatString(); got != c.upper {
			t.Errorf("upper.Lookup(%s) = %s, want %s", c.v, got, c.upper)
		}
		if got := lower.Lookup(v).RatString(); got != c.lower {
			t.Errorf("lower.Lookup(%s) = %s, want %s", c.v, got, c.lower)
		}
	}
}

func TestScoreDeterministic(t *testing.T) {
	d := def2020(t)
	for _, c := range goldenCases {
		a := c.answers.parse(t, d)
		f := Facts{RevenueWan: wan(c.revenue)}
		r1 := d.Score(a, f)
		r2 := d.Score(c.answers.parse(t, d), f)
		if !reflect.DeepEqual(r1, r2) {
			t.Errorf("%s: two scores differ:\n%+v\n%+v", c.name, r1, r2)
		}
		j1, _ := json.Marshal(r1)
		j2, _ := json.Marshal(r2)
		if string(j1) != string(j2) {
			t.Errorf("%s: JSON differs", c.name)
		}
	}
}

func TestScoreResultDetails(t *testing.T) {
	d := def2020(t)
	r := d.Score(baseline.parse(t, d), Facts{RevenueWan: wan("50000")})
	if len(r.Scenes) != 16 || r.Scenes["s_quality"] != 2 || r.Scenes["s_hr"] != 1 {
		t.Errorf("scenes = %v", r.Scenes)
	}
	if !reflect.DeepEqual(r.Needs, []string{"diagnosis", "software"}) {
		t.Errorf("needs = %v", r.Needs)
	}
	r = d.Score(lowest.parse(t, d), Facts{RevenueWan: wan("50000")})
	if r.Needs == nil || len(r.Needs) != 0 { // 暂无需求 is not a need
		t.Errorf("needs = %#v", r.Needs)
	}

	// The result as JSON: two decimals, flags an array even when empty.
	b, err := json.Marshal(d.Score(highest.parse(t, d), Facts{RevenueWan: wan("50000")}))
	if err != nil {
		t.Fatal(err)
	}
	js := string(b)
	if !containsAll(js, `"total":100.00`, `"level_code":4`, `"level":"四级"`, `"band":"4-10亿"`,
		`"数字化基础":100.00`, `"flags":[]`, `"数字化投入强度":{"value":3.00,"num":1500.00,"den":50000.00}`) {
		t.Errorf("JSON = %s", js)
	}

	// A draft scores what is there: nothing answered is 0 and raises no flag.
	r = d.Score(Answers{}, Facts{RevenueWan: wan("50000")})
	if r.Total != 0 || r.Level != "未达一级" || len(r.Flags) != 0 || len(r.Scenes) != 16 {
		t.Errorf("empty draft = %+v", r)
	}
	for _, k := range []string{"设备数字化率", "设备联网率", "关键工序数控化率", "数字化投入强度"} {
		if r.Indicators[k].Value != nil {
			t.Errorf("empty draft: %s = %s", k, fx(r.Indicators[k].Value))
		}
	}
	if got := fx(r.Indicators["ERP普及率"].Value); got != "0.00" {
		t.Errorf("empty draft: ERP普及率 = %s", got)
	}
	// A partial draft: only the outcome → 15.00.
	r = d.Score(bestOutcome.parse(t, d), Facts{RevenueWan: wan("50000")})
	if r.Total.String() != "15.00" || strings.Join(r.Flags, ",") != "" {
		t.Errorf("outcome-only draft = %s %v", r.Total, r.Flags)
	}
}
