// Package browser runs end-to-end browser tests of healthcheck pages in
// headless Chromium, driven by chromedp v0.23. It is test support: import it
// only from _test.go files.
//
// A test serves its pages on 127.0.0.1 (for example a fiber app on a
// net.Listen("tcp4", "127.0.0.1:0") listener), then:
//
//	b := browser.New(t)                  // skips without Chromium, unless HC_REQUIRE_BROWSER=1
//	if err := b.Navigate(url); err != nil {
//		t.Fatal(err)
//	}
//	if _, err := b.AllChartsDrawn(); err != nil {
//		t.Fatal(err)
//	}
//	b.AssertClean(t)                     // no JS errors, nothing fetched from outside
//
// Why the guards: the platform runs on closed government networks, so a page
// that pulls a script from a CDN works on a developer's machine and breaks in
// production. Chromium is started with host-resolver rules that make every
// host except localhost and 127.0.0.1 unresolvable, and the Browser records
// every request that tried to leave the machine, so such a page fails its test
// instead of silently degrading. A missing CJK font renders Chinese as boxes
// ("tofu") without any error; FontFamilyOf catches that.
//
// The machine needs the Debian packages chromium, fonts-wqy-microhei (or
// another CJK font) and poppler-utils (for PDFPageToPNG). chromedp talks to
// Chromium over a pipe, so no debugging port is opened and chromium-driver is
// not needed.
package browser

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/css"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// RequireEnv is the environment variable that turns a missing Chromium from a
// skipped test into a failed one. CI sets HC_REQUIRE_BROWSER=1 so that browser
// tests can never pass by being skipped.
const RequireEnv = "HC_REQUIRE_BROWSER"

// SkipEnv, set to 1, skips every browser test, for a developer's quick run
// (the HTTP tests of the same pages still run). CI never sets it: both its
// passes, on SQLite and on PostgreSQL, run the browser tests. It wins over
// RequireEnv.
const SkipEnv = "HC_SKIP_BROWSER"

const (
	// Timeout bounds the whole life of one Browser (a tab): every action
	// and the waits. A hung page fails the test instead of hanging go test.
	// It is generous because go test runs packages side by side, and CI
	// runs its two passes side by side: on a loaded two-core machine
	// Chromium alone took 16 s to start, a print with pdftoppm over a
	// minute, and the report's walk through its pages (report package)
	// over 400 s, past the 180 s this once was.
	Timeout = 10 * time.Minute

	// chartTimeout bounds the wait for charts to be drawn. ECharts' default
	// animation takes about one second; the rest is slack for slow CI.
	chartTimeout = 40 * time.Second

	// WaitTimeout bounds a test's own poll of a page (an address reached,
	// a save acknowledged, an error reported). A page that works gets
	// there in a second; the rest is slack for a CI machine running both
	// passes of the suite side by side, where 15 s was seen to be too
	// short. Only a broken page waits it out.
	WaitTimeout = 60 * time.Second

	// queryTimeout bounds the wait for a node in FontFamilyOf, so that a
	// mistyped selector fails in seconds, not at the end of Timeout.
	queryTimeout = 10 * time.Second
)

// execPaths are the Chromium binaries tried by Available, in order. The real
// binary comes first: the /usr/bin/chromium wrapper script adds flags from
// /etc/chromium.d and prints shell errors in containers.
var execPaths = []string{"/usr/lib/chromium/chromium", "/usr/bin/chromium"}

// Available reports the Chromium binary the tests will run. $CHROME_BIN wins
// when it names an executable file (handy on a developer machine with Chromium
// elsewhere); otherwise Debian's /usr/lib/chromium/chromium or
// /usr/bin/chromium.
func Available() (execPath string, ok bool) {
	candidates := execPaths
	if env := os.Getenv("CHROME_BIN"); env != "" {
		candidates = append([]string{env}, execPaths...)
	}
	for _, p := range candidates {
		if fi, err := os.Stat(p); err == nil && fi.Mode().IsRegular() && fi.Mode()&0o111 != 0 {
			return p, true
		}
	}
	return "", false
}

