package report

import (
	"reflect"
	"testing"

	"healthcheck/analysis"
)

// TestWorkListKeepsAndOrdersEachFirm: what goes into the compact list comes
// out field for field, absent figures still absent, ordered by district,
// industry and credit code in byte order whatever the order of arrival.
func TestWorkListKeepsAndOrdersEachFirm(t *testing.T) {
	pct, inv := fixed(83), fixed(12345)
	in := []struct {
		ff     analysis.FlaggedFirm
		invest *fixed
	}{
		{analysis.FlaggedFirm{CreditCode: "91330402B", Name: "乙公司", District: "330402", Industry: "C17", Band: "1-2亿",
			RevenueWan: 15000, Total: 4210, Level: "二级", Indicator: &pct, Weakest: "数字化基础", WeakestPercent: 1250}, &inv},
		{analysis.FlaggedFirm{CreditCode: "91330402A", Name: "甲公司", District: "330402", Industry: "C17", Band: "1-2亿",
			RevenueWan: 12000, Total: 3900, Level: "一级", Weakest: "经营管理", WeakestPercent: 0}, nil},
		{analysis.FlaggedFirm{CreditCode: "91330411C", Name: "丙公司", District: "330411", Industry: "C13", Band: "4-10亿",
			Level: "三级", Weakest: "数字化基础"}, nil},
		{analysis.FlaggedFirm{CreditCode: "91330402Z", Name: "", District: "330402", Industry: "C13", Band: "2-4亿"}, &inv},
	}
	l := newWorkList()
	for _, f := range in {
		if err := l.add(f.ff, f.invest); err != nil {
			t.Fatal(err)
		}
	}
	l.sort()
	var got []string
	err := l.each(func(ff analysis.FlaggedFirm, invest *fixed) error {
		got = append(got, ff.CreditCode)
		for _, f := range in {
			if f.ff.CreditCode == ff.CreditCode && (!reflect.DeepEqual(f.ff, ff) || !reflect.DeepEqual(f.invest, invest)) {
				t.Errorf("%s came out as %+v (%v), went in as %+v (%v)", ff.CreditCode, ff, invest, f.ff, f.invest)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if want := []string{"91330402Z", "91330402A", "91330402B", "91330411C"}; !reflect.DeepEqual(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
}
