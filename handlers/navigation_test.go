package handlers

import (
	"net/http"
	"strings"
	"testing"

	"healthcheck/models"
)

// deskMenu is every desk page the bureau's 管理 menu must reach.
var deskMenu = []string{"/admin/campaigns", "/admin/roster", "/admin/invites", "/admin/reminders",
	"/admin/corrections", "/admin/audit", "/admin/reference", "/admin/users"}

// TestBureauFindsEveryDeskPageFromTheMenu: from the dashboard the bureau's
// header menu links every desk page, and the menu's 名录导入 and 邀请码 land
// on the newest campaign's pages. The header names the office in words.
func TestBureauFindsEveryDeskPageFromTheMenu(t *testing.T) {
	env := newTestEnv(t)
	bureau := env.bureauClient()
	for _, page := range []string{"/dashboard", "/enterprises", "/admin/audit"} {
		r := bureau.do("GET", page, "", nil)
		mustStatus(t, r, http.StatusOK)
		for _, link := range deskMenu {
			mustContain(t, r, `href="`+link+`"`)
		}
		mustContain(t, r, "<summary", "管理", `<span class="user" title="登录账号：bureau">市经信局</span>`, `href="#main"`)
		if strings.Contains(string(r.body), "市经信局（bureau）") {
			t.Errorf("%s: the header shows the login name in the office's name", page)
		}
	}
	for link, want := range map[string]string{"/admin/roster": "/admin/campaigns/2020/roster", "/admin/invites": "/admin/campaigns/2020/invites"} {
		r := bureau.do("GET", link, "", nil)
		if r.status != http.StatusSeeOther || r.header.Get("Location") != want {
			t.Errorf("%s: %d to %q, want %s", link, r.status, r.header.Get("Location"), want)
		}
		mustStatus(t, bureau.do("GET", want, "", nil), http.StatusOK)
	}
	r := bureau.do("GET", "/admin/campaigns/2020/roster", "", nil)
	mustContain(t, r, `<nav class="crumbs" aria-label="位置"><a href="/admin/campaigns">年度体检</a> › <a href="/admin/campaigns/2020">2020 年度</a>`)
}

// TestDistrictOfficialReachesTheChaseListFromTheMenu: a district official's
// menu has 催报 and none of the bureau's desk; a firm on the chase list opens
// with breadcrumbs leading back to the list.
func TestDistrictOfficialReachesTheChaseListFromTheMenu(t *testing.T) {
	env := newTestEnv(t)
	district := env.client()
	district.createAndLogin("haining", models.RoleDistrict, "330481")
	r := district.do("GET", "/dashboard", "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, `<a href="/admin/reminders">催报</a>`, `>海宁市经信部门</span>`)
	for _, bureauOnly := range []string{"/admin/audit", "/admin/campaigns", "/admin/users", "<summary"} {
		if strings.Contains(string(r.body), bureauOnly) {
			t.Errorf("a district official's menu offers %s", bureauOnly)
		}
	}
	chase := district.do("GET", "/admin/reminders", "", nil)
	link := `/enterprises/` + firmA + `?from=chase&amp;campaign=2020`
	mustContain(t, chase, `<th scope="row" class="firm"><a href="`+link+`"`)
	firm := district.do("GET", strings.ReplaceAll(link, "&amp;", "&"), "", nil)
	mustStatus(t, firm, http.StatusOK)
	mustContain(t, firm, `<a href="/admin/reminders?campaign=2020">催报</a> › <span aria-current="page">`)
}
