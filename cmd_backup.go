package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

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
	if strings.HasPrefix(*dsn, "postgres://") || strings.HasPrefix(*dsn, "postgresql://") {
		return fmt.Errorf("backup: for PostgreSQL use its own tool, e.g. pg_dump --format=custom --file=%s \"$HC_DB\"", *dest)
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
