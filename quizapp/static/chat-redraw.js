/* The practice chat's redraw: a session read back from the server (on reload, or when a queued
   answer was delivered) drawn again, turn by turn, in the state it is in; and a finished
   session's summary, read from the server. ``chat`` is chat.js's state and the steps it draws
   a turn with. */
(function () {
  "use strict";
  var V = window.QuizChatView;
  var D = window.QuizChatData;

  /* A role-play: the customer's opening, then each reply and the customer's next lines. */
  function scenario(chat, r) {
    var state = chat.state, list = chat.list;
    state.step = 1;
    V.customerLines(list, r.opening, 1);
    r.history.forEach(function (h) {
      V.say(list, "me", h.text);
      chat.showReply(h);
      if (h.next) { state.step += 1; V.customerLines(list, h.next.lines, state.step); }
    });
    if (r.debrief) {
      V.debrief(list, r.debrief, state.steps, chat.names);
      chat.playAgain();
      chat.setPhase("end");
      chat.revealEnd();
      return;
    }
    state.turn = r.turn;
    chat.setPhase("answer");
    chat.revealEnd();
  }

  /* A question session: each question once, then each try with its feedback. */
  function questions(chat, r) {
    var state = chat.state, list = chat.list;
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
      chat.remember(h);
      chat.showReply(h);
      last = h;
    });
    var retrying = last && r.turn && r.turn.question_id === last.question_id;
    if (retrying) {
      state.turn = r.turn;
      state.last = last;
      state.next = last.next;
      chat.setPhase(V.triesLeft(last) ? "retry" : "done");
    } else if (r.turn || !last) {
      chat.showTurn(r.turn);
    } else {
      finish(chat);  // the session is over: its summary
      return;
    }
    chat.revealEnd();
  }

  /* The end of the session: the summary from the server (or, from an older server, the
     answers seen in this page) in place of the conversation. */
  function finish(chat) {
    var state = chat.state, box = chat.summaryBox, root = chat.root;
    chat.setPhase("end");
    D.api("GET", "/api/v1/practice/" + state.session + "/summary").catch(function () {
      return D.summaryOf(state.session, state.items, chat.isQuiz);  // an older server: what was seen
    }).then(function (s) {
      chat.list.hidden = true;
      box.hidden = false;
      var head = V.summaryWithActions(box, s, chat.start, { home: root.dataset.homeUrl,
                                                            progress: root.dataset.progressUrl });
      box.scrollTop = 0;
      head.focus();
    });
  }

  window.QuizChatRedraw = { scenario: scenario, questions: questions, finish: finish };
})();
