package handlers

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"healthcheck/testutil/browser"
)

// TestFirmInBrowser walks the firm's path in a real browser: log in, answer
// part of the questionnaire, reload and find the answers, finish, submit,
// and read the report with its charts drawn, no console error and nothing
// requested from outside the machine.
func TestFirmInBrowser(t *testing.T) {
	env := newTestEnv(t)
	base := env.serve()
	b := browser.New(t)
	ctx := b.Ctx()
	art := browser.ArtifactDir(t)

	// A wrong code gets a clear message on the page.
	must(t, b.Navigate(base+"/login"))
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=credit_code]`, firmA),
		chromedp.SendKeys(`input[name=invite_code]`, "WRON-GCOD-EXXX"),
		chromedp.Click(`#firm-login button[type=submit]`),
		chromedp.WaitVisible(`.alert`),
	))
	msg, err := chromedp.Run(ctx, chromedp.Text(`.alert`))
	must(t, err)
	if !strings.Contains(msg, "邀请码不正确") {
		t.Fatalf("wrong-code message: %q", msg)
	}

	must(t, chromedp.Do(ctx,
		chromedp.SetValue(`input[name=credit_code]`, firmA),
		chromedp.SendKeys(`input[name=invite_code]`, env.invites[firmA]),
		chromedp.Click(`#firm-login button[type=submit]`),
		chromedp.WaitVisible(`#survey-form`),
	))
	shot(t, b, filepath.Join(art, "survey-top.png"))

	// Part of the questionnaire, typed as a person would.
	must(t, chromedp.Do(ctx,
		chromedp.SendKeys(`input[name=p_revenue]`, "52000.5"),
		chromedp.Click(`input[name=p_project][value=no]`),
		chromedp.Click(`input[name=u_systems][value=mes]`),
		chromedp.Click(`input[name=s_quality][value="3"]`),
	))
	waitSaved(t, b)
	must(t, chromedp.Do(ctx, chromedp.Reload(), chromedp.WaitVisible(`#survey-form`)))
	revenue, err := chromedp.Run(ctx, chromedp.Value(`input[name=p_revenue]`))
	must(t, err)
	checked, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.querySelector('input[name=s_quality][value="3"]').checked && document.querySelector('input[name=u_systems][value=mes]').checked`))
	must(t, err)
	if revenue != "52000.5" || !checked {
		t.Fatalf("after reload: revenue %q, choices kept %v", revenue, checked)
	}

	// Submitting early jumps to the first unanswered question.
	must(t, chromedp.Do(ctx, chromedp.Click(`#submit`), chromedp.WaitVisible(`#q-p_employees.invalid`)))

	// Finish: answer every remaining question through the page's own inputs.
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](fillRestJS))
	must(t, err)
	waitSaved(t, b)
	must(t, chromedp.Do(ctx,
		chromedp.Click(`#pledge`),
		chromedp.Click(`#submit`),
		chromedp.WaitVisible(`.score`),
	))
	if n, err := b.AllChartsDrawn(); err != nil || n < 2 {
		t.Fatalf("report charts: %d drawn, %v", n, err)
	}
	must(t, b.Screenshot(filepath.Join(art, "report.png")))
	// On a phone the report and the form still read in one column.
	must(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844)))
	shot(t, b, filepath.Join(art, "report-phone.png"))
	must(t, chromedp.Do(ctx, chromedp.Navigate(base+"/survey"), chromedp.WaitVisible(`#survey-form`)))
	shot(t, b, filepath.Join(art, "survey-phone.png"))
	b.AssertClean(t)
}

// shot saves what is on screen (not the whole page) as PNG.
func shot(t *testing.T, b *browser.Browser, path string) {
	t.Helper()
	png, err := chromedp.Run(b.Ctx(), chromedp.CaptureScreenshot())
	must(t, err)
	must(t, os.WriteFile(path, png, 0o644))
}

func waitSaved(t *testing.T, b *browser.Browser) {
	t.Helper()
	deadline := time.Now().Add(browser.WaitTimeout)
	for time.Now().Before(deadline) {
		s, err := chromedp.Run(b.Ctx(), chromedp.Text(`#save-status`))
		must(t, err)
		if strings.HasPrefix(s, "已保存") {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Fatalf("answers were not saved within %v", browser.WaitTimeout)
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// fillRestJS answers each visible unanswered question with a valid value (a
// phone number or an e-mail address where the field asks for one) and fires
// the events a person's input would.
const fillRestJS = `(() => {
  const numbers = {p_employees: 300, p_invest_avg: 400, p_invest_plan: 500, f_eq_total: 200, f_eq_digital: 120,
    f_eq_networked: 60, u_key_processes: 20, u_key_processes_nc: 10};
  document.querySelectorAll('#survey-form .q').forEach(q => {
    if (q.hidden) return;
    const id = q.dataset.qid, type = q.dataset.type;
    const ins = [...q.querySelectorAll('input, textarea')];
    if (type === 'single' || type === 'scene' || type === 'multi') {
      if (ins.some(i => i.checked)) return;
      const pick = type === 'scene' ? ins[2] : ins.find(i => !('exclusive' in i.dataset)) || ins[0];
      pick.click();
      return;
    }
    if (ins[0].value !== '') return;
    const texts = {phone: '0573-82345678', email: 'contact@example.com'};
    ins[0].value = type === 'text' ? (texts[ins[0].dataset.format] ?? '测试') : String(numbers[id] ?? 1);
    ins[0].dispatchEvent(new Event('input', {bubbles: true}));
  });
  return true;
})()`
