// Printing the annual report with page numbers. Chromium has no CSS
// target-counter, so the 目录 cannot show where each chapter starts; Paged.js
// (vendored, MIT) lays the report out in A4 pages in the browser and fills
// target-counter and the page counter. The charts are turned into pictures
// first (Paged.js copies the document, and a copied canvas is blank), without
// their toolbox. After that the view is the printed pages, and printing
// prints them as they are shown.
(function () {
  var done = null;
  function pictures(root) {
    root.querySelectorAll('.chart-card [_echarts_instance_]').forEach(function (el) {
      var chart = window.echarts && echarts.getInstanceByDom(el);
      if (!chart) { return; }
      var img = document.createElement('img');
      img.className = 'chart-picture';
      img.src = chart.getDataURL({type: 'png', pixelRatio: 2, backgroundColor: '#fff', excludeComponents: ['toolbox']});
      img.alt = el.getAttribute('aria-label') || '';
      img.setAttribute('aria-describedby', el.getAttribute('aria-describedby') || '');
      var box = el.closest('.container') || el;
      box.parentNode.replaceChild(img, box);
      chart.dispose();
    });
  }
  // hcPaginate lays the report out in pages once and resolves when done.
  window.hcPaginate = function () {
    if (done) { return done; }
    var main = document.querySelector('main');
    pictures(main);
    main.querySelectorAll('script').forEach(function (s) { s.remove(); });
    var bar = document.querySelector('.print-bar');
    if (bar) { bar.remove(); }
    var content = document.createDocumentFragment();
    content.appendChild(main);
    done = new PagedModule.Previewer().preview(content, undefined, document.body).then(function (flow) {
      document.body.classList.add('paged');
      return flow.total;
    });
    return done;
  };
  window.hcPrint = function () {
    window.hcPaginate().then(function () { window.print(); });
  };
})();
