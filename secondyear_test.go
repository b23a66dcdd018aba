package main

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
	"healthcheck/testutil/answerset"
	"healthcheck/testutil/testdb"
)

// The 2021 edition the bureau writes from the built-in one: one question
// reworded, one scored scene dropped, one scored question added.
const (
	rewordedFrom = `title: "企业网络建设连接情况"`
	rewordedTo   = `title: "企业网络建设和连接情况（含5G）"`
	droppedScene = "s_decision"
	addedID      = "m_security_drill"
	addedTitle   = "企业开展网络安全应急演练的情况"
)

// edition2021 derives the 2021 file; the raw maxima follow the items so the
// check passes: 数字化经营 loses the scene's 4 points (104 → 100), 数字化
// 管理 gains the new question's 2 (30 → 32).
func edition2021(t *testing.T) string {
	t.Helper()
	s := builtInEdition(t)
	replace := func(from, to string) {
		t.Helper()
		if !strings.Contains(s, from) {
			t.Fatalf("the built-in edition has no %q", from)
		}
		s = strings.Replace(s, from, to, 1)
	}
	replace("id: jiaxing-2020", "id: jiaxing-2021")
	replace("（2020年版）\"\n", "（2021年版）\"\n")
	replace(rewordedFrom, rewordedTo)
	replace("    points: 30\n    raw_max: 104\n", "    points: 30\n    raw_max: 100\n")
	replace("    points: 15\n    raw_max: 30\n", "    points: 15\n    raw_max: 32\n")
	// Drop the scene: its block runs to the next question of the section.
	start := strings.Index(s, "      - id: "+droppedScene+"\n")
	end := strings.Index(s[start+1:], "\n  - id: ")
	if start < 0 || end < 0 {
		t.Fatal("cannot find the scene to drop")
	}
	s = s[:start] + s[start+1+end+1:]
	// Add a scored question at the head of the management section.
	added := fmt.Sprintf(`      - id: %s
        type: single
        title: "%s"
        help: "按上一年度实际开展的网络安全应急演练填写。"
        required: true
        dimension: 数字化管理
        max_score: 2
        options:
          - value: none
            label: 未开展
            score: 0
          - value: yearly
            label: 每年至少一次
            score: 2
`, addedID, addedTitle)
	mgmt := strings.Index(s, "  - id: management\n")
	q := strings.Index(s[mgmt:], "    questions:\n") + mgmt + len("    questions:\n")
	return s[:q] + added + s[q:]
}

