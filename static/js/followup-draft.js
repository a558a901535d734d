/* Keeps what is typed in the follow-up form on this device until the server has saved it.
 *
 * If the session times out, or the connection drops, the answers survive: they are put
 * back when the form is opened again and the server has nothing newer. A page that
 * shows a successful save (data-saved="1") clears them. Without JavaScript the form
 * works the same, only without this safety net.
 */
(function () {
  "use strict";

  var form = document.querySelector("form[data-draft-key]");
  if (!form || !window.localStorage) {
    return;
  }
  var key = "samverkan:" + form.dataset.draftKey;
  var skipped = { csrfmiddlewaretoken: true, response: true, action: true };

  function read() {
    try {
      return JSON.parse(window.localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function write() {
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
      window.localStorage.setItem(key, JSON.stringify({ at: Date.now(), values: values }));
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

  if (form.dataset.saved === "1") {
    window.localStorage.removeItem(key);
  } else if (form.dataset.bound !== "1") {
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
    }
  }

  form.addEventListener("input", write);
  form.addEventListener("change", write);
})();
