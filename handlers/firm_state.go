package handlers

import (
	"time"

	"github.com/gofiber/fiber/v2"

	"healthcheck/app"
)

// firmState is where a firm's survey stands, in the words its pages use
// (app.FirmState).
type firmState = app.FirmState

// stateOf reads the state of an entry within scope at now.
func (h *handler) stateOf(c *fiber.Ctx, scope app.Scope, e *app.RosterEntry, camp *app.Campaign, now time.Time) (firmState, error) {
	return h.App.Surveys.State(c.UserContext(), scope, e, camp, now)
}
