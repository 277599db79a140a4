// Saves a post's draft on the server a few seconds after each change, so
// a power cut or a dropped connection loses only the last few seconds.
// The form works without this: its "save draft" button does the same.
(function () {
  'use strict';
  var form = document.getElementById('post-form');
  if (!form || !window.fetch) return;
  var meta = document.querySelector('meta[name=csrf-token]');
  var csrf = meta ? meta.content : '';
  var status = document.getElementById('autosave-status');
  var url = form.getAttribute('data-autosave');
  var createUrl = form.getAttribute('data-autosave-new');
  var published = !form.querySelector('button[value=draft]');
  var timer = null;
  var saving = false;
  var dirty = false;
  // Past the hour's writing limit the server says until when; asking
  // again before then would only be refused (and counted).
  var waitUntil = 0;

  function fields() {
    var tags = form.elements.tags.value.split(/[,،;]/).map(function (t) { return t.trim(); }).filter(Boolean);
    return { title: form.elements.title.value, body: form.elements.body.value,
             category: form.elements.category.value, tags: tags, publish: false };
  }

  function say(text) { if (status) status.textContent = text; }

  // A refusal the server explains (problem details): the limit and when
  // it ends, in the page's words; anything else is the connection.
  function refused(r) {
    if (r.status !== 429) throw new Error(r.status);
    var wait = parseInt(r.headers.get('Retry-After'), 10) || 60;
    waitUntil = Date.now() + wait * 1000;
    return r.json().catch(function () { return {}; }).then(function (problem) {
      var limit = new Error('limit');
      limit.detail = problem.detail || '';
      throw limit;
    });
  }

  function save() {
    // A published post is saved only when its author presses save.
    if (saving || published) return;
    if (Date.now() < waitUntil) { schedule(waitUntil - Date.now()); return; }
    var body = fields();
    if (!url && !body.title && !body.body) return;
    saving = true;
    dirty = false;
    fetch(url || createUrl, {
      method: url ? 'PATCH' : 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json',
                 'Accept-Language': document.documentElement.lang || 'bn' },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) return refused(r);
      return r.json();
    }).then(function (post) {
      if (!url) {
        url = '/api/v1/posts/' + post.id;
        form.action = '/posts/' + post.id + '/edit';
        if (window.history && history.replaceState) history.replaceState(null, '', '/posts/' + post.id + '/edit');
      }
      say(form.getAttribute('data-saved'));
    }).catch(function (e) {
      dirty = true;
      say(e.message === 'limit' ? form.getAttribute('data-limited') + ' ' + e.detail : form.getAttribute('data-failed'));
    }).then(function () { saving = false; if (dirty) schedule(Math.max(3000, waitUntil - Date.now())); });
  }

  function schedule(after) {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, typeof after === 'number' ? after : 3000);
  }

  form.addEventListener('input', function () { schedule(); });
  window.addEventListener('online', function () { if (dirty) save(); });
})();
