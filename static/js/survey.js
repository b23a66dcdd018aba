// The questionnaire page: fills the form from the saved answers, keeps the
// draft saved while the firm types (debounced, and at once when a field is
// left), shows what is missing, and submits. The server keeps every answer
// as typed and lists those that break a rule in `invalid`; each is marked at
// its field with the reason, and the status bar counts them and links to the
// first. While typed answers have not reached the server (an error, the
// network or the server gone) the page says so plainly and keeps retrying
// with backoff, and at once when the browser is back online or the tab is
// shown again. Answers not yet acknowledged are also kept in localStorage, a
// second line of defence cleared once the server has them; the server
// refuses a stale save (409) rather than overwrite newer answers from
// another device.
(function () {
  'use strict';
  var form = document.getElementById('survey-form');
  var stateEl = document.getElementById('survey-state');
  if (!form || !stateEl) return;
  var state = JSON.parse(stateEl.textContent);
  var version = state.version;
  var readonly = state.readonly;
  // An official filling in for a firm (代填) saves through their own API.
  var urls = state.urls || { save: '/api/v1/survey/answers', submit: '/api/v1/survey/submit', done: '/report' };
  var localKey = (state.urls ? 'hc-fill-' : 'hc-draft-') + state.entry;
  var dirty = false, saving = false, again = false, stopped = false;
  var timer = null, retryDelay = 2000;
  var firstRetry = 2000, maxRetry = 30000, saveTimeout = 15000;
  var statusEl = document.getElementById('save-status');
  var progressEl = document.getElementById('progress');
  var invalidLink = document.getElementById('invalid-link');
  var unsavedEl = document.getElementById('unsaved-notice');
  // serverInvalid: the server's reasons for answers kept but breaking a rule.
  // malformed: answers the server refused to store at all (422); they are
  // left out of later saves, so the other answers keep flowing, until edited.
  var serverInvalid = state.invalid || {};
  var malformed = {};

  var questions = Array.prototype.slice.call(form.querySelectorAll('.q'));
  var byId = {};
  questions.forEach(function (q) { byId[q.dataset.qid] = q; });

  function inputs(q) { return Array.prototype.slice.call(q.querySelectorAll('input, textarea')); }

  // --- reading and writing the form ---------------------------------------
  function setValue(q, v) {
    var type = q.dataset.type;
    inputs(q).forEach(function (el) {
      if (el.type === 'radio') el.checked = String(v) === el.value;
      else if (el.type === 'checkbox') el.checked = Array.isArray(v) && v.indexOf(el.value) >= 0;
      else el.value = (v === null || v === undefined) ? '' : String(v);
    });
    return type;
  }

  function getValue(q) {
    var type = q.dataset.type, els = inputs(q);
    if (type === 'single' || type === 'scene') {
      var c = els.filter(function (el) { return el.checked; })[0];
      if (!c) return undefined;
      return type === 'scene' ? Number(c.value) : c.value;
    }
    if (type === 'multi') {
      var picked = els.filter(function (el) { return el.checked; }).map(function (el) { return el.value; });
      return picked.length ? picked : undefined;
    }
    var s = els[0].value.trim();
    return s === '' ? undefined : s;
  }

  // collect reads the visible answers; for the server, without those it
  // refused as malformed (the local copy keeps them).
  function collect(forServer) {
    var out = {};
    questions.forEach(function (q) {
      if (q.hidden) return;
      if (forServer && malformed[q.dataset.qid]) return;
      var v = getValue(q);
      if (v !== undefined) out[q.dataset.qid] = v;
    });
    return out;
  }

  // --- conditions (a question asked only when another has some answer) ----
  function holds(cond, answers) {
    var v = answers[cond.ref];
    if (cond.in) return v !== undefined && cond.in.indexOf(String(v)) >= 0;
    if (cond.includes) return Array.isArray(v) && v.indexOf(cond.includes) >= 0;
    if (cond.excludes) return !Array.isArray(v) || v.indexOf(cond.excludes) < 0;
    if (cond.min_level !== undefined) return v !== undefined && Number(v) >= cond.min_level;
    return true;
  }

  function applyWhen() {
    var answers = {};
    questions.forEach(function (q) { var v = getValue(q); if (v !== undefined) answers[q.dataset.qid] = v; });
    questions.forEach(function (q) {
      if (!q.dataset.when) return;
      q.hidden = !holds(JSON.parse(q.dataset.when), answers);
    });
  }

  // --- validation shown beside the question --------------------------------
  function showError(id, msg) {
    var el = document.getElementById('e-' + id);
    if (el) el.textContent = msg || '';
    var q = byId[id];
    if (q) q.classList.toggle('invalid', !!msg);
  }

  // The checks the server makes on one value, so a mistake shows while the
  // firm types; the server's answer (invalid, 422) is the final word.
  var numberRe = /^-?\d+(\.\d{1,2})?$/;
  function checkOne(q) {
    var v = getValue(q), type = q.dataset.type;
    if (v === undefined) return '';
    var el = inputs(q)[0];
    if (type === 'number' || type === 'percent') {
      if (JSON.stringify(v).length > 32) return '数字过长';
      if (!/^-?\d+(\.\d+)?$/.test(v)) return '应为数字';
      var n = Number(v), lo = el.dataset.min, hi = el.dataset.max;
      if (type === 'percent') { lo = lo || '0'; hi = hi || '100'; }
      if (lo !== '' && lo !== undefined && n < Number(lo) || hi !== '' && hi !== undefined && n > Number(hi)) {
        return el.dataset.range;
      }
      if (!numberRe.test(v)) return '最多保留两位小数';
      if ('integer' in el.dataset && v.indexOf('.') >= 0) return '应为整数';
    }
    if (type === 'text' && el.dataset.format) return formatProblem(el.dataset.format, v);
    return '';
  }

  // formatProblem follows the contact package (contact/contact.go), which the
  // roster import uses too.
  function formatProblem(format, s) {
    if (format === 'phone') {
      var digits = (s.match(/[0-9]/g) || []).length;
      if (!/^\+?[0-9()（）\- 转]+$/.test(s) || digits < 7 || digits > 20 || Array.from(s).length > 30) return '“' + s + '”不像电话号码';
    }
    if (format === 'email') {
      var at = s.lastIndexOf('@');
      if (!/^[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"]+$/.test(s) || s.length > 100 || s.indexOf('.', at) < 0 || /\.$/.test(s)) return '“' + s + '”不是有效的电子邮箱';
    }
    return '';
  }

  // mark shows what is wrong with one question: the server's refusal of a
  // malformed value, the check while typing, or the server's reason for an
  // invalid answer it keeps.
  function mark(q) {
    var id = q.dataset.qid;
    var missing = q.dataset.missing !== undefined && getValue(q) === undefined ? '此题为必答题' : '';
    showError(id, malformed[id] || checkOne(q) || serverInvalid[id] || missing);
  }
  function markAll() { questions.forEach(mark); countInvalid(); }

  // invalidQuestions are the visible questions marked wrong, in form order.
  function invalidQuestions() {
    return questions.filter(function (q) { return !q.hidden && q.classList.contains('invalid') && q.dataset.missing === undefined; });
  }
  function countInvalid() {
    if (!invalidLink) return;
    var n = invalidQuestions().length;
    invalidLink.hidden = n === 0;
    invalidLink.textContent = n + ' 个答案不符合要求，去修改 ›';
  }

  // --- progress -------------------------------------------------------------
  // A question counts as answered when its answer is valid, as on the server.
  function updateProgress() {
    var total = 0, done = 0, sections = {};
    questions.forEach(function (q) {
      var sec = q.closest('[data-section]').dataset.section;
      sections[sec] = sections[sec] || { total: 0, done: 0 };
      if (q.hidden || !('required' in q.dataset)) return;
      total++; sections[sec].total++;
      if (getValue(q) !== undefined && !q.classList.contains('invalid')) { done++; sections[sec].done++; }
    });
    progressEl.textContent = '已答 ' + done + ' / ' + total + ' 道必答题';
    Object.keys(sections).forEach(function (s) {
      var el = document.querySelector('[data-count="' + s + '"]');
      if (el) {
        el.textContent = sections[s].done + '/' + sections[s].total;
        el.classList.toggle('complete', sections[s].done === sections[s].total);
      }
    });
  }

  // --- saving ---------------------------------------------------------------
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function setStatus(text, cls) {
    statusEl.textContent = text;
    statusEl.className = cls || '';
  }

  function remember() {
    try { localStorage.setItem(localKey, JSON.stringify({ version: version, answers: collect(false) })); } catch (e) { /* private mode */ }
  }
  function forget() { try { localStorage.removeItem(localKey); } catch (e) { /* ignore */ } }

  function schedule(delay) {
    if (readonly || stopped) return;
    dirty = true;
    remember();
    if (!unsavedEl || unsavedEl.hidden) setStatus('未保存的修改…', 'pending');
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  // notSaved says plainly that typed answers are not on the server yet, and
  // retries with backoff; saved() takes the notice away.
  function notSaved(why) {
    setStatus('答案尚未保存到服务器', 'error');
    if (unsavedEl) {
      unsavedEl.textContent = '答案尚未保存到服务器（' + why + '），正在自动重试，请勿关闭页面。本机浏览器暂存了一份备份。';
      unsavedEl.hidden = false;
    }
    clearTimeout(timer);
    timer = setTimeout(save, retryDelay);
    retryDelay = Math.min(retryDelay * 2, maxRetry);
  }
  function retryNow() {
    if (!dirty || saving || readonly || stopped) return;
    retryDelay = firstRetry;
    clearTimeout(timer);
    save();
  }

  function api(method, url, body) {
    var ctl = window.AbortController ? new AbortController() : null;
    var abort = ctl ? setTimeout(function () { ctl.abort(); }, saveTimeout) : null;
    return fetch(url, {
      method: method, credentials: 'same-origin', signal: ctl ? ctl.signal : undefined,
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
      clearTimeout(abort);
      return res.text().then(function (t) {
        var data = null;
        try { data = t ? JSON.parse(t) : null; } catch (e) { data = null; }
        return { status: res.status, data: data };
      });
    });
  }

  function save() {
    if (!dirty || readonly || stopped) return Promise.resolve(true);
    if (saving) { again = true; return Promise.resolve(false); }
    saving = true; dirty = false;
    if (!unsavedEl || unsavedEl.hidden) setStatus('正在保存…', 'pending');
    return api('PUT', urls.save, { answers: collect(true), version: version }).then(function (r) {
      saving = false;
      if (r.status === 200) {
        version = r.data.version;
        retryDelay = firstRetry;
        serverInvalid = r.data.invalid || {};
        markAll(); updateProgress();
        if (again || dirty) { again = false; dirty = true; return save(); }
        if (unsavedEl) unsavedEl.hidden = true;
        if (restored) { restored = false; showBanner('已恢复本机暂存的答案，并已保存到服务器。', 'notice success'); }
        var t = new Date(r.data.saved_at);
        var kept = Object.keys(malformed).length;
        if (kept === 0) forget();
        setStatus('已保存 ' + pad(t.getHours()) + ':' + pad(t.getMinutes()) + (kept ? '（' + kept + ' 个格式有误的答案未保存）' : ''), kept ? 'error' : 'saved');
        return true;
      }
      dirty = true;
      if (r.status === 422 && r.data && r.data.error && r.data.error.fields) {
        // Malformed values stored nothing: leave them out, keep them marked,
        // and save the other answers at once.
        var fields = r.data.error.fields, found = false;
        Object.keys(fields).forEach(function (id) {
          if (byId[id]) { malformed[id] = fields[id]; found = true; }
        });
        markAll();
        if (!found) { stopped = true; setStatus(r.data.error.message, 'error'); showBanner(r.data.error.message); return false; }
        return save();
      }
      if (r.status >= 500) { notSaved('服务器暂时无法保存'); return false; }
      if (r.status === 409 || r.status === 401 || r.status === 403) {
        stopped = true;
        var msg = r.data && r.data.error ? r.data.error.message : '无法保存';
        if (r.status === 401) msg = '登录已过期，请重新登录后继续（未保存的答案已暂存在本机浏览器中）';
        setStatus(msg, 'error');
        showBanner(msg);
        return false;
      }
      // Anything else (too many requests, a proxy's error page): not saved,
      // retried like a network error, with the server's words if it gave any.
      notSaved(r.data && r.data.error ? r.data.error.message : '服务器返回 ' + r.status);
      return false;
    }).catch(function () {
      saving = false; dirty = true;
      notSaved(navigator.onLine === false ? '网络已断开' : '无法连接服务器');
      return false;
    });
  }

  // showBanner puts a message under the status bar: an error (alert) unless
  // cls says it is neutral ('notice') or good news ('notice success').
  function showBanner(msg, cls) {
    var b = document.getElementById('banner');
    if (!b) {
      b = document.createElement('p');
      b.id = 'banner';
      document.getElementById(unsavedEl ? 'unsaved-notice' : 'survey-bar').after(b);
    }
    b.className = (cls || 'alert') + ' sticky';
    b.setAttribute('role', cls ? 'status' : 'alert');
    b.textContent = msg;
  }

  // --- events -----------------------------------------------------------------
  // edited forgets what the server said about a question's old value.
  function edited(q) {
    var id = q.dataset.qid;
    delete malformed[id]; delete serverInvalid[id]; delete q.dataset.missing;
    mark(q); countInvalid();
  }
  form.addEventListener('input', function (ev) {
    var q = ev.target.closest('.q');
    if (!q) return;
    edited(q);
    applyWhen(); updateProgress();
    schedule(1500);
  });
  form.addEventListener('change', function (ev) {
    var q = ev.target.closest('.q');
    if (!q) return;
    if (ev.target.type === 'checkbox' && ev.target.checked) {
      var exclusive = 'exclusive' in ev.target.dataset;
      inputs(q).forEach(function (el) {
        if (el !== ev.target && (exclusive || 'exclusive' in el.dataset)) el.checked = false;
      });
    }
    edited(q);
    applyWhen(); updateProgress();
    schedule(300);
  });
  form.addEventListener('focusout', function () { if (dirty && (!unsavedEl || unsavedEl.hidden)) schedule(100); });
  window.addEventListener('beforeunload', function (ev) {
    if (dirty || saving) { remember(); ev.preventDefault(); ev.returnValue = ''; }
  });
  document.addEventListener('visibilitychange', function () {
    if (document.visibilityState === 'hidden' && dirty) save();
    if (document.visibilityState === 'visible') retryNow();
  });
  window.addEventListener('online', retryNow);
  if (invalidLink) invalidLink.addEventListener('click', function (ev) {
    ev.preventDefault();
    var first = invalidQuestions()[0];
    if (first) jumpTo(first);
  });

  // --- submit -------------------------------------------------------------------
  function firstMissing() {
    var missing = [];
    questions.forEach(function (q) {
      if (q.hidden || !('required' in q.dataset)) return;
      if (getValue(q) === undefined) { missing.push(q); q.dataset.missing = ''; showError(q.dataset.qid, '此题为必答题'); }
    });
    return missing;
  }
  // jumpTo shows a question: the section script (sections.js) opens the
  // section that holds it on hc:reveal, then it is scrolled to and focused.
  function jumpTo(q) {
    q.dispatchEvent(new CustomEvent('hc:reveal', { bubbles: true }));
    q.scrollIntoView({ behavior: 'smooth', block: 'center' });
    var el = q.querySelector('input, textarea');
    if (el) el.focus({ preventScroll: true });
  }
  var submitBtn = document.getElementById('submit');
  if (submitBtn) submitBtn.addEventListener('click', function () {
    var invalid = invalidQuestions();
    var missing = firstMissing();
    if (missing.length || invalid.length) {
      setStatus('还有 ' + (missing.length + invalid.length) + ' 道题需要补全或修改', 'error');
      var all = missing.concat(invalid);
      jumpTo(questions.filter(function (q) { return all.indexOf(q) >= 0; })[0]);
      return;
    }
    var pledge = document.getElementById('pledge');
    if (!pledge.checked) { showError('pledge', '请阅读并勾选真实性承诺'); pledge.focus(); return; }
    showError('pledge', '');
    submitBtn.disabled = true;
    dirty = true;
    save().then(function (ok) {
      if (!ok) { submitBtn.disabled = false; return; }
      return api('POST', urls.submit, { version: version, pledge: true }).then(function (r) {
        if (r.status === 200) { forget(); window.location.href = urls.done; return; }
        submitBtn.disabled = false;
        var err = r.data && r.data.error ? r.data.error : { message: '提交失败，请稍后重试' };
        setStatus(err.message, 'error');
        var ids = Object.keys(err.fields || {});
        ids.forEach(function (id) {
          if (err.fields[id] !== '此题为必答题') serverInvalid[id] = err.fields[id];
          showError(id, err.fields[id]);
        });
        countInvalid();
        var first = questions.filter(function (q) { return ids.indexOf(q.dataset.qid) >= 0; })[0];
        if (first) jumpTo(first); else showBanner(err.message);
      });
    });
  });

  // --- start ------------------------------------------------------------------
  Object.keys(state.answers || {}).forEach(function (id) { if (byId[id]) setValue(byId[id], state.answers[id]); });
  var restored = false;
  try {
    var local = JSON.parse(localStorage.getItem(localKey) || 'null');
    if (local && !readonly && local.version === version) {
      Object.keys(byId).forEach(function (id) { setValue(byId[id], local.answers[id]); });
      restored = true;
    } else if (local) {
      forget();
    }
  } catch (e) { /* ignore a broken copy */ }
  applyWhen(); markAll(); updateProgress();
  if (readonly) inputs(form).forEach(function (el) { el.disabled = true; });
  if (restored) { showBanner('已恢复本机暂存的答案，正在保存到服务器…', 'notice'); dirty = true; save(); }

  // --- roster correction ------------------------------------------------------
  var dlg = document.getElementById('correction');
  var open = document.getElementById('open-correction');
  if (dlg && open && dlg.showModal) {
    open.addEventListener('click', function (ev) { ev.preventDefault(); dlg.showModal(); });
    document.getElementById('cancel-correction').addEventListener('click', function () { dlg.close(); });
    document.getElementById('correction-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var f = ev.target;
      api('POST', '/api/v1/corrections', { field: f.field.value, requested: f.requested.value, note: f.note.value }).then(function (r) {
        var errEl = document.getElementById('correction-error');
        if (r.status === 201) { dlg.close(); showBanner('更正申请已提交，市经信局核实后会更新名录信息。', 'notice success'); f.reset(); errEl.textContent = ''; return; }
        var e = r.data && r.data.error ? r.data.error : { message: '提交失败' };
        errEl.textContent = e.message + (e.fields ? '：' + Object.keys(e.fields).map(function (k) { return e.fields[k]; }).join('；') : '');
      });
    });
  }
})();
