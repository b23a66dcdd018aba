package report

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"strings"

	"healthcheck/analysis"
	"healthcheck/export"
	"healthcheck/figures"
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
// An unanswered question is an empty cell. So is a draft's answer that
// breaks a rule (kept as the firm typed it, "1,000" or a part larger than its
// whole): like the scores, the file counts only valid answers. The file is
// UTF-8 with a BOM.
//
// answers.xlsx is its twin for people, written in the same pass: the same
// columns, credit codes as text, numbers as numbers, a frozen header and a
// filter.

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

// answerCell shows one valid stored answer as answers.csv does. Valid
// values are stored as canonical JSON written by Question.Encode: a number
// or a scene level is its own text, a choice a quoted option value (multi:
// an array of them), a text a JSON string. A submitted survey has only valid
// answers, so reading them as they are, rather than re-validating each
// (DecodeStored), keeps 30 million answers cheap; drafts, which may keep
// invalid ones, are validated first (draftInvalid).
func answerCell(q *questionnaires.Question, raw string) any {
	switch q.Type {
	case questionnaires.TypeNumber, questionnaires.TypePercent, questionnaires.TypeScene:
		return export.Raw(raw)
	case questionnaires.TypeSingle:
		return q.OptionLabel(jsonString(raw))
	case questionnaires.TypeMulti:
		values, ok := stringArray(raw)
		if !ok {
			return raw
		}
		for i, v := range values {
			values[i] = q.OptionLabel(v)
		}
		return strings.Join(values, "；")
	}
	return jsonString(raw)
}

// answerCells shows stored answers as answerCell does, with the cells of a
// choice's options and a scene's levels made (and boxed) once per question
// rather than once per answer: they are half of a firm's answers, some 16
// million cells at national scale.
type answerCells struct {
	questions []*questionnaires.Question
	known     []map[string]any // per question: stored value → its cell
}

func newAnswerCells(questions []*questionnaires.Question) answerCells {
	known := make([]map[string]any, len(questions))
	for i, q := range questions {
		var values []questionnaires.Value
		switch q.Type {
		case questionnaires.TypeSingle:
			for _, o := range q.Options {
				values = append(values, questionnaires.Value{Str: o.Value})
			}
		case questionnaires.TypeScene:
			for level := 0; level <= 4; level++ {
				values = append(values, questionnaires.Value{Level: level})
			}
		}
		known[i] = make(map[string]any, len(values))
		for _, v := range values {
			raw := string(q.Encode(v))
			known[i][raw] = answerCell(q, raw)
		}
	}
	return answerCells{questions: questions, known: known}
}

// cell is question i's cell for a stored value.
func (a answerCells) cell(i int, raw string) any {
	if v, ok := a.known[i][raw]; ok {
		return v
	}
	return answerCell(a.questions[i], raw)
}

// stringArray reads a stored JSON array of option values. Option values are
// plain ASCII ids, so the common case splits on commas; anything with an
// escape goes through encoding/json.
func stringArray(raw string) ([]string, bool) {
	inner, ok := strings.CutPrefix(raw, "[")
	if inner, ok = strings.CutSuffix(inner, "]"); ok && strings.IndexByte(raw, '\\') < 0 {
		if inner == "" {
			return nil, true
		}
		values := strings.Split(inner, ",")
		for i, v := range values {
			if len(v) < 2 || v[0] != '"' || v[len(v)-1] != '"' {
				return nil, false
			}
			values[i] = v[1 : len(v)-1]
		}
		return values, true
	}
	var values []string
	if err := json.Unmarshal([]byte(raw), &values); err != nil {
		return nil, false
	}
	return values, true
}

// jsonString reads a stored JSON string; anything else is shown as stored.
func jsonString(raw string) string {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && strings.IndexByte(raw, '\\') < 0 {
		return raw[1 : len(raw)-1] // no escapes: the common case
	}
	var s string
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return raw
	}
	return s
}

// draftInvalid is the answers of a survey not submitted that break a rule.
func draftInvalid(def *questionnaires.Definition, status string, set models.AnswerSet) questionnaires.FieldErrors {
	if status == analysis.StatusSubmitted {
		return nil
	}
	stored := map[string][]byte{}
	set.Each(func(id, value string) { stored[id] = []byte(value) })
	return def.DecodeStored(stored).Invalid
}

// answersSheet is answers.xlsx's one sheet.
const answersSheet = "企业答卷"

// answerBatch is how many rows the answers' reader hands the book's writer
// at a time.
const answerBatch = 256

