package analysis

import (
	"sort"
	"strings"

	"healthcheck/questionnaires"
)

// FlagLowInvestment is the flag of firms under 10亿 whose digital investment
// intensity is under 1% (投入不足); the 数字赋智 programme goes to them first.
const FlagLowInvestment = "low_investment"

// FlaggedFirm is one firm on a work list (the low-investment firms), with
// what an official needs to call on it.
type FlaggedFirm struct {
	CreditCode string `json:"credit_code"`
	Name       string `json:"name"`
	District   string `json:"district"`
	Industry   string `json:"industry"`
	Band       string `json:"band"`
	RevenueWan fixed  `json:"revenue_wan"`
	Total      fixed  `json:"total"`
	Level      string `json:"level"`
	// Indicator is the figure the flag tests (数字化投入强度, %), if any.
	Indicator *fixed `json:"indicator"`
	// Weakest is the dimension with the lowest percent (the first in the
	// definition's order on a tie).
	Weakest        string `json:"weakest"`
	WeakestPercent fixed  `json:"weakest_percent"`
}

// flagIndicator is the first indicator a flag's conditions test
// ("indicator:数字化投入强度"), or "".
func flagIndicator(def *questionnaires.Definition, code string) string {
	for _, fl := range def.Flags {
		if fl.Code != code {
			continue
		}
		for _, c := range fl.All {
			if key, ok := strings.CutPrefix(c.Ref, "indicator:"); ok {
				return key
			}
		}
	}
	return ""
}

func (b *Builder) flagged(f *Firm) FlaggedFirm {
	r := f.Result
	ff := FlaggedFirm{CreditCode: f.CreditCode, Name: f.Name, District: f.District, Industry: f.Industry,
		Band: f.Band, RevenueWan: f.RevenueWan, Total: r.Total, Level: r.Level}
	if iv, ok := r.Indicators[b.lowInvIndicator]; ok {
		ff.Indicator = iv.Value
	}
	for i, d := range b.def.Dimensions {
		if v := r.Dimensions[d.Key]; i == 0 || v < ff.WeakestPercent {
			ff.Weakest, ff.WeakestPercent = d.Key, v
		}
	}
	return ff
}

// sortFlagged orders a work list by district, industry, then credit code, so
// each district's officials find theirs together and the order is stable.
func sortFlagged(fs []FlaggedFirm) {
	sort.Slice(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.District != b.District {
			return a.District < b.District
		}
		if a.Industry != b.Industry {
			return a.Industry < b.Industry
		}
		return a.CreditCode < b.CreditCode
	})
}

// NeedCount is how many submitted firms asked for one kind of service, and
// their share of the submitted firms (nil for a withheld group).
type NeedCount struct {
	Key   string `json:"key"`
	Label string `json:"label"`
	Firms int    `json:"firms"`
	Share *fixed `json:"share"`
}

// needCounts lists every non-exclusive option of the needs question in the
// questionnaire's order, including kinds nobody asked for.
func (b *Builder) needCounts(submitted int) []NeedCount {
	return needCountsOf(b.def, b.needs, submitted)
}

// needCountsOf lists counts (option value → firms) as needCounts does.
func needCountsOf(def *questionnaires.Definition, counts map[string]int, submitted int) []NeedCount {
	q, ok := def.Question(def.NeedsQuestion)
	if !ok {
		return nil
	}
	var out []NeedCount
	for _, o := range q.Options {
		if o.Exclusive {
			continue
		}
		n := counts[o.Value]
		out = append(out, NeedCount{Key: o.Value, Label: o.Label, Firms: n, Share: GroupShare(n, submitted)})
	}
	return out
}
