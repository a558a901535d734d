/* Keeps what is typed in the follow-up form: on the server as a draft while the person
 * types, and on this device until the server has it.
 *
 * Autosave (data-autosave-url, only for a response not yet submitted): a moment after the
 * person stops typing, when a section's own "Save draft" is pressed, and when the page is
 * left or hidden, the form is posted to the autosave endpoint (CSRF token in the header
 * and the body), and the status line near the top says "Saved 14:32" (a polite live
 * region). Requests go one after another, so an older draft never overwrites a newer.
 *
 * The device's copy: if the session times out, or the connection drops, the answers
 * survive and are put back when the form is opened again and the server has nothing
 * newer. A page that shows a successful save (data-saved="1") clears them, and so does a
 * successful autosave. Without JavaScript the form works the same, with the buttons.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-key]");
  if (!form) {
    return;
  }
  var storage = null;
  try {
    storage = window.localStorage;
  } catch (error) {
    storage = null; // Forbidden by the browser's settings: autosave still works.
  }
  var key = "samverkan:" + form.dataset.draftKey;
  var skipped = { csrfmiddlewaretoken: true, response: true, action: true };
  var autosaveUrl = form.dataset.autosaveUrl;
  var statusLine = document.getElementById("autosave-status");
  var DELAY = 1500;

  function read() {
    try {
      return JSON.parse(storage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function forget() {
    try {
      storage.removeItem(key);
    } catch (error) {
      // Nothing kept, nothing to forget.
    }
  }

  function write() {
    if (!storage) {
      return;
    }
    var values = {};
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!element.name || skipped[element.name] || element.disabled) {
        return;
      }
      if (element.type === "radio") {
        if (element.checked) {
          values[element.name] = element.value;
        } else if (!(element.name in values)) {
          values[element.name] = null;
        }
      } else if (element.type !== "submit" && element.type !== "button") {
        values[element.name] = element.value;
      }
    });
    try {
      storage.setItem(key, JSON.stringify({ at: Date.now(), values: values }));
    } catch (error) {
      // Storage full or forbidden (private mode): the form still works without it.
    }
  }

  function restore(values) {
    var changed = false;
    Object.keys(values).forEach(function (name) {
      var value = values[name];
      var fields = form.elements.namedItem(name);
      if (!fields) {
        return;
      }
      if (fields instanceof RadioNodeList || fields.type === "radio") {
        var radios = fields instanceof RadioNodeList ? fields : [fields];
        Array.prototype.forEach.call(radios, function (radio) {
          var checked = value !== null && radio.value === value;
          if (radio.checked !== checked) {
            radio.checked = checked;
            changed = true;
          }
        });
      } else if (fields.value !== value && value !== null) {
        fields.value = value;
        changed = true;
      }
    });
    return changed;
  }

  // ---- autosave --------------------------------------------------------------------------

  var dirty = false;
  var submitting = false;
  var timer = null;
  var queue = Promise.resolve();

  function say(text) {
    if (statusLine && text) {
      statusLine.textContent = text;
    }
  }

  function csrfToken() {
    var field = form.elements.namedItem("csrfmiddlewaretoken");
    return field ? field.value : "";
  }

  function post(leaving) {
    var body = new FormData(form);
    body.delete("action");
    return fetch(autosaveUrl, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
      // Lets the request finish after the page has gone (leaving, closing the tab).
      keepalive: !!leaving,
    });
  }

  function saved(data) {
    forget();
    form.dataset.serverSaved = String(data.saved_at || 0);
    var badge = document.querySelector(".followup-status .status-badge[data-draft-label]");
    if (badge) {
      badge.textContent = badge.dataset.draftLabel;
    }
    say(data.message);
  }

  function failed(data) {
    dirty = true; // Try again with the next change; the device keeps the copy meanwhile.
    say((data && data.message) || form.dataset.failedMessage);
  }

  function save(leaving) {
    if (!autosaveUrl || !dirty || submitting) {
      return queue;
    }
    window.clearTimeout(timer);
    dirty = false;
    if (leaving) {
      // No time to wait for the queue: the page is going.
      post(true).catch(function () {});
      return queue;
    }
    queue = queue.then(function () {
      say(form.dataset.savingMessage);
      return post(false).then(
        function (response) {
          return response.json().then(
            function (data) {
              (response.ok ? saved : failed)(data);
            },
            function () {
              failed(null);
            }
          );
        },
        function () {
          failed(null);
        }
      );
    });
    return queue;
  }

  function changed() {
    write();
    dirty = true;
    if (autosaveUrl) {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, DELAY);
    }
  }

  // ---- start -------------------------------------------------------------------------------

  if (form.dataset.saved === "1") {
    forget();
  } else if (form.dataset.bound !== "1" && storage) {
    // A form sent back with errors already shows what was typed; otherwise put back
    // what this device holds if it is newer than the server's last save.
    var stored = read();
    var serverSaved = parseInt(form.dataset.serverSaved || "0", 10) * 1000;
    if (stored && stored.values && stored.at > serverSaved && restore(stored.values)) {
      var note = form.querySelector(".draft-restored");
      if (note) {
        note.textContent = form.dataset.restoredMessage;
        note.hidden = false;
      }
      dirty = true;
    }
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    if (autosaveUrl && button && button.hasAttribute("data-section-save")) {
      // A section's own save button: save in place, without leaving the section.
      event.preventDefault();
      dirty = true;
      save(false);
      return;
    }
    submitting = true;
  });
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      save(true);
    }
  });
  window.addEventListener("pagehide", function () {
    save(true);
  });
})();
