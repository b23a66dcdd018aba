package questionnaires

import (
	"sort"
	"strings"
	"testing"
	"testing/fstest"
)

func guidance2020(t *testing.T) *Guidance {
	t.Helper()
	def2020(t)
	g := embeddedReg.Guidance("jiaxing-2020")
	if g == nil {
		t.Fatal("the 2020 edition has no advice file")
	}
	return g
}

func TestEveryEmbeddedEditionHasGuidance(t *testing.T) {
	def2020(t)
	for _, id := range embeddedReg.IDs() {
		if embeddedReg.Guidance(id) == nil {
			t.Errorf("edition %s has no %s file beside it", id, GuidanceSuffix)
		}
	}
}

func TestGuidanceBand(t *testing.T) {
	g := guidance2020(t)
	d := def2020(t)
	if d.TopBand() != 5 {
		t.Fatalf("TopBand = %d, want 5", d.TopBand())
	}
	adv, next, ok := g.Band("数字化管理", 1)
	if !ok || adv.Band != 1 || !strings.Contains(adv.Summary, "规划、制度和投入还没有形成体系") ||
		!strings.Contains(next, "已有规划并开始实施") || len(adv.Steps) == 0 {
		t.Errorf("Band(数字化管理, 1) = %+v, next %q, %v", adv, next, ok)
	}
	if adv, next, ok := g.Band("数字化基础", 5); !ok || next != "" || len(adv.Steps) != 0 {
		t.Errorf("top band: %+v next %q", adv, next)
	}
	if _, _, ok := g.Band("数字化基础", 6); ok {
		t.Error("band 6 does not exist")
	}
	if _, _, ok := g.Band("不存在", 1); ok {
		t.Error("unknown dimension has advice")
	}
}

// TestWarnings makes each consistency check fire on a firm built for it, and
// checks that a plain firm gets none.
func TestWarnings(t *testing.T) {
	d := def2020(t)
	g := guidance2020(t)
	facts := Facts{RevenueWan: wan("50000")}
	cases := []struct {
		name string
		over set
		want []string
	}{
		{"baseline", set{}, nil},
		{"MES but nothing networked", set{"u_systems": `["erp","mes"]`, "f_eq_networked": `0`},
			[]string{"mes_without_networked_equipment"}},
		{"MES with one networked machine", set{"u_systems": `["erp","mes"]`, "f_eq_networked": `1`}, nil},
		{"networked, nothing collected", set{"f_data_collection": `["none"]`}, []string{"networked_without_collection"}},
		{"design level without tools", set{"u_design_tools": `"no"`}, []string{"design_level_without_tools"}},
		{"production level without MES or ERP", set{"u_systems": `["oa"]`}, []string{"production_level_without_system"}},
		{"big plan without strategy", set{"m_plan": `"aware"`, "p_invest_plan": `500`}, []string{"big_plan_without_strategy"}},
		{"plan just below 500万", set{"m_plan": `"aware"`, "p_invest_plan": `499.99`}, nil},
		{"project without budget", set{"p_project": `"yes"`, "p_project_total": `200`, "p_project_it": `50`, "p_invest_plan": `0`},
			[]string{"project_without_budget"}},
		// 200 / 50000 = 0.4 % < 0.5 %; 250 / 50000 = 0.5 % exactly is enough.
		{"results without investment", set{"m_plan": `"effective"`, "p_invest_avg": `200`}, []string{"results_without_investment"}},
		{"results with 0.5% investment", set{"m_plan": `"effective"`, "p_invest_avg": `250`}, nil},
		{"automation without training", set{"s_production": `3`}, []string{"automation_without_training"}},
		{"automation with training", set{"s_production": `3`, "m_talent": `["training"]`}, nil},
		{"systems without security", set{"f_info_systems": `"most"`, "f_net_security": `["none"]`}, []string{"systems_without_security"}},
	}
	for _, c := range cases {
		a := baseline.with(c.over).parse(t, d)
		var got []string
		for _, w := range g.Warnings(d, a, facts) {
			got = append(got, w.ID)
			if w.Message == "" {
				t.Errorf("%s: %s has no message", c.name, w.ID)
			}
		}
		sort.Strings(got)
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s: warnings %v, want %v", c.name, got, c.want)
		}
	}
}

// TestBrokenGuidanceRefused: a broken advice file stops loading, naming what
// is wrong, just as a broken edition does.
func TestBrokenGuidanceRefused(t *testing.T) {
	good := "edition: jiaxing-2020\ndimensions:\n" + dimAdvice("数字化基础") + dimAdvice("数字化经营") +
		dimAdvice("数字化管理") + dimAdvice("数字化成效")
	check := "\nchecks:\n  - id: c1\n    message: 测试\n    all:\n      - {ref: u_systems, includes: mes}\n"
	cases := []struct{ name, file, want string }{
		{"unknown edition", strings.Replace(good, "jiaxing-2020", "jiaxing-1999", 1), "unknown edition"},
		{"missing dimension", strings.Replace(good, dimAdvice("数字化成效"), "", 1), "数字化成效: no advice"},
		{"unknown dimension", good + dimAdvice("数字化文化"), `"数字化文化": unknown`},
		{"band missing", strings.Replace(good, bandAdvice(3), "", 1), "5 bands"},
		{"top band with steps", strings.Replace(good, "      - band: 5\n        summary: s\n",
			"      - band: 5\n        summary: s\n        steps: [x]\n", 1), "top band"},
		{"unknown question", good + strings.Replace(check, "u_systems", "u_nothing", 1), `unknown question "u_nothing"`},
		{"unknown option", good + strings.Replace(check, "includes: mes", "includes: sap", 1), `no option "sap"`},
		{"no message", good + strings.Replace(check, "message: 测试", "message: ''", 1), "a message"},
		{"misspelt key", good + strings.Replace(check, "message:", "mesage:", 1), "mesage"},
	}
	fsys := fstest.MapFS{"defs/jiaxing-2020.yaml": {Data: yaml2020(t)}}
	fsys["defs/jiaxing-2020.advice.yaml"] = &fstest.MapFile{Data: []byte(good + check)}
	if _, err := LoadFS(fsys, "defs"); err != nil {
		t.Fatalf("the good file fails: %v", err)
	}
	for _, c := range cases {
		fsys["defs/jiaxing-2020.advice.yaml"] = &fstest.MapFile{Data: []byte(c.file)}
		_, err := LoadFS(fsys, "defs")
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want it to mention %q", c.name, err, c.want)
		}
	}
	fsys["defs/jiaxing-2020.advice.yaml"] = &fstest.MapFile{Data: []byte(good)}
	fsys["defs/other.advice.yaml"] = &fstest.MapFile{Data: []byte(good)}
	if _, err := LoadFS(fsys, "defs"); err == nil || !strings.Contains(err.Error(), "already has advice") {
		t.Errorf("two advice files for one edition: %v", err)
	}
}

func bandAdvice(b int) string {
	s := "      - band: " + itoa(b) + "\n        summary: s\n"
	if b < 5 {
		s += "        steps: [x]\n"
	}
	return s
}

func dimAdvice(key string) string {
	s := "  - key: " + key + "\n    bands:\n"
	for b := 0; b <= 5; b++ {
		s += bandAdvice(b)
	}
	return s
}
