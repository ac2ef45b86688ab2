/* Đơn Thư — one case's handling page (/cases/{id}/xu-ly): each form posts to the JSON API with the session's
   CSRF token (X-CSRF-Token header), then the page reloads so the stage, clocks, timeline and letters are fresh.
   An error from the API (its Vietnamese "detail") is shown in #error. Plain JS, no build step. */
(function () {
  "use strict";
  var root = document.getElementById("handling");
  if (!root) return;
  var caseId = root.dataset.caseId;
  var csrfMeta = document.querySelector('meta[name="csrf-token"]');
  var CSRF = csrfMeta ? csrfMeta.content : "";
  var errorEl = document.getElementById("error");
  var busy = false;

  function $(id) { return document.getElementById(id); }
  function val(id) { var el = $(id); return el ? el.value.trim() : ""; }

  function showError(text) {
    errorEl.textContent = text;
    errorEl.hidden = false;
    errorEl.scrollIntoView({block: "nearest"});
  }

  function detailText(j, status) {
    var d = j && j.detail;
    if (typeof d === "string") return d;
    if (Array.isArray(d)) {  // a validation error: the fields and what is wrong
      return "Dữ liệu không hợp lệ: " + d.map(function (e) {
        var where = (e.loc || []).filter(function (x) { return x !== "body"; }).join(".");
        return (where ? where + ": " : "") + (e.msg || "");
      }).join("; ");
    }
    return "Lỗi " + status + ": thao tác không thực hiện được.";
  }

  function post(path, body, button) {
    if (busy) return;
    busy = true;
    errorEl.hidden = true;
    if (button) button.disabled = true;
    fetch("/api/cases/" + encodeURIComponent(caseId) + path, {
      method: "POST",
      credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": CSRF},
      body: JSON.stringify(body || {})
    }).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (j) {
        if (!r.ok) throw new Error(detailText(j, r.status));
        location.reload();
      });
    }).catch(function (e) {
      busy = false;
      if (button) button.disabled = false;
      showError(e.message || "Không kết nối được máy chủ.");
    });
  }

  function onSubmit(formId, build, path) {
    var form = $(formId);
    if (!form) return;
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var submitter = ev.submitter || form.querySelector("button[type=submit]");
      var body = build(submitter);
      if (body) post(typeof path === "function" ? path(submitter) : path, body, submitter);
    });
  }

  function onClick(id, path, body) {
    var b = $(id);
    if (b) b.addEventListener("click", function () { post(path, body || {}, b); });
  }

  /* classification: content class, the checklist, eligible / competent, round, complexity */
  /* an item the case does not tell (data-unknown) stays "not known" (null) until the officer ticks it */
  var checks = Array.prototype.slice.call(document.querySelectorAll("#classify-form input.check"));
  checks.forEach(function (el) { if (el.dataset.unknown) el.indeterminate = true; });
  onSubmit("classify-form", function () {
    var checklist = {};
    checks.forEach(function (el) { checklist[el.dataset.key] = el.indeterminate ? null : el.checked; });
    var eligible = $("eligible").checked;
    var suggested = JSON.parse($("classify-form").dataset.reasons || "[]");
    return {
      content_class: val("content-class"),
      eligible: eligible,
      competent: $("competent").checked,
      checklist: checklist,
      reasons: eligible ? [] : (suggested.length ? suggested : ["thieu_noi_dung"]),
      round: parseInt(val("round") || "1", 10),
      complex: parseInt(val("complex") || "0", 10)
    };
  }, "/classify");

  /* hướng xử lý */
  onSubmit("decision-form", function () {
    var direction = val("direction");
    var body = {direction: direction, note: val("decision-note")};
    if (direction === "chuyen_don" || direction === "tra_lai") {
      if (val("to-unit")) body.to_unit = val("to-unit");
      else if (val("to-body")) body.to_body = val("to-body");
    }
    if (direction === "khong_xu_ly" && val("reason")) body.reason = val("reason");
    return body;
  }, "/handling");

  onSubmit("assign-form", function () { return {officer: val("officer")}; }, "/assign");
  onSubmit("step-form", function () { return {step: val("step")}; }, "/steps");
  onSubmit("extend-form", function () {
    return {clock: val("extend-clock"), days: parseInt(val("extend-days") || "0", 10), reason: val("extend-reason")};
  }, "/extend");
  onSubmit("result-form", function () {
    var body = {result: val("result")};
    if (val("amount-recovered") !== "") body.amount_recovered = parseFloat(val("amount-recovered"));
    return body;
  }, "/result");
  onSubmit("reply-form", function () {
    return {note: val("reply-note"), reply_no: val("reply-no")};
  }, "/reply");
  onSubmit("destroy-decide", function (button) {
    return {destroy: !!(button && button.dataset.destroy === "true"), note: val("destroy-note")};
  }, "/destroy/decide");

  onClick("notice-submit", "/notice");
  onClick("close-submit", "/close");
  onClick("don-doc-submit", "/don-doc");
  onClick("destroy-propose", "/destroy/propose");

  /* the buttons come disabled: a click before this script ran would have been lost (or a plain GET) */
  Array.prototype.forEach.call(root.querySelectorAll("button[data-js]"), function (b) { b.disabled = false; });
})();
