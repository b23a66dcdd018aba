package charts

import (
	"bytes"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"healthcheck/static"
	"healthcheck/testutil/browser"
)

// TestMain stops the Chromium the browser tests share once they are done.
func TestMain(m *testing.M) { os.Exit(browser.RunTests(m)) }

// testPage is a bare page the way the platform lays charts out: the
// embedded ECharts first, then each chart's figure (element, script, table).
// window.alert only counts calls, so an injected alert() shows up as
// window.__xss instead of blocking the page.
var testPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>图表测试页</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/css/app.css">
<script>window.alert = function () { window.__xss = (window.__xss || 0) + 1; };</script>
<script src="/static/vendor/echarts/echarts.min.js"></script>
</head>
<body>
<main>
<h1 id="page-title">{{.Title}}</h1>
{{range .Figures}}{{.}}
{{end}}</main>
</body>
</html>`))

func renderPage(t *testing.T, title string, charts []Chart) []byte {
	t.Helper()
	var page Page
	data := struct {
		Title   string
		Figures []template.HTML
	}{Title: title}
	for _, c := range charts {
		if err := page.Add(c, nil); err != nil {
			t.Fatal(err)
		}
		h, err := c.HTML()
		if err != nil {
			t.Fatal(err)
		}
		data.Figures = append(data.Figures, h)
	}
	var buf bytes.Buffer
	if err := testPage.Execute(&buf, data); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// buildAll renders build(name) in a fixed order, plus a density chart when
// dense is set.
func buildAll(t *testing.T, name func(string) string, dense bool) []Chart {
	t.Helper()
	mk := build(name)
	var out []Chart
	for _, kind := range []string{"radar", "gauge", "bars", "stacked", "box", "pie", "heat", "scatter"} {
		c, err := mk[kind]()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		out = append(out, c)
	}
	if dense {
		c, err := Scatter("density", "营业收入与数字化投入强度（6000家，按区间计数）", samplePoints(6000, 5), ScatterOpts{
			XName: "营业收入（万元）", YName: "数字化投入强度（%）", LogX: true,
			Quadrant: &Quadrant{Name: "投入不足", XBelow: 100000, YBelow: 1},
		})
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func serve(t *testing.T, pages map[string][]byte) string {
	t.Helper()
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(static.Prefix, static.Handler())
	for path, body := range pages {
		app.Get(path, func(c *fiber.Ctx) error {
			c.Type("html", "utf-8")
			return c.Send(body)
		})
	}
	return browser.Serve(t, app)
}

// tooltipsJS opens the tooltip of the first item of every chart and reports
// what it shows, and whether any markup got into the page.
const tooltipsJS = `(async () => {
  const out = {tips: {}};
  for (const el of document.querySelectorAll('[_echarts_instance_]')) {
    const inst = echarts.getInstanceByDom(el);
    inst.dispatchAction({type: 'showTip', seriesIndex: 0, dataIndex: 0});
    await new Promise((r) => setTimeout(r, 250));
    const divs = el.querySelectorAll(':scope > div');
    const tip = divs[divs.length - 1];
    out.tips[el.id] = {html: tip ? tip.innerHTML : '', text: tip ? tip.textContent : ''};
    inst.dispatchAction({type: 'hideTip'});
  }
  out.xss = window.__xss || 0;
  out.markup = document.querySelectorAll('img, main script:not([type="text/javascript"])').length;
  return out;
})()`

type tooltipReport struct {
	Tips map[string]struct {
		HTML string `json:"html"`
		Text string `json:"text"`
	} `json:"tips"`
	XSS    int `json:"xss"`
	Markup int `json:"markup"`
}

func readTooltips(t *testing.T, b *browser.Browser) tooltipReport {
	t.Helper()
	rep, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[tooltipReport](tooltipsJS, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestChartsInBrowser draws one chart of every kind in headless Chromium
// from the binary's own ECharts, then the same charts with hostile names.
func TestChartsInBrowser(t *testing.T) {
	good := buildAll(t, plain, true)
	bad := buildAll(t, hostile, false)
	base := serve(t, map[string][]byte{
		"/charts":  renderPage(t, "嘉兴市制造业数字化转型体检：图表一览", good),
		"/hostile": renderPage(t, "恶意名称测试", bad),
	})
	b := browser.New(t)
	dir := browser.ArtifactDir(t)

	if err := b.Navigate(base + "/charts"); err != nil {
		t.Fatal(err)
	}
	n, err := b.AllChartsDrawn()
	if err != nil {
		t.Fatal(err)
	}
	if n != len(good) {
		t.Errorf("%d charts drawn, want %d", n, len(good))
	}
	for _, sel := range []string{"#page-title", "#fig-radar table th"} {
		family, err := b.FontFamilyOf(sel)
		if err != nil {
			t.Fatal(err)
		}
		if !browser.IsCJKFamily(family) {
			t.Errorf("%s drawn with %q, want a CJK font", sel, family)
		}
	}
	tables, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[int](`document.querySelectorAll('figure table.data tbody tr').length`))
	if err != nil {
		t.Fatal(err)
	}
	if tables == 0 {
		t.Error("no data table rows on the page")
	}
	shot := filepath.Join(dir, "charts.png")
	if err := b.Screenshot(shot); err != nil {
		t.Fatal(err)
	}
	// One picture per figure as well: the full page is too tall to read.
	for _, c := range good {
		png, err := chromedp.Run(b.Ctx(), chromedp.Screenshot(chromedp.ID("fig-"+c.ID)))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "fig-"+c.ID+".png"), png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	rep := readTooltips(t, b)
	for id, want := range map[string]string{"radar": "63.25", "bars": "63.25%", "box": "中位数", "pie": "33.33%", "heat": "63.25", "gauge": "63.25"} {
		if got := rep.Tips[id].Text; !strings.Contains(got, want) {
			t.Errorf("tooltip of %s = %q, want it to show %q", id, got, want)
		}
	}
	for id, tip := range rep.Tips {
		t.Logf("tooltip %s: %s", id, tip.Text)
	}
	b.AssertClean(t)

	if err := b.Navigate(base + "/hostile"); err != nil {
		t.Fatal(err)
	}
	if n, err := b.AllChartsDrawn(); err != nil || n != len(bad) {
		t.Fatalf("hostile page: %d charts drawn, want %d (%v)", n, len(bad), err)
	}
	rep = readTooltips(t, b)
	if rep.XSS != 0 || rep.Markup != 0 {
		t.Errorf("hostile names ran code or added markup: alert calls %d, injected elements %d", rep.XSS, rep.Markup)
	}
	for id, tip := range rep.Tips {
		low := strings.ToLower(tip.HTML)
		if strings.Contains(low, "<img") || strings.Contains(low, "<script") {
			t.Errorf("tooltip of %s renders markup from a name: %s", id, tip.HTML)
		}
	}
	// Where the tooltip shows a hostile name, it shows it as text.
	for _, id := range []string{"radar", "bars", "pie", "heat", "scatter"} {
		if !strings.Contains(rep.Tips[id].Text, `<img src=x onerror=alert(1)>`) {
			t.Errorf("tooltip of %s does not show the hostile name as text: %q", id, rep.Tips[id].Text)
		}
	}
	if err := b.Screenshot(filepath.Join(dir, "hostile.png")); err != nil {
		t.Fatal(err)
	}
	b.AssertClean(t)
	t.Logf("screenshots in %s", dir)
}
