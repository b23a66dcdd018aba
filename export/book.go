package export

import (
	"archive/zip"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"

	"github.com/klauspost/compress/flate"
	"github.com/xuri/excelize/v2"
)

// Book is an .xlsx book written sheet by sheet through excelize's stream
// writer. Its sheets are named, in their order, when it is made; each is then
// written once, in any order: a caller can fill a late sheet while it reads
// the data an early one summarises.
type Book struct {
	f      *excelize.File
	header int // style of header cells
	date   int // style of date cells
}

// DateFormat is how a book shows a time.
const DateFormat = "yyyy-mm-dd hh:mm"

// NewBook makes a book with these sheets, in this order.
func NewBook(sheets ...string) (*Book, error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	for i, name := range sheets {
		var err error
		if i == 0 {
			err = f.SetSheetName("Sheet1", name)
		} else {
			_, err = f.NewSheet(name)
		}
		if err != nil {
			f.Close()
			return nil, fmt.Errorf("export: add sheet %s: %w", name, err)
		}
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"EEF2F6"}}})
	if err != nil {
		f.Close()
		return nil, err
	}
	dateFormat := DateFormat
	date, err := f.NewStyle(&excelize.Style{CustomNumFmt: &dateFormat})
	if err != nil {
		f.Close()
		return nil, err
	}
	return &Book{f: f, header: bold, date: date}, nil
}

// Sheet is one sheet being written: its header is there, rows follow.
type Sheet struct {
	name   string
	sw     *excelize.StreamWriter
	styles []int
	// wrap marks the columns whose text wraps (in wrapStyle) within its
	// width; a row with wrapped text is made as tall as its lines.
	wrap      []bool
	wrapStyle int
	// top holds, for a sheet with wrapped text, each style's variant that
	// starts at the top of the cell, so a row's other cells sit beside the
	// first line of its tall text rather than at its foot.
	top    map[int]int
	f      *excelize.File
	widths []float64
	date   int
	// cells and values are Add's buffers, reused row after row.
	cells  []excelize.Cell
	values []any
	row    int
	header []string
}

// Open starts writing t's sheet (which NewBook named): widths, the frozen
// header row, number formats. t's rows are not written; Add them.
func (b *Book) Open(t Table) (*Sheet, error) {
	name := t.Sheet
	if err := b.pageSetup(t); err != nil {
		return nil, err
	}
	sw, err := b.f.NewStreamWriter(name)
	if err != nil {
		return nil, fmt.Errorf("export: stream %s: %w", name, err)
	}
	styles, err := columnStyles(b.f, t.Formats)
	if err != nil {
		return nil, err
	}
	wrap := 0
	if slices.Contains(t.Wrap, true) {
		if wrap, err = wrapStyle(b.f); err != nil {
			return nil, err
		}
	}
	for col, wdt := range t.Widths {
		if err := sw.SetColWidth(col+1, col+1, wdt); err != nil {
			return nil, err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return nil, fmt.Errorf("export: freeze header of %s: %w", name, err)
	}
	head := make([]any, len(t.Header))
	for c, h := range t.Header {
		head[c] = excelize.Cell{Value: h, StyleID: b.header}
	}
	if err := sw.SetRow("A1", head); err != nil {
		return nil, err
	}
	sh := &Sheet{name: name, sw: sw, styles: styles, wrap: t.Wrap, wrapStyle: wrap, widths: t.Widths, date: b.date, row: 2, header: t.Header}
	if wrap != 0 {
		sh.top, sh.f = map[int]int{wrap: wrap}, b.f
	}
	return sh, nil
}

// paperA4 is A4's number among the paper sizes of SpreadsheetML.
const paperA4 = 9

// pageSetup sets t's sheet up for printing when t asks for it. It runs
// before the sheet's stream writer is made, which reads the sheet's
// properties then and writes its page set-up when it is flushed.
func (b *Book) pageSetup(t Table) error {
	if t.Print == nil {
		return nil
	}
	size, orientation, wide, long, fit := paperA4, "portrait", 1, 0, true
	if t.Print.Landscape {
		orientation = "landscape"
	}
	if err := b.f.SetSheetProps(t.Sheet, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("export: page set-up of %s: %w", t.Sheet, err)
	}
	err := b.f.SetPageLayout(t.Sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &long})
	if err != nil {
		return fmt.Errorf("export: page set-up of %s: %w", t.Sheet, err)
	}
	titles := &excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: t.Sheet, RefersTo: "'" + t.Sheet + "'!$1:$1"}
	if err := b.f.SetDefinedName(titles); err != nil {
		return fmt.Errorf("export: print titles of %s: %w", t.Sheet, err)
	}
	return nil
}

// Add writes the next row: strings neutralised, numbers with their column's
// format, nil as an empty cell.
func (s *Sheet) Add(row []any) error {
	// The cells are typed into buffers the sheet keeps: the stream writer
	// encodes a row before SetRow returns, so the next row can reuse them.
	if len(s.cells) < len(row) {
		s.cells, s.values = make([]excelize.Cell, len(row)), make([]any, len(row))
	}
	values := s.values[:len(row)]
	for c, v := range row {
		values[c] = nil
		if !xlsxCell(&s.cells[c], v, s.styles, c, s.date) {
			continue
		}
		if _, text := v.(string); text && c < len(s.wrap) && s.wrap[c] {
			s.cells[c].StyleID = s.wrapStyle
		}
		if s.top != nil {
			id, err := s.topAligned(s.cells[c].StyleID)
			if err != nil {
				return err
			}
			s.cells[c].StyleID = id
		}
		values[c] = &s.cells[c]
	}
	var opts []excelize.RowOpts
	if h := rowHeight(row, s.wrap, s.widths); h > 0 {
		opts = append(opts, excelize.RowOpts{Height: h})
	}
	cell, _ := excelize.CoordinatesToCellName(1, s.row)
	if err := s.sw.SetRow(cell, values, opts...); err != nil {
		return fmt.Errorf("export: row %d of %s: %w", s.row, s.name, err)
	}
	s.row++
	return nil
}

