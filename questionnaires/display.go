package questionnaires

import (
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
