package handlers

import (
	"net/netip"

	"github.com/gofiber/fiber/v2"
)

// clientIP is the caller's address for limits and the audit log: the
// socket's peer, or behind a trusted proxy the address it forwarded
// (clientip explains which). It is always a valid address.
func (h *handler) clientIP(c *fiber.Ctx) string {
	peer, ok := netip.AddrFromSlice(c.Context().RemoteIP())
	if !ok {
		peer = netip.IPv4Unspecified()
	}
	if h.Proxies == nil || !h.Proxies.Trusts(peer) {
		return peer.Unmap().String()
	}
	var header []string
	for _, v := range c.Request().Header.PeekAll(h.Proxies.Header) {
		header = append(header, string(v))
	}
	return h.Proxies.Resolve(peer, header).String()
}
