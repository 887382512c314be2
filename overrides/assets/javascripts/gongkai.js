/* gongkai: progressive enhancement only; every page reads and lists without JavaScript. */
(function () {
  "use strict";

  function enhanceCatalogue(table) {
    var form = document.querySelector(".gk-filter");
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var count = form && form.querySelector(".gk-filter-count");

    function apply() {
      var section = form.elements.section ? form.elements.section.value : "";  // not in a sub-column's own
      var year = form.elements.year.value;
      var publisher = form.elements.publisher.value;
      var status = form.elements.status.value;
      var q = form.elements.q.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!section || row.dataset.section === section) &&
          (!year || row.dataset.year === year) &&
          (!publisher || row.dataset.publisher === publisher) &&
          (!status || row.dataset.status === status) &&
          (!q || row.textContent.toLowerCase().indexOf(q) !== -1);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      if (count) count.textContent = "显示 " + shown + " 条，共 " + rows.length + " 条";
    }

    if (form) {
      form.hidden = false;
      form.addEventListener("input", apply);
      form.addEventListener("submit", function (e) { e.preventDefault(); });
    }

    table.classList.add("gk-sortable");  // on phones the header row becomes a row of sort buttons (CSS)
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, index) {
      if (!th.dataset.sort) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (c) {
          if (c.dataset.sort) c.setAttribute("aria-sort", "none");
        });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        rows.sort(function (a, b) {
          var x = a.cells[index].textContent.trim(), y = b.cells[index].textContent.trim();
          return ascending ? x.localeCompare(y, "zh-CN") : y.localeCompare(x, "zh-CN");
        });
        rows.forEach(function (row) { tbody.appendChild(row); });
      });
    });
    if (form) apply();
  }

  // A table wider than its region scrolls inside it: say so, above it, and shade its right edge.
  function markScrolling() {
    Array.prototype.forEach.call(document.querySelectorAll(".gk-table-wrap"), function (wrap) {
      var scrolls = wrap.scrollWidth > wrap.clientWidth + 1;
      wrap.classList.toggle("gk-scrolls", scrolls);
      var cue = wrap.previousElementSibling;
      if (!(cue && cue.classList.contains("gk-scroll-cue"))) {
        if (!scrolls) return;
        cue = document.createElement("p");
        cue.className = "gk-scroll-cue";
        cue.textContent = "表格较宽，可在表格内左右滚动查看（键盘：先用 Tab 键选中表格，再按左右方向键）。";
        wrap.parentNode.insertBefore(cue, wrap);
      }
      cue.hidden = !scrolls;
    });
  }

  function init() {
    var table = document.querySelector("table.gk-catalogue");
    if (table && !table.classList.contains("gk-sortable")) enhanceCatalogue(table);
    markScrolling();
  }

  var resizing = null;
  window.addEventListener("resize", function () {
    clearTimeout(resizing);
    resizing = setTimeout(markScrolling, 150);
  });

  // started by bootstrap.js once the page is ready (and after each instant page change)
  window.gongkai.component("catalogue", init);
})();