// TestSecondYearWithoutRebuild is the bureau's second year with the CLI
// only: a changed edition and a changed policy cap are checked, added and
// pinned to the 2021 campaign; firms answer; their scores, their
// year-on-year comparison and the annual report's 年度变化 are right, and
// nothing of 2020 changes.
func TestSecondYearWithoutRebuild(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := testdb.DSN(t, "hc.db")
	mustCLI(t, "demo", "--db", db, "--firms", "40", "--seed", "3", "--years", "2020")
	before := annualReport(t, db, 2020)

	// The bureau's files, checked and added.
	ed := writeFile(t, "jiaxing-2021.yaml", []byte(edition2021(t)))
	mustCLI(t, "questionnaire", "check", ed)
	mustCLI(t, "questionnaire", "add", "--db", db, ed)
	pol := strings.Replace(strings.Replace(builtIn2020(t), "year: 2020", "year: 2021", 1), "cap_yuan: 3000000", "cap_yuan: 1000000", 1)
	polFile := writeFile(t, "2021.yaml", []byte(pol))
	mustCLI(t, "policies", "check", "--db", db, polFile)
	mustCLI(t, "policies", "add", "--db", db, polFile)
	mustCLI(t, "campaign", "create", "--db", db, "--year", "2021", "--questionnaire", "jiaxing-2021")
	mustCLI(t, "import", "--db", db, "--campaign", "2021", writeFile(t, "roster.csv", rosterCSV(t, db, 2020)))

	// Firms answer the 2021 edition.
	e, c21, err := openCampaign(ctx, db, 2021)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	svc := survey.New(e.store, e.data.Defs)
	svc.Policies = e.data.Policies
	svc.Now = func() time.Time { return c21.OpensAt.Add(24 * time.Hour) }
	d21, _ := e.data.Defs.Get("jiaxing-2021")
	firms, _, err := e.store.Firms(ctx, models.CityScope(), c21.ID, models.FirmFilter{}, "", 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	var entries []*models.RosterEntry
	for i, f := range firms[:20] {
		a := answerset.Full(d21, 1+i%4) // levels mixed, so some rise and some fall
		a[addedID] = map[bool]string{true: "yearly", false: "none"}[i%2 == 0]
		if i == 0 {
			a["p_project"], a["p_project_total"], a["p_project_it"] = "yes", 2000, 1500 // 20 % = 300万, over the new cap
		}
		entries = append(entries, submitAs(t, svc, e.store, c21.ID, f.CreditCode, a))
	}

	checkScores(t, svc, e.store, entries, d21)
	checkComparison(t, svc, e.store, entries)
	checkPolicyCap(t, svc, entries[0])

	after21 := annualReport(t, db, 2021)
	checkMoves(t, svc, entries, after21)
	if after := annualReport(t, db, 2020); !bytes.Equal(after, before) {
		t.Error("the 2020 annual report changed after the second year was added")
	}
}

func mustCLI(t *testing.T, args ...string) string {
	t.Helper()
	out, err := cli(t, args...)
	if err != nil {
		t.Fatalf("%s: %v", strings.Join(args[:2], " "), err)
	}
	return out
}

// generationTime matches what report.html says of when it was made: in
// comments, as an ISO stamp, and in words ("2026年12月2日 09:01"). Two runs a
// minute apart differ there and nowhere else.
var generationTime = regexp.MustCompile(`(?s)<!--.*?-->|\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?|\d{4}年\d{1,2}月\d{1,2}日( \d{2}:\d{2})?`)

// annualReport runs `report` for a year and returns its summary.json and
// answers.csv, what the bureau hands on.
func annualReport(t *testing.T, db string, year int) []byte {
	t.Helper()
	out := t.TempDir()
	mustCLI(t, "report", "--db", db, "--campaign", fmt.Sprint(year), "--out", out)
	var all []byte
	for _, name := range []string{"summary.json", "answers.csv", "report.html"} {
		b, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "report.html" { // its generation time differs run to run
			b = generationTime.ReplaceAll(b, nil)
		}
		all = append(append(all, name...), b...)
	}
	return all
}

// rosterCSV is the bureau's roster for the next year: last year's firms.
func rosterCSV(t *testing.T, db string, year int) []byte {
	t.Helper()
	e, c, err := openCampaign(context.Background(), db, year)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	firms, _, err := e.store.Firms(context.Background(), models.CityScope(), c.ID, models.FirmFilter{}, "", 1000, 0)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	b.WriteString("统一社会信用代码,企业名称,所属区县,行业代码,营业收入(万元),从业人员\n")
	for _, f := range firms {
		fmt.Fprintf(&b, "%s,%s,%s,%s,%s,%d\n", f.CreditCode, f.Name, f.District, f.Industry, f.RevenueWan, f.Employees)
	}
	return []byte(b.String())
}

func submitAs(t *testing.T, svc *survey.Service, store *models.Store, campaignID int64, code string, a map[string]any) *models.RosterEntry {
	t.Helper()
	ctx := context.Background()
	e, err := store.EntryByCreditCode(ctx, models.CityScope(), campaignID, code)
	if err != nil {
		t.Fatal(err)
	}
	scope := models.FirmScope(e.EnterpriseID)
	saved, err := svc.Save(ctx, scope, e.ID, e.Version, answerset.Raw(a), "")
	if err != nil {
		t.Fatalf("save %s: %v", code, err)
	}
	if len(saved.Invalid) > 0 {
		t.Fatalf("save %s: invalid %v", code, saved.Invalid)
	}
	if _, err := svc.Submit(ctx, scope, e.ID, saved.Version, true, ""); err != nil {
		t.Fatalf("submit %s: %v", code, err)
	}
	return e
}

// checkScores: every 2021 firm's stored result is the 2021 edition's score
// of its answers and roster revenue (not the 2020 edition's: the dropped
// scene is gone, the added question counts), and the added question moves
// 数字化管理 by its weight: 15 × 2 / 32 = 0.9375 points, 6.25 percent.
func checkScores(t *testing.T, svc *survey.Service, store *models.Store, entries []*models.RosterEntry, d21 *questionnaires.Definition) {
	t.Helper()
	ctx := context.Background()
	for i, e := range entries {
		rep, err := svc.Report(ctx, models.FirmScope(e.EnterpriseID), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		stored, err := store.Answers(ctx, e.ID)
		if err != nil {
			t.Fatal(err)
		}
		want := d21.Score(d21.DecodeStored(stored).Answers, questionnaires.Facts{RevenueWan: e.RevenueWan})
		if rep.Def.ID != "jiaxing-2021" || rep.Result.Total != want.Total || rep.Result.Level != want.Level {
			t.Errorf("firm %d: scored %s %s by %s, want %s %s by jiaxing-2021", i, rep.Result.Total, rep.Result.Level,
				rep.Def.ID, want.Total, want.Level)
		}
		if _, ok := rep.Result.Scenes[droppedScene]; ok {
			t.Errorf("firm %d: the dropped scene is scored", i)
		}
	}
	facts := questionnaires.Facts{RevenueWan: 5000000}
	score := func(drill string) questionnaires.Result {
		a := answerset.Full(d21, 2)
		a[addedID] = drill
		dr, errs := d21.ParseAnswers(answerset.Raw(a))
		if errs != nil {
			t.Fatal(errs)
		}
		return d21.Score(dr.Answers, facts)
	}
	with, without := score("yearly"), score("none")
	points := with.DimensionPoints["数字化管理"] - without.DimensionPoints["数字化管理"]
	pct := with.Dimensions["数字化管理"] - without.Dimensions["数字化管理"]
	if points < 93 || points > 94 || pct < 624 || pct > 626 {
		t.Errorf("the added question moves 数字化管理 by %s points and %s percent, want 0.9375 and 6.25 (each rounded once)",
			points, pct)
	}
}

// checkComparison: a firm's 2021 report compares with 2020 by question id,
// names the added and the dropped question, and does not set the reworded
// one apart (it is the same question).
func checkComparison(t *testing.T, svc *survey.Service, store *models.Store, entries []*models.RosterEntry) {
	t.Helper()
	compared := 0
	for _, e := range entries {
		rep, err := svc.Report(context.Background(), models.FirmScope(e.EnterpriseID), e.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := rep.History[len(rep.History)-1]
		if len(rep.History) < 2 {
			continue // not submitted in 2020
		}
		compared++
		ch := last.Change
		if ch == nil || ch.SameMethod || ch.Total != nil || ch.FromYear != 2020 {
			t.Fatalf("change %+v: two editions must not be compared as one method", ch)
		}
		notes := strings.Join(ch.NotCompared, "；")
		if !strings.Contains(notes, "新增题目："+addedTitle) || !strings.Contains(notes, "删去题目：决策支持") ||
			strings.Contains(notes, "网络建设") {
			t.Errorf("not compared: %s", notes)
		}
		if len(ch.Dimensions) != 4 {
			t.Errorf("dimensions compared: %+v", ch.Dimensions)
		}
	}
	if compared == 0 {
		t.Fatal("no firm answered both years; the comparison went untested")
	}
}

// checkPolicyCap: 2021 estimates use the 2021 file's cap (100万), not 2020's.
func checkPolicyCap(t *testing.T, svc *survey.Service, e *models.RosterEntry) {
	t.Helper()
	rep, err := svc.Report(context.Background(), models.FirmScope(e.EnterpriseID), e.ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range rep.Policies {
		if m.ID == "smart_upgrade" {
			if m.AmountYuan != 1000000 || !strings.Contains(m.Basis, "按100万元计") {
				t.Errorf("smart_upgrade in 2021: %d 元, %s; want the 2021 cap of 100万元", m.AmountYuan, m.Basis)
			}
			return
		}
	}
	t.Errorf("smart_upgrade not matched: %+v", rep.Policies)
}

// checkMoves: the annual report's 年度变化 counts the firms that submitted
// in both years by how their level moved, each year's level by its own
// edition.
func checkMoves(t *testing.T, svc *survey.Service, entries []*models.RosterEntry, report []byte) {
	t.Helper()
	var both, up, same, down int
	for _, e := range entries {
		items, err := svc.History(context.Background(), models.FirmScope(e.EnterpriseID), e.EnterpriseID)
		if err != nil {
			t.Fatal(err)
		}
		if len(items) < 2 {
			continue
		}
		both++
		switch d := items[len(items)-1].LevelCode - items[len(items)-2].LevelCode; {
		case d > 0:
			up++
		case d < 0:
			down++
		default:
			same++
		}
	}
	want := fmt.Sprintf("两个年度均提交的 %d 家企业中，%s上升 %d 家", both, questionnaires.LevelName, up)
	if !bytes.Contains(report, []byte(want)) || !bytes.Contains(report, []byte(fmt.Sprintf("持平 %d 家，下降 %d 家", same, down))) {
		t.Errorf("the annual report lacks %q / 持平 %d 家，下降 %d 家", want, same, down)
	}
}
