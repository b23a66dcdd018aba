package handlers

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/clientip"
	"healthcheck/models"
)

var letterRe = regexp.MustCompile(`(?s)<dt>统一社会信用代码</dt><dd>([0-9A-Z]{18})</dd>\s*<dt>邀请码</dt><dd class="code">([A-Z0-9-]{14})</dd>`)

// codesIn reads credit code → invitation code from printed letters.
func codesIn(t *testing.T, page []byte) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, m := range letterRe.FindAllSubmatch(page, -1) {
		out[string(m[1])] = string(m[2])
	}
	return out
}

func addFirm(t *testing.T, env *testEnv, district string, n int) string {
	t.Helper()
	code := rosterCode(district, n)
	in := models.RosterInput{CreditCode: code, Name: "新增企业", District: district, Industry: "C17", RevenueWan: 2000000, Employees: 50, Band: "1-2亿"}
	if err := env.store.UpsertRoster(t.Context(), env.campaign.ID, []models.RosterInput{in}); err != nil {
		t.Fatal(err)
	}
	return code
}

// TestInvitationLettersAreMadeWhenCodesAreIssued: the issue answers with the
// letters themselves (the only time the codes exist in clear); their codes
// log in; a code reissued for one firm replaces the old one, which then fails.
func TestInvitationLettersAreMadeWhenCodesAreIssued(t *testing.T) {
	env := newTestEnv(t)
	withPublicURL(t, env, "https://tijian.example.gov.cn/")
	newFirm := addFirm(t, env, "330424", 1)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/invites"
	r := cl.do("GET", page, "", nil)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "<b>1</b><span>尚无邀请码</span>", "未发放")

	r = cl.post(page, page, url.Values{"mode": {"missing"}, "format": {"html"}})
	mustStatus(t, r, http.StatusOK)
	if cc := r.header.Get("Cache-Control"); cc != "no-store" {
		t.Fatalf("letters may be cached: %q", cc)
	}
	codes := codesIn(t, r.body)
	if len(codes) != 1 || codes[newFirm] == "" {
		t.Fatalf("letters for %v", codes)
	}
	mustContain(t, r, "新增企业：", "https://tijian.example.gov.cn/login", "海盐县经信部门", "break-after: page")
	env.invites[newFirm] = codes[newFirm]
	mustStatus(t, env.client().loginFirm(newFirm), http.StatusOK)

	r = cl.post(page, page, url.Values{"mode": {"missing"}, "format": {"html"}})
	mustStatus(t, r, http.StatusConflict)
	mustContain(t, r, "所有企业都已有邀请码")

	// A lost letter: the firm gets a new code, the old one stops working.
	old := env.invites[firmA]
	r = cl.post(page, page, url.Values{"mode": {"firm"}, "credit_code": {firmA}, "format": {"html"}})
	mustStatus(t, r, http.StatusOK)
	fresh := codesIn(t, r.body)[firmA]
	if fresh == "" || fresh == old {
		t.Fatalf("reissued code %q (old %q)", fresh, old)
	}
	mustStatus(t, env.client().api("POST", "/api/v1/session", map[string]string{"credit_code": firmA, "invite_code": old}), http.StatusUnauthorized)
	env.invites[firmA] = fresh
	mustStatus(t, env.client().loginFirm(firmA), http.StatusOK)

	log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "invites_issued"}, 5, 0)
	if len(log) != 2 || log[0].Target != firmA || log[1].Target != "2020" {
		t.Fatalf("audit: %+v", log)
	}
}

// TestInvitationFilesForMailMerge: reissuing all needs a confirmation; the
// CSV has the contract's header with a BOM, the Excel book Chinese headers.
func TestInvitationFilesForMailMerge(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/invites"
	r := cl.post(page, page, url.Values{"mode": {"all"}, "format": {"csv"}})
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "请勾选确认")

	r = cl.post(page, page, url.Values{"mode": {"all"}, "format": {"csv"}, "confirm": {"1"}})
	mustStatus(t, r, http.StatusOK)
	if !bytes.HasPrefix(r.body, []byte("\ufeffcredit_code,name,district,invite_code\r\n")) ||
		!strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment;") {
		t.Fatalf("csv: %q %s", r.header.Get("Content-Disposition"), r.body)
	}
	recs, err := csv.NewReader(bytes.NewReader(r.body[3:])).ReadAll()
	if err != nil || len(recs) != 4 {
		t.Fatalf("csv rows: %v %v", recs, err)
	}
	for _, rec := range recs[1:] {
		env.invites[rec[0]] = rec[3]
		mustStatus(t, env.client().loginFirm(rec[0]), http.StatusOK)
	}

	r = cl.post(page, page, url.Values{"mode": {"all"}, "format": {"xlsx"}, "confirm": {"1"}})
	mustStatus(t, r, http.StatusOK)
	f, err := excelize.OpenReader(bytes.NewReader(r.body))
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("邀请码")
	if len(rows) != 4 || strings.Join(rows[0], ",") != "统一社会信用代码,企业名称,所属区县,区县代码,邀请码" || rows[1][2] != "海宁市" {
		t.Fatalf("xlsx: %v", rows)
	}
	// The CSV's codes were replaced by the Excel's.
	mustStatus(t, env.client().loginFirm(recs[1][0]), http.StatusUnauthorized)
}

// withPublicURL restarts the app as serve --public-url u.
func withPublicURL(t *testing.T, env *testEnv, u string) {
	t.Helper()
	proxies, err := clientip.Parse("0.0.0.0/32", "")
	if err != nil {
		t.Fatal(err)
	}
	d := depsFor(t, env.store, env.defs, 0, proxies)
	d.PublicURL = u
	env.app = newWeb(t, d)
}

// TestLettersNeedThePublicURL: without --public-url no letter is printed
// (and no code issued); the request's Host never becomes the address.
func TestLettersNeedThePublicURL(t *testing.T) {
	env := newTestEnv(t)
	addFirm(t, env, "330424", 1)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/invites"
	r := cl.do("GET", page, "", nil)
	mustContain(t, r, "未配置平台对外访问地址")
	values := url.Values{"mode": {"missing"}, "format": {"html"}, "_csrf": {cl.csrf(page)}}
	req := httptest.NewRequest("POST", page, strings.NewReader(values.Encode()))
	req.Host = "evil.example"
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("X-Forwarded-For", cl.ip)
	for k, v := range cl.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := env.app.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(string(body), "evil.example") ||
		!strings.Contains(string(body), "serve --public-url") {
		t.Fatalf("letters without a public URL: %d\n%s", res.StatusCode, body)
	}
	r = cl.do("GET", page, "", nil)
	mustContain(t, r, "<b>1</b><span>尚无邀请码</span>")
}
