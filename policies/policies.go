// Package policies matches a firm to the city's support policies: which it
// may claim given the plans, titles and hires its questionnaire profile
// reports, and an estimate of each. The rules are data, one file per year,
// because the city changes them yearly: 2020.yaml is built in, later years
// are added by the bureau (`healthcheck policies add`). A campaign uses the
// file of its own year only; a year without one has no matches (the report
// says so) rather than another year's terms. Each policy says to whom the
// money goes: the firm, or its staff (talent subsidies paid to people), so a
// firm's estimate never counts what its employees receive. Amounts are
// integer 元, never floats. The package is pure: answers in, matches out.
package policies

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"math/big"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"healthcheck/decimal"
	"healthcheck/questionnaires"
)

//go:embed *.yaml
var embedded embed.FS

// Set is one year's policies.
type Set struct {
	Year     int      `yaml:"year"`
	Title    string   `yaml:"title"`
	Source   string   `yaml:"source"`
	Note     string   `yaml:"note"` // shown under the list: estimates are indicative
	Policies []Policy `yaml:"policies"`
}

// Policy is one support policy and how a firm's answers earn it.
type Policy struct {
	ID   string `yaml:"id"`
	Name string `yaml:"name"`
	// Rule states the policy's terms as published.
	Rule string `yaml:"rule"`
	// Condition is what makes it apply to this firm, a template whose
	// {question id} is replaced by the firm's answer.
	Condition string                     `yaml:"condition"`
	When      []questionnaires.Condition `yaml:"when"`
	Amount    Amount                     `yaml:"amount"`
	CapYuan   int64                      `yaml:"cap_yuan"` // 0: no cap
	ApplyAt   string                     `yaml:"apply_at"` // empty: the city's service platform
	// Recipient is who receives the money: RecipientFirm or RecipientStaff.
	Recipient string `yaml:"recipient"`
}

// Recipients of a policy's money.
const (
	// RecipientFirm: the firm claims and receives it (grants, awards).
	RecipientFirm = "firm"
	// RecipientStaff: paid to the firm's people (housing, living, post-doctoral
	// subsidies); listed for the firm's hiring plans, never in its own sum.
	RecipientStaff = "staff"
)

// Amount is how the sum is worked out; exactly one kind is set.
type Amount struct {
	Share    *Share    `yaml:"share"`
	ByOption *ByOption `yaml:"by_option"`
	PerUnit  []Term    `yaml:"per_unit"`
}

// Share is a rate of an amount the firm gives in 万元.
type Share struct {
	Ref   string             `yaml:"ref"`
	Label string             `yaml:"label"`
	Rate  questionnaires.Dec `yaml:"rate"`
}

// ByOption is a fixed sum by the option the firm chose; other options earn nothing.
type ByOption struct {
	Ref  string           `yaml:"ref"`
	Yuan map[string]int64 `yaml:"yuan"`
}

// Term is a sum per person or booth counted in an answer. With MaxYuan the
// sum is a range: Yuan is its lower bound, the estimate.
type Term struct {
	Ref     string `yaml:"ref"`
	Label   string `yaml:"label"`
	Unit    string `yaml:"unit"`
	Yuan    int64  `yaml:"yuan"`
	MaxYuan int64  `yaml:"max_yuan"`
	Limit   *Limit `yaml:"limit"`
}

// Limit caps a count at Per × another answer (at most 5 booths per fair);
// Label names what that answer counts (展会).
type Limit struct {
	Ref   string `yaml:"ref"`
	Label string `yaml:"label"`
	Per   int64  `yaml:"per"`
}

// Registry holds every year's set, oldest first.
//
// What it holds can be swapped whole (Adopt), so the server takes up a
// year's file the bureau stored after it started, or through another
// instance, without a restart.
type Registry struct {
	cur atomic.Pointer[[]*Set]
}

func newRegistry(sets []*Set) *Registry {
	r := &Registry{}
	r.cur.Store(&sets)
	return r
}

// Adopt makes r hold what next holds.
func (r *Registry) Adopt(next *Registry) { r.cur.Store(next.cur.Load()) }

