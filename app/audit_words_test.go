package app

import (
	"strings"
	"testing"
)

// TestAuditLogReadsInWords: the log names accounts by office and login name
// and firms by name, a review's object as the firm and its campaign's year,
// an export as the download and its view; no "user:", "firm:" or
// "entry:ID" reaches the reader.
func TestAuditLogReadsInWords(t *testing.T) {
	f := newFixture(t)
	haining := f.account("haining", RoleDistrict, "330481")
	firm := f.firm(hainingFirm)
	f.submitted(firm)
	_, err := f.app.Reviews.Decide(f.ctx, haining, firm.EntryID, ActionReturn, "营业收入与名录不符")
	must(t, err)
	must(t, f.app.Audit.Exported(f.ctx, "haining", "/dashboard/export.xlsx", "campaign=2020&district=330481&band=1-2亿"))
	must(t, f.store.Audit(f.ctx, "user:ghost", "login_failed", "", "10.0.0.9"))

	lines, _, err := f.app.Audit.Page(f.ctx, AuditFilter{}, 20, 0)
	must(t, err)
	got := map[string]AuditLine{}
	for _, l := range lines {
		got[l.Action] = l
		for _, s := range []string{l.Account, l.Object, l.Words} {
			if strings.Contains(s, "user:") || strings.Contains(s, "firm:") || strings.Contains(s, "entry:") {
				t.Errorf("%s reads %q", l.Action, s)
			}
		}
	}
	want := map[string][3]string{
		"survey_submitted": {"海宁测试皮革有限公司", "海宁测试皮革有限公司", ""},
		"review_return":    {"海宁市经信部门 · haining", "海宁测试皮革有限公司（2020 年度）", "营业收入与名录不符"},
		"export":           {"海宁市经信部门 · haining", "总览数据（Excel）", "2020 年度 · 海宁市 · 规模 1-2亿"},
		"login_failed":     {"账号 ghost（不存在）", "", "10.0.0.9"},
	}
	for action, w := range want {
		l, ok := got[action]
		if !ok {
			t.Errorf("no %s line in %+v", action, lines)
			continue
		}
		if l.Account != w[0] || l.Object != w[1] || !strings.Contains(l.Words, w[2]) {
			t.Errorf("%s: %q / %q / %q, want %q", action, l.Account, l.Object, l.Words, w)
		}
	}
}
