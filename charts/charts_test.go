package charts

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"healthcheck/decimal"

	"github.com/go-echarts/go-echarts/v2/render"
)

func fx(s string) *Fixed2 {
	v, err := decimal.ParseFixed2(s)
	if err != nil {
		panic(err)
	}
	return &v
}

// Hostile names as a firm could type them.
const (
	xssScript = `</script><script>alert(1)</script>`
	xssImg    = `"><img src=x onerror=alert(1)>`
	xssMarker = `__f__alert(1)//`     // would lose its opening quote to go-echarts' marker removal
	xssTail   = `");alert(2);//__f__` // would lose its closing quote
	xssAll    = xssScript + xssImg + `<!--` + xssMarker + xssTail + "\u2028"
)

var dims = []string{"数字化基础", "数字化经营", "数字化管理", "数字化成效"}

// build returns one chart of every kind, with names from name (so the same
// set serves the plain and the hostile tests).
func build(name func(string) string) map[string]func() (Chart, error) {
	pts := samplePoints(300, 1)
	for i := range pts {
		pts[i].Name = name(pts[i].Name)
	}
	return map[string]func() (Chart, error){
		"radar": func() (Chart, error) {
			return Radar("radar", name("四个维度得分率"), dims, 100, []Series{
				{Name: name("本企业"), Values: []*Fixed2{fx("63.25"), fx("40"), nil, fx("75.5")}},
				{Name: "全市平均", Values: []*Fixed2{fx("55.1"), fx("38.02"), fx("47"), fx("60")}},
			})
		},
		"bars": func() (Chart, error) {
			return Bars("bars", name("两化融合指标"), []string{name("关键工序数控化率"), "MES普及率", "数字化研发设计工具普及率"},
				[]Series{{Name: name("嘉兴市"), Values: []*Fixed2{fx("63.25"), nil, fx("80.1")}}},
				BarOpts{Horizontal: true, Unit: "%", Max: 100, CategoryName: "指标",
					Targets: []*Fixed2{fx("68"), nil, fx("85")}, TargetName: "全国2025年目标"})
		},
		"stacked": func() (Chart, error) {
			return Bars("stacked", "各区县企业等级分布", []string{name("南湖区"), "秀洲区"},
				[]Series{{Name: "一级", Values: []*Fixed2{fx("10"), fx("12")}}, {Name: name("二级"), Values: []*Fixed2{fx("5"), nil}}},
				BarOpts{Stacked: true, Target: fx("20")})
		},
		"box": func() (Chart, error) {
			return BoxPlot("box", "各规模档总分分布", []string{name("1-2亿"), "50亿以上"}, []Box{
				{Min: fx("12.5"), Q1: fx("30"), Median: fx("41.25"), Q3: fx("55"), Max: fx("88.75"), N: 120},
				{Min: fx("50"), Q1: fx("60"), Median: fx("63.25"), Q3: fx("70"), Max: fx("80"), N: 2},
			})
		},
		"pie": func() (Chart, error) {
			return Pie("pie", "等级分布", []Slice{{name("未达一级"), 1}, {"一级", 1}, {"二级", 1}, {"三级", 0}})
		},
		"heat": func() (Chart, error) {
			return Heatmap("heat", "各区县维度得分率", []string{name("南湖区"), "海宁市"}, dims, [][]*Fixed2{
				{fx("63.25"), fx("40"), nil, fx("75.5")},
				{fx("50"), fx("45.5"), fx("47"), fx("61")},
			}, HeatOpts{RowName: "区县"})
		},
		"scatter": func() (Chart, error) {
			return Scatter("scatter", "营业收入与数字化投入强度", pts, ScatterOpts{
				XName: "营业收入（万元）", YName: "数字化投入强度（%）", LogX: true,
				Quadrant: &Quadrant{Name: name("投入不足"), XBelow: 100000, YBelow: 1},
			})
		},
		"gauge": func() (Chart, error) { return Gauge("gauge", name("总分"), *fx("63.25"), 100) },
	}
}

func plain(s string) string { return s }

