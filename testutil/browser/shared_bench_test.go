package browser

import (
	"testing"
	"time"
)

// BenchmarkBrowserForATest is what a browser test waits for before its
// first navigation: a Chromium of its own (start-chromium, the baseline:
// start, then stop and remove the profile, as every test once did) against
// a tab in a browser context of its own in the package's running Chromium
// (open-tab: open, then close and dispose of the context, as New does now).
func BenchmarkBrowserForATest(b *testing.B) {
	execPath := requireChromium(b)
	b.Run("start-chromium", func(b *testing.B) {
		for b.Loop() {
			c, err := startChromium(execPath)
			if err != nil {
				b.Fatal(err)
			}
			if err := c.stop(); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("open-tab", func(b *testing.B) {
		c, err := startChromium(execPath)
		if err != nil {
			b.Fatal(err)
		}
		defer c.stop()
		var opening, closing time.Duration
		for b.Loop() {
			start := time.Now()
			_, closeTab, err := c.openTab()
			opened := time.Now()
			if err == nil {
				err = closeTab()
			}
			if err != nil {
				b.Fatal(err)
			}
			opening += opened.Sub(start)
			closing += time.Since(opened)
		}
		// The test waits for the opening; the closing runs in its cleanup.
		b.ReportMetric(float64(opening.Milliseconds())/float64(b.N), "open-ms/op")
		b.ReportMetric(float64(closing.Milliseconds())/float64(b.N), "close-ms/op")
	})
}
