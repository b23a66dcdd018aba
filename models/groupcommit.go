package models

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"sync"
	"sync/atomic"
)

// Group commit. Every save and submit of every firm is a write, and SQLite
// has one writer: each transaction waits for the one before it, and each
// commit waits for its fsync. Writes that arrive while a commit is under way
// therefore queue, and the committer runs all of them in the next single
// transaction, one savepoint each, paying for one fsync instead of one per
// firm. A write is acknowledged only once the transaction holding it has
// committed, so durability is unchanged; a write that fails rolls back to its
// savepoint and leaves the others in its batch untouched.

// maxBatch bounds how many writes share a transaction, so one batch cannot
// hold the writing connection for long.
const maxBatch = 64

// errClosed answers writes that arrive after the store was closed.
var errClosed = errors.New("models: store is closed")

type writeJob struct {
	ctx  context.Context
	fn   func(tx *hotTx) error
	done chan error // buffered: the committer never waits for the writer
}

// committer owns the hot path's transactions on the writing connection.
type committer struct {
	jobs    chan *writeJob // unbuffered: a job is either taken or never sent
	quit    chan struct{}
	stopped chan struct{}
	stop    sync.Once
	// waiting counts writers waiting for the committer to take their job
	// (the queue's depth), for tests and diagnosis.
	waiting atomic.Int64
}

func (s *Store) startCommitter() {
	s.commits = &committer{jobs: make(chan *writeJob), quit: make(chan struct{}), stopped: make(chan struct{})}
	go s.commitLoop()
}

// stopCommitter lets the batch under way finish, then refuses new writes.
func (s *Store) stopCommitter() {
	if s.commits == nil {
		return
	}
	s.commits.stop.Do(func() { close(s.commits.quit) })
	<-s.commits.stopped
}

// writeTx runs fn in a transaction on the writing connection, possibly
// together with other writers' functions, and returns once that transaction
// has committed (fn's error, if it failed, and nothing of fn is written).
func (s *Store) writeTx(ctx context.Context, fn func(tx *hotTx) error) error {
	if _, ok := inAtomic(ctx); ok {
		return errHotInTx
	}
	j := &writeJob{ctx: ctx, fn: fn, done: make(chan error, 1)}
	s.commits.waiting.Add(1)
	defer s.commits.waiting.Add(-1)
	select {
	case s.commits.jobs <- j:
	case <-ctx.Done():
		return ctx.Err()
	case <-s.commits.quit:
		return errClosed
	}
	// Once taken, the job is always answered, even if ctx ends meanwhile:
	// it may already be in a transaction about to commit.
	return <-j.done
}

func (s *Store) commitLoop() {
	defer close(s.commits.stopped)
	batch := make([]*writeJob, 0, maxBatch)
	for {
		select {
		case j := <-s.commits.jobs:
			batch = append(batch[:0], j)
			batch = s.gather(batch)
			s.commitBatch(batch)
		case <-s.commits.quit:
			return
		}
	}
}

// gather adds the writes already waiting, without waiting for more.
func (s *Store) gather(batch []*writeJob) []*writeJob {
	for len(batch) < maxBatch {
		select {
		case j := <-s.commits.jobs:
			batch = append(batch, j)
		default:
			return batch
		}
	}
	return batch
}

// commitBatch runs the batch's functions in one transaction, each inside its
// own savepoint, commits, and answers every writer.
func (s *Store) commitBatch(batch []*writeJob) {
	errs := make([]error, len(batch))
	err := s.inTx(func(tx *hotTx) error {
		for i, j := range batch {
			var err error
			errs[i], err = s.inSavepoint(tx, j)
			if err != nil {
				return err // the transaction itself is broken
			}
		}
		return nil
	})
	for i, j := range batch {
		if err != nil && errs[i] == nil {
			errs[i] = err
		}
		j.done <- errs[i]
	}
}

// inTx runs fn in one transaction and commits it. The transaction is not
// bound to any writer's context: one writer going away must not roll back
// the others.
func (s *Store) inTx(fn func(tx *hotTx) error) error {
	db, err := s.w.DB()
	if err != nil {
		return fmt.Errorf("models: writer: %w", err)
	}
	ctx := context.Background()
	sqlTx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("models: begin: %w", err)
	}
	tx := &hotTx{Tx: sqlTx}
	defer tx.Rollback() //nolint:errcheck // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("models: commit: %w", err)
	}
	s.prepare(ctx, db, tx.unprepared)
	return nil
}

// inSavepoint runs one writer's function inside a savepoint: on failure only
// its own changes are undone. jobErr is the writer's answer; err means the
// savepoint itself failed and the transaction cannot go on.
func (s *Store) inSavepoint(tx *hotTx, j *writeJob) (jobErr, err error) {
	if err := j.ctx.Err(); err != nil {
		return err, nil // the writer gave up before its turn
	}
	if _, err := tx.Exec("SAVEPOINT hot_write"); err != nil {
		return nil, fmt.Errorf("models: savepoint: %w", err)
	}
	if jobErr = j.run(tx); jobErr != nil {
		if _, err := tx.Exec("ROLLBACK TO SAVEPOINT hot_write"); err != nil {
			return jobErr, fmt.Errorf("models: roll back to savepoint: %w", err)
		}
	}
	if _, err := tx.Exec("RELEASE SAVEPOINT hot_write"); err != nil {
		return jobErr, fmt.Errorf("models: release savepoint: %w", err)
	}
	return jobErr, nil
}

// run calls the writer's function. It runs on the committer's goroutine, out
// of reach of the request's panic recovery, so a panic becomes the writer's
// error instead of ending the process.
func (j *writeJob) run(tx *hotTx) (err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("models: write panicked: %v\n%s", p, debug.Stack())
		}
	}()
	return j.fn(tx)
}
