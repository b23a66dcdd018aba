// Package xlsxpart finds the parts of an .xlsx book in its zip, for readers
// that stream a sheet's XML themselves instead of letting excelize parse it
// whole: the roster import's merged ranges, a benchmark's row count.
package xlsxpart

import (
	"archive/zip"
	"encoding/xml"
	"fmt"
	"io"
	"path"
	"strings"
)

// Sheet finds a sheet's part through the workbook and its relationships;
// nil when the workbook does not say.
func Sheet(zr *zip.Reader, sheet string) (*zip.File, error) {
	var wb struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			RID  string `xml:"id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := decode(zr, "xl/workbook.xml", &wb); err != nil {
		return nil, err
	}
	if err := decode(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	for _, s := range wb.Sheets {
		if s.Name != sheet {
			continue
		}
		for _, r := range rels.Rels {
			if r.ID != s.RID {
				continue
			}
			name := path.Join("xl", r.Target)
			if strings.HasPrefix(r.Target, "/") {
				name = strings.TrimPrefix(r.Target, "/")
			}
			return Find(zr, name), nil
		}
	}
	return nil, nil
}

// smallPartLimit bounds the small parts read whole (workbook, relations).
const smallPartLimit = 8 << 20

func decode(zr *zip.Reader, name string, v any) error {
	f := Find(zr, name)
	if f == nil {
		return nil
	}
	rc, err := f.Open()
	if err != nil {
		return fmt.Errorf("xlsx: open %s: %w", name, err)
	}
	defer rc.Close()
	if err := xml.NewDecoder(io.LimitReader(rc, smallPartLimit)).Decode(v); err != nil {
		return fmt.Errorf("xlsx: read %s: %w", name, err)
	}
	return nil
}

// Find is the part of that name, matched as Excel does: case aside, and
// with the backslashes some writers use.
func Find(zr *zip.Reader, name string) *zip.File {
	for _, f := range zr.File {
		if strings.EqualFold(strings.ReplaceAll(f.Name, `\`, "/"), name) {
			return f
		}
	}
	return nil
}