// LoadEmbedded loads the policy files built into the binary and checks them
// against the questionnaire editions; the program refuses to start when it
// fails.
func LoadEmbedded(defs *questionnaires.Registry) (*Registry, error) {
	return LoadFS(embedded, ".", defs)
}

// Check parses one year's file and checks it as the loader does: its own
// consistency and that some questionnaire edition can evaluate every policy.
// `policies check` and `policies add` run it before anything is stored.
func Check(b []byte, defs *questionnaires.Registry) (*Set, error) {
	set, err := Parse(b)
	if err != nil {
		return nil, err
	}
	if err := set.fitsSome(defs); err != nil {
		return nil, err
	}
	return set, nil
}

// With returns a registry holding r's sets and set, which replaces r's set
// of the same year (a file the bureau added overrides the built-in one).
func (r *Registry) With(set *Set) *Registry {
	var sets []*Set
	for _, s := range r.Sets() {
		if s.Year != set.Year {
			sets = append(sets, s)
		}
	}
	sets = append(sets, set)
	sort.Slice(sets, func(i, j int) bool { return sets[i].Year < sets[j].Year })
	return newRegistry(sets)
}

// Count counts the set's policies by recipient.
func (s *Set) Count() (firm, staff int) {
	for _, p := range s.Policies {
		if p.Recipient == RecipientStaff {
			staff++
		} else {
			firm++
		}
	}
	return firm, staff
}

// Sets are the registry's sets, oldest first.
func (r *Registry) Sets() []*Set {
	if p := r.cur.Load(); p != nil {
		return *p
	}
	return nil
}

// LoadFS loads every *.yaml file of dir. Each set must fit at least one
// edition entirely (every question it names exists with the right type and
// options), which catches a misspelt id; at match time a policy that does
// not fit the campaign's edition is left out.
func LoadFS(fsys fs.FS, dir string, defs *questionnaires.Registry) (*Registry, error) {
	names, err := fs.Glob(fsys, dir+"/*.yaml")
	if err != nil {
		return nil, fmt.Errorf("policies: list %s: %w", dir, err)
	}
	var sets []*Set
	years := map[int]string{}
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("policies: read %s: %w", name, err)
		}
		set, err := Check(b, defs)
		if err != nil {
			return nil, fmt.Errorf("policies: %s: %w", name, err)
		}
		if other, dup := years[set.Year]; dup {
			return nil, fmt.Errorf("policies: %s: year %d is also in %s", name, set.Year, other)
		}
		years[set.Year] = name
		sets = append(sets, set)
	}
	if len(sets) == 0 {
		return nil, fmt.Errorf("policies: no policy file in %s", dir)
	}
	sort.Slice(sets, func(i, j int) bool { return sets[i].Year < sets[j].Year })
	return newRegistry(sets), nil
}

// For returns the set of a campaign year, nil when that year has none. It
// never falls back to an earlier year: last year's rates and caps are not
// this year's, and an estimate on them would mislead the firm.
func (r *Registry) For(year int) *Set {
	for _, s := range r.Sets() {
		if s.Year == year {
			return s
		}
	}
	return nil
}

// Parse decodes one year's file and checks its own consistency.
func Parse(b []byte) (*Set, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := s.check(); err != nil {
		return nil, err
	}
	return &s, nil
}

var placeholderRe = regexp.MustCompile(`\{([a-z0-9_]+)\}`)

func (s *Set) check() error {
	var faults []string
	fault := func(format string, args ...any) { faults = append(faults, fmt.Sprintf(format, args...)) }
	if s.Year < 2000 || s.Year > 2100 || s.Title == "" {
		fault("year (2000–2100) and title are required")
	}
	ids := map[string]bool{}
	for _, p := range s.Policies {
		where := "policy " + p.ID
		if p.ID == "" || ids[p.ID] || p.Name == "" || p.Rule == "" || p.Condition == "" {
			fault("%s: a unique id, name, rule and condition are required", where)
		}
		ids[p.ID] = true
		if p.CapYuan < 0 {
			fault("%s: cap_yuan is negative", where)
		}
		if p.Recipient != RecipientFirm && p.Recipient != RecipientStaff {
			fault("%s: recipient must be %s (the firm receives it) or %s (its staff do), not %q",
				where, RecipientFirm, RecipientStaff, p.Recipient)
		}
		for _, f := range p.Amount.faults() {
			fault("%s: %s", where, f)
		}
	}
	if len(s.Policies) == 0 {
		fault("no policies")
	}
	if len(faults) > 0 {
		return fmt.Errorf("policies of %d are broken:\n  %s", s.Year, strings.Join(faults, "\n  "))
	}
	return nil
}

