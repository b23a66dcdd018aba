package browser

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"healthcheck/testutil/syncbuf"
)

// Starting Chromium costs seconds on a loaded machine (16 s was seen), and
// opening a tab in a running one a fraction of that, so a test package
// shares one Chromium: the first New starts it, every New opens a tab of its
// own in a browser context of its own (an incognito-like profile: cookies,
// storage and cache are the test's alone), and RunTests stops it when the
// package's tests end.

const (
	// startTimeout bounds Chromium's start, which a test's Timeout no
	// longer covers: the browser outlives the test that started it.
	startTimeout = 3 * time.Minute

	// closeTimeout bounds the graceful close at the end of the package,
	// after which Chromium is killed.
	closeTimeout = 20 * time.Second
)

// chromium is one running headless Chromium.
type chromium struct {
	// ctx is the browser's first chromedp context, which owns the process:
	// it is done once Chromium is gone, whether stopped or crashed, and so
	// is every tab's context, derived from it.
	ctx         context.Context
	cancel      context.CancelFunc // kills Chromium, waits for its exit and the profile's removal
	cancelAlloc context.CancelFunc
	output      *syncbuf.Buffer // Chromium's output and chromedp's own messages
	pid         int
	profile     string // the profile directory chromedp made, removed by stop
	// singleton is the directory Chromium makes in $TMPDIR for its
	// process-singleton socket. Chromium removes it when it closes, but a
	// killed or crashed one leaves it, so stop removes it too.
	singleton string
}

// shared is the package's Chromium.
var shared struct {
	mu      sync.Mutex
	running bool      // RunTests is running the package's tests
	browser *chromium // nil before the first New, and after a stop
	starts  int       // Chromiums started by this test binary
}

// errNoRunTests is New's failure in a package whose TestMain does not run
// its tests through RunTests: nothing would stop the shared Chromium.
var errNoRunTests = errors.New("browser.New needs the package's TestMain to run its tests " +
	"with browser.RunTests(m), which stops the package's shared Chromium when they end")

// RunTests runs the package's tests, m.Run, in a temporary directory of
// the test binary's own ($TMPDIR while they run; see ownTempDir), then stops
// the Chromium they shared, runs atEnd (the package's own teardown and
// checks, while $TMPDIR is still the binary's) and removes the directory.
// Every package whose tests call New runs them this way:
//
//	func TestMain(m *testing.M) { os.Exit(browser.RunTests(m)) }
//
// A Chromium that cannot be stopped cleanly (its profile left behind), an
// error of atEnd or a directory that cannot be removed turns the exit code
// into a failure.
//
// When the test binary ends without returning from m.Run (a -timeout panic,
// a panic, os.Exit in a test) the kernel still kills Chromium, which was
// started with a parent-death signal, and the next RunTests removes the
// directory it leaves.
func RunTests(m *testing.M, atEnd ...func() error) int {
	restore, err := ownTempDir()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	shared.mu.Lock()
	shared.running = true
	shared.mu.Unlock()
	code := m.Run()
	if err := stopShared(); err != nil {
		fmt.Fprintf(os.Stderr, "browser: stop the shared Chromium: %v\n", err)
		code = max(code, 1)
	}
	for _, f := range atEnd {
		if err := f(); err != nil {
			fmt.Fprintln(os.Stderr, err)
			code = max(code, 1)
		}
	}
	if err := restore(); err != nil {
		fmt.Fprintf(os.Stderr, "browser: %v\n", err)
		code = max(code, 1)
	}
	return code
}

// stopShared stops the package's Chromium, if one runs, once its tests end.
func stopShared() error {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	shared.running = false
	c := shared.browser
	if c == nil {
		return nil
	}
	shared.browser = nil
	return c.stop()
}

// sharedChromium returns the package's running Chromium, starting it on
// first use, or again when the last one died (a crash fails the tests that
// were using it, not every test after them). started is the note New logs
// when it started one.
func sharedChromium(execPath string) (c *chromium, started string, err error) {
	shared.mu.Lock()
	defer shared.mu.Unlock()
	if !shared.running {
		return nil, "", errNoRunTests
	}
	if c := shared.browser; c != nil {
		if c.ctx.Err() == nil {
			return c, "", nil
		}
		shared.browser = nil
		started = " after the last one died"
		// What is left to do is reaping it and removing its profile.
		_ = c.stop()
	}
	begin := time.Now()
	c, err = startChromium(execPath)
	if err != nil {
		return nil, "", err
	}
	shared.browser = c
	shared.starts++
	started = fmt.Sprintf("Chromium %s started in %v (start %d of this package), shared by its tests%s",
		execPath, time.Since(begin).Round(time.Millisecond), shared.starts, started)
	return c, started, nil
}

