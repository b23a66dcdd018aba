package demo

import (
	"math/rand/v2"
	"strings"
)

// creditAlphabet is the 31-character set of GB 32100-2015: digits and the
// upper-case letters except I, O, S, V and Z, which are easily misread.
const creditAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"

// creditWeights are the position weights 3^(i) mod 31 of GB 32100-2015.
var creditWeights = [17]int{1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28}

// creditCheck returns the check character of the first 17 characters of a
// 统一社会信用代码, or 0 when a character is outside the alphabet.
func creditCheck(body string) byte {
	if len(body) != 17 {
		return 0
	}
	sum := 0
	for i := 0; i < 17; i++ {
		v := strings.IndexByte(creditAlphabet, body[i])
		if v < 0 {
			return 0
		}
		sum += v * creditWeights[i]
	}
	return creditAlphabet[(31-sum%31)%31]
}

// orgCodeWeights are the weights of the GB 11714 organisation code, which
// fills positions 9–17 of a credit code with its own check character.
var orgCodeWeights = [8]int{3, 7, 9, 10, 5, 8, 4, 2}

// orgCode makes a plausible 9-character organisation code: older firms carry
// an eight-digit body, firms registered since 2015 an "MA…" one; the ninth
// character is the GB 11714 check (0–9 or X), so the code passes both checks.
func orgCode(r *rand.Rand, recent bool) string {
	body := make([]byte, 8)
	for i := range body {
		body[i] = '0' + byte(r.IntN(10))
	}
	if recent {
		body[0], body[1] = 'M', 'A'
		for i := 3; i < 8; i++ {
			body[i] = creditAlphabet[r.IntN(len(creditAlphabet))]
		}
	}
	sum := 0
	for i, c := range body {
		sum += strings.IndexByte(orgCodeValues, c) * orgCodeWeights[i]
	}
	check := (11 - sum%11) % 11
	last := byte('0' + check)
	if check == 10 {
		last = 'X'
	}
	return string(body) + string(last)
}

// orgCodeValues values characters as GB 11714 does: 0–9, then A=10 … Z=35.
const orgCodeValues = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

// newCreditCode builds a firm's code: 9 (registered by the market regulator),
// 1 (enterprise), the district's GB/T 2260 code, the organisation code and
// the check character.
func newCreditCode(r *rand.Rand, district string, recent bool) string {
	body := "91" + district + orgCode(r, recent)
	return body + string(creditCheck(body))
}

// validCreditCode reports whether code is 18 characters of the alphabet with
// the right check character.
func validCreditCode(code string) bool {
	return len(code) == 18 && creditCheck(code[:17]) == code[17]
}