// Browser is one tab of the package's shared headless Chromium, in a browser
// context of its own: its cookies, storage and cache are its alone, as in a
// browser of its own. It records, from the moment New returns, everything
// that makes a page unclean: console.error and failed console.assert calls,
// uncaught exceptions, browser log entries at error level (failed loads,
// 404s, CSP violations), and requests or websockets to any host that is not
// loopback.
//
// A Browser belongs to one test goroutine, like the chromedp context behind
// it; its recorders are safe to read at any time. Tests run in parallel in
// tabs of the one Chromium.
type Browser struct {
	ctx context.Context // the tab

	mu      sync.Mutex
	errs    []string
	offHost []string
}

// New opens a tab for the test in the package's headless Chromium, which the
// first New starts (see RunTests), and closes the tab, with its cookies and
// storage, in t.Cleanup. When Chromium is not installed the test is skipped,
// or fails when HC_REQUIRE_BROWSER=1. Chromium's output since the tab opened
// is printed only when the test failed. The tab lives at most Timeout.
func New(t testing.TB) *Browser {
	t.Helper()
	execPath := requireChromium(t)
	c, started, err := sharedChromium(execPath)
	if err != nil {
		t.Fatal(err)
	}
	mark := 0 // the whole output of a Chromium this test started
	if started == "" {
		mark = c.output.Len()
	} else {
		t.Log(started)
	}

	start := time.Now()
	b, closeTab, err := c.openTab()
	t.Cleanup(func() {
		if err := closeTab(); err != nil && c.ctx.Err() == nil {
			t.Logf("close the tab: %v", err)
		}
		if t.Failed() {
			t.Logf("Chromium output since this test's tab opened (shared with the package's other tests; dbus noise removed):\n%s",
				withoutDBusNoise(c.output.Since(mark)))
		}
	})
	if err != nil {
		t.Fatalf("open a tab in Chromium %s: %v", execPath, err)
	}
	t.Logf("tab opened in %v", time.Since(start).Round(time.Millisecond))
	return b
}

// requireChromium returns the Chromium to run, or skips the test (fails it
// under HC_REQUIRE_BROWSER=1).
func requireChromium(t testing.TB) string {
	t.Helper()
	if os.Getenv(SkipEnv) == "1" {
		t.Skipf("skipping browser test: %s=1", SkipEnv)
	}
	execPath, ok := Available()
	if !ok {
		msg := "Chromium not found (looked at $CHROME_BIN, " + strings.Join(execPaths, ", ") +
			"); install it with: apt-get install --no-install-recommends chromium fonts-wqy-microhei poppler-utils"
		if os.Getenv(RequireEnv) == "1" {
			t.Fatalf("%s; %s=1 forbids skipping browser tests", msg, RequireEnv)
		}
		t.Skipf("skipping browser test: %s", msg)
	}
	return execPath
}

// Ctx returns the context of the tab. Use it to run any chromedp action, for
// example chromedp.Run(b.Ctx(), chromedp.Text(chromedp.ID("title"))). It ends
// when the test ends or after Timeout.
func (b *Browser) Ctx() context.Context { return b.ctx }

// Navigate loads url in the tab and waits for its load event. A page that
// answers with an error status still loads; the status shows up in Errors as a
// failed resource.
//
// A navigation Chromium aborts (net::ERR_ABORTED) is tried once more. Under
// CI's load Chromium has aborted a plain navigation between two pages of the
// same server (seen twice, both times under load and with -race; cause
// not found in the pages: none of them navigates by script); a page that is
// aborted every time still fails.
func (b *Browser) Navigate(url string) error {
	err := chromedp.Do(b.ctx, chromedp.Navigate(url))
	if err != nil && strings.Contains(err.Error(), "net::ERR_ABORTED") {
		err = chromedp.Do(b.ctx, chromedp.Navigate(url))
	}
	if err != nil {
		return fmt.Errorf("navigate to %s: %w", url, err)
	}
	return nil
}

