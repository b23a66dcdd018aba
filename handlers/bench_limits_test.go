package handlers

import (
	"net/http"
	"strings"
	"testing"

	"github.com/gofiber/fiber/v2"

	"healthcheck/testutil/browser"
)

// BenchmarkSaveMillionDigits is a save whose one answer is a number of a
// million digits (a body of about 1 MB, under the 1 MiB limit): refused with
// 422 by the answer parser's length check before any numeric parsing. Beside
// it, a bare Fiber handler receiving the very same body and answering at
// once, so the difference is what the app spends on it (session, JSON
// decoding of the body, the check). One firm, one request at a time. Beside
// the time per request it reports the process's CPU time per request
// (cpu-ms/op: server and client), which a busy machine changes less.
//
//	go test ./handlers -run '^$' -bench SaveMillionDigits -benchtime 50x -count 3
func BenchmarkSaveMillionDigits(b *testing.B) {
	env := newTestEnv(b)
	base := browser.Serve(b, env.app)
	body := []byte(`{"version":0,"answers":{"p_revenue":` + strings.Repeat("9", 1_000_000) + `}}`)
	firm := benchFirm(b, env, base)
	b.Run("app_422", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		defer measureCPU(b)()
		for b.Loop() {
			firm.doStatus(b, "PUT", "/api/v1/survey/answers", body, http.StatusUnprocessableEntity)
		}
	})
	bare := fiber.New(fiber.Config{DisableStartupMessage: true})
	bare.Put("/api/v1/survey/answers", func(c *fiber.Ctx) error { return c.SendStatus(http.StatusOK) })
	bareClient := newBenchClient(browser.Serve(b, bare))
	b.Run("bare_fiber_same_body", func(b *testing.B) {
		b.SetBytes(int64(len(body)))
		defer measureCPU(b)()
		for b.Loop() {
			bareClient.doStatus(b, "PUT", "/api/v1/survey/answers", body, http.StatusOK)
		}
	})
}

// benchFirm logs firm A in with a keep-alive client.
func benchFirm(b *testing.B, env *testEnv, base string) *benchClient {
	cl := env.client()
	mustStatus(b, cl.loginFirm(firmA), http.StatusOK)
	bc := newBenchClient(base)
	bc.cookie = cl.cookies[sessionCookie]
	return bc
}
