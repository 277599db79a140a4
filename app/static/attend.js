// The trainer's phone as a scanner: the camera reads each teacher's QR
// pass (BarcodeDetector, in Chrome on Android) and marks her present at
// once, over and over without leaving the page. Without a camera or
// JavaScript the typed code and the checklist below do the same.
(function () {
  'use strict';
  var box = document.getElementById('scanner');
  var meta = document.querySelector('meta[name=csrf-token]');
  if (!box || !meta || !window.fetch || !('BarcodeDetector' in window) || !navigator.mediaDevices) return;
  var button = box.querySelector('button');
  var video = box.querySelector('video');
  var list = box.querySelector('ul');
  var url = '/api/v1/training-batches/' + box.getAttribute('data-batch') + '/attendance';
  var day = parseInt(box.getAttribute('data-day'), 10);
  var seen = {};
  box.hidden = false;
  function say(text, ok) {
    var li = document.createElement('li');
    li.textContent = (ok ? '✓ ' : '✗ ') + text;
    list.insertBefore(li, list.firstChild);
  }
  button.addEventListener('click', function () {
    button.disabled = true;
    var detector = new window.BarcodeDetector({ formats: ['qr_code'] });
    navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } }).then(function (stream) {
      video.srcObject = stream;
      video.hidden = false;
      return video.play();
    }).then(function () {
      setInterval(function () {
        detector.detect(video).then(function (codes) {
          codes.forEach(function (c) {
            var code = (c.rawValue || '').trim();
            if (!code || seen[code]) return;
            seen[code] = true;
            fetch(url, {
              method: 'POST',
              credentials: 'same-origin',
              headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': meta.content, 'Accept': 'application/json' },
              body: JSON.stringify({ day: day, code: code })
            }).then(function (r) { return r.json().then(function (j) { say(r.ok ? j.name : j.detail, r.ok); }); })
              .catch(function () { delete seen[code]; });
          });
        }).catch(function () {});
      }, 400);
    }).catch(function () { say(box.getAttribute('data-no-camera'), false); button.disabled = false; });
  });
})();
