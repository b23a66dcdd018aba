package app

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"healthcheck/models"
	"healthcheck/policies"
	"healthcheck/questionnaires"
	"healthcheck/reference"
)

// BureauData is what the bureau manages as data rather than code, built in
// and stored: the questionnaire editions, each year's support policies and
// the published reference figures. Every command and the server read them
// through these registries.
type BureauData struct {
	Defs      *questionnaires.Registry
	Policies  *policies.Registry
	Reference *reference.Registry
	// stamp is the stored files' digests read before they were loaded:
	// a file stored during the load is loaded again on the next look.
	stamp string
}

// bureauFileStore reads the files the bureau stored.
type bureauFileStore interface {
	QuestionnaireFiles(ctx context.Context) ([]models.QuestionnaireFile, error)
	PolicyFiles(ctx context.Context) ([]models.PolicyFile, error)
	ReferenceFiles(ctx context.Context) ([]models.ReferenceFile, error)
}

// LoadBureauData loads the built-in files and adds the ones the bureau
// stored. Policies are checked against every edition, so the editions come
// first. A stored file that no longer passes its check is an error, as a
// broken built-in one is: at start it stops the program.
func LoadBureauData(ctx context.Context, store bureauFileWatch) (BureauData, error) {
	stamp, err := store.BureauFilesStamp(ctx)
	if err != nil {
		return BureauData{}, err
	}
	defs, err := loadEditions(ctx, store)
	if err != nil {
		return BureauData{}, err
	}
	pol, err := loadPolicies(ctx, store, defs)
	if err != nil {
		return BureauData{}, err
	}
	ref, err := loadReference(ctx, store)
	if err != nil {
		return BureauData{}, err
	}
	return BureauData{Defs: defs, Policies: pol, Reference: ref, stamp: stamp}, nil
}

func loadEditions(ctx context.Context, store bureauFileStore) (*questionnaires.Registry, error) {
	reg, err := questionnaires.LoadEmbedded()
	if err != nil {
		return nil, err
	}
	files, err := store.QuestionnaireFiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		def, err := questionnaires.Parse([]byte(f.Content))
		if err != nil {
			return nil, fmt.Errorf("已录入的问卷版本 %s 无法使用：%w", f.ID, err)
		}
		if reg, err = reg.With(def); err != nil {
			return nil, err
		}
	}
	return reg, nil
}

func loadPolicies(ctx context.Context, store bureauFileStore, defs *questionnaires.Registry) (*policies.Registry, error) {
	reg, err := policies.LoadEmbedded(defs)
	if err != nil {
		return nil, err
	}
	files, err := store.PolicyFiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		set, err := policies.Check([]byte(f.Content), defs)
		if err != nil {
			return nil, fmt.Errorf("已录入的 %d 年度扶持政策无法使用：%w", f.Year, err)
		}
		reg = reg.With(set)
	}
	return reg, nil
}

func loadReference(ctx context.Context, store bureauFileStore) (*reference.Registry, error) {
	reg, err := reference.LoadEmbedded()
	if err != nil {
		return nil, err
	}
	files, err := store.ReferenceFiles(ctx)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		set, err := reference.Parse([]byte(f.Content))
		if err != nil {
			return nil, fmt.Errorf("已录入的 %d 年度参考数据无法使用：%w", f.Year, err)
		}
		reg = reg.With(set)
	}
	return reg, nil
}

// adopt makes d's registries hold what next's hold; everyone holding them
// sees the new files from then on.
func (d BureauData) adopt(next BureauData) {
	d.Defs.Adopt(next.Defs)
	d.Policies.Adopt(next.Policies)
	d.Reference.Adopt(next.Reference)
}

// bureauFileWatch is what watching the stored files reads.
type bureauFileWatch interface {
	bureauFileStore
	BureauFilesStamp(ctx context.Context) (string, error)
}

// WatchBureauData keeps the server's registries, as LoadBureauData made
// them, in step with the files the bureau stores while it runs: with
// `questionnaire add`, `policies add` or `reference add` on the command
// line, or on the 参考数据 page of another instance. Every interval it reads
// the stored files' digests (a few small rows) and, when they changed, loads
// everything again and swaps it in. A file that fails its check leaves the
// registries as they were and is logged; the commands check every file
// before they store it, so it means the database was changed by hand. It
// returns when ctx is done.
func WatchBureauData(ctx context.Context, store bureauFileWatch, live BureauData, interval time.Duration, log *slog.Logger) {
	last := live.stamp
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		stamp, err := RefreshBureauData(ctx, store, live, last)
		if ctx.Err() != nil {
			return
		}
		if err != nil {
			log.Warn("bureau data files: not reloaded", "err", err)
			continue
		}
		if stamp != last {
			log.Info("bureau data files reloaded: editions, policies and reference figures stored since are in use")
			last = stamp
		}
	}
}

// RefreshBureauData loads the stored files again and swaps them into live
// when their digests differ from seen; it returns the digests now stored,
// or seen when nothing was swapped.
func RefreshBureauData(ctx context.Context, store bureauFileWatch, live BureauData, seen string) (string, error) {
	stamp, err := store.BureauFilesStamp(ctx)
	if err != nil || stamp == seen {
		return seen, err
	}
	next, err := LoadBureauData(ctx, store)
	if err != nil {
		return seen, err
	}
	live.adopt(next)
	return next.stamp, nil
}