func (a Amount) faults() []string {
	var out []string
	kinds := 0
	if a.Share != nil {
		kinds++
		if a.Share.Ref == "" || a.Share.Label == "" || a.Share.Rate.Sign() <= 0 || a.Share.Rate.Cmp(questionnaires.D("1")) > 0 {
			out = append(out, "share needs ref, label and a rate in (0, 1]")
		}
	}
	if a.ByOption != nil {
		kinds++
		if a.ByOption.Ref == "" || len(a.ByOption.Yuan) == 0 {
			out = append(out, "by_option needs ref and yuan by option")
		}
		for v, y := range a.ByOption.Yuan {
			if y <= 0 {
				out = append(out, fmt.Sprintf("by_option %s: yuan must be positive", v))
			}
		}
	}
	if a.PerUnit != nil {
		kinds++
		for _, t := range a.PerUnit {
			if t.Ref == "" || t.Label == "" || t.Unit == "" || t.Yuan <= 0 || (t.MaxYuan != 0 && t.MaxYuan < t.Yuan) {
				out = append(out, fmt.Sprintf("per_unit %s: ref, label, unit, positive yuan and max_yuan ≥ yuan are required", t.Ref))
			}
			if t.Limit != nil && (t.Limit.Ref == "" || t.Limit.Label == "" || t.Limit.Per <= 0) {
				out = append(out, fmt.Sprintf("per_unit %s: limit needs ref, label and a positive per", t.Ref))
			}
		}
	}
	if kinds != 1 {
		out = append(out, fmt.Sprintf("amount needs exactly one of share, by_option, per_unit; has %d", kinds))
	}
	return out
}

// fitsSome checks the set against the editions: at least one must take
// every policy.
func (s *Set) fitsSome(defs *questionnaires.Registry) error {
	var errs []string
	for _, id := range defs.IDs() {
		def, _ := defs.Get(id)
		var faults []string
		for i := range s.Policies {
			if err := s.Policies[i].fits(def); err != nil {
				faults = append(faults, err.Error())
			}
		}
		if len(faults) == 0 {
			return nil
		}
		errs = append(errs, fmt.Sprintf("against %s: %s", id, strings.Join(faults, "; ")))
	}
	return fmt.Errorf("the policies of %d fit no questionnaire edition:\n  %s", s.Year, strings.Join(errs, "\n  "))
}

// fits reports what of the policy the edition cannot evaluate.
func (p *Policy) fits(def *questionnaires.Definition) error {
	var faults []string
	need := func(ref, kind string) *questionnaires.Question {
		q, ok := def.Question(ref)
		switch {
		case !ok:
			faults = append(faults, fmt.Sprintf("%s: unknown question %q", p.ID, ref))
		case kind == "number" && !q.Numeric():
			faults = append(faults, fmt.Sprintf("%s: %s is not a number", p.ID, ref))
		case kind == "single" && q.Type != questionnaires.TypeSingle:
			faults = append(faults, fmt.Sprintf("%s: %s is not a single choice", p.ID, ref))
		default:
			return q
		}
		return nil
	}
	if err := def.CheckConditions(p.ID+" when", p.When); err != nil {
		faults = append(faults, err.Error())
	}
	a := p.Amount
	if a.Share != nil {
		need(a.Share.Ref, "number")
	}
	if a.ByOption != nil {
		if q := need(a.ByOption.Ref, "single"); q != nil {
			for v := range a.ByOption.Yuan {
				if _, ok := q.Option(v); !ok {
					faults = append(faults, fmt.Sprintf("%s: %s has no option %q", p.ID, q.ID, v))
				}
			}
		}
	}
	for _, t := range a.PerUnit {
		need(t.Ref, "number")
		if t.Limit != nil {
			need(t.Limit.Ref, "number")
		}
	}
	for _, m := range placeholderRe.FindAllStringSubmatch(p.Condition, -1) {
		if q := need(m[1], ""); q != nil && !q.Numeric() && q.Type != questionnaires.TypeSingle {
			faults = append(faults, fmt.Sprintf("%s: condition shows %s, which is neither a number nor a single choice", p.ID, m[1]))
		}
	}
	if len(faults) > 0 {
		return fmt.Errorf("%s", strings.Join(faults, "; "))
	}
	return nil
}

