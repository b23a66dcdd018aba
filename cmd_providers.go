package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"healthcheck/app"
	"healthcheck/roster"
)

const providersUsage = `providers: usage:
  providers check --db D FILE      检查服务商名录文件（.xlsx 或 CSV），不写入
  providers import --db D FILE     检查并导入：替换现有的服务商名录；有任何一行不合格则不导入
  providers list --db D            列出服务商名录`

func runProviders(ctx context.Context, args []string, out io.Writer) error {
	return runSubcommand(ctx, args, out, providersUsage, map[string]subcommand{
		"check": func(ctx context.Context, args []string, out io.Writer) error {
			return providersImport(ctx, args, out, true)
		},
		"import": func(ctx context.Context, args []string, out io.Writer) error {
			return providersImport(ctx, args, out, false)
		},
		"list": providersList})
}

// providersImport checks a register file and, unless dryRun, imports it.
// Any rejected row is listed and fails the command, writing nothing.
func providersImport(ctx context.Context, args []string, out io.Writer, dryRun bool) error {
	fs := flag.NewFlagSet("providers", flag.ContinueOnError)
	e, err := parseAndOpen(ctx, fs, dbFlag(fs), args)
	if err != nil {
		return err
	}
	defer e.store.Close()
	if fs.NArg() != 1 {
		return fmt.Errorf("%s", providersUsage)
	}
	name := fs.Arg(0)
	b, err := os.ReadFile(name)
	if err != nil {
		return fmt.Errorf("读取 %s：%w", name, err)
	}
	res, imported, err := app.NewProviders(e.store, e.data.Defs, e.city).Import(ctx, "cli", name, b, roster.CLILimits, dryRun)
	if err != nil {
		return fmt.Errorf("%s：%w", name, err)
	}
	if res.RejectedCount > 0 {
		for _, r := range res.Rejected {
			fmt.Fprintln(out, r.String())
		}
		if more := res.RejectedCount - len(res.Rejected); more > 0 {
			fmt.Fprintf(out, "……另有 %d 行不合格\n", more)
		}
		return fmt.Errorf("%s：%d 行不合格，未导入任何服务商", name, res.RejectedCount)
	}
	if !imported {
		fmt.Fprintf(out, "通过：%s（%s），%d 家服务商\n", name, res.Format, len(res.Providers))
		return nil
	}
	fmt.Fprintf(out, "已导入：%d 家服务商，替换了原有的服务商名录\n", len(res.Providers))
	return nil
}

func providersList(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("providers list", flag.ContinueOnError)
	e, err := parseAndOpen(ctx, fs, dbFlag(fs), args)
	if err != nil {
		return err
	}
	defer e.store.Close()
	p := app.NewProviders(e.store, e.data.Defs, e.city)
	list, err := p.List(ctx)
	if err != nil {
		return err
	}
	kinds, err := p.Kinds(ctx)
	if err != nil {
		return err
	}
	label := map[string]string{}
	for _, k := range kinds {
		label[k.Value] = k.Label
	}
	w := tabwriter.NewWriter(out, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "服务商\t服务内容\t服务区县\t认定")
	for _, pr := range list {
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", pr.Name, joinMapped(pr.Services, func(v string) string { return label[v] }),
			joinMapped(pr.Districts, e.city.DistrictName), map[bool]string{true: "是", false: "否"}[pr.Certified])
	}
	fmt.Fprintf(w, "共 %d 家\n", len(list))
	return w.Flush()
}

func joinMapped(xs []string, f func(string) string) string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = f(x)
	}
	return strings.Join(out, "、")
}
