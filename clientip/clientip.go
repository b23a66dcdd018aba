// Package clientip finds the address of the client behind trusted reverse
// proxies. X-Forwarded-For is read only when the connection comes from a
// trusted proxy, and then from the right: each proxy appends the address it
// received from, so the right-most address that is not a trusted proxy is
// the first one no trusted party vouches for being forged — the client.
// Everything to its left was sent by the client and may be made up.
package clientip

import (
	"fmt"
	"net/netip"
	"strings"
)

// DefaultHeader is where proxies put the addresses they received from.
const DefaultHeader = "X-Forwarded-For"

// Resolver knows which peers are trusted proxies.
type Resolver struct {
	trusted []netip.Prefix
	// Header is the header trusted proxies append to.
	Header string
}

// Parse reads a comma-separated list of CIDRs or bare addresses
// ("10.0.0.0/8,192.168.1.7"). An empty list trusts no proxy.
func Parse(list, header string) (*Resolver, error) {
	r := &Resolver{Header: header}
	if r.Header == "" {
		r.Header = DefaultHeader
	}
	for _, item := range strings.Split(list, ",") {
		item = strings.TrimSpace(item)
		if item == "" {
			continue
		}
		p, err := netip.ParsePrefix(item)
		if err != nil {
			a, aerr := netip.ParseAddr(item)
			if aerr != nil {
				return nil, fmt.Errorf("受信任代理 %q 不是有效的 IP 地址或网段（CIDR，如 10.0.0.0/8）", item)
			}
			p = netip.PrefixFrom(a, a.BitLen())
		}
		r.trusted = append(r.trusted, p.Masked())
	}
	return r, nil
}

// Trusts reports whether a peer is a trusted proxy.
func (r *Resolver) Trusts(a netip.Addr) bool {
	if r == nil {
		return false
	}
	a = a.Unmap()
	for _, p := range r.trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// Resolve returns the client's address given the connection's peer and the
// values of the forwarding header (in the order received). A peer that is
// not trusted is the client, whatever the header says. Behind trusted
// proxies the header is walked from the right past trusted addresses; an
// entry that is not an address ends the walk at the last trusted hop, since
// nothing beyond it can be believed.
func (r *Resolver) Resolve(peer netip.Addr, header []string) netip.Addr {
	peer = peer.Unmap()
	if !r.Trusts(peer) {
		return peer
	}
	client := peer
	for i := len(header) - 1; i >= 0; i-- {
		hops := strings.Split(header[i], ",")
		for j := len(hops) - 1; j >= 0; j-- {
			a, err := netip.ParseAddr(strings.TrimSpace(hops[j]))
			if err != nil {
				return client
			}
			client = a.Unmap()
			if !r.Trusts(client) {
				return client
			}
		}
	}
	return client
}
