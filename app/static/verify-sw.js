// Keeps the badge verifier usable with no network: its page, script,
// stylesheet, the issuers' public keys and the revocation snapshot.
// Pages and data are fetched fresh when the network is there.
var CACHE = 'batayon-verify-__VERSION__';
var FILES = ['/verify', '/verify/keys.json', '/verify/status.json', '__VERIFY_JS__', '__CSS__'];
self.addEventListener('install', function (e) {
  e.waitUntil(caches.open(CACHE).then(function (c) { return c.addAll(FILES); }).then(function () { return self.skipWaiting(); }));
});
self.addEventListener('activate', function (e) {
  e.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf('batayon-verify-') === 0 && n !== CACHE; }).map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});
self.addEventListener('fetch', function (e) {
  var url = new URL(e.request.url);
  if (e.request.method !== 'GET' || url.origin !== location.origin) return;
  var data = url.pathname === '/verify/keys.json' || url.pathname === '/verify/status.json';
  if (data || url.pathname === '/verify') {
    e.respondWith(fetch(e.request).then(function (r) {
      if (r.ok) { var copy = r.clone(); caches.open(CACHE).then(function (c) { c.put(url.pathname, copy); }); }
      return r;
    }).catch(function () { return caches.match(url.pathname); }));
  } else if (e.request.mode === 'navigate' && url.pathname.indexOf('/verify/') === 0) {
    // A badge's own page offline: the cached verifier reads the QR's short form from the address.
    e.respondWith(fetch(e.request).catch(function () { return caches.match('/verify'); }));
  } else if (FILES.indexOf(url.pathname) >= 0) {
    e.respondWith(caches.match(url.pathname).then(function (hit) { return hit || fetch(e.request); }));
  }
});
