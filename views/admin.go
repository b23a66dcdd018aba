package views

// AuditAction is an action of the audit log and its Chinese name.
type AuditAction struct{ Code, Label string }

// AuditActions are the actions the log records, in the order the audit
// page offers them as a filter.
var AuditActions = []AuditAction{
	{"login", "登录"},
	{"login_failed", "登录失败"},
	{"login_unlock", "解除登录锁定"},
	{"survey_submitted", "提交问卷"},
	{"review_approve", "初审通过"},
	{"review_return", "退回修改"},
	{"review_fill", "开始代填"},
	{"review_fill_submit", "代填并提交"},
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
	{"user_disabled", "停用账号"},
	{"user_enabled", "启用账号"},
	{"password_reset", "重置密码"},
	{"report_started", "生成年度报告"},
	{"report", "生成年度报告（命令行）"},
	{"policies_added", "录入扶持政策"},
	{"policies_replaced", "替换扶持政策"},
	{"reference_added", "录入参考数据"},
	{"reference_replaced", "替换参考数据"},
	{"questionnaire_added", "新增问卷版本"},
	{"questionnaire_replaced", "替换问卷版本"},
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
