/* The practice chat: plain JS over the JSON API (drawing in chat-view.js, requests and storage
   in chat-data.js, a session read back from the server and its summary in chat-redraw.js, an
   answer waiting offline in chat-offline.js). Every answer names the turn it answers, so text
   typed after feedback is another try of the same question and a stale tab gets a 409 with the
   current turn. Nothing is lost on reload or a dropped connection: the session id, the draft
   and any unsent answer live in localStorage, and a retry reuses the answer's client_id so the
   server stores it once. Offline, an answer or a skip waits in offline.js's queue (sent once,
   by its client_id); a hint the turn carries shows; the model answer and other hints say they
   need a connection. */
(function () {
  "use strict";
  var root = document.getElementById("chat");
  if (!root) return;
  var V = window.QuizChatView;
  var D = window.QuizChatData;
  var R = window.QuizChatRedraw;
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
  var quickNote = document.getElementById("quick-note");
  var summaryBox = document.getElementById("summary");
  var dock = document.getElementById("dock");
  var confirmBox = document.getElementById("confirm-model");
  var keySession = "quizapp.session." + key;
  var keyDraft = "quizapp.draft." + key;
  /* phase: see V.dockActions */
  var state = { session: null, turn: null, last: null, next: null, phase: "answer",
                busy: false, steps: [], items: {}, step: 0, isScenario: !!startBody.scenario,
                used: [] };  // used: the turn's one-off buttons pressed (Hint, key points)

  var loading = Promise.resolve();  // the latest start or redraw, so redraws come in turn
  var store = D.store, load = D.load, newId = D.newId, api = D.api, turnRef = D.turnRef;
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
    showButtons();
    var open = phase === "answer" || phase === "retry";
    input.disabled = !open;
    send.disabled = !open;
    input.placeholder = V.boxHint(phase, state.isScenario);
    dock.hidden = phase === "end";
  }

  /* The turn's buttons; offline, those that need a connection are disabled, and a sentence
     beside them says why (again when the connection comes and goes). */
  function showButtons() {
    var actions = V.dockActions(state.phase, state.turn, state.last, check).filter(function (a) {
      return state.used.indexOf(a) === -1;
    });
    var blocked = navigator.onLine ? [] : V.needConnection(actions, state.turn);
    var names = [];
    Array.prototype.forEach.call(quick.querySelectorAll("button"), function (btn) {
      btn.hidden = actions.indexOf(btn.dataset.action) === -1;
      btn.disabled = blocked.indexOf(btn.dataset.action) !== -1;
      if (btn.disabled) names.push(btn.textContent.trim());
    });
    quickNote.textContent = V.offlineNote(names, actions.indexOf("skip") !== -1);
    quickNote.hidden = !quickNote.textContent;
  }
  window.addEventListener("online", showButtons);
  window.addEventListener("offline", showButtons);

  /* Draw a turn as the current one and wait for an answer. */
  function showTurn(turn) {
    state.turn = turn;
    state.used = [];
    state.last = null;
    state.next = null;
    if (!turn) { R.finish(chat); return null; }
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
    if (r.kind === "skip") return V.skipped(list, r);
    if (r.scenario_id && r.kind === "scenario") state.steps.push(r);
    return V.feedback(list, r);
  }

  function remember(r) { D.remember(state.items, r, state.turn && state.turn.prompt); }

  function afterAnswer(r) {
    remember(r);
    var bubble = showReply(r);
    if (r.scenario_id) {
      if (r.debrief) {
        reveal(V.debrief(list, r.debrief, state.steps, names));
        playAgain();
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
    var more = V.triesLeft(r);
    setPhase(more ? "retry" : "done");
    reveal(bubble);
    if (!more) quick.querySelector('[data-action="next"]').focus({ preventScroll: true });
    if (r.kind === "answer") announce(V.announcement(r));
    else announce("Skipped.");
  }

  function playAgain() {
    V.playAgain(list, function () { store(keySession, null); start(); });
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
        if (r.queued) { offline.showWaiting(mine || V.say(list, "me", pending.text), pending.client_id, "answer"); return; }
        setStatus("");
        afterAnswer(r);
        offline.keepState();
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
    hint: function (btn) {  // the first try's hint comes with the turn (offline too)
      var q = state.turn;
      var shown = function (hint) { reveal(V.say(list, "bot", "Hint: " + hint, "hint")); used(btn); };
      if (q.hint) { shown(q.hint); return; }
      api("GET", sessionUrl("/hint?question_id=" + encodeURIComponent(q.question_id)))
        .then(function (r) { shown(r.hint); })
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
      used(btn);
      reveal(box);
    }
  };

  function used(btn) { state.used.push(btn.dataset.action); btn.hidden = true; }

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

  /* A skip names its question and has a client_id, so offline it waits in the queue like an
     answer and is stored once. */
  function doSkip() {
    state.busy = true;
    setStatus("");
    var body = Object.assign({ client_id: newId() }, turnRef(state.turn));
    D.sendAnswer(sessionUrl("/skip"), body)
      .then(function (r) {
        if (r.queued) { offline.showWaiting(V.skipBubble(list), body.client_id, "skip"); return; }
        afterAnswer(r);
        offline.keepState();
      })
      .catch(function (err) {
        if (err.status === 409 && err.data && "turn" in err.data) stale(err, input.value, null);
        else setStatus(err.message);
      })
      .then(function () { state.busy = false; });
  }

  function reset() {
    list.textContent = "";
    list.hidden = false;
    summaryBox.hidden = true;
    state.steps = [];
    state.items = {};
    state.used = [];
    state.step = 0;
  }

  function start(body) {
    reset();
    setStatus("Starting…");
    return api("POST", startUrl, body || startBody).then(function (r) {
      state.session = r.session;
      store(keySession, r.session);
      setStatus("");
      var kind = state.isScenario ? "scenario" : startBody.review ? "review" : "questions";
      V.say(list, "bot", V.intro(kind, check), "intro");
      reveal(showTurn(r.turn));
      offline.keepState();
    }).catch(function (err) { setStatus(err.message); });
  }

  /* What chat-redraw.js and chat-offline.js draw and go on with. */
  var chat = { state: state, list: list, input: input, summaryBox: summaryBox, root: root,
               names: names, isQuiz: key.indexOf("quiz-") === 0, keySession: keySession,
               keyDraft: keyDraft, setPhase: setPhase, setStatus: setStatus, showTurn: showTurn,
               showReply: showReply, remember: remember, playAgain: playAgain, start: start,
               revealEnd: revealEnd, afterAnswer: afterAnswer,
               reload: function (id) { loading = loading.then(function () { return resume(id); }); } };
  var offline = window.QuizChatOffline.attach(chat);

  function resume(sessionId) {
    setStatus("Loading…");
    return api("GET", "/api/v1/practice/" + sessionId).then(function (r) {
      var pending = load("quizapp.pending." + sessionId);
      if (!r.turn && !r.debrief && !r.history.length && !pending) return start();
      state.session = r.session;
      store(keySession, r.session);
      setStatus("");
      reset();
      if (r.scenario) R.scenario(chat, r); else R.questions(chat, r);
      if (pending && state.phase !== "end") {
        submit(pending, V.say(list, "me", pending.text));
        return null;
      }
      return offline.restore([sessionUrl("/answer"), sessionUrl("/skip")]);
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
