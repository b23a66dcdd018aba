// Package views renders the HTML pages (Simplified Chinese) from embedded
// html/template files. The questionnaire form of an edition never changes, so
// it is rendered once and reused; a request adds only the firm's answers.
package views

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"maps"
	"slices"
	"sync"
	"time"

	"healthcheck/city"
	"healthcheck/questionnaires"
)

//go:embed templates/*.html
var files embed.FS

// pages maps each page to the templates it is built from.
var pages = map[string][]string{
	"login":  {"layout.html", "login.html"},
	"survey": {"layout.html", "survey.html"},
	"report": {"layout.html", "report.html", "charts.html"},
	// report_pending stands in for the report until the survey is submitted
	// (not started, draft, returned, reopened, outside the window).
	"report_pending": {"layout.html", "report_pending.html"},
	"error":          {"layout.html", "error.html"},

	"dashboard":   {"layout.html", "dashboard.html", "official.html", "charts.html"},
	"enterprises": {"layout.html", "enterprises.html", "official.html"},
	"enterprise":  {"layout.html", "enterprise.html"},
	"admin_users": {"layout.html", "admin_nav.html", "admin_users.html"},

	"invite_letters": {"invite_letters.html"}, // standalone: printed or saved as a file

	"admin_campaigns":   {"layout.html", "admin_nav.html", "admin_campaigns.html"},
	"admin_campaign":    {"layout.html", "admin_nav.html", "admin_campaign.html"},
	"admin_roster":      {"layout.html", "admin_nav.html", "admin_roster.html"},
	"admin_invites":     {"layout.html", "admin_nav.html", "admin_invites.html"},
	"admin_reminders":   {"layout.html", "admin_nav.html", "admin_reminders.html"},
	"admin_corrections": {"layout.html", "admin_nav.html", "admin_corrections.html"},
	"admin_audit":       {"layout.html", "admin_nav.html", "admin_audit.html"},
	"admin_reference":   {"layout.html", "admin_nav.html", "admin_reference.html"},
	"admin_providers":   {"layout.html", "admin_nav.html", "admin_providers.html"},

	// prerendered lays out a page whose blocks were rendered before (see
	// Prerender), so only the layout runs per request.
	"prerendered": {"layout.html", "prerendered.html"},
}

// Views holds the pages, parsed once each, and the per-edition caches.
type Views struct {
	city  *city.Config
	pages map[string]func() (*template.Template, error)
	form  func() (*template.Template, error)

	mu        sync.Mutex
	forms     map[*questionnaires.Definition]template.HTML // by the parsed edition: a stored edition may be replaced before any firm saved against it
	formJSONs map[*questionnaires.Definition]json.RawMessage
}

// New returns the views at once and parses the pages on a goroutine of
// their own: parsing every template costs some 8 ms of CPU, which would
// otherwise delay the server's first answer, and no request needs every page.
// A request for a page not parsed yet parses it, or waits for the parse in
// progress, so the first request pays at most one page's parse. The templates
// are embedded, so a template error is a build defect, which Check (run by the
// package's tests) reports.
func New(c *city.Config) (*Views, error) {
	v := &Views{city: c, pages: map[string]func() (*template.Template, error){}, forms: map[*questionnaires.Definition]template.HTML{},
		formJSONs: map[*questionnaires.Definition]json.RawMessage{}}
	funcs := v.funcs()
	parse := func(name string, parts ...string) func() (*template.Template, error) {
		return sync.OnceValues(func() (*template.Template, error) {
			t, err := template.New(name).Funcs(funcs).ParseFS(files, prefixed(parts)...)
			if err != nil {
				return nil, fmt.Errorf("views: parse %s: %w", name, err)
			}
			return t, nil
		})
	}
	for name, parts := range pages {
		v.pages[name] = parse(name, parts...)
	}
	v.form = parse("form", "survey_form.html")
	go v.Check() //nolint:errcheck // a failed parse is reported again to the request that needs the page
	return v, nil
}

// Check parses every page (each once) and returns the first error.
func (v *Views) Check() error {
	if _, err := v.form(); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(v.pages)) {
		if _, err := v.pages[name](); err != nil {
			return err
		}
	}
	return nil
}

// page is the named page's template, parsed.
func (v *Views) page(name string) (*template.Template, error) {
	parsed, ok := v.pages[name]
	if !ok {
		return nil, fmt.Errorf("views: no page %q", name)
	}
	return parsed()
}

func prefixed(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "templates/" + n
	}
	return out
}

// Page is what every page template receives.
type Page struct {
	Name  string // the page's name in pages, set by Render
	Title string
	City  *city.Config
	User  string // who is logged in, for the header: the firm, or the office in words
	// Account is an official's login name, shown on hover beside User.
	Account string
	Role    string
	CSRF    string
	// Logout is the session's token for the header's logout form, bound to
	// the session (every page has the form, not only the form pages).
	Logout    string
	Data      any
	Generated time.Time
}

// Render writes a page.
func (v *Views) Render(w io.Writer, name string, p Page) error {
	t, err := v.page(name)
	if err != nil {
		return err
	}
	p.City, p.Name = v.city, name
	if p.Generated.IsZero() {
		p.Generated = time.Now()
	}
	if err := t.ExecuteTemplate(w, "layout.html", p); err != nil {
		return fmt.Errorf("views: render %s: %w", name, err)
	}
	return nil
}

// Prerendered is a page's own blocks, rendered once for many requests:
// laid out by the "prerendered" page, each request pays for the layout
// (its user, menu and CSRF token) and not for the page's tables again.
type Prerendered struct {
	Class, Head, Content, Scripts template.HTML
}

// Prerender renders the blocks of page name that the layout includes
// (pageclass, head, content, scripts) with p. They must not depend on the
// request: p carries the page's data, not the session's.
func (v *Views) Prerender(name string, p Page) (*Prerendered, error) {
	t, err := v.page(name)
	if err != nil {
		return nil, err
	}
	p.City, p.Name = v.city, name
	block := func(b string) (template.HTML, error) {
		if t.Lookup(b) == nil {
			return "", nil
		}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, b, p); err != nil {
			return "", fmt.Errorf("views: prerender %s/%s: %w", name, b, err)
		}
		return template.HTML(buf.String()), nil //nolint:gosec // html/template's own escaped output
	}
	out := &Prerendered{}
	for _, part := range []struct {
		name string
		dst  *template.HTML
	}{{"pageclass", &out.Class}, {"head", &out.Head}, {"content", &out.Content}, {"scripts", &out.Scripts}} {
		if *part.dst, err = block(part.name); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// SurveyForm is the edition's form, rendered once per parsed edition.
func (v *Views) SurveyForm(def *questionnaires.Definition) (template.HTML, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if f, ok := v.forms[def]; ok {
		return f, nil
	}
	form, err := v.form()
	if err != nil {
		return "", err
	}
	var b bytes.Buffer
	if err := form.ExecuteTemplate(&b, "survey_form.html", def); err != nil {
		return "", fmt.Errorf("views: render form %s: %w", def.ID, err)
	}
	f := template.HTML(b.String())
	v.forms[def] = f
	return f, nil
}

// IndustryName is the GB/T 4754 name of a division code.
func IndustryName(code string) string { return city.IndustryName(code) }