// Errors returns what went wrong in the page so far: console errors and
// failed asserts, uncaught exceptions, and browser log entries at error level,
// in the order Chromium reported them.
func (b *Browser) Errors() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.errs...)
}

// OffHost returns the URL of every request and websocket the page opened to a
// host that is not loopback, in order. Chromium's resolver rules make them
// fail, so they did not leave the machine, but each one is an asset that would
// be missing on a closed network.
func (b *Browser) OffHost() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.offHost...)
}

// AssertClean fails t, listing them, when Errors or OffHost is not empty.
// It does not stop the test, so screenshots taken afterwards still help to see
// what went wrong.
func (b *Browser) AssertClean(t testing.TB) {
	t.Helper()
	errs, off := b.Errors(), b.OffHost()
	if len(errs) == 0 && len(off) == 0 {
		return
	}
	var sb strings.Builder
	sb.WriteString("page is not clean:")
	for _, e := range errs {
		sb.WriteString("\n  error: " + e)
	}
	for _, u := range off {
		sb.WriteString("\n  off-host request: " + u)
	}
	t.Error(sb.String())
}

// record runs in the tab's event loop for every event (chromedp.Listen): it
// must return fast and must not run chromedp actions.
func (b *Browser) record(ev any) {
	var errMsg, offURL string
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		// console.assert(false, …) is reported with type "assert"; a passing
		// assert reports nothing.
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert {
			errMsg = "console." + string(ev.Type) + ": " + formatArgs(ev.Args) + stackLocation(ev.StackTrace)
		}
	case *runtime.EventExceptionThrown:
		d := ev.ExceptionDetails
		if d != nil {
			errMsg = "uncaught exception: " + d.Text
			if d.Exception != nil && d.Exception.Description != "" {
				errMsg += " " + d.Exception.Description
			}
			if d.URL != "" {
				errMsg += " (" + d.URL + ":" + strconv.FormatInt(d.LineNumber+1, 10) + ")"
			}
		}
	case *cdplog.EventEntryAdded:
		// Failed loads (404, net::ERR_NAME_NOT_RESOLVED), CSP violations and
		// similar browser-side problems are only visible here.
		if e := ev.Entry; e != nil && e.Level == cdplog.EntryLevelError {
			errMsg = "log." + string(e.Source) + ": " + e.Text
			if e.URL != "" {
				errMsg += " " + e.URL
			}
		}
	case *network.EventRequestWillBeSent:
		if ev.Request != nil && !isLoopbackURL(ev.Request.URL) {
			offURL = ev.Request.URL
		}
	case *network.EventWebSocketCreated:
		if !isLoopbackURL(ev.URL) {
			offURL = ev.URL
		}
	}
	if errMsg == "" && offURL == "" {
		return
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	if errMsg != "" {
		b.errs = append(b.errs, errMsg)
	}
	if offURL != "" {
		b.offHost = append(b.offHost, offURL)
	}
}

// formatArgs renders console arguments roughly as DevTools shows them:
// strings without quotes, other values as JSON or by their description.
func formatArgs(args []*runtime.RemoteObject) string {
	parts := make([]string, 0, len(args))
	for _, a := range args {
		if a == nil {
			continue
		}
		switch {
		case a.Type == runtime.RemoteObjectTypeString && len(a.Value) > 0:
			var s string
			if json.Unmarshal(a.Value, &s) == nil {
				parts = append(parts, s)
			} else {
				parts = append(parts, string(a.Value))
			}
		case len(a.Value) > 0:
			parts = append(parts, string(a.Value))
		case a.UnserializableValue != "":
			parts = append(parts, string(a.UnserializableValue))
		case a.Description != "":
			parts = append(parts, a.Description)
		default:
			parts = append(parts, string(a.Type))
		}
	}
	return strings.Join(parts, " ")
}