// startChromium starts headless Chromium and waits until it answers.
func startChromium(execPath string) (*chromium, error) {
	output := new(syncbuf.Buffer)
	// chromedp's own messages go beside Chromium's output: the browser
	// outlives any one test, so no test's log can take them.
	logf := func(format string, args ...any) {
		fmt.Fprintf(output, "chromedp: "+format+"\n", args...)
	}
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), allocatorOptions(execPath, output)...)
	ctx, cancel := chromedp.NewContext(allocCtx, chromedp.WithLogf(logf), chromedp.WithErrorf(logf))
	c := &chromium{ctx: ctx, cancel: cancel, cancelAlloc: cancelAlloc, output: output}
	// The first Run binds Chromium's life to ctx, which must have no
	// deadline; the start's own bound is kept here.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(ctx) }()
	var err error
	select {
	case err = <-done:
	case <-time.After(startTimeout):
		err = fmt.Errorf("no answer after %v", startTimeout)
	}
	if err != nil {
		_ = c.stop()
		return nil, fmt.Errorf("start Chromium %s: %w\nits output:\n%s", execPath, err, withoutDBusNoise(output.String()))
	}
	if p := chromedp.FromContext(ctx).Browser.Process(); p != nil {
		c.pid, c.profile = p.Pid, profileDir(p.Pid)
	}
	if c.profile != "" {
		if link, err := os.Readlink(filepath.Join(c.profile, "SingletonSocket")); err == nil {
			c.singleton = filepath.Dir(link)
		}
	}
	return c, nil
}

// openTab opens a tab in c in a browser context of its own, with the
// recorders listening, and returns it with the function that closes it (and
// disposes of its browser context). The tab lives at most Timeout. It is
// opened now, so that a broken browser fails here with a clear message and
// the recorders see the first navigation.
func (c *chromium) openTab() (*Browser, func() error, error) {
	b := &Browser{}
	timeoutCtx, cancelTimeout := context.WithTimeout(c.ctx, Timeout)
	tabCtx, cancelTab := chromedp.NewContext(timeoutCtx,
		chromedp.WithNewBrowserContext(), chromedp.WithListener(b.record))
	b.ctx = tabCtx
	closeTab := func() error {
		err := chromedp.Cancel(tabCtx)
		cancelTab()
		cancelTimeout()
		return err
	}
	return b, closeTab, chromedp.Do(tabCtx)
}

// allocatorOptions are Chromium's command line.
func allocatorOptions(execPath string, output *syncbuf.Buffer) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(execPath),
		// Tests run as root in CI containers, where Chromium refuses to start
		// with its sandbox. The pages are our own, served on loopback.
		chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true),
		// No background traffic of Chromium itself (updates, sync, metrics).
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-domain-reliability", true),
		chromedp.Flag("no-pings", true),
		// Every host, IP literals included, fails to resolve except the
		// loopback test server: nothing can leave the machine, and the
		// attempt still shows up in the recorded requests. 127.0.0.1 must be
		// excluded explicitly because "*" also matches IP literals.
		chromedp.Flag("host-resolver-rules", "MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1"),
		// Chinese UI: Accept-Language and locale-dependent formatting match
		// what users see.
		chromedp.Flag("lang", "zh-CN"),
		// Every window, each test's tab's included, opens at this size.
		chromedp.WindowSize(1280, 900),
		chromedp.CombinedOutput(output),
		// No UserDataDir: chromedp then makes a fresh profile directory and
		// deletes it (and kills leftover children) once Chromium exits.
	)
}

// stop closes Chromium, gracefully if it still runs, and returns once it
// has exited and chromedp has removed its profile directory; the error says
// what was left behind.
func (c *chromium) stop() error {
	if c.ctx.Err() == nil {
		ctx, cancel := context.WithTimeout(c.ctx, closeTimeout)
		// Browser.close lets Chromium end its children itself. Its error
		// (a close cut short by the timeout or by the pipe closing first)
		// is not the point: c.cancel below kills whatever still runs.
		_ = chromedp.Cancel(ctx)
		cancel()
	}
	c.cancel() // waits for the exit and the removal of the profile
	c.cancelAlloc()
	var errs []error
	if c.singleton != "" && strings.HasPrefix(filepath.Base(c.singleton), "org.chromium.") {
		if err := os.RemoveAll(c.singleton); err != nil {
			errs = append(errs, fmt.Errorf("remove Chromium's singleton directory: %w", err))
		}
	}
	if c.profile != "" {
		if _, err := os.Stat(c.profile); !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, fmt.Errorf("Chromium's profile %s is left behind (stat: %v)", c.profile, err))
		}
	}
	return errors.Join(errs...)
}

// profileDir reads the --user-data-dir chromedp gave the process pid, so that
// stop can check it was removed. It is "" when /proc cannot tell.
func profileDir(pid int) string {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return ""
	}
	for arg := range strings.SplitSeq(string(cmdline), "\x00") {
		if dir, ok := strings.CutPrefix(arg, "--user-data-dir="); ok {
			return dir
		}
	}
	return ""
}
