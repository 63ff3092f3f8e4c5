/* The practice chat's plumbing: localStorage that survives private mode, ids for answers,
   JSON requests with the CSRF token, and a summary built from the answers seen (for a server
   without the summary endpoint). No drawing and no chat state. */
(function () {
  "use strict";
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.content : "";

  function store(name, value) {
    try {
      if (value === null) localStorage.removeItem(name);
      else localStorage.setItem(name, JSON.stringify(value));
    } catch (e) { /* private mode: carry on without */ }
  }
  function load(name) {
    try { return JSON.parse(localStorage.getItem(name)); } catch (e) { return null; }
  }
  function newId() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }

  function api(method, url, body) {
    var opts = { method: method, credentials: "same-origin",
                 headers: { "Accept": "application/json", "X-CSRFToken": csrf } };
    if (body !== undefined) {
      opts.headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(body);
    }
    return fetch(url, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (!r.ok) {
          var err = new Error((data.error && data.error.message) || ("Error " + r.status));
          err.status = r.status;
          err.data = data.error || {};
          throw err;
        }
        return data;
      });
    });
  }
  /* POST an answer through offline.js's queue when the page has it: resolves the server's reply,
     or {queued: true} while it waits for the connection; a refusal rejects as ``api`` does. */
  function sendAnswer(url, body) {
    if (!window.quizOffline) return api("POST", url, body);
    return window.quizOffline.send(url, body).then(function (r) {
      if (r.queued) return r;
      var data = r.data || {};
      if (r.status >= 200 && r.status < 300) return data;
      var err = new Error((data.error && data.error.message) || ("Error " + r.status));
      err.status = r.status;
      err.data = data.error || {};
      throw err;
    });
  }

  /* The answers and skips waiting in offline.js's queue to be posted to one of ``urls``,
     oldest first. */
  function waiting(urls) {
    if (!window.quizOffline) return Promise.resolve([]);
    return window.quizOffline.pending().then(function (items) {
      return items.filter(function (item) { return urls.indexOf(item.url) !== -1; });
    }, function () { return []; });
  }

  /* Note an answer or skip reply ``r`` in ``items`` (by question), for ``summaryOf``:
     ``prompt`` the question's words when the reply doesn't carry them. */
  function remember(items, r, prompt) {
    if (!r.question_id) return;
    var item = items[r.question_id] || { question_id: r.question_id, tries: 0 };
    item.prompt = item.prompt || r.prompt || prompt;
    if (r.kind === "answer") { item.tries += 1; item.answer = r.text; item.band = r.band; }
    items[r.question_id] = item;
  }

  /* What an answer or skip names as the turn it answers. */
  function turnRef(turn) {
    if (!turn) return {};
    return turn.kind === "scenario" ? { turn_id: turn.turn_id } : { question_id: turn.question_id };
  }

  /* A summary like the server's, from ``items`` ({question_id, prompt, answer, band, tries},
     by question id as ``remember`` keeps them). */
  function summaryOf(session, byQuestion, isQuiz) {
    var items = Object.keys(byQuestion).map(function (k) { return byQuestion[k]; });
    var count = function (band) { return items.filter(function (i) { return i.band === band; }).length; };
    return { session: session, total: items.length,
             answered: items.filter(function (i) { return i.answer; }).length,
             secure: count("secure"), partly: count("partly"), not_yet: count("not_yet"),
             skipped: items.filter(function (i) { return !i.answer; }).length,
             score: items.length ? count("secure") / items.length : 0, items: items,
             quiz: isQuiz ? {} : null };
  }

  window.QuizChatData = { store: store, load: load, newId: newId, api: api, summaryOf: summaryOf,
                         sendAnswer: sendAnswer, waiting: waiting, remember: remember,
                         turnRef: turnRef };
})();
