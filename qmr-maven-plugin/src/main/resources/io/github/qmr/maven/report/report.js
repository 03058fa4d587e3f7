// The task table: click a header to sort (numbers as numbers), type to filter. No libraries, nothing fetched.
(function () {
  "use strict";
  var table = document.getElementById("task-table");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById("shown");
  function count() {
    var n = 0;
    rows.forEach(function (r) { if (r.style.display !== "none") { n++; } });
    shown.textContent = n + " of " + rows.length + " rows";
  }
  var headers = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(headers, function (th, col) {
    th.addEventListener("click", function () {
      var asc = !th.classList.contains("asc");
      Array.prototype.forEach.call(headers, function (h) { h.classList.remove("asc", "desc"); });
      th.classList.add(asc ? "asc" : "desc");
      var numeric = rows.every(function (r) {
        var t = r.cells[col].textContent;
        return t === "" || !isNaN(Number(t));
      });
      rows.sort(function (a, b) {
        var x = a.cells[col].textContent, y = b.cells[col].textContent, c;
        if (numeric) {
          c = (x === "" ? -Infinity : Number(x)) - (y === "" ? -Infinity : Number(y));
        } else {
          c = x.localeCompare(y);
        }
        return asc ? c : -c;
      });
      var frag = document.createDocumentFragment();
      rows.forEach(function (r) { frag.appendChild(r); });
      body.appendChild(frag);
    });
  });
  document.getElementById("filter").addEventListener("input", function (e) {
    var q = e.target.value.toLowerCase();
    rows.forEach(function (r) {
      r.style.display = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0 ? "" : "none";
    });
    count();
  });
  count();
})();
