package handlers

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"healthcheck/testutil/browser"
)

// TestDashboardsInBrowser opens the bureau's city view, a district and band
// picked through the filter form, and a district official's own dashboard in
// headless Chromium: every chart is drawn, nothing is fetched from outside
// the machine, no console error. Screenshots go to the artifact directory.
func TestDashboardsInBrowser(t *testing.T) {
	env := sharedDemoEnv(t)
	base := browser.Serve(t, env.app(t, time.Minute))

	t.Run("bureau", func(t *testing.T) {
		b := browser.New(t)
		ctx, art := b.Ctx(), browser.ArtifactDir(t)
		loginOfficial(t, b, base, "bureau", env.password(t, "bureau"))
		must(t, b.Navigate(base+"/dashboard"))
		n, err := b.AllChartsDrawn()
		must(t, err)
		if n != 8 {
			t.Errorf("city view: %d charts drawn, want 8 (response, scores, levels, radar, indicators, industries, districts, needs)", n)
		}
		wantHeading(t, b, "嘉兴市总览")
		must(t, b.Screenshot(filepath.Join(art, "dashboard-city.png")))
		if fam, err := b.FontFamilyOf("h1"); err != nil || !browser.IsCJKFamily(fam) {
			t.Errorf("Chinese drawn with %q (%v): tofu", fam, err)
		}

		// The bureau picks a district and a size band with the filter form.
		must(t, chromedp.Do(ctx,
			chromedp.SetValue(`select[name=district]`, "330481"),
			chromedp.SetValue(`select[name=band]`, "10-50亿"),
			chromedp.Submit(`form.filters`),
		))
		waitURL(t, b, "district=330481")
		if _, err := b.AllChartsDrawn(); err != nil {
			t.Fatal(err)
		}
		wantHeading(t, b, "海宁市总览")
		must(t, b.Screenshot(filepath.Join(art, "dashboard-bureau-haining-10-50.png")))

		must(t, b.Navigate(base+"/enterprises?status=submitted"))
		must(t, b.Screenshot(filepath.Join(art, "enterprises.png")))
		must(t, chromedp.Do(ctx, chromedp.Click(`table.firms tbody tr:first-child a`), chromedp.WaitVisible(`.answers`)))
		must(t, b.Screenshot(filepath.Join(art, "enterprise.png")))
		must(t, b.Navigate(base+"/admin/users"))
		must(t, b.Screenshot(filepath.Join(art, "admin-users.png")))

		// 代填: from a firm that has not started, give the reason, get the form.
		must(t, b.Navigate(base+"/enterprises?status=not_started"))
		must(t, chromedp.Do(ctx, chromedp.Click(`table.firms tbody tr:first-child a`), chromedp.WaitVisible(`.fill-form`),
			chromedp.SendKeys(`.fill-form input[name=reason]`, "企业提交纸质问卷"),
			chromedp.Submit(`.fill-form`)))
		waitURL(t, b, "/fill")
		must(t, chromedp.Do(ctx, chromedp.WaitVisible(`#survey-form`), chromedp.SendKeys(`input[name=p_revenue]`, "12345")))
		waitSaved(t, b)
		must(t, b.Screenshot(filepath.Join(art, "fill.png")))
		b.AssertClean(t)
	})

	t.Run("district", func(t *testing.T) {
		b := browser.New(t)
		loginOfficial(t, b, base, "district-330402", env.password(t, "district-330402"))
		must(t, b.Navigate(base+"/dashboard"))
		if n, err := b.AllChartsDrawn(); err != nil || n != 7 {
			t.Errorf("district view: %d charts, %v (want 7: no district heat map)", n, err)
		}
		wantHeading(t, b, "南湖区总览")
		must(t, b.Screenshot(filepath.Join(browser.ArtifactDir(t), "dashboard-district.png")))
		b.AssertClean(t)
	})
}

// loginOfficial logs in through the officials' form.
func loginOfficial(t *testing.T, b *browser.Browser, base, username, password string) {
	t.Helper()
	must(t, b.Navigate(base+"/login?tab=official"))
	must(t, chromedp.Do(b.Ctx(),
		chromedp.SendKeys(`input[name=username]`, username),
		chromedp.SendKeys(`input[name=password]`, password),
		chromedp.Click(`#official-login button[type=submit]`),
		chromedp.WaitVisible(`.kpis`),
	))
	// The dashboard shows its figures before it has finished loading; a
	// navigation started before then was aborted (net::ERR_ABORTED in CI).
	waitURL(t, b, "/dashboard")
}

func wantHeading(t *testing.T, b *browser.Browser, want string) {
	t.Helper()
	h, err := chromedp.Run(b.Ctx(), chromedp.Text(`h1`))
	must(t, err)
	if !strings.Contains(h, want) {
		t.Errorf("heading %q, want %q in it", h, want)
	}
}

// waitURL waits until the page's address contains part and it has loaded
// (a form was submitted). Evaluating during the navigation may fail; that
// only means "not yet".
func waitURL(t *testing.T, b *browser.Browser, part string) {
	t.Helper()
	deadline := time.Now().Add(browser.WaitTimeout)
	for time.Now().Before(deadline) {
		ok, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[bool](
			`location.href.includes(`+strconv.Quote(part)+`) && document.readyState === 'complete'`))
		if err == nil && ok {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("the page did not reach an address with %q within %v", part, browser.WaitTimeout)
}
