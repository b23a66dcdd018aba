package browser

import (
	"bytes"
	"fmt"
	"html/template"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/gofiber/fiber/v2"

	"healthcheck/static"
)

// TestMain stops the Chromium the browser tests share once they are done.
func TestMain(m *testing.M) { os.Exit(RunTests(m)) }

// chartPage renders a go-echarts bar chart the way the platform's pages do:
// RenderSnippet plus our own <script src> tags (RenderSnippet emits none),
// with ECharts served by the binary. The favicon link avoids Chromium's
// /favicon.ico request, whose 404 would be a logged error.
var chartPage = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>数字化水平测试页</title>
<link rel="icon" href="data:,">
{{range .Scripts}}<script src="{{.}}"></script>
{{end}}</head>
<body>
<h1 id="page-title">嘉兴市制造业数字化水平</h1>
{{.Element}}
{{.Script}}
</body>
</html>`))

type chartPageData struct {
	Scripts []string
	Element template.HTML
	Script  template.HTML
}

// renderBar returns the page for a bar chart whose scripts come from
// assetsHost.
func renderBar(t *testing.T, assetsHost string) []byte {
	t.Helper()
	bar := charts.NewBar()
	bar.SetGlobalOptions(
		charts.WithInitializationOpts(opts.Initialization{
			ChartID: "sales_chart", Width: "800px", Height: "420px",
			AssetsHost: assetsHost,
		}),
		charts.WithTitleOpts(opts.Title{Title: "各区县平均得分", Subtitle: "数据来源：测试数据"}),
		// No animation would hide a missing animation gate; keep the default
		// (on) so WaitChartDrawn's gate is exercised.
	)
	bar.SetXAxis([]string{"南湖区", "秀洲区", "嘉善县", "海盐县"}).
		AddSeries("平均得分", []opts.BarData{{Value: 52.5}, {Value: 61}, {Value: 47.25}, {Value: 58}})
	snip := bar.RenderSnippet()
	var buf bytes.Buffer
	err := chartPage.Execute(&buf, chartPageData{
		Scripts: bar.JSAssets.Values, // read after RenderSnippet, which resolves AssetsHost
		Element: template.HTML(snip.Element),
		Script:  template.HTML(snip.Script),
	})
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newApp(pages map[string][]byte) *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(static.Prefix, static.Handler())
	for path, body := range pages {
		app.Get(path, func(c *fiber.Ctx) error {
			c.Type("html", "utf-8")
			return c.Send(body)
		})
	}
	return app
}

func TestChartPageIsCleanAndReadable(t *testing.T) {
	start := time.Now()
	base := Serve(t, newApp(map[string][]byte{"/chart": renderBar(t, static.EChartsAssetsHost)}))
	b := New(t)
	if err := b.Navigate(base + "/chart"); err != nil {
		t.Fatal(err)
	}

	info, err := b.WaitChartDrawn("sales_chart")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("chart drawn after %v: %+v", time.Since(start).Round(time.Millisecond), info)
	if info.Echarts != "5.4.3" || info.Renderer != "canvas" || info.W != 800 || info.H != 420 || info.ID != "sales_chart" {
		t.Errorf("chart = %+v, want ECharts 5.4.3 canvas 800x420 #sales_chart", info)
	}
	if n, err := b.AllChartsDrawn(); err != nil || n != 1 {
		t.Errorf("AllChartsDrawn = %d, %v; want 1 chart", n, err)
	}

	// Tofu check: the Chinese heading must be drawn with a CJK font.
	family, err := b.FontFamilyOf("#page-title")
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("font of #page-title: %s", family)
	if strings.Contains(family, "DejaVu") || !IsCJKFamily(family) {
		t.Errorf("Chinese heading rendered with %q, want a CJK font (install fonts-wqy-microhei)", family)
	}

	dir := ArtifactDir(t)
	shot := filepath.Join(dir, "chart.png")
	if err := b.Screenshot(shot); err != nil {
		t.Fatal(err)
	}
	pdf := filepath.Join(dir, "chart.pdf")
	if err := b.PrintPDF(pdf); err != nil {
		t.Fatal(err)
	}
	pdfPNG := filepath.Join(dir, "chart-pdf-p1.png")
	if err := b.PDFPageToPNG(pdf, pdfPNG, 1); err != nil {
		t.Fatal(err)
	}
	if err := b.PDFPageToPNG(pdf, filepath.Join(dir, "none.png"), 9); err == nil {
		t.Error("PDFPageToPNG of a page past the end succeeded")
	}
	t.Logf("screenshot, PDF and its page 1 as PNG written to %s after %v", dir, time.Since(start).Round(time.Millisecond))

	// The screenshot is the full page at the window's width; A4 portrait at
	// 100 dpi is 827x1169 pixels.
	if w, h := pngSize(t, shot); w != 1280 || h < 500 {
		t.Errorf("screenshot is %dx%d, want 1280 wide", w, h)
	}
	if w, h := pngSize(t, pdfPNG); w < 820 || w > 830 || h < 1160 || h > 1175 {
		t.Errorf("PDF page is %dx%d px at 100 dpi, want A4 portrait (827x1169)", w, h)
	}

	b.AssertClean(t)
}

// TestGuardsCatchBadPage checks the guards themselves: a page that loads an
// outside image, opens an outside websocket, logs console errors, fails an
// assert and throws must be reported, or AssertClean would prove nothing.
func TestGuardsCatchBadPage(t *testing.T) {
	bad := []byte(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><link rel="icon" href="data:,"><title>bad</title></head>
<body>
<p id="msg">坏页面</p>
<img src="http://203.0.113.5/x.png">
<script>
console.log("fine");
console.error("boom", 42);
console.assert(1 === 2, "math is broken");
console.assert(true, "never reported");
try { new WebSocket("ws://203.0.113.6/socket"); } catch (e) {}
setTimeout(() => { throw new Error("kaput"); }, 0);
</script>
</body></html>`)
	base := Serve(t, newApp(map[string][]byte{"/bad": bad}))
	b := New(t)
	if err := b.Navigate(base + "/bad"); err != nil {
		t.Fatal(err)
	}
	// The exception is thrown from a timer after the load event; wait until
	// it has been reported.
	deadline := time.Now().Add(WaitTimeout)
	for !containsAll(b.Errors(), "kaput") && time.Now().Before(deadline) {
		time.Sleep(20 * time.Millisecond)
	}

	errs := b.Errors()
	t.Logf("recorded errors:\n  %s\noff-host: %q", strings.Join(errs, "\n  "), b.OffHost())
	for _, want := range []string{"console.error: boom 42", "console.assert: math is broken", "Error: kaput", "ERR_NAME_NOT_RESOLVED"} {
		if !containsAll(errs, want) {
			t.Errorf("Errors() lacks %q; got:\n%s", want, strings.Join(errs, "\n"))
		}
	}
	if containsAll(errs, "never reported") || containsAll(errs, "fine") {
		t.Errorf("Errors() reports a passing assert or console.log:\n%s", strings.Join(errs, "\n"))
	}
	off := b.OffHost()
	for _, want := range []string{"http://203.0.113.5/x.png", "ws://203.0.113.6/socket"} {
		if !containsAll(off, want) {
			t.Errorf("OffHost() lacks %q; got %q", want, off)
		}
	}
	for _, u := range off {
		if strings.Contains(u, "127.0.0.1") {
			t.Errorf("OffHost() reports a loopback URL %q", u)
		}
	}

	rec := &recordingTB{TB: t}
	b.AssertClean(rec)
	if !rec.failed || !strings.Contains(rec.msg, "boom 42") || !strings.Contains(rec.msg, "203.0.113.5") {
		t.Errorf("AssertClean on a bad page: failed=%v, message %q", rec.failed, rec.msg)
	}
}

