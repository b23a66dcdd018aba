package survey

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
	"time"

	"healthcheck/apperr"
	"healthcheck/clock"
	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// CampaignSpec is a new campaign as the bureau gives it, on the command line
// or in the campaigns page: dates are YYYY-MM-DD in China time and the close
// date is included.
type CampaignSpec struct {
	Year            string
	QuestionnaireID string // "" for the newest edition
	Opens, Closes   string // "" for 1 March and 30 June of the year
	MinRevenueWan   string // "" for 10000 (1亿元)
}

// Build checks the settings and returns the campaign to create, or an
// Invalid error naming each wrong field (year, questionnaire, opens, closes,
// min_revenue_wan).
func (sp CampaignSpec) Build(defs *questionnaires.Registry) (*models.Campaign, error) {
	fields := map[string]string{}
	year, err := strconv.Atoi(strings.TrimSpace(sp.Year))
	if err != nil || year < 2000 || year > 2100 {
		fields["year"] = "请填写 2000–2100 之间的年份，如 2021"
	}
	qid := sp.QuestionnaireID
	if qid == "" {
		qid = defs.Latest().ID
	}
	if _, ok := defs.Get(qid); !ok {
		fields["questionnaire"] = fmt.Sprintf("没有问卷版本“%s”（可选：%s）", qid, strings.Join(defs.IDs(), "、"))
	}
	opens, closes := sp.Opens, sp.Closes
	if opens == "" {
		opens = fmt.Sprintf("%d-03-01", year)
	}
	if closes == "" {
		closes = fmt.Sprintf("%d-06-30", year)
	}
	var from, to time.Time
	if _, badYear := fields["year"]; !badYear || (sp.Opens != "" && sp.Closes != "") {
		var werr map[string]string
		if badYear {
			year = 0 // the window is checked without a year to be near
		}
		from, to, werr = ParseWindow(year, opens, closes)
		maps.Copy(fields, werr)
	}
	minRev := sp.MinRevenueWan
	if minRev == "" {
		minRev = "10000"
	}
	rev, err := decimal.ParseFixed2(strings.TrimSpace(minRev))
	if err != nil || rev < 0 {
		fields["min_revenue_wan"] = "请填写不小于 0 的金额（万元，最多两位小数），如 10000"
	}
	if len(fields) > 0 {
		return nil, apperr.WithFields("年度体检设置不正确", fields)
	}
	return &models.Campaign{Year: year, Title: fmt.Sprintf("%d年度制造业数字化转型集体体检", year),
		QuestionnaireID: qid, OpensAt: from, ClosesAt: to, MinRevenueWan: rev}, nil
}

// ParseWindow reads a window's first and last day (YYYY-MM-DD, China time)
// as the instants [opens, closes): closes is the midnight after the last day.
// Problems are returned by field (opens, closes). Both days must fall within
// the campaign's year or the years beside it (a survey of 2020 may run into
// 2021), so a typing slip such as 9999-12-31 cannot keep a campaign open
// for ever; a year of 0 (not known yet) skips that check.
func ParseWindow(year int, opens, closes string) (time.Time, time.Time, map[string]string) {
	fields := map[string]string{}
	from, err := clock.DayStart(strings.TrimSpace(opens))
	if err != nil {
		fields["opens"] = "请填写日期，格式如 2021-03-01"
	}
	to, err := clock.DayStart(strings.TrimSpace(closes))
	if err != nil {
		fields["closes"] = "请填写日期，格式如 2021-06-30"
	}
	for field, day := range map[string]time.Time{"opens": from, "closes": to} {
		if _, bad := fields[field]; !bad && year > 0 && (day.Year() < year-1 || day.Year() > year+1) {
			fields[field] = fmt.Sprintf("日期须在 %d 至 %d 年之间（年度体检为 %d 年度）", year-1, year+1, year)
		}
	}
	to = to.AddDate(0, 0, 1)
	if len(fields) == 0 && !to.After(from) {
		fields["closes"] = "截止日期不能早于开始日期"
	}
	if len(fields) > 0 {
		return time.Time{}, time.Time{}, fields
	}
	return from, to, nil
}
