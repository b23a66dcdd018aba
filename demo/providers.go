package demo

import (
	"context"
	"math/rand/v2"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/providers"
	"healthcheck/questionnaires"
)

// The demo's register of service providers (服务商名录): a few dozen firms,
// most of them software and integration houses in the central districts,
// few offering security, training or finance, and few serving the outer
// counties; the seed's finding that providers are too few shows as gaps
// where firms want help nobody offers there.

// providerCount is the register's length: about one provider for fifty
// firms above 1亿, as a city like Jiaxing has.
const providerCount = 36

// kindOdds is how likely a provider offers each kind of service.
var kindOdds = map[string]float64{
	"software": 0.45, "integration": 0.4, "diagnosis": 0.3, "cloud": 0.3, "network": 0.25,
	"data": 0.2, "training": 0.12, "security": 0.12, "finance": 0.1,
}

// providerWords make names: a place, a word and a company form.
var (
	providerWords = []string{"智造", "云联", "数智", "工联", "慧通", "新致", "中控", "创元", "博数", "鼎信",
		"联创", "睿思", "卓远", "易达", "天工", "智汇", "数联", "恒信"}
	providerForms = []string{"科技有限公司", "信息技术有限公司", "数字科技有限公司", "管理咨询有限公司",
		"网络科技有限公司", "软件有限公司", "工业互联网有限公司"}
)

// makeProviders draws the register, the same for the same seed.
func makeProviders(st streams, cfg *city.Config, def *questionnaires.Definition) []models.Provider {
	r := st.of(-1, "providers")
	kinds := providers.Kinds(def)
	districts := districtChoices(cfg)
	// The central districts host most providers: weigh them up.
	for i := range districts {
		if districts[i].v.code == "330402" || districts[i].v.code == "330411" {
			districts[i].w *= 3
		}
	}
	seen := map[string]bool{}
	var out []models.Provider
	for len(out) < providerCount {
		home := pick(r, districts)
		name := home.prefix + providerWords[r.IntN(len(providerWords))] + providerForms[r.IntN(len(providerForms))]
		if seen[name] {
			continue
		}
		seen[name] = true
		served := drawServed(r, cfg, home.code)
		out = append(out, models.Provider{Name: name, Services: drawKinds(r, kinds, len(served) < len(cfg.Districts)),
			Districts: served, Certified: r.Float64() < 0.3})
	}
	return out
}

// rareOdds marks the kinds few providers offer (training, security,
// finance): only local providers do, so some districts have none.
const rareOdds = 0.15

// drawKinds picks the kinds a provider offers, at least one; rare kinds
// only when it is local.
func drawKinds(r *rand.Rand, kinds []providers.Kind, local bool) []string {
	for {
		var out []string
		for _, k := range kinds {
			odds := kindOdds[k.Value]
			if r.Float64() < odds && (local || odds >= rareOdds) {
				out = append(out, k.Value)
			}
		}
		if len(out) > 0 {
			return out
		}
	}
}

// drawServed is the districts a provider serves: the whole city for a
// tenth of them, otherwise its own and now and then a neighbour.
func drawServed(r *rand.Rand, cfg *city.Config, home string) []string {
	if r.Float64() < 0.1 {
		out := make([]string, len(cfg.Districts))
		for i, d := range cfg.Districts {
			out[i] = d.Code
		}
		return out
	}
	var out []string
	for _, d := range cfg.Districts {
		if d.Code == home || r.Float64() < 0.12 {
			out = append(out, d.Code)
		}
	}
	return out
}

// storeProviders writes the demo's register with its audit line.
func storeProviders(ctx context.Context, store *models.Store, st streams, cfg *city.Config, def *questionnaires.Definition) error {
	ps := makeProviders(st, cfg, def)
	return store.ReplaceProviders(ctx, ps, "demo", "演示服务商名录")
}
