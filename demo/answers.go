package demo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"healthcheck/decimal"
)

// answerer drafts one firm's answers for one campaign year. Every question
// has its own random streams: a persistent one, the same in every year, so a
// firm whose maturity rises answers the same or better each year instead of
// reshuffling; and a yearly one for what honestly changes from year to year
// (plans, hiring, outcomes).
type answerer struct {
	st   streams
	f    *firm
	k    int // year index
	year int
	p    float64 // maturity share 0–1 in this year
	rev  float64 // roster revenue, 万元
	emp  int
	out  map[string]any // by question id; ordered later by the definition
}

func newAnswerer(st streams, f *firm, k, year int) *answerer {
	return &answerer{st: st, f: f, k: k, year: year, p: f.p(k), rev: f.revenue[k].Float64(),
		emp: f.employees[k], out: map[string]any{}}
}

// answers returns every question's answer for the firm in year k.
func answers(st streams, f *firm, k, year int) map[string]any {
	a := newAnswerer(st, f, k, year)
	a.profile()
	systems := a.usage()
	a.foundation(systems)
	a.scenes(systems)
	a.management()
	a.outcome()
	a.needs()
	return a.out
}

func (a *answerer) persistent(tag string) *rand.Rand { return a.st.of(a.f.idx, "q/"+tag) }

func (a *answerer) yearly(tag string) *rand.Rand {
	return a.st.of(a.f.idx, fmt.Sprintf("y%d/%s", a.year, tag))
}

func (a *answerer) set(id string, v any) { a.out[id] = v }

// ------------------------------------------------------------------ profile

func (a *answerer) profile() {
	reported := a.rev
	if r := a.yearly("p_revenue"); r.Float64() < 0.2 {
		// Some firms type a figure from another report than the roster's.
		reported = a.rev * clamp(1+0.03*r.NormFloat64(), 0.92, 1.08)
	}
	a.set("p_revenue", money(reported))
	emp := a.emp
	if r := a.yearly("p_employees"); r.Float64() < 0.2 {
		emp = max(1, int(math.Round(float64(emp)*clamp(1+0.04*r.NormFloat64(), 0.9, 1.1))))
	}
	a.set("p_employees", emp)
	invest := a.investment()
	a.set("p_invest_avg", invest)
	a.projectAndPlan(invest)
	a.titles()
	a.hiring()
	a.fairs()
	if r := a.persistent("p_specialized"); r.Float64() < 0.85 {
		a.set("p_specialized", a.specialized(r.Float64()))
	}
	a.set("p_contact_name", a.f.contactName)
	a.set("p_contact_phone", a.f.contactPhone)
	if a.f.contactEmail != "" {
		a.set("p_contact_email", a.f.contactEmail)
	}
}

// investment is the 3-year average digital investment: its intensity (share
// of revenue) is mostly 0.2%–3%, lower for smaller and less mature firms, so
// many firms under 10亿 fall below 1% (投入不足).
func (a *answerer) investment() decimal.Fixed2 {
	z := a.persistent("p_invest_avg").NormFloat64()
	zy := a.yearly("p_invest_avg").NormFloat64()
	pct := math.Exp(math.Log(0.25) + 2.6*a.p + 0.08*math.Log(a.rev/minRevenueWan) + 0.45*z + 0.15*zy)
	return money(a.rev * clamp(pct, 0.03, 8) / 100)
}

// projectAndPlan answers the technical-upgrade project (amounts only with a
// project, its IT part within the total) and next year's planned investment.
func (a *answerer) projectAndPlan(invest decimal.Fixed2) {
	r := a.yearly("p_project")
	plan := invest.Float64() * math.Exp(0.15+0.35*r.NormFloat64())
	if r.Float64() < 0.08 {
		plan = 0
	}
	if r.Float64() < 0.1+0.6*a.p {
		a.set("p_project", "yes")
		total := math.Max(30, a.rev*clamp(math.Exp(math.Log(0.02)+0.7*r.NormFloat64()), 0.002, 0.3))
		it := total * (0.1 + 0.5*r.Float64())
		a.set("p_project_total", money(total))
		a.set("p_project_it", money(math.Min(it, total)))
		plan = math.Max(plan, it)
	} else {
		a.set("p_project", "no")
	}
	a.set("p_invest_plan", money(plan))
}

