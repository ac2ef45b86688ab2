/* Đơn Thư — case screen: page viewer (zoom, pan, rotate, thumbnails, word boxes) and the keyboard-first form.
   Plain JS, no build step. Every POST carries the session's CSRF token in the X-CSRF-Token header. */
(function () {
  "use strict";
  var dataEl = document.getElementById("station-data");
  if (!dataEl) return;
  var D = JSON.parse(dataEl.textContent);
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.content : "";
  var form = document.getElementById("caseform");
  var msgEl = document.getElementById("msg");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("[data-input]"));
  var byField = {};
  inputs.forEach(function (el) { byField[el.dataset.input] = el; });
  var saved = {};          // field -> value as last saved (or loaded)
  var pendingSource = {};  // field -> [[page, word index], ...] chosen on the page, not yet saved
  var lastField = null;
  var busy = false;
  var lastActivity = Date.now();
  var left = (D.left || []).slice();  // flagged fields (low confidence) not yet confirmed or edited by this verifier
  var flagWarning = false;  // the message on screen is the approval's "not checked yet"

  function valueOf(el) {
    if (el.type === "checkbox") return el.checked;
    return el.value;
  }
  function setValue(el, v) {
    if (el.type === "checkbox") el.checked = !!v;
    else el.value = v === null || v === undefined ? "" : v;
  }
  inputs.forEach(function (el) { saved[el.dataset.input] = valueOf(el); });

  function rowOf(field) { return form.querySelector('.frow[data-field="' + field + '"]'); }
  function setState(field, text, cls) {
    var row = rowOf(field);
    if (!row) return;
    var st = row.querySelector(".state");
    st.textContent = text || "";
    row.classList.remove("st-saved", "st-dirty", "st-error", "st-ok");
    if (cls) row.classList.add(cls);
  }
  function setWarning(field, text) {
    var row = rowOf(field);
    if (!row) return;
    var w = row.querySelector(".warn");
    w.textContent = text || "";
    w.hidden = !text;
  }
  function flash(text, kind) {
    flagWarning = false;
    msgEl.textContent = text;
    msgEl.className = "msg " + (kind || "");
  }
  function isDirty(field) {
    var el = byField[field];
    return el && !el.readOnly && !el.disabled && String(valueOf(el)) !== String(saved[field]);
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF},
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) { var e = new Error(j.detail || ("Lỗi " + r.status)); e.status = r.status; throw e; }
        return j;
      });
    });
  }

  /* ------------------------------------------------------------------ viewer */
  var pages = D.pages || [];
  var stage = document.getElementById("stage");
  var sheet = document.getElementById("sheet");
  var img = document.getElementById("pageimg");
  var wordsEl = document.getElementById("words");
  var thumbs = document.getElementById("thumbs");
  var pageInfo = document.getElementById("pageinfo");
  var V = {page: 0, s: 1, r: 0, tx: 0, ty: 0};
  var highlighted = [];  // [[page, idx]]
  var selection = null;  // {page, a, b}

  function pg() { return pages[V.page]; }
  function apply() {
    if (!sheet) return;
    sheet.style.transform = "translate(" + V.tx + "px," + V.ty + "px) rotate(" + V.r + "deg) scale(" + V.s + ")";
  }
  function rotatedSize(p) { return (V.r % 180 === 0) ? [p.w, p.h] : [p.h, p.w]; }
  function fit(mode) {
    var p = pg();
    if (!p || !stage) return;
    var sw = stage.clientWidth, sh = stage.clientHeight;
    var rs = rotatedSize(p);
    V.s = Math.max(0.05, 0.98 * (mode === "page" ? Math.min(sw / rs[0], sh / rs[1]) : sw / rs[0]));
    // the sheet's centre sits at (w/2 + tx, h/2 + ty): centre it across, and top-align it for "width"
    V.tx = sw / 2 - p.w / 2;
    V.ty = (mode === "page" ? sh / 2 : rs[1] * V.s / 2 + 4) - p.h / 2;
    apply();
  }
  function zoomAt(k, px, py) {
    var p = pg();
    if (!p) return;
    var ns = Math.min(8, Math.max(0.05, V.s * k));
    k = ns / V.s;
    var cx = p.w / 2 + V.tx, cy = p.h / 2 + V.ty;
    if (px === undefined) { px = stage.clientWidth / 2; py = stage.clientHeight / 2; }
    var ncx = px + (cx - px) * k, ncy = py + (cy - py) * k;
    V.s = ns; V.tx = ncx - p.w / 2; V.ty = ncy - p.h / 2;
    apply();
  }
  function toStage(p, x, y) {  // page pixel -> stage pixel
    var a = V.r * Math.PI / 180, dx = (x - p.w / 2) * V.s, dy = (y - p.h / 2) * V.s;
    return [p.w / 2 + V.tx + dx * Math.cos(a) - dy * Math.sin(a), p.h / 2 + V.ty + dx * Math.sin(a) + dy * Math.cos(a)];
  }
  function renderWords() {
    var p = pg();
    wordsEl.textContent = "";
    var frag = document.createDocumentFragment();
    p.words.forEach(function (w, i) {
      if (!w[0]) return;
      var s = document.createElement("span");
      s.className = "w";
      s.dataset.i = i;
      s.style.left = w[1] + "px"; s.style.top = w[2] + "px";
      s.style.width = Math.max(2, w[3]) + "px"; s.style.height = Math.max(2, w[4]) + "px";
      var c = p.corr[i];
      if (c) {
        s.classList.add("corr");
        s.title = "OCR đã tự sửa: «" + (c.old || "") + "» → «" + (c.new || "") + "»";
      } else if (w[5] < 60) {
        s.classList.add("lowc");
        s.title = "Máy đọc không chắc (" + w[5] + "%): «" + w[0] + "»";
      }
      frag.appendChild(s);
    });
    wordsEl.appendChild(frag);
    paintHighlights(false);
  }
  function showPage(i, keepView) {
    if (!pages.length) return;
    V.page = Math.max(0, Math.min(pages.length - 1, i));
    var p = pg();
    sheet.style.width = p.w + "px"; sheet.style.height = p.h + "px";
    img.src = p.img; img.width = p.w; img.height = p.h;
    pageInfo.textContent = "Trang " + p.no + " (" + (V.page + 1) + "/" + pages.length + ")" +
      (p.manual ? " · cần nhập tay" : "") + " · tin cậy " + p.conf + "%";
    Array.prototype.forEach.call(thumbs.children, function (t, k) {
      if (k === V.page) t.setAttribute("aria-current", "page"); else t.removeAttribute("aria-current");
    });
    renderWords();
    if (!keepView) fit("width");
  }
  function paintHighlights(scroll) {
    if (!wordsEl || !pages.length) return;
    var p = pg();
    Array.prototype.forEach.call(wordsEl.querySelectorAll(".w.hl, .w.sel"), function (s) { s.classList.remove("hl", "sel"); });
    var boxes = [];
    highlighted.forEach(function (h) {
      if (h[0] !== p.no) return;
      var s = wordsEl.querySelector('.w[data-i="' + h[1] + '"]');
      if (s) { s.classList.add("hl"); boxes.push(p.words[h[1]]); }
    });
    if (selection && selection.page === p.no) {
      for (var i = Math.min(selection.a, selection.b); i <= Math.max(selection.a, selection.b); i++) {
        var s = wordsEl.querySelector('.w[data-i="' + i + '"]');
        if (s) s.classList.add("sel");
      }
    }
    if (scroll && boxes.length) ensureVisible(p, boxes);
  }
  function ensureVisible(p, boxes) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    boxes.forEach(function (w) {
      [[w[1], w[2]], [w[1] + w[3], w[2] + w[4]]].forEach(function (pt) {
        var q = toStage(p, pt[0], pt[1]);
        x0 = Math.min(x0, q[0]); y0 = Math.min(y0, q[1]); x1 = Math.max(x1, q[0]); y1 = Math.max(y1, q[1]);
      });
    });
    var sw = stage.clientWidth, sh = stage.clientHeight, m = 30;
    if (x0 >= m && y0 >= m && x1 <= sw - m && y1 <= sh - m) return;
    V.tx += sw / 2 - (x0 + x1) / 2;
    V.ty += sh / 3 - (y0 + y1) / 2;
    apply();
  }
  function highlightField(field) {
    highlighted = (D.words && D.words[field]) || [];
    if (pendingSource[field]) highlighted = pendingSource[field];
    if (highlighted.length && pages.length) {
      var target = highlighted[0][0];
      var idx = pages.findIndex(function (p) { return p.no === target; });
      if (idx >= 0 && idx !== V.page) showPage(idx);
    }
    paintHighlights(true);
  }

  if (stage && pages.length) {
    pages.forEach(function (p, i) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "thumb";
      b.title = "Trang " + p.no;
      var t = document.createElement("img");
      t.src = p.img; t.alt = "Trang " + p.no; t.loading = "lazy";
      var l = document.createElement("span");
      l.textContent = p.no;
      b.appendChild(t); b.appendChild(l);
      b.addEventListener("click", function () { showPage(i); });
      thumbs.appendChild(b);
    });
    document.querySelector(".vtools").addEventListener("click", function (e) {
      var act = e.target.closest("button") && e.target.closest("button").dataset.act;
      viewerAction(act);
    });
    // pan by dragging the background; select words by dragging over them
    var drag = null;
    stage.addEventListener("pointerdown", function (e) {
      if (e.button !== 0) return;
      var w = e.target.closest(".w");
      lastActivity = Date.now();
      if (w) {
        var i = +w.dataset.i;
        if (e.shiftKey && selection && selection.page === pg().no) selection.b = i;
        else selection = {page: pg().no, a: i, b: i};
        drag = {mode: "select"};
        paintHighlights(false);
      } else {
        drag = {mode: "pan", x: e.clientX, y: e.clientY};
        stage.classList.add("panning");
      }
      stage.setPointerCapture(e.pointerId);
      e.preventDefault();
    });
    stage.addEventListener("pointermove", function (e) {
      if (!drag) return;
      if (drag.mode === "pan") {
        V.tx += e.clientX - drag.x; V.ty += e.clientY - drag.y;
        drag.x = e.clientX; drag.y = e.clientY;
        apply();
      } else {
        var el = document.elementFromPoint(e.clientX, e.clientY);
        var w = el && el.closest && el.closest(".w");
        if (w && selection && +w.dataset.i !== selection.b) { selection.b = +w.dataset.i; paintHighlights(false); }
      }
    });
    function endDrag() {
      if (!drag) return;
      var mode = drag.mode;
      drag = null;
      stage.classList.remove("panning");
      if (mode === "select") fillFromSelection();
    }
    stage.addEventListener("pointerup", endDrag);
    stage.addEventListener("pointercancel", endDrag);
    stage.addEventListener("wheel", function (e) {
      e.preventDefault();
      if (e.ctrlKey) {
        var r = stage.getBoundingClientRect();
        zoomAt(e.deltaY < 0 ? 1.15 : 1 / 1.15, e.clientX - r.left, e.clientY - r.top);
      } else { V.tx -= e.deltaX; V.ty -= e.deltaY; apply(); }
    }, {passive: false});
    stage.addEventListener("keydown", function (e) {
      var step = 60;
      if (e.key === "ArrowUp") { V.ty += step; } else if (e.key === "ArrowDown") { V.ty -= step; }
      else if (e.key === "ArrowLeft") { V.tx += step; } else if (e.key === "ArrowRight") { V.tx -= step; }
      else if (e.key === "+" || e.key === "=") { zoomAt(1.2); return; } else if (e.key === "-") { zoomAt(1 / 1.2); return; }
      else return;
      e.preventDefault(); apply();
    });
    window.addEventListener("resize", function () { fit("width"); });
    showPage(0);
  }
  function viewerAction(act) {
    if (!pages.length) return;
    if (act === "prev") showPage(V.page - 1);
    else if (act === "next") showPage(V.page + 1);
    else if (act === "in") zoomAt(1.25);
    else if (act === "out") zoomAt(1 / 1.25);
    else if (act === "fit") fit("page");
    else if (act === "rotate") { V.r = (V.r + 90) % 360; fit(V.r % 180 === 0 ? "width" : "page"); }
  }

  var DATE_RE = /(\d{1,2})\D{1,12}?(\d{1,2})\D{1,12}?(\d{4})/;
  function fillFromSelection() {
    if (!selection) return;
    var p = pg();
    var a = Math.min(selection.a, selection.b), b = Math.max(selection.a, selection.b);
    var words = [], src = [];
    for (var i = a; i <= b; i++) { if (p.words[i] && p.words[i][0]) { words.push(p.words[i][0]); src.push([p.no, i]); } }
    var field = lastField;
    var el = field && byField[field];
    if (!el || el.readOnly || el.disabled || el.tagName === "SELECT" || el.type === "checkbox") {
      flash("Chọn một ô chữ ở biểu mẫu trước, rồi kéo trên ảnh để điền.", "warn");
      return;
    }
    var text = words.join(" ");
    if (field === "petition_date") {
      var m = DATE_RE.exec(text);
      if (m) text = ("0" + m[1]).slice(-2) + "/" + ("0" + m[2]).slice(-2) + "/" + m[3];
    } else if (field === "signatory_count") {
      text = (text.match(/\d+/) || [""])[0];
    } else if (field === "id_number" || field === "phone") {
      text = text.replace(/[^\d+ .]/g, "").trim();
    }
    setValue(el, text);
    pendingSource[field] = src;
    selection = null;
    highlighted = src;
    paintHighlights(false);
    markDirty(field);
    el.focus();
    if (el.setSelectionRange) { try { el.setSelectionRange(text.length, text.length); } catch (e) { /* number */ } }
    flash("Đã điền «" + text + "» vào " + labelOf(field) + ". Enter để lưu.", "");
  }
  function labelOf(field) {
    var row = rowOf(field);
    var l = row && row.querySelector("label");
    return l ? l.firstChild.textContent.trim() : field;
  }
  function markDirty(field) {
    var row = rowOf(field);
    if (isDirty(field)) setState(field, "● chưa lưu", "st-dirty");
    else if (row && row.classList.contains("st-dirty")) setState(field, "", null);
    updateFlags();
  }

  /* ------------------------------------------------------------------ flagged fields, history */
  function stillToCheck() {  // a flagged field typed over is saved by the approval: it counts as checked
    return left.filter(function (f) { return !isDirty(f) && !pendingSource[f]; });
  }
  function updateFlags(newLeft) {
    if (newLeft) left = newLeft.slice();
    var btn = document.getElementById("approve");
    var note = document.getElementById("flags-left");
    if (!btn) return;
    var n = stillToCheck().length;
    btn.disabled = n > 0;
    btn.setAttribute("aria-disabled", n > 0 ? "true" : "false");
    if (note) note.textContent = n ? "Còn " + n + " trường cần kiểm tra" : "";
    if (!n && flagWarning) { flagWarning = false; flash("Đã kiểm tra đủ các trường cần kiểm tra.", "ok"); }
  }
  function renderHistory(rows) {
    var body = document.getElementById("history-rows");
    if (!body || !rows) return;
    body.textContent = "";
    rows.forEach(function (h) {
      var tr = document.createElement("tr");
      if (h.confirm) tr.className = "confirm";
      [h.at_local, h.actor, h.label, h.old_text, h.new_text].forEach(function (v) {
        var td = document.createElement("td");
        td.textContent = v === null || v === undefined ? "" : v;
        tr.appendChild(td);
      });
      body.appendChild(tr);
    });
    if (!rows.length) {
      var tr0 = document.createElement("tr"), td0 = document.createElement("td");
      td0.colSpan = 5; td0.textContent = "Chưa có thay đổi."; tr0.appendChild(td0); body.appendChild(tr0);
    }
    var count = document.getElementById("history-count");
    if (count) count.textContent = rows.length;
  }
  function afterReview(res) {
    if (res.left) updateFlags(res.left);
    if (res.history) renderHistory(res.history);
  }

  /* ------------------------------------------------------------------ form */
  function nextInput(el, back) {
    var focusables = inputs.filter(function (x) { return !x.disabled; });
    var i = focusables.indexOf(el);
    return focusables[i + (back ? -1 : 1)] || null;
  }
  function confirmField(field, moveOn) {
    var el = byField[field];
    if (!el) return Promise.resolve();
    if (!D.editable || el.readOnly || el.disabled) {
      if (moveOn) { var n0 = nextInput(el); if (n0) n0.focus(); }
      return Promise.resolve();
    }
    if (!isDirty(field) && !pendingSource[field]) {
      if (left.indexOf(field) >= 0) return confirmFlagged(field, el, moveOn);
      setState(field, "✓ đã xác nhận", "st-ok");
      if (moveOn) { var n1 = nextInput(el); if (n1) n1.focus(); else document.getElementById("approve").focus(); }
      return Promise.resolve();
    }
    var body = {field: field, value: valueOf(el)};
    if (pendingSource[field]) body.source = pendingSource[field];
    setState(field, "… đang lưu", null);
    return post("/api/cases/" + encodeURIComponent(D.case_id) + "/fields", body).then(function (res) {
      setValue(el, res.value);
      saved[field] = valueOf(el);
      delete pendingSource[field];
      D.words[field] = res.words;
      setWarning(field, res.warning);
      setState(field, res.changed ? "✓ đã lưu" : "✓ đã xác nhận", res.changed ? "st-saved" : "st-ok");
      afterReview(res);
      if (res.changed === false && left.indexOf(field) >= 0) return confirmFlagged(field, el, moveOn);
      if (moveOn) {
        var n = nextInput(el);
        if (n) n.focus(); else document.getElementById("approve").focus();
      } else if (document.activeElement === el) highlightField(field);
    }).catch(function (err) {
      setState(field, "✗ " + err.message, "st-error");
      flash(err.message, "error");
      el.focus();
    });
  }
  function confirmFlagged(field, el, moveOn) {  // a low-confidence field kept as read: recorded on the server
    setState(field, "… đang xác nhận", null);
    return post("/api/cases/" + encodeURIComponent(D.case_id) + "/confirm", {field: field}).then(function (res) {
      setState(field, "✓ đã xác nhận", "st-ok");
      afterReview(res);
      if (moveOn) {
        var n = nextInput(el);
        if (n) n.focus(); else document.getElementById("approve").focus();
      }
    }).catch(function (err) {
      setState(field, "✗ " + err.message, "st-error");
      flash(err.message, "error");
      el.focus();
    });
  }
  function dirtyValues() {
    var out = {};
    inputs.forEach(function (el) { var f = el.dataset.input; if (isDirty(f) || pendingSource[f]) out[f] = valueOf(el); });
    return out;
  }
  function approve() {
    if (busy || !D.editable) return;
    var todo = stillToCheck();
    if (todo.length) {
      flash("Chưa kiểm tra: " + todo.map(labelOf).join(", ") +
            ". Đối chiếu với ảnh rồi nhấn Enter (hoặc nút Xác nhận) ở từng trường.", "warn");
      flagWarning = true;
      if (byField[todo[0]]) byField[todo[0]].focus();
      return;
    }
    busy = true;
    flash("Đang duyệt…", "");
    post("/api/cases/" + encodeURIComponent(D.case_id) + "/approve",
         {fields: dirtyValues(), sources: pendingSource, filters: D.filters}).then(function (res) {
      flash("Đã duyệt hồ sơ " + res.case_id + ". Đang mở hồ sơ tiếp theo…", "ok");
      var st = document.getElementById("case-status");
      if (st) st.textContent = "Đã xác minh";
      renderHistory(res.history);
      window.location.assign(res.next);
    }).catch(function (err) { busy = false; flash(err.message, "error"); });
  }
  var panel = document.getElementById("return-panel");
  var reasonEl = document.getElementById("return-reason");
  function openReturn() {
    if (!D.editable || !panel) return;
    panel.hidden = false;
    reasonEl.focus();
  }
  function closeReturn() { panel.hidden = true; if (lastField && byField[lastField]) byField[lastField].focus(); }
  function sendReturn() {
    if (busy) return;
    var reason = reasonEl.value.trim();
    if (reason.length < 3) { flash("Hãy ghi lý do trả lại.", "error"); reasonEl.focus(); return; }
    busy = true;
    post("/api/cases/" + encodeURIComponent(D.case_id) + "/return", {reason: reason, filters: D.filters})
      .then(function (res) { flash("Đã trả lại hồ sơ " + res.case_id + ".", "ok"); window.location.assign(res.next); })
      .catch(function (err) { busy = false; flash(err.message, "error"); });
  }
  function release() {
    post("/api/cases/" + encodeURIComponent(D.case_id) + "/release", {}).finally(function () {
      var qs = new URLSearchParams(D.filters || {}).toString();
      window.location.assign("/" + (qs ? "?" + qs : ""));
    });
  }

  inputs.forEach(function (el) {
    var f = el.dataset.input;
    el.addEventListener("focus", function () {
      lastField = f;
      Array.prototype.forEach.call(form.querySelectorAll(".frow.focus"), function (r) { r.classList.remove("focus"); });
      var row = rowOf(f);
      if (row) row.classList.add("focus");
      highlightField(f);
    });
    el.addEventListener("input", function () { markDirty(f); lastActivity = Date.now(); });
    el.addEventListener("change", function () { markDirty(f); });
    el.addEventListener("keydown", function (e) {
      lastActivity = Date.now();
      if (e.key === "Enter" && !e.ctrlKey && !e.metaKey && !e.altKey && !e.shiftKey) {
        e.preventDefault();
        confirmField(f, true);
      } else if (e.key === "Escape" && isDirty(f)) {
        e.preventDefault();
        setValue(el, saved[f]);
        delete pendingSource[f];
        markDirty(f);
        highlightField(f);
      }
    });
  });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  if (reasonEl) {
    reasonEl.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && !e.ctrlKey) { e.preventDefault(); sendReturn(); }
      else if (e.key === "Escape") { e.preventDefault(); closeReturn(); }
    });
    document.getElementById("return-send").addEventListener("click", sendReturn);
    document.getElementById("return-cancel").addEventListener("click", closeReturn);
  }
  Array.prototype.forEach.call(form.querySelectorAll("button[data-confirm]"), function (b) {
    b.addEventListener("click", function () { confirmField(b.dataset.confirm, false); });
  });
  var reopenPanel = document.getElementById("reopen-panel");
  var reopenReason = document.getElementById("reopen-reason");
  function sendReopen() {
    if (busy) return;
    var reason = reopenReason.value.trim();
    if (reason.length < 3) { flash("Hãy ghi lý do mở lại hồ sơ.", "error"); reopenReason.focus(); return; }
    busy = true;
    post("/api/cases/" + encodeURIComponent(D.case_id) + "/reopen", {reason: reason}).then(function () {
      flash("Đã mở lại hồ sơ " + D.case_id + " để xác minh lại.", "ok");
      window.location.reload();
    }).catch(function (err) { busy = false; flash(err.message, "error"); });
  }
  if (reopenPanel) {
    document.getElementById("reopen-open").addEventListener("click", function () {
      reopenPanel.hidden = false; reopenReason.focus();
    });
    document.getElementById("reopen-send").addEventListener("click", sendReopen);
    document.getElementById("reopen-cancel").addEventListener("click", function () { reopenPanel.hidden = true; });
    reopenReason.addEventListener("keydown", function (e) {
      if (e.key === "Enter") { e.preventDefault(); sendReopen(); }
      else if (e.key === "Escape") { e.preventDefault(); reopenPanel.hidden = true; }
    });
  }
  var approveBtn = document.getElementById("approve");
  if (approveBtn) approveBtn.addEventListener("click", approve);
  var returnBtn = document.getElementById("return-open");
  if (returnBtn) returnBtn.addEventListener("click", openReturn);
  var releaseBtn = document.getElementById("release");
  if (releaseBtn) releaseBtn.addEventListener("click", release);

  document.addEventListener("keydown", function (e) {
    lastActivity = Date.now();
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); approve(); return; }
    if (!e.altKey || e.ctrlKey || e.metaKey) return;
    var map = {KeyT: openReturn, KeyQ: release, PageUp: function () { viewerAction("prev"); },
               PageDown: function () { viewerAction("next"); }, Equal: function () { viewerAction("in"); },
               NumpadAdd: function () { viewerAction("in"); }, Minus: function () { viewerAction("out"); },
               NumpadSubtract: function () { viewerAction("out"); }, Digit0: function () { viewerAction("fit"); },
               KeyR: function () { viewerAction("rotate"); }};
    var fn = map[e.code];
    if (fn) { e.preventDefault(); fn(); }
  });

  // keep the lock while the verifier works; a forgotten tab lets it expire
  if (D.editable) {
    setInterval(function () {
      if (Date.now() - lastActivity > 10 * 60 * 1000) return;
      post("/api/cases/" + encodeURIComponent(D.case_id) + "/claim", {}).catch(function (err) {
        flash("Mất quyền sửa hồ sơ: " + err.message, "error");
      });
    }, 4 * 60 * 1000);
    var first = inputs.filter(function (x) { return !x.disabled && !x.readOnly; })[0];
    if (first) first.focus();
    updateFlags();
  }
})();
