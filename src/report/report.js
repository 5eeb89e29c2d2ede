// Sorting and filtering of the report's tables; nothing else, no network.
"use strict";
(function () {
  function key(cell) { return cell.dataset.sort !== undefined ? cell.dataset.sort : cell.textContent.trim().toLowerCase(); }
  const NUM = /^-?\d+(\.\d+)?$/;
  function cmp(a, b) {
    if (NUM.test(a) && NUM.test(b)) return parseFloat(a) - parseFloat(b);
    return a < b ? -1 : a > b ? 1 : 0;
  }
  document.querySelectorAll("table.sortable").forEach((table) => {
    const ths = table.tHead.rows[0].cells;
    [...ths].forEach((th, col) => {
      th.tabIndex = 0;
      const sort = () => {
        const dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        [...ths].forEach((h) => h.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
        const body = table.tBodies[0];
        const rows = [...body.rows];
        rows.sort((r1, r2) => dir * cmp(key(r1.cells[col]), key(r2.cells[col])));
        rows.forEach((r) => body.appendChild(r));
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
    });
  });
  // A row shows when it passes its table's text filter and the flag filter.
  const flagFilter = document.getElementById("flag-filter");
  const flagCount = document.getElementById("flag-count");
  function apply(table) {
    const input = document.querySelector("input.filter[data-table='" + table.id + "']");
    const q = input ? input.value.trim().toLowerCase() : "";
    const flag = flagFilter && table.classList.contains("titles") ? flagFilter.value : "";
    let shown = 0;
    [...table.tBodies[0].rows].forEach((r) => {
      const text = q === "" || r.textContent.toLowerCase().includes(q);
      const flagged = flag === "" || [...r.querySelectorAll(".flag")].some((f) => f.classList.contains(flag));
      r.hidden = !(text && flagged);
      if (!r.hidden) shown++;
    });
    return shown;
  }
  document.querySelectorAll("input.filter").forEach((input) => {
    const table = document.getElementById(input.dataset.table);
    input.addEventListener("input", () => apply(table));
  });
  if (flagFilter) {
    flagFilter.addEventListener("change", () => {
      let shown = 0;
      document.querySelectorAll("table.titles").forEach((t) => { shown += apply(t); });
      flagCount.textContent = flagFilter.value === "" ? "" : shown + (shown === 1 ? " title" : " titles") + " on this page of the report";
    });
  }
  // A line link opens the source excerpt at that line.
  function openTarget() {
    const id = decodeURIComponent(location.hash.slice(1));
    const el = id && document.getElementById(id);
    const box = el && el.closest("details.source");
    if (box) { box.open = true; el.scrollIntoView({ block: "center" }); }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();
})();
