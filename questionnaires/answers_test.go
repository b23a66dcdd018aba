package questionnaires

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

func TestBaselineSetsAreValidAndComplete(t *testing.T) {
	d := def2020(t)
	for name, s := range map[string]set{"baseline": baseline, "lowest": lowest, "highest": highest} {
		a := s.parse(t, d)
		if len(a) != len(s) {
			t.Errorf("%s: %d answers kept of %d", name, len(a), len(s))
		}
		if ids, _ := d.Missing(a); len(ids) != 0 {
			t.Errorf("%s: missing %v", name, ids)
		}
	}
}

func TestParseAnswersValues(t *testing.T) {
	d := def2020(t)
	a := set{
		"p_revenue":         `1234.5`,
		"p_invest_avg":      `"12.25"`, // forms send numbers as text
		"p_employees":       `300`,
		"p_project":         `"yes"`,
		"f_network":         `["system","control","control"]`, // kept in option order, once
		"s_quality":         `3`,
		"s_hr":              `0`,
		"p_contact_name":    `"王五"`,
		"o_quality_last":    `98.5`,
		"f_data_collection": ` [ "hr" ] `,
	}.parse(t, d)
	want := Answers{
		"p_revenue":         {Num: 123450},
		"p_invest_avg":      {Num: 1225},
		"p_employees":       {Num: 30000},
		"p_project":         {Str: "yes"},
		"f_network":         {Strs: []string{"control", "system"}},
		"s_quality":         {Level: 3},
		"s_hr":              {Level: 0},
		"p_contact_name":    {Str: "王五"},
		"o_quality_last":    {Num: 9850},
		"f_data_collection": {Strs: []string{"hr"}},
	}
	if !reflect.DeepEqual(a, want) {
		t.Errorf("ParseAnswers =\n%#v\nwant\n%#v", a, want)
	}
}

// Malformed values refuse the whole set: nothing comes back but the errors.
func TestParseAnswersMalformed(t *testing.T) {
	d := def2020(t)
	long := func(n int) string { return `"` + strings.Repeat("张", n) + `"` }
	network, _ := d.Question("f_network")
	tooMany := `["control"` + strings.Repeat(`,"control"`, len(network.Options)) + `]`
	cases := []struct {
		name, id, value string
		want            string // the message, or a part of it
	}{
		{"unknown question", "p_nope", `1`, "未知的题目"},
		{"unknown question, even empty", "x", `null`, "未知的题目"},

		{"bool for number", "p_revenue", `true`, "应为数字"},
		{"object for number", "f_eq_total", `{"n":1}`, "应为数字"},
		{"array for number", "f_eq_total", `[1]`, "应为数字"},
		{"number for single", "m_plan", `3`, "应为单个选项"},
		{"array for single", "m_plan", `["aware"]`, "应为单个选项"},
		{"object for multi", "f_network", `{"control":true}`, "应为选项列表"},
		{"string for multi", "f_network", `"control"`, "应为选项列表"},
		{"numbers in multi", "f_network", `[1,2]`, "应为选项列表"},
		{"number for text", "p_contact_name", `12`, "应为文字"},
		{"string for scene", "s_hr", `"high"`, "应为 0 到 4 的等级"},
		{"scene level as text", "s_hr", `"3"`, "应为 0 到 4 的等级"},
		{"scene level 5", "s_quality", `5`, "应为 0 到 4 的等级"},
		{"scene level -1", "s_quality", `-1`, "应为 0 到 4 的等级"},
		{"scene level 2.5", "s_quality", `2.5`, "应为 0 到 4 的等级"},
		{"scene level 3.5", "s_quality", `3.5`, "应为 0 到 4 的等级"},
		{"scene level 2.0", "s_quality", `2.0`, "应为 0 到 4 的等级"},
		{"scene level 1e0", "s_quality", `1e0`, "应为 0 到 4 的等级"},

		{"a number of 33 characters", "p_revenue", strings.Repeat("1", 33), "数字过长"},
		{"a million digits", "p_revenue", strings.Repeat("9", 1_000_000), "数字过长"},
		{"a long number as text", "p_revenue", `"` + strings.Repeat("1", 31) + `"`, "数字过长"},

		{"text over max length", "p_contact_name", long(51), "不能超过 50 个字"},
		{"phone over max length", "p_contact_phone", `"` + strings.Repeat("1", 31) + `"`, "不能超过 30 个字"},
		{"note over max length", "n_note", long(501), "不能超过 500 个字"},
		{"option over 64 bytes", "m_plan", `"` + strings.Repeat("a", 65) + `"`, "选项过长"},
		{"multi entry over 64 bytes", "f_network", `["` + strings.Repeat("a", 65) + `"]`, "选项过长"},
		{"more entries than options", "f_network", tooMany, "选项过多"},

		{"NUL in text", "p_contact_name", `"王\u0000五"`, "含有控制字符"},
		{"escape in text", "p_contact_name", `"王\u001b[31m"`, "含有控制字符"},
		{"DEL in text", "p_contact_name", `"王\u007f"`, "含有控制字符"},
		{"C1 control in text", "p_contact_name", `"王\u0085"`, "含有控制字符"},
		{"newline in a one-line text", "p_contact_name", `"王\n五"`, "含有控制字符"},
		{"tab in a one-line text", "p_contact_phone", `"0573\t123"`, "含有控制字符"},
		{"control in an option", "m_plan", `"aware\u0000"`, "含有控制字符"},
		{"control in a number as text", "p_revenue", `"1\u0000"`, "含有控制字符"},
		{"NUL in a textarea", "n_note", `"a\u0000b"`, "含有控制字符"},
		{"invalid UTF-8", "p_contact_name", "\"\xff\xfe\"", "含有无效字符"},
		{"lone high surrogate", "p_contact_name", `"\ud800"`, "含有无效字符"},
		{"lone low surrogate", "n_note", `"x\udc00y"`, "含有无效字符"},
		{"high surrogate without its low half", "n_note", `"\ud83d\u0041"`, "含有无效字符"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr, errs := d.ParseAnswers(baseline.with(set{c.id: c.value}).raw())
			if dr != nil {
				t.Errorf("a draft returned beside errors: %v", dr)
			}
			if len(errs) != 1 || !strings.Contains(errs[c.id], c.want) {
				t.Errorf("errs = %v, want %s: …%s…", errs, c.id, c.want)
			}
		})
	}
}

