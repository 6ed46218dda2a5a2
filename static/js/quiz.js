/* The quiz: shows the save state of each autosaved answer and offers a retry when a save
   fails. htmx does the saving (hx-post on each question's fieldset); without JavaScript the
   form posts normally, so nothing here is needed for the quiz to work. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function itemOf(element) {
    return element && element.closest ? element.closest("fieldset.item") : null;
  }

  function statusOf(item) {
    return item.querySelector(".item__status");
  }

  function showFailure(item, message) {
    var status = statusOf(item);
    if (!status) return;
    item.classList.remove("item--saving");
    item.classList.add("item--unsaved");
    status.textContent = "";
    var text = document.createElement("span");
    text.className = "save-error";
    text.textContent = message || "Not saved. Check your connection and try again.";
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "retry-button";
    retry.textContent = "Try again";
    retry.addEventListener("click", function () {
      retry.disabled = true;
      window.htmx.trigger(item, "change");
    });
    status.append(text, " ", retry);
  }

  function serverMessage(xhr) {
    var type = (xhr && xhr.getResponseHeader("Content-Type")) || "";
    if (type.indexOf("text/plain") === 0 && xhr.responseText && xhr.responseText.length < 300) {
      return "Not saved: " + xhr.responseText;
    }
    return "";
  }

  // htmx loads deferred and starts listening for changes only once the page has been parsed,
  // and the answers are on screen before that: a choice made in between fires a change that
  // nobody hears. When htmx takes charge of a question, send any choice that differs from
  // what the server rendered, so an early answer is saved like any other.
  document.addEventListener("htmx:afterProcessNode", function (event) {
    var item = event.target;
    if (!item.matches || !item.matches("fieldset.item")) return;
    var inputs = item.querySelectorAll("input");
    for (var i = 0; i < inputs.length; i++) {
      if (inputs[i].checked !== inputs[i].defaultChecked) {
        window.htmx.trigger(item, "change");
        return;
      }
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var item = itemOf(event.detail.elt);
    if (!item) return;
    item.classList.add("item--saving");
  });

  // A signed-out session answers with the sign-in page (a redirect the browser follows):
  // never paste that page into the question; say what happened instead.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var item = itemOf(event.detail.elt);
    var url = (event.detail.xhr && event.detail.xhr.responseURL) || "";
    if (item && url.indexOf("/accounts/login/") !== -1) {
      event.detail.shouldSwap = false;
      showFailure(item, "Not saved: you have been signed out. Sign in again in a new tab, then try again.");
    }
  });

  document.addEventListener("htmx:afterSwap", function (event) {
    var item = itemOf(event.detail.elt);
    if (!item) return;
    item.classList.remove("item--saving", "item--unsaved", "item--error");
    item.removeAttribute("aria-describedby");
    var error = item.querySelector(".item__error");
    if (error) error.remove();
  });

  document.addEventListener("htmx:responseError", function (event) {
    var item = itemOf(event.detail.elt);
    if (item) showFailure(item, serverMessage(event.detail.xhr));
  });

  document.addEventListener("htmx:sendError", function (event) {
    var item = itemOf(event.detail.elt);
    if (item) showFailure(item, "");
  });

  document.addEventListener("htmx:timeout", function (event) {
    var item = itemOf(event.detail.elt);
    if (item) showFailure(item, "Not saved: the server took too long. Try again.");
  });

  // After "Next" with gaps, bring the summary into view and to the keyboard.
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.getElementById("error-summary");
    if (summary) summary.focus();
  });
})();
