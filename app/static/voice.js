// A voice note recorded in the page: where the browser can record
// (MediaRecorder), a button records and puts the recording into the form's
// voice-note file input, so the form sends it as if it were a chosen file.
// Without JavaScript the file input opens the phone's own sound recorder.
(function () {
  'use strict';
  var box = document.getElementById('recorder');
  var input = document.getElementById('f-voice');
  if (!box || !input || !window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) return;
  var button = box.querySelector('button');
  var status = box.querySelector('[role=status]');
  var preview = box.querySelector('audio');
  var recorder = null;
  var parts = [];
  var limit = parseInt(box.getAttribute('data-seconds'), 10) * 1000;
  var timer = null;
  box.hidden = false;
  function stop() {
    if (recorder && recorder.state === 'recording') recorder.stop();
  }
  button.addEventListener('click', function () {
    if (recorder && recorder.state === 'recording') return stop();
    navigator.mediaDevices.getUserMedia({ audio: true }).then(function (stream) {
      parts = [];
      recorder = new MediaRecorder(stream, { audioBitsPerSecond: 32000 });
      recorder.ondataavailable = function (e) { if (e.data.size) parts.push(e.data); };
      recorder.onstop = function () {
        clearTimeout(timer);
        stream.getTracks().forEach(function (t) { t.stop(); });
        var type = recorder.mimeType || 'audio/webm';
        var blob = new Blob(parts, { type: type });
        var file = new File([blob], 'voice.' + (type.indexOf('mp4') >= 0 ? 'm4a' : 'webm'), { type: type });
        var list = new DataTransfer();
        list.items.add(file);
        input.files = list.files;
        preview.src = URL.createObjectURL(blob);
        preview.hidden = false;
        button.textContent = box.getAttribute('data-again');
        status.textContent = box.getAttribute('data-done');
      };
      recorder.start();
      timer = setTimeout(stop, limit);
      button.textContent = box.getAttribute('data-stop');
      status.textContent = box.getAttribute('data-recording');
    }).catch(function () {
      status.textContent = box.getAttribute('data-denied');
    });
  });
})();
