// Package roster reads the list of firms the statistics office gives the
// bureau each year (规上工业企业名录) from .xlsx or .csv — UTF-8 with or
// without a byte-order mark, GBK as Chinese Excel saves it, or UTF-16 — and
// checks every row before anything is written: the credit code's check
// character, the district against the city's configuration, the industry
// division, revenue against the campaign's roster rule, employees, the
// optional contacts, and duplicates within the file. Columns are found by
// their Chinese headers in any order. Every rejected row is reported as
// "第N行" (the header is row 1 when it is the first row) with its column and
// the reason.
package roster

import (
	"archive/zip"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/unicode"

	"healthcheck/apperr"
	"healthcheck/models"
)

// Row is an accepted firm and the row it came from.
type Row struct {
	Line int
	models.RosterInput
}

// Rejected is a row that was refused, with every problem found in it.
type Rejected struct {
	Line     int
	Problems []Problem
}

// String is the row's line of the report: 第5行 统一社会信用代码：校验位不符…
func (r Rejected) String() string {
	parts := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		parts[i] = p.Column + "：" + p.Reason
	}
	return fmt.Sprintf("第%d行 %s", r.Line, strings.Join(parts, "；"))
}

// Result is a file read and checked.
type Result struct {
	Format  string // "xlsx", "CSV（UTF-8）", "CSV（GBK）" …
	Sheet   string // the worksheet read, for .xlsx
	Header  int    // the header's row number
	Columns []string
	// RevenueColumn is the revenue's header as the file writes it.
	RevenueColumn string
	Rows          []Row
	// Rejected are the first KeptRejected refused rows; RejectedCount
	// counts them all.
	Rejected      []Rejected
	RejectedCount int
	// Skipped are rows that hold no firm (titles, blank lines, 合计 and 注
	// lines), the first KeptRejected of SkippedCount.
	Skipped      []Skipped
	SkippedCount int
	// Filled are merged cells whose value was copied down.
	Filled []Filled
	// Held are doubts that hold the import until a person confirms: a
	// revenue unit that makes the file's median firm implausible, a revenue
	// far from last year's.
	Held      []Held
	HeldCount int
}

// KeptRejected is how many refused (or skipped, or held) rows a result keeps
// with their reasons; the rest are only counted, so a file of a million bad
// rows costs no more memory than one of a thousand.
const KeptRejected = 1000

// Skipped is a row read as no firm, and why.
type Skipped struct {
	Line   int
	Reason string
}

// Filled is a merged cell whose value was copied into the rows below it.
type Filled struct {
	Column   string
	From, To int // the merge's first and last row
	Value    string
}

// String says it for the clerk: 第3–7行“县(市、区)”是合并单元格，已将“海宁市”填入第4–7行.
func (f Filled) String() string {
	into := fmt.Sprintf("第%d–%d行", f.From+1, f.To)
	if f.To == f.From+1 {
		into = fmt.Sprintf("第%d行", f.To)
	}
	return fmt.Sprintf("第%d–%d行“%s”是合并单元格，已将“%s”填入%s", f.From, f.To, f.Column, f.Value, into)
}

// Held is a doubt about a value or a column that a person must confirm
// before the import; Line is 0 when it concerns the whole file.
type Held struct {
	Line       int
	Column     string
	Reason     string
	Suggestion string // "是否应为万元？"
	// Unit is the revenue unit suggested for the whole file, "" when the
	// doubt concerns one row.
	Unit string
}

// String is the doubt's line: 第5行 营业收入(万元)：…；是否应为…？
func (h Held) String() string {
	where := "整个文件"
	if h.Line > 0 {
		where = fmt.Sprintf("第%d行", h.Line)
	}
	return fmt.Sprintf("%s %s：%s；%s", where, h.Column, h.Reason, h.Suggestion)
}

func (r *Result) reject(rj Rejected) {
	if len(r.Rejected) < KeptRejected {
		r.Rejected = append(r.Rejected, rj)
	}
	r.RejectedCount++
}

