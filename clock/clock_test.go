package clock

import (
	"testing"
	"time"
)

// A late evening in UTC is already the next day in Jiaxing.
func TestDatesAreChinaTime(t *testing.T) {
	utc := time.Date(2026, 3, 31, 17, 30, 0, 0, time.UTC)
	if got := Date(utc); got != "2026-04-01" {
		t.Fatalf("Date = %s, want 2026-04-01", got)
	}
	start, err := DayStart("2026-04-01")
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2026, 3, 31, 16, 0, 0, 0, time.UTC); !start.Equal(want) {
		t.Fatalf("DayStart = %s, want %s", start.UTC(), want)
	}
	if _, err := DayStart("2026-4-1"); err == nil {
		t.Fatal("a date without leading zeros was accepted")
	}
}
