package browser

import (
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"
)

// TestAxeFindsWhatIsBroken: an unlabelled input and an image without a text
// alternative are reported (serious and critical), with their elements; the
// same page repaired reports nothing serious; a second check on one page reuses the
// injected axe-core. The vendored file is the version the README names.
func TestAxeFindsWhatIsBroken(t *testing.T) {
	if !strings.HasPrefix(axeJS, "/*! axe v"+AxeVersion+"\n") {
		t.Fatalf("testdata/axe/axe.min.js does not start with axe v%s's licence header", AxeVersion)
	}
	page := func(body string) string {
		return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试</title><link rel="icon" href="data:,"></head>` +
			`<body><main><h1>测试</h1>` + body + `</main></body></html>`
	}
	app := fiber.New()
	app.Get("/broken", func(c *fiber.Ctx) error {
		c.Type("html", "utf-8")
		return c.SendString(page(`<input type="file"><img src="data:,">`))
	})
	app.Get("/fixed", func(c *fiber.Ctx) error {
		c.Type("html", "utf-8")
		return c.SendString(page(`<label>名录文件 <input type="file"></label><img src="data:," alt="示意图">`))
	})
	base := Serve(t, app)
	b := New(t)

	if err := b.Navigate(base + "/broken"); err != nil {
		t.Fatal(err)
	}
	found, err := b.Axe()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	for _, v := range found {
		ids[v.ID] = v.Serious()
	}
	if !ids["label"] || !ids["image-alt"] {
		t.Fatalf("axe on a broken page found %v", found)
	}
	if again, err := b.Axe(); err != nil || len(again) != len(found) {
		t.Fatalf("a second run on the page: %v, %v", again, err)
	}
	if err := b.Navigate(base + "/fixed"); err != nil {
		t.Fatal(err)
	}
	found, err = b.Axe()
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range found {
		if v.Serious() {
			t.Errorf("axe on the repaired page: %v", v)
		}
	}
}
