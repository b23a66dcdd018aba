package browser

import (
	_ "embed"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeJS is axe-core, vendored (testdata/axe/README.md says how to refresh
// it): the accessibility checks run offline, with no npm at test time.
//
//go:embed testdata/axe/axe.min.js
var axeJS string

// AxeVersion is the vendored axe-core's version.
const AxeVersion = "4.14.1"

// AxeViolation is one rule axe-core found broken on a page, with the
// elements that break it.
type AxeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"` // minor, moderate, serious or critical
	Help   string    `json:"help"`
	Nodes  []AxeNode `json:"nodes"`
}

// AxeNode is one element breaking a rule: its CSS path and its HTML.
type AxeNode struct {
	Target []any  `json:"target"`
	HTML   string `json:"html"`
}

// String is the violation as a test failure lists it: the rule, its impact,
// and the first few elements.
func (v AxeViolation) String() string {
	var sb strings.Builder
	fmt.Fprintf(&sb, "%s (%s, %d elements): %s", v.ID, v.Impact, len(v.Nodes), v.Help)
	for i, n := range v.Nodes {
		if i == 3 {
			sb.WriteString("\n      …")
			break
		}
		html := n.HTML
		if len(html) > 160 {
			html = html[:160] + "…"
		}
		fmt.Fprintf(&sb, "\n      %v %s", n.Target, html)
	}
	return sb.String()
}

// axeRunJS runs axe-core over the whole document (the WCAG 2 A and AA rules
// and axe's best practices) and returns the violations.
const axeRunJS = `axe.run(document, {resultTypes: ['violations']}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || '', help: v.help,
  nodes: v.nodes.map(n => ({target: n.target, html: n.html}))})))`

// Serious reports whether the violation's impact is serious or critical.
func (v AxeViolation) Serious() bool { return v.Impact == "serious" || v.Impact == "critical" }

// Axe injects axe-core into the page in the tab (once per document) and
// returns every violation it finds, of any impact.
func (b *Browser) Axe() ([]AxeViolation, error) {
	loaded, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`typeof axe === 'object'`))
	if err != nil {
		return nil, fmt.Errorf("look for axe-core: %w", err)
	}
	if !loaded {
		// Evaluated through DevTools, the source is not subject to the
		// page's script policy, as a script tag would be.
		if _, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](axeJS+"\n;true")); err != nil {
			return nil, fmt.Errorf("inject axe-core: %w", err)
		}
	}
	all, err := chromedp.Run(b.ctx, chromedp.Evaluate[[]AxeViolation](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("run axe-core: %w", err)
	}
	return all, nil
}
