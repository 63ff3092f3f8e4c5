/* Tell the server the viewer's time zone, so dates show in it (read by quizapp/dates.py). */
(function () {
  "use strict";
  try {
    var tz = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (tz && document.cookie.indexOf("tz=" + tz) === -1) {
      document.cookie = "tz=" + tz + ";path=/;max-age=31536000;samesite=lax";
    }
  } catch (e) { /* old browsers: Europe/London */ }
})();
