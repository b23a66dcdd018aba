package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthcheck/testutil/browser"
)

// TestBureauDeskInBrowser walks the bureau's year in a real browser: log in,
// upload a roster with a bad row, read the preview, import the good rows,
// print the invitation letters, chase, decide a correction and read the log;
// no console error and nothing fetched from outside the machine.
func TestBureauDeskInBrowser(t *testing.T) {
	env := newTestEnv(t)
	withPublicURL(t, env, "https://tijian.example.gov.cn")
	base := env.serve()
	firm := env.client()
	mustStatus(t, firm.loginFirm(firmA), 200)
	mustStatus(t, firm.api("POST", "/api/v1/corrections", map[string]string{"field": "name", "requested": "海宁测试皮革股份有限公司", "note": "已更名"}), 201)
	b := bureauInBrowser(t, env, base)
	ctx := b.Ctx()
	art := browser.ArtifactDir(t)
	must(t, b.Screenshot(filepath.Join(art, "campaigns.png")))

	roster := filepath.Join(t.TempDir(), "2020名录.csv")
	csv := "统一社会信用代码,企业名称,所属区县,行业代码,营业收入（万元）,从业人员,联系人,联系电话\r\n" +
		firmA + ",海宁测试皮革股份有限公司,海宁市,C19,50000,300,张三,0573-87654321\r\n" +
		rosterCode("330411", 9) + ",秀洲新材料有限公司,秀洲区,C28,12000,80,李四,13800138000\r\n" +
		rosterCode("330411", 10)[:17] + "0,校验位错误有限公司,秀洲区,C28,12000,80,,\r\n" +
		rosterCode("330421", 11) + ",嘉善精密机械有限公司,嘉善,3412,8000,60,,\r\n"
	gbk, _ := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(csv))
	must(t, os.WriteFile(roster, gbk, 0o600))
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/campaigns/2020/roster"),
		chromedp.SetUploadFiles(`input[type=file]`, []string{roster}),
		chromedp.Click(`form[enctype] button[type=submit]`),
		chromedp.WaitVisible(`#rejected`),
	))
	must(t, b.Screenshot(filepath.Join(art, "roster-preview.png")))
	rejected, err := chromedp.Run(ctx, chromedp.Text(`#rejected tbody`))
	must(t, err)
	if !strings.Contains(rejected, "第4行") || !strings.Contains(rejected, "第5行") || strings.Contains(rejected, "第3行") {
		t.Fatalf("rejected rows shown: %q", rejected)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(`form[action$="/roster/confirm"] button`),
		chromedp.WaitVisible(`.notice`),
	))
	must(t, b.Screenshot(filepath.Join(art, "roster-done.png")))

	// Letters open in this tab (the page sends them to a new one).
	must(t, chromedp.Do(ctx,
		chromedp.Navigate(base+"/admin/campaigns/2020/invites"),
		chromedp.WaitReady(`form input[value=missing]`),
	))
	must(t, b.Screenshot(filepath.Join(art, "invites.png")))
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { const f = document.querySelector('input[value=missing]').form; f.removeAttribute('target'); f.submit(); return true })()`))
	must(t, err)
	// A script-submitted POST replaces the document under chromedp's node
	// tracking, so the letters are counted by polling the page itself.
	n := 0
	for deadline := time.Now().Add(browser.WaitTimeout); n == 0 && time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		n, err = chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll('.letter').length`))
		must(t, err)
	}
	if n != 1 {
		t.Fatalf("%d letters for the one firm without a code", n)
	}
	must(t, b.Screenshot(filepath.Join(art, "letters.png")))
	pdf := filepath.Join(art, "letters.pdf")
	must(t, b.PrintPDF(pdf))
	must(t, b.PDFPageToPNG(pdf, filepath.Join(art, "letter-page1.png"), 1))

	for _, p := range []struct{ path, wait, shot string }{
		{"/admin/reminders", "#chase", "reminders.png"},
		{"/admin/corrections", "#corrections", "corrections.png"},
		{"/admin/campaigns/2020", "#reopen", "campaign.png"},
		{"/admin/audit", "#audit", "audit.png"},
	} {
		must(t, chromedp.Do(ctx, chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait)))
		must(t, b.Screenshot(filepath.Join(art, p.shot)))
	}
	// The data-file pages at a desk's and at a phone's width: nothing wider
	// than the screen.
	for _, p := range []struct{ path, wait, name string }{
		{"/admin/campaigns", "#editions", "campaigns"},
		{"/admin/reference", "form[action='/admin/reference']", "reference"},
	} {
		for _, sz := range []struct{ w, h int64 }{{1366, 900}, {375, 812}} {
			must(t, chromedp.Do(ctx, chromedp.EmulateViewport(sz.w, sz.h), chromedp.Navigate(base+p.path), chromedp.WaitVisible(p.wait)))
			wide, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth`))
			must(t, err)
			if wide {
				t.Errorf("%s is wider than %d px", p.path, sz.w)
			}
			must(t, b.Screenshot(filepath.Join(art, fmt.Sprintf("%s-%d.png", p.name, sz.w))))
		}
	}
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1280, 900)))
	font, err := b.FontFamilyOf("h1")
	must(t, err)
	if !browser.IsCJKFamily(font) {
		t.Fatalf("headings drawn in %q", font)
	}
	b.AssertClean(t)
}