// writeAnswers streams every firm's answers to the CSV and the book at once.
// Rows are read and written to the CSV on this goroutine and handed in
// batches to another that adds them to the book's sheet: excelize's work per
// cell is the larger half (at national scale some 37 million cells), and the
// two halves then run on two cores.
//
// The same pass makes the 政策测算's estimates (pp, nil without the year's
// policies), so the answers are read once.
func (g *gen) writeAnswers(ctx context.Context, csvW, bookW io.Writer, pp *policyPass) error {
	def, names := g.def, Names(g.src.City)
	questions := def.Questions()
	const lead = 8
	column := make(map[string]int, len(questions))
	for i, q := range questions {
		column[q.ID] = lead + i
	}
	cells := newAnswerCells(questions)
	defer pp.finish(errors.New("report: the answers stopped before the 政策测算"))
	header := answersHeader(def)
	out, err := export.OpenCSV(csvW, header)
	if err != nil {
		return err
	}
	book, err := export.NewBook(answersSheet)
	if err != nil {
		return err
	}
	defer book.Close()
	formats := make([]string, len(header))
	formats[6] = "0.00"
	sheet, err := book.Open(export.Table{Sheet: answersSheet, Header: header, Formats: formats,
		Widths: []float64{22, 30, 10, 10, 8, 10, 14, 10}})
	if err != nil {
		return err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := pp.start(ctx); err != nil {
		return err
	}
	rows, sheetDone := addRows(sheet, cancel, lead+len(questions))
	err = g.src.Store.EachAnswerSet(ctx, models.CityScope(), g.campaign.ID, func(r *models.FirmRow, set models.AnswerSet) error {
		row := rows.next()
		copy(row, []any{r.CreditCode, r.Name, r.District, names.District(r.District), r.Industry, r.Band,
			export.Raw(r.RevenueWan.String()), figures.StatusWord(r.Status)})
		invalid := draftInvalid(def, r.Status, set)
		pp.begin()
		set.Each(func(id, value string) { // once a firm, for the row and the estimate alike
			pp.note(r, id, value)
			c, ok := column[id] // a question dropped from the edition stays out
			if ok && invalid[id] == "" {
				row[c] = cells.cell(c-lead, value)
			}
		})
		if err := pp.add(r); err != nil {
			return err
		}
		g.step("")
		if err := out.Add(row); err != nil {
			return err
		}
		rows.send(false)
		return nil
	})
	pp.finish(err) // the book may close the estimates' sheet now
	if err == nil {
		rows.send(true)
	}
	close(rows.batches)
	if sheetErr := <-sheetDone; sheetErr != nil {
		return sheetErr // the cause of the reader's cancellation, if any
	}
	if err != nil {
		return err
	}
	if err := out.Close(); err != nil {
		return err
	}
	if err := sheet.Close(); err != nil {
		return err
	}
	return book.Save(bookW)
}

// rowBatches hands rows to addRows' goroutine in batches and takes each
// batch back once its rows are added, so the rows are reused (the national
// answers were 500,000 rows of 74 cells, each allocated anew).
type rowBatches struct {
	width   int
	batch   [][]any
	batches chan [][]any
	free    chan [][]any
}

// next is an empty row, the last of the batch being filled.
func (b *rowBatches) next() []any {
	if b.batch == nil {
		select {
		case b.batch = <-b.free:
			b.batch = b.batch[:0]
		default:
			b.batch = make([][]any, 0, answerBatch)
		}
	}
	n := len(b.batch)
	b.batch = b.batch[:n+1] // a recycled batch keeps its rows past its length
	if b.batch[n] == nil {
		b.batch[n] = make([]any, b.width)
	} else {
		clear(b.batch[n])
	}
	return b.batch[n]
}

// send hands the batch over once full, or, at the end (all), with whatever
// it holds.
func (b *rowBatches) send(all bool) {
	if len(b.batch) == answerBatch || (all && len(b.batch) > 0) {
		b.batches <- b.batch
		b.batch = nil
	}
}

// addRows adds the batches sent to it to sheet on a goroutine of its own and
// sends the first error once the batches are closed. After an error it calls
// stop (the reader's cancel) and only drains, so the sender never blocks.
// Rows are width cells wide.
func addRows(sheet *export.Sheet, stop func(), width int) (*rowBatches, <-chan error) {
	b := &rowBatches{width: width, batches: make(chan [][]any, 4), free: make(chan [][]any, 6)}
	done := make(chan error, 1)
	go func() {
		var err error
		for batch := range b.batches {
			for _, row := range batch {
				if err != nil {
					break
				}
				if err = sheet.Add(row); err != nil {
					stop()
				}
			}
			select { // the sheet keeps no row: the batch may be filled again
			case b.free <- batch:
			default:
			}
		}
		done <- err
	}()
	return b, done
}
