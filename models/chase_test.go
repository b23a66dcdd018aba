package models

import (
	"context"
	"fmt"
	"reflect"
	"testing"
)

// TestChasePagesReadTheListInOrder: every page of the chase list, at every
// size and offset and with each status filter, is the matching slice of the
// whole list, which keeps the order of one sort over every firm not
// submitted (not started first, then least progress, longest silence).
func TestChasePagesReadTheListInOrder(t *testing.T) {
	ctx := context.Background()
	s := openTest(t)
	var rows []RosterInput
	for i := range 11 {
		rows = append(rows, firm([]string{"330481", "330402"}[i%2], i+1, 2000000))
	}
	c := seed(t, s, 2020, rows...)
	for i, r := range rows {
		e := entryOf(t, s, c, r.CreditCode)
		switch i % 4 {
		case 1: // drafts at several progresses, saved at different times
			_, _, err := s.SaveAnswers(ctx, CityScope(), Save{EntryID: e.ID, Progress: 10 * (i % 3),
				Answers: map[string][]byte{"p_employees": []byte("10")}})
			if err != nil {
				t.Fatal(err)
			}
		case 2:
			submit(t, s, e, 5000)
		}
	}
	order := func(scope Scope, status string) []string {
		from, args := s.firmQuery(scope, c.ID, FirmFilter{Status: status})
		var codes []string
		err := s.read(ctx).Raw("SELECT en.credit_code "+from+" AND e.status <> ?"+
			" ORDER BY CASE WHEN e.status = ? THEN 0 ELSE 1 END, e.progress, e.last_activity_at, e.id",
			append(args, StatusSubmitted, StatusNotStarted)...).Scan(&codes).Error
		if err != nil {
			t.Fatal(err)
		}
		return codes
	}
	for _, scope := range []Scope{CityScope(), DistrictScope("330402")} {
		for _, status := range []string{"", StatusUnsubmitted, StatusNotStarted, StatusDraft, StatusSubmitted} {
			want := order(scope, status)
			name := fmt.Sprintf("%s/%q", scope.District(), status)
			if n, err := s.CountChase(ctx, scope, c.ID, FirmFilter{Status: status}); err != nil || n != int64(len(want)) {
				t.Errorf("%s: counted %d, %v; want %d", name, n, err, len(want))
			}
			for limit := range 5 {
				for offset := range len(want) + 2 {
					page, err := s.Chase(ctx, scope, c.ID, FirmFilter{Status: status}, ContactQuestions{}, limit, offset)
					if err != nil {
						t.Fatal(err)
					}
					var got []string
					for _, r := range page {
						got = append(got, r.CreditCode)
					}
					end := len(want)
					if limit > 0 {
						end = min(end, offset+limit)
					}
					var slice []string
					if offset < end {
						slice = want[offset:end]
					}
					if !reflect.DeepEqual(got, slice) {
						t.Fatalf("%s limit %d offset %d: %v, want %v", name, limit, offset, got, slice)
					}
				}
			}
		}
	}
}
