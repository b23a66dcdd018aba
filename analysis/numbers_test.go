package analysis

import (
	"math/big"
	"testing"

	"healthcheck/decimal"
)

// fx parses a two-decimal literal.
func fx(s string) fixed {
	v, err := decimal.ParseFixed2(s)
	if err != nil {
		panic(err)
	}
	return v
}

func fxs(ss ...string) []fixed {
	out := make([]fixed, len(ss))
	for i, s := range ss {
		out[i] = fx(s)
	}
	return out
}

// text shows a figure as the API prints it, "null" for none.
func text(v *fixed) string {
	if v == nil {
		return "null"
	}
	return v.String()
}

func TestMeanRoundsOnceHalfUp(t *testing.T) {
	cases := []struct {
		xs   []fixed
		want string
	}{
		{fxs("10", "20", "30.01"), "20.00"},       // 60.01/3 = 20.00333…
		{fxs("0.01", "0", "0", "0.01"), "0.01"},   // 0.005 exactly: half up
		{fxs("33.33", "33.33", "33.34"), "33.33"}, // 100/3 = 33.333…
		{fxs("99.99", "100", "100"), "100.00"},    // 299.99/3 = 99.996…
		{fxs("1", "2"), "null"},                   // two firms: no mean
		{nil, "null"},
	}
	for _, c := range cases {
		if got := text(Mean(c.xs)); got != c.want {
			t.Errorf("Mean(%v) = %s, want %s", c.xs, got, c.want)
		}
	}
}

// Expected values are Excel's: =QUARTILE.INC({…}, 1), 2 and 3.
func TestQuartilesAreExcelQuartileInc(t *testing.T) {
	cases := []struct {
		xs          []fixed
		q1, med, q3 string
		desc        string
	}{
		{fxs("40", "10", "30", "20"), "17.50", "25.00", "32.50", "n=4, positions 0.75, 1.5, 2.25"},
		{fxs("11", "1", "7", "2", "4"), "2.00", "4.00", "7.00", "n=5, exact order statistics"},
		{fxs("0.01", "0.04", "0.02"), "0.02", "0.02", "0.03", "halfway hundredths round up: 0.015, 0.03"},
		{fxs("5", "5", "5"), "5.00", "5.00", "5.00", "ties"},
		{fxs("12.5", "30", "41.25", "55", "88.75", "60"), "32.81", "48.13", "58.75", "n=6: 30+0.25×11.25, (41.25+55)/2, 55+0.75×5"},
	}
	for _, c := range cases {
		q1, med, q3 := Quartiles(c.xs)
		if text(q1) != c.q1 || text(med) != c.med || text(q3) != c.q3 {
			t.Errorf("%s: Quartiles(%v) = %s %s %s, want %s %s %s", c.desc, c.xs, text(q1), text(med), text(q3), c.q1, c.med, c.q3)
		}
	}
	if q1, med, q3 := Quartiles(fxs("1", "2")); q1 != nil || med != nil || q3 != nil {
		t.Error("two firms must give no quartiles")
	}
	if got := text(QuartileInc(fxs("0", "100", "100"), big.NewRat(1, 3))); got != "66.67" {
		t.Errorf("PERCENTILE.INC at 1/3 = %s, want 66.67", got)
	}
}

func TestPercentileRankCountsHalfTheTies(t *testing.T) {
	cases := []struct {
		n, below, equal int64
		want            string
	}{
		{10, 3, 2, "40.00"}, // (3 + 1) / 10
		{3, 0, 1, "16.67"},  // 0.5 / 3 = 16.666…
		{3, 2, 1, "83.33"},  // 2.5 / 3
		{4, 0, 4, "50.00"},  // everyone equal
		{8, 7, 1, "93.75"},  // best of eight
		{200, 0, 1, "0.25"}, // worst of two hundred
		{2, 1, 1, "null"},   // fewer than three firms
	}
	for _, c := range cases {
		if got := text(PercentileRank(c.n, c.below, c.equal)); got != c.want {
			t.Errorf("PercentileRank(%d, %d, %d) = %s, want %s", c.n, c.below, c.equal, got, c.want)
		}
	}
}

func TestRatioAndShare(t *testing.T) {
	if got := text(Ratio(big.NewRat(130, 1), big.NewRat(260, 1))); got != "50.00" {
		t.Errorf("130/260 = %s", got)
	}
	if got := text(Ratio(big.NewRat(1, 1), big.NewRat(8, 1))); got != "12.50" {
		t.Errorf("1/8 = %s", got)
	}
	if got := text(Ratio(big.NewRat(1, 1), big.NewRat(0, 1))); got != "null" {
		t.Errorf("no denominator = %s", got)
	}
	if got := text(Share(2, 3)); got != "66.67" {
		t.Errorf("2 of 3 = %s", got)
	}
	if got := text(Share(0, 0)); got != "null" {
		t.Errorf("0 of 0 = %s", got)
	}
}
