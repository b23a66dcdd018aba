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
}

// Rules are the campaign's: its roster rule and its questionnaire's bands.
func (im *Importer) Rules(c *models.Campaign) (Rules, error) {
	def, ok := im.Survey.Defs.Get(c.QuestionnaireID)
	if !ok {
		return Rules{}, fmt.Errorf("roster: campaign %d pins questionnaire %q, which this program lacks", c.Year, c.QuestionnaireID)
	}
	return Rules{City: im.City, MinRevenueWan: c.MinRevenueWan, BandOf: def.BandOf}, nil
}

// Check reads a file and says what importing its good rows would do,
// without writing anything.
func (im *Importer) Check(ctx context.Context, c *models.Campaign, data []byte) (*Result, *models.RosterDiff, error) {
	rules, err := im.Rules(c)
	if err != nil {
		return nil, nil, err
	}
	res, err := Read(data, rules)
	if err != nil {
		return nil, nil, err
	}
	diff, err := im.Store.PreviewRoster(ctx, c.ID, res.Inputs())
	if err != nil {
		return nil, nil, err
	}
	return res, diff, nil
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
	UploadID    int64 // the confirmed upload, consumed by the import
}

// Import reads the file again and writes its rows in one transaction. With
// rejected rows and without SkipInvalid it writes nothing and returns an
// Invalid error, with the result so the rows can be listed.
func (im *Importer) Import(ctx context.Context, req Request) (*Result, *models.RosterDiff, error) {
	rules, err := im.Rules(req.Campaign)
	if err != nil {
		return nil, nil, err
	}
	res, err := Read(req.Data, rules)
	if err != nil {
		return nil, nil, err
	}
	if len(res.Rejected) > 0 && !req.SkipInvalid {
		return res, nil, apperr.New(apperr.Invalid, "名录中有 %d 行不符合要求，未导入任何数据：请修改后重新导入，或选择只导入正确的 %d 行", len(res.Rejected), len(res.Rows))
	}
	if len(res.Rows) == 0 {
		return res, nil, apperr.New(apperr.Invalid, "名录中没有可导入的企业")
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
