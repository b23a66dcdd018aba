package report

import (
	"os"
	"reflect"
	"strings"
	"testing"

	"healthcheck/analysis"
)

// TestSummaryFieldsAreDocumented: every key summary.json can hold (the
// contract's and the ones added to it, down to the groups' keys) has its
// definition in docs/annual-report.md's "summary.json 的字段".
func TestSummaryFieldsAreDocumented(t *testing.T) {
	doc, err := os.ReadFile("../docs/annual-report.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(doc), "## summary.json 的字段")
	if !ok {
		t.Fatal("docs/annual-report.md has no section on summary.json's fields")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	for _, key := range jsonKeys(reflect.TypeFor[analysis.StatsJSON]()) {
		if !strings.Contains(section, "`"+key+"`") {
			t.Errorf("summary.json's %q is not defined in docs/annual-report.md", key)
		}
	}
}

// jsonKeys are the JSON keys of a struct and of the structs it holds.
func jsonKeys(typ reflect.Type) []string {
	for typ.Kind() == reflect.Pointer || typ.Kind() == reflect.Slice {
		typ = typ.Elem()
	}
	if typ.Kind() != reflect.Struct || typ.PkgPath() != reflect.TypeFor[analysis.StatsJSON]().PkgPath() {
		return nil
	}
	var out []string
	for f := range typ.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name != "" && name != "-" {
			out = append(out, name)
		}
		out = append(out, jsonKeys(f.Type)...)
	}
	return out
}
