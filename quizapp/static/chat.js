/* The practice chat: plain JS over the JSON API (drawing in chat-view.js). Every answer names
   the turn it answers, so text typed after feedback is another try of the same question and a
   stale tab gets a 409 with the current turn. Nothing is lost on reload or a dropped
   connection: the session id, the draft and any unsent answer live in localStorage, and a
   retry reuses the answer's client_id so the server stores it once. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var V = window.QuizChatView;
  var D = window.QuizChatData;
  var key = root.dataset.key;
  var startUrl = root.dataset.startUrl;
  var startBody = JSON.parse(root.dataset.startBody || "{}");
  var names = JSON.parse(root.dataset.criteria || "{}");
  var check = root.dataset.check;  // a check quiz before its due date: no marks, hints or answers
  var list = document.getElementById("messages");
  var form = document.getElementById("composer");
  var input = document.getElementById("answer");
  var send = document.getElementById("send");
  var statusEl = document.getElementById("status");
  var announcer = document.getElementById("announce");
  var quick = document.getElementById("quick");
  var summaryBox = document.getElementById("summary");
  var dock = document.getElementById("dock");
  var confirmBox = document.getElementById("confirm-model");
  var keySession = "quizapp.session." + key;
  var keyDraft = "quizapp.draft." + key;
  var BOX_HINTS = {
    answer: "Type your answer…",
    retry: "Change your answer and press Send, or press Next",
    done: "Press Next to go on",
    end: "This session is finished",
    waiting: "Your answer is waiting to be sent…"
  };
  /* phase: answer (waiting for an answer), retry (answered, tries left), done (no tries
     left: only Next), end (summary or debrief shown), waiting (an answer waits offline) */
  var state = { session: null, turn: null, last: null, next: null, phase: "answer",
                busy: false, steps: [], items: {}, step: 0, isScenario: !!startBody.scenario };

  var loading = Promise.resolve();  // the latest start or redraw, so redraws come in turn
  var store = D.store, load = D.load, newId = D.newId, api = D.api;
  function pendingKey() { return "quizapp.pending." + state.session; }
  function sessionUrl(tail) { return "/api/v1/practice/" + state.session + (tail || ""); }

  function setStatus(text) { statusEl.textContent = text || ""; }
  function announce(text) {
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = text; }, 50);
  }
  /* Scroll the conversation so ``node``'s top is at the top of the visible messages. */
  function reveal(node) { if (node) node.scrollIntoView({ block: "start" }); }
  function revealEnd() { list.scrollTop = list.scrollHeight; }

  /* The dock shows only the current turn's buttons; the box is disabled when it takes nothing. */
  function setPhase(phase) {
    state.phase = phase;
    var turn = state.turn;
    var question = turn && turn.kind === "question";
    var actions = {
      answer: question ? ["hint", "model", "skip"] : [],
      retry: ["retry", "next"],
      done: ["next"].concat(state.last && (state.last.key_points || state.last.concepts) &&
                            state.last.band ? ["keypoints"] : []),
      end: [],
      waiting: []
    }[phase];
    if (phase === "answer" && question && !turn.has_hint) actions = ["model", "skip"];
    if (phase === "answer" && question && check) actions = ["skip"];
    Array.prototype.forEach.call(quick.querySelectorAll("button"), function (btn) {
      btn.hidden = actions.indexOf(btn.dataset.action) === -1;
      btn.disabled = false;
    });
    var open = phase === "answer" || phase === "retry";
    input.disabled = !open;
    send.disabled = !open;
    input.placeholder = phase === "answer" && state.isScenario ? "Type your reply…" : BOX_HINTS[phase];
    dock.hidden = phase === "end";
  }

  function turnRef(turn) {
    if (!turn) return {};
    return turn.kind === "scenario" ? { turn_id: turn.turn_id } : { question_id: turn.question_id };
  }

  /* Draw a turn as the current one and wait for an answer. */
  function showTurn(turn) {
    state.turn = turn;
    state.last = null;
    state.next = null;
    if (!turn) { finish(); return null; }
    var first;
    if (turn.kind === "scenario") {
      state.step += 1;
      first = V.customerLines(list, turn.lines, state.step);
    } else {
      first = V.question(list, turn);
    }
    setPhase("answer");
    return first;
  }

  function showReply(r) {
    state.last = r;
    if (r.kind === "ask") return null;  // a question to the caller: the answer comes as lines
    if (r.kind === "skip") {
      var note = V.say(list, "bot", "Skipped: this doesn't count against you.", "note");
      if (r.model_answer) V.say(list, "bot", "Model answer: " + r.model_answer, "model");
      return note;
    }
    if (r.scenario_id && r.kind === "scenario") state.steps.push(r);
    return V.feedback(list, r);
  }

  function remember(r) {
    if (!r.question_id) return;
    var item = state.items[r.question_id] || { question_id: r.question_id, tries: 0 };
    item.prompt = item.prompt || r.prompt || (state.turn && state.turn.prompt);
    if (r.kind === "answer") { item.tries += 1; item.answer = r.text; item.band = r.band; }
    state.items[r.question_id] = item;
  }

  function afterAnswer(r) {
    remember(r);
    var bubble = showReply(r);
    if (r.scenario_id) {
      if (r.debrief) {
        reveal(V.debrief(list, r.debrief, state.steps, names));
        showPlayAgain();
        setPhase("end");
        dock.hidden = true;
        return;
      }
      if (!r.next) {  // a check quiz's role-play: the debrief comes after the due date
        reveal(V.say(list, "bot", "That's the end of the role-play. Your debrief appears " +
                     "after " + (check || "the due date") + ".", "note"));
        setPhase("end");
        return;
      }
      var lines = showTurn(r.next);
      reveal(bubble || lines);
      if (bubble) announce(V.announcement(r));
      return;
    }
    state.next = r.next;
    var more = r.kind === "answer" && r.band && r.band !== "secure" && r.tries_left > 0;
    setPhase(more ? "retry" : "done");
    reveal(bubble);
    if (!more) quick.querySelector('[data-action="next"]').focus({ preventScroll: true });
    if (r.kind === "answer") announce(V.announcement(r));
    else announce("Skipped.");
  }

  function showPlayAgain() {
    var b = V.message(list, "bot", "done");
    var again = V.el("button", "primary", "Play again");
    again.type = "button";
    again.addEventListener("click", function () { store(keySession, null); start(); });
    b.appendChild(again);
  }

  /* A 409: the server has moved on (another tab, an old page). Show where it is now and keep
     the learner's words in the box. */
  function stale(err, text, mine) {
    if (mine) mine.remove();
    input.value = text;
    store(keyDraft, text);
    V.say(list, "bot", "That question was already answered, maybe in another tab. " +
          "Here is where you are now: your answer is still in the box.", "note");
    var turn = err.data.turn;
    if (turn === undefined) { setStatus(err.message); return; }
    reveal(showTurn(turn));
  }

  function submit(pending, mine) {
    state.busy = true;
    send.disabled = true;
    setStatus("Marking…");
    var body = Object.assign({ text: pending.text, client_id: pending.client_id }, pending.ref);
    return D.sendAnswer(sessionUrl("/answer"), body)
      .then(function (r) {
        store(pendingKey(), null);  // sent, or in offline.js's queue, which sends it once
        if (r.queued) { showWaiting(mine || V.say(list, "me", pending.text), pending.client_id); return; }
        setStatus("");
        afterAnswer(r);
        keepState();
      })
      .catch(function (err) {
        if (err.status === 409 && err.data && "turn" in err.data) {
          store(pendingKey(), null);
          setStatus("");
          stale(err, pending.text, mine);
        } else if (err.status && err.status < 500) {
          store(pendingKey(), null);
          V.say(list, "bot", err.message, "error");
          setStatus("");
          setPhase(state.phase);
        } else {
          setStatus("Not sent yet: no connection. Your answer is saved and will be sent again.");
          setTimeout(retryPending, 3000);
        }
      })
      .then(function () { state.busy = false; });
  }

  /* An answer waits in the offline queue: say so on it and in the status line, and take no
     other answer until it is marked (offline.js sends it when the connection returns). */
  function showWaiting(mine, clientId) {
    if (mine && !mine.classList.contains("waiting")) V.waiting(mine);
    if (mine) mine.dataset.clientId = clientId;
    revealEnd();
    setPhase("waiting");
    setStatus("Not sent yet: you're offline. Your answer is saved on this phone and is sent " +
              "when you're back online.");
    nudge();
  }

  /* Online but the server was unreachable: ask the queue to try again now and then. */
  function nudge() {
    setTimeout(function () {
      if (state.phase !== "waiting" || !window.quizOffline) return;
      if (navigator.onLine) window.quizOffline.flush();
      nudge();
    }, 5000);
  }

  /* A queued answer of this session was delivered (by this page or another): redraw from the
     session's state on the server; a stale one (409) goes back into the box. */
  function onDelivered(change) {
    var sent = change.sent;
    var id = state.session || root.dataset.session || load(keySession);
    if (!sent || !id || sent.url !== "/api/v1/practice/" + id + "/answer") return;
    var marked = list.querySelectorAll(".msg-me.waiting");
    var mine = marked.length ? marked[marked.length - 1] : null;
    if (state.phase === "waiting" && sent.status < 300 && mine && sent.body &&
        mine.dataset.clientId === sent.body.client_id) {  // the answer on screen: go on live
      mine.classList.remove("waiting");
      mine.querySelector(".waiting-note").remove();
      setStatus("");
      afterAnswer(sent.data);
      keepState();
      return;
    }
    if (sent.status === 409 && !input.value && sent.body) {
      input.value = sent.body.text;
      store(keyDraft, sent.body.text);
    }
    loading = loading.then(function () { return resume(id); });
  }
  if (window.quizOffline) window.quizOffline.onChange(onDelivered);

  /* Read the session's state once more so the service worker keeps it as it is now: the chat
     then opens offline on the current question. */
  function keepState() {
    if (state.session && "serviceWorker" in navigator) {
      api("GET", sessionUrl()).catch(function () { /* offline: the last one kept stays */ });
    }
  }

  function retryPending() {
    var p = state.session && load(pendingKey());
    if (p && !state.busy) submit(p, null);
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var text = input.value.trim();
    if (!text || state.busy || !state.session || !state.turn) return;
    if (state.phase !== "answer" && state.phase !== "retry") return;
    var pending = { text: text, client_id: newId(), ref: turnRef(state.turn) };
    store(pendingKey(), pending);
    var mine = V.say(list, "me", text);
    revealEnd();
    input.value = "";
    store(keyDraft, null);
    submit(pending, mine);
  });
  input.addEventListener("input", function () { store(keyDraft, input.value); });
  input.addEventListener("keydown", function (e) {
    if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); form.requestSubmit(); }
  });
  window.addEventListener("online", retryPending);

  var ACTIONS = {
    hint: function (btn) {
      var q = state.turn;
      api("GET", sessionUrl("/hint?question_id=" + encodeURIComponent(q.question_id)))
        .then(function (r) { reveal(V.say(list, "bot", "Hint: " + r.hint, "hint")); btn.hidden = true; })
        .catch(function (err) { setStatus(err.message); });
    },
    model: function () { confirmBox.showModal(); },
    skip: function () { doSkip(); },
    retry: function () {
      if (state.last && state.last.text) input.value = state.last.text;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    },
    next: function () {
      var first = showTurn(state.next);
      if (first) {
        reveal(first);
        input.focus({ preventScroll: true });
      }
    },
    keypoints: function (btn) {
      var feedbacks = list.querySelectorAll(".feedback");
      var bubble = feedbacks.length ? feedbacks[feedbacks.length - 1] : list.lastElementChild;
      var box = V.keyPoints(state.last);
      bubble.appendChild(box);
      btn.hidden = true;
      reveal(box);
    }
  };

  quick.addEventListener("click", function (e) {
    var btn = e.target.closest("button");
    if (!btn || state.busy || btn.disabled) return;
    var action = ACTIONS[btn.dataset.action];
    if (action) action(btn);
  });

  confirmBox.addEventListener("close", function () {
    if (confirmBox.returnValue === "show") doSkip();
    else input.focus();
  });

  function doSkip() {
    state.busy = true;
    setStatus("");
    api("POST", sessionUrl("/skip"), Object.assign({ client_id: newId() }, turnRef(state.turn)))
      .then(function (r) { afterAnswer(r); keepState(); })
      .catch(function (err) {
        if (err.status === 409 && err.data && "turn" in err.data) stale(err, input.value, null);
        else setStatus(err.message);
      })
      .then(function () { state.busy = false; });
  }

  /* The end of the session: the summary from the server (or, from an older server, the
     answers seen in this page). */
  function finish() {
    setPhase("end");
    api("GET", sessionUrl("/summary")).catch(function () { return localSummary(); })
      .then(showSummary);
  }

  function localSummary() {
    var items = Object.keys(state.items).map(function (k) { return state.items[k]; });
    return D.summaryOf(state.session, items, root.dataset.key.indexOf("quiz-") === 0);
  }

  function showSummary(s) {
    var retry = null, again = null;
    var missed = (s.items || []).some(function (i) { return i.band !== "secure"; });
    if (missed && s.marks_shown !== false) {
      retry = V.el("button", "primary", "Retry the ones I missed");
      retry.type = "button";
      retry.addEventListener("click", function () { start({ retry_of: s.session }); });
    }
    if (!s.quiz) {
      again = V.el("button", retry ? null : "primary", s.quiz ? "Take the quiz again" : "Practise again");
      again.type = "button";
      again.addEventListener("click", function () { start(); });
    }
    list.hidden = true;
    summaryBox.hidden = false;
    var head = V.summary(summaryBox, s, { retry: retry, again: again, home: root.dataset.homeUrl,
                                          progress: root.dataset.progressUrl });
    summaryBox.scrollTop = 0;
    head.focus();
  }

  function reset() {
    list.textContent = "";
    list.hidden = false;
    summaryBox.hidden = true;
    state.steps = [];
    state.items = {};
    state.step = 0;
  }

  function start(body) {
    reset();
    setStatus("Starting…");
    return api("POST", startUrl, body || startBody).then(function (r) {
      state.session = r.session;
      store(keySession, r.session);
      setStatus("");
      V.say(list, "bot", state.isScenario
        ? "Role-play: I'll be the customer. Reply as you would at work, in your own words."
        : startBody.review ? "Review: questions come back just before you'd forget them, " +
                             "your weakest first. Answer in your own words."
        : check ? "This quiz is a check: answer each question once, in your own words. " +
                  "Your marks and feedback appear after " + check + "."
        : "Hi! Answer in your own words: spelling doesn't matter. If it's not right yet, you can try again.",
        "intro");
      reveal(showTurn(r.turn));
      keepState();
    }).catch(function (err) { setStatus(err.message); });
  }

  function redrawScenario(r) {
    state.step = 1;
    V.customerLines(list, r.opening, 1);
    r.history.forEach(function (h) {
      V.say(list, "me", h.text);
      showReply(h);
      if (h.next) { state.step += 1; V.customerLines(list, h.next.lines, state.step); }
    });
    if (r.debrief) {
      V.debrief(list, r.debrief, state.steps, names);
      showPlayAgain();
      setPhase("end");
      revealEnd();
      return;
    }
    state.turn = r.turn;
    setPhase("answer");
    revealEnd();
  }

  /* Redraw a question session: each question once, then each try with its feedback. */
  function redrawQuestions(r) {
    var shown = null, last = null, n = 0;
    var total = r.turn ? r.turn.total : null;
    r.history.forEach(function (h) {
      if (h.question_id !== shown) {
        n += 1;
        V.question(list, { prompt: h.prompt, number: n, total: total });
        shown = h.question_id;
      }
      if (h.kind === "answer") V.say(list, "me", h.text);
      state.turn = { kind: "question", question_id: h.question_id, prompt: h.prompt };
      remember(h);
      showReply(h);
      last = h;
    });
    var retrying = last && r.turn && r.turn.question_id === last.question_id;
    if (retrying) {
      state.turn = r.turn;
      state.last = last;
      state.next = last.next;
      var more = last.kind === "answer" && last.band && last.band !== "secure" && last.tries_left > 0;
      setPhase(more ? "retry" : "done");
    } else if (r.turn || !last) {
      showTurn(r.turn);
    } else {
      finish();  // the session is over: its summary
      return;
    }
    revealEnd();
  }

  function resume(sessionId) {
    setStatus("Loading…");
    return api("GET", "/api/v1/practice/" + sessionId).then(function (r) {
      var pending = load("quizapp.pending." + sessionId);
      if (!r.turn && !r.debrief && !r.history.length && !pending) return start();
      state.session = r.session;
      store(keySession, r.session);
      setStatus("");
      reset();
      if (r.scenario) redrawScenario(r); else redrawQuestions(r);
      if (pending && state.phase !== "end") {
        submit(pending, V.say(list, "me", pending.text));
        return null;
      }
      return D.waiting(sessionUrl("/answer")).then(function (items) {
        if (!items.length || state.phase === "end") return;
        var mine = null;
        items.forEach(function (item) { mine = V.waiting(V.say(list, "me", item.body.text)); });
        showWaiting(mine, items[items.length - 1].client_id);
      });
    }).catch(function (err) {
      if (err.status === 404) { store(keySession, null); return start(); }
      setStatus("Can't reach the server. Check your connection and reload.");
    });
  }

  var draft = load(keyDraft);
  if (draft) input.value = draft;
  var intro = document.getElementById("quiz-intro");
  if (intro) {
    /* a tutor's quiz: say what it is first; start, continue or review on request */
    list.hidden = true;
    dock.hidden = true;
    intro.addEventListener("click", function (e) {
      var btn = e.target.closest("button[data-go]");
      if (!btn) return;
      intro.hidden = true;
      list.hidden = false;
      if (btn.dataset.go === "start") start(); else resume(btn.dataset.session);
    });
    return;
  }
  /* a review page names its unfinished session; offline, the last one this phone knew */
  var saved = root.dataset.session
    || (!root.dataset.fresh || !navigator.onLine ? load(keySession) : null);
  loading = saved ? resume(saved) : start();
})();
