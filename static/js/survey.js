// The questionnaire page: fills the form from the saved answers, keeps the
// draft saved while the firm types (debounced, and at once when a field is
// left), shows what is missing, and submits. Answers not yet acknowledged by
// the server are also kept in localStorage, so a closed tab or a crash loses
// nothing; the server refuses a stale save (409) rather than overwrite newer
// answers from another device.
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
  var statusEl = document.getElementById('save-status');
  var progressEl = document.getElementById('progress');

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

  function collect() {
    var out = {};
    questions.forEach(function (q) {
      if (q.hidden) return;
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

  var numberRe = /^-?\d+(\.\d{1,2})?$/;
  function checkOne(q) {
    var v = getValue(q), type = q.dataset.type;
    if (v === undefined) return '';
    if (type === 'number' || type === 'percent') {
      var el = inputs(q)[0];
      if (!/^-?\d+(\.\d+)?$/.test(v)) return '应为数字';
      if (!numberRe.test(v)) return '最多保留两位小数';
      if ('integer' in el.dataset && v.indexOf('.') >= 0) return '应为整数';
      var n = Number(v), lo = el.dataset.min, hi = el.dataset.max;
      if (type === 'percent') { lo = lo || '0'; hi = hi || '100'; }
      var unit = type === 'percent' ? '%' : (q.querySelector('.unit') || {}).textContent || '';
      if (lo !== '' && lo !== undefined && n < Number(lo) || hi !== '' && hi !== undefined && n > Number(hi)) {
        return '应在 ' + lo + ' 到 ' + hi + unit + ' 之间';
      }
    }
    return '';
  }

  // --- progress -------------------------------------------------------------
  function updateProgress() {
    var total = 0, done = 0, sections = {};
    questions.forEach(function (q) {
      var sec = q.closest('[data-section]').dataset.section;
      sections[sec] = sections[sec] || { total: 0, done: 0 };
      if (q.hidden || !('required' in q.dataset)) return;
      total++; sections[sec].total++;
      if (getValue(q) !== undefined) { done++; sections[sec].done++; }
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
    try { localStorage.setItem(localKey, JSON.stringify({ version: version, answers: collect() })); } catch (e) { /* private mode */ }
  }
  function forget() { try { localStorage.removeItem(localKey); } catch (e) { /* ignore */ } }

  function schedule(delay) {
    if (readonly || stopped) return;
    dirty = true;
    remember();
    setStatus('未保存的修改…', 'pending');
    clearTimeout(timer);
    timer = setTimeout(save, delay);
  }

  function api(method, url, body) {
    return fetch(url, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'Accept': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (res) {
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
    setStatus('正在保存…', 'pending');
    return api('PUT', urls.save, { answers: collect(), version: version }).then(function (r) {
      saving = false;
      if (r.status === 200) {
        version = r.data.version;
        retryDelay = 2000;
        var t = new Date(r.data.saved_at);
        questions.forEach(function (q) { if (q.classList.contains('server-invalid')) { q.classList.remove('server-invalid'); showError(q.dataset.qid, checkOne(q)); } });
        if (again || dirty) { again = false; dirty = true; return save(); }
        forget();
        setStatus('已保存 ' + pad(t.getHours()) + ':' + pad(t.getMinutes()), 'saved');
        return true;
      }
      dirty = true;
      if (r.status === 422 && r.data && r.data.error) {
        var fields = r.data.error.fields || {};
        Object.keys(fields).forEach(function (id) { showError(id, fields[id]); if (byId[id]) byId[id].classList.add('server-invalid'); });
        setStatus('有答案不符合要求，修改后会自动保存', 'error');
        return false;
      }
      if (r.status === 409 || r.status === 401 || r.status === 403) {
        stopped = true;
        var msg = r.data && r.data.error ? r.data.error.message : '无法保存';
        if (r.status === 401) msg = '登录已过期，请重新登录后继续（未保存的答案已暂存在本机浏览器中）';
        setStatus(msg, 'error');
        showBanner(msg);
        return false;
      }
      throw new Error('status ' + r.status);
    }).catch(function () {
      saving = false; dirty = true;
      setStatus('网络异常，未保存，稍后自动重试（答案已暂存在本机）', 'error');
      clearTimeout(timer);
      timer = setTimeout(save, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
      return false;
    });
  }

  function showBanner(msg) {
    var b = document.getElementById('banner');
    if (!b) {
      b = document.createElement('p');
      b.id = 'banner'; b.className = 'alert sticky'; b.setAttribute('role', 'alert');
      document.getElementById('survey-bar').after(b);
    }
    b.textContent = msg;
  }

  // --- events -----------------------------------------------------------------
  form.addEventListener('input', function (ev) {
    var q = ev.target.closest('.q');
    if (!q) return;
    showError(q.dataset.qid, checkOne(q));
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
    showError(q.dataset.qid, checkOne(q));
    applyWhen(); updateProgress();
    schedule(300);
  });
  form.addEventListener('focusout', function () { if (dirty) schedule(100); });
  window.addEventListener('beforeunload', function (ev) {
    if (dirty || saving) { remember(); ev.preventDefault(); ev.returnValue = ''; }
  });
  document.addEventListener('visibilitychange', function () { if (document.visibilityState === 'hidden' && dirty) save(); });

  // --- submit -------------------------------------------------------------------
  function firstMissing() {
    var missing = [];
    questions.forEach(function (q) {
      if (q.hidden || !('required' in q.dataset)) return;
      if (getValue(q) === undefined) { missing.push(q); showError(q.dataset.qid, '此题为必答题'); }
    });
    return missing;
  }
  function jumpTo(q) {
    q.scrollIntoView({ behavior: 'smooth', block: 'center' });
    var el = q.querySelector('input, textarea');
    if (el) el.focus({ preventScroll: true });
  }
  var submitBtn = document.getElementById('submit');
  if (submitBtn) submitBtn.addEventListener('click', function () {
    var missing = firstMissing();
    var invalid = questions.filter(function (q) { return !q.hidden && checkOne(q); });
    if (missing.length || invalid.length) {
      setStatus('还有 ' + (missing.length + invalid.length) + ' 道题需要补全或修改', 'error');
      jumpTo(missing[0] || invalid[0]);
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
        ids.forEach(function (id) { showError(id, err.fields[id]); });
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
  applyWhen(); updateProgress();
  if (readonly) inputs(form).forEach(function (el) { el.disabled = true; });
  if (restored) { showBanner('已恢复上次未保存的答案，正在保存…'); dirty = true; save(); }

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
        if (r.status === 201) { dlg.close(); showBanner('更正申请已提交，市经信局核实后会更新名录信息。'); f.reset(); errEl.textContent = ''; return; }
        var e = r.data && r.data.error ? r.data.error : { message: '提交失败' };
        errEl.textContent = e.message + (e.fields ? '：' + Object.keys(e.fields).map(function (k) { return e.fields[k]; }).join('；') : '');
      });
    });
  }
})();
