package roster

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

func goodRows() [][]string {
	return [][]string{
		contractHeader,
		{code("330481", 1), "海宁测试皮革有限公司", "海宁市", "C19", "52000.5", "300", "张三", "0573-87654321", "zhang@example.com"},
		{code("330483", 2), "桐乡“新材料”化纤股份有限公司", "330483", "28", "200000", "900", "", "", ""},
		{code("330402", 3), "南湖电子（嘉兴）有限公司", "南湖区", "C39", "15000.25", "120", "李四", "13800138000", ""},
	}
}

func checkGood(t *testing.T, res *Result) {
	t.Helper()
	if len(res.Rejected) != 0 {
		t.Fatalf("rejected: %v", rejectedLines(res))
	}
	if len(res.Rows) != 3 {
		t.Fatalf("%d rows, want 3", len(res.Rows))
	}
	a, b, c := res.Rows[0], res.Rows[1], res.Rows[2]
	if a.Line != 2 || a.CreditCode != code("330481", 1) || a.Name != "海宁测试皮革有限公司" || a.District != "330481" ||
		a.Industry != "C19" || a.RevenueWan != 5200050 || a.Employees != 300 || a.ContactName != "张三" ||
		a.ContactPhone != "0573-87654321" || a.ContactEmail != "zhang@example.com" || a.Band != "1-10亿" {
		t.Errorf("row 2: %+v", a)
	}
	if b.Name != "桐乡“新材料”化纤股份有限公司" || b.District != "330483" || b.Industry != "C28" || b.RevenueWan != 20000000 || b.Band != "10亿以上" {
		t.Errorf("row 3: %+v", b)
	}
	if c.Name != "南湖电子（嘉兴）有限公司" || c.RevenueWan != 1500025 || c.Line != 4 {
		t.Errorf("row 4: %+v", c)
	}
}

func TestReadsUTF8CSVWithAndWithoutBOM(t *testing.T) {
	text := csvText(goodRows())
	for _, data := range [][]byte{[]byte(text), []byte("\ufeff" + text)} {
		res := mustRead(t, data)
		checkGood(t, res)
		if res.Format != "CSV（UTF-8）" {
			t.Errorf("format %q", res.Format)
		}
	}
}

// TestReadsGBKCSVWithVariantHeadersInAnyOrder is a file as Chinese Excel
// saves "CSV (逗号分隔)": GBK, full-width brackets, other column names and
// another order; the Chinese names survive the round trip.
func TestReadsGBKCSVWithVariantHeadersInAnyOrder(t *testing.T) {
	good := goodRows()
	order := []int{1, 0, 4, 2, 3, 5}
	header := []string{"单位名称", "信用代码", "营业收入（万元）", "区县", "行业", "从业人数"}
	rows := [][]string{header}
	for _, r := range good[1:] {
		var out []string
		for _, i := range order {
			out = append(out, r[i])
		}
		rows = append(rows, out)
	}
	res := mustRead(t, gbk(t, csvText(rows)))
	if res.Format != "CSV（GBK）" || len(res.Rejected) != 0 || len(res.Rows) != 3 {
		t.Fatalf("%s: %d rows, rejected %v", res.Format, len(res.Rows), rejectedLines(res))
	}
	for i, r := range res.Rows {
		if r.Name != good[i+1][1] || r.CreditCode != good[i+1][0] {
			t.Errorf("row %d: name %q code %s", r.Line, r.Name, r.CreditCode)
		}
	}
	if res.Rows[2].RevenueWan != 1500025 || res.Rows[1].District != "330483" {
		t.Errorf("values: %+v", res.Rows)
	}
}

