package stats

import (
	"context"
	"runtime"
	"sync"

	"healthcheck/analysis"
	"healthcheck/models"
)

// Stream passes a campaign's firms in scope that match f to fn, decoded as
// statistics read them (FirmOf), in no particular order. Snapshots and the
// annual report both read firms through it, so their figures agree.
func Stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return stream(ctx, store, scope, campaignID, f, models.Unordered, fn)
}

// StreamByPlace is Stream in the order of a work list: district, industry,
// credit code.
func StreamByPlace(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter,
	fn func(*analysis.Firm) error) error {
	return stream(ctx, store, scope, campaignID, f, models.ByPlace, fn)
}

// batchSize is how many rows one decoding job takes.
const batchSize = 256

// batch is a run of rows on their way to fn: decoded by a worker, handed on
// in the order they were read.
type batch struct {
	rows  []models.FirmRow
	firms []*analysis.Firm
	err   error
	done  chan struct{}
}

// stream reads rows on the calling goroutine's behalf in one goroutine,
// decodes their stored results in parallel (decoding JSON is most of a
// snapshot's time) and calls fn on the calling goroutine in read order, so
// fn needs no locking and the order stays the database's.
func stream(ctx context.Context, store *models.Store, scope models.Scope, campaignID int64, f models.FirmFilter, order string,
	fn func(*analysis.Firm) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	workers := max(1, runtime.GOMAXPROCS(0))
	queue := make(chan *batch, 2*workers) // in read order, for fn
	jobs := make(chan *batch, 2*workers)  // for the decoders
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for b := range jobs {
				b.decode()
			}
		}()
	}
	readErr := make(chan error, 1)
	go func() {
		defer close(queue)
		defer close(jobs)
		cur := &batch{done: make(chan struct{})}
		send := func() bool {
			select {
			case queue <- cur:
			case <-ctx.Done():
				return false
			}
			jobs <- cur
			cur = &batch{done: make(chan struct{})}
			return true
		}
		err := store.EachScored(ctx, scope, campaignID, f, order, func(r *models.FirmRow) error {
			cur.rows = append(cur.rows, *r)
			if len(cur.rows) == batchSize && !send() {
				return ctx.Err()
			}
			return nil
		})
		if err == nil && len(cur.rows) > 0 {
			send()
		}
		readErr <- err
	}()
	var err error
	for b := range queue {
		<-b.done
		if err != nil {
			continue // drain, so the reader and decoders finish
		}
		if err = b.err; err != nil {
			cancel()
			continue
		}
		for _, firm := range b.firms {
			if err = fn(firm); err != nil {
				cancel()
				break
			}
		}
	}
	wg.Wait()
	if rerr := <-readErr; err == nil {
		err = rerr
	}
	return err
}

func (b *batch) decode() {
	defer close(b.done)
	b.firms = make([]*analysis.Firm, len(b.rows))
	for i := range b.rows {
		firm, err := FirmOf(&b.rows[i])
		if err != nil {
			b.err = err
			return
		}
		b.firms[i] = firm
	}
}
