package handlers

import (
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/gofiber/fiber/v2"

	"healthcheck/models"
	"healthcheck/testutil/browser"
)

// loginFirmInBrowser logs a firm in through the login page and waits for
// its questionnaire.
func loginFirmInBrowser(t *testing.T, b *browser.Browser, base string, env *testEnv, code string) {
	t.Helper()
	must(t, b.Navigate(base+"/login"))
	must(t, chromedp.Do(b.Ctx(),
		chromedp.SendKeys(`input[name=credit_code]`, code),
		chromedp.SendKeys(`input[name=invite_code]`, env.invites[code]),
		chromedp.Click(`#firm-login button[type=submit]`),
		chromedp.WaitVisible(`#survey-form`),
	))
}

// typeAnswersJS answers questions through the page's own inputs, in the
// order given, firing the events a person's typing and clicking would:
// [[id, value], …] with option values for choices (a list for multi).
const typeAnswersJS = `(pairs) => {
  for (const [id, v] of pairs) {
    const q = document.querySelector('#survey-form .q[data-qid="' + id + '"]');
    if (!q) throw new Error('no question ' + id);
    const type = q.dataset.type;
    if (type === 'single' || type === 'scene' || type === 'multi') {
      for (const one of (Array.isArray(v) ? v : [v])) {
        const el = q.querySelector('input[value="' + one + '"]');
        if (!el.checked) el.click();
      }
      continue;
    }
    const el = q.querySelector('input, textarea');
    el.value = String(v);
    el.dispatchEvent(new Event('input', {bubbles: true}));
  }
  return true;
}`

// readAnswersJS reads what the page shows for each question id, as the
// JSON the page would send.
const readAnswersJS = `(ids) => {
  const out = {};
  for (const id of ids) {
    const q = document.querySelector('#survey-form .q[data-qid="' + id + '"]');
    const ins = [...q.querySelectorAll('input, textarea')];
    const type = q.dataset.type;
    if (type === 'multi') out[id] = JSON.stringify(ins.filter(i => i.checked).map(i => i.value));
    else if (type === 'single' || type === 'scene') out[id] = JSON.stringify((ins.find(i => i.checked) || {}).value ?? null);
    else out[id] = JSON.stringify(ins[0].value);
  }
  return out;
}`

// pageValue is how the page shows an answer given to typeAnswersJS.
func pageValue(v any) string {
	switch x := v.(type) {
	case []string:
		b, _ := json.Marshal(x)
		return string(b)
	default:
		b, _ := json.Marshal(fmt.Sprint(x))
		return string(b)
	}
}

// fortyAnswers are the first 40 questions of the edition in form order,
// answered as fullAnswers does, except 其中信息化部分投资 (p_project_it),
// larger than the project's 总投资: the rule project_it_le_total breaks.
func fortyAnswers(env *testEnv) (pairs [][2]any, ids []string) {
	all := fullAnswers(env.defs.Latest())
	all["p_project_total"], all["p_project_it"] = 200, 250
	for _, q := range env.defs.Latest().Questions()[:40] {
		pairs = append(pairs, [2]any{q.ID, all[q.ID]})
		ids = append(ids, q.ID)
	}
	return pairs, ids
}

// shotAt saves the screen at a viewport size, then goes back to 1366×900.
func shotAt(t *testing.T, b *browser.Browser, path string, w, h int64) {
	t.Helper()
	must(t, chromedp.Do(b.Ctx(), chromedp.EmulateViewport(w, h)))
	time.Sleep(300 * time.Millisecond) // the sticky bar settles after the resize
	shot(t, b, path)
	must(t, chromedp.Do(b.Ctx(), chromedp.EmulateViewport(1366, 900)))
}

// waitJS polls a JS expression until it is true.
func waitJS(t *testing.T, b *browser.Browser, what, expr string, within time.Duration) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.Ctx(), within)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](expr, chromedp.WithPollingInterval(100*time.Millisecond))); err != nil {
		status, _ := chromedp.Run(b.Ctx(), chromedp.Text(`#save-status`))
		t.Fatalf("%s: not within %v (%v); status %q", what, within, err, status)
	}
}

