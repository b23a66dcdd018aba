// Package reference holds the figures the city and the province publish
// about digital transformation (两化融合发展水平总指数, 企业上云数, pilot
// projects…), which the annual report quotes beside the survey's own in a
// box headed 参考. They are data, one file a year, each figure with its
// source: 2020.yaml is built in, later years are added by the bureau
// (`healthcheck reference add`). They are quoted, never computed or mixed
// with the survey's figures. The package is pure.
package reference

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync/atomic"

	"gopkg.in/yaml.v3"

	"healthcheck/decimal"
)

//go:embed *.yaml
var embedded embed.FS

// Set is one year's published figures of a city.
type Set struct {
	City    string   `yaml:"city"` // GB/T 2260 code
	Year    int      `yaml:"year"`
	Figures []Figure `yaml:"figures"`
}

// Figure is one published figure.
type Figure struct {
	Name string `yaml:"name"`
	// Value is the figure as published (a plain decimal), empty for a
	// ranking or a statement that has no number of its own.
	Value  string `yaml:"value"`
	Unit   string `yaml:"unit"`
	Note   string `yaml:"note"`
	Source string `yaml:"source"`
	// Compare names the survey's indicators (the questionnaire's keys:
	// 设备联网率, 上云率…) that measure the same thing, which the report's
	// reference panel prints beside the figure; empty when the survey has
	// no counterpart (两化融合发展水平总指数).
	Compare []string `yaml:"compare"`
}

// Amount shows the value with its unit ("35,861家"), empty without a value.
func (f Figure) Amount() string {
	if f.Value == "" {
		return ""
	}
	return decimal.GroupDigits(f.Value) + f.Unit
}

// Line shows the figure as the report quotes it: "企业上云累计 35,861家（截至2020年）".
func (f Figure) Line() string {
	s := f.Name
	if f.Value != "" {
		s += " " + f.Amount()
	}
	if f.Note != "" {
		s += "（" + f.Note + "）"
	}
	return s
}

// Sources lists the set's sources once each, in the order they first appear.
func (s *Set) Sources() []string {
	var out []string
	seen := map[string]bool{}
	for _, f := range s.Figures {
		if !seen[f.Source] {
			seen[f.Source] = true
			out = append(out, f.Source)
		}
	}
	return out
}

var cityRe = regexp.MustCompile(`^[0-9]{6}$`)

// Parse decodes one year's file and checks it, listing every fault with
// the figure it is in.
func Parse(b []byte) (*Set, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	var s Set
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	var faults []string
	fault := func(format string, args ...any) { faults = append(faults, fmt.Sprintf(format, args...)) }
	if !cityRe.MatchString(s.City) {
		fault("city %q: a six-digit GB/T 2260 code is required", s.City)
	}
	if s.Year < 2000 || s.Year > 2100 {
		fault("year %d: 2000–2100 is required", s.Year)
	}
	if len(s.Figures) == 0 {
		fault("no figures")
	}
	names := map[string]bool{}
	for i, f := range s.Figures {
		where := fmt.Sprintf("figures[%d] %s", i, f.Name)
		if f.Name == "" || names[f.Name] {
			fault("%s: a unique name is required", where)
		}
		names[f.Name] = true
		if f.Source == "" {
			fault("%s: source is required (a published figure is quoted with where it was published)", where)
		}
		if f.Value != "" {
			if _, err := decimal.ParseRat(f.Value); err != nil || strings.TrimSpace(f.Value) != f.Value {
				fault("%s: value %q is not a plain decimal as published (write 35861, not 3.59万)", where, f.Value)
			}
		} else if f.Note == "" {
			fault("%s: a figure without a value needs a note saying what it is", where)
		}
		seen := map[string]bool{}
		for _, k := range f.Compare {
			if strings.TrimSpace(k) == "" || seen[k] {
				fault("%s: compare %q: each indicator is named once", where, k)
			}
			seen[k] = true
		}
	}
	if len(faults) > 0 {
		return nil, fmt.Errorf("reference figures of %d are broken:\n  %s", s.Year, strings.Join(faults, "\n  "))
	}
	return &s, nil
}

// CheckCompare names every indicator the figures compare with that known
// (the questionnaire editions' indicator keys) does not hold.
func (s *Set) CheckCompare(known func(key string) bool) error {
	var faults []string
	for i, f := range s.Figures {
		for _, k := range f.Compare {
			if !known(k) {
				faults = append(faults, fmt.Sprintf("figures[%d] %s: compare %q is not an indicator of any questionnaire edition", i, f.Name, k))
			}
		}
	}
	if len(faults) > 0 {
		return fmt.Errorf("reference figures of %d compare with unknown indicators:\n  %s", s.Year, strings.Join(faults, "\n  "))
	}
	return nil
}

// Registry holds the sets by city and year.
//
// What it holds can be swapped whole (Adopt), so the server quotes figures
// the bureau stored after it started, or through another instance, without
// a restart. A nil or zero Registry holds nothing.
type Registry struct {
	cur atomic.Pointer[[]*Set]
}

func newRegistry(sets []*Set) *Registry {
	r := &Registry{}
	r.cur.Store(&sets)
	return r
}

// Adopt makes r hold what next holds.
func (r *Registry) Adopt(next *Registry) { r.cur.Store(next.cur.Load()) }

// LoadEmbedded loads the built-in files; the program refuses to start when
// one is broken.
func LoadEmbedded() (*Registry, error) {
	names, err := embedded.ReadDir(".")
	if err != nil {
		return nil, fmt.Errorf("reference: %w", err)
	}
	r := newRegistry(nil)
	for _, n := range names {
		b, err := embedded.ReadFile(n.Name())
		if err != nil {
			return nil, fmt.Errorf("reference: %w", err)
		}
		set, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("reference: %s: %w", n.Name(), err)
		}
		r = r.With(set)
	}
	return r, nil
}

// With returns a registry holding r's sets and set, which replaces r's set
// of the same city and year.
func (r *Registry) With(set *Set) *Registry {
	var sets []*Set
	for _, s := range r.Sets() {
		if s.City != set.City || s.Year != set.Year {
			sets = append(sets, s)
		}
	}
	sets = append(sets, set)
	sort.Slice(sets, func(i, j int) bool {
		a, b := sets[i], sets[j]
		return a.City < b.City || (a.City == b.City && a.Year < b.Year)
	})
	return newRegistry(sets)
}

// For returns a city's figures of a year, nil when there are none: a report
// quotes the figures of its own year only.
func (r *Registry) For(city string, year int) *Set {
	for _, s := range r.Sets() {
		if s.City == city && s.Year == year {
			return s
		}
	}
	return nil
}

// Sets are every set, by city and year.
func (r *Registry) Sets() []*Set {
	if r == nil {
		return nil
	}
	if p := r.cur.Load(); p != nil {
		return *p
	}
	return nil
}
