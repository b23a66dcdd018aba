package creditcode

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzCreditCode feeds arbitrary text to the validator: it never panics, its
// verdict agrees with Valid on the normalised code, an error always carries a
// reason, and a 17-character body completed with its check character is valid
// while any single changed character makes it invalid.
func FuzzCreditCode(f *testing.F) {
	for _, c := range known {
		f.Add(c)
	}
	for _, s := range []string{"", "9.13304E+17", "９１３５０１００Ｍ０００１００Ｙ４３", "91350100M000100Y4\xff", "E+", "1.E+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		err := Check(s)
		norm := Normalize(s)
		if (err == nil) != Valid(norm) {
			t.Fatalf("Check(%q) = %v but Valid(%q) = %v", s, err, norm, Valid(norm))
		}
		if err != nil && (err.Error() == "" || !utf8.ValidString(err.Error())) {
			t.Fatalf("Check(%q): empty or broken reason %q", s, err.Error())
		}
		if len(s) < Length-1 {
			return
		}
		body := []byte(s[:Length-1])
		for i, b := range body {
			body[i] = Alphabet[int(b)%len(Alphabet)]
		}
		c, ok := CheckChar(string(body))
		if !ok {
			t.Fatalf("CheckChar(%q) refused a body of the alphabet", body)
		}
		code := string(body) + string(c)
		if !Valid(code) || Check(code) != nil {
			t.Fatalf("%s with its own check character is not valid", code)
		}
		i := int(s[0]) % Length
		other := Alphabet[(strings.IndexByte(Alphabet, code[i])+1+int(s[1])%(len(Alphabet)-1))%len(Alphabet)]
		typo := code[:i] + string(other) + code[i+1:]
		if Valid(typo) {
			t.Fatalf("single substitution %s → %s passed", code, typo)
		}
	})
}