var titleQuestions = []string{"p_title_fusion", "p_title_iiot", "p_title_service", "p_title_platform"}

// titles: demonstration titles are rare and go to mature, larger firms.
func (a *answerer) titles() {
	big := 0.0
	if a.rev >= 100000 {
		big = 0.08
	}
	prob := clamp(0.01+0.25*a.p*a.p*a.p+big, 0, 0.6)
	for _, id := range titleQuestions {
		r := a.persistent(id)
		u, lvl := r.Float64(), r.Float64()
		switch {
		case u >= prob:
			a.set(id, "none")
		case lvl < 0.08:
			a.set(id, "national")
		case lvl < 0.4:
			a.set(id, "provincial")
		default:
			a.set(id, "municipal")
		}
	}
}

func (a *answerer) hiring() {
	size := math.Min(3, float64(a.emp)/300)
	large := 0.2
	if a.rev >= 100000 {
		large = 1
	}
	r := a.yearly("p_hire")
	a.set("p_hire_postdoc", poisson(r, 0.3*a.p*a.p*large))
	a.set("p_hire_phd", poisson(r, (0.05+0.5*a.p*a.p)*large))
	a.set("p_hire_master", poisson(r, 0.2+1.5*a.p*size))
	a.set("p_hire_bachelor", poisson(r, 0.8+4*a.p*size))
	a.set("p_hire_college", poisson(r, 1+3*a.p*size))
}

// exporters are the industries that show most at fairs abroad.
var exporters = map[string]bool{"C17": true, "C18": true, "C19": true, "C20": true, "C21": true, "C24": true}

func (a *answerer) fairs() {
	prob := 0.2
	if exporters[a.f.industry] {
		prob = 0.5
	}
	fairs, booths := 0, 0
	if a.persistent("p_fairs").Float64() < prob {
		r := a.yearly("p_fairs")
		if r.Float64() < 0.8 {
			fairs = 1 + r.IntN(3)
			booths = fairs + r.IntN(fairs+1)
		}
	}
	a.set("p_fairs", fairs)
	a.set("p_booths", booths)
}

// specialized: 专精特新 titles go to mature small and medium firms.
func (a *answerer) specialized(u float64) string {
	switch {
	case a.rev >= 400000:
		return "none"
	case u < 0.015+0.05*a.p:
		return "national"
	case u < 0.06+0.2*a.p:
		return "provincial"
	}
	return "none"
}

// ------------------------------------------------------------------ usage

// systemOdds is each system's adoption against maturity: ERP and OA are
// common, PLM and SCM come late.
var systemOdds = []struct {
	v          string
	slope, off float64
}{
	{"erp", 0.8, 0.3}, {"mes", 1.3, -0.3}, {"plm", 1.1, -0.4}, {"scm", 1, -0.35},
	{"crm", 1, -0.25}, {"wms", 1.1, -0.3}, {"oa", 0.7, 0.45},
}