// Tab, newline and CR belong in a textarea; a surrogate pair is one character.
func TestParseAnswersTextAllowed(t *testing.T) {
	d := def2020(t)
	a := baseline.with(set{
		"n_note":         `"第一行\n\t第二行\r\n"`,
		"p_contact_name": `"\ud83d\ude00 王五"`,
	}).parse(t, d)
	if a["n_note"].Str != "第一行\n\t第二行\r\n" || a["p_contact_name"].Str != "😀 王五" {
		t.Errorf("texts = %q, %q", a["n_note"].Str, a["p_contact_name"].Str)
	}
}

// Values that break a rule are kept, as typed, apart from the valid ones.
func TestParseAnswersRuleBreaking(t *testing.T) {
	d := def2020(t)
	cases := []struct {
		name, id, value string
		want            string // the message, or a part of it
		stored          string // as kept
	}{
		{"text for number", "p_revenue", `"abc"`, "应为数字", `"abc"`},
		{"thousands separator", "p_revenue", `"1,000"`, "应为数字", `"1,000"`},
		{"letters after digits", "p_employees", `"12abc"`, "应为数字", `"12abc"`},
		{"hex text for number", "p_revenue", `"0x10"`, "应为数字", `"0x10"`},
		{"exponent for number", "p_revenue", `1e3`, "应为数字", `1e3`},
		{"exponent text for number", "p_revenue", `"1e3"`, "应为数字", `"1e3"`},

		{"unknown single option", "m_plan", `"great"`, "选项不在可选范围内", `"great"`},
		{"option label instead of value", "p_project", `"是"`, "选项不在可选范围内", `"是"`},
		{"unknown multi option", "f_network", `[ "control", "wifi" ]`, "选项不在可选范围内", `["control","wifi"]`},
		{"none with another (无)", "f_network", `["none","control"]`, "选择“无”时不能同时选择其他选项", `["none","control"]`},
		{"another with none (无)", "m_talent", `["dept","none"]`, "选择“无”时不能同时选择其他选项", `["dept","none"]`},
		{"均未使用 with a system", "u_systems", `["erp","none"]`, "选择“均未使用”时不能同时选择其他选项", `["erp","none"]`},
		{"暂无需求 with a need", "n_needs", `["none","cloud"]`, "选择“暂无需求”时不能同时选择其他选项", `["none","cloud"]`},

		{"negative revenue", "p_revenue", `-1`, "应在 0 到 100,000,000 万元 之间", `-1`},
		{"revenue too large", "p_revenue", `100000000.01`, "应在 0 到 100,000,000 万元 之间", `100000000.01`},
		{"huge revenue", "p_revenue", `123456789012345678901234567890`, "应在 0 到 100,000,000 万元 之间", `123456789012345678901234567890`},
		{"investment too large", "p_invest_avg", `"20000000"`, "应在 0 到 10,000,000 万元/年 之间", `"20000000"`},
		{"too many fairs", "p_fairs", `101`, "应在 0 到 100 个 之间", `101`},
		{"too many booths", "p_booths", `501`, "应在 0 到 500 个 之间", `501`},
		{"three decimals", "p_revenue", `1234.567`, "最多保留两位小数", `1234.567`},
		{"three decimals as text", "p_invest_avg", `"0.001"`, "最多保留两位小数", `"0.001"`},
		{"integer question with 1.5", "p_employees", `1.5`, "应为整数", `1.5`},
		{"integer count with 0.01", "f_eq_total", `10.01`, "应为整数", `10.01`},
		{"percent above 100", "o_quality_last", `100.01`, "应在 0 到 100% 之间", `100.01`},
		{"percent below 0", "o_quality_prev", `-0.01`, "应在 0 到 100% 之间", `-0.01`},
		{"percent three decimals", "o_quality_last", `98.125`, "最多保留两位小数", `98.125`},

		{"phone 123", "p_contact_phone", `"123"`, "“123”不像电话号码", `"123"`},
		{"phone in words", "p_contact_phone", `"找王五"`, "不像电话号码", `"找王五"`},
		{"not an e-mail", "p_contact_email", `"not-an-email"`, "“not-an-email”不是有效的电子邮箱", `"not-an-email"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := baseline.with(set{c.id: c.value}).draft(t, d)
			if len(dr.Invalid) != 1 || !strings.Contains(dr.Invalid[c.id], c.want) {
				t.Errorf("invalid = %v, want %s: …%s…", dr.Invalid, c.id, c.want)
			}
			if _, ok := dr.Answers[c.id]; ok {
				t.Errorf("%s is also among the valid answers", c.id)
			}
			if want := len(baseline.with(set{c.id: c.value})) - 1; len(dr.Answers) != want {
				t.Errorf("%d valid answers, want the other %d", len(dr.Answers), want)
			}
			if got := string(dr.Stored(d)[c.id]); got != c.stored {
				t.Errorf("stored %s, want %s", got, c.stored)
			}
		})
	}
}

// A set with several faults names each of them, and the error text lists
// them sorted.
func TestParseAnswersAllErrorsAtOnce(t *testing.T) {
	d := def2020(t)
	_, errs := d.ParseAnswers(baseline.with(set{"m_plan": `3`, "s_hr": `"2"`, "zz": `1`, "p_employees": `1.5`}).raw())
	if len(errs) != 3 {
		t.Fatalf("errs = %v", errs)
	}
	if got := errs.Error(); got != "m_plan: 应为单个选项; s_hr: 应为 0 到 4 的等级; zz: 未知的题目" {
		t.Errorf("Error() = %q", got)
	}
	dr := baseline.with(set{"m_plan": `"x"`, "p_employees": `1.5`, "p_contact_phone": `"123"`}).draft(t, d)
	if got := dr.Invalid.Error(); got != "m_plan: 选项不在可选范围内; p_contact_phone: “123”不像电话号码; p_employees: 应为整数" {
		t.Errorf("Invalid = %q", got)
	}
}

func TestParseAnswersAcceptsBounds(t *testing.T) {
	d := def2020(t)
	a := set{
		"p_revenue":      `100000000`,
		"p_fairs":        `100`,
		"p_employees":    `0`,
		"o_quality_last": `100`,
		"o_quality_prev": `0`,
		"p_contact_name": `"` + strings.Repeat("张", 50) + `"`,
		"n_note":         `"` + strings.Repeat("x", 500) + `"`,
		"s_quality":      `4`,
		"p_invest_avg":   `0.01`,
	}.parse(t, d)
	if a["p_revenue"].Num != 10000000000 || a["s_quality"].Level != 4 || a["p_invest_avg"].Num != 1 {
		t.Errorf("answers = %v", a)
	}
}

// null, "" and [] mean unanswered: dropped, not an error, for every type.
func TestParseAnswersEmptyIsUnanswered(t *testing.T) {
	d := def2020(t)
	ids := []string{"p_project", "f_network", "p_revenue", "o_quality_last", "s_quality", "p_contact_name"} // single multi number percent scene text
	for _, id := range ids {
		for _, empty := range []string{`null`, `""`, `[]`, ` null `} {
			dr, errs := d.ParseAnswers(set{id: empty, "m_plan": `"aware"`}.raw())
			if errs != nil || len(dr.Invalid) != 0 {
				t.Errorf("%s = %s: %v", id, empty, errs)
				continue
			}
			if _, ok := dr.Answers[id]; ok || len(dr.Answers) != 1 || len(dr.Stored(d)) != 1 {
				t.Errorf("%s = %s kept as an answer: %v", id, empty, dr.Answers)
			}
		}
	}
	// An empty value in a full set makes it incomplete, not invalid.
	a := baseline.with(set{"f_network": `[]`, "s_hr": `null`, "p_contact_name": `""`}).parse(t, d)
	ids, fe := d.Missing(a)
	if strings.Join(ids, ",") != "p_contact_name,f_network,s_hr" || fe["s_hr"] != "此题为必答题" {
		t.Errorf("Missing = %v %v", ids, fe)
	}
}

func TestParseAnswersRules(t *testing.T) {
	d := def2020(t)
	cases := []struct {
		name string
		over set
		bad  string // the question carrying the rule's message; "" when valid
		msg  string
	}{
		{"networked > digital", set{"f_eq_networked": `101`}, "f_eq_networked", "实现联网的生产设备数不能大于数字化生产设备数。"},
		{"networked = digital", set{"f_eq_networked": `100`}, "", ""},
		{"digital > total", set{"f_eq_digital": `201`, "f_eq_networked": `0`}, "f_eq_digital", "数字化生产设备数不能大于生产设备总数。"},
		{"digital = total", set{"f_eq_digital": `200`}, "", ""},
		{"nc > key processes", set{"u_key_processes_nc": `21`}, "u_key_processes_nc", "实现数控或自动控制的关键工序数不能大于关键工序总数。"},
		{"nc = key processes", set{"u_key_processes_nc": `20`}, "", ""},
		{"investment > firm's revenue", set{"p_invest_avg": `50000.01`}, "p_invest_avg", "近三年年均数字化投入不能大于上年营业收入，请核对单位是否均为万元。"},
		{"investment = firm's revenue", set{"p_invest_avg": `50000`}, "", ""},
		{"investment as text > revenue", set{"p_invest_avg": `"60000"`, "p_revenue": `"1000"`}, "p_invest_avg", "近三年年均数字化投入不能大于上年营业收入"},
		{"project IT part > project total", set{"p_project": `"yes"`, "p_project_total": `100`, "p_project_it": `100.01`}, "p_project_it", "智能化技术改造项目的信息化部分投资不能大于项目总投资。"},
		{"project IT part = project total", set{"p_project": `"yes"`, "p_project_total": `100`, "p_project_it": `100`}, "", ""},

		// A rule is checked only when both sides are answered.
		{"networked without digital", set{"f_eq_digital": "-", "f_eq_networked": `150`}, "", ""},
		{"digital without total", set{"f_eq_total": "-", "f_eq_digital": `999`, "f_eq_networked": `0`}, "", ""},
		{"digital with total null", set{"f_eq_total": `null`, "f_eq_digital": `999`, "f_eq_networked": `0`}, "", ""},
		{"nc without key processes", set{"u_key_processes": `""`, "u_key_processes_nc": `21`}, "", ""},
		{"investment without firm revenue", set{"p_revenue": "-", "p_invest_avg": `99999`}, "", ""},
		{"project IT without total", set{"p_project": `"yes"`, "p_project_it": `100`}, "", ""},
		// … and only when the question applies (its When holds).
		{"project IT > total but no project", set{"p_project": `"no"`, "p_project_total": `100`, "p_project_it": `200`}, "", ""},
		{"project IT > total, project unanswered", set{"p_project": "-", "p_project_total": `100`, "p_project_it": `200`}, "", ""},
		// A left side that is itself wrong keeps its own message.
		{"networked not a number", set{"f_eq_networked": `"many"`}, "f_eq_networked", "应为数字"},
		// A wrong right side leaves the rule unchecked.
		{"digital wrong, networked big", set{"f_eq_digital": `-1`, "f_eq_networked": `150`}, "f_eq_digital", "应在 0 到 10,000,000 台（套） 之间"},
		// A value a rule refuses is read by no later rule, whatever the
		// order of the rules in the file: digital ≤ total refuses digital,
		// so networked is not compared with it.
		{"a chain of parts", set{"f_eq_total": `100`, "f_eq_digital": `120`, "f_eq_networked": `150`}, "f_eq_digital", "数字化生产设备数不能大于生产设备总数。"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dr := baseline.with(c.over).draft(t, d)
			if c.bad == "" {
				if len(dr.Invalid) != 0 {
					t.Fatalf("unexpected invalid answers: %v", dr.Invalid)
				}
				return
			}
			if len(dr.Invalid) != 1 || !strings.HasPrefix(dr.Invalid[c.bad], c.msg) {
				t.Errorf("invalid = %v, want only %s: %s", dr.Invalid, c.bad, c.msg)
			}
			if _, ok := dr.Answers[c.bad]; ok {
				t.Errorf("%s is among the valid answers too", c.bad)
			}
			// Kept in its canonical form when only a rule refuses it.
			if v, ok := c.over[c.bad]; ok && v == `"60000"` && string(dr.Stored(d)[c.bad]) != "60000" {
				t.Errorf("stored %s", dr.Stored(d)[c.bad])
			}
		})
	}
}

// Scores, progress and conditions read valid answers only: a firm whose
// only difference is an invalid answer scores as if it had not answered.
func TestInvalidAnswersAreNeverScored(t *testing.T) {
	d := def2020(t)
	facts := Facts{RevenueWan: wan("50000")}
	without := baseline.with(set{"f_eq_digital": "-"}).parse(t, d)
	withBad := baseline.with(set{"f_eq_digital": `250`}).draft(t, d)
	if withBad.Invalid["f_eq_digital"] == "" {
		t.Fatalf("invalid = %v", withBad.Invalid)
	}
	if got, want := d.Score(withBad.Answers, facts), d.Score(without, facts); got.Total != want.Total {
		t.Errorf("total %s with an invalid part, %s without it", got.Total, want.Total)
	}
	if ids, _ := d.Missing(withBad.Answers); strings.Join(ids, ",") != "f_eq_digital" {
		t.Errorf("missing = %v", ids)
	}
	// Unfinished names the invalid answer with its reason, not as missing.
	errs := d.Unfinished(withBad)
	if len(errs) != 1 || errs["f_eq_digital"] != "数字化生产设备数不能大于生产设备总数。" {
		t.Errorf("Unfinished = %v", errs)
	}
	// An invalid project answer does not make its follow-up questions apply.
	dr := baseline.with(set{"p_project": `"maybe"`, "p_project_total": `100`, "p_project_it": `200`}).draft(t, d)
	if len(dr.Invalid) != 1 || dr.Invalid["p_project"] == "" {
		t.Errorf("invalid = %v", dr.Invalid)
	}
}

func TestRuleCycleIsRefused(t *testing.T) {
	b := yaml2020(t)
	b = []byte(strings.Replace(string(b), "rules:\n", `rules:
  - id: total_le_networked
    left: f_eq_total
    op: "<="
    right: f_eq_networked
    message: "x"
`, 1))
	if _, err := Parse(b); err == nil || !strings.Contains(err.Error(), "cycle") {
		t.Errorf("Parse with a cycle of rules: %v", err)
	}
}

// An answer to a question that does not apply is kept but never required and
// never scored.
func TestApplies(t *testing.T) {
	d := def2020(t)
	it, _ := d.Question("p_project_it")
	if d.Applies(it, Answers{}) {
		t.Error("p_project_it applies without p_project")
	}
	if d.Applies(it, Answers{"p_project": {Str: "no"}}) {
		t.Error("p_project_it applies with p_project = no")
	}
	if !d.Applies(it, Answers{"p_project": {Str: "yes"}}) {
		t.Error("p_project_it does not apply with p_project = yes")
	}
	rev, _ := d.Question("p_revenue")
	if !d.Applies(rev, Answers{}) {
		t.Error("p_revenue does not apply")
	}
}

func TestMissing(t *testing.T) {
	d := def2020(t)
	// Every required question, in form order, when nothing is answered; the
	// project figures are asked only after p_project = "yes".
	want := []string{
		"p_revenue", "p_employees", "p_invest_avg", "p_invest_plan", "p_project",
		"p_title_fusion", "p_title_iiot", "p_title_service", "p_title_platform",
		"p_hire_postdoc", "p_hire_phd", "p_hire_master", "p_hire_bachelor", "p_hire_college",
		"p_fairs", "p_booths", "p_contact_name", "p_contact_phone",
		"f_network", "f_eq_total", "f_eq_digital", "f_eq_networked", "f_data_collection",
		"f_info_systems", "f_net_security", "f_data_security",
		"u_key_processes", "u_key_processes_nc", "u_systems", "u_cloud",
		"u_ecommerce_purchase", "u_ecommerce_sales", "u_design_tools",
		"s_product_design", "s_process_design", "s_marketing", "s_after_sales", "s_planning",
		"s_production", "s_quality", "s_equipment", "s_safety", "s_energy", "s_procurement",
		"s_warehouse", "s_finance", "s_hr", "s_office", "s_decision",
		"m_plan", "m_mechanism", "m_talent",
		"o_energy", "o_quality", "o_market", "o_cost",
		"n_needs",
	}
	ids, errs := d.Missing(Answers{})
	if !reflect.DeepEqual(ids, want) {
		t.Errorf("Missing(empty) =\n%v\nwant\n%v", ids, want)
	}
	if len(errs) != len(want) || errs["n_needs"] != "此题为必答题" {
		t.Errorf("errs = %v", errs)
	}

	complete := baseline.parse(t, d)
	if ids, errs := d.Missing(complete); ids != nil || len(errs) != 0 {
		t.Errorf("Missing(baseline) = %v %v", ids, errs)
	}

	yes := baseline.with(set{"p_project": `"yes"`}).parse(t, d)
	if ids, _ := d.Missing(yes); strings.Join(ids, ",") != "p_project_total,p_project_it" {
		t.Errorf("Missing(p_project=yes) = %v", ids)
	}
	yesTotal := baseline.with(set{"p_project": `"yes"`, "p_project_total": `500`}).parse(t, d)
	if ids, _ := d.Missing(yesTotal); strings.Join(ids, ",") != "p_project_it" {
		t.Errorf("Missing(p_project=yes, total) = %v", ids)
	}
	yesBoth := baseline.with(set{"p_project": `"yes"`, "p_project_total": `500`, "p_project_it": `200`}).parse(t, d)
	if ids, _ := d.Missing(yesBoth); ids != nil {
		t.Errorf("Missing(p_project=yes, both) = %v", ids)
	}
	// Optional questions are never missing.
	opt := baseline.with(set{"p_specialized": "-", "p_contact_email": "-", "n_note": "-", "o_energy_last": "-"}).parse(t, d)
	if ids, _ := d.Missing(opt); ids != nil {
		t.Errorf("Missing without optional answers = %v", ids)
	}
}

func TestEncodeDecodeStored(t *testing.T) {
	d := def2020(t)
	a := baseline.with(set{
		"p_revenue":       `1234.5`,
		"p_invest_avg":    `"0.05"`,
		"p_project":       `"yes"`,
		"p_project_total": `99999.99`,
		"p_project_it":    `0.1`,
		"o_quality_last":  `98.50`,
		"o_quality_prev":  `97`,
		"p_contact_name":  `"李 \"四\" \\ <b>"`,
		"n_note":          `"希望得到\n设备联网改造的补贴"`,
		"f_network":       `["coverage","control"]`,
		"s_hr":            `4`,
		"s_office":        `0`,
	}).parse(t, d)

	wantEnc := map[string]string{
		"p_revenue":       `1234.5`,
		"p_invest_avg":    `0.05`,
		"p_project":       `"yes"`,
		"p_project_total": `99999.99`,
		"p_project_it":    `0.1`,
		"o_quality_last":  `98.5`,
		"o_quality_prev":  `97`,
		"f_eq_total":      `200`,
		"p_contact_name":  `"李 \"四\" \\ \u003cb\u003e"`,
		"f_network":       `["control","coverage"]`,
		"s_hr":            `4`,
		"s_office":        `0`,
	}
	stored := map[string][]byte{}
	for id, v := range a {
		q, _ := d.Question(id)
		stored[id] = q.Encode(v)
		if w, ok := wantEnc[id]; ok && string(stored[id]) != w {
			t.Errorf("Encode(%s) = %s, want %s", id, stored[id], w)
		}
		if !json.Valid(stored[id]) {
			t.Errorf("Encode(%s) = %s is not JSON", id, stored[id])
		}
	}
	back := d.DecodeStored(stored)
	if !reflect.DeepEqual(back.Answers, a) || len(back.Invalid) != 0 {
		t.Errorf("round trip changed the answers:\n%v\n%v\ninvalid %v", back.Answers, a, back.Invalid)
	}
	if back.Answers["p_revenue"].Num != 123450 {
		t.Errorf("1234.5 came back as %s", back.Answers["p_revenue"].Num)
	}
	// The stored JSON reads back through the API parser too.
	raw := map[string]json.RawMessage{}
	for id, b := range stored {
		raw[id] = b
	}
	again, errs := d.ParseAnswers(raw)
	if errs != nil || !reflect.DeepEqual(again.Answers, a) {
		t.Errorf("ParseAnswers(stored) = %v, %v", again, errs)
	}

	// A question dropped from the edition is ignored; a value the parser
	// cannot read is listed as invalid with its reason, not an error.
	got := d.DecodeStored(map[string][]byte{"old_q": []byte(`"x"`), "s_hr": []byte(`2`), "p_specialized": []byte(`null`), "s_office": []byte(`7`)})
	if !reflect.DeepEqual(got.Answers, Answers{"s_hr": {Level: 2}}) || got.Invalid["s_office"] != "应为 0 到 4 的等级" || len(got.Invalid) != 1 {
		t.Errorf("DecodeStored = %v %v", got.Answers, got.Invalid)
	}
	if string(got.Stored(d)["s_office"]) != "7" {
		t.Errorf("an unreadable stored value is not kept as it was: %s", got.Stored(d)["s_office"])
	}
	// A draft's rule-breaking values read back as invalid, with their reasons.
	dr := baseline.with(set{"f_eq_digital": `250`, "p_revenue": `"1,000"`}).draft(t, d)
	back = d.DecodeStored(dr.Stored(d))
	if !reflect.DeepEqual(back.Invalid, dr.Invalid) || !reflect.DeepEqual(back.Answers, dr.Answers) || len(back.Invalid) != 2 {
		t.Errorf("stored draft read back as %v, was %v", back.Invalid, dr.Invalid)
	}
}

func TestRangeMessage(t *testing.T) {
	d := def2020(t)
	for id, want := range map[string]string{
		"p_invest_avg":   "应在 0 到 10,000,000 万元/年 之间",
		"p_revenue":      "应在 0 到 100,000,000 万元 之间",
		"o_quality_last": "应在 0 到 100% 之间",
		"p_employees":    "应在 0 到 1,000,000 人 之间",
	} {
		q, _ := d.Question(id)
		if got := q.RangeMessage(); got != want {
			t.Errorf("%s: %q, want %q", id, got, want)
		}
	}
	for s, want := range map[string]string{"0": "0", "999": "999", "1000": "1,000", "-1234567.5": "-1,234,567.5", "100000": "100,000"} {
		if got := D(s).Grouped(); got != want {
			t.Errorf("Grouped(%s) = %s, want %s", s, got, want)
		}
	}
}
