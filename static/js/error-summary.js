/* On a page whose form came back with errors, move focus (and the view) to the error summary
   (templates/includes/error_summary.html), so a person on a phone or with a screen reader
   learns at once what went wrong. A link in the summary focuses its field, with the field's
   label in view. */
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  if (!summary.hasAttribute("tabindex")) {
    summary.setAttribute("tabindex", "-1");
  }
  summary.scrollIntoView({ block: "start" });
  summary.focus({ preventScroll: true });

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(decodeURIComponent(link.getAttribute("href").slice(1)));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']") ||
      field.closest("fieldset") || field;
    label.scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
