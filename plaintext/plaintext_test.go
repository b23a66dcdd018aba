package plaintext

import "testing"

func TestHasControl(t *testing.T) {
	cases := []struct {
		s         string
		multiline bool
		want      bool
	}{
		{"海宁市某某皮革有限公司", false, false},
		{"a\x00b", true, true},
		{"a\x1bb", true, true},
		{"a\x7fb", true, true},
		{"a\u0085b", true, true},
		{"a\u009fb", true, true},
		{"第一行\n第二行\r\n\t缩进", true, false},
		{"第一行\n第二行", false, true},
		{"tab\there", false, true},
		{"\u00a0不间断空格", false, false},
	}
	for _, c := range cases {
		if got := HasControl(c.s, c.multiline); got != c.want {
			t.Errorf("HasControl(%q, %v) = %v, want %v", c.s, c.multiline, got, c.want)
		}
	}
}
