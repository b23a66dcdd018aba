package reference

import (
	"strings"
	"testing"

	"healthcheck/questionnaires"
)

func TestBuiltInFiguresAreQuotedWithTheirSource(t *testing.T) {
	r, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	s := r.For("330400", 2020)
	if s == nil || len(s.Figures) != 6 {
		t.Fatalf("2020: %+v", s)
	}
	if got := s.Figures[3].Line(); got != "企业上云累计 35,861家（截至2020年）" {
		t.Errorf("line %q", got)
	}
	if len(s.Sources()) != 1 || !strings.Contains(s.Sources()[0], "第156号建议的答复") {
		t.Errorf("sources %v", s.Sources())
	}
	if r.For("330400", 2021) != nil || r.For("330100", 2020) != nil {
		t.Error("another year's or another city's figures were lent")
	}
}

// TestComparedIndicatorsExist: the built-in figures compare with the 2020
// edition's indicators, and a file naming one no edition has is refused.
func TestComparedIndicatorsExist(t *testing.T) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	r, err := LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	s := r.For("330400", 2020)
	if err := s.CheckCompare(defs.HasIndicator); err != nil {
		t.Error(err)
	}
	if got := s.Figures[2].Compare; len(got) != 6 || got[0] != "设备联网率" {
		t.Errorf("居全省第一的三级指标 compares with %v", got)
	}
	bad := "city: \"330400\"\nyear: 2021\nfigures:\n  - {name: 上云企业, value: \"1\", source: 省经信厅, compare: [上云比率]}\n"
	set, err := Parse([]byte(bad))
	if err != nil {
		t.Fatal(err)
	}
	if err := set.CheckCompare(defs.HasIndicator); err == nil || !strings.Contains(err.Error(), `figures[0] 上云企业: compare "上云比率"`) {
		t.Errorf("an unknown indicator: %v", err)
	}
	twice := strings.Replace(bad, "[上云比率]", "[上云率, 上云率]", 1)
	if _, err := Parse([]byte(twice)); err == nil || !strings.Contains(err.Error(), "each indicator is named once") {
		t.Errorf("an indicator named twice: %v", err)
	}
}

func TestBrokenFilesNameTheFigure(t *testing.T) {
	good := "city: \"330400\"\nyear: 2021\nfigures:\n  - {name: 两化融合发展水平总指数, value: \"103.5\", source: 省经信厅}\n"
	if _, err := Parse([]byte(good)); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, file, want string }{
		{"no source", strings.Replace(good, ", source: 省经信厅", "", 1), "figures[0] 两化融合发展水平总指数: source is required"},
		{"value in 万", strings.Replace(good, `"103.5"`, `"3.59万"`, 1), `value "3.59万" is not a plain decimal`},
		{"bad city", strings.Replace(good, `"330400"`, `"3304"`, 1), "six-digit"},
		{"misspelt key", strings.Replace(good, "value:", "valeu:", 1), "valeu"},
		{"duplicate", good + "  - {name: 两化融合发展水平总指数, value: \"1\", source: x}\n", "figures[1] 两化融合发展水平总指数: a unique name"},
		{"empty", "city: \"330400\"\nyear: 2021\n", "no figures"},
	} {
		if _, err := Parse([]byte(c.file)); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want %q", c.name, err, c.want)
		}
	}
}
