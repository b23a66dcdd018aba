package handlers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"healthcheck/city"
	"healthcheck/demo"
	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
	"healthcheck/testutil/browser"
)

// firmState is one state a firm's survey can be in, with a firm in it.
type firmStateCase struct {
	name       string
	code, pass string // credit code and invitation code
	landing    string // where logging in leads
	survey     string // text the questionnaire must show
	report     string // text /report must show
	charts     int    // charts drawn on /report
}

// screen is a device the firm uses.
type screen struct {
	name          string
	width, height int64
	mobile        bool
}

var firmScreens = []screen{{"phone", 375, 812, true}, {"desktop", 1366, 900, false}}

// firmStatesEnv is one demo city (2019 and 2020) with a firm in every state
// of its survey: not started, draft, submitted, returned by a district,
// reopened by the bureau, in a campaign not yet open and in a closed one.
type firmStatesEnv struct {
	store  *models.Store
	defs   *questionnaires.Registry
	sum    *demo.Summary
	states []firmStateCase
}

func newFirmStatesEnv(t *testing.T) *firmStatesEnv {
	t.Helper()
	ctx := context.Background()
	store, defs := openStore(t)
	sum, err := demo.Generate(ctx, store, defs, city.Default(), demo.Options{Firms: 60, Seed: 1, Years: []int{2019, 2020}})
	if err != nil {
		t.Fatal(err)
	}
	env := &firmStatesEnv{store: store, defs: defs, sum: sum}
	codes := map[string]string{}
	for _, iv := range sum.Invites {
		codes[iv.CreditCode] = iv.Code
	}
	camp := sum.Campaigns[len(sum.Campaigns)-1]
	pick := func(status string, skip ...string) models.FirmRow {
		rows, _, err := store.Firms(ctx, models.CityScope(), camp.ID, models.FirmFilter{Status: status}, "", 20, 0)
		if err != nil {
			t.Fatal(err)
		}
	next:
		for _, r := range rows {
			for _, s := range skip {
				if r.CreditCode == s {
					continue next
				}
			}
			return r
		}
		t.Fatalf("no %s firm left in the demo", status)
		return models.FirmRow{}
	}
	fresh, draft := pick(models.StatusNotStarted), pick(models.StatusDraft)
	returned := pick(models.StatusSubmitted, sum.Submitted.CreditCode)
	reopened := pick(models.StatusSubmitted, sum.Submitted.CreditCode, returned.CreditCode)
	if err := store.Return(ctx, models.CityScope(), returned.EntryID, "district-"+returned.District,
		"信息化部分投资大于项目总投资，请核对“智能化技术改造项目”两项金额"); err != nil {
		t.Fatal(err)
	}
	if err := store.Reopen(ctx, models.CityScope(), reopened.EntryID, "bureau", "名录营业收入已更正，请核对规模相关答案后重新提交"); err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	later := env.campaignWith(t, "2021", now.AddDate(0, 0, 10), now.AddDate(0, 3, 0), fresh)
	opens, closes, bad := survey.ParseWindow(2018, "2018-03-01", "2018-06-30")
	if len(bad) > 0 {
		t.Fatal(bad)
	}
	closed := env.campaignWith(t, "2018", opens, closes, draft)

	env.states = []firmStateCase{
		{name: "not_started", code: fresh.CreditCode, pass: codes[fresh.CreditCode], landing: "/survey",
			survey: "请逐节填写", report: "开始填写问卷"},
		{name: "draft", code: draft.CreditCode, pass: codes[draft.CreditCode], landing: "/survey",
			survey: "换设备登录也能接着填", report: "继续填写问卷"},
		{name: "submitted", code: sum.Submitted.CreditCode, pass: sum.Submitted.InviteCode, landing: "/report",
			survey: "查看我的报告", report: "怎样读这些数字", charts: 3},
		{name: "returned", code: returned.CreditCode, pass: codes[returned.CreditCode], landing: "/survey",
			survey: "您的问卷已被退回修改", report: "已退回修改，此前的报告已撤回"},
		{name: "reopened", code: reopened.CreditCode, pass: codes[reopened.CreditCode], landing: "/survey",
			survey: "市经信局已重新开放您的问卷", report: "已退回修改，此前的报告已撤回"},
		{name: "not_yet_open", code: fresh.CreditCode, pass: later, landing: "/survey",
			survey: "本年度填报尚未开始", report: "本年度填报尚未开始"},
		{name: "closed", code: draft.CreditCode, pass: closed, landing: "/survey",
			survey: "本年度填报已于 2018-06-30 截止", report: "您的问卷未提交"},
	}
	return env
}

