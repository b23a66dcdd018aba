package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"healthcheck/city"
	"healthcheck/models"
	"healthcheck/roster"
	"healthcheck/survey"
)

// maxRosterFile bounds what import reads: a province's 500,000 firms as CSV
// are well under it.
const maxRosterFile = 256 << 20

func runImport(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("import", flag.ContinueOnError)
	dsn := dbFlag(fs)
	year := fs.Int("campaign", 0, "年度，如 2020")
	skip := fs.Bool("skip-invalid", false, "有不符合要求的行时，只导入正确的行（默认一行不导入）")
	dryRun := fs.Bool("dry-run", false, "与导入做完全相同的检查，显示将新增、变更的企业，但不写入（退出状态与导入相同）")
	unit := fs.String("revenue-unit", "", "按此单位（元、千元、万元、亿元）读取营业收入，不论表头写的是什么")
	confirm := fs.Bool("confirm", false, "存疑的数据（单位、与上年相差十倍的营业收入）已核对无误，照此导入")
	template := fs.String("template", "", "写出名录模板（.xlsx）到此文件后退出")
	files, err := parseWithOperands(fs, args)
	if err != nil {
		return err
	}
	if *template != "" {
		return writeRosterTemplate(*template, out)
	}
	if *year == 0 || len(files) != 1 {
		return fmt.Errorf("import: usage: import --db D --campaign 2020 [--skip-invalid] [--dry-run] [--revenue-unit 万元] [--confirm] FILE.xlsx|FILE.csv; import --template FILE.xlsx")
	}
	data, err := readLimited(files[0], maxRosterFile)
	if err != nil {
		return err
	}
	e, c, err := openCampaign(ctx, *dsn, *year)
	if err != nil {
		return err
	}
	defer e.store.Close()
	im := &roster.Importer{Store: e.store, Survey: survey.New(e.store, e.data.Defs), City: e.city, Limits: roster.CLILimits}
	res, diff, err := im.Import(ctx, roster.Request{Campaign: c, Data: data, Actor: "cli",
		Source: filepath.Base(files[0]), SkipInvalid: *skip, RevenueUnit: *unit, Confirm: *confirm, DryRun: *dryRun})
	if res != nil {
		printResult(out, res, *confirm)
	}
	if err != nil {
		return err
	}
	verb := "已"
	if *dryRun {
		verb = "将"
		fmt.Fprintf(out, "试导入（--dry-run）：检查通过，未写入任何数据。\n")
	}
	if res.RejectedCount > 0 {
		fmt.Fprintf(out, "%s跳过 %d 行不符合要求的数据。\n", verb, res.RejectedCount)
	}
	if !*dryRun {
		fmt.Fprintf(out, "已导入 %d 年度名录（%s，%d 行）。\n", c.Year, res.Format, len(res.Rows))
	}
	printDiff(out, e, diff, verb)
	return nil
}

// printResult lists what the read found: refused rows one line each, the
// rows skipped and the merged cells filled, and the doubts with how to
// settle them.
func printResult(out io.Writer, res *roster.Result, confirmed bool) {
	for _, r := range res.Rejected {
		fmt.Fprintln(out, r.String())
	}
	if more := res.RejectedCount - len(res.Rejected); more > 0 {
		fmt.Fprintf(out, "另有 %d 行被拒绝，未逐行列出。\n", more)
	}
	if res.SkippedCount > 0 {
		fmt.Fprintf(out, "跳过 %d 行（不是企业）：%s。\n", res.SkippedCount, strings.Join(roster.SkippedByReason(res), "；"))
	}
	for _, f := range res.Filled {
		fmt.Fprintln(out, f.String()+"。")
	}
	if res.HeldCount == 0 {
		return
	}
	for _, h := range res.Held {
		fmt.Fprintln(out, "存疑 "+h.String())
	}
	if more := res.HeldCount - len(res.Held); more > 0 {
		fmt.Fprintf(out, "另有 %d 处存疑，未逐条列出。\n", more)
	}
	if confirmed {
		return
	}
	for _, h := range res.Held {
		if h.Unit != "" {
			fmt.Fprintf(out, "如单位应为%s，请加 --revenue-unit %s 重新导入。\n", h.Unit, h.Unit)
		}
	}
	fmt.Fprintln(out, "核对无误、确需照此导入时，请加 --confirm。")
}

// writeRosterTemplate writes the roster template for the city's districts.
func writeRosterTemplate(path string, out io.Writer) error {
	cfg, err := city.Load("")
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := roster.WriteTemplate(&buf, cfg); err != nil {
		return err
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("import: write template: %w", err)
	}
	fmt.Fprintf(out, "已写出名录模板：%s\n", path)
	return nil
}

// changesShown is how many changed firms the summary lists one by one.
const changesShown = 50

func printDiff(out io.Writer, e *env, d *models.RosterDiff, verb string) {
	fmt.Fprintf(out, "%s新增 %d 家，%s变更 %d 家，未变 %d 家", verb, d.Added, verb, d.Changed, d.Unchanged)
	if d.Kept > 0 {
		fmt.Fprintf(out, "；名录中另有 %d 家本文件未列出，保持不变", d.Kept)
	}
	fmt.Fprintln(out, "。")
	shown := 0
	for _, it := range d.Items {
		if it.Kind != models.RosterChanged {
			continue
		}
		if shown == changesShown {
			fmt.Fprintf(out, "  ……其余 %d 家变更从略\n", d.Changed-shown)
			break
		}
		var parts []string
		for _, ch := range it.Changes {
			parts = append(parts, fmt.Sprintf("%s %s → %s", models.RosterFieldLabels[ch.Field],
				roster.Describe(e.city, ch.Field, ch.Old), roster.Describe(e.city, ch.Field, ch.New)))
		}
		fmt.Fprintf(out, "  变更 %s %s：%s\n", it.CreditCode, it.Name, strings.Join(parts, "；"))
		shown++
	}
}

// parseWithOperands parses flags given before or after the operands
// ("import FILE --campaign 2020" as well as "import --campaign 2020 FILE").
func parseWithOperands(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return operands, nil
		}
		operands = append(operands, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readLimited reads a whole file, refusing one larger than max.
func readLimited(path string, max int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, max+1))
	if err != nil {
		return nil, fmt.Errorf("import: read %s: %w", path, err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("import: %s is larger than %d MiB", path, max>>20)
	}
	return data, nil
}