func (r *Result) skip(line int, reason string) {
	if len(r.Skipped) < KeptRejected {
		r.Skipped = append(r.Skipped, Skipped{Line: line, Reason: reason})
	}
	r.SkippedCount++
}

// Hold adds a doubt, keeping the first KeptRejected.
func (r *Result) Hold(h Held) {
	if len(r.Held) < KeptRejected {
		r.Held = append(r.Held, h)
	}
	r.HeldCount++
}

// Inputs are the accepted firms, for models.
func (r *Result) Inputs() []models.RosterInput {
	out := make([]models.RosterInput, len(r.Rows))
	for i, row := range r.Rows {
		out[i] = row.RosterInput
	}
	return out
}

// headerSearch is how many leading rows may hold a title above the header.
const headerSearch = 10

// Read detects the file's format and encoding, finds the header and checks
// every data row. A file that cannot be read at all (wrong format, no
// header, a required column missing, over a limit) is an apperr Invalid
// error; bad rows are in Result.Rejected, doubts in Result.Held.
func Read(data []byte, rules Rules) (*Result, error) {
	rules.Limits = rules.Limits.orDefault()
	if rules.RevenueUnit != "" {
		if _, ok := revenueUnits[rules.RevenueUnit]; !ok {
			return nil, apperr.New(apperr.Invalid, "营业收入的单位“%s”无法识别，应为万元、千元、元或亿元", rules.RevenueUnit)
		}
	}
	var res *Result
	err := ReadTable(data, rules.Limits, func(t *Table) error {
		r := &Result{Format: t.Format, Sheet: t.Sheet}
		if err := readRows(r, t.Next, newParser(rules, t.spreadsheet, t.spans)); err != nil {
			return err
		}
		res = r
		return nil
	})
	return res, err
}

// Table is one table of a file being read: its format, its worksheet and
// its rows, one at a time.
type Table struct {
	Format string // "xlsx", "CSV（UTF-8）", "CSV（GBK）" …
	Sheet  string // the worksheet, for .xlsx
	// Next returns the next row's cells (raw values for .xlsx) and its line
	// as the file numbers it (blank rows included), io.EOF after the last.
	Next func() ([]string, int, error)

	spreadsheet bool
	spans       []span // merged cells, for the roster's filling down
}

// ReadTable opens a table file the way the roster import does — .xlsx (its
// unzipped size checked before anything is inflated; .xls refused with a
// request to save it as .xlsx) or CSV in UTF-8, UTF-8 with BOM, GBK or
// UTF-16 — and hands its tables to read: a CSV's one, an .xlsx's worksheets
// in turn until read accepts one (returns nil). Other registers the bureau
// imports (service providers) read their files through it. A file that
// cannot be opened is an apperr Invalid error; so is read's error for every
// worksheet refused (the first, named by its sheet when there are several).
func ReadTable(data []byte, limits Limits, read func(*Table) error) error {
	limits = limits.orDefault()
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, limits, read)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return apperr.New(apperr.Invalid, "不支持 Excel 97-2003（.xls）或加密的工作簿：请在 Excel 或 WPS 中“另存为”Excel 工作簿（.xlsx）后再导入")
	}
	text, format, err := decodeText(data)
	if err != nil {
		return err
	}
	return read(csvTable(text, format))
}

// decodeText turns a CSV's bytes into UTF-8: a byte-order mark decides, then
// valid UTF-8 is taken as such, and anything else is read as GB18030 (a
// superset of GBK, what Chinese Excel writes).
func decodeText(data []byte) (string, string, error) {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return string(data[3:]), "CSV（UTF-8）", nil
	case bytes.HasPrefix(data, []byte("\xff\xfe")), bytes.HasPrefix(data, []byte("\xfe\xff")):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.UseBOM).NewDecoder()
		out, err := dec.Bytes(data)
		if err != nil {
			return "", "", apperr.New(apperr.Invalid, "文件不是有效的 UTF-16 文本")
		}
		return string(out), "CSV（UTF-16）", nil
	case utf8.Valid(data):
		return string(data), "CSV（UTF-8）", nil
	}
	out, err := simplifiedchinese.GB18030.NewDecoder().Bytes(data)
	if err != nil || bytes.ContainsRune(out, utf8.RuneError) {
		return "", "", apperr.New(apperr.Invalid, "无法识别文件的编码（既不是 UTF-8 也不是 GBK）：请在 Excel 中另存为“CSV UTF-8（逗号分隔）”或 .xlsx")
	}
	return string(out), "CSV（GBK）", nil
}

