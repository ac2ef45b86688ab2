/* Đơn Thư — reception desk: drag-and-drop uploads (several at once), live progress through the pipeline
   (polls /api/uploads), case numbers and receipt links. Plain JS; the CSRF token travels in X-CSRF-Token. */
(function () {
  "use strict";
  var CSRF = (document.querySelector('meta[name="csrf-token"]') || {}).content || "";
  var zone = document.getElementById("dropzone");
  var input = document.getElementById("files");
  var tbody = document.getElementById("jobs");
  var printAll = document.getElementById("print-all");
  var deskMsg = document.getElementById("desk-msg");
  var rows = [];          // newest first: {key, name, size, upload: 0..1|null, job: {...}|null, error}
  var queue = [];         // files waiting to be sent
  var sending = 0;
  var MAX_PARALLEL = 2;
  var batchCases = [];    // case numbers produced by this visit's uploads
  var pollTimer = null;
  var seq = 0;

  JSON.parse(document.getElementById("desk-data").textContent).forEach(function (j) {
    rows.push({key: "j" + j.id, name: j.filename, size: j.size, upload: null, job: j, error: null, old: true});
  });

  function el(tag, attrs, text) {
    var e = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function sizeText(n) {
    if (!n && n !== 0) return "";
    return n > 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB";
  }
  function render() {
    tbody.textContent = "";
    if (!rows.length) {
      var tr0 = el("tr"); var td0 = el("td", {colspan: "5"}, "Chưa có tệp nào. Kéo thả tệp vào ô phía trên.");
      tr0.appendChild(td0); tbody.appendChild(tr0);
    }
    rows.forEach(function (r) {
      var j = r.job, status = j ? j.status : (r.error ? "failed" : "uploading");
      var tr = el("tr", {"class": "job-" + status, "data-key": r.key, "data-status": status});
      var c1 = el("td"); c1.appendChild(el("b", null, r.name)); c1.appendChild(el("br"));
      c1.appendChild(el("small", null, sizeText(r.size) + (j ? " · " + j.created_at : "")));
      tr.appendChild(c1);
      var c2 = el("td");
      var text, frac;
      if (r.error) { text = "Lỗi tải lên: " + r.error; frac = 1; }
      else if (!j) { text = "Đang tải lên " + Math.round((r.upload || 0) * 100) + "%"; frac = (r.upload || 0) * 0.3; }
      else {
        text = j.stage + (j.status === "failed" && j.error ? ": " + j.error : "");
        if (j.finished) frac = 1;
        else if (j.pages_total) frac = 0.3 + 0.65 * j.pages_done / j.pages_total;
        else frac = 0.3;
      }
      c2.appendChild(el("span", {"class": "stage-text"}, text));
      if (j && j.warning) { c2.appendChild(el("br")); c2.appendChild(el("small", {"class": "warn"}, j.warning)); }
      var bar = el("div", {"class": "bar", role: "progressbar", "aria-valuemin": "0", "aria-valuemax": "100",
                           "aria-valuenow": String(Math.round(frac * 100))});
      var fill = el("i"); fill.style.width = Math.round(frac * 100) + "%"; bar.appendChild(fill);
      c2.appendChild(bar);
      tr.appendChild(c2);
      var c3 = el("td"), c4 = el("td"), c5 = el("td");
      var ul3 = el("ul", {"class": "caselist"}), ul4 = el("ul", {"class": "caselist"}), ul5 = el("ul", {"class": "caselist"});
      ((j && j.cases) || []).forEach(function (c) {
        var li = el("li"); var a = el("a", {href: c.url, "class": "case-no"}, c.case_id); li.appendChild(a); ul3.appendChild(li);
        ul4.appendChild(el("li", null, c.deadline || ""));
        var li5 = el("li"); li5.appendChild(el("a", {href: c.receipt, target: "_blank", "class": "receipt-link"}, "In phiếu"));
        ul5.appendChild(li5);
      });
      c3.appendChild(ul3); c4.appendChild(ul4); c5.appendChild(ul5);
      tr.appendChild(c3); tr.appendChild(c4); tr.appendChild(c5);
      tbody.appendChild(tr);
    });
    if (batchCases.length) {
      printAll.hidden = false;
      printAll.href = "/receipts?ids=" + encodeURIComponent(batchCases.join(","));
      printAll.textContent = "In tất cả " + batchCases.length + " phiếu tiếp nhận của lượt này";
    }
  }

  function addFiles(files) {
    Array.prototype.forEach.call(files, function (f) {
      var r = {key: "u" + (++seq), name: f.name, size: f.size, upload: 0, job: null, error: null};
      rows.unshift(r);
      queue.push({file: f, row: r});
    });
    render();
    pump();
  }
  function pump() {
    while (sending < MAX_PARALLEL && queue.length) send(queue.shift());
  }
  function send(item) {
    sending++;
    var xhr = new XMLHttpRequest();
    var fd = new FormData();
    fd.append("file", item.file, item.file.name);
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("X-CSRF-Token", CSRF);
    xhr.upload.onprogress = function (e) {
      if (e.lengthComputable) { item.row.upload = e.loaded / e.total; render(); }
    };
    xhr.onload = function () {
      sending--;
      var body = {};
      try { body = JSON.parse(xhr.responseText); } catch (e) { body = {}; }
      if (xhr.status >= 200 && xhr.status < 300) { item.row.job = body; item.row.key = "j" + body.id; }
      else item.row.error = body.detail || ("HTTP " + xhr.status);
      render(); pump(); schedulePoll();
    };
    xhr.onerror = function () { sending--; item.row.error = "mất kết nối tới máy chủ"; render(); pump(); };
    xhr.send(fd);
  }
  function unfinished() {
    return rows.filter(function (r) { return r.job && !r.job.finished; }).map(function (r) { return r.job.id; });
  }
  function schedulePoll() {
    if (pollTimer) return;
    pollTimer = setTimeout(poll, 800);
  }
  function poll() {
    pollTimer = null;
    var ids = unfinished();
    if (!ids.length) return;
    fetch("/api/uploads?ids=" + ids.join(","), {credentials: "same-origin"}).then(function (r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function (jobs) {
      jobs.forEach(function (j) {
        rows.forEach(function (r) {
          if (r.job && r.job.id === j.id) {
            var was = r.job.finished;
            r.job = j;
            if (j.finished && !was && !r.old) {
              j.cases.forEach(function (c) { if (batchCases.indexOf(c.case_id) < 0) batchCases.push(c.case_id); });
            }
          }
        });
      });
      var done = rows.filter(function (r) { return r.job && r.job.finished && !r.old; }).length;
      deskMsg.textContent = done ? "Đã xử lý xong " + done + " tệp; " + batchCases.length + " hồ sơ." : "";
      render();
      schedulePoll();
    }).catch(function () { pollTimer = setTimeout(poll, 3000); });
  }

  ["dragenter", "dragover"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (ev) {
    zone.addEventListener(ev, function (e) { e.preventDefault(); zone.classList.remove("over"); });
  });
  zone.addEventListener("drop", function (e) {
    if (e.dataTransfer && e.dataTransfer.files && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });
  // a drop outside the zone must not navigate away from the desk
  window.addEventListener("dragover", function (e) { e.preventDefault(); });
  window.addEventListener("drop", function (e) { e.preventDefault(); });
  input.addEventListener("change", function () { addFiles(input.files); input.value = ""; });

  // returned cases: the rescanned file goes to the same case (POST /api/cases/{id}/rescan), read before the answer
  Array.prototype.forEach.call(document.querySelectorAll("form.rescan-form"), function (f) {
    var msg = f.querySelector(".rescan-msg");
    var btn = f.querySelector("button");
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var file = f.querySelector('input[type="file"]').files[0];
      if (!file) { msg.textContent = "Chọn tệp quét lại trước."; return; }
      var fd = new FormData();
      fd.append("file", file, file.name);
      btn.disabled = true;
      msg.className = "rescan-msg";
      msg.textContent = "Đang đọc bản quét…";
      fetch("/api/cases/" + encodeURIComponent(f.dataset.case) + "/rescan", {
        method: "POST", credentials: "same-origin", headers: {"X-CSRF-Token": CSRF}, body: fd
      }).then(function (r) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          if (!r.ok) throw new Error(j.detail || ("Lỗi " + r.status));
          return j;
        });
      }).then(function (res) {
        msg.className = "rescan-msg ok";
        msg.textContent = "Đã gắn " + res.pages.length + " trang vào hồ sơ " + res.case_id +
          "; hồ sơ đã trở lại hàng chờ xác minh.";
        f.querySelector('input[type="file"]').disabled = true;
        var row = f.closest("tr");
        if (row) row.classList.add("job-done");
      }).catch(function (err) {
        btn.disabled = false;
        msg.className = "rescan-msg error";
        msg.textContent = err.message;
      });
    });
  });
  render();
  if (unfinished().length) schedulePoll();
})();
