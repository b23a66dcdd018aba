package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"healthcheck/app"
	"healthcheck/apperr"
	"healthcheck/invites"
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
	f, err := openCredentialFile(*file)
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	defer f.Close()
	which := app.InviteNew
	if *reissue {
		which = app.InviteAll
	}
	uc := e.useCases().Invitations
	issued, err := uc.Issue(ctx, app.CommandLine, c, which, "", format)
	if apperr.Is(err, apperr.Conflict) {
		err = fmt.Errorf("invite: %d 年度所有企业都已有邀请码，未生成新码；如需全部重新生成（旧码立即失效），加 --reissue", c.Year)
	}
	if err != nil {
		f.discard()
		return err
	}
	if err := f.Truncate(0); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	if err := uc.Write(f, format, c, v, *loginURL, issued); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	fmt.Fprintf(out, "已为 %d 家企业生成邀请码，写入 %s\n", len(issued), *file)
	return nil
}

// credentialFile is where issued codes go (mode 0600). It is opened before
// the codes are issued, so a path that cannot be written issues nothing,
// and emptied (Truncate) only once they are, so a refused issue leaves an
// earlier file of letters as it was.
type credentialFile struct {
	*os.File
	created bool
}

func openCredentialFile(path string) (*credentialFile, error) {
	path = filepath.Clean(path)
	_, err := os.Stat(path)
	created := errors.Is(err, fs.ErrNotExist)
	f, err := os.OpenFile(path, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return nil, err
	}
	return &credentialFile{File: f, created: created}, nil
}

// discard closes the file after nothing was issued, and removes it when this
// command made it, so no empty file is left behind.
func (f *credentialFile) discard() {
	f.File.Close()
	if f.created {
		os.Remove(f.Name())
	}
}
