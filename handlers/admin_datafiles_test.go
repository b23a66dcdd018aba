package handlers

import (
	"net/http"
	"strings"
	"testing"
)

const reference2021 = "city: \"330400\"\nyear: 2021\nfigures:\n" +
	"  - {name: 两化融合发展水平总指数, value: \"103.5\", note: 全省第二, source: 浙江省经信厅《2021年两化融合发展水平评估报告》}\n"

// TestReferencePageAddsAYear: the bureau sees the built-in year, uploads
// next year's published figures, is refused a broken file with the figure
// named and a second upload of the year without 替换; officials of a
// district and firms cannot reach the page.
func TestReferencePageAddsAYear(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	page := cl.do("GET", "/admin/reference", "", nil)
	mustContain(t, page, "参考数据", "2020 年", "平台内置", "两化融合发展水平总指数", "101.24")

	r := cl.upload("/admin/reference", "/admin/reference", "2021.yaml", []byte(reference2021))
	mustStatus(t, r, http.StatusSeeOther)
	page = cl.do("GET", "/admin/reference?ok=added", "", nil)
	mustContain(t, page, "已录入", "2021 年", "录入于", "103.5", "浙江省经信厅《2021年两化融合发展水平评估报告》")
	if strings.Index(string(page.body), "2021 年") > strings.Index(string(page.body), "2020 年") {
		t.Error("the newest year is not listed first")
	}

	r = cl.upload("/admin/reference", "/admin/reference", "2021.yaml", []byte(reference2021))
	mustStatus(t, r, http.StatusConflict)
	mustContain(t, r, "2021 年度的参考数据已于", "--replace")
	broken := strings.Replace(reference2021, ", source: 浙江省经信厅《2021年两化融合发展水平评估报告》", "", 1)
	r = cl.upload("/admin/reference", "/admin/reference", "2022.yaml", []byte(strings.Replace(broken, "2021", "2022", 1)))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "文件未通过检查", "figures[0] 两化融合发展水平总指数: source is required")

	district := env.client()
	district.createAndLogin("jiashan", "district", "330421")
	for _, method := range []string{"GET", "POST"} {
		if r := district.do(method, "/admin/reference", "", nil); r.status != http.StatusForbidden && r.status != http.StatusNotFound {
			t.Errorf("%s by a district official: %d", method, r.status)
		}
	}
	if r := env.client().do("GET", "/admin/reference", "", nil); r.status == http.StatusOK {
		t.Error("the page is served without a login")
	}
}

// TestCampaignsPageListsEditions: the 年度体检 page lists every edition with
// where it came from and the campaigns that use it.
func TestCampaignsPageListsEditions(t *testing.T) {
	env := newTestEnv(t)
	page := env.bureauClient().do("GET", "/admin/campaigns", "", nil)
	mustContain(t, page, `id="editions"`, "问卷版本", "jiaxing-2020", "平台内置", "questionnaire add")
	mustContain(t, page, "<td>2020</td>")
}
