package roster

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/decimal"
)

// rules are Jiaxing's districts with the default roster rule (1亿).
func rules() Rules {
	return Rules{City: city.Default(), MinRevenueWan: 1000000, BandOf: func(v decimal.Fixed2) string {
		if v >= 10000000 {
			return "10亿以上"
		}
		return "1-10亿"
	}}
}

// code makes the n-th valid credit code of a district.
func code(district string, n int) string {
	c, ok := creditcode.Complete(fmt.Sprintf("91%sMA%07d", district, n))
	if !ok {
		panic(district)
	}
	return c
}

// badCheck returns a code whose check character is wrong.
func badCheck(district string, n int) string {
	good := code(district, n)
	last := strings.IndexByte(creditcode.Alphabet, good[17])
	return good[:17] + string(creditcode.Alphabet[(last+1)%len(creditcode.Alphabet)])
}

var contractHeader = []string{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(万元)", "从业人员", "联系人", "联系电话", "电子邮箱"}

// csvText writes rows as Excel does: commas, quotes where needed, CRLF.
func csvText(rows [][]string) string {
	var b strings.Builder
	w := csv.NewWriter(&b)
	w.UseCRLF = true
	if err := w.WriteAll(rows); err != nil {
		panic(err)
	}
	return b.String()
}

func gbk(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// xlsxBook writes rows to a workbook; cells that look like numbers in the
// numeric columns are stored as numbers, as Excel does.
func xlsxBook(t *testing.T, sheet string, rows [][]any, edits ...func(*excelize.File) error) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if sheet != "Sheet1" {
		if err := f.SetSheetName("Sheet1", sheet); err != nil {
			t.Fatal(err)
		}
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow(sheet, cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	for _, edit := range edits {
		if err := edit(f); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustRead(t *testing.T, data []byte) *Result {
	t.Helper()
	res, err := Read(data, rules())
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func rejectedLines(res *Result) []string {
	out := make([]string, len(res.Rejected))
	for i, r := range res.Rejected {
		out[i] = r.String()
	}
	return out
}
