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
}

// Views holds the parsed pages and the per-edition caches.
type Views struct {
	city  *city.Config
	pages map[string]*template.Template
	form  *template.Template

	mu        sync.Mutex
	forms     map[string]template.HTML
	formJSONs map[string]json.RawMessage
}

// New parses every page; a template error stops the program at start-up.
func New(c *city.Config) (*Views, error) {
	v := &Views{city: c, pages: map[string]*template.Template{}, forms: map[string]template.HTML{},
		formJSONs: map[string]json.RawMessage{}}
	funcs := v.funcs()
	for name, parts := range pages {
		t, err := template.New(name).Funcs(funcs).ParseFS(files, prefixed(parts)...)
		if err != nil {
			return nil, fmt.Errorf("views: parse %s: %w", name, err)
		}
		v.pages[name] = t
	}
	form, err := template.New("form").Funcs(funcs).ParseFS(files, "templates/survey_form.html")
	if err != nil {
		return nil, fmt.Errorf("views: parse form: %w", err)
	}
	v.form = form
	return v, nil
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
	User  string // who is logged in, for the header
	Role  string
	CSRF  string
	// Logout is the session's token for the header's logout form, bound to
	// the session (every page has the form, not only the form pages).
	Logout    string
	Data      any
	Generated time.Time
}

// Render writes a page.
func (v *Views) Render(w io.Writer, name string, p Page) error {
	t, ok := v.pages[name]
	if !ok {
		return fmt.Errorf("views: no page %q", name)
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

// SurveyForm is the edition's form, rendered once.
func (v *Views) SurveyForm(def *questionnaires.Definition) (template.HTML, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if f, ok := v.forms[def.ID]; ok {
		return f, nil
	}
	var b bytes.Buffer
	if err := v.form.ExecuteTemplate(&b, "survey_form.html", def); err != nil {
		return "", fmt.Errorf("views: render form %s: %w", def.ID, err)
	}
	f := template.HTML(b.String())
	v.forms[def.ID] = f
	return f, nil
}

// IndustryName is the GB/T 4754 name of a division code.
func IndustryName(code string) string { return city.IndustryName(code) }
