package export

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"sync"

	"github.com/klauspost/compress/flate"
)

// A book's largest part (the national answers sheet, some 1.5 GB of XML) is
// deflated after its rows are written, when the rows' goroutines are done:
// on one goroutine that was a tail of several seconds with the other core
// idle. blockDeflater splits a part into blocks and deflates them on several
// goroutines, as pgzip does for gzip: each block ends with a sync flush (so
// the next starts on a byte boundary) and the last with the final block,
// each is primed with the 32 KiB before it (deflate's window, so matches
// still reach back across a block's start), and the blocks are written out
// in order. The zip writer around it computes the part's CRC and sizes over
// the uncompressed bytes as for any compressor.

const (
	// deflateBlockSize is how much of a part one goroutine deflates at a
	// time; a part no larger is deflated on the caller's goroutine.
	deflateBlockSize = 1 << 20
	// deflateWindow is deflate's window: a block's dictionary is this much
	// of the data before it.
	deflateWindow = 32 << 10
	// maxDeflaters bounds the goroutines (and the blocks in memory) of one
	// part, whatever the number of processors.
	maxDeflaters = 4
)

// block is one block of a part: its data, the window before it, and, once
// deflated, its compressed bytes.
type block struct {
	in, dict []byte
	last     bool
	out      bytes.Buffer
	err      error
	done     chan struct{} // one send per deflation
}

// deflate compresses in into dst with enc, primed with dict (the data
// before in, empty at a part's start), ending with a sync flush or, last, the
// final block. enc's dictionary is always set anew: Reset alone would
// reuse the last one.
func deflate(enc *flate.Writer, dst io.Writer, in, dict []byte, last bool) error {
	enc.ResetDict(dst, dict)
	if _, err := enc.Write(in); err != nil {
		return fmt.Errorf("export: deflate: %w", err)
	}
	var err error
	if last {
		err = enc.Close()
	} else {
		err = enc.Flush()
	}
	if err != nil {
		return fmt.Errorf("export: deflate: %w", err)
	}
	return nil
}

// blockDeflater is a book's compressor (an io.WriteCloser for the zip),
// reset for each part: the zip writes one part at a time. Its encoders (one
// per goroutine) and blocks are made once and reused part after part: a new
// klauspost writer per part allocated a third of a city report's memory.
// Write and Close run on the zip's goroutine, which alone writes to dst.
type blockDeflater struct {
	level int
	enc   []*flate.Writer
	free  []*block
	dst   io.Writer
	cur   *block
	queue []*block    // handed to the workers, in the part's order
	jobs  chan *block // nil until the part outgrows one block
	wg    sync.WaitGroup
	err   error
}

func newBlockDeflater(level int) *blockDeflater {
	return &blockDeflater{level: level, enc: make([]*flate.Writer, max(1, min(runtime.GOMAXPROCS(0), maxDeflaters)))}
}

// reset starts a part written to dst.
func (d *blockDeflater) reset(dst io.Writer) *blockDeflater {
	d.stop()
	for _, b := range d.queue { // left by a part that failed: deflated, never written
		<-b.done
		d.free = append(d.free, b)
	}
	if d.cur != nil {
		d.free = append(d.free, d.cur)
	}
	d.dst, d.cur, d.queue, d.err = dst, nil, d.queue[:0], nil
	return d
}

// encoder is the i-th encoder, made on first use.
func (d *blockDeflater) encoder(i int) (*flate.Writer, error) {
	if d.enc[i] == nil {
		w, err := flate.NewWriter(io.Discard, d.level)
		if err != nil {
			return nil, fmt.Errorf("export: deflater: %w", err)
		}
		d.enc[i] = w
	}
	return d.enc[i], nil
}

func (d *blockDeflater) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 && d.err == nil {
		if d.cur == nil {
			d.cur = d.newBlock(nil)
		} else if len(d.cur.in) == deflateBlockSize {
			d.dispatch()
			continue
		}
		c := copy(d.cur.in[len(d.cur.in):deflateBlockSize], p)
		d.cur.in, p = d.cur.in[:len(d.cur.in)+c], p[c:]
	}
	if d.err != nil {
		d.stop()
		return 0, d.err
	}
	return n, nil
}

// Close deflates what is left: on this goroutine for a part of one block,
// as the last block otherwise; then writes every block out in order.
func (d *blockDeflater) Close() error {
	defer d.stop()
	if d.err != nil {
		return d.err
	}
	if d.cur == nil {
		d.cur = d.newBlock(nil)
	}
	if d.jobs == nil {
		enc, err := d.encoder(0)
		if err != nil {
			return err
		}
		return deflate(enc, d.dst, d.cur.in, d.cur.dict, true)
	}
	d.cur.last = true
	d.dispatch()
	for len(d.queue) > 0 && d.err == nil {
		d.writeOldest()
	}
	return d.err
}

// dispatch hands the current block to the workers (starting them for the
// part's first) and starts the next block with its window.
func (d *blockDeflater) dispatch() {
	if d.jobs == nil && !d.start() {
		return
	}
	b := d.cur
	d.jobs <- b
	d.queue = append(d.queue, b)
	d.cur = nil
	if !b.last {
		d.cur = d.newBlock(b.in[len(b.in)-deflateWindow:])
	}
}

// start runs one worker per encoder.
func (d *blockDeflater) start() bool {
	d.jobs = make(chan *block, len(d.enc))
	for i := range d.enc {
		enc, err := d.encoder(i)
		if err != nil {
			d.err = err
			return false
		}
		d.wg.Add(1)
		go d.work(enc)
	}
	return true
}

func (d *blockDeflater) work(enc *flate.Writer) {
	defer d.wg.Done()
	for b := range d.jobs {
		b.out.Reset()
		b.err = deflate(enc, &b.out, b.in, b.dict, b.last)
		b.done <- struct{}{}
	}
}

// newBlock is an empty block primed with dict; when as many blocks as
// workers and one more are in flight, the oldest is written out first and
// reused, which bounds the memory (about 2 MiB a block).
func (d *blockDeflater) newBlock(dict []byte) *block {
	if len(d.queue) > len(d.enc) {
		d.writeOldest()
	}
	var b *block
	if n := len(d.free); n > 0 {
		b, d.free = d.free[n-1], d.free[:n-1]
	} else {
		b = &block{in: make([]byte, 0, deflateBlockSize), done: make(chan struct{}, 1)}
	}
	b.in, b.last, b.dict = b.in[:0], false, append(b.dict[:0], dict...)
	return b
}

// writeOldest waits for the oldest block in flight and writes it out.
func (d *blockDeflater) writeOldest() {
	b := d.queue[0]
	<-b.done
	d.queue = d.queue[1:]
	if d.err = b.err; d.err == nil {
		if _, err := b.out.WriteTo(d.dst); err != nil {
			d.err = fmt.Errorf("export: write deflated block: %w", err)
		}
	}
	d.free = append(d.free, b)
}

// stop ends the workers once they have deflated what they were handed, so
// none is left behind by a part that failed.
func (d *blockDeflater) stop() {
	if d.jobs != nil {
		close(d.jobs)
		d.wg.Wait()
		d.jobs = nil
	}
}
