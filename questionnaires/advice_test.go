package questionnaires

import (
	"strings"
	"testing"
)

func TestWeakestScenes(t *testing.T) {
	d := def2020(t)
	// Every scene at 4 (skipped) except these.
	a := baseline.with(scenes(4, 4)).with(set{
		"s_hr":             `0`, // guided
		"s_finance":        `0`, // 约束性, after s_marketing in the form
		"s_marketing":      `0`, // 约束性
		"s_quality":        `1`, // 约束性
		"s_planning":       `1`, // guided, before s_quality in the form
		"s_product_design": `3`, // 约束性
		"s_office":         `3`, // guided
	}).parse(t, d)
	r := d.Score(a, Facts{RevenueWan: wan("50000")})

	got := d.WeakestScenes(r, 10)
	// Lowest level first; 约束性 before the others at the same level; then form order.
	want := []struct {
		id         string
		level      int
		constraint bool
	}{
		{"s_marketing", 0, true}, {"s_finance", 0, true}, {"s_hr", 0, false},
		{"s_quality", 1, true}, {"s_planning", 1, false},
		{"s_product_design", 3, true}, {"s_office", 3, false},
	}
	if len(got) != len(want) {
		t.Fatalf("WeakestScenes = %d scenes, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		g := got[i]
		q, _ := d.Question(w.id)
		if g.Scene != w.id || g.Level != w.level || g.NextLevel != w.level+1 || g.Constraint != w.constraint {
			t.Errorf("[%d] = %s level %d→%d constraint %v; want %s level %d→%d constraint %v",
				i, g.Scene, g.Level, g.NextLevel, g.Constraint, w.id, w.level, w.level+1, w.constraint)
		}
		// Levels[0] describes level 1, so the next level's is Levels[level].
		if g.NextDescription != q.Scene.Levels[w.level] || g.Step != q.Scene.Steps[w.level] {
			t.Errorf("[%d] %s: next description/step not those of level %d", i, w.id, w.level+1)
		}
		if g.Title != q.Title || g.Group != q.Scene.Group {
			t.Errorf("[%d] %s: title %q group %q", i, w.id, g.Title, g.Group)
		}
	}
	// The texts themselves, for one scene.
	fin := got[1]
	if fin.Title != "财务管理" || fin.Group != "管理决策数字化" ||
		fin.NextDescription != "使用信息化系统辅助日常财务记录、基本的总账管理和财务报表（如资产负债表、利润表、现金流量表）生成。" ||
		fin.Step != "使用财务软件记账，自动生成总账和三大财务报表。" {
		t.Errorf("s_finance advice = %+v", fin)
	}
	office := got[6]
	if !strings.HasPrefix(office.NextDescription, "运用人工智能等前沿技术协同内外部数据") || office.NextLevel != 4 {
		t.Errorf("s_office advice = %+v", office)
	}

	// At most n.
	if top := d.WeakestScenes(r, 3); len(top) != 3 || top[0].Scene != "s_marketing" || top[2].Scene != "s_hr" {
		t.Errorf("WeakestScenes(3) = %+v", top)
	}
	if none := d.WeakestScenes(r, 0); len(none) != 0 {
		t.Errorf("WeakestScenes(0) = %+v", none)
	}
}

func TestWeakestScenesAllTop(t *testing.T) {
	d := def2020(t)
	r := d.Score(highest.parse(t, d), Facts{RevenueWan: wan("50000")})
	if got := d.WeakestScenes(r, 5); len(got) != 0 {
		t.Errorf("every scene at level 4, yet advice: %+v", got)
	}
}

func TestWeakestScenesAllZero(t *testing.T) {
	d := def2020(t)
	// An empty draft: every scene at 0, the ten 约束性 scenes first, in form order.
	got := d.WeakestScenes(d.Score(Answers{}, Facts{}), 16)
	var ids []string
	for _, g := range got {
		ids = append(ids, g.Scene)
		if g.Level != 0 || g.NextLevel != 1 {
			t.Errorf("%s: level %d→%d", g.Scene, g.Level, g.NextLevel)
		}
	}
	want := append(append([]string{}, constraintScenes...), guidedScenes...)
	if strings.Join(ids, ",") != strings.Join(want, ",") {
		t.Errorf("order =\n%v\nwant\n%v", ids, want)
	}
}
