// While a teacher types her question's title, shows questions already
// asked that look like it (the form without JavaScript shows them after
// the first submit instead).
(function () {
  'use strict';
  var title = document.getElementById('f-title');
  var box = document.getElementById('similar-live');
  if (!title || !box || !window.fetch) return;
  var timer = null;
  var last = '';
  function show(items) {
    box.textContent = '';
    if (!items.length) { box.hidden = true; return; }
    var head = document.createElement('p');
    head.textContent = box.getAttribute('data-heading');
    var list = document.createElement('ul');
    items.forEach(function (q) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = '/questions/' + q.id;
      a.textContent = q.title;
      li.appendChild(a);
      list.appendChild(li);
    });
    box.appendChild(head);
    box.appendChild(list);
    box.hidden = false;
  }
  function look() {
    var text = title.value.trim();
    if (text.length < 10 || text === last) return;
    last = text;
    fetch('/api/v1/questions/similar?title=' + encodeURIComponent(text), { headers: { 'Accept': 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(show)
      .catch(function () {});
  }
  title.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(look, 600); });
})();
