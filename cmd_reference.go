package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"text/tabwriter"

	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/reference"
)

const referenceUsage = `reference: usage:
  reference check FILE.yaml                        检查一个年度的参考数据文件（公开发布的两化融合数据），不写入
  reference add --db D [--replace] FILE.yaml       检查并录入（同一年度已录入的，须加 --replace 才替换）
  reference list --db D                            列出各年度的参考数据：内置或录入、条数、来源`

func runReference(ctx context.Context, args []string, out io.Writer) error {
	return runSubcommand(ctx, args, out, referenceUsage, map[string]subcommand{
		"check": referenceCheck, "add": referenceAdd, "list": referenceList})
}

// readReferenceFile reads and checks the one file argument.
func readReferenceFile(fs *flag.FlagSet) ([]byte, *reference.Set, error) {
	return readDataFile(fs, referenceUsage, reference.Parse)
}

func referenceCheck(_ context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("reference check", flag.ContinueOnError)
	if err := fs.Parse(args); err != nil {
		return err
	}
	_, set, err := readReferenceFile(fs)
	if err != nil {
		return err
	}
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		return err
	}
	// Without a database only the built-in editions are known; add checks
	// against the editions the bureau added too.
	if err := set.CheckCompare(defs.HasIndicator); err != nil {
		return err
	}
	fmt.Fprintf(out, "通过：%d 年度参考数据 %d 条\n", set.Year, len(set.Figures))
	return nil
}

func referenceAdd(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("reference add", flag.ContinueOnError)
	dsn := dbFlag(fs)
	replace := fs.Bool("replace", false, "替换同一年度已录入的参考数据")
	e, err := parseAndOpen(ctx, fs, dsn, args)
	if err != nil {
		return err
	}
	defer e.store.Close()
	b, set, err := readReferenceFile(fs)
	if err != nil {
		return err
	}
	if set.City != e.city.Code {
		return fmt.Errorf("文件是 %s 的参考数据，本平台的城市是 %s（%s）", set.City, e.city.Code, e.city.Name)
	}
	if err := set.CheckCompare(e.defs.HasIndicator); err != nil {
		return err
	}
	if err := e.store.PutReferenceFile(ctx, models.ReferenceFile{Year: set.Year, BureauFile: bureauFile(b)}, *replace); err != nil {
		return err
	}
	fmt.Fprintf(out, "已录入：%d 年度参考数据 %d 条，将列入该年度报告的“参考”栏。\n", set.Year, len(set.Figures))
	return nil
}

func referenceList(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("reference list", flag.ContinueOnError)
	e, err := parseAndOpen(ctx, fs, dbFlag(fs), args)
	if err != nil {
		return err
	}
	defer e.store.Close()
	files, err := e.store.ReferenceFiles(ctx)
	if err != nil {
		return err
	}
	added := storedByKey(files, func(f *models.ReferenceFile) (int, *models.BureauFile) { return f.Year, &f.BureauFile })
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "年度\t条数\t出处\t来源")
	for _, set := range e.reference.Sets() {
		if set.City == e.city.Code {
			fmt.Fprintf(w, "%d\t%d\t%s\t%s\n", set.Year, len(set.Figures), set.Sources()[0], fileSource(added[set.Year]))
		}
	}
	return w.Flush()
}

// withStoredReference adds the reference files the bureau stored to the
// built-in ones.
func withStoredReference(ctx context.Context, store *models.Store) (*reference.Registry, error) {
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
