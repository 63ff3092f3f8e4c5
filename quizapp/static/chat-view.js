/* The practice chat's drawing: message bubbles that say who speaks, feedback, key points, the
   role-play debrief and the session summary, and the dock's rules (which buttons a turn
   offers, which of them need a connection, what the answer box says). No state and no
   requests: chat.js owns those. */
(function () {
  "use strict";

  var BANDS = { secure: "Secure", partly: "Partly there", not_yet: "Not yet" };
  var BAND_LINES = { secure: "Secure", partly: "Partly there", not_yet: "Not yet" };
  var SHOWN = 4;  // criteria listed before "n more" in a debrief section
  var SPEAKERS = { bot: "Coach", me: "You", customer: "Customer", note: "Coach" };

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = text;
    return node;
  }

  /* A message: a list item whose first words, for a screen reader, say who is speaking. */
  function message(list, who, cls, speaker) {
    var side = who === "me" ? "me" : "bot";
    var li = el("li", "msg msg-" + side + (cls ? " " + cls : ""));
    li.appendChild(el("span", "visually-hidden", (speaker || SPEAKERS[who] || "Coach") + ": "));
    list.appendChild(li);
    return li;
  }

  function say(list, who, text, cls) {
    var li = message(list, who, cls);
    li.appendChild(el("p", null, text));
    return li;
  }

  /* A question, headed "Question n of m" so each turn has a heading to jump to. */
  function question(list, turn, numberFallback) {
    var li = message(list, "bot", "question");
    var n = turn.number || numberFallback;
    var head = el("h2", "turn-head", n ? "Question " + n + (turn.total ? " of " + turn.total : "")
                                       : "Question");
    head.tabIndex = -1;
    li.appendChild(head);
    li.appendChild(el("p", "prompt", turn.prompt));
    return li;
  }

  /* A customer's lines in a role-play; a line in [brackets] is a stage direction. The first
     bubble of a turn carries the turn's heading. */
  function customerLines(list, lines, step) {
    var first = null;
    (lines || []).forEach(function (line) {
      var direction = /^\[.*\]$/.test(line.trim());
      var li = message(list, direction ? "note" : "customer",
                       direction ? "direction" : "customer", direction ? "Scene" : "Customer");
      if (!first) {
        var head = el("h2", "visually-hidden turn-head", "Role-play, step " + step);
        head.tabIndex = -1;
        li.appendChild(head);
        first = li;
      }
      li.appendChild(el("p", null, direction ? line.trim().slice(1, -1) : line));
    });
    return first;
  }

  function firstSentence(text) {
    var m = /^[\s\S]*?[.!?](\s|$)/.exec(text || "");
    return (m ? m[0] : text || "").trim();
  }

  /* The feedback's opening sentence when it states the band ("Not yet: ..."), and the rest. */
  function splitFeedback(r) {
    var text = (r.feedback || "").trim();
    var label = r.band_label || BAND_LINES[r.band] || "";
    var first = firstSentence(text);
    if (label && first.indexOf(label) === 0) return { band: first, rest: text.slice(first.length).trim() };
    return { band: label, rest: text };
  }

  /* The feedback on an answer: band in words, the short feedback, the next hint and tries. */
  function feedback(list, r) {
    var marked = !!r.band;
    var li = message(list, "bot", "feedback " + (marked ? "band-" + r.band : "saved"));
    var parts = marked ? splitFeedback(r) : { band: null, rest: r.feedback };
    if (marked) {
      var band = el("p", "band");
      band.appendChild(el("span", "band-icon", r.band === "secure" ? "✓" : r.band === "partly" ? "◐" : "○"));
      band.appendChild(document.createTextNode(" " + parts.band));
      li.appendChild(band);
    }
    if (parts.rest) li.appendChild(el("p", "feedback-text", parts.rest));
    if (r.hint && (r.feedback || "").indexOf(r.hint) === -1) {
      li.appendChild(el("p", "hint-next", "Hint for your next try: " + r.hint));
    }
    if (marked && r.band !== "secure" && r.tries_left) {
      li.appendChild(el("p", "tries", r.tries_left === 1 ? "You have 1 more try."
                                                         : "You have " + r.tries_left + " more tries."));
    }
    return li;
  }

  /* What a screen reader hears after Send: the band and the first line of feedback only. */
  function announcement(r) {
    if (!r.band) return firstSentence(r.feedback) || "Saved.";
    var parts = splitFeedback(r);
    var band = /[.!?]$/.test(parts.band) ? parts.band : parts.band + ".";
    return (band + " " + firstSentence(parts.rest)).trim();
  }

  /* The points the answer needed, each said in words: "Got it" or "Missing". */
  function keyPoints(r) {
    var points = r.key_points || (r.concepts || []).filter(function (c) { return !c.negative; })
      .map(function (c) { return { label: c.label, met: !!c.hit }; });
    var box = el("div", "keypoints");
    box.appendChild(el("h3", null, "Key points"));
    var ul = el("ul", "kp-list");
    points.forEach(function (p) {
      var li = el("li", "kp " + (p.met ? "met" : "missed"));
      li.appendChild(el("strong", "kp-state", p.met ? "Got it: " : "Missing: "));
      li.appendChild(document.createTextNode(p.label));
      ul.appendChild(li);
    });
    box.appendChild(ul);
    if (r.model_answer) {
      var model = el("p", "model-answer");
      model.appendChild(el("strong", null, "Model answer: "));
      model.appendChild(document.createTextNode(r.model_answer));
      box.appendChild(model);
    }
    return box;
  }

  function shortQuote(text, limit) {
    text = (text || "").replace(/\s+/g, " ").trim();
    limit = limit || 70;
    return text.length > limit ? text.slice(0, limit - 1).trim() + "…" : text;
  }

  /* A criterion by its words (its code only when the words are unknown). */
  function criterionName(id, names) {
    var text = names[id] || id;
    return document.createTextNode(text.charAt(0).toUpperCase() + text.slice(1));
  }

  /* The role-play debrief: what went well, what to work on (criteria in words, one short quote
     each), then the conversation step by step. ``steps``: the marked replies, in order. */
  function debrief(list, d, steps, names) {
    var li = message(list, "bot", "debrief");
    var head = el("h2", "turn-head", "Debrief");
    head.tabIndex = -1;
    li.appendChild(head);
    if (d.summary) li.appendChild(el("p", "debrief-summary", d.summary));
    var good = (d.criteria || []).filter(function (c) { return c.band === "secure"; });
    var work = (d.criteria || []).filter(function (c) { return c.band !== "secure"; });
    function section(title, items, cls) {
      if (!items.length) return;
      li.appendChild(el("h3", null, title));
      var ul = el("ul", "debrief-list " + cls);
      var rest = el("ul", "debrief-list " + cls);
      items.forEach(function (c, i) {
        var item = el("li");
        item.appendChild(el("strong", "db-state", (BANDS[c.band] || c.band) + ": "));
        item.appendChild(criterionName(c.id, names));
        if (c.evidence) item.appendChild(el("span", "quote", "You said “" + shortQuote(c.evidence) + "”"));
        (i < SHOWN ? ul : rest).appendChild(item);
      });
      li.appendChild(ul);
      if (items.length > SHOWN) {  // a long list folds after the first few
        var more = el("details", "more-criteria");
        more.appendChild(el("summary", null, (items.length - SHOWN) + " more"));
        more.appendChild(rest);
        li.appendChild(more);
      }
    }
    section("What went well", good, "went-well");
    section("What to work on", work, "work-on");
    if (steps.length) {
      li.appendChild(el("h3", null, "Step by step"));
      var ol = el("ol", "steps");
      steps.forEach(function (s) {
        var item = el("li");
        item.appendChild(el("span", "quote", "You said “" + shortQuote(s.text) + "”"));
        item.appendChild(el("strong", "db-state", " " + (BANDS[s.band] || "") + "."));
        var hit = [], missed = [];
        (s.concepts || []).forEach(function (c) {
          if (c.negative) { if (c.hit) missed.push(c.label + " (avoid this)"); }
          else (c.hit ? hit : missed).push(c.label);
        });
        if (hit.length) item.appendChild(el("span", "step-line", "Went well: " + hit.join("; ") + "."));
        if (missed.length) item.appendChild(el("span", "step-line", "To work on: " + missed.join("; ") + "."));
        ol.appendChild(item);
      });
      li.appendChild(ol);
    }
    return li;
  }

  /* "3 March 2027, 2:05pm" in the viewer's zone, as the pages' |ukdatetime writes it. */
  function ukDateTime(d) {
    var day = d.toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    var h = d.getHours() % 12 || 12, m = ("0" + d.getMinutes()).slice(-2);
    return day + ", " + h + ":" + m + (d.getHours() < 12 ? "am" : "pm");
  }

  /* The end of a session: score, each question with the answer and band, and what next. */
  function summary(box, s, links) {
    box.textContent = "";
    var head = el("h2", "summary-head", "Session summary");
    head.tabIndex = -1;
    box.appendChild(head);
    if (s.quiz && s.marks_shown === false) {
      var due = s.quiz.due ? ukDateTime(new Date(s.quiz.due)) : "the due date";
      box.appendChild(el("p", "quiz-note", "All saved. This quiz is a check: your marks, feedback and model answers appear after " + due + "."));
    }
    if (s.score !== null && s.score !== undefined) {
      var score = el("p", "score");
      score.appendChild(el("strong", null, s.secure + " of " + s.total + " secure"));
      score.appendChild(document.createTextNode((s.quiz ? " · mark recorded " : " · score ") +
                                                Math.round(s.score * 100) + "%"));
      box.appendChild(score);
      box.appendChild(el("p", "counts", "Secure " + s.secure + " · Partly there " + s.partly +
                         " · Not yet " + s.not_yet + " · Skipped " + s.skipped));
    } else {
      box.appendChild(el("p", "score", "You answered " + s.answered + " of " + s.total + "."));
    }
    var ol = el("ol", "review");
    (s.items || []).forEach(function (item, i) {
      var li = el("li", "review-item");
      li.appendChild(el("h3", null, "Question " + (i + 1)));
      li.appendChild(el("p", "prompt", item.prompt));
      var ans = el("p", "answer");
      ans.appendChild(el("strong", null, "Your answer: "));
      ans.appendChild(document.createTextNode(item.answer ? "“" + item.answer + "”" : "(skipped)"));
      li.appendChild(ans);
      var band = item.band ? BANDS[item.band] || item.band : item.answer ? "Saved" : "Skipped";
      var tries = item.tries > 1 ? " after " + item.tries + " tries" : "";
      li.appendChild(el("p", "badge b-" + (item.band || "none"), band + tries));
      ol.appendChild(li);
    });
    box.appendChild(ol);
    var actions = el("div", "actions");
    if (links.retry) actions.appendChild(links.retry);
    if (links.again) actions.appendChild(links.again);
    box.appendChild(actions);
    var nav = el("p", "way-back");
    var home = el("a", "button", "Back to home");
    home.href = links.home;
    var progress = el("a", "button", "See my progress");
    progress.href = links.progress;
    nav.appendChild(home);
    nav.appendChild(progress);
    box.appendChild(nav);
    return head;
  }

  /* Mark the learner's message ``li`` as waiting to be sent (offline), in words. */
  function waiting(li) {
    li.classList.add("waiting");
    li.appendChild(el("p", "waiting-note", "Waiting to send: you're offline"));
    return li;
  }

  var SKIP_WORDS = "I'll skip this one.";

  /* The learner's side of a skip (the coach's reply comes from the server). */
  function skipBubble(list) { return say(list, "me", SKIP_WORDS, "skip"); }

  /* The coach's reply to a skip: it doesn't count against the learner; the model answer. */
  function skipped(list, r) {
    var note = say(list, "bot", "Skipped: this doesn't count against you.", "note");
    if (r.model_answer) say(list, "bot", "Model answer: " + r.model_answer, "model");
    return note;
  }

  var BOX_HINTS = {
    answer: "Type your answer…",
    retry: "Change your answer and press Send, or press Next",
    done: "Press Next to go on",
    end: "This session is finished",
    waiting: "Waiting to be sent when you're back online…"
  };

  /* What the answer box says in a phase (see ``dockActions``). */
  function boxHint(phase, isScenario) {
    return phase === "answer" && isScenario ? "Type your reply…" : BOX_HINTS[phase];
  }

  /* Whether a reply leaves the question open for another try (retry phase, not done). */
  function triesLeft(r) {
    return !!(r.kind === "answer" && r.band && r.band !== "secure" && r.tries_left > 0);
  }

  /* The dock's buttons (their data-action) for a phase: answer (waiting for an answer), retry
     (answered, tries left), done (no tries left: only Next), end (summary or debrief shown),
     waiting (an answer waits offline). ``last``: the reply to the latest answer; ``check``: a
     check quiz before its due date (no hints or model answers). */
  function dockActions(phase, turn, last, check) {
    var question = turn && turn.kind === "question";
    if (phase === "answer") {
      if (!question) return [];
      if (check) return ["skip"];
      return turn.has_hint ? ["hint", "model", "skip"] : ["model", "skip"];
    }
    if (phase === "retry") return ["retry", "next"];
    if (phase === "done") {
      return ["next"].concat(last && (last.key_points || last.concepts) && last.band ? ["keypoints"] : []);
    }
    return [];
  }

  /* Of ``actions``, those that can't work without a connection: the model answer comes from
     the server, and so does a hint the turn doesn't carry. A skip waits in the queue. */
  function needConnection(actions, turn) {
    return actions.filter(function (a) {
      return a === "model" || (a === "hint" && !(turn && turn.hint));
    });
  }

  /* The sentence beside disabled buttons, offline: which need a connection (they work again
     online), and that a skip waits. ``names``: the buttons' labels. */
  function offlineNote(names, canSkip) {
    if (!names.length) return "";
    var which = names.length === 1 ? names[0] + " needs" : names.join(" and ") + " need";
    return "Offline: " + which + " a connection." +
      (canSkip ? " Skip is sent when you're back online." : "");
  }

  /* The coach's first words in a session. */
  function intro(kind, check) {
    if (kind === "scenario") return "Role-play: I'll be the customer. Reply as you would at work, in your own words.";
    if (kind === "review") return "Review: questions come back just before you'd forget them, your weakest first. Answer in your own words.";
    if (check) return "This quiz is a check: answer each question once, in your own words. Your marks and feedback appear after " + check + ".";
    return "Hi! Answer in your own words: spelling doesn't matter. If it's not right yet, you can try again.";
  }

  function button(cls, text, onClick) {
    var b = el("button", cls, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  /* A "Play again" button under a role-play's debrief. */
  function playAgain(list, onClick) {
    message(list, "bot", "done").appendChild(button("primary", "Play again", onClick));
  }

  /* The summary with its ways on: retry the ones missed (when marks are shown), practise
     again (not for a tutor's quiz), home and progress. ``start(body)`` starts a session. */
  function summaryWithActions(box, s, start, urls) {
    var retry = null, again = null;
    var missed = (s.items || []).some(function (i) { return i.band !== "secure"; });
    if (missed && s.marks_shown !== false) {
      retry = button("primary", "Retry the ones I missed", function () { start({ retry_of: s.session }); });
    }
    if (!s.quiz) again = button(retry ? null : "primary", "Practise again", function () { start(); });
    return summary(box, s, { retry: retry, again: again, home: urls.home, progress: urls.progress });
  }

  window.QuizChatView = {
    el: el, say: say, message: message, question: question, customerLines: customerLines,
    feedback: feedback, announcement: announcement, keyPoints: keyPoints, debrief: debrief,
    summary: summary, waiting: waiting, BANDS: BANDS, skipBubble: skipBubble, skipped: skipped,
    boxHint: boxHint, dockActions: dockActions, needConnection: needConnection,
    offlineNote: offlineNote, intro: intro, playAgain: playAgain,
    summaryWithActions: summaryWithActions, triesLeft: triesLeft
  };
})();
