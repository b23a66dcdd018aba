package survey

import (
	"context"
	"time"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
)

type fixed = decimal.Fixed2

// recommendationsShown is how many ranked scenes the report lists.
const recommendationsShown = 5

// Report is a firm's 体检报告: the stored score, where it stands, what to do
// next, the support it may claim and its progress. Its JSON is the
// contract's /api/v1/results/me (fields beyond the contract's are added).
type Report struct {
	Outcome
	// Recommendations are the weakest scenes, ranked (RankScenes).
	Recommendations []questionnaires.SceneAdvice `json:"recommendations"`
	Diagnosis       *Diagnosis                   `json:"diagnosis"`
	Warnings        []questionnaires.Warning     `json:"warnings"`
	Policies        []policies.Match             `json:"policies"`
	PolicyBasis     *PolicyBasis                 `json:"policy_basis"`
	History         []HistoryItem                `json:"history"`
	// Adoptions compare each yes/no indicator with the share of the size
	// band's firms that have it.
	Adoptions []Adoption `json:"adoptions"`

	// For the page, not the API.
	Entry    *models.RosterEntry        `json:"-"`
	Campaign *models.Campaign           `json:"-"`
	Def      *questionnaires.Definition `json:"-"`
	Result   questionnaires.Result      `json:"-"`
}

// Outcome is what a submission returns: the scores stored at submission and
// where they stand among the firms submitted so far. The report adds the
// diagnosis, policies and history to it.
type Outcome struct {
	Total                fixed             `json:"total"`
	Level                string            `json:"level"`
	LevelCode            int               `json:"level_code"`
	LevelDescription     string            `json:"level_description"`
	Band                 string            `json:"band"`
	PercentileInBand     *fixed            `json:"percentile_in_band"`
	PercentileInIndustry *fixed            `json:"percentile_in_industry"`
	Dimensions           map[string]fixed  `json:"dimensions"`
	DimensionBands       map[string]int    `json:"dimension_bands"`
	Indicators           map[string]*fixed `json:"indicators"`
	Flags                []string          `json:"flags"`
	SubmittedAt          *time.Time        `json:"submitted_at"`
}

// outcome presents a stored result with its percentiles as of now.
func (s *Service) outcome(ctx context.Context, e *models.RosterEntry, def *questionnaires.Definition,
	res questionnaires.Result) (*Outcome, error) {
	o := &Outcome{Total: res.Total, Level: res.Level, LevelCode: res.LevelCode, Band: res.Band,
		LevelDescription: def.Levels[res.LevelCode].Description, Dimensions: res.Dimensions,
		DimensionBands: res.DimensionBands, Indicators: map[string]*fixed{}, Flags: res.Flags,
		SubmittedAt: e.SubmittedAt}
	for k, iv := range res.Indicators {
		o.Indicators[k] = iv.Value
	}
	inBand, inIndustry, err := s.Store.Ranks(ctx, e.CampaignID, e.Band, e.Industry, int64(res.Total))
	if err != nil {
		return nil, err
	}
	o.PercentileInBand = analysis.PercentileRank(inBand.N, inBand.Below, inBand.Equal)
	o.PercentileInIndustry = analysis.PercentileRank(inIndustry.N, inIndustry.Below, inIndustry.Equal)
	return o, nil
}

// storedResult reads an entry's stored score.
func (s *Service) storedResult(ctx context.Context, scope models.Scope, entryID int64) (questionnaires.Result, error) {
	row, err := s.Store.Result(ctx, scope, entryID)
	if err != nil {
		return questionnaires.Result{}, err
	}
	return *row.Scores, nil
}

// PolicyBasis names the year's policy file the matches come from and sums
// the estimates (lower bounds) and their upper bounds, in 元.
type PolicyBasis struct {
	Year  int    `json:"year"`
	Title string `json:"title"`
	Note  string `json:"note"`
	// TotalYuan and TotalMaxYuan sum what the firm itself may receive.
	TotalYuan    int64 `json:"total_yuan"`
	TotalMaxYuan int64 `json:"total_max_yuan"`
	// StaffYuan and StaffMaxYuan sum the subsidies its people may receive
	// (housing, living, post-doctoral), never part of the firm's total.
	StaffYuan    int64 `json:"staff_yuan"`
	StaffMaxYuan int64 `json:"staff_max_yuan"`
	// Missing is set when the campaign's year has no policy file: no policy
	// is matched, and the report says the year's policies are not yet in.
	Missing bool `json:"missing"`
}

// Report reads the entry's stored result and its answers, and computes what
// moves with other firms' submissions (percentiles, standings).
func (s *Service) Report(ctx context.Context, scope models.Scope, entryID int64) (*Report, error) {
	e, c, def, err := s.open(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	res, err := s.storedResult(ctx, scope, entryID)
	if err != nil {
		return nil, err
	}
	stored, err := s.Store.Answers(ctx, entryID)
	if err != nil {
		return nil, err
	}
	answers := def.DecodeStored(stored).Answers
	facts := questionnaires.Facts{RevenueWan: e.RevenueWan}
	o, err := s.outcome(ctx, e, def, res)
	if err != nil {
		return nil, err
	}
	rep := &Report{Outcome: *o, Warnings: []questionnaires.Warning{}, Policies: []policies.Match{},
		Entry: e, Campaign: c, Def: def, Result: res}
	pg, err := s.peers(ctx, e, c)
	if err != nil {
		return nil, err
	}
	guidance := s.Defs.Guidance(def.ID)
	rep.Diagnosis = diagnose(def, guidance, res, answers, facts, pg)
	rep.Adoptions = adoptions(def, o.Indicators, pg)
	rep.Recommendations = def.RankScenes(res, pg.bandQ3)
	if len(rep.Recommendations) > recommendationsShown {
		rep.Recommendations = rep.Recommendations[:recommendationsShown]
	}
	if rep.Recommendations == nil {
		rep.Recommendations = []questionnaires.SceneAdvice{}
	}
	if guidance != nil {
		rep.Warnings = guidance.Warnings(def, answers, facts)
	}
	rep.matchPolicies(s, def, answers, facts)
	if rep.History, err = s.history(ctx, scope, e.EnterpriseID, c.Year); err != nil {
		return nil, err
	}
	return rep, nil
}

// matchPolicies fills the policies of the campaign year's file.
func (rep *Report) matchPolicies(s *Service, def *questionnaires.Definition, a questionnaires.Answers, f questionnaires.Facts) {
	if s.Policies == nil {
		return
	}
	set := s.Policies.For(rep.Campaign.Year)
	if set == nil {
		rep.PolicyBasis = &PolicyBasis{Year: rep.Campaign.Year, Missing: true}
		return
	}
	est := set.Estimate(def, a, f, s.ApplyAt)
	rep.Policies = est.Matches
	b := &PolicyBasis{Year: set.Year, Title: set.Title, Note: set.Note, TotalYuan: est.FirmYuan,
		TotalMaxYuan: est.FirmMaxYuan, StaffYuan: est.StaffYuan, StaffMaxYuan: est.StaffMaxYuan}
	rep.PolicyBasis = b
}
