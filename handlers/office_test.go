package handlers

import (
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/models"
	"healthcheck/report"
	"healthcheck/testutil/office"
)

// digitsCode is a valid credit code of digits only: a spreadsheet that took
// it for a number would show 9.13E+17 and lose its last digits.
func digitsCode(t *testing.T) string {
	for n := 0; n < 1000; n++ {
		c, ok := creditcode.Complete(fmt.Sprintf("91330481%09d", 700000000+n))
		if ok && strings.Trim(c, "0123456789") == "" {
			return c
		}
	}
	t.Fatal("no all-digit code")
	return ""
}

// TestEveryFileOpensInLibreOffice writes every .xlsx and CSV the platform
// gives people and machines — the report's book and answers, the dashboard
// and its 催报 list, the enterprise list, the reminders, the invitations and
// the roster template — and has LibreOffice open each book: it opens, every
// cell reads as written (credit codes as the database's text, numbers as
// numbers, dates as dates, Chinese intact), every table sheet has a frozen
// header and a filter. Every CSV parses as strict RFC 4180 with codes exact.
func TestEveryFileOpensInLibreOffice(t *testing.T) {
	soffice := office.Require(t)
	env := newTestEnv(t)
	ctx := t.Context()
	digits := digitsCode(t)
	extra := []models.RosterInput{{CreditCode: digits, Name: "=HYPERLINK(\"x\") 海宁经编有限公司", District: "330481", Industry: "C17",
		RevenueWan: 3000000, Employees: 80, ContactName: "王五", ContactPhone: "+86-573-87654321"}}
	extra[0].Band = env.defs.Latest().BandOf(extra[0].RevenueWan)
	if err := env.store.UpsertRoster(ctx, env.campaign.ID, extra); err != nil {
		t.Fatal(err)
	}
	env.submitted(testFirms[0].CreditCode)
	codes := map[string]bool{digits: true}
	for _, f := range testFirms {
		codes[f.CreditCode] = true
	}

	dir := t.TempDir()
	cl := env.bureauClient()
	files := map[string]string{} // name → path
	get := func(name, path string) {
		r := cl.do("GET", path, "", nil)
		mustStatus(t, r, http.StatusOK)
		files[name] = write(t, dir, name, r.body)
	}
	get("dashboard.xlsx", "/dashboard/export.xlsx?campaign=2020")
	get("chase.xlsx", "/dashboard/chase.xlsx?campaign=2020")
	get("enterprises.xlsx", "/enterprises.xlsx?campaign=2020")
	get("reminders.xlsx", "/admin/reminders/export?campaign=2020&format=xlsx")
	get("reminders.csv", "/admin/reminders/export?campaign=2020&format=csv")
	get("template.xlsx", "/admin/roster-template.xlsx")
	invitesPage := "/admin/campaigns/2020/invites"
	for _, format := range []string{"xlsx", "csv"} {
		r := cl.post(invitesPage, invitesPage, url.Values{"mode": {"firm"}, "credit_code": {digits}, "format": {format}})
		mustStatus(t, r, http.StatusOK)
		files["invites."+format] = write(t, dir, "invites."+format, r.body)
	}
	out := filepath.Join(dir, "report")
	if err := report.Generate(ctx, report.Source{Store: env.store, Defs: env.defs, City: city.Default()}, report.Options{Year: 2020}, out); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{report.BookFile, report.AnswersBookFile, report.AnswersFile} {
		files[f] = filepath.Join(out, f)
	}

	var books []string
	for name, path := range files {
		if strings.HasSuffix(name, ".xlsx") {
			books = append(books, path)
		}
	}
	slices.Sort(books)
	again := office.Resave(t, soffice, books...)
	for _, book := range books {
		office.CompareBooks(t, book, again[book])
		checkFrozen(t, book)
		checkTables(t, again[book], codes)
	}

	// Specific cells, as LibreOffice read them.
	lo := func(name string) *excelize.File {
		f, err := excelize.OpenFile(again[files[name]])
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { f.Close() })
		return f
	}
	if phone := findRow(t, lo("reminders.xlsx"), "待催报企业", digits, "联系电话"); phone != "+86-573-87654321" {
		t.Errorf("phone reads %q", phone)
	}
	ent := lo("enterprises.xlsx")
	if cell := findCell(t, ent, "企业名单", testFirms[0].CreditCode, "最近活动"); !office.IsDate(t, ent, "企业名单", cell) {
		t.Errorf("最近活动 of a submitted firm is not a date cell (%s)", cell)
	}
	if name := findRow(t, ent, "企业名单", digits, "企业名称"); name != extra[0].Name {
		t.Errorf("name reads %q", name)
	}

	// CSVs, strict, codes exact.
	checkCSV := func(name string, header []string, codeCol int, want int) {
		data, err := os.ReadFile(files[name])
		if err != nil {
			t.Fatal(err)
		}
		recs := office.StrictCSV(t, data, header)
		for _, r := range recs {
			if !codes[r[codeCol]] {
				t.Errorf("%s: code %q is not in the database", name, r[codeCol])
			}
		}
		if len(recs) != want {
			t.Errorf("%s: %d rows, want %d", name, len(recs), want)
		}
	}
	checkCSV("invites.csv", []string{"credit_code", "name", "district", "invite_code"}, 0, 1)
	answersHeader := csvHeader(t, files[report.AnswersFile])
	checkCSV(report.AnswersFile, answersHeader, 0, len(codes))
	checkCSV("reminders.csv", csvHeader(t, files["reminders.csv"]), 0, len(codes)-1)
}

