/* Đơn Thư — the archivist's pages (/luu-tru): the box upload with its progress (XHR, so the bytes sent show),
   then the batch page polls /api/archive/batches/{id} every second while the import runs and reloads when it
   is over. Plain JS; the CSRF token travels in X-CSRF-Token. */
(function () {
  "use strict";
  var CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";

  function setBar(bar, percent) {
    if (!bar) return;
    var p = Math.max(0, Math.min(100, Math.round(percent)));
    bar.setAttribute("aria-valuenow", String(p));
    var fill = bar.querySelector("i");
    if (fill) fill.style.width = p + "%";
  }
  function text(id, value) {
    var el = document.getElementById(id);
    if (el) el.textContent = value === null || value === undefined ? "" : String(value);
  }

  // ------------------------------------------------------------------ upload (/luu-tru)
  var form = document.getElementById("archive-upload");
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var files = document.getElementById("archive-files");
      if (!files.files.length) { text("upload-msg", "Hãy chọn tệp .zip của hộp hoặc các tệp tài liệu."); return; }
      var bar = document.getElementById("upload-bar");
      var button = document.getElementById("archive-submit");
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.setRequestHeader("X-CSRF-Token", CSRF);
      xhr.upload.addEventListener("progress", function (ev) {
        if (ev.lengthComputable) {
          setBar(bar, 100 * ev.loaded / ev.total);
          text("upload-msg", "Đang tải lên " + Math.round(100 * ev.loaded / ev.total) + "%");
        }
      });
      xhr.addEventListener("load", function () {
        // the answer is the batch page (303 followed): go there
        if (xhr.status >= 200 && xhr.status < 300 && xhr.responseURL) { window.location.assign(xhr.responseURL); return; }
        var message = "Lỗi " + xhr.status;
        try { message = JSON.parse(xhr.responseText).detail || message; } catch (err) { /* not JSON */ }
        if (typeof message !== "string") message = "Dữ liệu gửi lên không hợp lệ.";
        text("upload-msg", message);
        button.disabled = false;
        bar.hidden = true;
      });
      xhr.addEventListener("error", function () {
        text("upload-msg", "Mất kết nối khi tải lên; hãy thử lại.");
        button.disabled = false;
      });
      button.disabled = true;
      bar.hidden = false;
      setBar(bar, 0);
      xhr.send(new FormData(form));
    });
  }

  // ------------------------------------------------------------------ progress (/luu-tru/{id})
  var section = document.getElementById("progress");
  if (section && section.getAttribute("data-finished") === "0") {
    var url = "/api/archive/batches/" + encodeURIComponent(section.getAttribute("data-batch"));
    var timer = null;
    var poll = function () {
      fetch(url, {headers: {"Accept": "application/json"}, credentials: "same-origin"})
        .then(function (res) { if (!res.ok) throw new Error(String(res.status)); return res.json(); })
        .then(function (p) {
          setBar(document.getElementById("progress-bar"), p.percent);
          text("progress-percent", p.percent);
          text("files-done", p.files_done); text("files-total", p.files_total);
          text("pages-done", p.pages_done); text("pages-total", p.pages_total);
          text("skipped-count", p.skipped);
          text("progress-status", p.status_label);
          var err = document.getElementById("progress-error");
          if (err) { err.hidden = !p.error; err.textContent = p.error || ""; }
          if (p.finished) { clearInterval(timer); window.location.reload(); }
        })
        .catch(function () { /* try again at the next tick */ });
    };
    timer = setInterval(poll, 1000);
    poll();
  }
})();
