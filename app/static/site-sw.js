// The one service worker of the site. It keeps three things on the phone:
// the shell (stylesheet, scripts, the offline page, the badge verifier with
// its keys and revocation snapshot), the pages she opened lately, and what
// she chose to keep (a lesson, a module). Pages come from the network when
// there is one; without it, from the phone, with a line saying when they
// were kept. The API is never kept. Signing out clears it all (site.js).
// It also holds the outbox: forms she sent with no network (a comment, a
// practice log with its photo and voice note, encouragement, a blog post),
// sent when the connection returns (Background Sync where the browser has
// it, else when a page opens online), each once under its own key.
'use strict';
var SHELL = 'batayon-shell-__VERSION__';
var PAGES = 'batayon-pages';
var SAVED = 'batayon-saved';
// Pages opened lately, beyond which the oldest go.
var RECENT = 40;
var SHELL_FILES = ['/offline', '__CSS__', '__SITE_JS__', '/icons/192.png', '/verify', '/verify/keys.json',
  '/verify/status.json', '__VERIFY_JS__'];
var BANNER = { bn: '__BANNER_BN__', en: '__BANNER_EN__' };

self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(SHELL).then(function (c) {
    // One file failing (the verifier's data on a fresh portal) must not
    // stop the rest from being kept.
    // Fetched as nobody: the shell is the same whoever holds the phone.
    return Promise.all(SHELL_FILES.map(function (f) {
      return c.add(new Request(f, { credentials: 'omit' })).catch(function () {});
    }));
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) {
      return (n.indexOf('batayon-shell-') === 0 && n !== SHELL) || n.indexOf('batayon-verify-') === 0;
    }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

// A kept copy answering a Range request (a video seeking) with its part.
function ranged(request, response) {
  var range = request.headers.get('range');
  var m = range && /^bytes=(\d+)-(\d*)$/.exec(range.trim());
  if (!m) return Promise.resolve(response);
  return response.blob().then(function (blob) {
    var start = parseInt(m[1], 10);
    var end = m[2] ? Math.min(parseInt(m[2], 10), blob.size - 1) : blob.size - 1;
    if (start >= blob.size) return new Response(null, { status: 416, headers: { 'Content-Range': 'bytes */' + blob.size } });
    var headers = new Headers(response.headers);
    headers.set('Content-Range', 'bytes ' + start + '-' + end + '/' + blob.size);
    headers.set('Content-Length', String(end - start + 1));
    return new Response(blob.slice(start, end + 1), { status: 206, headers: headers });
  });
}

function kept(request) {
  return caches.open(SAVED).then(function (c) { return c.match(request, { ignoreVary: true }); }).then(function (hit) {
    return hit || caches.open(PAGES).then(function (c) { return c.match(request, { ignoreVary: true }); });
  });
}

// The phone's copy of a page, with the line saying it is one.
function offlineCopy(response) {
  var when = new Date(response.headers.get('x-kept-at') || response.headers.get('date') || Date.now());
  return response.text().then(function (html) {
    var bn = /<html lang="bn"/.test(html);
    var date = when.toLocaleDateString(bn ? 'bn-BD' : 'en-GB', { day: 'numeric', month: 'long', year: 'numeric' });
    var line = '<p class="notice offline-note" role="status">' + (bn ? BANNER.bn : BANNER.en).replace('DATE', date) + '</p>';
    html = html.replace('<main id="main">', '<main id="main">' + line);
    return new Response(html, { headers: { 'Content-Type': 'text/html; charset=utf-8' } });
  });
}

function keepPage(request, response) {
  var headers = new Headers(response.headers);
  headers.set('x-kept-at', new Date().toISOString());
  return response.clone().blob().then(function (body) {
    return caches.open(PAGES).then(function (c) {
      return c.put(request.url, new Response(body, { status: 200, headers: headers })).then(function () {
        return c.keys();
      }).then(function (keys) {
        return Promise.all(keys.slice(0, Math.max(0, keys.length - RECENT)).map(function (k) { return c.delete(k); }));
      });
    });
  });
}

// Pages a phone keeps: the library, learning, practice and the community,
// her badges and the verifier. Not the staff's desks, accounts or settings.
function keepable(path) {
  return path === '/' || /^\/(contents|curriculum|courses|learn|practice|questions|posts|ideas|recognition|ambassadors|verify|teachers|feed|search|offline|backpack)(\/|$)/.test(path);
}

self.addEventListener('fetch', function (e) {
  var request = e.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  var path = url.pathname;
  if (path.indexOf('/api/') === 0) return;
  if (path === '/verify/keys.json' || path === '/verify/status.json') {
    e.respondWith(fetch(request).then(function (r) {
      if (r.ok) { var copy = r.clone(); caches.open(SHELL).then(function (c) { c.put(path, copy); }); }
      return r;
    }).catch(function () { return caches.match(path); }));
    return;
  }
  if (path.indexOf('/static/') === 0 || path.indexOf('/icons/') === 0) {
    e.respondWith(caches.match(request, { ignoreVary: true }).then(function (hit) {
      return hit || fetch(request).then(function (r) {
        if (r.ok) { var copy = r.clone(); caches.open(SHELL).then(function (c) { c.put(request, copy); }); }
        return r;
      });
    }));
    return;
  }
  // Files and previews she kept: from the phone first (they do not change).
  if (/^\/contents\/\d+\/(file|renditions\/)/.test(path)) {
    e.respondWith(caches.open(SAVED).then(function (c) { return c.match(path, { ignoreVary: true }); }).then(function (hit) {
      return hit ? ranged(request, hit) : fetch(request);
    }));
    return;
  }
  var html = request.mode === 'navigate' || (request.headers.get('accept') || '').indexOf('text/html') >= 0;
  if (!html || !keepable(path)) return;
  e.respondWith(fetch(request).then(function (r) {
    var type = r.headers.get('content-type') || '';
    var stored = !/no-store/.test(r.headers.get('cache-control') || '') && !r.redirected;
    if (r.ok && stored && type.indexOf('text/html') === 0) {
      e.waitUntil(keepPage(request, r));
    }
    return r;
  }).catch(function () {
    return kept(request).then(function (hit) {
      if (hit) return offlineCopy(hit);
      // The verifier checks a badge's code with no network: its page and
      // a badge's own page fall back to it, everything else to the shelf.
      var shell = path === '/verify' || path.indexOf('/verify/') === 0 ? '/verify' : '/offline';
      return caches.match(shell).then(function (page) { return page ? offlineCopy(page) : Response.error(); });
    });
  }));
});

// The outbox, in IndexedDB (it holds files).
var DB = 'batayon';
var OUTBOX = 'outbox';
function store(mode, work) {
  return new Promise(function (ok, fail) {
    var open = indexedDB.open(DB, 1);
    open.onupgradeneeded = function () { open.result.createObjectStore(OUTBOX, { keyPath: 'key' }); };
    open.onerror = function () { fail(open.error); };
    open.onsuccess = function () {
      var db = open.result;
      var t = db.transaction(OUTBOX, mode);
      var asked = work(t.objectStore(OUTBOX));
      t.oncomplete = function () { db.close(); ok(asked ? asked.result : undefined); };
      t.onerror = function () { db.close(); fail(t.error); };
    };
  });
}

// What the portal said was wrong, from the form page it sent back.
function reasons(html, status) {
  var found = [];
  html.replace(/class="error"[^>]*>([\s\S]*?)<\/p>/g, function (_, text) {
    found.push(text.replace(/<[^>]*>/g, '').trim());
  });
  return found.filter(Boolean).slice(0, 3).join(' · ') || ('HTTP ' + status);
}

function body(item) {
  if (item.multipart) {
    var form = new FormData();
    item.fields.forEach(function (f) { if (f.length > 2) form.append(f[0], f[1], f[2]); else form.append(f[0], f[1]); });
    return form;
  }
  var plain = new URLSearchParams();
  item.fields.forEach(function (f) { plain.append(f[0], f[1]); });
  return plain;
}

function tellPages() {
  return self.clients.matchAll().then(function (pages) {
    pages.forEach(function (p) { p.postMessage({ type: 'outbox-changed' }); });
  });
}

// Sends what waits, oldest first; stops at the first lost connection, and
// at a session that ended (she signs in again, and it goes then). A page
// asking for a flush gives its own form token: a form kept under an ended
// session carries the old one.
var flushing = null;
function flush(csrf) {
  if (flushing) return flushing;
  flushing = store('readonly', function (s) { return s.getAll(); }).then(function (items) {
    items.sort(function (a, b) { return a.at < b.at ? -1 : 1; });
    return items.filter(function (i) { return i.state === 'waiting'; }).reduce(function (chain, item) {
      return chain.then(function (online) {
        if (!online) return false;
        if (csrf) {
          item.fields = item.fields.map(function (f) { return f[0] === '_csrf' ? ['_csrf', csrf] : f; });
        }
        return fetch(item.action, {
          method: 'POST', body: body(item), credentials: 'same-origin', redirect: 'manual',
          headers: { 'Idempotency-Key': item.key },
        }).then(function (r) {
          if (r.type === 'opaqueredirect' || (r.status >= 200 && r.status < 300)) {
            return store('readwrite', function (s) { return s.delete(item.key); }).then(function () { return true; });
          }
          // Being acted on already, or the portal is unwell: later.
          if (r.status === 409 || r.status >= 500) return true;
          // Signed out meanwhile: it waits for her to sign in again.
          if (r.status === 401) return false;
          return r.text().then(function (html) {
            item.state = 'refused';
            item.message = reasons(html, r.status);
            return store('readwrite', function (s) { return s.put(item); }).then(function () { return true; });
          });
        }, function () { return false; });
      });
    }, Promise.resolve(true));
  }).catch(function () {}).then(tellPages).then(function () { flushing = null; });
  return flushing;
}

self.addEventListener('sync', function (e) {
  if (e.tag === 'outbox') e.waitUntil(flush());
});

self.addEventListener('message', function (e) {
  var m = e.data || {};
  var port = e.ports && e.ports[0];
  function reply(v) { if (port) port.postMessage(v); }
  if (m.type === 'queue') {
    e.waitUntil(store('readwrite', function (s) { return s.put(m.item); })
      .then(function () { reply(true); }, function () { reply(false); }));
  } else if (m.type === 'list') {
    e.waitUntil(store('readonly', function (s) { return s.getAll(); }).then(function (items) {
      reply(items.map(function (i) {
        return { key: i.key, title: i.title, page: i.page, at: i.at, state: i.state, message: i.message };
      }));
    }, function () { reply([]); }));
  } else if (m.type === 'remove') {
    e.waitUntil(store('readwrite', function (s) { return s.delete(m.key); }).then(tellPages).then(function () { reply(true); }));
  } else if (m.type === 'flush') {
    e.waitUntil(flush(m.csrf));
  }
});
