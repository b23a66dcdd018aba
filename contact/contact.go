// Package contact checks the contact details people type: a phone number and
// an e-mail address. The roster import and the questionnaire use the same
// two functions, so a number the import refuses is refused at the survey's
// field too, with the same words. It is pure: no I/O, no state.
package contact

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Limits of what a contact detail may be.
const (
	PhoneMaxRunes  = 30
	phoneMinDigits = 7 // a local landline without its area code
	phoneMaxDigits = 20
	EmailMaxBytes  = 100
)

// phoneRe allows what people write for a phone number: digits, +, -, spaces,
// brackets (also the full-width ones of a Chinese input method), and 转 for
// an extension.
var phoneRe = regexp.MustCompile(`^\+?[0-9()（）\- 转]+$`)

// Phone checks a phone number. It returns the number trimmed of surrounding
// spaces, or a reason in Chinese quoting what was typed. An empty input is
// not an error (the caller decides whether the field is required).
func Phone(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	digits := 0
	for _, r := range s {
		if r >= '0' && r <= '9' {
			digits++
		}
	}
	if !phoneRe.MatchString(s) || digits < phoneMinDigits || digits > phoneMaxDigits || utf8.RuneCountInString(s) > PhoneMaxRunes {
		return "", fmt.Sprintf("“%s”不像电话号码", s)
	}
	return s, ""
}

// Email checks a bare e-mail address (no display name) whose domain has a
// dot. It returns the address trimmed, or a reason in Chinese.
func Email(s string) (string, string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || len(s) > EmailMaxBytes || !strings.Contains(s[strings.LastIndexByte(s, '@'):], ".") {
		return "", fmt.Sprintf("“%s”不是有效的电子邮箱", s)
	}
	return s, ""
}
