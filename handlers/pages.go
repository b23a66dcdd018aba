package handlers

import (
	"bytes"
	"encoding/json"
	"html/template"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/clock"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// pageData is what a handler passes to render; the layout's common fields
// (user, CSRF token) are filled in by render.
type pageData struct {
	Title string
	Data  any
}

// render writes a page with the session's user and the CSRF token.
func (h *handler) render(c *fiber.Ctx, name string, pd pageData) error {
	p := views.Page{Title: pd.Title, Data: pd.Data}
	if pr := who(c); pr != nil {
		p.User, p.Role, p.Logout, p.Account = pr.Name, pr.Role, pr.LogoutToken, pr.Username
	}
	if tok, ok := c.Locals(csrfKey).(string); ok {
		p.CSRF = tok
	}
	var buf bytes.Buffer
	if err := h.views.Render(&buf, name, p); err != nil {
		return err
	}
	c.Type("html", "utf-8")
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.Send(buf.Bytes())
}

// surveyPageData is the survey page: the roster facts and the pre-rendered form.
type surveyPageData struct {
	*surveyBody
	Form        template.HTML
	State       template.JS
	ClosesOn    string
	SavedAtText string
	SubmittedAt *time.Time
	Fill        *fillInfo // an official filling in for the firm (代填), or nil
	Firm        firmState // window and withdrawal, for the notices
}

// pageState is what survey.js starts from.
type pageState struct {
	Entry    int64                      `json:"entry"`
	Version  int                        `json:"version"`
	Status   string                     `json:"status"`
	ReadOnly bool                       `json:"readonly"`
	Answers  map[string]json.RawMessage `json:"answers"`
	Invalid  questionnaires.FieldErrors `json:"invalid"` // saved answers that break a rule: marked at load
	URLs     *surveyURLs                `json:"urls,omitempty"`
}

// surveyURLs are where survey.js saves, submits and goes afterwards when
// they are not the firm's own (/api/v1/survey/…, /report).
type surveyURLs struct {
	Save   string `json:"save"`
	Submit string `json:"submit"`
	Done   string `json:"done"`
}

// surveyPage is GET /survey.
func (h *handler) surveyPage(c *fiber.Ctx) error {
	f, body, err := h.loadSurvey(c)
	if err != nil {
		return err
	}
	return h.renderSurvey(c, f, body, nil)
}

// renderSurvey shows the questionnaire with the saved answers, for the firm
// or, with fill set, for an official filling in for it.
func (h *handler) renderSurvey(c *fiber.Ctx, f *app.Form, body *surveyBody, fill *fillInfo) error {
	form, err := h.views.SurveyForm(f.Def)
	if err != nil {
		return err
	}
	st := pageState{Entry: f.Entry.ID, Version: f.Entry.Version, Status: f.Entry.Status, Answers: f.Answers,
		Invalid:  f.Invalid,
		ReadOnly: f.Entry.Status == "submitted" || !f.Campaign.Open(time.Now())}
	title := "问卷填报"
	if fill != nil {
		st.URLs, title = &fill.URLs, "代填问卷"
	}
	// json.Marshal escapes <, > and &, so the state cannot close its script tag.
	state, err := json.Marshal(st)
	if err != nil {
		return err
	}
	fs, err := h.stateOf(c, who(c).scope(), f.Entry, f.Campaign, time.Now())
	if err != nil {
		return err
	}
	data := surveyPageData{surveyBody: body, Form: form, State: template.JS(state), Firm: fs,
		ClosesOn: clock.Date(f.Campaign.ClosesAt.Add(-time.Second)), SubmittedAt: f.Entry.SubmittedAt, Fill: fill}
	if f.Entry.SavedAt != nil {
		data.SavedAtText = clock.Local(*f.Entry.SavedAt).Format("15:04")
	}
	return h.render(c, "survey", pageData{Title: title, Data: data})
}
