package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"healthcheck/app"
	"healthcheck/city"
	"healthcheck/clock"
	"healthcheck/models"
	"healthcheck/questionnaires"
)

// The data files the bureau adds without a new build (questionnaire
// editions, policies, reference figures) share their commands' shape:
// check [--db D] FILE, add --db D [--replace] FILE, list --db D. A kind
// says how its files are checked, described and stored; the verbs are
// written once.

// dataKind is one kind of data file.
type dataKind[T any] struct {
	name  string // the command: "policies"
	usage string
	// parse checks a file against the environment: the database's
	// (editions the bureau stored) when there is one, else the built-in.
	parse    func(b []byte, e *env) (T, error)
	describe func(T) string
	// store keeps a checked file with its audit line and says what the
	// bureau gets from it.
	store func(ctx context.Context, e *env, b []byte, v T, replace bool) (string, error)
	// verbs beyond check and add: list, export.
	verbs map[string]subcommand
}

// subcommand is one verb of a data-file command.
type subcommand func(ctx context.Context, args []string, out io.Writer) error

func (k *dataKind[T]) run(ctx context.Context, args []string, out io.Writer) error {
	verbs := map[string]subcommand{"check": k.check, "add": k.add}
	for name, v := range k.verbs {
		verbs[name] = v
	}
	return runSubcommand(ctx, args, out, k.usage, verbs)
}

// check checks a file and writes nothing; with --db it checks against what
// that database holds.
func (k *dataKind[T]) check(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(k.name+" check", flag.ContinueOnError)
	dsn := fs.String("db", "", "数据库（可选）：对照其中已录入的问卷版本等数据检查")
	if err := fs.Parse(args); err != nil {
		return err
	}
	e, err := builtinEnv()
	if *dsn != "" {
		e, err = openEnv(ctx, *dsn, "", models.Options{})
	}
	if err != nil {
		return err
	}
	if e.store != nil {
		defer e.store.Close()
	}
	_, v, err := k.read(fs, e)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "通过：%s\n", k.describe(v))
	return nil
}

// add checks a file exactly as check does and stores it.
func (k *dataKind[T]) add(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet(k.name+" add", flag.ContinueOnError)
	dsn := dbFlag(fs)
	replace := fs.Bool("replace", false, "替换已录入的同一文件（问卷版本：仅当尚无企业按它填报）")
	e, err := parseAndOpen(ctx, fs, dsn, args)
	if err != nil {
		return err
	}
	defer e.store.Close()
	b, v, err := k.read(fs, e)
	if err != nil {
		return err
	}
	what, err := k.store(ctx, e, b, v, *replace)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已录入：%s。%s\n", k.describe(v), what)
	return nil
}

// read reads the one file argument and checks it.
func (k *dataKind[T]) read(fs *flag.FlagSet, e *env) ([]byte, T, error) {
	var zero T
	if fs.NArg() != 1 {
		return nil, zero, fmt.Errorf("%s", k.usage)
	}
	b, err := os.ReadFile(fs.Arg(0))
	if err != nil {
		return nil, zero, fmt.Errorf("读取 %s：%w", fs.Arg(0), err)
	}
	v, err := k.parse(b, e)
	if err != nil {
		return nil, zero, fmt.Errorf("%s 未通过检查：%w", fs.Arg(0), err)
	}
	return b, v, nil
}

// onDB is a verb that takes --db and arguments: fn runs on the database's
// environment with the arguments left after the flags.
func onDB(fn func(ctx context.Context, e *env, args []string, out io.Writer) error) subcommand {
	return func(ctx context.Context, args []string, out io.Writer) error {
		fs := flag.NewFlagSet("", flag.ContinueOnError)
		e, err := parseAndOpen(ctx, fs, dbFlag(fs), args)
		if err != nil {
			return err
		}
		defer e.store.Close()
		return fn(ctx, e, fs.Args(), out)
	}
}

// runSubcommand runs the verb args[0] names, or fails with the usage.
func runSubcommand(ctx context.Context, args []string, out io.Writer, usage string, verbs map[string]subcommand) error {
	if len(args) > 0 {
		if run, ok := verbs[args[0]]; ok {
			return run(ctx, args[1:], out)
		}
	}
	return fmt.Errorf("%s", usage)
}

// builtinEnv is the environment of a check without a database: the
// built-in editions and the default city.
func builtinEnv() (*env, error) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		return nil, err
	}
	return &env{data: app.BureauData{Defs: defs}, city: city.Default()}, nil
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
	return models.NewBureauFile(b, app.CommandLine.Actor())
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