// Match is a policy the firm may claim, with the estimate and its working.
type Match struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	// Condition is what in the firm's answers makes the policy apply.
	Condition string `json:"condition"`
	// AmountYuan is the estimate (a range's lower bound), after caps.
	AmountYuan int64 `json:"amount_yuan"`
	// AmountMaxYuan is a range's upper bound; equal to AmountYuan otherwise.
	AmountMaxYuan int64  `json:"amount_max_yuan"`
	Basis         string `json:"basis"` // how the estimate was worked out
	Rule          string `json:"rule"`
	ApplyAt       string `json:"apply_at"`
	// Recipient is who receives the money (RecipientFirm, RecipientStaff).
	Recipient string `json:"recipient"`
}

// ForFirm reports whether the firm itself receives the money.
func (m Match) ForFirm() bool { return m.Recipient == RecipientFirm }

// Match lists the set's policies the answers earn, in file order. applyAt is
// where to apply when a policy names no place (the city's service platform).
func (s *Set) Match(def *questionnaires.Definition, a questionnaires.Answers, f questionnaires.Facts, applyAt string) []Match {
	return s.match(def, a, f, applyAt, true)
}

// Matcher matches answers of one edition against a set's policies, with
// what depends only on the edition worked out once: which policies it can
// evaluate. The annual report matches every submitted firm through one.
type Matcher struct {
	set *Set
	def *questionnaires.Definition
	fit []bool // fit[i]: the edition can evaluate set.Policies[i]
}

// Matcher prepares matching answers of def against the set. The set must
// not change while the matcher is in use.
func (s *Set) Matcher(def *questionnaires.Definition) *Matcher {
	m := &Matcher{set: s, def: def, fit: make([]bool, len(s.Policies))}
	for i := range s.Policies {
		m.fit[i] = s.Policies[i].fits(def) == nil
	}
	return m
}

// match is Match; without words it leaves out each match's condition and
// basis sentences (the annual report adds up only the amounts, for every
// submitted firm), and the amounts are the same.
func (s *Set) match(def *questionnaires.Definition, a questionnaires.Answers, f questionnaires.Facts, applyAt string, words bool) []Match {
	return s.Matcher(def).match(a, f, applyAt, words)
}

func (m *Matcher) match(a questionnaires.Answers, f questionnaires.Facts, applyAt string, words bool) []Match {
	def := m.def
	out := []Match{}
	for i := range m.set.Policies {
		p := &m.set.Policies[i]
		if !m.fit[i] || !def.Holds(p.When, a, f) {
			continue
		}
		low, high, basis := p.Amount.estimate(def, a, words)
		if high <= 0 {
			continue
		}
		if p.CapYuan > 0 && high > p.CapYuan {
			if words {
				basis += "，超过上限，按" + Wan(p.CapYuan) + "计"
			}
			low, high = min(low, p.CapYuan), p.CapYuan
		}
		mt := Match{ID: p.ID, Name: p.Name, AmountYuan: low, AmountMaxYuan: high, Basis: basis, Rule: p.Rule,
			ApplyAt: p.ApplyAt, Recipient: p.Recipient}
		if words {
			mt.Condition = render(p.Condition, def, a)
		}
		if mt.ApplyAt == "" {
			mt.ApplyAt = applyAt
		}
		out = append(out, mt)
	}
	return out
}