// TestReadsXLSXWithTitleRowAndNumericCells is a workbook as the statistics
// office sends it: a title above the header, numbers stored as numbers.
func TestReadsXLSXWithTitleRowAndNumericCells(t *testing.T) {
	rows := [][]any{
		{"2021年嘉兴市规模以上工业企业名录"},
		{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入（万元）", "从业人员", "联系人", "联系电话", "电子邮箱"},
		{code("330481", 1), "海宁测试皮革有限公司", "海宁市", "C19", 52000.5, 300, "张三", "0573-87654321", "zhang@example.com"},
		{code("330483", 2), "桐乡“新材料”化纤股份有限公司", 330483, 28, 200000, 900},
		{},
		{code("330402", 3), "南湖电子（嘉兴）有限公司", "南湖区", "C39", 15000.25, 120.0, "李四", 13800138000},
	}
	res := mustRead(t, xlsxBook(t, "名录", rows))
	if res.Format != "xlsx" || res.Sheet != "名录" || res.Header != 2 {
		t.Fatalf("format %s sheet %s header %d", res.Format, res.Sheet, res.Header)
	}
	if len(res.Rejected) != 0 || len(res.Rows) != 3 {
		t.Fatalf("%d rows, rejected %v", len(res.Rows), rejectedLines(res))
	}
	want := []struct {
		line int
		rev  int64
	}{{3, 5200050}, {4, 20000000}, {6, 1500025}}
	for i, w := range want {
		if r := res.Rows[i]; r.Line != w.line || int64(r.RevenueWan) != w.rev {
			t.Errorf("row %d: line %d revenue %d, want line %d revenue %d", i, r.Line, r.RevenueWan, w.line, w.rev)
		}
	}
	if res.Rows[2].ContactPhone != "13800138000" || res.Rows[2].Employees != 120 {
		t.Errorf("row 6: %+v", res.Rows[2])
	}
}

// TestFourBadRowsAreReportedExactly: one wrong check character, one unknown
// district, one revenue that is not a number and one duplicate; the good
// rows around them are not reported.
func TestFourBadRowsAreReportedExactly(t *testing.T) {
	rows := goodRows()
	rows = append(rows,
		[]string{badCheck("330421", 4), "嘉善校验位错误有限公司", "嘉善县", "C33", "30000", "200"},
		[]string{code("330424", 5), "未知区县有限公司", "西湖区", "C34", "30000", "200"},
		[]string{code("330482", 6), "收入非数字有限公司", "平湖市", "C35", "三万", "200"},
		[]string{code("330481", 1), "重复的海宁公司", "海宁市", "C19", "52000", "300"},
		[]string{code("330411", 7), "秀洲正常有限公司", "秀洲区", "C36", "10000", "50"},
	)
	res := mustRead(t, []byte(csvText(rows)))
	got := rejectedLines(res)
	want := []string{
		"第5行 统一社会信用代码：校验位不符（GB 32100-2015），请核对代码是否抄错",
		"第6行 所属区县：“西湖区”不是嘉兴市的区县（应为 南湖区、秀洲区、嘉善县、海盐县、海宁市、平湖市、桐乡市 之一，或其 6 位代码）",
		"第7行 营业收入(万元)：“三万”不是数字（只填数字，单位见表头）",
		"第8行 统一社会信用代码：与第2行重复",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("rejected:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if len(res.Rows) != 4 || res.Rows[3].Line != 9 {
		t.Fatalf("accepted rows: %+v", res.Rows)
	}
}

func TestRowChecks(t *testing.T) {
	ok := []string{code("330481", 9), "好公司", "海宁市", "C19", "20000", "100", "", "", ""}
	cases := []struct {
		name   string
		col    int
		value  string
		reason string // "" when the value is accepted
	}{
		{"district by code", 2, "330481", ""},
		{"district by 12-digit division code", 2, "330481000000", ""},
		{"district with the city's name", 2, "嘉兴市海宁市", ""},
		{"district without suffix", 2, "海宁", ""},
		{"empty district", 2, "", "所属区县：不能为空"},
		{"industry 2 digits", 3, "17", ""},
		{"industry class code", 3, "1711", ""},
		{"industry with C and class", 3, "c171", ""},
		{"industry by name", 3, "纺织业", ""},
		{"industry outside manufacturing", 3, "C12", "“C12”不是制造业行业大类"},
		{"industry A01", 3, "A01", "“A01”不是制造业行业大类"},
		{"revenue with thousands separators", 4, "1,234,567.89", ""},
		{"revenue three decimals", 4, "20000.123", "最多两位小数"},
		{"revenue below the rule", 4, "9999.99", "9999.99 万元低于本年度名录下限 10000.00 万元"},
		{"negative revenue", 4, "-20000", "不能为负数"},
		{"revenue exponent", 4, "2e4", "不是数字"},
		{"revenue hex", 4, "0x4e20", "不是数字"},
		{"huge revenue", 4, "99999999999999", "过大"},
		{"empty revenue", 4, "", "营业收入(万元)：不能为空"},
		{"employees decimal", 5, "10.5", "应为不小于 0 的整数"},
		{"employees with separator", 5, "1,200", ""},
		{"lower-case code", 0, strings.ToLower(code("330481", 9)), ""},
		{"short code", 0, "91330481MA2B3C4D5", "应为 18 位"},
		{"name too long", 1, strings.Repeat("长", 101), "过长"},
		{"empty name", 1, "  ", "企业名称：不能为空"},
		{"name with replacement char", 1, "坏\ufffd字", "无法识别的字符"},
		{"bad phone", 7, "call me", "不像电话号码"},
		{"phone with extension", 7, "0573-8765432转801", ""},
		{"bad email", 8, "a@b", "不是有效的电子邮箱"},
		{"email with name", 8, "张三 <z@example.com>", "不是有效的电子邮箱"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			row := append([]string(nil), ok...)
			row[c.col] = c.value
			res := mustRead(t, []byte(csvText([][]string{contractHeader, row})))
			got := strings.Join(rejectedLines(res), "\n")
			if c.reason == "" && got != "" {
				t.Fatalf("rejected: %s", got)
			}
			if c.reason != "" && !strings.Contains(got, c.reason) {
				t.Fatalf("got %q, want it to say %q", got, c.reason)
			}
		})
	}
}

func TestRevenueUnitsFromTheHeader(t *testing.T) {
	cases := map[string]struct {
		value string
		want  int64
	}{
		"营业收入(千元)": {"123456.7", 1234567},
		"营业收入（元）":  {"123456789", 1234568},
		"营业收入(亿元)": {"2.5", 2500000},
		"营业收入万元":   {"20000", 2000000},
		"主营业务收入":   {"20000.5", 2000050},
	}
	for header, c := range cases {
		h := append([]string(nil), contractHeader[:6]...)
		h[4] = header
		res := mustRead(t, []byte(csvText([][]string{h, {code("330481", 1), "公司", "海宁市", "C19", c.value, "1"}})))
		if len(res.Rows) != 1 || int64(res.Rows[0].RevenueWan) != c.want {
			t.Errorf("%s %s: %+v %v, want %d", header, c.value, res.Rows, rejectedLines(res), c.want)
		}
	}
}

func TestFilesThatCannotBeRead(t *testing.T) {
	noIndustry := csvText([][]string{{"统一社会信用代码", "企业名称", "所属区县", "营业收入(万元)", "从业人员"}, {code("330481", 1), "公司", "海宁市", "20000", "1"}})
	twice := csvText([][]string{{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(万元)", "从业人员", "企业名称"}})
	dollars := csvText([][]string{{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(美元)", "从业人员"}})
	cases := map[string]struct {
		data []byte
		want string
	}{
		"empty":                {nil, "文件中没有数据"},
		"blank lines":          {[]byte("\r\n,,\r\n"), "文件中没有数据"},
		"no header":            {[]byte("a,b,c\r\n1,2,3\r\n"), "找不到表头"},
		"missing column":       {[]byte(noIndustry), "表头（第1行）缺少必需的列：行业代码"},
		"column twice":         {[]byte(twice), "“企业名称”列出现了两次（第 2 列和第 7 列）"},
		"unknown unit":         {[]byte(dollars), "单位“美元”无法识别"},
		"xls":                  {[]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1rest"), "不支持 Excel 97-2003"},
		"broken xlsx":          {[]byte("PK\x03\x04garbage"), "无法打开 Excel 文件"},
		"neither utf8 nor gbk": {[]byte("\x81\x20\xff\xfe\x80"), "无法识别文件的编码"},
	}
	for name, c := range cases {
		_, err := Read(c.data, rules())
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", name, err, c.want)
		}
	}
}

// TestExcelNumberCreditCode: a credit code typed into a number cell loses
// its last digits; the reason says so instead of "wrong check character".
func TestExcelNumberCreditCode(t *testing.T) {
	rows := [][]any{
		{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入(万元)", "从业人员"},
		{nil, "数字代码公司", "海宁市", "C19", 20000, 10},
	}
	data := xlsxBook(t, "Sheet1", rows, func(f *excelize.File) error {
		// What Excel stores for 913304810012345678 typed into a number cell:
		// 15 significant digits in scientific notation.
		return f.SetCellDefault("Sheet1", "A2", "9.13304810012345E+17")
	})
	res := mustRead(t, data)
	if got := strings.Join(rejectedLines(res), ""); !strings.Contains(got, "被 Excel 存成了数字") {
		t.Fatalf("got %q", got)
	}
}

func TestTabSeparatedUTF16(t *testing.T) {
	var lines []string
	for _, r := range goodRows() {
		lines = append(lines, strings.Join(r, "\t"))
	}
	text := strings.Join(lines, "\r\n")
	u := []byte{0xff, 0xfe}
	for _, r := range text {
		if r > 0xffff {
			t.Fatal("test text outside the BMP")
		}
		u = append(u, byte(r), byte(r>>8))
	}
	res := mustRead(t, u)
	if res.Format != "CSV（UTF-16）" {
		t.Fatalf("format %s", res.Format)
	}
	checkGood(t, res)
}

func TestCheckValueUsesTheRowRules(t *testing.T) {
	cases := []struct{ field, in, stored, band, reason string }{
		{"district", "平湖", "330482", "", ""},
		{"district", "杭州", "", "", "不是嘉兴市的区县"},
		{"industry", "1711", "C17", "", ""},
		{"revenue_wan", "120000", "120000.00", "10亿以上", ""},
		{"revenue_wan", "5000", "", "", "低于本年度名录下限"},
		{"employees", "12.5", "", "", "整数"},
		{"name", " 新 名称 ", "新 名称", "", ""},
		{"band", "x", "", "", "不能更正"},
	}
	for _, c := range cases {
		stored, band, reason := CheckValue(c.field, c.in, rules())
		if stored != c.stored || band != c.band || !strings.Contains(reason, c.reason) || (c.reason == "") != (reason == "") {
			t.Errorf("%s %q: %q %q %q", c.field, c.in, stored, band, reason)
		}
	}
}

// A CSV's blank line keeps the rows below it at their own line numbers:
// encoding/csv skips blank lines, and counting records named the row after
// one as the line before it.
func TestCSVBlankLineKeepsLineNumbers(t *testing.T) {
	rows := goodRows()
	text := csvText(rows[:2]) + "\r\n" + csvText([][]string{
		{code("330424", 5), "未知区县有限公司", "西湖区", "C34", "30000", "200"},
	})
	res := mustRead(t, []byte(text))
	got := rejectedLines(res)
	if len(got) != 1 || !strings.HasPrefix(got[0], "第4行 所属区县") {
		t.Fatalf("rejected %v, want the district of 第4行 (line 3 is blank)", got)
	}
}
