package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"healthcheck/models"
	"healthcheck/testutil/testdb"
)

// repoFile reads a file of the repository, e.g. a built-in data file that
// a test changes into the file a bureau would write.
func repoFile(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// builtIn2020 is the built-in policy file, the start of every test file.
func builtIn2020(t *testing.T) string { return repoFile(t, "policies/2020.yaml") }

// TestPoliciesCheckNamesTheFault: check passes a good file and refuses a
// broken one, naming the policy and what is wrong, without a database.
func TestPoliciesCheckNamesTheFault(t *testing.T) {
	good := builtIn2020(t)
	out, err := cli(t, "policies", "check", writeFile(t, "2020.yaml", []byte(good)))
	if err != nil || !strings.Contains(out, "通过：2020 年度") || !strings.Contains(out, "企业可申报的政策 6 项、员工个人的补贴 3 项") {
		t.Fatalf("check of the built-in file: %q, %v", out, err)
	}
	bad := strings.Replace(good, "ref: p_hire_postdoc", "ref: p_hire_postdocs", 1)
	_, err = cli(t, "policies", "check", writeFile(t, "bad.yaml", []byte(bad)))
	if err == nil || !strings.Contains(err.Error(), "未通过检查") || !strings.Contains(err.Error(), `postdoc: unknown question "p_hire_postdocs"`) {
		t.Fatalf("check of a broken file: %v", err)
	}
}

// TestPoliciesAddWithoutRebuild: the bureau adds 2021's policies with the
// CLI; the next start uses them for 2021, a second add of the year is
// refused unless it says --replace, and list shows where each year's
// policies come from.
func TestPoliciesAddWithoutRebuild(t *testing.T) {
	db := testdb.DSN(t, "hc.db")
	y2021 := strings.Replace(strings.Replace(builtIn2020(t), "year: 2020", "year: 2021", 1),
		"cap_yuan: 3000000", "cap_yuan: 2500000", 1)
	file := writeFile(t, "2021.yaml", []byte(y2021))
	if out, err := cli(t, "policies", "add", "--db", db, file); err != nil || !strings.Contains(out, "已录入：2021 年度") {
		t.Fatalf("add: %q, %v", out, err)
	}
	_, err := cli(t, "policies", "add", "--db", db, file)
	if err == nil || !strings.Contains(err.Error(), "2021 年度的扶持政策已于") || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("a second add without --replace: %v", err)
	}
	changed := writeFile(t, "2021b.yaml", []byte(strings.Replace(y2021, "cap_yuan: 2500000", "cap_yuan: 2000000", 1)))
	if _, err := cli(t, "policies", "add", "--db", db, "--replace", changed); err != nil {
		t.Fatalf("replace: %v", err)
	}

	e, err := openEnv(context.Background(), db, "", models.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.store.Close()
	if set := e.data.Policies.For(2021); set == nil || set.Policies[0].CapYuan != 2000000 {
		t.Fatalf("2021 after the replace: %+v", set)
	}
	if e.data.Policies.For(2020).Policies[0].CapYuan != 3000000 || e.data.Policies.For(2022) != nil {
		t.Fatal("adding 2021 changed 2020, or lent its terms to 2022")
	}
	log, _, err := e.store.AuditLog(context.Background(), models.AuditFilter{}, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, a := range log {
		actions = append(actions, a.Action)
	}
	if got := strings.Join(actions, ","); !strings.Contains(got, "policies_added") || !strings.Contains(got, "policies_replaced") {
		t.Errorf("audit: %s", got)
	}

	out, err := cli(t, "policies", "list", "--db", db)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 3 || !strings.Contains(lines[1], "2020") || !strings.Contains(lines[1], "内置") ||
		!strings.Contains(lines[2], "2021") || !strings.Contains(lines[2], "录入于") || !strings.Contains(lines[2], "企业 6 项、个人 3 项") {
		t.Errorf("list:\n%s", out)
	}
}

// TestReferenceAddQuotedInTheReport: the bureau adds 2021's published
// figures with the CLI; they are listed and quoted in the 2021 annual
// report's 参考 panel, with their source, and not in 2020's. A figure that
// compares with an indicator no edition has is refused.
func TestReferenceAddQuotedInTheReport(t *testing.T) {
	t.Parallel()
	db := testdb.DSN(t, "hc.db")
	mustCLI(t, "demo", "--db", db, "--firms", "12", "--seed", "5", "--years", "2020,2021")
	file := writeFile(t, "2021.yaml", []byte("city: \"330400\"\nyear: 2021\nfigures:\n"+
		"  - {name: 两化融合发展水平总指数, value: \"103.5\", note: 全省第二, source: 浙江省经信厅《2021年两化融合发展水平评估报告》}\n"))
	if out := mustCLI(t, "reference", "check", file); !strings.Contains(out, "通过：2021 年度参考数据 1 条") {
		t.Fatalf("check: %q", out)
	}
	mustCLI(t, "reference", "add", "--db", db, file)
	if _, err := cli(t, "reference", "add", "--db", db, file); err == nil || !strings.Contains(err.Error(), "--replace") {
		t.Fatalf("a second add without --replace: %v", err)
	}
	other := writeFile(t, "hz.yaml", []byte(strings.Replace(repoFile(t, file), "330400", "330100", 1)))
	if _, err := cli(t, "reference", "add", "--db", db, other); err == nil || !strings.Contains(err.Error(), "本平台是嘉兴市（330400）") {
		t.Fatalf("another city's figures: %v", err)
	}
	list := mustCLI(t, "reference", "list", "--db", db)
	if !strings.Contains(list, "2020  6") || !strings.Contains(list, "内置") || !strings.Contains(list, "录入于") {
		t.Errorf("list:\n%s", list)
	}
	html := func(year int) string {
		out := t.TempDir()
		mustCLI(t, "report", "--db", db, "--campaign", fmt.Sprint(year), "--out", out)
		return repoFile(t, filepath.Join(out, "report.html"))
	}
	if h := html(2021); !strings.Contains(h, "<th scope=\"row\">两化融合发展水平总指数</th><td><strong>103.5</strong> 全省第二") ||
		!strings.Contains(h, "[1] 浙江省经信厅《2021年两化融合发展水平评估报告》") {
		t.Error("the 2021 report does not quote the added figure with its source")
	}
	if h := html(2020); strings.Contains(h, "103.5") || !strings.Contains(h, "<strong>101.24</strong> 首次突破100") {
		t.Error("the 2020 report quotes another year's figure, or lost its own")
	}
	unknown := writeFile(t, "2022.yaml", []byte("city: \"330400\"\nyear: 2022\nfigures:\n"+
		"  - {name: 企业上云累计, value: \"40000\", unit: 家, source: 市经信局, compare: [上云比率]}\n"))
	if _, err := cli(t, "reference", "check", unknown); err == nil || !strings.Contains(err.Error(), `figures[0] 企业上云累计: compare "上云比率"`) {
		t.Errorf("a figure compared with an unknown indicator: %v", err)
	}
}
