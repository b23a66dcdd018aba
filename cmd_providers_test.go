package main

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestProvidersImportAndList: check and import refuse a file with a bad row,
// naming it, and write nothing; a good file replaces the register, which
// list shows with labels and district names.
func TestProvidersImportAndList(t *testing.T) {
	db := filepath.Join(t.TempDir(), "hc.db")
	bad := writeFile(t, "bad.csv", []byte("服务商名称,服务内容,服务区县\n甲科技,诊断咨询,全市\n乙科技,区块链,海宁\n"))
	for _, verb := range []string{"check", "import"} {
		out, err := cli(t, "providers", verb, "--db", db, bad)
		if err == nil || !strings.Contains(out, "第3行 服务内容：“区块链”不是服务需求的选项") {
			t.Fatalf("%s of a bad file: %q, %v", verb, out, err)
		}
	}
	good := writeFile(t, "good.csv", []byte("服务商名称,服务内容,服务区县,是否认定\n甲科技,诊断咨询、云服务,全市,是\n乙科技,数据分析,海宁,否\n"))
	if out, err := cli(t, "providers", "import", "--db", db, good); err != nil || !strings.Contains(out, "已导入：2 家服务商") {
		t.Fatalf("import: %q, %v", out, err)
	}
	out, err := cli(t, "providers", "list", "--db", db)
	if err != nil || !strings.Contains(out, "乙科技  数据分析") || !strings.Contains(out, "海宁市") || !strings.Contains(out, "共 2 家") {
		t.Fatalf("list: %q, %v", out, err)
	}
}
