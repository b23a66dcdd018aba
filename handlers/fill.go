package handlers

import (
	"net/url"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// fillInfo marks the survey page as an official filling in for a firm (代填).
type fillInfo struct {
	Actor, Reason, Back string
	URLs                surveyURLs
}

// fillTarget is the firm in the path and the reason the caller gave when
// starting to fill in for it; without one, saving for the firm is refused.
func (h *handler) fillTarget(c *fiber.Ctx) (*app.RosterEntry, *view, string, error) {
	e, v, err := h.fillEntry(c)
	if err != nil {
		return nil, nil, "", err
	}
	reason, err := h.App.Reviews.FillReason(c.UserContext(), &who(c).Identity, e.ID)
	if err != nil {
		return nil, nil, "", err
	}
	return e, v, reason, nil
}

type fillStartForm struct {
	Reason string `form:"reason"`
}

// fillStart is POST /enterprises/{credit_code}/fill: the official says why
// they fill in for the firm, which is recorded, then gets the form.
func (h *handler) fillStart(c *fiber.Ctx) error {
	var f fillStartForm
	if err := c.BodyParser(&f); err != nil {
		return apperr.BadRequest("表单无效")
	}
	v, err := h.officialView(c)
	if err != nil {
		return err
	}
	e, err := h.entryOf(c, v)
	if err != nil {
		return err
	}
	if err := h.App.Reviews.StartFill(c.UserContext(), &who(c).Identity, e.ID, f.Reason); err != nil {
		return h.firmPageAgain(c, err)
	}
	return c.Redirect(fillPath(c, v), fiber.StatusSeeOther)
}

func fillPath(c *fiber.Ctx, v *view) string {
	base, query, _ := strings.Cut(firmPath(c, v), "?")
	return base + "/fill?" + query
}

// fillPage is GET /enterprises/{credit_code}/fill: the questionnaire, saved
// and submitted through the official's API and marked as 代填.
func (h *handler) fillPage(c *fiber.Ctx) error {
	e, v, reason, err := h.fillTarget(c)
	if err != nil {
		return err
	}
	if e.Status == app.StatusSubmitted {
		return c.Redirect(firmPath(c, v), fiber.StatusSeeOther)
	}
	f, body, err := h.surveyOf(c, who(c).scope(), e.ID)
	if err != nil {
		return err
	}
	api := "/api/v1/enterprises/" + url.PathEscape(body.Roster.CreditCode)
	back := firmPath(c, v)
	return h.renderSurvey(c, f, body, &fillInfo{Actor: who(c).Name, Reason: reason, Back: back,
		URLs: surveyURLs{Save: api + "/answers", Submit: api + "/submit", Done: back}})
}

// apiFillAnswers is PUT /api/v1/enterprises/{credit_code}/answers: a save
// by an official for the firm, recorded on the entry as filled by them.
func (h *handler) apiFillAnswers(c *fiber.Ctx) error {
	req, err := decodeSave(c)
	if err != nil {
		return err
	}
	e, _, err := h.fillEntry(c)
	if err != nil {
		return err
	}
	saved, err := h.App.Reviews.FillSave(c.UserContext(), &who(c).Identity, e.ID, *req.Version, req.Answers)
	if err != nil {
		return err
	}
	return c.JSON(saved)
}

// apiFillSubmit is POST /api/v1/enterprises/{credit_code}/submit: an
// official submits for the firm; the submission is recorded with the reason.
func (h *handler) apiFillSubmit(c *fiber.Ctx) error {
	req, err := decodeSubmit(c)
	if err != nil {
		return err
	}
	e, _, err := h.fillEntry(c)
	if err != nil {
		return err
	}
	rep, err := h.App.Reviews.FillSubmit(c.UserContext(), &who(c).Identity, e.ID, *req.Version, req.Pledge)
	if err != nil {
		return err
	}
	return c.JSON(rep)
}

// fillEntry is the firm in the path of a 代填 call, within the caller's
// scope.
func (h *handler) fillEntry(c *fiber.Ctx) (*app.RosterEntry, *view, error) {
	v, err := h.officialView(c)
	if err != nil {
		return nil, nil, err
	}
	e, err := h.entryOf(c, v)
	return e, v, err
}
