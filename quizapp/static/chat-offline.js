/* The practice chat's offline wait: an answer or a skip waiting in offline.js's queue is marked
   on screen, and the dock takes nothing more until the server has it; when it is delivered (by
   this page or another) the chat goes on live, or is read back from the server. ``chat`` is
   chat.js's state and the steps it goes on with. */
(function () {
  "use strict";
  var V = window.QuizChatView;
  var D = window.QuizChatData;

  function attach(chat) {
    var state = chat.state, list = chat.list, input = chat.input;

    /* An answer or skip (``what``) waits in the offline queue: say so on it and in the status
       line, and take nothing more until the server has it (offline.js sends it when the
       connection returns). */
    function showWaiting(mine, clientId, what) {
      if (mine && !mine.classList.contains("waiting")) V.waiting(mine);
      if (mine) mine.dataset.clientId = clientId;
      chat.revealEnd();
      chat.setPhase("waiting");
      chat.setStatus("Not sent yet: you're offline. Your " + what + " is saved on this phone and " +
                     "is sent when you're back online" + (what === "skip" ? ": then you'll see " +
                     "the model answer and the next question." : "."));
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
      var id = state.session || chat.root.dataset.session || D.load(chat.keySession);
      var base = "/api/v1/practice/" + id;
      if (!sent || !id || (sent.url !== base + "/answer" && sent.url !== base + "/skip")) return;
      var marked = list.querySelectorAll(".msg-me.waiting");
      var mine = marked.length ? marked[marked.length - 1] : null;
      if (state.phase === "waiting" && sent.status < 300 && mine && sent.body &&
          mine.dataset.clientId === sent.body.client_id) {  // the answer on screen: go on live
        mine.classList.remove("waiting");
        mine.querySelector(".waiting-note").remove();
        chat.setStatus("");
        chat.afterAnswer(sent.data);
        keepState();
        return;
      }
      if (sent.status === 409 && !input.value && sent.body && sent.body.text) {
        input.value = sent.body.text;
        D.store(chat.keyDraft, sent.body.text);
      }
      chat.reload(id);
    }
    if (window.quizOffline) window.quizOffline.onChange(onDelivered);

    /* Read the session's state once more so the service worker keeps it as it is now: the
       chat then opens offline on the current question. */
    function keepState() {
      if (state.session && "serviceWorker" in navigator) {
        D.api("GET", "/api/v1/practice/" + state.session)
          .catch(function () { /* offline: the last one kept stays */ });
      }
    }

    /* After a redraw: this session's answers and skips still in the queue (posted to one of
       ``urls``), drawn as waiting. */
    function restore(urls) {
      return D.waiting(urls).then(function (items) {
        if (!items.length || state.phase === "end") return;
        var mine = null, last = items[items.length - 1];
        items.forEach(function (item) {
          mine = V.waiting(item.body.text ? V.say(list, "me", item.body.text) : V.skipBubble(list));
        });
        showWaiting(mine, last.client_id, last.body.text ? "answer" : "skip");
      });
    }

    return { showWaiting: showWaiting, restore: restore, keepState: keepState };
  }

  window.QuizChatOffline = { attach: attach };
})();