// usage answers the 两化融合 section and returns the systems in use.
func (a *answerer) usage() map[string]bool {
	r := a.persistent("u_key_processes")
	kp := 3 + r.IntN(8) + int(2*math.Log(a.rev/minRevenueWan))
	a.set("u_key_processes", kp)
	a.set("u_key_processes_nc", int(math.Round(float64(kp)*clamp(0.15+0.7*a.p+0.15*r.NormFloat64(), 0, 1))))

	systems := map[string]bool{}
	var picked []string
	for _, s := range systemOdds {
		if a.persistent("u_systems/"+s.v).Float64() < s.slope*a.p+s.off {
			systems[s.v] = true
			picked = append(picked, s.v)
		}
	}
	a.set("u_systems", orNone(picked))

	cloud := []string{"none", "infra", "business", "platform"}
	a.set("u_cloud", cloud[level(3.6*a.p-0.2+0.7*a.persistent("u_cloud").NormFloat64(), 3)])
	a.set("u_ecommerce_purchase", yesNo(a.persistent("u_ecommerce_purchase").Float64() < 0.25+0.5*a.p))
	sales := 0.15 + 0.35*a.p
	if exporters[a.f.industry] || a.f.industry == "C14" {
		sales += 0.2
	}
	a.set("u_ecommerce_sales", yesNo(a.persistent("u_ecommerce_sales").Float64() < sales))
	a.set("u_design_tools", yesNo(a.persistent("u_design_tools").Float64() < 0.45+0.55*a.p))
	return systems
}

// ------------------------------------------------------------------ foundation

func (a *answerer) foundation(systems map[string]bool) {
	a.set("f_network", a.multi("f_network", []option{
		{"control", 1, 0.25}, {"system", 1, 0.15}, {"net5g", 1, -0.45}, {"coverage", 1, -0.15}}))
	a.equipment()
	a.set("f_data_collection", a.multi("f_data_collection", []option{
		{"design", 1.2, -0.35}, {"process", 1.2, -0.4}, {"marketing", 1.2, -0.25}, {"after_sales", 1.2, -0.45},
		{"planning", 1.2, -0.25}, {"production", 1.2, -0.1}, {"quality", 1.2, -0.15}, {"equipment", 1.2, -0.25},
		{"safety", 1.2, -0.35}, {"energy", 1.2, -0.3}, {"procurement", 1.2, -0.15}, {"warehouse", 1.2, -0.15},
		{"finance", 1.2, 0.1}, {"hr", 1.2, 0}}))
	infos := []string{"none", "single", "multiple", "most", "all"}
	lvl := level(4*a.p-0.2+0.6*a.persistent("f_info_systems").NormFloat64(), 4)
	switch {
	case len(systems) == 0:
		lvl = min(lvl, 1) // no system at all: at most one area is run digitally
	case len(systems) >= 3:
		lvl = max(lvl, 2)
	}
	a.set("f_info_systems", infos[lvl])
	a.set("f_net_security", a.multi("f_net_security", []option{
		{"policy", 1, 0.1}, {"products", 1, 0.35}, {"assessment", 1, -0.3}, {"detection", 1, -0.2}}))
	a.set("f_data_security", a.multi("f_data_security", []option{
		{"policy", 1, 0}, {"products", 1, 0.2}, {"assessment", 1, -0.35}, {"ledger", 1, -0.4}}))
}

// equipment keeps networked ≤ digital ≤ total: rates are shares of the
// level above.
func (a *answerer) equipment() {
	r := a.persistent("f_eq")
	perEmp := industryOf(a.f.industry).eqPerEmp
	total := max(5, int(math.Round(float64(a.emp)*perEmp*math.Exp(0.3*r.NormFloat64()))))
	digital := int(math.Round(float64(total) * clamp(0.1+0.8*a.p+0.12*r.NormFloat64(), 0.02, 1)))
	networked := int(math.Round(float64(digital) * clamp(0.05+0.85*a.p+0.15*r.NormFloat64(), 0, 1)))
	a.set("f_eq_total", total)
	a.set("f_eq_digital", digital)
	a.set("f_eq_networked", networked)
}

// ------------------------------------------------------------------ scenes

