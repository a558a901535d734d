/* Follows the annual report versions being generated on /rapporter/.
 *
 * Each unfinished version's row has data-status-url; every two seconds the script asks
 * that address how far the version has come and shows it in the row's live region.
 * When one finishes, the page is loaded again once, with its download link or error.
 * Without JavaScript the row's "Update status" link reloads the page by hand.
 */
(function () {
  "use strict";

  var INTERVAL = 2000;
  var MAX_FAILURES = 5;
  var rows = document.querySelectorAll("[data-status-url]");
  if (!rows.length || !window.fetch) {
    return;
  }
  var reloading = false;

  function refreshLink(row, visible) {
    var link = row.querySelector(".report-refresh");
    if (link) {
      link.hidden = !visible;
    }
  }

  function show(row, data) {
    var label = row.querySelector(".report-status-label");
    var progress = row.querySelector(".report-progress");
    var text = row.querySelector(".report-progress-text");
    if (label && label.textContent !== data.label) {
      label.textContent = data.label;
    }
    if (progress) {
      progress.value = data.progress;
      progress.textContent = data.progress + " %";
    }
    if (text) {
      text.textContent = data.progress + " %";
    }
  }

  function finish() {
    if (!reloading) {
      reloading = true;
      window.location.reload();
    }
  }

  function poll(row, failures) {
    window.setTimeout(function () {
      if (reloading) {
        return;
      }
      window
        .fetch(row.dataset.statusUrl, {
          credentials: "same-origin",
          cache: "no-store",
          headers: { Accept: "application/json" },
        })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("status " + response.status);
          }
          return response.json();
        })
        .then(function (data) {
          show(row, data);
          if (data.finished) {
            finish();
          } else {
            poll(row, 0);
          }
        })
        .catch(function () {
          // Offline for a moment, or signed out: offer the plain reload, keep trying a while.
          refreshLink(row, true);
          if (failures + 1 < MAX_FAILURES) {
            poll(row, failures + 1);
          }
        });
    }, INTERVAL);
  }

  Array.prototype.forEach.call(rows, function (row) {
    refreshLink(row, false);
    poll(row, 0);
  });
})();
