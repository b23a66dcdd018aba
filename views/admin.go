package views

// AuditAction is an action of the audit log and its Chinese name.
type AuditAction struct{ Code, Label string }

// AuditActions are the actions the log records, in the order the audit
// page offers them as a filter.
var AuditActions = []AuditAction{
	{"login", "登录"},
	{"login_failed", "登录失败"},
	{"survey_submitted", "提交问卷"},
	{"campaign_created", "创建年度体检"},
	{"campaign_updated", "修改年度体检"},
	{"roster_imported", "导入名录"},
	{"invites_issued", "生成邀请码"},
	{"survey_reopened", "重新开放问卷"},
	{"correction_requested", "企业申请更正"},
	{"correction_accepted", "接受更正"},
	{"correction_refused", "拒绝更正"},
	{"export", "导出数据"},
	{"backup", "备份数据库"},
	{"user_added", "新增账号"},
}

// AuditText is the Chinese name of an action, the code itself when unknown.
func AuditText(code string) string {
	for _, a := range AuditActions {
		if a.Code == code {
			return a.Label
		}
	}
	return code
}
