package questionnaires

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Display shows an answer to people: option labels rather than stored
// values, a scene's level with its description, numbers with their unit.
// Officials read firms' answers this way; it never changes a stored value.
func (q *Question) Display(v Value) string {
	switch q.Type {
	case TypeSingle:
		return q.OptionLabel(v.Str)
	case TypeMulti:
		labels := make([]string, len(v.Strs))
		for i, s := range v.Strs {
			labels[i] = q.OptionLabel(s)
		}
		return strings.Join(labels, "、")
	case TypeScene:
		s := strconv.Itoa(v.Level) + " 级"
		if v.Level == 0 {
			return s + "：未开展"
		}
		if q.Scene != nil && v.Level <= len(q.Scene.Levels) {
			s += "：" + q.Scene.Levels[v.Level-1]
		}
		return s
	case TypeNumber:
		s := DecFromRat(v.Num.Rat()).String()
		if q.Unit != "" {
			s += " " + q.Unit
		}
		return s
	case TypePercent:
		return DecFromRat(v.Num.Rat()).String() + "%"
	}
	return v.Str
}

// DisplayTyped shows an answer kept as the firm typed it because it breaks a
// rule (stored JSON that may not parse as a valid value): a text as it is,
// choices by their labels where the option exists, anything else as stored.
func (q *Question) DisplayTyped(raw []byte) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if q.Type == TypeSingle {
			return q.OptionLabel(s)
		}
		return s
	}
	var picked []string
	if q.Type == TypeMulti && json.Unmarshal(raw, &picked) == nil {
		labels := make([]string, len(picked))
		for i, p := range picked {
			labels[i] = q.OptionLabel(p)
		}
		return strings.Join(labels, "、")
	}
	if n := string(raw); q.Numeric() && n != "" && (n[0] == '-' || (n[0] >= '0' && n[0] <= '9')) {
		switch {
		case q.Type == TypePercent:
			return n + "%"
		case q.Unit != "":
			return n + " " + q.Unit
		}
	}
	return string(raw)
}
