package report

import (
	"regexp"
	"strings"
	"testing"
)

// TestEveryTableHasItsSource: every table of report.html, not only the
// figures', has a 资料来源 line under it (after its scrolling wrapper), as a
// statistical bulletin prints one under each table.
func TestEveryTableHasItsSource(t *testing.T) {
	page := string(demoReport(t).read(t, HTMLFile))
	caption := regexp.MustCompile(`<caption[^>]*>([^<]*)</caption>`)
	parts := strings.Split(page, "</table>")
	tables := 0
	for i, after := range parts[1:] {
		if strings.HasPrefix(after, "</div></figure>") {
			continue // a figure's data table: its source is above it, under the drawing
		}
		tables++
		name := "a table"
		if m := caption.FindAllStringSubmatch(parts[i], -1); m != nil {
			name = m[len(m)-1][1]
		}
		rest := strings.TrimSpace(strings.TrimPrefix(after, "</div>"))
		notes, _, _ := strings.Cut(rest, "</div>")
		if !strings.HasPrefix(notes, `<div class="figure-notes table-notes">`) || !strings.Contains(notes, `<p class="figure-source">资料来源：`) {
			t.Errorf("%s has no 资料来源 under it: %.120q", name, rest)
		}
	}
	if tables < 12 {
		t.Errorf("only %d tables outside the figures; the demo report has at least 12", tables)
	}
}
