/* The practice chat: plain JS over the JSON API. Nothing is lost on reload or a dropped
   connection: the session id, the draft and any unsent answer live in localStorage, and a
   retry reuses the answer's client_id so the server stores it once. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var key = root.dataset.key;
  var startUrl = root.dataset.startUrl;
  var startBody = JSON.parse(root.dataset.startBody || "{}");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("answer");
  var statusEl = document.getElementById("status");
  var quick = document.getElementById("quick");
  var keySession = "quizapp.session." + key;
  var keyDraft = "quizapp.draft." + key;
  var state = { session: null, turn: null, last: null, mode: "question", busy: false };

  var BANDS = {
    secure: "Secure: you have got this.",
    partly: "Partly there: some good points, one or two missing.",
    not_yet: "Not yet: have another look at the points below."
  };

  function store(key, value) {
    try {
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, JSON.stringify(value));
    } catch (e) { /* private mode: carry on without */ }
  }
  function load(key) {
    try { return JSON.parse(localStorage.getItem(key)); } catch (e) { return null; }
  }
  function pendingKey() { return "quizapp.pending." + state.session; }
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
          throw err;
        }
        return data;
      });
    });
  }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }
  function bubble(who, cls) {
    var li = el("li", "msg msg-" + who + (cls ? " " + cls : ""));
    list.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }
  function say(who, text, cls) { var b = bubble(who, cls); b.textContent = text; return b; }
  function setStatus(text) { statusEl.textContent = text || ""; }

  function showTurn(turn) {
    state.turn = turn;
    state.mode = "question";
    if (!turn) {
      var done = bubble("bot", "done");
      done.appendChild(el("p", null, "That's every question in this unit. Well done for practising!"));
      var a = el("a", "button", "See my progress");
      a.href = root.dataset.progressUrl;
      done.appendChild(a);
      var again = el("button", "primary", "Practise again");
      again.type = "button";
      again.addEventListener("click", function () { store(keySession, null); start(); });
      done.appendChild(again);
      setQuick([]);
      input.disabled = true;
      return;
    }
    if (turn.kind === "scenario") {
      showLines(turn.lines);
      setQuick([]);
      input.disabled = false;
      return;
    }
    var b = bubble("bot", "question");
    if (turn.number) b.appendChild(el("span", "qnum", "Question " + turn.number + " of " + turn.total));
    b.appendChild(el("p", null, turn.prompt));
    setQuick(["hint", "model", "skip"]);
    input.disabled = false;
  }

  /* A customer's lines; a line in [brackets] is a stage direction, not speech. */
  function showLines(lines) {
    (lines || []).forEach(function (line) {
      var direction = /^\[.*\]$/.test(line.trim());
      var b = bubble("bot", direction ? "direction" : "customer question");
      b.appendChild(el("p", null, direction ? line.trim().slice(1, -1) : line));
    });
  }

  function showDebrief(d) {
    var b = bubble("bot", "debrief");
    b.appendChild(el("p", "band", "Debrief"));
    b.appendChild(el("p", null, d.summary));
    var ul = el("ul", "concepts");
    (d.criteria || []).forEach(function (c) {
      var li = el("li", "concept " + (c.band === "secure" ? "hit" : "missed"));
      li.appendChild(el("span", "mark", c.band === "secure" ? "✓ " : "○ "));
      li.appendChild(el("span", null, c.id + ": " + (BANDS[c.band] || c.band).split(":")[0]));
      if (c.evidence) li.appendChild(el("span", "why", "You said: “" + c.evidence + "”"));
      ul.appendChild(li);
    });
    b.appendChild(ul);
    var again = el("button", "primary", "Play again");
    again.type = "button";
    again.addEventListener("click", function () { store(keySession, null); start(); });
    b.appendChild(again);
    input.disabled = true;
  }

  function showResult(r) {
    state.last = r;
    if (r.kind === "ask") return;  // a question to the caller: the answer comes as their lines
    if (r.kind === "skip") {
      say("bot", "No problem, we'll skip that one. Here is a model answer:", "note");
      say("bot", r.model_answer, "model");
      return;
    }
    var b = bubble("bot", "feedback band-" + r.band);
    b.appendChild(el("p", "band", BANDS[r.band] || r.band));
    if (r.feedback) b.appendChild(el("p", "feedback-text", r.feedback));
    var ul = el("ul", "concepts");
    (r.concepts || []).forEach(function (c) {
      var li;
      if (c.negative) {
        if (!c.hit) return;
        li = el("li", "concept negative");
        li.appendChild(el("span", "mark", "✗ "));
        li.appendChild(el("span", null, c.label + (c.evidence ? ": you wrote “" + c.evidence + "”" : "")));
        if (c.reason) li.appendChild(el("span", "why", c.reason));
      } else if (c.hit) {
        li = el("li", "concept hit");
        li.appendChild(el("span", "mark", "✓ "));
        li.appendChild(el("span", null, c.label + (c.evidence ? ": “" + c.evidence + "”" : "")));
      } else {
        li = el("li", "concept missed");
        li.appendChild(el("span", "mark", "○ "));
        li.appendChild(el("span", null, c.label));
        if (c.hint) li.appendChild(el("span", "why", "Hint: " + c.hint));
      }
      ul.appendChild(li);
    });
    b.appendChild(ul);
    if (r.missing && r.missing.length) {
      var miss = el("ul", "concepts missing-details");
      r.missing.forEach(function (m) {
        var li = el("li", "concept missed");
        li.appendChild(el("span", "mark", "○ "));
        li.appendChild(el("span", null, "Missing or wrong: " + m));
        miss.appendChild(li);
      });
      b.appendChild(miss);
    }
  }

  function setQuick(actions) {
    Array.prototype.forEach.call(quick.querySelectorAll("button"), function (btn) {
      btn.hidden = actions.indexOf(btn.dataset.action) === -1;
    });
  }

  function afterAnswer(r) {
    if (r.scenario_id) {
      showResult(r);
      if (r.debrief) { showDebrief(r.debrief); setQuick([]); return; }
      showTurn(r.next);
      return;
    }
    showResult(r);
    state.pendingNext = r.next;
    state.mode = "feedback";
    if (r.kind === "skip") { showTurn(r.next); return; }
    setQuick(["model", "next"]);
  }

  function send(text, clientId) {
    state.busy = true;
    setStatus("Marking…");
    return api("POST", "/api/v1/practice/" + state.session + "/answer",
               { text: text, client_id: clientId })
      .then(function (r) {
        store(pendingKey(), null);
        setStatus("");
        afterAnswer(r);
      })
      .catch(function (err) {
        if (err.status && err.status < 500) {
          store(pendingKey(), null);
          say("bot", err.message, "error");
          setStatus("");
        } else {
          setStatus("Not sent yet: no connection. Your answer is saved and will be sent again.");
          setTimeout(retryPending, 3000);
        }
      })
      .then(function () { state.busy = false; });
  }

  function retryPending() {
    var p = state.session && load(pendingKey());
    if (p && !state.busy) send(p.text, p.client_id);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || state.busy || !state.session) return;
    if (state.mode === "feedback") { showTurn(state.pendingNext); }
    if (!state.turn) return;
    var clientId = newId();
    store(pendingKey(), { text: text, client_id: clientId });
    say("me", text);
    input.value = "";
    store(keyDraft, null);
    send(text, clientId);
  });
  input.addEventListener("input", function () { store(keyDraft, input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  window.addEventListener("online", retryPending);

  quick.addEventListener("click", function (e) {
    var action = e.target.dataset && e.target.dataset.action;
    if (!action || state.busy) return;
    if (action === "hint") {
      api("GET", "/api/v1/practice/" + state.session + "/hint")
        .then(function (r) { say("bot", "Hint: " + r.hint, "hint"); })
        .catch(function (err) { setStatus(err.message); });
    } else if (action === "model") {
      if (state.mode === "feedback" && state.last) {
        say("bot", "Model answer: " + state.last.model_answer, "model");
      } else {
        doSkip();
      }
    } else if (action === "skip") {
      doSkip();
    } else if (action === "next") {
      showTurn(state.pendingNext);
      input.focus();
    }
  });

  function doSkip() {
    state.busy = true;
    api("POST", "/api/v1/practice/" + state.session + "/skip", { client_id: newId() })
      .then(afterAnswer)
      .catch(function (err) { setStatus(err.message); })
      .then(function () { state.busy = false; });
  }

  function start() {
    list.textContent = "";
    setStatus("Starting…");
    return api("POST", startUrl, startBody).then(function (r) {
      state.session = r.session;
      store(keySession, r.session);
      setStatus("");
      if (startBody.scenario) {
        say("bot", "Role-play: I'll be the customer. Reply as you would at work, in your own words.", "intro");
      } else {
        say("bot", "Hi! I'll ask you questions about this unit. Answer in your own words: spelling doesn't matter.", "intro");
      }
      showTurn(r.turn);
    }).catch(function (err) { setStatus(err.message); });
  }

  function resume(sessionId) {
    setStatus("Loading…");
    return api("GET", "/api/v1/practice/" + sessionId).then(function (r) {
      if (!r.turn && !r.debrief && !load("quizapp.pending." + sessionId)) return start();
      state.session = r.session;
      setStatus("");
      if (r.scenario) {
        showLines(r.opening);
        r.history.forEach(function (h) {
          say("me", h.text);
          showResult(h);
          if (h.next) showLines(h.next.lines);
        });
        if (r.debrief) { showDebrief(r.debrief); setQuick([]); return; }
        state.turn = r.turn;
        setQuick([]);
        var waiting = load(pendingKey());
        if (waiting) { say("me", waiting.text); send(waiting.text, waiting.client_id); }
        return;
      }
      r.history.forEach(function (h) {
        var q = bubble("bot", "question");
        q.appendChild(el("p", null, h.prompt));
        if (h.kind === "answer") say("me", h.text);
        showResult(h);
      });
      var pending = load(pendingKey());
      showTurn(r.turn);
      if (pending) { say("me", pending.text); send(pending.text, pending.client_id); }
    }).catch(function (err) {
      if (err.status === 404) { store(keySession, null); return start(); }
      setStatus("Can't reach the server. Check your connection and reload.");
    });
  }

  var draft = load(keyDraft);
  if (draft) input.value = draft;
  var saved = load(keySession);
  if (saved) resume(saved); else start();
})();
