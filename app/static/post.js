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

  function fields() {
    var tags = form.elements.tags.value.split(/[,،;]/).map(function (t) { return t.trim(); }).filter(Boolean);
    return { title: form.elements.title.value, body: form.elements.body.value,
             category: form.elements.category.value, tags: tags, publish: false };
  }

  function say(text) { if (status) status.textContent = text; }

  function save() {
    // A published post is saved only when its author presses save.
    if (saving || published) return;
    var body = fields();
    if (!url && !body.title && !body.body) return;
    saving = true;
    dirty = false;
    fetch(url || createUrl, {
      method: url ? 'PATCH' : 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf, 'Accept': 'application/json' },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function (post) {
      if (!url) {
        url = '/api/v1/posts/' + post.id;
        form.action = '/posts/' + post.id + '/edit';
        if (window.history && history.replaceState) history.replaceState(null, '', '/posts/' + post.id + '/edit');
      }
      say(form.getAttribute('data-saved'));
    }).catch(function () {
      dirty = true;
      say(form.getAttribute('data-failed'));
    }).then(function () { saving = false; if (dirty) schedule(); });
  }

  function schedule() {
    dirty = true;
    clearTimeout(timer);
    timer = setTimeout(save, 3000);
  }

  form.addEventListener('input', schedule);
  window.addEventListener('online', function () { if (dirty) save(); });
})();