// hostile wraps a name in every attack at once: go-echarts' function marker
// at both ends (where it would eat the string's quotes), markup in between.
func hostile(s string) string { return xssMarker + s + xssAll + xssTail }

// inScript is how a name must appear in a sealed script: a JSON string
// literal, marker defused, "<" escaped.
func inScript(name string) string {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // as go-echarts encodes
	_ = enc.Encode(label(name))
	return strings.ReplaceAll(strings.TrimSpace(buf.String()), "<", `\u003c`)
}

// samplePoints is a deterministic cloud of firms: revenue 1亿–100亿 (万元),
// intensity 0–4 %.
func samplePoints(n int, seed uint64) []Point {
	x := seed*2654435761 + 1
	next := func() float64 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		return float64(x%1_000_000) / 1_000_000
	}
	pts := make([]Point, n)
	for i := range pts {
		pts[i] = Point{
			X:    math.Round(math.Pow(10, 4+2*next()*next())*100) / 100,
			Y:    math.Round(4*next()*next()*100) / 100,
			Name: "企业" + strconv.Itoa(i+1),
		}
	}
	return pts
}

func TestEveryBuilderRendersOffline(t *testing.T) {
	for kind, mk := range build(plain) {
		t.Run(kind, func(t *testing.T) {
			c, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			script, el := string(c.Script), string(c.Element)
			for _, s := range []string{script, el} {
				if strings.Contains(s, "https://") || strings.Contains(s, "http://") {
					t.Errorf("snippet refers to a remote host:\n%s", s)
				}
			}
			if c.ID != kind || !strings.Contains(el, `id="`+kind+`"`) || !strings.Contains(script, "goecharts_"+kind+" = echarts.init") {
				t.Errorf("chart id %q missing from element or script", kind)
			}
			if !strings.Contains(el, "width:100%") {
				t.Errorf("chart is not full width: %s", el)
			}
			for _, want := range []string{`"animation":false`, `"title":"保存为图片"`, `"tooltip":{"show":true`} {
				if !strings.Contains(script, want) {
					t.Errorf("script lacks %s", want)
				}
			}
			if strings.Contains(script, funcMarker) {
				t.Errorf("script still holds a function marker")
			}
			if len(c.Table.Rows) == 0 || len(c.Table.Header) == 0 || c.Table.Caption == "" {
				t.Errorf("empty table: %+v", c.Table)
			}
			for i, row := range c.Table.Rows {
				if len(row) != len(c.Table.Header) {
					t.Errorf("row %d has %d cells for %d columns", i, len(row), len(c.Table.Header))
				}
			}
			if _, err := c.HTML(); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestHostileNamesStayText renders every chart with names that try to close
// the script, open an image or an HTML comment, or abuse go-echarts'
// "__f__" function markers.
func TestHostileNamesStayText(t *testing.T) {
	// One name per chart that the chart certainly prints.
	hostileName := map[string]string{"radar": "本企业", "bars": "嘉兴市", "stacked": "南湖区", "box": "1-2亿",
		"pie": "未达一级", "heat": "南湖区", "scatter": "企业1", "gauge": "总分"}
	scriptTag := regexp.MustCompile(`(?i)</?script`)
	for kind, mk := range build(hostile) {
		t.Run(kind, func(t *testing.T) {
			c, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			s := string(c.Script)
			if tags := scriptTag.FindAllStringIndex(s, -1); len(tags) != 2 || tags[0][0] != 0 || tags[1][0] != len(s)-len(scriptClose) {
				t.Errorf("script has %d script tags, want only its own two:\n%s", len(tags), s)
			}
			low := strings.ToLower(s)
			for _, bad := range []string{"<img", "<!--", "<script>alert", funcMarker} {
				if strings.Contains(low, bad) {
					t.Errorf("script contains %q:\n%s", bad, s)
				}
			}
			// Each name is still one whole string literal, quotes included.
			want := inScript(hostile(hostileName[kind]))
			if kind == "box" { // the axis label goes on with "\nn=120"
				want = strings.TrimSuffix(want, `"`)
			}
			if !strings.Contains(s, want) {
				t.Errorf("hostile name %s not kept as one string:\n%s", want, s)
			}
			html, err := c.HTML()
			if err != nil {
				t.Fatal(err)
			}
			// Outside the sealed script, the table escapes the names.
			rest := strings.Replace(string(html), s, "", 1)
			if strings.Contains(strings.ToLower(rest), "<img") || scriptTag.MatchString(rest) {
				t.Errorf("table lets markup through:\n%s", rest)
			}
		})
	}
}

func TestTablesHoldTheSameNumbers(t *testing.T) {
	charts := map[string]Chart{}
	for kind, mk := range build(plain) {
		c, err := mk()
		if err != nil {
			t.Fatalf("%s: %v", kind, err)
		}
		charts[kind] = c
	}
	tests := []struct {
		kind string
		row  int
		want []string
	}{
		{"radar", 0, []string{"数字化基础", "63.25", "55.10"}},
		{"radar", 2, []string{"数字化管理", NoData, "47.00"}},
		{"bars", 0, []string{"关键工序数控化率", "63.25", "68.00"}},
		{"bars", 1, []string{"MES普及率", NoData, NoData}},
		{"stacked", 1, []string{"秀洲区", "12.00", NoData}},
		{"box", 0, []string{"1-2亿", "120", "12.50", "30.00", "41.25", "55.00", "88.75"}},
		{"box", 1, []string{"50亿以上", "2", NoData, NoData, NoData, NoData, NoData}}, // too few firms: count only
		{"pie", 0, []string{"未达一级", "1", "33.33"}},
		{"pie", 3, []string{"三级", "0", "0.00"}},
		{"pie", 4, []string{"合计", "3", "100.00"}},
		{"heat", 0, []string{"南湖区", "63.25", "40.00", NoData, "75.50"}},
		{"gauge", 0, []string{"总分", "63.25", "100"}},
	}
	for _, tt := range tests {
		got := charts[tt.kind].Table.Rows[tt.row]
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s row %d = %q, want %q", tt.kind, tt.row, got, tt.want)
		}
	}
	if h := charts["bars"].Table.Header; strings.Join(h, "|") != "指标|嘉兴市（%）|全国2025年目标（%）" {
		t.Errorf("bars header = %q", h)
	}
	if c := charts["stacked"].Table.Caption; !strings.Contains(c, "目标值：20.00") {
		t.Errorf("single target not in caption: %q", c)
	}

	// The chart shows the same exact texts as the table.
	for kind, want := range map[string][]string{
		"bars":  {`"formatter":"63.25%"`, `"value":63.25`, `"value":[68,0]`, `"value":[85,2]`},
		"pie":   {`"formatter":"{b}：1家（33.33%）"`},
		"gauge": {`"formatter":"63.25"`},
		"radar": {`"value":[63.25,40,"-",75.5]`},
		"box":   {`"value":[12.5,30,41.25,55,88.75]`, `"value":["-","-","-","-","-"]`, "n=2", "'中位数'"},
		"heat":  {`"value":[0,0,63.25]`},
	} {
		s := string(charts[kind].Script)
		for _, w := range want {
			if !strings.Contains(s, w) {
				t.Errorf("%s script lacks %s", kind, w)
			}
		}
	}
	// The gap stays a gap: no heatmap item for the nil cell (column 2, row 0).
	if strings.Contains(string(charts["heat"].Script), `"value":[2,0,`) {
		t.Error("heatmap draws a cell for a nil value")
	}
	if strings.Contains(string(charts["pie"].Script), `"name":"三级"`) {
		t.Error("pie draws an empty slice")
	}
}

func TestScatterTableAndQuadrant(t *testing.T) {
	pts := []Point{{X: 50000, Y: 0.5, Name: "甲"}, {X: 200000, Y: 2.25, Name: "乙"}, {X: math.NaN(), Y: 1, Name: "丙"}, {X: 0, Y: 1, Name: "丁"}}
	c, err := Scatter("s", "散点", pts, ScatterOpts{XName: "营业收入（万元）", YName: "投入强度（%）", LogX: true,
		Quadrant: &Quadrant{Name: "投入不足", XBelow: 100000, YBelow: 1}})
	if err != nil {
		t.Fatal(err)
	}
	if got := c.Table.Rows; len(got) != 2 || strings.Join(got[0], "|") != "甲|50000.00|0.50" {
		t.Errorf("rows = %q", got)
	}
	if !strings.Contains(c.Table.Caption, "另有2家数值无效") {
		t.Errorf("caption does not count the dropped points: %q", c.Table.Caption)
	}
	s := string(c.Script)
	for _, w := range []string{`"type":"log"`, `"markArea"`, `"xAxis":100000`, `"yAxis":1`, `"min":10000`} {
		if !strings.Contains(s, w) {
			t.Errorf("script lacks %s", w)
		}
	}
	if _, err := Scatter("s", "x", []Point{{X: math.Inf(1), Y: 1}}, ScatterOpts{}); err != nil {
		t.Errorf("a chart of no drawable point should still render: %v", err)
	}

	// Counts only: the same two points, named nowhere in the table.
	c, err = Scatter("s", "散点", pts, ScatterOpts{Quadrant: &Quadrant{Name: "投入不足", XBelow: 100000, YBelow: 1}, CountsOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range c.Table.Rows {
		if r[0] == "甲" || r[0] == "乙" {
			t.Errorf("a counts-only table names %s", r[0])
		}
	}
	if c.Table.Header[0] != "范围" {
		t.Errorf("counts-only header %q", c.Table.Header)
	}

	// Many points: counted by area instead of listed.
	many := samplePoints(ScatterTableRows+1, 7)
	c, err = Scatter("s", "散点", many, ScatterOpts{Quadrant: &Quadrant{Name: "投入不足", XBelow: 100000, YBelow: 1}})
	if err != nil {
		t.Fatal(err)
	}
	in := 0
	for _, p := range many {
		if p.X < 100000 && p.Y < 1 {
			in++
		}
	}
	want := [][]string{{"投入不足", strconv.Itoa(in)}, {"其他", strconv.Itoa(len(many) - in)}, {"全部", strconv.Itoa(len(many))}}
	if got := c.Table.Rows; len(got) != 3 || got[0][1] != want[0][1] || got[2][1] != want[2][1] {
		t.Errorf("rows = %q, want %q", got, want)
	}
}

// TestScatterBinsLargePopulations: above the threshold the caller still
// passes every point and gets a density heatmap whose table adds up, and
// whose quadrant box encloses exactly the firms inside it.
func TestScatterBinsLargePopulations(t *testing.T) {
	pts := samplePoints(DefaultDensityThreshold+1000, 3)
	q := &Quadrant{Name: "投入不足", XBelow: 100000, YBelow: 1}
	c, err := Scatter("dens", "营业收入与数字化投入强度", pts, ScatterOpts{XName: "营业收入（万元）", YName: "投入强度（%）", LogX: true, Quadrant: q})
	if err != nil {
		t.Fatal(err)
	}
	s := string(c.Script)
	if !strings.Contains(s, `"type":"heatmap"`) || strings.Contains(s, "企业1\"") {
		t.Fatalf("expected a heatmap of counts, not dots")
	}
	if len(s) > 200_000 {
		t.Errorf("density script is %d bytes; binning should keep it small", len(s))
	}
	total := 0
	for _, row := range c.Table.Rows {
		if len(row) != densityRows+1 {
			t.Fatalf("row has %d cells", len(row))
		}
		for _, cellText := range row[1:] {
			n, err := strconv.Atoi(cellText)
			if err != nil {
				t.Fatal(err)
			}
			total += n
		}
	}
	if total != len(pts) {
		t.Errorf("table counts %d firms, want %d", total, len(pts))
	}

	// Recompute the box: the cells left of and below the quadrant's edges.
	xs, ys := make([]float64, len(pts)), make([]float64, len(pts))
	in := 0
	for i, p := range pts {
		xs[i], ys[i] = math.Log10(p.X), p.Y
		if p.X < q.XBelow && p.Y < q.YBelow {
			in++
		}
	}
	tx, ty := math.Log10(q.XBelow), q.YBelow
	xe, kx := binEdges(xs, densityCols, &tx)
	ye, ky := binEdges(ys, densityRows, &ty)
	boxed := 0
	for i := range pts {
		if binOf(xe, xs[i]) < kx && binOf(ye, ys[i]) < ky {
			boxed++
		}
	}
	if boxed != in || in == 0 {
		t.Errorf("box holds %d firms, quadrant has %d", boxed, in)
	}
	if !strings.Contains(c.Table.Caption, "投入不足："+strconv.Itoa(in)+"家") {
		t.Errorf("caption lacks the quadrant count %d: %q", in, c.Table.Caption)
	}
	if !strings.Contains(s, `{"value":[`+strconv.Itoa(kx)+`,`+strconv.Itoa(ky)+`]}`) {
		t.Errorf("quadrant box does not end at cell %d,%d", kx, ky)
	}

	// A lower threshold bins earlier.
	c, err = Scatter("dens", "x", pts[:100], ScatterOpts{DensityThreshold: 50})
	if err != nil || !strings.Contains(string(c.Script), `"type":"heatmap"`) {
		t.Errorf("DensityThreshold 50 with 100 points did not bin: %v", err)
	}
}

func TestBinEdges(t *testing.T) {
	vs := []float64{0, 10}
	e, below := binEdges(vs, 4, nil)
	if len(e) != 5 || e[0] != 0 || e[4] != 10 || below != 0 {
		t.Errorf("edges %v below %d", e, below)
	}
	th := 3.0
	e, below = binEdges(vs, 4, &th)
	if len(e) != 5 || e[below] != 3 {
		t.Errorf("threshold is not an edge: %v, below %d", e, below)
	}
	for v, want := range map[float64]int{0: 0, 2.99: below - 1, 3: below, 10: 3} {
		if got := binOf(e, v); got != want {
			t.Errorf("binOf(%v) = %d, want %d (edges %v)", v, got, want, e)
		}
	}
	th = 20
	if _, below = binEdges(vs, 4, &th); below != 4 {
		t.Errorf("threshold above all values: below = %d, want 4", below)
	}
}

func TestPageRejectsDuplicateAndBadIDs(t *testing.T) {
	var p Page
	if err := p.Add(Gauge("total", "总分", *fx("50"), 100)); err != nil {
		t.Fatal(err)
	}
	if err := p.Add(Gauge("total", "总分", *fx("60"), 100)); err == nil || !strings.Contains(err.Error(), "duplicate") {
		t.Errorf("duplicate id accepted: %v", err)
	}
	builderErr := errors.New("boom")
	if err := p.Add(Chart{}, builderErr); !errors.Is(err, builderErr) {
		t.Errorf("builder error not passed through: %v", err)
	}
	if err := p.Add(Chart{ID: "a-b"}, nil); err == nil {
		t.Error("invalid id accepted by Page")
	}
	if n := len(p.Charts()); n != 1 {
		t.Errorf("page has %d charts, want 1", n)
	}
	for _, id := range []string{"", "1a", "a-b", "a b", `a"b`, "图表", strings.Repeat("a", 65)} {
		if _, err := Gauge(id, "t", 0, 100); err == nil {
			t.Errorf("id %q accepted", id)
		}
	}
}

func TestBadInput(t *testing.T) {
	one := []*Fixed2{fx("1")}
	cases := map[string]func() (Chart, error){
		"radar two axes":     func() (Chart, error) { return Radar("r", "t", []string{"a", "b"}, 100, nil) },
		"radar short series": func() (Chart, error) { return Radar("r", "t", dims, 100, []Series{{Name: "x", Values: one}}) },
		"radar five series": func() (Chart, error) {
			s := Series{Name: "x", Values: []*Fixed2{fx("1"), fx("2"), fx("3"), fx("4")}}
			return Radar("r", "t", dims, 100, []Series{s, s, s, s, s})
		},
		"heat units": func() (Chart, error) {
			return Heatmap("h", "t", []string{"a"}, []string{"x"}, [][]*Fixed2{{one[0]}}, HeatOpts{Units: []string{"%", "分"}})
		},
		"radar max NaN":      func() (Chart, error) { return Radar("r", "t", dims, math.NaN(), nil) },
		"bars no categories": func() (Chart, error) { return Bars("b", "t", nil, nil, BarOpts{}) },
		"bars targets": func() (Chart, error) {
			return Bars("b", "t", []string{"a"}, []Series{{Values: one}}, BarOpts{Targets: []*Fixed2{nil, nil}})
		},
		"bars no series": func() (Chart, error) { return Bars("b", "t", []string{"a"}, nil, BarOpts{}) },
		"box lengths":    func() (Chart, error) { return BoxPlot("b", "t", []string{"a"}, nil) },
		"pie negative":   func() (Chart, error) { return Pie("p", "t", []Slice{{"a", -1}}) },
		"heat ragged": func() (Chart, error) {
			return Heatmap("h", "t", []string{"a"}, []string{"x", "y"}, [][]*Fixed2{one}, HeatOpts{})
		},
		"gauge max":     func() (Chart, error) { return Gauge("g", "t", 0, 99.5) },
		"density empty": func() (Chart, error) { return DensityHeatmap("d", "t", []Point{{X: math.NaN()}}, ScatterOpts{}) },
	}
	for name, mk := range cases {
		if _, err := mk(); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

type fakeSnippet struct {
	snip  render.ChartSnippet
	panic bool
}

func (f fakeSnippet) RenderSnippet() render.ChartSnippet {
	if f.panic {
		panic("template: bad")
	}
	return f.snip
}

// TestRenderFailuresBecomeErrors: go-echarts panics on template errors and
// writes an empty option when its JSON encoding fails.
func TestRenderFailuresBecomeErrors(t *testing.T) {
	b := base{id: "x"}
	if _, err := finish(b, fakeSnippet{panic: true}, Table{}); err == nil || !strings.Contains(err.Error(), "template: bad") {
		t.Errorf("panic not turned into an error: %v", err)
	}
	empty := render.ChartSnippet{Script: scriptOpen + "let option_x = ;" + scriptClose, Option: ""}
	if _, err := finish(b, fakeSnippet{snip: empty}, Table{}); err == nil {
		t.Error("empty option accepted")
	}
	odd := render.ChartSnippet{Script: "<script>x</script>", Option: "{}"}
	if _, err := finish(b, fakeSnippet{snip: odd}, Table{}); err == nil {
		t.Error("unexpected script shape accepted")
	}
}

func TestLabelDefusesMarkers(t *testing.T) {
	for _, s := range []string{"__f__", "a__f__b", "__f__f__f__", "___f___", "____f____f__"} {
		got := label(s)
		if strings.Contains(got, funcMarker) {
			t.Errorf("label(%q) = %q still holds the marker", s, got)
		}
		if strings.ReplaceAll(got, "\u200b", "") != s {
			t.Errorf("label(%q) = %q changed more than the marker", s, got)
		}
	}
	if got := label("ok\xffname"); got != "ok\uFFFDname" {
		t.Errorf("invalid UTF-8 not replaced: %q", got)
	}
}

// TestOwnJavaScriptIsSealSafe: seal rewrites every "<", and go-echarts
// JSON-escapes quotes and backslashes inside functions, so our JavaScript
// must contain none of them.
func TestOwnJavaScriptIsSealSafe(t *testing.T) {
	units := []string{"", "%", "家", `"'\<>&` + xssScript + "\u2028"}
	js := []string{resizeJS, cellFixed2JS, cellCountJS, countJS, boxTipJS, fmt.Sprintf(pointTipJS, jsString("a"), jsString("b")),
		fmt.Sprintf(targetMaxJS, "20.5")}
	for _, u := range units {
		js = append(js, string(valueFormatter(u)))
	}
	for _, s := range js {
		if strings.ContainsAny(s, "<\"\\\n\t") {
			t.Errorf("JavaScript holds a character that seal or go-echarts would break: %s", s)
		}
	}
	if got := jsString("%家"); got != "String.fromCharCode(37, 23478)" {
		t.Errorf("jsString = %s", got)
	}
}

// TestChartHTMLLayout: a figure is the chart, its data table and the lines
// under it; the drawing is an image named by its title and described by the
// table (ECharts' own aria-label on a plain div was a prohibited attribute).
func TestChartHTMLLayout(t *testing.T) {
	c, err := Pie("lv", "等级分布", []Slice{{"<b>一级</b>", 2}})
	if err != nil {
		t.Fatal(err)
	}
	c.Note, c.Source = "<i>已提交企业</i>", "嘉兴市经济和信息化局"
	h, err := c.HTML()
	if err != nil {
		t.Fatal(err)
	}
	s := string(h)
	for _, w := range []string{`<figure class="card chart-card" id="fig-lv">`, `<table class="data" id="tbl-lv">`, "&lt;b&gt;一级&lt;/b&gt;", `<td class="num">2</td>`,
		`id="lv" role="img" aria-label="等级分布（数值见图下数据表）" aria-describedby="tbl-lv"`,
		`<p class="figure-note">注：&lt;i&gt;已提交企业&lt;/i&gt;</p>`, `<p class="figure-source">资料来源：嘉兴市经济和信息化局</p></div><div class="table-wrap">`} {
		if !strings.Contains(s, w) {
			t.Errorf("figure lacks %s:\n%s", w, s)
		}
	}
	if strings.Contains(s, `"aria":{"enabled":true`) {
		t.Error("ECharts' own aria would put its label back on the plain div")
	}
	if strings.Index(s, `id="lv"`) > strings.Index(s, "echarts.init") {
		t.Error("the script comes before the element it draws into")
	}
}

// TestRadarAxisNamesAreDarkEnough: the radar's axis names meet WCAG's 4.5:1
// contrast against the white card (ECharts' default grey did not).
func TestRadarAxisNamesAreDarkEnough(t *testing.T) {
	lum := func(hex string) float64 {
		var rgb [3]float64
		for i := range rgb {
			v, err := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
			if err != nil {
				t.Fatal(err)
			}
			c := float64(v) / 255
			if c <= 0.03928 {
				rgb[i] = c / 12.92
			} else {
				rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
			}
		}
		return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
	}
	if ratio := (1 + 0.05) / (lum(radarNameColor) + 0.05); ratio < 4.5 {
		t.Errorf("radar axis names %s: contrast %.2f:1 on white, want at least 4.5:1", radarNameColor, ratio)
	}
	c, err := Radar("r", "图", []string{"a", "b", "c"}, 100, []Series{{Name: "x", Values: []*Fixed2{fx("1"), fx("2"), fx("3")}}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(c.Script), `"axisName":{"color":"`+radarNameColor+`"}`) {
		t.Errorf("the radar does not set its axis name colour:\n%s", c.Script)
	}
}

// TestHeatmapColoursEachUnitOnItsOwnScale: percents and points in one heat
// map get a colour scale each, bound to their own series, and the table
// names each column's unit.
func TestHeatmapColoursEachUnitOnItsOwnScale(t *testing.T) {
	c, err := Heatmap("hm", "各区县", []string{"南湖区", "海宁市"}, []string{"数字化基础", "总分"},
		[][]*Fixed2{{fx("40"), fx("55")}, {fx("60"), fx("75")}}, HeatOpts{RowName: "区县", Units: []string{"%", "分"}})
	if err != nil {
		t.Fatal(err)
	}
	s := string(c.Script)
	for _, want := range []string{`"visualMap":[{"seriesIndex":0},{"seriesIndex":1}]`, `"min":40,"max":60`, `"min":55,"max":75`} {
		if !strings.Contains(s, want) {
			t.Errorf("script lacks %s", want)
		}
	}
	if got := strings.Join(c.Table.Header, ","); got != "区县,数字化基础（%）,总分（分）" {
		t.Errorf("header %s", got)
	}
}
