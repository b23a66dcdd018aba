package bigcity

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"healthcheck/xlsxpart"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// The bare write is the report's second baseline: the required stack (the
// standard library's CSV writer, excelize's stream writer, the zip writer
// with the fastest deflater the report uses) writing files of the same
// shape as the report's own, with nothing of ours in between: no reading,
// no decoding, no statistics. A report cannot write its files in less; what
// it takes beyond a bare scan plus a bare write is its own.
//
// The shape is sampled from the report's files: each table's header, its
// first rows (cells typed back: integers, decimals and text) and its number
// of rows. The bare write cycles the sample rows up to that number.

// Table is one sampled table: a CSV file, or one sheet of a book.
type Table struct {
	Name   string
	Header []string
	Sample [][]any // int64, float64 or string cells; nil for an empty one
	Rows   int     // data rows of the original, header excluded
}

// SampleCSV samples a CSV file written by the report (UTF-8 with a BOM).
func SampleCSV(path string, keep int) (Table, error) {
	f, err := os.Open(path)
	if err != nil {
		return Table{}, fmt.Errorf("bigcity: sample %s: %w", path, err)
	}
	defer f.Close()
	br := bufio.NewReaderSize(f, 1<<20)
	if bom, _ := br.Peek(3); string(bom) == "\ufeff" {
		_, _ = br.Discard(3)
	}
	r := csv.NewReader(br)
	r.ReuseRecord = true
	t := Table{Name: path}
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			return t, nil
		}
		if err != nil {
			return Table{}, fmt.Errorf("bigcity: sample %s: %w", path, err)
		}
		t.add(rec, keep)
	}
}

// SampleBook samples every sheet of a book written by the report.
func SampleBook(path string, keep int) ([]Table, error) {
	f, err := excelize.OpenFile(path)
	if err != nil {
		return nil, fmt.Errorf("bigcity: sample %s: %w", path, err)
	}
	defer f.Close()
	counts, err := countRows(path, f.GetSheetList())
	if err != nil {
		return nil, fmt.Errorf("bigcity: sample %s: %w", path, err)
	}
	var out []Table
	for _, name := range f.GetSheetList() {
		t, err := sampleSheet(f, name, keep)
		if err != nil {
			return nil, fmt.Errorf("bigcity: sample %s of %s: %w", name, path, err)
		}
		t.Rows = max(counts[name]-1, 0) // less the header
		out = append(out, t)
	}
	return out, nil
}

func sampleSheet(f *excelize.File, name string, keep int) (Table, error) {
	rows, err := f.Rows(name)
	if err != nil {
		return Table{}, err
	}
	defer rows.Close()
	t := Table{Name: name}
	for len(t.Sample) < keep && rows.Next() { // excelize parses each cell: only the sample
		cols, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return Table{}, err
		}
		t.add(cols, keep)
	}
	return t, rows.Error()
}

// add takes the next record: the header first, then a data row, kept while
// the sample is short of keep.
func (t *Table) add(rec []string, keep int) {
	if t.Header == nil {
		t.Header = append([]string{}, rec...)
		return
	}
	t.Rows++
	if len(t.Sample) < keep {
		row := make([]any, max(len(rec), len(t.Header))) // a book's row ends at its last cell
		for i, s := range rec {
			row[i] = typed(s)
		}
		t.Sample = append(t.Sample, row)
	}
}

// typed is a cell's value as the report gave it: an integer, a decimal or
// text. A credit code is all digits but 18 long: text.
func typed(s string) any {
	if s == "" {
		return nil
	}
	if len(s) < 16 {
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return n
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil && !strings.ContainsAny(s, "eEnN") {
			return x
		}
	}
	return s
}

// row is the i-th data row of the table's copy.
func (t Table) row(i int) []any {
	if len(t.Sample) == 0 {
		return nil
	}
	return t.Sample[i%len(t.Sample)]
}

// WriteCSV writes t's header and its rows through encoding/csv.
func WriteCSV(w io.Writer, t Table) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	cw := csv.NewWriter(bw)
	if err := cw.Write(t.Header); err != nil {
		return err
	}
	rec := make([]string, len(t.Header))
	for i := range t.Rows {
		clear(rec)
		for c, v := range t.row(i) {
			rec[c] = cellText(v)
		}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func cellText(v any) string {
	switch v := v.(type) {
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case string:
		return v
	}
	return ""
}

// WriteBook writes the tables as the sheets of one book through excelize's
// stream writer, and packs it straight into w with the report's deflater.
func WriteBook(w io.Writer, tables []Table) error {
	f := excelize.NewFile()
	defer f.Close()
	for i, t := range tables {
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", t.Name)
		} else {
			_, err = f.NewSheet(t.Name)
		}
		if err != nil {
			return err
		}
	}
	for _, t := range tables {
		if err := writeSheet(f, t); err != nil {
			return fmt.Errorf("bigcity: bare write of %s: %w", t.Name, err)
		}
	}
	zw := zip.NewWriter(w)
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		return flate.NewWriter(out, flate.BestSpeed)
	})
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	return f.Write(io.Discard) // excelize packs into zw and closes it
}

func writeSheet(f *excelize.File, t Table) error {
	sw, err := f.NewStreamWriter(t.Name)
	if err != nil {
		return err
	}
	values := make([]any, len(t.Header))
	for c, h := range t.Header {
		values[c] = h
	}
	if err := sw.SetRow("A1", values); err != nil {
		return err
	}
	for i := range t.Rows {
		clear(values)
		copy(values, t.row(i))
		cell, err := excelize.CoordinatesToCellName(1, i+2)
		if err != nil {
			return err
		}
		if err := sw.SetRow(cell, values); err != nil {
			return err
		}
	}
	if len(t.Header) > 0 && t.Rows > 0 { // the filter the report puts on its sheets
		last, err := excelize.CoordinatesToCellName(len(t.Header), t.Rows+1)
		if err != nil {
			return err
		}
		if err := sw.AddTable(&excelize.Table{Range: "A1:" + last}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// countRows counts the rows of every sheet of a book by the <row elements
// of its XML, streamed out of the zip: excelize would parse every cell of a
// sheet of millions to count them (two minutes for answers.xlsx at 500,000
// firms), the raw count takes seconds.
func countRows(file string, sheets []string) (map[string]int, error) {
	zr, err := zip.OpenReader(file)
	if err != nil {
		return nil, err
	}
	defer zr.Close()
	zr.RegisterDecompressor(zip.Deflate, flate.NewReader)
	counts := map[string]int{}
	for _, name := range sheets {
		part, err := xlsxpart.Sheet(&zr.Reader, name)
		if err == nil && part == nil {
			err = errors.New("no part in the book")
		}
		if err == nil {
			counts[name], err = countElements(part, "<row ")
		}
		if err != nil {
			return nil, fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	return counts, nil
}

// countElements counts tag in a part, across the reads' boundaries.
func countElements(f *zip.File, tag string) (int, error) {
	r, err := f.Open()
	if err != nil {
		return 0, err
	}
	defer r.Close()
	buf := make([]byte, 1<<20)
	n, keep := 0, 0 // keep: bytes carried over from the last read
	for {
		m, err := r.Read(buf[keep:])
		chunk := buf[:keep+m]
		n += bytes.Count(chunk, []byte(tag))
		keep = copy(buf, chunk[max(len(chunk)-len(tag)+1, 0):])
		if errors.Is(err, io.EOF) {
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}
