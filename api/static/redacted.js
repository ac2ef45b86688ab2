// Review of a redacted copy: drag on a page image to add a masked box, then save (CSRF header).
(function () {
  "use strict";
  var root = document.getElementById("redaction");
  if (!root) return;
  var caseId = root.getAttribute("data-case");
  var added = {};
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content;
  root.querySelectorAll(".redacted-page").forEach(function (fig) {
    var no = fig.getAttribute("data-no");
    var W = +fig.getAttribute("data-w"), H = +fig.getAttribute("data-h");
    var stage = fig.querySelector(".redact-stage"), layer = fig.querySelector(".redact-boxes");
    var img = fig.querySelector("img");
    var start = null, el = null;
    function pos(e) {
      var r = img.getBoundingClientRect();
      return [Math.max(0, Math.min(W, (e.clientX - r.left) * W / r.width)),
              Math.max(0, Math.min(H, (e.clientY - r.top) * H / r.height))];
    }
    stage.addEventListener("mousedown", function (e) {
      e.preventDefault(); start = pos(e);
      el = document.createElement("div"); el.className = "redact-box"; layer.appendChild(el);
    });
    window.addEventListener("mousemove", function (e) {
      if (!start) return;
      var p = pos(e), l = Math.min(start[0], p[0]), t = Math.min(start[1], p[1]);
      el.style.left = (100 * l / W) + "%"; el.style.top = (100 * t / H) + "%";
      el.style.width = (100 * Math.abs(p[0] - start[0]) / W) + "%";
      el.style.height = (100 * Math.abs(p[1] - start[1]) / H) + "%";
      el.dataset.box = [Math.round(l), Math.round(t), Math.round(Math.abs(p[0] - start[0])),
                        Math.round(Math.abs(p[1] - start[1]))].join(",");
    });
    window.addEventListener("mouseup", function () {
      if (!start) return;
      start = null;
      if (el && el.dataset.box) {
        var b = el.dataset.box.split(",").map(Number);
        if (b[2] > 3 && b[3] > 3) { (added[no] = added[no] || []).push(b); } else { el.remove(); }
      } else if (el) { el.remove(); }
      el = null;
    });
  });
  var status = document.getElementById("redaction-status");
  document.getElementById("redaction-save").addEventListener("click", function () {
    status.textContent = "Đang lưu…";
    fetch("/api/cases/" + encodeURIComponent(caseId) + "/redaction", {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify({boxes: added, reviewed: true})
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }).then(function () { location.reload(); })
      .catch(function (e) { status.textContent = "Không lưu được (" + e.message + "). Hãy thử lại."; });
  });
})();
