// Suggestions under the site's search box as the teacher types (Bangla,
// English or Banglish); the box is a plain form without JavaScript.
(function () {
  'use strict';
  var input = document.getElementById('site-q');
  var list = document.getElementById('site-suggestions');
  if (!input || !list || !window.fetch) return;
  var timer = null, last = '', chosen = -1;
  function links() { return list.querySelectorAll('a'); }
  function mark(i) {
    var all = links();
    chosen = Math.max(-1, Math.min(i, all.length - 1));
    for (var k = 0; k < all.length; k++) all[k].setAttribute('aria-selected', k === chosen ? 'true' : 'false');
  }
  function close() { list.hidden = true; list.textContent = ''; chosen = -1; input.setAttribute('aria-expanded', 'false'); }
  function show(items) {
    list.textContent = '';
    if (!items.length) { close(); return; }
    items.forEach(function (s, i) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = s.url;
      a.id = 'site-suggestion-' + i;
      a.setAttribute('role', 'option');
      a.textContent = s.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
  }
  function look() {
    var q = input.value.trim();
    if (q === last) return;
    last = q;
    if (q.length < 2) { close(); return; }
    fetch('/api/v1/search/suggest?q=' + encodeURIComponent(q.slice(0, 100)), { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (items) { if (input.value.trim() === q) show(items); })
      .catch(function () {});
  }
  input.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(look, 250); });
  input.addEventListener('keydown', function (e) {
    if (list.hidden) return;
    if (e.key === 'ArrowDown') { mark(chosen + 1); e.preventDefault(); }
    else if (e.key === 'ArrowUp') { mark(chosen - 1); e.preventDefault(); }
    else if (e.key === 'Escape') { close(); }
    else if (e.key === 'Enter' && chosen >= 0) { e.preventDefault(); links()[chosen].click(); }
  });
  document.addEventListener('click', function (e) { if (e.target !== input && !list.contains(e.target)) close(); });
})();
