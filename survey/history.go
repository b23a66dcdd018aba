package survey

import (
	"context"
	"fmt"
	"math"
	"strings"

	"healthcheck/models"
	"healthcheck/questionnaires"
)

// HistoryItem is the firm's result in one campaign, and how it changed
// since the campaign before.
type HistoryItem struct {
	Year            int              `json:"year"`
	Total           fixed            `json:"total"`
	Level           string           `json:"level"`
	LevelCode       int              `json:"level_code"`
	Dimensions      map[string]fixed `json:"dimensions"`
	QuestionnaireID string           `json:"questionnaire_id"`
	// Change is against the item before; nil for the first.
	Change *Change `json:"change"`
}

// Change is the movement between two years. When both answered editions
// that score alike, the stored totals, levels and dimension percents compare
// as they are. Otherwise each dimension is re-scored, for both years, on the
// items both editions score the same way (questionnaires.Compare), so that a
// change reflects the firm and not the questionnaire; totals do not compare
// then, and NotCompared says what was left out.
type Change struct {
	FromYear    int               `json:"from_year"`
	SameMethod  bool              `json:"same_method"`
	Total       *fixed            `json:"total"` // points; null when the methods differ
	LevelFrom   string            `json:"level_from"`
	LevelTo     string            `json:"level_to"`
	LevelDelta  int               `json:"level_delta"`
	Dimensions  []DimensionChange `json:"dimensions"`
	NotCompared []string          `json:"not_compared"`
	Note        string            `json:"note"`
}

// DimensionChange is one dimension's percent in both years on the items
// compared, and the difference in percentage points.
type DimensionChange struct {
	Key   string `json:"key"`
	From  fixed  `json:"from"`
	To    fixed  `json:"to"`
	Delta fixed  `json:"delta"`
	// Whole is true when all the dimension's items were compared; Items
	// counts the items compared.
	Whole bool `json:"whole"`
	Items int  `json:"items"`
}

// pastYear is one stored result with what re-scoring it may need.
type pastYear struct {
	models.PastResult
	result questionnaires.Result
	def    *questionnaires.Definition // nil when this program lacks the edition
}

// History is an enterprise's results in every campaign it submitted, oldest
// first, each with its change, within the scope: officials read it beside the
// current survey.
func (s *Service) History(ctx context.Context, scope models.Scope, enterpriseID int64) ([]HistoryItem, error) {
	return s.history(ctx, scope, enterpriseID, math.MaxInt)
}

// history lists the firm's results up to the campaign year, oldest first,
// each with its change since the one before.
func (s *Service) history(ctx context.Context, scope models.Scope, enterpriseID int64, upTo int) ([]HistoryItem, error) {
	past, err := s.Store.History(ctx, scope, enterpriseID)
	if err != nil {
		return nil, err
	}
	var years []pastYear
	for _, p := range past {
		if p.Year > upTo {
			continue
		}
		y := pastYear{PastResult: p, result: *p.Scores}
		y.def, _ = s.Defs.Get(p.QuestionnaireID)
		years = append(years, y)
	}
	out := []HistoryItem{}
	for i, y := range years {
		item := HistoryItem{Year: y.Year, Total: y.result.Total, Level: y.result.Level, LevelCode: y.result.LevelCode,
			Dimensions: y.result.Dimensions, QuestionnaireID: y.QuestionnaireID}
		if i > 0 {
			if item.Change, err = s.change(ctx, scope, years[i-1], y); err != nil {
				return nil, err
			}
		}
		out = append(out, item)
	}
	return out, nil
}

// change compares two years of one firm.
func (s *Service) change(ctx context.Context, scope models.Scope, from, to pastYear) (*Change, error) {
	ch := &Change{FromYear: from.Year, LevelFrom: from.result.Level, LevelTo: to.result.Level,
		LevelDelta: to.result.LevelCode - from.result.LevelCode, NotCompared: []string{}}
	if from.def == nil || to.def == nil {
		ch.Note = fmt.Sprintf("本程序缺少 %s 或 %s 版问卷，无法比较两年的维度得分。", from.QuestionnaireID, to.QuestionnaireID)
		return ch, nil
	}
	cmp := questionnaires.Compare(from.def, to.def)
	if cmp.Same() {
		ch.SameMethod = true
		total := to.result.Total - from.result.Total
		ch.Total = &total
		for _, d := range cmp.Dimensions {
			ch.Dimensions = append(ch.Dimensions, dimensionChange(d, from.result.Dimensions[d.Key], to.result.Dimensions[d.Key]))
		}
		ch.Note = "两年使用相同的计分方法，总分、体检等级和各维度得分率直接比较。"
		return ch, nil
	}
	fromA, fromF, err := s.storedAnswers(ctx, scope, from)
	if err != nil {
		return nil, err
	}
	toA, toF, err := s.storedAnswers(ctx, scope, to)
	if err != nil {
		return nil, err
	}
	for _, d := range cmp.Dimensions {
		a, okA := from.def.PercentOn(d.Key, d.Items, fromA, fromF)
		b, okB := to.def.PercentOn(d.Key, d.Items, toA, toF)
		if !okA || !okB {
			ch.NotCompared = append(ch.NotCompared, "维度："+d.Key+"（两年没有计分相同的题目）")
			continue
		}
		ch.Dimensions = append(ch.Dimensions, dimensionChange(d, a, b))
	}
	ch.NotCompared = append(ch.NotCompared, labelled("新增题目", cmp.Added)...)
	ch.NotCompared = append(ch.NotCompared, labelled("删去题目", cmp.Dropped)...)
	ch.NotCompared = append(ch.NotCompared, labelled("计分调整的题目", cmp.Rescaled)...)
	ch.NotCompared = append(ch.NotCompared, labelled("仅一年有的维度", cmp.OtherDimensions)...)
	ch.Note = fmt.Sprintf("%d 年问卷（%s）与 %d 年问卷（%s）的题目或计分不同：各维度只按两年计分相同的题目重新计算后比较；"+
		"总分按各年问卷计算，不直接相减；体检等级为各年问卷评定的等级。", from.Year, from.QuestionnaireID, to.Year, to.QuestionnaireID)
	return ch, nil
}

func dimensionChange(d questionnaires.DimensionComparison, from, to fixed) DimensionChange {
	return DimensionChange{Key: d.Key, From: from, To: to, Delta: to - from, Whole: d.Whole, Items: len(d.Items)}
}

func labelled(label string, items []string) []string {
	if len(items) == 0 {
		return nil
	}
	return []string{label + "：" + strings.Join(items, "、")}
}

// storedAnswers reads one year's answers and roster facts, for re-scoring.
func (s *Service) storedAnswers(ctx context.Context, scope models.Scope, y pastYear) (questionnaires.Answers, questionnaires.Facts, error) {
	e, _, err := s.Store.Entry(ctx, scope, y.EntryID)
	if err != nil {
		return nil, questionnaires.Facts{}, err
	}
	stored, err := s.Store.Answers(ctx, y.EntryID)
	if err != nil {
		return nil, questionnaires.Facts{}, err
	}
	return y.def.DecodeStored(stored).Answers, questionnaires.Facts{RevenueWan: e.RevenueWan}, nil
}
