package report

import (
	"context"
	"fmt"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
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
	// The print button lays the report out in A4 pages (Paged.js), which
	// fills the 目录's page numbers; printing then prints those pages.
	paged, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[int](`hcPaginate()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("laying out the pages: %v", err)
	}
	b.AssertClean(t)
	pdf := filepath.Join(art, "report.pdf")
	if err := b.PrintPDF(pdf); err != nil {
		t.Fatal(err)
	}
	pages := pdfPages(t, pdf)
	if pages < 10 {
		t.Errorf("the printed report has %d A4 pages; a cover, contents and eight chapters need more", pages)
	}
	if pages != paged {
		t.Errorf("laid out in %d pages, printed on %d: the printer did not print the pages as laid out", paged, pages)
	}
	for _, p := range []int{1, 2, 3, 5, pages} {
		if err := b.PDFPageToPNG(pdf, filepath.Join(art, fmt.Sprintf("page-%02d.png", p)), p); err != nil {
			t.Fatal(err)
		}
	}
	tables := strings.Count(string(d.read(t, HTMLFile)), `<div class="figure-notes table-notes">`)
	checkBulletin(t, pdf, n+tables, filepath.Join(d.dir, BookFile))
}

// checkBulletin reads the printed report as a statistical bulletin is read:
// every figure and every table carries its 资料来源 line, no firm of the book's work list is
// named in the printed text, no file or interface name reaches the reader,
// and no page is less than a third full unless a new chapter follows it.
func checkBulletin(t *testing.T, pdf string, sourced int, book string) {
	t.Helper()
	out, err := exec.Command("pdftotext", "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	pages := strings.Split(strings.TrimRight(string(out), "\f\n"), "\f")
	all := strings.Join(strings.Fields(string(out)), "")
	checkContents(t, pages)
	if got := strings.Count(all, "资料来源："); got != sourced {
		t.Errorf("%d 资料来源 lines for %d figures and tables", got, sourced)
	}
	for _, word := range []string{"summary.json", "/api/v1", "report.xlsx", "answers.csv"} {
		if strings.Contains(all, word) {
			t.Errorf("the printed text names %q", word)
		}
	}
	f := openBook(t, book)
	rows, err := f.GetRows(SheetLowInvest)
	if err != nil || len(rows) < 2 {
		t.Fatalf("the book's work list: %d rows (%v)", len(rows), err)
	}
	for _, r := range rows[1:] {
		if strings.Contains(all, r[1]) || strings.Contains(all, r[0]) {
			t.Errorf("the printed report names the firm %s %s", r[0], r[1])
			break
		}
	}
	for i, fill := range pageFill(t, pdf) {
		last := i+1 == len(pages) || i+1 < len(pages) && chapterStart(pages[i+1])
		if i > 1 && !last && fill < 1.0/3 {
			t.Errorf("page %d is %.0f%% full and no chapter follows it:\n%s", i+1, fill*100, head(pages[i]))
		}
	}
}

var tocLine = regexp.MustCompile(`^\s*((?:[一二三四五六七八九十]+、|附：|主要发现)\S*)\s+(\d+)\s*$`)

// checkContents: the 目录 (page 2) gives every chapter a page number, and
// the chapter's heading opens that page.
func checkContents(t *testing.T, pages []string) {
	t.Helper()
	if len(pages) < 3 {
		t.Fatalf("%d pages", len(pages))
	}
	found := 0
	for _, line := range strings.Split(pages[1], "\n") {
		m := tocLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		found++
		n, _ := strconv.Atoi(m[2])
		if n < 1 || n > len(pages) || !strings.HasPrefix(strings.TrimSpace(pages[n-1]), m[1]) {
			t.Errorf("the 目录 puts %s on page %d, which opens with:\n%s", m[1], n, head(pages[max(0, min(n, len(pages))-1)]))
		}
	}
	if found < 8 {
		t.Errorf("the 目录 gives %d chapters a page number, want at least 8:\n%s", found, pages[1])
	}
}

// chapterStart reports whether a page opens a chapter (一、… or 附：).
func chapterStart(page string) bool {
	return chapterHeading.MatchString(strings.TrimSpace(page))
}

// chapterHeading opens a chapter: "十、服务供给与需求", "附：数据说明",
// "主要发现".
var chapterHeading = regexp.MustCompile(`^(?:[一二三四五六七八九十]+、|附：|主要发现)`)

func head(s string) string {
	lines := strings.SplitN(strings.TrimSpace(s), "\n", 4)
	return strings.Join(lines[:min(3, len(lines))], "\n")
}

// pageFill is how far down each printed page carries ink: the lowest
// non-white row of its rendering over the height inside the margins (the
// page number at the foot is left out).
func pageFill(t *testing.T, pdf string) []float64 {
	t.Helper()
	dir := t.TempDir()
	if out, err := exec.Command("pdftoppm", "-gray", "-png", "-r", "30", pdf, filepath.Join(dir, "p")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v: %s", err, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "p-*.png"))
	sort.Strings(files)
	var fills []float64
	for _, name := range files {
		r, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(r)
		r.Close()
		if err != nil {
			t.Fatal(err)
		}
		b := img.Bounds()
		// A4 is 297 mm; the margins are 16 mm top and bottom.
		top, bottom := b.Dy()*16/297, b.Dy()*(297-16)/297
		lowest := top
		for y := top; y < bottom; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				if g, _, _, _ := img.At(x, y).RGBA(); g < 0xd000 {
					lowest = y
					break
				}
			}
		}
		fills = append(fills, float64(lowest-top)/float64(bottom-top))
	}
	return fills
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
	// The printed text names no firm: not even the scatter's table, which
	// lists a small city's firms one by one on other pages.
	if strings.Contains(string(html), "&lt;img src=x") {
		t.Error("the report's text names firms")
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
