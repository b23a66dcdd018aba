package stats

import (
	"context"
	"time"

	"healthcheck/city"
	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/survey"
)

// ChaseFilter narrows the firms to chase; FirmFilter.Status is
// models.StatusUnsubmitted (both kinds), not_started or draft.
func ChaseFilter(f models.FirmFilter) models.FirmFilter {
	if f.Status != models.StatusNotStarted && f.Status != models.StatusDraft {
		f.Status = models.StatusUnsubmitted
	}
	return f
}

// chaseOrder puts the firms furthest from done first.
const chaseOrder = "progress"

// ToChase is one page of the campaign's firms in scope that have not
// submitted (催报), furthest from done first, and how many there are. The
// bureau's reminders page and the officials' dashboard share it.
func ToChase(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter, limit, offset int) ([]models.FirmRow, int64, error) {
	return store.Firms(ctx, scope, campaignID, ChaseFilter(f), chaseOrder, limit, offset)
}

// ChaseTable is the export of the firms to chase, for a phone round or a
// mail merge: status, progress, last activity and the roster's contacts. It
// streams, so a province's list is never held in memory.
func ChaseTable(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter, cfg *city.Config) export.Table {
	return export.Table{
		Sheet: "催报名单",
		Header: []string{"统一社会信用代码", "企业名称", "所属区县", "行业", "填报状态", "填报进度(%)", "最近保存",
			"邀请码发放时间", "联系人", "联系电话", "电子邮箱"},
		Widths:  []float64{22, 36, 10, 8, 10, 12, 18, 18, 10, 16, 24},
		Formats: []string{"", "", "", "", "", "0", "", "", "", "", ""},
		Source: func(emit func(row []any) error) error {
			return store.EachFirm(ctx, scope, campaignID, ChaseFilter(f), func(r *models.FirmRow) error {
				return emit([]any{r.CreditCode, r.Name, cfg.DistrictName(r.District), r.Industry, statusText(r.Status),
					r.Progress, localTime(r.SavedAt), localTime(r.InviteIssuedAt), r.ContactName, r.ContactPhone, r.ContactEmail})
			})
		},
	}
}

func statusText(s string) string {
	if s == models.StatusDraft {
		return "填报中"
	}
	return "未开始"
}

// localTime is a cell in China time, empty when there is none.
func localTime(t *time.Time) any {
	if t == nil {
		return nil
	}
	return survey.Local(*t).Format("2006-01-02 15:04")
}