// estimate works out the amount before the cap: its range and, with
// words, a line showing the arithmetic.
func (a Amount) estimate(def *questionnaires.Definition, ans questionnaires.Answers, words bool) (low, high int64, basis string) {
	switch {
	case a.Share != nil:
		base, ok := def.Number(ans, a.Share.Ref)
		if !ok {
			return 0, 0, ""
		}
		// 万元 in hundredths ×100 = 元.
		y := new(big.Rat).Mul(big.NewRat(int64(base)*100, 1), a.Share.Rate.Rat())
		v := yuan(y)
		if !words {
			return v, v, ""
		}
		pct := new(big.Rat).Mul(a.Share.Rate.Rat(), big.NewRat(100, 1))
		return v, v, fmt.Sprintf("%s%s × %s%% = %s", a.Share.Label, Wan(int64(base)*100),
			questionnaires.DecFromRat(pct), Wan(v))
	case a.ByOption != nil:
		v := ans[a.ByOption.Ref].Str
		y, ok := a.ByOption.Yuan[v]
		if !ok || !words {
			return y, y, ""
		}
		q, _ := def.Question(a.ByOption.Ref)
		return y, y, fmt.Sprintf("%s：%s", q.OptionLabel(v), Wan(y))
	}
	var parts []string
	for _, t := range a.PerUnit {
		n, note := t.count(def, ans, words)
		if n <= 0 {
			continue
		}
		hi := t.Yuan
		if t.MaxYuan > 0 {
			hi = t.MaxYuan
		}
		low += n * t.Yuan
		high += n * hi
		if words {
			parts = append(parts, fmt.Sprintf("%s%d%s%s × %s", t.Label, n, t.Unit, note, Span(t.Yuan, hi)))
		}
	}
	if high == 0 || !words {
		return low, high, ""
	}
	return low, high, strings.Join(parts, " + ") + " = " + Span(low, high)
}

// count is the number of units a term counts, after its limit, and, with
// words, a note saying how the limit applied.
func (t Term) count(def *questionnaires.Definition, ans questionnaires.Answers, words bool) (int64, string) {
	v, ok := def.Number(ans, t.Ref)
	if !ok {
		return 0, ""
	}
	n := int64(v) / 100 // counts are whole numbers
	if t.Limit == nil {
		return n, ""
	}
	lv, _ := def.Number(ans, t.Limit.Ref)
	most := int64(lv) / 100 * t.Limit.Per
	if n <= most || !words {
		return min(n, most), ""
	}
	q, _ := def.Question(t.Limit.Ref)
	return most, fmt.Sprintf("（填报%d%s，按%d%s%s、每个%s最多%d%s计）", n, t.Unit, int64(lv)/100, q.Unit,
		t.Limit.Label, t.Limit.Label, t.Limit.Per, t.Unit)
}

// yuan rounds a rational sum of 元 half up to a whole 元.
func yuan(r *big.Rat) int64 {
	// RoundHalfUp rounds to hundredths, so round r/100 and read hundredths.
	return int64(decimal.RoundHalfUp(new(big.Rat).Quo(r, big.NewRat(100, 1))))
}

// Wan shows an amount of 元 in 万元 with as many decimals as it needs:
// 125000 → "12.5万元".
func Wan(y int64) string {
	return questionnaires.DecFromRat(big.NewRat(y, 10000)).String() + "万元"
}

// Span shows a sum, or a range of sums when high is above low.
func Span(low, high int64) string {
	if low == high {
		return Wan(low)
	}
	return strings.TrimSuffix(Wan(low), "万元") + "万–" + Wan(high)
}

// render fills the condition template with the firm's answers.
func render(tpl string, def *questionnaires.Definition, a questionnaires.Answers) string {
	return placeholderRe.ReplaceAllStringFunc(tpl, func(m string) string {
		id := m[1 : len(m)-1]
		q, _ := def.Question(id)
		if q.Numeric() {
			if v, ok := def.Number(a, id); ok {
				return questionnaires.DecFromRat(v.Rat()).String()
			}
			return "0"
		}
		return q.OptionLabel(a[id].Str)
	})
}
