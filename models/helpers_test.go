package models

import (
	"context"
	"fmt"
	"testing"
	"time"

	"healthcheck/creditcode"
	"healthcheck/decimal"
	"healthcheck/questionnaires"
	"healthcheck/testutil/testdb"
)

func openTest(t *testing.T) *Store {
	t.Helper()
	s, err := Open(context.Background(), testdb.DSN(t, "t.db"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func newCampaign(t *testing.T, s *Store, year int) *Campaign {
	t.Helper()
	c := &Campaign{Year: year, Title: fmt.Sprintf("%d年度体检", year), QuestionnaireID: "jiaxing-2020",
		OpensAt: time.Now().Add(-time.Hour), ClosesAt: time.Now().Add(time.Hour), MinRevenueWan: 1000000}
	if err := s.CreateCampaign(context.Background(), c); err != nil {
		t.Fatal(err)
	}
	return c
}

// firm makes the n-th roster row of a district with a valid credit code.
func firm(district string, n int, revenue decimal.Fixed2) RosterInput {
	code, _ := creditcode.Complete(fmt.Sprintf("91%sMA%07d", district, n))
	return RosterInput{CreditCode: code, Name: fmt.Sprintf("测试企业%d有限公司", n), District: district,
		Industry: "C17", RevenueWan: revenue, Employees: 100 + n, Band: bandOf(revenue)}
}

func bandOf(v decimal.Fixed2) string {
	if v >= 10000000 {
		return "10亿以上"
	}
	return "1-10亿"
}

// submit saves one answer and submits with a stored result of total points.
func submit(t *testing.T, s *Store, e *RosterEntry, total decimal.Fixed2) {
	t.Helper()
	submitResult(t, s, e, questionnaires.Result{Total: total, LevelCode: 1, Level: "一级", Band: "1-10亿"})
}

// submitResult saves one answer and submits with res as the stored result.
func submitResult(t *testing.T, s *Store, e *RosterEntry, res questionnaires.Result) {
	t.Helper()
	ctx := context.Background()
	v, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: e.ID, Version: e.Version, Answers: map[string][]byte{"p_employees": []byte("10")}, Progress: 100})
	if err != nil {
		t.Fatal(err)
	}
	r := resultOf(t, e.CampaignID, res)
	_, err = s.Submit(ctx, CityScope(), Submission{EntryID: e.ID, Version: v, Result: *r})
	if err != nil {
		t.Fatal(err)
	}
}

func entryOf(t *testing.T, s *Store, c *Campaign, code string) *RosterEntry {
	t.Helper()
	e, err := s.EntryByCreditCode(context.Background(), CityScope(), c.ID, code)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// seed creates a campaign with firms on its roster.
func seed(t *testing.T, s *Store, year int, rows ...RosterInput) *Campaign {
	t.Helper()
	c := newCampaign(t, s, year)
	if err := s.UpsertRoster(context.Background(), c.ID, rows); err != nil {
		t.Fatal(err)
	}
	return c
}

// resultOf is the row storing res.
func resultOf(t *testing.T, campaignID int64, res questionnaires.Result) *ResultRow {
	t.Helper()
	r, err := NewResult(campaignID, res)
	if err != nil {
		t.Fatal(err)
	}
	return r
}
