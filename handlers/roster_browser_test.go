package handlers

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"healthcheck/models"
	"healthcheck/testutil/browser"
)

// TestRosterDoubtsInBrowser uploads the statistics office's form (title,
// merged districts, 合计 and 注) and a file whose revenue header says 亿元
// over values in 万元: the first previews with its skipped rows and filled
// merges; the second is held with the suggested unit, which one click applies
// before the import.
func TestRosterDoubtsInBrowser(t *testing.T) {
	env := newTestEnv(t)
	base := env.serve()
	b := bureauInBrowser(t, env, base)
	ctx := b.Ctx()
	art := browser.ArtifactDir(t)
	upload := func(file string) {
		path, err := filepath.Abs(filepath.Join("..", "testdata", "roster", file)) // Chromium takes absolute paths only
		must(t, err)
		must(t, chromedp.Do(ctx,
			chromedp.Navigate(base+"/admin/campaigns/2020/roster"),
			chromedp.SetUploadFiles(`input[type=file]`, []string{path}),
			chromedp.Click(`form[enctype] button[type=submit]`),
			chromedp.WaitVisible(`.kpis`),
		))
	}
	text := func(sel string) string {
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		must(t, err)
		return s
	}

	upload("office-form.xlsx")
	must(t, b.Screenshot(filepath.Join(art, "roster-office-form.png")))
	if s := text(`#skipped`); !strings.Contains(s, "合计行 第10行") || !strings.Contains(s, "注释行 第11行") {
		t.Errorf("skipped: %q", s)
	}
	if s := text(`#filled`); !strings.Contains(s, "已将“海宁市”填入第5–6行") {
		t.Errorf("filled: %q", s)
	}

	upload("yi-over-wan.xlsx")
	must(t, b.Screenshot(filepath.Join(art, "roster-held.png")))
	if s := text(`#held`); !strings.Contains(s, "是否应为万元？") {
		t.Fatalf("held: %q", s)
	}
	// The held page has .kpis too: wait for it to go before waiting for the
	// rechecked page's, or the screenshot may be taken mid-navigation and
	// hang until the deadline.
	must(t, chromedp.Do(ctx,
		chromedp.Click(`#held form button`),
		chromedp.WaitNotPresent(`#held`),
		chromedp.WaitVisible(`.kpis`),
	))
	must(t, b.Screenshot(filepath.Join(art, "roster-rechecked.png")))
	if s := text(`main`); strings.Contains(s, "存疑") || !strings.Contains(s, "营业收入按万元读取") {
		t.Fatalf("after recheck: %q", s)
	}
	must(t, chromedp.Do(ctx,
		chromedp.Click(`form.row[action$="/roster/confirm"] button`),
		chromedp.WaitVisible(`.notice`),
	))
	if s := text(`.notice`); !strings.Contains(s, "新增 5 家") {
		t.Fatalf("done: %q", s)
	}
	b.AssertClean(t)
}

// bureauInBrowser creates the bureau's account and logs it in in Chromium,
// which then shows the campaigns page.
func bureauInBrowser(t *testing.T, env *testEnv, base string) *browser.Browser {
	t.Helper()
	if _, err := env.store.CreateUser(t.Context(), models.NewUser{Username: "bureau", Password: testPassword, Role: models.RoleBureau}); err != nil {
		t.Fatal(err)
	}
	b := browser.New(t)
	must(t, b.Navigate(base+"/login?tab=official&next=/admin/campaigns"))
	must(t, chromedp.Do(b.Ctx(),
		chromedp.SendKeys(`input[name=username]`, "bureau"),
		chromedp.SendKeys(`input[name=password]`, testPassword),
		chromedp.Click(`#official-login button[type=submit]`),
		chromedp.WaitVisible(`#create`),
	))
	return b
}
