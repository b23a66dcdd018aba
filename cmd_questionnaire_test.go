package main

import (
	"context"
	"strings"
	"testing"

	"healthcheck/models"
	"healthcheck/testutil/testdb"
)

func builtInEdition(t *testing.T) string { return repoFile(t, "questionnaires/defs/jiaxing-2020.yaml") }

// TestQuestionnaireCheckNamesThePlace: check passes the built-in edition and
// refuses each kind of broken file with a message naming where it is wrong.
func TestQuestionnaireCheckNamesThePlace(t *testing.T) {
	good := builtInEdition(t)
	out, err := cli(t, "questionnaire", "check", writeFile(t, "good.yaml", []byte(good)))
	if err != nil || !strings.Contains(out, "通过：jiaxing-2020") {
		t.Fatalf("check of the built-in edition: %q, %v", out, err)
	}
	cases := []struct{ name, from, to, want string }{
		{"duplicate id", "      - id: f_eq_digital\n", "      - id: f_eq_total\n", `question id "f_eq_total" empty or repeated`},
		{"rule names an unknown question", "    right: f_eq_digital\n", "    right: f_eq_digitals\n", "rule networked_le_digital"},
		{"weights do not add up", "    points: 15\n    raw_max: 20\n", "    points: 20\n    raw_max: 20\n", "dimension points add up to 105, not 100"},
		{"level threshold out of order", "    min: 40\n", "    min: 10\n", "levels[2] 二级: min 10 is not above the previous level's 20"},
		{"invalid YAML", "dimensions:\n", "dimensions: [\n", "decode: yaml: line"},
		{"misspelt key", "    raw_max: 104\n", "    raw_maxx: 104\n", "raw_maxx"},
	}
	for _, c := range cases {
		bad := strings.Replace(good, c.from, c.to, 1)
		if bad == good {
			t.Fatalf("%s: the replacement changed nothing", c.name)
		}
		_, err := cli(t, "questionnaire", "check", writeFile(t, "bad.yaml", []byte(bad)))
		if err == nil || !strings.Contains(err.Error(), "未通过检查") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %v, want it to say %q", c.name, err, c.want)
		}
	}
}

// TestQuestionnaireAddListExport: an edition added with the CLI is listed,
// exported byte for byte, and usable by a campaign; the built-in one cannot
// be replaced, and an added one only until a firm has saved against it.
func TestQuestionnaireAddListExport(t *testing.T) {
	db := testdb.DSN(t, "hc.db")
	edition := strings.Replace(strings.Replace(builtInEdition(t), "id: jiaxing-2020", "id: jiaxing-2021", 1),
		"（2020年版）\"\n", "（2021年版）\"\n", 1)
	file := writeFile(t, "jiaxing-2021.yaml", []byte(edition))
	if out, err := cli(t, "questionnaire", "add", "--db", db, file); err != nil || !strings.Contains(out, "已录入：jiaxing-2021") {
		t.Fatalf("add: %q, %v", out, err)
	}
	if _, err := cli(t, "questionnaire", "add", "--db", db, writeFile(t, "b.yaml", []byte(builtInEdition(t)))); err == nil ||
		!strings.Contains(err.Error(), "内置版本") {
		t.Fatalf("replacing the built-in edition: %v", err)
	}
	if _, err := cli(t, "questionnaire", "add", "--db", db, file); err == nil || !strings.Contains(err.Error(), "新的 id") {
		t.Fatalf("adding the same id again without --replace: %v", err)
	}
	// Nobody has answered it yet, so a corrected file may still replace it.
	if _, err := cli(t, "questionnaire", "add", "--db", db, "--replace", file); err != nil {
		t.Fatalf("replace before any answer: %v", err)
	}
	out, err := cli(t, "questionnaire", "export", "--db", db, "jiaxing-2021")
	if err != nil || out != edition {
		t.Fatalf("export differs from the file added (%d vs %d bytes): %v", len(out), len(edition), err)
	}
	if out, err := cli(t, "campaign", "create", "--db", db, "--year", "2021", "--questionnaire", "jiaxing-2021"); err != nil ||
		!strings.Contains(out, "问卷 jiaxing-2021") {
		t.Fatalf("campaign on the added edition: %q, %v", out, err)
	}
	out, err = cli(t, "questionnaire", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "jiaxing-2020") || !strings.Contains(lines[1], "内置") ||
		!strings.Contains(lines[2], "jiaxing-2021") || !strings.Contains(lines[2], "2021") || !strings.Contains(lines[2], "录入于") {
		t.Errorf("list:\n%s", out)
	}

	saveOneAnswer(t, db, 2021)
	if _, err := cli(t, "questionnaire", "add", "--db", db, "--replace", file); err == nil || !strings.Contains(err.Error(), "已有企业填报") {
		t.Fatalf("replacing an edition with saved answers: %v", err)
	}
}

// saveOneAnswer puts one firm in the campaign and saves one answer for it.
func saveOneAnswer(t *testing.T, db string, year int) {
	t.Helper()
	ctx := context.Background()
	e, c, err := openCampaign(ctx, db, year)
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	def, _ := e.data.Defs.Get(c.QuestionnaireID)
	in := models.RosterInput{CreditCode: "91330400MA2B3C4D5E", Name: "测试企业", District: "330402", Industry: "C34",
		RevenueWan: 5000000, Employees: 100}
	in.Band = def.BandOf(in.RevenueWan)
	if err := e.store.UpsertRoster(ctx, c.ID, []models.RosterInput{in}); err != nil {
		t.Fatal(err)
	}
	entry, err := e.store.EntryByCreditCode(ctx, models.CityScope(), c.ID, in.CreditCode)
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = e.store.SaveAnswers(ctx, models.CityScope(), models.Save{EntryID: entry.ID, Version: 0,
		Answers: map[string][]byte{"f_eq_total": []byte("10")}})
	if err != nil {
		t.Fatal(err)
	}
}
