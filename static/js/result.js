/* The result page: a Copy button for the conversation opener. Without JavaScript the button
   stays hidden and the text can be selected and copied by hand. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-copy]").forEach(function (button) {
      var source = document.getElementById(button.getAttribute("data-copy"));
      var status = button.parentElement.querySelector("[data-copy-status]");
      if (!source) return;
      button.hidden = false;
      button.addEventListener("click", function () {
        var done = function (message) { if (status) status.textContent = message; };
        if (navigator.clipboard && window.isSecureContext) {
          navigator.clipboard.writeText(source.value).then(
            function () { done("Copied. Paste it wherever suits you."); },
            function () { source.select(); done("Selected: press Ctrl+C (or ⌘C) to copy."); }
          );
        } else {
          source.focus();
          source.select();
          done("Selected: press Ctrl+C (or ⌘C) to copy.");
        }
      });
    });
  });
})();
