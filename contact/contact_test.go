package contact

import (
	"strings"
	"testing"
)

func TestPhone(t *testing.T) {
	cases := []struct{ in, want, reason string }{
		{"", "", ""},
		{"  ", "", ""},
		{"13912345678", "13912345678", ""},
		{" 0573-82345678 ", "0573-82345678", ""},
		{"+86 139 1234 5678", "+86 139 1234 5678", ""},
		{"（0573）82345678", "（0573）82345678", ""},
		{"0573-8765432转801", "0573-8765432转801", ""},
		{"8234567", "8234567", ""}, // seven digits: a local landline
		{"123", "", "“123”不像电话号码"},
		{"823456", "", "“823456”不像电话号码"},
		{"call me", "", "“call me”不像电话号码"},
		{"139-1234-567a", "", "不像电话号码"},
		{"1" + strings.Repeat("2", 20), "", "不像电话号码"},  // 21 digits
		{strings.Repeat("1 ", 15) + "1", "", "不像电话号码"}, // 31 characters
		{"++8613912345678", "", "不像电话号码"},
	}
	for _, c := range cases {
		got, reason := Phone(c.in)
		if got != c.want || !strings.Contains(reason, c.reason) || (c.reason == "") != (reason == "") {
			t.Errorf("Phone(%q) = %q, %q; want %q, …%s…", c.in, got, reason, c.want, c.reason)
		}
	}
}

func TestEmail(t *testing.T) {
	cases := []struct{ in, want, reason string }{
		{"", "", ""},
		{"z@example.com", "z@example.com", ""},
		{" wang.wu+hc@factory.com.cn ", "wang.wu+hc@factory.com.cn", ""},
		{"not-an-email", "", "“not-an-email”不是有效的电子邮箱"},
		{"a@b", "", "不是有效的电子邮箱"},
		{"张三 <z@example.com>", "", "不是有效的电子邮箱"},
		{"z@example.com, y@example.com", "", "不是有效的电子邮箱"},
		{strings.Repeat("a", 95) + "@b.com", "", "不是有效的电子邮箱"}, // 101 bytes
	}
	for _, c := range cases {
		got, reason := Email(c.in)
		if got != c.want || !strings.Contains(reason, c.reason) || (c.reason == "") != (reason == "") {
			t.Errorf("Email(%q) = %q, %q; want %q, …%s…", c.in, got, reason, c.want, c.reason)
		}
	}
}
