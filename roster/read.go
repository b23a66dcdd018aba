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
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
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
	Format   string // "xlsx", "CSV（UTF-8）", "CSV（GBK）" …
	Sheet    string // the worksheet read, for .xlsx
	Header   int    // the header's row number
	Columns  []string
	Rows     []Row
	Rejected []Rejected
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

// maxUnzipped bounds what an .xlsx may expand to, against zip bombs; a sheet
// of 500,000 firms is well below it.
const maxUnzipped = 1 << 30

// Read detects the file's format and encoding, finds the header and checks
// every data row. A file that cannot be read at all (wrong format, no
// header, a required column missing) is an apperr Invalid error; bad rows
// are in Result.Rejected.
func Read(data []byte, rules Rules) (*Result, error) {
	switch {
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return readXLSX(data, rules)
	case bytes.HasPrefix(data, []byte("\xd0\xcf\x11\xe0")):
		return nil, apperr.New(apperr.Invalid, "不支持 Excel 97-2003（.xls）或加密的工作簿：请在 Excel 中“另存为”.xlsx 或 CSV 后再导入")
	}
	text, format, err := decodeText(data)
	if err != nil {
		return nil, err
	}
	return readCSV(text, format, rules)
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

// readCSV reads comma-, tab- or semicolon-separated text.
func readCSV(text, format string, rules Rules) (*Result, error) {
	r := csv.NewReader(strings.NewReader(text))
	r.Comma = delimiter(text)
	r.FieldsPerRecord = -1
	r.LazyQuotes = true
	line := 0
	next := func() ([]string, int, error) {
		rec, err := r.Read()
		if err == io.EOF {
			return nil, 0, io.EOF
		}
		line++
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, apperr.New(apperr.Invalid, "第%d行：CSV 格式有误（%s）", line, pe.Err)
		}
		if err != nil {
			return nil, 0, fmt.Errorf("roster: read csv: %w", err)
		}
		return rec, line, nil
	}
	res := &Result{Format: format}
	return res, readRows(res, next, &parser{rules: rules})
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

// readXLSX reads the first worksheet that has a roster header.
func readXLSX(data []byte, rules Rules) (*Result, error) {
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{UnzipSizeLimit: maxUnzipped})
	if err != nil {
		return nil, apperr.New(apperr.Invalid, "无法打开 Excel 文件（文件可能已损坏或不是 .xlsx）")
	}
	defer f.Close()
	var firstErr error
	for _, sheet := range f.GetSheetList() {
		res, err := readSheet(f, sheet, rules)
		if err == nil {
			return res, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if firstErr == nil {
		firstErr = apperr.New(apperr.Invalid, "工作簿中没有工作表")
	}
	return nil, firstErr
}

func readSheet(f *excelize.File, sheet string, rules Rules) (*Result, error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return nil, fmt.Errorf("roster: sheet %s: %w", sheet, err)
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
	res := &Result{Format: "xlsx", Sheet: sheet}
	if err := readRows(res, next, &parser{rules: rules, spreadsheet: true}); err != nil {
		if e, ok := apperr.As(err); ok && len(f.GetSheetList()) > 1 {
			e.Message = "工作表“" + sheet + "”：" + e.Message
		}
		return nil, err
	}
	return res, nil
}

// readRows finds the header among the first rows, then checks every data
// row, skipping empty ones.
func readRows(res *Result, next func() ([]string, int, error), p *parser) error {
	if err := findHeader(res, next, p); err != nil {
		return err
	}
	seen := map[string]int{}
	for {
		cells, line, err := next()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if blank(cells) {
			continue
		}
		in, probs := p.row(cells)
		if first, dup := seen[in.CreditCode]; dup && in.CreditCode != "" {
			probs = append(probs, Problem{Column: p.l.name(CreditCode), Reason: fmt.Sprintf("与第%d行重复", first)})
		} else if in.CreditCode != "" {
			seen[in.CreditCode] = line
		}
		if len(probs) > 0 {
			res.Rejected = append(res.Rejected, Rejected{Line: line, Problems: probs})
			continue
		}
		res.Rows = append(res.Rows, Row{Line: line, RosterInput: in})
	}
}

// findHeader takes the first row, among the first headerSearch, that names
// every required column; titles above it are skipped. When there is none, the
// row that came closest says what is missing.
func findHeader(res *Result, next func() ([]string, int, error), p *parser) error {
	var closest *layout
	var closestLine int
	var closestErr error
	for {
		cells, line, err := next()
		if err != nil && err != io.EOF {
			return err
		}
		if err == io.EOF || line > headerSearch {
			break
		}
		if blank(cells) {
			continue
		}
		l, herr := matchHeader(cells)
		if herr == nil {
			p.l, res.Header = l, line
			for _, c := range cells {
				res.Columns = append(res.Columns, strings.TrimSpace(c))
			}
			return nil
		}
		if l == nil { // a column named twice: this is the header, and it is wrong
			return apperr.New(apperr.Invalid, "表头（第%d行）：%s", line, herr.Error())
		}
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

func blank(cells []string) bool {
	for _, c := range cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}
