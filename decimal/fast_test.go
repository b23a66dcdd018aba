package decimal

import (
	"encoding/json"
	"math"
	"math/big"
	"strconv"
	"testing"
)

// The fast path must read exactly what the exact path reads, and leave
// everything else to it.
func TestParseHundredthsAgreesWithTheExactPath(t *testing.T) {
	inputs := []string{"0", "-0", "1", "12.5", "12.50", "61.05", "-0.05", "-12.34", "100", "1750", "0.01",
		"999999999999999", "999999999999999.99", "1e2", "1.234", "01", "-", ".5", "5.", "1,5", " 1", "12.3.4", "--1", "1a"}
	for i := -2000; i <= 2000; i += 7 {
		inputs = append(inputs, strconv.FormatFloat(float64(i)/100, 'f', -1, 64))
	}
	for _, in := range inputs {
		fast, ok := ParseHundredths([]byte(in))
		var n json.Number
		exactErr := json.Unmarshal([]byte(in), &n)
		var exact Fixed2
		if exactErr == nil {
			exact, exactErr = ParseFixed2(n.String())
		}
		switch {
		case ok && exactErr != nil:
			t.Errorf("%q: fast path took %v, exact path refuses: %v", in, fast, exactErr)
		case ok && fast != exact:
			t.Errorf("%q: fast %v, exact %v", in, fast, exact)
		}
		var viaJSON Fixed2
		err := json.Unmarshal([]byte(in), &viaJSON)
		if (err == nil) != (exactErr == nil) || (err == nil && viaJSON != exact) {
			t.Errorf("%q: UnmarshalJSON %v %v, exact %v %v", in, viaJSON, err, exact, exactErr)
		}
	}
	if v, ok := ParseHundredths([]byte("-12.3")); !ok || v != -1230 {
		t.Fatalf("-12.3 → %v %v", v, ok)
	}
}

// roundEdges are fractions where integer rounding could go wrong: signs,
// exact halves, one off a half, denominators that do not divide 100, and
// the ends of int64.
var roundEdges = []struct{ num, den int64 }{
	{0, 1}, {1, 200}, {-1, 200}, {1, 201}, {1, 199}, {-1, 199}, {-1, 201},
	{5, 1000}, {-5, 1000}, {4999, 1000000}, {-4999, 1000000}, {2675, 1000}, {1005, 1000},
	{1, 3}, {2, 3}, {-2, 3}, {75, 13}, {1380, 104}, {-1380, 104}, {1, 7}, {-1, 7},
	{math.MaxInt64, 1}, {math.MinInt64, 1}, {math.MaxInt64 / 100, 1}, {-(math.MaxInt64 / 100), 1},
	{math.MaxInt64/100 + 1, 1}, {math.MaxInt64, 100}, {math.MinInt64, 100}, {math.MaxInt64, 99},
	{math.MaxInt64, math.MaxInt64}, {math.MinInt64 + 1, math.MaxInt64}, {1, math.MaxInt64},
	{math.MaxInt64 - 1, math.MaxInt64}, {math.MaxInt64 / 2, math.MaxInt64}, {math.MaxInt64/200 + 1, math.MaxInt64},
	{92233720368547758, 1}, {-92233720368547758, 1}, {9223372036854775807, 200}, {-9223372036854775807, 200},
}

// checkRound compares RoundHalfUp's integer path with the big.Rat one on
// num/den, when the integer path takes the value.
func checkRound(t *testing.T, num, den int64) {
	t.Helper()
	r := big.NewRat(num, den) // reduced, as every big.Rat is
	want := roundRat(r)
	if got := RoundHalfUp(r); got != want {
		t.Errorf("RoundHalfUp(%d/%d) = %d, big.Rat %d", num, den, got, want)
	}
	if den <= 0 {
		return
	}
	if got, ok := roundInt64(num, den); ok && got != want {
		t.Errorf("roundInt64(%d, %d) = %d, big.Rat %d", num, den, got, want)
	}
}

func TestRoundHalfUpIntegerPathAgreesWithBigRat(t *testing.T) {
	for _, c := range roundEdges {
		checkRound(t, c.num, c.den)
	}
	for num := int64(-3000); num <= 3000; num++ {
		for _, den := range []int64{1, 2, 3, 7, 8, 100, 200, 400, 1000, 3000} {
			checkRound(t, num, den)
		}
	}
	// The edges the integer path hands over are still rounded exactly.
	if _, ok := roundInt64(math.MaxInt64, 1); ok {
		t.Error("roundInt64 took a value whose hundredths overflow int64")
	}
	if v, ok := roundInt64(math.MaxInt64/100, 1); !ok || v != math.MaxInt64/100*100 {
		t.Errorf("roundInt64(MaxInt64/100) = %d, %v", v, ok)
	}
}

func FuzzRoundHalfUp(f *testing.F) {
	for _, c := range roundEdges {
		f.Add(c.num, c.den)
	}
	f.Fuzz(func(t *testing.T, num, den int64) {
		if den == 0 {
			return
		}
		checkRound(t, num, den)
	})
}

// BenchmarkRoundHalfUp rounds an answer-sized value (1234.5 万元 × 3%) on
// the integer path, beside the big.Rat path it replaces (baseline).
func BenchmarkRoundHalfUp(b *testing.B) {
	r := new(big.Rat).Mul(big.NewRat(123450, 100), big.NewRat(3, 100))
	for _, c := range []struct {
		name  string
		round func(*big.Rat) Fixed2
	}{{"big_rat_baseline", roundRat}, {"int64", RoundHalfUp}} {
		b.Run(c.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if c.round(r) != 3704 {
					b.Fatal("wrong rounding")
				}
			}
		})
	}
}
