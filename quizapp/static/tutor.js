/* New cohort: offer only the optional units of the chosen qualification (the server checks
   the choice again). */
(function () {
  "use strict";
  var select = document.getElementById("cohort-qualification");
  var box = document.getElementById("optional-units");
  if (!select || !box) return;
  function filter() {
    var shown = 0;
    box.querySelectorAll("input[data-qualification]").forEach(function (input) {
      var mine = input.getAttribute("data-qualification") === select.value;
      var item = input.closest("li") || input.parentElement;
      item.hidden = !mine;
      if (!mine) input.checked = false;
      if (mine) shown += 1;
    });
    document.getElementById("no-optional").hidden = shown > 0;
  }
  select.addEventListener("change", filter);
  filter();
})();
/* A quiz form shown again with an error: bring the error (and the form) into view. */
(function () {
  "use strict";
  var error = document.querySelector("#quiz-form .form-error");
  if (error) error.scrollIntoView({ block: "center" });
})();
