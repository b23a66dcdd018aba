package browser

import (
	"net"
	"testing"
	"time"

	"github.com/gofiber/fiber/v2"
)

// Serve runs app on a random loopback port until the test ends and returns
// its base URL, e.g. "http://127.0.0.1:41234". Browsers and clients that need
// a real socket (oversized bodies, cookies across requests) talk to it.
func Serve(t testing.TB, app *fiber.App) string {
	t.Helper()
	ln, err := net.Listen("tcp4", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go app.Listener(ln) //nolint:errcheck // returns when the app shuts down
	t.Cleanup(func() { _ = app.ShutdownWithTimeout(5 * time.Second) })
	return "http://" + ln.Addr().String()
}
