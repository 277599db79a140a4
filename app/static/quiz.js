// A quiz taken on a phone that lost its connection: the answers are kept
// on the phone and sent when the connection returns, with the attempt's
// idempotency key, so an attempt sent twice counts once. Without
// JavaScript the form posts as usual.
(function () {
  'use strict';
  var form = document.getElementById('quiz');
  var meta = document.querySelector('meta[name=csrf-token]');
  var status = document.getElementById('quiz-status');
  var KEY = 'batayon-pending-attempts';
  if (!window.fetch || !window.localStorage || !meta) return;

  function pending() {
    try { return JSON.parse(localStorage.getItem(KEY) || '[]'); } catch (e) { return []; }
  }
  function keep(list) { localStorage.setItem(KEY, JSON.stringify(list)); }
  function say(text) { if (status) status.textContent = text; }

  function answers(f) {
    var byQuestion = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      var m = /^q(\d+)(_n)?$/.exec(el.name || '');
      if (!m) return;
      var q = byQuestion[m[1]] || (byQuestion[m[1]] = { question_id: parseInt(m[1], 10), option_ids: [] });
      if (m[2]) { if (el.value.trim()) q.value = el.value.trim(); }
      else if (el.checked) q.option_ids.push(parseInt(el.value, 10));
    });
    return Object.keys(byQuestion).map(function (k) { return byQuestion[k]; });
  }

  // Sends the waiting attempts, oldest first; a refusal (not a lost
  // connection) drops the attempt, as the server has answered for it.
  function flush() {
    var list = pending();
    if (!list.length || !navigator.onLine) return Promise.resolve();
    var item = list[0];
    return fetch('/api/v1/quizzes/' + item.quiz + '/attempts', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': meta.content, 'Accept': 'application/json' },
      body: JSON.stringify({ idempotency_key: item.key, answers: item.answers })
    }).then(function (r) {
      keep(pending().filter(function (p) { return p.key !== item.key; }));
      if (form && String(item.quiz) === form.getAttribute('data-quiz') && (r.status === 200 || r.status === 201)) {
        location.href = '/learn/quizzes/' + item.quiz + '/result';
        return;
      }
      return flush();
    });
  }

  // Every question answered? If not, the form posts as usual and the
  // server marks what is missing (an attempt with gaps is not counted).
  function complete(f) {
    var asked = {};
    Array.prototype.forEach.call(f.elements, function (el) {
      var m = /^q(\d+)(_n)?$/.exec(el.name || '');
      if (m) asked[m[1]] = true;
    });
    var given = answers(f).filter(function (a) { return a.option_ids.length || a.value; }).length;
    return given === Object.keys(asked).length;
  }

  if (form) {
    form.addEventListener('submit', function (e) {
      if (!complete(form)) return;
      e.preventDefault();
      var list = pending();
      list.push({ quiz: form.getAttribute('data-quiz'), key: form.elements.idempotency_key.value, answers: answers(form) });
      keep(list);
      say(navigator.onLine ? form.getAttribute('data-sending') : form.getAttribute('data-saved'));
      flush().catch(function () { say(form.getAttribute('data-saved')); });
    });
  }
  window.addEventListener('online', function () { flush().catch(function () {}); });
  flush().catch(function () {});
})();