// Close finishes the sheet, with a filter on its header: the sheet becomes
// an Excel table (the stream writer's way to a filter), unless its header
// cannot head one (blank or repeated names).
func (s *Sheet) Close() error {
	if tableHeader(s.header) {
		last, _ := excelize.CoordinatesToCellName(len(s.header), max(s.row-1, 2))
		off := false
		if err := s.sw.AddTable(&excelize.Table{Range: "A1:" + last, ShowRowStripes: &off}); err != nil {
			return fmt.Errorf("export: filter on %s: %w", s.name, err)
		}
	}
	return s.sw.Flush()
}

// tableHeader reports whether a header can head an Excel table: names
// present and distinct.
func tableHeader(h []string) bool {
	seen := make(map[string]bool, len(h))
	for _, name := range h {
		if strings.TrimSpace(name) == "" || seen[name] {
			return false
		}
		seen[name] = true
	}
	return len(h) > 0
}

// Write writes a whole table into its sheet, streaming t.Source or t.Rows.
func (b *Book) Write(t Table) error {
	if idx, err := b.f.GetSheetIndex(t.Sheet); err == nil && idx < 0 {
		// A sheet known only once the data is read (the annual book's
		// figures) goes after those named at NewBook.
		if _, err := b.f.NewSheet(t.Sheet); err != nil {
			return fmt.Errorf("export: add sheet %s: %w", t.Sheet, err)
		}
	}
	s, err := b.Open(t)
	if err != nil {
		return err
	}
	if err := t.each(s.Add); err != nil {
		return err
	}
	return s.Close()
}

// Save writes the book out, straight into w. excelize's File.Write packs the
// whole book into a bytes.Buffer before copying it to w: 130 MB for a
// national data book, 260 MB for its answers, and up to twice that while the
// buffer grows. The zip writer it packs with is ours (SetZipWriter), so it is
// pointed at w and excelize's buffer stays empty.
func (b *Book) Save(w io.Writer) error {
	zw := &directZip{ZipWriter: fastZip(w)}
	b.f.SetZipWriter(func(io.Writer) excelize.ZipWriter { return zw })
	if err := b.f.Write(io.Discard); err != nil { // excelize's own, empty buffer
		return fmt.Errorf("export: write book: %w", err)
	}
	if zw.large != "" {
		return fmt.Errorf("export: write book: part %s is over 4 GiB, which excelize marks only in a book packed in memory", zw.large)
	}
	return nil
}

// directZip packs a book's parts as they come and notes one over 4 GiB:
// excelize marks such parts as ZIP64 in their local headers by rewriting its
// buffer, which a book written straight to its file does not have.
type directZip struct {
	excelize.ZipWriter
	large string
}

func (z *directZip) Create(name string) (io.Writer, error) {
	w, err := z.ZipWriter.Create(name)
	if err != nil {
		return nil, err
	}
	return &partCounter{w: w, name: name, zip: z}, nil
}

type partCounter struct {
	w    io.Writer
	name string
	n    int64
	zip  *directZip
}

func (c *partCounter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	if c.n += int64(n); c.n > math.MaxUint32 && c.zip.large == "" {
		c.zip.large = c.name
	}
	return n, err
}

// Close releases the book's temporary files.
func (b *Book) Close() error { return b.f.Close() }

// fastZip compresses the book's parts at flate.BestSpeed rather than the
// default level: a national firm sheet is some 600 MB of XML, which the
// default level took 13 s to pack (single-threaded, after every row was
// written); BestSpeed packs it several times faster for a file a little larger.
// The deflater is klauspost/compress's, faster at its fastest level than the
// standard library's: packing the national answers and data books fell from
// 13.5 % of the report's CPU profile to 8.7 %.
func fastZip(w io.Writer) excelize.ZipWriter {
	zw := zip.NewWriter(w)
	// One deflater packs every part in turn (the zip writes one part at a
	// time and closes it before the next): a new one for each of a book's
	// sixty-odd parts allocated a third of a city report's memory.
	var deflater *flate.Writer
	zw.RegisterCompressor(zip.Deflate, func(out io.Writer) (io.WriteCloser, error) {
		if deflater == nil {
			var err error
			deflater, err = flate.NewWriter(out, flate.BestSpeed)
			return deflater, err
		}
		deflater.Reset(out)
		return deflater, nil
	})
	return zw
}

// topAligned is style id (0: none) starting at the top of its cell, made
// once per sheet and style.
func (s *Sheet) topAligned(id int) (int, error) {
	if top, ok := s.top[id]; ok {
		return top, nil
	}
	st := &excelize.Style{}
	if id != 0 {
		var err error
		if st, err = s.f.GetStyle(id); err != nil {
			return 0, fmt.Errorf("export: style %d of %s: %w", id, s.name, err)
		}
	}
	align := excelize.Alignment{}
	if st.Alignment != nil {
		align = *st.Alignment
	}
	align.Vertical = "top"
	st.Alignment = &align
	top, err := s.f.NewStyle(st)
	if err != nil {
		return 0, fmt.Errorf("export: top-aligned style of %s: %w", s.name, err)
	}
	s.top[id] = top
	return top, nil
}
