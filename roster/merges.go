package roster

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"sort"
	"strings"

	"healthcheck/xlsxpart"

	"github.com/xuri/excelize/v2"
)

// span is a merged range of a sheet: rows 1-based, columns 0-based.
type span struct{ r0, r1, c0, c1 int }

// maxMerges bounds the merged ranges kept for one sheet; a roster has a few
// hundred at most (one per district block).
const maxMerges = 100_000

// sheetMerges lists a worksheet's merged ranges, sorted by first row. The
// sheet's XML is scanned as a stream for its <mergeCell> tags rather than
// parsed whole (excelize's GetMergeCells would hold the sheet in memory).
func sheetMerges(zr *zip.Reader, sheet string) ([]span, error) {
	part, err := xlsxpart.Sheet(zr, sheet)
	if err != nil || part == nil {
		return nil, err
	}
	rc, err := part.Open()
	if err != nil {
		return nil, fmt.Errorf("roster: open %s: %w", part.Name, err)
	}
	defer rc.Close()
	spans, err := scanMerges(rc)
	if err != nil {
		return nil, fmt.Errorf("roster: merges of %s: %w", part.Name, err)
	}
	sort.SliceStable(spans, func(i, j int) bool { return spans[i].r0 < spans[j].r0 })
	return spans, nil
}

var mergeRef = regexp.MustCompile(`\bref\s*=\s*["']([A-Za-z]+[0-9]+):([A-Za-z]+[0-9]+)["']`)

// scanMerges reads a sheet's XML for <mergeCell ref="A3:A7"/> tags, with or
// without a namespace prefix.
func scanMerges(r io.Reader) ([]span, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out []span
	for len(out) < maxMerges {
		if err := skipPast(br, '<'); err != nil {
			if err == io.EOF {
				return out, nil
			}
			return nil, err
		}
		head, _ := br.Peek(24)
		if i := bytes.IndexByte(head, ':'); i > 0 && i < 8 && bytes.IndexFunc(head[:i], notLetter) < 0 {
			head = head[i+1:]
		}
		if len(head) < 10 || !bytes.HasPrefix(head, []byte("mergeCell")) || !isXMLSpace(head[9]) {
			continue
		}
		tag, err := br.ReadSlice('>')
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if err != nil {
			return nil, err
		}
		m := mergeRef.FindSubmatch(tag)
		if m == nil {
			continue
		}
		c0, r0, err1 := excelize.CellNameToCoordinates(string(m[1]))
		c1, r1, err2 := excelize.CellNameToCoordinates(string(m[2]))
		if err1 != nil || err2 != nil || r1 < r0 || c1 < c0 {
			continue
		}
		out = append(out, span{r0: r0, r1: r1, c0: c0 - 1, c1: c1 - 1})
	}
	return out, nil
}

// skipPast reads up to and including the next c.
func skipPast(br *bufio.Reader, c byte) error {
	for {
		_, err := br.ReadSlice(c)
		if !errors.Is(err, bufio.ErrBufferFull) {
			return err
		}
	}
}

func notLetter(r rune) bool { return !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') }

func isXMLSpace(b byte) bool { return b == ' ' || b == '\t' || b == '\n' || b == '\r' }

// mergeFill copies a merged cell's value into the rows the merge covers
// below its first: a clerk merges the district cells of a block of firms,
// and the file then holds the district only in the block's first row.
type mergeFill struct {
	waiting []span // sorted by first row
	active  []activeSpan
}

type activeSpan struct {
	span
	values   []string // the first row's cells, by column
	reported bool
}

// fill completes a data row from the merges covering it and reports each
// merge the first time it fills something.
func (m *mergeFill) fill(res *Result, cells []string, line int) []string {
	for len(m.waiting) > 0 && m.waiting[0].r0 <= line {
		s := m.waiting[0]
		m.waiting = m.waiting[1:]
		if s.r0 < line || s.r1 == s.r0 {
			continue // starts in the header or above, or spans columns only
		}
		a := activeSpan{span: s}
		for c := s.c0; c <= s.c1; c++ {
			a.values = append(a.values, strings.TrimSpace(cellAt(cells, c)))
		}
		m.active = append(m.active, a)
	}
	keep := m.active[:0]
	for _, a := range m.active {
		if line > a.r1 {
			continue
		}
		if line > a.r0 {
			for c := a.c0; c <= a.c1; c++ {
				v := a.values[c-a.c0]
				if v == "" || strings.TrimSpace(cellAt(cells, c)) != "" {
					continue
				}
				for len(cells) <= c {
					cells = append(cells, "")
				}
				cells[c] = v
				if !a.reported {
					a.reported = true
					res.Filled = append(res.Filled, Filled{Column: columnName(res, c), From: a.r0, To: a.r1, Value: v})
				}
			}
		}
		keep = append(keep, a)
	}
	m.active = keep
	return cells
}

func cellAt(cells []string, c int) string {
	if c < len(cells) {
		return cells[c]
	}
	return ""
}

// columnName is a column's header, or its letter when the header is blank.
func columnName(res *Result, c int) string {
	if c < len(res.Columns) && res.Columns[c] != "" {
		return res.Columns[c]
	}
	name, _ := excelize.ColumnNumberToName(c + 1)
	return name + "列"
}
