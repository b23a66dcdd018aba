package providers

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/questionnaires"
)

func rules(t *testing.T) Rules {
	t.Helper()
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	def, _ := defs.Get("jiaxing-2020")
	return Rules{Kinds: Kinds(def), City: city.Default()}
}

const goodCSV = "嘉兴市数字化服务商名录（2020年）\n" +
	"服务商名称,服务类型,服务区县,是否认定,统一社会信用代码\n" +
	"嘉兴智造科技有限公司,诊断咨询、工业软件,全市,是,\n" +
	"\n" +
	"海宁云网服务有限公司,\"云服务,网络安全\",海宁市 桐乡市,否,\n" +
	"平湖数联科技有限公司,system_integration_typo,平湖,,\n"

// A register in GBK, as Chinese Excel saves a CSV, with a title row, a
// blank row and lists in several separators; one bad row refuses the file
// and names its line and column.
func TestReadNamesEveryBadRowAndImportsNothingThen(t *testing.T) {
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(goodCSV)
	if err != nil {
		t.Fatal(err)
	}
	res, err := Read([]byte(gbk), rules(t))
	if err != nil {
		t.Fatal(err)
	}
	if res.Format != "CSV（GBK）" || res.RejectedCount != 1 || len(res.Providers) != 2 {
		t.Fatalf("format %s, %d rejected, %d read", res.Format, res.RejectedCount, len(res.Providers))
	}
	if got := res.Rejected[0].String(); !strings.HasPrefix(got, "第6行 服务内容：“system_integration_typo”不是服务需求的选项") {
		t.Errorf("rejected row reads %q", got)
	}
	first := res.Providers[0]
	if first.Name != "嘉兴智造科技有限公司" || !reflect.DeepEqual(first.Services, []string{"diagnosis", "software"}) ||
		len(first.Districts) != len(city.Default().Districts) || !first.Certified {
		t.Errorf("first provider %+v", first)
	}
	second := res.Providers[1]
	if !reflect.DeepEqual(second.Services, []string{"cloud", "security"}) || !reflect.DeepEqual(second.Districts, []string{"330481", "330483"}) ||
		second.Certified {
		t.Errorf("second provider %+v", second)
	}
}

// An .xlsx register reads the same, columns in any order; a duplicate name,
// an unknown district, a bad 是否认定 and a bad credit code are each named.
func TestReadXLSXChecksEveryCell(t *testing.T) {
	f := excelize.NewFile()
	rows := [][]any{
		{"服务区县", "服务商名称", "服务内容", "认定服务商", "统一社会信用代码"},
		{"南湖区、秀洲区", "甲服务商", "数据分析", "是", validCode(t)},
		{"杭州市", "乙服务商", "人才培训", "也许", "123"},
		{"330402", "甲服务商", "融资服务", "否", ""},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	res, err := Read(buf.Bytes(), rules(t))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, r := range res.Rejected {
		lines = append(lines, r.String())
	}
	got := strings.Join(lines, "\n")
	for _, want := range []string{"第3行 统一社会信用代码：", "第3行", "服务区县：“杭州市”不是嘉兴市的区县", "是否认定：“也许”应为“是”或“否”",
		"第4行 服务商名称：与第2行重复"} {
		if !strings.Contains(got, want) {
			t.Errorf("rejections lack %q:\n%s", want, got)
		}
	}
	if res.RejectedCount != 2 {
		t.Errorf("%d rows rejected, want 2:\n%s", res.RejectedCount, got)
	}
}

func validCode(t *testing.T) string {
	c, ok := creditcode.Complete("91330400MA2B0Q1X5")
	if !ok {
		t.Fatal("no check character")
	}
	return c
}

func TestReadWithoutHeaderSaysWhichColumns(t *testing.T) {
	_, err := Read([]byte("名称,地址\n甲,乙\n"), rules(t))
	if e, ok := apperr.As(err); !ok || !strings.Contains(e.Message, "服务商名称") {
		t.Fatalf("err = %v", err)
	}
	_, err = Read([]byte("\xd0\xcf\x11\xe0old"), rules(t))
	if e, ok := apperr.As(err); !ok || !strings.Contains(e.Message, ".xlsx") {
		t.Fatalf(".xls: err = %v", err)
	}
}
