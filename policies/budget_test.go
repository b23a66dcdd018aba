package policies

import (
	"strings"
	"testing"

	"healthcheck/questionnaires"
)

// budgetOf adds firms' answers into a budget the way the annual report does:
// each firm through Set.Estimate, the function of the firm's own report.
func budgetOf(t *testing.T, firms []Holder, raws []map[string]any) (*Budget, []Estimate) {
	t.Helper()
	def, set := load(t)
	bb := NewBudget(set, []string{"1-2亿", "2-4亿", "4-10亿", "10-50亿", "50亿以上"})
	var ests []Estimate
	for i, raw := range raws {
		a := answers(t, def, raw)
		e := set.Estimate(def, a, questionnaires.Facts{}, "")
		sameAmounts(t, e, set.Amounts(def, a, questionnaires.Facts{}))
		ests = append(ests, e)
		bb.Add(firms[i], e)
	}
	return bb.Budget(), ests
}

// sameAmounts: the annual report's Amounts earn what the firm's own report
// (Estimate) does, policy by policy, without its sentences.
func sameAmounts(t *testing.T, e, amounts Estimate) {
	t.Helper()
	if len(amounts.Matches) != len(e.Matches) || amounts.FirmYuan != e.FirmYuan || amounts.FirmMaxYuan != e.FirmMaxYuan ||
		amounts.StaffYuan != e.StaffYuan || amounts.StaffMaxYuan != e.StaffMaxYuan {
		t.Fatalf("Amounts %+v, Estimate %+v", amounts, e)
	}
	for i, m := range amounts.Matches {
		w := e.Matches[i]
		if m.ID != w.ID || m.AmountYuan != w.AmountYuan || m.AmountMaxYuan != w.AmountMaxYuan || m.Recipient != w.Recipient {
			t.Errorf("policy %s: Amounts %d–%d, Estimate %d–%d", w.ID, m.AmountYuan, m.AmountMaxYuan, w.AmountYuan, w.AmountMaxYuan)
		}
		if m.Condition != "" || m.Basis != "" {
			t.Errorf("policy %s: Amounts wrote sentences %q / %q", w.ID, m.Condition, m.Basis)
		}
	}
}

func line(b *Budget, id string) PolicyLine {
	for _, l := range b.Policies {
		if l.ID == id {
			return l
		}
	}
	return PolicyLine{}
}

// Caps hold at their boundaries in the aggregate: a firm whose 20% is
// exactly 300万 counts 300万, one just above counts 300万, one just below
// counts what it earns; booths at 80万 exactly and above both count 80万.
func TestBudgetCapsHoldAtTheBoundaries(t *testing.T) {
	h := Holder{District: "330402", Band: "4-10亿", Industry: "C17", Under1B: true}
	raws := []map[string]any{
		project(2000, 1500),    // 300万 exactly
		project(2000, 1500.01), // 300.002万 → 300万
		project(5000, 1600),    // 320万 → 300万
		project(2000, 1499.99), // 299.998万
		fairs(7, 32),           // 80万 exactly
		fairs(7, 35),           // 87.5万 → 80万
	}
	firms := []Holder{h, h, h, h, h, h}
	b, _ := budgetOf(t, firms, raws)
	up := line(b, "smart_upgrade")
	if up.Firms != 4 || up.Yuan != 3*3000000+2999980 || up.MaxYuan != up.Yuan || up.AtCap != 3 {
		t.Errorf("smart upgrade line %+v: want 4 firms, %d 元, 3 at the cap", up, 3*3000000+2999980)
	}
	booths := line(b, "fair_booths")
	if booths.Firms != 2 || booths.Yuan != 1600000 || booths.AtCap != 2 {
		t.Errorf("booths line %+v: want 2 firms, 160万, both at the cap", booths)
	}
	if b.Firm.Yuan != up.Yuan+booths.Yuan || b.Firm.Firms != 6 || b.Estimated != 6 {
		t.Errorf("firm total %+v over %d, want %d", b.Firm, b.Estimated, up.Yuan+booths.Yuan)
	}
}

