package questionnaires

import (
	"fmt"
	"math/big"
	"sort"
	"strings"

	"healthcheck/decimal"
)

// Comparison is what two editions measure alike, so that a firm's results
// under each can be compared year on year. Items match by id; an item counts
// as the same measure only when both editions score it the same way (type,
// dimension, maximum, every option's score, a scene's weight, a derived
// item's ratio and bands). Items added, dropped or rescaled are left out of
// both sides, so a change reflects the firm, not the questionnaire.
type Comparison struct {
	From, To string // edition ids
	// Dimensions both editions have, in To's order.
	Dimensions []DimensionComparison
	// Titles of scored items only in To, only in From, and in both but
	// scored differently; dimensions only one edition has.
	Added, Dropped, Rescaled, OtherDimensions []string
}

// DimensionComparison lists a dimension's comparable items.
type DimensionComparison struct {
	Key   string
	Items []string // ids of items both editions score the same way, in To's order
	// Whole is true when these are all the dimension's items in both
	// editions: the stored percents then compare as they are.
	Whole bool
}

// scoredItem is one scored item as a comparison sees it.
type scoredItem struct {
	id, title, dimension string
	sig                  string // how it is scored; equal signatures score alike
}

// Compare sets out what from and to measure alike. An edition compared
// with itself measures everything alike.
func Compare(from, to *Definition) Comparison {
	c := Comparison{From: from.ID, To: to.ID}
	old := map[string]scoredItem{}
	for _, it := range from.scoredItems() {
		old[it.id] = it
	}
	common := map[string][]string{} // dimension → ids
	partial := map[string]bool{}    // dimension lost an item
	seen := map[string]bool{}
	for _, it := range to.scoredItems() {
		o, ok := old[it.id]
		seen[it.id] = true
		switch {
		case !ok:
			c.Added = append(c.Added, it.title)
			partial[it.dimension] = true
		case o.sig != it.sig || o.dimension != it.dimension:
			c.Rescaled = append(c.Rescaled, it.title)
			partial[it.dimension], partial[o.dimension] = true, true
		default:
			common[it.dimension] = append(common[it.dimension], it.id)
		}
	}
	for _, it := range from.scoredItems() {
		if !seen[it.id] {
			c.Dropped = append(c.Dropped, it.title)
			partial[it.dimension] = true
		}
	}
	for _, dim := range to.Dimensions {
		if _, ok := from.Dimension(dim.Key); !ok {
			c.OtherDimensions = append(c.OtherDimensions, dim.Key)
			continue
		}
		c.Dimensions = append(c.Dimensions, DimensionComparison{Key: dim.Key, Items: common[dim.Key],
			Whole: !partial[dim.Key] && len(common[dim.Key]) > 0})
	}
	for _, dim := range from.Dimensions {
		if _, ok := to.Dimension(dim.Key); !ok {
			c.OtherDimensions = append(c.OtherDimensions, dim.Key)
		}
	}
	return c
}

// Same reports whether the editions score everything alike: totals and
// levels then compare too.
func (c Comparison) Same() bool {
	if len(c.Added)+len(c.Dropped)+len(c.Rescaled)+len(c.OtherDimensions) > 0 {
		return false
	}
	for _, d := range c.Dimensions {
		if !d.Whole {
			return false
		}
	}
	return true
}

// scoredItems lists the scored questions and derived items in form order.
func (d *Definition) scoredItems() []scoredItem {
	var out []scoredItem
	for _, q := range d.order {
		if q.Scored() {
			out = append(out, scoredItem{id: q.ID, title: q.Title, dimension: q.Dimension, sig: q.signature()})
		}
	}
	for _, ds := range d.Derived {
		out = append(out, scoredItem{id: ds.ID, title: ds.Title, dimension: ds.Dimension, sig: ds.signature()})
	}
	return out
}

// signature writes down everything that decides a question's points.
func (q *Question) signature() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v", q.Type, q.MaxScore)
	opts := make([]string, 0, len(q.Options))
	for _, o := range q.Options {
		opts = append(opts, fmt.Sprintf("%s=%v/%t", o.Value, o.Score, o.Exclusive))
	}
	sort.Strings(opts)
	b.WriteString("|" + strings.Join(opts, ","))
	if q.Scene != nil {
		fmt.Fprintf(&b, "|w%d", q.Scene.Weight)
	}
	return b.String()
}

func (ds *DerivedScore) signature() string {
	return fmt.Sprintf("%s|%s/%s|%s|%v|%v", ds.MaxScore, ds.Ratio.Numerator, ds.Ratio.Denominator,
		ds.Bands.Closed, ds.Bands.Edges, ds.Bands.Scores)
}

// PercentOn scores the firm's answers on some of a dimension's items only:
// their raw points over their raw maximum, ×100, rounded once. On all of the
// dimension's items it equals the stored dimension percent. ok is false when
// no item of the list belongs to the dimension.
func (d *Definition) PercentOn(dimension string, items []string, a Answers, f Facts) (decimal.Fixed2, bool) {
	want := map[string]bool{}
	for _, id := range items {
		want[id] = true
	}
	s := d.context(a, f)
	got, top := new(big.Rat), new(big.Rat)
	for _, q := range d.order {
		if q.Dimension == dimension && want[q.ID] && q.MaxScore != nil {
			top.Add(top, q.MaxScore.Rat())
			if d.Applies(q, a) {
				got.Add(got, q.points(a[q.ID]))
			}
		}
	}
	for _, ds := range d.Derived {
		if ds.Dimension == dimension && want[ds.ID] {
			top.Add(top, ds.MaxScore.Rat())
			if pct := s.ratio(ds.Ratio); pct != nil {
				got.Add(got, ds.Bands.Lookup(pct))
			}
		}
	}
	if top.Sign() == 0 {
		return 0, false
	}
	return decimal.RoundHalfUp(got.Mul(got, big.NewRat(100, 1)).Quo(got, top)), true
}
