package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"healthcheck/invites"
	"healthcheck/models"
	"healthcheck/views"
)

func runInvite(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	dsn := dbFlag(fs)
	year := fs.Int("campaign", 0, "年度，如 2020")
	file := fs.String("out", "", "输出文件：.csv、.xlsx（邮件合并）或 .html（可打印的邀请函）")
	reissue := fs.Bool("reissue", false, "为所有企业重新生成邀请码（旧码立即失效）")
	publicURL := fs.String("public-url", envOr("HC_PUBLIC_URL", ""), "企业访问平台的地址，如 https://tijian.example.gov.cn（.html 必填，登录地址为其 /login），环境变量 HC_PUBLIC_URL")
	loginURL := fs.String("url", "", "邀请函上的完整登录地址（旧参数，可用 --public-url 代替）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year == 0 || *file == "" {
		return fmt.Errorf("invite: --campaign and --out are required")
	}
	format := invites.FormatOf(*file)
	if format == invites.Letters {
		if *loginURL == "" && *publicURL != "" {
			*loginURL = strings.TrimRight(*publicURL, "/") + "/login"
		}
		if *loginURL == "" {
			return fmt.Errorf("invite: 打印邀请函（.html）须给出企业访问平台的地址：--public-url https://…（或环境变量 HC_PUBLIC_URL）；导出 .csv 或 .xlsx 则不需要")
		}
		if err := checkPublicURL(*loginURL); err != nil {
			return fmt.Errorf("invite: %w", err)
		}
	}
	e, c, err := openCampaign(ctx, *dsn, *year)
	if err != nil {
		return err
	}
	defer e.store.Close()
	v, err := views.New(e.city)
	if err != nil {
		return err
	}
	// The file holds credentials (mode 0600). It is opened before the codes
	// are issued, so a path that cannot be written issues nothing.
	f, err := os.OpenFile(filepath.Clean(*file), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	defer f.Close()
	issued, err := e.store.IssueInvites(ctx, models.CityScope(), c.ID, *reissue)
	if err != nil {
		return err
	}
	o := invites.Output{Format: format, Campaign: c, City: e.city, Views: v, LoginURL: *loginURL}
	if err := o.Write(f, issued); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	_ = e.store.Audit(ctx, "cli", "invites_issued", fmt.Sprint(c.Year), invites.Detail(len(issued), *reissue, format))
	fmt.Fprintf(out, "已为 %d 家企业生成邀请码，写入 %s\n", len(issued), *file)
	return nil
}
