package zipbomb

import (
	"archive/zip"
	"bytes"
	"io"
	"strings"
	"testing"
)

// TestInflatesToWhatItSays builds a small bomb and inflates its sheet: the
// bytes are rows as declared, the CRC holds (the zip reader checks it at the
// end), and the file is a small fraction of its inflated size.
func TestInflatesToWhatItSays(t *testing.T) {
	var buf bytes.Buffer
	inflated, rows, err := XLSX(&buf, 8<<20)
	if err != nil {
		t.Fatal(err)
	}
	if inflated < 8<<20 || buf.Len() > int(inflated/200) {
		t.Fatalf("inflates to %d from %d bytes", inflated, buf.Len())
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name != "xl/worksheets/sheet1.xml" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		if err != nil {
			t.Fatalf("inflate: %v", err)
		}
		if int64(len(data)) != inflated || int64(strings.Count(string(data), Row)) != rows || !strings.HasSuffix(string(data), "</worksheet>") {
			t.Fatalf("%d bytes, %d rows; want %d bytes, %d rows", len(data), strings.Count(string(data), Row), inflated, rows)
		}
		return
	}
	t.Fatal("no sheet")
}
