// The one service worker of the site. It keeps three things on the phone:
// the shell (stylesheet, scripts, the offline page, the badge verifier with
// its keys and revocation snapshot), the pages she opened lately, and what
// she chose to keep (a lesson, a module). Pages come from the network when
// there is one; without it, from the phone, with a line saying when they
// were kept. The API is never kept. Signing out clears it all (site.js).
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
    return Promise.all(SHELL_FILES.map(function (f) { return c.add(f).catch(function () {}); }));
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

// Pages a phone should not keep: signing in and out, and the staff's desks.
function notKept(path) {
  return /^\/(login|logout|signup|password|admin|moderation|data-saver|lang)(\/|$)/.test(path);
}

self.addEventListener('fetch', function (e) {
  var request = e.request;
  var url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== location.origin) return;
  var path = url.pathname;
  if (path.indexOf('/api/') === 0 && path !== '/verify/keys.json') return;
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
  if (!html || notKept(path)) return;
  e.respondWith(fetch(request).then(function (r) {
    var type = r.headers.get('content-type') || '';
    if (r.ok && type.indexOf('text/html') === 0) {
      e.waitUntil(keepPage(request, r));
    }
    return r;
  }).catch(function () {
    return kept(request).then(function (hit) {
      if (hit) return offlineCopy(hit);
      if (path.indexOf('/verify/') === 0) return caches.match('/verify');
      return caches.match('/offline').then(function (shelf) { return shelf || Response.error(); });
    });
  }));
});
