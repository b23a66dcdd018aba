// Package export writes tables for people to open in Excel: CSV in UTF-8 with
// a byte-order mark (so Chinese Excel reads it correctly) and .xlsx through
// excelize's stream writer (memory stays flat as rows grow). Every text cell
// is neutralised: a value starting with = + - @ (or a tab or carriage return)
// would be run as a formula when opened, so it is prefixed with an apostrophe.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// Neutralize makes a text cell safe to open in a spreadsheet.
func Neutralize(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		return "'" + s
	}
	return s
}

// Raw is a CSV cell written exactly as it is, never neutralised: a number in
// its own text ("-1.5" is data, not a formula). In a book it is text, and
// neutralised like any other.
type Raw string

// Table is a header and rows of cells. Cells are strings (neutralised on
// write), numbers (int, int64, float64) or nil for an empty cell.
type Table struct {
	Sheet  string
	Header []string
	Rows   [][]any
	// Source, when set, streams the rows instead of Rows, so a large table
	// is never held in memory.
	Source func(emit func(row []any) error) error
	// Widths are column widths in characters for .xlsx (optional).
	Widths []float64
	// Formats gives an Excel number format per column (e.g. "0.00"), optional.
	Formats []string
}

// WriteCSV writes tables' first table as CSV with a BOM.
func WriteCSV(w io.Writer, t Table) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("export: write BOM: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // what Excel on Windows expects
	if err := cw.Write(neutralizeAll(t.Header)); err != nil {
		return fmt.Errorf("export: write header: %w", err)
	}
	rec := make([]string, len(t.Header))
	err := t.each(func(row []any) error {
		for i := range rec {
			rec[i] = ""
			if i < len(row) {
				rec[i] = cellText(row[i])
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: write row: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

func neutralizeAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = Neutralize(s)
	}
	return out
}

func cellText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return Neutralize(x)
	case Raw:
		return string(x)
	case fmt.Stringer:
		return Neutralize(x.String())
	default:
		return fmt.Sprint(x)
	}
}

// WriteXLSX writes tables as sheets of one book, streaming each sheet, with a
// bold frozen header row.
func WriteXLSX(w io.Writer, tables ...Table) error {
	names := make([]string, len(tables))
	for i, t := range tables {
		names[i] = t.Sheet
	}
	b, err := NewBook(names...)
	if err != nil {
		return err
	}
	defer b.Close()
	for _, t := range tables {
		if err := b.Write(t); err != nil {
			return err
		}
	}
	return b.Save(w)
}

func columnStyles(f *excelize.File, formats []string) ([]int, error) {
	out := make([]int, len(formats))
	for i, fm := range formats {
		if fm == "" {
			continue
		}
		fmt := fm
		id, err := f.NewStyle(&excelize.Style{CustomNumFmt: &fmt})
		if err != nil {
			return nil, err
		}
		out[i] = id
	}
	return out, nil
}

func xlsxCell(v any, styles []int, col int) any {
	style := 0
	if col < len(styles) {
		style = styles[col]
	}
	switch x := v.(type) {
	case nil:
		return nil
	case string:
		return excelize.Cell{Value: Neutralize(x)}
	case Raw:
		return excelize.Cell{Value: Neutralize(string(x))}
	case fmt.Stringer:
		return excelize.Cell{Value: Neutralize(x.String())}
	default:
		return excelize.Cell{Value: x, StyleID: style}
	}
}

// each yields the table's rows from Source or Rows.
func (t Table) each(fn func(row []any) error) error {
	if t.Source != nil {
		return t.Source(fn)
	}
	for _, row := range t.Rows {
		if err := fn(row); err != nil {
			return err
		}
	}
	return nil
}

// IsXLSX reports whether a file name asks for an Excel book.
func IsXLSX(name string) bool { return strings.HasSuffix(strings.ToLower(name), ".xlsx") }
