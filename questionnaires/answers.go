package questionnaires

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"healthcheck/decimal"
)

// Value is one validated answer. Which field is set depends on the question type.
type Value struct {
	Str   string         // single, text
	Strs  []string       // multi, in option order
	Num   decimal.Fixed2 // number, percent
	Level int            // scene
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

// Limits of a single answer (../brief limits; docs/security.md). A value
// beyond them is a malformed request, refused before anything is stored.
const (
	defaultTextMax = 500
	// numberMaxText bounds a number's JSON text, checked before any numeric
	// parsing: a million digits cost nothing to refuse.
	numberMaxText = 32
	// optionMaxBytes bounds a single answer and each entry of a multi answer.
	optionMaxBytes = 64
	// multilineAbove is the max_length above which a text question is a
	// textarea, where tab and newline are allowed.
	multilineAbove = 100
)

// Text formats a text question may require.
const (
	FormatPhone = "phone"
	FormatEmail = "email"
)

// Draft is an answer set as a firm typed it. A value that breaks a rule (a
// range, a part larger than its whole, 无 with another option, a phone that
// is not one) is kept, so nothing typed is lost, but only in Invalid: the
// scores, the progress, the conditions (when) and the cross-field rules read
// Answers alone.
type Draft struct {
	Answers Answers     // the valid answers
	Invalid FieldErrors // the rule-breaking answers: question id → reason; never nil
	// typed is how each invalid answer is stored: the JSON the firm sent,
	// compacted, or its canonical encoding when only a cross-field rule
	// refuses it.
	typed map[string][]byte
}

func newDraft(n int) *Draft {
	return &Draft{Answers: make(Answers, n), Invalid: FieldErrors{}, typed: map[string][]byte{}}
}

// Stored is the draft as it is stored and shown back: every valid answer in
// its canonical encoding, every invalid one as typed.
func (dr *Draft) Stored(d *Definition) map[string][]byte {
	out := make(map[string][]byte, len(dr.Answers)+len(dr.typed))
	for id, v := range dr.Answers {
		q, _ := d.Question(id)
		out[id] = q.Encode(v)
	}
	for id, b := range dr.typed {
		out[id] = b
	}
	return out
}

// verdict is what parsing found wrong with one value.
type verdict int

const (
	fine      verdict = iota
	broken            // breaks a rule: stored as typed, listed as invalid
	malformed         // cannot be stored: the request is refused
)

// ParseAnswers reads a draft as sent: question id → raw JSON value. Null, ""
// and [] mean unanswered and are dropped. A malformed value (an unknown
// question, a JSON type the question cannot hold, invalid UTF-8, a control
// character, a value beyond the limits) refuses the whole set: the result is
// nil and the errors name every such question. Otherwise every value is kept,
// valid or rule-breaking (see Draft). Drafts may be incomplete.
func (d *Definition) ParseAnswers(raw map[string]json.RawMessage) (*Draft, FieldErrors) {
	dr := newDraft(len(raw))
	bad := FieldErrors{}
	for id, msg := range raw {
		q, ok := d.Question(id)
		if !ok {
			bad[id] = "未知的题目"
			continue
		}
		v, present, kind, why := q.parse(msg)
		switch {
		case kind == malformed:
			bad[id] = why
		case kind == broken:
			dr.Invalid[id] = why
			dr.typed[id] = compact(msg)
		case present:
			dr.Answers[id] = v
		}
	}
	if len(bad) > 0 {
		return nil, bad
	}
	d.checkRules(dr)
	return dr, nil
}

// DecodeStored reads answers as stored, with the same parser and rules as a
// save: the valid answers, and the invalid ones with their reasons. A value
// the parser cannot read at all (stored under an older limit, say) is listed
// as invalid too, so a page can still show it. A question dropped from the
// edition is ignored.
func (d *Definition) DecodeStored(stored map[string][]byte) *Draft {
	dr := newDraft(len(stored))
	for id, raw := range stored {
		q, ok := d.Question(id)
		if !ok {
			continue
		}
		v, present, kind, why := q.parse(raw)
		switch {
		case kind != fine:
			dr.Invalid[id] = why
			dr.typed[id] = raw
		case present:
			dr.Answers[id] = v
		}
	}
	d.checkRules(dr)
	return dr
}

// compact is a valid JSON value without insignificant spaces.
func compact(msg []byte) []byte {
	var b bytes.Buffer
	if json.Compact(&b, msg) != nil {
		return append([]byte(nil), msg...)
	}
	return b.Bytes()
}

// parse decodes one raw value; present is false for an empty answer.
func (q *Question) parse(msg []byte) (v Value, present bool, kind verdict, why string) {
	trimmed := bytes.TrimSpace(msg)
	switch string(trimmed) {
	case "", "null", `""`, "[]": // unanswered, whatever the type
		return v, false, fine, ""
	}
	switch q.Type {
	case TypeSingle:
		return q.parseSingle(trimmed)
	case TypeMulti:
		return q.parseMulti(trimmed)
	case TypeNumber, TypePercent:
		return q.parseNumber(trimmed)
	case TypeScene:
		// A JSON integer 0–4 and nothing else: a level is picked, never typed.
		if len(trimmed) != 1 || trimmed[0] < '0' || trimmed[0] > '4' {
			return v, false, malformed, "应为 0 到 4 的等级"
		}
		return Value{Level: int(trimmed[0] - '0')}, true, fine, ""
	case TypeText:
		return q.parseText(trimmed)
	}
	return v, false, malformed, "题型未知"
}

func (q *Question) parseSingle(msg []byte) (Value, bool, verdict, string) {
	s, why := jsonText(msg, "应为单个选项", false)
	switch {
	case why != "":
		return Value{}, false, malformed, why
	case len(s) > optionMaxBytes:
		return Value{}, false, malformed, "选项过长"
	}
	if _, ok := q.Option(s); !ok {
		return Value{}, false, broken, "选项不在可选范围内"
	}
	return Value{Str: s}, true, fine, ""
}

func (q *Question) parseMulti(msg []byte) (Value, bool, verdict, string) {
	var items []json.RawMessage
	if msg[0] != '[' || json.Unmarshal(msg, &items) != nil {
		return Value{}, false, malformed, "应为选项列表"
	}
	if len(items) > len(q.Options) {
		return Value{}, false, malformed, "选项过多"
	}
	picked := make([]string, len(items))
	for i, it := range items {
		s, why := jsonText(bytes.TrimSpace(it), "应为选项列表", false)
		if why != "" {
			return Value{}, false, malformed, why
		}
		if len(s) > optionMaxBytes {
			return Value{}, false, malformed, "选项过长"
		}
		picked[i] = s
	}
	chosen := map[string]bool{}
	exclusive := ""
	for _, p := range picked {
		o, ok := q.Option(p)
		if !ok {
			return Value{}, false, broken, "选项不在可选范围内"
		}
		if o.Exclusive {
			exclusive = o.Label
		}
		chosen[p] = true
	}
	if exclusive != "" && len(chosen) > 1 {
		return Value{}, false, broken, fmt.Sprintf("选择“%s”时不能同时选择其他选项", exclusive)
	}
	var ordered []string
	for _, o := range q.Options {
		if chosen[o.Value] {
			ordered = append(ordered, o.Value)
		}
	}
	return Value{Strs: ordered}, true, fine, ""
}

// parseNumber reads a JSON number or, as forms send them, a number as text.
// A text that is not a plain decimal ("1,000", "12abc") breaks a rule: it is
// kept as typed.
func (q *Question) parseNumber(msg []byte) (Value, bool, verdict, string) {
	if len(msg) > numberMaxText {
		return Value{}, false, malformed, "数字过长"
	}
	text := string(msg)
	switch {
	case msg[0] == '"':
		s, why := jsonText(msg, "应为数字", false)
		if why != "" {
			return Value{}, false, malformed, why
		}
		text = strings.TrimSpace(s)
	case msg[0] != '-' && (msg[0] < '0' || msg[0] > '9'):
		return Value{}, false, malformed, "应为数字" // true, {}, [] …
	}
	if f, ok := decimal.ParseHundredths(text); ok && q.exactBounds {
		return q.checkFixed(f)
	}
	d, err := ParseDec(text)
	if err != nil {
		return Value{}, false, broken, "应为数字"
	}
	// The range first, on the exact value: a huge number is out of range,
	// not a number with too many decimals.
	lo, hi := q.bounds()
	if (lo != nil && d.r.Cmp(lo) < 0) || (hi != nil && d.r.Cmp(hi) > 0) {
		return Value{}, false, broken, q.RangeMessage()
	}
	f, err := decimal.ParseFixed2(text)
	if err != nil {
		return Value{}, false, broken, "最多保留两位小数"
	}
	if q.Integer && f%100 != 0 {
		return Value{}, false, broken, "应为整数"
	}
	return Value{Num: f}, true, fine, ""
}

// checkFixed applies the range and the integer rule to a two-decimal value
// with the bounds kept as decimal.Fixed2 (the fast path; same messages as the exact one).
func (q *Question) checkFixed(f decimal.Fixed2) (Value, bool, verdict, string) {
	if (q.lo != nil && f < *q.lo) || (q.hi != nil && f > *q.hi) {
		return Value{}, false, broken, q.RangeMessage()
	}
	if q.Integer && f%100 != 0 {
		return Value{}, false, broken, "应为整数"
	}
	return Value{Num: f}, true, fine, ""
}

// indexBounds keeps the bounds as decimal.Fixed2 when they have at most two
// decimals, so most numbers are checked without big arithmetic.
func (q *Question) indexBounds() {
	lo, hi := q.bounds()
	q.lo, q.hi, q.exactBounds = nil, nil, true
	for _, b := range []struct {
		r   *big.Rat
		dst **decimal.Fixed2
	}{{lo, &q.lo}, {hi, &q.hi}} {
		if b.r == nil {
			continue
		}
		f := decimal.RoundHalfUp(b.r)
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

// RangeMessage says in Chinese what a number question accepts, numbers with
// thousands separators and the unit set apart: "应在 0 到 10,000,000 万元/年
// 之间". It is "" for a question without bounds.
func (q *Question) RangeMessage() string {
	lo, hi := q.bounds()
	unit := ""
	switch {
	case q.Type == TypePercent:
		unit = "%"
	case q.Unit != "":
		unit = " " + q.Unit
	}
	switch {
	case lo != nil && hi != nil:
		return fmt.Sprintf("应在 %s 到 %s%s 之间", DecFromRat(lo).Grouped(), DecFromRat(hi).Grouped(), unit)
	case lo != nil:
		return fmt.Sprintf("不能小于 %s%s", DecFromRat(lo).Grouped(), unit)
	case hi != nil:
		return fmt.Sprintf("不能大于 %s%s", DecFromRat(hi).Grouped(), unit)
	}
	return ""
}

// checkRules applies the cross-field rules to the valid answers, in an order
// where a rule reads its right side only once every rule that could refuse
// that value has run (see orderRules): a value a rule refuses moves to the
// invalid ones and no later rule reads it.
func (d *Definition) checkRules(dr *Draft) {
	for _, i := range d.ruleOrder {
		r := &d.Rules[i]
		if _, bad := dr.Invalid[r.Left]; bad {
			continue
		}
		left, lok := d.Number(dr.Answers, r.Left)
		right, rok := d.Number(dr.Answers, r.Right)
		if !lok || !rok {
			continue
		}
		if left > right || (r.Op == "<" && left == right) {
			q, _ := d.Question(r.Left)
			dr.typed[r.Left] = q.Encode(dr.Answers[r.Left])
			dr.Invalid[r.Left] = r.Message
			delete(dr.Answers, r.Left)
		}
	}
}

// orderRules puts each rule after every rule whose left side is its right
// side (digital ≤ total runs before networked ≤ digital reads digital). It
// reports false, keeping the file's order for the rest, when the rules form
// a cycle; Check refuses such a file.
func (d *Definition) orderRules() bool {
	d.ruleOrder = d.ruleOrder[:0]
	done := make([]bool, len(d.Rules))
	ready := func(i int) bool {
		for j, other := range d.Rules {
			if j != i && !done[j] && other.Left == d.Rules[i].Right {
				return false
			}
		}
		return true
	}
	for len(d.ruleOrder) < len(d.Rules) {
		progressed := false
		for i := range d.Rules {
			if !done[i] && ready(i) {
				done[i], progressed = true, true
				d.ruleOrder = append(d.ruleOrder, i)
			}
		}
		if !progressed {
			for i := range d.Rules {
				if !done[i] {
					d.ruleOrder = append(d.ruleOrder, i)
				}
			}
			return false
		}
	}
	return true
}

// numericAnswer returns an answered number question's value, if it applies.
func (d *Definition) numericAnswer(a Answers, id string) (*big.Rat, bool) {
	v, ok := d.Number(a, id)
	if !ok {
		return nil, false
	}
	return v.Rat(), true
}

// Number is an answered number question's value if the question applies
// (an amount entered under "no project" does not count).
func (d *Definition) Number(a Answers, id string) (decimal.Fixed2, bool) {
	q, ok := d.Question(id)
	if !ok || !q.Numeric() || !d.Applies(q, a) {
		return 0, false
	}
	v, ok := a[id]
	return v.Num, ok
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

// Unfinished is what stops a draft from being submitted: every required
// question that applies and has no valid answer, and every invalid answer,
// each with its message (an invalid answer's reason rather than "必答").
func (d *Definition) Unfinished(dr *Draft) FieldErrors {
	_, errs := d.Missing(dr.Answers)
	for id, why := range dr.Invalid {
		errs[id] = why
	}
	return errs
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
