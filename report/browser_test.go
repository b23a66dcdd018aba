package report

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"healthcheck/demo"
	"healthcheck/testutil/browser"
)

// TestReportOpensOfflineWithEveryChartDrawn opens report.html from disk in
// headless Chromium, where every host but loopback is unresolvable: the page
// must request nothing, draw every chart (at least 12 on the demo city), use
// a Chinese font, and print on A4. Screenshots and the PDF pages go to
// $HC_ARTIFACT_DIR when it is set, to be looked at.
func TestReportOpensOfflineWithEveryChartDrawn(t *testing.T) {
	d := demoReport(t)
	b := browser.New(t)
	if err := b.Navigate("file://" + filepath.Join(d.dir, HTMLFile)); err != nil {
		t.Fatal(err)
	}
	n, err := b.AllChartsDrawn()
	if err != nil {
		t.Fatal(err)
	}
	if n < 12 {
		t.Errorf("%d charts drawn, want at least 12", n)
	}
	b.AssertClean(t)
	if fam, err := b.FontFamilyOf("h1"); err != nil || !browser.IsCJKFamily(fam) {
		t.Errorf("title drawn with %q (%v): Chinese would show as boxes", fam, err)
	}
	figures, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[int](`document.querySelectorAll('figure.chart-card table.data').length`))
	if err != nil {
		t.Fatal(err)
	}
	if figures != n {
		t.Errorf("%d charts but %d data tables under them", n, figures)
	}

	art := browser.ArtifactDir(t)
	if err := b.Screenshot(filepath.Join(art, "report.png")); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(art, "report.pdf")
	if err := b.PrintPDF(pdf); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, pdf)
	if pages < 10 {
		t.Errorf("the printed report has %d A4 pages; a cover, contents and eight chapters need more", pages)
	}
	for _, p := range []int{1, 2, 3, 5, pages} {
		if err := b.PDFPageToPNG(pdf, filepath.Join(art, fmt.Sprintf("page-%02d.png", p)), p); err != nil {
			t.Fatal(err)
		}
	}
}

// pdfPages counts a PDF's pages with pdfinfo (poppler-utils, beside pdftoppm).
func pdfPages(t *testing.T, path string) int {
	t.Helper()
	out, err := exec.Command("pdfinfo", path).Output()
	if err != nil {
		t.Skipf("pdfinfo: %v", err)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if rest, ok := strings.CutPrefix(line, "Pages:"); ok {
			var n int
			fmt.Sscan(strings.TrimSpace(rest), &n)
			return n
		}
	}
	t.Fatalf("pdfinfo gave no page count:\n%s", out)
	return 0
}

// hostile is a firm name that would run script or a formula if a report
// printed it raw.
const hostile = `=HYPERLINK("http://x")</script><img src=x onerror="document.title='pwned'">__f__`

// TestHostileFirmNamesStayText renames a small demo city's firms to markup
// and formulas: the report must show them as text (in the work list, the
// scatter's tooltips and the book), run nothing, and keep every chart.
func TestHostileFirmNamesStayText(t *testing.T) {
	dir := t.TempDir()
	src, err := openDemo(dir, demo.Options{Firms: 60, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Store.Close()
	db, err := src.Store.SQL()
	if err != nil {
		t.Fatal(err)
	}
	// $1 and CAST: the test runs on SQLite and PostgreSQL (testdb).
	if _, err := db.Exec(`UPDATE roster_entries SET name = $1 || CAST(id AS TEXT)`, hostile); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := Generate(context.Background(), src, Options{Year: 2020, Now: fixedNow}, out); err != nil {
		t.Fatal(err)
	}
	html, err := os.ReadFile(filepath.Join(out, HTMLFile))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(html), "<img src=x") {
		t.Error("a firm's name reached the page as markup")
	}
	if !strings.Contains(string(html), "&lt;img src=x") {
		t.Error("the work list does not show the firms' names")
	}

	b := browser.New(t)
	if err := b.Navigate("file://" + filepath.Join(out, HTMLFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := b.AllChartsDrawn(); err != nil {
		t.Fatal(err)
	}
	title, err := chromedp.Run(b.Ctx(), chromedp.Title())
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(title, "pwned") {
		t.Error("a firm's name ran as script")
	}
	b.AssertClean(t)

	f := openBook(t, filepath.Join(out, BookFile))
	for _, name := range []string{SheetFirms, SheetLowInvest} {
		rows, err := f.GetRows(name)
		if err != nil {
			t.Fatal(err)
		}
		// A string cell is never evaluated: the name is kept as typed, and
		// no cell holds a formula.
		for i, r := range rows[1:] {
			cell := fmt.Sprintf("B%d", i+2)
			if formula, _ := f.GetCellFormula(name, cell); formula != "" || !strings.HasPrefix(r[1], "=HYPERLINK") {
				t.Fatalf("%s!%s: name %q, formula %q", name, cell, r[1], formula)
			}
		}
	}
}
