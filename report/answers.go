package report

import (
	"context"
	"io"
	"strconv"
	"strings"

	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// answers.csv is for statisticians: one row per firm of the roster (every
// status, so response can be analysed too), a column per question in the
// questionnaire's order headed "<question id> <title>（unit）". Cells hold what
// the firm answered, readable and ready to compute with:
//   - single choice: the option's label, as the firm saw it;
//   - multiple choice: the labels of the chosen options joined by "；";
//   - numbers and percents: the plain number, without unit or thousands
//     separator (the unit is in the header);
//   - scenes: the level 0–4 as an integer (0 = 未开展);
//   - text: as typed (neutralised if it starts like a formula).
//
// An unanswered question is an empty cell. The file is UTF-8 with a BOM.

// plain is a number cell: export writes it as it is, never neutralised, since
// a number such as -1 is data, not a formula.
type plain string

// answersHeader is the fixed columns and one per question.
func answersHeader(def *questionnaires.Definition) []string {
	h := []string{"统一社会信用代码", "企业名称", "区县代码", "区县", "行业代码", "规模档", "名录营业收入（万元）", "填报状态"}
	for _, q := range def.Questions() {
		title := q.ID + " " + q.Title
		if q.Unit != "" {
			title += "（" + q.Unit + "）"
		} else if q.Type == questionnaires.TypePercent {
			title += "（%）"
		}
		h = append(h, title)
	}
	return h
}

// answerCell shows one answer as answers.csv does.
func answerCell(q *questionnaires.Question, v questionnaires.Value) any {
	switch q.Type {
	case questionnaires.TypeSingle:
		return q.OptionLabel(v.Str)
	case questionnaires.TypeMulti:
		labels := make([]string, len(v.Strs))
		for i, s := range v.Strs {
			labels[i] = q.OptionLabel(s)
		}
		return strings.Join(labels, "；")
	case questionnaires.TypeNumber, questionnaires.TypePercent:
		return plain(questionnaires.DecFromRat(v.Num.Rat()).String())
	case questionnaires.TypeScene:
		return plain(strconv.Itoa(v.Level))
	}
	return v.Str
}

// writeAnswers streams every firm's answers to CSV.
func (g *gen) writeAnswers(ctx context.Context, w io.Writer, d *Data) error {
	def := d.Def
	questions := def.Questions()
	t := export.Table{Header: answersHeader(def), Source: func(emit func([]any) error) error {
		row := make([]any, 0, 8+len(questions))
		return g.src.Store.EachAnswerSet(ctx, models.CityScope(), g.campaign.ID, func(r *models.FirmRow, stored map[string][]byte) error {
			answers, err := def.DecodeStored(stored)
			if err != nil {
				return err
			}
			row = append(row[:0], r.CreditCode, r.Name, r.District, d.Names.District(r.District), r.Industry, r.Band,
				plain(r.RevenueWan.String()), statusText[r.Status])
			for _, q := range questions {
				if v, ok := answers[q.ID]; ok {
					row = append(row, answerCell(q, v))
				} else {
					row = append(row, nil)
				}
			}
			g.step("写入答卷明细")
			return emit(row)
		})
	}}
	return export.WriteCSV(w, t)
}
