package report

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/survey"
)

// tally adds estimates up, here, independently of policies.Budget.
type tally struct {
	firms     int
	yuan, max int64
}

func (t *tally) add(low, high int64) { t.firms++; t.yuan += low; t.max += high }

// wanText is 元 as the chapter prints 万元: two decimals, half up, grouped.
func wanText(yuan int64) string {
	return decimal.GroupDigits(roundText(big.NewRat(yuan, 10000)))
}

// ownReports is every submitted demo firm's own report (what /report shows
// it), by credit code.
func ownReports(t *testing.T, d *demoCity) map[string]*survey.Report {
	t.Helper()
	ctx := context.Background()
	flow := survey.New(d.src.Store, d.src.Defs)
	flow.Policies = d.src.Policies
	c, err := d.src.Store.CampaignByYear(ctx, 2020)
	if err != nil {
		t.Fatal(err)
	}
	codes := map[int64]string{}
	err = d.src.Store.EachScored(ctx, models.CityScope(), c.ID, models.FirmFilter{Status: models.StatusSubmitted},
		func(r *models.FirmRow) error { codes[r.EntryID] = r.CreditCode; return nil })
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*survey.Report{}
	for id, code := range codes {
		rep, err := flow.Report(ctx, models.CityScope(), id)
		if err != nil {
			t.Fatalf("%s: %v", code, err)
		}
		out[code] = rep
	}
	return out
}

// TestPolicyBudgetIsTheFirmsOwnReports: each submitted demo firm's line in
// 政策测算明细 is its own report's estimate, policy by policy; the policy
// totals of the 政策测算 sheet and of the chapter in report.html are the
// sums of those estimates; staff subsidies stay out of the firms' total.
func TestPolicyBudgetIsTheFirmsOwnReports(t *testing.T) {
	d := demoReport(t)
	reports := ownReports(t, d)
	book := d.book(t)
	lines := map[string]map[string]string{}
	for _, r := range sheet(t, book, SheetPolicyFirms) {
		lines[r["统一社会信用代码"]] = r
	}
	policy := map[string]*tally{}
	var firm, staff tally
	district := map[string]*tally{}
	for code, rep := range reports {
		b := rep.PolicyBasis
		line, listed := lines[code]
		if listed != (len(rep.Policies) > 0) {
			t.Fatalf("%s: %d policies in its report, listed in 政策测算明细: %v", code, len(rep.Policies), listed)
		}
		if !listed {
			continue
		}
		for col, want := range map[string]int64{"企业可申请合计（元）": b.TotalYuan, "企业可申请合计上限（元）": b.TotalMaxYuan,
			"人才补贴（另列，元）": b.StaffYuan} {
			if line[col] != strconv.FormatInt(want, 10) {
				t.Errorf("%s: %s is %q in the book, %d in its own report", code, col, line[col], want)
			}
		}
		for _, m := range rep.Policies {
			if line[m.Name+"（元）"] != strconv.FormatInt(m.AmountYuan, 10) {
				t.Errorf("%s: %s is %q in the book, %d in its own report", code, m.Name, line[m.Name+"（元）"], m.AmountYuan)
			}
			if policy[m.Name] == nil {
				policy[m.Name] = &tally{}
			}
			policy[m.Name].add(m.AmountYuan, m.AmountMaxYuan)
		}
		if b.TotalMaxYuan > 0 {
			firm.add(b.TotalYuan, b.TotalMaxYuan)
			name := d.src.City.DistrictName(rep.Entry.District)
			if district[name] == nil {
				district[name] = &tally{}
			}
			district[name].add(b.TotalYuan, b.TotalMaxYuan)
		}
		if b.StaffMaxYuan > 0 {
			staff.add(b.StaffYuan, b.StaffMaxYuan)
		}
	}
	if firm.firms < 100 || staff.firms < 100 || len(policy) < 6 {
		t.Fatalf("the demo should earn most policies: %d firms, %d with staff subsidies, %d policies", firm.firms, staff.firms, len(policy))
	}

	totals := map[string]map[string]string{}
	for _, r := range sheet(t, book, SheetPolicy) {
		totals[r["分类"]+"|"+r["项目"]] = r
	}
	check := func(key string, want *tally) {
		t.Helper()
		r := totals[key]
		if r == nil {
			t.Errorf("政策测算 has no row %s", key)
			return
		}
		if r["符合条件企业（家）"] != strconv.Itoa(want.firms) || r["估算金额（元）"] != strconv.FormatInt(want.yuan, 10) ||
			r["区间上限（元）"] != strconv.FormatInt(want.max, 10) {
			t.Errorf("政策测算 %s: %v, the firms' own reports add to %d firms, %d–%d 元", key, r, want.firms, want.yuan, want.max)
		}
	}
	check("合计|企业可申请合计", &firm)
	check("合计|人才补贴（另列，不计入企业合计）", &staff)
	for name, sum := range district {
		if sum.firms >= 3 {
			check("区县|"+name, sum)
		}
	}

	html := string(d.read(t, HTMLFile))
	if want := "合计约 <strong>" + wanText(firm.yuan) + " 万元</strong>"; !strings.Contains(html, want) {
		t.Errorf("report.html lacks the firms' total %q", want)
	}
	for name, sum := range policy {
		kind := "政策（企业）"
		if totals[kind+"|"+name] == nil {
			kind = "政策（人才个人）"
		}
		check(kind+"|"+name, sum)
		row := "<th scope=\"row\">" + name + "</th>"
		i := strings.Index(html, row)
		if i < 0 || !strings.Contains(html[i:i+400], "<td class=\"num\">"+strconv.Itoa(sum.firms)+"</td><td class=\"num\">"+wanText(sum.yuan)+"</td>") {
			t.Errorf("report.html: %s should read %d firms, %s 万元", name, sum.firms, wanText(sum.yuan))
		}
	}
}