// TestDraftFollowsTheFirmToAnotherDevice: in browser A the firm types 40
// answers, one breaking a rule; a fresh browser B (new cookies, empty
// storage) finds all 40, the bad one marked at its field with the reason and
// counted in the status bar; submit from B names it; fixing it lets B submit.
func TestDraftFollowsTheFirmToAnotherDevice(t *testing.T) {
	env := newTestEnv(t)
	base := env.serve()
	art := browser.ArtifactDir(t)
	pairs, ids := fortyAnswers(env)

	a := browser.New(t)
	loginFirmInBrowser(t, a, base, env, firmA)
	must(t, chromedp.Do(a.Ctx(), chromedp.EmulateViewport(1366, 900)))
	_, err := chromedp.Run(a.Ctx(), chromedp.Evaluate[bool](`(`+typeAnswersJS+`)(`+mustJSON(t, pairs)+`)`))
	must(t, err)
	waitSaved(t, a)
	waitJS(t, a, "the bad answer marked in A", `document.querySelector('#q-p_project_it.invalid') !== null`, 10*time.Second)
	a.AssertClean(t)

	b := browser.New(t)
	loginFirmInBrowser(t, b, base, env, firmA)
	must(t, chromedp.Do(b.Ctx(), chromedp.EmulateViewport(1366, 900)))
	got, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[map[string]string](`(`+readAnswersJS+`)(`+mustJSON(t, ids)+`)`))
	must(t, err)
	for _, p := range pairs {
		id := p[0].(string)
		if want := pageValue(p[1]); got[id] != want {
			t.Errorf("B shows %s = %s, A typed %s", id, got[id], want)
		}
	}
	reason, err := chromedp.Run(b.Ctx(), chromedp.Text(`#e-p_project_it`))
	must(t, err)
	if reason != projectITMessage {
		t.Fatalf("B marks p_project_it with %q", reason)
	}
	link, err := chromedp.Run(b.Ctx(), chromedp.Evaluate[string](`(() => { const l = document.getElementById('invalid-link'); return l.hidden ? '' : l.textContent; })()`))
	must(t, err)
	if !strings.HasPrefix(link, "1 个答案不符合要求") {
		t.Fatalf("status bar: %q", link)
	}
	// The link in the status bar takes the firm to the answer.
	must(t, chromedp.Do(b.Ctx(), chromedp.Click(`#invalid-link`)))
	waitJS(t, b, "focus on the bad answer", `document.activeElement && document.activeElement.name === 'p_project_it'`, 5*time.Second)
	shotAt(t, b, filepath.Join(art, "invalid-1366.png"), 1366, 900)
	shotAt(t, b, filepath.Join(art, "invalid-375.png"), 375, 812)

	// B completes the rest; submit names the bad answer and goes to it.
	_, err = chromedp.Run(b.Ctx(), chromedp.Evaluate[bool](fillRestJS))
	must(t, err)
	waitSaved(t, b)
	must(t, chromedp.Do(b.Ctx(), chromedp.Click(`#pledge`), chromedp.Click(`#submit`)))
	waitJS(t, b, "submit refused naming the bad answer",
		`document.getElementById('save-status').textContent.includes('还有 1 道题需要补全或修改') && document.activeElement.name === 'p_project_it'`, 5*time.Second)

	// Fixed, the mark goes and the survey is submitted.
	_, err = chromedp.Run(b.Ctx(), chromedp.Evaluate[bool](`(`+typeAnswersJS+`)([["p_project_it", "80"]])`))
	must(t, err)
	waitSaved(t, b)
	waitJS(t, b, "mark gone", `!document.querySelector('#q-p_project_it').classList.contains('invalid') && document.getElementById('invalid-link').hidden`, 5*time.Second)
	must(t, chromedp.Do(b.Ctx(), chromedp.Click(`#submit`), chromedp.WaitVisible(`.score`)))
	b.AssertClean(t)
}

