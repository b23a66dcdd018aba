// Package answerset builds complete, valid answer sets for tests: a firm of
// a chosen maturity (0–4) that answers every question of an edition, so a
// test can submit it, score it and compare firms or years. It is test
// support: import it only from _test.go files.
package answerset

import (
	"encoding/json"

	"healthcheck/questionnaires"
)

// Full answers every question of def at maturity level 0 (lowest) to 4
// (highest): scenes at that level, scored choices that far up their options,
// equipment and processes networked and automated in proportion, and the
// profile of a firm with 5亿元 revenue and no plans. Override entries for
// what a test is about.
func Full(def *questionnaires.Definition, level int) map[string]any {
	numbers := map[string]any{
		"p_revenue": 50000, "p_employees": 300, "p_invest_avg": 100 + 150*level, "p_invest_plan": 200 + 100*level,
		"p_project_total": 200, "p_project_it": 80,
		"f_eq_total": 200, "f_eq_digital": 20 + 45*level, "f_eq_networked": 10 + 40*level,
		"u_key_processes": 20, "u_key_processes_nc": 4 * level,
	}
	out := map[string]any{}
	for _, q := range def.Questions() {
		switch q.Type {
		case questionnaires.TypeSingle:
			out[q.ID] = q.Options[(len(q.Options)-1)*level/4].Value
			if _, yesNo := q.Option("yes"); yesNo {
				out[q.ID] = map[bool]string{true: "yes", false: "no"}[level > 0]
			}
		case questionnaires.TypeMulti:
			out[q.ID] = multi(q, level)
		case questionnaires.TypeScene:
			out[q.ID] = level
		case questionnaires.TypeText:
			out[q.ID] = Text(q)
		case questionnaires.TypePercent:
			out[q.ID] = 95
		default:
			out[q.ID] = 0
			if v, ok := numbers[q.ID]; ok {
				out[q.ID] = v
			}
		}
	}
	out["p_project"] = "no"
	for _, id := range []string{"p_title_fusion", "p_title_iiot", "p_title_service", "p_title_platform", "p_specialized"} {
		if _, ok := def.Question(id); ok {
			out[id] = "none"
		}
	}
	return out
}

// Text is a valid answer to a text question: a phone number or an e-mail
// address where the question asks for one.
func Text(q *questionnaires.Question) string {
	switch q.Format {
	case questionnaires.FormatPhone:
		return "0573-82345678"
	case questionnaires.FormatEmail:
		return "contact@example.com"
	}
	return "测试内容"
}

// multi takes level/4 of the non-exclusive options (at least one), or the
// exclusive "none" at level 0 when there is one.
func multi(q *questionnaires.Question, level int) []string {
	var plain []string
	none := ""
	for _, o := range q.Options {
		if o.Exclusive {
			none = o.Value
		} else {
			plain = append(plain, o.Value)
		}
	}
	n := (len(plain)*level + 3) / 4
	if n == 0 && none != "" {
		return []string{none}
	}
	return plain[:max(n, 1)]
}

// Raw encodes answers as the API receives them.
func Raw(a map[string]any) map[string]json.RawMessage {
	out := make(map[string]json.RawMessage, len(a))
	for k, v := range a {
		b, err := json.Marshal(v)
		if err != nil {
			panic(err)
		}
		out[k] = b
	}
	return out
}
