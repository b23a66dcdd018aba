package survey

import (
	"testing"
	"time"

	"healthcheck/apperr"
	"healthcheck/clock"
	"healthcheck/questionnaires"
)

func TestCampaignSpecDefaultsAndChecks(t *testing.T) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	c, err := CampaignSpec{Year: "2021"}.Build(defs)
	if err != nil {
		t.Fatal(err)
	}
	if c.QuestionnaireID != defs.Latest().ID || clock.Date(c.OpensAt) != "2021-03-01" ||
		clock.Date(c.ClosesAt.Add(-time.Second)) != "2021-06-30" || c.MinRevenueWan != 1000000 {
		t.Fatalf("defaults: %+v", c)
	}
	if !c.Open(time.Date(2021, 6, 30, 23, 59, 0, 0, clock.Zone)) || c.Open(time.Date(2021, 7, 1, 0, 0, 0, 0, clock.Zone)) {
		t.Fatal("the close date is not included, or the day after is")
	}
	_, err = CampaignSpec{Year: "21", QuestionnaireID: "jiaxing-1999", Opens: "2021-07-01", Closes: "2021-06-30", MinRevenueWan: "-5"}.Build(defs)
	e, ok := apperr.As(err)
	if !ok || len(e.Fields) != 4 || e.Fields["year"] == "" || e.Fields["questionnaire"] == "" ||
		e.Fields["closes"] != "截止日期不能早于开始日期" || e.Fields["min_revenue_wan"] == "" {
		t.Fatalf("errors: %v", err)
	}
	_, err = CampaignSpec{Year: "abc"}.Build(defs)
	if e, _ := apperr.As(err); e == nil || len(e.Fields) != 1 {
		t.Fatalf("a bad year alone must not also blame the default dates: %v", err)
	}
}

// TestCampaignWindowMustBeSane: a window far from the campaign's year is a
// slip (0001-01-01…9999-12-31 would keep the campaign open for ever).
func TestCampaignWindowMustBeSane(t *testing.T) {
	defs, err := questionnaires.LoadEmbedded()
	if err != nil {
		t.Fatal(err)
	}
	_, err = CampaignSpec{Year: "2021", Opens: "0001-01-01", Closes: "9999-12-31"}.Build(defs)
	e, ok := apperr.As(err)
	if !ok || e.Fields["opens"] != "日期须在 2020 至 2022 年之间（年度体检为 2021 年度）" || e.Fields["closes"] == "" {
		t.Fatalf("0001-01-01…9999-12-31: %v", err)
	}
	if _, _, fields := ParseWindow(2020, "2020-11-01", "2021-02-28"); fields != nil {
		t.Fatalf("a window into the next year: %v", fields)
	}
	if _, _, fields := ParseWindow(2020, "2020-03-01", "2023-01-01"); fields["closes"] == "" {
		t.Fatal("a close three years on accepted")
	}
}
