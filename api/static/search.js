/* Đơn Thư — tra cứu (/tra-cuu): keyboard shortcuts on top of a page that works without JavaScript.
   "/" goes to the search box; ↓ or Esc in it goes to the first result; "j"/"k" (or ↓/↑) move between
   results, Enter opens one;
   deleting a saved search asks first. Plain JS, no build step. */
(function () {
  "use strict";
  var box = document.getElementById("q");
  var links = Array.prototype.slice.call(document.querySelectorAll(".hit-link"));

  function typing(el) {
    return el && (el.tagName === "INPUT" || el.tagName === "TEXTAREA" || el.tagName === "SELECT" || el.isContentEditable);
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var active = document.activeElement;
    if (ev.key === "/" && !typing(active) && box) {
      ev.preventDefault();
      box.focus();
      box.select();
      return;
    }
    if ((ev.key === "Escape" || ev.key === "ArrowDown") && active === box && links.length) {
      ev.preventDefault();
      links[0].focus();
      return;
    }
    if (typing(active) || !links.length) return;
    var i = links.indexOf(active);
    if (ev.key === "j" || ev.key === "ArrowDown") {
      ev.preventDefault();
      links[Math.min(i + 1, links.length - 1)].focus();
    } else if (ev.key === "k" || ev.key === "ArrowUp") {
      ev.preventDefault();
      if (i <= 0) { if (box) box.focus(); } else links[i - 1].focus();
    }
  });

  Array.prototype.forEach.call(document.querySelectorAll("form.delete-saved"), function (form) {
    form.addEventListener("submit", function (ev) {
      var label = form.querySelector("button").getAttribute("aria-label") || "";
      if (!window.confirm(label + "?")) ev.preventDefault();
    });
  });
})();
