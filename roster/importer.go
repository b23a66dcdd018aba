package roster

import (
	"context"
	"fmt"

	"healthcheck/apperr"
	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/survey"
)

// Importer checks roster files against a campaign and imports them; the
// command line and the bureau's upload page share it, so both apply the same
// rules and the same all-or-nothing policy.
type Importer struct {
	Store  *models.Store
	Survey *survey.Service
	City   *city.Config
	// Limits bound each read; unset, the upload page's (UploadLimits).
	Limits Limits
}

// Rules are the campaign's: its roster rule and its questionnaire's bands.
func (im *Importer) Rules(c *models.Campaign) (Rules, error) {
	def, ok := im.Survey.Defs.Get(c.QuestionnaireID)
	if !ok {
		return Rules{}, fmt.Errorf("roster: campaign %d pins questionnaire %q, which this program lacks", c.Year, c.QuestionnaireID)
	}
	return Rules{City: im.City, MinRevenueWan: c.MinRevenueWan, BandOf: def.BandOf, Limits: im.Limits}, nil
}

// Request is one import.
type Request struct {
	Campaign *models.Campaign
	Data     []byte
	Actor    string // "user:NAME" or "cli"
	Source   string // the file's name
	// SkipInvalid imports the good rows of a file with rejected ones; without
	// it nothing is written unless every row is good.
	SkipInvalid bool
	// RevenueUnit reads the revenue in this unit whatever the header says:
	// the fix a person chose for a held file ("是否应为万元？").
	RevenueUnit string
	// Confirm imports a file whose doubts (Result.Held) a person has checked.
	Confirm bool
	// DryRun does everything an import does — the same checks, the same
	// refusals — but writes nothing; the diff says what would change.
	DryRun   bool
	UploadID int64 // the confirmed upload, consumed by the import
}

// read reads and checks the file, with the doubts that need last year's
// roster.
func (im *Importer) read(ctx context.Context, req Request) (*Result, error) {
	rules, err := im.Rules(req.Campaign)
	if err != nil {
		return nil, err
	}
	rules.RevenueUnit = req.RevenueUnit
	res, err := Read(req.Data, rules)
	if err != nil {
		return nil, err
	}
	last, err := im.Store.CampaignByYear(ctx, req.Campaign.Year-1)
	if e, ok := apperr.As(err); ok && e.Code == apperr.NotFound {
		return res, nil
	}
	if err != nil {
		return nil, err
	}
	revenues, err := im.Store.RosterRevenues(ctx, models.CityScope(), last.ID) // the bureau imports the city's roster
	if err != nil {
		return nil, err
	}
	YearOnYear(res, revenues, last.Year)
	return res, nil
}

// Check reads a file and says what importing its good rows would do,
// without writing anything: the upload page's preview, which shows the
// refusal (Refusal) beside it.
func (im *Importer) Check(ctx context.Context, req Request) (*Result, *models.RosterDiff, error) {
	res, err := im.read(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	diff, err := im.Store.PreviewRoster(ctx, req.Campaign.ID, res.Inputs())
	if err != nil {
		return nil, nil, err
	}
	return res, diff, nil
}

// Refusal is why importing res as req asks would write nothing, or nil.
func Refusal(res *Result, req Request) error {
	switch {
	case res.HeldCount > 0 && !req.Confirm:
		return apperr.New(apperr.Invalid, "名录中有 %d 处数据存疑，未导入任何数据：请按提示更正后重新导入，或核对无误后确认导入", res.HeldCount)
	case res.RejectedCount > 0 && !req.SkipInvalid:
		return apperr.New(apperr.Invalid, "名录中有 %d 行不符合要求，未导入任何数据：请修改后重新导入，或选择只导入正确的 %d 行", res.RejectedCount, len(res.Rows))
	case len(res.Rows) == 0:
		return apperr.New(apperr.Invalid, "名录中没有可导入的企业")
	}
	return nil
}

// Import reads the file again and writes its rows in one transaction (or,
// with DryRun, says what it would write). When the file is refused (held
// doubts unconfirmed, rejected rows without SkipInvalid, no rows) it writes
// nothing and returns an Invalid error, with the result so the rows can be
// listed.
func (im *Importer) Import(ctx context.Context, req Request) (*Result, *models.RosterDiff, error) {
	res, err := im.read(ctx, req)
	if err != nil {
		return nil, nil, err
	}
	if err := Refusal(res, req); err != nil {
		return res, nil, err
	}
	if req.DryRun {
		diff, err := im.Store.PreviewRoster(ctx, req.Campaign.ID, res.Inputs())
		return res, diff, err
	}
	rescore, err := im.Survey.Rescorer(req.Campaign)
	if err != nil {
		return nil, nil, err
	}
	diff, err := im.Store.ImportRoster(ctx, models.Import{Campaign: req.Campaign, Rows: res.Inputs(), Actor: req.Actor,
		Source: req.Source, Rescore: rescore, UploadID: req.UploadID})
	if err != nil {
		return res, nil, err
	}
	return res, diff, nil
}

// Describe shows a stored roster value to people: a district or industry
// code with its name.
func Describe(cfg *city.Config, field, value string) string {
	switch field {
	case "district":
		return cfg.DistrictName(value)
	case "industry":
		return value + " " + city.IndustryName(value)
	case "revenue_wan":
		return value + " 万元"
	case "employees":
		return value + " 人"
	}
	if value == "" {
		return "（空）"
	}
	return value
}
