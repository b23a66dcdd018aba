// Package edition makes modified copies of a questionnaire edition for tests:
// a later edition that adds, drops or rescales items, built from the real
// YAML so that it passes the same self-check. It is test support: import it
// only from _test.go files.
package edition

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"gopkg.in/yaml.v3"
)

// Doc is an edition file decoded as plain YAML values.
type Doc map[string]any

// Base2020 reads the 2020 edition's file from the source tree.
func Base2020(t testing.TB) []byte {
	t.Helper()
	_, here, _, _ := runtime.Caller(0)
	b, err := os.ReadFile(filepath.Join(filepath.Dir(here), "..", "..", "questionnaires", "defs", "jiaxing-2020.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// Modified decodes base, lets edit change it and encodes it again.
func Modified(t testing.TB, base []byte, edit func(Doc)) []byte {
	t.Helper()
	var m map[string]any // a named map type would be used for nested maps too
	if err := yaml.Unmarshal(base, &m); err != nil {
		t.Fatal(err)
	}
	d := Doc(m)
	edit(d)
	out, err := yaml.Marshal(map[string]any(d))
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// Question returns a question by id; it panics when there is none, which
// in a test is a mistake in the test.
func (d Doc) Question(id string) map[string]any {
	for _, s := range d.sections() {
		for _, q := range s["questions"].([]any) {
			if qm := q.(map[string]any); qm["id"] == id {
				return qm
			}
		}
	}
	panic(fmt.Sprintf("edition: no question %q", id))
}

// DropQuestion removes a question from its section.
func (d Doc) DropQuestion(id string) {
	for _, s := range d.sections() {
		if dropID(s, "questions", id) {
			return
		}
	}
	panic(fmt.Sprintf("edition: no question %q", id))
}

// dropID removes the entry with the id from the list m[key].
func dropID(m map[string]any, key, id string) bool {
	list := m[key].([]any)
	for i, x := range list {
		if x.(map[string]any)["id"] == id {
			m[key] = append(list[:i:i], list[i+1:]...)
			return true
		}
	}
	return false
}

// AddQuestion appends a question to a section.
func (d Doc) AddQuestion(section string, q map[string]any) {
	for _, s := range d.sections() {
		if s["id"] == section {
			s["questions"] = append(s["questions"].([]any), q)
			return
		}
	}
	panic(fmt.Sprintf("edition: no section %q", section))
}

// AddRawMax changes a dimension's raw maximum by delta, to keep it equal to
// the sum of its items after an edit.
func (d Doc) AddRawMax(dimension string, delta float64) {
	for _, dim := range d["dimensions"].([]any) {
		dm := dim.(map[string]any)
		if dm["key"] == dimension {
			dm["raw_max"] = number(dm["raw_max"]) + delta
			return
		}
	}
	panic(fmt.Sprintf("edition: no dimension %q", dimension))
}

// ReworkFoundation makes the kind of change a new edition brings: it drops
// 数据安全 (f_data_security, 5 raw points) and rescales 网络建设 (f_network:
// 2.5 a choice, max 10 instead of 8), keeping 数字化基础's raw maximum right.
func (d Doc) ReworkFoundation() {
	d.DropQuestion("f_data_security")
	d.AddRawMax("数字化基础", -5)
	net := d.Question("f_network")
	net["max_score"] = 10
	for _, o := range net["options"].([]any) {
		if om := o.(map[string]any); om["value"] != "none" {
			om["score"] = 2.5
		}
	}
	d.AddRawMax("数字化基础", 2)
}

// DropRule removes a cross-field rule (one naming a dropped question).
func (d Doc) DropRule(id string) {
	if !dropID(d, "rules", id) {
		panic(fmt.Sprintf("edition: no rule %q", id))
	}
}

func (d Doc) sections() []map[string]any {
	var out []map[string]any
	for _, s := range d["sections"].([]any) {
		out = append(out, s.(map[string]any))
	}
	return out
}

func number(v any) float64 {
	switch x := v.(type) {
	case int:
		return float64(x)
	case float64:
		return x
	}
	panic(fmt.Sprintf("edition: %v is not a number", v))
}