// csvTable reads comma-, tab- or semicolon-separated text.
func csvTable(text, format string) *Table {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	r.ReuseRecord = true
	line := 0
	next := func() ([]string, int, error) {
		rec, err := r.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, apperr.New(apperr.Invalid, "第%d行：CSV 格式有误（%s）", pe.StartLine, pe.Err)
		}
		// The file's own line: encoding/csv skips blank lines, so counting
		// records would name the wrong row after one.
		line, _ = r.FieldPos(0)
		if err != nil {
			return nil, 0, fmt.Errorf("roster: read csv: %w", err)
		}
		return rec, line, nil
	}
	return &Table{Format: format, Next: next}
}

// delimiter guesses the separator from the first line.
func delimiter(text string) rune {
	first, _, _ := strings.Cut(text, "\n")
	best, n := ',', strings.Count(first, ",")
	for _, c := range []rune{'\t', ';'} {
		if k := strings.Count(first, string(c)); k > n {
			best, n = c, k
		}
	}
	return best
}

// readXLSX hands the worksheets to read until it accepts one. The zip's
// directory is checked against the unzipped-size limit before anything is
// inflated: Go's zip reader refuses a part that inflates beyond its declared
// size, so the declared sizes bound the work.
func readXLSX(data []byte, limits Limits, read func(*Table) error) error {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return apperr.New(apperr.Invalid, "无法打开 Excel 文件（文件可能已损坏或不是 .xlsx）")
	}
	var total uint64
	for _, zf := range zr.File {
		total += zf.UncompressedSize64
	}
	if limit := limits.MaxUnzipped; total > uint64(limit) {
		return apperr.New(apperr.Invalid, "Excel 文件解压后有 %s，超过了 %s 的上限，未读取：请删去无关的工作表和空白行，或分成几个文件导入",
			MiB(int64(min(total, 1<<62))), MiB(limit))
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: limits.MaxUnzipped})
	if err != nil {
		return apperr.New(apperr.Invalid, "无法打开 Excel 文件（文件可能已损坏或不是 .xlsx）")
	}
	defer f.Close()
	var firstErr error
	for _, sheet := range f.GetSheetList() {
		err := readSheet(f, zr, sheet, read)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = apperr.New(apperr.Invalid, "工作簿中没有工作表")
	}
	return firstErr
}

func readSheet(f *excelize.File, zr *zip.Reader, sheet string, read func(*Table) error) error {
	spans, err := sheetMerges(zr, sheet)
	if err != nil {
		return apperr.New(apperr.Invalid, "工作表“%s”无法读取（合并单元格）", sheet)
	}
	rows, err := f.Rows(sheet)
	if err != nil {
		return fmt.Errorf("roster: sheet %s: %w", sheet, err)
	}
	defer rows.Close()
	line := 0
	next := func() ([]string, int, error) {
		if !rows.Next() {
			if err := rows.Error(); err != nil {
				return nil, 0, apperr.New(apperr.Invalid, "工作表“%s”无法读取：%v", sheet, err)
			}
			return nil, 0, io.EOF
		}
		line++ // Next steps one row at a time, empty rows included
		cells, err := rows.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, 0, apperr.New(apperr.Invalid, "工作表“%s”第%d行无法读取", sheet, line)
		}
		return cells, line, nil
	}
	err = read(&Table{Format: "xlsx", Sheet: sheet, Next: next, spreadsheet: true, spans: spans})
	if e, ok := apperr.As(err); ok && len(f.GetSheetList()) > 1 {
		e.Message = "工作表“" + sheet + "”：" + e.Message
	}
	return err
}

