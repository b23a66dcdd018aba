package browser

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"strings"
	"syscall"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"
)

// sessionApp sets a session cookie on /login and says on /whoami which
// session cookie it was sent, as the platform's pages do.
func sessionApp() *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	page := func(c *fiber.Ctx, body string) error {
		c.Type("html", "utf-8")
		return c.SendString(`<!DOCTYPE html><html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>t</title></head><body>` + body + `</body></html>`)
	}
	app.Get("/login", func(c *fiber.Ctx) error {
		c.Cookie(&fiber.Cookie{Name: "hc_session", Value: "firm-a", HTTPOnly: true})
		return page(c, `<p id="who">logged in</p><script>localStorage.setItem('draft', 'a');</script>`)
	})
	app.Get("/whoami", func(c *fiber.Ctx) error {
		return page(c, `<p id="who">session=`+c.Cookies("hc_session", "none")+`</p>`)
	})
	app.Get("/broken", func(c *fiber.Ctx) error {
		return page(c, `<p id="who">broken</p><script>console.error("only in this tab");</script>`)
	})
	return app
}

// tabState is what a tab's page knows of its session: the cookie the server
// got, the page's storage, and its window's width.
type tabState struct {
	Who   string `json:"who"`
	Draft string `json:"draft"`
	Width int    `json:"width"`
}

func stateOf(t *testing.T, b *Browser, base string) tabState {
	t.Helper()
	if err := b.Navigate(base + "/whoami"); err != nil {
		t.Fatal(err)
	}
	st, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[tabState](
		`({who: document.getElementById('who').textContent, draft: localStorage.getItem('draft') || '', width: window.innerWidth})`))
	if err != nil {
		t.Fatal(err)
	}
	return st
}

func sharedPID(t *testing.T) int {
	t.Helper()
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if shared.browser == nil {
		t.Fatal("no shared Chromium")
	}
	return shared.browser.pid
}

// TestTabsAreIsolated: tabs of the one Chromium, open at once or one after
// the other, share no cookie, no storage, no recorded event and no
// emulated screen, as separate browsers did.
func TestTabsAreIsolated(t *testing.T) {
	base := Serve(t, sessionApp())
	var pid int
	t.Run("first", func(t *testing.T) {
		a, b := New(t), New(t)
		pid = sharedPID(t)
		if err := a.Navigate(base + "/login"); err != nil {
			t.Fatal(err)
		}
		if err := chromedp.Do(a.Ctx(), chromedp.EmulateViewport(375, 812)); err != nil {
			t.Fatal(err)
		}
		if err := a.Navigate(base + "/broken"); err != nil {
			t.Fatal(err)
		}
		if got := stateOf(t, a, base); got != (tabState{Who: "session=firm-a", Draft: "a", Width: 375}) {
			t.Errorf("the tab that logged in: %+v", got)
		}
		if got := stateOf(t, b, base); got != (tabState{Who: "session=none", Width: 1280}) {
			t.Errorf("a tab open beside it: %+v", got)
		}
		if !containsAll(a.Errors(), "only in this tab") {
			t.Errorf("the failing tab recorded %q", a.Errors())
		}
		if errs := b.Errors(); len(errs) > 0 {
			t.Errorf("the other tab recorded its neighbour's errors: %q", errs)
		}
	})
	t.Run("next", func(t *testing.T) {
		c := New(t)
		if got := stateOf(t, c, base); got != (tabState{Who: "session=none", Width: 1280}) {
			t.Errorf("a later test's tab: %+v", got)
		}
		if p := sharedPID(t); p != pid {
			t.Errorf("the later test ran in Chromium %d, not in the shared %d", p, pid)
		}
	})
}

