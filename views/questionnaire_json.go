package views

import (
	"encoding/json"

	"healthcheck/questionnaires"
)

// The questionnaire as the API contract shows it.
type qnBody struct {
	ID       string        `json:"id"`
	Version  int           `json:"version"`
	Title    string        `json:"title"`
	Sections []sectionBody `json:"sections"`
}

type sectionBody struct {
	ID          string         `json:"id"`
	Title       string         `json:"title"`
	Description string         `json:"description,omitempty"`
	Questions   []questionBody `json:"questions"`
}

type questionBody struct {
	ID        string                    `json:"id"`
	Type      string                    `json:"type"`
	Title     string                    `json:"title"`
	Help      string                    `json:"help"`
	Required  bool                      `json:"required"`
	Options   []optionBody              `json:"options,omitempty"`
	Min       *questionnaires.Dec       `json:"min,omitempty"`
	Max       *questionnaires.Dec       `json:"max,omitempty"`
	Unit      string                    `json:"unit,omitempty"`
	Integer   bool                      `json:"integer,omitempty"`
	MaxLength int                       `json:"max_length,omitempty"`
	Format    string                    `json:"format,omitempty"` // text: phone or email
	When      *questionnaires.Condition `json:"when,omitempty"`
	Scene     *sceneBody                `json:"scene,omitempty"`
}

type optionBody struct {
	Value     string `json:"value"`
	Label     string `json:"label"`
	Exclusive bool   `json:"exclusive,omitempty"`
}

type sceneBody struct {
	Group      string   `json:"group"`
	Constraint bool     `json:"constraint"`
	Levels     []string `json:"levels"` // descriptions of levels 1–4
}

// QuestionnaireJSON is the edition as JSON, built once per parsed edition.
func (v *Views) QuestionnaireJSON(def *questionnaires.Definition) json.RawMessage {
	v.mu.Lock()
	defer v.mu.Unlock()
	if b, ok := v.formJSONs[def]; ok {
		return b
	}
	body := qnBody{ID: def.ID, Version: def.Version, Title: def.Title}
	for _, s := range def.Sections {
		sb := sectionBody{ID: s.ID, Title: s.Title, Description: s.Description}
		for i := range s.Questions {
			sb.Questions = append(sb.Questions, questionOf(&s.Questions[i]))
		}
		body.Sections = append(body.Sections, sb)
	}
	b, err := json.Marshal(body)
	if err != nil {
		panic(err) // plain data: cannot fail
	}
	v.formJSONs[def] = b
	return b
}

func questionOf(q *questionnaires.Question) questionBody {
	qb := questionBody{ID: q.ID, Type: q.Type, Title: q.Title, Help: q.Help, Required: q.Required,
		Min: q.Min, Max: q.Max, Unit: q.Unit, Integer: q.Integer, MaxLength: q.MaxLength, Format: q.Format, When: q.When}
	for _, o := range q.Options {
		qb.Options = append(qb.Options, optionBody{Value: o.Value, Label: o.Label, Exclusive: o.Exclusive})
	}
	if q.Scene != nil {
		qb.Scene = &sceneBody{Group: q.Scene.Group, Constraint: q.Scene.Constraint, Levels: q.Scene.Levels}
	}
	return qb
}