// campaignWith creates a campaign of year with the window [opens, closes)
// holding firm alone, and returns the firm's invitation code for it.
func (e *firmStatesEnv) campaignWith(t *testing.T, year string, opens, closes time.Time, firm models.FirmRow) string {
	t.Helper()
	ctx := context.Background()
	// Built with a window inside its year (Build checks it), then given the
	// window the state needs.
	c, err := survey.CampaignSpec{Year: year, Opens: year + "-03-01", Closes: year + "-06-30"}.Build(e.defs)
	if err != nil {
		t.Fatal(err)
	}
	c.OpensAt, c.ClosesAt = opens, closes
	must(t, e.store.CreateCampaign(ctx, c))
	must(t, e.store.UpsertRoster(ctx, c.ID, []models.RosterInput{{CreditCode: firm.CreditCode, Name: firm.Name,
		District: firm.District, Industry: firm.Industry, RevenueWan: firm.RevenueWan, Employees: firm.Employees, Band: firm.Band}}))
	issued, err := e.store.IssueInvites(ctx, models.CityScope(), c.ID, false)
	if err != nil || len(issued) != 1 {
		t.Fatalf("invite for %s: %v %v", year, issued, err)
	}
	return issued[0].Code
}

func (e *firmStatesEnv) app(t *testing.T) string {
	return browser.Serve(t, newAppCaching(t, e.store, e.defs, time.Minute))
}

// TestFirmPagesInBrowser opens every firm page (login, questionnaire with
// its correction dialog, report) in every state of the firm's survey on a
// phone (375×812, mobile emulation) and a desktop (1366×900): each lands
// where it should, says what state it is in, is no wider than the device,
// draws every chart and logs no error. Screenshots go to HC_ARTIFACT_DIR.
// The report's A4 print shares the demo city (TestFirmPagesInBrowser/print).
func TestFirmPagesInBrowser(t *testing.T) {
	if _, ok := browser.Available(); !ok {
		browser.New(t) // skips, or fails under HC_REQUIRE_BROWSER=1
	}
	env := newFirmStatesEnv(t)
	base := env.app(t)
	// One tab per state (its own cookies), both screens in turn.
	for _, st := range env.states {
		t.Run(st.name, func(t *testing.T) {
			t.Parallel()
			b := browser.New(t)
			for _, sc := range firmScreens {
				emulate(t, b, sc)
				must(t, b.Navigate(base+"/login"))
				if st.name == "not_started" {
					checkPage(t, b, sc, "login-"+sc.name, 0)
				}
				must(t, chromedp.Do(b.Ctx(),
					chromedp.SendKeys(`input[name=credit_code]`, st.code),
					chromedp.SendKeys(`input[name=invite_code]`, st.pass),
					chromedp.Click(`#firm-login button[type=submit]`),
				))
				waitURL(t, b, st.landing)
				for _, page := range []struct{ path, want string }{{"/survey", st.survey}, {"/report", st.report}} {
					must(t, b.Navigate(base+page.path))
					wantText(t, b, page.want)
					wantText(t, b, "问卷") // the header's links
					charts := 0
					if page.path == "/report" {
						charts = st.charts
					}
					checkPage(t, b, sc, strings.TrimPrefix(page.path, "/")+"-"+sc.name, charts)
				}
				if st.name == "draft" {
					must(t, b.Navigate(base+"/survey"))
					must(t, chromedp.Do(b.Ctx(), chromedp.Click(`#open-correction`), chromedp.WaitVisible(`#correction[open]`)))
					checkPage(t, b, sc, "correction-"+sc.name, 0)
				}
				// Log out, so the next screen starts from the login page.
				must(t, chromedp.Do(b.Ctx(), chromedp.Submit(`header.site form[action="/logout"]`)))
				waitURL(t, b, "/login")
			}
			b.AssertClean(t)
		})
	}
	t.Run("paging", func(t *testing.T) {
		t.Parallel()
		checkSectionPaging(t, base, env.states[1])
	})
	t.Run("print", func(t *testing.T) {
		t.Parallel()
		checkReportPrint(t, base, env.sum.Submitted)
	})
}

// emulate sets the device: a phone gets mobile emulation (a too-wide page
// is then zoomed out, which is why checkPage measures against the device
// width, not innerWidth).
func emulate(t *testing.T, b *browser.Browser, sc screen) {
	t.Helper()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(1)}
	if sc.mobile {
		// Scale 1 keeps full-page screenshots of the long report small;
		// widths are CSS pixels either way.
		opts = []chromedp.EmulateViewportOption{chromedp.EmulateScale(1), chromedp.EmulateMobile}
	}
	must(t, chromedp.Do(b.Ctx(), chromedp.EmulateViewport(sc.width, sc.height, opts...)))
}

