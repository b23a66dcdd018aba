package roster

import (
	"bytes"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/city"
)

// TestTemplateGuidesWhoeverFillsIt: the code column is text, districts and
// industries are drop-down lists of the city's districts and the divisions,
// an instructions sheet explains each column, and a filled-in template
// imports as it is.
func TestTemplateGuidesWhoeverFillsIt(t *testing.T) {
	var buf bytes.Buffer
	cfg := city.Default()
	if err := WriteTemplate(&buf, cfg); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(buf.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "名录,填写说明,选项" {
		t.Fatalf("sheets %s", got)
	}
	style, _ := f.GetCellStyle(templateSheet, "A2")
	if st, err := f.GetStyle(style); err != nil || st.NumFmt != textFormat {
		t.Errorf("code column format %+v %v", st, err)
	}
	dvs, err := f.GetDataValidations(templateSheet)
	if err != nil {
		t.Fatal(err)
	}
	lists := map[string]string{}
	for _, dv := range dvs {
		if dv.Type == "list" {
			lists[dv.Sqref] = dv.Formula1
		}
	}
	if !strings.Contains(lists["C2:C5001"], "'选项'!$A$2:$A$8") || !strings.Contains(lists["D2:D5001"], "'选项'!$B$2:$B$32") {
		t.Errorf("drop-down lists %v", lists)
	}
	if v, _ := f.GetCellValue(optionsSheet, "B2"); v != "C13 农副食品加工业" {
		t.Errorf("first industry option %q", v)
	}
	if help, _ := f.GetRows(helpSheet); len(help) < 8 || help[1][0] != "统一社会信用代码" {
		t.Errorf("instructions %q", help)
	}
	// Filled in as a clerk would, with the lists' values.
	for i, v := range []any{code("330481", 1), "海宁测试有限公司", "海宁市", "C17 纺织业", 52000.5, 300} {
		cell, _ := excelize.CoordinatesToCellName(i+1, 2)
		if err := f.SetCellValue(templateSheet, cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var filled bytes.Buffer
	if err := f.Write(&filled); err != nil {
		t.Fatal(err)
	}
	res := mustRead(t, filled.Bytes())
	if len(res.Rows) != 1 || res.Rows[0].Industry != "C17" || res.Rows[0].District != "330481" || res.Rows[0].RevenueWan != 5200050 {
		t.Fatalf("rows %+v rejected %v", res.Rows, rejectedLines(res))
	}
}
