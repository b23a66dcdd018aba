package questionnaires

import (
	"strings"
	"testing"

	"healthcheck/testutil/edition"
)

// edition2021 is a later edition made in the test from the 2020 file: it drops
// 数据安全 (f_data_security, 5 raw points of 数字化基础), rescales 网络建设
// (f_network: 2.5 a choice, max 10 instead of 8) and adds a scored question
// to 数字化管理 (m_culture, max 3). 经营 and 成效 are unchanged.
func edition2021(t *testing.T) *Definition {
	t.Helper()
	b := edition.Modified(t, yaml2020(t), func(d edition.Doc) {
		d["id"] = "jiaxing-2021"
		d.ReworkFoundation()
		d.AddQuestion("management", map[string]any{
			"id": "m_culture", "type": "single", "title": "数字化文化建设", "help": "测试用题目。",
			"required": true, "dimension": "数字化管理", "max_score": 3,
			"options": []any{
				map[string]any{"value": "none", "label": "无", "score": 0},
				map[string]any{"value": "yes", "label": "有", "score": 3},
			},
		})
		d.AddRawMax("数字化管理", 3)
	})
	def, err := Parse(b)
	if err != nil {
		t.Fatalf("the 2021 test edition is broken: %v", err)
	}
	return def
}

func TestCompareEditions(t *testing.T) {
	d20, d21 := def2020(t), edition2021(t)
	c := Compare(d20, d21)
	if c.Same() {
		t.Fatal("editions differ, yet Same")
	}
	if strings.Join(c.Dropped, ",") != "企业在保障数据安全方面采取的举措" ||
		strings.Join(c.Rescaled, ",") != "企业网络建设连接情况" || strings.Join(c.Added, ",") != "数字化文化建设" ||
		len(c.OtherDimensions) != 0 {
		t.Fatalf("dropped %v rescaled %v added %v other %v", c.Dropped, c.Rescaled, c.Added, c.OtherDimensions)
	}
	byKey := map[string]DimensionComparison{}
	for _, dc := range c.Dimensions {
		byKey[dc.Key] = dc
	}
	want := map[string]struct {
		whole bool
		items string
	}{
		"数字化基础": {false, "f_data_collection,f_info_systems,f_net_security,d_eq_digital_rate,d_eq_network_rate"},
		"数字化经营": {true, "s_product_design,s_process_design,s_marketing,s_after_sales,s_planning,s_production," +
			"s_quality,s_equipment,s_safety,s_energy,s_procurement,s_warehouse,s_finance,s_hr,s_office,s_decision"},
		"数字化管理": {false, "m_plan,m_mechanism,m_talent,d_funding"},
		"数字化成效": {true, "o_energy,o_quality,o_market,o_cost"},
	}
	for k, w := range want {
		got := byKey[k]
		if got.Whole != w.whole || strings.Join(got.Items, ",") != w.items {
			t.Errorf("%s: whole %v items %v; want %v %s", k, got.Whole, got.Items, w.whole, w.items)
		}
	}
	if self := Compare(d20, d20); !self.Same() || len(self.Dimensions) != 4 {
		t.Errorf("an edition against itself: %+v", self)
	}
}

// TestPercentOnCommonItems: on the common items both editions give the same
// percent for the same answers, though the stored dimension percents differ.
// Baseline, 数字化基础 common items: data collection 1.6 + information
// systems 5 + network security 2.5 + 设备数字化率 4.5 + 设备联网率 3 = 16.6
// raw of 10+10+5+6+6 = 37 → 44.864… → 44.86 %.
func TestPercentOnCommonItems(t *testing.T) {
	d20, d21 := def2020(t), edition2021(t)
	facts := Facts{RevenueWan: wan("50000")}
	a20 := baseline.parse(t, d20)
	a21 := baseline.with(set{"f_data_security": "-", "m_culture": `"yes"`}).parse(t, d21)
	c := Compare(d20, d21)
	for _, dc := range c.Dimensions {
		p20, ok20 := d20.PercentOn(dc.Key, dc.Items, a20, facts)
		p21, ok21 := d21.PercentOn(dc.Key, dc.Items, a21, facts)
		if !ok20 || !ok21 || p20 != p21 {
			t.Errorf("%s: %s (%v) vs %s (%v)", dc.Key, p20, ok20, p21, ok21)
		}
		if dc.Whole {
			// All items: the stored percent itself.
			if s := d20.Score(a20, facts).Dimensions[dc.Key]; s != p20 {
				t.Errorf("%s whole: PercentOn %s, stored %s", dc.Key, p20, s)
			}
		}
	}
	base := c.Dimensions[0]
	if p, _ := d20.PercentOn(base.Key, base.Items, a20, facts); p.String() != "44.86" {
		t.Errorf("数字化基础 on common items = %s, want 44.86", p)
	}
	// The stored percents differ: 2020 has 数据安全 and 网络建设 at 2 a choice.
	s20 := d20.Score(a20, facts).Dimensions["数字化基础"]
	s21 := d21.Score(a21, facts).Dimensions["数字化基础"]
	if s20 == s21 {
		t.Errorf("stored 数字化基础 equal (%s); the test edition does not rescale", s20)
	}
	if _, ok := d20.PercentOn("数字化基础", nil, a20, facts); ok {
		t.Error("no items: ok")
	}
}
