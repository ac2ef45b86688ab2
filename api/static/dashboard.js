/* Đơn Thư — the dashboard (/thong-ke): bar charts drawn with Chart.js (served by the app: /static/vendor/), over
   the plain tables of the same figures, which stay the reference (accessible, printable). The figures come from
   the page's JSON block (the same object as GET /api/dashboard, whose URL is in data-api: fetched when the block
   is missing). "Chế độ trình chiếu" switches to large type and high contrast for a projector (remembered in
   localStorage). Plain JS, no build step, no inline script (CSP). */
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) return;
  var MEASURES = ["received", "verified", "handled", "overdue", "due_soon"];
  var COLORS = {  // distinguishable in grey too, and by colour-blind viewers (blue, green, dark red, red, orange)
    received: "#1f5fa8", verified: "#2e8b46", handled: "#6a1b9a", overdue: "#c62828", due_soon: "#e08a00"
  };
  var PROJECTOR_COLORS = {
    received: "#0b3d91", verified: "#006b2b", handled: "#4a0072", overdue: "#b00000", due_soon: "#b35c00"
  };
  var charts = [];
  var data = null;

  function projector() { return document.body.classList.contains("projector"); }

  function setDefaults() {
    if (typeof Chart === "undefined") return false;
    var big = projector();
    Chart.defaults.font.family = getComputedStyle(document.body).fontFamily;
    Chart.defaults.font.size = big ? 22 : 13;
    Chart.defaults.color = big ? "#000" : "#1d2330";
    Chart.defaults.borderColor = big ? "#555" : "#d5d9e0";
    Chart.defaults.animation = false;  // figures, not a show; also printing renders at once
    return true;
  }

  function color(m) { return (projector() ? PROJECTOR_COLORS : COLORS)[m]; }

  function bar(id, rows, measures, horizontal) {
    var canvas = document.getElementById(id);
    if (!canvas || !rows) return;
    var chart = new Chart(canvas.getContext("2d"), {
      type: "bar",
      data: {
        labels: rows.map(function (r) { return r.label; }),
        datasets: measures.map(function (m) {
          return {
            label: data.measures[m],
            data: rows.map(function (r) { return r[m]; }),
            backgroundColor: color(m),
            borderColor: color(m),
            borderWidth: 1
          };
        })
      },
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        plugins: {legend: {position: "bottom"}, tooltip: {enabled: true}},
        scales: {
          x: {beginAtZero: true, ticks: {precision: 0}},
          y: {beginAtZero: true, ticks: {precision: 0}}
        }
      }
    });
    charts.push(chart);
  }

  function fieldChart() {
    var canvas = document.getElementById("c-fields");
    if (!canvas || !data.corrections) return;
    charts.push(new Chart(canvas.getContext("2d"), {
      type: "bar",
      data: {
        labels: data.corrections.map(function (f) { return f.label; }),
        datasets: [{
          label: "Tỷ lệ sửa (%)",
          data: data.corrections.map(function (f) { return Math.round(f.rate * 1000) / 10; }),
          backgroundColor: color("handled")
        }]
      },
      options: {
        indexAxis: "y", responsive: true, maintainAspectRatio: false,
        plugins: {legend: {display: false}},
        scales: {x: {beginAtZero: true, suggestedMax: 10, ticks: {callback: function (v) { return v + "%"; }}}}
      }
    }));
  }

  function draw() {
    charts.forEach(function (c) { c.destroy(); });
    charts = [];
    if (!data || !setDefaults()) return;
    bar("c-month", data.by_month, MEASURES, false);
    bar("c-category", data.by_category, MEASURES, false);
    bar("c-domain", data.by_domain, MEASURES, true);
    bar("c-unit", data.by_unit, MEASURES, true);
    fieldChart();
    root.dataset.charts = String(charts.length);  // for the tests: the charts are drawn
  }

  function load() {
    var block = document.getElementById("dashboard-data");
    if (block) {
      try { data = JSON.parse(block.textContent); } catch (e) { data = null; }
    }
    if (data) { draw(); return; }
    fetch(root.dataset.api, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (j) { data = j; draw(); });
  }

  var toggle = document.getElementById("projector");
  function applyProjector(on) {
    document.body.classList.toggle("projector", on);
    if (toggle) toggle.setAttribute("aria-pressed", on ? "true" : "false");
    try { localStorage.setItem("donthu.projector", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  var saved = null;
  try { saved = localStorage.getItem("donthu.projector"); } catch (e) { saved = null; }
  if (saved === "1") applyProjector(true);
  if (toggle) toggle.addEventListener("click", function () { applyProjector(!projector()); draw(); });

  var printBtn = document.getElementById("print");
  if (printBtn) printBtn.addEventListener("click", function () { window.print(); });
  window.addEventListener("beforeprint", function () { charts.forEach(function (c) { c.resize(); }); });

  // the custom dates only matter for "Khoảng ngày": choosing a date switches the period to it
  var period = document.getElementById("period");
  document.querySelectorAll('#dash-filters input[type="date"]').forEach(function (input) {
    input.addEventListener("change", function () { if (period) period.value = "ngay"; });
  });

  load();
})();
