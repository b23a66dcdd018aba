package report

import (
	"fmt"
	"html/template"
	"strconv"

	"healthcheck/analysis"
	"healthcheck/charts"
	"healthcheck/decimal"
	"healthcheck/figures"
	"healthcheck/questionnaires"
)

type fixed = decimal.Fixed2

// figure is a numbered chart of the report, with its data table.
type figure struct {
	N     int
	Title string // without the number
	ID    string
	HTML  template.HTML
	Table charts.Table
}

// reportFigures numbers the catalogue's figures in the order the report
// shows them.
type reportFigures struct {
	cat  *figures.Catalogue
	page charts.Page
	list []figure
	byID map[string]figure
}

// add draws an entry with the next number ("图7") in its drawn title; the
// figure keeps the catalogue's data table, note and source line.
func (fs *reportFigures) add(e figures.Entry) error {
	n := len(fs.list) + 1
	c, err := fs.cat.Draw(e, "图"+strconv.Itoa(n))
	if err := fs.page.Add(c, err); err != nil {
		return fmt.Errorf("report: figure %s: %w", e.ID, err)
	}
	h, err := c.HTML()
	if err != nil {
		return err
	}
	f := figure{N: n, Title: e.Title, ID: e.ID, HTML: h, Table: c.Table}
	fs.list = append(fs.list, f)
	if fs.byID == nil {
		fs.byID = map[string]figure{}
	}
	fs.byID[e.ID] = f
	return nil
}

// catalogue is the figure catalogue of the report's campaign.
func catalogue(d *Data) *figures.Catalogue {
	return &figures.Catalogue{Def: d.Def, District: d.Names.District, Industry: d.Names.Industry,
		Source: figures.SourceLine(d.City.Bureau, d.Campaign.Year)}
}

// buildFigures draws every figure of the report from the catalogue,
// section by section, so their numbers follow the reading order. The
// figures the dashboard also shows are the same entries, in the city view.
func buildFigures(d *Data) (*reportFigures, error) {
	c := catalogue(d)
	fs := &reportFigures{cat: c}
	a := &d.Annual
	city := figures.View{Own: &a.Stats, Area: "全市"}
	entries := []figures.Entry{
		c.Response(city),
		c.Totals(a), c.Levels(city), c.DimensionRadar(city), c.Indicators(city),
		c.BandScores(city), c.BandDims(a), c.BandLevels(a), c.BandIndicators(a),
		c.DistrictScores(a), c.DistrictDims(city), c.DistrictIndicators(a),
		c.IndustryScores(city), c.IndustryDims(a),
		c.Invest(a), c.FlagsByBand(a), c.FlagsByDistrict(a),
		c.Needs(city), c.NeedsByBand(a), c.NeedsByDistrict(a),
	}
	if a.Change != nil {
		y := figures.Years{Before: strconv.Itoa(d.Before.Year) + "年", Now: strconv.Itoa(d.Campaign.Year) + "年"}
		entries = append(entries, c.ChangeDims(a, y), c.ChangeDistricts(a, y), c.ChangeMoves(a))
	}
	for _, e := range entries {
		if err := fs.add(e); err != nil {
			return nil, err
		}
	}
	return fs, nil
}

// vocab holds what the figures and the text share: names, keys and the
// statistics.
type vocab struct {
	d    *Data
	s    *analysis.Stats
	a    *analysis.Annual
	dims []string
	// tableList are the report's tables (Table), listed on first use.
	tableList []reportTable
}

func newVocab(d *Data) *vocab {
	v := &vocab{d: d, s: &d.Annual.Stats, a: &d.Annual}
	for _, dim := range d.Def.Dimensions {
		v.dims = append(v.dims, dim.Key)
	}
	return v
}

func (v *vocab) district(code string) string { return v.d.Names.District(code) }

func (v *vocab) Industry(code string) string { return code + " " + v.d.Names.Industry(code) }

// industries are those with at least MinGroup submitted firms: the others
// show counts only.
func (v *vocab) industries() (shown, small []analysis.Group) {
	return figures.BigGroups(v.s.ByIndustry), figures.SmallGroups(v.s.ByIndustry)
}

func (v *vocab) flagLabel(code string) string { return figures.FlagLabel(v.d.Def, code) }

func target(ind questionnaires.Indicator) *fixed { return figures.Target(ind) }

// yi writes an amount of 万元 in 亿元 when it is a whole number of 亿.
func yi(wan fixed) string { return figures.Yi(wan) }

// short writes a threshold without trailing zeros: 1.00 → "1".
func short(v fixed) string { return figures.Short(v) }
