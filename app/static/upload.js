// Resumable uploads for the share form. With JavaScript the file travels by
// tus in 1 MB pieces and, after a dropped connection, goes on from the last
// byte the server has (even after the page is reopened). Without
// JavaScript the plain form posts the file.
(function () {
  'use strict';
  var form = document.getElementById('share-form');
  if (!form || !form.dataset.tus || !window.fetch || !window.Blob) return;
  var input = form.querySelector('input[type=file]');
  var status = document.getElementById('upload-progress');
  var meta = document.querySelector('meta[name=csrf-token]');
  var csrf = meta ? meta.content : '';
  var PIECE = 1024 * 1024;
  var TUS = { 'Tus-Resumable': '1.0.0', 'X-CSRF-Token': csrf };

  function headers(extra) {
    var h = {};
    Object.keys(TUS).forEach(function (k) { h[k] = TUS[k]; });
    Object.keys(extra || {}).forEach(function (k) { h[k] = extra[k]; });
    return h;
  }
  function say(text) { status.hidden = false; status.textContent = text; }
  function mb(n) { return (n / 1048576).toFixed(1); }
  function progress(done, total) {
    return (status.dataset.progress || '{done} / {total}').replace('{done}', mb(done)).replace('{total}', mb(total));
  }
  function b64(text) { return btoa(unescape(encodeURIComponent(text))); }
  function remembered(f) { return 'batayon-upload:' + [f.name, f.size, f.lastModified].join(':'); }
  function sleep(ms) { return new Promise(function (r) { setTimeout(r, ms); }); }

  // An HTTP answer we cannot continue from: let the plain form show the server's message.
  function Refused(status) { this.status = status; }

  function create(f) {
    return fetch(form.dataset.tus, {
      method: 'POST', credentials: 'same-origin',
      headers: headers({ 'Upload-Length': String(f.size), 'Upload-Metadata': 'filename ' + b64(f.name) + ',filetype ' + b64(f.type || 'application/octet-stream') })
    }).then(function (r) {
      if (r.status !== 201) throw new Refused(r.status);
      return r.headers.get('Location');
    });
  }
  function offsetOf(url) {
    return fetch(url, { method: 'HEAD', credentials: 'same-origin', headers: headers() }).then(function (r) {
      return r.status === 200 ? Number(r.headers.get('Upload-Offset')) : null;
    });
  }
  function send(url, f, offset) {
    say(progress(offset, f.size));
    if (offset >= f.size) return Promise.resolve();
    return fetch(url, {
      method: 'PATCH', credentials: 'same-origin', body: f.slice(offset, offset + PIECE),
      headers: headers({ 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' })
    }).then(function (r) {
      if (r.status !== 204) throw new Refused(r.status);
      return send(url, f, Number(r.headers.get('Upload-Offset')));
    });
  }
  function upload(f, attempt) {
    var url = localStorage.getItem(remembered(f));
    return (url ? offsetOf(url) : Promise.resolve(null)).then(function (offset) {
      if (offset !== null) return [url, offset];
      return create(f).then(function (u) { localStorage.setItem(remembered(f), u); return [u, 0]; });
    }).then(function (at) {
      return send(at[0], f, at[1]).then(function () { return at[0]; });
    }).catch(function (err) {
      if (err instanceof Refused || attempt >= 40) throw err;
      say(status.dataset.retrying || '…');
      return sleep(Math.min(30000, 1000 * Math.pow(2, attempt))).then(function () { return upload(f, attempt + 1); });
    });
  }

  form.addEventListener('submit', function (event) {
    var f = input.files && input.files[0];
    if (!f) return;
    event.preventDefault();
    form.querySelector('button').disabled = true;
    upload(f, 0).then(function (url) {
      localStorage.removeItem(remembered(f));
      form.querySelector('input[name=upload_id]').value = url.split('/').pop();
      input.disabled = true;
      say(status.dataset.done || '…');
      form.submit();
    }, function () {
      // Refused (too large, wrong type, …): the plain form shows why.
      localStorage.removeItem(remembered(f));
      form.submit();
    });
  });
})();

// While a teacher types the title and description, offers the chapters
// the text points to, in a list that takes its own room below the chapter
// select (it never covers the fields around it). A tap picks one in the
// select, which still works by hand and without JavaScript; choosing,
// Escape or leaving the list closes it. The chosen chapter is spelled out
// with its class and subject, as the server does.
(function () {
  'use strict';
  var title = document.getElementById('f-title');
  var description = document.getElementById('f-description');
  var select = document.getElementById('f-chapter_id');
  var box = document.getElementById('chapter-suggestions');
  var chosen = document.getElementById('chapter-chosen');
  if (!title || !select || !box) return;
  var timer = null;
  var last = '';

  function close() { box.hidden = true; box.textContent = ''; }
  function tell() {
    if (!chosen) return;
    var option = select.options[select.selectedIndex];
    var group = option && option.parentNode;
    if (!option || !option.value || !group || !group.dataset || !group.dataset.place) {
      chosen.hidden = true;
      chosen.textContent = '';
      return;
    }
    var text = option.textContent.trim();
    var dot = text.indexOf('. ');
    var number = dot > 0 ? text.slice(0, dot) : '';
    var name = dot > 0 ? text.slice(dot + 2) : text;
    chosen.textContent = (chosen.dataset.format || '{place} · {number}: {name}')
      .replace('{place}', group.dataset.place).replace('{number}', number).replace('{name}', name);
    chosen.hidden = false;
  }
  function show(items) {
    box.textContent = '';
    if (!items.length || select.value) { box.hidden = true; return; }
    var head = document.createElement('p');
    head.textContent = box.getAttribute('data-heading');
    box.appendChild(head);
    items.forEach(function (c) {
      var b = document.createElement('button');
      b.type = 'button';
      b.className = 'chip';
      b.textContent = c.name + ' (' + c.place + ')';
      b.addEventListener('click', function () {
        select.value = String(c.chapter_id);
        select.dispatchEvent(new Event('change'));
        close();
        select.focus();
      });
      box.appendChild(b);
    });
    box.hidden = false;
  }
  function look() {
    var text = (title.value + ' ' + (description ? description.value : '')).trim();
    // Once she has a chapter, suggestions would only get in her way.
    if (select.value || text.length < 4 || text === last || !window.fetch) return;
    last = text;
    var headers = { 'Accept': 'application/json', 'Accept-Language': document.documentElement.lang || 'bn' };
    fetch('/api/v1/search/chapters?text=' + encodeURIComponent(text.slice(0, 600)), { headers: headers })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(show)
      .catch(function () {});
  }
  function later() { clearTimeout(timer); timer = setTimeout(look, 700); }
  function escape(event) { if (event.key === 'Escape' && !box.hidden) { close(); } }

  select.addEventListener('change', function () { tell(); if (select.value) close(); });
  box.addEventListener('focusout', function (event) {
    if (!box.contains(event.relatedTarget)) close();
  });
  [title, description, box, select].forEach(function (el) { if (el) el.addEventListener('keydown', escape); });
  title.addEventListener('input', later);
  if (description) description.addEventListener('input', later);
  tell();
  if (title.value) look();
})();
