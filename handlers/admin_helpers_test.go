package handlers

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"healthcheck/models"
)

const testPassword = "correct-horse-battery"

// createAndLogin creates an account and logs in with it.
func (cl *client) createAndLogin(username, role, district string) {
	cl.env.t.Helper()
	if _, err := cl.env.store.CreateUser(cl.env.t.Context(), models.NewUser{Username: username, Password: testPassword,
		Role: role, District: district}); err != nil {
		cl.env.t.Fatal(err)
	}
	mustStatus(cl.env.t, cl.api("POST", "/api/v1/session", map[string]string{"username": username, "password": testPassword}), http.StatusOK)
}

// bureauClient is a logged-in bureau official.
func (e *testEnv) bureauClient() *client {
	cl := e.client()
	cl.createAndLogin("bureau", models.RoleBureau, "")
	return cl
}

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

// csrf reads the form token of a page, as a browser would before posting.
func (cl *client) csrf(page string) string {
	cl.env.t.Helper()
	r := cl.do("GET", page, "", nil)
	mustStatus(cl.env.t, r, http.StatusOK)
	m := csrfRe.FindSubmatch(r.body)
	if m == nil {
		cl.env.t.Fatalf("no CSRF token on %s", page)
	}
	return string(m[1])
}

// post submits a form found on page to action.
func (cl *client) post(page, action string, values url.Values) response {
	cl.env.t.Helper()
	values.Set("_csrf", cl.csrf(page))
	return cl.do("POST", action, "application/x-www-form-urlencoded", strings.NewReader(values.Encode()))
}

// upload submits a file in a multipart form found on page.
func (cl *client) upload(page, action, name string, data []byte) response {
	cl.env.t.Helper()
	var body bytes.Buffer
	ctype := newMultipart(&body, cl.csrf(page), name, data)
	return cl.do("POST", action, ctype, &body)
}

func mustContain(t *testing.T, r response, parts ...string) {
	t.Helper()
	for _, p := range parts {
		if !strings.Contains(string(r.body), p) {
			t.Fatalf("page lacks %q:\n%s", p, r.body)
		}
	}
}

// newMultipart writes a form with the CSRF token and one file, and returns
// its content type.
func newMultipart(body *bytes.Buffer, token, name string, data []byte) string {
	w := multipart.NewWriter(body)
	_ = w.WriteField("_csrf", token)
	f, _ := w.CreateFormFile("file", name)
	_, _ = f.Write(data)
	_ = w.Close()
	return w.FormDataContentType()
}

// submitted logs a firm in, answers everything and submits.
func (e *testEnv) submitted(code string) *client {
	e.t.Helper()
	firm := e.client()
	mustStatus(e.t, firm.loginFirm(code), http.StatusOK)
	mustStatus(e.t, firm.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": fullAnswers(e.defs.Latest()), "version": 0}), http.StatusOK)
	mustStatus(e.t, firm.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)
	return firm
}
