package handlers

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"healthcheck/city"
	"healthcheck/report"
	"healthcheck/testutil/browser"
	"healthcheck/views"
)

// officialPage is a page an official opens, as the browser test visits it.
type officialPage struct {
	name string // the subtest's name, and the screenshots'
	path string
	// follow, when set, is a link on path to open instead (a drill-down:
	// the first firm of a list).
	follow string
	// reach are elements a user must be able to reach on every screen:
	// each lies within the screen's width (not behind a sideways scroll).
	reach string
	// manual is the file name of the page's screenshot in the user manual
	// (docs/img), "" for none.
	manual string
}

// pageGroups are the pages visited, by account: each group runs in a tab
// of its own (with its own cookies), the groups in parallel, so that no tab
// lives long on a busy machine.
var pageGroups = []struct {
	name, user string
	pages      []officialPage
}{
	{"bureau-dashboard", "bureau", []officialPage{
		{name: "dashboard", path: "/dashboard", manual: "bureau-dashboard.png"},
		{name: "dashboard-filtered", path: "/dashboard?district=330481&band=10-50亿"},
	}},
	{"bureau-firms", "bureau", []officialPage{
		{name: "enterprises", path: "/enterprises", manual: "bureau-enterprises.png"},
		{name: "enterprises-filtered", path: "/enterprises?status=submitted&district=330402"},
		{name: "enterprise", path: "/enterprises?status=submitted", follow: "table.firms tbody tr a", manual: "bureau-enterprise.png"},
	}},
	{"bureau-year", "bureau", []officialPage{
		{name: "campaigns", path: "/admin/campaigns", manual: "bureau-campaigns.png"},
		{name: "campaign", path: "/admin/campaigns/2020", manual: "bureau-campaign.png"},
		{name: "roster", path: "/admin/campaigns/2020/roster", manual: "bureau-roster.png"},
		{name: "invites", path: "/admin/campaigns/2020/invites", manual: "bureau-invites.png"},
		{name: "reminders", path: "/admin/reminders", manual: "bureau-reminders.png"},
	}},
	{"bureau-desk", "bureau", []officialPage{
		{name: "corrections", path: "/admin/corrections", reach: "#corrections button", manual: "bureau-corrections.png"},
		{name: "audit", path: "/admin/audit", manual: "bureau-audit.png"},
		{name: "reference", path: "/admin/reference", manual: "bureau-reference.png"},
		{name: "providers", path: "/admin/providers", manual: "bureau-providers.png"},
		{name: "users", path: "/admin/users", manual: "bureau-users.png"},
	}},
	{"district-dashboard", "district-330481", []officialPage{
		{name: "dashboard", path: "/dashboard", manual: "district-dashboard.png"},
		{name: "dashboard-filtered", path: "/dashboard?band=1-2亿&industry=C13"},
	}},
	{"district-firms", "district-330481", []officialPage{
		{name: "enterprises", path: "/enterprises", manual: "district-enterprises.png"},
		{name: "enterprise", path: "/enterprises?status=submitted", follow: "table.firms tbody tr a", manual: "district-enterprise.png"},
		{name: "reminders", path: "/admin/reminders", manual: "district-reminders.png"},
		{name: "chased-firm", path: "/admin/reminders", follow: "#chase th.firm a"},
	}},
}

