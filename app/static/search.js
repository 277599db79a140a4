// Suggestions under the site's search box as the teacher types (Bangla,
// English or Banglish); the box is a plain form without JavaScript. The box
// is an ARIA 1.2 combobox: it owns the listbox of suggestions, says whether
// it is open and which option is chosen (aria-activedescendant).
// Also closes the header's menu (a <details>) on Escape or a tap elsewhere,
// and marks tables that scroll sideways.
(function () {
  'use strict';
  var menu = document.querySelector('header .menu');
  if (menu) {
    document.addEventListener('click', function (e) { if (menu.open && !menu.contains(e.target)) menu.open = false; });
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && menu.open) { menu.open = false; menu.querySelector('summary').focus(); }
    });
  }
  // A table wider than its box says that it scrolls (the shadow says so without JavaScript).
  var hint = document.body.getAttribute('data-scroll-hint');
  var boxes = document.querySelectorAll('.table-scroll');
  for (var b = 0; hint && b < boxes.length; b++) {
    if (boxes[b].scrollWidth > boxes[b].clientWidth + 2) {
      var p = document.createElement('p');
      p.className = 'scroll-hint';
      p.textContent = hint;
      boxes[b].parentNode.insertBefore(p, boxes[b]);
    }
  }
  var input = document.getElementById('site-q');
  var list = document.getElementById('site-suggestions');
  if (!input || !list || !window.fetch) return;
  var timer = null, last = '', chosen = -1;
  function options() { return list.querySelectorAll('[role=option]'); }
  function mark(i) {
    var all = options();
    chosen = Math.max(-1, Math.min(i, all.length - 1));
    for (var k = 0; k < all.length; k++) all[k].setAttribute('aria-selected', k === chosen ? 'true' : 'false');
    if (chosen >= 0) input.setAttribute('aria-activedescendant', all[chosen].id);
    else input.removeAttribute('aria-activedescendant');
  }
  function close() {
    list.hidden = true; list.textContent = ''; chosen = -1;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  }
  function show(items) {
    list.textContent = '';
    if (!items.length) { close(); return; }
    items.forEach(function (s, i) {
      // The list item is only a container: the link inside is the option.
      var li = document.createElement('li');
      li.setAttribute('role', 'none');
      var a = document.createElement('a');
      a.href = s.url;
      a.id = 'site-suggestion-' + i;
      a.setAttribute('role', 'option');
      a.setAttribute('aria-selected', 'false');
      a.tabIndex = -1;
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
    else if (e.key === 'Enter' && chosen >= 0) { e.preventDefault(); options()[chosen].click(); }
  });
  document.addEventListener('click', function (e) { if (e.target !== input && !list.contains(e.target)) close(); });
})();
