package export

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"runtime"
	"testing"
	"time"

	kflate "github.com/klauspost/compress/flate"
)

// sheetLike is n bytes of XML-like text, repetitive enough to compress as a
// sheet does, with random numbers so blocks differ.
func sheetLike(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, 1))
	var b bytes.Buffer
	for row := 1; b.Len() < n; row++ {
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>企业%d</t></is></c><c r="B%d"><v>%d.%02d</v></c></row>`,
			row, row, r.IntN(1e6), row, r.IntN(1e5), r.IntN(100))
	}
	return b.Bytes()[:n]
}

// TestBlockDeflaterZipsReadBack: parts of every size around the block
// boundary, written in uneven pieces, read back whole by archive/zip (which
// checks each part's CRC-32 and size), the large ones deflated on several
// goroutines, the book's parts one after the other through one deflater.
func TestBlockDeflaterZipsReadBack(t *testing.T) {
	sizes := []int{0, 1, 100, deflateWindow, deflateBlockSize - 1, deflateBlockSize, deflateBlockSize + 1,
		2*deflateBlockSize + deflateWindow, 7*deflateBlockSize + 12345, 10}
	var out bytes.Buffer
	zw := fastZip(&out)
	parts := make([][]byte, len(sizes))
	for i, n := range sizes {
		parts[i] = sheetLike(n, uint64(i))
		w, err := zw.Create(fmt.Sprintf("xl/part%d.xml", i))
		if err != nil {
			t.Fatal(err)
		}
		for p, step := parts[i], 1; len(p) > 0; step = (step*7 + 3) % 100003 {
			k := min(len(p), step%(3*deflateWindow)+1)
			if _, err := w.Write(p[:k]); err != nil {
				t.Fatalf("part %d: %v", i, err)
			}
			p = p[k:]
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(zr.File) != len(sizes) {
		t.Fatalf("%d parts, want %d", len(zr.File), len(sizes))
	}
	total := 0
	for i, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		got, err := io.ReadAll(rc) // a wrong CRC-32 fails here
		rc.Close()
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if !bytes.Equal(got, parts[i]) {
			t.Errorf("%s: %d bytes back, not the %d written", f.Name, len(got), len(parts[i]))
		}
		total += len(got)
	}
	if out.Len() > total/3 {
		t.Errorf("%d bytes packed into %d: the blocks do not compress", total, out.Len())
	}
}

// failAfter accepts n bytes, then fails.
type failAfter struct{ n int }

var errDisk = errors.New("disk full")

func (w *failAfter) Write(p []byte) (int, error) {
	if w.n < len(p) {
		return 0, errDisk
	}
	w.n -= len(p)
	return len(p), nil
}

// TestBlockDeflaterStopsOnAWriteError: a destination that fails stops the
// part with its error and leaves no goroutine behind; the deflater then
// packs the next part whole.
func TestBlockDeflaterStopsOnAWriteError(t *testing.T) {
	before := runtime.NumGoroutine()
	d := newBlockDeflater(1)
	w := d.reset(&failAfter{n: 1000})
	data := sheetLike(6*deflateBlockSize, 1)
	_, werr := w.Write(data)
	cerr := w.Close()
	if !errors.Is(werr, errDisk) && !errors.Is(cerr, errDisk) {
		t.Fatalf("write %v, close %v: the disk's error is lost", werr, cerr)
	}
	var ok bytes.Buffer
	w = d.reset(&ok)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(5 * time.Second); runtime.NumGoroutine() > before && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := runtime.NumGoroutine(); n > before {
		t.Errorf("%d goroutines left running", n-before)
	}
	got, err := io.ReadAll(flate.NewReader(&ok))
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("the part after the failed one: %d bytes back, %v", len(got), err)
	}
}

// BenchmarkDeflatePart packs a 32 MiB sheet-like part: one klauspost
// encoder on this goroutine (the baseline, as books were packed before),
// and the block deflater on every core.
func BenchmarkDeflatePart(b *testing.B) {
	data := sheetLike(32<<20, 7)
	serial, err := kflate.NewWriter(io.Discard, kflate.BestSpeed)
	if err != nil {
		b.Fatal(err)
	}
	blocks := newBlockDeflater(kflate.BestSpeed)
	for _, c := range []struct {
		name string
		pack func(w io.Writer) io.WriteCloser
	}{
		{"serial_baseline", func(w io.Writer) io.WriteCloser { serial.Reset(w); return serial }},
		{"blocks", func(w io.Writer) io.WriteCloser { return blocks.reset(w) }},
	} {
		b.Run(c.name, func(b *testing.B) {
			b.SetBytes(int64(len(data)))
			var n countWriter
			for b.Loop() {
				w := c.pack(&n)
				if _, err := w.Write(data); err != nil {
					b.Fatal(err)
				}
				if err := w.Close(); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(n)/float64(b.N)/float64(len(data)), "packed-ratio")
		})
	}
}

type countWriter int64

func (c *countWriter) Write(p []byte) (int, error) { *c += countWriter(len(p)); return len(p), nil }
