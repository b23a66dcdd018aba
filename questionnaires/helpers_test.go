package questionnaires

import (
	"encoding/json"
	"os"
	"sort"
	"strings"
	"sync"
	"testing"

	"healthcheck/decimal"
)

// Shared helpers of the package's tests. Answer sets are written as JSON
// literals (id → raw JSON) so every test goes through the real parser.

var (
	embeddedOnce sync.Once
	embeddedReg  *Registry
	embeddedErr  error
)

// def2020 returns the embedded 2020 edition, loaded once. Tests only read it.
func def2020(t testing.TB) *Definition {
	t.Helper()
	embeddedOnce.Do(func() { embeddedReg, embeddedErr = LoadEmbedded() })
	if embeddedErr != nil {
		t.Fatalf("LoadEmbedded: %v", embeddedErr)
	}
	d, ok := embeddedReg.Get("jiaxing-2020")
	if !ok {
		t.Fatalf("jiaxing-2020 not in the registry (have %v)", embeddedReg.IDs())
	}
	return d
}

// yaml2020 reads the definition file as bytes.
func yaml2020(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile("defs/jiaxing-2020.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// The scenes of 数字化经营, in form order, split by weight.
var (
	constraintScenes = []string{"s_product_design", "s_marketing", "s_production", "s_quality",
		"s_equipment", "s_safety", "s_energy", "s_procurement", "s_warehouse", "s_finance"} // weight 2
	guidedScenes = []string{"s_process_design", "s_after_sales", "s_planning", "s_hr", "s_office", "s_decision"} // weight 1
)

// set is an answer set under construction: question id → raw JSON literal.
type set map[string]string

// with returns a copy of s with the overrides applied; an override "-" removes the answer.
func (s set) with(over set) set {
	out := set{}
	for k, v := range s {
		out[k] = v
	}
	for k, v := range over {
		if v == "-" {
			delete(out, k)
			continue
		}
		out[k] = v
	}
	return out
}

// scenes sets every 约束性 scene to level c and every other scene to level g.
func scenes(c, g int) set {
	out := set{}
	for _, id := range constraintScenes {
		out[id] = itoa(c)
	}
	for _, id := range guidedScenes {
		out[id] = itoa(g)
	}
	return out
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// raw converts a set to what the API hands to ParseAnswers.
func (s set) raw() map[string]json.RawMessage {
	out := map[string]json.RawMessage{}
	for k, v := range s {
		out[k] = json.RawMessage(v)
	}
	return out
}

// parse validates the set and fails the test unless every answer is valid.
func (s set) parse(t testing.TB, d *Definition) Answers {
	t.Helper()
	dr := s.draft(t, d)
	if len(dr.Invalid) > 0 {
		t.Fatalf("ParseAnswers: invalid %v", dr.Invalid)
	}
	return dr.Answers
}

// draft parses the set and fails the test on a malformed value.
func (s set) draft(t testing.TB, d *Definition) *Draft {
	t.Helper()
	dr, errs := d.ParseAnswers(s.raw())
	if errs != nil {
		t.Fatalf("ParseAnswers: malformed %v", errs)
	}
	return dr
}

// profileCommon are the unscored profile answers every full set shares.
var profileCommon = set{
	"p_employees":      `300`,
	"p_invest_plan":    `800`,
	"p_project":        `"no"`,
	"p_title_fusion":   `"none"`,
	"p_title_iiot":     `"none"`,
	"p_title_service":  `"none"`,
	"p_title_platform": `"none"`,
	"p_hire_postdoc":   `0`,
	"p_hire_phd":       `0`,
	"p_hire_master":    `0`,
	"p_hire_bachelor":  `0`,
	"p_hire_college":   `0`,
	"p_fairs":          `0`,
	"p_booths":         `0`,
	"p_contact_name":   `"张三"`,
	"p_contact_phone":  `"0573-82345678"`,
}

// baseline is a complete, middling firm (roster revenue 50000 万元). Its
// score, worked out by hand, is in TestScoreGolden ("baseline").
var baseline = profileCommon.with(set{
	"p_revenue":    `50000`,
	"p_invest_avg": `600`,

	"f_network":         `["control","system"]`,
	"f_eq_total":        `200`,
	"f_eq_digital":      `100`,
	"f_eq_networked":    `60`,
	"f_data_collection": `["finance","hr"]`,
	"f_info_systems":    `"multiple"`,
	"f_net_security":    `["policy","products"]`,
	"f_data_security":   `["policy"]`,

	"u_key_processes":      `20`,
	"u_key_processes_nc":   `10`,
	"u_systems":            `["erp","oa"]`,
	"u_cloud":              `"infra"`,
	"u_ecommerce_purchase": `"yes"`,
	"u_ecommerce_sales":    `"no"`,
	"u_design_tools":       `"yes"`,

	"m_plan":      `"planned"`,
	"m_mechanism": `["workflow"]`,
	"m_talent":    `["parttime","dept"]`,

	"o_energy":  `"flat"`,
	"o_quality": `"increase"`,
	"o_market":  `"flat"`,
	"o_cost":    `"flat"`,

	"n_needs": `["diagnosis","software"]`,
}).with(scenes(2, 1))

// lowest answers every required question with its lowest-scoring option.
var lowest = profileCommon.with(set{
	"p_revenue":    `50000`,
	"p_invest_avg": `0`,

	"f_network":         `["none"]`,
	"f_eq_total":        `100`,
	"f_eq_digital":      `0`,
	"f_eq_networked":    `0`,
	"f_data_collection": `["none"]`,
	"f_info_systems":    `"none"`,
	"f_net_security":    `["none"]`,
	"f_data_security":   `["none"]`,

	"u_key_processes":      `10`,
	"u_key_processes_nc":   `0`,
	"u_systems":            `["none"]`,
	"u_cloud":              `"none"`,
	"u_ecommerce_purchase": `"no"`,
	"u_ecommerce_sales":    `"no"`,
	"u_design_tools":       `"no"`,

	"m_plan":      `"none"`,
	"m_mechanism": `["none"]`,
	"m_talent":    `["none"]`,

	"o_energy":  `"increase"`,
	"o_quality": `"decrease"`,
	"o_market":  `"decrease"`,
	"o_cost":    `"increase"`,

	"n_needs": `["none"]`,
}).with(scenes(0, 0))

// Highest-scoring answers of the scored multi and single questions.
var (
	allNetwork    = `["control","system","net5g","coverage"]`
	allCollection = `["design","process","marketing","after_sales","planning","production","quality","equipment","safety","energy","procurement","warehouse","finance","hr"]`
	allSecurity   = `["policy","products","assessment","detection"]`
	allDataSec    = `["policy","products","assessment","ledger"]`
	allMechanism  = `["workflow","systems","data","incentive"]`
	allTalent     = `["parttime","dept","training","incentive","pipeline"]`
	bestOutcome   = set{"o_energy": `"decrease"`, "o_quality": `"increase"`, "o_market": `"increase"`, "o_cost": `"decrease"`}
)

// highest answers every scored question with its best option (roster revenue
// 50000 万元, investment 1500 万元/年 = 3%).
var highest = profileCommon.with(set{
	"p_revenue":    `50000`,
	"p_invest_avg": `1500`,

	"f_network":         allNetwork,
	"f_eq_total":        `100`,
	"f_eq_digital":      `100`,
	"f_eq_networked":    `100`,
	"f_data_collection": allCollection,
	"f_info_systems":    `"all"`,
	"f_net_security":    allSecurity,
	"f_data_security":   allDataSec,

	"u_key_processes":      `10`,
	"u_key_processes_nc":   `10`,
	"u_systems":            `["erp","mes","plm","scm","crm","wms","oa"]`,
	"u_cloud":              `"platform"`,
	"u_ecommerce_purchase": `"yes"`,
	"u_ecommerce_sales":    `"yes"`,
	"u_design_tools":       `"yes"`,

	"m_plan":      `"leading"`,
	"m_mechanism": allMechanism,
	"m_talent":    allTalent,

	"n_needs": `["training"]`,
}).with(bestOutcome).with(scenes(4, 4))

// wan is a 万元 amount with two decimals, e.g. wan("50000") or wan("499.99").
func wan(s string) decimal.Fixed2 {
	f, err := decimal.ParseFixed2(s)
	if err != nil {
		panic(err)
	}
	return f
}

// fx formats an optional figure for messages.
func fx(p *decimal.Fixed2) string {
	if p == nil {
		return "null"
	}
	return p.String()
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}
