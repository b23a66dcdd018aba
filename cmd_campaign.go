package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strconv"
	"time"

	"healthcheck/models"
	"healthcheck/questionnaires"
	"healthcheck/survey"
)

func runCampaign(ctx context.Context, args []string, out io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return fmt.Errorf("campaign: usage: campaign create --db D --year 2021 [--questionnaire ID] [--opens 2021-03-01] [--closes 2021-06-30] [--min-revenue-wan 10000]")
	}
	fs := flag.NewFlagSet("campaign create", flag.ContinueOnError)
	dsn := dbFlag(fs)
	year := fs.Int("year", 0, "年度")
	qid := fs.String("questionnaire", "", "问卷版本（默认最新）")
	opens := fs.String("opens", "", "开始日期 YYYY-MM-DD（默认该年 3 月 1 日）")
	closes := fs.String("closes", "", "截止日期 YYYY-MM-DD，含当日（默认该年 6 月 30 日）")
	minRev := fs.String("min-revenue-wan", "10000", "名录营业收入下限（万元）")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	e, err := openEnv(ctx, *dsn, "", models.Options{})
	if err != nil {
		return err
	}
	defer e.store.Close()
	c, err := campaignFromFlags(e.defs, *year, *qid, *opens, *closes, *minRev)
	if err != nil {
		return err
	}
	if err := e.store.CreateCampaign(ctx, c); err != nil {
		return err
	}
	_ = e.store.Audit(ctx, "cli", "campaign_created", strconv.Itoa(c.Year), c.QuestionnaireID)
	fmt.Fprintf(out, "已创建 %d 年度体检（问卷 %s，%s 至 %s）\n", c.Year, c.QuestionnaireID,
		survey.LocalDate(c.OpensAt), survey.LocalDate(c.ClosesAt.Add(-time.Second)))
	return nil
}

// campaignFromFlags validates a new campaign's settings.
func campaignFromFlags(defs *questionnaires.Registry, year int, qid, opens, closes, minRev string) (*models.Campaign, error) {
	if year < 2000 || year > 2100 {
		return nil, fmt.Errorf("campaign: --year must be a year such as 2021")
	}
	if qid == "" {
		qid = defs.Latest().ID
	}
	def, ok := defs.Get(qid)
	if !ok {
		return nil, fmt.Errorf("campaign: unknown questionnaire %q (known: %v)", qid, defs.IDs())
	}
	if opens == "" {
		opens = fmt.Sprintf("%d-03-01", year)
	}
	if closes == "" {
		closes = fmt.Sprintf("%d-06-30", year)
	}
	from, err := survey.DayStart(opens)
	if err != nil {
		return nil, fmt.Errorf("campaign: --opens: %w", err)
	}
	to, err := survey.DayStart(closes)
	if err != nil {
		return nil, fmt.Errorf("campaign: --closes: %w", err)
	}
	to = to.AddDate(0, 0, 1) // the close date is included
	if !to.After(from) {
		return nil, fmt.Errorf("campaign: --closes must not be before --opens")
	}
	rev, err := questionnaires.ParseFixed2(minRev)
	if err != nil || rev < 0 {
		return nil, fmt.Errorf("campaign: --min-revenue-wan must be an amount in 万元")
	}
	return &models.Campaign{Year: year, Title: fmt.Sprintf("%d年度制造业数字化转型集体体检", year),
		QuestionnaireID: def.ID, OpensAt: from, ClosesAt: to, MinRevenueWan: rev}, nil
}
