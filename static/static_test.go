package static_test

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/go-echarts/go-echarts/v2/charts"
	"github.com/go-echarts/go-echarts/v2/opts"
	"github.com/gofiber/fiber/v2"

	"healthcheck/static"
)

// echartsSHA256 is the digest of dist/echarts.min.js in the npm package
// echarts@5.4.3 (see vendor/echarts/README.md). Checking it here catches an
// accidental edit or a partial refresh of the vendored file.
const echartsSHA256 = "1156429a16a38cb8604dcc6518c19406d4226142d908f8edd2e3531443c54d19"

// pagedJSSHA256 is the digest of dist/paged.min.js in the npm package
// pagedjs@0.4.3 (see vendor/pagedjs/README.md).
const pagedJSSHA256 = "c4af9ac4a80f15e4abf53e11fdf34659dc4913f61b541652811cfa570f397211"

// TestEmbeddedPagedJSIsPinnedVersion: the report's pagination library is
// the recorded release, with its licence beside it.
func TestEmbeddedPagedJSIsPinnedVersion(t *testing.T) {
	checkPinned(t, "vendor/pagedjs/paged.min.js", pagedJSSHA256, "vendor/pagedjs/LICENSE.md", "see vendor/pagedjs/README.md")
}

// checkPinned compares a vendored file's digest with the recorded one and
// requires its licence beside it.
func checkPinned(t *testing.T, path, want, licence, hint string) {
	t.Helper()
	b, err := static.FS.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(b)
	if got := hex.EncodeToString(sum[:]); got != want {
		t.Fatalf("%s sha256 = %s, want %s (%s)", path, got, want, hint)
	}
	if _, err := static.FS.ReadFile(licence); err != nil {
		t.Fatalf("the licence must ship with %s: %v", path, err)
	}
}

func newApp() *fiber.App {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(static.Prefix, static.Handler())
	return app
}

func TestEmbeddedEChartsIsPinnedVersion(t *testing.T) {
	checkPinned(t, "vendor/echarts/echarts.min.js", echartsSHA256, "vendor/echarts/LICENSE", "run scripts/refresh-echarts.sh")
}

func TestHandler(t *testing.T) {
	app := newApp()
	tests := []struct {
		method, path string
		status       int
		contentType  string // prefix
	}{
		{"GET", "/static/vendor/echarts/echarts.min.js", 200, "text/javascript"},
		{"HEAD", "/static/vendor/echarts/echarts.min.js", 200, "text/javascript"},
		{"GET", "/static/css/app.css", 200, "text/css"},
		{"GET", "/static/js/app.js", 200, "text/javascript"},
		{"GET", "/static/nope.js", 404, ""},
		{"GET", "/static/../static.go", 404, ""},
		{"GET", "/static/vendor", 403, ""}, // no directory listings
		{"POST", "/static/css/app.css", 404, ""},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			resp, err := app.Test(httptest.NewRequest(tt.method, tt.path, nil), -1)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			if resp.StatusCode != tt.status {
				t.Fatalf("status = %d, want %d", resp.StatusCode, tt.status)
			}
			if tt.status != 200 {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, tt.contentType) {
				t.Errorf("Content-Type = %q, want prefix %q", ct, tt.contentType)
			}
			if tt.method == "GET" {
				if cc := resp.Header.Get("Cache-Control"); cc != "public, max-age=3600" {
					t.Errorf("Cache-Control = %q", cc)
				}
			}
		})
	}
}

func TestHandlerServesExactBytes(t *testing.T) {
	resp, err := newApp().Test(httptest.NewRequest("GET", "/static/vendor/echarts/echarts.min.js", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	h := sha256.New()
	if _, err := io.Copy(h, resp.Body); err != nil {
		t.Fatal(err)
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != echartsSHA256 {
		t.Fatalf("served echarts.min.js sha256 = %s", got)
	}
}

func TestHandlerWrongMountIsAnError(t *testing.T) {
	app := fiber.New(fiber.Config{DisableStartupMessage: true})
	app.Use(static.Handler()) // forgot the prefix
	resp, err := app.Test(httptest.NewRequest("GET", "/static/css/app.css", nil), -1)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 500 {
		t.Fatalf("status = %d, want 500 for a handler mounted outside %s", resp.StatusCode, static.Prefix)
	}
}

// TestEChartsAssetsHost checks that go-echarts, configured with
// EChartsAssetsHost, asks for exactly the file the handler serves.
func TestEChartsAssetsHost(t *testing.T) {
	bar := charts.NewBar()
	bar.SetGlobalOptions(charts.WithInitializationOpts(opts.Initialization{AssetsHost: static.EChartsAssetsHost}))
	bar.RenderSnippet() // resolves JSAssets against AssetsHost
	if len(bar.JSAssets.Values) == 0 {
		t.Fatal("go-echarts asked for no script")
	}
	app := newApp()
	for _, src := range bar.JSAssets.Values {
		if !strings.HasPrefix(src, static.Prefix+"/") {
			t.Errorf("go-echarts asset %q is not served by the binary", src)
			continue
		}
		resp, err := app.Test(httptest.NewRequest("GET", src, nil), -1)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != 200 {
			t.Errorf("GET %s = %d", src, resp.StatusCode)
		}
	}
}
