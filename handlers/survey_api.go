package handlers

import (
	"encoding/json"
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/questionnaires"
	"healthcheck/views"
)

// surveyBody is GET /api/v1/survey.
type surveyBody struct {
	Campaign      campaignBody               `json:"campaign"`
	Status        string                     `json:"status"`
	Review        reviewBody                 `json:"review"`
	Version       int                        `json:"version"`
	SavedAt       *time.Time                 `json:"saved_at"`
	Answers       map[string]json.RawMessage `json:"answers"`
	Invalid       questionnaires.FieldErrors `json:"invalid"` // saved answers that break a rule, with the reason
	Roster        rosterBody                 `json:"roster"`
	Questionnaire json.RawMessage            `json:"questionnaire"`
}

type campaignBody struct {
	Year     int       `json:"year"`
	Title    string    `json:"title"`
	OpensAt  time.Time `json:"opens_at"`
	ClosesAt time.Time `json:"closes_at"`
	Open     bool      `json:"open"`
}

type reviewBody struct {
	Status string `json:"status"`
	Reason string `json:"reason"`
}

// rosterBody is what the roster says about the firm, shown beside its answers.
type rosterBody struct {
	CreditCode   string `json:"credit_code"`
	Name         string `json:"name"`
	District     string `json:"district"`
	DistrictName string `json:"district_name"`
	Industry     string `json:"industry"`
	IndustryName string `json:"industry_name"`
	RevenueWan   string `json:"revenue_wan"`
	Employees    int    `json:"employees"`
	Band         string `json:"band"`
}

func (h *handler) apiSurvey(c *fiber.Ctx) error {
	_, body, err := h.loadSurvey(c)
	if err != nil {
		return err
	}
	return c.JSON(body)
}

// loadSurvey loads the caller's survey and its contract body.
func (h *handler) loadSurvey(c *fiber.Ctx) (*app.Form, *surveyBody, error) {
	p := who(c)
	return h.surveyOf(c, p.scope(), p.EntryID)
}

// surveyOf loads an entry's survey within scope: the firm's own, or one an
// official fills in for.
func (h *handler) surveyOf(c *fiber.Ctx, scope app.Scope, entryID int64) (*app.Form, *surveyBody, error) {
	sh, err := h.App.Surveys.Load(c.UserContext(), scope, entryID)
	if err != nil {
		return nil, nil, err
	}
	f, ent, e := sh.Form, sh.Enterprise, sh.Entry
	return f, &surveyBody{
		Campaign: campaignBody{Year: f.Campaign.Year, Title: f.Campaign.Title, OpensAt: f.Campaign.OpensAt,
			ClosesAt: f.Campaign.ClosesAt, Open: f.Campaign.Open(time.Now())},
		Status:  e.Status,
		Review:  reviewBody{Status: e.ReviewStatus, Reason: e.ReviewReason},
		Version: e.Version, SavedAt: e.SavedAt, Answers: f.Answers, Invalid: f.Invalid,
		Roster: rosterBody{CreditCode: ent.CreditCode, Name: e.Name, District: e.District,
			DistrictName: h.City.DistrictName(e.District), Industry: e.Industry,
			IndustryName: views.IndustryName(e.Industry), RevenueWan: e.RevenueWan.String(),
			Employees: e.Employees, Band: e.Band},
		Questionnaire: h.views.QuestionnaireJSON(f.Def),
	}, nil
}

type saveRequest struct {
	Answers map[string]json.RawMessage `json:"answers"`
	Version *int                       `json:"version"`
}

// requireVersion insists on the version a save or submit is based on.
func requireVersion(v *int) error {
	if v == nil {
		return apperr.WithFields("缺少版本号", map[string]string{"version": "必填"})
	}
	return nil
}

// decodeSave reads a save of answers: the firm's own or an official's (代填).
// Each answer stays raw JSON for the questionnaire's parser, which checks it
// (UTF-8 included) and names the question at fault.
func decodeSave(c *fiber.Ctx) (*saveRequest, error) {
	var req saveRequest
	if err := decodeJSONBytes(c, &req); err != nil {
		return nil, err
	}
	if err := requireVersion(req.Version); err != nil {
		return nil, err
	}
	if req.Answers == nil {
		req.Answers = map[string]json.RawMessage{}
	}
	return &req, nil
}

// decodeSubmit reads a submission: the firm's own or an official's (代填).
func decodeSubmit(c *fiber.Ctx) (*submitRequest, error) {
	var req submitRequest
	if err := decodeJSON(c, &req); err != nil {
		return nil, err
	}
	if err := requireVersion(req.Version); err != nil {
		return nil, err
	}
	return &req, nil
}

func (h *handler) apiSaveAnswers(c *fiber.Ctx) error {
	req, err := decodeSave(c)
	if err != nil {
		return err
	}
	p := who(c)
	saved, err := h.App.Surveys.Save(c.UserContext(), p.scope(), p.EntryID, *req.Version, req.Answers)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

type submitRequest struct {
	Version *int `json:"version"`
	Pledge  bool `json:"pledge"`
}

func (h *handler) apiSubmit(c *fiber.Ctx) error {
	req, err := decodeSubmit(c)
	if err != nil {
		return err
	}
	p := who(c)
	rep, err := h.App.Surveys.Submit(c.UserContext(), p.scope(), p.EntryID, *req.Version, req.Pledge)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

func (h *handler) apiResultsMe(c *fiber.Ctx) error {
	p := who(c)
	rep, err := h.App.Surveys.Report(c.UserContext(), p.scope(), p.EntryID)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

type correctionRequest struct {
	Field     string `json:"field"`
	Requested string `json:"requested"`
	Note      string `json:"note"`
}

// apiRequestCorrection lets a firm ask the bureau to correct its roster facts.
func (h *handler) apiRequestCorrection(c *fiber.Ctx) error {
	var req correctionRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	p := who(c)
	corr, err := h.App.Surveys.RequestCorrection(c.UserContext(), p.scope(), p.EntryID, req.Field, req.Requested, req.Note)
	if err != nil {
		return err
	}
	return c.Status(fiber.StatusCreated).JSON(fiber.Map{"id": corr.ID, "status": corr.Status})
}
