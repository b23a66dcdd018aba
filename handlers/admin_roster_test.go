package handlers

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"healthcheck/creditcode"
	"healthcheck/models"
)

func rosterCode(district string, n int) string {
	c, _ := creditcode.Complete(fmt.Sprintf("91%sMA%07d", district, n))
	return c
}

var uploadIDRe = regexp.MustCompile(`name="upload_id" value="(\d+)"`)

// TestRosterUploadPreviewThenConfirm: a GBK CSV with one bad row is checked
// and nothing is written; the page lists the bad row and what would change;
// only after confirming (skipping the bad row) is the roster updated.
func TestRosterUploadPreviewThenConfirm(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/roster"
	csv := "统一社会信用代码,单位名称,区县,行业,营业收入（万元）,从业人数\r\n" +
		firmA + ",海宁测试皮革股份有限公司,海宁市,C19,50000,300\r\n" +
		rosterCode("330411", 9) + ",秀洲<新>材料有限公司,秀洲区,C28,12000,80\r\n" +
		rosterCode("330411", 10) + ",错误区县有限公司,杭州市,C28,12000,80\r\n"
	gbk, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(csv))
	if err != nil {
		t.Fatal(err)
	}
	r := cl.upload(page, page, "名录.csv", gbk)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "CSV（GBK）", "第4行", "“杭州市”不是嘉兴市的区县", "将新增", "秀洲&lt;新&gt;材料有限公司",
		"企业名称：<del>海宁测试皮革有限公司</del> → <ins>海宁测试皮革股份有限公司</ins>", "只导入正确的 2 行")
	if n := firmCount(t, env); n != 3 {
		t.Fatalf("a preview wrote: %d firms", n)
	}
	id := uploadIDRe.FindSubmatch(r.body)
	if id == nil {
		t.Fatal("no confirm form")
	}
	confirm := url.Values{"upload_id": {string(id[1])}, "skip_invalid": {"1"}}
	r = cl.post(page, page+"/confirm", confirm)
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "已导入“名录.csv”：新增 1 家，变更 1 家，未变 0 家，跳过 1 行")
	if n := firmCount(t, env); n != 4 {
		t.Fatalf("after import: %d firms", n)
	}
	e, _ := env.store.EntryByCreditCode(t.Context(), cityScope(), env.campaign.ID, firmA)
	if e.Name != "海宁测试皮革股份有限公司" {
		t.Fatalf("not updated: %+v", e)
	}
	// The upload is consumed: confirming again imports nothing.
	r = cl.post(page, page+"/confirm", confirm)
	mustStatus(t, r, http.StatusNotFound)
	log, _, _ := env.store.AuditLog(t.Context(), models.AuditFilter{Action: "roster_imported"}, 5, 0)
	if len(log) != 1 || log[0].Actor != "user:bureau" || log[0].Detail != "名录.csv：新增 1，变更 1，未变 0" {
		t.Fatalf("audit: %+v", log)
	}
}

func firmCount(t *testing.T, env *testEnv) int64 {
	t.Helper()
	_, n, err := env.store.Firms(t.Context(), cityScope(), env.campaign.ID, models.FirmFilter{}, "", 1, 0)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestRosterUploadRefusesUnreadableFiles(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/roster"
	r := cl.upload(page, page, "old.xls", []byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "“old.xls”：不支持 Excel 97-2003")
	r = cl.upload(page, page, "<img src=x onerror=alert(1)>.csv", []byte("a,b\r\n1,2\r\n"))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "找不到表头", "&lt;img src=x onerror=alert(1)&gt;.csv")
}

// TestLargeRosterUploadIsAcceptedWhereOtherBodiesAreNot: a roster above the
// ordinary 1 MiB body limit goes through the upload route on a real socket,
// while the same size is refused with 413 on the answers API.
func TestLargeRosterUploadIsAcceptedWhereOtherBodiesAreNot(t *testing.T) {
	env := newTestEnv(t)
	base := env.serve()
	cl := env.bureauClient()
	page := "/admin/campaigns/2020/roster"
	var file bytes.Buffer
	file.WriteString("统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员,联系人,联系电话,电子邮箱\r\n")
	const n = 12000
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&file, "%s,桐乡市第%d纺织服装股份有限公司,桐乡市,C17,%d,100,王五,0573-88888888,contact%d@example.com\r\n",
			rosterCode("330483", i), i, 10000+i, i)
	}
	if file.Len() <= bodyLimit {
		t.Fatalf("test file is %d bytes, not above the %d limit", file.Len(), bodyLimit)
	}
	var body bytes.Buffer
	w := newMultipart(&body, cl.csrf(page), "big.csv", file.Bytes())
	req, _ := http.NewRequest("POST", base+page, &body)
	req.Header.Set("Content-Type", w)
	for k, v := range cl.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !strings.Contains(string(b), fmt.Sprintf("共 %d 行可以导入", n)) {
		t.Fatalf("status %d: %.500s", res.StatusCode, b)
	}
	// The same body elsewhere is refused before it is read.
	req, _ = http.NewRequest("POST", base+"/admin/campaigns/2020/roster/confirm", bytes.NewReader(file.Bytes()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, v := range cl.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("large body on the confirm route: %d", res.StatusCode)
	}
}
