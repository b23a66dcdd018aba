package survey

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"healthcheck/analysis"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

type fixed = questionnaires.Fixed2

// Report is a firm's 体检报告: the stored score, where it stands, what to do.
// Its JSON is the contract's /api/v1/results/me.
type Report struct {
	Total                fixed                        `json:"total"`
	Level                string                       `json:"level"`
	LevelCode            int                          `json:"level_code"`
	LevelDescription     string                       `json:"level_description"`
	Band                 string                       `json:"band"`
	PercentileInBand     *fixed                       `json:"percentile_in_band"`
	PercentileInIndustry *fixed                       `json:"percentile_in_industry"`
	Dimensions           map[string]fixed             `json:"dimensions"`
	DimensionBands       map[string]int               `json:"dimension_bands"`
	Indicators           map[string]*fixed            `json:"indicators"`
	Flags                []string                     `json:"flags"`
	Recommendations      []questionnaires.SceneAdvice `json:"recommendations"`
	Policies             []Policy                     `json:"policies"`
	History              []HistoryItem                `json:"history"`
	SubmittedAt          *time.Time                   `json:"submitted_at"`

	// For the page, not the API.
	Entry    *models.RosterEntry        `json:"-"`
	Campaign *models.Campaign           `json:"-"`
	Def      *questionnaires.Definition `json:"-"`
	Result   questionnaires.Result      `json:"-"`
}

// Policy is a support policy the firm may claim.
type Policy struct {
	Name       string `json:"name"`
	Condition  string `json:"condition"`
	AmountYuan int64  `json:"amount_yuan"`
	ApplyAt    string `json:"apply_at"`
}

// HistoryItem is the firm's result in one campaign.
type HistoryItem struct {
	Year       int              `json:"year"`
	Total      fixed            `json:"total"`
	Level      string           `json:"level"`
	Dimensions map[string]fixed `json:"dimensions"`
}

// Report reads the entry's stored result and computes what moves with other
// firms' submissions (percentiles).
func (s *Service) Report(ctx context.Context, scope models.Scope, entryID int64) (*Report, error) {
	e, c, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	row, err := s.Store.Result(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	var res questionnaires.Result
	if err := json.Unmarshal([]byte(row.Detail), &res); err != nil {
		return nil, fmt.Errorf("survey: result of #%d: %w", entryID, err)
	}
	rep := &Report{Total: res.Total, Level: res.Level, LevelCode: res.LevelCode, Band: res.Band,
		Dimensions: res.Dimensions, DimensionBands: res.DimensionBands, Indicators: map[string]*fixed{},
		Flags: res.Flags, Policies: []Policy{}, SubmittedAt: e.SubmittedAt,
		Entry: e, Campaign: c, Def: def, Result: res}
	rep.LevelDescription = def.Levels[res.LevelCode].Description
	for k, iv := range res.Indicators {
		rep.Indicators[k] = iv.Value
	}
	if rep.PercentileInBand, err = s.percentile(ctx, c.ID, "band", e.Band, res.Total); err != nil {
		return nil, err
	}
	if rep.PercentileInIndustry, err = s.percentile(ctx, c.ID, "industry", e.Industry, res.Total); err != nil {
		return nil, err
	}
	rep.Recommendations = def.WeakestScenes(res, 3)
	if rep.History, err = s.history(ctx, scope, e.EnterpriseID); err != nil {
		return nil, err
	}
	return rep, nil
}

func (s *Service) percentile(ctx context.Context, campaignID int64, group, value string, total fixed) (*fixed, error) {
	r, err := s.Store.RankIn(ctx, campaignID, group, value, int64(total))
	if err != nil {
		return nil, err
	}
	return analysis.PercentileRank(r.N, r.Below, r.Equal), nil
}

func (s *Service) history(ctx context.Context, scope models.Scope, enterpriseID int64) ([]HistoryItem, error) {
	past, err := s.Store.History(ctx, scope, enterpriseID)
	if err != nil {
		return nil, err
	}
	out := []HistoryItem{}
	for _, p := range past {
		var r questionnaires.Result
		if err := json.Unmarshal([]byte(p.Detail), &r); err != nil {
			return nil, fmt.Errorf("survey: result of %d: %w", p.Year, err)
		}
		out = append(out, HistoryItem{Year: p.Year, Total: r.Total, Level: r.Level, Dimensions: r.Dimensions})
	}
	return out, nil
}
