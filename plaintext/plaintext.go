// Package plaintext checks free text people type (correction requests,
// review and reopening reasons, names) for characters that have no place in
// it: C0 and C1 control characters, which can hide text in the pages and
// exports or break the CSV files officials open. Tab, line feed and carriage
// return are allowed where a field takes several lines.
package plaintext

// HasControl reports whether s holds a control character: U+0000–U+001F,
// U+007F or U+0080–U+009F; with multiline, tab, LF and CR are allowed.
func HasControl(s string, multiline bool) bool {
	for _, r := range s {
		switch {
		case multiline && (r == '\t' || r == '\n' || r == '\r'):
		case r < 0x20, r >= 0x7f && r <= 0x9f:
			return true
		}
	}
	return false
}