// TestAnswersTypedWhileTheServerIsGoneAreSaved: a malformed answer is left
// out of the saves and marked while the others are saved; then the server
// stops while the firm types; the page says plainly that the answers are not saved; the
// server comes back on the same address and they are saved without
// retyping, and the notice goes.
func TestAnswersTypedWhileTheServerIsGoneAreSaved(t *testing.T) {
	env := newTestEnv(t)
	srv := browser.ServeRestartable(t, func() *fiber.App { return newApp(t, env.store, env.defs) })
	art := browser.ArtifactDir(t)
	b := browser.New(t)
	ctx := b.Ctx()
	loginFirmInBrowser(t, b, srv.URL(), env, firmA)
	e, err := env.store.EntryByCreditCode(context.Background(), models.CityScope(), env.campaign.ID, firmA)
	must(t, err)
	storedNow := func() map[string][]byte {
		stored, err := env.store.Answers(context.Background(), e.ID)
		must(t, err)
		return stored
	}

	// A malformed answer (a number of 40 digits) is refused by the server;
	// the page keeps it marked, out of the saves, and the others are saved.
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(1366, 900),
		chromedp.SendKeys(`input[name=p_invest_avg]`, strings.Repeat("9", 40)),
		chromedp.SendKeys(`input[name=p_revenue]`, "52000")))
	waitJS(t, b, "the others saved beside a malformed answer",
		`document.getElementById('save-status').textContent.includes('1 个格式有误的答案未保存')`, 15*time.Second)
	if got := storedNow(); string(got["p_revenue"]) != "52000" || got["p_invest_avg"] != nil {
		t.Fatalf("stored beside a malformed answer: %q", got)
	}
	mark, err := chromedp.Run(ctx, chromedp.Text(`#e-p_invest_avg`))
	must(t, err)
	if mark != "数字过长" {
		t.Fatalf("malformed answer marked %q", mark)
	}
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`(`+typeAnswersJS+`)([["p_invest_avg", "400"]])`))
	must(t, err)
	// A contact phone that is none is marked while typed, with the roster
	// import's words, and kept by the server as typed.
	must(t, chromedp.Do(ctx, chromedp.SendKeys(`input[name=p_contact_phone]`, "123")))
	waitJS(t, b, "the phone marked", `document.getElementById('e-p_contact_phone').textContent === '“123”不像电话号码'`, 5*time.Second)
	waitJS(t, b, "saved once fixed", `document.getElementById('save-status').textContent.startsWith('已保存') && !document.getElementById('save-status').textContent.includes('未保存')`, 15*time.Second)

	srv.Stop()
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=p_employees]`, "300"),
		chromedp.Click(`input[name=p_project][value=no]`),
		chromedp.Click(`input[name=s_quality][value="3"]`),
	))
	waitJS(t, b, "the not-saved notice", `!document.getElementById('unsaved-notice').hidden`, 15*time.Second)
	notice, err := chromedp.Run(ctx, chromedp.Text(`#unsaved-notice`))
	must(t, err)
	status, err := chromedp.Run(ctx, chromedp.Text(`#save-status`))
	must(t, err)
	if !strings.Contains(notice, "尚未保存到服务器") || status != "答案尚未保存到服务器" {
		t.Fatalf("notice %q, status %q", notice, status)
	}
	must(t, chromedp.Do(ctx, chromedp.ScrollIntoView(`#q-s_quality`)))
	shotAt(t, b, filepath.Join(art, "unsaved-1366.png"), 1366, 900)
	shotAt(t, b, filepath.Join(art, "unsaved-375.png"), 375, 812)

	srv.Start()
	waitJS(t, b, "saved after the server came back",
		`document.getElementById('unsaved-notice').hidden && document.getElementById('save-status').textContent.startsWith('已保存')`, 40*time.Second)
	waitJS(t, b, "the phone still marked, counted in the status bar",
		`document.getElementById('e-p_contact_phone').textContent === '“123”不像电话号码' && document.getElementById('invalid-link').textContent.startsWith('1 个答案不符合要求')`, 5*time.Second)
	stored := storedNow()
	for id, want := range map[string]string{"p_revenue": "52000", "p_invest_avg": "400", "p_employees": "300", "p_project": `"no"`, "s_quality": "3", "p_contact_phone": `"123"`} {
		if string(stored[id]) != want {
			t.Errorf("stored %s = %s, want %s", id, stored[id], want)
		}
	}
	// The local copy was only a second line of defence: cleared once saved.
	local, err := chromedp.Run(ctx, chromedp.Evaluate[int](`Object.keys(localStorage).filter(k => k.startsWith('hc-draft-')).length`))
	must(t, err)
	if local != 0 {
		t.Errorf("%d local copies left after the save", local)
	}
	// The refused malformed save and the refused connections while the
	// server was gone are expected; nothing else.
	for _, e := range b.Errors() {
		if !strings.Contains(e, "ERR_CONNECTION_REFUSED") && !strings.Contains(e, "status of 422") {
			t.Errorf("page error: %s", e)
		}
	}
	if off := b.OffHost(); len(off) > 0 {
		t.Errorf("requests off the machine: %v", off)
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	must(t, err)
	return string(b)
}
