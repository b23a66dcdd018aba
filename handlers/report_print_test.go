package handlers

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/survey"
	"healthcheck/testutil/browser"
)

// TestDemoReportPrintsOnA4 prints the report of a demo firm that took part
// in 2019 and 2020 the way the browser's print dialog does (A4), and checks
// what a reader of the paper would: every page carries the firm's name, the
// campaign and the date; the report holds its sections, charts and the
// year-on-year change. The pages are kept as PNG in the artifact directory
// (HC_ARTIFACT_DIR) for a person to look at.
func TestDemoReportPrintsOnA4(t *testing.T) {
	b := browser.New(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found (apt-get install poppler-utils)")
	}
	store, defs := openStore(t)
	sum, err := demo.Generate(context.Background(), store, defs, city.Default(), demo.Options{Firms: 60, Seed: 1, Years: []int{2019, 2020}})
	if err != nil {
		t.Fatal(err)
	}
	firm := sum.Submitted
	base := browser.Serve(t, newApp(t, store, defs))
	bctx := b.Ctx()
	must(t, b.Navigate(base+"/login"))
	must(t, chromedp.Do(bctx,
		chromedp.SendKeys(`input[name=credit_code]`, firm.CreditCode),
		chromedp.SendKeys(`input[name=invite_code]`, firm.InviteCode),
		chromedp.Click(`#firm-login button[type=submit]`),
		chromedp.WaitVisible(`#survey-form, .score`),
	))
	must(t, b.Navigate(base+"/report"))
	if n, err := b.AllChartsDrawn(); err != nil || n != 3 {
		t.Fatalf("charts drawn: %d, %v; want radar, indicators and progress", n, err)
	}
	art := browser.ArtifactDir(t)
	must(t, b.Screenshot(filepath.Join(art, "report-screen.png")))
	pdf := filepath.Join(art, "report.pdf")
	must(t, b.PrintPDF(pdf))

	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	if len(pages) < 3 || len(pages) > 12 {
		t.Fatalf("%d pages; a report of a firm prints on a few A4 pages", len(pages))
	}
	title := fmt.Sprintf("%d年度%s制造业数字化转型集体体检", 2020, city.Default().Name)
	today := survey.LocalDate(time.Now())
	for i, p := range pages {
		for _, want := range []string{firm.Name, title, "打印日期 " + today} {
			if !strings.Contains(squeeze(p), squeeze(want)) {
				t.Errorf("page %d lacks %q in its header:\n%s", i+1, want, head(p))
			}
		}
		must(t, b.PDFPageToPNG(pdf, filepath.Join(art, fmt.Sprintf("report-page-%d.png", i+1)), i+1))
	}
	all := squeeze(string(out))
	for _, want := range []string{"一、各维度得分与对标", "二、维度诊断与下一步", "三、业务场景对标", "四、改进重点",
		"五、填报一致性提示", "六、可申报的扶持政策", "七、历年变化", "2019年→2020年", "图3"} {
		if !strings.Contains(all, squeeze(want)) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
	b.AssertClean(t)
}

// squeeze drops the spaces pdftotext's layout puts between characters.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func head(s string) string {
	lines := strings.SplitN(s, "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}
