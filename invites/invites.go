// Package invites writes freshly issued invitation codes in the forms the
// bureau sends them out: a CSV (UTF-8 with BOM, the contract's header
// credit_code,name,district,invite_code) or an Excel book with Chinese
// headers for mail merge, and printable letters, one A4 page per firm. Codes
// are stored hashed, so these outputs are made only at the moment of issue;
// the command line and the invitations page share them.
package invites

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"healthcheck/city"
	"healthcheck/clock"
	"healthcheck/export"
	"healthcheck/models"
	"healthcheck/views"
)

// Formats of an issue's output.
const (
	CSV     = "csv"
	XLSX    = "xlsx"
	Letters = "html"
)

// FormatOf is the format a file name asks for: .xlsx, .html/.htm, else CSV.
func FormatOf(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".xlsx":
		return XLSX
	case ".html", ".htm":
		return Letters
	}
	return CSV
}

// Output is where and how issued codes are written.
type Output struct {
	Format   string
	Campaign *models.Campaign
	City     *city.Config
	Views    *views.Views // for letters
	LoginURL string       // for letters: the platform's login page
}

// Write writes the codes in o's format.
func (o Output) Write(w io.Writer, issued []models.IssuedInvite) error {
	switch o.Format {
	case XLSX:
		t := export.Table{Sheet: "邀请码", Header: []string{"统一社会信用代码", "企业名称", "所属区县", "区县代码", "邀请码"},
			Widths: []float64{22, 36, 10, 10, 18}}
		for _, iv := range issued {
			t.Rows = append(t.Rows, []any{iv.CreditCode, iv.Name, o.City.DistrictName(iv.District), iv.District, iv.Code})
		}
		return export.WriteXLSX(w, t)
	case Letters:
		return o.letters(w, issued)
	case CSV:
		t := export.Table{Header: []string{"credit_code", "name", "district", "invite_code"}}
		for _, iv := range issued {
			t.Rows = append(t.Rows, []any{iv.CreditCode, iv.Name, iv.District, iv.Code})
		}
		return export.WriteCSV(w, t)
	}
	return fmt.Errorf("invites: unknown format %q", o.Format)
}

func (o Output) letters(w io.Writer, issued []models.IssuedInvite) error {
	if o.LoginURL == "" || o.Views == nil {
		return fmt.Errorf("invites: letters need the login address and the views")
	}
	c := o.Campaign
	l := views.Letters{Campaign: views.LettersCampaign{Year: c.Year, Title: c.Title}, LoginURL: o.LoginURL,
		Opens: clock.Date(c.OpensAt), Closes: clock.Date(c.ClosesAt.Add(-time.Second))}
	for _, iv := range issued {
		l.Letters = append(l.Letters, views.Letter{Name: iv.Name, CreditCode: iv.CreditCode, District: iv.District, Code: iv.Code})
	}
	return o.Views.RenderLetters(w, l)
}

// ContentType is the HTTP type of a format.
func ContentType(format string) string {
	switch format {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case Letters:
		return "text/html; charset=utf-8"
	}
	return "text/csv; charset=utf-8"
}

var formatNames = map[string]string{CSV: " CSV 文件", XLSX: " Excel 文件", Letters: "邀请函"}

// Detail describes an issue for the audit log.
func Detail(n int, reissue bool, format string) string {
	what := "为尚无邀请码的企业生成"
	if reissue {
		what = "重新生成（旧码失效）"
	}
	return fmt.Sprintf("%s %d 个，输出为%s", what, n, formatNames[format])
}
