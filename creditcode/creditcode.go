// Package creditcode checks 统一社会信用代码, the 18-character unified social
// credit code of GB 32100-2015 that keys every enterprise: 17 characters of
// registration authority, category, region and organisation code, then a check
// character over them. A typo in any one character changes the check, which
// is why a roster row is refused rather than stored under a wrong code.
package creditcode

import (
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Alphabet is the standard's 31 characters, in the order of their values:
// digits and the upper-case letters except I, O, S, V and Z.
const Alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// Length is the number of characters of a code.
const Length = 18

// weights are 3^i mod 31 for positions 1–17.
var weights = [Length - 1]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// CheckChar returns the check character of the first 17 characters of a code;
// ok is false when body is not 17 characters of the alphabet.
func CheckChar(body string) (c byte, ok bool) {
	if len(body) != Length-1 {
		return 0, false
	}
	sum := 0
	for i := 0; i < len(body); i++ {
		v := strings.IndexByte(Alphabet, body[i])
		if v < 0 {
			return 0, false
		}
		sum += v * weights[i]
	}
	return Alphabet[(31-sum%31)%31], true
}

// Complete appends the check character to a 17-character body.
func Complete(body string) (string, bool) {
	c, ok := CheckChar(body)
	if !ok {
		return "", false
	}
	return body + string(c), true
}

// Valid reports whether code is exactly 18 characters of the alphabet ending
// with the right check character. It does not normalise: see Normalize.
func Valid(code string) bool {
	if len(code) != Length {
		return false
	}
	c, ok := CheckChar(code[:Length-1])
	return ok && c == code[Length-1]
}

// Normalize undoes what typing and spreadsheets add to a code: surrounding
// and inner spaces (ASCII and full-width), full-width letters and digits, and
// lower case.
func Normalize(s string) string {
	if plain(s) {
		return s
	}
	s = width.Narrow.String(s)
	s = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || r == '\ufeff' {
			return -1
		}
		return unicode.ToUpper(r)
	}, s)
	return s
}

// plain reports whether s is already digits and upper-case ASCII letters,
// the usual case, which needs no folding.
func plain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && (c < 'A' || c > 'Z') {
			return false
		}
	}
	return true
}

// Error says in Chinese why a code is not valid.
type Error struct{ Reason string }

func (e *Error) Error() string { return e.Reason }

// Check returns nil for a valid code (after Normalize) or an *Error with the
// reason, for a person to correct the code.
func Check(raw string) error {
	code := Normalize(raw)
	switch {
	case code == "":
		return &Error{"不能为空"}
	case looksLikeNumber(code):
		return &Error{"被 Excel 存成了数字（" + code + "），后几位已丢失；请把该列设为“文本”格式后重新填写"}
	}
	for i, r := range code {
		if r > unicode.MaxASCII || strings.IndexByte(Alphabet, byte(r)) < 0 {
			return &Error{fmt.Sprintf("第 %d 位“%c”不是有效字符（只用数字和除 I、O、S、V、Z 以外的大写字母）", len([]rune(code[:i]))+1, r)}
		}
	}
	if len(code) != Length {
		return &Error{fmt.Sprintf("应为 18 位，实际 %d 位", len(code))}
	}
	if !Valid(code) {
		return &Error{"校验位不符（GB 32100-2015），请核对代码是否抄错"}
	}
	return nil
}

// looksLikeNumber spots a code that a spreadsheet turned into a number shown
// in scientific notation, such as 9.13304E+17.
func looksLikeNumber(s string) bool {
	mant, exp, ok := strings.Cut(s, "E+")
	if !ok || exp == "" || !strings.Contains(mant, ".") {
		return false
	}
	for _, r := range strings.ReplaceAll(mant, ".", "") + exp {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
