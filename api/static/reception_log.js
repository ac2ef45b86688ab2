/* Đơn Thư — the sổ tiếp công dân's desk form: shows only what the choices need (the leader's reception day for
   "thủ trưởng tiếp" and "ủy quyền", the representatives for a group of 5 or more, the grounds for a refusal,
   the receiving body for guidance and forwarding). Without this script every field is simply shown. */
(function () {
  "use strict";
  var form = document.getElementById("visit-form");
  if (!form) return;
  function $(id) { return document.getElementById(id); }
  function show(el, on) { if (el) el.hidden = !on; }
  function update() {
    var kind = $("kind") ? $("kind").value : "";
    var outcome = $("outcome") ? $("outcome").value : "";
    var people = parseInt(($("people_count") || {}).value || "1", 10) || 1;
    var day = form.querySelector(".day-field");
    show(day, kind !== "thuong_xuyen");
    var reps = $("reps");
    var anyRep = reps && Array.prototype.some.call(reps.querySelectorAll("input"), function (i) { return i.value; });
    show(reps, people >= 2 || anyRep);
    if (reps) {
      Array.prototype.forEach.call(reps.querySelectorAll(".rep"), function (row) {
        var n = parseInt(row.dataset.rep, 10);
        var filled = Array.prototype.some.call(row.querySelectorAll("input"), function (i) { return i.value; });
        var max = people > 10 ? 5 : (people >= 5 ? 2 : Math.min(people, 5));
        show(row, n <= max || filled);
      });
    }
    show(form.querySelector(".refusal"), outcome === "tu_choi");
    show(form.querySelector(".to-body"), outcome === "huong_dan" || outcome === "chuyen_don" || !!($("to_body") || {}).value);
    var matter = $("matter_of");
    if (matter && matter.closest("label")) show(matter.closest("label"), $("repeat").checked || !!matter.value);
  }
  ["kind", "outcome", "people_count", "repeat"].forEach(function (id) {
    var el = $(id);
    if (el) { el.addEventListener("change", update); el.addEventListener("input", update); }
  });
  update();
})();
