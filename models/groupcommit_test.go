package models

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"
)

// openWithRows opens a store with a table of unique strings to write.
func openWithRows(t *testing.T) *Store {
	t.Helper()
	s := openTest(t)
	if err := s.w.Exec(`CREATE TABLE gc_rows (v TEXT NOT NULL UNIQUE)`).Error; err != nil {
		t.Fatal(err)
	}
	return s
}

// holdCommitter makes the committer run a write that waits for release, so
// the writes sent meanwhile queue and are committed together afterwards.
func holdCommitter(t *testing.T, s *Store) (release func(), held <-chan error) {
	t.Helper()
	running, gate := make(chan struct{}), make(chan struct{})
	done := make(chan error, 1)
	go func() {
		done <- s.writeTx(context.Background(), func(tx *hotTx) error {
			close(running)
			<-gate
			_, err := tx.Exec(`INSERT INTO gc_rows (v) VALUES ('held')`)
			return err
		})
	}()
	<-running
	return func() { close(gate) }, done
}

// waitQueued waits until n writers are waiting for the committer.
func waitQueued(t *testing.T, s *Store, n int64) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for s.commits.waiting.Load() < n {
		if time.Now().After(deadline) {
			t.Fatalf("%d writers queued, want %d", s.commits.waiting.Load(), n)
		}
		time.Sleep(time.Millisecond)
	}
}

func gcRows(t *testing.T, s *Store) map[string]bool {
	t.Helper()
	var vs []string
	if err := s.r.Raw(`SELECT v FROM gc_rows`).Scan(&vs).Error; err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for _, v := range vs {
		out[v] = true
	}
	return out
}

// Writes that queue behind a commit share the next transaction; a write that
// fails or panics in it leaves nothing behind and takes none of the others
// with it.
func TestGroupCommitIsolatesAFailedWrite(t *testing.T) {
	s := openWithRows(t)
	release, held := holdCommitter(t, s)
	const writers = 8
	errs := make([]error, writers)
	txs := make([]*hotTx, writers)
	var wg sync.WaitGroup
	for i := range writers {
		wg.Go(func() {
			errs[i] = s.writeTx(context.Background(), func(tx *hotTx) error {
				txs[i] = tx
				if _, err := s.exec(context.Background(), tx, `INSERT INTO gc_rows (v) VALUES (?)`, fmt.Sprint("w", i)); err != nil {
					return err
				}
				switch {
				case i == 1:
					panic("writer 1 breaks") // after writing: must be undone, and not end the process
				case i%2 == 1:
					return fmt.Errorf("writer %d refuses", i) // after writing: must be undone
				}
				return nil
			})
		})
	}
	waitQueued(t, s, writers)
	release()
	wg.Wait()
	if err := <-held; err != nil {
		t.Fatalf("held write: %v", err)
	}
	rows := gcRows(t, s)
	for i := range writers {
		wantOK := i%2 == 0
		if (errs[i] == nil) != wantOK || rows[fmt.Sprint("w", i)] != wantOK {
			t.Errorf("writer %d: err %v, row written %v; want success %v", i, errs[i], rows[fmt.Sprint("w", i)], wantOK)
		}
		if txs[i] != txs[0] {
			t.Errorf("writer %d ran in another transaction than writer 0: the queued writes were not batched", i)
		}
	}
	if !rows["held"] {
		t.Error("the held write is missing")
	}
}

// A writer that gives up while queued gets its context's error, and nothing
// it would have written is written.
func TestGroupCommitSkipsAWriterThatGaveUp(t *testing.T) {
	s := openWithRows(t)
	release, held := holdCommitter(t, s)
	ctx, cancel := context.WithCancel(context.Background())
	got := make(chan error, 1)
	go func() {
		got <- s.writeTx(ctx, func(tx *hotTx) error {
			_, err := tx.Exec(`INSERT INTO gc_rows (v) VALUES ('gave up')`)
			return err
		})
	}()
	waitQueued(t, s, 1)
	cancel()
	if err := <-got; !errors.Is(err, context.Canceled) {
		t.Fatalf("writer that gave up: %v, want context.Canceled", err)
	}
	release()
	if err := <-held; err != nil {
		t.Fatal(err)
	}
	if rows := gcRows(t, s); rows["gave up"] || !rows["held"] {
		t.Fatalf("rows %v: want only the held write", rows)
	}
}

// After Close a write is refused instead of waiting forever.
func TestGroupCommitRefusesWritesAfterClose(t *testing.T) {
	s := openTest(t)
	s.Close()
	err := s.writeTx(context.Background(), func(*hotTx) error { return nil })
	if !errors.Is(err, errClosed) {
		t.Fatalf("write after close: %v, want errClosed", err)
	}
}