// TestGuardsCatchCDNAssets is the mistake the guard exists for: go-echarts'
// default AssetsHost loads ECharts from go-echarts.github.io, which works on a
// developer's machine and not on a closed network.
func TestGuardsCatchCDNAssets(t *testing.T) {
	base := Serve(t, newApp(map[string][]byte{"/cdn": renderBar(t, "")}))
	b := New(t)
	if err := b.Navigate(base + "/cdn"); err != nil {
		t.Fatal(err)
	}
	if !containsAll(b.OffHost(), "https://go-echarts.github.io/") {
		t.Errorf("OffHost() = %q, want the go-echarts CDN script", b.OffHost())
	}
	if !containsAll(b.Errors(), "echarts is not defined") {
		t.Errorf("Errors() = %q, want the page's ReferenceError", b.Errors())
	}
}

func TestIsLoopbackURL(t *testing.T) {
	for u, want := range map[string]bool{
		"http://127.0.0.1:8080/static/x.js": true,
		"http://localhost/":                 true,
		"ws://[::1]:9000/":                  true,
		"http://127.1.2.3/":                 true,
		"data:image/png;base64,AAAA":        true,
		"about:blank":                       true,
		"blob:http://127.0.0.1:1/uuid":      true,
		"https://go-echarts.github.io/a.js": false,
		"http://203.0.113.5/x.png":          false,
		"wss://example.com/socket":          false,
		"http://127.0.0.1.evil.example/":    false,
		"http://[2001:db8::1]/":             false,
		"http://%zz/":                       false,
	} {
		if got := isLoopbackURL(u); got != want {
			t.Errorf("isLoopbackURL(%q) = %v, want %v", u, got, want)
		}
	}
}

