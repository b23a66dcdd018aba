// Package zipbomb writes an .xlsx whose one worksheet inflates to a chosen
// size — a gigabyte of identical rows in about a megabyte — for tests that
// show a reader's work stays bounded. The book is built cheaply: one chunk of
// rows is compressed once and its deflate blocks repeated (every chunk sees
// the same 32 KB of history, identical rows, so each copy inflates alike);
// nothing of the inflated size is ever held in memory.
package zipbomb

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"strings"
)

// Row is the sheet's one repeated row: a text cell, then a number.
const Row = `<row><c t="inlineStr"><is><t>x</t></is></c><c><v>1</v></c></row>`

const (
	sheetHead = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` +
		`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>`
	sheetTail = `</sheetData></worksheet>`
	chunkRows = 1 << 14 // ~1 MB of rows, well over deflate's 32 KB window
)

var parts = []struct{ name, body string }{
	{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
		`<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
		`<Default Extension="xml" ContentType="application/xml"/>` +
		`<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
		`<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`},
	{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
	{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
		`xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`},
	{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`},
}

// XLSX writes the book to w; its sheet inflates to at least size bytes
// (rounded up to a whole chunk of rows) and begins with a row of the header's
// cells, if any. It returns the sheet's inflated size and its number of
// repeated rows.
func XLSX(w io.Writer, size int64, header ...string) (inflated, rows int64, err error) {
	zw := zip.NewWriter(w)
	for _, p := range parts {
		f, err := zw.Create(p.name)
		if err != nil {
			return 0, 0, fmt.Errorf("zipbomb: %w", err)
		}
		if _, err := io.WriteString(f, p.body); err != nil {
			return 0, 0, fmt.Errorf("zipbomb: %w", err)
		}
	}
	head := sheetHead + headerRow(header)
	chunk := bytes.Repeat([]byte(Row), chunkRows)
	copies := max(1, (size-int64(len(head)+len(sheetTail))+int64(len(chunk))-1)/int64(len(chunk)))
	first, repeat, last, err := blocks(head, chunk)
	if err != nil {
		return 0, 0, err
	}
	crc := crc32.Update(0, crc32.IEEETable, []byte(head))
	for i := int64(0); i < copies; i++ {
		crc = crc32.Update(crc, crc32.IEEETable, chunk)
	}
	crc = crc32.Update(crc, crc32.IEEETable, []byte(sheetTail))
	inflated = int64(len(head)+len(sheetTail)) + copies*int64(len(chunk))
	hdr := &zip.FileHeader{Name: "xl/worksheets/sheet1.xml", Method: zip.Deflate, CRC32: crc,
		CompressedSize64:   uint64(len(first)+len(last)) + uint64(copies-1)*uint64(len(repeat)),
		UncompressedSize64: uint64(inflated)}
	raw, err := zw.CreateRaw(hdr)
	if err != nil {
		return 0, 0, fmt.Errorf("zipbomb: %w", err)
	}
	if _, err := raw.Write(first); err != nil {
		return 0, 0, fmt.Errorf("zipbomb: %w", err)
	}
	for i := int64(1); i < copies; i++ {
		if _, err := raw.Write(repeat); err != nil {
			return 0, 0, fmt.Errorf("zipbomb: %w", err)
		}
	}
	if _, err := raw.Write(last); err != nil {
		return 0, 0, fmt.Errorf("zipbomb: %w", err)
	}
	return inflated, copies * chunkRows, zw.Close()
}

// blocks compresses the head with one chunk (first), a chunk as it follows
// another (repeat), and the tail (last, closing the stream).
func blocks(head string, chunk []byte) (first, repeat, last []byte, err error) {
	var buf bytes.Buffer
	fw, err := flate.NewWriter(&buf, flate.BestCompression)
	if err != nil {
		return nil, nil, nil, err
	}
	step := func(data ...[]byte) ([]byte, error) {
		for _, d := range data {
			if _, err := fw.Write(d); err != nil {
				return nil, err
			}
		}
		if err := fw.Flush(); err != nil {
			return nil, err
		}
		out := bytes.Clone(buf.Bytes())
		buf.Reset()
		return out, nil
	}
	if first, err = step([]byte(head), chunk); err != nil {
		return nil, nil, nil, fmt.Errorf("zipbomb: %w", err)
	}
	if repeat, err = step(chunk); err != nil {
		return nil, nil, nil, fmt.Errorf("zipbomb: %w", err)
	}
	if _, err := fw.Write([]byte(sheetTail)); err != nil {
		return nil, nil, nil, fmt.Errorf("zipbomb: %w", err)
	}
	if err := fw.Close(); err != nil {
		return nil, nil, nil, fmt.Errorf("zipbomb: %w", err)
	}
	return first, repeat, buf.Bytes(), nil
}

func headerRow(cells []string) string {
	if len(cells) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString("<row>")
	for _, c := range cells {
		b.WriteString(`<c t="inlineStr"><is><t>`)
		_ = xml.EscapeText(&b, []byte(c))
		b.WriteString(`</t></is></c>`)
	}
	b.WriteString("</row>")
	return b.String()
}
