// Command healthcheck runs the city's annual digital-transformation health
// check of its manufacturing enterprises: the web platform (serve) and the
// bureau's command-line tools.
//
//	healthcheck [serve] --addr :8080 --db healthcheck.db [--demo]
//	healthcheck demo --db D --firms 1750 --seed 1 [--responded 0.85] [--years 2019,2020]
//	healthcheck campaign create --db D --year 2021 [--questionnaire ID] [--opens 2021-03-01] [--closes 2021-06-30]
//	healthcheck import --db D --campaign 2020 [--skip-invalid] [--dry-run] FILE.xlsx|FILE.csv
//	healthcheck invite --db D --campaign 2020 --out FILE.csv|.xlsx|.html [--reissue] [--url URL]
//	healthcheck user add --db D --username U --role bureau|district [--district 330481] --password-stdin
//	healthcheck report --db D --campaign 2020 --out DIR
//	healthcheck backup --db D --out FILE
//	healthcheck questionnaire check FILE | add --db D [--replace] FILE | list --db D | export --db D ID
//	healthcheck reference check FILE | add --db D [--replace] FILE | list --db D
//	healthcheck policies check [--db D] FILE | add --db D [--replace] FILE | list --db D
//	healthcheck providers check|import --db D FILE | list --db D
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"healthcheck/apperr"
)

// command is one subcommand: it parses its own flags.
type command struct {
	name, usage string
	run         func(ctx context.Context, args []string, out io.Writer) error
}

func commands() []command {
	return []command{
		{"serve", "运行平台（默认）", runServe},
		{"demo", "生成演示数据", runDemo},
		{"campaign", "年度体检：campaign create", runCampaign},
		{"import", "导入企业名录", runImport},
		{"invite", "生成邀请码", runInvite},
		{"user", "管理账号：user add", runUser},
		{"report", "生成年度报告（HTML、Excel、summary.json、answers.csv 和 answers.xlsx）", runReport},
		{"backup", "在线备份数据库", runBackup},
		{"questionnaire", "问卷版本：questionnaire check | add | list | export", runQuestionnaire},
		{"policies", "扶持政策：policies check | add | list", runPolicies},
		{"providers", "服务商名录：providers check | import | list", runProviders},
		{"reference", "参考数据（公开发布的两化融合数据）：reference check | add | list", runReference},
	}
}

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, nil)))
	ownerOnlyFiles()
	if err := dispatch(ctx, os.Args[1:], os.Stdout); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(os.Stderr, "healthcheck:", describe(err))
		os.Exit(1)
	}
}

func dispatch(ctx context.Context, args []string, out io.Writer) error {
	name := "serve"
	if len(args) > 0 && len(args[0]) > 0 && args[0][0] != '-' {
		name, args = args[0], args[1:]
	}
	for _, c := range commands() {
		if c.name == name {
			return c.run(ctx, args, out)
		}
	}
	var b []byte
	for _, c := range commands() {
		b = fmt.Appendf(b, "  %-9s %s\n", c.name, c.usage)
	}
	return fmt.Errorf("unknown command %q; commands:\n%s", name, b)
}

// describe shows an application error's message and fields to a person.
func describe(err error) string {
	e, ok := apperr.As(err)
	if !ok {
		return err.Error()
	}
	s := e.Message
	for k, v := range e.Fields {
		s += fmt.Sprintf("\n  %s: %s", k, v)
	}
	return s
}

// envOr is a flag default read from the environment (HC_ADDR, HC_DB).
func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

// dbFlag adds the common --db flag.
func dbFlag(fs *flag.FlagSet) *string {
	return fs.String("db", envOr("HC_DB", "healthcheck.db"), "SQLite 数据库文件，或 PostgreSQL 数据库地址 postgres://用户@主机/库名，环境变量 HC_DB")
}