// TestOfficialPagesInBrowser visits every page of the bureau and of a
// district official (the dashboard with and without filters, the firm list
// and a firm, every /admin page), the invitation letters and the annual
// report as generated, at a desk's and a phone's size, and checks each as a
// user would meet it: nothing wider than the screen, no console error,
// every chart drawn, and no serious or critical axe-core violation. The
// groups of pages are visited in parallel, each in a tab of its own.
func TestOfficialPagesInBrowser(t *testing.T) {
	env := sharedDemoEnv(t)
	web := env.app(t, time.Minute)
	base := browser.Serve(t, web)
	for _, g := range pageGroups {
		t.Run(g.name, func(t *testing.T) {
			t.Parallel()
			b := browser.New(t)
			loginOfficial(t, b, base, g.user, env.password(t, g.user))
			if g.name == "bureau-desk" {
				manualMenuShot(t, b)
			}
			for _, p := range g.pages {
				t.Run(p.name, func(t *testing.T) {
					url := base + p.path
					if p.follow != "" {
						url = base + linkOn(t, b, url, p.follow)
					}
					checkPageOnScreens(t, b, url, g.name+"-"+p.name, p)
				})
			}
		})
	}
	t.Run("report", func(t *testing.T) {
		t.Parallel()
		cookie := env.login(t, web, "bureau")
		if st, body := sessionPostJSON(t, web, cookie, "/api/v1/reports", `{"campaign":2020}`); st != 202 {
			t.Fatalf("start the report: %d %s", st, body)
		}
		html := filepath.Join(t.TempDir(), report.HTMLFile)
		must(t, os.WriteFile(html, downloadReport(t, web, cookie)[report.HTMLFile], 0o600))
		// The report is a document printed on A4; its screen layout is
		// the figure catalogue's. Here: its charts, axe-core, no error.
		b := browser.New(t)
		emulate(t, b, firmScreens[1])
		must(t, b.Navigate("file://"+html))
		if _, err := b.AllChartsDrawn(); err != nil {
			t.Error(err)
		}
		checkAxe(t, b)
		b.AssertClean(t)
	})
	t.Run("letters", func(t *testing.T) {
		t.Parallel()
		checkPageOnScreens(t, browser.New(t), servedLetters(t), "letters", officialPage{})
	})
}

// linkOn opens url in the tab and returns the path of the first link
// matching selector.
func linkOn(t *testing.T, tab *browser.Browser, url, selector string) string {
	t.Helper()
	must(t, tab.Navigate(url))
	href, err := chromedp.Run(tab.Ctx(), chromedp.Evaluate[string](
		`document.querySelector(`+jsQuote(selector)+`).getAttribute('href')`))
	if err != nil {
		t.Fatalf("no link %s on %s: %v", selector, url, err)
	}
	return href
}

func jsQuote(s string) string { return fmt.Sprintf("%q", s) }

// checkPageOnScreens opens url at a phone's and a desk's size and checks
// it there: drawn charts, nothing wider than the screen; axe-core runs once,
// at the desk's size (the document is the same), and the page must have
// logged no error. Screenshots go to the artifact directory, and the
// manual's (1366 wide, the visible part) to $HC_MANUAL_SHOTS when set.
func checkPageOnScreens(t *testing.T, tab *browser.Browser, url, name string, p officialPage) {
	t.Helper()
	for _, sc := range firmScreens {
		emulate(t, tab, sc)
		must(t, tab.Navigate(url))
		if _, err := tab.AllChartsDrawn(); err != nil {
			t.Errorf("%s: %v", sc.name, err)
		}
		wide, err := chromedp.Run(tab.Ctx(), chromedp.Evaluate[[]string](fmt.Sprintf("(%s)(%d)", overflowJS, sc.width)))
		must(t, err)
		if len(wide) > 0 {
			t.Errorf("%s: wider than %d px: %s", sc.name, sc.width, strings.Join(wide, "; "))
		}
		squeezed, err := chromedp.Run(tab.Ctx(), chromedp.Evaluate[[]string](squeezedJS))
		must(t, err)
		if len(squeezed) > 0 {
			t.Errorf("%s: text squeezed to a character or two a line: %s", sc.name, strings.Join(squeezed, "; "))
		}
		if p.reach != "" {
			checkReach(t, tab, p.reach, sc)
		}
		if os.Getenv("HC_ARTIFACT_DIR") != "" {
			must(t, tab.Screenshot(filepath.Join(browser.ArtifactDir(t), fmt.Sprintf("%s-%s.png", name, sc.name))))
		}
	}
	if p.manual != "" {
		manualShot(t, tab, p.manual)
	}
	checkAxe(t, tab)
	tab.AssertClean(t)
}

