package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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
	dryRun := fs.Bool("dry-run", false, "只检查并显示将新增、变更的企业，不写入")
	files, err := parseWithOperands(fs, args)
	if err != nil {
		return err
	}
	if *year == 0 || len(files) != 1 {
		return fmt.Errorf("import: usage: import --db D --campaign 2020 [--skip-invalid] [--dry-run] FILE.xlsx|FILE.csv")
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
	im := &roster.Importer{Store: e.store, Survey: survey.New(e.store, e.defs), City: e.city}
	if *dryRun {
		res, diff, err := im.Check(ctx, c, data)
		if err != nil {
			return err
		}
		printRejected(out, res)
		printDiff(out, e, diff, "将")
		return nil
	}
	res, diff, err := im.Import(ctx, roster.Request{Campaign: c, Data: data, Actor: "cli",
		Source: filepath.Base(files[0]), SkipInvalid: *skip})
	if res != nil {
		printRejected(out, res)
	}
	if err != nil {
		return err
	}
	if len(res.Rejected) > 0 {
		fmt.Fprintf(out, "已跳过 %d 行不符合要求的数据。\n", len(res.Rejected))
	}
	fmt.Fprintf(out, "已导入 %d 年度名录（%s，%d 行）。\n", c.Year, res.Format, len(res.Rows))
	printDiff(out, e, diff, "已")
	return nil
}

// printRejected lists the refused rows, one line each.
func printRejected(out io.Writer, res *roster.Result) {
	for _, r := range res.Rejected {
		fmt.Fprintln(out, r.String())
	}
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