func TestIsCJKFamily(t *testing.T) {
	for f, want := range map[string]bool{
		"WenQuanYi Micro Hei": true, "Noto Sans CJK SC": true,
		"DejaVu Sans": false, "Liberation Sans": false, "": false,
	} {
		if got := IsCJKFamily(f); got != want {
			t.Errorf("IsCJKFamily(%q) = %v, want %v", f, got, want)
		}
	}
}

func containsAll(list []string, sub string) bool {
	for _, s := range list {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

func pngSize(t *testing.T, path string) (w, h int) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cfg, err := png.DecodeConfig(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return cfg.Width, cfg.Height
}

// recordingTB captures AssertClean's failure instead of failing the test.
type recordingTB struct {
	testing.TB
	failed bool
	msg    string
}

func (r *recordingTB) Helper() {}
func (r *recordingTB) Error(args ...any) {
	r.failed = true
	r.msg += fmt.Sprint(args...)
}
func (r *recordingTB) Errorf(format string, args ...any) {
	r.failed = true
	r.msg += fmt.Sprintf(format, args...)
}

// TestSkipEnvSkipsBrowserTests: HC_SKIP_BROWSER=1 skips a browser test
// before Chromium is looked for, even where HC_REQUIRE_BROWSER=1 would fail
// it, so CI's PostgreSQL pass can leave the browser to the SQLite pass.
func TestSkipEnvSkipsBrowserTests(t *testing.T) {
	var skipped bool
	t.Run("browser", func(t *testing.T) {
		t.Setenv(SkipEnv, "1")
		t.Setenv(RequireEnv, "1")
		t.Setenv("CHROME_BIN", "")
		defer func() { skipped = t.Skipped() }()
		New(t)
		t.Error("New returned under HC_SKIP_BROWSER=1")
	})
	if !skipped {
		t.Fatal("the browser test was not skipped")
	}
}

// A navigation Chromium aborts once (net::ERR_ABORTED: here a first answer
// of 204 No Content, which a browser does not navigate to) is tried again,
// so a transient abort does not fail a page test; one aborted every time
// still fails, naming the abort.
func TestNavigateTriesAnAbortedNavigationOnceMore(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	var asked atomic.Int32
	app.Get("/once", func(c *fiber.Ctx) error {
		if asked.Add(1) == 1 {
			return c.SendStatus(fiber.StatusNoContent)
		}
		c.Type("html", "utf-8")
		return c.SendString(`<!DOCTYPE html><html lang="zh-CN"><head><link rel="icon" href="data:,"><title>t</title></head><body><h1 id="page-title">第二次</h1></body></html>`)
	})
	app.Get("/never", func(c *fiber.Ctx) error { return c.SendStatus(fiber.StatusNoContent) })
	base := Serve(t, app)
	b := New(t)
	if err := b.Navigate(base + "/once"); err != nil {
		t.Fatalf("navigate after one abort: %v", err)
	}
	if title, err := chromedp.Run(b.Ctx(), chromedp.Text("#page-title")); err != nil || title != "第二次" {
		t.Fatalf("page after the retry: %q, %v", title, err)
	}
	err := b.Navigate(base + "/never")
	if err == nil || !strings.Contains(err.Error(), "ERR_ABORTED") {
		t.Fatalf("navigate to a page aborted every time: %v, want an error naming net::ERR_ABORTED", err)
	}
}
