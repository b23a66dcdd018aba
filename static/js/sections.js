// Phone-first paging of the questionnaire. Below 600 px the long form shows
// one section at a time, with 上一节 / 下一节 and the section chips kept in a
// sticky switcher under the status bar; each chip carries the section's
// count of answered required questions (survey.js fills [data-count]). On a
// wider screen the form stays one long page. Works on the markup of
// survey_form.html: nav.sections a[data-nav], fieldset.section[data-section].
//
// A section hidden this way must come back whenever something in it needs
// the firm: a location hash (#s-… or #q-…), focus moving into it, or an
// 'hc:reveal' event dispatched on a question (survey.js does that before it
// scrolls to an invalid or missing answer).
(function () {
  'use strict';
  var form = document.getElementById('survey-form');
  var nav = document.querySelector('nav.sections');
  if (!form || !nav) { return; }
  var sections = Array.prototype.slice.call(form.querySelectorAll('fieldset.section[data-section]'));
  if (sections.length < 2) { return; }
  var phone = window.matchMedia('(max-width: 599.98px)');
  var bar = document.getElementById('survey-bar');
  var submitBox = document.getElementById('submit-box');
  var current = 0;

  // The pager under the current section: where the firm is, and the way on.
  var pager = document.createElement('div');
  pager.className = 'section-pager';
  pager.innerHTML = '<button type="button" class="prev">上一节</button>' +
    '<span class="where" aria-live="polite"></span>' +
    '<button type="button" class="next primary">下一节</button>';
  form.parentNode.insertBefore(pager, form.nextSibling);
  var prevBtn = pager.querySelector('.prev');
  var nextBtn = pager.querySelector('.next');
  var where = pager.querySelector('.where');

  function indexOf(el) {
    var sec = el && el.closest ? el.closest('fieldset.section[data-section]') : null;
    return sec ? sections.indexOf(sec) : -1;
  }

  function countText(i) {
    var c = nav.querySelector('[data-count="' + sections[i].dataset.section + '"]');
    return c && c.textContent ? ' · 已答 ' + c.textContent : '';
  }

  function paged() { return phone.matches; }

  // render applies the current section to the page (phone) or clears the
  // paging (desktop: every section shows).
  function render() {
    var on = paged();
    form.classList.toggle('paged', on);
    document.body.classList.toggle('survey-paged', on);
    pager.hidden = !on;
    sections.forEach(function (s, i) { s.classList.toggle('current', on && i === current); });
    var links = nav.querySelectorAll('a[data-nav]');
    Array.prototype.forEach.call(links, function (a, i) {
      if (on && i === current) { a.setAttribute('aria-current', 'step'); } else { a.removeAttribute('aria-current'); }
    });
    if (submitBox) { submitBox.classList.toggle('off-section', on && current !== sections.length - 1); }
    if (!on) { return; }
    prevBtn.disabled = current === 0;
    var last = current === sections.length - 1;
    nextBtn.textContent = last ? '去提交' : '下一节';
    nextBtn.hidden = last && !submitBox;
    where.textContent = '第 ' + (current + 1) + '/' + sections.length + ' 节' + countText(current);
    // Bring the current chip into the switcher's row without moving the page.
    var chip = links[current], row = chip && chip.closest('ol');
    if (row) { row.scrollLeft = chip.offsetLeft - (row.clientWidth - chip.offsetWidth) / 2; }
  }

  // show makes section i current; top scrolls the page to its start.
  function show(i, top) {
    if (i < 0 || i >= sections.length) { return; }
    var changed = i !== current;
    current = i;
    render();
    if (!paged()) { return; }
    if (changed && history.replaceState) { history.replaceState(null, '', '#s-' + sections[i].dataset.section); }
    if (top) { sections[i].scrollIntoView({ block: 'start' }); }
  }

  // The sticky switcher sits under the sticky status bar, whatever its height.
  function stickBelowBar() {
    if (bar) { document.documentElement.style.setProperty('--survey-bar-h', bar.offsetHeight + 'px'); }
  }

  nav.addEventListener('click', function (ev) {
    var a = ev.target.closest('a[data-nav]');
    if (!a || !paged()) { return; }
    ev.preventDefault();
    show(indexOf(document.getElementById('s-' + a.dataset.nav)), true);
  });
  prevBtn.addEventListener('click', function () { show(current - 1, true); });
  nextBtn.addEventListener('click', function () {
    if (current < sections.length - 1) { show(current + 1, true); return; }
    if (submitBox) { submitBox.scrollIntoView({ block: 'start' }); }
  });

  // Whatever points into a hidden section brings it up.
  function fromHash() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    var i = indexOf(el);
    if (i >= 0) { show(i, false); if (paged()) { el.scrollIntoView({ block: 'start' }); } }
  }
  window.addEventListener('hashchange', fromHash);
  form.addEventListener('focusin', function (ev) {
    var i = indexOf(ev.target);
    if (i >= 0 && i !== current) { show(i, false); }
  });
  document.addEventListener('hc:reveal', function (ev) {
    var i = indexOf(ev.target);
    if (i >= 0 && i !== current) { show(i, false); }
  });

  // Counts change as survey.js saves and checks; keep the pager's in step.
  if (window.MutationObserver) {
    new MutationObserver(function () { if (paged()) { where.textContent = '第 ' + (current + 1) + '/' + sections.length + ' 节' + countText(current); } })
      .observe(nav, { subtree: true, childList: true, characterData: true });
  }
  if (window.ResizeObserver && bar) { new ResizeObserver(stickBelowBar).observe(bar); }
  stickBelowBar();
  if (phone.addEventListener) { phone.addEventListener('change', render); } else if (phone.addListener) { phone.addListener(render); }
  render();
  if (location.hash) { fromHash(); }
}());
