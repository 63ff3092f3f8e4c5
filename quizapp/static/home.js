/* The home page's daily goal: choosing 5, 10 or 20 questions a day saves it with the browser's
   time zone (PUT /api/v1/me/goal), so the learner's days and streak are their own. */
(function () {
  "use strict";
  var box = document.getElementById("goal");
  if (!box) return;
  var meta = document.querySelector('meta[name="csrf-token"]');
  var status = document.getElementById("goal-status");
  var today = Number(box.dataset.today) || 0;

  function timeZone() {
    try { return Intl.DateTimeFormat().resolvedOptions().timeZone || null; } catch (e) { return null; }
  }

  function show(goal) {
    Array.prototype.forEach.call(box.querySelectorAll("button[data-goal]"), function (b) {
      b.setAttribute("aria-pressed", String(Number(b.dataset.goal) === goal));
    });
    document.getElementById("goal-text").textContent = today + " of " + goal;
    document.getElementById("goal-met").textContent = today >= goal ? ": goal met" : "";
    var meter = document.getElementById("goal-meter");
    meter.max = goal;
    meter.value = Math.min(today, goal);
  }

  box.addEventListener("click", function (e) {
    var btn = e.target.closest("button[data-goal]");
    if (!btn) return;
    var goal = Number(btn.dataset.goal);
    var body = { daily_goal: goal };
    var tz = timeZone();
    if (tz) body.time_zone = tz;
    status.textContent = "Saving…";
    fetch("/api/v1/me/goal", {
      method: "PUT", credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": meta ? meta.content : "" },
      body: JSON.stringify(body)
    }).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      show(goal);
      status.textContent = "Daily goal: " + goal + " questions.";
    }).catch(function () {
      status.textContent = "Couldn't save your goal: check your connection and try again.";
    });
  });
})();
