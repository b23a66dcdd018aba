package creditcode

import (
	"strings"
	"testing"
)

// Published codes: the standard's example and codes of well-known firms.
var known = []string{"91350100M000100Y43", "914403001922038216", "91440300708461136T", "91330100716105852F"}

func TestKnownCodesAreValid(t *testing.T) {
	for _, c := range known {
		if err := Check(c); err != nil {
			t.Errorf("%s: %v", c, err)
		}
		if !Valid(c) {
			t.Errorf("%s: Valid is false", c)
		}
	}
}

func TestCheckExplainsEachKindOfMistake(t *testing.T) {
	cases := map[string]string{
		"":                    "不能为空",
		"91350100M000100Y44":  "校验位不符",
		"91350100M000100Y4":   "应为 18 位，实际 17 位",
		"91350100M000100Y433": "应为 18 位，实际 19 位",
		"91350100M0O0100Y43":  "第 11 位“O”不是有效字符",
		"9135010０M000100Y4中":  "第 18 位“中”不是有效字符",
		"9.13504E+17":         "被 Excel 存成了数字",
	}
	for in, want := range cases {
		err := Check(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Check(%q) = %v, want it to say %q", in, err, want)
		}
	}
}

func TestNormalizeAcceptsWhatPeopleType(t *testing.T) {
	for _, in := range []string{" 91350100m000100y43 ", "９１３５０１００Ｍ０００１００Ｙ４３", "9135 0100 M000 100Y 43", "\ufeff91350100M000100Y43\u3000"} {
		if got := Normalize(in); got != known[0] {
			t.Errorf("Normalize(%q) = %q", in, got)
		}
		if err := Check(in); err != nil {
			t.Errorf("Check(%q): %v", in, err)
		}
	}
}

// TestEverySingleSubstitutionIsCaught: 31 is prime and no weight is 0 mod 31,
// so changing any one character to any other changes the check.
func TestEverySingleSubstitutionIsCaught(t *testing.T) {
	code := known[0]
	for i := 0; i < Length; i++ {
		for j := 0; j < len(Alphabet); j++ {
			if Alphabet[j] == code[i] {
				continue
			}
			typo := code[:i] + string(Alphabet[j]) + code[i+1:]
			if Valid(typo) {
				t.Fatalf("typo %s at position %d passed", typo, i+1)
			}
		}
	}
}

func TestCheckCharRefusesBadBodies(t *testing.T) {
	for _, body := range []string{"", "9135010", "91350100M000100YI", "91350100M000100Y43"} {
		if _, ok := CheckChar(body); ok {
			t.Errorf("CheckChar(%q) accepted", body)
		}
	}
}
