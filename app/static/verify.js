// Checks a badge's QR short form on the phone itself: the Ed25519
// signature against the issuer keys this phone cached, the revocation
// snapshot and the expiry date. Works with no network once /verify has
// been opened (the site's service worker keeps this page, the keys and
// the snapshot). Messages come from the page, in its language.
(function () {
  'use strict';
  var box = document.getElementById('offline-check');
  if (!box) return;
  function b64url(text) {
    var s = text.replace(/-/g, '+').replace(/_/g, '/');
    while (s.length % 4) s += '=';
    var bin = atob(s);
    var out = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  }
  function say(kind, text, details) {
    box.hidden = false;
    box.className = 'verdict verdict-' + kind;
    box.textContent = '';
    var h = document.createElement('p');
    h.className = 'verdict-title';
    h.textContent = text;
    box.appendChild(h);
    (details || []).forEach(function (d) {
      var p = document.createElement('p');
      p.textContent = d;
      box.appendChild(p);
    });
    box.dataset.status = kind;
  }
  var BN = '০১২৩৪৫৬৭৮৯';
  function digits(text) {
    if (box.dataset.lang !== 'bn') return text;
    return String(text).replace(/[0-9]/g, function (d) { return BN[d]; });
  }
  // "2026-12-04" as the page writes days: "৪ ডিসেম্বর ২০২৬".
  function day(iso) {
    var m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    var months = (box.dataset.months || '').split(',');
    if (!m || months.length !== 12) return iso;
    return Number(m[3]) + ' ' + months[Number(m[2]) - 1] + ' ' + m[1];
  }
  function fill(template, values) {
    return template.replace(/%(\w+)%/g, function (_, k) { return values[k] == null ? '' : digits(values[k]); });
  }
  function json(url) {
    return fetch(url, { credentials: 'omit' }).then(function (r) {
      if (!r.ok) throw new Error(url);
      return r.json();
    });
  }
  async function check(compact) {
    var t = box.dataset;
    delete box.dataset.status;
    var parts = compact.split('.');
    var claim;
    try {
      claim = JSON.parse(new TextDecoder().decode(b64url(parts[0])));
    } catch (e) {
      return say('invalid', t.invalid);
    }
    var keys, status;
    try {
      keys = await json('/verify/keys.json');
      status = await json('/verify/status.json');
    } catch (e) {
      return say('unknown', t.nokeys);
    }
    var issuer = keys.issuers[String(claim.issuer)];
    var raw = issuer && issuer.keys[String(claim.key)];
    if (!raw || !crypto.subtle) return say('invalid', t.invalid);
    var good = false;
    try {
      var key = await crypto.subtle.importKey('raw', b64url(raw), { name: 'Ed25519' }, false, ['verify']);
      good = await crypto.subtle.verify({ name: 'Ed25519' }, key, b64url(parts[1] || ''), new TextEncoder().encode(parts[0]));
    } catch (e) {
      good = false;
    }
    var values = { issuer: issuer ? issuer.short : '', name: claim.to, badge: claim.what, on: day(claim.on), until: day(claim.until || ''), asof: day(status.made) };
    var details = [fill(t.to, values), fill(t.what, values), fill(t.on, values), fill(t.asof, values)];
    if (!good) return say('invalid', t.invalid);
    var revoked = (status.revoked[String(claim.issuer)] || []).indexOf(claim.status) >= 0;
    if (revoked) return say('revoked', fill(t.revoked, values), details);
    if (claim.until && claim.until < new Date().toISOString().slice(0, 10)) return say('expired', fill(t.expired, values), details);
    say('valid', fill(t.valid, values), details);
  }
  function run() {
    var compact = decodeURIComponent(location.hash.replace(/^#/, ''));
    if (compact.indexOf('.') > 0) check(compact);
  }
  // Online, refresh the keys and the revocation snapshot this phone keeps
  // (the service worker stores what passes through it).
  Promise.all([fetch('/verify/keys.json'), fetch('/verify/status.json')])
    .then(function () { box.dataset.synced = '1'; })
    .catch(function () {});
  window.addEventListener('hashchange', run);
  run();
})();
