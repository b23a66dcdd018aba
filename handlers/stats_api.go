package handlers

import (
	"github.com/gofiber/fiber/v2"

	"healthcheck/analysis"
	"healthcheck/app"
	"healthcheck/views"
)

// names resolves codes for the contract's *_name fields.
func (h *handler) names() analysis.Names {
	return analysis.Names{District: h.City.DistrictName, Industry: views.IndustryName}
}

// viewStats are the statistics of a view and, when it is one district, of
// the whole city under the same filters for comparison (the contract's city
// block). Both come from the cached snapshots every page and export share.
func (h *handler) viewStats(c *fiber.Ctx, v *view) (own, city *app.Snapshot, err error) {
	ctx := c.UserContext()
	if own, err = h.App.Figures.Of(ctx, v.Scope, v.Campaign, v.Filter()); err != nil {
		return nil, nil, err
	}
	if v.CityView() {
		return own, nil, nil
	}
	if city, err = h.App.Figures.Of(ctx, app.CityScope(), v.Campaign, v.Filter()); err != nil {
		return nil, nil, err
	}
	return own, city, nil
}

// apiStats is GET /api/v1/stats?campaign=&district=&band=&industry=.
func (h *handler) apiStats(c *fiber.Ctx) error {
	v, err := h.officialView(c)
	if err != nil {
		return err
	}
	own, city, err := h.viewStats(c, v)
	if err != nil {
		return err
	}
	body := own.Stats.JSON(h.names())
	if city != nil {
		body.City = city.Stats.CityJSON()
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	return c.JSON(body)
}
