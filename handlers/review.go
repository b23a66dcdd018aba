package handlers

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
	"healthcheck/apperr"
)

// reviewRequest is a review decision (县区初审): approve, or return with a
// reason the firm will read.
type reviewRequest struct {
	Action string `json:"action" form:"action"`
	Reason string `json:"reason" form:"reason"`
}

// review applies a decision to the firm in the path, within the caller's
// scope, and returns the entry as it is afterwards.
func (h *handler) review(c *fiber.Ctx, req reviewRequest) (*app.RosterEntry, *view, error) {
	v, err := h.officialView(c)
	if err != nil {
		return nil, nil, err
	}
	e, err := h.entryOf(c, v)
	if err != nil {
		return nil, nil, err
	}
	after, err := h.App.Reviews.Decide(c.UserContext(), &who(c).Identity, e.ID, req.Action, req.Reason)
	return after, v, err
}

// apiReview is POST /api/v1/enterprises/{credit_code}/review.
func (h *handler) apiReview(c *fiber.Ctx) error {
	var req reviewRequest
	if err := decodeJSON(c, &req); err != nil {
		return err
	}
	e, _, err := h.review(c, req)
	if err != nil {
		return err
	}
	return c.JSON(fiber.Map{"status": e.Status, "review": reviewBody{Status: e.ReviewStatus, Reason: e.ReviewReason}})
}

// reviewSubmit is the review form on the firm's page.
func (h *handler) reviewSubmit(c *fiber.Ctx) error {
	var req reviewRequest
	if err := c.BodyParser(&req); err != nil {
		return apperr.BadRequest("表单无效")
	}
	_, v, err := h.review(c, req)
	if err != nil {
		return h.firmPageAgain(c, err)
	}
	return c.Redirect(firmPath(c, v)+"&done="+url.QueryEscape(req.Action), fiber.StatusSeeOther)
}

// firmPath is the firm's page in the view's campaign.
func firmPath(c *fiber.Ctx, v *view) string {
	return "/enterprises/" + url.PathEscape(strings.ToUpper(c.Params("credit_code"))) + "?campaign=" + strconv.Itoa(v.Campaign.Year)
}

// firmPageAgain shows the firm's page with what was wrong with a form, or
// passes on errors that are not the form's (not found, internal).
func (h *handler) firmPageAgain(c *fiber.Ctx, err error) error {
	e, ok := apperr.As(err)
	if !ok || e.Code == apperr.Internal || e.Code == apperr.NotFound || e.Code == apperr.Forbidden {
		return err
	}
	c.Status(statusOf[e.Code])
	return h.renderFirmPage(c, e)
}
