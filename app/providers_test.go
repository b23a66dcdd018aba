package app

import (
	"strings"
	"testing"
)

const registerCSV = "服务商名称,服务内容,服务区县,是否认定\n" +
	"嘉兴智造科技有限公司,诊断咨询、工业软件,全市,是\n" +
	"海宁云网服务有限公司,云服务,海宁市,否\n"

// An imported register replaces the old one whole, with its audit line; a
// file with a rejected row, or whose audit line cannot be written, leaves
// the register as it was.
func TestProviderImportIsAllOrNothing(t *testing.T) {
	f := newFixture(t)
	p := f.app.Providers
	res, ok, err := p.Upload(f.ctx, "user:bureau", "名录.csv", []byte(registerCSV))
	must(t, err)
	if !ok || len(res.Providers) != 2 {
		t.Fatalf("imported %v, %d providers", ok, len(res.Providers))
	}
	list, err := p.List(f.ctx)
	must(t, err)
	if len(list) != 2 || list[1].Name != "海宁云网服务有限公司" || list[1].Districts[0] != "330481" || !list[0].Certified {
		t.Fatalf("register %+v", list)
	}
	if lines := f.auditLines("providers_import"); len(lines) != 1 || lines[0].Actor != "user:bureau" ||
		!strings.Contains(lines[0].Detail, "2 家服务商") {
		t.Fatalf("audit %+v", lines)
	}

	bad := registerCSV + "平湖数联有限公司,区块链,平湖市,否\n"
	res, ok, err = p.Upload(f.ctx, "user:bureau", "名录.csv", []byte(bad))
	must(t, err)
	if ok || res.RejectedCount != 1 || !strings.HasPrefix(res.Rejected[0].String(), "第4行 服务内容") {
		t.Fatalf("a bad row: imported %v, rejected %+v", ok, res.Rejected)
	}
	f.breakAudit()
	if _, _, err := p.Upload(f.ctx, "user:bureau", "新名录.csv", []byte("服务商名称,服务内容,服务区县\n甲,云服务,全市\n")); err == nil {
		t.Fatal("an import whose audit line fails went through")
	}
	list, err = p.List(f.ctx)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("the register changed without its import: %+v", list)
	}
}
