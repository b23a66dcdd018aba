// Package export writes tables in two forms. The .xlsx is for people: typed
// cells (text, numbers with formats, real dates), a frozen header and a filter
// on every sheet, written through excelize's stream writer (memory stays
// flat as rows grow). The CSV is for machines: RFC 4180, UTF-8 with a
// byte-order mark (so Chinese Excel reads it too), identifiers exactly as
// stored, times in RFC 3339.
//
// Formula neutralisation is done where a spreadsheet would evaluate: a CSV
// field is parsed by the spreadsheet that opens it, so a text field starting
// with = + - @ (or a tab or carriage return) is prefixed with an apostrophe.
// An .xlsx string cell is never evaluated, so it is written as it is: a phone
// number "+86-573-…" stays readable there.
package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

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

// Raw is a number in its own exact text ("-1.5", "52000.50"): a CSV writes it
// as it is, never neutralised (it is data, not a formula); a book writes it
// as a number.
type Raw string

// csvTime is how a CSV writes a time: RFC 3339 in the time's own zone.
const csvTime = time.RFC3339

// Table is a header and rows of cells. Cells are strings, Raw numbers,
// numbers (int, int64, float64), times (time.Time, shown as their wall clock:
// pass them in the zone people read) or nil for an empty cell.
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
	// Wrap marks the columns whose long text wraps within the column's
	// width rather than running over the next cells (optional).
	Wrap []bool
	// Print, when set, is how the sheet prints (.xlsx only).
	Print *Print
}

// Print is a sheet's page set-up for people who print it: on A4, scaled to
// fit the page's width (however many pages long), the header row repeated
// at the top of every page.
type Print struct {
	Landscape bool
}

// WriteCSV writes a table as CSV with a BOM.
func WriteCSV(w io.Writer, t Table) error {
	c, err := OpenCSV(w, t.Header)
	if err != nil {
		return err
	}
	if err := t.each(c.Add); err != nil {
		return err
	}
	return c.Close()
}

// CSV is a CSV file being written row by row.
type CSV struct {
	cw  *csv.Writer
	rec []string
}

// OpenCSV starts a CSV: the BOM and the header.
func OpenCSV(w io.Writer, header []string) (*CSV, error) {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return nil, fmt.Errorf("export: write BOM: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true // RFC 4180, and what Excel on Windows expects
	if err := cw.Write(neutralizeAll(header)); err != nil {
		return nil, fmt.Errorf("export: write header: %w", err)
	}
	return &CSV{cw: cw, rec: make([]string, len(header))}, nil
}

// Add writes the next row, as wide as the header.
func (c *CSV) Add(row []any) error {
	for i := range c.rec {
		c.rec[i] = ""
		if i < len(row) {
			c.rec[i] = cellText(row[i])
		}
	}
	if err := c.cw.Write(c.rec); err != nil {
		return fmt.Errorf("export: write row: %w", err)
	}
	return nil
}

// Close flushes the CSV.
func (c *CSV) Close() error {
	c.cw.Flush()
	return c.cw.Error()
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
	case time.Time:
		return x.Format(csvTime)
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

// wrapStyle is the style of text in a wrapping column: wrapped within the
// column's width, from the top of the cell.
func wrapStyle(f *excelize.File) (int, error) {
	return f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}})
}

// textWidth is how wide a text shows, in the characters column widths count:
// a Chinese character (or any wide one) takes two.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r < 0x1100 {
			w++
		} else {
			w += 2
		}
	}
	return w
}

// rowHeight is the height in points a row needs for its wrapped text to
// show whole: a line of the default height for each line of its longest
// cell. Spreadsheets do not all size rows to wrapped text on opening
// (LibreOffice keeps the default height of a streamed row), so the height is
// set. 0 is the default height.
func rowHeight(row []any, wrap []bool, widths []float64) float64 {
	lines := 1.0
	for c, v := range row {
		s, ok := v.(string)
		if !ok || c >= len(wrap) || !wrap[c] || c >= len(widths) || widths[c] <= 0 {
			continue
		}
		n := 0.0
		for line := range strings.SplitSeq(s, "\n") {
			n += max(1, math.Ceil(textWidth(line)/widths[c]))
		}
		lines = max(lines, n)
	}
	if lines == 1 {
		return 0
	}
	return lines * lineHeight
}

// lineHeight is a line of text's height in points at the default font.
const lineHeight = 15

// xlsxCell types one value for a book into c: text as text (never
// neutralised: a string cell is not evaluated), Raw and numbers as numbers
// with the column's format, times as dates. It reports false for nil, an
// empty cell. Values already boxed are passed on as they are, not boxed
// again: a book of the national answers has some 37 million cells.
func xlsxCell(c *excelize.Cell, v any, styles []int, col int, dateStyle int) bool {
	style := 0
	if col < len(styles) {
		style = styles[col]
	}
	*c = excelize.Cell{}
	switch x := v.(type) {
	case nil:
		return false
	case string:
		c.Value = v
	case Raw:
		if n, ok := rawNumber(x); ok {
			c.Value, c.StyleID = n, style
		} else {
			c.Value = string(x)
		}
	case time.Time:
		if style == 0 {
			style = dateStyle
		}
		c.Value, c.StyleID = wallClock(x), style
	case fmt.Stringer:
		c.Value = x.String()
	default:
		c.Value, c.StyleID = v, style
	}
	return true
}

// rawNumber is a Raw's value for a book: an integer as an int64, which
// excelize writes with strconv.FormatInt (most answers are whole numbers or
// levels; a float64 costs a parse and excelize's shortest-float formatting
// per cell, a second of the national answers book), anything else as a
// float64. ok is false when it is not a number.
func rawNumber(x Raw) (any, bool) {
	if n, ok := rawInt(x); ok {
		return n, true
	}
	f, err := strconv.ParseFloat(string(x), 64)
	return f, err == nil
}

// rawInt reads a whole number of up to 15 digits, with an optional sign.
// A float64 holds such a number exactly and excelize writes a float with
// at most 15 significant digits (Excel's precision), so the cell's text is
// the same either way; longer numbers and "-0" keep the float path. It does
// not call strconv.ParseInt, whose error on every decimal ("61.5") would be
// an allocation.
func rawInt(x Raw) (int64, bool) {
	digits := x
	if len(x) > 0 && (x[0] == '-' || x[0] == '+') {
		digits = x[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return 0, false
	}
	var n int64
	for i := 0; i < len(digits); i++ {
		d := digits[i]
		if d < '0' || d > '9' {
			return 0, false
		}
		n = n*10 + int64(d-'0')
	}
	if x[0] == '-' {
		n = -n
	}
	return n, n != 0 || x[0] != '-'
}

// wallClock is t's date and time of day as a UTC time: excelize counts a
// serial date from t's instant, and a sheet shows the clock people read.
func wallClock(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), 0, time.UTC)
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
