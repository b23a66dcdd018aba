package questionnaires

import (
	"bytes"
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
	"sync"
	"sync/atomic"

	"gopkg.in/yaml.v3"
)

//go:embed defs/*.yaml
var embedded embed.FS

// Registry holds every edition known to the binary, by ID. What it holds
// can be swapped whole (Adopt), so the server takes up editions the bureau
// stored after it started, or stored through another instance, without a
// restart; every holder of the registry sees the new editions at once.
type Registry struct {
	cur atomic.Pointer[editions]
}

// editions is one registry's content; never changed once published.
type editions struct {
	defs     map[string]*Definition
	guidance map[string]*Guidance // by edition id
}

func newRegistry(e *editions) *Registry {
	r := &Registry{}
	r.cur.Store(e)
	return r
}

// now is what r holds at this moment; a zero Registry holds nothing.
func (r *Registry) now() *editions {
	if e := r.cur.Load(); e != nil {
		return e
	}
	return &editions{}
}

// Adopt makes r hold what next holds. Editions are only ever added (a
// changed file is a new edition), so a request that read an edition before
// the swap still holds a valid one.
func (r *Registry) Adopt(next *Registry) { r.cur.Store(next.now()) }

// LoadEmbedded loads and checks the editions built into the binary. The
// program refuses to start when it fails, so a broken file never scores anyone.
//
// The files are compiled in and editions never change once published, so
// they are parsed once per process (yaml.v3 takes some 6 ms over them, the
// largest part of a server's start after package initialisation); each call
// gets a registry of its own over them.
func LoadEmbedded() (*Registry, error) {
	e, err := builtin()
	if err != nil {
		return nil, err
	}
	return newRegistry(e), nil
}

var builtin = sync.OnceValues(func() (*editions, error) { return loadFS(embedded, "defs") })

// Preload starts parsing the built-in editions on a goroutine of its own,
// for a program that has other work before it needs them (opening its
// database): LoadEmbedded then waits for that parse rather than starting
// another.
func Preload() { go builtin() } // an error waits for LoadEmbedded to report it

// LoadFS loads every *.yaml file of dir in fsys.
func LoadFS(fsys fs.FS, dir string) (*Registry, error) {
	e, err := loadFS(fsys, dir)
	if err != nil {
		return nil, err
	}
	return newRegistry(e), nil
}

func loadFS(fsys fs.FS, dir string) (*editions, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, fmt.Errorf("questionnaires: list %s: %w", dir, err)
	}
	reg := &editions{defs: map[string]*Definition{}, guidance: map[string]*Guidance{}}
	var advice []string
	for _, name := range names {
		if strings.HasSuffix(name, GuidanceSuffix) {
			advice = append(advice, name)
			continue
		}
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("questionnaires: read %s: %w", name, err)
		}
		def, err := Parse(b)
		if err != nil {
			return nil, fmt.Errorf("questionnaires: %s: %w", name, err)
		}
		if _, dup := reg.defs[def.ID]; dup {
			return nil, fmt.Errorf("questionnaires: %s: id %q is used by another file", name, def.ID)
		}
		reg.defs[def.ID] = def
	}
	if len(reg.defs) == 0 {
		return nil, fmt.Errorf("questionnaires: no definition in %s", dir)
	}
	if err := reg.loadGuidance(fsys, advice); err != nil {
		return nil, err
	}
	return reg, nil
}

// loadGuidance reads the advice files; each names its edition, which must
// be loaded, and no edition has two.
func (r *editions) loadGuidance(fsys fs.FS, names []string) error {
	for _, name := range names {
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return fmt.Errorf("questionnaires: read %s: %w", name, err)
		}
		g, err := ParseGuidance(b, r.get)
		if err != nil {
			return fmt.Errorf("questionnaires: %s: %w", name, err)
		}
		if _, dup := r.guidance[g.Edition]; dup {
			return fmt.Errorf("questionnaires: %s: edition %q already has advice", name, g.Edition)
		}
		r.guidance[g.Edition] = g
	}
	return nil
}

