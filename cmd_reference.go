package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"healthcheck/app"
	"healthcheck/models"
	"healthcheck/reference"
)

const referenceUsage = `reference: usage:
  reference check FILE.yaml                        检查一个年度的参考数据文件（公开发布的两化融合数据），不写入
  reference add --db D [--replace] FILE.yaml       检查并录入（同一年度已录入的，须加 --replace 才替换）
  reference list --db D                            列出各年度的参考数据：内置或录入、条数、来源`

var referenceKind = &dataKind[*reference.Set]{
	name:  "reference",
	usage: referenceUsage,
	// A file is checked against the editions of the database (add, check
	// --db) or the built-in ones (check): the indicators it compares with.
	parse: func(b []byte, e *env) (*reference.Set, error) {
		set, err := reference.Parse(b)
		if err != nil {
			return nil, err
		}
		return set, set.CheckCompare(e.data.Defs.HasIndicator)
	},
	describe: func(set *reference.Set) string {
		return fmt.Sprintf("%d 年度参考数据 %d 条", set.Year, len(set.Figures))
	},
	store: func(ctx context.Context, e *env, b []byte, _ *reference.Set, replace bool) (string, error) {
		if _, err := e.useCases().DataFiles.AddReference(ctx, app.CommandLine.Actor(), b, replace); err != nil {
			return "", err
		}
		return "将列入该年度报告的“参考”栏。", nil
	},
	verbs: map[string]subcommand{"list": onDB(referenceList)},
}

func runReference(ctx context.Context, args []string, out io.Writer) error {
	return referenceKind.run(ctx, args, out)
}

func referenceList(ctx context.Context, e *env, _ []string, out io.Writer) error {
	files, err := e.store.ReferenceFiles(ctx)
	if err != nil {
		return err
	}
	added := storedByKey(files, func(f *models.ReferenceFile) (int, *models.BureauFile) { return f.Year, &f.BureauFile })
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "年度\t条数\t出处\t来源")
	for _, set := range e.data.Reference.Sets() {
		if set.City == e.city.Code {
			fmt.Fprintf(w, "%d\t%d\t%s\t%s\n", set.Year, len(set.Figures), set.Sources()[0], fileSource(added[set.Year]))
		}
	}
	return w.Flush()
}
