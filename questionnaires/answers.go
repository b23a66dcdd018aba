package questionnaires

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"unicode/utf8"
)

// Value is one validated answer. Which field is set depends on the question type.
type Value struct {
	Str   string   // single, text
	Strs  []string // multi, in option order
	Num   Fixed2   // number, percent
	Level int      // scene
}

// Answers maps question ids to validated values. An unanswered question is absent.
type Answers map[string]Value

// FieldErrors maps a question id to what is wrong with it, in Chinese.
type FieldErrors map[string]string

func (fe FieldErrors) Error() string {
	ids := make([]string, 0, len(fe))
	for id := range fe {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	var b bytes.Buffer
	for i, id := range ids {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s", id, fe[id])
	}
	return b.String()
}

const defaultTextMax = 500

// ParseAnswers validates raw JSON values against the definition: known question
// ids, the right type, known options, ranges and the cross-field rules. Null,
// "" and [] mean unanswered and are dropped. Drafts may be incomplete.
func (d *Definition) ParseAnswers(raw map[string]json.RawMessage) (Answers, FieldErrors) {
	out := Answers{}
	errs := FieldErrors{}
	for id, msg := range raw {
		q, ok := d.Question(id)
		if !ok {
			errs[id] = "未知的题目"
			continue
		}
		v, present, msgErr := q.parse(msg)
		if msgErr != "" {
			errs[id] = msgErr
			continue
		}
		if present {
			out[id] = v
		}
	}
	d.checkRules(out, errs)
	if len(errs) > 0 {
		return nil, errs
	}
	return out, nil
}

// parse decodes one raw value; present is false for an empty answer.
func (q *Question) parse(msg json.RawMessage) (v Value, present bool, errMsg string) {
	trimmed := bytes.TrimSpace(msg)
	switch string(trimmed) {
	case "", "null", `""`, "[]": // unanswered, whatever the type
		return v, false, ""
	}
	switch q.Type {
	case TypeSingle:
		var s string
		if json.Unmarshal(trimmed, &s) != nil {
			return v, false, "应为单个选项"
		}
		if s == "" {
			return v, false, ""
		}
		if _, ok := q.Option(s); !ok {
			return v, false, "选项不在可选范围内"
		}
		return Value{Str: s}, true, ""
	case TypeMulti:
		return q.parseMulti(trimmed)
	case TypeNumber, TypePercent:
		return q.parseNumber(trimmed)
	case TypeScene:
		var n json.Number
		if json.Unmarshal(trimmed, &n) != nil {
			return v, false, "应为 0 到 4 的等级"
		}
		lvl, err := strconv.Atoi(n.String())
		if err != nil || lvl < 0 || lvl > 4 {
			return v, false, "应为 0 到 4 的等级"
		}
		return Value{Level: lvl}, true, ""
	case TypeText:
		var s string
		if json.Unmarshal(trimmed, &s) != nil {
			return v, false, "应为文字"
		}
		if s == "" {
			return v, false, ""
		}
		if !utf8.ValidString(s) {
			return v, false, "含有无效字符"
		}
		limit := q.MaxLength
		if limit == 0 {
			limit = defaultTextMax
		}
		if utf8.RuneCountInString(s) > limit {
			return v, false, fmt.Sprintf("不能超过 %d 个字", limit)
		}
		return Value{Str: s}, true, ""
	}
	return v, false, "题型未知"
}

func (q *Question) parseMulti(msg []byte) (Value, bool, string) {
	var picked []string
	if json.Unmarshal(msg, &picked) != nil {
		return Value{}, false, "应为选项列表"
	}
	if len(picked) == 0 {
		return Value{}, false, ""
	}
	chosen := map[string]bool{}
	exclusive := ""
	for _, p := range picked {
		o, ok := q.Option(p)
		if !ok {
			return Value{}, false, "选项不在可选范围内"
		}
		if o.Exclusive {
			exclusive = o.Label
		}
		chosen[p] = true
	}
	if exclusive != "" && len(chosen) > 1 {
		return Value{}, false, fmt.Sprintf("选择“%s”时不能同时选择其他选项", exclusive)
	}
	var ordered []string
	for _, o := range q.Options {
		if chosen[o.Value] {
			ordered = append(ordered, o.Value)
		}
	}
	return Value{Strs: ordered}, true, ""
}

func (q *Question) parseNumber(msg []byte) (Value, bool, string) {
	text := string(msg)
	switch {
	case msg[0] == '"': // forms send numbers as text; accept a clean decimal string
		if json.Unmarshal(msg, &text) != nil {
			return Value{}, false, "应为数字"
		}
		if text == "" {
			return Value{}, false, ""
		}
	case msg[0] != '-' && (msg[0] < '0' || msg[0] > '9'):
		return Value{}, false, "应为数字" // true, {}, [] …
	}
	n := json.Number(text)
	if f, ok := parseHundredths(n.String()); ok && q.exactBounds {
		return q.checkFixed(f)
	}
	d, err := ParseDec(n.String())
	if err != nil {
		return Value{}, false, "应为数字"
	}
	// The range first, on the exact value: a huge number is out of range,
	// not a number with too many decimals.
	lo, hi := q.bounds()
	if (lo != nil && d.r.Cmp(lo) < 0) || (hi != nil && d.r.Cmp(hi) > 0) {
		return Value{}, false, q.rangeMessage(lo, hi)
	}
	f, err := ParseFixed2(n.String())
	if err != nil {
		return Value{}, false, "最多保留两位小数"
	}
	if q.Integer && f%100 != 0 {
		return Value{}, false, "应为整数"
	}
	return Value{Num: f}, true, ""
}

// checkFixed applies the range and the integer rule to a two-decimal value
// with the bounds kept as Fixed2 (the fast path; same messages as the exact one).
func (q *Question) checkFixed(f Fixed2) (Value, bool, string) {
	if (q.lo != nil && f < *q.lo) || (q.hi != nil && f > *q.hi) {
		lo, hi := q.bounds()
		return Value{}, false, q.rangeMessage(lo, hi)
	}
	if q.Integer && f%100 != 0 {
		return Value{}, false, "应为整数"
	}
	return Value{Num: f}, true, ""
}

// indexBounds keeps the bounds as Fixed2 when they have at most two
// decimals, so most numbers are checked without big arithmetic.
func (q *Question) indexBounds() {
	lo, hi := q.bounds()
	q.lo, q.hi, q.exactBounds = nil, nil, true
	for _, b := range []struct {
		r   *big.Rat
		dst **Fixed2
	}{{lo, &q.lo}, {hi, &q.hi}} {
		if b.r == nil {
			continue
		}
		f := RoundHalfUp(b.r)
		if f.Rat().Cmp(b.r) != 0 {
			q.exactBounds = false
			return
		}
		*b.dst = &f
	}
}

func (q *Question) bounds() (lo, hi *big.Rat) {
	if q.Type == TypePercent {
		lo, hi = big.NewRat(0, 1), big.NewRat(100, 1)
	}
	if q.Min != nil {
		lo = q.Min.Rat()
	}
	if q.Max != nil {
		hi = q.Max.Rat()
	}
	return lo, hi
}

func (q *Question) rangeMessage(lo, hi *big.Rat) string {
	unit := q.Unit
	if q.Type == TypePercent {
		unit = "%"
	}
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("应在 %s 到 %s%s 之间", DecFromRat(lo), DecFromRat(hi), unit)
	case lo != nil:
		return fmt.Sprintf("不能小于 %s%s", DecFromRat(lo), unit)
	default:
		return fmt.Sprintf("不能大于 %s%s", DecFromRat(hi), unit)
	}
}

