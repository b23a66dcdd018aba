package app

import (
	"context"
	"net/url"
	"strconv"
	"strings"

	"healthcheck/city"
	"healthcheck/models"
)

// AuditLine is one line of the audit log as an official reads it: the
// account by name, the object as a person names it (the firm, the campaign's
// year, the account), and the detail in words where it was stored as keys.
// The stored line keeps its keys; the words are looked up when it is read,
// so old lines read as well as new ones.
type AuditLine struct {
	AuditEntry
	Account string // who: the office and login name, the firm's name, or the command line
	Object  string // what the action was on, "" when nothing
	Words   string // the detail in words
}

// auditNamer is what naming a page of the log needs of the store.
type auditNamer interface {
	AuditNames(ctx context.Context, refs models.AuditRefs) (*models.AuditNames, error)
}

// The kinds of object an action names in its target.
const (
	objNone = iota
	objYear
	objFirm
	objEntry
	objAccount
	objExport
)

// objectKind is what an action's target names. Actions not listed keep the
// target as stored (a file path, a questionnaire edition's id).
func objectKind(action string) int {
	switch {
	case strings.HasPrefix(action, "review_"):
		return objEntry
	case strings.HasPrefix(action, "login"):
		return objAccount
	case strings.HasPrefix(action, "policies_"), strings.HasPrefix(action, "reference_"):
		return objYear
	}
	switch action {
	case "campaign_created", "campaign_updated", "roster_imported", "invites_issued", "report_started", "report":
		return objYear
	case "survey_submitted", "survey_reopened", "correction_requested", "correction_accepted", "correction_refused":
		return objFirm
	case "user_added", "user_enabled", "user_disabled", "password_reset":
		return objAccount
	case "export":
		return objExport
	}
	return objNone
}

// account splits a stored actor or account ("user:NAME", "firm:CODE", a bare
// login name as reviews and exports store it, "cli") into its kind and key.
func account(s string) (kind, key string) {
	switch {
	case s == "" || s == "cli":
		return s, ""
	case strings.HasPrefix(s, "firm:"):
		return "firm", strings.TrimPrefix(s, "firm:")
	}
	return "user", strings.TrimPrefix(s, "user:")
}

// auditRefs collects the keys a page of the log names.
func auditRefs(entries []AuditEntry) models.AuditRefs {
	var refs models.AuditRefs
	addAccount := func(s string) {
		switch kind, key := account(s); kind {
		case "firm":
			refs.CreditCodes = append(refs.CreditCodes, key)
		case "user":
			refs.Usernames = append(refs.Usernames, key)
		}
	}
	for _, e := range entries {
		addAccount(e.Actor)
		switch objectKind(e.Action) {
		case objFirm:
			refs.CreditCodes = append(refs.CreditCodes, e.Target)
		case objAccount:
			addAccount(e.Target)
		case objEntry:
			if id, ok := entryRef(e.Target); ok {
				refs.EntryIDs = append(refs.EntryIDs, id)
			}
		}
	}
	return refs
}

// entryRef reads a review's target, "entry:ID".
func entryRef(target string) (int64, bool) {
	id, err := strconv.ParseInt(strings.TrimPrefix(target, "entry:"), 10, 64)
	return id, err == nil && strings.HasPrefix(target, "entry:")
}

// auditWords turns stored lines into lines people read.
type auditWords struct {
	city  *city.Config
	names *models.AuditNames
}

func (w auditWords) line(e AuditEntry) AuditLine {
	l := AuditLine{AuditEntry: e, Account: w.account(e.Actor), Object: e.Target, Words: e.Detail}
	switch objectKind(e.Action) {
	case objYear:
		l.Object = yearWords(e.Target)
	case objFirm:
		l.Object = w.firm(e.Target)
	case objEntry:
		l.Object = w.entry(e.Target)
	case objAccount:
		if e.Target != "" {
			l.Object = w.account(e.Target)
		}
	case objExport:
		l.Object, l.Words = w.export(e.Target, e.Detail)
	}
	switch {
	case e.Action == "user_added":
		l.Words = w.newAccount(e.Detail)
	case (e.Action == "login" || e.Action == "login_failed") && e.Detail != "":
		l.Words = "来自 " + e.Detail // the address the attempt came from
	}
	return l
}

// account names an actor: the office and login name of an official, the
// firm's name, or the command line on the server.
func (w auditWords) account(s string) string {
	kind, key := account(s)
	switch kind {
	case "":
		return "—"
	case "cli":
		return "服务器命令行"
	case "firm":
		return w.firm(key)
	}
	if a, ok := w.names.Accounts[key]; ok {
		return officeName(w.city, a.Role, a.District) + " · " + key
	}
	return "账号 " + key + "（不存在）"
}

func (w auditWords) firm(code string) string {
	if name, ok := w.names.Firms[code]; ok {
		return name
	}
	return "企业 " + code
}

func (w auditWords) entry(target string) string {
	id, ok := entryRef(target)
	if e, found := w.names.Entries[id]; ok && found {
		return e.Name + "（" + strconv.Itoa(e.Year) + " 年度）"
	}
	return target
}

func yearWords(target string) string {
	if _, err := strconv.Atoi(target); err == nil {
		return target + " 年度"
	}
	return target
}

// exportNames are the downloads an export line's target names.
var exportNames = map[string]string{
	"/dashboard/export.xlsx":   "总览数据（Excel）",
	"/dashboard/chase.xlsx":    "待催报企业（Excel）",
	"/enterprises.xlsx":        "企业名单（Excel）",
	"/api/v1/reports/download": "年度报告",
}

// export names what was taken out and of which view. A 催报 export stores
// its year as the target and its words as the detail already.
func (w auditWords) export(target, detail string) (object, words string) {
	if name, ok := exportNames[target]; ok {
		return name, w.viewWords(detail)
	}
	if _, err := strconv.Atoi(target); err == nil {
		return target + " 年度" + detail, ""
	}
	return target, detail
}

// viewWords reads an export's view (campaign=2020&district=330481&band=…).
func (w auditWords) viewWords(detail string) string {
	q, err := url.ParseQuery(detail)
	if err != nil {
		return detail
	}
	var parts []string
	if y := q.Get("campaign"); y != "" {
		parts = append(parts, y+" 年度")
	}
	if d := q.Get("district"); d != "" {
		parts = append(parts, w.city.DistrictName(d))
	} else {
		parts = append(parts, "全市")
	}
	if b := q.Get("band"); b != "" {
		parts = append(parts, "规模 "+b)
	}
	if i := q.Get("industry"); i != "" {
		parts = append(parts, city.IndustryName(i))
	}
	return strings.Join(parts, " · ")
}

// newAccount reads a user_added detail, "ROLE DISTRICT".
func (w auditWords) newAccount(detail string) string {
	role, district, _ := strings.Cut(detail, " ")
	switch role {
	case RoleBureau:
		return "市经信局账号"
	case RoleDistrict:
		return "区县账号：" + w.city.DistrictName(district)
	}
	return detail
}