// With returns a registry holding r's editions and def, which must have an
// id of its own: an edition never changes under a campaign that uses it, so
// a changed file is a new edition with a new id. The built-in advice stays;
// an added edition has none unless it is given one.
func (r *Registry) With(def *Definition) (*Registry, error) {
	cur := r.now()
	if _, dup := cur.defs[def.ID]; dup {
		return nil, fmt.Errorf("questionnaires: edition %q is already loaded", def.ID)
	}
	out := &editions{defs: map[string]*Definition{def.ID: def}, guidance: cur.guidance}
	for id, d := range cur.defs {
		out.defs[id] = d
	}
	return newRegistry(out), nil
}

// Builtin reports whether an edition is built into the binary, and its file.
func Builtin(id string) ([]byte, bool) {
	b, err := embedded.ReadFile(path.Join("defs", id+".yaml"))
	return b, err == nil
}

// Guidance returns an edition's advice, nil when it has none.
func (r *Registry) Guidance(id string) *Guidance { return r.now().guidance[id] }

// Parse decodes one definition and runs its self-check.
func Parse(b []byte) (*Definition, error) {
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true) // a misspelt key must fail, not be silently ignored
	var def Definition
	if err := dec.Decode(&def); err != nil {
		return nil, fmt.Errorf("decode: %w", err)
	}
	if err := def.Check(); err != nil {
		return nil, err
	}
	return &def, nil
}

// Get returns the edition with the given ID.
func (r *Registry) Get(id string) (*Definition, bool) { return r.now().get(id) }

func (e *editions) get(id string) (*Definition, bool) {
	d, ok := e.defs[id]
	return d, ok
}

// IDs lists the editions, sorted.
func (r *Registry) IDs() []string {
	defs := r.now().defs
	ids := make([]string, 0, len(defs))
	for id := range defs {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// HasIndicator reports whether any edition defines the indicator key
// (a reference figure may compare with it).
func (r *Registry) HasIndicator(key string) bool {
	for _, d := range r.now().defs {
		for _, ind := range d.Indicators {
			if ind.Key == key {
				return true
			}
		}
	}
	return false
}

// Latest returns the edition whose ID sorts last (IDs end in the year).
func (r *Registry) Latest() *Definition {
	ids := r.IDs()
	d, _ := r.Get(ids[len(ids)-1])
	return d
}

// Question returns a question by id.
func (d *Definition) Question(id string) (*Question, bool) {
	q, ok := d.questions[id]
	return q, ok
}

// Questions lists every question in form order.
func (d *Definition) Questions() []*Question { return d.order }

// Dimension returns a dimension by key.
func (d *Definition) Dimension(key string) (*Dimension, bool) {
	for i := range d.Dimensions {
		if d.Dimensions[i].Key == key {
			return &d.Dimensions[i], true
		}
	}
	return nil, false
}

// Option returns a question's option by value.
func (q *Question) Option(value string) (*Option, bool) {
	for i := range q.Options {
		if q.Options[i].Value == value {
			return &q.Options[i], true
		}
	}
	return nil, false
}

// OptionLabel returns the label of value, or value itself when unknown.
func (q *Question) OptionLabel(value string) string {
	if o, ok := q.Option(value); ok {
		return o.Label
	}
	return value
}

// Numeric reports whether answers to q are numbers.
func (q *Question) Numeric() bool {
	return q.Type == TypeNumber || q.Type == TypePercent
}

// Scored reports whether q contributes points.
func (q *Question) Scored() bool { return q.Dimension != "" }

// index builds the lookup tables; Check calls it first.
func (d *Definition) index() {
	d.questions = map[string]*Question{}
	d.order = nil
	d.rulesAcyclic = d.orderRules()
	for si := range d.Sections {
		for qi := range d.Sections[si].Questions {
			q := &d.Sections[si].Questions[qi]
			if q.Numeric() {
				q.indexBounds()
			}
			d.order = append(d.order, q)
			if _, dup := d.questions[q.ID]; !dup {
				d.questions[q.ID] = q
			}
		}
	}
}
