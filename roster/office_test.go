package roster

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/testutil/zipbomb"
)

// TestHeadersOfStatisticsOfficeForms: the headers of the statistics office's
// own forms are found, with the unit read only from a real unit.
func TestHeadersOfStatisticsOfficeForms(t *testing.T) {
	header := []string{"单位详细名称", "统一社会信用代码", "县（市、区）", "行业代码(GB/T 4754)", "上年营业收入（千元）", "从业人员(人)"}
	l, err := matchHeader(header, "")
	if err != nil {
		t.Fatal(err)
	}
	if l.index[District] != 2 || l.index[Industry] != 3 || l.index[Revenue] != 4 || l.index[Employees] != 5 || l.unitName != "千元" {
		t.Fatalf("layout %+v", l)
	}
	if _, err := matchHeader([]string{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(本年)", "从业人员"}, ""); err == nil ||
		!strings.Contains(err.Error(), "单位“本年”无法识别") {
		t.Fatalf("unknown unit: %v", err)
	}
}

// TestFootersAreSkippedButLookalikeFirmsAreNot: 合计, 注 and signature lines
// are skipped and reported; a firm whose name begins like a note (注塑) with a
// bad code is refused, naming the row, the column and the cause.
func TestFootersAreSkippedButLookalikeFirmsAreNot(t *testing.T) {
	rows := goodRows()
	rows = append(rows,
		[]string{"", "合 计", "", "", "267000.75", "1320"},
		[]string{"91330481MA2000", "注塑科技有限公司", "海宁市", "C29", "20000", "50"},
		[]string{"注1：营业收入为上年数。"},
		[]string{"单位负责人：王五", "", "填表人：赵六"})
	res := mustRead(t, []byte(csvText(rows)))
	if len(res.Rows) != 3 || res.RejectedCount != 1 || res.SkippedCount != 3 {
		t.Fatalf("%d rows, rejected %v, skipped %v", len(res.Rows), rejectedLines(res), res.Skipped)
	}
	if got := rejectedLines(res)[0]; got != "第6行 统一社会信用代码：应为 18 位，实际 14 位" {
		t.Errorf("rejected: %s", got)
	}
	if got := strings.Join(SkippedByReason(res), "；"); got != "合计行 第5行；注释行 第7行；签章栏 第8行" {
		t.Errorf("skipped: %s", got)
	}
}

// TestMergedDistrictCellsAreFilledDown: district cells merged over a block
// of firms fill the block, and the fill is reported.
func TestMergedDistrictCellsAreFilledDown(t *testing.T) {
	rows := [][]any{
		{"规上工业企业名录"},
		{"统一社会信用代码", "企业名称", "县(市、区)", "行业代码", "营业收入(万元)", "从业人员"},
		{code("330481", 1), "甲公司", "海宁市", "C19", 52000, 300},
		{code("330481", 2), "乙公司", nil, "C17", 12000, 90},
		{code("330481", 3), "丙公司", nil, "C17", 13000, 90},
		{code("330483", 4), "丁公司", "桐乡市", "C28", 15000, 100},
	}
	data := xlsxBook(t, "Sheet1", rows, func(f *excelize.File) error {
		if err := f.MergeCell("Sheet1", "A1", "F1"); err != nil {
			return err
		}
		return f.MergeCell("Sheet1", "C3", "C5")
	})
	res := mustRead(t, data)
	if len(res.Rows) != 4 || res.RejectedCount != 0 {
		t.Fatalf("%d rows, rejected %v", len(res.Rows), rejectedLines(res))
	}
	for _, r := range res.Rows[:3] {
		if r.District != "330481" {
			t.Errorf("row %d district %q", r.Line, r.District)
		}
	}
	if len(res.Filled) != 1 || res.Filled[0].String() != "第3–5行“县(市、区)”是合并单元格，已将“海宁市”填入第4–5行" {
		t.Errorf("filled: %+v", res.Filled)
	}
}

// TestRejectedRowsAreCountedNotKept: beyond KeptRejected, refused rows are
// only counted.
func TestRejectedRowsAreCountedNotKept(t *testing.T) {
	var b strings.Builder
	b.WriteString(strings.Join(contractHeader, ",") + "\n")
	for i := 0; i < 5000; i++ {
		fmt.Fprintf(&b, "bad%d,甲,杭州,C99,x,y,,,\n", i)
	}
	res := mustRead(t, []byte(b.String()))
	if res.RejectedCount != 5000 || len(res.Rejected) != KeptRejected || res.Rejected[KeptRejected-1].Line != KeptRejected+1 {
		t.Fatalf("rejected %d, kept %d", res.RejectedCount, len(res.Rejected))
	}
}

// TestReadingStopsAtTheRowLimit, for CSV and for .xlsx: the message names
// the limit and the row where reading stopped.
func TestReadingStopsAtTheRowLimit(t *testing.T) {
	rs := rules()
	rs.Limits = Limits{MaxUnzipped: 64 << 20, MaxRows: 1000}
	var b strings.Builder
	b.WriteString(strings.Join(contractHeader, ",") + "\n")
	for i := 0; i < 3000; i++ {
		b.WriteString("x,x,x,x,x,x\n")
	}
	if _, err := Read([]byte(b.String()), rs); err == nil || !strings.Contains(err.Error(), "名录超过 1000 行的上限（读到第1002行时停止）") {
		t.Fatalf("csv: %v", err)
	}
	var book bytes.Buffer
	if _, _, err := zipbomb.XLSX(&book, 32<<20, contractHeader...); err != nil {
		t.Fatal(err)
	}
	if _, err := Read(book.Bytes(), rs); err == nil || !strings.Contains(err.Error(), "名录超过 1000 行的上限（读到第1002行时停止）") {
		t.Fatalf("xlsx: %v", err)
	}
}

// TestAZipBombIsRefusedBeforeItIsInflated: an .xlsx of about a megabyte
// that inflates to over a gigabyte is refused from the zip's directory, under
// the upload's limit and the command line's.
func TestAZipBombIsRefusedBeforeItIsInflated(t *testing.T) {
	var book bytes.Buffer
	inflated, _, err := zipbomb.XLSX(&book, 1<<30+1)
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range []Limits{UploadLimits, CLILimits} {
		rs := rules()
		rs.Limits = l
		_, err := Read(book.Bytes(), rs)
		want := fmt.Sprintf("Excel 文件解压后有 %s，超过了 %s 的上限", MiB(inflated), MiB(l.MaxUnzipped))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("%d-byte book inflating to %d: %v, want %q", book.Len(), inflated, err, want)
		}
	}
}

// TestImplausibleUnitIsHeldWithTheLikelyUnit: 亿元 over values in 万元 is
// held with 万元 suggested; read in 万元 it passes. 万元 over values in 亿元
// (every row below the roster rule) suggests 亿元.
func TestImplausibleUnitIsHeldWithTheLikelyUnit(t *testing.T) {
	for _, c := range []struct{ header, value, unit string }{{"营业收入(亿元)", "52000", "万元"}, {"营业收入(万元)", "5.2", "亿元"}} {
		rows := [][]string{{"统一社会信用代码", "企业名称", "所属区县", "行业代码", c.header, "从业人员"}}
		for i := 1; i <= 5; i++ {
			rows = append(rows, []string{code("330481", i), fmt.Sprintf("第%d公司", i), "海宁市", "C17", c.value, "100"})
		}
		res := mustRead(t, []byte(csvText(rows)))
		if len(res.Held) != 1 || res.Held[0].Unit != c.unit || !strings.Contains(res.Held[0].Suggestion, "是否应为"+c.unit+"？") {
			t.Fatalf("%s: held %+v", c.header, res.Held)
		}
		rs := rules()
		rs.RevenueUnit = c.unit
		res, err := Read([]byte(csvText(rows)), rs)
		if err != nil || len(res.Held) != 0 || len(res.Rows) != 5 || res.Rows[0].RevenueWan != 5200000 {
			t.Fatalf("%s read as %s: %v %+v", c.header, c.unit, err, res)
		}
	}
}
