package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"healthcheck/export"
	"healthcheck/models"
)

func runInvite(ctx context.Context, args []string, out io.Writer) error {
	fs := flag.NewFlagSet("invite", flag.ContinueOnError)
	dsn := dbFlag(fs)
	year := fs.Int("campaign", 0, "年度，如 2020")
	file := fs.String("out", "", "输出文件 .csv 或 .xlsx")
	reissue := fs.Bool("reissue", false, "为所有企业重新生成邀请码（旧码立即失效）")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *year == 0 || *file == "" {
		return fmt.Errorf("invite: --campaign and --out are required")
	}
	e, err := openEnv(ctx, *dsn, "", models.Options{})
	if err != nil {
		return err
	}
	defer e.store.Close()
	c, err := e.store.CampaignByYear(ctx, *year)
	if err != nil {
		return err
	}
	issued, err := e.store.IssueInvites(ctx, models.CityScope(), c.ID, *reissue)
	if err != nil {
		return err
	}
	if err := writeInvites(*file, issued, e.city.DistrictName); err != nil {
		return err
	}
	_ = e.store.Audit(ctx, "cli", "invites_issued", fmt.Sprint(c.Year), fmt.Sprintf("%d codes, reissue=%t", len(issued), *reissue))
	fmt.Fprintf(out, "已为 %d 家企业生成邀请码，写入 %s\n", len(issued), *file)
	return nil
}

// writeInvites writes codes for mail merge: CSV with the contract's header or
// an Excel book with Chinese headers. The file is created with mode 0600:
// it holds credentials.
func writeInvites(path string, issued []models.IssuedInvite, districtName func(string) string) error {
	f, err := os.OpenFile(filepath.Clean(path), os.O_CREATE|os.O_WRONLY|os.O_TRUNC, 0o600)
	if err != nil {
		return fmt.Errorf("invite: %w", err)
	}
	defer f.Close()
	var t export.Table
	if export.IsXLSX(path) {
		t = export.Table{Sheet: "邀请码", Header: []string{"统一社会信用代码", "企业名称", "所属区县", "区县代码", "邀请码"},
			Widths: []float64{22, 36, 10, 10, 18}}
		for _, iv := range issued {
			t.Rows = append(t.Rows, []any{iv.CreditCode, iv.Name, districtName(iv.District), iv.District, iv.Code})
		}
		err = export.WriteXLSX(f, t)
	} else {
		t = export.Table{Header: []string{"credit_code", "name", "district", "invite_code"}}
		for _, iv := range issued {
			t.Rows = append(t.Rows, []any{iv.CreditCode, iv.Name, iv.District, iv.Code})
		}
		err = export.WriteCSV(f, t)
	}
	if err != nil {
		return err
	}
	return f.Close()
}
