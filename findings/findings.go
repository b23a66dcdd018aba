// Package findings writes the 主要发现 at the front of the annual report:
// short statements computed from the year's figures by rules kept as data
// (rules.yaml, embedded as the default), each citing the figure or table
// its numbers come from. The package is pure: figures in, sentences out.
package findings

import (
	"bytes"
	_ "embed"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"healthcheck/analysis"
	"healthcheck/decimal"
	"healthcheck/policies"
	"healthcheck/questionnaires"
)

//go:embed rules.yaml
var defaultRules []byte

// Rule is one finding's rule.
type Rule struct {
	Kind   string `yaml:"kind"`
	By     string `yaml:"by"`    // lagging: band, district or industry
	Count  int    `yaml:"count"` // weakest_indicators: how many
	Title  string `yaml:"title"`
	Text   string `yaml:"text"`   // with {placeholders}
	Figure string `yaml:"figure"` // the anchor of the figure or table cited
}

// Finding is one statement with the numbers it cites.
type Finding struct {
	Kind, Title, Text, Figure string
	// Values are the placeholders as filled in, for the data book and tests.
	Values map[string]string
}

// placeholders are what each kind fills in.
var placeholders = map[string][]string{
	"lagging":            {"group", "mean", "city", "gap", "n"},
	"weakest_dimension":  {"dimension", "mean"},
	"weakest_indicators": {"list"},
	"under_line":         {"line", "submitted", "low_investment", "low_investment_share", "low_awareness", "low_awareness_share", "both"},
	"change":             {"before_year", "before", "now", "change"},
	"policy_budget":      {"year", "firms", "total", "line", "under_share", "low_share", "staff"},
	"service_gap":        {"gaps", "top", "top_firms"},
}

var placeholderRe = regexp.MustCompile(`\{([a-z_]+)\}`)

// Default is the built-in rules.
func Default() []Rule {
	rules, err := Parse(defaultRules)
	if err != nil {
		panic(err) // the embedded file is checked by tests
	}
	return rules
}

// Parse reads a rules file and checks every rule: a known kind, the
// placeholders it fills, a figure to cite.
func Parse(b []byte) ([]Rule, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var f struct {
		Rules []Rule `yaml:"rules"`
	}
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("findings: decode: %w", err)
	}
	var faults []string
	for i, r := range f.Rules {
		known, ok := placeholders[r.Kind]
		switch {
		case !ok:
			faults = append(faults, fmt.Sprintf("rule %d: unknown kind %q", i+1, r.Kind))
			continue
		case r.Title == "" || r.Text == "" || r.Figure == "":
			faults = append(faults, fmt.Sprintf("rule %d (%s): title, text and figure are required", i+1, r.Kind))
		case r.Kind == "lagging" && r.By != "band" && r.By != "district" && r.By != "industry":
			faults = append(faults, fmt.Sprintf("rule %d: lagging needs by: band, district or industry", i+1))
		case r.Kind == "weakest_indicators" && r.Count <= 0:
			faults = append(faults, fmt.Sprintf("rule %d: weakest_indicators needs a positive count", i+1))
		}
		for _, m := range placeholderRe.FindAllStringSubmatch(r.Text, -1) {
			if !slices.Contains(known, m[1]) {
				faults = append(faults, fmt.Sprintf("rule %d (%s): {%s} is not one of %s", i+1, r.Kind, m[1], strings.Join(known, ", ")))
			}
		}
	}
	if len(faults) > 0 {
		return nil, fmt.Errorf("findings: %s", strings.Join(faults, "; "))
	}
	return f.Rules, nil
}

// Input is the year's figures the rules read.
type Input struct {
	Def    *questionnaires.Definition
	Annual *analysis.Annual
	Names  analysis.Names
	// BeforeYear is the earlier campaign's year (Annual.Change's), 0 without.
	BeforeYear int
	// Line is the low-investment flag's revenue line in words (10亿元).
	Line string
	// Budget and Supply are nil when the year has no policies or register.
	Budget *policies.Budget
	Supply *analysis.Supply
}

// Compute applies the rules in order; a rule whose figures are missing
// gives no finding.
func Compute(rules []Rule, in Input) []Finding {
	var out []Finding
	for _, r := range rules {
		values := in.values(r)
		if values == nil {
			continue
		}
		text := placeholderRe.ReplaceAllStringFunc(r.Text, func(m string) string { return values[m[1:len(m)-1]] })
		out = append(out, Finding{Kind: r.Kind, Title: r.Title, Text: text, Figure: r.Figure, Values: values})
	}
	return out
}

