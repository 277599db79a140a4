// On every page: registers the site's service worker, keeps a lesson or a
// module on the phone when she asks ("Keep for offline", its size shown
// first, within the space she allows), draws /offline (what is kept, how
// much room it takes, remove), and clears everything the phone keeps when
// she signs out or another account signs in on it.
(function () {
  'use strict';
  if (!('serviceWorker' in navigator) || !window.caches || !window.localStorage || !window.fetch) return;
  navigator.serviceWorker.register('/sw.js').catch(function () {});
  var SAVED = 'batayon-saved';
  var INDEX = 'batayon-saved-index';
  var OWNER = 'batayon-owner';
  var BUDGET = 'batayon-offline-budget';
  var MB = 1048576;

  function index() {
    try { return JSON.parse(localStorage.getItem(INDEX) || '[]'); } catch (e) { return []; }
  }
  function keepIndex(list) { localStorage.setItem(INDEX, JSON.stringify(list)); }
  function budget(fallback) { return (parseInt(localStorage.getItem(BUDGET), 10) || fallback || 200) * MB; }
  function used() { return index().reduce(function (n, e) { return n + (e.bytes || 0); }, 0); }
  function digits(text, lang) {
    return lang === 'bn' ? String(text).replace(/[0-9]/g, function (d) { return '০১২৩৪৫৬৭৮৯'[d]; }) : String(text);
  }
  function size(bytes, lang) {
    var text = bytes < MB ? Math.max(1, Math.ceil(bytes / 1024)) + ' KB'
      : (bytes < 10 * MB ? (bytes / MB).toFixed(1) : Math.round(bytes / MB)) + ' MB';
    return digits(text, lang);
  }

  // Everything the phone keeps for whoever was signed in: kept pages and
  // files, waiting quiz answers and drafts, and the worker itself (the next
  // page registers a fresh one).
  function clearAll() {
    try { indexedDB.deleteDatabase('batayon'); } catch (e) { /* nothing kept */ }
    Object.keys(localStorage).filter(function (k) { return k.indexOf('batayon-') === 0 && k !== BUDGET; })
      .forEach(function (k) { localStorage.removeItem(k); });
    return caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n.indexOf('batayon-') === 0; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () {
      return navigator.serviceWorker.getRegistrations();
    }).then(function (regs) {
      return Promise.all(regs.map(function (r) { return r.unregister(); }));
    }).catch(function () {});
  }

  var me = document.querySelector('meta[name=batayon-user]');
  var owner = localStorage.getItem(OWNER);
  var ready = Promise.resolve();
  // Another account, or no account any more (her session ended elsewhere):
  // nothing of hers stays for whoever holds the phone. Judged only on a
  // page the portal itself just answered, never on the phone's copy.
  var fresh = navigator.onLine && !document.querySelector('.offline-note');
  if (owner && fresh && (!me || owner !== me.content)) ready = clearAll();
  ready.then(function () { if (me) localStorage.setItem(OWNER, me.content); });

  Array.prototype.forEach.call(document.querySelectorAll('form[action="/logout"]'), function (form) {
    form.addEventListener('submit', function (e) {
      e.preventDefault();
      clearAll().then(function () { form.submit(); });
    });
  });

  // Asks the service worker, and waits for its answer.
  function ask(message) {
    return navigator.serviceWorker.ready.then(function (reg) {
      return new Promise(function (ok) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (e) { ok(e.data); };
        reg.active.postMessage(message, [channel.port2]);
      });
    });
  }
  function flushOutbox() {
    if (!navigator.onLine) return;
    var token = document.querySelector('meta[name=csrf-token]');
    if (!token) return;
    navigator.serviceWorker.ready.then(function (reg) { reg.active.postMessage({ type: 'flush', csrf: token.content }); });
  }
  window.addEventListener('online', flushOutbox);
  ready.then(flushOutbox);

  // A form sent with no network goes to the outbox instead of failing.
  Array.prototype.forEach.call(document.querySelectorAll('form[data-outbox]'), function (form) {
    form.addEventListener('submit', function (e) {
      if (navigator.onLine || !navigator.serviceWorker.controller || e.defaultPrevented) return;
      e.preventDefault();
      var fields = [];
      new FormData(form, e.submitter).forEach(function (value, name) {
        fields.push(typeof value === 'string' ? [name, value] : [name, value, value.name]);
      });
      var item = {
        key: crypto.randomUUID(), action: new URL(form.action).pathname, multipart: form.enctype === 'multipart/form-data',
        title: form.getAttribute('data-outbox') + ' · ' + document.title.split(' · ')[0], page: location.pathname,
        at: new Date().toISOString(), state: 'waiting', fields: fields,
      };
      ask({ type: 'queue', item: item }).then(function (kept) {
        if (!kept) return;
        var note = document.createElement('p');
        note.className = 'notice outbox-note';
        note.setAttribute('role', 'status');
        note.textContent = document.body.getAttribute('data-outbox-kept') + ' ';
        var link = document.createElement('a');
        link.href = '/offline#outbox';
        link.textContent = document.body.getAttribute('data-outbox-open');
        note.appendChild(link);
        form.parentNode.insertBefore(note, form);
        form.reset();
        navigator.serviceWorker.ready.then(function (reg) { if (reg.sync) reg.sync.register('outbox').catch(function () {}); });
      });
    });
  });

  // A page kept for offline brings its own scripts and stylesheet along.
  function withAssets(cache, url, response) {
    var headers = new Headers(response.headers);
    headers.set('x-kept-at', new Date().toISOString());
    return response.blob().then(function (body) {
      var put = cache.put(url, new Response(body, { status: 200, headers: headers }));
      if ((response.headers.get('content-type') || '').indexOf('text/html') !== 0) {
        return put.then(function () { return body.size; });
      }
      return Promise.all([put, body.text()]).then(function (r) {
        var assets = (r[1].match(/(?:src|href)="(\/static\/[^"]+)"/g) || []).map(function (m) { return m.split('"')[1]; });
        return Promise.all(assets.map(function (a) { return cache.add(a).catch(function () {}); }));
      }).then(function () { return body.size; });
    });
  }

  function save(button, what) {
    var others = index().filter(function (e) { return e.page !== what.page; });
    var mine = others.reduce(function (n, e) { return n + (e.bytes || 0); }, 0);
    // Kept again, it takes the place of its old copy.
    if (what.bytes > budget() - mine) {
      button.textContent = button.getAttribute('data-full');
      return Promise.resolve();
    }
    button.disabled = true;
    button.textContent = button.getAttribute('data-saving');
    return caches.open(SAVED).then(function (cache) {
      return Promise.all(what.urls.map(function (url) {
        return fetch(url, { credentials: 'same-origin' }).then(function (r) {
          if (!r.ok) throw new Error(url + ' ' + r.status);
          return withAssets(cache, url, r);
        });
      }));
    }).then(function (sizes) {
      var bytes = sizes.reduce(function (a, b) { return a + b; }, 0);
      others.push({ page: what.page, title: what.title, urls: what.urls, bytes: bytes, at: new Date().toISOString() });
      keepIndex(others);
      button.textContent = button.getAttribute('data-saved');
    }).catch(function () {
      button.disabled = false;
      button.textContent = button.getAttribute('data-failed');
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll('button.save-offline'), function (button) {
    var page = button.getAttribute('data-page');
    button.hidden = false;
    if (index().some(function (e) { return e.page === page; })) {
      button.textContent = button.getAttribute('data-saved');
    }
    button.addEventListener('click', function () {
      var list = button.getAttribute('data-list');
      var what = list
        ? fetch(list, { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then(function (r) {
          if (!r.ok) throw new Error(list + ' ' + r.status);
          return r.json();
        })
        : Promise.resolve({
          page: page,
          title: button.getAttribute('data-title'),
          urls: JSON.parse(button.getAttribute('data-urls') || '[]'),
          bytes: parseInt(button.getAttribute('data-bytes'), 10) || 0,
        });
      what.then(function (w) { return save(button, w); }).catch(function () {
        button.textContent = button.getAttribute('data-failed');
      });
    });
  });

  // /offline: what waits to be sent.
  var outbox = document.getElementById('outbox');
  function drawOutbox() {
    ask({ type: 'list' }).then(function (items) {
      // Quiz answers wait in quiz.js's own list, sent by the quiz page.
      var quizzes = [];
      try { quizzes = JSON.parse(localStorage.getItem('batayon-pending-attempts') || '[]'); } catch (e) { /* none */ }
      quizzes.forEach(function (q) {
        items.push({ quiz: q.key, title: outbox.getAttribute('data-quiz'), page: '/learn/quizzes/' + q.quiz, state: 'waiting' });
      });
      var ul = document.getElementById('outbox-list');
      ul.textContent = '';
      if (!items.length) {
        var none = document.createElement('li');
        none.textContent = outbox.getAttribute('data-empty');
        ul.appendChild(none);
      }
      items.forEach(function (item) {
        var li = document.createElement('li');
        var title = document.createElement('strong');
        title.textContent = item.title;
        var state = document.createElement('span');
        state.className = item.state === 'refused' ? 'error' : 'muted';
        state.textContent = ' · ' + outbox.getAttribute(item.state === 'refused' ? 'data-refused' : 'data-waiting') +
          (item.message ? ': ' + item.message : '');
        li.appendChild(title);
        li.appendChild(state);
        if (item.state === 'refused') {
          var mend = document.createElement('a');
          mend.href = item.page;
          mend.textContent = ' ' + outbox.getAttribute('data-mend');
          li.appendChild(mend);
        }
        var remove = document.createElement('button');
        remove.type = 'button';
        remove.className = 'link';
        remove.textContent = outbox.getAttribute('data-remove');
        remove.addEventListener('click', function () {
          if (!item.quiz) return ask({ type: 'remove', key: item.key });
          var rest = JSON.parse(localStorage.getItem('batayon-pending-attempts') || '[]')
            .filter(function (q) { return q.key !== item.quiz; });
          localStorage.setItem('batayon-pending-attempts', JSON.stringify(rest));
          drawOutbox();
        });
        li.appendChild(remove);
        ul.appendChild(li);
      });
      outbox.hidden = false;
    });
  }
  if (outbox) {
    navigator.serviceWorker.addEventListener('message', function (e) {
      if (e.data && e.data.type === 'outbox-changed') drawOutbox();
    });
    drawOutbox();
  }

  // /offline: what this phone keeps.
  var shelf = document.getElementById('offline-shelf');
  if (!shelf) return;
  var lang = shelf.getAttribute('data-lang');
  var fallback = parseInt(shelf.getAttribute('data-budget'), 10);
  var list = document.getElementById('offline-list');
  var form = document.getElementById('offline-budget');
  form.budget.value = budget(fallback) / MB;
  function remove(entry) {
    var rest = index().filter(function (e) { return e.page !== entry.page; });
    var still = {};
    rest.forEach(function (e) { e.urls.forEach(function (u) { still[u] = true; }); });
    return caches.open(SAVED).then(function (cache) {
      return Promise.all(entry.urls.filter(function (u) { return !still[u]; }).map(function (u) { return cache.delete(u); }));
    }).then(function () { keepIndex(rest); draw(); });
  }
  function draw() {
    var entries = index();
    list.textContent = '';
    document.getElementById('offline-used').textContent = shelf.getAttribute('data-used')
      .replace('USED', size(used(), lang)).replace('BUDGET', size(budget(fallback), lang));
    if (!entries.length) {
      var empty = document.createElement('li');
      empty.textContent = shelf.getAttribute('data-empty');
      list.appendChild(empty);
    }
    entries.forEach(function (entry) {
      var li = document.createElement('li');
      var a = document.createElement('a');
      a.href = entry.page;
      a.textContent = entry.title;
      var about = document.createElement('span');
      about.className = 'muted';
      about.textContent = ' · ' + size(entry.bytes, lang) + ' · ' +
        new Date(entry.at).toLocaleDateString(lang === 'bn' ? 'bn-BD' : 'en-GB');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'link';
      button.textContent = shelf.getAttribute('data-remove');
      button.addEventListener('click', function () { remove(entry); });
      li.appendChild(a);
      li.appendChild(about);
      li.appendChild(button);
      list.appendChild(li);
    });
  }
  form.addEventListener('submit', function (e) {
    e.preventDefault();
    var mb = parseInt(form.budget.value, 10);
    if (mb >= 20 && mb <= 5000) localStorage.setItem(BUDGET, String(mb));
    draw();
  });
  shelf.hidden = false;
  draw();
})();
