package questionnaires

import (
	"encoding/json"
	"fmt"
	"strconv"
	"unicode/utf8"

	"healthcheck/contact"
	"healthcheck/plaintext"
)

// Text in answers: a text question's answer and the option strings of
// choices must be clean text before anything else is looked at.

func (q *Question) parseText(msg []byte) (Value, bool, verdict, string) {
	s, why := jsonText(msg, "应为文字", q.Multiline())
	if why != "" {
		return Value{}, false, malformed, why
	}
	if limit := q.TextLimit(); utf8.RuneCountInString(s) > limit {
		return Value{}, false, malformed, fmt.Sprintf("不能超过 %d 个字", limit)
	}
	if why := q.formatProblem(s); why != "" {
		return Value{}, false, broken, why
	}
	return Value{Str: s}, true, fine, ""
}

// formatProblem checks a text answer against the question's format, with the
// same functions the roster import uses.
func (q *Question) formatProblem(s string) string {
	var why string
	switch q.Format {
	case FormatPhone:
		_, why = contact.Phone(s)
	case FormatEmail:
		_, why = contact.Email(s)
	}
	return why
}

// Multiline reports whether a text question is a textarea (tab and newline allowed).
func (q *Question) Multiline() bool { return q.Type == TypeText && q.MaxLength > multilineAbove }

// TextLimit is the most characters a text answer may have.
func (q *Question) TextLimit() int {
	if q.MaxLength > 0 {
		return q.MaxLength
	}
	return defaultTextMax
}

// jsonText decodes a JSON string literal whose text must be clean: valid
// UTF-8, no half of a surrogate pair, no control character (but tab and
// newline when multiline). notString is the reason when msg is no string.
func jsonText(msg []byte, notString string, multiline bool) (string, string) {
	if s, ok := plainASCIIString(msg); ok {
		return s, ""
	}
	var s string
	if len(msg) == 0 || msg[0] != '"' || json.Unmarshal(msg, &s) != nil {
		return "", notString
	}
	if !utf8.Valid(msg) || loneSurrogate(msg) {
		return "", "含有无效字符"
	}
	if plaintext.HasControl(s, multiline) {
		return "", "含有控制字符"
	}
	return s, ""
}

// plainASCIIString reads a JSON string literal of printable ASCII without
// escapes (an option's value, the common case of every stored choice),
// which decodes to its own bytes and is clean, without encoding/json.
func plainASCIIString(msg []byte) (string, bool) {
	if len(msg) < 2 || msg[0] != '"' || msg[len(msg)-1] != '"' {
		return "", false
	}
	inner := msg[1 : len(msg)-1]
	for _, c := range inner {
		if c < 0x20 || c > 0x7e || c == '"' || c == '\\' {
			return "", false
		}
	}
	return string(inner), true
}

// loneSurrogate reports whether a JSON string literal escapes half of a
// surrogate pair, which encoding/json would silently turn into U+FFFD. lit
// must be valid JSON.
func loneSurrogate(lit []byte) bool {
	for i := 0; i < len(lit); i++ {
		if lit[i] != '\\' {
			continue
		}
		i++
		if lit[i] != 'u' {
			continue
		}
		r := hex4(lit[i+1 : i+5])
		i += 4
		switch {
		case r >= 0xdc00 && r < 0xe000:
			return true
		case r >= 0xd800 && r < 0xdc00:
			if i+6 < len(lit) && lit[i+1] == '\\' && lit[i+2] == 'u' {
				if lo := hex4(lit[i+3 : i+7]); lo >= 0xdc00 && lo < 0xe000 {
					i += 6
					continue
				}
			}
			return true
		}
	}
	return false
}

func hex4(b []byte) rune {
	n, _ := strconv.ParseUint(string(b), 16, 32)
	return rune(n)
}
