package survey

import (
	"context"
	"strings"

	"healthcheck/analysis"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// Diagnosis is where the firm stands, dimension by dimension and scene by
// scene, against the firms of its size band and of its industry, and what
// its dimension bands mean.
type Diagnosis struct {
	Dimensions []DimensionDiagnosis `json:"dimensions"`
	Scenes     []SceneDiagnosis     `json:"scenes"`
}

// DimensionDiagnosis is one dimension.
type DimensionDiagnosis struct {
	Key        string            `json:"key"`
	Percent    fixed             `json:"percent"`
	Band       int               `json:"band"`
	InBand     analysis.Standing `json:"in_band"`
	InIndustry analysis.Standing `json:"in_industry"`
	// Summary says what the band means, NextSummary what the next one does,
	// Steps how to get there (from the edition's advice file).
	Summary     string   `json:"summary"`
	NextSummary string   `json:"next_summary"`
	Steps       []string `json:"steps"`
	// Gaps are the items losing most points, with their next step.
	Gaps []questionnaires.ItemGap `json:"gaps"`
}

// SceneDiagnosis is one business scene.
type SceneDiagnosis struct {
	Scene      string            `json:"scene"`
	Title      string            `json:"title"`
	Group      string            `json:"group"`
	Constraint bool              `json:"constraint"`
	Level      int               `json:"level"`
	InBand     analysis.Standing `json:"in_band"`
	InIndustry analysis.Standing `json:"in_industry"`
}

// gapsShown is how many losing items a dimension lists.
const gapsShown = 3

// peerGroups are the firm's comparison groups: its size band and its
// industry in the campaign. Without a statistics service they are empty, and
// every standing shows counts only.
type peerGroups struct {
	band, industry *analysis.Peers
	// bandRates are the size band's indicator rates (for a yes/no
	// indicator, the share of its submitted firms that have it) and
	// bandSubmitted how many firms they are over.
	bandRates     map[string]*fixed
	bandSubmitted int
}

func (s *Service) peers(ctx context.Context, e *models.RosterEntry, c *models.Campaign) (peerGroups, error) {
	empty := analysis.NewPeers().Done()
	g := peerGroups{band: empty, industry: empty}
	if s.Stats == nil {
		return g, nil
	}
	// Aggregates over every firm of the campaign; a group under
	// analysis.MinGroup shows counts only, so no other firm can be read off.
	band, err := s.Stats.Of(ctx, models.CityScope(), c, models.FirmFilter{Band: e.Band})
	if err != nil {
		return g, err
	}
	ind, err := s.Stats.Of(ctx, models.CityScope(), c, models.FirmFilter{Industry: e.Industry})
	if err != nil {
		return g, err
	}
	return peerGroups{band: band.Peers, industry: ind.Peers, bandRates: band.Stats.All.Indicators,
		bandSubmitted: band.Stats.Submitted}, nil
}

// diagnose builds the diagnosis of a result.
func diagnose(def *questionnaires.Definition, g *questionnaires.Guidance, res questionnaires.Result,
	a questionnaires.Answers, f questionnaires.Facts, pg peerGroups) *Diagnosis {
	d := &Diagnosis{Dimensions: []DimensionDiagnosis{}, Scenes: []SceneDiagnosis{}}
	for _, dim := range def.Dimensions {
		pct := res.Dimensions[dim.Key]
		dd := DimensionDiagnosis{Key: dim.Key, Percent: pct, Band: res.DimensionBands[dim.Key],
			InBand: pg.band.Dimension(dim.Key, pct), InIndustry: pg.industry.Dimension(dim.Key, pct),
			Steps: []string{}, Gaps: def.ItemGaps(dim.Key, a, f)}
		if g != nil {
			if adv, next, ok := g.Band(dim.Key, dd.Band); ok {
				dd.Summary, dd.NextSummary, dd.Steps = adv.Summary, next, adv.Steps
			}
		}
		if len(dd.Gaps) > gapsShown {
			dd.Gaps = dd.Gaps[:gapsShown]
		}
		if dd.Gaps == nil {
			dd.Gaps = []questionnaires.ItemGap{}
		}
		d.Dimensions = append(d.Dimensions, dd)
	}
	for _, q := range def.Questions() {
		if q.Type != questionnaires.TypeScene {
			continue
		}
		lvl := res.Scenes[q.ID]
		d.Scenes = append(d.Scenes, SceneDiagnosis{Scene: q.ID, Title: q.Title, Group: q.Scene.Group,
			Constraint: q.Scene.Constraint, Level: lvl,
			InBand: pg.band.Scene(q.ID, lvl), InIndustry: pg.industry.Scene(q.ID, lvl)})
	}
	return d
}

// bandQ3 gives a scene's upper-quartile level in the firm's size band.
func (pg peerGroups) bandQ3(scene string) *fixed { return pg.band.Scene(scene, 0).Q3 }

// Adoption is a yes/no indicator (ERP, MES, 上云 …) of the firm beside the
// share of its size band's submitted firms that have it. A band median of
// such an indicator is 0 or 100 and says nothing; the share does.
type Adoption struct {
	Key  string `json:"key"`  // the indicator, "MES普及率"
	Name string `json:"name"` // what is used, "MES"
	// Uses is nil when the firm's answers leave it open.
	Uses *bool `json:"uses"`
	// BandShare is the percent of the band's submitted firms that have it;
	// nil while the band has fewer than analysis.MinGroup of them.
	BandShare *fixed `json:"band_share"`
}

// adoptions lists the firm's yes/no indicators against its size band.
func adoptions(def *questionnaires.Definition, indicators map[string]*fixed, pg peerGroups) []Adoption {
	out := []Adoption{}
	for _, ind := range def.Indicators {
		if ind.Kind != questionnaires.IndicatorAdoption {
			continue
		}
		a := Adoption{Key: ind.Key, Name: adoptionName(ind.Key)}
		if v := indicators[ind.Key]; v != nil {
			uses := *v > 0
			a.Uses = &uses
		}
		if pg.bandSubmitted >= analysis.MinGroup {
			a.BandShare = pg.bandRates[ind.Key]
		}
		out = append(out, a)
	}
	return out
}

// adoptionName turns an adoption rate's key into what is adopted:
// "MES普及率" → "MES", "上云率" → "上云".
func adoptionName(key string) string {
	for _, suffix := range []string{"普及率", "率"} {
		if n, ok := strings.CutSuffix(key, suffix); ok && n != "" {
			return n
		}
	}
	return key
}
