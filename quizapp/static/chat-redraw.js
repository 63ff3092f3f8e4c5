/* The practice chat's redraw: a session read back from the server (on reload, or when a queued
   answer was delivered) drawn again, turn by turn, in the state it is in. ``chat`` is chat.js's
   state and the steps it draws a turn with; no requests here. */
(function () {
  "use strict";
  var V = window.QuizChatView;

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
      chat.finish();  // the session is over: its summary
      return;
    }
    chat.revealEnd();
  }

  window.QuizChatRedraw = { scenario: scenario, questions: questions };
})();