// sceneShifts: finance and office work go digital first, energy, after-sales
// and decision support last.
var sceneShifts = []struct {
	id    string
	shift float64
}{
	{"s_product_design", 0}, {"s_process_design", -0.3}, {"s_marketing", 0}, {"s_after_sales", -0.4},
	{"s_planning", -0.1}, {"s_production", 0}, {"s_quality", 0}, {"s_equipment", -0.2},
	{"s_safety", -0.3}, {"s_energy", -0.5}, {"s_procurement", 0.2}, {"s_warehouse", 0.1},
	{"s_finance", 0.6}, {"s_hr", 0.2}, {"s_office", 0.4}, {"s_decision", -0.6},
}

// sceneSystems: a system in use lifts its scene to level 2 (信息化系统).
var sceneSystems = map[string]string{
	"s_product_design": "plm", "s_marketing": "crm", "s_production": "mes", "s_procurement": "scm",
	"s_warehouse": "wms", "s_finance": "erp", "s_office": "oa",
}

func (a *answerer) scenes(systems map[string]bool) {
	design := a.out["u_design_tools"] == "yes"
	for _, s := range sceneShifts {
		lvl := level(4*a.p-0.5+s.shift+0.75*a.persistent(s.id).NormFloat64(), 4)
		if len(systems) == 0 {
			lvl = min(lvl, 1) // level 2 and up need an information system
		} else if systems[sceneSystems[s.id]] {
			lvl = max(lvl, 2)
		}
		if s.id == "s_product_design" {
			// Level 1 of 产品设计 is the use of CAD/CAE/EDA tools.
			if !design {
				lvl = 0
			} else {
				lvl = max(lvl, 1)
			}
		}
		a.set(s.id, lvl)
	}
}

// ------------------------------------------------------------------ management

func (a *answerer) management() {
	plans := []string{"none", "aware", "planned", "started", "effective", "leading"}
	r := a.persistent("m_plan")
	lvl := level(5*a.p-0.6+0.7*r.NormFloat64(), 4)
	if lvl == 4 && a.p > 0.7 && r.Float64() < 0.3 {
		lvl = 5
	}
	a.set("m_plan", plans[lvl])
	a.set("m_mechanism", a.multi("m_mechanism", []option{
		{"workflow", 1, 0}, {"systems", 1, 0.1}, {"data", 1, -0.2}, {"incentive", 1, -0.3}}))
	a.set("m_talent", a.multi("m_talent", []option{
		{"parttime", 0.6, 0.35}, {"dept", 1.1, -0.2}, {"training", 0.9, -0.05}, {"incentive", 1, -0.35},
		{"pipeline", 1, -0.45}}))
}

// ------------------------------------------------------------------ outcome

// energyPerWan is tonnes of standard coal per 万元 of revenue.
var energyPerWan = map[string]float64{"C17": 0.15, "C22": 0.2, "C26": 0.2, "C28": 0.25, "C30": 0.3, "C31": 0.3}

func (a *answerer) outcome() {
	growth := 1.05
	if a.k > 0 {
		growth = a.rev / a.f.revenue[a.k-1].Float64()
	}
	r := a.yearly("o_energy")
	dir := direction(r.Float64(), 0.2+0.5*a.p, 0.6-0.4*a.p)
	a.set("o_energy", [...]string{"decrease", "flat", "increase"}[dir])
	if a.persistent("o_energy_values").Float64() < 0.55 {
		perWan, ok := energyPerWan[a.f.industry]
		if !ok {
			perWan = 0.04
		}
		last := a.rev * perWan * math.Exp(0.4*r.NormFloat64())
		// The answer is about energy per 100 元 of revenue, so the figures
		// follow the chosen direction after revenue growth.
		ratio := [...]float64{1.03 + 0.09*r.Float64(), 0.995 + 0.01*r.Float64(), 0.9 + 0.07*r.Float64()}[dir]
		a.set("o_energy_last", money(last))
		a.set("o_energy_prev", money(last*ratio/growth))
	}
	a.quality()
	rm := a.yearly("o_market")
	a.set("o_market", [...]string{"increase", "flat", "decrease"}[direction(rm.Float64(), 0.35+0.35*a.p, 0.35-0.1*a.p)])
	rc := a.yearly("o_cost")
	a.set("o_cost", [...]string{"decrease", "flat", "increase"}[direction(rc.Float64(), 0.2+0.4*a.p, 0.5-0.2*a.p)])
}