// stackLocation returns " (url:line)" of the innermost frame, or "".
func stackLocation(st *runtime.StackTrace) string {
	if st == nil || len(st.CallFrames) == 0 || st.CallFrames[0] == nil {
		return ""
	}
	f := st.CallFrames[0]
	return " (" + f.URL + ":" + strconv.FormatInt(f.LineNumber+1, 10) + ")"
}

// isLoopbackURL reports whether rawURL stays on this machine: URLs without a
// host (data:, blob:, about:, javascript:) and hosts localhost, 127.0.0.0/8
// and ::1. Anything else, including unparsable URLs, counts as off-host.
func isLoopbackURL(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	if u.Host == "" {
		return true // data:…, blob:…, about:blank: nothing goes to a network host
	}
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

// ChartInfo describes a drawn ECharts chart.
type ChartInfo struct {
	ID       string `json:"id"`       // id attribute of the chart's element
	Renderer string `json:"renderer"` // "canvas" or "svg"
	W        int    `json:"w"`        // canvas size in device pixels, or SVG size in CSS pixels
	H        int    `json:"h"`
	Painted  int    `json:"painted"` // canvas: pixels not fully transparent; SVG: drawn shapes and texts
	Echarts  string `json:"echarts"` // echarts.version of the page
}

// drawnJS is a JS function of a DOM element: false until the element holds an
// ECharts instance that finished its animation and actually painted something,
// then a ChartInfo. The animation gate is the same test ECharts runs before it
// fires 'finished'; without it a screenshot can catch bars halfway up. The
// painted threshold rejects a sized but blank canvas (options never applied).
const drawnJS = `(el) => {
  if (!el || !window.echarts) return false;
  const inst = echarts.getInstanceByDom(el);
  if (!inst || inst.isDisposed()) return false;
  if (!inst.getZr().animation.isFinished()) return false;
  const info = {id: el.id || '', echarts: echarts.version};
  const c = el.querySelector('canvas');
  if (c) {
    if (c.width === 0 || c.height === 0) return false;
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let painted = 0;
    for (let i = 3; i < d.length; i += 4) if (d[i] !== 0) painted++;
    if (painted < 1000) return false;
    return Object.assign(info, {renderer: 'canvas', w: c.width, h: c.height, painted: painted});
  }
  const s = el.querySelector('svg');
  if (s) {
    const r = s.getBoundingClientRect();
    const painted = s.querySelectorAll('path,text,rect,circle,ellipse,line,polyline,polygon,image').length;
    if (r.width === 0 || r.height === 0 || painted < 3) return false;
    return Object.assign(info, {renderer: 'svg', w: Math.round(r.width), h: Math.round(r.height), painted: painted});
  }
  return false;
}`

// chartDrawnJS polls one chart by element id.
const chartDrawnJS = `(id) => (` + drawnJS + `)(document.getElementById(id))`

// allChartsDrawnJS polls every element ECharts initialised (echarts.init marks
// it with the attribute _echarts_instance_). It returns the list of ChartInfo
// once all are drawn; an empty list (truthy in JS) when the page has none.
const allChartsDrawnJS = `() => {
  const drawn = ` + drawnJS + `;
  const out = [];
  for (const el of document.querySelectorAll('[_echarts_instance_]')) {
    const info = drawn(el);
    if (!info) return false;
    out.push(info);
  }
  return out;
}`

// chartStateJS explains, after a failed wait, why a chart is not drawn.
const chartStateJS = `(id) => {
  if (!window.echarts) return 'window.echarts is undefined (echarts.min.js not loaded?)';
  const els = id ? [document.getElementById(id)] : Array.from(document.querySelectorAll('[_echarts_instance_]'));
  return els.map((el) => {
    if (!el) return 'no element with id ' + JSON.stringify(id);
    const inst = echarts.getInstanceByDom(el);
    if (!inst) return '#' + el.id + ': no ECharts instance';
    if (inst.isDisposed()) return '#' + el.id + ': instance disposed';
    if (!inst.getZr().animation.isFinished()) return '#' + el.id + ': animation still running';
    return '#' + el.id + ': instance present but nothing painted';
  }).join('; ');
}`

// WaitChartDrawn waits until the ECharts chart in the element with the given
// id is drawn: the instance exists, its animation has finished and its canvas
// (or SVG) shows something. It gives up after 20 s.
func (b *Browser) WaitChartDrawn(id string) (ChartInfo, error) {
	info, err := chromedp.Run(b.ctx, chromedp.PollFunction[ChartInfo](chartDrawnJS,
		chromedp.WithPollingArgs(id),
		chromedp.WithPollingInterval(100*time.Millisecond),
		chromedp.WithPollingTimeout(chartTimeout)))
	if err != nil {
		return ChartInfo{}, fmt.Errorf("chart #%s not drawn: %w (%s)", id, err, b.chartState(id))
	}
	return info, nil
}

// AllChartsDrawn waits until every ECharts chart on the page is drawn, as
// WaitChartDrawn does for one, and returns how many there are. Charts are the
// elements carrying the _echarts_instance_ attribute; call it after Navigate,
// when the page's scripts have created them. A page without charts returns 0.
func (b *Browser) AllChartsDrawn() (n int, err error) {
	poll := func() ([]ChartInfo, error) {
		return chromedp.Run(b.ctx, chromedp.PollFunction[[]ChartInfo](allChartsDrawnJS,
			chromedp.WithPollingInterval(100*time.Millisecond),
			chromedp.WithPollingTimeout(chartTimeout)))
	}
	infos, err := poll()
	if contextReplaced(err) {
		infos, err = poll()
	}
	if err != nil {
		return 0, fmt.Errorf("charts not drawn: %w (%s)", err, b.chartState(""))
	}
	return len(infos), nil
}

// contextReplaced reports whether a script ran in a document's context that
// a navigation had just replaced: on a loaded machine chromedp can learn of
// the new document's context after Navigate returns, and the script then
// finds no context ("Cannot find context with specified id"). Run again, it
// runs in the new document.
func contextReplaced(err error) bool {
	return err != nil && strings.Contains(err.Error(), "Cannot find context with specified id")
}

func (b *Browser) chartState(id string) string {
	ctx, cancel := context.WithTimeout(b.ctx, 5*time.Second)
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.PollFunction[string](chartStateJS,
		chromedp.WithPollingArgs(id), chromedp.WithPollingInterval(100*time.Millisecond)))
	if err != nil {
		return "state unknown: " + err.Error()
	}
	if errs := b.Errors(); len(errs) > 0 {
		s += "; page errors: " + strings.Join(errs, " | ")
	}
	return s
}

