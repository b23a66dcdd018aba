package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"

	"healthcheck/demo"
	"healthcheck/models"
)

func runDemo(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("demo", flag.ContinueOnError)
	dsn := dbFlag(fs)
	firms := fs.Int("firms", 1750, "企业数（0 表示只建空的年度体检）")
	seed := fs.Int64("seed", 1, "随机种子：相同种子生成相同数据")
	responded := fs.Float64("responded", demo.DefaultResponded, "已提交企业比例")
	years := fs.String("years", "2020", "年度，逗号分隔，如 2019,2020")
	if err := fs.Parse(args); err != nil {
		return err
	}
	ys, err := parseYears(*years)
	if err != nil {
		return err
	}
	if *responded < 0 || *responded > 1 {
		return fmt.Errorf("demo: --responded must be between 0 and 1")
	}
	if *responded == 0 {
		*responded = -1 // the flag's 0 means none; Options' 0 means the default
	}
	e, err := openEnv(ctx, *dsn, "", models.Options{})
	if err != nil {
		return err
	}
	defer e.store.Close()
	sum, err := demo.Generate(ctx, e.store, e.data.Defs, e.city, demo.Options{Firms: *firms, Seed: *seed, Responded: *responded, Years: ys})
	if err != nil {
		return err
	}
	printDemo(out, sum)
	return nil
}

func parseYears(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		y, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || y < 2000 || y > 2100 {
			return nil, fmt.Errorf("demo: --years: %q is not a year", part)
		}
		out = append(out, y)
	}
	return out, nil
}

// printDemo shows what was generated and the logins, once.
func printDemo(out io.Writer, s *demo.Summary) {
	for _, c := range s.Campaigns {
		fmt.Fprintf(out, "%d 年度：%d 家企业，已提交 %d，填报中 %d\n", c.Year, c.Firms, c.Submitted, c.Drafts)
	}
	if p := s.Pending; p != nil {
		fmt.Fprintf(out, "企业登录（未提交，可试填问卷）：统一社会信用代码 %s，邀请码 %s（%s）\n", p.CreditCode, p.InviteCode, p.Name)
	}
	if p := s.Submitted; p != nil {
		fmt.Fprintf(out, "企业登录（已提交，可查看体检报告）：统一社会信用代码 %s，邀请码 %s（%s）\n", p.CreditCode, p.InviteCode, p.Name)
	}
	for _, a := range s.Accounts {
		fmt.Fprintf(out, "账号 %-16s 密码 %s（%s %s）\n", a.Username, a.Password, a.Role, a.District)
	}
	fmt.Fprintln(out, "以上密码和邀请码只显示这一次，请妥善保存。")
}
