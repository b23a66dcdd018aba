package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// firmPageData is an official's read-only view of one firm: roster facts,
// the survey's state and review, its result, every answer with question
// titles and option labels, and its history.
type firmPageData struct {
	View       *view
	Roster     rosterBody
	Entry      *app.RosterEntry
	Row        *app.FirmRow
	Contact    app.Contact // the 填报联系人 the firm gave, if any
	Report     *app.Report
	Dimensions []dimensionRow
	Indicators []indicatorRow
	FlagLabels []string
	Sections   []answerSection
	History    []app.HistoryItem
	Reviews    []reviewRow
	Open       bool // the campaign accepts answers now
	Error      *apperr.Error
	Done       string // what the last form did, for the notice
	FromChase  bool   // reached from the 催报 list: the breadcrumbs lead back there
}

type indicatorRow struct {
	Key        string
	Value      *decimal.Fixed2
	BandMedian *decimal.Fixed2
}

type answerSection struct {
	Title string
	Items []answerItem
}

// answerItem is one question as an official reads it. State is "answered",
// "invalid" (kept as the firm typed it, breaking a rule: Reason says which),
// "unanswered" (a question that applies but has no answer) or "na" (not
// asked, given the firm's other answers).
type answerItem struct {
	ID, Title, Text, State, Reason string
}

type reviewRow struct {
	Action, Actor, Reason string
	Total                 *decimal.Fixed2
	At                    time.Time
}

// actionText names review actions in Chinese.
var actionText = map[string]string{
	app.ActionApprove:    "审核通过",
	app.ActionReturn:     "退回修改",
	app.ActionFill:       "开始代填",
	app.ActionFillSubmit: "代填提交",
	app.ActionReopen:     "市经信局重新开放",
}

// enterprisePage is GET /enterprises/{credit_code}.
func (h *handler) enterprisePage(c *fiber.Ctx) error { return h.renderFirmPage(c, nil) }

// renderFirmPage shows the firm's page, with a form's error if any.
func (h *handler) renderFirmPage(c *fiber.Ctx, formErr *apperr.Error) error {
	ff, err := h.loadFirm(c)
	if err != nil {
		return err
	}
	e, def := ff.Entry, ff.View.Def
	d := firmPageData{View: ff.View, Entry: e, Row: ff.Row, Report: ff.Report, History: ff.History,
		Open: ff.View.Campaign.Open(time.Now()), Error: formErr, Done: doneText[c.Query("done")],
		FromChase: c.Query("from") == "chase",
		Roster: rosterBody{CreditCode: ff.Enterprise.CreditCode, Name: e.Name, District: e.District,
			DistrictName: h.City.DistrictName(e.District), Industry: e.Industry, IndustryName: views.IndustryName(e.Industry),
			RevenueWan: e.RevenueWan.String(), Employees: e.Employees, Band: e.Band}}
	d.Sections = answerSections(def, ff.Form)
	d.Contact = app.SurveyContact(def, ff.Form.Valid)
	actors := make([]string, len(ff.Reviews))
	for i, r := range ff.Reviews {
		actors[i] = r.Actor
	}
	names, err := h.App.Audit.AccountNames(c.UserContext(), actors)
	if err != nil {
		return err
	}
	for _, r := range ff.Reviews {
		d.Reviews = append(d.Reviews, reviewRow{Action: actionText[r.Action], Actor: names[r.Actor], Reason: r.Reason, Total: r.Total, At: r.At})
	}
	if ff.Report != nil {
		if err := h.resultRows(c, ff, &d); err != nil {
			return err
		}
	}
	return h.render(c, "enterprise", pageData{Title: e.Name, Data: d})
}

// doneText confirms what a form did; only these fixed texts are shown.
var doneText = map[string]string{
	app.ActionApprove: "已审核通过。",
	app.ActionReturn:  "已退回，企业登录后将看到退回原因并可修改后重新提交。",
}

// resultRows lays out a submitted firm's dimensions against its size band
// and the city, and its indicators against its band's medians.
func (h *handler) resultRows(c *fiber.Ctx, ff *firmFile, d *firmPageData) error {
	rep, def := ff.Report, ff.View.Def
	ctx, camp := c.UserContext(), ff.View.Campaign
	city, err := h.App.Figures.City(ctx, camp, "")
	if err != nil {
		return err
	}
	band, err := h.App.Figures.City(ctx, camp, rep.Band)
	if err != nil {
		return err
	}
	for _, dim := range def.Dimensions {
		d.Dimensions = append(d.Dimensions, dimensionRow{Key: dim.Key, Points: rep.Result.DimensionPoints[dim.Key],
			MaxPoints: dim.Points, Percent: rep.Dimensions[dim.Key], Band: rep.DimensionBands[dim.Key],
			BandMean: band.Stats.All.Dimensions[dim.Key].Mean, CityMean: city.Stats.All.Dimensions[dim.Key].Mean})
	}
	for _, ind := range def.Indicators {
		d.Indicators = append(d.Indicators, indicatorRow{Key: ind.Key, Value: rep.Indicators[ind.Key],
			BandMedian: band.Stats.IndicatorMedians[ind.Key]})
	}
	d.FlagLabels = flagLabels(def, rep.Flags)
	return nil
}

func flagLabels(def *questionnaires.Definition, codes []string) []string {
	var out []string
	for _, code := range codes {
		for _, f := range def.Flags {
			if f.Code == code {
				out = append(out, f.Label)
			}
		}
	}
	return out
}

// answerSections lists every question of the edition with the firm's answer
// as people read it; an invalid one as typed, with its reason.
func answerSections(def *questionnaires.Definition, f *app.Form) []answerSection {
	a := f.Valid
	var out []answerSection
	for i := range def.Sections {
		sec := &def.Sections[i]
		as := answerSection{Title: sec.Title}
		for j := range sec.Questions {
			q, _ := def.Question(sec.Questions[j].ID)
			it := answerItem{ID: q.ID, Title: q.Title}
			switch v, ok := a[q.ID]; {
			case ok:
				it.Text, it.State = q.Display(v), "answered"
			case f.Invalid[q.ID] != "":
				it.Text, it.State, it.Reason = q.DisplayTyped(f.Answers[q.ID]), "invalid", f.Invalid[q.ID]
			case !def.Applies(q, a):
				it.Text, it.State = "不适用", "na"
			default:
				it.Text, it.State = "未填", "unanswered"
			}
			as.Items = append(as.Items, it)
		}
		out = append(out, as)
	}
	return out
}