// squeezedJS lists table cells whose text is wrapped a character or two a
// line (a firm's name down a column too narrow for it): at least four
// characters in a cell less than three characters wide and four lines high.
const squeezedJS = `(() => {
  const out = [];
  for (const c of document.querySelectorAll('td, th')) {
    const text = c.textContent.trim(), r = c.getBoundingClientRect();
    const em = parseFloat(getComputedStyle(c).fontSize);
    if ([...text].length >= 4 && r.width > 0 && r.width < 3 * em && r.height > 4 * em) out.push(text.slice(0, 12));
    if (out.length === 5) break;
  }
  return out;
})()`

// checkReach fails t unless there are elements matching selector and each
// lies within the screen's width.
func checkReach(t *testing.T, tab *browser.Browser, selector string, sc screen) {
	t.Helper()
	out, err := chromedp.Run(tab.Ctx(), chromedp.Evaluate[[]string](fmt.Sprintf(`(() => {
  const els = [...document.querySelectorAll(%s)];
  if (els.length === 0) return ['none found'];
  return els.filter(el => el.getBoundingClientRect().right > %d).map(el => el.textContent.trim() + ' at ' + Math.round(el.getBoundingClientRect().right) + 'px');
})()`, jsQuote(selector), sc.width)))
	must(t, err)
	if len(out) > 0 {
		t.Errorf("%s: %s out of reach: %s", sc.name, selector, strings.Join(out, "; "))
	}
}

// checkAxe fails t for each serious or critical axe-core violation on the
// tab's page, and for empty table headers (a minor rule for axe, but a
// screen reader then reads a column without a name).
func checkAxe(t *testing.T, tab *browser.Browser) {
	t.Helper()
	found, err := tab.Axe()
	must(t, err)
	for _, v := range found {
		if v.Serious() || v.ID == "empty-table-header" {
			t.Errorf("axe-core: %s", v)
		}
	}
}

// manualShotDir is where the user manuals' screenshots go: $HC_MANUAL_SHOTS
// (e.g. docs/img, taken from the repository's root), "" when unset.
func manualShotDir() string {
	dir := os.Getenv("HC_MANUAL_SHOTS")
	if dir == "" || filepath.IsAbs(dir) {
		return dir
	}
	return filepath.Join("..", dir) // tests run in handlers/
}

// manualShot saves what a desk's screen shows of the page for the manual.
func manualShot(t *testing.T, tab *browser.Browser, name string) {
	t.Helper()
	dir := manualShotDir()
	if dir == "" {
		return
	}
	must(t, os.MkdirAll(dir, 0o755))
	shot(t, tab, filepath.Join(dir, name))
}

// manualMenuShot is the bureau's dashboard with the 管理 menu open.
func manualMenuShot(t *testing.T, b *browser.Browser) {
	t.Helper()
	if manualShotDir() == "" {
		return
	}
	emulate(t, b, firmScreens[1])
	must(t, chromedp.Do(b.Ctx(), chromedp.Click(`details.menu summary`), chromedp.WaitVisible(`.menu-list`)))
	manualShot(t, b, "bureau-menu.png")
}

// servedLetters serves two invitation letters, as the bureau's invites page
// prints them, and returns their address.
func servedLetters(t *testing.T) string {
	t.Helper()
	v, err := views.New(city.Default())
	must(t, err)
	letters := views.Letters{Campaign: views.LettersCampaign{Year: 2020, Title: "2020年度数字化转型集体体检"},
		Opens: "2020年3月1日", Closes: "2020年6月30日", LoginURL: "https://tijian.example.gov.cn/login",
		Letters: []views.Letter{
			{Name: "海宁测试皮革股份有限公司", CreditCode: firmA, District: "330481", Code: "ABCD-EFGH-JKLM"},
			{Name: "秀洲新材料有限公司", CreditCode: rosterCode("330411", 9), District: "330411", Code: "NPQR-STUV-WXYZ"},
		}}
	app := fiber.New()
	app.Get("/letters", func(c *fiber.Ctx) error {
		c.Type("html", "utf-8")
		return v.RenderLetters(c, letters)
	})
	return browser.Serve(t, app) + "/letters"
}
