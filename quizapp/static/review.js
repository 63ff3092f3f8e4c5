/* Open the criterion a heat-map cell points at (#crit-<id>), and keep it in view. */
(function () {
  "use strict";
  function openTarget() {
    if (!location.hash) return;
    var el = document.getElementById(decodeURIComponent(location.hash.slice(1)));
    if (!el) return;
    var details = el.tagName === "DETAILS" ? el : el.closest("details");
    while (details) { details.open = true; details = details.parentElement.closest("details"); }
    el.scrollIntoView({ block: "start" });
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
