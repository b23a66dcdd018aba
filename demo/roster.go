package demo

import (
	"fmt"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strings"

	"healthcheck/city"
	"healthcheck/decimal"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// firm is one synthetic enterprise with its facts for every campaign year
// (index k follows the sorted years).
type firm struct {
	idx          int
	code         string
	name         string
	district     string
	industry     string
	contactName  string
	contactPhone string
	contactEmail string
	revenue      []decimal.Fixed2 // 万元, per year
	employees    []int            // per year
	maturity     []float64        // latent maturity on the logit scale, per year
}

// p is the firm's maturity in year k as a share 0–1: what the answers follow.
func (f *firm) p(k int) float64 { return 1 / (1 + math.Exp(-f.maturity[k])) }

// streams hands out independent random streams, all derived from the seed,
// so that one firm's draws never depend on how many draws another made.
type streams struct{ seed uint64 }

// of returns the stream named by tag for firm idx (idx -1: not a firm).
func (s streams) of(idx int, tag string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(tag))
	return rand.New(rand.NewPCG(s.seed, uint64(idx+1)<<40^h.Sum64()))
}

// Revenue shape (万元): firm sizes above a threshold follow a Pareto law, and
// for manufacturing firms its exponent is close to 1 (Zipf's law of firm
// sizes), so the number of firms with revenue at least x is about
// 1,750 × 1亿/x: half the roster is under 2亿, one firm in ten reaches
// 10亿, one in fifty 50亿, and about three firms 500亿. That matches the
// city's facts in docs/demo.md: 1,750+ firms above 1亿 (the 2020 health
// check), three Jiaxing firms above 500亿 in the 2021 浙商全国500强 list.
// ln(revenue/1亿) is then exponential with rate paretoExponent.
const (
	minRevenueWan  = 10000
	paretoExponent = 1.0
	maxRevenueWan  = 8_000_000
)

// makeRoster draws n firms for the given years in a fixed order.
func makeRoster(st streams, cfg *city.Config, n, years int) ([]*firm, error) {
	r := st.of(-1, "roster")
	districts := districtChoices(cfg)
	firms := make([]*firm, 0, n)
	codes, names := map[string]bool{}, map[string]bool{}
	for i := 0; i < n; i++ {
		d := pick(r, districts)
		f := &firm{idx: i, district: d.code}
		f.industry = drawIndustry(r, d)
		f.code = uniqueCode(r, d.code, codes)
		base := drawRevenue(r)
		name, err := uniqueName(r, d.prefix, industryOf(f.industry), base, names)
		if err != nil {
			return nil, err
		}
		f.name = name
		f.contactName, f.contactPhone, f.contactEmail = drawContact(r, i)
		f.grow(st, base, years)
		firms = append(firms, f)
	}
	return firms, nil
}

// districtChoices weighs the city's districts; a district the demo has no
// profile for (another city's) gets an average share and the city's spread.
func districtChoices(cfg *city.Config) []weighted[districtProfile] {
	out := make([]weighted[districtProfile], 0, len(cfg.Districts))
	for _, d := range cfg.Districts {
		p, ok := profileOf(d.Code)
		if !ok {
			p = districtProfile{code: d.Code, prefix: placeWord(d.Name), share: 14}
		}
		out = append(out, weighted[districtProfile]{p, p.share})
	}
	return out
}

func profileOf(code string) (districtProfile, bool) {
	for _, p := range districtProfiles {
		if p.code == code {
			return p, true
		}
	}
	return districtProfile{}, false
}

// placeWord drops the 市/区/县 of a district's name: 海宁市 → 海宁.
func placeWord(name string) string {
	for _, suf := range []string{"市", "区", "县"} {
		if s, ok := strings.CutSuffix(name, suf); ok && s != "" {
			return s
		}
	}
	return name
}

func drawIndustry(r *rand.Rand, d districtProfile) string {
	if len(d.local) > 0 && r.Float64() < localShare {
		return pick(r, d.local)
	}
	return pick(r, cityIndustries)
}

func industryOf(code string) industryProfile {
	for _, p := range industryProfiles {
		if p.code == code {
			return p
		}
	}
	return industryProfile{code: code, words: []string{"实业"}, perHead: 90, eqPerEmp: 0.5}
}

