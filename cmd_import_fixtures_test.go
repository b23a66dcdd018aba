package main

import (
	"path/filepath"
	"strings"
	"testing"

	"healthcheck/decimal"

	"github.com/xuri/excelize/v2"
)

// rosterFixture is a file made with real tools (testdata/roster/README.md)
// and what a clerk expects of it.
type rosterFixture struct {
	file  string
	flags []string
	// refused is part of the error an import answers; "" when it imports.
	refused string
	// printed must all appear in the output (of the dry run and the import).
	printed []string
	firms   int
	check   func(t *testing.T, db string)
}

var rosterFixtures = []rosterFixture{
	{file: "office-form.xlsx", firms: 5,
		printed: []string{"跳过 5 行（不是企业）：表头前的标题或说明 第1、2行；空行 第9行；合计行 第10行；注释行 第11行。",
			"第4–6行“县(市、区)”是合并单元格，已将“海宁市”填入第5–6行。", "第7–8行“县(市、区)”是合并单元格，已将“桐乡市”填入第8行。"},
		check: func(t *testing.T, db string) {
			want := map[string]struct {
				district, industry string
				revenue            decimal.Fixed2
				employees          int
			}{
				"91330481MA20001008": {"330481", "C19", 5200050, 300},
				"91330481MA2000101B": {"330481", "C17", 12850000, 1200}, // full-width code, text numbers with separators
				"91330481MA2000102E": {"330481", "C38", 1500000, 95},    // lower-case code
				"91330483MA2000104H": {"330483", "C18", 2345678, 400},
			}
			for _, f := range firmsIn(t, db, 2020) {
				w, ok := want[f.CreditCode]
				if !ok {
					continue
				}
				if f.District != w.district || f.Industry != w.industry || f.RevenueWan != w.revenue || f.Employees != w.employees {
					t.Errorf("%s: %+v, want %+v", f.CreditCode, f, w)
				}
				delete(want, f.CreditCode)
			}
			if len(want) > 0 {
				t.Errorf("not imported: %v", want)
			}
		}},
	{file: "yi-over-wan.xlsx", refused: "名录中有 1 处数据存疑，未导入任何数据",
		printed: []string{"存疑 整个文件 营业收入(亿元)：按表头的单位（亿元）读取，营业收入的中位数是 5.2万亿元", "是否应为万元？", "请加 --revenue-unit 万元 重新导入"}},
	{file: "yi-over-wan.xlsx", flags: []string{"--revenue-unit", "万元"}, firms: 5,
		check: func(t *testing.T, db string) {
			for _, f := range firmsIn(t, db, 2020) {
				if f.CreditCode == "91330481MA20001008" && f.RevenueWan != 5200050 {
					t.Errorf("revenue read as %s 万元", f.RevenueWan)
				}
			}
		}},
	{file: "gbk-crlf.csv", firms: 3,
		check: func(t *testing.T, db string) {
			names := map[string]bool{}
			for _, f := range firmsIn(t, db, 2020) {
				names[f.Name] = true
			}
			if !names[`秀洲"新"电子科技有限公司`] || !names["海盐紧固件有限公司"] {
				t.Errorf("names: %v", names)
			}
		}},
	{file: "office-form.xls", refused: "不支持 Excel 97-2003（.xls）"},
}

// TestImportFixturesAsAClerkExpects imports each fixture twice, first with
// --dry-run: both answer alike (the same refusal or none, the same listing);
// a refused file leaves the roster empty, an accepted one holds its firms.
func TestImportFixturesAsAClerkExpects(t *testing.T) {
	for _, fx := range rosterFixtures {
		t.Run(fx.file+strings.Join(fx.flags, ""), func(t *testing.T) {
			db := newDeskDB(t)
			args := append([]string{"import", "--db", db, "--campaign", "2020"}, fx.flags...)
			path := filepath.Join("testdata", "roster", fx.file)
			dry, dryErr := cli(t, append(append(args, "--dry-run"), path)...)
			if n := len(firmsIn(t, db, 2020)); n != 0 {
				t.Fatalf("dry run wrote %d firms", n)
			}
			out, err := cli(t, append(args, path)...)
			if (err == nil) != (dryErr == nil) || (err != nil && err.Error() != dryErr.Error()) {
				t.Fatalf("dry run answered %v, import %v", dryErr, err)
			}
			for _, p := range fx.printed {
				if !strings.Contains(dry, p) || !strings.Contains(out, p) {
					t.Errorf("want %q printed\ndry run:\n%s\nimport:\n%s", p, dry, out)
				}
			}
			if fx.refused != "" {
				if err == nil || !strings.Contains(err.Error(), fx.refused) {
					t.Fatalf("want refusal %q, got %v\n%s", fx.refused, err, out)
				}
			} else if err != nil {
				t.Fatalf("import: %v\n%s", err, out)
			}
			if n := len(firmsIn(t, db, 2020)); n != fx.firms {
				t.Fatalf("%d firms imported, want %d", n, fx.firms)
			}
			if fx.check != nil {
				fx.check(t, db)
			}
		})
	}
}

// TestImportHoldsARevenueTenTimesLastYears: a firm whose revenue is ten
// times its last year's is held with the likely value; --confirm imports it.
func TestImportHoldsARevenueTenTimesLastYears(t *testing.T) {
	db := newDeskDB(t)
	if _, err := cli(t, "campaign", "create", "--db", db, "--year", "2019"); err != nil {
		t.Fatal(err)
	}
	roster := func(revenue string) string {
		return writeFile(t, "r.csv", []byte(rosterHeader+
			creditCode("330481", 1)+",海宁皮革有限公司,海宁市,C19,"+revenue+",300\r\n"+
			creditCode("330402", 3)+",南湖电子有限公司,南湖区,C39,15000,120\r\n"))
	}
	if _, err := cli(t, "import", "--db", db, "--campaign", "2019", roster("52000")); err != nil {
		t.Fatal(err)
	}
	file := roster("520000")
	out, err := cli(t, "import", "--db", db, "--campaign", "2020", file)
	if err == nil || !strings.Contains(out, "存疑 第2行 营业收入(万元)：520000.00 万元是上年（2019 年度 52000.00 万元）的 10.0 倍；是否应为 52000.00 万元？") {
		t.Fatalf("err %v\n%s", err, out)
	}
	if n := len(firmsIn(t, db, 2020)); n != 0 {
		t.Fatalf("held file wrote %d firms", n)
	}
	if out, err := cli(t, "import", "--db", db, "--campaign", "2020", "--confirm", file); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if n := len(firmsIn(t, db, 2020)); n != 2 {
		t.Fatalf("confirmed import wrote %d firms", n)
	}
}

// TestImportTemplateCommand writes the roster template the page offers.
func TestImportTemplateCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "模板.xlsx")
	out, err := cli(t, "import", "--template", path)
	if err != nil || !strings.Contains(out, "已写出名录模板") {
		t.Fatalf("%v %s", err, out)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := strings.Join(f.GetSheetList(), ","); got != "名录,填写说明,选项" {
		t.Fatalf("sheets %s", got)
	}
}
