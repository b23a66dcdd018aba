package report

import (
	"context"
	"errors"
	"os"
	"path/filepath"
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

// TestStoppedReportStopsEveryPass: a report cancelled while its passes run
// (the statistics, and the answers pass that feeds the 政策测算 sheet) stops
// with the cancellation, leaves no file, and no pass waits for another.
func TestStoppedReportStopsEveryPass(t *testing.T) {
	d := demoReport(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	o := d.opts
	o.Progress = func(p Progress) {
		if p.Done > 500 {
			cancel()
		}
	}
	dir := t.TempDir()
	err := Generate(ctx, d.src, o, dir)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("a cancelled report returned %v", err)
	}
	for _, name := range Files {
		if _, err := os.Stat(filepath.Join(dir, name)); err == nil {
			t.Errorf("a cancelled report left %s", name)
		}
	}
}