func (a *answerer) quality() {
	r := a.yearly("o_quality")
	dir := direction(r.Float64(), 0.25+0.45*a.p, 0.55-0.35*a.p)
	a.set("o_quality", [...]string{"increase", "flat", "decrease"}[dir])
	if a.persistent("o_quality_values").Float64() >= 0.5 {
		return
	}
	last := clamp(92+6*a.p+1.5*r.NormFloat64(), 80, 99.9)
	step := 0.2 + 1.3*r.Float64()
	prev := [...]float64{last - step, last, math.Min(100, last+step)}[dir]
	a.set("o_quality_last", percent(last))
	a.set("o_quality_prev", percent(prev))
}

// ------------------------------------------------------------------ needs

var needOdds = []struct {
	v          string
	base, perP float64
}{
	{"diagnosis", 3, -2}, {"software", 1, 1.5}, {"network", 1.5, 1}, {"cloud", 1, 1}, {"data", 0.5, 2},
	{"security", 0.5, 1}, {"training", 2, 0}, {"finance", 1.2, 0}, {"integration", 0.5, 1.5},
}

// needs picks one to four kinds of help, the less mature asking for
// diagnosis, the more mature for data and integration.
func (a *answerer) needs() {
	r := a.yearly("n_needs")
	choices := make([]weighted[string], len(needOdds))
	for i, n := range needOdds {
		choices[i] = weighted[string]{n.v, n.base + n.perP*a.p}
	}
	var picked []string
	for n := 1 + r.IntN(4); n > 0; n-- {
		v := pick(r, choices)
		picked = append(picked, v)
		for i := range choices {
			if choices[i].v == v {
				choices[i].w = 0 // without replacement
			}
		}
	}
	a.set("n_needs", picked)
	if r.Float64() < 0.08 {
		a.set("n_note", noteTexts[r.IntN(len(noteTexts))])
	}
}

// ------------------------------------------------------------------ helpers

// option is a multi-select choice taken when a uniform draw falls below
// slope×maturity + off.
type option struct {
	v          string
	slope, off float64
}

// multi picks options with one persistent draw each; nothing picked is the
// exclusive "none".
func (a *answerer) multi(id string, opts []option) []string {
	var picked []string
	for _, o := range opts {
		if a.persistent(id+"/"+o.v).Float64() < o.slope*a.p+o.off {
			picked = append(picked, o.v)
		}
	}
	return orNone(picked)
}

func orNone(picked []string) []string {
	if len(picked) == 0 {
		return []string{"none"}
	}
	return picked
}

// level rounds x to an integer level in 0..top.
func level(x float64, top int) int { return int(clamp(math.Round(x), 0, float64(top))) }

// direction returns 0, 1 or 2 with probabilities p0, p1 and the rest.
func direction(u, p0, p1 float64) int {
	switch {
	case u < p0:
		return 0
	case u < p0+p1:
		return 1
	}
	return 2
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// money rounds an amount in 万元: whole 万元 from 100 up, as firms write
// them, hundredths below.
func money(x float64) decimal.Fixed2 {
	if x >= 100 {
		return decimal.Fixed2(math.Round(x) * 100)
	}
	return decimal.Fixed2(math.Round(x * 100))
}

// percent keeps one decimal, as quality reports do.
func percent(x float64) decimal.Fixed2 {
	return decimal.Fixed2(math.Round(x*10) * 10)
}

// poisson draws a small count (Knuth's method; λ is capped, so it is quick).
func poisson(r *rand.Rand, lambda float64) int {
	limit := math.Exp(-math.Min(lambda, 30))
	n, prod := 0, r.Float64()
	for prod > limit {
		n++
		prod *= r.Float64()
	}
	return n
}
