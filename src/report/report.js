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
  document.querySelectorAll("input.filter").forEach((input) => {
    const table = document.getElementById(input.dataset.table);
    input.addEventListener("input", () => {
      const q = input.value.trim().toLowerCase();
      [...table.tBodies[0].rows].forEach((r) => { r.hidden = q !== "" && !r.textContent.toLowerCase().includes(q); });
    });
  });
})();
