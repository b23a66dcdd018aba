// Package office checks the files the platform writes with a real
// spreadsheet program: LibreOffice, headless (the closest available here to
// Excel and WPS). Every .xlsx is opened and saved again by LibreOffice in one
// soffice call; CompareBooks then checks that LibreOffice read each cell as
// it was meant — text as the same text (credit codes, Chinese), numbers as
// the same numbers, dates as date cells — and StrictCSV reads a CSV as
// RFC 4180 demands.
//
//	soffice := office.Require(t)          // skips without soffice, unless HC_REQUIRE_SOFFICE=1
//	again := office.Resave(t, soffice, dir, files...)
//	office.CompareBooks(t, file, again[file])
package office

import (
	"bytes"
	"encoding/csv"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// RequireEnv turns a missing soffice from a skipped test into a failed one;
// CI sets it, so these tests never pass by being skipped.
const RequireEnv = "HC_REQUIRE_SOFFICE"

// Require returns soffice's path, or skips the test (fails it when
// RequireEnv is set) when LibreOffice is not installed.
func Require(t testing.TB) string {
	t.Helper()
	path, err := exec.LookPath("soffice")
	if err == nil {
		return path
	}
	if os.Getenv(RequireEnv) == "1" {
		t.Fatalf("soffice not found and %s=1: install libreoffice-calc-nogui", RequireEnv)
	}
	t.Skip("soffice not found (LibreOffice); set " + RequireEnv + "=1 to fail instead")
	return ""
}

// timeout bounds one soffice run; LibreOffice's first start in a fresh
// profile takes several seconds.
const timeout = 3 * time.Minute

// Resave opens every .xlsx with LibreOffice and saves it again as .xlsx, in
// one soffice call with a private profile (parallel runs do not share one),
// and returns the saved copy of each file. Input names must be distinct.
func Resave(t testing.TB, soffice string, files ...string) map[string]string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "resaved")
	profile := "file://" + filepath.ToSlash(filepath.Join(t.TempDir(), "profile"))
	args := append([]string{"-env:UserInstallation=" + profile, "--headless", "--norestore",
		"--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out}, files...)
	cmd := exec.Command(soffice, args...)
	var log bytes.Buffer
	cmd.Stdout, cmd.Stderr = &log, &log
	done := make(chan error, 1)
	if err := cmd.Start(); err != nil {
		t.Fatalf("soffice: %v", err)
	}
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("soffice: %v\n%s", err, log.String())
		}
	case <-time.After(timeout):
		_ = cmd.Process.Kill()
		t.Fatalf("soffice did not finish in %s\n%s", timeout, log.String())
	}
	again := map[string]string{}
	for _, f := range files {
		p := filepath.Join(out, filepath.Base(f))
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("LibreOffice could not open %s (no copy saved):\n%s", filepath.Base(f), log.String())
		}
		again[f] = p
	}
	return again
}

// CompareBooks checks LibreOffice's copy of a book against the book: the same
// sheets, and every cell read as written — a string as the same string, a
// number as the same number, a date-formatted number as a date.
func CompareBooks(t testing.TB, ours, theirs string) {
	t.Helper()
	a, b := open(t, ours), open(t, theirs)
	defer a.Close()
	defer b.Close()
	name := filepath.Base(ours)
	if sa, sb := a.GetSheetList(), b.GetSheetList(); strings.Join(sa, "|") != strings.Join(sb, "|") {
		t.Fatalf("%s: sheets %v, LibreOffice read %v", name, sa, sb)
	}
	for _, sheet := range a.GetSheetList() {
		rows, err := a.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s!%s: %v", name, sheet, err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v == "" {
					continue
				}
				cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
				compareCell(t, name+"!"+sheet+"!"+cell, a, b, sheet, cell, v)
			}
		}
	}
}

func compareCell(t testing.TB, where string, a, b *excelize.File, sheet, cell, want string) {
	t.Helper()
	typ, _ := a.GetCellType(sheet, cell)
	got, _ := b.GetCellValue(sheet, cell, excelize.Options{RawCellValue: true})
	gotType, _ := b.GetCellType(sheet, cell)
	switch {
	case typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString:
		if !isText(gotType) || got != want {
			t.Errorf("%s: text %q, LibreOffice read %q (%v)", where, want, got, gotType)
		}
	case typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset:
		wf, err1 := strconv.ParseFloat(want, 64)
		gf, err2 := strconv.ParseFloat(got, 64)
		if err1 != nil || err2 != nil || isText(gotType) || !near(wf, gf) {
			t.Errorf("%s: number %s, LibreOffice read %q (%v)", where, want, got, gotType)
			return
		}
		if IsDate(t, a, sheet, cell) && !IsDate(t, b, sheet, cell) {
			t.Errorf("%s: a date, LibreOffice read a plain number %s", where, got)
		}
	}
}

func isText(typ excelize.CellType) bool {
	return typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString || typ == excelize.CellTypeFormula
}

func near(a, b float64) bool {
	d := a - b
	return d < 1e-9 && d > -1e-9 || (a != 0 && d/a < 1e-12 && d/a > -1e-12)
}

// IsDate reports whether a cell has a date number format.
func IsDate(t testing.TB, f *excelize.File, sheet, cell string) bool {
	t.Helper()
	id, err := f.GetCellStyle(sheet, cell)
	if err != nil || id == 0 {
		return false
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatalf("style of %s!%s: %v", sheet, cell, err)
	}
	if st.NumFmt >= 14 && st.NumFmt <= 22 {
		return true
	}
	return st.CustomNumFmt != nil && strings.ContainsAny(strings.ToLower(*st.CustomNumFmt), "y") && strings.Contains(strings.ToLower(*st.CustomNumFmt), "d")
}

func open(t testing.TB, path string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatalf("open %s: %v", filepath.Base(path), err)
	}
	return f
}

// StrictCSV reads a CSV as RFC 4180 demands — every record as wide as the
// header, no stray quotes — after its UTF-8 byte-order mark, and checks the
// header.
func StrictCSV(t testing.TB, data []byte, header []string) [][]string {
	t.Helper()
	body, ok := bytes.CutPrefix(data, []byte("\ufeff"))
	if !ok {
		t.Fatal("CSV without a UTF-8 byte-order mark")
	}
	if !bytes.HasSuffix(body, []byte("\r\n")) {
		t.Error("CSV lines do not end in CRLF")
	}
	r := csv.NewReader(bytes.NewReader(body))
	r.FieldsPerRecord = len(header)
	r.LazyQuotes = false
	recs, err := r.ReadAll()
	if err != nil {
		t.Fatalf("CSV is not RFC 4180: %v", err)
	}
	if len(recs) == 0 || strings.Join(recs[0], ",") != strings.Join(header, ",") {
		t.Fatalf("CSV header %q, want %q", recs[0], header)
	}
	return recs[1:]
}
