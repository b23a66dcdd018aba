package questionnaires

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// GuidanceSuffix ends the name of an edition's advice file, kept beside it
// in defs/ (jiaxing-2020.advice.yaml next to jiaxing-2020.yaml).
const GuidanceSuffix = ".advice.yaml"

// Guidance is what the report tells a firm beyond its scores, kept as data
// beside the edition it belongs to: for each dimension, what its band (0–5)
// means and the steps towards the next band; and consistency checks that
// point at answers which contradict each other.
type Guidance struct {
	Edition    string              `yaml:"edition"`
	Dimensions []DimensionGuidance `yaml:"dimensions"`
	Checks     []ConsistencyCheck  `yaml:"checks"`
}

// DimensionGuidance is the advice for one dimension, one entry per band.
type DimensionGuidance struct {
	Key   string       `yaml:"key"`
	Bands []BandAdvice `yaml:"bands"`
}

// BandAdvice describes a dimension band and the steps from it to the next
// one (none for the top band).
type BandAdvice struct {
	Band    int      `yaml:"band"`
	Summary string   `yaml:"summary"`
	Steps   []string `yaml:"steps"`
}

// ConsistencyCheck warns when all its conditions hold: answers that do not
// fit together (MES in use but no equipment networked) or plans without the
// means to carry them out. The message is shown to the firm, in Chinese.
type ConsistencyCheck struct {
	ID      string      `yaml:"id"`
	Message string      `yaml:"message"`
	All     []Condition `yaml:"all"`
}

// Warning is a consistency check that fired.
type Warning struct {
	ID      string `json:"id"`
	Message string `json:"message"`
}

// ParseGuidance decodes an advice file and checks it against the edition it
// names; lookup finds an edition by id.
func ParseGuidance(b []byte, lookup func(id string) (*Definition, bool)) (*Guidance, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var g Guidance
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	def, ok := lookup(g.Edition)
	if !ok {
		return nil, fmt.Errorf("advice for unknown edition %q", g.Edition)
	}
	if err := g.check(def); err != nil {
		return nil, err
	}
	return &g, nil
}

// check verifies that every dimension has advice for every band, with steps
// below the top, and that every check names real questions and options.
func (g *Guidance) check(def *Definition) error {
	var faults []string
	fault := func(format string, args ...any) { faults = append(faults, fmt.Sprintf(format, args...)) }
	top := def.TopBand()
	seen := map[string]bool{}
	for _, dg := range g.Dimensions {
		if _, ok := def.Dimension(dg.Key); !ok || seen[dg.Key] {
			fault("dimension %q: unknown or repeated", dg.Key)
		}
		seen[dg.Key] = true
		if len(dg.Bands) != top+1 {
			fault("dimension %s: %d bands, want one for each of 0..%d", dg.Key, len(dg.Bands), top)
		}
		for i, b := range dg.Bands {
			switch {
			case b.Band != i:
				fault("dimension %s: bands[%d] is band %d, want %d (in order from 0)", dg.Key, i, b.Band, i)
			case strings.TrimSpace(b.Summary) == "":
				fault("dimension %s band %d: summary is empty", dg.Key, i)
			case i < top && len(b.Steps) == 0:
				fault("dimension %s band %d: steps towards band %d are missing", dg.Key, i, i+1)
			case i == top && len(b.Steps) > 0:
				fault("dimension %s band %d: the top band has no next band to step to", dg.Key, i)
			}
		}
	}
	for _, d := range def.Dimensions {
		if !seen[d.Key] {
			fault("dimension %s: no advice", d.Key)
		}
	}
	ids := map[string]bool{}
	for _, c := range g.Checks {
		if c.ID == "" || ids[c.ID] || strings.TrimSpace(c.Message) == "" || len(c.All) == 0 {
			fault("check %q: a unique id, a message and conditions are required", c.ID)
		}
		ids[c.ID] = true
		if err := def.CheckConditions("check "+c.ID, c.All); err != nil {
			faults = append(faults, err.Error())
		}
	}
	if len(faults) > 0 {
		return fmt.Errorf("advice for %q is broken:\n  %s", def.ID, strings.Join(faults, "\n  "))
	}
	return nil
}

// TopBand is the highest dimension band: 5 for bands 20 wide.
func (d *Definition) TopBand() int { return d.dimensionBand(FixedFromDec(D("100"))) }

// Band returns the advice for a dimension's band, and the next band's
// summary (empty at the top).
func (g *Guidance) Band(dimension string, band int) (BandAdvice, string, bool) {
	for _, dg := range g.Dimensions {
		if dg.Key != dimension || band < 0 || band >= len(dg.Bands) {
			continue
		}
		next := ""
		if band+1 < len(dg.Bands) {
			next = dg.Bands[band+1].Summary
		}
		return dg.Bands[band], next, true
	}
	return BandAdvice{}, "", false
}

// Warnings lists the checks whose conditions all hold, in file order.
func (g *Guidance) Warnings(def *Definition, a Answers, f Facts) []Warning {
	out := []Warning{}
	s := def.context(a, f)
	for _, c := range g.Checks {
		if s.all(c.All) {
			out = append(out, Warning{ID: c.ID, Message: c.Message})
		}
	}
	return out
}
