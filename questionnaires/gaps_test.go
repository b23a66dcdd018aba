package questionnaires

import (
	"strings"
	"testing"

	"healthcheck/decimal"
)

// TestItemGapsBaseline works the baseline firm's lost points out by hand.
// 数字化基础 rescales raw points by 40/50 = 0.8:
//
//	f_data_collection finance+hr 1.6 of 10 → 1.28 of 8.00, lost 6.72
//	f_info_systems    multiple   5 of 10   → 4.00 of 8.00, lost 4.00 (next: most, +2.5 raw = +2.00)
//	f_network         2 options  4 of 8    → 3.20 of 6.40, lost 3.20
//	f_data_security   policy     1.25 of 5 → 1.00 of 4.00, lost 3.00
//	设备联网率 60/200 = 30 % → 3 of 6   → 2.40 of 4.80, lost 2.40 (above 40 %: 4.5, +1.20)
//	f_net_security    2 options  2.5 of 5  → 2.00 of 4.00, lost 2.00
//	设备数字化率 100/200 = 50 % → 4.5 of 6 → 3.60 of 4.80, lost 1.20 (above 60 %: 6, +1.20)
func TestItemGapsBaseline(t *testing.T) {
	d := def2020(t)
	a := baseline.parse(t, d)
	facts := Facts{RevenueWan: wan("50000")}
	got := d.ItemGaps("数字化基础", a, facts)
	want := []struct {
		id             string
		pts, top, lost string
		nextHas        []string
	}{
		{"f_data_collection", "1.28", "8.00", "6.72", []string{"尚未做到：产品设计；工艺设计", "采购管理；仓储物流"}},
		{"f_info_systems", "4.00", "8.00", "4.00", []string{"下一档：绝大部分业务环节（大于80%）（+2.00 分）"}},
		{"f_network", "3.20", "6.40", "3.20", []string{"5G工业网络", "网络全面覆盖生产现场"}},
		{"f_data_security", "1.00", "4.00", "3.00", []string{"数据安全产品及服务", "建立数据台账"}},
		{"d_eq_network_rate", "2.40", "4.80", "2.40", []string{"设备联网率目前为 30.00%，超过 40% 可加 1.20 分"}},
		{"f_net_security", "2.00", "4.00", "2.00", []string{"风险评估", "入侵检测"}},
		{"d_eq_digital_rate", "3.60", "4.80", "1.20", []string{"设备数字化率目前为 50.00%，超过 60% 可加 1.20 分"}},
	}
	if len(got) != len(want) {
		t.Fatalf("ItemGaps = %d items, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		if g.ID != w.id || g.Points.String() != w.pts || g.MaxPoints.String() != w.top || g.Lost.String() != w.lost ||
			!containsAll(g.Next, w.nextHas...) {
			t.Errorf("[%d] = %+v\nwant %s %s/%s lost %s next with %v", i, g, w.id, w.pts, w.top, w.lost, w.nextHas)
		}
	}
	if strings.Contains(got[2].Next, "企业车间建成工控网络") {
		t.Errorf("f_network lists an option the firm has: %q", got[2].Next)
	}
}

// 数字化管理 rescales by 15/30 = 0.5; 资金保障 600/50000 = 1.2 % is in [1 %, 2 %):
// 3.75 raw → 1.88 of 3.75, lost 1.87, and reaching 2 % gives 5.625 (+0.94).
func TestItemGapsManagementAndFunding(t *testing.T) {
	d := def2020(t)
	got := d.ItemGaps("数字化管理", baseline.parse(t, d), Facts{RevenueWan: wan("50000")})
	var lines []string
	for _, g := range got {
		lines = append(lines, g.ID+" "+g.Points.String()+"/"+g.MaxPoints.String()+" -"+g.Lost.String())
	}
	want := "m_mechanism 0.94/3.75 -2.81,m_plan 1.50/3.75 -2.25,m_talent 1.50/3.75 -2.25,d_funding 1.88/3.75 -1.87"
	if strings.Join(lines, ",") != want {
		t.Errorf("ItemGaps(数字化管理) =\n%s\nwant\n%s", strings.Join(lines, ","), want)
	}
	if got[1].Next != "下一档：已经着手开始进行单点或多点的数字化改造（+0.75 分）" {
		t.Errorf("m_plan next = %q", got[1].Next)
	}
	if got[3].Next != "资金保障目前为 1.20%，达到 2% 可加 0.94 分" {
		t.Errorf("d_funding next = %q", got[3].Next)
	}
	// Without production equipment the rate cannot be computed, and says so.
	noEq := d.ItemGaps("数字化基础", baseline.with(set{"f_eq_total": `0`, "f_eq_digital": `0`, "f_eq_networked": `0`}).parse(t, d),
		Facts{RevenueWan: wan("50000")})
	for _, g := range noEq {
		if g.ID == "d_eq_network_rate" && (g.Points != 0 || !strings.Contains(g.Next, "无法计算")) {
			t.Errorf("no equipment: %+v", g)
		}
	}
	// A firm at the top loses nothing; scenes are not items.
	top := highest.parse(t, d)
	for _, dim := range d.Dimensions {
		if g := d.ItemGaps(dim.Key, top, Facts{RevenueWan: wan("50000")}); len(g) != 0 {
			t.Errorf("highest firm, %s: %+v", dim.Key, g)
		}
	}
}

func TestRankScenes(t *testing.T) {
	d := def2020(t)
	// Constraint scenes at 2 (priority 2×2 = 4), others at 1 (1×3 = 3), but:
	a := baseline.with(set{
		"s_quality":     `3`, // 约束性 at 3: 2×1 = 2, after every other scene
		"s_hr":          `0`, // other at 0: 1×4 = 4, ties with 约束性 scenes at 2, after them
		"s_decision":    `4`, // top level: left out
		"s_procurement": `1`, // 约束性 at 1: 2×3 = 6, first
	}).parse(t, d)
	r := d.Score(a, Facts{RevenueWan: wan("50000")})
	q3 := map[string]decimal.Fixed2{"s_finance": 300, "s_marketing": 250} // band Q3 levels: gaps 1.00 and 0.50
	got := d.RankScenes(r, func(id string) *decimal.Fixed2 {
		if v, ok := q3[id]; ok {
			return &v
		}
		return nil
	})
	var ids []string
	for _, g := range got {
		ids = append(ids, g.Scene)
	}
	want := []string{"s_procurement",
		// 约束性 at 2, furthest below the band's top quarter first, then form order
		"s_finance", "s_marketing", "s_product_design", "s_production", "s_equipment", "s_safety", "s_energy", "s_warehouse",
		"s_hr",                                                        // priority 4, not 约束性
		"s_process_design", "s_after_sales", "s_planning", "s_office", // priority 3
		"s_quality"} // priority 2
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Fatalf("RankScenes =\n%v\nwant\n%v", ids, want)
	}
	first := got[0]
	// One level of a 约束性 scene adds 30 × 2/104 = 0.5769… → 0.58; of another 0.2884… → 0.29.
	if first.Priority != 6 || first.Weight != 2 || first.GainPoints.String() != "0.58" || first.NextLevel != 2 || first.BandQ3 != nil {
		t.Errorf("first = %+v", first)
	}
	if g := got[9]; g.Scene != "s_hr" || g.GainPoints.String() != "0.29" || g.Priority != 4 {
		t.Errorf("s_hr = %+v", g)
	}
	if g := got[1]; g.BandQ3 == nil || g.BandQ3.String() != "3.00" || g.GapToQ3.String() != "1.00" {
		t.Errorf("s_finance peer gap = %+v", g)
	}
	// Without peers the order is by priority, 约束性 first, then form order.
	if plain := d.RankScenes(r, nil); plain[1].Scene != "s_product_design" || plain[1].GapToQ3 != nil {
		t.Errorf("without peers: %+v", plain[1])
	}
}
