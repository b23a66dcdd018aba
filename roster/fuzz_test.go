package roster

import (
	"strings"
	"testing"

	"healthcheck/city"
	"healthcheck/creditcode"
	"healthcheck/decimal"
)

// FuzzRow gives the row parser arbitrary cells under the contract's header:
// it never panics, a refused row names a column and a reason for each
// problem, and an accepted row holds only values the database may store.
func FuzzRow(f *testing.F) {
	for _, r := range goodRows()[1:] {
		f.Add(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8])
	}
	f.Add("9.13304E+17", "=cmd|' /C calc'!A0", "嘉兴市海宁", "1711", "1,234.5", "1e3", "张\x00三", "+86 (0573) 8765-4321", "a@b.c")
	f.Add("", "\ufffd", "330481000000", "纺织业", "-0", "0", "", "转", "@")
	p := &parser{rules: rules()}
	var err error
	if p.l, err = matchHeader(contractHeader, ""); err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, code, name, district, industry, revenue, employees, contact, phone, email string) {
		if fast, ok := hundredths(revenue); ok {
			if exact, err := decimal.ParseFixed2(revenue); err != nil || exact != fast {
				t.Fatalf("fast path read %q as %d, exact path %d %v", revenue, fast, exact, err)
			}
		}
		for _, spreadsheet := range []bool{false, true} {
			p.spreadsheet = spreadsheet
			in, probs := p.row([]string{code, name, district, industry, revenue, employees, contact, phone, email})
			for _, pr := range probs {
				if pr.Column == "" || pr.Reason == "" {
					t.Fatalf("problem without column or reason: %+v", pr)
				}
			}
			if len(probs) > 0 {
				continue
			}
			checkAccepted(t, in.CreditCode, in.Name, in.District, in.Industry)
			if in.RevenueWan < p.rules.MinRevenueWan || in.Employees < 0 || in.Band == "" {
				t.Fatalf("accepted revenue %d employees %d band %q", in.RevenueWan, in.Employees, in.Band)
			}
		}
	})
}

// FuzzRead reads arbitrary bytes as a roster file: no panic, rejected rows
// come after the header in order and say what is wrong, accepted rows are
// valid and never share a credit code.
func FuzzRead(f *testing.F) {
	f.Add([]byte(csvText(goodRows())))
	f.Add([]byte("\ufeff" + csvText(goodRows())))
	f.Add([]byte(strings.ReplaceAll(csvText(goodRows()), ",", "\t")))
	f.Add([]byte("标题\n统一社会信用代码,企业名称,所属区县,行业代码,营业收入（千元）,从业人员\n\"a\"\"b,1\n"))
	f.Add([]byte("\xff\xfe\x00\x00"))
	f.Add([]byte("\xd6\xd0\xce\xc4,\xb1\xea\xcc\xe2\n"))
	rs := rules()
	f.Fuzz(func(t *testing.T, data []byte) {
		res, err := Read(data, rs)
		if err != nil {
			if err.Error() == "" {
				t.Fatal("empty error")
			}
			return
		}
		last := res.Header
		seen := map[string]bool{}
		for _, r := range res.Rejected {
			if r.Line <= res.Header || len(r.Problems) == 0 || !strings.HasPrefix(r.String(), "第") {
				t.Fatalf("rejected row %+v after header %d", r, res.Header)
			}
		}
		for _, r := range res.Rows {
			if r.Line <= last {
				t.Fatalf("row %d after row %d", r.Line, last)
			}
			last = r.Line
			checkAccepted(t, r.CreditCode, r.Name, r.District, r.Industry)
			if seen[r.CreditCode] {
				t.Fatalf("credit code %s accepted twice", r.CreditCode)
			}
			seen[r.CreditCode] = true
		}
	})
}

var jiaxing = city.Default()

func checkAccepted(t *testing.T, code, name, district, industry string) {
	t.Helper()
	if !creditcode.Valid(code) || strings.TrimSpace(name) == "" || !jiaxing.HasDistrict(district) {
		t.Fatalf("accepted code %q name %q district %q", code, name, district)
	}
	if _, ok := city.ResolveIndustry(industry); !ok || industry[0] != 'C' {
		t.Fatalf("accepted industry %q", industry)
	}
}
