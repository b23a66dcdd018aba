package figures

import (
	"slices"
	"strconv"
	"strings"

	"healthcheck/charts"
	"healthcheck/export"
)

// Sheet turns the data table under a figure into a sheet of a book: figures
// become numbers, "—" an empty cell; the first column names the row, and a
// count joined to its label ("C13 农副食品加工业 n=16") gets a column of its
// own. The dashboard's export and the annual report's book both use it.
func Sheet(name string, t charts.Table) export.Table {
	counted := len(t.Rows) > 0
	for _, r := range t.Rows {
		if len(r) == 0 {
			counted = false
		} else if _, _, ok := splitCount(r[0]); !ok {
			counted = false
		}
	}
	header := slices.Clone(t.Header)
	if len(header) > 0 && strings.TrimSpace(header[0]) == "" {
		header[0] = "分组" // a filter needs every column named
	}
	if counted {
		header = append([]string{header[0], "提交企业（家）"}, header[1:]...)
	}
	et := export.Table{Sheet: name, Header: header, Widths: []float64{28}}
	for _, r := range t.Rows {
		row := make([]any, 0, len(r)+1)
		for i, cell := range r {
			switch {
			case i == 0 && counted:
				label, n, _ := splitCount(cell)
				row = append(row, label, n)
			case i == 0:
				row = append(row, cell)
			case cell == charts.NoData:
				row = append(row, nil)
			default:
				if f, err := strconv.ParseFloat(cell, 64); err == nil {
					row = append(row, f)
				} else {
					row = append(row, cell)
				}
			}
		}
		et.Rows = append(et.Rows, row)
	}
	return et
}

// splitCount takes a category apart: "C13 农副食品加工业 n=16" is
// "C13 农副食品加工业" and 16.
func splitCount(label string) (string, int, bool) {
	i := strings.LastIndex(label, CountMark)
	if i < 0 {
		return label, 0, false
	}
	n, err := strconv.Atoi(label[i+len(CountMark):])
	return label[:i], n, err == nil
}
