package export

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestBookWritesSheetsInAnyOrder: sheets keep the order the book was made
// with, whatever order they are written in; text is neutralised, numbers
// stay numbers, nil is an empty cell, and the header row is frozen.
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
	want := [][]string{{"名称", "'=总分"}, {"'=HYPERLINK(1)", "61.5"}, {"乙"}}
	if !reflect.DeepEqual(rows, want) {
		t.Errorf("rows %q, want %q", rows, want)
	}
	if typ, _ := f.GetCellType("明细", "B2"); typ != excelize.CellTypeNumber && typ != excelize.CellTypeUnset {
		t.Errorf("61.5 stored as %v, not a number", typ)
	}
	panes, err := f.GetPanes("明细")
	if err != nil || !panes.Freeze || panes.YSplit != 1 {
		t.Errorf("header not frozen: %+v %v", panes, err)
	}
}