// readRows finds the header among the first rows, then checks every data
// row: blank rows and footers (合计, 注) are skipped and reported, merged
// cells filled down, and reading stops at the row limit.
func readRows(res *Result, next func() ([]string, int, error), p *parser) error {
	if err := findHeader(res, next, p); err != nil {
		return err
	}
	res.RevenueColumn = p.l.name(Revenue)
	seen := map[string]int{}
	data := 0
	for {
		cells, line, err := next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if p.merges != nil {
			cells = p.merges.fill(res, cells, line)
		}
		if Blank(cells) {
			res.skip(line, "空行")
			continue
		}
		if why := p.footer(cells); why != "" {
			res.skip(line, why)
			continue
		}
		if data++; data > p.rules.Limits.MaxRows {
			return apperr.New(apperr.Invalid, "名录超过 %d 行的上限（读到第%d行时停止），未导入任何数据：请分成几个文件导入", p.rules.Limits.MaxRows, line)
		}
		p.countOnly = len(res.Rejected) == KeptRejected
		in, probs := p.row(cells)
		if first, dup := seen[in.CreditCode]; dup && in.CreditCode != "" {
			probs = append(probs, Problem{Column: p.l.name(CreditCode), Reason: fmt.Sprintf("与第%d行重复", first)})
		} else if in.CreditCode != "" {
			seen[in.CreditCode] = line
		}
		if len(probs) > 0 {
			res.reject(Rejected{Line: line, Problems: probs})
			continue
		}
		res.Rows = append(res.Rows, Row{Line: line, RosterInput: in})
	}
	p.checkUnit(res)
	return nil
}

// findHeader takes the first row, among the first headerSearch, that names
// every required column; titles above it are skipped. When there is none, the
// row that came closest says what is missing.
func findHeader(res *Result, next func() ([]string, int, error), p *parser) error {
	var closest *layout
	var closestLine int
	var closestErr error
	var titles []int
	for {
		cells, line, err := next()
		if err != nil && err != io.EOF {
			return err
		}
		if err == io.EOF || line > headerSearch {
			break
		}
		if Blank(cells) {
			continue
		}
		l, herr := matchHeader(cells, p.rules.RevenueUnit)
		if herr == nil {
			p.l, res.Header = l, line
			for _, c := range cells {
				res.Columns = append(res.Columns, strings.TrimSpace(c))
			}
			for _, t := range titles {
				res.skip(t, "表头前的标题或说明")
			}
			return nil
		}
		if l == nil { // a column named twice: this is the header, and it is wrong
			return apperr.New(apperr.Invalid, "表头（第%d行）：%s", line, herr.Error())
		}
		titles = append(titles, line)
		if closest == nil || l.found > closest.found {
			closest, closestLine, closestErr = l, line, herr
		}
	}
	if closest == nil {
		return apperr.New(apperr.Invalid, "文件中没有数据")
	}
	if closest.found == 0 {
		return apperr.New(apperr.Invalid, "找不到表头：前 %d 行中没有“统一社会信用代码”“企业名称”等列", headerSearch)
	}
	return apperr.New(apperr.Invalid, "表头（第%d行）%s", closestLine, closestErr.Error())
}

// Blank reports whether a row holds nothing but spaces.
func Blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// SkippedByReason groups the skipped rows by reason, for people:
// "空行 第7、9行", "合计行 第12行".
func SkippedByReason(res *Result) []string {
	var order []string
	lines := map[string][]string{}
	for _, s := range res.Skipped {
		if _, ok := lines[s.Reason]; !ok {
			order = append(order, s.Reason)
		}
		lines[s.Reason] = append(lines[s.Reason], strconv.Itoa(s.Line))
	}
	out := make([]string, len(order))
	for i, r := range order {
		out[i] = r + " 第" + strings.Join(lines[r], "、") + "行"
	}
	if res.SkippedCount > len(res.Skipped) {
		out = append(out, fmt.Sprintf("等，共 %d 行", res.SkippedCount))
	}
	return out
}
