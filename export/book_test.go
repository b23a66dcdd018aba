package export

import (
	"bytes"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// TestBookWritesSheetsInAnyOrder: sheets keep the order the book was made
// with, whatever order they are written in; text that looks like a formula is
// a string cell (never evaluated, so written as it is), numbers stay
// numbers, nil is an empty cell, and the header row is frozen.
func TestBookWritesSheetsInAnyOrder(t *testing.T) {
	b, err := NewBook("汇总", "明细")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, err := b.Open(Table{Sheet: "明细", Header: []string{"名称", "=总分"}, Formats: []string{"", "0.00"}})
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range [][]any{{"=HYPERLINK(1)", 61.5}, {"乙", nil}} {
		if err := s.Add(row); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if err := b.Write(Table{Sheet: "汇总", Header: []string{"项目", "数值"}, Rows: [][]any{{"企业", 2}}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := b.Save(&buf); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); !reflect.DeepEqual(got, []string{"汇总", "明细"}) {
		t.Errorf("sheets %v", got)
	}
	rows, err := f.GetRows("明细", excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	want := [][]string{{"名称", "=总分"}, {"=HYPERLINK(1)", "61.5"}, {"乙"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	for _, cell := range []string{"B1", "A2"} {
		if typ, _ := f.GetCellType("明细", cell); typ != excelize.CellTypeInlineString && typ != excelize.CellTypeSharedString {
			t.Errorf("%s is %v, not a string cell", cell, typ)
		}
		if formula, _ := f.GetCellFormula("明细", cell); formula != "" {
			t.Errorf("%s has formula %q", cell, formula)
		}
	}
	if typ, _ := f.GetCellType("明细", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("61.5 stored as %v, not a number", typ)
	}
	panes, err := f.GetPanes("明细")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
}

// TestCellsAreTypedForPeopleAndExactForMachines: a phone number, a date, an
// exact decimal and formula-like text, in a book and in a CSV. The book keeps
// "+86-…" readable as text and the date as a date cell; the CSV neutralises
// what a spreadsheet would evaluate, keeps the decimal as written and writes
// the time in RFC 3339.
func TestCellsAreTypedForPeopleAndExactForMachines(t *testing.T) {
	cst := time.FixedZone("CST", 8*3600)
	at := time.Date(2020, 5, 6, 14, 30, 0, 0, cst)
	tbl := Table{Sheet: "名单", Header: []string{"联系电话", "最近活动", "营业收入（万元）", "备注"},
		Rows: [][]any{{"+86-573-87654321", at, Raw("52000.50"), "=1+1"}}}
	var csvOut bytes.Buffer
	if err := WriteCSV(&csvOut, tbl); err != nil {
		t.Fatal(err)
	}
	want := "\ufeff联系电话,最近活动,营业收入（万元）,备注\r\n'+86-573-87654321,2020-05-06T14:30:00+08:00,52000.50,'=1+1\r\n"
	if csvOut.String() != want {
		t.Errorf("csv %q, want %q", csvOut.String(), want)
	}
	var book bytes.Buffer
	if err := WriteXLSX(&book, tbl); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue("名单", "A2"); v != "+86-573-87654321" {
		t.Errorf("phone %q", v)
	}
	if v, _ := f.GetCellValue("名单", "B2"); v != "2020-05-06 14:30" {
		t.Errorf("date shown as %q", v)
	}
	if typ, _ := f.GetCellType("名单", "C2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("revenue is %v", typ)
	}
	tables, err := f.GetTables("名单")
	if err != nil || len(tables) != 1 || tables[0].Range != "A1:D2" {
		t.Errorf("filter: %+v %v", tables, err)
	}
}

// writeLog records the writes a book's Save makes.
type writeLog struct {
	bytes.Buffer
	writes, largest int
}

func (w *writeLog) Write(p []byte) (int, error) {
	w.writes++
	w.largest = max(w.largest, len(p))
	return w.Buffer.Write(p)
}

// TestSaveStreamsTheBook: a book is written to its file as it is packed, not
// packed whole in memory first (excelize's File.Write does that: a national
// answers book held 260 MB, and twice that while its buffer grew, which took
// the report's peak memory over 600 MB). The 20,000-row sheet here packs to
// some hundreds of kilobytes; no single write may carry most of it.
func TestSaveStreamsTheBook(t *testing.T) {
	b, err := NewBook("明细")
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	s, err := b.Open(Table{Sheet: "明细", Header: []string{"编号", "名称", "数值"}})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 20000 {
		if err := s.Add([]any{i, "企业" + strings.Repeat("甲", i%17), float64(i) / 7}); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	var w writeLog
	if err := b.Save(&w); err != nil {
		t.Fatal(err)
	}
	if w.largest > w.Len()/4 {
		t.Errorf("one write of %d bytes carried most of the %d-byte book (%d writes): it was packed in memory first", w.largest, w.Len(), w.writes)
	}
	f, err := excelize.OpenReader(&w.Buffer)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("明细")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 20001 || rows[20000][0] != "19999" {
		t.Errorf("%d rows read back, last %q", len(rows), rows[len(rows)-1])
	}
}

// TestPrintSetUp: a table that asks to be printed prints on A4 in its
// orientation, fitted to one page wide, its header repeated on every page,
// its wrapped columns wrapping; one that does not ask keeps the defaults.
func TestPrintSetUp(t *testing.T) {
	var buf bytes.Buffer
	err := WriteXLSX(&buf,
		Table{Sheet: "发现", Header: []string{"序号", "发现"}, Rows: [][]any{{1, strings.Repeat("很长的一句话，", 40)}},
			Widths: []float64{6, 60}, Wrap: []bool{false, true}, Print: &Print{Landscape: true}},
		Table{Sheet: "明细", Header: []string{"名称"}, Rows: [][]any{{"甲"}}})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&buf)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	l, err := f.GetPageLayout("发现")
	if err != nil {
		t.Fatal(err)
	}
	if *l.Size != paperA4 || *l.Orientation != "landscape" || *l.FitToWidth != 1 || *l.FitToHeight != 0 {
		t.Errorf("发现 prints on paper %d, %s, %d wide × %d long", *l.Size, *l.Orientation, *l.FitToWidth, *l.FitToHeight)
	}
	props, err := f.GetSheetProps("发现")
	if err != nil {
		t.Fatal(err)
	}
	if props.FitToPage == nil || !*props.FitToPage {
		t.Error("发现 is not scaled to fit its page")
	}
	titles := map[string]string{}
	for _, n := range f.GetDefinedName() {
		if n.Name == "_xlnm.Print_Titles" {
			titles[n.Scope] = n.RefersTo
		}
	}
	if titles["发现"] != "'发现'!$1:$1" || titles["明细"] != "" {
		t.Errorf("print titles %v, want the header row of 发现 only", titles)
	}
	style, err := f.GetCellStyle("发现", "B2")
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(style)
	if err != nil {
		t.Fatal(err)
	}
	if st.Alignment == nil || !st.Alignment.WrapText {
		t.Error("the long text of 发现 does not wrap")
	}
	// The row's other cells start at its top, beside the wrapped text's
	// first line: a 序号 at the foot of a tall row reads as the next row's.
	if style, _ := f.GetCellStyle("发现", "A2"); style == 0 {
		t.Error("序号 has no style: it sits at the foot of its tall row")
	} else if st, _ := f.GetStyle(style); st.Alignment == nil || st.Alignment.Vertical != "top" {
		t.Errorf("序号 is aligned %+v, not at the top of its row", st.Alignment)
	}
	// 280 Chinese characters, 560 wide, in a column 60 wide: ten lines.
	if h, _ := f.GetRowHeight("发现", 2); h != 10*lineHeight {
		t.Errorf("the row of ten lines is %v points tall", h)
	}
	if l, _ := f.GetPageLayout("明细"); l.FitToWidth != nil && *l.FitToWidth == 1 {
		t.Error("明细 was scaled without asking")
	}
	if props, _ := f.GetSheetProps("明细"); props.FitToPage != nil && *props.FitToPage {
		t.Error("明细 fits to page without asking")
	}
}

// TestRawNumbersKeepTheirText: a whole Raw number of up to 15 digits goes
// to excelize as an integer, longer ones and decimals as a float64, and each
// cell's text is what the float path alone wrote (excelize keeps a float's
// 15 significant digits); text that is not a number stays text.
func TestRawNumbersKeepTheirText(t *testing.T) {
	cases := []struct {
		raw  Raw
		want string // the cell's stored text
		num  bool
	}{
		{"0", "0", true}, {"1750", "1750", true}, {"-42", "-42", true}, {"+7", "7", true}, {"007", "7", true},
		{"-0", "-0", true}, {"999999999999999", "999999999999999", true}, {"-999999999999999", "-999999999999999", true},
		{"123456789012345678", "123456789012345000", true}, {"-1234567890123456", "-1234567890123450", true},
		{"61.5", "61.5", true}, {"-0.05", "-0.05", true}, {"52000.50", "52000.5", true}, {"1e3", "1000", true},
		{"1,000", "1,000", false}, {"-", "-", false}, {"+", "+", false}, {"", "", false},
	}
	rows := make([][]any, len(cases))
	for i, c := range cases {
		rows[i] = []any{c.raw}
	}
	var book bytes.Buffer
	if err := WriteXLSX(&book, Table{Sheet: "数", Header: []string{"值"}, Rows: rows}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(&book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for i, c := range cases {
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		v, _ := f.GetCellValue("数", cell, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType("数", cell)
		isNum := typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
		if v != c.want || (v != "" && isNum != c.num) {
			t.Errorf("Raw(%q) stored as %q (%v), want %q (number %v)", c.raw, v, typ, c.want, c.num)
		}
	}
}