func write(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// csvHeader reads a CSV's first line (after the BOM) as its header.
func csvHeader(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	line, _, _ := strings.Cut(strings.TrimPrefix(string(data), "\ufeff"), "\r\n")
	return strings.Split(line, ",")
}

// checkFrozen: every sheet of a book has its header row frozen. (Checked on
// the book itself: LibreOffice saves view settings only from a window, and
// a headless conversion has none.)
func checkFrozen(t *testing.T, path string) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		if panes, err := f.GetPanes(sheet); err != nil || !panes.Freeze || panes.YSplit != 1 {
			t.Errorf("%s!%s: header not frozen (%+v)", filepath.Base(path), sheet, panes)
		}
	}
}

// checkTables: every sheet of LibreOffice's copy has a filter on its header,
// and every credit code in it is one of the database's, as text.
func checkTables(t *testing.T, path string, codes map[string]bool) {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	filtered := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm._FilterDatabase" {
			filtered[dn.Scope] = true
		}
	}
	for _, sheet := range f.GetSheetList() {
		where := filepath.Base(path) + "!" + sheet
		rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if tables, _ := f.GetTables(sheet); len(tables) == 0 && !filtered[sheet] {
			t.Errorf("%s: no filter (header %q)", where, rows[:min(1, len(rows))])
		}
		if err != nil || len(rows) == 0 {
			continue
		}
		col := slices.Index(rows[0], "统一社会信用代码")
		if col < 0 {
			continue
		}
		for _, r := range rows[1:] {
			if col < len(r) && r[col] != "" && !codes[r[col]] {
				t.Errorf("%s: credit code %q is not the database's", where, r[col])
			}
		}
	}
}

// findCell is the cell of a column in the row of a credit code.
func findCell(t *testing.T, f *excelize.File, sheet, code, column string) string {
	t.Helper()
	rows, err := f.GetRows(sheet)
	if err != nil || len(rows) == 0 {
		t.Fatalf("%s: %v", sheet, err)
	}
	col := slices.Index(rows[0], column)
	for i, r := range rows {
		if slices.Contains(r, code) && col >= 0 {
			cell, _ := excelize.CoordinatesToCellName(col+1, i+1)
			return cell
		}
	}
	t.Fatalf("%s: no row for %s with column %s", sheet, code, column)
	return ""
}

func findRow(t *testing.T, f *excelize.File, sheet, code, column string) string {
	t.Helper()
	v, _ := f.GetCellValue(sheet, findCell(t, f, sheet, code, column))
	return v
}
