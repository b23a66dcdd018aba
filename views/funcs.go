package views

import (
	"encoding/json"
	"fmt"
	"html/template"
	"strconv"
	"strings"
	"time"

	"healthcheck/clock"
	"healthcheck/decimal"
	"healthcheck/figures"
	"healthcheck/questionnaires"
)

func (v *Views) funcs() template.FuncMap {
	return template.FuncMap{
		"district":  v.city.DistrictName,
		"industry":  IndustryName,
		"fixed":     fixedText,
		"levelName": func() string { return questionnaires.LevelName },
		"levelNote": func() string { return questionnaires.LevelNote },
		"pct":       pctText,
		"datetime":  func(t any) string { return timeText(t, "2006-01-02 15:04") },
		"date":      func(t any) string { return timeText(t, "2006-01-02") },
		"add":       func(a, b int) int { return a + b },
		"seq": func(n int) []int {
			s := make([]int, n)
			for i := range s {
				s[i] = i
			}
			return s
		},
		"numAttr":    numAttr,
		"statusText": StatusText,
		"reviewText": ReviewText,
		"auditText":  AuditText,
		"json":       jsonText,
		"signed":     signedText,
		"dict":       dict,
		"deref":      func(b *bool) bool { return b != nil && *b },
		"pctWhole":   pctWhole,
		"grouped":    grouped,
		"qty":        qty,
		"deskPage":   func(name string) bool { return strings.HasPrefix(name, "admin_") },
	}
}

// signedText shows a change with its sign: "+3.25", "-1.20", "0.00".
func signedText(v any) string {
	s := fixedText(v)
	if s != "—" && s != "0.00" && s[0] != '-' {
		return "+" + s
	}
	return s
}

// jsonText encodes v for a data attribute (html/template escapes it there).
func jsonText(v any) (string, error) {
	b, err := json.Marshal(v)
	return string(b), err
}

// fixedText shows a two-decimal figure, "—" when there is none.
func fixedText(v any) string {
	switch x := v.(type) {
	case decimal.Fixed2:
		return x.String()
	case *decimal.Fixed2:
		if x == nil {
			return "—"
		}
		return x.String()
	}
	return fmt.Sprint(v)
}

func pctText(v any) string {
	s := fixedText(v)
	if s == "—" {
		return s
	}
	return s + "%"
}

func timeText(v any, layout string) string {
	switch t := v.(type) {
	case time.Time:
		if t.IsZero() {
			return "—"
		}
		return t.In(clock.Zone).Format(layout)
	case *time.Time:
		if t == nil {
			return "—"
		}
		return t.In(clock.Zone).Format(layout)
	}
	return "—"
}

// numAttr renders a decimal bound for an input attribute.
func numAttr(d *questionnaires.Dec) string {
	if d == nil {
		return ""
	}
	return d.String()
}

// StatusText is the Chinese name of a survey status (the figure
// catalogue's words, which the books use too).
func StatusText(s string) string { return figures.StatusWord(s) }

// ReviewText is the Chinese name of a review status ("审核通过"), "—" for
// none.
func ReviewText(s string) string {
	if w := figures.ReviewWord(s); w != s {
		return w
	}
	return "—"
}

// dict builds a map from key, value pairs, to pass several values to a
// sub-template.
func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("views: dict needs key, value pairs, got %d items", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("views: dict key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// pctWhole shows a percent rounded half up to a whole number: 61.54 → "62%".
func pctWhole(v *decimal.Fixed2) string {
	if v == nil {
		return "—"
	}
	return strconv.FormatInt((int64(*v)+50)/100, 10) + "%"
}

// grouped writes a number with thousands separators, keeping its decimals
// as given: 10000000 → "10,000,000", "52000.50" → "52,000.50". Anything
// that is not a plain decimal is returned unchanged.
func grouped(v any) string {
	s := fixedText(v)
	switch x := v.(type) {
	case string:
		s = x
	case int:
		s = strconv.Itoa(x)
	case int64:
		s = strconv.FormatInt(x, 10)
	}
	return decimal.GroupDigits(s)
}

// qty writes a number grouped by thousands with its unit set apart by a
// no-break space, so the two never run together nor part at a line end:
// "52,000.50 万元".
func qty(v any, unit string) string {
	if unit == "" {
		return grouped(v)
	}
	return grouped(v) + "\u00a0" + unit
}
