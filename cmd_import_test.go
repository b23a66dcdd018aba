package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"

	"healthcheck/creditcode"
	"healthcheck/models"
	"healthcheck/testutil/testdb"
)

// cli runs a command as the binary would and returns what it printed.
func cli(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := dispatch(context.Background(), args, &out)
	return out.String(), err
}

func TestCampaignCreateRefusesAnEndlessWindow(t *testing.T) {
	db := testdb.DSN(t, "desk.db")
	_, err := cli(t, "campaign", "create", "--db", db, "--year", "2020", "--opens", "0001-01-01", "--closes", "9999-12-31")
	if err == nil || !strings.Contains(describe(err), "日期须在 2019 至 2021 年之间") {
		t.Fatalf("a window 0001-01-01…9999-12-31: %v", err)
	}
}

// newDeskDB is a database with an empty 2020 campaign made by the CLI.
func newDeskDB(t *testing.T) string {
	t.Helper()
	db := testdb.DSN(t, "desk.db")
	if _, err := cli(t, "campaign", "create", "--db", db, "--year", "2020"); err != nil {
		t.Fatal(err)
	}
	return db
}

func creditCode(district string, n int) string {
	c, _ := creditcode.Complete(fmt.Sprintf("91%sMA%07d", district, n))
	return c
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// storeOf opens the database file the commands wrote, closed at the test's
// end.
func storeOf(t *testing.T, db string) *models.Store {
	t.Helper()
	s, err := models.Open(context.Background(), db, models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func firmsIn(t *testing.T, db string, year int) []models.FirmRow {
	t.Helper()
	ctx := context.Background()
	s := storeOf(t, db)
	c, err := s.CampaignByYear(ctx, year)
	if err != nil {
		t.Fatal(err)
	}
	rows, _, err := s.Firms(ctx, models.CityScope(), c.ID, models.FirmFilter{}, "", 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

const rosterHeader = "统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员\r\n"

// TestImportCommandWritesNothingWhenARowIsBad is the contract: one line per
// rejected row, exit 1 and an untouched database; --skip-invalid imports
// the good rows.
func TestImportCommandWritesNothingWhenARowIsBad(t *testing.T) {
	db := newDeskDB(t)
	bad := creditCode("330421", 4)
	bad = bad[:17] + map[bool]string{true: "1", false: "0"}[bad[17] == '0']
	file := writeFile(t, "roster.csv", gbkBytes(t, rosterHeader+
		creditCode("330481", 1)+",海宁皮革有限公司,海宁市,C19,52000.5,300\r\n"+
		bad+",嘉善有限公司,嘉善县,C33,30000,200\r\n"+
		creditCode("330424", 5)+",未知区县有限公司,西湖区,C34,30000,200\r\n"+
		creditCode("330482", 6)+",平湖有限公司,平湖市,C35,三万,200\r\n"+
		creditCode("330481", 1)+",重复公司,海宁市,C19,52000,300\r\n"))
	out, err := cli(t, "import", "--db", db, "--campaign", "2020", file)
	if err == nil || !strings.Contains(err.Error(), "4 行不符合要求，未导入任何数据") {
		t.Fatalf("import of a bad file: %v", err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "第3行 统一社会信用代码：") || !strings.HasPrefix(lines[1], "第4行 所属区县：") ||
		!strings.HasPrefix(lines[2], "第5行 营业收入(万元)：") || lines[3] != "第6行 统一社会信用代码：与第2行重复" {
		t.Fatalf("output:\n%s", out)
	}
	if n := len(firmsIn(t, db, 2020)); n != 0 {
		t.Fatalf("%d firms written by a refused import", n)
	}

	// Flags after the file work too.
	out, err = cli(t, "import", "--db", db, file, "--campaign", "2020", "--skip-invalid")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "已跳过 4 行") || !strings.Contains(out, "已新增 1 家") || !strings.Contains(out, "CSV（GBK）") {
		t.Fatalf("output:\n%s", out)
	}
	firms := firmsIn(t, db, 2020)
	if len(firms) != 1 || firms[0].Name != "海宁皮革有限公司" || firms[0].RevenueWan != 5200050 || firms[0].Band != "4-10亿" {
		t.Fatalf("imported: %+v", firms)
	}
}

func TestImportCommandDryRunAndReimport(t *testing.T) {
	db := newDeskDB(t)
	first := writeFile(t, "v1.csv", []byte("\ufeff"+rosterHeader+
		creditCode("330481", 1)+",海宁皮革有限公司,海宁市,C19,52000.5,300\r\n"+
		creditCode("330483", 2)+",桐乡化纤有限公司,桐乡市,C28,200000,900\r\n"))
	if _, err := cli(t, "import", "--db", db, "--campaign", "2020", first); err != nil {
		t.Fatal(err)
	}
	second := writeFile(t, "v2.csv", []byte(rosterHeader+
		creditCode("330481", 1)+",海宁皮革股份有限公司,海宁市,C19,52000.5,300\r\n"+
		creditCode("330402", 3)+",南湖电子有限公司,南湖区,C39,15000,120\r\n"))
	out, err := cli(t, "import", "--db", db, "--campaign", "2020", "--dry-run", second)
	if err != nil {
		t.Fatal(err)
	}
	want := "试导入（--dry-run）：检查通过，未写入任何数据。\n将新增 1 家，将变更 1 家，未变 0 家；名录中另有 1 家本文件未列出，保持不变。\n  变更 " + creditCode("330481", 1) +
		" 海宁皮革股份有限公司：企业名称 海宁皮革有限公司 → 海宁皮革股份有限公司\n"
	if out != want {
		t.Fatalf("dry run:\n%s\nwant:\n%s", out, want)
	}
	if n := len(firmsIn(t, db, 2020)); n != 2 {
		t.Fatalf("dry run wrote: %d firms", n)
	}
	if _, err := cli(t, "import", "--db", db, "--campaign", "2020", second); err != nil {
		t.Fatal(err)
	}
	if n := len(firmsIn(t, db, 2020)); n != 3 {
		t.Fatalf("after re-import: %d firms", n)
	}
	if _, err := cli(t, "import", "--db", db, "--campaign", "2021", second); err == nil || !strings.Contains(err.Error(), "没有 2021 年度体检") {
		t.Fatalf("unknown campaign: %v", err)
	}
}

func gbkBytes(t *testing.T, s string) []byte {
	t.Helper()
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestInviteLettersCommand writes printable letters whose codes log in.
func TestInviteLettersCommand(t *testing.T) {
	db := newDeskDB(t)
	file := writeFile(t, "r.csv", []byte(rosterHeader+creditCode("330481", 1)+",<b>海宁</b>皮革有限公司,海宁市,C19,52000.5,300\r\n"))
	if _, err := cli(t, "import", "--db", db, "--campaign", "2020", file); err != nil {
		t.Fatal(err)
	}
	letters := filepath.Join(t.TempDir(), "letters.html")
	t.Setenv("HC_PUBLIC_URL", "")
	if _, err := cli(t, "invite", "--db", db, "--campaign", "2020", "--out", letters); err == nil || !strings.Contains(err.Error(), "--public-url") {
		t.Fatalf("letters without --public-url: %v", err)
	}
	if _, err := cli(t, "invite", "--db", db, "--campaign", "2020", "--out", letters, "--public-url", "evil.example"); err == nil {
		t.Fatal("letters with an address that is no URL")
	}
	if _, err := cli(t, "invite", "--db", db, "--campaign", "2020", "--out", letters, "--public-url", "https://tijian.example.gov.cn/"); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(letters)
	if err != nil {
		t.Fatal(err)
	}
	page := string(b)
	for _, want := range []string{"&lt;b&gt;海宁&lt;/b&gt;皮革有限公司：", "https://tijian.example.gov.cn/login", creditCode("330481", 1), "2020-03-01 至 2020-06-30", "海宁市经信部门"} {
		if !strings.Contains(page, want) {
			t.Errorf("letters lack %q", want)
		}
	}
	i := strings.Index(page, `<dd class="code">`)
	code := page[i+len(`<dd class="code">`) : i+len(`<dd class="code">`)+14]
	ctx := context.Background()
	if _, err := storeOf(t, db).EntryByInvite(ctx, creditCode("330481", 1), code); err != nil {
		t.Fatalf("code %q from the letter: %v", code, err)
	}
	if info, _ := os.Stat(letters); info.Mode().Perm() != 0o600 {
		t.Fatalf("letters file mode %v", info.Mode().Perm())
	}
}

// TestBackupCommandRefusesPostgres: on PostgreSQL the command says how to
// use pg_dump, and whether it is installed (a PATH with and without one),
// never showing the password.
func TestBackupCommandRefusesPostgres(t *testing.T) {
	bin := t.TempDir()
	t.Setenv("PATH", bin)
	_, err := cli(t, "backup", "--db", "postgres://u:secret@db/hc", "--out", "x.db")
	if err == nil || !strings.Contains(err.Error(), "pg_dump --format=custom") || !strings.Contains(err.Error(), "未找到 pg_dump") ||
		strings.Contains(err.Error(), "secret") {
		t.Fatalf("postgres backup without pg_dump: %v", err)
	}
	if err := os.WriteFile(filepath.Join(bin, "pg_dump"), []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	_, err = cli(t, "backup", "--db", "postgres://u:secret@db/hc", "--out", "x.db")
	if err == nil || !strings.Contains(err.Error(), "pg_dump --format=custom") || strings.Contains(err.Error(), "未找到") {
		t.Fatalf("postgres backup with pg_dump installed: %v", err)
	}
}

// TestImportCommandReadsExcel imports a workbook made by excelize, numbers in
// number cells and a title row above the header, and finds the names intact.
func TestImportCommandReadsExcel(t *testing.T) {
	db := newDeskDB(t)
	f := excelize.NewFile()
	rows := [][]any{
		{"2020年规模以上工业企业名录"},
		{"统一社会信用代码", "企业名称", "所属区县", "行业代码", "营业收入（万元）", "从业人员", "联系人", "联系电话"},
		{creditCode("330424", 1), "海盐“紧固件”制造有限公司", "海盐县", 34, 23456.78, 210, "赵六", 13900139000},
		{creditCode("330482", 2), "平湖光电科技（嘉兴）有限公司", 330482, "C39", 150000, 1200},
	}
	for i, r := range rows {
		cell, _ := excelize.CoordinatesToCellName(1, i+1)
		if err := f.SetSheetRow("Sheet1", cell, &r); err != nil {
			t.Fatal(err)
		}
	}
	path := filepath.Join(t.TempDir(), "名录.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	out, err := cli(t, "import", "--db", db, "--campaign", "2020", path)
	if err != nil || !strings.Contains(out, "已新增 2 家") {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]models.FirmRow{}
	for _, r := range firmsIn(t, db, 2020) {
		got[r.CreditCode] = r
	}
	a, b := got[creditCode("330424", 1)], got[creditCode("330482", 2)]
	if a.Name != "海盐“紧固件”制造有限公司" || a.Industry != "C34" || a.RevenueWan != 2345678 || a.ContactPhone != "13900139000" ||
		b.Name != "平湖光电科技（嘉兴）有限公司" || b.District != "330482" || b.Band != "10-50亿" {
		t.Fatalf("imported: %+v %+v", a, b)
	}
}
