package views

import (
	"strings"
	"testing"

	"healthcheck/city"
)

// The pages are parsed after New returns (on first use, or by the warm-up
// goroutine), so a broken template no longer stops the program at start-up:
// Check is where it shows, and this test is what stops the build.
func TestEveryPageParses(t *testing.T) {
	v, err := New(city.Default())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Check(); err != nil {
		t.Fatal(err)
	}
}

func TestRenderingAnUnknownPageIsAnError(t *testing.T) {
	v, err := New(city.Default())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := v.Render(&b, "no_such_page", Page{}); err == nil || !strings.Contains(err.Error(), "no_such_page") {
		t.Fatalf("Render(no_such_page) = %v, want an error naming the page", err)
	}
}

// A page renders from its lazily parsed template while the warm-up may still
// be parsing the others.
func TestAPageRendersBeforeTheWarmUpEnds(t *testing.T) {
	v, err := New(city.Default())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := v.Render(&b, "error", Page{Title: "出错了", Data: map[string]any{"Message": "页面不存在"}}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "出错了") {
		t.Fatalf("the error page lacks its title:\n%s", b.String())
	}
}
