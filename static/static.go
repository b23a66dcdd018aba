// Package static embeds the platform's browser assets (CSS, small scripts and
// the vendored ECharts build) and serves them from the binary.
//
// Government networks are closed, so no page may load anything from a CDN:
// every asset a page needs lives under this directory and is compiled into the
// binary with go:embed. Add files under css/, js/ or vendor/; they are picked
// up automatically.
//
// Mount the handler on the /static prefix:
//
//	app.Use(static.Prefix, static.Handler())
//
// and point go-echarts at the embedded ECharts with
// opts.Initialization{AssetsHost: static.EChartsAssetsHost}.
package static

import (
	"embed"
	"fmt"
	"net/http"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/filesystem"
)

// FS holds the embedded assets. Paths are relative to this directory, for
// example "vendor/echarts/echarts.min.js" or "css/app.css".
//
// go:embed refuses to compile when a named directory is missing or holds no
// embeddable file (names starting with "." or "_" do not count), which is why
// css/app.css and js/app.js exist even while they are almost empty.
//
//go:embed vendor css js
var FS embed.FS

// Prefix is the URL path under which Handler serves FS.
const Prefix = "/static"

// EChartsAssetsHost is the value for go-echarts' opts.Initialization.AssetsHost
// so that chart pages load the embedded echarts.min.js instead of the default
// https://go-echarts.github.io host.
const EChartsAssetsHost = Prefix + "/vendor/echarts/"

// maxAge is the Cache-Control max-age in seconds. Asset URLs carry no version
// or checksum yet, so a long lifetime would keep stale files in browsers after
// an upgrade; one hour bounds that while still sparing repeated downloads of
// the 1 MB ECharts file within a session.
const maxAge = 3600

// Handler serves FS under Prefix for GET and HEAD requests. It must be mounted
// with app.Use(static.Prefix, static.Handler()) (or on a group whose path is
// Prefix): fiber's filesystem middleware strips the mount path from the request
// path, so mounting it anywhere else would look up the wrong files. A wrong
// mount is reported as an error instead of silently answering 404 for every
// asset. Unknown files fall through to the next handler with status 404.
func Handler() fiber.Handler {
	files := filesystem.New(filesystem.Config{
		Root:   http.FS(FS),
		MaxAge: maxAge,
	})
	return func(c *fiber.Ctx) error {
		if p := c.Route().Path; p != Prefix {
			return fmt.Errorf("static: Handler mounted at %q, want app.Use(%q, static.Handler())", p, Prefix)
		}
		return files(c)
	}
}
