package handlers

import (
	"net/http"
	"testing"
)

// TestProvidersPageImportsTheRegister: the bureau uploads a register and
// sees it listed by kind and district names; a file with a bad row is
// refused with the row named and the register kept as it was.
func TestProvidersPageImportsTheRegister(t *testing.T) {
	env := newTestEnv(t)
	cl := env.bureauClient()
	mustContain(t, cl.do("GET", "/admin/providers", "", nil), "服务商名录", "尚未导入服务商名录", "诊断咨询、工业软件")

	good := "服务商名称,服务内容,服务区县,是否认定\n嘉兴智造科技有限公司,诊断咨询、工业软件,全市,是\n海宁云网有限公司,云服务,海宁市 桐乡市,否\n"
	r := cl.upload("/admin/providers", "/admin/providers", "名录.csv", []byte(good))
	mustStatus(t, r, http.StatusSeeOther)
	mustContain(t, cl.do("GET", "/admin/providers?ok=imported", "", nil), "已导入", "现有名录（2 家）",
		"<th scope=\"row\">海宁云网有限公司</th><td>云服务</td><td>海宁市、桐乡市</td><td>否</td>",
		"<td>诊断咨询、工业软件</td><td>全市</td><td>是</td>")

	bad := "服务商名称,服务内容,服务区县\n<b>新公司</b>,区块链,全市\n"
	r = cl.upload("/admin/providers", "/admin/providers", "坏名录.csv", []byte(bad))
	mustStatus(t, r, http.StatusUnprocessableEntity)
	mustContain(t, r, "坏名录.csv：文件中有不合格的行，未导入任何服务商", "第2行 服务内容：“区块链”不是服务需求的选项", "现有名录（2 家）")
}
