package browser

import (
	"testing"

	"github.com/chromedp/chromedp"
)

// NewTab opens another tab in b's Chromium, sharing its cookies (a login in
// one tab holds in all), and closes it when t ends. Tabs let one test visit
// independent pages in parallel subtests without starting a browser each;
// each tab records its own page errors.
func (b *Browser) NewTab(t testing.TB) *Browser {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	tab := &Browser{ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("open a tab: %v", err)
	}
	if err := chromedp.Listen(ctx, tab.record); err != nil {
		t.Fatalf("listen to the tab's events: %v", err)
	}
	return tab
}
