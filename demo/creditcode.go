package demo

import (
	"math/rand/v2"
	"strings"

	"healthcheck/creditcode"
)

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
			body[i] = creditcode.Alphabet[r.IntN(len(creditcode.Alphabet))]
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
	code, ok := creditcode.Complete("91" + district + orgCode(r, recent))
	if !ok {
		panic("demo: credit code body outside the alphabet for district " + district)
	}
	return code
}
