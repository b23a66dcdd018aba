package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"flag"
	"fmt"
	"io"
	"os"

	"healthcheck/clock"
	"healthcheck/models"
)

// The data files the bureau adds without a new build (questionnaire
// editions, policies, reference figures) share their commands' shape:
// check FILE, add --db D [--replace] FILE, list --db D.

// subcommand is one verb of a data-file command.
type subcommand func(ctx context.Context, args []string, out io.Writer) error

// runSubcommand runs the verb args[0] names, or fails with the usage.
func runSubcommand(ctx context.Context, args []string, out io.Writer, usage string, verbs map[string]subcommand) error {
	if len(args) > 0 {
		if run, ok := verbs[args[0]]; ok {
			return run(ctx, args[1:], out)
		}
	}
	return fmt.Errorf("%s", usage)
}

// readDataFile reads the one file argument of a check or add and parses it
// with parse, which checks it: what add would store, it refuses exactly as
// check does.
func readDataFile[T any](fs *flag.FlagSet, usage string, parse func([]byte) (T, error)) ([]byte, T, error) {
	var zero T
	if fs.NArg() != 1 {
		return nil, zero, fmt.Errorf("%s", usage)
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return nil, zero, fmt.Errorf("读取 %s：%w", fs.Arg(0), err)
	}
	v, err := parse(b)
	if err != nil {
		return nil, zero, fmt.Errorf("%s 未通过检查：%w", fs.Arg(0), err)
	}
	return b, v, nil
}

// storedByKey indexes stored files by their key, for the list commands.
func storedByKey[K comparable, T any](files []T, key func(*T) (K, *models.BureauFile)) map[K]*models.BureauFile {
	out := map[K]*models.BureauFile{}
	for i := range files {
		k, f := key(&files[i])
		out[k] = f
	}
	return out
}

// bureauFile is a file as the command line adds it.
func bureauFile(b []byte) models.BureauFile {
	sum := sha256.Sum256(b)
	return models.BureauFile{Content: string(b), SHA256: hex.EncodeToString(sum[:]), AddedBy: "cli"}
}

// fileSource says where a data file came from, for the list commands.
func fileSource(f *models.BureauFile) string {
	if f == nil {
		return "内置"
	}
	return fmt.Sprintf("录入于 %s（%s，sha256 %.12s）", clock.Date(f.AddedAt), f.AddedBy, f.SHA256)
}

// parseAndOpen parses a command's flags and opens the environment of its
// --db; the caller closes e.store.
func parseAndOpen(ctx context.Context, fs *flag.FlagSet, dsn *string, args []string) (*env, error) {
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	return openEnv(ctx, *dsn, "", models.Options{})
}
