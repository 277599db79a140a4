// An activity's video or audio starts where the teacher stopped, and her
// place is kept every 15 seconds and when she pauses (the page works
// without it; the "done" button is a plain form).
(function () {
  'use strict';
  var media = document.getElementById('lesson-media');
  var meta = document.querySelector('meta[name=csrf-token]');
  if (!media || !meta || !window.fetch) return;
  var url = '/api/v1/activities/' + media.getAttribute('data-activity') + '/progress';
  var start = parseFloat(media.getAttribute('data-position')) || 0;
  var last = start;
  if (start > 5) {
    media.addEventListener('loadedmetadata', function () {
      if (start < media.duration - 5) media.currentTime = start;
    }, { once: true });
  }
  function keep() {
    var at = Math.floor(media.currentTime);
    if (!isFinite(at) || Math.abs(at - last) < 5) return;
    last = at;
    fetch(url, {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': meta.content, 'Accept': 'application/json' },
      body: JSON.stringify({ position_secs: at })
    }).catch(function () {});
  }
  setInterval(function () { if (!media.paused) keep(); }, 15000);
  media.addEventListener('pause', keep);
})();