// The policy totals equal the sum of the firms' estimates; staff subsidies
// are totalled apart and never in the firms' sums; districts, bands and
// industries add up to the firms' total; the parts under 10亿 and on the
// low-investment list are the firms' that are so.
func TestBudgetAddsUpAndKeepsStaffApart(t *testing.T) {
	withHires := project(300, 100) // 20万
	for k, v := range hires(1, 1, 0, 0, 0) {
		withHires[k] = v // staff: 25 + 35 + 6 = 66万
	}
	raws := []map[string]any{
		withHires,
		{"p_title_iiot": "provincial"}, // 50万
		hires(0, 0, 2, 0, 0),           // staff only: 2×15 + 2×3 = 36万
		{"p_title_fusion": "national"}, // 150万
		{"p_project": "no"},            // nothing
	}
	firms := []Holder{
		{District: "330402", Band: "1-2亿", Industry: "C17", Under1B: true, LowInvestment: true},
		{District: "330402", Band: "2-4亿", Industry: "C26", Under1B: true},
		{District: "330411", Band: "1-2亿", Industry: "C17", Under1B: true},
		{District: "330411", Band: "10-50亿", Industry: "C17"},
		{District: "330411", Band: "1-2亿", Industry: "C17", Under1B: true, LowInvestment: true},
	}
	b, ests := budgetOf(t, firms, raws)
	var firm, staff, lines int64
	for _, e := range ests {
		firm += e.FirmYuan
		staff += e.StaffYuan
	}
	for _, l := range b.Policies {
		lines += l.Yuan
	}
	if firm != 2200000 || b.Firm.Yuan != firm || b.Firm.Firms != 3 {
		t.Errorf("firms' total %+v, sum of estimates %d, want 220万 over 3 firms", b.Firm, firm)
	}
	if staff != 660000+360000 || b.Staff.Yuan != staff || b.Staff.Firms != 2 {
		t.Errorf("staff total %+v, sum of estimates %d, want 102万 over 2 firms", b.Staff, staff)
	}
	if lines != firm+staff {
		t.Errorf("policy lines add to %d, want firm %d + staff %d", lines, firm, staff)
	}
	for name, groups := range map[string][]GroupSum{"district": b.ByDistrict, "band": b.ByBand, "industry": b.ByIndustry} {
		var sum int64
		for _, g := range groups {
			sum += g.Yuan
		}
		if sum != firm {
			t.Errorf("by %s adds to %d, want %d", name, sum, firm)
		}
	}
	if b.ByBand[0].Key != "1-2亿" || b.ByBand[2].Key != "10-50亿" {
		t.Errorf("bands out of order: %+v", b.ByBand)
	}
	if b.Under1B.Yuan != 700000 || b.LowInvestment.Yuan != 200000 {
		t.Errorf("under 10亿 %+v, low investment %+v; want 70万 and 20万", b.Under1B, b.LowInvestment)
	}
	if s := b.Under1BShare(); s == nil || s.String() != "31.82" {
		t.Errorf("share under 10亿 = %v, want 31.82", s)
	}
	if b.Firm.Shown() == false || b.LowInvestment.Shown() {
		t.Errorf("3 firms are shown, 1 is not: %v %v", b.Firm.Shown(), b.LowInvestment.Shown())
	}
}

// Questions names every answer the 2020 estimates read, with p_project
// that decides whether the project's amounts apply; a condition on an
// indicator needs the whole questionnaire (nil).
func TestQuestionsTheEstimatesRead(t *testing.T) {
	def, set := load(t)
	got := strings.Join(set.Questions(def), " ")
	want := "p_booths p_fairs p_hire_bachelor p_hire_college p_hire_master p_hire_phd p_hire_postdoc p_project p_project_it " +
		"p_project_total p_title_fusion p_title_iiot p_title_platform p_title_service"
	if got != want {
		t.Errorf("questions %q\nwant %q", got, want)
	}
	withIndicator := *set
	withIndicator.Policies = append([]Policy(nil), set.Policies...)
	withIndicator.Policies[0].When = append(withIndicator.Policies[0].When, questionnaires.Condition{Ref: "indicator:设备联网率"})
	if q := withIndicator.Questions(def); q != nil {
		t.Errorf("with an indicator condition: %v, want nil (every question)", q)
	}
}

// TestMatcherLeavesOutWhatTheEditionCannotEvaluate: a policy whose
// condition shows a question the edition lacks is left out of every firm's
// matches by a matcher made once, as by Set.Estimate, though its amount
// reads an answer the firm gave; the other policies match as before.
func TestMatcherLeavesOutWhatTheEditionCannotEvaluate(t *testing.T) {
	def, set := load(t)
	odd := *set
	ghost := Policy{ID: "ghost", Name: "不存在的政策", Rule: "-", Condition: "{p_ghost}", Recipient: RecipientFirm,
		Amount: Amount{PerUnit: []Term{{Ref: "p_fairs", Label: "展会", Unit: "个", Yuan: 100}}}}
	odd.Policies = append([]Policy{ghost}, set.Policies...)
	m := odd.Matcher(def)
	for _, raw := range []map[string]any{fairs(7, 35), project(2000, 1500), hires(1, 0, 2, 0, 0)} {
		a := answers(t, def, raw)
		got := m.Amounts(a, questionnaires.Facts{})
		sameAmounts(t, set.Estimate(def, a, questionnaires.Facts{}, ""), got)
		sameAmounts(t, odd.Estimate(def, a, questionnaires.Facts{}, ""), got)
	}
}
