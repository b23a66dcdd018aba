package handlers

import (
	"strings"
	"testing"

	"healthcheck/analysis"
	"healthcheck/decimal"
)

// hundredths is a two-decimal figure from its hundredths: 5259 → 52.59.
func hundredths(h int64) *decimal.Fixed2 {
	v := decimal.Fixed2(h)
	return &v
}

// TestStandingWordsAgreeWithNumbers: the verdict says "达到同组前25%线" only
// when the score reaches the upper quartile, explains a tie-heavy rank
// instead of claiming the top quarter, and puts the percentile into words.
func TestStandingWordsAgreeWithNumbers(t *testing.T) {
	cases := []struct {
		name             string
		s                analysis.Standing
		verdict, meaning string
		reached          bool
	}{
		{"below the line", analysis.Standing{N: 40, Percentile: hundredths(5259), Q3: hundredths(6000), GapToQ3: hundredths(750)},
			"距前25%线差 7.50 个百分点", "同组约一半企业得分低于您", false},
		{"at the line with many ties", analysis.Standing{N: 40, Percentile: hundredths(5259), Q3: hundredths(6000), GapToQ3: hundredths(0)},
			"达到同组前25%线（与您同分的企业较多）", "同组约一半企业得分低于您", true},
		{"above the line", analysis.Standing{N: 40, Percentile: hundredths(8800), Q3: hundredths(6000), GapToQ3: hundredths(-500)},
			"达到同组前25%线", "同组约九成企业得分低于您", true},
		{"bottom", analysis.Standing{N: 40, Percentile: hundredths(125), Q3: hundredths(6000), GapToQ3: hundredths(5000)},
			"距前25%线差 50.00 个百分点", "同组几乎没有企业得分低于您", false},
	}
	for _, c := range cases {
		got := percentStanding(c.s)
		if got.Verdict != c.verdict || got.Meaning != c.meaning || got.Reached != c.reached {
			t.Errorf("%s: got %+v, want verdict %q, meaning %q", c.name, got, c.verdict, c.meaning)
		}
	}
	few := percentStanding(analysis.Standing{N: 2})
	if few.Reached || !strings.Contains(few.Meaning, "不足 3 家") {
		t.Errorf("a group of 2: %+v", few)
	}
	if lv := levelStanding(analysis.Standing{N: 9, Percentile: hundredths(4000), Q3: hundredths(300), GapToQ3: hundredths(100)}); lv.Verdict != "距前25%线差 1.00 级" || lv.Q3 != "3.00 级" {
		t.Errorf("scene standing: %+v", lv)
	}
}