// overflowJS lists what sticks out to the right of the device width w: the
// document's scroll width, and every visible element whose right edge passes
// w unless an ancestor that clips or scrolls it (a table's scroll box, the
// sticky section switcher) itself fits.
const overflowJS = `(w) => {
  const out = [], sw = document.documentElement.scrollWidth;
  if (sw > w + 1) out.push('document scrollWidth ' + sw);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || r.right + window.scrollX <= w + 1) continue;
    let a = el.parentElement, clipped = false;
    while (a && a !== document.body) {
      if (getComputedStyle(a).overflowX !== 'visible') { clipped = a.getBoundingClientRect().right + window.scrollX <= w + 1; break; }
      a = a.parentElement;
    }
    if (!clipped) out.push(name(el) + ' right ' + Math.round(r.right + window.scrollX));
    if (out.length >= 8) break;
  }
  return out;
}`

// checkPage asserts what every firm page must do on the screen, nothing
// wider than the device, the charts drawn, and keeps a screenshot in
// HC_ARTIFACT_DIR when it is set (none is taken otherwise: on a run that
// keeps no files, such as CI's, no one would look at it).
func checkPage(t *testing.T, b *browser.Browser, sc screen, page string, charts int) {
	t.Helper()
	n, err := b.AllChartsDrawn()
	if err != nil {
		t.Errorf("%s: %v", page, err)
	} else if n != charts {
		t.Errorf("%s: %d charts drawn, want %d", page, n, charts)
	}
	over, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[[]string](fmt.Sprintf("(%s)(%d)", overflowJS, sc.width)))
	must(t, err)
	if len(over) > 0 {
		t.Errorf("%s on %s is wider than %d px: %s", page, sc.name, sc.width, strings.Join(over, "; "))
	}
	if os.Getenv("HC_ARTIFACT_DIR") == "" {
		return
	}
	path := filepath.Join(browser.ArtifactDir(t), page+".png")
	if sc.mobile {
		// The whole phone page, to be looked at; a desktop page is long
		// and costly to capture whole, its first screen shows the layout.
		must(t, b.Screenshot(path))
		return
	}
	shot(t, b, path)
}

func wantText(t *testing.T, b *browser.Browser, want string) {
	t.Helper()
	body, err := chromedp.Run(b.Ctx(), chromedp.Text(`main`))
	must(t, err)
	if !strings.Contains(body, want) {
		loc, _ := chromedp.Run(b.Ctx(), chromedp.Evaluate[string](`location.pathname`))
		t.Errorf("%s lacks %q", loc, want)
	}
}

// printChartsJS, run with print media emulated on a page as wide as A4's
// printable width, reports every chart whose toolbox still shows or whose
// canvas reaches past its box or the page.
const printChartsJS = `(w) => {
  const bad = [];
  for (const el of document.querySelectorAll('[_echarts_instance_]')) {
    const inst = echarts.getInstanceByDom(el);
    const tb = (inst.getOption().toolbox || [])[0];
    if (tb && tb.show !== false) bad.push('#' + el.id + ' toolbox shown');
    const box = el.getBoundingClientRect();
    for (const c of el.querySelectorAll('canvas')) {
      const r = c.getBoundingClientRect();
      if (r.right > box.right + 1 || r.right > w + 1 || r.bottom > box.bottom + 1) bad.push('#' + el.id + ' canvas clipped: right ' + Math.round(r.right) + ' box ' + Math.round(box.right));
    }
  }
  return bad;
}`

// a4Width is the printable width of A4 in CSS px with the 14 mm side margins
// of app.css: (210 − 28) mm at 96 px per inch.
const a4Width = 688

