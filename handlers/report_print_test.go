package handlers

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"healthcheck/city"
	"healthcheck/clock"
	"healthcheck/demo"
)

// checkPrintedReport reads the printed report as text and checks it: every
// page carries the firm's name, the campaign and the date; the report holds
// its sections, charts and the year-on-year change, and names its method as
// docs/methodology.md does. Each page is kept as PNG (pdftoppm) beside the
// PDF for a person to look at.
func checkPrintedReport(t *testing.T, pdf string, firm *demo.FirmLogin) {
	t.Helper()
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Fatal("pdftotext not found (apt-get install poppler-utils)")
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	if len(pages) < 3 || len(pages) > 14 {
		t.Fatalf("%d pages; a report of a firm prints on a few A4 pages", len(pages))
	}
	title := fmt.Sprintf("%d年度%s制造业数字化转型集体体检", 2020, city.Default().Name)
	today := clock.Date(time.Now())
	art := filepath.Dir(pdf)
	for i, p := range pages {
		for _, want := range []string{firm.Name, title, "打印日期 " + today} {
			if !strings.Contains(squeeze(p), squeeze(want)) {
				t.Errorf("page %d lacks %q in its header:\n%s", i+1, want, head(p))
			}
		}
	}
	// All pages in one pdftoppm run, outside the browser's time budget:
	// report-page-01.png, report-page-02.png, …
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if out, err := exec.CommandContext(ctx, "pdftoppm", "-png", "-r", "100", pdf, filepath.Join(art, "report-page")).CombinedOutput(); err != nil {
		t.Errorf("pdftoppm: %v: %s", err, out)
	}
	all := squeeze(string(out))
	for _, want := range []string{"一、各维度得分与对标", "怎样读这些数字", "二、维度诊断与下一步", "三、业务场景对标", "四、改进重点",
		"五、填报一致性提示", "六、可申报的扶持政策", "七、历年变化", "2019年→2020年", "图3", "的企业已使用",
		"题目和分值取自工业和信息化部《中小企业数字化水平评测指标》（2024年版，晚于本年度发布，为回溯评价所用）", "体检等级"} {
		if !strings.Contains(all, squeeze(want)) {
			t.Errorf("the printed report lacks %q", want)
		}
	}
	if strings.Contains(all, squeeze("依据《中小企业数字化水平评测指标（2024年版）》")) {
		t.Error("the 2020 report presents the 2024 indicators as its basis")
	}
}

// squeeze drops the spaces pdftotext's layout puts between characters.
func squeeze(s string) string { return strings.Join(strings.Fields(s), "") }

func head(s string) string {
	lines := strings.SplitN(s, "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}
