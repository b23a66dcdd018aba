package bigcity

import (
	"io"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// shape is a table of every kind of cell the report writes: text (a credit
// code of digits too), integers, decimals and empty cells.
var shape = Table{
	Name:   "企业答卷",
	Header: []string{"统一社会信用代码", "企业名称", "规模档", "营业收入（万元）", "B1 员工数"},
	Sample: [][]any{
		{"913304028502126599", "嘉兴甲公司", "1亿元以下", 9800.5, int64(120)},
		{"91330402MA2B3C4D5E", "乙公司，\"有限\"", nil, 1.25, int64(0)},
		{"913304020000000001", "丙", "10亿元以上", float64(-3.5), nil},
	},
	Rows: 7,
}

// want is what sampling shape's copy must give back: every row written,
// cycled through the sample, with its cells' types.
func want(keep int) Table {
	t := shape
	t.Sample = nil
	for i := range min(keep, shape.Rows) {
		t.Sample = append(t.Sample, shape.row(i))
	}
	return t
}

// written is a new file named name, as write wrote it.
func written(t *testing.T, name string, write func(io.Writer) error) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := write(f); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestBareCSVCopiesTheShape(t *testing.T) {
	path := written(t, "a.csv", func(w io.Writer) error { return WriteCSV(w, shape) })
	got, err := SampleCSV(path, 5)
	if err != nil {
		t.Fatal(err)
	}
	w := want(5)
	w.Name = path
	if !reflect.DeepEqual(got, w) {
		t.Errorf("sampled back\n%#v\nwant\n%#v", got, w)
	}
}

func TestBareBookCopiesTheShape(t *testing.T) {
	second := shape
	second.Name, second.Rows = "低投入企业", 2
	path := written(t, "a.xlsx", func(w io.Writer) error { return WriteBook(w, []Table{shape, second}) })
	got, err := SampleBook(path, 5)
	if err != nil {
		t.Fatal(err)
	}
	w2 := want(2)
	w2.Name, w2.Rows = second.Name, second.Rows
	if w := []Table{want(5), w2}; !reflect.DeepEqual(got, w) {
		t.Errorf("sampled back\n%#v\nwant\n%#v", got, w)
	}
}
