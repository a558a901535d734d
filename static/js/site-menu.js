/* The site menu as a disclosure button on small screens (templates/base.html).
   Without this script the button stays hidden and the menu open, so every link still works.
   The CSS hides the collapsed menu only below 40rem; wider screens always show it. */
(function () {
  "use strict";
  var button = document.querySelector(".menu-toggle");
  var menu = document.getElementById("site-menu");
  if (!button || !menu) {
    return;
  }

  function setOpen(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    menu.classList.toggle("is-collapsed", !open);
  }

  document.documentElement.classList.add("has-menu-toggle");
  button.hidden = false;
  setOpen(false);

  button.addEventListener("click", function () {
    setOpen(button.getAttribute("aria-expanded") !== "true");
  });

  // Escape closes the open menu and gives focus back to its button.
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
        window.getComputedStyle(button).display !== "none") {
      setOpen(false);
      button.focus();
    }
  });
})();
