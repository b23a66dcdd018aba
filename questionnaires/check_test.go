package questionnaires

import (
	"strings"
	"testing"
	"testing/fstest"

	"gopkg.in/yaml.v3"
)

func TestLoadEmbedded(t *testing.T) {
	reg, err := LoadEmbedded()
	if err != nil {
		t.Fatalf("LoadEmbedded: %v", err)
	}
	if got := reg.IDs(); len(got) != 1 || got[0] != "jiaxing-2020" {
		t.Fatalf("IDs = %v, want [jiaxing-2020]", got)
	}
	d, ok := reg.Get("jiaxing-2020")
	if !ok {
		t.Fatal("Get(jiaxing-2020) not found")
	}
	if reg.Latest() != d {
		t.Error("Latest is not jiaxing-2020")
	}
	if _, ok := reg.Get("jiaxing-2019"); ok {
		t.Error("Get(jiaxing-2019) found an edition that does not exist")
	}
	if n := len(d.Questions()); n != 66 {
		t.Errorf("%d questions, want 66", n)
	}
	if d.Version != 1 || d.NeedsQuestion != "n_needs" {
		t.Errorf("version %d needs_question %q", d.Version, d.NeedsQuestion)
	}

	// The figures of the method (DESIGN.md "Scoring, 2020 edition").
	wantDims := []struct{ key, points, rawMax string }{
		{"数字化基础", "40", "50"}, {"数字化经营", "30", "104"}, {"数字化管理", "15", "30"}, {"数字化成效", "15", "20"},
	}
	if len(d.Dimensions) != len(wantDims) {
		t.Fatalf("%d dimensions, want 4", len(d.Dimensions))
	}
	for i, w := range wantDims {
		got := d.Dimensions[i]
		if got.Key != w.key || got.Points.String() != w.points || got.RawMax.String() != w.rawMax {
			t.Errorf("dimension %d = %s %s/%s, want %s %s/%s", i, got.Key, got.Points, got.RawMax, w.key, w.points, w.rawMax)
		}
	}
	wantLevels := []struct {
		label, min string
	}{{"未达一级", "0"}, {"一级", "20"}, {"二级", "40"}, {"三级", "60"}, {"四级", "80"}}
	for i, w := range wantLevels {
		if l := d.Levels[i]; l.Code != i || l.Label != w.label || l.Min.String() != w.min {
			t.Errorf("level %d = %d %s %s, want %d %s %s", i, l.Code, l.Label, l.Min, i, w.label, w.min)
		}
	}
	var bands []string
	for _, b := range d.SizeBands {
		bands = append(bands, b.Label+"@"+b.MinWan.String())
	}
	if got := strings.Join(bands, " "); got != "1-2亿@0 2-4亿@20000 4-10亿@40000 10-50亿@100000 50亿以上@500000" {
		t.Errorf("size bands = %s", got)
	}

	// 16 scenes: the ten 约束性 ones weigh 2, the six others 1.
	var gotC, gotG []string
	for _, q := range d.Questions() {
		if q.Type != TypeScene {
			continue
		}
		if q.Scene.Constraint {
			if q.Scene.Weight != 2 {
				t.Errorf("%s: constraint scene of weight %d", q.ID, q.Scene.Weight)
			}
			gotC = append(gotC, q.ID)
		} else {
			if q.Scene.Weight != 1 {
				t.Errorf("%s: guided scene of weight %d", q.ID, q.Scene.Weight)
			}
			gotG = append(gotG, q.ID)
		}
		if len(q.Scene.Levels) != 4 || len(q.Scene.Steps) != 4 {
			t.Errorf("%s: %d levels, %d steps", q.ID, len(q.Scene.Levels), len(q.Scene.Steps))
		}
	}
	if strings.Join(gotC, ",") != strings.Join(constraintScenes, ",") || strings.Join(gotG, ",") != strings.Join(guidedScenes, ",") {
		t.Errorf("scenes: constraint %v, guided %v", gotC, gotG)
	}

	// Every indicator key of DESIGN.md, in that order.
	wantInds := []string{"设备数字化率", "设备联网率", "关键工序数控化率", "ERP普及率", "MES普及率", "PLM普及率",
		"SCM普及率", "CRM普及率", "WMS普及率", "上云率", "采购电子商务普及率", "销售电子商务普及率",
		"数字化研发设计工具普及率", "数字化投入强度"}
	var gotInds []string
	for _, ind := range d.Indicators {
		gotInds = append(gotInds, ind.Key)
	}
	if strings.Join(gotInds, ",") != strings.Join(wantInds, ",") {
		t.Errorf("indicators = %v\nwant %v", gotInds, wantInds)
	}
	var flags []string
	for _, f := range d.Flags {
		flags = append(flags, f.Code+"/"+f.Label)
	}
	if got := strings.Join(flags, ","); got != "low_investment/投入不足,low_awareness/意识不足" {
		t.Errorf("flags = %s", got)
	}

	// Lookups.
	q, ok := d.Question("m_plan")
	if !ok || q.Type != TypeSingle || !q.Scored() || q.Numeric() {
		t.Errorf("Question(m_plan) = %+v, %v", q, ok)
	}
	if q.OptionLabel("aware") != "已经主动了解数字化相关内容" || q.OptionLabel("nope") != "nope" {
		t.Errorf("OptionLabel: %q %q", q.OptionLabel("aware"), q.OptionLabel("nope"))
	}
	if _, ok := d.Question("nope"); ok {
		t.Error("Question(nope) found")
	}
	if dim, ok := d.Dimension("数字化管理"); !ok || dim.Points.String() != "15" {
		t.Errorf("Dimension(数字化管理) = %v, %v", dim, ok)
	}
	if _, ok := d.Dimension("数字化"); ok {
		t.Error("Dimension(数字化) found")
	}
}