// checkReportPrint prints the report of a firm that took part in 2019 and
// 2020 the way the browser's print dialog does (A4), and checks what a
// reader of the paper would: every page carries the firm's name, the
// campaign and the date; the report holds its sections, charts and the
// year-on-year change; no chart shows its toolbox or is cut. The pages are
// kept as PNG in the artifact directory for a person to look at.
func checkReportPrint(t *testing.T, base string, firm *demo.FirmLogin) {
	b := browser.New(t)
	bctx := b.Ctx()
	must(t, b.Navigate(base+"/login"))
	must(t, chromedp.Do(bctx,
		chromedp.SendKeys(`input[name=credit_code]`, firm.CreditCode),
		chromedp.SendKeys(`input[name=invite_code]`, firm.InviteCode),
		chromedp.Click(`#firm-login button[type=submit]`),
		chromedp.WaitVisible(`.score`),
	))
	if n, err := b.AllChartsDrawn(); err != nil || n != 3 {
		t.Fatalf("charts drawn: %d, %v; want radar, indicators and progress", n, err)
	}
	art := browser.ArtifactDir(t)
	// The screen's charts are wider than paper; in print they must fit.
	media := func(m string) {
		_, err := chromedp.Call(bctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: m})
		must(t, err)
	}
	media("print")
	must(t, chromedp.Do(bctx, chromedp.EmulateViewport(a4Width, 1000)))
	time.Sleep(300 * time.Millisecond) // the media change listeners redraw
	bad, err := chromedp.Run(bctx, chromedp.Evaluate[[]string](fmt.Sprintf("(%s)(%d)", printChartsJS, a4Width)))
	must(t, err)
	if len(bad) > 0 {
		t.Errorf("in print: %s", strings.Join(bad, "; "))
	}
	media("")
	must(t, chromedp.Do(bctx, chromedp.EmulateViewport(1366, 900)))
	pdf := filepath.Join(art, "report.pdf")
	must(t, b.PrintPDF(pdf))
	b.AssertClean(t)
	checkPrintedReport(t, pdf, firm)
}

// shownSectionsJS lists the ids of the questionnaire sections on screen.
const shownSectionsJS = `[...document.querySelectorAll('#survey-form fieldset.section')].filter(s => s.offsetParent !== null).map(s => s.dataset.section)`

// checkSectionPaging: on a phone the questionnaire shows one section at a
// time; 下一节 moves on; a question asked for by a link (#q-…) or by
// survey.js ('hc:reveal', before it scrolls to an answer to fix) brings its
// section up; on a desktop every section shows again.
func checkSectionPaging(t *testing.T, base string, st firmStateCase) {
	b := browser.New(t)
	ctx := b.Ctx()
	emulate(t, b, firmScreens[0])
	must(t, b.Navigate(base+"/login"))
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=credit_code]`, st.code),
		chromedp.SendKeys(`input[name=invite_code]`, st.pass),
		chromedp.Click(`#firm-login button[type=submit]`),
	))
	waitURL(t, b, "/survey")
	shown := func() []string {
		s, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](shownSectionsJS))
		must(t, err)
		return s
	}
	all, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[...document.querySelectorAll('#survey-form fieldset.section')].map(s => s.dataset.section)`))
	must(t, err)
	if len(all) < 3 {
		t.Fatalf("sections: %v", all)
	}
	if got := shown(); len(got) != 1 || got[0] != all[0] {
		t.Fatalf("a phone shows %v, want only %s", got, all[0])
	}
	must(t, chromedp.Do(ctx, chromedp.Click(`.section-pager .next`)))
	if got := shown(); len(got) != 1 || got[0] != all[1] {
		t.Errorf("after 下一节: %v, want %s", got, all[1])
	}
	where, err := chromedp.Run(ctx, chromedp.Text(`.section-pager .where`))
	must(t, err)
	if !strings.Contains(where, fmt.Sprintf("第 2/%d 节", len(all))) || !strings.Contains(where, "已答") {
		t.Errorf("pager says %q", where)
	}
	// survey.js reveals a question in another section before scrolling to it.
	last := all[len(all)-1]
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('#s-`+last+` .q').dispatchEvent(new CustomEvent('hc:reveal', {bubbles: true}))`))
	must(t, err)
	if got := shown(); len(got) != 1 || got[0] != last {
		t.Errorf("after hc:reveal in %s: %v", last, got)
	}
	// A link to a question opens its section.
	qid, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector('#s-`+all[2]+` .q').id`))
	must(t, err)
	must(t, b.Navigate(base+"/report")) // a fresh load, not a same-page hash change
	must(t, b.Navigate(base+"/survey#"+qid))
	if got := shown(); len(got) != 1 || got[0] != all[2] {
		t.Errorf("/survey#%s shows %v, want %s", qid, got, all[2])
	}
	must(t, b.Screenshot(filepath.Join(browser.ArtifactDir(t), "survey-linked-section.png")))
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900)))
	if got := shown(); len(got) != len(all) {
		t.Errorf("a desktop shows %d of %d sections", len(got), len(all))
	}
	b.AssertClean(t)
}
