package app

import (
	"context"
	"strconv"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
	"healthcheck/survey"
)

// campaignStore is what the bureau's campaign desk reads and changes. The
// setters write their audit line ("campaign_updated") in their own
// transaction.
type campaignStore interface {
	Campaigns(ctx context.Context) ([]Campaign, error)
	LatestCampaign(ctx context.Context) (*Campaign, error)
	CampaignByYear(ctx context.Context, year int) (*Campaign, error)
	CampaignByID(ctx context.Context, id int64) (*Campaign, error)
	CampaignProgresses(ctx context.Context) (map[int64]CampaignProgress, error)
	CampaignInUse(ctx context.Context, id int64) (bool, error)
	SetCampaignWindow(ctx context.Context, c *Campaign, w Campaign, actor string) error
	SetCampaignQuestionnaire(ctx context.Context, c *Campaign, qid, actor string) error
	SetCampaignRule(ctx context.Context, c *Campaign, minRevenue decimal.Fixed2, actor string) error
}

// campaignWriter creates campaigns with their audit line.
type campaignWriter interface {
	CreateCampaign(ctx context.Context, c *Campaign) error
	Audit(ctx context.Context, actor, action, target, detail string) error
	Atomically(ctx context.Context, fn func(ctx context.Context) error) error
}

// Campaigns is the yearly campaigns (年度体检): reading them, and the
// bureau's changes to their window, questionnaire edition and roster rule.
type Campaigns struct {
	campaignStore
	writer campaignWriter
	defs   *questionnaires.Registry
}

// Create builds a campaign from the bureau's form and stores it with its
// audit line ("campaign_created"), together.
func (c *Campaigns) Create(ctx context.Context, actor string, spec CampaignSpec) (*Campaign, error) {
	camp, err := spec.Build(c.defs)
	if err != nil {
		return nil, err
	}
	err = c.writer.Atomically(ctx, func(ctx context.Context) error {
		if err := c.writer.CreateCampaign(ctx, camp); err != nil {
			return err
		}
		return c.writer.Audit(ctx, actor, "campaign_created", strconv.Itoa(camp.Year), camp.Summary())
	})
	if err != nil {
		return nil, err
	}
	return camp, nil
}

// ParseWindow reads a campaign's window from the form's local dates, with
// the fields at fault.
var ParseWindow = survey.ParseWindow