// values computes a rule's placeholders, nil when it has nothing to say.
func (in Input) values(r Rule) map[string]string {
	s := &in.Annual.Stats
	switch r.Kind {
	case "lagging":
		return in.lagging(r.By)
	case "weakest_dimension":
		key, mean := "", (*decimal.Fixed2)(nil)
		for _, d := range in.Def.Dimensions {
			if m := s.All.Dimensions[d.Key].Mean; m != nil && (mean == nil || *m < *mean) {
				key, mean = d.Key, m
			}
		}
		if mean == nil {
			return nil
		}
		return map[string]string{"dimension": key, "mean": pct(mean)}
	case "weakest_indicators":
		return in.weakestIndicators(r.Count)
	case "under_line":
		u := in.Annual.Line.Under
		if u.Submitted == 0 {
			return nil
		}
		return map[string]string{"line": in.Line, "submitted": itoa(u.Submitted), "low_investment": itoa(u.LowInvestment),
			"low_investment_share": pct(u.LowInvestmentShare), "low_awareness": itoa(u.LowAwareness),
			"low_awareness_share": pct(u.LowAwarenessShare), "both": itoa(u.LowBoth)}
	case "change":
		c := in.Annual.Change
		if c == nil || c.Total.Before == nil || c.Total.Now == nil {
			return nil
		}
		return map[string]string{"before_year": itoa(in.BeforeYear), "before": c.Total.Before.String(),
			"now": c.Total.Now.String(), "change": Signed(c.Total.Change)}
	case "policy_budget":
		b := in.Budget
		if b == nil || b.Firm.Firms == 0 {
			return nil
		}
		return map[string]string{"year": itoa(b.Year), "firms": itoa(b.Firm.Firms), "total": Wan(b.Firm.Yuan),
			"line": in.Line, "under_share": pct(b.Under1BShare()), "low_share": pct(b.LowInvestmentShare()), "staff": Wan(b.Staff.Yuan)}
	case "service_gap":
		sp := in.Supply
		if sp == nil || sp.Providers == 0 || len(sp.Gaps) == 0 {
			return nil
		}
		g := sp.Gaps[0]
		return map[string]string{"gaps": itoa(len(sp.Gaps)), "top": in.Names.District(g.District) + "的" + g.Label,
			"top_firms": itoa(g.Demand)}
	}
	return nil
}

// lagging finds the group with the lowest mean total among those shown (a
// mean is given for 3 or more submitted firms only).
func (in Input) lagging(by string) map[string]string {
	s := &in.Annual.Stats
	groups, name := s.ByBand, func(k string) string { return k }
	switch by {
	case "district":
		groups, name = s.ByDistrict, in.Names.District
	case "industry":
		groups, name = s.ByIndustry, in.Names.Industry
	}
	city := s.All.Total.Mean
	var low *analysis.Group
	for i := range groups {
		g := &groups[i]
		if g.Total.Mean != nil && (low == nil || *g.Total.Mean < *low.Total.Mean) {
			low = g
		}
	}
	if low == nil || city == nil || *low.Total.Mean >= *city {
		return nil
	}
	gap := *city - *low.Total.Mean
	return map[string]string{"group": name(low.Key), "mean": low.Total.Mean.String(), "city": city.String(),
		"gap": gap.String(), "n": itoa(low.Total.N)}
}

// weakestIndicators lists the n lowest adoption rates of the city.
func (in Input) weakestIndicators(n int) map[string]string {
	type rate struct {
		key string
		v   decimal.Fixed2
	}
	var rates []rate
	for _, ind := range in.Def.Indicators {
		if v := in.Annual.Stats.All.Indicators[ind.Key]; ind.Kind != "ratio" && v != nil {
			rates = append(rates, rate{ind.Key, *v})
		}
	}
	if len(rates) == 0 {
		return nil
	}
	sort.SliceStable(rates, func(i, j int) bool { return rates[i].v < rates[j].v })
	var parts []string
	for _, r := range rates[:min(n, len(rates))] {
		parts = append(parts, r.key+" "+pct(&r.v))
	}
	return map[string]string{"list": strings.Join(parts, "、")}
}

func itoa(n int) string { return strconv.Itoa(n) }

func pct(v *decimal.Fixed2) string {
	if v == nil {
		return "—"
	}
	return v.String() + "%"
}

// Signed writes a change with its sign: +1.20, −0.35, 0.00.
func Signed(v *decimal.Fixed2) string {
	switch {
	case v == nil:
		return "—"
	case *v > 0:
		return "+" + v.String()
	case *v < 0:
		return "−" + strings.TrimPrefix(v.String(), "-")
	}
	return v.String()
}

// Wan shows 元 as 万元 with two decimals and grouped digits, as the
// 政策测算 chapter prints them: 3000000 → "300.00".
func Wan(yuan int64) string {
	return decimal.GroupDigits(decimal.RoundHalfUp(big.NewRat(yuan, 10000)).String())
}