// Screenshot writes a PNG of the whole page, beyond the viewport, to path,
// creating its directory.
func (b *Browser) Screenshot(path string) error {
	png, err := chromedp.Run(b.ctx, chromedp.FullScreenshot(100)) // quality 100 means PNG
	if err != nil {
		return fmt.Errorf("screenshot: %w", err)
	}
	return writeFile(path, png)
}

// PrintPDF prints the page as the browser's print dialog would, on A4
// portrait paper with backgrounds (chart and table colours), to path.
func (b *Browser) PrintPDF(path string) error {
	pdf, err := chromedp.Run(b.ctx, chromedp.PrintToPDF(
		chromedp.PDFPaper(chromedp.PaperA4),
		chromedp.PDFPrintBackground()))
	if err != nil {
		return fmt.Errorf("print to PDF: %w", err)
	}
	if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
		return errors.New("print to PDF: result is not a PDF")
	}
	return writeFile(path, pdf)
}

// PDFPageToPNG renders page (1-based) of the PDF at pdfPath to a PNG at
// pngPath with pdftoppm (Debian package poppler-utils) at 100 dpi, so a test
// can look at what the printed report really shows.
func (b *Browser) PDFPageToPNG(pdfPath, pngPath string, page int) error {
	if page < 1 {
		return fmt.Errorf("pdftoppm: page %d, pages start at 1", page)
	}
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		return fmt.Errorf("pdftoppm not found (apt-get install poppler-utils): %w", err)
	}
	if err := os.MkdirAll(filepath.Dir(pngPath), 0o755); err != nil {
		return err
	}
	// pdftoppm -singlefile writes <root>.png.
	root := strings.TrimSuffix(pngPath, ".png")
	p := strconv.Itoa(page)
	out, err := exec.CommandContext(b.ctx, bin, "-png", "-r", "100", "-f", p, "-l", p, "-singlefile", pdfPath, root).CombinedOutput()
	if err != nil {
		return fmt.Errorf("pdftoppm page %d of %s: %w: %s", page, pdfPath, err, bytes.TrimSpace(out))
	}
	if root+".png" != pngPath {
		return os.Rename(root+".png", pngPath)
	}
	return nil
}

