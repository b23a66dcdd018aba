package handlers

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"healthcheck/models"
)

// Hostile text a firm could put in its roster name or its answers.
const (
	evilName    = `=HYPERLINK("http://x","点我")<script>alert("name")</script>`
	evilNote    = `<img src=x onerror=alert("note")>`
	evilContact = `=cmd|' /C calc'!A0`
	evilPhone   = `+86-573<marquee>`
	evilEmail   = `@SUM(1+1)`
)

// TestHostileTextShowsAsText: a firm name and free-text answers holding
// markup show as text on every officials' page, and spreadsheet cells that
// would start a formula are neutralised in every CSV and stay plain text (never a formula) in every book.
func TestHostileTextShowsAsText(t *testing.T) {
	env := newTestEnv(t)
	ctx := context.Background()
	// 桐乡's firm gets a hostile name; firm A (海宁) submits hostile answers;
	// 南湖's firm keeps a hostile contact in a draft, for the chase list.
	rows := []models.RosterInput{testFirms[1]}
	rows[0].Name = evilName
	rows[0].Band = env.defs.Latest().BandOf(rows[0].RevenueWan)
	if err := env.store.UpsertRoster(ctx, env.campaign.ID, rows); err != nil {
		t.Fatal(err)
	}
	firmCl := env.client()
	mustStatus(t, firmCl.loginFirm(firmA), http.StatusOK)
	answers := fullAnswers(env.defs.Latest())
	answers["n_note"] = evilNote
	answers["p_contact_name"] = evilContact
	mustStatus(t, firmCl.api("PUT", "/api/v1/survey/answers", map[string]any{"answers": answers, "version": 0}), http.StatusOK)
	mustStatus(t, firmCl.api("POST", "/api/v1/survey/submit", map[string]any{"version": 1, "pledge": true}), http.StatusOK)
	nanhu := env.client()
	mustStatus(t, nanhu.loginFirm(firmNanhu), http.StatusOK)
	mustStatus(t, nanhu.api("PUT", "/api/v1/survey/answers", map[string]any{"version": 0,
		"answers": map[string]any{"p_contact_name": evilContact, "p_contact_phone": evilPhone, "p_contact_email": evilEmail}}), http.StatusOK)

	bureau := env.official("bureau-xss", "")
	mustStatus(t, bureau.form("/enterprises/"+firmTongxiang+"/fill", url.Values{"reason": {`<i>纸质</i>`}}), http.StatusSeeOther)
	mustStatus(t, bureau.form("/enterprises/"+firmA+"/review", url.Values{"action": {"return"}, "reason": {`<svg onload=alert(1)>`}}), http.StatusSeeOther)
	for _, path := range []string{"/dashboard", "/dashboard?district=330483", "/enterprises", "/enterprises?q=" + url.QueryEscape("<script>"),
		"/enterprises/" + firmTongxiang, "/enterprises/" + firmA, "/enterprises/" + firmTongxiang + "/fill", "/admin/users"} {
		r := bureau.page(path)
		mustStatus(t, r, http.StatusOK)
		body := string(r.body)
		for _, raw := range []string{`<script>alert`, `<img src=x`, `<svg onload`, `<i>纸质`, `<marquee>`} {
			if strings.Contains(body, raw) {
				t.Errorf("%s: %q reached the page unescaped", path, raw)
			}
		}
	}
	wantIn(t, bureau.page("/enterprises/"+firmA), "&lt;img src=x onerror=alert(&#34;note&#34;)&gt;", "&lt;svg onload=alert(1)&gt;")
	wantIn(t, bureau.page("/enterprises?district=330483"), "&lt;script&gt;alert(&#34;name&#34;)&lt;/script&gt;")
	wantIn(t, bureau.page("/dashboard"), "573&lt;marquee&gt;")
	wantIn(t, firmCl.page("/survey"), "&lt;svg onload=alert(1)&gt;") // the reason, as the firm reads it

	for _, path := range []string{"/dashboard/export.xlsx", "/dashboard/chase.xlsx", "/enterprises.xlsx"} {
		r := bureau.page(path)
		mustStatus(t, r, http.StatusOK)
		// A book's string cell is never evaluated: the hostile text is kept
		// as typed, in a string cell, and no cell holds a formula.
		cells := xlsxCells(t, r.body)
		for _, want := range []string{evilName, evilContact, evilPhone, evilEmail} {
			if path == "/enterprises.xlsx" && want != evilName {
				continue // the list has no contact columns
			}
			if !cells[want] {
				t.Errorf("%s: no text cell %q", path, want)
			}
		}
	}
}

// xlsxCells opens a book and returns the text of every cell of every sheet.
func xlsxCells(t *testing.T, book []byte) map[string]bool {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(book))
	if err != nil {
		t.Fatalf("open the book: %v", err)
	}
	defer f.Close()
	cells := map[string]bool{}
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				cells[v] = true
				name, _ := excelize.CoordinatesToCellName(c+1, r+1)
				if formula, _ := f.GetCellFormula(sheet, name); formula != "" {
					t.Errorf("%s!%s holds a formula %q", sheet, name, formula)
				}
			}
		}
	}
	return cells
}
