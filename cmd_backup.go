package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os/exec"

	"healthcheck/app"
	"healthcheck/models"
)

func runBackup(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	dsn := dbFlag(fs)
	dest := fs.String("out", "", "备份文件路径，如 backups/healthcheck-2021-03-01.db")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dest == "" {
		return fmt.Errorf("backup: usage: backup --db D --out FILE")
	}
	if models.IsPostgres(*dsn) {
		return pgDumpAdvice(*dest)
	}
	store, err := models.Open(ctx, *dsn, models.Options{}) // a backup needs neither editions nor the city
	if err != nil {
		return err
	}
	defer store.Close()
	// A backup holds every firm's answers: like any export it is logged
	// first, and refused when it cannot be.
	if err := store.Audit(ctx, app.CommandLine.Actor(), "backup", *dest, ""); err != nil {
		return fmt.Errorf("backup: record it in the audit log: %w", err)
	}
	if err := store.Backup(ctx, *dest); err != nil {
		return err
	}
	fmt.Fprintf(out, "已备份到 %s\n", *dest)
	return nil
}

// pgDumpAdvice answers a backup of a PostgreSQL database: its own tool takes
// a consistent copy while the server runs, so the command says how, and
// whether that tool is installed here.
func pgDumpAdvice(dest string) error {
	how := fmt.Sprintf("PostgreSQL 数据库请用 pg_dump 备份：pg_dump --format=custom --file=%s \"$HC_DB\"（恢复用 pg_restore）", dest)
	if _, err := exec.LookPath("pg_dump"); err != nil {
		return fmt.Errorf("backup: %s；本机未找到 pg_dump，请先安装 PostgreSQL 客户端（Debian：apt-get install postgresql-client）", how)
	}
	return fmt.Errorf("backup: %s", how)
}