// FontFamilyOf returns the platform font family Chromium used for most of the
// glyphs of the text directly inside the first node matching the CSS
// selector (CSS.getPlatformFontsForNode). For Chinese text it must be a CJK
// font such as "WenQuanYi Micro Hei" or "Noto Sans CJK SC"; "DejaVu Sans"
// means the text was drawn as boxes (tofu) because no CJK font is installed.
func (b *Browser) FontFamilyOf(selector string) (string, error) {
	ctx, cancel := context.WithTimeout(b.ctx, queryTimeout)
	defer cancel()
	ids, err := chromedp.Run(ctx, chromedp.QueryNodeIDs(chromedp.CSS(selector)))
	if err != nil {
		return "", fmt.Errorf("find %q: %w", selector, err)
	}
	if len(ids) == 0 {
		return "", fmt.Errorf("find %q: no node", selector)
	}
	res, err := chromedp.Call(ctx, css.GetPlatformFontsForNode, css.GetPlatformFontsForNodeParams{NodeID: ids[0]})
	if err != nil {
		return "", fmt.Errorf("platform fonts of %q: %w", selector, err)
	}
	var best *css.PlatformFontUsage
	for _, f := range res.Fonts {
		if f != nil && (best == nil || f.GlyphCount > best.GlyphCount) {
			best = f
		}
	}
	if best == nil {
		return "", fmt.Errorf("platform fonts of %q: no text rendered in it", selector)
	}
	return best.FamilyName, nil
}

// cjkFamilies are substrings of the family names of common CJK fonts on
// Debian: fonts-wqy-microhei/zenhei, fonts-noto-cjk, Source Han, Droid
// fallback and AR PL (fonts-arphic-*).
var cjkFamilies = []string{"WenQuanYi", "Noto Sans CJK", "Noto Serif CJK", "Source Han", "Droid Sans Fallback", "AR PL"}

// IsCJKFamily reports whether a family name returned by FontFamilyOf is a
// font that has Chinese glyphs. Use it for the tofu check:
//
//	if f, err := b.FontFamilyOf("h1"); err != nil || !browser.IsCJKFamily(f) { … }
func IsCJKFamily(family string) bool {
	for _, c := range cjkFamilies {
		if strings.Contains(family, c) {
			return true
		}
	}
	return false
}

// ArtifactDir returns the directory where a test should write screenshots and
// PDFs: $HC_ARTIFACT_DIR/<test name> when that variable is set (CI keeps the
// files; a developer can look at them), otherwise a t.TempDir() removed after
// the test.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	root := os.Getenv("HC_ARTIFACT_DIR")
	if root == "" {
		return t.TempDir()
	}
	dir := filepath.Join(root, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

func writeFile(path string, data []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}

// withoutDBusNoise drops the harmless "Failed to connect to the bus" lines
// that headless Chromium prints in containers without dbus.
func withoutDBusNoise(s string) string {
	var keep []string
	for line := range strings.SplitSeq(s, "\n") {
		if strings.Contains(line, "dbus") || strings.Contains(line, "D-Bus") {
			continue
		}
		keep = append(keep, line)
	}
	return strings.Join(keep, "\n")
}
