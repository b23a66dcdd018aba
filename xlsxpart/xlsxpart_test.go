package xlsxpart

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetFollowsTheWorkbook finds each sheet's own part by its name,
// through the workbook's relationships (not by the sheet's position), and
// nothing for a sheet the book does not have.
func TestSheetFollowsTheWorkbook(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	marks := map[string]float64{"名录": 101.5, "说明": 202.5} // numbers: text goes to the shared strings
	for _, name := range []string{"名录", "说明"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		if err := f.SetCellValue(name, "A1", marks[name]); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.DeleteSheet("Sheet1"); err != nil { // the parts are no longer numbered from the first sheet
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"名录", "说明"} {
		part, err := Sheet(zr, name)
		if err != nil || part == nil {
			t.Fatalf("Sheet(%s) = %v, %v", name, part, err)
		}
		if text := read(t, part); !strings.Contains(text, fmt.Sprintf("<v>%v</v>", marks[name])) {
			t.Errorf("Sheet(%s) is %s, which does not hold its cell: %.200s", name, part.Name, text)
		}
	}
	if part, err := Sheet(zr, "汇总"); part != nil || err != nil {
		t.Errorf("Sheet(汇总) = %v, %v; want nothing", part, err)
	}
}

func read(t *testing.T, f *zip.File) string {
	rc, err := f.Open()
	if err != nil {
		t.Fatal(err)
	}
	defer rc.Close()
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
