// Package clock is the platform's one time zone and its one source of the
// current time. Every date a person reads (pages, letters, exports, campaign
// windows, the audit summary) is China Standard Time, whatever the server's
// zone; instants are stored in UTC.
package clock

import "time"

// Zone is China Standard Time (UTC+8, no daylight saving). A fixed zone
// rather than time.LoadLocation("Asia/Shanghai"): it needs no tzdata on the
// server and China has kept UTC+8 since 1991.
var Zone = time.FixedZone("CST", 8*3600)

// Func is a clock: the real one (Now) or a test's.
type Func func() time.Time

// Now is the real clock.
func Now() time.Time { return time.Now() }

// Local converts a time to China Standard Time.
func Local(t time.Time) time.Time { return t.In(Zone) }

// Date formats a time as a YYYY-MM-DD date in China Standard Time.
func Date(t time.Time) string { return t.In(Zone).Format(time.DateOnly) }

// DayStart is midnight China time at the start of a YYYY-MM-DD date.
func DayStart(date string) (time.Time, error) {
	return time.ParseInLocation(time.DateOnly, date, Zone)
}
