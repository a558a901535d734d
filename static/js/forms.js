/* Two helpers for every form of the portal, loaded on every page (no inline script: CSP).
 *
 * 1. A live counter under every input and textarea with a maxlength: "123 of 300
 *    characters". The browser would silently cut a longer paste at the limit; instead the
 *    limit is lifted from the field (the server still refuses a longer text, with a
 *    message), the counter says how much too long the text is, and the field is marked
 *    invalid until it is shortened. The counter is announced politely only when the
 *    person comes close to the limit or passes it.
 *
 * 2. On sign-out (a form posting to the URL in this script's data-logout-url), what the
 *    portal kept in this browser's storage (keys starting "samverkan:", such as a follow-up
 *    draft) is removed, so the next person on a shared computer finds nothing.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  var logoutUrl = script ? script.getAttribute("data-logout-url") : "";
  var PREFIX = "samverkan:";
  var lang = (document.documentElement.lang || "sv").slice(0, 2);
  var words = {
    sv: {
      count: "{n} av {max} tecken",
      over: "{n} av {max} tecken: {over} tecken för mycket. Korta texten innan du sparar.",
    },
    en: {
      count: "{n} of {max} characters",
      over: "{n} of {max} characters: {over} too many. Shorten the text before you save.",
    },
  }[lang === "en" ? "en" : "sv"];

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, name) {
      return String(values[name]);
    });
  }

  // ---- the character counter -----------------------------------------------------------------

  var counted = 0;

  function attach(field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!max || field.type === "hidden" || field.dataset.counter === "on") {
      return;
    }
    field.dataset.counter = "on";
    field.dataset.maxlength = String(max);
    // The browser cuts a paste at maxlength without a word; the counter says it instead.
    field.removeAttribute("maxlength");
    counted += 1;
    var counter = document.createElement("p");
    counter.className = "help muted char-counter";
    counter.id = (field.id || "field-" + counted) + "_counter";
    field.insertAdjacentElement("afterend", counter);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id);
    field.setAttribute("aria-describedby", described.join(" "));
    var wasInvalid = field.getAttribute("aria-invalid") === "true";

    function update() {
      var length = field.value.length;
      var over = length - max;
      if (over > 0) {
        counter.textContent = fill(words.over, { n: length, max: max, over: over });
        counter.classList.add("field-error");
        field.setAttribute("aria-invalid", "true");
        field.setCustomValidity(counter.textContent);
      } else {
        counter.textContent = fill(words.count, { n: length, max: max });
        counter.classList.remove("field-error");
        field.setCustomValidity("");
        if (!wasInvalid) {
          field.removeAttribute("aria-invalid");
        }
      }
      // Announced only near the limit: a screen reader is not told every keystroke.
      if (length >= max * 0.9) {
        counter.setAttribute("aria-live", "polite");
      } else {
        counter.removeAttribute("aria-live");
      }
    }

    field.addEventListener("input", update);
    update();
  }

  function attachAll() {
    Array.prototype.forEach.call(
      document.querySelectorAll("input[maxlength], textarea[maxlength]"),
      attach
    );
  }

  // ---- forgetting the browser's copy on sign-out --------------------------------------------

  function forgetAll(store) {
    try {
      var keys = [];
      for (var index = 0; index < store.length; index += 1) {
        var name = store.key(index);
        if (name && name.indexOf(PREFIX) === 0) {
          keys.push(name);
        }
      }
      keys.forEach(function (name) {
        store.removeItem(name);
      });
    } catch (error) {
      // Storage forbidden: nothing was kept.
    }
  }

  function signsOut(form) {
    if (!logoutUrl || !form.action) {
      return false;
    }
    try {
      return new URL(form.action, window.location.href).pathname === logoutUrl;
    } catch (error) {
      return false;
    }
  }

  document.addEventListener("submit", function (event) {
    if (signsOut(event.target)) {
      try {
        forgetAll(window.localStorage);
        forgetAll(window.sessionStorage);
      } catch (error) {
        // Storage forbidden: nothing was kept.
      }
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", attachAll);
  } else {
    attachAll();
  }
})();
