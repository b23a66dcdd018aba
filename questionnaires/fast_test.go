package questionnaires

import (
	"encoding/json"
	"testing"
	"unicode/utf8"

	"healthcheck/plaintext"
)

// jsonTextSlow is jsonText without its fast path: encoding/json and the
// checks after it.
func jsonTextSlow(msg []byte, multiline bool) (string, string) {
	var s string
	if len(msg) == 0 || msg[0] != '"' || json.Unmarshal(msg, &s) != nil {
		return "", "not a string"
	}
	if !utf8.Valid(msg) || loneSurrogate(msg) {
		return "", "含有无效字符"
	}
	if plaintext.HasControl(s, multiline) {
		return "", "含有控制字符"
	}
	return s, ""
}

// TestPlainASCIIStringsReadAsEncodingJSONReadsThem: the fast path of a
// stored choice decodes what encoding/json decodes, and passes the rest on.
func TestPlainASCIIStringsReadAsEncodingJSONReadsThem(t *testing.T) {
	inputs := []string{`""`, `"a"`, `"aware"`, `"erp_mes"`, `"a b~"`, `"a\"b"`, `"a\\b"`, `"a\nb"`, `"a\u0041"`,
		"\"a\tb\"", "\"a\x7fb\"", "\"中文\"", "\"\xff\"", `"`, `"a`, `a"`, `"a"b"`, `"a""`, `x`, ``, `12`, `["a"]`, `"\ud800"`}
	for c := 0; c < 256; c++ {
		inputs = append(inputs, string([]byte{'"', byte(c), '"'}), string([]byte{'"', 'a', byte(c), 'b', '"'}))
	}
	for _, in := range inputs {
		for _, multiline := range []bool{false, true} {
			got, why := jsonText([]byte(in), "not a string", multiline)
			want, wantWhy := jsonTextSlow([]byte(in), multiline)
			if got != want || why != wantWhy {
				t.Errorf("jsonText(%q, %v) = %q %q, encoding/json %q %q", in, multiline, got, why, want, wantWhy)
			}
		}
		if s, ok := plainASCIIString([]byte(in)); ok {
			if want, why := jsonTextSlow([]byte(in), false); why != "" || s != want {
				t.Errorf("fast path took %q as %q; encoding/json: %q %q", in, s, want, why)
			}
		}
	}
}

// TestNumberIsTheAnswerAsStored: Number gives a number question's value
// as it was parsed, only when the question applies.
func TestNumberIsTheAnswerAsStored(t *testing.T) {
	d := def2020(t)
	dr := d.DecodeStored(map[string][]byte{"p_revenue": []byte("1234.56"), "p_project": []byte(`"no"`),
		"p_project_total": []byte("100")})
	if v, ok := d.Number(dr.Answers, "p_revenue"); !ok || v != 123456 {
		t.Errorf("p_revenue: %v %v", v, ok)
	}
	if v, ok := d.Number(dr.Answers, "p_project_total"); ok {
		t.Errorf("p_project_total counted under 没有项目: %v", v)
	}
	if _, ok := d.Number(dr.Answers, "p_invest_avg"); ok {
		t.Error("an unanswered question has a number")
	}
	if _, ok := d.Number(dr.Answers, "p_project"); ok {
		t.Error("a choice has a number")
	}
}
