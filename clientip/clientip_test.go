package clientip

import (
	"net/netip"
	"testing"
)

func TestResolve(t *testing.T) {
	r, err := Parse("10.0.0.0/8, 192.168.1.7", "")
	if err != nil {
		t.Fatal(err)
	}
	ip := netip.MustParseAddr
	cases := []struct {
		name   string
		peer   string
		header []string
		want   string
	}{
		{"untrusted peer ignores a forged header", "203.0.113.9", []string{"1.2.3.4"}, "203.0.113.9"},
		{"trusted proxy, one client", "10.0.0.2", []string{"198.51.100.7"}, "198.51.100.7"},
		{"client-sent entries left of the real one are ignored", "10.0.0.2", []string{"1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"a chain of trusted proxies is skipped", "10.0.0.2", []string{"1.2.3.4, 198.51.100.7, 192.168.1.7, 10.1.1.1"}, "198.51.100.7"},
		{"several header lines read as one list", "10.0.0.2", []string{"1.2.3.4", "198.51.100.7"}, "198.51.100.7"},
		{"garbage stops at the last trusted hop", "10.0.0.2", []string{"198.51.100.7, evil"}, "10.0.0.2"},
		{"no header: the proxy itself", "10.0.0.2", nil, "10.0.0.2"},
		{"only trusted hops: the left-most", "10.0.0.2", []string{"10.9.9.9"}, "10.9.9.9"},
		{"IPv4-mapped IPv6 peer", "::ffff:10.0.0.2", []string{"2001:db8::1"}, "2001:db8::1"},
	}
	for _, c := range cases {
		if got := r.Resolve(ip(c.peer), c.header); got != ip(c.want) {
			t.Errorf("%s: got %s, want %s", c.name, got, c.want)
		}
	}
}

func TestParseRefusesGarbage(t *testing.T) {
	for _, bad := range []string{"10.0.0.0/33", "proxy.example", "1.2.3"} {
		if _, err := Parse(bad, ""); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
}

func TestNoResolverTrustsNobody(t *testing.T) {
	var r *Resolver
	if got := r.Resolve(netip.MustParseAddr("10.0.0.2"), []string{"1.2.3.4"}); got.String() != "10.0.0.2" {
		t.Errorf("got %s", got)
	}
}