func TestParseFileMatchesEmbedded(t *testing.T) {
	d, err := Parse(yaml2020(t))
	if err != nil {
		t.Fatalf("Parse(defs/jiaxing-2020.yaml): %v", err)
	}
	if d.ID != "jiaxing-2020" || len(d.Questions()) != 66 {
		t.Fatalf("parsed %s with %d questions", d.ID, len(d.Questions()))
	}
}

// replace breaks the YAML with one string replacement; old must occur exactly once.
func replace(old, new string) func(t *testing.T, b []byte) []byte {
	return func(t *testing.T, b []byte) []byte {
		t.Helper()
		if n := strings.Count(string(b), old); n != 1 {
			t.Fatalf("%q occurs %d times in the file, want once", old, n)
		}
		return []byte(strings.Replace(string(b), old, new, 1))
	}
}

// editNode breaks the YAML through its node tree.
func editNode(edit func(t *testing.T, root *yaml.Node)) func(t *testing.T, b []byte) []byte {
	return func(t *testing.T, b []byte) []byte {
		t.Helper()
		var doc yaml.Node
		if err := yaml.Unmarshal(b, &doc); err != nil {
			t.Fatal(err)
		}
		edit(t, doc.Content[0])
		out, err := yaml.Marshal(&doc)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
}

// mapGet returns the value of key in a mapping node.
func mapGet(t *testing.T, m *yaml.Node, key string) *yaml.Node {
	t.Helper()
	if m.Kind != yaml.MappingNode {
		t.Fatalf("node at line %d is not a mapping", m.Line)
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	t.Fatalf("no key %q in the mapping at line %d", key, m.Line)
	return nil
}

// questionNode finds a question's mapping by id.
func questionNode(t *testing.T, root *yaml.Node, id string) *yaml.Node {
	t.Helper()
	for _, s := range mapGet(t, root, "sections").Content {
		for _, q := range mapGet(t, s, "questions").Content {
			if mapGet(t, q, "id").Value == id {
				return q
			}
		}
	}
	t.Fatalf("no question %s", id)
	return nil
}

func TestCheckFindsFaults(t *testing.T) {
	src := yaml2020(t)
	cases := []struct {
		name   string
		break_ func(t *testing.T, b []byte) []byte
		want   []string // substrings of the error
	}{
		{"repeated question id",
			replace("- id: p_employees\n", "- id: p_revenue\n"),
			[]string{`question id "p_revenue" empty or repeated`}},
		{"question id repeats a section id",
			replace("- id: n_note\n", "- id: profile\n"),
			[]string{`question id "profile" empty or repeated`}},
		{"option score above max_score",
			replace("label: 全覆盖\n            score: 10\n", "label: 全覆盖\n            score: 12\n"),
			[]string{"question f_info_systems: option all score 12 is outside 0..max_score 10"}},
		{"negative option score",
			replace("label: 已经主动了解数字化相关内容\n            score: 1.5\n", "label: 已经主动了解数字化相关内容\n            score: -1.5\n"),
			[]string{"question m_plan: option aware score -1.5 is outside 0..max_score 7.5"}},
		{"single whose best option is below max_score",
			replace("label: 全覆盖\n            score: 10\n", "label: 全覆盖\n            score: 9\n"),
			[]string{"question f_info_systems: the best answer scores 9 but max_score is 10"}},
		{"multi whose options do not add up to max_score",
			replace("label: 企业车间建成工控网络，支持自动化控制应用\n            score: 2\n",
				"label: 企业车间建成工控网络，支持自动化控制应用\n            score: 1.5\n"),
			[]string{"question f_network: the best answer scores 7.5 but max_score is 8"}},
		{"dimension points not summing to 100",
			replace("    points: 40\n", "    points: 45\n"),
			[]string{"dimension points add up to 105, not 100"}},
		{"raw_max wrong",
			replace("    raw_max: 50\n", "    raw_max: 51\n"),
			[]string{"dimension 数字化基础: its items' maxima add up to 50, but raw_max is 51"}},
		{"raw_max of 经营 wrong",
			replace("    raw_max: 104\n", "    raw_max: 100\n"),
			[]string{"dimension 数字化经营: its items' maxima add up to 104, but raw_max is 100"}},
		{"level thresholds out of order",
			replace("    label: 二级\n    min: 40\n", "    label: 二级\n    min: 15\n"),
			[]string{"levels[2] 二级: min 15 is not above the previous level's 20"}},
		{"level codes not counting up",
			replace("  - code: 3\n", "  - code: 4\n"),
			[]string{"levels[3] 三级: code 4, want 3"}},
		{"size bands out of order",
			replace("    min_wan: 40000\n", "    min_wan: 10000\n"),
			[]string{"size_bands[2] 4-10亿: min_wan 10000 is not above 20000"}},
		{"size band label repeated",
			replace(`label: "2-4亿"`, `label: "1-2亿"`),
			[]string{`size_bands[1]: label "1-2亿" is empty or repeated`}},
		{"unknown text format",
			replace("        format: phone\n", "        format: fax\n"),
			[]string{`question p_contact_phone: format must be phone or email, is "fax"`}},
		{"format on a number",
			replace("        unit: 万元/年\n", "        unit: 万元/年\n        format: email\n"),
			[]string{"question p_invest_avg: only text questions have a format"}},
		{"rule pointing to an unknown question",
			replace("    right: f_eq_digital\n", "    right: f_eq_digtal\n"),
			[]string{`rule networked_le_digital: unknown reference "f_eq_digtal"`}},
		{"rule whose left is not a question",
			replace("    left: u_key_processes_nc\n", "    left: u_key_process_nc\n"),
			[]string{`rule nc_le_key_processes: unknown reference "u_key_process_nc"`, "rule nc_le_key_processes: left must be a question"}},
		{"rule on a text question",
			replace("    right: f_eq_digital\n", "    right: p_contact_name\n"),
			[]string{"rule networked_le_digital: p_contact_name is not a number question"}},
		{"flag condition with an unknown option",
			replace("excludes: dept\n", "excludes: depts\n"),
			[]string{`flag low_awareness: m_talent has no option "depts"`}},
		{"flag condition with an unknown single option",
			replace("in: [none, aware]\n", "in: [none, awair]\n"),
			[]string{`flag low_awareness: m_plan has no option "awair"`}},
		{"flag condition on an unknown indicator",
			replace(`ref: "indicator:数字化投入强度"`, `ref: "indicator:数字化投入"`),
			[]string{`flag low_investment: unknown indicator "数字化投入"`}},
		{"misspelt YAML key (KnownFields)",
			replace("    raw_max: 50\n", "    rawmax: 50\n"),
			[]string{"decode", "field rawmax not found"}},
		{"misspelt key in a question",
			replace("        max_length: 50\n", "        maxlength: 50\n"),
			[]string{"decode", "field maxlength not found"}},
		{"band table with edges out of order",
			replace("edges: [0.5, 1, 2, 3]", "edges: [0.5, 2, 1, 3]"),
			[]string{"derived d_funding: band edges not ascending at 1"}},
		{"band table with a score too few",
			replace("scores: [0, 1.875, 3.75, 5.625, 7.5]", "scores: [0, 1.875, 3.75, 7.5]"),
			[]string{"derived d_funding: bands need one more score than edges (4 edges, 4 scores)"}},
		{"band table whose top score is not max_score",
			replace("scores: [0, 1.875, 3.75, 5.625, 7.5]", "scores: [0, 1.875, 3.75, 5.625, 7]"),
			[]string{"derived d_funding: the top band scores 7 but max_score is 7.5"}},
		{"a score written as a float expression",
			replace("scores: [0, 1.875, 3.75, 5.625, 7.5]", "scores: [0, 1.875e0, 3.75, 5.625, 7.5]"),
			[]string{"decode", `not a plain decimal: "1.875e0"`}},
		{"scene with 3 level descriptions",
			editNode(func(t *testing.T, root *yaml.Node) {
				levels := mapGet(t, mapGet(t, questionNode(t, root, "s_hr"), "scene"), "levels")
				levels.Content = levels.Content[:3]
			}),
			[]string{"question s_hr: scene needs 4 level descriptions, has 3"}},
		{"scene max_score not weight×4",
			editNode(func(t *testing.T, root *yaml.Node) {
				mapGet(t, questionNode(t, root, "s_office"), "max_score").Value = "8"
			}),
			[]string{"question s_office: max_score 8 must be weight×4 = 4", "dimension 数字化经营: its items' maxima add up to 108, but raw_max is 104"}},
		{"question in an unknown dimension",
			editNode(func(t *testing.T, root *yaml.Node) {
				mapGet(t, questionNode(t, root, "m_plan"), "dimension").Value = "数字化治理"
			}),
			[]string{`question m_plan: unknown dimension "数字化治理"`, "dimension 数字化管理: its items' maxima add up to 22.5, but raw_max is 30"}},
		{"question without help",
			editNode(func(t *testing.T, root *yaml.Node) {
				mapGet(t, questionNode(t, root, "u_cloud"), "help").Value = ""
			}),
			[]string{"question u_cloud: title and help are both required"}},
		{"when on an unknown option",
			editNode(func(t *testing.T, root *yaml.Node) {
				mapGet(t, mapGet(t, questionNode(t, root, "p_project_it"), "when"), "in").Content[0].Value = "y"
			}),
			[]string{`question p_project_it when: p_project has no option "y"`}},
		{"needs question not a multi",
			replace("needs_question: n_needs\n", "needs_question: n_note\n"),
			[]string{`needs_question "n_note" must name a multi question`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			broken := c.break_(t, src)
			d, err := Parse(broken)
			if err == nil {
				t.Fatalf("Parse accepted the broken file (%s)", d.ID)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not name the fault %q:\n%v", w, err)
				}
			}
		})
	}
}

// An unchanged round trip through the node tree must still load, so the
// node-edit cases above fail for their edit alone.
func TestCheckNodeRoundTripLoads(t *testing.T) {
	b := editNode(func(*testing.T, *yaml.Node) {})(t, yaml2020(t))
	if _, err := Parse(b); err != nil {
		t.Fatalf("re-encoded file does not load: %v", err)
	}
}

// Check reports every fault at once, so an editor sees them all.
func TestCheckCollectsAllFaults(t *testing.T) {
	b := yaml2020(t)
	b = replace("    points: 40\n", "    points: 45\n")(t, b)
	b = replace("edges: [0.5, 1, 2, 3]", "edges: [0.5, 2, 1, 3]")(t, b)
	b = replace("excludes: dept\n", "excludes: depts\n")(t, b)
	_, err := Parse(b)
	if err == nil {
		t.Fatal("Parse accepted three faults")
	}
	msg := err.Error()
	if !containsAll(msg, `questionnaire "jiaxing-2020" is broken`, "add up to 105", "band edges not ascending", `no option "depts"`) {
		t.Errorf("error misses a fault:\n%s", msg)
	}
}

// TestEmbeddedRegistriesAreSeparate: the built-in editions are parsed once
// per process, but each LoadEmbedded is a registry of its own, so a server
// adopting the bureau's stored editions changes no other holder's.
func TestEmbeddedRegistriesAreSeparate(t *testing.T) {
	Preload()
	a, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	b, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	next, err := Parse([]byte(strings.Replace(string(yaml2020(t)), "id: jiaxing-2020\n", "id: jiaxing-2021\n", 1)))
	if err != nil {
		t.Fatal(err)
	}
	grown, err := a.With(next)
	if err != nil {
		t.Fatal(err)
	}
	a.Adopt(grown)
	if ids := strings.Join(a.IDs(), ","); ids != "jiaxing-2020,jiaxing-2021" {
		t.Errorf("adopting registry holds %s", ids)
	}
	if ids := strings.Join(b.IDs(), ","); ids != "jiaxing-2020" {
		t.Errorf("another LoadEmbedded holds %s after the first adopted an edition", ids)
	}
	da, _ := a.Get("jiaxing-2020")
	db, _ := b.Get("jiaxing-2020")
	if da != db {
		t.Error("the built-in edition was parsed again")
	}
}

func TestLoadFS(t *testing.T) {
	good := yaml2020(t)
	t.Run("two files with the same id", func(t *testing.T) {
		fsys := fstest.MapFS{
			"defs/a-2020.yaml": {Data: good},
			"defs/b-2020.yaml": {Data: good},
		}
		_, err := LoadFS(fsys, "defs")
		if err == nil || !containsAll(err.Error(), "defs/b-2020.yaml", `id "jiaxing-2020" is used by another file`) {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("no definition", func(t *testing.T) {
		_, err := LoadFS(fstest.MapFS{"defs/readme.txt": {Data: []byte("x")}}, "defs")
		if err == nil || !strings.Contains(err.Error(), "no definition in defs") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("a broken file names itself", func(t *testing.T) {
		fsys := fstest.MapFS{"defs/x.yaml": {Data: []byte("id: x\nbogus: 1\n")}}
		_, err := LoadFS(fsys, "defs")
		if err == nil || !containsAll(err.Error(), "defs/x.yaml", "bogus") {
			t.Fatalf("err = %v", err)
		}
	})
	t.Run("two editions", func(t *testing.T) {
		next := []byte(strings.Replace(string(good), "id: jiaxing-2020\n", "id: jiaxing-2021\n", 1))
		fsys := fstest.MapFS{
			"defs/jiaxing-2020.yaml": {Data: good},
			"defs/jiaxing-2021.yaml": {Data: next},
		}
		reg, err := LoadFS(fsys, "defs")
		if err != nil {
			t.Fatal(err)
		}
		if ids := strings.Join(reg.IDs(), ","); ids != "jiaxing-2020,jiaxing-2021" {
			t.Errorf("IDs = %s", ids)
		}
		if reg.Latest().ID != "jiaxing-2021" {
			t.Errorf("Latest = %s", reg.Latest().ID)
		}
	})
}