func uniqueCode(r *rand.Rand, district string, seen map[string]bool) string {
	for {
		c := newCreditCode(r, district, r.Float64() < 0.25)
		if !seen[c] {
			seen[c] = true
			return c
		}
	}
}

// uniqueName composes 地名 + 字号 + 行业 + 组织形式 until it is new. The 字号 has
// two characters, three once two are crowded.
func uniqueName(r *rand.Rand, place string, ind industryProfile, revenue float64, seen map[string]bool) (string, error) {
	for try := 0; try < 200; try++ {
		word := inventWord(r, 2+try/40)
		suffix := "有限公司"
		if r.Float64() < 0.08+0.3*math.Min(1, revenue/200000) {
			suffix = "股份有限公司"
		}
		name := place + word + ind.words[r.IntN(len(ind.words))] + suffix
		if !seen[name] {
			seen[name] = true
			return name, nil
		}
	}
	return "", fmt.Errorf("demo: could not invent a new firm name in %s", place)
}

func inventWord(r *rand.Rand, n int) string {
	out := make([]rune, 0, n)
	for len(out) < n {
		c := nameChars[r.IntN(len(nameChars))]
		if len(out) == 0 || out[len(out)-1] != c {
			out = append(out, c)
		}
	}
	return string(out)
}

// drawRevenue returns a first-year revenue in 万元 with two decimals at most.
func drawRevenue(r *rand.Rand) float64 {
	x := r.ExpFloat64() / paretoExponent
	rev := math.Min(minRevenueWan*math.Exp(x), maxRevenueWan)
	if r.IntN(2) == 0 {
		return math.Round(rev) // many rosters carry whole 万元
	}
	return math.Round(rev*100) / 100
}

func drawContact(r *rand.Rand, i int) (name, phone, email string) {
	name = string(surnames[r.IntN(len(surnames))])
	for n := 1 + r.IntN(2); n > 0; n-- {
		name += string(givenChars[r.IntN(len(givenChars))])
	}
	phone = fmt.Sprintf("13%d%08d", r.IntN(10), r.IntN(100_000_000))
	if r.Float64() < 0.4 {
		email = fmt.Sprintf("contact%04d@example.com", i+1)
	}
	return name, phone, email
}

// grow fills the per-year revenue, staff and maturity: revenue mostly grows
// a few percent a year, maturity rises for most firms.
func (f *firm) grow(st streams, base float64, years int) {
	r := st.of(f.idx, "growth")
	ind := industryOf(f.industry)
	rev := base
	m := -0.95 + 0.5*math.Log(base/minRevenueWan) + ind.shift + 0.6*r.NormFloat64()
	perHead := ind.perHead * math.Pow(base/minRevenueWan, 0.1) * math.Exp(0.35*r.NormFloat64())
	for k := 0; k < years; k++ {
		if k > 0 {
			g := clamp(1.06+0.08*r.NormFloat64(), 0.85, 1.3)
			rev = math.Min(math.Max(math.Round(rev*g*100)/100, minRevenueWan), maxRevenueWan)
			m += 0.3 + 0.2*r.NormFloat64()
			perHead *= math.Pow(g, 0.6) // productivity carries most of the growth
		}
		f.revenue = append(f.revenue, decimal.Fixed2(math.Round(rev*100)))
		f.employees = append(f.employees, max(20, int(math.Round(rev/perHead))))
		f.maturity = append(f.maturity, m)
	}
}

// rosterInputs is the campaign roster of year k.
func rosterInputs(firms []*firm, def *questionnaires.Definition, k int) []models.RosterInput {
	out := make([]models.RosterInput, len(firms))
	for i, f := range firms {
		out[i] = models.RosterInput{CreditCode: f.code, Name: f.name, District: f.district, Industry: f.industry,
			RevenueWan: f.revenue[k], Employees: f.employees[k], Band: def.BandOf(f.revenue[k]),
			ContactName: f.contactName, ContactPhone: f.contactPhone, ContactEmail: f.contactEmail}
	}
	return out
}

// pick draws one value by weight.
func pick[T any](r *rand.Rand, choices []weighted[T]) T {
	total := 0.0
	for _, c := range choices {
		total += c.w
	}
	x := r.Float64() * total
	for _, c := range choices {
		if x < c.w {
			return c.v
		}
		x -= c.w
	}
	return choices[len(choices)-1].v
}

func clamp(x, lo, hi float64) float64 { return math.Max(lo, math.Min(hi, x)) }