// TestTabClosesWithItsTest: a test's tab and its browser context are gone
// once the test is, so a long package does not pile them up.
func TestTabClosesWithItsTest(t *testing.T) {
	var id target.ID
	var bctx string
	t.Run("tab", func(t *testing.T) {
		b := New(t)
		c := chromedp.FromContext(b.Ctx())
		id, bctx = c.Target.TargetID, string(c.BrowserContextID)
		if bctx == "" {
			t.Fatal("the tab has no browser context of its own")
		}
	})
	shared.mu.Lock()
	ctx := shared.browser.ctx
	shared.mu.Unlock()
	targets, err := chromedp.Targets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, ti := range targets {
		if ti.TargetID == id {
			t.Errorf("the closed test's tab %s is still open: %+v", id, ti)
		}
	}
	contexts, err := chromedp.CallBrowser(ctx, target.GetBrowserContexts, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, bc := range contexts.BrowserContextIDs {
		if string(bc) == bctx {
			t.Errorf("the closed test's browser context %s is still there", bctx)
		}
	}
}

// TestCrashedChromiumIsRestarted: when Chromium dies under a test, the
// test's actions fail at once instead of hanging, and the next test gets a
// new Chromium.
func TestCrashedChromiumIsRestarted(t *testing.T) {
	base := Serve(t, sessionApp())
	var pid int
	var singleton string
	t.Run("crash", func(t *testing.T) {
		b := New(t)
		pid = sharedPID(t)
		shared.mu.Lock()
		singleton = shared.browser.singleton
		shared.mu.Unlock()
		if singleton == "" {
			t.Fatal("the singleton directory of the Chromium is unknown")
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(b.Ctx(), WaitTimeout)
		defer cancel()
		err := chromedp.Do(ctx, chromedp.Navigate(base+"/whoami"))
		if err == nil || errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("navigating in a dead Chromium: %v, want an error at once", err)
		}
		t.Logf("navigating in a dead Chromium: %v", err)
	})
	t.Run("after", func(t *testing.T) {
		b := New(t)
		if p := sharedPID(t); p == pid {
			t.Fatalf("still Chromium %d, which was killed", pid)
		}
		if got := stateOf(t, b, base); got.Who != "session=none" {
			t.Errorf("the new Chromium's tab: %+v", got)
		}
		// The killed Chromium could not clean up after itself.
		if _, err := os.Stat(singleton); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("the killed Chromium's %s: %v, want it removed", singleton, err)
		}
	})
}

// TestStopLeavesNothing: stopping a Chromium (as RunTests does at the end of
// the package) ends its processes and removes its profile directory.
func TestStopLeavesNothing(t *testing.T) {
	execPath := requireChromium(t)
	c, err := startChromium(execPath)
	if err != nil {
		t.Fatal(err)
	}
	if c.profile == "" {
		_ = c.stop()
		t.Fatal("the profile directory of the Chromium is unknown")
	}
	if _, err := os.Stat(c.profile); err != nil {
		_ = c.stop()
		t.Fatalf("profile of a running Chromium: %v", err)
	}
	if err := c.stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(c.profile); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("profile %s after stop: %v", c.profile, err)
	}
	if _, err := os.Stat(c.singleton); c.singleton == "" || !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("singleton directory %q after stop: %v", c.singleton, err)
	}
	if n := processesUsing(c.profile); n > 0 {
		t.Errorf("%d processes still run with profile %s", n, c.profile)
	}
}

// processesUsing counts the processes whose command line names dir.
func processesUsing(dir string) int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return 0
	}
	n := 0
	for _, e := range entries {
		cmdline, err := os.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err == nil && strings.Contains(string(cmdline), "--user-data-dir="+dir+"\x00") {
			n++
		}
	}
	return n
}

// TestNewNeedsRunTests: without RunTests nothing would stop the shared
// Chromium at the end of the package, so New refuses to start one.
func TestNewNeedsRunTests(t *testing.T) {
	shared.mu.Lock()
	shared.running = false
	shared.mu.Unlock()
	defer func() {
		shared.mu.Lock()
		shared.running = true
		shared.mu.Unlock()
	}()
	if _, _, err := sharedChromium("/nonexistent"); !errors.Is(err, errNoRunTests) {
		t.Fatalf("sharedChromium outside RunTests: %v, want errNoRunTests", err)
	}
}
