// Loop planning: ask before the actions that replace work or notify people.
// Progressive enhancement only: every form submits normally without this file.
(function () {
  "use strict";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = form.getAttribute && form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Stop a double tap on a slow connection from sending the same change twice.
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      return;
    }
    var buttons = event.target.querySelectorAll("button[type=submit]");
    window.setTimeout(function () {
      buttons.forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-busy", "true");
      });
    }, 0);
  });

  // A page restored from the back-forward cache gets its buttons back.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[aria-busy=true]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    });
  });
})();
