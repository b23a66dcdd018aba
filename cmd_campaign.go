package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"time"

	"healthcheck/app"
	"healthcheck/clock"
	"healthcheck/models"
)

func runCampaign(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("campaign: usage: campaign create --db D --year 2021 [--questionnaire ID] [--opens 2021-03-01] [--closes 2021-06-30] [--min-revenue-wan 10000]")
	}
	fs := flag.NewFlagSet("campaign create", flag.ContinueOnError)
	dsn := dbFlag(fs)
	var spec app.CampaignSpec
	fs.StringVar(&spec.Year, "year", "", "年度")
	fs.StringVar(&spec.QuestionnaireID, "questionnaire", "", "问卷版本（默认最新）")
	fs.StringVar(&spec.Opens, "opens", "", "开始日期 YYYY-MM-DD（默认该年 3 月 1 日）")
	fs.StringVar(&spec.Closes, "closes", "", "截止日期 YYYY-MM-DD，含当日（默认该年 6 月 30 日）")
	fs.StringVar(&spec.MinRevenueWan, "min-revenue-wan", "10000", "名录营业收入下限（万元）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e, err := openEnv(ctx, *dsn, "", models.Options{})
	if err != nil {
		return err
	}
	defer e.store.Close()
	c, err := e.useCases().Campaigns.Create(ctx, app.CommandLine.Actor(), spec)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "已创建 %d 年度体检（问卷 %s，%s 至 %s）\n", c.Year, c.QuestionnaireID,
		clock.Date(c.OpensAt), clock.Date(c.ClosesAt.Add(-time.Second)))
	return nil
}
