// The bureau's "生成年度报告" button on the dashboard: starts the annual
// report on the server (POST /api/v1/reports), shows its progress by polling
// GET /api/v1/reports?campaign=, then downloads the .zip of its four files.
(function () {
  'use strict';
  var box = document.getElementById('report-job');
  if (!box) { return; }
  var year = Number(box.getAttribute('data-campaign'));
  var button = document.getElementById('report-start');
  var bar = document.getElementById('report-progress');
  var status = document.getElementById('report-status');
  var link = document.getElementById('report-download');
  var statusURL = '/api/v1/reports?campaign=' + year;

  function call(method, url, body) {
    var opts = { method: method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
    if (body) {
      opts.headers['Content-Type'] = 'application/json';
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.json().then(function (data) {
        if (!r.ok) { throw new Error((data.error && data.error.message) || ('请求失败（' + r.status + '）')); }
        return data;
      });
    });
  }

  // show draws a job's state; download says whether a finished job should
  // be downloaded at once (after a click) or only offered (on page load).
  function show(job, download) {
    link.hidden = true;
    if (job.state === 'none') { return; }
    bar.hidden = false;
    bar.value = job.percent || 0;
    if (job.state === 'running') {
      status.textContent = (job.stage || '准备中') + '… ' + (job.percent || 0) + '%';
    } else if (job.state === 'done') {
      status.textContent = '报告已生成。';
      link.href = job.download_url;
      link.hidden = false;
      if (download) { window.location.href = job.download_url; }
    } else {
      status.textContent = job.error || '报告生成失败。';
    }
  }

  function poll(download) {
    call('GET', statusURL).then(function (job) {
      show(job, download);
      if (job.state === 'running') {
        setTimeout(function () { poll(true); }, 500);
      } else {
        button.disabled = false;
      }
    }).catch(function (e) {
      status.textContent = e.message;
      button.disabled = false;
    });
  }

  button.addEventListener('click', function () {
    button.disabled = true;
    status.textContent = '正在启动…';
    call('POST', '/api/v1/reports', { campaign: year }).then(function (job) {
      show(job, false);
      poll(true);
    }).catch(function (e) {
      status.textContent = e.message;
      button.disabled = false;
    });
  });
  poll(false);
}());