// checkRules applies the cross-field rules to answered pairs.
func (d *Definition) checkRules(a Answers, errs FieldErrors) {
	for _, r := range d.Rules {
		if _, bad := errs[r.Left]; bad {
			continue
		}
		left, lok := d.numericAnswer(a, r.Left)
		right, rok := d.numericAnswer(a, r.Right)
		if !lok || !rok {
			continue
		}
		c := left.Cmp(right)
		if c > 0 || (r.Op == "<" && c == 0) {
			errs[r.Left] = r.Message
		}
	}
}

// numericAnswer returns an answered number question's value, if it applies.
func (d *Definition) numericAnswer(a Answers, id string) (*big.Rat, bool) {
	q, ok := d.Question(id)
	if !ok || !q.Numeric() || !d.Applies(q, a) {
		return nil, false
	}
	v, ok := a[id]
	if !ok {
		return nil, false
	}
	return v.Num.Rat(), true
}

// Applies reports whether q is asked given the other answers (its When holds).
func (d *Definition) Applies(q *Question, a Answers) bool {
	if q.When == nil {
		return true
	}
	return d.eval(q.When, a, nil)
}

// Missing lists the required questions that apply and are unanswered, in form
// order, each with the message shown beside it.
func (d *Definition) Missing(a Answers) (ids []string, errs FieldErrors) {
	errs = FieldErrors{}
	for _, q := range d.order {
		if !q.Required || !d.Applies(q, a) {
			continue
		}
		if _, ok := a[q.ID]; !ok {
			ids = append(ids, q.ID)
			errs[q.ID] = "此题为必答题"
		}
	}
	return ids, errs
}

// Encode renders an answer as canonical JSON for storage and the API.
func (q *Question) Encode(v Value) []byte {
	var b []byte
	switch q.Type {
	case TypeMulti:
		b, _ = json.Marshal(v.Strs)
	case TypeNumber, TypePercent:
		b = []byte(DecFromRat(v.Num.Rat()).String())
	case TypeScene:
		b = strconv.AppendInt(nil, int64(v.Level), 10)
	default:
		b, _ = json.Marshal(v.Str)
	}
	return b
}

// DecodeStored parses answers as stored (canonical JSON per question). Values
// stored under an older rule are taken as they are: stored answers are history.
func (d *Definition) DecodeStored(stored map[string][]byte) (Answers, error) {
	out := Answers{}
	for id, raw := range stored {
		q, ok := d.Question(id)
		if !ok {
			continue // a question dropped from the edition; nothing to score
		}
		v, present, msg := q.parse(raw)
		if msg != "" {
			return nil, fmt.Errorf("stored answer %s: %s", id, msg)
		}
		if present {
			out[id] = v
		}
	}
	return out, nil
}
