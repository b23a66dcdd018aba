package handlers

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"
)

// TestRosterHeldForItsUnitIsReadAgain: values in 亿元 under a 万元 header make
// every row fall below the roster rule; the page holds the file with 亿元
// suggested (no row could be imported, yet the upload is kept), reads it
// again under 亿元 on one click and imports it.
func TestRosterHeldForItsUnitIsReadAgain(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	csv := "统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员\r\n" +
		rosterCode("330411", 21) + ",秀洲甲有限公司,秀洲区,C28,5.2,80\r\n" +
		rosterCode("330411", 22) + ",秀洲乙有限公司,秀洲区,C28,3.1,80\r\n" +
		rosterCode("330411", 23) + ",秀洲丙有限公司,秀洲区,C28,12,80\r\n"
	r := cl.upload(rosterPage, rosterPage, "yi.csv", []byte(csv))
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "是否应为亿元？", "按亿元重新检查", "3 行不符合要求")
	m := regexp.MustCompile(`name="upload_id" value="(\d+)"`).FindSubmatch(r.body)
	if m == nil || string(m[1]) == "0" {
		t.Fatalf("upload not kept: %s", m)
	}
	confirm := rosterPage + "/confirm"
	r = cl.post(rosterPage, confirm, url.Values{"upload_id": {string(m[1])}, "recheck": {"1"}, "revenue_unit": {"亿元"}})
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "营业收入按亿元读取", "共 3 行可以导入")
	before := len(firmsOf(t, env))
	r = cl.post(rosterPage, confirm, url.Values{"upload_id": {string(m[1])}, "revenue_unit": {"亿元"}})
	mustStatus(t, r, http.StatusOK)
	mustContain(t, r, "新增 3 家")
	if after := len(firmsOf(t, env)); after != before+3 {
		t.Fatalf("%d firms, want %d", after, before+3)
	}
	for _, f := range firmsOf(t, env) {
		if f.CreditCode == rosterCode("330411", 21) && f.RevenueWan != 5200000 {
			t.Errorf("revenue %s 万元, want 52000", f.RevenueWan)
		}
	}
}
